/* SPDX-License-Identifier: MIT */
/* model_load.c - loading a trace for a CLI command, with progress and clear errors. */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "model_load.h"
#include "i18n.h"

/*
 * Shows progress through the caller's display when it has one (the viewer's
 * window), else on stderr once a load has taken more than a second.
 */
struct progress {
	const char *cmd;
	struct timespec start;
	bool shown;
	ct_cli_progress_fn fn; /* may be NULL */
	void *data;
};

static void on_progress(uint64_t events, void *data)
{
	struct progress *p = data;
	struct timespec now;

	if (p->fn && p->fn(events, p->data))
		return;
	clock_gettime(CLOCK_MONOTONIC, &now);
	if (now.tv_sec - p->start.tv_sec < 1 || !isatty(STDERR_FILENO))
		return;
	fputc('\r', stderr);
	fprintf(stderr, _("ctrace %s: loading %llu events"), p->cmd, (unsigned long long)events);
	p->shown = true;
}

void ct_cli_load_flags(int *argc, char **argv, struct ct_cli_load *how)
{
	int out = 1;

	how->salvage = how->skip_unreadable = false;
	for (int i = 1; i < *argc; i++) {
		/* Options end at "--": what follows is not ours to take. */
		if (strcmp(argv[i], "--") == 0) {
			while (i < *argc)
				argv[out++] = argv[i++];
			break;
		}
		if (strcmp(argv[i], "--salvage") == 0)
			how->salvage = true;
		else if (strcmp(argv[i], "--skip-unreadable") == 0)
			how->skip_unreadable = true;
		else
			argv[out++] = argv[i];
	}
	argv[out] = NULL;
	*argc = out;
}

struct ct_model *ct_cli_model_load(const char *cmd, const char *path, const struct ct_cli_load *how)
{
	return ct_cli_model_load_with(cmd, path, how, NULL, NULL);
}

struct ct_model *ct_cli_model_load_with(const char *cmd, const char *path,
					const struct ct_cli_load *how, ct_cli_progress_fn fn,
					void *data)
{
	struct progress p = { .cmd = cmd, .shown = false, .fn = fn, .data = data };
	struct ct_model_load_notes notes = { 0 };
	struct ct_model_load_options opts = { .progress = on_progress,
					      .progress_data = &p,
					      .salvage = how && how->salvage,
					      .skip_unreadable = how && how->skip_unreadable,
					      .notes = &notes };
	struct ct_model *model = NULL;
	char *error = NULL;
	enum ct_model_status status;

	clock_gettime(CLOCK_MONOTONIC, &p.start);
	status = ct_model_load(path, &opts, &model, &error);
	if (p.shown)
		fputs("\r\033[K", stderr);
	if (status != CT_MODEL_OK) {
		fprintf(stderr, "ctrace %s: %s: %s%s%s\n", cmd, path,
			error ? error : ct_model_status_str(status),
			notes.salvageable ? " (--salvage shows what precedes the damage)" : "",
			notes.skippable ? " (--skip-unreadable reads the rest)" : "");
		free(error);
		free(notes.warning);
		return NULL;
	}
	if (notes.warning)
		fprintf(stderr, _("ctrace %s: warning: %s: %s\n"), cmd, path, notes.warning);
	free(notes.warning);
	if (ct_model_discarded(model))
		fprintf(stderr,
			_("ctrace %s: warning: LTTng discarded %llu events; the trace is incomplete\n"),
			cmd, (unsigned long long)ct_model_discarded(model));
	return model;
}

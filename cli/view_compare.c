/* SPDX-License-Identifier: MIT */
/*
 * view_compare.c - `ctrace view --compare A B`: loads both runs, aligns
 * them (ct_model_compare) and shows them one above the other with their
 * first divergence marked (ui_compare.h). Single-threaded.
 */
#include <stdio.h>
#include <string.h>

#include "compare.h"
#include "output.h"
#include "show.h"
#include "ui_compare.h"
#include "view_compare.h"

/* Writes the picture ARG as a PNG into OUT, for ct_cli_write_output. */
static bool write_png(FILE *out, void *arg, char *why, size_t whylen)
{
	return ct_ui_write_png(arg, out, why, whylen) == CT_UI_OK;
}

/* Each half's title ("Run A: 2.3 ... — PATH") and caption (the sentence, or the prefix). */
static void headers(struct ct_model *m[2], const char *path[2], const struct ct_compare *cmp,
		    struct ct_ui_header h[2], char title[2][512], char *caption, size_t len)
{
	for (int i = 0; i < 2; i++) {
		struct ct_ui_header scen;
		char name[256];

		ct_cli_header(m[i], path[i], name, sizeof(name), &scen);
		if (scen.id)
			snprintf(title[i], sizeof(title[i]), "Run %c: %s  %s  (%s)", 'A' + i,
				 scen.id, scen.title_en ? scen.title_en : "", path[i]);
		else
			snprintf(title[i], sizeof(title[i]), "Run %c: %s", 'A' + i, path[i]);
		memset(&h[i], 0, sizeof(h[i]));
		h[i].title_en = title[i];
	}
	h[0].lesson = cmp->sentence;
	if (cmp->same)
		snprintf(caption, len, "Nothing to mark: every event has its match in run A.");
	else
		snprintf(caption, len,
			 "Common prefix: %zu events in %u columns of happens-before order (and %zu "
			 "of column %u); magenta marks each run's first diverging event.",
			 cmp->prefix_events, cmp->prefix_columns, cmp->column_matched,
			 cmp->prefix_columns);
	h[1].lesson = caption;
}

int ct_cli_view_compare(const char *a, const char *b, const struct ct_cli_load *how,
			const char *png, int w, int h)
{
	const char *path[2] = { a, b };
	struct ct_model *m[2] = { NULL, NULL };
	struct ct_compare cmp;
	struct ct_ui_header head[2];
	char title[2][512], caption[512], err[1024];
	struct ct_ui_compare in;
	enum ct_ui_status status;
	int rc = 2;

	for (int i = 0; i < 2; i++) {
		m[i] = ct_cli_model_load("view", path[i], how);
		if (!m[i])
			goto end;
	}
	if (ct_model_compare(m[0], m[1], &cmp) != CT_MODEL_OK) {
		fprintf(stderr, "ctrace view: %s\n", ct_model_status_str(CT_MODEL_NOMEM));
		goto end;
	}
	headers(m, path, &cmp, head, title, caption, sizeof(caption));
	in = (struct ct_ui_compare){ { m[0], m[1] }, { &head[0], &head[1] }, &cmp };
	if (png) {
		SDL_Surface *picture;

		/* Drawn before the output is opened: a failed drawing touches no file. */
		status = ct_ui_render_compare(&in, w, h, &picture, NULL, err, sizeof(err));
		if (status != CT_UI_OK) {
			fprintf(stderr, "ctrace view: %s\n", err);
		} else {
			rc = ct_cli_write_output("view", png, write_png, picture) ? 0 : 2;
			SDL_FreeSurface(picture);
		}
	} else {
		status = ct_ui_run_compare_window(&in, w, h, err, sizeof(err));
		rc = status == CT_UI_OK ? 0 : status == CT_UI_NO_DISPLAY ? 1 : 2;
		if (status != CT_UI_OK)
			fprintf(stderr, "ctrace view: %s%s\n", err,
				status == CT_UI_NO_DISPLAY ? "; draw a picture with --png FILE"
							   : "");
	}
	ct_compare_fini(&cmp);
end:
	ct_model_destroy(m[0]);
	ct_model_destroy(m[1]);
	return rc;
}

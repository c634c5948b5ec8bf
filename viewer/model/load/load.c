/* SPDX-License-Identifier: MIT */
/*
 * load.c - ct_model_load: finds the trace directories under the path (and
 * what cannot be read there), has a worker process decode them
 * (worker.c, graph.c), feeds its records to the model builder (feed.c)
 * while it decodes, and, when the worker fails, says why (diagnose.c) or,
 * when asked to, salvages what precedes the damage (salvage.c).
 *
 * Decoding and building overlap: the worker decodes the next block of
 * events while this process builds the last one, so on two cores a load
 * costs about the larger of the two, not their sum.
 *
 * One worker decodes every stream now. Parallel decoding (several workers,
 * each given some of the streams: every src.ctf.fs output port not given to
 * a worker stays unconnected in its graph) needs only a merge of the
 * workers' record streams by time before feed_bytes, since each stream of
 * records is already in time order and wrapper events are mapped here,
 * after the merge.
 */
#include "loader.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* Bytes read from the worker at a time. */
#define READ_SIZE (1u << 20)

/* How many damaged files a salvage cuts before it gives up. */
#define SALVAGE_MAX_CUTS 16

/* One load: what every decoding of it shares. */
struct load {
	const char *root;                            /* the trace's absolute path */
	const struct ct_model_load_options *options; /* may be NULL */
	const struct trace_dirs *traces;
	unsigned watchdog_ms;
};

/* What one decoding gave. */
struct result {
	struct ct_model_builder *builder; /* owned */
	struct feed feed;
	uint64_t skipped, no_clock, discarded, stop_ns; /* from the shared page */
	bool stopped; /* it stopped at the end of a cut file (salvage) */
	struct damage where;
};

static void result_fini(struct result *r)
{
	feed_fini(&r->feed);
	ct_model_builder_destroy(r->builder);
	damage_fini(&r->where);
	memset(r, 0, sizeof(*r));
}

/* Appends N bytes at P to *BUF (of *HAVE bytes, *CAP allocated); false when out of memory. */
static bool buf_append(unsigned char **buf, size_t *have, size_t *cap, const unsigned char *p,
		       size_t n)
{
	if (*have + n > *cap) {
		size_t c = *cap;
		unsigned char *b;

		while (c < *have + n)
			c *= 2;
		b = realloc(*buf, c);
		if (!b)
			return false;
		*buf = b;
		*cap = c;
	}
	memcpy(*buf + *have, p, n);
	*have += n;
	return true;
}

/*
 * Reads the worker's records into R's feed until it ends. Returns the
 * feed's failure (the builder's, or a malformed record), else CT_MODEL_OK
 * however the worker ended (the caller asks how).
 */
static enum ct_model_status pump(struct worker *w, struct result *r)
{
	size_t cap = READ_SIZE * 2, have = 0, used = 0, n;
	unsigned char *buf = malloc(cap);
	const unsigned char *rest;
	enum ct_model_status st = CT_MODEL_OK;

	if (!buf)
		return CT_MODEL_NOMEM;
	for (;;) {
		if (cap - have < READ_SIZE) {
			/* A record larger than what is free (a long text): make room. */
			unsigned char *b = realloc(buf, cap * 2);

			if (!b) {
				st = CT_MODEL_NOMEM;
				goto end;
			}
			buf = b;
			cap *= 2;
		}
		n = worker_read(w, buf + have, cap - have);
		if (n == 0)
			break;
		have += n;
		st = feed_bytes(&r->feed, buf, have, &used);
		if (st != CT_MODEL_OK)
			goto end;
		memmove(buf, buf + used, have - used);
		have -= used;
	}
	/* The worker died with records in the shared buffer: they follow what the pipe gave. */
	rest = worker_unsent(w, &n);
	if (rest && !buf_append(&buf, &have, &cap, rest, n)) {
		st = CT_MODEL_NOMEM;
		goto end;
	}
	/* A record cut by the worker's death is left out (USED stops before it). */
	st = feed_bytes(&r->feed, buf, have, &used);
end:
	free(buf);
	return st;
}

/*
 * One decoding of ARGS by a worker into R (a new builder). Returns
 * CT_MODEL_OK when the worker read everything (or, salvaging, up to the end
 * of a cut file), else its failure with *MSG set and R's where telling
 * what is known of the damage. R's builder holds what came either way.
 */
static enum ct_model_status decode(const struct load *ld, const struct decode_args *args,
				   const struct shadow *shadow, struct result *r, char **msg)
{
	const struct ct_model_load_options *o = ld->options;
	struct worker w;
	enum ct_model_status st;

	memset(r, 0, sizeof(*r));
	r->builder = ct_model_builder_create();
	if (!r->builder)
		return CT_MODEL_NOMEM;
	feed_init(&r->feed, r->builder, o ? o->progress : NULL, o ? o->progress_data : NULL);
	if (!worker_start(&w, args, ld->watchdog_ms, msg))
		return CT_MODEL_READ_ERROR;
	st = pump(&w, r);
	if (st != CT_MODEL_OK) {
		/* The builder (or the worker's data) failed: the worker goes, unheard. */
		worker_fini(&w);
		if (st == CT_MODEL_READ_ERROR)
			*msg = load_format(
				"the decoder sent malformed data (a bug: please report it)");
		else if (st == CT_MODEL_TOO_LARGE)
			*msg = load_format(
				"the trace is too large for the model (more than 2^32 - 2 "
				"events, objects or bytes of text)");
		return st;
	}
	r->skipped = w.sh->skipped;
	r->no_clock = w.sh->no_clock;
	r->discarded = w.sh->discarded;
	r->stop_ns = w.sh->stop_ns;
	if (r->feed.ended && r->feed.end_status == CT_MODEL_OK) {
		r->stopped = r->feed.end_flags & WIRE_END_STOPPED;
		st = CT_MODEL_OK;
	} else {
		struct diagnosis_input in = {
			.path = ld->root,
			.traces = ld->traces,
			.feed = &r->feed,
			.sh = w.sh,
			.end = &w.end,
			.err = w.err,
			.shadow = shadow,
		};

		st = diagnose(&in, msg, &r->where);
	}
	worker_fini(&w);
	return st;
}

/*
 * The tap knows where the decoder is a batch of messages late: damage
 * found while it read packet K may be at the start of packet K + 1 (a
 * damaged header: the most common case). Decoding packet K alone tells:
 * if it is sound, the damage is in the next one. R's where and *MSG are
 * updated then; nothing changes when it cannot be told.
 */
static void refine(const struct load *ld, struct result *r, char **msg)
{
	struct damage *where = &r->where;
	struct shadow sh = { .root = NULL };
	uint64_t offset, size, next_offset, next_size;
	struct result check;
	char *dir = NULL, *slash, *m = NULL;
	enum ct_model_status st;

	if (!where->or_next || !where->file ||
	    !index_packet(where->file, where->packet, &offset, &size) ||
	    !index_packet(where->file, where->packet + 1, &next_offset, &next_size))
		return;
	dir = strdup(where->file);
	slash = dir ? strrchr(dir, '/') : NULL;
	if (!slash) {
		free(dir);
		return;
	}
	*slash = '\0';
	if (shadow_packet(&sh, dir, where->file, offset, size, &m)) {
		struct decode_args args = { .dirs = sh.dirs, .n_dirs = sh.n_dirs };
		struct load quiet = *ld;

		quiet.options = NULL; /* no progress for this one */
		st = decode(&quiet, &args, &sh, &check, &m);
		result_fini(&check);
		if (st != CT_MODEL_DAMAGED) {
			char *again;

			where->packet++;
			again = damage_packet_message(ld->root, where);
			if (again) {
				free(*msg);
				*msg = again;
			}
		}
	}
	where->or_next = false;
	free(m);
	free(dir);
	shadow_fini(&sh);
}

/* Makes R's builder into the model: the end of the wrapper's queue, the counts, finish. */
static enum ct_model_status finish(struct result *r, struct ct_model **model, char **msg)
{
	enum ct_model_status st = feed_finish(&r->feed);

	if (st != CT_MODEL_OK)
		return st;
	ct_model_builder_add_skipped(r->builder, r->skipped + r->no_clock);
	ct_model_builder_add_discarded(r->builder, r->discarded);
	if (r->stop_ns)
		ct_model_builder_set_stop(r->builder, r->stop_ns);
	if (ct_model_builder_event_count(r->builder) == 0) {
		*msg = load_format("no ctrace or lttng_ust_pthread mutex events in the trace (%llu "
				   "other events)",
				   (unsigned long long)r->skipped);
		return CT_MODEL_NO_EVENTS;
	}
	/* The wrapper alone says nothing of threads starting and ending. */
	if (r->feed.ust_events && !r->feed.ctrace_events)
		ct_model_builder_set_no_lifecycle(r->builder);
	return ct_model_builder_finish(r->builder, model);
}

/*
 * Salvage by a shadow trace: the damaged file cut before its damage, again
 * for each damaged file found next, until a decoding goes through. R holds
 * the first failure's damage; on success it holds the shadow's decoding.
 */
static enum ct_model_status salvage_shadow(const struct load *ld, struct result *r, char **msg)
{
	struct shadow sh = { .root = NULL };
	enum ct_model_status st = CT_MODEL_DAMAGED;
	char *why = NULL;

	for (int i = 0; i < SALVAGE_MAX_CUTS; i++) {
		struct cut cut = { .file = r->where.file, .len = r->where.offset };
		struct decode_args args;
		char *next = NULL;

		if (!r->where.file || !r->where.has_offset || r->where.metadata)
			break;
		r->where.file = NULL;
		if (!shadow_cut(&sh, ld->traces, &cut, &why))
			break;
		args = (struct decode_args){ .dirs = sh.dirs,
					     .n_dirs = sh.n_dirs,
					     .stops = sh.stops,
					     .n_stops = sh.n_cuts };
		result_fini(r);
		st = decode(ld, &args, &sh, r, &next);
		if (st == CT_MODEL_OK) {
			r->stopped = true;
			break;
		}
		free(next);
		if (st != CT_MODEL_DAMAGED)
			break;
	}
	if (st != CT_MODEL_OK && why) {
		char *m = load_format("%s; %s", *msg ? *msg : "damaged trace", why);

		if (m) {
			free(*msg);
			*msg = m;
		}
	}
	free(why);
	shadow_fini(&sh);
	return st == CT_MODEL_OK ? CT_MODEL_OK : CT_MODEL_DAMAGED;
}

/* Checks PATH before anything else, for clear messages; *ROOT gets its absolute form. */
static enum ct_model_status check_path(const char *path, char **root, char **error)
{
	struct stat st;
	char *dir, *slash;

	if (stat(path, &st) != 0) {
		if (errno == ENOENT)
			*error = load_format("no such directory");
		else if (errno == ENOTDIR)
			*error = load_format("no such directory (a part of the path is a file)");
		else
			*error = load_format("cannot read it: %s", strerror(errno));
		return errno == ENOENT || errno == ENOTDIR ? CT_MODEL_NOT_FOUND
							   : CT_MODEL_READ_ERROR;
	}
	if (!S_ISDIR(st.st_mode)) {
		/* The metadata or a stream file given for its trace: name the directory. */
		dir = strdup(path);
		slash = dir ? strrchr(dir, '/') : NULL;
		if (slash)
			*slash = '\0';
		if (dir && slash && *dir) {
			char *meta = load_format("%s/metadata", dir);

			if (meta && stat(meta, &st) == 0)
				*error =
					load_format("this is a file of a trace: give the directory "
						    "that holds it (%s) or one above it",
						    dir);
			free(meta);
		}
		if (!*error)
			*error = load_format("this is a file, not a trace directory");
		free(dir);
		return CT_MODEL_NOT_FOUND;
	}
	*root = realpath(path, NULL);
	if (!*root) {
		*error = load_format("cannot read it: %s", strerror(errno));
		return CT_MODEL_READ_ERROR;
	}
	return CT_MODEL_OK;
}

/* The unreadable part of T, as a sentence. */
static char *unreadable(const char *root, const struct trace_dirs *t)
{
	if (t->top_unreadable || strcmp(t->bad, root) == 0)
		return load_format("cannot read it: %s", strerror(t->bad_errno));
	if (t->n_bad > 1)
		return load_format("cannot read %s: %s (and %zu more sub-traces)",
				   path_relative(root, t->bad), strerror(t->bad_errno),
				   t->n_bad - 1);
	return load_format("cannot read %s: %s", path_relative(root, t->bad),
			   strerror(t->bad_errno));
}

enum ct_model_status ct_model_load(const char *path, const struct ct_model_load_options *options,
				   struct ct_model **model, char **error)
{
	struct ct_model_load_notes *notes = options ? options->notes : NULL;
	struct trace_dirs traces = { .n = 0 };
	struct load ld = { .options = options };
	struct result r = { .builder = NULL };
	struct decode_args args;
	struct ct_model *m = NULL;
	enum ct_model_status status;
	char *root = NULL, *msg = NULL, *warning = NULL;

	if (notes)
		memset(notes, 0, sizeof(*notes));
	ld.watchdog_ms =
		options && options->watchdog_ms ? options->watchdog_ms : CT_MODEL_WATCHDOG_MS;
	status = check_path(path, &root, &msg);
	if (status != CT_MODEL_OK)
		goto end;
	ld.root = root;
	ld.traces = &traces;
	if (!trace_dirs_find(&traces, root, 0) || !trace_dirs_check(&traces)) {
		status = CT_MODEL_NOMEM;
		goto end;
	}
	if (traces.n_bad && (traces.n == 0 || !(options && options->skip_unreadable))) {
		status = CT_MODEL_READ_ERROR;
		msg = unreadable(root, &traces);
		if (notes)
			notes->skippable = traces.n > 0;
		goto end;
	}
	if (traces.n == 0) {
		status = CT_MODEL_NOT_A_TRACE;
		msg = load_format("not a CTF trace: no metadata file in it or under it");
		goto end;
	}
	if (traces.n_bad) {
		char *why = unreadable(root, &traces);

		warning = load_format("left out %zu sub-trace%s that cannot be read (%s)",
				      traces.n_bad, traces.n_bad > 1 ? "s" : "",
				      why ? why : "unreadable");
		free(why);
		if (notes)
			notes->skipped_traces = traces.n_bad;
	}
	trace_dirs_sort(&traces);
	args = (struct decode_args){ .dirs = traces.dirs, .n_dirs = traces.n };
	status = decode(&ld, &args, NULL, &r, &msg);
	if (status == CT_MODEL_DAMAGED) {
		refine(&ld, &r, &msg);
		/* Events came before the damage, or what precedes it in its file can be cut. */
		if (notes)
			notes->salvageable = r.feed.events > 0 || r.feed.ust.n_held > 0 ||
					     (r.where.file && r.where.has_offset &&
					      r.where.offset > 0 && !r.where.metadata);
	}
	if (status == CT_MODEL_DAMAGED && options && options->salvage) {
		/*
		 * Damage found while decoding: what came before it is every
		 * stream up to the same moment (the muxer's order). Damage
		 * found while opening: nothing came; cut the file instead.
		 */
		if (r.feed.events == 0 && r.feed.ust.n_held == 0)
			status = salvage_shadow(&ld, &r, &msg);
		else
			status = CT_MODEL_OK;
		if (status == CT_MODEL_OK) {
			r.stopped = true;
			if (notes)
				notes->cut = true;
		}
	}
	if (status != CT_MODEL_OK)
		goto end;
	status = finish(&r, &m, &msg);
	if (status != CT_MODEL_OK)
		goto end;
	if (r.stopped && msg) {
		/* Salvaged: the damage becomes the warning, with what was kept. */
		size_t n;
		char *w;

		ct_model_borrow_events(m, &n);
		w = load_format("%s; kept the %zu events before it%s%s", msg, n,
				warning ? "; " : "", warning ? warning : "");
		free(warning);
		warning = w;
	}
	*model = m;

end:
	if (status != CT_MODEL_OK && !msg)
		msg = load_format("%s", ct_model_status_str(status));
	if (error)
		*error = status == CT_MODEL_OK ? NULL : msg;
	if (!error || status == CT_MODEL_OK)
		free(msg);
	if (notes && status == CT_MODEL_OK)
		notes->warning = warning;
	else
		free(warning);
	result_fini(&r);
	trace_dirs_fini(&traces);
	free(root);
	return status;
}

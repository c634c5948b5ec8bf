/* SPDX-License-Identifier: MIT */
/*
 * diagnose.c - the loader's messages for the user. When a decoding fails,
 * says why in one sentence that names the file (relative to the path the
 * user gave) and, for a damaged packet, its offset, from what the worker
 * left: its last record (babeltrace2's error causes), the shared page
 * (which stream and packet it read), its standard error (babeltrace2 logs
 * each file it opens and what it finds wrong with one) and how it ended
 * (an abort, a crash, the watchdog). babeltrace2's internals (addresses,
 * key=value details) stay out of the sentence.
 */
#define _GNU_SOURCE
#include "loader.h"

#include <ctype.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

char *load_format(const char *fmt, ...)
{
	va_list ap;
	int n;
	char *s;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		return NULL;
	s = malloc((size_t)n + 1);
	if (!s)
		return NULL;
	va_start(ap, fmt);
	vsnprintf(s, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return s;
}

const char *path_relative(const char *path, const char *file)
{
	size_t n = strlen(path);

	while (n > 1 && path[n - 1] == '/')
		n--;
	if (strncmp(file, path, n) == 0 && file[n] == '/' && file[n + 1])
		return file + n + 1;
	return file;
}

void damage_fini(struct damage *where)
{
	free(where->file);
	free(where->reason);
	memset(where, 0, sizeof(*where));
}

/* A malloc'd copy of the N bytes at S. */
static char *copy_n(const char *s, size_t n)
{
	char *c = malloc(n + 1);

	if (c) {
		memcpy(c, s, n);
		c[n] = '\0';
	}
	return c;
}

/*
 * A cause of babeltrace2's without its internals: cut before its first
 * key=value detail ("msg-it-addr=0x...", "path=..."), trailing punctuation
 * dropped, the first letter lowered to follow a colon. NULL when nothing is
 * left (or out of memory).
 */
static char *clean_cause(const char *m, size_t n)
{
	size_t cut = n;
	char *c;

	for (size_t i = 0; i < n; i++) {
		size_t j = i;

		if (i > 0 && m[i - 1] != ' ' && m[i - 1] != ',' && m[i - 1] != '(')
			continue;
		while (j < n && (islower((unsigned char)m[j]) || isdigit((unsigned char)m[j]) ||
				 m[j] == '-' || m[j] == '_'))
			j++;
		if (j > i && j < n && m[j] == '=') {
			cut = i;
			break;
		}
	}
	while (cut > 0 && strchr(" :,.(", m[cut - 1]))
		cut--;
	if (cut == 0)
		return NULL;
	c = copy_n(m, cut);
	if (c && isupper((unsigned char)c[0]) && (cut < 2 || islower((unsigned char)c[1])))
		c[0] = (char)tolower((unsigned char)c[0]);
	return c;
}

/* Line I (0-based) of TEXT: its start, and *N its length; NULL past the end. */
static const char *line_at(const char *text, size_t i, size_t *n)
{
	const char *p = text;

	for (; p && i; i--) {
		p = strchr(p, '\n');
		if (p)
			p++;
	}
	if (!p || !*p)
		return NULL;
	*n = strcspn(p, "\n");
	return p;
}

/*
 * babeltrace2's words for the most common damage, in the user's: a
 * fragment of its message, and what to say instead.
 */
static const struct {
	const char *theirs, *ours;
} plain[] = {
	{ "Cannot create the metadata AST", "its text is cut short or garbled" },
	{ "Cannot update metadata decoder's content", "it holds no metadata" },
	{ "No event class with ID", "an event has a type that the metadata does not declare" },
};

/*
 * The first error babeltrace2 logged (at the E level) in ERR, the worker's
 * standard error, without the log line's prefix ("DATE TIME PID TID E TAG
 * function@file:line [component] "), cleaned. NULL when there is none.
 */
static char *first_logged_error(const char *err)
{
	const char *p = err;

	while (p && *p) {
		const char *eol = strchr(p, '\n');
		size_t n = eol ? (size_t)(eol - p) : strlen(p);
		const char *e = NULL;

		/* The level is a lone capital letter after the date, the time and two ids. */
		for (const char *q = p; q + 3 < p + n; q++) {
			if (q[0] == ' ' && q[1] == 'E' && q[2] == ' ' && q - p < 48) {
				e = q + 3;
				break;
			}
		}
		if (e) {
			const char *at = memchr(e, '@', n - (size_t)(e - p));
			const char *msg = at ? memchr(at, ' ', n - (size_t)(at - p)) : NULL;

			if (msg) {
				msg++;
				if (*msg == '[') {
					const char *close = memchr(msg, ']', n - (size_t)(msg - p));

					if (close && close[1] == ' ')
						msg = close + 2;
				}
				for (size_t i = 0; i < sizeof(plain) / sizeof(plain[0]); i++) {
					if (memmem(msg, n - (size_t)(msg - p), plain[i].theirs,
						   strlen(plain[i].theirs)))
						return strdup(plain[i].ours);
				}
				return clean_cause(msg, n - (size_t)(msg - p));
			}
		}
		p = eol ? eol + 1 : NULL;
	}
	return NULL;
}

/* The root cause in the worker's last record (line 1; line 0 is what it was doing), cleaned. */
static char *root_cause(const struct feed *f)
{
	size_t n;
	const char *l = f->end_text ? line_at(f->end_text, 1, &n) : NULL;

	if (!l)
		return NULL;
	for (size_t i = 0; i < sizeof(plain) / sizeof(plain[0]); i++) {
		if (memmem(l, n, plain[i].theirs, strlen(plain[i].theirs)))
			return strdup(plain[i].ours);
	}
	return clean_cause(l, n);
}

/* Whether any line of the worker's last record mentions the metadata. */
static bool causes_mention_metadata(const struct feed *f)
{
	return f->end_text && (strstr(f->end_text, "metadata") || strstr(f->end_text, "Metadata"));
}

/*
 * The text between KEY and the next character of END in TEXT, searching
 * from the last KEY: a malloc'd copy, or NULL.
 */
static char *last_between(const char *text, const char *key, char end)
{
	const char *p = NULL, *q, *nl;

	if (!text)
		return NULL;
	for (q = strstr(text, key); q; q = strstr(q + 1, key))
		p = q;
	if (!p)
		return NULL;
	p += strlen(key);
	q = strchr(p, end);
	nl = strchr(p, '\n');
	if (!q || (nl && nl < q))
		return NULL;
	return copy_n(p, (size_t)(q - p));
}

/* The number after KEY on the line of TEXT that starts at LINE; false if none. */
static bool number_after(const char *line, const char *key, uint64_t *v)
{
	size_t n = strcspn(line, "\n");
	const char *p = strstr(line, key);
	char *end;

	if (!p || (size_t)(p - line) >= n)
		return false;
	*v = strtoull(p + strlen(key), &end, 10);
	return end != p + strlen(key);
}

/* Whether SIG is what a process gets for its own fault (babeltrace2's, on a damaged trace). */
static bool crash_signal(int sig)
{
	return sig == SIGABRT || sig == SIGSEGV || sig == SIGBUS || sig == SIGILL ||
	       sig == SIGFPE || sig == SIGSYS || sig == SIGTRAP;
}

/* Why the worker died, as the end of a sentence. */
static char *death_reason(const struct worker_end *end)
{
	if (end->watchdog)
		return load_format("the decoder made no progress for %u s",
				   (end->watchdog_ms + 999) / 1000);
	switch (end->signal) {
	case 0:
		return load_format("the decoder ended unexpectedly (exit status %d)", end->code);
	case SIGABRT:
		return load_format("babeltrace2 aborted on it (a failed assertion)");
	case SIGSEGV:
	case SIGILL:
	case SIGFPE:
	case SIGSYS:
	case SIGTRAP:
		return load_format("babeltrace2 crashed on it (%s)", strsignal(end->signal));
	case SIGBUS:
		return load_format("it could not be read (it shrank while being read, or an I/O "
				   "error)");
	default:
		return load_format("the decoder died of signal %d (%s)", end->signal,
				   strsignal(end->signal));
	}
}

/* The original of a file the worker named (the shadow's, when salvaging). */
static char *real_file(const struct diagnosis_input *in, const char *file)
{
	return in->shadow ? shadow_real(in->shadow, in->traces, file) : strdup(file);
}

/*
 * Whether LTTng's index of stream file FILE exists: babeltrace2 then
 * reads only its first packet when opening it.
 */
static bool has_index(const char *file)
{
	const char *slash = strrchr(file, '/');
	struct stat st;
	char *idx;
	bool ok;

	if (!slash)
		return false;
	idx = load_format("%.*s/index/%s.idx", (int)(slash - file), file, slash + 1);
	ok = idx && stat(idx, &st) == 0 && S_ISREG(st.st_mode);
	free(idx);
	return ok;
}

/* The trace directory the worker was opening, or NULL. */
static const char *opening_dir(const struct diagnosis_input *in)
{
	return in->sh->dir < in->traces->n ? in->traces->dirs[in->sh->dir] : NULL;
}

/*
 * babeltrace2 refused a stream file for its size: "Invalid packet size
 * reported in file: stream="F", packet-offset=N, packet-size-bytes=S,
 * file-size=Z" (a full disk cut it). Fills WHERE and *MSG; false if the
 * log says no such thing.
 */
static bool cut_short(const struct diagnosis_input *in, struct damage *where, char **msg)
{
	const char *key = "Invalid packet size reported in file: stream=\"";
	const char *line = NULL, *q;
	uint64_t off, size, fsize;
	char *file;

	for (q = in->err ? strstr(in->err, key) : NULL; q; q = strstr(q + 1, key))
		line = q;
	if (!line)
		return false;
	file = last_between(line, key, '"');
	if (!file || !number_after(line, "packet-offset=", &off) ||
	    !number_after(line, "packet-size-bytes=", &size) ||
	    !number_after(line, "file-size=", &fsize)) {
		free(file);
		return false;
	}
	where->file = real_file(in, file);
	free(file);
	if (!where->file)
		return false;
	where->has_offset = true;
	where->offset = off;
	where->while_opening = true;
	*msg = load_format("%s is cut short (a full disk?): its packet at offset %llu is %llu "
			   "bytes long, but the file ends at byte %llu",
			   path_relative(in->path, where->file), (unsigned long long)off,
			   (unsigned long long)size, (unsigned long long)fsize);
	return true;
}

/* Whether FILE is a trace's metadata (by its name). */
static bool is_metadata(const char *file)
{
	const char *slash = strrchr(file, '/');

	return strcmp(slash ? slash + 1 : file, "metadata") == 0;
}

/* Damage while opening a trace directory (the metadata, or a stream's first packets). */
static void while_opening(const struct diagnosis_input *in, const char *reason,
			  struct damage *where, char **msg)
{
	const char *dir = opening_dir(in);
	const char *sep = reason ? ": " : "";
	char *opened = last_between(in->err, "Opening file \"", '"');
	char *named = NULL;

	where->while_opening = true;
	if (cut_short(in, where, msg)) {
		free(opened);
		return;
	}
	/* A stream file babeltrace2 named in its causes, else the last file it opened. */
	if (in->feed->end_text) {
		named = last_between(in->feed->end_text, "stream file '", '\'');
		if (!named)
			named = last_between(in->feed->end_text, "stream file `", '`');
	}
	if (!named && opened && !is_metadata(opened) && !causes_mention_metadata(in->feed)) {
		named = opened;
		opened = NULL;
	}
	if (!named) {
		where->metadata = true;
		where->file = opened && is_metadata(opened)
				      ? real_file(in, opened)
				      : load_format("%s/metadata", dir ? dir : in->path);
		*msg = load_format("damaged metadata (%s)%s%s",
				   where->file ? path_relative(in->path, where->file) : "metadata",
				   sep, reason ? reason : "");
	} else {
		where->file = real_file(in, named);
		if (!where->file) {
			*msg = NULL;
		} else if (has_index(where->file)) {
			/* With LTTng's index, opening a stream reads its first packet only. */
			where->has_packet = true;
			where->packet = 0;
			where->reason = reason ? strdup(reason) : NULL;
			*msg = damage_packet_message(in->path, where);
		} else {
			*msg = load_format("damaged stream file %s%s%s",
					   path_relative(in->path, where->file), sep,
					   reason ? reason : "");
		}
	}
	free(named);
	free(opened);
}

static uint64_t be64(const unsigned char *p)
{
	uint64_t v = 0;

	for (int i = 0; i < 8; i++)
		v = v << 8 | p[i];
	return v;
}

/*
 * LTTng's index (index/NAME.idx beside the stream file): a header of four
 * big-endian 32-bit words (magic 0xC1F1DCC1, major, minor, entry size),
 * then one entry per packet that starts with its offset (bytes) and its
 * size (bits), big-endian 64-bit words.
 */
bool index_packet(const char *file, uint64_t k, uint64_t *offset, uint64_t *size)
{
	const char *slash = strrchr(file, '/');
	unsigned char head[16], entry[16];
	uint32_t len;
	char *idx;
	FILE *f;
	bool ok = false;

	if (!slash)
		return false;
	idx = load_format("%.*s/index/%s.idx", (int)(slash - file), file, slash + 1);
	f = idx ? fopen(idx, "rb") : NULL;
	free(idx);
	if (!f)
		return false;
	if (fread(head, 1, sizeof(head), f) == sizeof(head) && head[0] == 0xc1 && head[1] == 0xf1 &&
	    head[2] == 0xdc && head[3] == 0xc1) {
		len = (uint32_t)head[12] << 24 | (uint32_t)head[13] << 16 |
		      (uint32_t)head[14] << 8 | head[15];
		if (len >= sizeof(entry) && k < (UINT64_MAX - 16) / len &&
		    fseeko(f, (off_t)(16 + k * len), SEEK_SET) == 0 &&
		    fread(entry, 1, sizeof(entry), f) == sizeof(entry)) {
			*offset = be64(entry);
			*size = be64(entry + 8) / 8;
			ok = true;
		}
	}
	fclose(f);
	return ok;
}

char *damage_packet_message(const char *path, struct damage *where)
{
	const char *rel = path_relative(path, where->file);
	const char *sep = where->reason ? ": " : "";
	const char *reason = where->reason ? where->reason : "";
	uint64_t size;

	where->has_offset = where->has_packet &&
			    index_packet(where->file, where->packet, &where->offset, &size);
	if (where->has_offset)
		return load_format("damaged packet in %s at offset %llu%s%s", rel,
				   (unsigned long long)where->offset, sep, reason);
	if (where->has_packet)
		return load_format("damaged packet #%llu in %s%s%s",
				   (unsigned long long)where->packet + 1, rel, sep, reason);
	return load_format("damaged packet in %s%s%s", rel, sep, reason);
}

/* Damage while decoding: the stream and packet the shared page names. */
static void while_reading(const struct diagnosis_input *in, const char *reason,
			  struct damage *where, char **msg)
{
	const char *stream = in->sh->stream >= 0
				     ? names_get(&in->feed->streams, (uint32_t)in->sh->stream)
				     : NULL;
	char *opened = NULL;

	if (!stream) {
		/*
		 * The stream's name comes with its first messages: before them,
		 * the file babeltrace2 opened last is the one it was reading.
		 */
		opened = last_between(in->err, "Opening file \"", '"');
		if (!opened || is_metadata(opened)) {
			free(opened);
			*msg = load_format("damaged trace%s%s", reason ? ": " : "",
					   reason ? reason : "");
			return;
		}
		stream = opened;
	}
	where->file = real_file(in, stream);
	free(opened);
	if (!where->file)
		return;
	where->reason = reason ? strdup(reason) : NULL;
	where->has_packet = in->sh->packet != 0;
	where->packet = in->sh->packet_index;
	/* Inside a packet as far as the last batch tells: the damage may be in the next one. */
	where->or_next = in->sh->packet == 1;
	*msg = damage_packet_message(in->path, where);
}

enum ct_model_status diagnose(const struct diagnosis_input *in, char **msg, struct damage *where)
{
	const struct feed *f = in->feed;
	enum ct_model_status status = CT_MODEL_DAMAGED;
	uint32_t phase = f->ended ? f->end_phase : in->sh->phase;
	char *reason = NULL;

	memset(where, 0, sizeof(*where));
	*msg = NULL;
	if (f->bad) {
		*msg = load_format("the decoder sent malformed data (a bug: please report it)");
		return CT_MODEL_READ_ERROR;
	}
	if (f->ended && f->end_status != CT_MODEL_DAMAGED) {
		/* The worker's own failure: its message says it all (babeltrace2's, cleaned). */
		status = f->end_status <= CT_MODEL_DAMAGED && f->end_status != CT_MODEL_OK
				 ? (enum ct_model_status)f->end_status
				 : CT_MODEL_READ_ERROR;
		if (f->end_text && strchr(f->end_text, '\n')) {
			size_t n = strcspn(f->end_text, "\n");

			reason = root_cause(f);
			*msg = load_format("%.*s%s%s", (int)n, f->end_text, reason ? ": " : "",
					   reason ? reason : "");
		} else if (f->end_text) {
			*msg = strdup(f->end_text);
		}
		free(reason);
		return status;
	}
	if (f->ended && phase == WIRE_PHASE_OPEN) {
		/* Opening, babeltrace2's causes say "cannot create trace"; its log says why. */
		reason = first_logged_error(in->err);
		if (!reason)
			reason = root_cause(f);
	} else if (f->ended) {
		reason = root_cause(f);
	} else {
		reason = death_reason(in->end);
	}
	if (!f->ended && in->end->signal && !in->end->watchdog && !crash_signal(in->end->signal)) {
		/* Killed, not crashed: by the kernel (out of memory) or a user, not by the trace. */
		*msg = load_format("the decoder was killed by signal %d (%s): out of memory?",
				   in->end->signal, strsignal(in->end->signal));
		free(reason);
		return CT_MODEL_READ_ERROR;
	}
	if (phase == WIRE_PHASE_START) {
		*msg = load_format("babeltrace2 failed while loading its plugins%s%s",
				   reason ? ": " : "", reason ? reason : "");
		status = CT_MODEL_READ_ERROR;
	} else if (phase == WIRE_PHASE_OPEN) {
		while_opening(in, reason, where, msg);
	} else {
		while_reading(in, reason, where, msg);
	}
	free(reason);
	return status;
}

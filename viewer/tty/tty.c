/* SPDX-License-Identifier: MIT */
/*
 * tty.c - the terminal view: lanes as rows of one-column glyphs, fitted to
 * the terminal's width, with or without ANSI colour.
 *
 * Each lane row is first laid out as an array of cell codes (a state, or an
 * arrow end or marker drawn over it), then written out; the codes map to a
 * glyph and a colour through one table, so the plain and the coloured picture
 * can never disagree about what a cell means. Only one-column glyphs are used
 * (ASCII, U+00B7 and the block elements), and names are cut to printable
 * ASCII, so the row width in bytes-minus-continuation-bytes is the width in
 * terminal columns.
 */
#include "timefmt.h"
#include "tty.h"
#include "i18n.h"

#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

/* What one cell shows. States first (their order is the legend's). */
enum cell {
	C_NONE, /* before the lane started, or past the trace's end */
	C_RUNNING,
	C_RECV,
	C_SEND,
	C_LOCK,
	C_JOIN,
	C_COND,
	C_SEM,
	C_SLEEP,
	C_CONNECT,
	C_POLL,
	C_SIGNAL,
	C_FUTEX,
	C_BARRIER,
	C_ONCE,
	C_WAIT, /* processes: waiting for a child */
	C_ENDED,
	C_KILLED,
	C_STATE_COUNT_,
	/* Markers, drawn over the state; a higher code wins a shared cell. */
	C_PRINT = C_STATE_COUNT_,
	C_MARK,
	C_SPAWN_FROM,
	C_SPAWN_TO,
	C_JOIN_FROM,
	C_JOIN_TO,
	C_WAKE_FROM,
	C_WAKE_TO,
	C_HAND_FROM,
	C_HAND_TO,
	C_MSG_FROM,
	C_MSG_TO,
	C_FORK_FROM, /* processes */
	C_FORK_TO,
	C_COUNT_
};

struct glyph {
	const char *colour_glyph; /* with colour: blocks, the colour tells the reason */
	const char *plain_glyph;  /* without: a distinct character per meaning */
	const char *sgr;          /* SGR parameters, "" for the terminal's default */
	const char *meaning;      /* for the legend; NULL: not listed on its own */
};

#define FULL  "\xe2\x96\x88" /* U+2588 full block */
#define SHADE "\xe2\x96\x92" /* U+2592 medium shade */
#define LIGHT "\xe2\x96\x91" /* U+2591 light shade */
#define DOT   "\xc2\xb7"     /* U+00B7 middle dot */
#define HLINE "\xe2\x94\x80" /* U+2500 box drawings light horizontal */
#define TICK  "\xe2\x94\xac" /* U+252C box drawings light down and horizontal */

static const struct glyph glyphs[C_COUNT_] = {
	[C_NONE] = { " ", " ", "", N_("not started") },
	[C_RUNNING] = { FULL, FULL, "32", N_("running") },
	[C_RECV] = { SHADE, "r", "31", N_("blocked: recv") },
	[C_SEND] = { SHADE, "s", "33", N_("blocked: send") },
	[C_LOCK] = { SHADE, "L", "35", N_("blocked: lock") },
	[C_JOIN] = { SHADE, "j", "36", N_("blocked: join") },
	[C_COND] = { SHADE, "c", "95", N_("blocked: condvar") },
	[C_SEM] = { SHADE, "S", "96", N_("blocked: semaphore") },
	[C_SLEEP] = { LIGHT, "z", "34", N_("sleeping") },
	[C_CONNECT] = { SHADE, "a", "94", N_("blocked: connection") },
	[C_POLL] = { SHADE, "p", "93", N_("blocked: poll") },
	[C_SIGNAL] = { SHADE, "g", "33", N_("blocked: signal") },
	[C_FUTEX] = { SHADE, "f", "93", N_("blocked: futex") },
	[C_BARRIER] = { SHADE, "B", "37", N_("blocked: barrier") },
	[C_ONCE] = { SHADE, "o", "94", N_("blocked: once") },
	[C_WAIT] = { SHADE, "w", "33;2", N_("blocked: wait") },
	[C_ENDED] = { DOT, DOT, "90", N_("ended") },
	[C_KILLED] = { "x", "x", "91", N_("killed") },
	[C_PRINT] = { "\"", "\"", "1;97", N_("print") },
	[C_MARK] = { "#", "#", "1;97", N_("mark") },
	[C_SPAWN_FROM] = { "+", "+", "1;97", NULL },
	[C_SPAWN_TO] = { "*", "*", "1;97", N_("spawn (parent, child)") },
	[C_JOIN_FROM] = { "]", "]", "1;97", NULL },
	[C_JOIN_TO] = { "[", "[", "1;97", N_("join (end, joiner)") },
	[C_WAKE_FROM] = { "!", "!", "1;97", NULL },
	[C_WAKE_TO] = { "&", "&", "1;97", N_("wake-up (signal or post, woken)") },
	[C_HAND_FROM] = { "}", "}", "1;97", NULL },
	[C_HAND_TO] = { "{", "{", "1;97", N_("lock hand-off (unlock, lock)") },
	[C_MSG_FROM] = { ">", ">", "1;97", NULL },
	[C_MSG_TO] = { "<", "<", "1;97", N_("message (send, receive)") },
	[C_FORK_FROM] = { "Y", "Y", "1;97", NULL },
	[C_FORK_TO] = { "@", "@", "1;97", N_("fork (parent, child)") },
};

/* The cell of a state (enum ct_lane_state order). */
static const uint8_t state_cell[CT_STATE_COUNT_] = {
	[CT_STATE_RUNNING] = C_RUNNING,         [CT_STATE_BLOCKED_RECV] = C_RECV,
	[CT_STATE_BLOCKED_SEND] = C_SEND,       [CT_STATE_BLOCKED_LOCK] = C_LOCK,
	[CT_STATE_BLOCKED_JOIN] = C_JOIN,       [CT_STATE_BLOCKED_COND] = C_COND,
	[CT_STATE_BLOCKED_SEM] = C_SEM,         [CT_STATE_SLEEPING] = C_SLEEP,
	[CT_STATE_BLOCKED_CONNECT] = C_CONNECT, [CT_STATE_BLOCKED_POLL] = C_POLL,
	[CT_STATE_BLOCKED_SIGNAL] = C_SIGNAL,   [CT_STATE_BLOCKED_FUTEX] = C_FUTEX,
	[CT_STATE_BLOCKED_BARRIER] = C_BARRIER, [CT_STATE_BLOCKED_ONCE] = C_ONCE,
	[CT_STATE_BLOCKED_WAIT] = C_WAIT,
};

/* The "from" cell of each arrow kind; "to" is the next code. */
static const uint8_t arrow_cell[CT_ARROW_COUNT_] = {
	[CT_ARROW_SPAWN] = C_SPAWN_FROM, [CT_ARROW_JOIN] = C_JOIN_FROM,
	[CT_ARROW_MESSAGE] = C_MSG_FROM, [CT_ARROW_HANDOFF] = C_HAND_FROM,
	[CT_ARROW_WAKEUP] = C_WAKE_FROM, [CT_ARROW_FORK] = C_FORK_FROM,
};

const char *ct_tty_status_str(enum ct_tty_status status)
{
	switch (status) {
	case CT_TTY_OK:
		return "ok";
	case CT_TTY_NOMEM:
		return "out of memory";
	case CT_TTY_IO:
		return "write error";
	case CT_TTY_USAGE:
		return "the window is empty (T1 must be after T0)";
	}
	return "unknown status";
}

int ct_tty_columns(int fd)
{
	const char *env = getenv("COLUMNS");
	struct winsize ws;
	long cols = 0;

	if (env && *env) {
		char *end;

		cols = strtol(env, &end, 10);
		if (*end || cols <= 0 || cols > 100000)
			cols = 0;
	}
	if (cols == 0 && isatty(fd) && ioctl(fd, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0)
		cols = ws.ws_col;
	if (cols == 0)
		cols = 80;
	return cols < CT_TTY_MIN_COLUMNS ? CT_TTY_MIN_COLUMNS : (int)cols;
}

/* Everything one drawing needs; lives on ct_tty_draw's stack. */
struct tty {
	const struct ct_model *m;
	FILE *out;
	bool colour;
	int cols;            /* total width */
	int label_w;         /* width of the lane labels */
	int plot_w;          /* columns of the time plot */
	double t0, t1;       /* the window, ns since the trace start */
	const char *cur_sgr; /* colour currently set, NULL for the default */
};

static void set_sgr(struct tty *t, const char *sgr)
{
	if (!t->colour)
		return;
	if (!sgr || !*sgr)
		sgr = NULL;
	if (sgr == t->cur_sgr || (sgr && t->cur_sgr && strcmp(sgr, t->cur_sgr) == 0))
		return;
	fputs("\033[0m", t->out);
	if (sgr)
		fprintf(t->out, "\033[%sm", sgr);
	t->cur_sgr = sgr;
}

static void put_cell(struct tty *t, uint8_t cell)
{
	set_sgr(t, glyphs[cell].sgr);
	fputs(t->colour ? glyphs[cell].colour_glyph : glyphs[cell].plain_glyph, t->out);
}

static void end_line(struct tty *t)
{
	set_sgr(t, NULL);
	fputc('\n', t->out);
}

/* Writes at most WIDTH columns of S, unprintable and non-ASCII bytes as '?'. Returns the width used. */
static int put_ascii(FILE *out, const char *s, int width)
{
	int n = 0;

	for (; *s && n < width; s++, n++)
		fputc((unsigned char)*s >= 0x20 && (unsigned char)*s < 0x7f ? *s : '?', out);
	return n;
}

/* The column of time T (inside the window). */
static int col_of(const struct tty *t, double time)
{
	double c = (time - t->t0) * t->plot_w / (t->t1 - t->t0);

	if (c < 0)
		return 0;
	return c >= t->plot_w ? t->plot_w - 1 : (int)c;
}

static double overlap(double a, double b, double c, double d)
{
	double lo = a > c ? a : c, hi = b < d ? b : d;

	return hi > lo ? hi - lo : 0;
}

/*
 * Lays out the state cells of LANE into ROW: each column shows the state the
 * lane spent most of the column's time in. A column in which the lane is
 * alive at all shows a state of its life, so short threads stay visible.
 */
static void layout_states(const struct tty *t, uint32_t lane, uint8_t *row)
{
	size_t n_lanes, n_events;
	const struct ct_model_lane *l = &ct_model_borrow_lanes(t->m, &n_lanes)[lane];
	const struct ct_model_event *ev = ct_model_borrow_events(t->m, &n_events);
	const struct ct_model_span *spans = ct_model_borrow_spans(t->m, &n_events);
	double end = (double)ct_model_end_time(t->m);
	double life_a = (double)ct_model_event_time(&ev[l->first_event]);
	double life_b = l->end == CT_LANE_BLOCKED || l->end == CT_LANE_PARKED
				? end
				: (double)ct_model_event_time(&ev[l->last_event]);
	uint8_t after = l->end == CT_LANE_KILLED ? C_KILLED : C_ENDED;

	for (int c = 0; c < t->plot_w; c++) {
		double a = t->t0 + (t->t1 - t->t0) * c / t->plot_w;
		double b = t->t0 + (t->t1 - t->t0) * (c + 1) / t->plot_w;
		double dur[CT_STATE_COUNT_] = { 0 };
		size_t first, count;
		int best = CT_STATE_RUNNING;

		if (b <= life_a && !(c == 0 && a == life_a)) {
			row[c] = C_NONE;
			continue;
		}
		if (a > life_b) {
			row[c] = a > end ? C_NONE : after;
			continue;
		}
		dur[CT_STATE_RUNNING] = overlap(a, b, life_a, life_b);
		count = ct_model_lane_spans_in(t->m, lane, (uint64_t)a, (uint64_t)b, &first);
		for (size_t i = 0; i < count; i++) {
			const struct ct_model_span *sp = &spans[first + i];
			double d = overlap(a, b, (double)ct_model_span_start(t->m, sp),
					   (double)ct_model_span_end(t->m, sp));

			dur[ct_model_span_state(t->m, sp)] += d;
			dur[CT_STATE_RUNNING] -= d;
		}
		for (int s = 1; s < CT_STATE_COUNT_; s++)
			if (dur[s] > dur[best])
				best = s;
		row[c] = state_cell[best];
	}
}

/* Draws CELL at time TIME on LANE's row when it ranks above what is there. */
static void put_marker(const struct tty *t, uint8_t *rows, uint32_t lane, double time, uint8_t cell)
{
	uint8_t *p;

	if (time < t->t0 || time > t->t1)
		return;
	p = &rows[(size_t)lane * t->plot_w + col_of(t, time)];
	if (*p < C_STATE_COUNT_ || *p < cell)
		*p = cell;
}

static void layout_markers(const struct tty *t, uint8_t *rows)
{
	size_t n_ev, n_arrows, n_markers, first, last, count;
	const struct ct_model_event *ev = ct_model_borrow_events(t->m, &n_ev);
	const struct ct_model_arrow *arrows = ct_model_borrow_arrows(t->m, &n_arrows);
	const uint32_t *markers = ct_model_borrow_markers(t->m, &n_markers);

	count = ct_model_markers_in(t->m, (uint64_t)t->t0, (uint64_t)t->t1, &first);
	for (size_t i = first; i < first + count; i++) {
		const struct ct_model_event *e = &ev[markers[i]];

		if (e->type == CT_EV_PRINT || e->type == CT_EV_MARK)
			put_marker(t, rows, e->lane, (double)ct_model_event_time(e),
				   e->type == CT_EV_PRINT ? C_PRINT : C_MARK);
	}
	ct_model_arrows_in(t->m, (uint64_t)t->t0, (uint64_t)t->t1, &first, &last);
	for (size_t i = first; i < last; i++) {
		const struct ct_model_event *from = &ev[arrows[i].from], *to = &ev[arrows[i].to];
		uint8_t cell = arrow_cell[ct_model_arrow_kind(t->m, &arrows[i])];

		put_marker(t, rows, from->lane, (double)ct_model_event_time(from), cell);
		put_marker(t, rows, to->lane, (double)ct_model_event_time(to), (uint8_t)(cell + 1));
	}
}

/* The first multiple of STEP at or after T0. */
static double first_tick(double t0, double step)
{
	double k = (double)(long long)(t0 / step);

	return k * step < t0 ? (k + 1) * step : k * step;
}

/*
 * The time axis: tick labels on one line, a rule with ticks below, both over
 * the plot. Ticks are 1, 2 or 5 times a power of ten apart, at least about a
 * dozen columns, so labels never collide.
 */
static void draw_axis(struct tty *t, char *line)
{
	double span = t->t1 - t->t0, raw = span * 12 / t->plot_w, step = 1;
	int next_free = 0;

	while (step < raw) {
		if (step * 2 >= raw) {
			step *= 2;
			break;
		}
		if (step * 5 >= raw) {
			step *= 5;
			break;
		}
		step *= 10;
	}
	memset(line, ' ', (size_t)t->plot_w);
	line[t->plot_w] = '\0';
	for (double tick = first_tick(t->t0, step); tick <= t->t1; tick += step) {
		char label[32];
		int c = col_of(t, tick), len;

		/* Each label in its own unit ("500us", "1ms", "1.5ms"), so none grows long. */
		if (tick == 0)
			snprintf(label, sizeof(label), "0");
		else
			ct_time_format(tick, CT_TIME_ASCII | CT_TIME_COMPACT, label, sizeof(label));
		len = (int)strlen(label);
		if (c + len > t->plot_w)
			c = t->plot_w - len;
		if (c < next_free)
			continue;
		memcpy(line + c, label, (size_t)len);
		next_free = c + len + 1;
	}
	fprintf(t->out, "%*s %s\n", t->label_w, "", line);
	fprintf(t->out, "%*s ", t->label_w, "");
	for (int c = 0; c < t->plot_w; c++)
		line[c] = 0;
	for (double tick = first_tick(t->t0, step); tick <= t->t1; tick += step)
		line[col_of(t, tick)] = 1;
	for (int c = 0; c < t->plot_w; c++)
		fputs(line[c] ? TICK : HLINE, t->out);
	fputc('\n', t->out);
}

/* What follows the name in a lane's label: " (T2, tid 101)", as every front end writes it. */
static int label_suffix(const struct ct_model *m, uint32_t lane, char *buf, size_t len)
{
	buf[0] = ' ';
	ct_model_lane_ids(m, lane, buf + 1, len - 1);
	return (int)strlen(buf);
}

static int label_width(const struct ct_model *m, uint32_t lane)
{
	char suffix[48];

	return (int)strlen(ct_model_lane_name(m, lane)) +
	       label_suffix(m, lane, suffix, sizeof(suffix));
}

/*
 * "NAME (T2, tid 101)" (ct_model_lane_label) in LABEL_W columns: a long NAME
 * is cut first (ending in '~'), and in a very narrow terminal the label's
 * end too, so the short id stays as long as there is room for it.
 */
static void draw_label(struct tty *t, uint32_t lane)
{
	const char *name = ct_model_lane_name(t->m, lane);
	char suffix[48];
	int suffix_len = label_suffix(t->m, lane, suffix, sizeof(suffix));
	int room = t->label_w - suffix_len, used;

	if (room < 4) {
		/* No room for a name: "(T2, tid 101)", cut at the width. */
		used = put_ascii(t->out, suffix + 1, t->label_w);
		fprintf(t->out, "%*s ", t->label_w - used, "");
		return;
	}
	if ((int)strlen(name) <= room) {
		used = put_ascii(t->out, name, room);
	} else {
		used = put_ascii(t->out, name, room - 1);
		fputc('~', t->out);
		used++;
	}
	fprintf(t->out, "%s%*s ", suffix, t->label_w - used - suffix_len, "");
}

/*
 * Which cells go in the legend (LISTED, C_COUNT_ entries): every marker and
 * the chapter's states always, the states of the shim's other calls
 * (sockets, signals, futexes, waits for children ...) only when the trace
 * has them, as in the window.
 */
static void legend_cells(const struct tty *t, bool *listed)
{
	size_t n;
	const struct ct_model_span *sp = ct_model_borrow_spans(t->m, &n);

	for (int c = 0; c < C_COUNT_; c++)
		listed[c] =
			glyphs[c].meaning && (c <= state_cell[CT_STATE_SLEEPING] || c >= C_ENDED);
	for (size_t i = 0; i < n; i++)
		listed[state_cell[ct_model_span_state(t->m, &sp[i])]] = true;
}

/* Legend entries, wrapped to the width: "GLYPH meaning" two spaces apart. */
static void draw_legend(struct tty *t)
{
	bool listed[C_COUNT_];
	int used = 0;

	legend_cells(t, listed);
	for (int c = C_RUNNING; c < C_COUNT_; c++) {
		int w;

		if (!listed[c])
			continue;
		/* Arrow kinds show both glyphs: the "from" code just before. */
		w = (glyphs[c - 1].meaning == NULL ? 4 : 2) + (int)strlen(_(glyphs[c].meaning));
		if (used && used + 2 + w > t->cols) {
			end_line(t);
			used = 0;
		}
		if (used) {
			fputs("  ", t->out);
			used += 2;
		}
		if (!glyphs[c - 1].meaning) {
			put_cell(t, (uint8_t)(c - 1));
			set_sgr(t, NULL);
			fputc(' ', t->out);
		}
		put_cell(t, (uint8_t)c);
		set_sgr(t, NULL);
		fputc(' ', t->out);
		fputs(_(glyphs[c].meaning), t->out);
		used += w;
	}
	end_line(t);
}

static bool want_colour(enum ct_tty_colour mode, FILE *out)
{
	const char *no_color = getenv("NO_COLOR"), *term = getenv("TERM");

	if (mode != CT_TTY_COLOUR_AUTO)
		return mode == CT_TTY_COLOUR_ALWAYS;
	const char *force = getenv("CLICOLOR_FORCE");

	if (no_color && *no_color)
		return false;
	/* The common convention for "colour even into a pipe" (tests, less -R). */
	if (force && *force && strcmp(force, "0") != 0)
		return true;
	if (term && strcmp(term, "dumb") == 0)
		return false;
	return isatty(fileno(out));
}

enum ct_tty_status ct_tty_draw(const struct ct_model *model, const struct ct_tty_options *options,
			       FILE *out)
{
	static const struct ct_tty_options defaults = { 0 };
	struct tty t = { .m = model, .out = out };
	size_t n_lanes, n_events, n_arrows;
	const uint32_t *order;
	uint8_t *rows = NULL;
	char *line = NULL, buf[64], buf2[64];
	uint64_t end = ct_model_end_time(model);
	enum ct_tty_status status = CT_TTY_OK;
	int max_label = 0;

	if (!options)
		options = &defaults;
	if (options->has_window && options->t1 <= options->t0)
		return CT_TTY_USAGE;
	order = ct_model_borrow_lane_order(model, &n_lanes);
	ct_model_borrow_events(model, &n_events);
	ct_model_borrow_arrows(model, &n_arrows);
	t.colour = want_colour(options->colour, out);
	t.cols = options->columns > 0 ? options->columns : ct_tty_columns(fileno(out));
	if (t.cols < CT_TTY_MIN_COLUMNS)
		t.cols = CT_TTY_MIN_COLUMNS;
	t.t0 = options->has_window ? (double)options->t0 : 0;
	t.t1 = options->has_window ? (double)options->t1 : (double)(end ? end : 1);
	for (uint32_t i = 0; i < n_lanes; i++) {
		int w = label_width(model, i);

		max_label = w > max_label ? w : max_label;
	}
	/*
	 * Labels get at most two fifths of the width (80 columns keep a name
	 * of 15 and its " (T1, tid 12345)"): the plot is the point.
	 */
	t.label_w = max_label < t.cols * 2 / 5 ? max_label : t.cols * 2 / 5;
	if (t.label_w < 8)
		t.label_w = 8;
	t.plot_w = t.cols - t.label_w - 1;

	rows = calloc(n_lanes ? n_lanes : 1, (size_t)t.plot_w);
	line = malloc((size_t)t.cols + 1);
	if (!rows || !line) {
		status = CT_TTY_NOMEM;
		goto end;
	}
	for (uint32_t i = 0; i < n_lanes; i++)
		layout_states(&t, i, rows + (size_t)i * t.plot_w);
	layout_markers(&t, rows);

	if (options->title) {
		put_ascii(out, options->title, t.cols);
		fputc('\n', out);
	}
	ct_time_format(t.t1 - t.t0, CT_TIME_ASCII | CT_TIME_COMPACT, buf, sizeof(buf));
	ct_time_format((double)end, CT_TIME_ASCII | CT_TIME_COMPACT, buf2, sizeof(buf2));
	snprintf(line, (size_t)t.cols + 1, _("%zu lanes, %zu events, %zu arrows; %s of %s shown"),
		 n_lanes, n_events, n_arrows, buf, buf2);
	fprintf(out, "%.*s\n", t.cols, line);
	if (ct_model_discarded(model)) {
		snprintf(line, (size_t)t.cols + 1, _("warning: LTTng discarded %llu events"),
			 (unsigned long long)ct_model_discarded(model));
		fprintf(out, "%s\n", line);
	}
	draw_axis(&t, line);
	/* Lanes in the order every front end shows them. */
	for (size_t r = 0; r < n_lanes; r++) {
		uint32_t i = order[r];
		const uint8_t *row = rows + (size_t)i * t.plot_w;

		draw_label(&t, i);
		for (int c = 0; c < t.plot_w; c++)
			put_cell(&t, row[c]);
		end_line(&t);
	}
	draw_legend(&t);
	if (fflush(out) != 0 || ferror(out))
		status = CT_TTY_IO;
end:
	free(rows);
	free(line);
	return status;
}

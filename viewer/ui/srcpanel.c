/* SPDX-License-Identifier: MIT */
/*
 * srcpanel.c - the source panel: right of the plot, the function, file:line
 * and the lines around the call site of the event a step landed on (N/P),
 * the event clicked or the finding jumped to, the line highlighted, so
 * stepping moves through the program like a debugger. For a scenario, that
 * is its listing under scenarios/.
 *
 * The work is done once when the event changes (resolving the site with
 * libdw, reading the file, making its lines printable); a frame only draws
 * the lines kept. The last file read is kept: stepping within one file reads
 * it once.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "gfx.h"
#include "i18n.h"
#include "layers.h"
#include "palette.h"
#include "view.h"
#include "view_state.h"

/* A source file larger than this is not a listing anyone reads in a panel. */
#define MAX_FILE (16u << 20)
/* Bytes of one shown line; the panel clips it further to its width. */
#define MAX_LINE 240
#define TAB_W    4

void ui_srcpanel_init(struct ct_ui_view *v)
{
	size_t n_sites = 0;

	ct_model_borrow_sites(v->model, &n_sites);
	/* Entry 0 is "no site": a trace without any has only that one. */
	v->has_sites = n_sites > 1;
	v->src_shown = v->has_sites;
	v->src_event = CT_MODEL_NONE;
	v->src_dirty = true;
}

static void free_lines(struct ct_ui_view *v)
{
	for (int i = 0; i < v->src_n; i++)
		free(v->src_lines[i]);
	v->src_n = 0;
}

void ui_srcpanel_free(struct ct_ui_view *v)
{
	free_lines(v);
	free(v->src_path);
	free(v->src_text);
	ct_source_destroy(v->src);
}

void ui_srcpanel_show(struct ct_ui_view *v, uint32_t ev)
{
	if (ev != v->src_event) {
		v->src_event = ev;
		v->src_dirty = true;
	}
}

void ct_ui_view_show_source(struct ct_ui_view *v, bool shown)
{
	v->src_shown = shown;
}

/* Reads PATH whole into a new NUL-terminated buffer; NULL with ERR set when it cannot. */
static char *read_file(const char *path, char *err, size_t errlen)
{
	FILE *f = fopen(path, "rb");
	struct stat st;
	char *buf;
	size_t n;

	if (!f) {
		snprintf(err, errlen, "%s", strerror(errno));
		return NULL;
	}
	if (fstat(fileno(f), &st) != 0 || !S_ISREG(st.st_mode) || st.st_size > MAX_FILE) {
		snprintf(err, errlen, "%s", _("not a readable source file"));
		fclose(f);
		return NULL;
	}
	buf = malloc((size_t)st.st_size + 1);
	if (!buf) {
		snprintf(err, errlen, "%s", _("out of memory"));
		fclose(f);
		return NULL;
	}
	n = fread(buf, 1, (size_t)st.st_size, f);
	buf[n] = '\0';
	fclose(f);
	return buf;
}

/*
 * The length of the valid UTF-8 sequence at P (before END), or 0 when it is
 * not one (a stray byte, a truncated or overlong sequence, a surrogate):
 * such bytes are shown as '?' rather than handed to the font renderer.
 */
static size_t utf8_len(const unsigned char *p, const unsigned char *end)
{
	unsigned char lo = 0x80, hi = 0xBF;
	size_t len;

	if (p[0] < 0x80)
		return 1;
	if (p[0] >= 0xC2 && p[0] <= 0xDF)
		len = 2;
	else if (p[0] >= 0xE0 && p[0] <= 0xEF)
		len = 3;
	else if (p[0] >= 0xF0 && p[0] <= 0xF4)
		len = 4;
	else
		return 0;
	if (p[0] == 0xE0)
		lo = 0xA0;
	else if (p[0] == 0xED)
		hi = 0x9F;
	else if (p[0] == 0xF0)
		lo = 0x90;
	else if (p[0] == 0xF4)
		hi = 0x8F;
	if ((size_t)(end - p) < len || p[1] < lo || p[1] > hi)
		return 0;
	for (size_t i = 2; i < len; i++)
		if (p[i] < 0x80 || p[i] > 0xBF)
			return 0;
	return len;
}

/* The line [P, END) made printable: tabs to spaces, control bytes and bad UTF-8 replaced, clipped. */
static char *printable(const char *p, const char *end)
{
	char *out = malloc(MAX_LINE + 1);
	size_t o = 0, col = 0;

	if (!out)
		return NULL;
	while (p < end && o < MAX_LINE) {
		unsigned char ch = (unsigned char)*p;
		size_t len;

		if (ch == '\t') {
			do
				out[o++] = ' ';
			while (++col % TAB_W && o < MAX_LINE);
			p++;
			continue;
		}
		if (ch == '\r') {
			p++; /* a CRLF file's CR */
			continue;
		}
		if (ch < 0x20 || ch == 0x7F) {
			out[o++] = ' ';
			p++;
			col++;
			continue;
		}
		len = utf8_len((const unsigned char *)p, (const unsigned char *)end);
		if (len == 0) {
			out[o++] = '?';
			p++;
		} else if (o + len > MAX_LINE) {
			break; /* clipped before a character, never inside one */
		} else {
			memcpy(out + o, p, len);
			o += len;
			p += len;
		}
		col++;
	}
	out[o] = '\0';
	return out;
}

/* Makes the lines around LINE of the cached file; false when the file has no such line. */
static bool make_lines(struct ct_ui_view *v, unsigned line)
{
	const char *p = v->src_text;
	unsigned first = line > UI_SRC_CONTEXT ? line - UI_SRC_CONTEXT : 1, no = 1;

	for (; no < first && *p; no++) {
		p = strchr(p, '\n');
		if (!p)
			return false;
		p++;
	}
	v->src_first = first;
	v->src_line = line;
	while (no < line + UI_SRC_CONTEXT + 1 && (*p || no <= line)) {
		const char *eol = strchr(p, '\n');

		if (!eol)
			eol = p + strlen(p);
		if (!(v->src_lines[v->src_n] = printable(p, eol)))
			return false;
		v->src_n++;
		no++;
		/* The file's last newline ends its last line: no empty line after it. */
		if (!*eol || !eol[1])
			break;
		p = eol + 1;
	}
	return v->src_n > 0 && v->src_first + (unsigned)v->src_n > line;
}

/* The resolver's reasons (source.c), in the reader's language. */
static const char *why_text(const char *why)
{
	static const char *const known[] = { N_("no debug information"), N_("binary not known") };

	for (size_t i = 0; why && i < sizeof(known) / sizeof(known[0]); i++)
		if (strcmp(why, known[i]) == 0)
			return _(known[i]);
	return why ? why : _("no debug information");
}

/* Works out what the panel shows for src_event: once per change of event. */
static void refresh(struct ct_ui_view *v)
{
	struct ct_source_loc loc;
	uint32_t site;
	char err[160];

	v->src_dirty = false;
	free_lines(v);
	v->src_ok = false;
	v->src_func[0] = '\0';
	if (!v->has_sites) {
		snprintf(v->src_where, sizeof(v->src_where), "%s",
			 _("no source: this trace has no call sites"));
		return;
	}
	if (v->src_event == CT_MODEL_NONE) {
		snprintf(v->src_where, sizeof(v->src_where), "%s",
			 _("step with N / P or click an event to see its code"));
		return;
	}
	site = ct_model_event_site(v->model, v->src_event);
	if (site == 0) {
		snprintf(v->src_where, sizeof(v->src_where), "%s",
			 _("no source: this event has no call site"));
		return;
	}
	if (!v->src && !(v->src = ct_source_new(v->model))) {
		snprintf(v->src_where, sizeof(v->src_where), "%s: %s", _("no source"),
			 _("out of memory"));
		return;
	}
	if (!ct_source_lookup(v->src, site, &loc) || !loc.path) {
		if (loc.function)
			snprintf(v->src_func, sizeof(v->src_func), "%s", loc.function);
		snprintf(v->src_where, sizeof(v->src_where), "%s: %s", _("no source"),
			 why_text(loc.why));
		return;
	}
	snprintf(v->src_func, sizeof(v->src_func), "%s", loc.function ? loc.function : "?");
	/* The last file read is kept: a step within it reads nothing. */
	if (!v->src_path || strcmp(v->src_path, loc.path) != 0) {
		free(v->src_path);
		free(v->src_text);
		v->src_text = NULL;
		v->src_path = strdup(loc.path);
		if (v->src_path)
			v->src_text = read_file(loc.path, err, sizeof(err));
		else
			snprintf(err, sizeof(err), "%s", _("out of memory"));
		snprintf(v->src_err, sizeof(v->src_err), "%s", v->src_text ? "" : err);
	}
	if (!v->src_text) {
		snprintf(v->src_where, sizeof(v->src_where), "%s: %s:%u: %s", _("no source"),
			 loc.file, loc.line, v->src_err);
		return;
	}
	if (loc.line == 0 || !make_lines(v, loc.line)) {
		free_lines(v);
		snprintf(v->src_where, sizeof(v->src_where), _("no source: %s has no line %u"),
			 loc.file, loc.line);
		return;
	}
	snprintf(v->src_where, sizeof(v->src_where), "%s:%u", loc.file, loc.line);
	v->src_ok = true;
}

void ui_draw_srcpanel(struct ui_gfx *c)
{
	struct ct_ui_view *v = c->v;
	const SDL_Rect *r = &v->lay.src;
	int pad = (int)(10 * c->s), y, lh, nh, gutter, x;
	char num[16];

	if (r->w <= 0)
		return;
	if (v->src_dirty)
		refresh(v);
	gfx_fill(c, r->x, r->y, r->w, r->h, C_PANEL);
	gfx_fill(c, r->x, r->y, (int)fmax(1, c->s), r->h, C_GRID);
	/* Long lines and names end a little before the panel's edge. */
	gfx_check(c, SDL_RenderSetClipRect(c->r, &(SDL_Rect){ r->x, r->y, r->w - pad / 2, r->h }));
	x = r->x + pad;
	y = r->y + pad / 2;
	lh = gfx_line_h(c, UI_FONT_SMALL);
	nh = gfx_line_h(c, UI_FONT_NORMAL);
	gfx_text(c, UI_FONT_SMALL, _("source"), C_TEXT_FAINT, x, y, UI_LEFT);
	y += lh;
	if (v->src_func[0]) {
		gfx_text(c, UI_FONT_NORMAL, v->src_func, C_TEXT, x, y, UI_LEFT);
		y += nh;
	}
	gfx_text(c, UI_FONT_SMALL, v->src_where, v->src_ok ? C_SELECT : C_TEXT_DIM, x, y, UI_LEFT);
	y += lh + pad / 2;
	if (v->src_ok) {
		snprintf(num, sizeof(num), "%u", v->src_first + (unsigned)v->src_n);
		gutter = gfx_text_w(c, UI_FONT_SMALL, num) + pad;
		for (int i = 0; i < v->src_n && y + lh <= r->y + r->h; i++, y += lh) {
			unsigned no = v->src_first + (unsigned)i;

			if (no == v->src_line) {
				gfx_fill(c, r->x + 1, y, r->w - 1, lh, C_SRC_LINE);
				gfx_fill(c, r->x + 1, y, (int)fmax(2, 3 * c->s), lh, C_HEAD);
			}
			snprintf(num, sizeof(num), "%u", no);
			gfx_text(c, UI_FONT_SMALL, num, C_TEXT_FAINT, x + gutter - pad / 2, y,
				 UI_RIGHT);
			if (v->src_lines[i][0])
				gfx_text(c, UI_FONT_SMALL, v->src_lines[i], C_TEXT, x + gutter, y,
					 UI_LEFT);
		}
	}
	gfx_check(c, SDL_RenderSetClipRect(c->r, NULL));
}

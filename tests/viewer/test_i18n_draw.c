/* SPDX-License-Identifier: MIT */
/*
 * test_i18n_draw.c - the window's chrome in Chinese: a hand-built model drawn
 * offscreen in English, then with ctrace's catalogue bound and Chinese
 * chosen as `ctrace --lang zh` chooses it (LANGUAGE=zh_CN over C.UTF-8, so
 * no zh_CN locale needs to be generated). The two pictures must differ
 * where the words are and nowhere in the lanes, and every character of
 * every translation must be a glyph of the font the viewer picks, not the
 * font's missing-glyph box (tofu).
 */
#include <locale.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <SDL.h>
#include <SDL_ttf.h>

#include "i18n.h"
#include "model.h"
#include "palette.h"
#include "text.h"
#include "ui.h"

#ifndef CTRACE_LOCALE_DIR
#error "CTRACE_LOCALE_DIR must name the build tree's share/locale (CMakeLists.txt defines it)"
#endif
#ifndef CTRACE_PO_FILE
#error "CTRACE_PO_FILE must name po/zh_CN.po (CMakeLists.txt defines it)"
#endif

#define W 1000
#define H 400

#define BASE_NS 5000000000ull
#define US(t)   (BASE_NS + (uint64_t)(t)*1000u)
#define MAIN    100
/* clang-format off */
#define E(t, tid, type, id, id2, value, status, text) \
	{ CT_EV_##type, US(t), MAIN, (tid), "main", (id), (id2), (value), (status), (text), 0 }
/* clang-format on */

/* Two threads taking turns on a mutex: lanes, a lock wait, a hand-off, joins. */
static const struct ct_model_input mutex_in[] = {
	E(0, MAIN, MUTEX_NEW, 3, 0, 0, 0, "m"),
	E(10, MAIN, THREAD_SPAWN, 5, 0, 0, 0, "alice"),
	E(20, MAIN, THREAD_SPAWN, 6, 0, 0, 0, "bob"),
	E(30, 101, THREAD_BEGIN, 5, 0, 0, 0, "alice"),
	E(40, 102, THREAD_BEGIN, 6, 0, 0, 0, "bob"),
	E(60, 101, MUTEX_LOCK_END, 3, 0, 0, 0, NULL),
	E(100, 102, MUTEX_LOCK_BEGIN, 3, 0, 0, 0, NULL),
	E(110, MAIN, JOIN_BEGIN, 5, 0, 0, 0, NULL),
	E(400, 101, MUTEX_UNLOCK, 3, 0, 0, 0, NULL),
	E(420, 102, MUTEX_LOCK_END, 3, 0, 0, 0, NULL),
	E(450, 101, THREAD_END, 5, 0, 0, 0, NULL),
	E(460, MAIN, JOIN_END, 5, 0, 0, 0, NULL),
	E(470, MAIN, JOIN_BEGIN, 6, 0, 0, 0, NULL),
	E(700, 102, MUTEX_UNLOCK, 3, 0, 0, 0, NULL),
	E(720, 102, THREAD_END, 6, 0, 0, 0, NULL),
	E(730, MAIN, JOIN_END, 6, 0, 0, 0, NULL),
};

static struct ct_model *build(void)
{
	struct ct_model_builder *b = ct_model_builder_create();
	struct ct_model *m = NULL;

	assert_non_null(b);
	for (size_t i = 0; i < sizeof(mutex_in) / sizeof(mutex_in[0]); i++)
		assert_int_equal(ct_model_builder_add(b, &mutex_in[i]), CT_MODEL_OK);
	assert_int_equal(ct_model_builder_finish(b, &m), CT_MODEL_OK);
	ct_model_builder_destroy(b);
	return m;
}

/* A view drawn on a software-rendered surface (textures belong to the renderer). */
struct pic {
	SDL_Surface *s;
	SDL_Renderer *r;
	struct ct_ui_view *v;
};

static void render(const struct ct_model *m, struct pic *p)
{
	struct ct_ui_header h = { .title_en = "i18n" };
	enum ct_ui_status st;
	char err[256];

	p->s = SDL_CreateRGBSurfaceWithFormat(0, W, H, 32, SDL_PIXELFORMAT_ARGB8888);
	assert_non_null(p->s);
	p->r = SDL_CreateSoftwareRenderer(p->s);
	assert_non_null(p->r);
	p->v = ct_ui_view_create(m, &h, &st, err, sizeof(err));
	if (!p->v)
		fail_msg("ct_ui_view_create: %s", err);
	if (ct_ui_view_draw(p->v, p->r, 1.0f, err, sizeof(err)) != CT_UI_OK)
		fail_msg("ct_ui_view_draw: %s", err);
	SDL_RenderPresent(p->r);
}

static void pic_free(struct pic *p)
{
	ct_ui_view_destroy(p->v); /* before its renderer: it holds the renderer's textures */
	SDL_DestroyRenderer(p->r);
	SDL_FreeSurface(p->s);
}

static uint32_t px(SDL_Surface *s, int x, int y)
{
	return ((const uint32_t *)((const uint8_t *)s->pixels + (size_t)y * s->pitch))[x] &
	       0xFFFFFFu;
}

/* Chinese as `ctrace --lang zh` chooses it (cli/lang.c), the catalogue from the build tree. */
static void choose_chinese(void)
{
	assert_non_null(bindtextdomain(CT_TEXTDOMAIN, CTRACE_LOCALE_DIR));
	assert_non_null(bind_textdomain_codeset(CT_TEXTDOMAIN, "UTF-8"));
	setenv("LANGUAGE", "zh_CN", 1);
	if (!setlocale(LC_MESSAGES, "C.UTF-8"))
		skip(); /* glibc without C.UTF-8: cannot happen on Debian 12 */
}

static void test_chinese_chrome_differs_where_the_words_are(void **state)
{
	struct ct_model *m = build();
	struct pic en, zh;
	long differ = 0, differ_lanes = 0;
	SDL_Rect bar;

	(void)state;
	render(m, &en);
	choose_chinese();
	/* The catalogue is there and answers: the legend word for "running". */
	assert_string_equal(_("running"), "运行");
	render(m, &zh);
	for (int y = 0; y < H; y++)
		for (int x = 0; x < W; x++) {
			bool d = px(en.s, x, y) != px(zh.s, x, y);
			bool in_bar = false;

			differ += d;
			/* The lanes are laid out alike in both: the names' column is as wide. */
			for (uint32_t l = 0; l < 3; l++)
				if (ct_ui_view_lane_bar(zh.v, l, &bar) && x >= bar.x &&
				    x < bar.x + bar.w && y >= bar.y && y < bar.y + bar.h)
					in_bar = true;
			differ_lanes += d && in_bar;
		}
	print_message("pixels that differ: %ld (in the lane bars: %ld)\n", differ, differ_lanes);
	/* The legend, the header and the status line are all words: thousands of pixels. */
	assert_true(differ > 2000);
	/* Nothing the model draws depends on the language. */
	assert_int_equal(differ_lanes, 0);
	pic_free(&en);
	pic_free(&zh);
	ct_model_destroy(m);
}

/* Decodes one UTF-8 character at *P (advanced past it); 0xFFFD when malformed. */
static uint32_t utf8_next(const char **p)
{
	const unsigned char *s = (const unsigned char *)*p;
	uint32_t c;
	int n;

	if (s[0] < 0x80) {
		*p += 1;
		return s[0];
	}
	n = s[0] >= 0xF0 ? 3 : s[0] >= 0xE0 ? 2 : 1;
	c = s[0] & (0x3F >> n);
	for (int i = 1; i <= n; i++) {
		if ((s[i] & 0xC0) != 0x80) {
			*p += i;
			return 0xFFFD;
		}
		c = c << 6 | (s[i] & 0x3F);
	}
	*p += n + 1;
	return c;
}

/*
 * Every character of every msgstr in po/zh_CN.po is in the font the viewer
 * opens (SDL_ttf draws the missing-glyph box otherwise): the window and the
 * PNG show no tofu whatever they translate.
 */
static void test_every_translation_has_glyphs(void **state)
{
	char path[4096], line[4096];
	int index;
	bool cjk, in_msgstr = false;
	TTF_Font *font;
	FILE *po;
	size_t chars = 0, missing = 0;

	(void)state;
	if (!ui_font_find(path, sizeof(path), &index, &cjk) || !cjk) {
		print_message("no CJK font (fonts-wqy-microhei): the Chinese chrome cannot "
			      "render; skipped\n");
		skip();
	}
	font = TTF_OpenFontIndex(path, 14, index);
	assert_non_null(font);
	/* The check can fail: a private-use character no font draws is reported missing. */
	assert_false(TTF_GlyphIsProvided32(font, 0x10FFFD));
	po = fopen(CTRACE_PO_FILE, "r");
	assert_non_null(po);
	while (fgets(line, sizeof(line), po)) {
		const char *q;

		if (strncmp(line, "msgstr", 6) == 0)
			in_msgstr = true;
		else if (line[0] != '"')
			in_msgstr = false;
		if (!in_msgstr || !(q = strchr(line, '"')))
			continue;
		for (q++; *q && *q != '"';) {
			uint32_t c;

			if (*q == '\\') { /* \n, \", \\: ASCII, drawn or not */
				q += 2;
				continue;
			}
			c = utf8_next(&q);
			chars++;
			assert_int_not_equal(c, 0xFFFD);
			if (c >= 0x80 && !TTF_GlyphIsProvided32(font, c)) {
				print_message("U+%04X has no glyph in %s\n", (unsigned)c, path);
				missing++;
			}
		}
	}
	fclose(po);
	TTF_CloseFont(font);
	print_message("%zu characters of translations checked in %s\n", chars, path);
	assert_true(chars > 1000);
	assert_int_equal(missing, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_chinese_chrome_differs_where_the_words_are),
		cmocka_unit_test(test_every_translation_has_glyphs),
	};
	int rc;

	if (SDL_Init(0) != 0 || TTF_Init() != 0) {
		fprintf(stderr, "test_i18n_draw: SDL/TTF init: %s\n", SDL_GetError());
		return 1;
	}
	rc = cmocka_run_group_tests(tests, NULL, NULL);
	TTF_Quit();
	SDL_Quit();
	return rc;
}

/* SPDX-License-Identifier: MIT */
/* text.c - finds a font covering Latin and CJK, opens it at three sizes, and caches rendered strings. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <fontconfig/fontconfig.h>

#include "text.h"
#include "view_state.h"

/* Point sizes of the fonts at scale 1. */
static const int font_pt[UI_FONT_COUNT] = { 12, 14, 19 };

/*
 * SDL2_ttf 2.x has no fallback chain, and many CJK fonts draw boxes for
 * ASCII, so one face must cover both: WenQuanYi Micro Hei does. DejaVu Sans
 * is the last resort (no CJK: Chinese titles then show as boxes).
 */
static const char *const known_paths[] = {
	"/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
	"/usr/share/fonts/wqy-microhei/wqy-microhei.ttc",
	"/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
	"/usr/share/fonts/TTF/DejaVuSans.ttf",
	"/usr/share/fonts/dejavu/DejaVuSans.ttf",
};

/* Asks fontconfig for FAMILY; true when the match covers 'A' and, if CJK, U+4E2D. */
static bool fc_find(const char *family, bool cjk, char *path, size_t len, int *index)
{
	FcPattern *pat = NULL, *match = NULL;
	FcResult res;
	FcChar8 *file = NULL;
	FcCharSet *cs = NULL;
	int idx = 0;
	bool ok = false;

	pat = FcNameParse((const FcChar8 *)family);
	if (!pat)
		goto end;
	FcConfigSubstitute(NULL, pat, FcMatchPattern);
	FcDefaultSubstitute(pat);
	match = FcFontMatch(NULL, pat, &res);
	if (!match || res != FcResultMatch)
		goto end;
	if (FcPatternGetString(match, FC_FILE, 0, &file) != FcResultMatch)
		goto end;
	if (FcPatternGetCharSet(match, FC_CHARSET, 0, &cs) != FcResultMatch)
		goto end;
	if (!FcCharSetHasChar(cs, 'A') || (cjk && !FcCharSetHasChar(cs, 0x4E2D)))
		goto end;
	if (FcPatternGetInteger(match, FC_INDEX, 0, &idx) != FcResultMatch)
		idx = 0;
	if (strlen((const char *)file) >= len || access((const char *)file, R_OK) != 0)
		goto end;
	strcpy(path, (const char *)file);
	*index = idx;
	ok = true;
end:
	if (match)
		FcPatternDestroy(match);
	if (pat)
		FcPatternDestroy(pat);
	return ok;
}

bool ui_font_find(char *path, size_t len, int *index, bool *cjk)
{
	const char *env = getenv("CTRACE_FONT");

	*index = 0;
	if (env && *env) {
		if (strlen(env) >= len || access(env, R_OK) != 0)
			return false;
		strcpy(path, env);
		*cjk = true; /* the user's choice; trust it */
		return true;
	}
	if (FcInit()) {
		if (fc_find("WenQuanYi Micro Hei", true, path, len, index) ||
		    fc_find("sans-serif:lang=zh-cn", true, path, len, index)) {
			*cjk = true;
			return true;
		}
	}
	for (size_t i = 0; i < sizeof(known_paths) / sizeof(known_paths[0]); i++) {
		if (access(known_paths[i], R_OK) == 0) {
			snprintf(path, len, "%s", known_paths[i]);
			*cjk = strstr(known_paths[i], "wqy") != NULL;
			return true;
		}
	}
	if (fc_find("DejaVu Sans", false, path, len, index)) {
		*cjk = false;
		return true;
	}
	return false;
}

/* Picks the view's font file. */
static bool find_font(struct ct_ui_view *v)
{
	return ui_font_find(v->font_path, sizeof(v->font_path), &v->font_index, &v->font_has_cjk);
}

void ui_fonts_close(struct ct_ui_view *v)
{
	ui_text_flush(v);
	for (int i = 0; i < UI_FONT_COUNT; i++) {
		if (v->font[i])
			TTF_CloseFont(v->font[i]);
		v->font[i] = NULL;
	}
}

enum ct_ui_status ui_fonts_open(struct ct_ui_view *v, float scale, char *err, size_t errlen)
{
	if (v->font[0] && v->font_scale == scale)
		return CT_UI_OK;
	ui_fonts_close(v);
	if (!v->font_path[0] && !find_font(v)) {
		snprintf(
			err, errlen,
			"no font found: install fonts-wqy-microhei (WenQuanYi Micro Hei, which covers "
			"Latin and CJK) or fonts-dejavu-core, or set CTRACE_FONT to a .ttf/.ttc file%s",
			getenv("CTRACE_FONT") ? " that exists" : "");
		return CT_UI_NO_FONT;
	}
	for (int i = 0; i < UI_FONT_COUNT; i++) {
		int pt = (int)(font_pt[i] * scale + 0.5f);

		v->font[i] = TTF_OpenFontIndex(v->font_path, pt, v->font_index);
		if (!v->font[i]) {
			snprintf(err, errlen, "cannot open font %s: %s", v->font_path,
				 TTF_GetError());
			ui_fonts_close(v);
			return CT_UI_NO_FONT;
		}
		TTF_SetFontHinting(v->font[i], TTF_HINTING_LIGHT);
	}
	if (!v->font_has_cjk)
		snprintf(v->note, sizeof(v->note),
			 "no CJK font: install fonts-wqy-microhei to read the Chinese titles");
	v->font_scale = scale;
	return CT_UI_OK;
}

void ui_text_flush(struct ct_ui_view *v)
{
	for (int i = 0; i < UI_TEXT_CACHE; i++) {
		struct ui_text *t = &v->texts[i];

		if (t->tex)
			SDL_DestroyTexture(t->tex);
		free(t->str);
		memset(t, 0, sizeof(*t));
	}
}

static uint64_t text_hash(const char *s, int font, uint32_t rgb, int wrap)
{
	uint64_t h = 1469598103934665603ull;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ull;
	h = (h ^ (uint64_t)font) * 1099511628211ull;
	h = (h ^ rgb) * 1099511628211ull;
	h = (h ^ (uint64_t)(unsigned)wrap) * 1099511628211ull;
	return h | 1; /* 0 marks an empty slot */
}

/* The cached texture of STR, rendering it on a miss. NULL with SDL's error set on failure. */
static struct ui_text *text_get(struct ct_ui_view *v, SDL_Renderer *r, enum ui_font font,
				const char *str, uint32_t rgb, int wrap)
{
	uint64_t h = text_hash(str, font, rgb, wrap);
	size_t slot = h % UI_TEXT_CACHE;
	struct ui_text *victim = NULL;
	SDL_Color c = { (Uint8)(rgb >> 16), (Uint8)(rgb >> 8), (Uint8)rgb, 255 };
	SDL_Surface *surf = NULL;
	struct ui_text *t = NULL;

	/* Probe a few slots; the least recently used of them makes room. */
	for (int i = 0; i < 8; i++) {
		struct ui_text *e = &v->texts[(slot + (size_t)i) % UI_TEXT_CACHE];

		if (e->hash == h && e->font == font && e->rgb == rgb && e->wrap == wrap &&
		    strcmp(e->str, str) == 0) {
			e->last_used = v->frame;
			return e;
		}
		if (!victim || !e->hash || (victim->hash && e->last_used < victim->last_used))
			victim = e;
	}
	if (victim->tex)
		SDL_DestroyTexture(victim->tex);
	free(victim->str);
	memset(victim, 0, sizeof(*victim));

	surf = wrap > 0 ? TTF_RenderUTF8_Blended_Wrapped(v->font[font], str, c, (Uint32)wrap)
			: TTF_RenderUTF8_Blended(v->font[font], str, c);
	if (!surf)
		goto end;
	victim->tex = SDL_CreateTextureFromSurface(r, surf);
	if (!victim->tex)
		goto end;
	victim->str = strdup(str);
	if (!victim->str) {
		SDL_DestroyTexture(victim->tex);
		victim->tex = NULL;
		SDL_SetError("out of memory");
		goto end;
	}
	victim->hash = h;
	victim->font = (uint8_t)font;
	victim->rgb = rgb;
	victim->wrap = wrap;
	victim->w = surf->w;
	victim->h = surf->h;
	victim->last_used = v->frame;
	t = victim;
end:
	SDL_FreeSurface(surf);
	return t;
}

int ui_text(struct ct_ui_view *v, SDL_Renderer *r, enum ui_font font, const char *str, uint32_t rgb,
	    int x, int y, enum ui_align align, int wrap, bool draw, int *w, int *h)
{
	struct ui_text *t;
	SDL_Rect dst;

	if (w)
		*w = 0;
	if (h)
		*h = 0;
	if (!str || !*str)
		return 0;
	if (!draw && wrap <= 0) {
		int tw = 0, th = 0;

		/* Measuring does not need a texture. */
		if (TTF_SizeUTF8(v->font[font], str, &tw, &th) != 0)
			return -1;
		if (w)
			*w = tw;
		if (h)
			*h = th;
		return 0;
	}
	if (r != v->cache_renderer) {
		ui_text_flush(v);
		v->cache_renderer = r;
	}
	t = text_get(v, r, font, str, rgb, wrap);
	if (!t)
		return -1;
	if (w)
		*w = t->w;
	if (h)
		*h = t->h;
	if (!draw)
		return 0;
	dst.x = align == UI_RIGHT ? x - t->w : align == UI_CENTER ? x - t->w / 2 : x;
	dst.y = y;
	dst.w = t->w;
	dst.h = t->h;
	return SDL_RenderCopy(r, t->tex, NULL, &dst);
}

/* SPDX-License-Identifier: MIT */
/*
 * text.h - private to viewer/ui: the fonts (one face at three sizes) and the
 * cache of rendered strings. Not thread-safe (see ui.h).
 */
#ifndef CTRACE_UI_TEXT_H
#define CTRACE_UI_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <SDL.h>
#include <SDL_ttf.h>

#include "view_state.h"

/*
 * Picks the font file: $CTRACE_FONT, fontconfig, then known paths. Writes its
 * path (LEN bytes), face index and whether it covers CJK; false when none.
 */
bool ui_font_find(char *path, size_t len, int *index, bool *cjk);
/* Opens the view's fonts at SCALE (nothing when already open at it); CT_UI_NO_FONT with ERR set. */
enum ct_ui_status ui_fonts_open(struct ct_ui_view *v, float scale, char *err, size_t errlen);
/* Closes the fonts and empties the text cache; accepts closed fonts. */
void ui_fonts_close(struct ct_ui_view *v);
/* Empties the text cache (its textures belong to one renderer). */
void ui_text_flush(struct ct_ui_view *v);
/*
 * Draws STR at (X, Y) (top-left, or right-aligned at X for UI_RIGHT,
 * centred for UI_CENTER) and returns its size in *W and *H (either may be
 * NULL). WRAP > 0 wraps at that width. With DRAW false only measures.
 * Returns 0, or -1 with SDL's error set.
 */
enum ui_align { UI_LEFT, UI_RIGHT, UI_CENTER };
int ui_text(struct ct_ui_view *v, SDL_Renderer *r, enum ui_font font, const char *str, uint32_t rgb,
	    int x, int y, enum ui_align align, int wrap, bool draw, int *w, int *h);

#endif /* CTRACE_UI_TEXT_H */

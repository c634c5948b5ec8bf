/* SPDX-License-Identifier: MIT */
/*
 * progress.c - what the window shows while a trace loads and its lanes are
 * prepared: "WHAT: N events" over a bar that fills when the total is known
 * and sweeps when it is not, at most 25 frames a second.
 */
#include <stdio.h>
#include <string.h>

#include "progress.h"
#include "text.h"

/* "12345678" -> "12,345,678" into BUF. */
static void group_digits(uint64_t n, char *buf, size_t len)
{
	char raw[32];
	size_t k = 0, digits;

	snprintf(raw, sizeof(raw), "%llu", (unsigned long long)n);
	digits = strlen(raw);
	for (size_t i = 0; i < digits && k + 2 < len; i++) {
		if (i > 0 && (digits - i) % 3 == 0)
			buf[k++] = ',';
		buf[k++] = raw[i];
	}
	buf[k] = '\0';
}

/* Draws STR centred at (CX, Y) in the progress font; false when SDL fails. */
static bool progress_text(struct ui_progress *p, SDL_Renderer *ren, const char *str, int cx, int y,
			  SDL_Color col)
{
	SDL_Surface *surf;
	SDL_Texture *tex;
	bool ok;

	surf = TTF_RenderUTF8_Blended(p->font, str, col);
	if (!surf)
		return false;
	tex = SDL_CreateTextureFromSurface(ren, surf);
	ok = tex && SDL_RenderCopy(ren, tex, NULL,
				   &(SDL_Rect){ cx - surf->w / 2, y, surf->w, surf->h }) == 0;
	if (tex)
		SDL_DestroyTexture(tex);
	SDL_FreeSurface(surf);
	return ok;
}

/*
 * One progress frame: "WHAT: N events" (or "WHAT: DONE of TOTAL") over a bar
 * that fills when the total is known and sweeps when it is not. False when
 * an SDL or SDL_ttf call failed (the reason is in SDL_GetError()).
 */
static bool draw_progress(struct ui_progress *p, SDL_Window *win, SDL_Renderer *ren,
			  const char *what, uint64_t done, uint64_t total)
{
	int ow, oh, ww, wh, cx, cy, bw, bh;
	float scale;
	char line[160], n[32], t[32];
	SDL_Color text_col = { 0x22, 0x22, 0x22, 0xFF };

	if (SDL_GetRendererOutputSize(ren, &ow, &oh) != 0)
		return false;
	SDL_GetWindowSize(win, &ww, &wh);
	scale = ww > 0 && ow > ww ? (float)ow / (float)ww : 1.0f;
	if (!p->font || p->font_scale != scale) {
		char path[1024];
		int index;
		bool cjk;

		if (p->font)
			TTF_CloseFont(p->font);
		p->font = NULL;
		if (!ui_font_find(path, sizeof(path), &index, &cjk)) {
			SDL_SetError("no font found");
			return false;
		}
		p->font = TTF_OpenFontIndex(path, (int)(17 * scale + 0.5f), index);
		if (!p->font)
			return false;
		p->font_scale = scale;
	}
	group_digits(done, n, sizeof(n));
	if (total > 0) {
		group_digits(total, t, sizeof(t));
		snprintf(line, sizeof(line), "%s: %s of %s", what, n, t);
	} else if (done > 0) {
		snprintf(line, sizeof(line), "%s: %s events", what, n);
	} else {
		snprintf(line, sizeof(line), "%s…", what);
	}
	cx = ow / 2;
	cy = oh / 2;
	bw = (int)(360 * scale);
	bh = (int)(8 * scale);
	if (SDL_SetRenderDrawBlendMode(ren, SDL_BLENDMODE_NONE) != 0 ||
	    SDL_SetRenderDrawColor(ren, 0xF7, 0xF7, 0xF4, 0xFF) != 0 || SDL_RenderClear(ren) != 0)
		return false;
	if (!progress_text(p, ren, line, cx, cy - TTF_FontLineSkip(p->font) - (int)(6 * scale),
			   text_col))
		return false;
	if (SDL_SetRenderDrawColor(ren, 0xDD, 0xDD, 0xD6, 0xFF) != 0 ||
	    SDL_RenderFillRect(ren, &(SDL_Rect){ cx - bw / 2, cy, bw, bh }) != 0 ||
	    SDL_SetRenderDrawColor(ren, 0x59, 0xA1, 0x4F, 0xFF) != 0)
		return false;
	if (total > 0) {
		int fw = (int)((double)bw * (double)(done > total ? total : done) / (double)total);

		if (fw > 0 && SDL_RenderFillRect(ren, &(SDL_Rect){ cx - bw / 2, cy, fw, bh }) != 0)
			return false;
	} else {
		/* Unknown total: a block sweeps back and forth, so the window visibly lives. */
		int bl = bw / 5, period = 1600, ph = (int)(SDL_GetTicks64() % (Uint64)period);
		int pos = ph < period / 2 ? ph : period - ph;

		if (SDL_RenderFillRect(ren,
				       &(SDL_Rect){ cx - bw / 2 + (bw - bl) * pos / (period / 2),
						    cy, bl, bh }) != 0)
			return false;
	}
	SDL_RenderPresent(ren);
	return true;
}

void ui_progress_show(struct ui_progress *p, SDL_Window *win, SDL_Renderer *ren, const char *what,
		      uint64_t done, uint64_t total)
{
	Uint64 now = SDL_GetTicks64();

	if (p->broken || (p->last && now - p->last < 40))
		return;
	p->last = now;
	if (!draw_progress(p, win, ren, what, done, total)) {
		/* Progress is a courtesy: a failure is reported once and loading goes on. */
		fprintf(stderr, "ctrace view: cannot draw the loading progress: %s\n",
			SDL_GetError());
		SDL_ClearError();
		p->broken = true;
	}
}

void ui_progress_close(struct ui_progress *p)
{
	if (p->font)
		TTF_CloseFont(p->font);
	p->font = NULL;
}

/* SPDX-License-Identifier: MIT */
/*
 * progress.c - the window while a trace loads and its lanes are prepared:
 * "WHAT: N events" over a bar that fills when the total is known and sweeps
 * when it is not, drawn at most 25 times a second, with the window's events
 * pumped at every call so it never looks hung.
 */
#include <stdio.h>
#include <string.h>

#include "text.h"
#include "window.h"

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
static bool progress_text(struct ct_ui_window *app, const char *str, int cx, int y, SDL_Color col)
{
	SDL_Surface *surf;
	SDL_Texture *tex;
	bool ok;

	surf = TTF_RenderUTF8_Blended(app->progress_font, str, col);
	if (!surf)
		return false;
	tex = SDL_CreateTextureFromSurface(app->ren, surf);
	ok = tex && SDL_RenderCopy(app->ren, tex, NULL,
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
static bool draw_progress(struct ct_ui_window *app, const char *what, uint64_t done, uint64_t total)
{
	int ow, oh, ww, wh, cx, cy, bw, bh;
	float scale;
	char line[160], n[32], t[32];
	SDL_Color text_col = { 0x22, 0x22, 0x22, 0xFF };

	if (SDL_GetRendererOutputSize(app->ren, &ow, &oh) != 0)
		return false;
	SDL_GetWindowSize(app->win, &ww, &wh);
	scale = ww > 0 && ow > ww ? (float)ow / (float)ww : 1.0f;
	if (!app->progress_font || app->progress_font_scale != scale) {
		char path[1024];
		int index;
		bool cjk;

		if (app->progress_font)
			TTF_CloseFont(app->progress_font);
		app->progress_font = NULL;
		if (!ui_font_find(path, sizeof(path), &index, &cjk)) {
			SDL_SetError("no font found");
			return false;
		}
		app->progress_font = TTF_OpenFontIndex(path, (int)(17 * scale + 0.5f), index);
		if (!app->progress_font)
			return false;
		app->progress_font_scale = scale;
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
	if (SDL_SetRenderDrawBlendMode(app->ren, SDL_BLENDMODE_NONE) != 0 ||
	    SDL_SetRenderDrawColor(app->ren, 0xF7, 0xF7, 0xF4, 0xFF) != 0 ||
	    SDL_RenderClear(app->ren) != 0)
		return false;
	if (!progress_text(app, line, cx,
			   cy - TTF_FontLineSkip(app->progress_font) - (int)(6 * scale), text_col))
		return false;
	if (SDL_SetRenderDrawColor(app->ren, 0xDD, 0xDD, 0xD6, 0xFF) != 0 ||
	    SDL_RenderFillRect(app->ren, &(SDL_Rect){ cx - bw / 2, cy, bw, bh }) != 0 ||
	    SDL_SetRenderDrawColor(app->ren, 0x59, 0xA1, 0x4F, 0xFF) != 0)
		return false;
	if (total > 0) {
		int fw = (int)((double)bw * (double)(done > total ? total : done) / (double)total);

		if (fw > 0 &&
		    SDL_RenderFillRect(app->ren, &(SDL_Rect){ cx - bw / 2, cy, fw, bh }) != 0)
			return false;
	} else {
		/* Unknown total: a block sweeps back and forth, so the window visibly lives. */
		int bl = bw / 5, period = 1600, ph = (int)(SDL_GetTicks64() % (Uint64)period);
		int pos = ph < period / 2 ? ph : period - ph;

		if (SDL_RenderFillRect(app->ren,
				       &(SDL_Rect){ cx - bw / 2 + (bw - bl) * pos / (period / 2),
						    cy, bl, bh }) != 0)
			return false;
	}
	SDL_RenderPresent(app->ren);
	return true;
}

bool ct_ui_window_progress(struct ct_ui_window *app, const char *what, uint64_t done,
			   uint64_t total)
{
	SDL_Event e;
	Uint64 now = SDL_GetTicks64();

	/* Pump the queue at every call, so the window manager never sees a hung window. */
	while (SDL_PollEvent(&e)) {
		if (e.type == SDL_QUIT ||
		    (e.type == SDL_KEYDOWN &&
		     (e.key.keysym.sym == SDLK_q || e.key.keysym.sym == SDLK_ESCAPE)))
			app->quit = true;
	}
	if (app->quit)
		return false;
	if (app->progress_broken || (app->progress_last && now - app->progress_last < 40))
		return true;
	app->progress_last = now;
	if (!draw_progress(app, what, done, total)) {
		/* Progress is a courtesy: a failure is reported once and loading goes on. */
		fprintf(stderr, "ctrace view: cannot draw the loading progress: %s\n",
			SDL_GetError());
		SDL_ClearError();
		app->progress_broken = true;
	}
	return true;
}

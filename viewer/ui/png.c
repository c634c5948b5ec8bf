/* SPDX-License-Identifier: MIT */
/* png.c - renders a view offscreen (software renderer on a surface, no display) and saves a PNG. */
#include <stdio.h>

#include <SDL_image.h>

#include "view_state.h"

#define MAX_SIDE 16384

enum ct_ui_status ct_ui_render_png(const struct ct_model *model, const struct ct_ui_header *header,
				   const char *path, const struct ct_ui_png_options *options,
				   char *err, size_t errlen)
{
	struct ct_ui_png_options def = { 0 };
	const struct ct_ui_png_options *o = options ? options : &def;
	int w = o->width > 0 ? o->width : 1600, h = o->height > 0 ? o->height : 900;
	SDL_Surface *surf = NULL;
	SDL_Renderer *ren = NULL;
	struct ct_ui_view *view = NULL;
	enum ct_ui_status status = CT_UI_SDL;
	bool ttf_started = false;

	if (w < 64 || h < 64 || w > MAX_SIDE || h > MAX_SIDE) {
		snprintf(err, errlen, "image size %dx%d: each side must be 64 to %d pixels", w, h,
			 MAX_SIDE);
		return CT_UI_USAGE;
	}
	if (!TTF_WasInit()) {
		if (TTF_Init() != 0) {
			snprintf(err, errlen, "TTF_Init: %s", TTF_GetError());
			goto end;
		}
		ttf_started = true;
	}
	view = ct_ui_view_create(model, header, &status, err, errlen);
	if (!view)
		goto end;
	status = CT_UI_SDL;
	surf = SDL_CreateRGBSurfaceWithFormat(0, w, h, 32, SDL_PIXELFORMAT_ARGB8888);
	if (!surf) {
		snprintf(err, errlen, "SDL_CreateRGBSurfaceWithFormat %dx%d: %s", w, h,
			 SDL_GetError());
		goto end;
	}
	ren = SDL_CreateSoftwareRenderer(surf);
	if (!ren) {
		snprintf(err, errlen, "SDL_CreateSoftwareRenderer: %s", SDL_GetError());
		goto end;
	}
	if (o->has_window)
		ct_ui_view_set_window(view, o->t0, o->t1);
	if (o->has_at)
		ct_ui_view_set_head(view, o->at);
	status = ct_ui_view_draw(view, ren, 1.0f, err, errlen);
	if (status != CT_UI_OK)
		goto end;
	status = CT_UI_SDL;
	SDL_RenderPresent(ren);
	if (IMG_SavePNG(surf, path) != 0) {
		snprintf(err, errlen, "cannot write %s: %s", path, IMG_GetError());
		goto end;
	}
	status = CT_UI_OK;
end:
	/* Textures belong to the renderer: the view goes first. */
	ct_ui_view_destroy(view);
	if (ren)
		SDL_DestroyRenderer(ren);
	SDL_FreeSurface(surf);
	if (ttf_started)
		TTF_Quit();
	return status;
}

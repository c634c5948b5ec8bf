/* SPDX-License-Identifier: MIT */
/*
 * png.c - renders a view offscreen (software renderer on a surface, no
 * display) and writes it as a PNG into a stream or a file.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <SDL_image.h>

#include "gfx.h"
#include "view_state.h"

#define MAX_SIDE 16384

enum ct_ui_status ct_ui_render_picture(const struct ct_model *model,
				       const struct ct_ui_header *header,
				       const struct ct_ui_png_options *options,
				       SDL_Surface **picture, char *err, size_t errlen)
{
	struct ct_ui_png_options def = { 0 };
	const struct ct_ui_png_options *o = options ? options : &def;
	int w = o->width > 0 ? o->width : 1600, h = o->height > 0 ? o->height : 900;
	SDL_Surface *surf = NULL;
	SDL_Renderer *ren = NULL;
	struct ct_ui_view *view = NULL;
	enum ct_ui_status status = CT_UI_SDL;
	bool ttf_started = false;

	*picture = NULL;
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
	/*
	 * A picture has no selected event to show the code of: the panel would
	 * only take a third of it to say so. The window shows it.
	 */
	ct_ui_view_show_source(view, false);
	status = CT_UI_SDL;
	surf = ui_picture_new(w, h, err, errlen);
	ren = surf ? ui_picture_renderer(surf, err, errlen) : NULL;
	if (!ren)
		goto end;
	if (o->has_window)
		ct_ui_view_set_window(view, o->t0, o->t1);
	if (o->has_at)
		ct_ui_view_set_head(view, o->at);
	if (o->axis != CT_UI_AXIS_TIME) {
		/* The window and the head are times: the order axis shows the whole trace. */
		if (o->has_window || o->has_at) {
			snprintf(err, errlen, "a time window or play head needs the time axis");
			status = CT_UI_USAGE;
			goto end;
		}
		if (ct_ui_view_set_axis(view, o->axis) != CT_UI_OK) {
			snprintf(err, errlen, "out of memory");
			status = CT_UI_NOMEM;
			goto end;
		}
	}
	status = ct_ui_view_draw(view, ren, 1.0f, err, errlen);
	if (status != CT_UI_OK)
		goto end;
	status = CT_UI_SDL;
	SDL_RenderPresent(ren);
	status = CT_UI_OK;
end:
	/* Textures belong to the renderer: the view goes first. */
	ct_ui_view_destroy(view);
	if (ren)
		SDL_DestroyRenderer(ren);
	if (status == CT_UI_OK)
		*picture = surf;
	else
		SDL_FreeSurface(surf);
	if (ttf_started)
		TTF_Quit();
	return status;
}

SDL_Surface *ui_picture_new(int w, int h, char *err, size_t errlen)
{
	SDL_Surface *surf = SDL_CreateRGBSurfaceWithFormat(0, w, h, 32, SDL_PIXELFORMAT_ARGB8888);

	if (!surf)
		snprintf(err, errlen, "SDL_CreateRGBSurfaceWithFormat %dx%d: %s", w, h,
			 SDL_GetError());
	return surf;
}

SDL_Renderer *ui_picture_renderer(SDL_Surface *surf, char *err, size_t errlen)
{
	SDL_Renderer *ren = SDL_CreateSoftwareRenderer(surf);

	if (!ren)
		snprintf(err, errlen, "SDL_CreateSoftwareRenderer: %s", SDL_GetError());
	return ren;
}

enum ct_ui_status ct_ui_write_png(SDL_Surface *picture, FILE *out, char *err, size_t errlen)
{
	/* Without autoclose, closing the RWops frees it and leaves OUT open. */
	SDL_RWops *rw = SDL_RWFromFP(out, SDL_FALSE);
	int saved = 0, rc;

	if (!rw) {
		snprintf(err, errlen, "SDL_RWFromFP: %s", SDL_GetError());
		return CT_UI_SDL;
	}
	rc = IMG_SavePNG_RW(picture, rw, 0);
	if (SDL_RWclose(rw) != 0 && rc == 0) {
		snprintf(err, errlen, "SDL_RWclose: %s", SDL_GetError());
		return CT_UI_SDL;
	}
	/*
	 * SDL_image 2.6 ignores failed writes into the RWops (IMG_SavePNG_RW
	 * returns 0 even when every write to /dev/full failed), so the
	 * stream's own error flag is what tells whether all of it was written.
	 */
	if (fflush(out) != 0)
		saved = errno;
	if (saved || ferror(out)) {
		snprintf(err, errlen, "writing the PNG: %s",
			 saved ? strerror(saved) : "a write into the stream failed");
		return CT_UI_IO;
	}
	if (rc != 0) {
		snprintf(err, errlen, "IMG_SavePNG_RW: %s", IMG_GetError());
		return CT_UI_SDL;
	}
	return CT_UI_OK;
}

enum ct_ui_status ct_ui_render_png(const struct ct_model *model, const struct ct_ui_header *header,
				   const char *path, const struct ct_ui_png_options *options,
				   char *err, size_t errlen)
{
	SDL_Surface *picture;
	enum ct_ui_status status;
	char why[512];
	FILE *out;

	status = ct_ui_render_picture(model, header, options, &picture, err, errlen);
	if (status != CT_UI_OK)
		return status;
	out = fopen(path, "wb");
	if (!out) {
		snprintf(err, errlen, "cannot write %s: %s", path, strerror(errno));
		SDL_FreeSurface(picture);
		return CT_UI_IO;
	}
	status = ct_ui_write_png(picture, out, why, sizeof(why));
	if (fclose(out) != 0 && status == CT_UI_OK) {
		snprintf(why, sizeof(why), "%s", strerror(errno));
		status = CT_UI_IO;
	}
	if (status != CT_UI_OK)
		snprintf(err, errlen, "cannot write %s: %s", path, why);
	SDL_FreeSurface(picture);
	return status;
}

/* SPDX-License-Identifier: MIT */
/*
 * view_frame.c - frame time of the viewer's renderer on a synthetic model
 * (default 10 million events over 64 threads, built with the model builder):
 * software renderer at 1920x1080, full zoom-out, mid and deep zoom, on the
 * time axis and then on the happens-before axis (with the time its columns
 * take to compute, once). Prints a table; target under 16 ms a frame. Usage: ctrace_bench_view_frame [EVENTS] [THREADS]
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include <SDL.h>
#include <SDL_ttf.h>

#include "model.h"
#include "order.h"
#include "ui.h"

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/*
 * Each thread cycles through sleep, a message to its neighbour, a receive
 * from the other neighbour and a lock of a shared mutex, so the model has
 * spans of every common state and arrows of three kinds.
 */
static struct ct_model *synth(uint64_t n_events, uint32_t threads)
{
	struct ct_model_builder *b = ct_model_builder_create();
	struct ct_model *m = NULL;
	uint64_t rounds = n_events / threads;

	if (!b)
		return NULL;
	for (uint64_t r = 0; r < rounds; r++) {
		for (uint32_t i = 0; i < threads; i++) {
			struct ct_model_input in = { .time = r * 1000 + i * 10,
						     .pid = 1,
						     .tid = 100 + i,
						     .procname = "synth" };
			uint64_t cycle = r / 8;

			switch (r % 8) {
			case 0:
				in.type = CT_EV_SLEEP_BEGIN;
				in.value = 300;
				break;
			case 1:
				in.type = CT_EV_SLEEP_END;
				in.value = 300;
				break;
			case 2:
				in.type = CT_EV_CHAN_SEND_END;
				in.id = 1;
				in.id2 = cycle * threads + i + 1;
				in.text = "m";
				break;
			case 3:
				in.type = CT_EV_CHAN_RECV_BEGIN;
				in.id = 1;
				break;
			case 4:
				in.type = CT_EV_CHAN_RECV_END;
				in.id = 1;
				in.id2 = cycle * threads + (i + threads - 1) % threads + 1;
				break;
			case 5:
				in.type = CT_EV_MUTEX_LOCK_BEGIN;
				in.id = 2;
				break;
			case 6:
				in.type = CT_EV_MUTEX_LOCK_END;
				in.id = 2;
				break;
			default:
				in.type = CT_EV_MUTEX_UNLOCK;
				in.id = 2;
				break;
			}
			if (ct_model_builder_add(b, &in) != CT_MODEL_OK)
				goto end;
		}
	}
	if (ct_model_builder_finish(b, &m) != CT_MODEL_OK)
		m = NULL;
end:
	ct_model_builder_destroy(b);
	return m;
}

/* Draws FRAMES frames of [T0, T1]; prints the first (summaries built) and the mean of the rest. */
static int measure(const char *what, struct ct_ui_view *v, SDL_Renderer *r, double t0, double t1,
		   int frames)
{
	char err[256];
	double first = 0, rest = 0, worst = 0;

	ct_ui_view_set_window(v, t0, t1);
	for (int f = 0; f < frames; f++) {
		double a = now_s(), d;

		if (ct_ui_view_draw(v, r, 1.0f, err, sizeof(err)) != CT_UI_OK) {
			fprintf(stderr, "draw: %s\n", err);
			return -1;
		}
		SDL_RenderPresent(r);
		d = (now_s() - a) * 1e3;
		if (f == 0)
			first = d;
		else {
			rest += d;
			if (d > worst)
				worst = d;
		}
	}
	printf("%-28s %12.3g %s %10.2f %10.2f %10.2f\n", what, t1 - t0,
	       ct_ui_view_axis(v) == CT_UI_AXIS_ORDER ? "st" : "ns", first, rest / (frames - 1),
	       worst);
	return 0;
}

int main(int argc, char **argv)
{
	uint64_t n = argc > 1 ? strtoull(argv[1], NULL, 10) : 10000000;
	uint32_t threads = argc > 2 ? (uint32_t)strtoul(argv[2], NULL, 10) : 64;
	struct ct_model *m;
	SDL_Surface *s = NULL;
	SDL_Renderer *r = NULL;
	struct ct_ui_view *v = NULL;
	enum ct_ui_status st;
	char err[256];
	double t, end;
	size_t ne, na, ns;
	int rc = 1;

	if (threads == 0 || n < threads) {
		fprintf(stderr, "usage: %s [EVENTS] [THREADS]\n", argv[0]);
		return 2;
	}
	t = now_s();
	m = synth(n, threads);
	if (!m) {
		fprintf(stderr, "cannot build the model\n");
		return 1;
	}
	ct_model_borrow_events(m, &ne);
	ct_model_borrow_arrows(m, &na);
	ct_model_borrow_spans(m, &ns);
	printf("model: %zu events, %u threads, %zu spans, %zu arrows, %.1f MB, built in %.2f s\n",
	       ne, threads, ns, na, ct_model_memory_size(m) / 1e6, now_s() - t);
	if (TTF_Init() != 0) {
		fprintf(stderr, "TTF_Init: %s\n", TTF_GetError());
		goto end;
	}
	s = SDL_CreateRGBSurfaceWithFormat(0, 1920, 1080, 32, SDL_PIXELFORMAT_ARGB8888);
	r = s ? SDL_CreateSoftwareRenderer(s) : NULL;
	if (!r) {
		fprintf(stderr, "software renderer: %s\n", SDL_GetError());
		goto end;
	}
	v = ct_ui_view_create(m, NULL, &st, err, sizeof(err));
	if (!v) {
		fprintf(stderr, "view: %s\n", err);
		goto end;
	}
	end = (double)ct_model_end_time(m);
	printf("\nsoftware renderer, 1920x1080; ms per frame\n");
	printf("%-28s %15s %10s %10s %10s\n", "zoom", "window", "first", "mean", "worst");
	if (measure("full zoom-out", v, r, 0, end, 20) ||
	    measure("mid zoom (1/100)", v, r, end / 2, end / 2 + end / 100, 20) ||
	    measure("deep zoom (1/100000)", v, r, end / 3, end / 3 + end / 100000, 20) ||
	    measure("full zoom-out again", v, r, 0, end, 20))
		goto end;
	t = now_s();
	if (ct_ui_view_set_axis(v, CT_UI_AXIS_ORDER) != CT_UI_OK) {
		fprintf(stderr, "order axis: out of memory\n");
		goto end;
	}
	printf("happens-before axis: columns and orders computed in %.2f s\n", now_s() - t);
	{
		/* The window is in columns now ("st": steps): how many, from the model. */
		uint32_t *cols = NULL, n_cols = 0;

		if (ct_model_causal_columns(m, &cols, &n_cols) != CT_MODEL_OK) {
			fprintf(stderr, "causal columns: out of memory\n");
			goto end;
		}
		free(cols);
		end = n_cols;
	}
	if (measure("order: full zoom-out", v, r, 0, end, 20) ||
	    measure("order: mid zoom (1/100)", v, r, end / 2, end / 2 + end / 100, 20) ||
	    measure("order: 20 steps", v, r, end / 3, end / 3 + 20, 20))
		goto end;
	rc = 0;
end:
	ct_ui_view_destroy(v);
	if (r)
		SDL_DestroyRenderer(r);
	SDL_FreeSurface(s);
	if (TTF_WasInit())
		TTF_Quit();
	ct_model_destroy(m);
	return rc;
}

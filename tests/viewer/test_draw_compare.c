/* SPDX-License-Identifier: MIT */
/*
 * test_draw_compare.c - the picture of two runs side by side, on
 * hand-built models: where the runs part, each half has the divergence
 * colour in the column of its diverging event (a dashed line down its
 * lanes), and nowhere far from both; two identical runs have none of it.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include <cmocka.h>

#include "compare.h"
#include "model.h"
#include "model_build.h"
#include "ui_compare.h"

#define W 1200
#define H 900

/* clang-format off */
#define E(t, tid, type, id, id2, status, text) \
	{ CT_EV_##type, (t), 100, (tid), "prog", (id), (id2), 0, (status), (text), 0 }
/* clang-format on */

/*
 * main spawns two producers, each sends one message; main receives
 * FIRST_MSG (11: "a", 12: "b") at RECV_AT and the other one after it, and
 * joins both at JOIN_AT.
 */
static struct ct_model *run_until(uint64_t first_msg, uint64_t recv_at, uint64_t join_at)
{
	const struct ct_model_input in[] = {
		E(0, 100, CHAN_NEW, 7, 0, 0, "rx"),
		E(10, 100, THREAD_SPAWN, 1, 0, 0, "p1"),
		E(20, 100, THREAD_SPAWN, 2, 0, 0, "p2"),
		E(30, 101, THREAD_BEGIN, 1, 0, 0, "p1"),
		E(40, 102, THREAD_BEGIN, 2, 0, 0, "p2"),
		E(1000, 101, CHAN_SEND_END, 7, 11, CT_OK, "a"),
		E(1000, 102, CHAN_SEND_END, 7, 12, CT_OK, "b"),
		E(2000, 101, THREAD_END, 1, 0, 0, NULL),
		E(2000, 102, THREAD_END, 2, 0, 0, NULL),
		E(recv_at, 100, CHAN_RECV_END, 7, first_msg, CT_OK, NULL),
		E(recv_at + 500, 100, CHAN_RECV_END, 7, first_msg == 11 ? 12 : 11, CT_OK, NULL),
		E(join_at, 100, JOIN_END, 1, 0, 0, NULL),
		E(join_at, 100, JOIN_END, 2, 0, 0, NULL),
	};

	return TEST_MODEL_BUILD(in);
}

static struct ct_model *run(uint64_t first_msg, uint64_t recv_at)
{
	return run_until(first_msg, recv_at, 9000);
}

/* The pixels of the divergence colour in column X between rows Y0 and Y1. */
static int count_column(SDL_Surface *s, int x, int y0, int y1)
{
	const uint32_t rgb = ct_ui_diverge_rgb();
	int n = 0;

	if (x < 0 || x >= s->w)
		return 0;
	for (int y = y0; y < y1; y++) {
		uint32_t px = ((const uint32_t *)((const uint8_t *)s->pixels + y * s->pitch))[x];

		n += (px & 0xFFFFFF) == rgb;
	}
	return n;
}

/* Renders A against B; skips the test (77 from main) when there is no font. */
static SDL_Surface *render(const struct ct_model *a, const struct ct_model *b,
			   struct ct_compare *cmp, struct ct_ui_compare_marks *marks)
{
	struct ct_ui_header ha = { .title_en = "Run A" }, hb = { .title_en = "Run B" };
	struct ct_ui_compare in = { { a, b }, { &ha, &hb }, cmp };
	SDL_Surface *pic = NULL;
	char err[512];
	enum ct_ui_status st;

	assert_int_equal(ct_model_compare(a, b, cmp), CT_MODEL_OK);
	st = ct_ui_render_compare(&in, W, H, &pic, marks, err, sizeof(err));
	if (st == CT_UI_NO_FONT)
		skip();
	if (st != CT_UI_OK)
		fail_msg("ct_ui_render_compare: %s", err);
	assert_int_equal(pic->format->format, SDL_PIXELFORMAT_ARGB8888);
	return pic;
}

static void test_divergence_marked(void **state)
{
	(void)state;
	/* A receives "a" at 3 us, B receives "b" at 6 us: the marks stand apart. */
	struct ct_model *a = run(11, 3000), *b = run(12, 6000);
	struct ct_ui_compare_marks m;
	struct ct_compare cmp;
	SDL_Surface *pic = render(a, b, &cmp, &m);

	assert_false(cmp.same);
	assert_true(m.has[0]);
	assert_true(m.has[1]);
	assert_int_equal(m.half_h, H / 2);
	/* Each run's event in its own half, on main's lane, B's later in time so further right. */
	assert_true(m.y[0] > 0 && m.y[0] < H / 2);
	assert_true(m.y[1] > H / 2 && m.y[1] < H);
	assert_true(m.x[1] > m.x[0] + 50);
	/* The dashed lines: the colour down each run's column, in its half. */
	assert_true(count_column(pic, m.x[0], 0, H / 2) > 40);
	assert_true(count_column(pic, m.x[1], H / 2, H) > 40);
	/* And nowhere left of both, right of both, or in A's half at B's column (but the joining line). */
	assert_int_equal(count_column(pic, m.x[0] - 30, 0, H), 0);
	assert_int_equal(count_column(pic, m.x[1] + 30, 0, H), 0);
	assert_true(count_column(pic, m.x[1], 0, H / 2) < 5);
	SDL_FreeSurface(pic);
	ct_compare_fini(&cmp);
	ct_model_destroy(a);
	ct_model_destroy(b);
}

/* One scale, one start: events at the same time of runs of very different lengths share an x. */
static void test_shared_axis(void **state)
{
	(void)state;
	struct ct_model *a = run(11, 3000), *b = run_until(12, 3000, 4000);
	struct ct_ui_compare_marks m;
	struct ct_compare cmp;
	SDL_Surface *pic = render(a, b, &cmp, &m);

	assert_true(m.has[0] && m.has[1]);
	assert_true(m.x[1] >= m.x[0] - 1 && m.x[1] <= m.x[0] + 1);
	SDL_FreeSurface(pic);
	ct_compare_fini(&cmp);
	ct_model_destroy(a);
	ct_model_destroy(b);
}

static void test_same_runs_unmarked(void **state)
{
	(void)state;
	struct ct_model *a = run(11, 3000), *b = run(11, 4000);
	struct ct_ui_compare_marks m;
	struct ct_compare cmp;
	SDL_Surface *pic = render(a, b, &cmp, &m);
	int n = 0;

	assert_true(cmp.same);
	assert_false(m.has[0]);
	assert_false(m.has[1]);
	for (int x = 0; x < W; x++)
		n += count_column(pic, x, 0, H);
	assert_int_equal(n, 0);
	SDL_FreeSurface(pic);
	ct_compare_fini(&cmp);
	ct_model_destroy(a);
	ct_model_destroy(b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_divergence_marked),
		cmocka_unit_test(test_shared_axis),
		cmocka_unit_test(test_same_runs_unmarked),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

/* SPDX-License-Identifier: MIT */
/*
 * s1_3b_use_after_drop.c - scenario 1.3b, listing 16-4 done in C: main drops
 * the vector while the spawned thread still uses it.
 */
#include "common.h"
#include "vec.h"

/* The closure of listing 16-4: it only borrows V, which main may drop meanwhile. */
static void *spawned(void *arg)
{
	const struct scn_vec *v = arg;
	char text[64];

	/* Give main time to drop v first, as it would in most runs of 16-4. */
	scn_sleep_ms(1);
	ct_access(v->id, CT_ACCESS_USE, (int64_t)v->len);
	scn_vec_format(v, text, sizeof(text));
	SCN_PRINT("Here's a vector: %s", text);
	return NULL;
}

int main(void)
{
	struct scn_vec *v = malloc(sizeof(*v));
	struct ct_thread handle;

	if (!v)
		scn_die("out of memory");
	*v = (struct scn_vec){ .id = ct_object_new("v"), .len = 3, .items = { 1, 2, 3 } };
	/* No move: the child borrows v, which Rust refuses to compile. */
	scn_check(ct_thread_spawn(&handle, "spawned", spawned, v), "spawning the thread");
	/*
	 * `drop(v);` from listing 16-4. Real C code would free(v) here and the
	 * child would read freed memory: undefined behaviour that usually
	 * prints garbage or nothing wrong at all. To stay a well-defined program
	 * this one only records the drop and keeps the memory valid until the
	 * child is joined; the trace still shows the use after the drop, which
	 * the analysis flags.
	 */
	ct_object_drop(v->id);
	scn_check(ct_thread_join(&handle, NULL), "joining the thread");
	free(v);
	return 0;
}

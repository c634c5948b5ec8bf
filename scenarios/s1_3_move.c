/* SPDX-License-Identifier: MIT */
/* s1_3_move.c - scenario 1.3, listings 16-3 to 16-5: move a vector into the spawned thread. */
#include "common.h"
#include "vec.h"

/* The closure of listing 16-5: it owns V from now on, uses it and drops it. */
static void *spawned(void *arg)
{
	struct scn_vec *v = arg;
	char text[64];

	ct_access(v->id, CT_ACCESS_USE, (int64_t)v->len);
	scn_vec_format(v, text, sizeof(text));
	SCN_PRINT("Here's a vector: %s", text);
	/* Rust drops the moved vector when the closure returns. */
	ct_object_drop(v->id);
	free(v);
	return NULL;
}

int main(void)
{
	struct scn_vec *v = malloc(sizeof(*v));
	struct ct_thread handle;

	if (!v)
		scn_die("out of memory");
	*v = (struct scn_vec){ .id = ct_object_new("v"), .len = 3, .items = { 1, 2, 3 } };
	/* `move ||`: the spawn records that ownership of v goes to the child. */
	scn_check(ct_thread_spawn_move(&handle, "spawned", spawned, v, v->id),
		  "spawning the thread");
	/* v belongs to the child now; main does not touch it again. */
	scn_check(ct_thread_join(&handle, NULL), "joining the thread");
	return 0;
}

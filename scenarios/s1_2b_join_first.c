/* SPDX-License-Identifier: MIT */
/* s1_2b_join_first.c - scenario 1.2b, listing 16-2 variant: join before main's loop. */
#include "common.h"

static void *spawned(void *arg)
{
	(void)arg;
	for (int i = 1; i < 10; i++) {
		SCN_PRINT("hi number %d from the spawned thread!", i);
		scn_sleep_ms(1);
	}
	return NULL;
}

int main(void)
{
	struct ct_thread handle;

	scn_check(ct_thread_spawn(&handle, "spawned", spawned, NULL), "spawning the thread");
	/* Joining first means main's loop only starts after the child ended: no interleaving. */
	scn_check(ct_thread_join(&handle, NULL), "joining the thread");
	for (int i = 1; i < 5; i++) {
		SCN_PRINT("hi number %d from the main thread!", i);
		scn_sleep_ms(1);
	}
	return 0;
}

/* SPDX-License-Identifier: MIT */
/* s1_2_join.c - scenario 1.2, listing 16-2: join the spawned thread at the end. */
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
	for (int i = 1; i < 5; i++) {
		SCN_PRINT("hi number %d from the main thread!", i);
		scn_sleep_ms(1);
	}
	/* main is done long before the child: it waits here until i reaches 9. */
	scn_check(ct_thread_join(&handle, NULL), "joining the thread");
	return 0;
}

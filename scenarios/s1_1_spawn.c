/* SPDX-License-Identifier: MIT */
/* s1_1_spawn.c - scenario 1.1, listing 16-1: spawn a thread and never join it. */
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
	/* The handle is deliberately never joined, like the listing's. */
	struct ct_thread handle;

	scn_check(ct_thread_spawn(&handle, "spawned", spawned, NULL), "spawning the thread");
	for (int i = 1; i < 5; i++) {
		SCN_PRINT("hi number %d from the main thread!", i);
		scn_sleep_ms(1);
	}
	/*
	 * Returning from main ends the process, and with it the spawned thread
	 * wherever it is: that cut-off lane is the point of the scenario, so
	 * no join and no other way out of the process.
	 */
	return 0;
}

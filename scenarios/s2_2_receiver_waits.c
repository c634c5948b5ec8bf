/* SPDX-License-Identifier: MIT */
/* s2_2_receiver_waits.c - scenario 2.2, listing 16-10: several values, a waiting receiver. */
#include "common.h"

/* The closure of listing 16-10: four sends a second apart, then tx is dropped. */
static void *spawned(void *arg)
{
	static const char *const vals[] = { "hi", "from", "the", "thread" };
	struct ct_sender *tx = arg;

	for (size_t i = 0; i < sizeof(vals) / sizeof(vals[0]); i++) {
		scn_check(ct_chan_send_labelled(tx, (void *)vals[i], vals[i]), "sending");
		scn_sleep_ms(1000);
	}
	/* Dropping the only sender is what ends main's receive loop. */
	scn_check(ct_sender_drop(tx), "dropping the sender");
	return NULL;
}

int main(void)
{
	struct ct_sender *tx;
	struct ct_receiver *rx;
	struct ct_thread handle;
	enum ct_status st;
	void *received;

	scn_check(ct_chan_new(&tx, &rx, CT_UNBOUNDED, "channel"), "creating the channel");
	scn_check(ct_thread_spawn(&handle, "spawned", spawned, tx), "spawning the thread");
	/* `for received in rx`: ends with CT_DISCONNECTED once the sender is gone. */
	while ((st = ct_chan_recv(rx, &received)) == CT_OK)
		SCN_PRINT("Got: %s", (const char *)received);
	if (st != CT_DISCONNECTED)
		scn_check(st, "receiving");
	scn_check(ct_receiver_drop(rx), "dropping the receiver");
	/* Not in the listing (which detaches): in C an unjoined thread leaks. */
	scn_check(ct_thread_join(&handle, NULL), "joining the thread");
	return 0;
}

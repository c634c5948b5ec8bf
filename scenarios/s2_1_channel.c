/* SPDX-License-Identifier: MIT */
/* s2_1_channel.c - scenario 2.1, listings 16-6 to 16-8: one message over a channel. */
#include "common.h"

/* The closure of listing 16-8: it owns tx and drops it when it returns. */
static void *spawned(void *arg)
{
	struct ct_sender *tx = arg;
	static const char val[] = "hi";

	/* The message is the string itself; the label writes it on the arrow. */
	scn_check(ct_chan_send_labelled(tx, (void *)val, val), "sending");
	scn_check(ct_sender_drop(tx), "dropping the sender");
	return NULL;
}

int main(void)
{
	struct ct_sender *tx;
	struct ct_receiver *rx;
	struct ct_thread handle;
	void *received;

	scn_check(ct_chan_new(&tx, &rx, CT_UNBOUNDED, "channel"), "creating the channel");
	scn_check(ct_thread_spawn(&handle, "spawned", spawned, tx), "spawning the thread");
	/* main most likely gets here before the child sent: it blocks in recv. */
	scn_check(ct_chan_recv(rx, &received), "receiving");
	SCN_PRINT("Got: %s", (const char *)received);
	scn_check(ct_receiver_drop(rx), "dropping the receiver");
	/*
	 * Not in the listing, whose JoinHandle is simply dropped (the thread is
	 * detached). In C an unjoined thread leaks, and libctrace has no detach;
	 * joining also keeps the child's lane from being cut off at exit, which
	 * is scenario 1.1's lesson, not this one's.
	 */
	scn_check(ct_thread_join(&handle, NULL), "joining the thread");
	return 0;
}

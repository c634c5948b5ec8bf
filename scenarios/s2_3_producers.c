/* SPDX-License-Identifier: MIT */
/* s2_3_producers.c - scenario 2.3, listing 16-11: two producers through a cloned sender. */
#include "common.h"

struct producer {
	struct ct_sender *tx;    /* owned: dropped when the producer is done */
	const char *const *vals; /* borrowed: static words, NULL-terminated */
};

/* Either closure of listing 16-11: send each word, a second apart. */
static void *produce(void *arg)
{
	const struct producer *p = arg;

	for (const char *const *val = p->vals; *val; val++) {
		scn_check(ct_chan_send_labelled(p->tx, (void *)*val, *val), "sending");
		scn_sleep_ms(1000);
	}
	scn_check(ct_sender_drop(p->tx), "dropping a sender");
	return NULL;
}

int main(void)
{
	static const char *const vals1[] = { "hi", "from", "the", "thread", NULL };
	static const char *const vals2[] = { "more", "messages", "for", "you", NULL };
	struct producer first, second;
	struct ct_sender *tx, *tx1;
	struct ct_receiver *rx;
	struct ct_thread h1, h2;
	enum ct_status st;
	void *received;

	scn_check(ct_chan_new(&tx, &rx, CT_UNBOUNDED, "channel"), "creating the channel");
	scn_check(ct_sender_clone(tx, &tx1), "cloning the sender");
	/* Each producer owns one sender; the channel disconnects when both are dropped. */
	first = (struct producer){ .tx = tx1, .vals = vals1 };
	second = (struct producer){ .tx = tx, .vals = vals2 };
	scn_check(ct_thread_spawn(&h1, "producer-1", produce, &first), "spawning producer 1");
	scn_check(ct_thread_spawn(&h2, "producer-2", produce, &second), "spawning producer 2");
	while ((st = ct_chan_recv(rx, &received)) == CT_OK)
		SCN_PRINT("Got: %s", (const char *)received);
	if (st != CT_DISCONNECTED)
		scn_check(st, "receiving");
	scn_check(ct_receiver_drop(rx), "dropping the receiver");
	/* Not in the listing (which detaches): in C an unjoined thread leaks. */
	scn_check(ct_thread_join(&h1, NULL), "joining producer 1");
	scn_check(ct_thread_join(&h2, NULL), "joining producer 2");
	return 0;
}

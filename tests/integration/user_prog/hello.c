/* SPDX-License-Identifier: MIT */
/* hello.c - a user's program built against an installed libctrace (the README's example). */
#include <ctrace/ctrace.h>

static void *produce(void *tx)
{
	ct_chan_send_labelled(tx, "hi", "hi");
	ct_sender_drop(tx);
	return NULL;
}

int main(void)
{
	struct ct_sender *tx;
	struct ct_receiver *rx;
	struct ct_thread t;
	void *msg;

	ct_chan_new(&tx, &rx, CT_UNBOUNDED, "greetings");
	ct_thread_spawn(&t, "producer", produce, tx);
	while (ct_chan_recv(rx, &msg) == CT_OK) /* for msg in rx */
		ct_print("Got: %s", (char *)msg);
	ct_thread_join(&t, NULL);
	ct_receiver_drop(rx);
	return 0;
}

/* SPDX-License-Identifier: MIT */
/*
 * order_prog.c - a program whose happens-before order its argument decides,
 * for `ctrace diff`'s tests: two threads called "producer", each spawned
 * and joined before the next, send one message each on channel "rx"; main
 * then receives and prints both. With "ab" the first producer sends "a",
 * with "ba" it sends "b". The same argument gives the same order in every
 * run, however it is timed; the other one parts from it at the first send.
 *   order_prog ab | ba
 */
#include <stdio.h>
#include <string.h>

#include <ctrace/ctrace.h>

struct job {
	struct ct_sender *tx;
	const char *label;
};

static void *producer(void *arg)
{
	struct job *j = arg;

	ct_chan_send_labelled(j->tx, (void *)j->label, j->label);
	ct_sender_drop(j->tx);
	return NULL;
}

int main(int argc, char **argv)
{
	bool ba = argc > 1 && strcmp(argv[1], "ba") == 0;
	struct ct_sender *tx;
	struct ct_receiver *rx;
	struct job jobs[2];
	void *msg;

	if (ct_chan_new(&tx, &rx, -1, "rx") != CT_OK)
		return 1;
	for (int i = 0; i < 2; i++) {
		struct ct_thread t;

		jobs[i].label = (i == 0) != ba ? "a" : "b";
		if (ct_sender_clone(tx, &jobs[i].tx) != CT_OK ||
		    ct_thread_spawn(&t, "producer", producer, &jobs[i]) != CT_OK ||
		    ct_thread_join(&t, NULL) != CT_OK)
			return 1;
	}
	ct_sender_drop(tx);
	while (ct_chan_recv(rx, &msg) == CT_OK)
		ct_print("Got: %s", (const char *)msg);
	ct_receiver_drop(rx);
	return 0;
}

/* SPDX-License-Identifier: MIT */
/*
 * shim_ctprog.c - a libctrace program whose events do not depend on timing,
 * recorded with and without the shim to show nothing is counted twice:
 * threads, an unbounded channel, a mutex, a condition wait that times out,
 * a sleep and a print.
 */
#include <stdint.h>
#include <stdlib.h>

#include <ctrace/ctrace.h>

static void *worker(void *arg)
{
	ct_mark("worker");
	ct_sleep_ms(1);
	return arg;
}

int main(void)
{
	struct ct_thread t[3];
	struct ct_sender *tx;
	struct ct_receiver *rx;
	struct ct_mutex *m;
	struct ct_cond *c;
	void *msg;

	for (int i = 0; i < 3; i++)
		if (ct_thread_spawn(&t[i], "worker", worker, NULL) != CT_OK)
			return 1;
	for (int i = 0; i < 3; i++)
		ct_thread_join(&t[i], NULL);
	if (ct_chan_new(&tx, &rx, CT_UNBOUNDED, "numbers") != CT_OK)
		return 1;
	for (intptr_t i = 1; i <= 10; i++)
		ct_chan_send(tx, (void *)i);
	for (int i = 0; i < 10; i++)
		ct_chan_recv(rx, &msg);
	ct_sender_drop(tx);
	ct_receiver_drop(rx);
	if (ct_mutex_new(&m, NULL, "m") != CT_OK || ct_cond_new(&c, "c") != CT_OK)
		return 1;
	for (int i = 0; i < 10; i++) {
		ct_mutex_lock(m, NULL);
		ct_mutex_unlock(m);
	}
	ct_mutex_lock(m, NULL);
	ct_cond_wait_timeout(c, m, 5000000);
	ct_mutex_unlock(m);
	ct_cond_destroy(c);
	ct_mutex_destroy(m, NULL);
	ct_sleep_ms(2);
	ct_print("done");
	return 0;
}

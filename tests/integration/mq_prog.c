/* SPDX-License-Identifier: MIT */
/*
 * mq_prog.c - a plain program (nothing of ctrace linked) that passes
 * messages through a POSIX message queue, for test_shim to record through
 * the LD_PRELOAD shim.
 *
 * usage: mq_prog threads|fork N
 *  - threads: a producer thread sends N distinct messages (priorities 0..2,
 *    so delivery is reordered) to a queue that holds 2, and main receives
 *    them slowly: the producer blocks while the queue is full. After half of
 *    them the producer pauses, so main blocks on the empty queue.
 *  - fork: the parent sends N messages, a forked child receives them; the
 *    child starts slowly, so the parent blocks on the full queue too.
 * Prints "received=N", "sum=S" (the sum of the message numbers, checked
 * against the expected value) and "queue=NAME"; exits 1 on any error. The
 * queue's name includes the pid, and it is unlinked before exiting.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <mqueue.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define MSG_SIZE 64

static char qname[64];
static int n_msgs;

static void pause_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
		;
}

static void die(const char *what)
{
	perror(what);
	mq_unlink(qname);
	exit(1);
}

/* Sends message I ("message I", lengths vary); after half of them, pauses when PAUSE. */
static void send_all(mqd_t q, int pause)
{
	for (int i = 0; i < n_msgs; i++) {
		char msg[MSG_SIZE];
		int len = snprintf(msg, sizeof(msg), "message %d", i);

		if (pause && i == n_msgs / 2)
			pause_ms(300);
		if (mq_send(q, msg, (size_t)len, (unsigned)(i % 3)) != 0)
			die("mq_send");
	}
}

/* Receives N messages, the first after FIRST_MS and each after EACH_MS; returns their number sum. */
static long recv_all(mqd_t q, long first_ms, long each_ms)
{
	long sum = 0;

	pause_ms(first_ms);
	for (int i = 0; i < n_msgs; i++) {
		char buf[MSG_SIZE + 1];
		unsigned prio;
		ssize_t n = mq_receive(q, buf, MSG_SIZE, &prio);
		int k;

		if (n < 0)
			die("mq_receive");
		buf[n] = '\0';
		if (sscanf(buf, "message %d", &k) != 1 || k < 0 || k >= n_msgs ||
		    prio != (unsigned)(k % 3)) {
			fprintf(stderr, "bad message \"%s\" prio %u\n", buf, prio);
			mq_unlink(qname);
			exit(1);
		}
		sum += k;
		if (i + 1 < n_msgs / 2)
			pause_ms(each_ms);
	}
	return sum;
}

static void *producer(void *arg)
{
	pthread_setname_np(pthread_self(), "producer");
	send_all(*(mqd_t *)arg, 1);
	return NULL;
}

int main(int argc, char **argv)
{
	struct mq_attr attr = { .mq_maxmsg = 2, .mq_msgsize = MSG_SIZE };
	long sum, want;
	mqd_t q;

	if (argc != 3 || (strcmp(argv[1], "threads") && strcmp(argv[1], "fork")) ||
	    (n_msgs = atoi(argv[2])) < 6) {
		fprintf(stderr, "usage: mq_prog threads|fork N (N >= 6)\n");
		return 2;
	}
	want = (long)n_msgs * (n_msgs - 1) / 2;
	snprintf(qname, sizeof(qname), "/ctrace-mq-test-%d", (int)getpid());
	q = mq_open(qname, O_CREAT | O_EXCL | O_RDWR, 0600, &attr);
	if (q == (mqd_t)-1)
		die("mq_open");
	printf("queue=%s\n", qname);
	fflush(stdout);
	if (strcmp(argv[1], "threads") == 0) {
		pthread_t t;

		if (pthread_create(&t, NULL, producer, &q) != 0)
			die("pthread_create");
		/* Slow at first: the producer fills the queue and blocks. */
		sum = recv_all(q, 100, 10);
		if (pthread_join(t, NULL) != 0)
			die("pthread_join");
	} else {
		int status;
		pid_t child = fork();

		if (child < 0)
			die("fork");
		if (child == 0) {
			pthread_setname_np(pthread_self(), "consumer");
			sum = recv_all(q, 100, 10);
			printf("child received=%d sum=%ld\n", n_msgs, sum);
			fflush(stdout);
			_exit(sum == want ? 0 : 1);
		}
		send_all(q, 1);
		if (waitpid(child, &status, 0) != child || !WIFEXITED(status) ||
		    WEXITSTATUS(status) != 0)
			die("child");
		sum = want;
	}
	mq_close(q);
	mq_unlink(qname);
	printf("received=%d\nsum=%ld\n", n_msgs, sum);
	return sum == want ? 0 : 1;
}

/* SPDX-License-Identifier: MIT */
/*
 * echo_client.c - the client of echo_server: several threads each send
 * lines and read their echoes.
 *
 *   echo_client tcp|unix|udp ADDRFILE THREADS LINES
 *
 * It waits (up to 10 s) for ADDRFILE, which the server writes once it
 * listens, and 100 ms more, then each of THREADS threads connects (tcp: 127.0.0.1 and the
 * port in the file; unix: the path in the file), and LINES times sends a
 * line, waits for its echo (tcp with poll, unix with select, udp with
 * epoll_wait), reads it back and checks it, pausing a millisecond between
 * lines so the server is seen waiting. udp: each thread sends its lines as
 * datagrams from a socket of its own. Exits 1 if an echo differs.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/select.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#define MAX_THREADS 64

static const char *mode;
static char addr[100];
static int lines;

static void die(const char *what)
{
	perror(what);
	exit(1);
}

static void pause_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	nanosleep(&ts, NULL);
}

static void read_addr(const char *path)
{
	for (int tries = 0; tries < 1000; tries++) {
		FILE *f = fopen(path, "r");

		if (f) {
			char *ok = fgets(addr, sizeof(addr), f);

			fclose(f);
			if (ok) {
				addr[strcspn(addr, "\n")] = '\0';
				return;
			}
		}
		pause_ms(10);
	}
	fprintf(stderr, "echo_client: no address in %s\n", path);
	exit(1);
}

static int connect_server(void)
{
	int fd;

	if (strcmp(mode, "unix") == 0) {
		struct sockaddr_un un = { .sun_family = AF_UNIX };

		snprintf(un.sun_path, sizeof(un.sun_path), "%s", addr);
		fd = socket(AF_UNIX, SOCK_STREAM, 0);
		if (fd < 0 || connect(fd, (struct sockaddr *)&un, sizeof(un)) != 0)
			die("echo_client: connect");
	} else {
		struct sockaddr_in in = { .sin_family = AF_INET };

		in.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
		in.sin_port = htons((uint16_t)atoi(addr));
		fd = socket(AF_INET, strcmp(mode, "udp") == 0 ? SOCK_DGRAM : SOCK_STREAM, 0);
		if (fd < 0)
			die("echo_client: socket");
		/* udp: connect only for tcp; datagrams name their destination each time. */
		if (strcmp(mode, "tcp") == 0 &&
		    connect(fd, (struct sockaddr *)&in, sizeof(in)) != 0)
			die("echo_client: connect");
	}
	return fd;
}

/* Waits until FD has something to read, with the call the mode shows off. */
static void wait_readable(int fd, int ep)
{
	int n;

	if (strcmp(mode, "tcp") == 0) {
		struct pollfd p = { .fd = fd, .events = POLLIN };

		n = poll(&p, 1, 10000);
	} else if (strcmp(mode, "unix") == 0) {
		fd_set r;
		struct timeval tv = { 10, 0 };

		FD_ZERO(&r);
		FD_SET(fd, &r);
		n = select(fd + 1, &r, NULL, NULL, &tv);
	} else {
		struct epoll_event ev;

		n = epoll_wait(ep, &ev, 1, 10000);
	}
	if (n != 1)
		die("echo_client: waiting for the echo");
}

static void *client(void *arg)
{
	int t = (int)(intptr_t)arg, fd = connect_server();
	struct sockaddr_in to = { .sin_family = AF_INET };
	struct epoll_event want = { .events = EPOLLIN };
	int ep = epoll_create1(EPOLL_CLOEXEC);

	want.data.fd = fd;
	if (ep < 0 || epoll_ctl(ep, EPOLL_CTL_ADD, fd, &want) != 0)
		die("echo_client: epoll");

	to.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	to.sin_port = htons((uint16_t)atoi(addr));
	for (int i = 0; i < lines; i++) {
		char line[64], back[64];
		size_t len = (size_t)snprintf(line, sizeof(line), "thread %d line %d\n", t, i);
		size_t got = 0;

		if (strcmp(mode, "udp") == 0) {
			ssize_t n;

			if (sendto(fd, line, len, 0, (struct sockaddr *)&to, sizeof(to)) !=
			    (ssize_t)len)
				die("echo_client: sendto");
			wait_readable(fd, ep);
			n = recvfrom(fd, back, sizeof(back), 0, NULL, NULL);
			if (n < 0)
				die("echo_client: recvfrom");
			got = (size_t)n;
		} else {
			if (send(fd, line, len, 0) != (ssize_t)len)
				die("echo_client: send");
			wait_readable(fd, ep);
			while (got < len) {
				ssize_t n = recv(fd, back + got, len - got, 0);

				if (n <= 0)
					die("echo_client: recv");
				got += (size_t)n;
			}
		}
		if (got != len || memcmp(line, back, len) != 0) {
			fprintf(stderr, "echo_client: thread %d: wrong echo\n", t);
			exit(1);
		}
		pause_ms(1);
	}
	close(ep);
	close(fd);
	return NULL;
}

int main(int argc, char **argv)
{
	pthread_t threads[MAX_THREADS];
	int n;

	if (argc != 5 ||
	    (strcmp(argv[1], "tcp") && strcmp(argv[1], "unix") && strcmp(argv[1], "udp"))) {
		fprintf(stderr, "usage: echo_client tcp|unix|udp ADDRFILE THREADS LINES\n");
		return 2;
	}
	mode = argv[1];
	n = atoi(argv[3]);
	lines = atoi(argv[4]);
	if (n < 1 || n > MAX_THREADS || lines < 1) {
		fprintf(stderr, "echo_client: THREADS is 1 to %d, LINES at least 1\n", MAX_THREADS);
		return 2;
	}
	read_addr(argv[2]);
	/* Let the server reach accept first, so its wait for a connection is seen. */
	pause_ms(100);
	for (int i = 0; i < n; i++)
		if (pthread_create(&threads[i], NULL, client, (void *)(intptr_t)i) != 0)
			die("echo_client: pthread_create");
	for (int i = 0; i < n; i++)
		pthread_join(threads[i], NULL);
	printf("echo_client: %d threads, %d lines each, all echoed\n", n, lines);
	return 0;
}

/* SPDX-License-Identifier: MIT */
/*
 * echo_server.c - a threaded echo server that knows nothing of ctrace, for
 * `ctrace record` (sockets carry arrows).
 *
 *   echo_server tcp|unix|udp ADDRFILE COUNT
 *
 * tcp: listens on 127.0.0.1 with a port the kernel picks; unix: on the path
 * ADDRFILE.sock. It writes its address (the port, or the path) to ADDRFILE
 * once it listens, accepts COUNT connections and serves each on a thread of
 * its own, echoing every byte back until the client closes; then it joins
 * them and exits. udp: one thread echoes COUNT datagrams back to their
 * senders. Loopback only.
 */
#include <arpa/inet.h>
#include <stdint.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#define MAX_CONN 64

static void die(const char *what)
{
	perror(what);
	exit(1);
}

/* Writes TEXT to PATH through a temporary name, so a reader never sees half of it. */
static void publish(const char *path, const char *text)
{
	char tmp[4096];
	FILE *f;

	snprintf(tmp, sizeof(tmp), "%s.tmp", path);
	f = fopen(tmp, "w");
	if (!f || fputs(text, f) == EOF || fclose(f) != 0 || rename(tmp, path) != 0)
		die("echo_server: address file");
}

/* One connection: echo until the client closes. */
static void *serve(void *arg)
{
	int fd = (int)(intptr_t)arg;
	char buf[4096];
	ssize_t n;

	while ((n = recv(fd, buf, sizeof(buf), 0)) > 0) {
		for (ssize_t done = 0; done < n;) {
			ssize_t w = send(fd, buf + done, (size_t)(n - done), 0);

			if (w < 0)
				die("echo_server: send");
			done += w;
		}
	}
	if (n < 0)
		die("echo_server: recv");
	close(fd);
	return NULL;
}

static int listen_on(const char *mode, const char *addrfile, char *addr, size_t len)
{
	int fd;

	if (strcmp(mode, "tcp") == 0) {
		struct sockaddr_in in = { .sin_family = AF_INET };
		socklen_t sl = sizeof(in);

		in.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
		fd = socket(AF_INET, SOCK_STREAM, 0);
		if (fd < 0 || bind(fd, (struct sockaddr *)&in, sizeof(in)) != 0 ||
		    listen(fd, MAX_CONN) != 0 || getsockname(fd, (struct sockaddr *)&in, &sl) != 0)
			die("echo_server: tcp");
		snprintf(addr, len, "%u\n", ntohs(in.sin_port));
	} else {
		struct sockaddr_un un = { .sun_family = AF_UNIX };

		snprintf(un.sun_path, sizeof(un.sun_path), "%s.sock", addrfile);
		unlink(un.sun_path);
		fd = socket(AF_UNIX, SOCK_STREAM, 0);
		if (fd < 0 || bind(fd, (struct sockaddr *)&un, sizeof(un)) != 0 ||
		    listen(fd, MAX_CONN) != 0)
			die("echo_server: unix");
		snprintf(addr, len, "%s\n", un.sun_path);
	}
	return fd;
}

static void serve_datagrams(const char *addrfile, int count)
{
	struct sockaddr_in in = { .sin_family = AF_INET };
	socklen_t sl = sizeof(in);
	char addr[32], buf[2048];
	int fd = socket(AF_INET, SOCK_DGRAM, 0);

	in.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (fd < 0 || bind(fd, (struct sockaddr *)&in, sizeof(in)) != 0 ||
	    getsockname(fd, (struct sockaddr *)&in, &sl) != 0)
		die("echo_server: udp");
	snprintf(addr, sizeof(addr), "%u\n", ntohs(in.sin_port));
	publish(addrfile, addr);
	for (int i = 0; i < count; i++) {
		struct sockaddr_storage from;
		socklen_t fl = sizeof(from);
		ssize_t n = recvfrom(fd, buf, sizeof(buf), 0, (struct sockaddr *)&from, &fl);

		if (n < 0 || sendto(fd, buf, (size_t)n, 0, (struct sockaddr *)&from, fl) != n)
			die("echo_server: udp echo");
	}
	close(fd);
}

int main(int argc, char **argv)
{
	pthread_t threads[MAX_CONN];
	char addr[256];
	int count, fd;

	if (argc != 4 ||
	    (strcmp(argv[1], "tcp") && strcmp(argv[1], "unix") && strcmp(argv[1], "udp"))) {
		fprintf(stderr, "usage: echo_server tcp|unix|udp ADDRFILE COUNT\n");
		return 2;
	}
	count = atoi(argv[3]);
	if (strcmp(argv[1], "udp") == 0) {
		serve_datagrams(argv[2], count);
		return 0;
	}
	if (count < 1 || count > MAX_CONN) {
		fprintf(stderr, "echo_server: COUNT is 1 to %d\n", MAX_CONN);
		return 2;
	}
	fd = listen_on(argv[1], argv[2], addr, sizeof(addr));
	publish(argv[2], addr);
	for (int i = 0; i < count; i++) {
		int c = accept(fd, NULL, NULL);

		if (c < 0)
			die("echo_server: accept");
		if (pthread_create(&threads[i], NULL, serve, (void *)(intptr_t)c) != 0)
			die("echo_server: pthread_create");
	}
	for (int i = 0; i < count; i++)
		pthread_join(threads[i], NULL);
	close(fd);
	if (strcmp(argv[1], "unix") == 0) {
		addr[strcspn(addr, "\n")] = '\0';
		unlink(addr);
	}
	return 0;
}

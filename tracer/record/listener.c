/* SPDX-License-Identifier: MIT */
/*
 * listener.c - the announcement listener: a thread that, while the program
 * runs, adds each process that announces itself on the announcement socket
 * (a process the program forked or started, see tracer/preload/fork.c) to
 * the session's process tracker, then answers it. The protocol is
 * tracer/schema/announce.h.
 *
 * It is the only thread calling liblttng-ctl while the program runs.
 */
#include "recording.h"

#include <errno.h>
#include <signal.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "announce.h"

void ct_rec_listener_init(struct ct_rec_listener *l, const struct ct_rec_log *log)
{
	memset(l, 0, sizeof(*l));
	l->fd = -1;
	l->child_fd = -1;
	atomic_init(&l->eof, false);
	atomic_init(&l->more_processes, 0);
	l->log = log;
}

enum ct_record_status ct_rec_listener_open(struct ct_rec_listener *l, char *err, size_t errlen)
{
	int sv[2];

	if (socketpair(AF_UNIX, CT_ANNOUNCE_SOCKET_TYPE | SOCK_CLOEXEC, 0, sv) != 0) {
		ct_rec_set_err(err, errlen, "cannot create a socket pair: %s", strerror(errno));
		return CT_RECORD_SYSTEM_ERROR;
	}
	l->fd = sv[0];
	l->child_fd = sv[1];
	return CT_RECORD_OK;
}

void ct_rec_listener_close_child_end(struct ct_rec_listener *l)
{
	if (l->child_fd >= 0)
		close(l->child_fd);
	l->child_fd = -1;
}

/*
 * For each announcement, adds its pid to the tracker, then answers. Ends at
 * end-of-file: when no process holds the program's end any more, or when
 * ct_rec_listener_stop shuts the socket down.
 */
static void *listener_main(void *p)
{
	struct ct_rec_listener *l = p;

	for (;;) {
		struct ct_announce a;
		pid_t pid;
		int reply;
		char msgerr[256];
		ssize_t r = ct_announce_recv(l->fd, &a, &reply);

		if (r <= 0) {
			/*
			 * EOF: no process holds the program's end any more (or we shut it
			 * down). The recording thread may be waiting for that in
			 * ct_rec_others_wait: SIGCHLD, which it takes synchronously, wakes
			 * it now rather than at its next tick.
			 */
			if (r == 0) {
				atomic_store(&l->eof, true);
				pthread_kill(l->waiter, SIGCHLD);
			}
			break;
		}
		pid = r == (ssize_t)sizeof(a) ? a.pid : 0;
		if (pid > 0 && ct_rec_others_has(l->others, pid)) {
			/* A forked child that then execs announces itself twice: tracked already. */
		} else if (pid > 0) {
			if (ct_rec_session_track(l->session, pid, false, msgerr, sizeof(msgerr)) ==
			    CT_RECORD_OK) {
				atomic_fetch_add(&l->more_processes, 1);
				ct_rec_others_watch(l->others, pid);
			} else
				ct_rec_say(l->log, "warning: process %ld will not be recorded: %s",
					   (long)pid, msgerr);
		}
		if (reply >= 0) {
			/* Answered even on failure: the process must not wait for ever. */
			const char answer = CT_ANNOUNCE_REPLY;

			while (write(reply, &answer, 1) < 0 && errno == EINTR)
				;
			close(reply);
		}
	}
	return NULL;
}

enum ct_record_status ct_rec_listener_start(struct ct_rec_listener *l,
					    struct ct_rec_session *session,
					    struct ct_rec_others *others, char *err, size_t errlen)
{
	int e;

	if (l->fd < 0)
		return CT_RECORD_OK;
	l->session = session;
	l->others = others;
	l->waiter = pthread_self();
	e = pthread_create(&l->thread, NULL, listener_main, l);
	if (e) {
		ct_rec_set_err(err, errlen, "cannot start the announcement thread: %s",
			       strerror(e));
		return CT_RECORD_SYSTEM_ERROR;
	}
	l->running = true;
	return CT_RECORD_OK;
}

/*
 * Shutting the socket down wakes the thread's recvmsg with end-of-file.
 * Processes still announcing find the socket closed and carry on untraced.
 */
void ct_rec_listener_stop(struct ct_rec_listener *l)
{
	if (l->running) {
		shutdown(l->fd, SHUT_RDWR);
		pthread_join(l->thread, NULL);
		l->running = false;
	}
	if (l->fd >= 0)
		close(l->fd);
	l->fd = -1;
	ct_rec_listener_close_child_end(l);
}

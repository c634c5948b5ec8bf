/* SPDX-License-Identifier: MIT */
/*
 * announce.h - the announce protocol between the recorder and the shim: how
 * a process the traced program forks or starts gets itself recorded. The
 * recorder's side is tracer/record/ (env.c, listener.c), the shim's is
 * tracer/preload/fork.c; both include this header, and nothing else spells
 * the protocol.
 *
 * Why: the recorder's LTTng session records only the process ids in its
 * vpid tracker, and at first that is the one program it started. A new
 * process must be added before its events count, and it must not run on
 * until it is, or its first events are lost.
 *
 * Setup (recorder): an AF_UNIX socket pair of type CT_ANNOUNCE_SOCKET_TYPE.
 * The recorder keeps one end; the program inherits the other (the one
 * descriptor the recorder passes on purpose) and gets in its environment
 *   CT_ANNOUNCE_FD_ENV=N        the number of that descriptor
 *   CT_ANNOUNCE_PARENT_ENV=PID  the recorder's own pid
 * Every process the program forks or starts inherits both, and the
 * descriptor.
 *
 * Who announces (shim): a process whose descriptor N is still the socket it
 * inherited (checked by device and inode: a program that reused the number
 * with dup2 is left alone), namely
 *  - a forked child, right after fork() returns in it;
 *  - a process whose parent is not PID, in the shim's constructor: a program
 *    started with posix_spawn, system() or fork + exec. The program itself
 *    (whose parent is PID) does not: the recorder tracks it before it execs.
 * A forked child that then execs announces itself twice; the recorder
 * answers the second time without tracking it again.
 *
 * The message: one datagram whose payload is a struct ct_announce, with
 * exactly one descriptor attached (SCM_RIGHTS): the write end of a pipe
 * made for this announcement, whose read end the announcing process keeps.
 * The socket type keeps concurrent announcements from different processes
 * apart. A message of another size, or with a pid <= 0, is not an
 * announcement (but its pipe is still answered).
 *
 * The answer: once the pid is in the tracker (or the recorder failed to add
 * it), the recorder writes one byte, CT_ANNOUNCE_REPLY, into the pipe and
 * closes it. The announcing process blocks until it reads that byte or
 * end-of-file, then carries on; since only the recorder holds the write end,
 * a recorder that is gone (or has shut its end down) never leaves it blocked.
 * By then the session daemon has given the process the session's buffers.
 *
 * The end: the recorder reads end-of-file on its end once no process holds
 * the program's end any more, which is how it knows that every process the
 * program started has exited. The shim's close() keeps the descriptor open
 * (a daemon closing every descriptor still announces its children), so that
 * end-of-file is exact.
 *
 * Only async-signal-safe calls are made here: the shim announces in a
 * forked child.
 */
#ifndef CTRACE_ANNOUNCE_H
#define CTRACE_ANNOUNCE_H

#include <errno.h>
#include <stdbool.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/types.h>

#define CT_ANNOUNCE_FD_ENV      "CTRACE_SHIM_FD"
#define CT_ANNOUNCE_PARENT_ENV  "CTRACE_SHIM_PARENT"
#define CT_ANNOUNCE_SOCKET_TYPE SOCK_SEQPACKET
#define CT_ANNOUNCE_REPLY       'k'

/*
 * Set (to "1") only in the recorder's warm-up process (tracer/record/
 * warmup.c says why it runs): the shim then neither announces nor records
 * anything, and the process only registers the shim's event classes with
 * the session.
 */
#define CT_WARMUP_ENV "CTRACE_SHIM_WARMUP"

/* The payload of one announcement. */
struct ct_announce {
	pid_t pid; /* the announcing process (getpid()) */
};

/* The control buffer for the one descriptor an announcement carries. */
union ct_announce_ctl {
	char buf[CMSG_SPACE(sizeof(int))];
	struct cmsghdr align;
};

/*
 * Sends the announcement of PID on SOCK with REPLY_FD, the write end of the
 * reply pipe, retrying when interrupted and never raising SIGPIPE. Returns
 * whether the whole message went out.
 */
static inline bool ct_announce_send(int sock, pid_t pid, int reply_fd)
{
	struct ct_announce a = { .pid = pid };
	union ct_announce_ctl ctl;
	struct iovec iov = { .iov_base = &a, .iov_len = sizeof(a) };
	struct msghdr msg = {
		.msg_iov = &iov,
		.msg_iovlen = 1,
		.msg_control = ctl.buf,
		.msg_controllen = sizeof(ctl.buf),
	};
	struct cmsghdr *cm;
	ssize_t r;

	memset(ctl.buf, 0, sizeof(ctl.buf));
	cm = CMSG_FIRSTHDR(&msg);
	cm->cmsg_level = SOL_SOCKET;
	cm->cmsg_type = SCM_RIGHTS;
	cm->cmsg_len = CMSG_LEN(sizeof(int));
	memcpy(CMSG_DATA(cm), &reply_fd, sizeof(int));
	while ((r = sendmsg(sock, &msg, MSG_NOSIGNAL)) < 0 && errno == EINTR)
		;
	return r == (ssize_t)sizeof(a);
}

/*
 * Receives one message from SOCK into *A and *REPLY_FD (the attached
 * descriptor, close-on-exec and owned by the caller, or -1 when none came),
 * retrying when interrupted. Returns what recvmsg returns: 0 at end-of-file,
 * < 0 on error; the message is an announcement when the return is
 * sizeof(*A) and A->pid > 0.
 */
static inline ssize_t ct_announce_recv(int sock, struct ct_announce *a, int *reply_fd)
{
	union ct_announce_ctl ctl;
	struct iovec iov = { .iov_base = a, .iov_len = sizeof(*a) };
	struct msghdr msg = {
		.msg_iov = &iov,
		.msg_iovlen = 1,
		.msg_control = ctl.buf,
		.msg_controllen = sizeof(ctl.buf),
	};
	struct cmsghdr *cm;
	ssize_t r;

	*reply_fd = -1;
	while ((r = recvmsg(sock, &msg, MSG_CMSG_CLOEXEC)) < 0 && errno == EINTR)
		;
	if (r < 0)
		return r;
	for (cm = CMSG_FIRSTHDR(&msg); cm; cm = CMSG_NXTHDR(&msg, cm))
		if (cm->cmsg_level == SOL_SOCKET && cm->cmsg_type == SCM_RIGHTS)
			memcpy(reply_fd, CMSG_DATA(cm), sizeof(int));
	return r;
}

#endif /* CTRACE_ANNOUNCE_H */

/* SPDX-License-Identifier: MIT */
/*
 * fork.c - gets forked children (and programs the traced program starts)
 * into the recording: the shim's side of the announce protocol, which
 * tracer/schema/announce.h explains once for both sides.
 *
 * Processes announce themselves:
 *  - after fork() returns in the child. The fork goes through
 *    liblttng-ust-fork.so (preloaded after this library), which makes
 *    LTTng-UST work again in the child;
 *  - in this library's constructor, when the process is not the recorder's
 *    own child: a program started with posix_spawn, system() or fork + exec.
 *
 * If the recorder is gone, or the descriptor is no longer the socket it gave
 * (the program replaced it with dup2), the process continues untraced: it
 * never blocks for ever. A program that closes every descriptor (a daemon)
 * does not close the socket: close() leaves it open and says it closed it
 * (ct_shim_fd_reserved), as LTTng's fd helper does for LTTng-UST's own, so
 * the processes it forks next are still recorded. Only async-signal-safe
 * calls are made after fork.
 */
#include "shim.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "announce.h"

static int report_fd = -1;
static dev_t report_dev;
static ino_t report_ino;

bool ct_shim_fd_reserved(int fd)
{
	return fd >= 0 && fd == report_fd;
}

/* Whether report_fd is still the socket inherited from the recorder. */
static bool report_fd_ok(void)
{
	struct stat st;

	return report_fd >= 0 && fstat(report_fd, &st) == 0 && S_ISSOCK(st.st_mode) &&
	       st.st_dev == report_dev && st.st_ino == report_ino;
}

/* Announces the calling process to the recorder and waits for its answer. */
static void report_self(void)
{
	int reply[2];
	char byte;
	bool sent;

	if (!report_fd_ok() || pipe2(reply, O_CLOEXEC) != 0)
		return;
	sent = ct_announce_send(report_fd, getpid(), reply[1]);
	/* Only the recorder holds the write end now: its exit is our EOF. */
	close(reply[1]);
	if (sent)
		while (read(reply[0], &byte, 1) < 0 && errno == EINTR)
			;
	close(reply[0]);
}

void ct_shim_fork_init(void)
{
	const char *fd_s = getenv(CT_ANNOUNCE_FD_ENV);
	const char *parent_s = getenv(CT_ANNOUNCE_PARENT_ENV);
	struct stat st;
	char *end;
	long fd;

	if (!fd_s || !parent_s)
		return;
	fd = strtol(fd_s, &end, 10);
	if (*end != '\0' || fd < 0 || fd > 1 << 20 || fstat((int)fd, &st) != 0 ||
	    !S_ISSOCK(st.st_mode))
		return;
	report_fd = (int)fd;
	report_dev = st.st_dev;
	report_ino = st.st_ino;
	if (strtol(parent_s, NULL, 10) != (long)getppid())
		report_self();
}

CT_API_DEF pid_t fork(void)
{
	uintptr_t caller = CT_CALLER();
	uint64_t seq = 0;
	pid_t pid;
	int err;

	if (!atomic_load_explicit(&ct_shim_ready, memory_order_acquire) || ct_shim_tls.guard)
		return REAL(fork)();
	/*
	 * The fork arrow's tail: emitted on the forking thread before the
	 * fork, so it precedes the child's proc_start, which names it by seq.
	 */
	if (!ct_shim_ignored(caller))
		seq = ct_shim_proc_fork(CT_PROC_VIA_FORK);
	/* LTTng-UST restarts its threads in the child inside the real fork: not ours to record. */
	ct_shim_tls.guard++;
	pid = REAL(fork)();
	ct_shim_tls.guard--;
	if (pid == 0) {
		err = errno;
		ct_shim_obj_new_epoch();
		/* Its reply pipe is the shim's own, not a byte stream of the program. */
		ct_shim_tls.guard++;
		report_self();
		ct_shim_tls.guard--;
		/* The child's first event, once it is tracked (seq 0: its parent's fork unrecorded). */
		ct_shim_proc_forked(seq);
		errno = err;
	}
	return pid;
}

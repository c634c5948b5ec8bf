/* SPDX-License-Identifier: MIT */
/*
 * poll.c - waiting on descriptors as a span: poll, ppoll, select, pselect,
 * epoll_wait and epoll_pwait emit poll_begin (how many descriptors) and
 * poll_end (how many were ready) around a call that waits.
 *
 * Try first, as every blocking call of the shim does: the call is made once
 * with a zero timeout (same descriptors, same signal mask); when something is
 * ready, or it fails, that answer is the program's, with no event. Only when
 * nothing is ready is the span opened and the program's own call made, with
 * its own timeout. select's sets are rewritten by the kernel, so the try
 * works on the program's sets after saving them on the stack, and the saved
 * sets are put back before the real call. A zero timeout is passed straight
 * through: such a call never waits. The try costs one system call more for
 * a call that then waits, and nothing for one that does not wait at all.
 */
#include "shim.h"

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/select.h>
#include <time.h>

static void wait_begin(int64_t nfds)
{
	int err = errno;

	CT_SHIM_EMIT(poll_begin, nfds);
	errno = err;
}

static void wait_end(int ret)
{
	int err = errno;

	CT_SHIM_EMIT(poll_end, ret);
	errno = err;
}

CT_API_DEF int poll(struct pollfd *fds, nfds_t n, int timeout)
{
	int ret;

	if (timeout == 0 || ct_shim_ignored(CT_CALLER()))
		return REAL(poll)(fds, n, timeout);
	ret = REAL(poll)(fds, n, 0);
	if (ret != 0)
		return ret;
	wait_begin((int64_t)n);
	ret = REAL(poll)(fds, n, timeout);
	wait_end(ret);
	return ret;
}

CT_API_DEF int ppoll(struct pollfd *fds, nfds_t n, const struct timespec *timeout,
		     const sigset_t *mask)
{
	static const struct timespec zero = { 0, 0 };
	int ret;

	if ((timeout && timeout->tv_sec == 0 && timeout->tv_nsec == 0) ||
	    ct_shim_ignored(CT_CALLER()))
		return REAL(ppoll)(fds, n, timeout, mask);
	ret = REAL(ppoll)(fds, n, &zero, mask);
	if (ret != 0)
		return ret;
	wait_begin((int64_t)n);
	ret = REAL(ppoll)(fds, n, timeout, mask);
	wait_end(ret);
	return ret;
}

/* The sets select was given, kept to be put back after the try. */
struct fd_sets {
	fd_set r, w, e;
};

static void sets_save(struct fd_sets *s, const fd_set *r, const fd_set *w, const fd_set *e)
{
	if (r)
		s->r = *r;
	if (w)
		s->w = *w;
	if (e)
		s->e = *e;
}

static void sets_restore(const struct fd_sets *s, fd_set *r, fd_set *w, fd_set *e)
{
	if (r)
		*r = s->r;
	if (w)
		*w = s->w;
	if (e)
		*e = s->e;
}

/* How many descriptors below N any of the sets names. */
static int64_t sets_count(int n, const fd_set *r, const fd_set *w, const fd_set *e)
{
	int64_t count = 0;

	for (int fd = 0; fd < n; fd++)
		if ((r && FD_ISSET(fd, r)) || (w && FD_ISSET(fd, w)) || (e && FD_ISSET(fd, e)))
			count++;
	return count;
}

/* Whether select may be tried on N descriptors: the sets are fd_set-sized only up to FD_SETSIZE. */
static bool sets_fit(int n)
{
	return n >= 0 && n <= FD_SETSIZE;
}

CT_API_DEF int select(int n, fd_set *r, fd_set *w, fd_set *e, struct timeval *timeout)
{
	struct timeval zero = { 0, 0 };
	struct fd_sets saved;
	int ret;

	if ((timeout && timeout->tv_sec == 0 && timeout->tv_usec == 0) || !sets_fit(n) ||
	    ct_shim_ignored(CT_CALLER()))
		return REAL(select)(n, r, w, e, timeout);
	sets_save(&saved, r, w, e);
	ret = REAL(select)(n, r, w, e, &zero);
	if (ret != 0)
		return ret;
	sets_restore(&saved, r, w, e);
	wait_begin(sets_count(n, r, w, e));
	ret = REAL(select)(n, r, w, e, timeout);
	wait_end(ret);
	return ret;
}

CT_API_DEF int pselect(int n, fd_set *r, fd_set *w, fd_set *e, const struct timespec *timeout,
		       const sigset_t *mask)
{
	static const struct timespec zero = { 0, 0 };
	struct fd_sets saved;
	int ret;

	if ((timeout && timeout->tv_sec == 0 && timeout->tv_nsec == 0) || !sets_fit(n) ||
	    ct_shim_ignored(CT_CALLER()))
		return REAL(pselect)(n, r, w, e, timeout, mask);
	sets_save(&saved, r, w, e);
	ret = REAL(pselect)(n, r, w, e, &zero, mask);
	if (ret != 0)
		return ret;
	sets_restore(&saved, r, w, e);
	wait_begin(sets_count(n, r, w, e));
	ret = REAL(pselect)(n, r, w, e, timeout, mask);
	wait_end(ret);
	return ret;
}

/* An epoll set's size is not known without reading /proc: nfds is -1 ("an epoll set"). */
CT_API_DEF int epoll_wait(int epfd, struct epoll_event *events, int max, int timeout)
{
	int ret;

	if (timeout == 0 || ct_shim_ignored(CT_CALLER()))
		return REAL(epoll_wait)(epfd, events, max, timeout);
	ret = REAL(epoll_wait)(epfd, events, max, 0);
	if (ret != 0)
		return ret;
	wait_begin(-1);
	ret = REAL(epoll_wait)(epfd, events, max, timeout);
	wait_end(ret);
	return ret;
}

CT_API_DEF int epoll_pwait(int epfd, struct epoll_event *events, int max, int timeout,
			   const sigset_t *mask)
{
	int ret;

	if (timeout == 0 || ct_shim_ignored(CT_CALLER()))
		return REAL(epoll_pwait)(epfd, events, max, timeout, mask);
	ret = REAL(epoll_pwait)(epfd, events, max, 0, mask);
	if (ret != 0)
		return ret;
	wait_begin(-1);
	ret = REAL(epoll_pwait)(epfd, events, max, timeout, mask);
	wait_end(ret);
	return ret;
}

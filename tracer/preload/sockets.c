/* SPDX-License-Identifier: MIT */
/*
 * sockets.c - sockets enter fdio.c's table: socket (datagram sockets),
 * connect and accept (with their connection's ids, sockid.c), and, in a
 * program started by exec, every descriptor it inherited; waiting for a
 * connection is an accept or connect span.
 *
 * Rules of shim.h: no allocation, no lock; identifying a descriptor is a
 * handful of system calls, made once per descriptor, never per read.
 */
#include "shim.h"
#include "fdio.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "announce.h"

/* Datagram sockets are entered when made: their endpoints are found as they are used. */
CT_API_DEF int socket(int domain, int type, int protocol)
{
	int fd = REAL(socket)(domain, type, protocol);

	if (fd >= 0 && (type & 0xf) == SOCK_DGRAM &&
	    (domain == AF_INET || domain == AF_INET6 || domain == AF_UNIX) &&
	    !ct_shim_ignored(CT_CALLER()))
		ct_fd_set(fd, CT_FD_LAZY, CT_FD_LAZY, CT_FD_DGRAM);
	return fd;
}

/* The id and name of the endpoint a stream connect goes to; 0 for other sockets. */
static uint64_t connect_target(int fd, const struct sockaddr *addr, socklen_t len)
{
	int type;
	socklen_t tlen = sizeof(type);

	if (!addr || getsockopt(fd, SOL_SOCKET, SO_TYPE, &type, &tlen) != 0 || type != SOCK_STREAM)
		return 0;
	return ct_sock_endpoint_id(addr, len);
}

static enum ct_status status_of(int ret, int err)
{
	if (ret >= 0)
		return CT_OK;
	return err == EAGAIN || err == ETIMEDOUT ? CT_TIMEOUT : CT_ERROR;
}

/*
 * A blocking stream connect is a span (connect_begin .. connect_end): it
 * cannot be tried first without changing what the program asked for, so
 * both are emitted for every connect of a blocking stream socket (a rare
 * call). Afterwards the socket is entered with its connection's ids.
 */
CT_API_DEF int connect(int fd, const struct sockaddr *addr, socklen_t len)
{
	uint64_t target = 0;
	int ret, err, fl;

	if (ct_shim_ignored(CT_CALLER()))
		return REAL(connect)(fd, addr, len);
	err = errno;
	fl = fcntl(fd, F_GETFL);
	if (fl >= 0 && !(fl & O_NONBLOCK))
		target = connect_target(fd, addr, len);
	errno = err;
	if (target)
		CT_SHIM_EMIT(connect_begin, target);
	ret = REAL(connect)(fd, addr, len);
	err = errno;
	if (target)
		CT_SHIM_EMIT(connect_end, target, status_of(ret, err));
	/* A non-blocking connect in progress already has its local port: its ids are known. */
	if (ret == 0 || err == EINPROGRESS)
		ct_sock_identify(fd, addr && addr->sa_family != AF_UNIX ? addr : NULL, len);
	errno = err;
	return ret;
}

/* The id of listening socket FD (named on first use, then kept in the table); 0 if unknown. */
static uint64_t listening_id(int fd)
{
	struct sockaddr_storage ss;
	socklen_t len = sizeof(ss);
	uint64_t id = ct_fd_listen_key(fd);

	if (id || getsockname(fd, (struct sockaddr *)&ss, &len) != 0)
		return id;
	id = ct_sock_endpoint_id((struct sockaddr *)&ss, len);
	ct_fd_set_listen_key(fd, id);
	return id;
}

/*
 * accept and accept4: a span only when nothing is waiting to be accepted
 * and the listening socket blocks; the new socket is entered with its
 * connection's ids either way.
 */
static int accept_recorded(int fd, struct sockaddr *addr, socklen_t *len, int flags, bool four)
{
	struct pollfd p = { .fd = fd, .events = POLLIN };
	uint64_t id = 0;
	int err = errno, ret, fl;

	if (REAL(poll)(&p, 1, 0) == 0 && (fl = fcntl(fd, F_GETFL)) >= 0 && !(fl & O_NONBLOCK))
		id = listening_id(fd);
	errno = err;
	if (id)
		CT_SHIM_EMIT(accept_begin, id);
	ret = four ? REAL(accept4)(fd, addr, len, flags) : REAL(accept)(fd, addr, len);
	err = errno;
	if (id)
		CT_SHIM_EMIT(accept_end, id, status_of(ret, err));
	if (ret >= 0)
		ct_sock_identify(ret, NULL, 0);
	errno = err;
	return ret;
}

CT_API_DEF int accept(int fd, struct sockaddr *addr, socklen_t *len)
{
	if (ct_shim_ignored(CT_CALLER()))
		return REAL(accept)(fd, addr, len);
	return accept_recorded(fd, addr, len, 0, false);
}

CT_API_DEF int accept4(int fd, struct sockaddr *addr, socklen_t *len, int flags)
{
	if (ct_shim_ignored(CT_CALLER()))
		return REAL(accept4)(fd, addr, len, flags);
	return accept_recorded(fd, addr, len, flags, true);
}

/*
 * Whether this process was started by exec from a traced program (not the
 * recorder's own child): only then are its inherited descriptors another
 * traced program's streams. The recorder's child inherits the terminal or
 * the caller's pipes, whose other ends are not recorded.
 */
static bool started_by_traced_program(void)
{
	const char *parent = getenv(CT_ANNOUNCE_PARENT_ENV);

	return parent && getenv(CT_ANNOUNCE_FD_ENV) && strtol(parent, NULL, 10) != (long)getppid();
}

/* An inherited descriptor: not close-on-exec (what LTTng-UST opened before us is). */
static void adopt(int fd)
{
	int fl;

	if (ct_shim_fd_reserved(fd))
		return;
	fl = fcntl(fd, F_GETFD);
	if (fl < 0 || (fl & FD_CLOEXEC))
		return;
	ct_sock_identify(fd, NULL, 0);
}

/*
 * The open descriptors come from one getdents64 of /proc/self/fd (a few
 * system calls; a program just started has few); without /proc, the first
 * 64 numbers are tried.
 */
void ct_fd_adopt_inherited(void)
{
	union {
		char bytes[2048];
		struct dirent64 align;
	} buf;
	int err = errno, dir;
	long n;

	if (!started_by_traced_program())
		return;
	dir = open("/proc/self/fd", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dir < 0) {
		for (int fd = 0; fd < 64; fd++)
			adopt(fd);
		errno = err;
		return;
	}
	while ((n = syscall(SYS_getdents64, dir, buf.bytes, sizeof(buf.bytes))) > 0) {
		for (long off = 0; off < n;) {
			const struct dirent64 *d = (const struct dirent64 *)(buf.bytes + off);
			long fd = 0;
			const char *c = d->d_name;

			off += d->d_reclen;
			if (*c < '0' || *c > '9')
				continue;
			for (; *c >= '0' && *c <= '9' && fd < 1 << 20; c++)
				fd = fd * 10 + (*c - '0');
			if (fd != dir)
				adopt((int)fd);
		}
	}
	REAL(close)(dir);
	errno = err;
}

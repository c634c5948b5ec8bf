/* SPDX-License-Identifier: MIT */
/*
 * fdio.c - pipes and socketpairs as byte streams: fd_write / fd_read_begin /
 * fd_read events with byte ranges, from which the model draws a message
 * arrow from each write to the first read that overlaps it.
 *
 * Only descriptors the program made with pipe, pipe2 or socketpair are
 * recorded. They are entered in a fixed table indexed by descriptor when
 * they are made, so any other descriptor (files, sockets to the outside,
 * LTTng-UST's own) costs one table lookup and is never recorded. Each entry
 * holds the ids of the stream its descriptor writes to and reads from, and
 * this process's byte counters for both. A stream id is the inode of the
 * pipe (a socketpair end's writes are read at its peer, so the direction
 * written by an end is named by that end's inode): a forked child sees the
 * same inodes and inherits the table, so a write in one process and a read
 * in another name the same stream at the same offsets.
 *
 * Ordering: fd_write is emitted before the bytes are written, so it precedes
 * every read of them; a short or failed write gives its unwritten bytes back
 * to the counter and the next write reuses their offsets (the model lets the
 * later write win). fd_read is emitted after the read, with the range read.
 * A read that finds nothing to read (poll with no timeout) emits
 * fd_read_begin first, so the time it is blocked shows as a span.
 *
 * Limits (docs/events.md): offsets are exact when each direction has one
 * writer process and one reader process at a time; glibc's stdio writes and
 * reads through internal calls that no shim sees; descriptors inherited
 * across exec are not recorded; a descriptor closed other than through
 * close, dup2 or dup3 (fclose) stays in the table until reused.
 */
#include "shim.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/close_range.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <unistd.h>

#define CT_FD_SLOTS 4096 /* descriptors beyond this are never recorded */

/* One descriptor's streams (0: none) and this process's byte counts in them. */
struct fd_slot {
	_Atomic uint64_t wstream, rstream;
	_Atomic uint64_t woff, roff;
};

static struct fd_slot fds[CT_FD_SLOTS]; /* 128 KiB of bss, touched only where used */

static struct fd_slot *slot_of(int fd)
{
	return fd >= 0 && fd < CT_FD_SLOTS ? &fds[fd] : NULL;
}

/* The id of the stream whose bytes go through the inode FD refers to; 0 if fstat fails. */
static uint64_t stream_id(int fd)
{
	struct stat st;

	if (fstat(fd, &st) != 0)
		return 0;
	return (uint64_t)st.st_ino ^ ((uint64_t)st.st_dev << 40);
}

static void slot_set(int fd, uint64_t wstream, uint64_t rstream)
{
	struct fd_slot *s = slot_of(fd);

	if (!s)
		return;
	atomic_store_explicit(&s->woff, 0, memory_order_relaxed);
	atomic_store_explicit(&s->roff, 0, memory_order_relaxed);
	atomic_store_explicit(&s->wstream, wstream, memory_order_relaxed);
	atomic_store_explicit(&s->rstream, rstream, memory_order_relaxed);
}

/* FD no longer names what the table says (closed, or replaced by dup2). */
static void slot_forget(int fd)
{
	struct fd_slot *s = slot_of(fd);

	if (s && (atomic_load_explicit(&s->wstream, memory_order_relaxed) ||
		  atomic_load_explicit(&s->rstream, memory_order_relaxed))) {
		atomic_store_explicit(&s->wstream, 0, memory_order_relaxed);
		atomic_store_explicit(&s->rstream, 0, memory_order_relaxed);
	}
}

/* NEWFD is a copy of OLDFD: the same streams (with counters of its own). */
static void slot_copy(int oldfd, int newfd)
{
	struct fd_slot *o = slot_of(oldfd);

	slot_forget(newfd);
	if (o && newfd != oldfd)
		slot_set(newfd, atomic_load_explicit(&o->wstream, memory_order_relaxed),
			 atomic_load_explicit(&o->rstream, memory_order_relaxed));
}

static void track_pipe(const int p[2])
{
	int err = errno;
	uint64_t id = stream_id(p[0]);

	if (id) {
		slot_set(p[0], 0, id);
		slot_set(p[1], id, 0);
	}
	errno = err;
}

CT_API_DEF int pipe(int p[2])
{
	int ret = REAL(pipe)(p);

	if (ret == 0 && !ct_shim_ignored(CT_CALLER()))
		track_pipe(p);
	return ret;
}

CT_API_DEF int pipe2(int p[2], int flags)
{
	int ret = REAL(pipe2)(p, flags);

	if (ret == 0 && !ct_shim_ignored(CT_CALLER()))
		track_pipe(p);
	return ret;
}

CT_API_DEF int socketpair(int domain, int type, int protocol, int sv[2])
{
	int ret = REAL(socketpair)(domain, type, protocol, sv);

	if (ret == 0 && !ct_shim_ignored(CT_CALLER())) {
		int err = errno;
		uint64_t a = stream_id(sv[0]), b = stream_id(sv[1]);

		/* What one end writes, the other reads. */
		if (a && b) {
			slot_set(sv[0], a, b);
			slot_set(sv[1], b, a);
		}
		errno = err;
	}
	return ret;
}

/* The table follows every close and dup, whoever calls them: a stale entry would misname a descriptor. */
CT_API_DEF int close(int fd)
{
	if (ct_shim_fd_reserved(fd))
		return 0;
	slot_forget(fd);
	ct_shim_mq_forget(fd);
	return REAL(close)(fd);
}

CT_API_DEF int dup(int fd)
{
	int ret = REAL(dup)(fd);

	if (ret >= 0) {
		slot_copy(fd, ret);
		ct_shim_mq_copy(fd, ret);
	}
	return ret;
}

CT_API_DEF int dup2(int oldfd, int newfd)
{
	int ret = REAL(dup2)(oldfd, newfd);

	if (ret >= 0) {
		slot_copy(oldfd, ret);
		ct_shim_mq_copy(oldfd, ret);
	}
	return ret;
}

CT_API_DEF int dup3(int oldfd, int newfd, int flags)
{
	int ret = REAL(dup3)(oldfd, newfd, flags);

	if (ret >= 0) {
		slot_copy(oldfd, ret);
		ct_shim_mq_copy(oldfd, ret);
	}
	return ret;
}

/*
 * The stream FD writes to (WRITING) or reads from, when the call is to be
 * recorded; 0 otherwise. *SLOT gets FD's entry.
 */
static inline uint64_t recorded_stream(int fd, bool writing, uintptr_t caller,
				       struct fd_slot **slot)
{
	struct fd_slot *s = slot_of(fd);
	uint64_t id;

	if (!s)
		return 0;
	id = atomic_load_explicit(writing ? &s->wstream : &s->rstream, memory_order_relaxed);
	if (!id || ct_shim_ignored(caller))
		return 0;
	*slot = s;
	return id;
}

/* Before writing LEN bytes: claims their offsets and emits fd_write. */
static void write_begin(struct fd_slot *s, uint64_t stream, size_t len)
{
	uint64_t off;

	if (len == 0)
		return;
	off = atomic_fetch_add_explicit(&s->woff, len, memory_order_relaxed);
	CT_SHIM_EMIT(fd_write, stream, off, len);
}

/* After the write: gives back the offsets of the bytes that were not written. */
static void write_end(struct fd_slot *s, size_t len, ssize_t n)
{
	size_t done = n > 0 ? (size_t)n : 0;

	if (done < len)
		atomic_fetch_sub_explicit(&s->woff, len - done, memory_order_relaxed);
}

/* Before reading up to LEN bytes: fd_read_begin when nothing is there yet. True if emitted. */
static bool read_begin(struct fd_slot *s, uint64_t stream, int fd, size_t len)
{
	struct pollfd p = { .fd = fd, .events = POLLIN };
	int err = errno;
	bool waits;

	if (len == 0)
		return false;
	waits = poll(&p, 1, 0) == 0;
	if (waits)
		CT_SHIM_EMIT(fd_read_begin, stream,
			     atomic_load_explicit(&s->roff, memory_order_relaxed), len);
	errno = err;
	return waits;
}

/* After the read of N bytes: fd_read with their range (empty when a wait got nothing). */
static void read_end(struct fd_slot *s, uint64_t stream, bool began, ssize_t n)
{
	int err = errno;

	if (n > 0)
		CT_SHIM_EMIT(fd_read, stream,
			     atomic_fetch_add_explicit(&s->roff, (uint64_t)n, memory_order_relaxed),
			     (uint64_t)n);
	else if (began)
		CT_SHIM_EMIT(fd_read, stream, atomic_load_explicit(&s->roff, memory_order_relaxed),
			     0);
	errno = err;
}

static size_t iov_len(const struct iovec *iov, int cnt)
{
	size_t len = 0;

	for (int i = 0; i < cnt; i++)
		len += iov[i].iov_len;
	return len;
}

CT_API_DEF ssize_t write(int fd, const void *buf, size_t count)
{
	struct fd_slot *s;
	uint64_t id = recorded_stream(fd, true, CT_CALLER(), &s);
	ssize_t n;

	if (!id)
		return REAL(write)(fd, buf, count);
	write_begin(s, id, count);
	n = REAL(write)(fd, buf, count);
	write_end(s, count, n);
	return n;
}

CT_API_DEF ssize_t send(int fd, const void *buf, size_t count, int flags)
{
	struct fd_slot *s;
	uint64_t id = recorded_stream(fd, true, CT_CALLER(), &s);
	ssize_t n;

	if (!id)
		return REAL(send)(fd, buf, count, flags);
	write_begin(s, id, count);
	n = REAL(send)(fd, buf, count, flags);
	write_end(s, count, n);
	return n;
}

CT_API_DEF ssize_t writev(int fd, const struct iovec *iov, int cnt)
{
	struct fd_slot *s;
	uint64_t id = recorded_stream(fd, true, CT_CALLER(), &s);
	size_t len;
	ssize_t n;

	if (!id)
		return REAL(writev)(fd, iov, cnt);
	len = iov_len(iov, cnt);
	write_begin(s, id, len);
	n = REAL(writev)(fd, iov, cnt);
	write_end(s, len, n);
	return n;
}

CT_API_DEF ssize_t read(int fd, void *buf, size_t count)
{
	struct fd_slot *s;
	uint64_t id = recorded_stream(fd, false, CT_CALLER(), &s);
	bool began;
	ssize_t n;

	if (!id)
		return REAL(read)(fd, buf, count);
	began = read_begin(s, id, fd, count);
	n = REAL(read)(fd, buf, count);
	read_end(s, id, began, n);
	return n;
}

CT_API_DEF ssize_t recv(int fd, void *buf, size_t count, int flags)
{
	struct fd_slot *s;
	uint64_t id = recorded_stream(fd, false, CT_CALLER(), &s);
	bool began;
	ssize_t n;

	if (!id)
		return REAL(recv)(fd, buf, count, flags);
	/* MSG_PEEK leaves the bytes for a later read: not a read of them. */
	if (flags & MSG_PEEK)
		return REAL(recv)(fd, buf, count, flags);
	began = !(flags & MSG_DONTWAIT) && read_begin(s, id, fd, count);
	n = REAL(recv)(fd, buf, count, flags);
	read_end(s, id, began, n);
	return n;
}

CT_API_DEF ssize_t readv(int fd, const struct iovec *iov, int cnt)
{
	struct fd_slot *s;
	uint64_t id = recorded_stream(fd, false, CT_CALLER(), &s);
	bool began;
	ssize_t n;

	if (!id)
		return REAL(readv)(fd, iov, cnt);
	began = read_begin(s, id, fd, iov_len(iov, cnt));
	n = REAL(readv)(fd, iov, cnt);
	read_end(s, id, began, n);
	return n;
}

/*
 * closefrom() and close_range() close many descriptors in one system call,
 * which neither close() above nor LTTng's fd helper (liblttng-ust-fd, after
 * this library in LD_PRELOAD) sees: a daemon-style program that closes
 * everything would close LTTng-UST's shared memory and sockets under it, lose
 * its events and abort in LTTng-UST's exit. Here they become one close() per
 * open descriptor in the range, through the next close() in the chain, which
 * keeps LTTng-UST's own. The open descriptors are listed with getdents64 on
 * /proc/self/fd into a stack buffer (no allocation); without /proc, every
 * number up to the descriptor limit is closed. CLOSE_RANGE_CLOEXEC only
 * marks descriptors (LTTng-UST's are close-on-exec already) and is passed on.
 */
static void close_each(unsigned first, unsigned last)
{
	int dir = open("/proc/self/fd", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	union {
		char bytes[4096];
		struct dirent64 align;
	} buf;
	long n;

	if (dir < 0) {
		struct rlimit rl;
		unsigned limit = getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < 1u << 20
					 ? (unsigned)rl.rlim_cur
					 : 1u << 20;

		for (unsigned fd = first; fd < limit && fd <= last; fd++) {
			if (ct_shim_fd_reserved((int)fd))
				continue;
			slot_forget((int)fd);
			REAL(close)((int)fd);
		}
		return;
	}
	/* Listing /proc/self/fd goes by descriptor number, so closing as we go skips nothing. */
	while ((n = syscall(SYS_getdents64, dir, buf.bytes, sizeof(buf.bytes))) > 0) {
		for (long off = 0; off < n;) {
			const struct dirent64 *d = (const struct dirent64 *)(buf.bytes + off);
			unsigned long fd = 0;
			const char *c = d->d_name;

			off += d->d_reclen;
			if (*c < '0' || *c > '9')
				continue; /* "." and ".." */
			for (; *c >= '0' && *c <= '9'; c++)
				fd = fd * 10 + (unsigned long)(*c - '0');
			if (fd < first || fd > last || fd == (unsigned long)dir ||
			    ct_shim_fd_reserved((int)fd))
				continue;
			slot_forget((int)fd);
			REAL(close)((int)fd);
		}
	}
	REAL(close)(dir);
}

CT_API_DEF void closefrom(int lowfd)
{
	close_each(lowfd < 0 ? 0 : (unsigned)lowfd, ~0u);
}

CT_API_DEF int close_range(unsigned first, unsigned last, int flags)
{
	if (first > last || (flags & ~(int)(CLOSE_RANGE_UNSHARE | CLOSE_RANGE_CLOEXEC))) {
		errno = EINVAL;
		return -1;
	}
	if (flags & CLOSE_RANGE_CLOEXEC)
		return REAL(close_range)(first, last, flags);
	/* A private descriptor table first, as the kernel would make one. */
	if ((flags & CLOSE_RANGE_UNSHARE) && unshare(CLONE_FILES) != 0)
		return -1;
	close_each(first, last);
	return 0;
}

/* SPDX-License-Identifier: MIT */
/*
 * fdio.c - byte streams (pipes, socketpairs, connected stream sockets) and
 * datagram sockets as events: fd_write / fd_read_begin / fd_read with byte
 * ranges, from which the model draws a message arrow from each write to the
 * first read that overlaps it, and dgram_send / dgram_recv_begin /
 * dgram_recv matched by endpoint and content.
 *
 * Only descriptors entered in a fixed table indexed by descriptor are
 * recorded: pipes, pipe2 and socketpair here; sockets at connect, accept and
 * socket (datagrams), and every descriptor a program inherited across exec,
 * by sockets.c. Any other descriptor (files, LTTng-UST's own) costs one
 * table lookup and is never recorded. Each entry holds the ids of the
 * stream its descriptor writes to and reads from, and this process's byte
 * counters for both. A pipe's stream id is its inode (a socketpair end's
 * writes are read at its peer, so the direction written by an end is named
 * by that end's inode); a socket's ids are what both ends compute alike
 * (sockets.c). A forked child sees the same ids and inherits the table, so
 * a write in one process and a read in another name the same stream at the
 * same offsets.
 *
 * Ordering: fd_write is emitted before the bytes are written, so it precedes
 * every read of them; a short or failed write gives its unwritten bytes back
 * to the counter and the next write reuses their offsets (the model lets the
 * later write win). fd_read is emitted after the read, with the range read.
 * A read that would wait (nothing to read, a poll with no timeout, and a
 * blocking descriptor and call) emits fd_read_begin (dgram_recv_begin) first,
 * so the time it is blocked shows as a span.
 *
 * Limits (docs/events.md): offsets are exact when each direction has one
 * writer process and one reader process at a time, and start at 0 when the
 * descriptor is entered; glibc's stdio writes and reads through internal
 * calls that no shim sees; a descriptor closed other than through close,
 * dup2 or dup3 (fclose) stays in the table until reused.
 */
#include "shim.h"
#include "fdio.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/close_range.h>
#include <poll.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/resource.h>
#include <sys/sendfile.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <unistd.h>

/* glibc's fortified entry points (_FORTIFY_SOURCE), declared by its headers only under fortify. */
ssize_t __read_chk(int fd, void *buf, size_t count, size_t buflen);
ssize_t __recv_chk(int fd, void *buf, size_t count, size_t buflen, int flags);
ssize_t __recvfrom_chk(int fd, void *buf, size_t count, size_t buflen, int flags,
		       struct sockaddr *from, socklen_t *fromlen);

#define CT_FD_SLOTS 4096 /* descriptors beyond this are never recorded */

/* One descriptor's ids (0: none), this process's byte counts in them, and how it is recorded. */
struct fd_slot {
	_Atomic uint64_t wstream, rstream;
	_Atomic uint64_t woff, roff;
	_Atomic uint64_t lkey;     /* a listening socket's id, once its first accept asked */
	_Atomic uint32_t mode;     /* enum ct_fd_mode */
	_Atomic int32_t pipe_size; /* a pipe's capacity in bytes; 0: not asked yet, -1: no pipe */
};

static struct fd_slot fds[CT_FD_SLOTS]; /* 192 KiB of bss, touched only where used */

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

void ct_fd_set(int fd, uint64_t wstream, uint64_t rstream, enum ct_fd_mode mode)
{
	struct fd_slot *s = slot_of(fd);

	if (!s)
		return;
	atomic_store_explicit(&s->woff, 0, memory_order_relaxed);
	atomic_store_explicit(&s->roff, 0, memory_order_relaxed);
	atomic_store_explicit(&s->mode, (uint32_t)mode, memory_order_relaxed);
	atomic_store_explicit(&s->pipe_size, 0, memory_order_relaxed);
	atomic_store_explicit(&s->wstream, wstream, memory_order_relaxed);
	atomic_store_explicit(&s->rstream, rstream, memory_order_relaxed);
}

void ct_fd_set_rstream(int fd, uint64_t rstream)
{
	struct fd_slot *s = slot_of(fd);

	if (s)
		atomic_store_explicit(&s->rstream, rstream, memory_order_relaxed);
}

uint64_t ct_fd_listen_key(int fd)
{
	struct fd_slot *s = slot_of(fd);

	return s ? atomic_load_explicit(&s->lkey, memory_order_relaxed) : 0;
}

void ct_fd_set_listen_key(int fd, uint64_t key)
{
	struct fd_slot *s = slot_of(fd);

	if (s)
		atomic_store_explicit(&s->lkey, key, memory_order_relaxed);
}

/* FD no longer names what the table says (closed, or replaced by dup2). */
static void slot_forget(int fd)
{
	struct fd_slot *s = slot_of(fd);

	if (s && (atomic_load_explicit(&s->wstream, memory_order_relaxed) ||
		  atomic_load_explicit(&s->rstream, memory_order_relaxed) ||
		  atomic_load_explicit(&s->lkey, memory_order_relaxed))) {
		atomic_store_explicit(&s->wstream, 0, memory_order_relaxed);
		atomic_store_explicit(&s->rstream, 0, memory_order_relaxed);
		atomic_store_explicit(&s->lkey, 0, memory_order_relaxed);
	}
}

/* NEWFD is a copy of OLDFD: the same ids (with counters of its own). */
static void slot_copy(int oldfd, int newfd)
{
	struct fd_slot *o = slot_of(oldfd);

	slot_forget(newfd);
	if (o && newfd != oldfd) {
		ct_fd_set(newfd, atomic_load_explicit(&o->wstream, memory_order_relaxed),
			  atomic_load_explicit(&o->rstream, memory_order_relaxed),
			  (enum ct_fd_mode)atomic_load_explicit(&o->mode, memory_order_relaxed));
		ct_fd_set_listen_key(newfd, atomic_load_explicit(&o->lkey, memory_order_relaxed));
	}
}

static void track_pipe(const int p[2])
{
	int err = errno;
	uint64_t id = stream_id(p[0]);

	if (id) {
		ct_fd_set(p[0], 0, id, CT_FD_STREAM);
		ct_fd_set(p[1], id, 0, CT_FD_STREAM);
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
			ct_fd_set(sv[0], a, b, CT_FD_STREAM);
			ct_fd_set(sv[1], b, a, CT_FD_STREAM);
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
 * The id S (FD's entry) reads from, when it was not known when FD was
 * entered: a datagram socket's own endpoint once it is bound, a Unix stream
 * socket's peer once the server accepted the connection (until then the
 * peer has no inode). CT_FD_LAZY when still unknown for a stream (the read
 * asks again after the call: bytes read show the peer exists), 0 for a
 * datagram (not recorded).
 */
static uint64_t resolve_lazy(int fd, struct fd_slot *s)
{
	int err = errno;
	bool dgram = atomic_load_explicit(&s->mode, memory_order_relaxed) == CT_FD_DGRAM;
	uint64_t id = dgram ? ct_sock_local_dgram_key(fd) : ct_sock_unix_peer_key(fd);

	errno = err;
	if (id)
		atomic_store_explicit(&s->rstream, id, memory_order_relaxed);
	if (id)
		return id;
	return dgram ? 0 : CT_FD_LAZY;
}

/*
 * The id FD writes to (WRITING) or reads from, when the call is to be
 * recorded; 0 otherwise. *SLOT gets FD's entry. This is the whole cost of a
 * call on a descriptor the table does not hold: one load. A datagram
 * socket's own endpoint is looked up on its first receive once it is bound.
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
	if (!writing && id == CT_FD_LAZY)
		return resolve_lazy(fd, s);
	return id;
}

static bool is_dgram(const struct fd_slot *s)
{
	return atomic_load_explicit(&s->mode, memory_order_relaxed) == CT_FD_DGRAM;
}

/*
 * Whether writing LEN bytes to FD (entry S) with FLAGS would wait: a pipe
 * without room for them (its capacity, asked once, less what is queued in
 * it), a socket without room for any (a poll with no timeout), and neither
 * the descriptor nor the call non-blocking. One system call for a write that
 * does not wait (two the first time on a pipe). A write larger than the room
 * a socket has, or that a reader is draining meanwhile, may still wait
 * unseen.
 */
static bool write_would_block(int fd, struct fd_slot *s, size_t len, int flags)
{
	int32_t size = atomic_load_explicit(&s->pipe_size, memory_order_relaxed);
	int queued, fl;

	if (flags & MSG_DONTWAIT)
		return false;
	if (size == 0) {
		size = fcntl(fd, F_GETPIPE_SZ);
		size = size > 0 ? size : -1;
		atomic_store_explicit(&s->pipe_size, size, memory_order_relaxed);
	}
	if (size > 0) {
		if (ioctl(fd, FIONREAD, &queued) != 0 || queued < 0 ||
		    (size_t)queued + len <= (size_t)size)
			return false;
	} else {
		struct pollfd p = { .fd = fd, .events = POLLOUT };

		if (REAL(poll)(&p, 1, 0) != 0)
			return false;
	}
	fl = fcntl(fd, F_GETFL);
	return fl >= 0 && !(fl & O_NONBLOCK);
}

/*
 * Before writing LEN bytes (IOV, CNT) to STREAM (FD, with FLAGS): a stream
 * claims their offsets and emits fd_write, then fd_write_wait_begin when the
 * write will wait for room; a datagram emits dgram_send to its destination,
 * TO when the call names one. True when the wait's begin was emitted.
 */
static bool write_begin(int fd, struct fd_slot *s, uint64_t stream, const struct iovec *iov,
			int cnt, size_t len, int flags, const struct sockaddr *to, socklen_t tolen)
{
	int err = errno;
	bool waits = false;

	if (is_dgram(s)) {
		uint64_t dest = to ? ct_sock_dgram_key(to, tolen) : stream;

		if (dest && dest != CT_FD_LAZY)
			CT_SHIM_EMIT(dgram_send, dest, ct_sock_iov_hash(iov, cnt, len), len);
	} else if (len != 0) {
		uint64_t off = atomic_fetch_add_explicit(&s->woff, len, memory_order_relaxed);

		CT_SHIM_EMIT(fd_write, stream, off, len);
		waits = write_would_block(fd, s, len, flags);
		if (waits)
			CT_SHIM_EMIT(fd_write_wait_begin, stream);
	}
	errno = err;
	return waits;
}

/*
 * After the write of N bytes (of LEN): fd_write_wait_end when it waited, and
 * the offsets of the bytes that were not written given back.
 */
static void write_end(struct fd_slot *s, uint64_t stream, bool waited, size_t len, ssize_t n)
{
	int err = errno;
	size_t done = n > 0 ? (size_t)n : 0;

	if (waited)
		CT_SHIM_EMIT(fd_write_wait_end, stream, done,
			     n >= 0         ? CT_OK
			     : err == EPIPE ? CT_DISCONNECTED
					    : CT_ERROR);
	if (!is_dgram(s) && done < len)
		atomic_fetch_sub_explicit(&s->woff, len - done, memory_order_relaxed);
	errno = err;
}

/*
 * Whether a read of FD with FLAGS would wait: nothing to read now (a poll
 * with no timeout), and neither the descriptor nor the call is non-blocking.
 * The second question costs a system call only on the way to waiting.
 */
static bool would_block(int fd, int flags)
{
	struct pollfd p = { .fd = fd, .events = POLLIN };
	int fl;

	if (REAL(poll)(&p, 1, 0) != 0 || (flags & MSG_DONTWAIT))
		return false;
	fl = fcntl(fd, F_GETFL);
	return fl >= 0 && !(fl & O_NONBLOCK);
}

/* Before reading up to LEN bytes: the *_begin of a wait when the read would wait. True if emitted. */
static bool read_begin(struct fd_slot *s, uint64_t stream, int fd, size_t len, int flags)
{
	int err = errno;
	bool waits;

	if (len == 0 && !is_dgram(s))
		return false;
	waits = would_block(fd, flags);
	if (waits && is_dgram(s))
		CT_SHIM_EMIT(dgram_recv_begin, stream);
	else if (waits)
		CT_SHIM_EMIT(fd_read_begin, stream,
			     atomic_load_explicit(&s->roff, memory_order_relaxed), len);
	errno = err;
	return waits;
}

/*
 * After a read of N bytes into IOV (CNT pieces): fd_read with their range
 * (empty when a wait got nothing), or dgram_recv with the datagram's hash.
 */
static void read_end(struct fd_slot *s, uint64_t stream, bool began, ssize_t n,
		     const struct iovec *iov, int cnt)
{
	int err = errno;

	if (is_dgram(s)) {
		if (n >= 0)
			CT_SHIM_EMIT(dgram_recv, stream, ct_sock_iov_hash(iov, cnt, (size_t)n),
				     (uint64_t)n, CT_OK);
		else if (began)
			CT_SHIM_EMIT(dgram_recv, stream, 0, 0,
				     err == EAGAIN || err == ETIMEDOUT ? CT_TIMEOUT : CT_ERROR);
	} else if (n > 0) {
		CT_SHIM_EMIT(fd_read, stream,
			     atomic_fetch_add_explicit(&s->roff, (uint64_t)n, memory_order_relaxed),
			     (uint64_t)n);
	} else if (began) {
		CT_SHIM_EMIT(fd_read, stream, atomic_load_explicit(&s->roff, memory_order_relaxed),
			     0);
	}
	errno = err;
}

static size_t iov_len(const struct iovec *iov, int cnt)
{
	size_t len = 0;

	for (int i = 0; i < cnt; i++)
		len += iov[i].iov_len;
	return len;
}

/*
 * The writes: one shape for all. CALL is the real call, IOV/CNT the bytes,
 * TO/TOLEN a destination the call names (datagrams).
 */
#define RECORDED_WRITE(fd, call, iov, cnt, len, flags, to, tolen)                                  \
	do {                                                                                       \
		struct fd_slot *s_;                                                                \
		uint64_t id_ = recorded_stream(fd, true, CT_CALLER(), &s_);                        \
		bool waits_;                                                                       \
		ssize_t n_;                                                                        \
                                                                                                   \
		if (!id_)                                                                          \
			return call;                                                               \
		CT_PERTURB();                                                                      \
		waits_ = write_begin(fd, s_, id_, iov, cnt, len, flags, to, tolen);                \
		n_ = call;                                                                         \
		write_end(s_, id_, waits_, len, n_);                                               \
		return n_;                                                                         \
	} while (0)

/* The reads: FLAGS as recv's (MSG_PEEK leaves the bytes for a later read: not a read of them). */
#define RECORDED_READ(fd, call, iov, cnt, len, flags)                                              \
	do {                                                                                       \
		struct fd_slot *s_;                                                                \
		uint64_t id_ = recorded_stream(fd, false, CT_CALLER(), &s_);                       \
		bool began_;                                                                       \
		ssize_t n_;                                                                        \
                                                                                                   \
		if (!id_ || ((flags)&MSG_PEEK))                                                    \
			return call;                                                               \
		if (id_ == CT_FD_LAZY) {                                                           \
			n_ = call;                                                                 \
			if (n_ > 0 && (id_ = resolve_lazy(fd, s_)) != CT_FD_LAZY)                  \
				read_end(s_, id_, false, n_, iov, cnt);                            \
			return n_;                                                                 \
		}                                                                                  \
		began_ = read_begin(s_, id_, fd, len, flags);                                      \
		n_ = call;                                                                         \
		read_end(s_, id_, began_, n_, iov, cnt);                                           \
		return n_;                                                                         \
	} while (0)

/*
 * The lines of BUF (N bytes) as print events, one per line, without their
 * newline; a last line without one is a line too. How the shim sees what a
 * program prints when it writes its standard output with write(2) itself,
 * as Rust's println! does (glibc's printf writes through internal calls no
 * shim sees, and libctrace's ct_print emits its own). Longer lines are cut
 * to the first 4 KiB: a print is a line for the timeline, not the output.
 */
/*
 * A program that writes a large output (cat of a big file to a terminal or
 * a file) would otherwise turn every line into an event: past this many
 * lines per process, one mark says the rest is not recorded.
 */
#define CT_SHIM_PRINT_LINES_MAX 10000

static atomic_uint printed_lines; /* per process: a forked child starts from its parent's */

static void print_lines(const char *buf, size_t n)
{
	char line[4096];

	while (n > 0) {
		unsigned seen = atomic_fetch_add_explicit(&printed_lines, 1, memory_order_relaxed);

		if (seen >= CT_SHIM_PRINT_LINES_MAX) {
			if (seen == CT_SHIM_PRINT_LINES_MAX)
				CT_SHIM_EMIT(mark, "standard output: later lines not recorded");
			return;
		}
		const char *nl = memchr(buf, '\n', n);
		size_t len = nl ? (size_t)(nl - buf) : n;
		size_t keep = len < sizeof(line) ? len : sizeof(line) - 1;

		memcpy(line, buf, keep);
		line[keep] = '\0';
		CT_SHIM_EMIT(print, line);
		len += nl ? 1 : 0;
		buf += len;
		n -= len;
	}
}

CT_API_DEF ssize_t write(int fd, const void *buf, size_t count)
{
	struct iovec v = { (void *)buf, count };
	struct fd_slot *s;
	ssize_t n;

	/*
	 * Standard output that is not a recorded pipe (a terminal, a file, the
	 * pipe `ctrace record` was given): what was written, once it is, as
	 * lines. A recorded pipe's bytes are fd_write events and arrows instead.
	 */
	if (fd == STDOUT_FILENO &&
	    !((s = slot_of(fd)) && atomic_load_explicit(&s->wstream, memory_order_relaxed)) &&
	    !ct_shim_ignored(CT_CALLER())) {
		n = REAL(write)(fd, buf, count);
		if (n > 0)
			print_lines(buf, (size_t)n);
		return n;
	}
	RECORDED_WRITE(fd, REAL(write)(fd, buf, count), &v, 1, count, 0, NULL, 0);
}

CT_API_DEF ssize_t send(int fd, const void *buf, size_t count, int flags)
{
	struct iovec v = { (void *)buf, count };

	RECORDED_WRITE(fd, REAL(send)(fd, buf, count, flags), &v, 1, count, flags, NULL, 0);
}

CT_API_DEF ssize_t sendto(int fd, const void *buf, size_t count, int flags,
			  const struct sockaddr *to, socklen_t tolen)
{
	struct iovec v = { (void *)buf, count };

	RECORDED_WRITE(fd, REAL(sendto)(fd, buf, count, flags, to, tolen), &v, 1, count, flags, to,
		       tolen);
}

CT_API_DEF ssize_t writev(int fd, const struct iovec *iov, int cnt)
{
	RECORDED_WRITE(fd, REAL(writev)(fd, iov, cnt), iov, cnt, iov_len(iov, cnt), 0, NULL, 0);
}

CT_API_DEF ssize_t sendmsg(int fd, const struct msghdr *msg, int flags)
{
	RECORDED_WRITE(fd, REAL(sendmsg)(fd, msg, flags), msg->msg_iov, (int)msg->msg_iovlen,
		       iov_len(msg->msg_iov, (int)msg->msg_iovlen), flags,
		       (const struct sockaddr *)msg->msg_name, msg->msg_namelen);
}

CT_API_DEF ssize_t read(int fd, void *buf, size_t count)
{
	struct iovec v = { buf, count };

	RECORDED_READ(fd, REAL(read)(fd, buf, count), &v, 1, count, 0);
}

CT_API_DEF ssize_t __read_chk(int fd, void *buf, size_t count, size_t buflen)
{
	struct iovec v = { buf, count };

	RECORDED_READ(fd, REAL(__read_chk)(fd, buf, count, buflen), &v, 1, count, 0);
}

CT_API_DEF ssize_t recv(int fd, void *buf, size_t count, int flags)
{
	struct iovec v = { buf, count };

	RECORDED_READ(fd, REAL(recv)(fd, buf, count, flags), &v, 1, count, flags);
}

CT_API_DEF ssize_t __recv_chk(int fd, void *buf, size_t count, size_t buflen, int flags)
{
	struct iovec v = { buf, count };

	RECORDED_READ(fd, REAL(__recv_chk)(fd, buf, count, buflen, flags), &v, 1, count, flags);
}

CT_API_DEF ssize_t recvfrom(int fd, void *buf, size_t count, int flags, struct sockaddr *from,
			    socklen_t *fromlen)
{
	struct iovec v = { buf, count };

	RECORDED_READ(fd, REAL(recvfrom)(fd, buf, count, flags, from, fromlen), &v, 1, count,
		      flags);
}

CT_API_DEF ssize_t __recvfrom_chk(int fd, void *buf, size_t count, size_t buflen, int flags,
				  struct sockaddr *from, socklen_t *fromlen)
{
	struct iovec v = { buf, count };

	RECORDED_READ(fd, REAL(__recvfrom_chk)(fd, buf, count, buflen, flags, from, fromlen), &v, 1,
		      count, flags);
}

CT_API_DEF ssize_t readv(int fd, const struct iovec *iov, int cnt)
{
	RECORDED_READ(fd, REAL(readv)(fd, iov, cnt), iov, cnt, iov_len(iov, cnt), 0);
}

CT_API_DEF ssize_t recvmsg(int fd, struct msghdr *msg, int flags)
{
	RECORDED_READ(fd, REAL(recvmsg)(fd, msg, flags), msg->msg_iov, (int)msg->msg_iovlen,
		      iov_len(msg->msg_iov, (int)msg->msg_iovlen), flags);
}

/*
 * sendfile and splice move bytes inside the kernel: a stream written is an
 * fd_write of the count asked for (given back in part when fewer moved), a
 * stream read an fd_read of what moved. Their waits are not spans.
 */
/*
 * How many bytes a sendfile from IN (at *OFFSET, or its file position when
 * OFFSET is NULL) can move: COUNT, cut at the end of a regular file, so a
 * call asking for more than is left (programs often ask for everything)
 * announces only what it can write.
 */
static size_t sendfile_len(int in, const off64_t *offset, size_t count)
{
	int err = errno;
	struct stat st;
	off64_t at = offset ? *offset : lseek64(in, 0, SEEK_CUR);

	if (fstat(in, &st) == 0 && S_ISREG(st.st_mode) && at >= 0)
		count = at >= st.st_size                      ? 0
			: (uint64_t)(st.st_size - at) < count ? (size_t)(st.st_size - at)
							      : count;
	errno = err;
	return count;
}

/* sendfile and sendfile64 (what programs built with 64-bit offsets call). */
#define RECORDED_SENDFILE(out, in, offset, call, count)                                            \
	do {                                                                                       \
		struct fd_slot *s_;                                                                \
		uint64_t id_ = recorded_stream(out, true, CT_CALLER(), &s_);                       \
		ssize_t n_;                                                                        \
		size_t len_;                                                                       \
		bool waits_;                                                                       \
                                                                                                   \
		if (!id_ || is_dgram(s_))                                                          \
			return call;                                                               \
		len_ = sendfile_len(in, offset, count);                                            \
		waits_ = write_begin(out, s_, id_, NULL, 0, len_, 0, NULL, 0);                     \
		n_ = call;                                                                         \
		write_end(s_, id_, waits_, len_, n_);                                              \
		return n_;                                                                         \
	} while (0)

CT_API_DEF ssize_t sendfile(int out, int in, off_t *offset, size_t count)
{
	off64_t at = offset ? *offset : 0;

	RECORDED_SENDFILE(out, in, offset ? &at : NULL, REAL(sendfile)(out, in, offset, count),
			  count);
}

CT_API_DEF ssize_t sendfile64(int out, int in, off64_t *offset, size_t count)
{
	RECORDED_SENDFILE(out, in, offset, REAL(sendfile64)(out, in, offset, count), count);
}

CT_API_DEF ssize_t splice(int in, loff_t *off_in, int out, loff_t *off_out, size_t len,
			  unsigned flags)
{
	uintptr_t caller = CT_CALLER();
	struct fd_slot *si = NULL, *so = NULL;
	uint64_t rid = recorded_stream(in, false, caller, &si);
	uint64_t wid = recorded_stream(out, true, caller, &so);
	bool waits = false;
	ssize_t n;

	if (rid && is_dgram(si))
		rid = 0;
	if (wid && is_dgram(so))
		wid = 0;
	if (wid)
		waits = write_begin(out, so, wid, NULL, 0, len,
				    flags & SPLICE_F_NONBLOCK ? MSG_DONTWAIT : 0, NULL, 0);
	n = REAL(splice)(in, off_in, out, off_out, len, flags);
	if (wid)
		write_end(so, wid, waits, len, n);
	if (rid)
		read_end(si, rid, false, n, NULL, 0);
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

/* SPDX-License-Identifier: MIT */
/*
 * mq.c - POSIX message queues as mq_send / mq_send_begin / mq_send_end /
 * mq_recv_begin / mq_recv events, from which the model draws a message arrow
 * from each send to the receive of the same bytes.
 *
 * Naming a queue. On Linux an mqd_t is a descriptor of a file in the mqueue
 * file system, so the queue's inode (with its device) names it in every
 * process that opens it, as a pipe's inode names a stream in fdio.c. fstat
 * costs a system call, about as much as the send itself on this kind of
 * machine, so the id (and the queue's message size) is kept in a fixed table
 * by descriptor: filled by mq_open, or on the first use of a descriptor the
 * shim did not see opened, and followed through close and dup* (fdio.c calls
 * ct_shim_mq_forget / ct_shim_mq_copy).
 *
 * Matching by content. A message carries no id the shim could follow, so
 * mq_send and mq_recv carry a 64-bit hash of its bytes and its length, and
 * the model pairs each receive with the earliest unpaired send of the same
 * queue, hash and length. That holds across processes and when priorities
 * reorder delivery; identical messages are interchangeable anyway.
 *
 * Ordering. mq_send is emitted before the message can be enqueued, so it
 * precedes the receive of it; mq_recv is emitted after the receive. Both
 * calls try first, with an absolute timeout already expired ({0, 0}), which
 * the kernel answers at once with ETIMEDOUT when the call would block (and
 * with EAGAIN on an O_NONBLOCK descriptor, as for the program). A receive
 * that would block emits mq_recv_begin and then makes the program's own
 * blocking call. A send cannot wait without its message: a blocked sender's
 * message is put in the queue by the receiver that makes room, before the
 * sender runs again, so the send has to be announced before it blocks. So a
 * send emits mq_send, tries, and when the queue is full emits mq_send_begin,
 * makes the program's own blocking call and closes the wait with
 * mq_send_end; a send that fails (a full O_NONBLOCK queue, a timeout, a
 * signal) emits mq_send_end with the failure, which withdraws its mq_send.
 *
 * The program sees the same results and errno as without the shim: the
 * first try takes a message or makes room exactly as the real call would
 * have at that moment, and the blocking call that follows is the one the
 * program made, with its own timeout. Calls the kernel refuses before
 * looking at the queue (a bad timeout or priority, a message larger than the
 * queue's) are passed through unrecorded, so they fail as they would.
 */
#include "shim.h"

#include <errno.h>
#include <fcntl.h>
#include <mqueue.h>
#include <stdarg.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#define CT_MQ_SLOTS 4096   /* descriptors beyond this are looked up on every call */
#define PRIO_LIMIT  32768u /* the kernel's MQ_PRIO_MAX: higher priorities are EINVAL */

/* The fortified mq_open of glibc's headers calls this one for two arguments. */
mqd_t __mq_open_2(const char *name, int oflag);

/* One descriptor's queue (0: not known) and that queue's message size. */
struct mq_slot {
	_Atomic uint64_t id;
	_Atomic uint64_t msgsize;
};

static struct mq_slot mqs[CT_MQ_SLOTS]; /* 64 KiB of bss, touched only where used */

static struct mq_slot *slot_of(int fd)
{
	return fd >= 0 && fd < CT_MQ_SLOTS ? &mqs[fd] : NULL;
}

/* What the kernel says about descriptor Q: its queue's id and message size. False if not a queue. */
static bool queue_stat(mqd_t q, uint64_t *id, uint64_t *msgsize)
{
	struct stat st;
	struct mq_attr attr;
	int err = errno;
	bool ok = fstat(q, &st) == 0 && mq_getattr(q, &attr) == 0 && attr.mq_msgsize >= 0;

	errno = err;
	if (!ok)
		return false;
	*id = (uint64_t)st.st_ino ^ ((uint64_t)st.st_dev << 40);
	*msgsize = (uint64_t)attr.mq_msgsize;
	return *id != 0;
}

static void slot_set(int fd, uint64_t id, uint64_t msgsize)
{
	struct mq_slot *s = slot_of(fd);

	if (!s)
		return;
	/* The size first: a reader that sees the id sees its size. */
	atomic_store_explicit(&s->msgsize, msgsize, memory_order_relaxed);
	atomic_store_explicit(&s->id, id, memory_order_release);
}

/* The queue descriptor Q names, and its message size; 0 when Q is not a queue. */
static uint64_t queue_of(mqd_t q, uint64_t *msgsize)
{
	struct mq_slot *s = slot_of(q);
	uint64_t id;

	if (s) {
		id = atomic_load_explicit(&s->id, memory_order_acquire);
		if (id) {
			*msgsize = atomic_load_explicit(&s->msgsize, memory_order_relaxed);
			return id;
		}
	}
	/* Opened before the shim was ready, or inherited: ask once, then remember. */
	if (!queue_stat(q, &id, msgsize))
		return 0;
	slot_set(q, id, *msgsize);
	return id;
}

void ct_shim_mq_forget(int fd)
{
	struct mq_slot *s = slot_of(fd);

	if (s && atomic_load_explicit(&s->id, memory_order_relaxed))
		atomic_store_explicit(&s->id, 0, memory_order_relaxed);
}

void ct_shim_mq_copy(int oldfd, int newfd)
{
	struct mq_slot *o = slot_of(oldfd);
	uint64_t id;

	ct_shim_mq_forget(newfd);
	if (!o || newfd == oldfd)
		return;
	id = atomic_load_explicit(&o->id, memory_order_acquire);
	if (id)
		slot_set(newfd, id, atomic_load_explicit(&o->msgsize, memory_order_relaxed));
}

/* The table follows every queue opened, whoever opens it: it only caches what fstat says. */
static void remember(mqd_t q)
{
	uint64_t id, msgsize;

	if (q != (mqd_t)-1 && queue_stat(q, &id, &msgsize))
		slot_set(q, id, msgsize);
}

CT_API_DEF mqd_t mq_open(const char *name, int oflag, ...)
{
	mqd_t q;

	/* The mode and attributes are there only with O_CREAT, as glibc reads them. */
	if (oflag & O_CREAT) {
		va_list ap;
		mode_t mode;
		struct mq_attr *attr;

		va_start(ap, oflag);
		mode = va_arg(ap, mode_t);
		attr = va_arg(ap, struct mq_attr *);
		va_end(ap);
		q = REAL(mq_open)(name, oflag, mode, attr);
	} else {
		q = REAL(mq_open)(name, oflag);
	}
	remember(q);
	return q;
}

CT_API_DEF mqd_t __mq_open_2(const char *name, int oflag)
{
	mqd_t q = REAL(__mq_open_2)(name, oflag);

	remember(q);
	return q;
}

CT_API_DEF int mq_close(mqd_t q)
{
	ct_shim_mq_forget(q);
	return REAL(mq_close)(q);
}

/*
 * A 64-bit hash of LEN bytes at P: FNV-1a taken eight bytes at a time (a
 * message can be kilobytes long), then mixed so every bit counts. Sender and
 * receiver run this same code, which is all that matching needs.
 */
static uint64_t msg_hash(const void *p, size_t len)
{
	const unsigned char *b = p;
	uint64_t h = UINT64_C(0xcbf29ce484222325);

	for (; len >= 8; b += 8, len -= 8) {
		uint64_t w;

		memcpy(&w, b, 8);
		h = (h ^ w) * UINT64_C(0x100000001b3);
	}
	for (; len; b++, len--)
		h = (h ^ *b) * UINT64_C(0x100000001b3);
	h ^= h >> 32;
	h *= UINT64_C(0xd6e8feb86659fd93);
	h ^= h >> 32;
	return h;
}

/* Whether the kernel accepts ABSTIME (NULL: no timeout); it refuses a bad one before anything else. */
static bool timeout_valid(const struct timespec *abstime)
{
	return !abstime ||
	       (abstime->tv_sec >= 0 && abstime->tv_nsec >= 0 && abstime->tv_nsec < 1000000000L);
}

static enum ct_status status_of(int err, enum ct_status when_again)
{
	if (err == ETIMEDOUT)
		return CT_TIMEOUT;
	if (err == EAGAIN)
		return when_again;
	return CT_ERROR;
}

static const struct timespec expired = { 0, 0 };

/* Records one send to queue ID; TIMED selects mq_timedsend until ABSTIME. */
static int send_recorded(mqd_t q, uint64_t id, const char *msg, size_t len, unsigned prio,
			 bool timed, const struct timespec *abstime)
{
	int err = errno, ret;

	CT_PERTURB();
	CT_SHIM_EMIT(mq_send, id, msg_hash(msg, len), len, prio);
	ret = REAL(mq_timedsend)(q, msg, len, prio, &expired);
	if (ret == 0) {
		errno = err;
		return 0;
	}
	if (errno == ETIMEDOUT) {
		/* Full, and the descriptor blocks: now the program's own call waits. */
		CT_SHIM_EMIT(mq_send_begin, id);
		ret = timed ? REAL(mq_timedsend)(q, msg, len, prio, abstime)
			    : REAL(mq_send)(q, msg, len, prio);
		if (ret == 0) {
			CT_SHIM_EMIT(mq_send_end, id, CT_OK);
			errno = err;
			return 0;
		}
	}
	err = errno;
	CT_SHIM_EMIT(mq_send_end, id, status_of(err, CT_FULL));
	errno = err;
	return ret;
}

/* Whether a send is recorded (and to which queue, *ID): see the header for what is not. */
static bool send_traced(mqd_t q, size_t len, unsigned prio, const struct timespec *abstime,
			uint64_t *id)
{
	uint64_t msgsize;

	if (prio >= PRIO_LIMIT || !timeout_valid(abstime))
		return false;
	*id = queue_of(q, &msgsize);
	/* Too long a message is refused at once (and its bytes need not be readable). */
	return *id && len <= msgsize;
}

CT_API_DEF int mq_send(mqd_t q, const char *msg, size_t len, unsigned prio)
{
	uint64_t id;

	if (ct_shim_ignored(CT_CALLER()) || !send_traced(q, len, prio, NULL, &id))
		return REAL(mq_send)(q, msg, len, prio);
	return send_recorded(q, id, msg, len, prio, false, NULL);
}

CT_API_DEF int mq_timedsend(mqd_t q, const char *msg, size_t len, unsigned prio,
			    const struct timespec *abstime)
{
	uint64_t id;

	if (ct_shim_ignored(CT_CALLER()) || !send_traced(q, len, prio, abstime, &id))
		return REAL(mq_timedsend)(q, msg, len, prio, abstime);
	return send_recorded(q, id, msg, len, prio, true, abstime);
}

/* Records one receive from queue ID; TIMED selects mq_timedreceive until ABSTIME. */
static ssize_t recv_recorded(mqd_t q, uint64_t id, char *buf, size_t len, unsigned *prio_out,
			     bool timed, const struct timespec *abstime)
{
	unsigned own_prio = 0;
	/* The program's own pointer when it gave one: a bad one fails the call as it would. */
	unsigned *prio = prio_out ? prio_out : &own_prio;
	int err = errno;
	ssize_t n;

	n = REAL(mq_timedreceive)(q, buf, len, prio, &expired);
	if (n < 0) {
		/* Nothing to wait for (O_NONBLOCK, a short buffer, a bad descriptor): no events. */
		if (errno != ETIMEDOUT)
			return n;
		CT_SHIM_EMIT(mq_recv_begin, id);
		n = timed ? REAL(mq_timedreceive)(q, buf, len, prio, abstime)
			  : REAL(mq_receive)(q, buf, len, prio);
		if (n < 0) {
			err = errno;
			CT_SHIM_EMIT(mq_recv, id, 0, 0, 0, status_of(err, CT_EMPTY));
			errno = err;
			return n;
		}
	}
	CT_SHIM_EMIT(mq_recv, id, msg_hash(buf, (size_t)n), (uint64_t)n, *prio, CT_OK);
	errno = err;
	return n;
}

CT_API_DEF ssize_t mq_receive(mqd_t q, char *buf, size_t len, unsigned *prio)
{
	uint64_t id, msgsize;

	if (ct_shim_ignored(CT_CALLER()) || !(id = queue_of(q, &msgsize)))
		return REAL(mq_receive)(q, buf, len, prio);
	return recv_recorded(q, id, buf, len, prio, false, NULL);
}

CT_API_DEF ssize_t mq_timedreceive(mqd_t q, char *buf, size_t len, unsigned *prio,
				   const struct timespec *abstime)
{
	uint64_t id, msgsize;

	if (ct_shim_ignored(CT_CALLER()) || !timeout_valid(abstime) ||
	    !(id = queue_of(q, &msgsize)))
		return REAL(mq_timedreceive)(q, buf, len, prio, abstime);
	return recv_recorded(q, id, buf, len, prio, true, abstime);
}

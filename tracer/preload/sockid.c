/* SPDX-License-Identifier: MIT */
/*
 * sockid.c - what a descriptor is, named alike in every process that holds
 * an end of it, computed from the kernel alone: the same function serves at
 * creation, after accept and connect, and for a descriptor inherited across
 * exec (sockets.c calls it at each).
 *
 * Names both ends agree on:
 *  - a pipe or FIFO: its inode; the direction from the open flags;
 *  - a TCP (or other inet stream) connection: one id per direction, a hash
 *    of (source address:port, destination address:port) from getsockname
 *    and getpeername. What A writes (A's address to B's) is what B reads
 *    (the same pair seen from B), in any process. IPv4-mapped IPv6
 *    addresses are taken as IPv4, so a dual-stack server and an IPv4 client
 *    agree. Offsets count from 0 at each end when the descriptor is entered;
 *  - a Unix-domain stream (or seqpacket) socket: its own inode names what it
 *    writes and its peer's inode what it reads, as for a socketpair. The
 *    peer's inode comes from the kernel's socket diagnostics (a
 *    NETLINK_SOCK_DIAG request for this inode with UDIAG_SHOW_PEER, what
 *    `ss -x` shows): one netlink socket, one request and one answer in stack
 *    buffers, once per descriptor. Without it (no unix_diag in the kernel)
 *    the socket is not recorded;
 *  - a datagram socket (UDP, Unix datagram): an endpoint id per address a
 *    datagram is sent to: the port for UDP (a receiver bound to 0.0.0.0:p
 *    gets what was sent to 127.0.0.1:p), the path (or abstract name) for
 *    Unix. The sender names the destination from sendto's address or the
 *    connected peer; the receiver its own address, once bound.
 * The ids are named by sock_name events ("tcp 127.0.0.1:40112 >
 * 127.0.0.1:8080"), emitted once per descriptor entered.
 *
 * Rules of shim.h: no allocation, no lock; each identification is a
 * handful of system calls, made once per descriptor, never per read.
 */
#include "shim.h"
#include "fdio.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <linux/sock_diag.h>
#include <linux/unix_diag.h>
#include <netinet/in.h>
#include <stddef.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#define FNV_SEED  UINT64_C(0xcbf29ce484222325)
#define FNV_PRIME UINT64_C(0x100000001b3)

static uint64_t fnv(uint64_t h, const void *p, size_t len)
{
	const unsigned char *b = p;

	for (; len; b++, len--)
		h = (h ^ *b) * FNV_PRIME;
	return h;
}

/* Mixes H so every bit counts; never 0 nor CT_FD_LAZY (those mean "none" and "not yet"). */
static uint64_t finish(uint64_t h)
{
	h ^= h >> 32;
	h *= UINT64_C(0xd6e8feb86659fd93);
	h ^= h >> 32;
	return h > CT_FD_LAZY ? h : h + 2;
}

uint64_t ct_sock_iov_hash(const struct iovec *iov, int cnt, size_t len)
{
	uint64_t h = FNV_SEED;

	for (int i = 0; i < cnt && len; i++) {
		size_t n = iov[i].iov_len < len ? iov[i].iov_len : len;

		h = fnv(h, iov[i].iov_base, n);
		len -= n;
	}
	return finish(h);
}

/* An inet endpoint, normalised: IPv4-mapped IPv6 is IPv4. */
struct endpoint {
	unsigned char family; /* AF_INET, AF_INET6 */
	unsigned char addr[16];
	uint16_t port; /* host order */
};

static bool endpoint_of(const struct sockaddr *sa, socklen_t len, struct endpoint *e)
{
	memset(e, 0, sizeof(*e));
	if (sa->sa_family == AF_INET && len >= sizeof(struct sockaddr_in)) {
		const struct sockaddr_in *in = (const struct sockaddr_in *)sa;

		e->family = AF_INET;
		memcpy(e->addr, &in->sin_addr, 4);
		e->port = ntohs(in->sin_port);
		return true;
	}
	if (sa->sa_family == AF_INET6 && len >= sizeof(struct sockaddr_in6)) {
		const struct sockaddr_in6 *in6 = (const struct sockaddr_in6 *)sa;

		e->port = ntohs(in6->sin6_port);
		if (IN6_IS_ADDR_V4MAPPED(&in6->sin6_addr)) {
			e->family = AF_INET;
			memcpy(e->addr, &in6->sin6_addr.s6_addr[12], 4);
		} else {
			e->family = AF_INET6;
			memcpy(e->addr, &in6->sin6_addr, 16);
		}
		return true;
	}
	return false;
}

static uint64_t endpoint_hash(uint64_t h, const struct endpoint *e)
{
	h = fnv(h, &e->family, 1);
	h = fnv(h, e->addr, e->family == AF_INET ? 4 : 16);
	return fnv(h, &e->port, sizeof(e->port));
}

/* One direction of an inet stream connection: FROM's bytes to TO. */
static uint64_t conn_key(const struct endpoint *from, const struct endpoint *to)
{
	return finish(endpoint_hash(endpoint_hash(fnv(FNV_SEED, "tcp", 3), from), to));
}

/* A listening (or connected-to) inet endpoint. */
static uint64_t listen_key(const struct endpoint *e)
{
	return finish(endpoint_hash(fnv(FNV_SEED, "listen", 6), e));
}

/* A Unix socket address's name bytes (path or abstract), *N its length; NULL when unnamed. */
static const char *unix_name(const struct sockaddr *sa, socklen_t len, size_t *n)
{
	const struct sockaddr_un *un = (const struct sockaddr_un *)sa;
	size_t off = offsetof(struct sockaddr_un, sun_path);

	if (sa->sa_family != AF_UNIX || len <= off)
		return NULL;
	*n = len - off;
	/* A path is NUL-terminated (maybe with bytes after the NUL); an abstract name is not. */
	if (un->sun_path[0] != '\0')
		*n = strnlen(un->sun_path, *n);
	return un->sun_path;
}

uint64_t ct_sock_dgram_key(const struct sockaddr *addr, socklen_t len)
{
	struct endpoint e;
	const char *name;
	size_t n;

	if (!addr)
		return 0;
	if (endpoint_of(addr, len, &e))
		return e.port ? finish(fnv(fnv(FNV_SEED, "udp", 3), &e.port, sizeof(e.port))) : 0;
	name = unix_name(addr, len, &n);
	return name ? finish(fnv(fnv(FNV_SEED, "unix", 4), name, n)) : 0;
}

/* A small bounded string builder: no allocation, never overflows. */
struct text {
	char *buf;
	size_t len, cap;
};

static void put(struct text *t, const char *s, size_t n)
{
	for (size_t i = 0; i < n && t->len + 1 < t->cap; i++)
		t->buf[t->len++] = s[i];
	t->buf[t->len] = '\0';
}

static void puts_(struct text *t, const char *s)
{
	put(t, s, strlen(s));
}

static void putu(struct text *t, uint64_t v)
{
	char d[24];
	int i = sizeof(d);

	do
		d[--i] = (char)('0' + v % 10);
	while ((v /= 10) && i > 0);
	put(t, d + i, sizeof(d) - (size_t)i);
}

static void put_endpoint(struct text *t, const struct endpoint *e)
{
	char a[INET6_ADDRSTRLEN];

	if (!inet_ntop(e->family, e->addr, a, sizeof(a)))
		a[0] = '\0';
	if (e->family == AF_INET6)
		puts_(t, "[");
	puts_(t, a);
	puts_(t, e->family == AF_INET6 ? "]:" : ":");
	putu(t, e->port);
}

static void name_emit(uint64_t id, const char *name)
{
	CT_SHIM_EMIT(sock_name, id, name);
}

/* Emits the names of an inet connection's two directions as seen from LOCAL. */
static void name_conn(uint64_t w, uint64_t r, const struct endpoint *local,
		      const struct endpoint *peer)
{
	char b[160];
	struct text t = { b, 0, sizeof(b) };

	puts_(&t, "tcp ");
	put_endpoint(&t, local);
	puts_(&t, " > ");
	put_endpoint(&t, peer);
	name_emit(w, b);
	t.len = 0;
	puts_(&t, "tcp ");
	put_endpoint(&t, peer);
	puts_(&t, " > ");
	put_endpoint(&t, local);
	name_emit(r, b);
}

static void name_endpoint(uint64_t id, const char *proto, const struct endpoint *e)
{
	char b[96];
	struct text t = { b, 0, sizeof(b) };

	puts_(&t, proto);
	put_endpoint(&t, e);
	name_emit(id, b);
}

/* Names a datagram endpoint id from its address. */
static void name_dgram(uint64_t id, const struct sockaddr *sa, socklen_t len)
{
	char b[160];
	struct text t = { b, 0, sizeof(b) };
	struct endpoint e;
	const char *name;
	size_t n;

	if (id <= CT_FD_LAZY)
		return;
	if (endpoint_of(sa, len, &e)) {
		puts_(&t, "udp port ");
		putu(&t, e.port);
	} else if ((name = unix_name(sa, len, &n))) {
		puts_(&t, "unix datagram ");
		if (name[0] == '\0') {
			puts_(&t, "@");
			put(&t, name + 1, n - 1);
		} else {
			put(&t, name, n);
		}
	} else {
		return;
	}
	name_emit(id, b);
}

/* Found on the first receive of a socket bound since it was entered; named then. */
uint64_t ct_sock_local_dgram_key(int fd)
{
	struct sockaddr_storage ss;
	socklen_t len = sizeof(ss);
	uint64_t id;

	if (getsockname(fd, (struct sockaddr *)&ss, &len) != 0)
		return 0;
	id = ct_sock_dgram_key((const struct sockaddr *)&ss, len);
	name_dgram(id, (const struct sockaddr *)&ss, len);
	return id;
}

/*
 * The inode of the peer of the Unix socket with inode INO, from the
 * kernel's socket diagnostics; 0 when it has none or the kernel cannot say.
 */
static uint32_t unix_peer_inode(uint32_t ino)
{
	struct {
		struct nlmsghdr h;
		struct unix_diag_req r;
	} req;
	union {
		char bytes[1024];
		struct nlmsghdr align;
	} ans;
	struct sockaddr_nl kernel = { .nl_family = AF_NETLINK };
	const struct nlmsghdr *h = &ans.align;
	const struct unix_diag_msg *m;
	const struct rtattr *a;
	int nl, len;
	ssize_t n;

	nl = REAL(socket)(AF_NETLINK, SOCK_DGRAM | SOCK_CLOEXEC, NETLINK_SOCK_DIAG);
	if (nl < 0)
		return 0;
	memset(&req, 0, sizeof(req));
	req.h.nlmsg_len = sizeof(req);
	req.h.nlmsg_type = SOCK_DIAG_BY_FAMILY;
	req.h.nlmsg_flags = NLM_F_REQUEST;
	req.r.sdiag_family = AF_UNIX;
	req.r.udiag_states = ~0u;
	req.r.udiag_ino = ino;
	req.r.udiag_show = UDIAG_SHOW_PEER;
	req.r.udiag_cookie[0] = req.r.udiag_cookie[1] = ~0u; /* any: we know no cookie */
	n = REAL(sendto)(nl, &req, sizeof(req), 0, (struct sockaddr *)&kernel, sizeof(kernel));
	if (n == (ssize_t)sizeof(req))
		n = REAL(recv)(nl, ans.bytes, sizeof(ans.bytes), 0);
	else
		n = -1;
	REAL(close)(nl);
	if (n < (ssize_t)NLMSG_LENGTH(sizeof(*m)) || !NLMSG_OK(h, (unsigned)n) ||
	    h->nlmsg_type != SOCK_DIAG_BY_FAMILY)
		return 0;
	m = NLMSG_DATA(h);
	if (m->udiag_ino != ino)
		return 0;
	len = (int)(h->nlmsg_len - NLMSG_LENGTH(sizeof(*m)));
	for (a = (const struct rtattr *)(m + 1); RTA_OK(a, len); a = RTA_NEXT(a, len))
		if (a->rta_type == UNIX_DIAG_PEER && RTA_PAYLOAD(a) >= sizeof(uint32_t))
			return *(const uint32_t *)RTA_DATA(a);
	return 0;
}

static void identify_pipe(int fd, const struct stat *st)
{
	uint64_t id = (uint64_t)st->st_ino ^ ((uint64_t)st->st_dev << 40);
	int fl = fcntl(fd, F_GETFL);

	if (fl < 0)
		return;
	switch (fl & O_ACCMODE) {
	case O_RDONLY:
		ct_fd_set(fd, 0, id, CT_FD_STREAM);
		break;
	case O_WRONLY:
		ct_fd_set(fd, id, 0, CT_FD_STREAM);
		break;
	default: /* a FIFO opened for both: what it writes it may read back */
		ct_fd_set(fd, id, id, CT_FD_STREAM);
		break;
	}
}

static void identify_inet_stream(int fd, const struct sockaddr_storage *local, socklen_t llen,
				 const struct sockaddr *peer, socklen_t plen)
{
	struct sockaddr_storage ps;
	struct endpoint l, p;
	uint64_t w, r;

	if (!peer) {
		plen = sizeof(ps);
		if (getpeername(fd, (struct sockaddr *)&ps, &plen) != 0)
			return; /* listening or not connected: nothing flows yet */
		peer = (const struct sockaddr *)&ps;
	}
	if (!endpoint_of((const struct sockaddr *)local, llen, &l) || !endpoint_of(peer, plen, &p))
		return;
	w = conn_key(&l, &p);
	r = conn_key(&p, &l);
	ct_fd_set(fd, w, r, CT_FD_STREAM);
	name_conn(w, r, &l, &p);
}

static void identify_unix_stream(int fd, const struct stat *st,
				 const struct sockaddr_storage *local, socklen_t llen)
{
	uint32_t peer = unix_peer_inode((uint32_t)st->st_ino);
	uint64_t w = (uint64_t)st->st_ino ^ ((uint64_t)st->st_dev << 40);
	uint64_t r = (uint64_t)peer ^ ((uint64_t)st->st_dev << 40);
	char b[160];
	struct text t = { b, 0, sizeof(b) };
	const char *name;
	size_t n = 0;

	/*
	 * A client whose connection the server has not accepted yet: the peer
	 * has no inode until then, so what it reads is found on its first read.
	 */
	ct_fd_set(fd, w, peer ? r : CT_FD_LAZY, CT_FD_STREAM);
	/* The path is the server's: its accepted sockets have it, the client's peer has it. */
	name = unix_name((const struct sockaddr *)local, llen, &n);
	puts_(&t, "unix ");
	if (name && n && name[0] != '\0') {
		put(&t, name, n);
		puts_(&t, " ");
	}
	putu(&t, st->st_ino);
	puts_(&t, " > ");
	if (peer)
		putu(&t, peer);
	else
		puts_(&t, "its peer");
	name_emit(w, b);
	if (!peer)
		return;
	t.len = 0;
	puts_(&t, "unix ");
	if (name && n && name[0] != '\0') {
		put(&t, name, n);
		puts_(&t, " ");
	}
	putu(&t, peer);
	puts_(&t, " > ");
	putu(&t, st->st_ino);
	name_emit(r, b);
}

static void identify_dgram(int fd, const struct sockaddr_storage *local, socklen_t llen,
			   const struct sockaddr *peer, socklen_t plen)
{
	struct sockaddr_storage ps;
	uint64_t w, r = ct_sock_dgram_key((const struct sockaddr *)local, llen);

	if (!peer) {
		plen = sizeof(ps);
		if (getpeername(fd, (struct sockaddr *)&ps, &plen) == 0)
			peer = (const struct sockaddr *)&ps;
	}
	w = peer ? ct_sock_dgram_key(peer, plen) : 0;
	ct_fd_set(fd, w ? w : CT_FD_LAZY, r ? r : CT_FD_LAZY, CT_FD_DGRAM);
	name_dgram(r, (const struct sockaddr *)local, llen);
	if (peer)
		name_dgram(w, peer, plen);
}

uint64_t ct_sock_unix_peer_key(int fd)
{
	struct stat st;
	uint32_t peer;
	char b[64];
	struct text t = { b, 0, sizeof(b) };
	uint64_t id;

	if (fstat(fd, &st) != 0 || !(peer = unix_peer_inode((uint32_t)st.st_ino)))
		return 0;
	id = (uint64_t)peer ^ ((uint64_t)st.st_dev << 40);
	puts_(&t, "unix ");
	putu(&t, peer);
	puts_(&t, " > ");
	putu(&t, st.st_ino);
	name_emit(id, b);
	return id;
}

void ct_sock_identify(int fd, const struct sockaddr *peer, socklen_t peer_len)
{
	int err = errno;
	struct stat st;
	struct sockaddr_storage local;
	socklen_t llen = sizeof(local);
	int type;
	socklen_t tlen = sizeof(type);

	if (fd < 0 || fstat(fd, &st) != 0)
		goto end;
	if (S_ISFIFO(st.st_mode)) {
		identify_pipe(fd, &st);
		goto end;
	}
	if (!S_ISSOCK(st.st_mode) || getsockopt(fd, SOL_SOCKET, SO_TYPE, &type, &tlen) != 0 ||
	    getsockname(fd, (struct sockaddr *)&local, &llen) != 0)
		goto end;
	switch (local.ss_family) {
	case AF_INET:
	case AF_INET6:
		if (type == SOCK_STREAM)
			identify_inet_stream(fd, &local, llen, peer, peer_len);
		else if (type == SOCK_DGRAM)
			identify_dgram(fd, &local, llen, peer, peer_len);
		break;
	case AF_UNIX: {
		size_t n;

		if (type == SOCK_STREAM || type == SOCK_SEQPACKET) {
			identify_unix_stream(fd, &st, &local, llen);
		} else if (type == SOCK_DGRAM) {
			/* An unnamed pair (socketpair) is a byte stream between two inodes. */
			if (!unix_name((const struct sockaddr *)&local, llen, &n) && !peer &&
			    unix_peer_inode((uint32_t)st.st_ino))
				identify_unix_stream(fd, &st, &local, llen);
			else
				identify_dgram(fd, &local, llen, peer, peer_len);
		}
		break;
	}
	default:
		break;
	}
end:
	errno = err;
}

/* The id (named) of a Unix stream socket's listening address; 0 when unnamed. */
static uint64_t unix_listen_id(const struct sockaddr *addr, socklen_t len)
{
	char b[160];
	struct text t = { b, 0, sizeof(b) };
	size_t n;
	const char *name = unix_name(addr, len, &n);
	uint64_t id;

	if (!name || n == 0)
		return 0;
	id = finish(fnv(fnv(FNV_SEED, "unix-listen", 11), name, n));
	puts_(&t, "unix ");
	if (name[0] == '\0') {
		puts_(&t, "@");
		put(&t, name + 1, n - 1);
	} else {
		put(&t, name, n);
	}
	name_emit(id, b);
	return id;
}

uint64_t ct_sock_endpoint_id(const struct sockaddr *addr, socklen_t len)
{
	struct endpoint e;
	uint64_t id;

	if (!addr)
		return 0;
	if (endpoint_of(addr, len, &e)) {
		id = listen_key(&e);
		name_endpoint(id, "tcp ", &e);
		return id;
	}
	return unix_listen_id(addr, len);
}

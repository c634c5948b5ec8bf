/* SPDX-License-Identifier: MIT */
/*
 * fdio.h - the descriptor table of fdio.c as sockets.c and poll.c use it:
 * which stream (or datagram endpoint) a descriptor writes to and reads from.
 * Same rules as shim.h: no allocation, no lock, safe in a forked child.
 */
#ifndef CTRACE_FDIO_H
#define CTRACE_FDIO_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/socket.h>
#include <sys/uio.h>

/* How a descriptor's I/O is recorded. */
enum ct_fd_mode {
	CT_FD_STREAM = 0, /* bytes: fd_write / fd_read with offsets (pipes, stream sockets) */
	CT_FD_DGRAM = 1,  /* datagrams: dgram_send / dgram_recv by endpoint and content */
};

/*
 * A datagram endpoint not known yet: an unconnected socket's destination
 * (given by each sendto), or the local address of a socket not bound yet
 * (known after its first send). Never a real id.
 */
#define CT_FD_LAZY 1u

/*
 * Enters FD in the table: the ids it writes to and reads from (0: that
 * direction is not recorded), with fresh byte counters. Descriptors beyond
 * the table are left out. Can't fail.
 */
void ct_fd_set(int fd, uint64_t wstream, uint64_t rstream, enum ct_fd_mode mode);

/* The listening socket FD's id (sockets.c computes it on its first accept); 0 if unknown. */
uint64_t ct_fd_listen_key(int fd);
void ct_fd_set_listen_key(int fd, uint64_t key);

/* Replaces FD's read endpoint (a lazy datagram endpoint once known). */
void ct_fd_set_rstream(int fd, uint64_t rstream);

/*
 * sockid.c: what descriptor FD is (a pipe's end, a connected stream socket,
 * a datagram socket), computed from the kernel alone, so it is right at
 * creation, after accept or connect, and in a program that inherited FD
 * across exec. Enters FD in the table and emits sock_name for the ids it
 * names; leaves the table unchanged for anything else (files, terminals,
 * listening or unconnected stream sockets). PEER, when not NULL, is the
 * address a connect was given (getpeername may not know it yet). Keeps errno.
 */
void ct_sock_identify(int fd, const struct sockaddr *peer, socklen_t peer_len);

/*
 * The id (named by a sock_name) of the stream endpoint ADDR: an inet
 * address:port a server listens on or a client connects to, or a Unix
 * socket's path; 0 for anything else.
 */
uint64_t ct_sock_endpoint_id(const struct sockaddr *addr, socklen_t len);

/* The id of a datagram endpoint named by ADDR (a sendto's destination); 0 if none. */
uint64_t ct_sock_dgram_key(const struct sockaddr *addr, socklen_t len);

/* The id of FD's own datagram endpoint (after its bind or first send); 0 if not bound yet. */
uint64_t ct_sock_local_dgram_key(int fd);

/* The id of what Unix stream socket FD reads (its peer's inode, named); 0 while it has none. */
uint64_t ct_sock_unix_peer_key(int fd);

/* A 64-bit hash of the first LEN bytes of IOV (CNT pieces), the same however they are cut. */
uint64_t ct_sock_iov_hash(const struct iovec *iov, int cnt, size_t len);

/* In the constructor of a program started by exec: the descriptors it inherited. */
void ct_fd_adopt_inherited(void);

#endif /* CTRACE_FDIO_H */

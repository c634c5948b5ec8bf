/* SPDX-License-Identifier: MIT */
/*
 * futex.c - the futex system call made through glibc's syscall(), as Rust's
 * standard library and some C libraries block: FUTEX_WAIT and
 * FUTEX_WAIT_BITSET as futex_wait_begin / futex_wait_end on the futex word's
 * address, FUTEX_WAKE, FUTEX_WAKE_BITSET, FUTEX_REQUEUE and
 * FUTEX_CMP_REQUEUE as futex_wake (the model matches a wait's end to the wake
 * on the same address that preceded it).
 *
 * syscall() is variadic and does not say how many arguments it got, so all
 * six argument registers are read and forwarded: reading ones the caller did
 * not set is harmless on the ABIs glibc supports (they are registers or the
 * caller's stack), and the kernel ignores the ones a call does not use. Every
 * other system call number costs one comparison before it is passed on.
 *
 * A wait is emitted before the call (a futex cannot be tried without
 * blocking), so it can be a begin and an end whose status is "busy" when the
 * word had changed (EAGAIN: it did not wait). A wake is emitted before the
 * call so its arrow never points back in time; its count is the most it may
 * wake, which is what the caller asked for.
 */
#include "shim.h"

#include <errno.h>
#include <linux/futex.h>
#include <stdarg.h>
#include <sys/syscall.h>
#include <unistd.h>

/* The status of a futex wait that returned RET with errno ERR. */
static int wait_status(long ret, int err)
{
	if (ret == 0)
		return CT_OK;
	if (err == ETIMEDOUT)
		return CT_TIMEOUT;
	return err == EAGAIN ? CT_BUSY : CT_ERROR;
}

/* A futex call A (the six arguments) from the program: recorded when it waits or wakes. */
static long futex_call(const long *a)
{
	uint64_t id = (uint64_t)(uintptr_t)a[0];
	long ret;
	int err;

	switch ((int)a[1] & FUTEX_CMD_MASK) {
	case FUTEX_WAIT:
	case FUTEX_WAIT_BITSET:
		CT_SHIM_EMIT(futex_wait_begin, id);
		ret = REAL(syscall)(SYS_futex, a[0], a[1], a[2], a[3], a[4], a[5]);
		err = errno;
		CT_SHIM_EMIT(futex_wait_end, id, wait_status(ret, err));
		errno = err;
		return ret;
	case FUTEX_WAKE:
	case FUTEX_WAKE_BITSET:
	case FUTEX_REQUEUE:
	case FUTEX_CMP_REQUEUE:
		/* A requeue wakes val (a[2]) waiters and moves the rest, which are not followed. */
		CT_SHIM_EMIT(futex_wake, id, a[2] > INT32_MAX ? INT32_MAX : (int)a[2]);
		break;
	default:
		break;
	}
	return REAL(syscall)(SYS_futex, a[0], a[1], a[2], a[3], a[4], a[5]);
}

CT_API_DEF long syscall(long number, ...)
{
	long a[6];
	va_list ap;

	va_start(ap, number);
	for (int i = 0; i < 6; i++)
		a[i] = va_arg(ap, long);
	va_end(ap);
	if (number != SYS_futex || ct_shim_ignored(CT_CALLER()))
		return REAL(syscall)(number, a[0], a[1], a[2], a[3], a[4], a[5]);
	return futex_call(a);
}

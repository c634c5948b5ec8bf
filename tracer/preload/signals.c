/* SPDX-License-Identifier: MIT */
/*
 * signals.c - waiting for signals (sigwait, sigwaitinfo, sigtimedwait,
 * sigsuspend, pause) as sig_wait_begin / sig_wait_end spans, and the
 * program's own signals to a thread or process (kill, tgkill, pthread_kill,
 * raise) as sig_send, so the model can draw an arrow from the sender to the
 * wait that took the signal.
 *
 * A wait cannot be tried first without taking a pending signal, so every
 * wait is a begin and an end. sig_send is emitted before the real call, so
 * the arrow never points back in time. Nothing here runs in a signal
 * handler of the shim's own; the program may call kill or raise from its
 * handlers, which is safe: emitting takes no lock and allocates nothing.
 */
#include "shim.h"

#include <errno.h>
#include <signal.h>
#include <unistd.h>

/* Signals 1 to 64 of SET as a mask (bit n-1 for signal n). */
static uint64_t mask_of(const sigset_t *set)
{
	uint64_t mask = 0;

	if (!set)
		return 0;
	for (int sig = 1; sig <= 64 && sig < NSIG; sig++)
		if (sigismember(set, sig) == 1)
			mask |= UINT64_C(1) << (sig - 1);
	return mask;
}

/* The mask of the one signal SIG (0 for signal 0 or one out of range). */
static uint64_t mask_one(int sig)
{
	return sig >= 1 && sig <= 64 ? UINT64_C(1) << (sig - 1) : 0;
}

/* The status of a wait that returned RET with errno ERR: a timeout, or an interruption. */
static int wait_status(int ret, int err)
{
	if (ret >= 0)
		return CT_OK;
	return err == EAGAIN ? CT_TIMEOUT : CT_ERROR;
}

CT_API_DEF int sigwait(const sigset_t *set, int *sig)
{
	uint64_t mask;
	int err;

	if (ct_shim_ignored(CT_CALLER()))
		return REAL(sigwait)(set, sig);
	mask = mask_of(set);
	CT_SHIM_EMIT(sig_wait_begin, mask);
	err = REAL(sigwait)(set, sig);
	/* sigwait returns the error number itself and leaves errno alone. */
	CT_SHIM_EMIT(sig_wait_end, mask, err == 0 ? *sig : 0, err == 0 ? CT_OK : CT_ERROR);
	return err;
}

/* sigwaitinfo and sigtimedwait: the signal taken, or -1 and errno. */
static int timed_wait(const sigset_t *set, siginfo_t *info, const struct timespec *timeout,
		      bool timed)
{
	uint64_t mask = mask_of(set);
	int ret, err;

	CT_SHIM_EMIT(sig_wait_begin, mask);
	ret = timed ? REAL(sigtimedwait)(set, info, timeout) : REAL(sigwaitinfo)(set, info);
	err = errno;
	CT_SHIM_EMIT(sig_wait_end, mask, ret > 0 ? ret : 0, wait_status(ret, err));
	errno = err;
	return ret;
}

CT_API_DEF int sigwaitinfo(const sigset_t *set, siginfo_t *info)
{
	if (ct_shim_ignored(CT_CALLER()))
		return REAL(sigwaitinfo)(set, info);
	return timed_wait(set, info, NULL, false);
}

CT_API_DEF int sigtimedwait(const sigset_t *set, siginfo_t *info, const struct timespec *timeout)
{
	if (ct_shim_ignored(CT_CALLER()))
		return REAL(sigtimedwait)(set, info, timeout);
	return timed_wait(set, info, timeout, true);
}

/*
 * sigsuspend and pause wait for any signal they do not block and return
 * once a handler ran; which signal it was is not known here (signo 0).
 */
CT_API_DEF int sigsuspend(const sigset_t *mask)
{
	uint64_t set;
	int ret, err;

	if (ct_shim_ignored(CT_CALLER()))
		return REAL(sigsuspend)(mask);
	set = ~mask_of(mask);
	CT_SHIM_EMIT(sig_wait_begin, set);
	ret = REAL(sigsuspend)(mask);
	err = errno;
	CT_SHIM_EMIT(sig_wait_end, set, 0, CT_OK);
	errno = err;
	return ret;
}

CT_API_DEF int pause(void)
{
	int ret, err;

	if (ct_shim_ignored(CT_CALLER()))
		return REAL(pause)();
	CT_SHIM_EMIT(sig_wait_begin, ~UINT64_C(0));
	ret = REAL(pause)();
	err = errno;
	CT_SHIM_EMIT(sig_wait_end, ~UINT64_C(0), 0, CT_OK);
	errno = err;
	return ret;
}

/* Emits sig_send for SIG to PID (and TID, 0 for the process); signal 0 only probes. */
static void sent(int sig, pid_t pid, pid_t tid)
{
	if (sig <= 0 || pid <= 0)
		return;
	CT_SHIM_EMIT(sig_send, mask_one(sig), sig, (uint64_t)(tid > 0 ? tid : 0), (unsigned)pid);
}

CT_API_DEF int kill(pid_t pid, int sig)
{
	/* Process groups (pid <= 0) are not recorded: no one target to draw an arrow to. */
	if (!ct_shim_ignored(CT_CALLER()))
		sent(sig, pid, 0);
	return REAL(kill)(pid, sig);
}

CT_API_DEF int tgkill(pid_t tgid, pid_t tid, int sig)
{
	if (!ct_shim_ignored(CT_CALLER()))
		sent(sig, tgid, tid);
	return REAL(tgkill)(tgid, tid, sig);
}

CT_API_DEF int pthread_kill(pthread_t thread, int sig)
{
	/* Signal 0 only probes whether the thread exists: nothing is sent. */
	if (sig > 0 && !ct_shim_ignored(CT_CALLER())) {
		pid_t tid = ct_shim_thread_tid(thread);

		/* A thread the shim did not start cannot be named: pid 0, no arrow. */
		if (tid > 0)
			sent(sig, getpid(), tid);
		else
			CT_SHIM_EMIT(sig_send, mask_one(sig), sig, 0, 0);
	}
	return REAL(pthread_kill)(thread, sig);
}

CT_API_DEF int raise(int sig)
{
	if (!ct_shim_ignored(CT_CALLER()))
		sent(sig, getpid(), gettid());
	return REAL(raise)(sig);
}

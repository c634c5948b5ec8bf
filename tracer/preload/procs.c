/* SPDX-License-Identifier: MIT */
/*
 * procs.c - processes as the model draws them: the start of every traced
 * process or program image (proc_start), execs (proc_exec), posix_spawn
 * (proc_fork in the parent) and waits for children (wait_begin / wait_end).
 * fork() itself is fork.c's, which calls ct_shim_proc_fork and
 * ct_shim_proc_forked here.
 *
 * How a new image knows where it came from: exec and posix_spawn pass it
 * CT_PROC_ORIGIN_ENV in the environment they give the new program,
 * "e:PID:0" (an exec by process PID: the same process, a new program) or
 * "s:PPID:SEQ" (posix_spawn's proc_fork number SEQ in process PPID). The
 * constructor believes it only when PID is its own pid (or PPID its
 * parent's), so a value inherited further down is ignored, and removes it
 * from the environment before the program runs.
 *
 * Rules (shim.h): no allocation and no lock here, ever: exec is called in
 * forked children, where only async-signal-safe calls are allowed, so the
 * new environment is built on the stack and numbers are formatted by hand.
 * A vfork child (glibc's posix_spawn, or a program's own vfork) shares its
 * parent's memory and must not emit: it is recognised by getpid() differing
 * from the pid this image's memory belongs to (self_pid), which only a real
 * fork (fork.c, or an atfork handler for forks the shim does not wrap)
 * changes.
 */
#include "shim.h"

#include <errno.h>
#include <signal.h>
#include <spawn.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "proc.h"

#define CT_PROC_ORIGIN_ENV "CTRACE_SHIM_ORIGIN"
/* At most this many environment entries or exec arguments are handled; more pass through. */
#define CT_PROC_MAX_ARGS 1024

extern char **environ;

/* The process whose memory this is; see the top comment. */
static _Atomic pid_t self_pid;
/* Numbers the proc_fork events of this process (a child inherits the count). */
static _Atomic uint64_t fork_seq;

static void forget_pid_in_child(void)
{
	atomic_store_explicit(&self_pid, getpid(), memory_order_relaxed);
}

/* Whether the caller is the process this memory belongs to (false in a vfork child). */
static bool own_process(void)
{
	return getpid() == atomic_load_explicit(&self_pid, memory_order_relaxed);
}

/* The program's short name, as glibc keeps it (set before any constructor runs). */
static const char *program_name(void)
{
	return program_invocation_short_name ? program_invocation_short_name : "";
}

uint64_t ct_shim_proc_fork(enum ct_proc_via via)
{
	uint64_t seq = atomic_fetch_add_explicit(&fork_seq, 1, memory_order_relaxed) + 1;

	CT_SHIM_EMIT(proc_fork, seq, via);
	return seq;
}

void ct_shim_proc_forked(uint64_t seq)
{
	forget_pid_in_child();
	CT_SHIM_EMIT(proc_start, (uint64_t)getppid(), seq, CT_PROC_FORKED, program_name());
	/* Its perturbation continues from the forking thread's (libctrace's fork handler). */
	CT_SHIM_GUARDED(ct__perturb_mark());
}

/* Parses a decimal number at *P up to STOP; false when there is none. */
static bool parse_u64(const char **p, char stop, uint64_t *out)
{
	uint64_t v = 0;
	const char *s = *p;

	if (*s < '0' || *s > '9')
		return false;
	while (*s >= '0' && *s <= '9')
		v = v * 10 + (uint64_t)(*s++ - '0');
	if (*s != stop)
		return false;
	*p = s + (stop ? 1 : 0);
	*out = v;
	return true;
}

void ct_shim_procs_init(void)
{
	const char *origin = getenv(CT_PROC_ORIGIN_ENV);
	enum ct_proc_how how = CT_PROC_STARTED;
	uint64_t pid = 0, seq = 0;

	atomic_store_explicit(&self_pid, getpid(), memory_order_relaxed);
	/* Forks the shim does not wrap (glibc's own, such as daemon()'s) still move self_pid. */
	pthread_atfork(NULL, NULL, forget_pid_in_child);
	if (origin && (origin[0] == 'e' || origin[0] == 's') && origin[1] == ':') {
		const char *p = origin + 2;

		if (parse_u64(&p, ':', &pid) && parse_u64(&p, '\0', &seq)) {
			if (origin[0] == 'e' && pid == (uint64_t)getpid())
				how = CT_PROC_EXEC;
			else if (origin[0] == 's' && pid == (uint64_t)getppid())
				how = CT_PROC_SPAWNED;
		}
	}
	if (how != CT_PROC_SPAWNED)
		seq = 0;
	if (origin)
		unsetenv(CT_PROC_ORIGIN_ENV);
	CT_SHIM_EMIT(proc_start, (uint64_t)getppid(), seq, how, program_name());
	/*
	 * The image's position for schedule perturbation: how it was started
	 * and, when spawned, its parent's spawn number; never its pid. The
	 * recorded program itself is position 0.
	 */
	ct__perturb_image(how == CT_PROC_STARTED ? 0 : (uint64_t)how << 48 | seq);
	CT_SHIM_GUARDED(ct__perturb_mark());
}

/* Writes V in decimal at P; returns the end. */
static char *put_u64(char *p, uint64_t v)
{
	char tmp[24];
	int n = 0;

	do
		tmp[n++] = (char)('0' + v % 10);
	while ((v /= 10) != 0);
	while (n > 0)
		*p++ = tmp[--n];
	return p;
}

/*
 * ENVP (NULL: environ) with CT_PROC_ORIGIN_ENV set to "KIND:PID:SEQ", built
 * in OUT (CT_PROC_MAX_ARGS entries) and TEXT (64 bytes); ENVP itself when it
 * is too long to copy. Async-signal-safe.
 */
static char *const *origin_env(char *const *envp, char **out, char *text, char kind, uint64_t pid,
			       uint64_t seq)
{
	static const char name[] = CT_PROC_ORIGIN_ENV "=";
	size_t n = 0;
	char *p = text;

	if (!envp)
		envp = environ;
	for (size_t i = 0; envp && envp[i]; i++) {
		if (strncmp(envp[i], name, sizeof(name) - 1) == 0)
			continue;
		if (n + 2 >= CT_PROC_MAX_ARGS)
			return envp;
		out[n++] = envp[i];
	}
	memcpy(p, name, sizeof(name) - 1);
	p += sizeof(name) - 1;
	*p++ = kind;
	*p++ = ':';
	p = put_u64(p, pid);
	*p++ = ':';
	p = put_u64(p, seq);
	*p = '\0';
	out[n++] = text;
	out[n] = NULL;
	return out;
}

/* Execs. */

enum exec_kind { EXEC_PATH, EXEC_SEARCH, EXEC_FD };

/*
 * Runs one exec: proc_exec (NAME), then the real call with the origin in
 * the new program's environment. Nothing is emitted from a vfork child or
 * for an ignored caller. Keeps errno of a failed exec.
 */
static int exec_recorded(uintptr_t caller, enum exec_kind kind, int fd, const char *name,
			 char *const argv[], char *const envp[])
{
	char *env[CT_PROC_MAX_ARGS];
	char text[64];
	char *const *e = envp ? envp : environ;

	if (!ct_shim_ignored(caller) && own_process()) {
		int err = errno;

		CT_SHIM_EMIT(proc_exec, name);
		errno = err;
		e = origin_env(envp, env, text, 'e', (uint64_t)getpid(), 0);
	}
	switch (kind) {
	case EXEC_SEARCH:
		return REAL(execvpe)(name, argv, e);
	case EXEC_FD:
		return REAL(fexecve)(fd, argv, e);
	default:
		return REAL(execve)(name, argv, e);
	}
}

CT_API_DEF int execve(const char *path, char *const argv[], char *const envp[])
{
	return exec_recorded(CT_CALLER(), EXEC_PATH, -1, path, argv, envp);
}

CT_API_DEF int execv(const char *path, char *const argv[])
{
	return exec_recorded(CT_CALLER(), EXEC_PATH, -1, path, argv, NULL);
}

CT_API_DEF int execvp(const char *file, char *const argv[])
{
	return exec_recorded(CT_CALLER(), EXEC_SEARCH, -1, file, argv, NULL);
}

CT_API_DEF int execvpe(const char *file, char *const argv[], char *const envp[])
{
	return exec_recorded(CT_CALLER(), EXEC_SEARCH, -1, file, argv, envp);
}

CT_API_DEF int fexecve(int fd, char *const argv[], char *const envp[])
{
	return exec_recorded(CT_CALLER(), EXEC_FD, fd, "", argv, envp);
}

/*
 * The execl family: the arguments after ARG0 up to the NULL, into ARGV
 * (CT_PROC_MAX_ARGS entries); false when there are more. AP is left after
 * the NULL (execle's envp follows).
 */
static bool collect_args(const char *arg0, va_list *ap, char **argv)
{
	size_t n = 0;
	const char *a = arg0;

	for (;;) {
		if (n + 1 >= CT_PROC_MAX_ARGS)
			return false;
		argv[n++] = (char *)a;
		if (!a)
			return true;
		a = va_arg(*ap, const char *);
	}
}

/*
 * The body of execl, execlp and execle: their arguments collected (va_start
 * must be in the variadic function itself), then ENVP_TOO says whether an
 * environment follows the NULL (execle).
 */
#define RECORDED_EXECL(mode, path, arg, envp_too)                                                  \
	do {                                                                                       \
		uintptr_t caller_ = CT_CALLER();                                                   \
		char *argv_[CT_PROC_MAX_ARGS];                                                     \
		char *const *envp_ = NULL;                                                         \
		va_list ap_;                                                                       \
		bool ok_;                                                                          \
                                                                                                   \
		va_start(ap_, arg);                                                                \
		ok_ = collect_args(arg, &ap_, argv_);                                              \
		if (ok_ && (envp_too))                                                             \
			envp_ = va_arg(ap_, char *const *);                                        \
		va_end(ap_);                                                                       \
		if (!ok_) {                                                                        \
			errno = E2BIG;                                                             \
			return -1;                                                                 \
		}                                                                                  \
		return exec_recorded(caller_, mode, -1, path, argv_, envp_);                       \
	} while (0)

CT_API_DEF int execl(const char *path, const char *arg, ...)
{
	RECORDED_EXECL(EXEC_PATH, path, arg, false);
}

CT_API_DEF int execlp(const char *file, const char *arg, ...)
{
	RECORDED_EXECL(EXEC_SEARCH, file, arg, false);
}

CT_API_DEF int execle(const char *path, const char *arg, ...)
{
	RECORDED_EXECL(EXEC_PATH, path, arg, true);
}

/* posix_spawn: a proc_fork in the parent; the child's new image starts SPAWNED. */

static int spawn_recorded(uintptr_t caller, bool search, pid_t *pid, const char *path,
			  const posix_spawn_file_actions_t *actions, const posix_spawnattr_t *attr,
			  char *const argv[], char *const envp[])
{
	char *env[CT_PROC_MAX_ARGS];
	char text[64];
	char *const *e = envp ? envp : environ;

	if (!ct_shim_ignored(caller) && own_process()) {
		uint64_t seq = ct_shim_proc_fork(CT_PROC_VIA_SPAWN);

		e = origin_env(envp, env, text, 's', (uint64_t)getpid(), seq);
	}
	if (search)
		return REAL(posix_spawnp)(pid, path, actions, attr, argv, e);
	return REAL(posix_spawn)(pid, path, actions, attr, argv, e);
}

CT_API_DEF int posix_spawn(pid_t *pid, const char *path, const posix_spawn_file_actions_t *actions,
			   const posix_spawnattr_t *attr, char *const argv[], char *const envp[])
{
	return spawn_recorded(CT_CALLER(), false, pid, path, actions, attr, argv, envp);
}

CT_API_DEF int posix_spawnp(pid_t *pid, const char *file, const posix_spawn_file_actions_t *actions,
			    const posix_spawnattr_t *attr, char *const argv[], char *const envp[])
{
	return spawn_recorded(CT_CALLER(), true, pid, file, actions, attr, argv, envp);
}

/*
 * Waits. Each tries first with WNOHANG: a child already gone (or a call
 * with WNOHANG of the program's own) is one wait_end, emitted only when a
 * child was reported; only a wait that would block gets a wait_begin, and
 * then always its wait_end (pid 0 and status error when it failed, e.g.
 * interrupted). All go to wait4 and waitid, which the others are made of.
 */

static void wait_end(pid_t got, int wstatus, int err)
{
	CT_SHIM_EMIT(wait_end, got > 0 ? (uint64_t)got : 0, got > 0 ? wstatus : 0,
		     got > 0 ? CT_OK : CT_ERROR);
	errno = err;
}

static pid_t wait_recorded(uintptr_t caller, pid_t pid, int *wstatus, int options,
			   struct rusage *ru)
{
	int st = 0;
	pid_t got;

	if (ct_shim_ignored(caller) || !own_process())
		return REAL(wait4)(pid, wstatus, options, ru);
	got = REAL(wait4)(pid, &st, options | WNOHANG, ru);
	if (got == 0 && !(options & WNOHANG)) {
		CT_SHIM_EMIT(wait_begin, pid);
		got = REAL(wait4)(pid, &st, options, ru);
		wait_end(got, st, errno);
	} else if (got > 0) {
		wait_end(got, st, errno);
	}
	if (got > 0 && wstatus)
		*wstatus = st;
	return got;
}

CT_API_DEF pid_t wait(int *wstatus)
{
	return wait_recorded(CT_CALLER(), -1, wstatus, 0, NULL);
}

CT_API_DEF pid_t waitpid(pid_t pid, int *wstatus, int options)
{
	return wait_recorded(CT_CALLER(), pid, wstatus, options, NULL);
}

CT_API_DEF pid_t wait3(int *wstatus, int options, struct rusage *ru)
{
	return wait_recorded(CT_CALLER(), -1, wstatus, options, ru);
}

CT_API_DEF pid_t wait4(pid_t pid, int *wstatus, int options, struct rusage *ru)
{
	return wait_recorded(CT_CALLER(), pid, wstatus, options, ru);
}

/* The wait status word (as waitpid gives it) that a waitid's siginfo stands for. */
static int status_of_siginfo(const siginfo_t *si)
{
	switch (si->si_code) {
	case CLD_EXITED:
		return (si->si_status & 0xff) << 8;
	case CLD_KILLED:
		return si->si_status & 0x7f;
	case CLD_DUMPED:
		return (si->si_status & 0x7f) | 0x80;
	case CLD_STOPPED:
	case CLD_TRAPPED:
		return ((si->si_status & 0xff) << 8) | 0x7f;
	case CLD_CONTINUED:
		return 0xffff;
	default:
		return 0;
	}
}

/* The pid a waitid asks for, in waitpid's terms (-1 any, -G a group). */
static pid_t waitid_target(idtype_t idtype, id_t id)
{
	switch (idtype) {
	case P_PID:
		return (pid_t)id;
	case P_PGID:
		return -(pid_t)id;
	default:
		return -1;
	}
}

/*
 * system(): glibc starts the shell with an internal posix_spawn and waits
 * for it internally, so neither is seen. The call is recorded as a fork
 * (via system: the shell, which starts as "started", is matched to it by
 * its parent pid) and a wait for that shell, whose wait_end carries pid 0
 * and the status system() returns.
 */
CT_API_DEF int system(const char *command)
{
	uintptr_t caller = CT_CALLER();
	int r, err;

	if (!command || ct_shim_ignored(caller) || !own_process())
		return REAL(system)(command);
	ct_shim_proc_fork(CT_PROC_VIA_SYSTEM);
	CT_SHIM_EMIT(wait_begin, -1);
	r = REAL(system)(command);
	err = errno;
	CT_SHIM_EMIT(wait_end, 0, r == -1 ? 0 : r, r == -1 ? CT_ERROR : CT_OK);
	errno = err;
	return r;
}

CT_API_DEF int waitid(idtype_t idtype, id_t id, siginfo_t *infop, int options)
{
	uintptr_t caller = CT_CALLER();
	siginfo_t own;
	siginfo_t *si = infop ? infop : &own;
	int r;

	if (ct_shim_ignored(caller) || !own_process())
		return REAL(waitid)(idtype, id, infop, options);
	memset(si, 0, sizeof(*si));
	r = REAL(waitid)(idtype, id, si, options | WNOHANG);
	if (r == 0 && si->si_pid == 0 && !(options & WNOHANG)) {
		CT_SHIM_EMIT(wait_begin, waitid_target(idtype, id));
		r = REAL(waitid)(idtype, id, si, options);
		wait_end(r == 0 ? si->si_pid : -1, status_of_siginfo(si), errno);
	} else if (r == 0 && si->si_pid > 0) {
		wait_end(si->si_pid, status_of_siginfo(si), errno);
	}
	return r;
}

/*
 * vfork is fork here. A wrapper cannot call the real vfork: the child would
 * return from the wrapper and reuse its stack frame before the parent
 * returns through it. A fork gives the child what POSIX lets a vfork child
 * use (it may only exec or _exit), and lets the shim record it like any fork:
 * dash starts its commands with vfork, GCC's driver its cc1, as and ld, and
 * their fork arrows were missing. A program that wrote to its parent's memory
 * from a vfork child (undefined behaviour) would see a difference, and so
 * does the cost: a fork copies the page tables.
 */
CT_API_DEF pid_t vfork(void)
{
	return fork();
}

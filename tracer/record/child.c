/* SPDX-License-Identifier: MIT */
/* child.c - records one program through a liblttng-ctl session; being split, one concept a file. */
#define _GNU_SOURCE /* execvpe, strsignal, sigabbrev_np, strchrnul, pipe2, asprintf */
#include "recording.h"

#include <dirent.h>
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <inttypes.h>
#include <limits.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/pidfd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* Environment of the process, for building the child's (POSIX: declared by no header). */
extern char **environ;

#define CT_GRACE_S 2.0 /* SIGINT to SIGKILL when ctrace is interrupted */

/*
 * How long (ms) the traced program's lttng-ust constructor waits for the
 * session daemon to finish registering it. The default (3 s) can run out on a
 * loaded machine, and then the program's first events are lost; a longer but
 * bounded wait keeps them. Only set when the user has not chosen a value.
 */
#define CT_REGISTER_TIMEOUT_ENV "LTTNG_UST_REGISTER_TIMEOUT=30000"

enum ct_record_status ct_rec_find_program(const char *name, char *out, size_t outlen, char *err,
					  size_t errlen)
{
	struct stat st;
	const char *path, *p;
	bool found_unexecutable = false;

	if (name[0] == '\0') {
		ct_rec_set_err(err, errlen, "the program name is empty");
		return CT_RECORD_BAD_PROGRAM;
	}
	if (strchr(name, '/')) {
		if (stat(name, &st) != 0) {
			ct_rec_set_err(err, errlen, "cannot run '%s': %s", name, strerror(errno));
			return CT_RECORD_BAD_PROGRAM;
		}
		if (S_ISDIR(st.st_mode)) {
			ct_rec_set_err(err, errlen, "cannot run '%s': it is a directory", name);
			return CT_RECORD_BAD_PROGRAM;
		}
		if (access(name, X_OK) != 0) {
			ct_rec_set_err(err, errlen,
				       "cannot run '%s': not executable (chmod +x it?)", name);
			return CT_RECORD_BAD_PROGRAM;
		}
		snprintf(out, outlen, "%s", name);
		return CT_RECORD_OK;
	}
	path = getenv("PATH");
	if (!path)
		path = "/bin:/usr/bin"; /* what execvp uses when PATH is unset */
	for (p = path;; p++) {
		const char *end = strchrnul(p, ':');
		int n = (int)(end - p);

		/* An empty PATH entry means the current directory. */
		if (n == 0)
			snprintf(out, outlen, "./%s", name);
		else
			snprintf(out, outlen, "%.*s/%s", n, p, name);
		if (stat(out, &st) == 0 && !S_ISDIR(st.st_mode)) {
			if (access(out, X_OK) == 0)
				return CT_RECORD_OK;
			found_unexecutable = true;
		}
		if (*end == '\0')
			break;
		p = end;
	}
	if (found_unexecutable)
		ct_rec_set_err(err, errlen, "cannot run '%s': found on PATH but not executable",
			       name);
	else
		ct_rec_set_err(err, errlen,
			       "cannot run '%s': no such program on PATH (give a path like ./%s?)",
			       name, name);
	return CT_RECORD_BAD_PROGRAM;
}

/*
 * Ours, plus LTTNG_UST_ALLOW_BLOCKING=1 (without it lttng-ust ignores the
 * channel's blocking mode and discards), the registration timeout unless the
 * user chose one, then the extra entries (which win over everything).
 */
enum ct_record_status ct_rec_env_build(struct ct_rec_env *env, char *const *extra_env, char *err,
				       size_t errlen)
{
	static char allow_blocking[] = "LTTNG_UST_ALLOW_BLOCKING=1";
	static char register_timeout[] = CT_REGISTER_TIMEOUT_ENV;
	char *const *extra = env->extra ? env->extra : extra_env;
	size_t n_env = 0, n_extra = 0, n = 0;
	char **envp;
	bool have_timeout = false;

	while (environ && environ[n_env])
		n_env++;
	while (extra && extra[n_extra])
		n_extra++;
	envp = calloc(n_env + n_extra + 3, sizeof(*envp));
	if (!envp) {
		ct_rec_set_err(err, errlen, "out of memory");
		return CT_RECORD_NOMEM;
	}
	for (size_t i = 0; i < n_env; i++) {
		if (strncmp(environ[i], "LTTNG_UST_ALLOW_BLOCKING=", 25) == 0)
			continue;
		if (strncmp(environ[i], "LTTNG_UST_REGISTER_TIMEOUT=", 27) == 0)
			have_timeout = true;
		envp[n++] = environ[i];
	}
	envp[n++] = allow_blocking;
	if (!have_timeout)
		envp[n++] = register_timeout;
	for (size_t i = 0; i < n_extra; i++) {
		const char *eq = strchr(extra[i], '=');
		size_t name_len = eq ? (size_t)(eq - extra[i]) + 1 : strlen(extra[i]);
		size_t j;

		for (j = 0; j < n; j++) {
			if (strncmp(envp[j], extra[i], name_len) == 0)
				break;
		}
		envp[j] = extra[i];
		if (j == n)
			n++;
	}
	envp[n] = NULL;
	env->envp = envp;
	return CT_RECORD_OK;
}

/*
 * Whether PATH is an ELF program without an interpreter (statically linked,
 * static-pie included): the loader never runs for it, so LD_PRELOAD cannot
 * apply. Scripts and anything unreadable count as dynamic.
 */
static bool program_is_static(const char *path)
{
	Elf64_Ehdr eh;
	Elf64_Phdr ph;
	bool is_static = false;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return false;
	if (pread(fd, &eh, sizeof(eh), 0) != (ssize_t)sizeof(eh) ||
	    memcmp(eh.e_ident, ELFMAG, SELFMAG) != 0 || eh.e_ident[EI_CLASS] != ELFCLASS64 ||
	    (eh.e_type != ET_EXEC && eh.e_type != ET_DYN))
		goto end;
	is_static = true;
	for (unsigned i = 0; i < eh.e_phnum; i++) {
		if (pread(fd, &ph, sizeof(ph),
			  (off_t)(eh.e_phoff + (uint64_t)i * eh.e_phentsize)) !=
		    (ssize_t)sizeof(ph)) {
			is_static = false;
			break;
		}
		if (ph.p_type == PT_INTERP) {
			is_static = false;
			break;
		}
	}
end:
	close(fd);
	return is_static;
}

/*
 * One of LTTng-UST's helper libraries (NAME, e.g. "liblttng-ust-fork.so.1")
 * when installed, else NULL: next to the LTTng-UST we were built with first,
 * then where distributions put it.
 */
static const char *ust_helper_lib(const char *name, char *buf, size_t len)
{
	static const char *const dirs[] = {
#ifdef CTRACE_LTTNG_UST_LIBDIR
		CTRACE_LTTNG_UST_LIBDIR,
#endif
		"/usr/lib/x86_64-linux-gnu", "/usr/lib64", "/usr/local/lib", "/usr/lib",
	};

	for (size_t i = 0; i < sizeof(dirs) / sizeof(dirs[0]); i++) {
		snprintf(buf, len, "%s/%s", dirs[i], name);
		if (access(buf, R_OK) == 0)
			return buf;
	}
	return NULL;
}

/*
 * A program the shim cannot apply to is still recorded, after a note that
 * says what to do.
 */
enum ct_record_status ct_rec_env_preload(struct ct_rec_env *env,
					 const struct ct_record_options *opts,
					 const char *prog_path, FILE *log, bool *skipped, char *err,
					 size_t errlen)
{
	const char *user = getenv("LD_PRELOAD");
	char fork_buf[PATH_MAX], fd_buf[PATH_MAX];
	const char *fork_lib = ust_helper_lib("liblttng-ust-fork.so.1", fork_buf, sizeof(fork_buf));
	const char *fd_lib = ust_helper_lib("liblttng-ust-fd.so.1", fd_buf, sizeof(fd_buf));
	struct stat st;
	size_t n_extra = 0, n = 0;

	if (program_is_static(prog_path)) {
		fprintf(log,
			"ctrace: note: '%s' is statically linked, so the LD_PRELOAD shim cannot apply: "
			"only what it records itself is kept. Link it dynamically, or with libctrace "
			"(-lctrace, see the README), to record it.\n",
			opts->argv[0]);
		*skipped = true;
		return CT_RECORD_OK;
	}
	if (stat(prog_path, &st) == 0 && (((st.st_mode & S_ISUID) && st.st_uid != geteuid()) ||
					  ((st.st_mode & S_ISGID) && st.st_gid != getegid()))) {
		fprintf(log,
			"ctrace: note: '%s' is set-user-ID or set-group-ID, and the loader ignores "
			"LD_PRELOAD for such programs: only what it records itself is kept. Run a copy "
			"without the bit to record it.\n",
			opts->argv[0]);
		*skipped = true;
		return CT_RECORD_OK;
	}
	if (strpbrk(opts->preload, ": ")) {
		fprintf(log,
			"ctrace: note: the shim's path '%s' contains ':' or ' ', which LD_PRELOAD cannot "
			"carry; recording without it\n",
			opts->preload);
		*skipped = true;
		return CT_RECORD_OK;
	}
	if (!fork_lib)
		fprintf(log,
			"ctrace: note: liblttng-ust-fork.so.1 was not found: processes "
			"'%s' forks will not be recorded\n",
			opts->argv[0]);
	if (!fd_lib)
		fprintf(log,
			"ctrace: note: liblttng-ust-fd.so.1 was not found: if '%s' closes every "
			"descriptor, it also closes LTTng-UST's and stops being recorded\n",
			opts->argv[0]);

	while (opts->extra_env && opts->extra_env[n_extra])
		n_extra++;
	/* Room for LD_PRELOAD and the two entries of ct_rec_env_announce. */
	env->extra = calloc(n_extra + 4, sizeof(*env->extra));
	if (!env->extra)
		goto nomem;
	for (size_t i = 0; i < n_extra; i++) {
		if (strncmp(opts->extra_env[i], "LD_PRELOAD=", 11) == 0)
			user = opts->extra_env[i] + 11;
		else
			env->extra[n++] = opts->extra_env[i];
	}
	/*
	 * The user's own preloads come first, so they still interpose before the
	 * shim. LTTng's fd helper comes after the shim, so the shim's close()
	 * (which follows the program's pipes) forwards to it and it keeps
	 * LTTng-UST's own descriptors open when the program closes them all.
	 */
	if (asprintf(&env->ld_preload, "LD_PRELOAD=%s%s%s%s%s%s%s", user && *user ? user : "",
		     user && *user ? ":" : "", opts->preload, fork_lib ? ":" : "",
		     fork_lib ? fork_lib : "", fd_lib ? ":" : "", fd_lib ? fd_lib : "") < 0) {
		env->ld_preload = NULL;
		goto nomem;
	}
	env->extra[n++] = env->ld_preload;
	env->extra[n] = NULL;
	return CT_RECORD_OK;
nomem:
	ct_rec_set_err(err, errlen, "out of memory");
	return CT_RECORD_NOMEM;
}

void ct_rec_listener_init(struct ct_rec_listener *l, FILE *log)
{
	memset(l, 0, sizeof(*l));
	l->fd = -1;
	l->child_fd = -1;
	atomic_init(&l->eof, false);
	atomic_init(&l->more_processes, 0);
	l->log = log;
}

enum ct_record_status ct_rec_listener_open(struct ct_rec_listener *l, char *err, size_t errlen)
{
	int sv[2];

	/* SEQPACKET: each announcement is one message, whoever sends it. */
	if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv) != 0) {
		ct_rec_set_err(err, errlen, "cannot create a socket pair: %s", strerror(errno));
		return CT_RECORD_SYSTEM_ERROR;
	}
	l->fd = sv[0];
	l->child_fd = sv[1];
	return CT_RECORD_OK;
}

void ct_rec_listener_close_child_end(struct ct_rec_listener *l)
{
	if (l->child_fd >= 0)
		close(l->child_fd);
	l->child_fd = -1;
}

void ct_rec_env_announce(struct ct_rec_env *env, int fd)
{
	size_t n = 0;

	while (env->extra[n])
		n++;
	snprintf(env->shim_fd_env, sizeof(env->shim_fd_env), "CTRACE_SHIM_FD=%d", fd);
	snprintf(env->shim_parent_env, sizeof(env->shim_parent_env), "CTRACE_SHIM_PARENT=%ld",
		 (long)getpid());
	env->extra[n++] = env->shim_fd_env;
	env->extra[n++] = env->shim_parent_env;
	env->extra[n] = NULL;
}

void ct_rec_env_fini(struct ct_rec_env *env)
{
	free(env->envp);
	free(env->extra);
	free(env->ld_preload);
	env->envp = NULL;
	env->extra = NULL;
	env->ld_preload = NULL;
}

void ct_rec_others_init(struct ct_rec_others *o)
{
	memset(o, 0, sizeof(*o));
	pthread_mutex_init(&o->lock, NULL);
}

void ct_rec_others_fini(struct ct_rec_others *o)
{
	for (unsigned i = 0; i < o->n; i++)
		close(o->fds[i]);
	o->n = 0;
	pthread_mutex_destroy(&o->lock);
}

/*
 * A pidfd names the process itself, not a pid number that could be reused;
 * it is opened while the process waits for the listener's answer, so it is
 * the process that announced itself.
 */
void ct_rec_others_watch(struct ct_rec_others *o, pid_t pid)
{
	int fd = pidfd_open(pid, 0);

	if (fd < 0)
		return; /* too old a kernel, or gone already: nothing to wait for */
	fcntl(fd, F_SETFD, FD_CLOEXEC);
	pthread_mutex_lock(&o->lock);
	if (o->n < CT_REC_MAX_OTHERS) {
		o->fds[o->n] = fd;
		o->pids[o->n] = pid;
		o->n++;
		fd = -1;
	} else {
		o->overflow = true;
	}
	pthread_mutex_unlock(&o->lock);
	if (fd >= 0)
		close(fd);
}

bool ct_rec_others_has(struct ct_rec_others *o, pid_t pid)
{
	bool found = false;

	pthread_mutex_lock(&o->lock);
	for (unsigned i = 0; i < o->n && !found; i++)
		found = o->pids[i] == pid;
	pthread_mutex_unlock(&o->lock);
	return found;
}

/* Forgets the processes that have exited; returns how many are still running. */
static unsigned prune_others(struct ct_rec_others *o)
{
	unsigned kept = 0;

	pthread_mutex_lock(&o->lock);
	for (unsigned i = 0; i < o->n; i++) {
		struct pollfd p = { .fd = o->fds[i], .events = POLLIN };

		if (poll(&p, 1, 0) == 1) {
			close(o->fds[i]); /* a pidfd is readable once its process exited */
			continue;
		}
		o->fds[kept] = o->fds[i];
		o->pids[kept] = o->pids[i];
		kept++;
	}
	o->n = kept;
	pthread_mutex_unlock(&o->lock);
	return kept;
}

/* Sends SIG to every recorded process still running. */
static void signal_others(struct ct_rec_others *o, int sig)
{
	pthread_mutex_lock(&o->lock);
	for (unsigned i = 0; i < o->n; i++)
		pidfd_send_signal(o->fds[i], sig, NULL, 0);
	pthread_mutex_unlock(&o->lock);
}

/*
 * Processes the program forked or started that are still running are
 * recorded too, so the recording goes on until they exit (a trace cut while
 * they run would lose their last events without a word). They are known by
 * the announcement socket: every process the program forks or starts
 * inherits its end (the shim keeps it open even in a program that closes
 * every descriptor), so the listener reads end-of-file exactly when the last
 * of them is gone -- including a child forked just before the program exited
 * that has not announced itself yet. The listener keeps adding the processes
 * they start meanwhile. --timeout still counts from the program's start and
 * then kills the announced ones; SIGINT, SIGTERM or SIGHUP stop the waiting
 * (a Ctrl-C at a terminal reaches them too), and the trace is saved with what
 * they recorded so far.
 */
void ct_rec_others_wait(struct ct_rec_others *o, const atomic_bool *all_gone,
			const struct ct_record_options *opts, double started_at,
			const sigset_t *sigs, FILE *log, struct ct_record_result *result)
{
	const char *prog = opts->argv[0];
	double timeout_at = opts->timeout_s > 0 ? started_at + opts->timeout_s : 0;
	double say_at = ct_rec_now_s() + 0.2; /* processes about to exit need no message */
	bool said = false, killed = false, overflow;

	while (!atomic_load(all_gone)) {
		struct timespec tick = { 0, 50 * 1000000L };
		unsigned left = prune_others(o);
		int sig;

		if (result->interrupted) {
			fprintf(log,
				"ctrace: not waiting for the processes '%s' started "
				"(%u recorded one%s still running, no longer recorded)\n",
				prog, left, left == 1 ? "" : "s");
			break;
		}
		if (!killed &&
		    (result->timed_out || (timeout_at > 0 && ct_rec_now_s() >= timeout_at))) {
			fprintf(log,
				"ctrace: killing the %u process%s '%s' started, still running "
				"after %g s (--timeout)\n",
				left, left == 1 ? "" : "es", prog, opts->timeout_s);
			result->timed_out = true;
			signal_others(o, SIGKILL);
			killed = true;
			/* Unannounced holders of the socket (not recorded) are not ours to wait for. */
			timeout_at = ct_rec_now_s() + CT_GRACE_S;
		} else if (killed && ct_rec_now_s() >= timeout_at) {
			break;
		}
		if (!said && ct_rec_now_s() >= say_at) {
			pthread_mutex_lock(&o->lock);
			fprintf(log, "ctrace: '%s' exited; waiting for the processes it started",
				prog);
			for (unsigned i = 0; i < o->n && i < 8; i++)
				fprintf(log, "%s%ld", i ? ", " : " (pid ", (long)o->pids[i]);
			fprintf(log, "%s to exit; Ctrl-C stops the recording\n",
				o->n > 8 ? ", ...)"
				: o->n   ? ")"
					 : "");
			pthread_mutex_unlock(&o->lock);
			fflush(log);
			said = true;
		}
		sig = sigtimedwait(sigs, NULL, &tick);
		if (sig == SIGINT || sig == SIGTERM || sig == SIGHUP) {
			result->interrupted = true;
			fprintf(log, "ctrace: got SIG%s\n", sigabbrev_np(sig));
		}
	}
	pthread_mutex_lock(&o->lock);
	overflow = o->overflow;
	pthread_mutex_unlock(&o->lock);
	if (overflow)
		fprintf(log,
			"ctrace: note: more than %d processes ran at once besides '%s'; "
			"--timeout could not kill all of them\n",
			CT_REC_MAX_OTHERS, prog);
}

/*
 * For each announcement (a pid and the write end of the announcing
 * process's reply pipe), adds the pid to the tracker, then answers with one
 * byte. Ends at end-of-file: when no process holds the program's end any
 * more, or when ct_rec_listener_stop shuts the socket down.
 */
static void *listener_main(void *p)
{
	struct ct_rec_listener *l = p;

	for (;;) {
		pid_t pid;
		int reply = -1;
		char msgerr[256];
		union {
			char buf[CMSG_SPACE(sizeof(int))];
			struct cmsghdr align;
		} ctl;
		struct iovec iov = { .iov_base = &pid, .iov_len = sizeof(pid) };
		struct msghdr msg = {
			.msg_iov = &iov,
			.msg_iovlen = 1,
			.msg_control = ctl.buf,
			.msg_controllen = sizeof(ctl.buf),
		};
		struct cmsghdr *cm;
		ssize_t r = recvmsg(l->fd, &msg, MSG_CMSG_CLOEXEC);

		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0) {
			/* EOF: no process holds the program's end any more (or we shut it down). */
			if (r == 0)
				atomic_store(&l->eof, true);
			break;
		}
		for (cm = CMSG_FIRSTHDR(&msg); cm; cm = CMSG_NXTHDR(&msg, cm))
			if (cm->cmsg_level == SOL_SOCKET && cm->cmsg_type == SCM_RIGHTS)
				memcpy(&reply, CMSG_DATA(cm), sizeof(int));
		if (r == (ssize_t)sizeof(pid) && pid > 0 && ct_rec_others_has(l->others, pid)) {
			/* A forked child that then execs announces itself twice: tracked already. */
		} else if (r == (ssize_t)sizeof(pid) && pid > 0) {
			if (ct_rec_session_track(l->session, pid, false, msgerr, sizeof(msgerr)) ==
			    CT_RECORD_OK) {
				atomic_fetch_add(&l->more_processes, 1);
				ct_rec_others_watch(l->others, pid);
			} else
				fprintf(l->log,
					"ctrace: warning: process %ld will not be recorded: %s\n",
					(long)pid, msgerr);
		}
		if (reply >= 0) {
			/* Answered even on failure: the process must not wait for ever. */
			while (write(reply, "k", 1) < 0 && errno == EINTR)
				;
			close(reply);
		}
	}
	return NULL;
}

enum ct_record_status ct_rec_listener_start(struct ct_rec_listener *l,
					    struct ct_rec_session *session,
					    struct ct_rec_others *others, char *err, size_t errlen)
{
	int e;

	if (l->fd < 0)
		return CT_RECORD_OK;
	l->session = session;
	l->others = others;
	e = pthread_create(&l->thread, NULL, listener_main, l);
	if (e) {
		ct_rec_set_err(err, errlen, "cannot start the announcement thread: %s",
			       strerror(e));
		return CT_RECORD_SYSTEM_ERROR;
	}
	l->running = true;
	return CT_RECORD_OK;
}

/*
 * Shutting the socket down wakes the thread's recvmsg with end-of-file.
 * Processes still announcing find the socket closed and carry on untraced.
 */
void ct_rec_listener_stop(struct ct_rec_listener *l)
{
	if (l->running) {
		shutdown(l->fd, SHUT_RDWR);
		pthread_join(l->thread, NULL);
		l->running = false;
	}
	if (l->fd >= 0)
		close(l->fd);
	l->fd = -1;
	ct_rec_listener_close_child_end(l);
}

enum ct_record_status ct_rec_signals_take(struct ct_rec_signals *sig, char *err, size_t errlen)
{
	struct sigaction dfl;

	sigemptyset(&sig->set);
	sigaddset(&sig->set, SIGINT);
	sigaddset(&sig->set, SIGTERM);
	sigaddset(&sig->set, SIGHUP);
	/* SIGCHLD must not be ignored, or the child's status would be lost. */
	sigaddset(&sig->set, SIGCHLD);
	/* A child that dies before reading the go byte must give EPIPE, not kill ctrace. */
	sigaddset(&sig->set, SIGPIPE);
	if (sigprocmask(SIG_BLOCK, &sig->set, &sig->old_mask) != 0) {
		ct_rec_set_err(err, errlen, "cannot block signals: %s", strerror(errno));
		return CT_RECORD_SYSTEM_ERROR;
	}
	sig->mask_changed = true;
	memset(&dfl, 0, sizeof(dfl));
	dfl.sa_handler = SIG_DFL;
	sigemptyset(&dfl.sa_mask);
	if (sigaction(SIGCHLD, &dfl, &sig->old_chld) == 0)
		sig->chld_changed = true;
	return CT_RECORD_OK;
}

void ct_rec_signals_restore(struct ct_rec_signals *sig)
{
	if (sig->chld_changed)
		sigaction(SIGCHLD, &sig->old_chld, NULL);
	sig->chld_changed = false;
	if (sig->mask_changed) {
		/* Drop signals that arrived after the child ended, so restoring the mask does not kill us. */
		struct timespec zero = { 0, 0 };

		while (sigtimedwait(&sig->set, NULL, &zero) > 0)
			;
		sigprocmask(SIG_SETMASK, &sig->old_mask, NULL);
	}
	sig->mask_changed = false;
}

void ct_rec_child_init(struct ct_rec_child *c)
{
	c->pid = 0;
	c->go_fd = -1;
	c->exec_fd = -1;
	c->started_at = 0;
}

/*
 * The child waits for one byte on a pipe before it execs: the program
 * registers with the session daemon as it starts, and events before it is
 * tracked and the session started would not be recorded.
 */
enum ct_record_status ct_rec_child_spawn(struct ct_rec_child *c, char *const *argv,
					 char *const *envp, const sigset_t *exec_mask,
					 int inherit_fd, char *err, size_t errlen)
{
	int go[2] = { -1, -1 }, status[2] = { -1, -1 };
	enum ct_record_status ret = CT_RECORD_SYSTEM_ERROR;

	if (pipe2(go, O_CLOEXEC) != 0 || pipe2(status, O_CLOEXEC) != 0) {
		ct_rec_set_err(err, errlen, "cannot create a pipe: %s", strerror(errno));
		goto end;
	}
	fflush(NULL);
	c->pid = fork();
	if (c->pid < 0) {
		c->pid = 0;
		ct_rec_set_err(err, errlen, "cannot fork: %s", strerror(errno));
		goto end;
	}
	if (c->pid == 0) {
		/* Child: async-signal-safe calls only until exec. */
		char byte;
		ssize_t r;
		int e;

		close(go[1]);
		close(status[0]);
		/* The shim's announcement socket is the one descriptor the program inherits. */
		if (inherit_fd >= 0)
			fcntl(inherit_fd, F_SETFD, 0);
		while ((r = read(go[0], &byte, 1)) < 0 && errno == EINTR)
			;
		if (r != 1)
			_exit(127); /* ctrace gave up (or died): do not run untraced */
		sigprocmask(SIG_SETMASK, exec_mask, NULL);
		execvpe(argv[0], argv, envp);
		e = errno;
		while (write(status[1], &e, sizeof(e)) < 0 && errno == EINTR)
			;
		_exit(127);
	}
	c->go_fd = go[1];
	go[1] = -1;
	c->exec_fd = status[0];
	status[0] = -1;
	ret = CT_RECORD_OK;
end:
	for (int i = 0; i < 2; i++) {
		if (go[i] >= 0)
			close(go[i]);
		if (status[i] >= 0)
			close(status[i]);
	}
	return ret;
}

enum ct_record_status ct_rec_child_release(struct ct_rec_child *c, const char *prog, char *err,
					   size_t errlen)
{
	ssize_t r;
	int e = 0;

	c->started_at = ct_rec_now_s();
	while ((r = write(c->go_fd, "x", 1)) < 0 && errno == EINTR)
		;
	close(c->go_fd);
	c->go_fd = -1;
	if (r != 1) {
		ct_rec_set_err(err, errlen, "cannot start the program: %s", strerror(errno));
		return CT_RECORD_SYSTEM_ERROR;
	}
	/* The pipe is close-on-exec: EOF means exec worked, an int is its errno. */
	while ((r = read(c->exec_fd, &e, sizeof(e))) < 0 && errno == EINTR)
		;
	close(c->exec_fd);
	c->exec_fd = -1;
	if (r == (ssize_t)sizeof(e)) {
		/* The file was there a moment ago, so ENOENT is about what it needs to start. */
		ct_rec_set_err(err, errlen, "cannot run '%s': %s%s", prog, strerror(e),
			       e == ENOENT ? " (is its #! interpreter or ELF loader missing?)"
					   : "");
		return CT_RECORD_BAD_PROGRAM;
	}
	return CT_RECORD_OK;
}

void ct_rec_child_wait(struct ct_rec_child *c, const struct ct_record_options *opts,
		       const sigset_t *sigs, FILE *log, struct ct_record_result *result)
{
	const char *prog = opts->argv[0];
	double start = ct_rec_now_s();
	double timeout_at = opts->timeout_s > 0 ? start + opts->timeout_s : 0;
	double kill_at = 0;
	bool killed = false;
	int status = 0;

	for (;;) {
		pid_t r = waitpid(c->pid, &status, WNOHANG);
		double deadline = 0, now;
		int sig;

		if (r == c->pid)
			break;
		if (r < 0 && errno != EINTR) {
			/* Cannot happen while we own the child; do not spin. */
			status = 0;
			break;
		}
		if (!killed) {
			if (timeout_at > 0)
				deadline = timeout_at;
			if (kill_at > 0 && (deadline == 0 || kill_at < deadline))
				deadline = kill_at;
		}
		if (deadline > 0) {
			double left = deadline - ct_rec_now_s();
			struct timespec ts;

			if (left < 0)
				left = 0;
			ts.tv_sec = (time_t)left;
			ts.tv_nsec = (long)((left - (double)ts.tv_sec) * 1e9);
			sig = sigtimedwait(sigs, NULL, &ts);
		} else {
			sig = sigwaitinfo(sigs, NULL);
		}
		if (sig == SIGINT || sig == SIGTERM || sig == SIGHUP) {
			if (!result->interrupted && !killed) {
				result->interrupted = true;
				fprintf(log,
					"ctrace: got SIG%s; stopping '%s' (SIGINT, SIGKILL after %.0f s) and saving the trace\n",
					sigabbrev_np(sig), prog, CT_GRACE_S);
				kill(c->pid, SIGINT);
				kill_at = ct_rec_now_s() + CT_GRACE_S;
			}
			continue;
		}
		if (sig >= 0 || killed)
			continue; /* SIGCHLD, or EINTR */
		now = ct_rec_now_s();
		if (timeout_at > 0 && now >= timeout_at && !result->interrupted) {
			result->timed_out = true;
			fprintf(log,
				"ctrace: '%s' still running after %g s (--timeout); "
				"killing it with SIGKILL, the trace is kept\n",
				prog, opts->timeout_s);
			kill(c->pid, SIGKILL);
			killed = true;
		} else if (kill_at > 0 && now >= kill_at) {
			fprintf(log,
				"ctrace: '%s' did not stop within %.0f s; killing it with SIGKILL\n",
				prog, CT_GRACE_S);
			kill(c->pid, SIGKILL);
			killed = true;
		} else if (timeout_at > 0 && now >= timeout_at) {
			/* Interrupted and the timeout came first: the grace period decides. */
			timeout_at = 0;
		}
	}
	c->pid = 0;
	if (WIFSIGNALED(status)) {
		result->term_signal = WTERMSIG(status);
		result->exit_status = 128 + result->term_signal;
		fprintf(log, "ctrace: '%s' was killed by signal %d (%s)\n", prog,
			result->term_signal, strsignal(result->term_signal));
	} else {
		result->exit_status = WEXITSTATUS(status);
		fprintf(log, "ctrace: '%s' exited with status %d\n", prog, result->exit_status);
	}
}

void ct_rec_child_kill(struct ct_rec_child *c)
{
	if (c->go_fd >= 0) {
		close(c->go_fd); /* EOF: the waiting child exits without exec */
		c->go_fd = -1;
	}
	if (c->pid > 0) {
		kill(c->pid, SIGKILL);
		while (waitpid(c->pid, NULL, 0) < 0 && errno == EINTR)
			;
		c->pid = 0;
	}
}

void ct_rec_child_fini(struct ct_rec_child *c)
{
	if (c->go_fd >= 0)
		close(c->go_fd);
	c->go_fd = -1;
	if (c->exec_fd >= 0)
		close(c->exec_fd);
	c->exec_fd = -1;
}

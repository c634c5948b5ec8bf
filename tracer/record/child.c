/* SPDX-License-Identifier: MIT */
/*
 * child.c - the program's process: finding it, fork and exec, waiting for
 * it under --timeout and the user's signals, and waiting for the processes
 * it started that outlive it.
 *
 * The signals are blocked and taken synchronously (sigtimedwait), so no
 * handler and no global state is needed.
 *
 * The program gets SIGKILL when the recorder dies (PR_SET_PDEATHSIG; the
 * kernel clears it when a set-user-ID program is executed). The processes
 * it starts do not: like the children of a program that crashed, they run
 * on, and the session that still records them is ended by the next
 * recording or by `ctrace doctor` (owner.c).
 */
#define _GNU_SOURCE /* execvpe, strsignal, sigabbrev_np, strchrnul, pipe2 */
#include "recording.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/pidfd.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define CT_GRACE_S 2.0 /* SIGINT to SIGKILL when ctrace is interrupted */

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
	c->quiet = false;
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
	pid_t recorder = getpid();

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
		/*
		 * The program dies with the recorder: a killed ctrace cannot stop it
		 * later, and it would go on recording into a session nobody ends.
		 * The check after covers a recorder that died before the call.
		 */
		if (prctl(PR_SET_PDEATHSIG, SIGKILL) != 0 || getppid() != recorder)
			_exit(127);
		/* The shim's announcement socket is the one descriptor the program inherits. */
		if (inherit_fd >= 0)
			fcntl(inherit_fd, F_SETFD, 0);
		while ((r = read(go[0], &byte, 1)) < 0 && errno == EINTR)
			;
		if (r != 1)
			_exit(127); /* ctrace gave up (or died): do not run untraced */
		if (c->quiet) {
			int null = open("/dev/null", O_RDWR);

			if (null < 0 || dup2(null, 0) < 0 || dup2(null, 1) < 0 || dup2(null, 2) < 0)
				_exit(127);
			if (null > 2)
				close(null);
		}
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

/* Sleeps until DEADLINE (ct_rec_now_s; 0: none) or a signal of SIGS; returns the signal or -1. */
static int wait_signal(const sigset_t *sigs, double deadline)
{
	double left;
	struct timespec ts;

	if (deadline <= 0)
		return sigwaitinfo(sigs, NULL);
	left = deadline - ct_rec_now_s();
	if (left < 0)
		left = 0;
	ts.tv_sec = (time_t)left;
	ts.tv_nsec = (long)((left - (double)ts.tv_sec) * 1e9);
	return sigtimedwait(sigs, NULL, &ts);
}

/* The earlier of two deadlines, where 0 means none. */
static double earlier(double a, double b)
{
	if (a <= 0)
		return b;
	if (b <= 0)
		return a;
	return a < b ? a : b;
}

void ct_rec_child_wait(struct ct_rec_child *c, const struct ct_record_options *opts,
		       const sigset_t *sigs, struct ct_rec_watch *watch,
		       const struct ct_rec_log *log, struct ct_record_result *result)
{
	const char *prog = opts->argv[0];
	double start = ct_rec_now_s();
	double timeout_at = opts->timeout_s > 0 ? start + opts->timeout_s : 0;
	double kill_at = 0; /* SIGINT was sent (Ctrl-C, full disk): SIGKILL then */
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
		if (!killed)
			deadline = earlier(timeout_at, kill_at);
		if (watch)
			deadline = earlier(deadline, ct_rec_watch_due(watch));
		sig = wait_signal(sigs, deadline);
		if (sig == SIGINT || sig == SIGTERM || sig == SIGHUP) {
			if (!result->interrupted && !killed && kill_at == 0) {
				result->interrupted = true;
				ct_rec_say(
					log,
					"got SIG%s: stopping '%s' (SIGINT, then SIGKILL after %.0f s) "
					"and saving the trace",
					sigabbrev_np(sig), prog, CT_GRACE_S);
				kill(c->pid, SIGINT);
				kill_at = ct_rec_now_s() + CT_GRACE_S;
			}
			continue;
		}
		/* The watch says why; a program already being stopped needs no second SIGINT. */
		if (watch && ct_rec_watch_tick(watch, result) && !killed && kill_at == 0) {
			kill(c->pid, SIGINT);
			kill_at = ct_rec_now_s() + CT_GRACE_S;
		}
		if (sig >= 0 || killed)
			continue; /* SIGCHLD, or EINTR */
		now = ct_rec_now_s();
		if (timeout_at > 0 && now >= timeout_at && kill_at == 0) {
			result->timed_out = true;
			ct_rec_say(log,
				   "'%s' is still running after %g s (--timeout): killing it with "
				   "SIGKILL and keeping the trace",
				   prog, opts->timeout_s);
			kill(c->pid, SIGKILL);
			killed = true;
		} else if (kill_at > 0 && now >= kill_at) {
			ct_rec_say(log,
				   "'%s' did not stop within %.0f s, so it is killed with SIGKILL",
				   prog, CT_GRACE_S);
			kill(c->pid, SIGKILL);
			killed = true;
		} else if (timeout_at > 0 && now >= timeout_at) {
			/* Being stopped and the timeout came first: the grace period decides. */
			timeout_at = 0;
		}
	}
	c->pid = 0;
	if (WIFSIGNALED(status)) {
		result->term_signal = WTERMSIG(status);
		result->exit_status = 128 + result->term_signal;
		ct_rec_say(log, "'%s' was killed by signal %d (%s)", prog, result->term_signal,
			   strsignal(result->term_signal));
	} else {
		result->exit_status = WEXITSTATUS(status);
		ct_rec_say(log, "'%s' exited with status %d", prog, result->exit_status);
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
/* What is said when the processes still running were not started through the shim. */
#define UNRECORDED_HOLDERS                                                                         \
	"not waiting for the processes '%s' started that are still running: they were started "    \
	"without the shim (LD_PRELOAD dropped, or a static program), so they are not recorded"

void ct_rec_others_wait(struct ct_rec_others *o, const atomic_bool *all_gone,
			const struct ct_record_options *opts, double started_at,
			const sigset_t *sigs, struct ct_rec_watch *watch,
			const struct ct_rec_log *log, struct ct_record_result *result)
{
	const char *prog = opts->argv[0];
	double timeout_at = opts->timeout_s > 0 ? started_at + opts->timeout_s : 0;
	double say_at = ct_rec_now_s() + 0.2; /* processes about to exit need no message */
	bool said = false, killed = false, overflow;

	while (!atomic_load(all_gone)) {
		double tick_at = ct_rec_now_s() + 0.05;
		unsigned left = prune_others(o);
		int sig;

		if (watch)
			ct_rec_watch_tick(watch, result);
		if (watch && !watch->recording) {
			/* Stopped by the watch, which said why: they are no longer recorded. */
			if (left > 0 && watch->stop_program) {
				ct_rec_say(log,
					   "stopping the %u process%s '%s' started too (SIGKILL), "
					   "since they could wait for trace buffer space for ever",
					   left, left == 1 ? "" : "es", prog);
				signal_others(o, SIGKILL);
			} else if (left > 0) {
				ct_rec_say(log,
					   "not waiting for the processes '%s' started (%u still "
					   "running, no longer recorded)",
					   prog, left);
			}
			break;
		}
		if (result->interrupted) {
			if (left > 0)
				ct_rec_say(
					log,
					"not waiting for the processes '%s' started (%u recorded "
					"one%s still running, no longer recorded)",
					prog, left, left == 1 ? "" : "s");
			else
				ct_rec_say(log, UNRECORDED_HOLDERS, prog);
			break;
		}
		if (!killed &&
		    (result->timed_out || (timeout_at > 0 && ct_rec_now_s() >= timeout_at))) {
			result->timed_out = true;
			/*
			 * None recorded is left: what still holds the socket was started
			 * without the shim (not recorded, not ours to kill or wait for).
			 * The count is never 0 ("killing the 0 processes", issue 10).
			 */
			if (left == 0) {
				ct_rec_say(log, UNRECORDED_HOLDERS, prog);
				break;
			}
			ct_rec_say(
				log,
				"killing the %u process%s '%s' started, still running after %g s "
				"(--timeout)",
				left, left == 1 ? "" : "es", prog, opts->timeout_s);
			signal_others(o, SIGKILL);
			killed = true;
			/* They exit in a moment; a process announcing itself meanwhile is not waited for long. */
			timeout_at = ct_rec_now_s() + CT_GRACE_S;
		} else if (killed && ct_rec_now_s() >= timeout_at) {
			break;
		}
		if (!said && ct_rec_now_s() >= say_at) {
			char pids[160] = "";
			size_t len = 0;

			pthread_mutex_lock(&o->lock);
			for (unsigned i = 0; i < o->n && i < 8 && len < sizeof(pids); i++)
				len += (size_t)snprintf(pids + len, sizeof(pids) - len, "%s%ld",
							i ? ", " : " (pid ", (long)o->pids[i]);
			if (o->n && len < sizeof(pids))
				snprintf(pids + len, sizeof(pids) - len, "%s",
					 o->n > 8 ? ", ...)" : ")");
			pthread_mutex_unlock(&o->lock);
			ct_rec_say(
				log,
				"'%s' exited, and the recording goes on, waiting for the processes "
				"it started%s to exit (Ctrl-C stops it)",
				prog, pids);
			said = true;
		}
		sig = wait_signal(sigs,
				  watch ? earlier(tick_at, ct_rec_watch_due(watch)) : tick_at);
		if (sig == SIGINT || sig == SIGTERM || sig == SIGHUP)
			result->interrupted = true;
	}
	pthread_mutex_lock(&o->lock);
	overflow = o->overflow;
	pthread_mutex_unlock(&o->lock);
	if (overflow)
		ct_rec_say(log,
			   "note: more than %d processes ran at once besides '%s', so --timeout "
			   "could not kill all of them",
			   CT_REC_MAX_OTHERS, prog);
}

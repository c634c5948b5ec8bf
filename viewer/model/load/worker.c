/* SPDX-License-Identifier: MIT */
/*
 * worker.c - the decoding process: ct_model_load forks a worker that runs
 * the babeltrace2 graph (graph.c) and streams the events to it as records
 * (wire.h) through a pipe, and watches it: a worker that shows no sign of
 * life for the watchdog's time is killed. So a hang or an abort inside
 * babeltrace2 on a damaged trace ends the worker, never the program.
 *
 * Why fork (and not posix_spawn of a decoder executable): the model is a
 * static library linked into ctrace, the tests, the benchmarks and the
 * fuzzers, and a fork needs no executable to be found or installed beside
 * each of them; the records can be the program's own structures. The
 * hazards of fork in a process with other threads (the viewer's window has
 * SDL's) are that only the forking thread goes on in the child, and any lock
 * another thread held stays held there. So the child touches only what is
 * safe: glibc's fork resets malloc's, stdio's and the dynamic loader's locks
 * (babeltrace2 loads its plugins with dlopen), and libbabeltrace2 and its
 * glib are used by no thread of the parent (the loader's own side never
 * calls them; every decoding happens in a worker). The child resets its
 * signal dispositions, closes every descriptor but its pipes (so that a
 * worker forked at the same time by another thread's load cannot hold this
 * one's pipe open), dies with the thread that forked it (PR_SET_PDEATHSIG),
 * and ends with _exit: no atexit handler or stdio buffer of the parent runs
 * twice.
 */
#define _GNU_SOURCE
#include "loader.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* What the loader keeps of the worker's stderr: its last bytes. */
#define ERR_KEEP (64u << 10)

/* How long one wait for the worker lasts before the watchdog looks again. */
#define POLL_MS 100

static uint64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

/* Closes every descriptor from 3 up but KEEP. */
static void close_others(int keep)
{
	if (keep > 3)
		close_range(3, (unsigned)keep - 1, 0);
	if (close_range((unsigned)keep + 1, ~0u, 0) != 0) {
		/* Kernels before 5.9: one at a time, up to the limit. */
		long max = sysconf(_SC_OPEN_MAX);

		for (long fd = 3; fd < (max > 0 && max < 65536 ? max : 65536); fd++) {
			if (fd != keep)
				close((int)fd);
		}
	}
}

/*
 * The worker: stderr (and stdout) go to ERR_FD, the records to DATA_FD.
 * Terminal signals are the parent's to act on: a Ctrl-C reaches the whole
 * process group, and the parent decides (it may be cancelling on purpose).
 */
static void __attribute__((noreturn))
child(const struct decode_args *args, struct wire_shared *sh, int data_fd, int err_fd, pid_t parent)
{
	struct sigaction dfl = { .sa_handler = SIG_DFL }, ign = { .sa_handler = SIG_IGN };
	struct wire_out out = { .sh = sh };
	sigset_t none;

	prctl(PR_SET_PDEATHSIG, SIGKILL);
	if (getppid() != parent)
		_exit(1);
	for (int sig = 1; sig < NSIG; sig++) {
		if (sig != SIGKILL && sig != SIGSTOP)
			sigaction(sig, &dfl, NULL);
	}
	sigaction(SIGINT, &ign, NULL);
	sigaction(SIGQUIT, &ign, NULL);
	sigaction(SIGTSTP, &ign, NULL);
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	/* Out of the way of 0 to 3 first: the parent may have closed its stdio. */
	data_fd = fcntl(data_fd, F_DUPFD, 10);
	err_fd = fcntl(err_fd, F_DUPFD, 10);
	if (data_fd < 0 || err_fd < 0 || dup2(err_fd, STDERR_FILENO) < 0 ||
	    dup2(err_fd, STDOUT_FILENO) < 0)
		_exit(1);
	/* The data pipe goes to 3, the first descriptor kept. */
	if (data_fd != 3) {
		if (dup2(data_fd, 3) < 0)
			_exit(1);
		data_fd = 3;
	}
	close_others(data_fd);
	out.fd = data_fd;
	_exit(decode_run(args, &out));
}

bool worker_start(struct worker *w, const struct decode_args *args, unsigned watchdog_ms,
		  char **error)
{
	int data[2] = { -1, -1 }, err[2] = { -1, -1 };
	pid_t parent = getpid();

	memset(w, 0, sizeof(*w));
	w->data_fd = w->err_fd = -1;
	w->watchdog_ms = watchdog_ms;
	w->sh = mmap(NULL, WIRE_SHARED_SIZE, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1,
		     0);
	if (w->sh == MAP_FAILED) {
		w->sh = NULL;
		*error = load_format("cannot map memory for the decoder: %s", strerror(errno));
		return false;
	}
	w->sh->cap = WIRE_SHARED_SIZE - sizeof(*w->sh);
	w->sh->stream = -1;
	w->err = malloc(ERR_KEEP + 1);
	if (!w->err || pipe2(data, O_CLOEXEC) != 0 || pipe2(err, O_CLOEXEC) != 0) {
		*error = load_format("cannot start the decoder: %s",
				     w->err ? strerror(errno) : "out of memory");
		goto error;
	}
	w->err[0] = '\0';
	/* A larger pipe lets the worker run ahead while the builder works. */
	fcntl(data[1], F_SETPIPE_SZ, 1 << 20);
	w->pid = fork();
	if (w->pid < 0) {
		w->pid = 0;
		*error = load_format("cannot start the decoder: %s", strerror(errno));
		goto error;
	}
	if (w->pid == 0)
		child(args, w->sh, data[1], err[1], parent);
	close(data[1]);
	close(err[1]);
	w->data_fd = data[0];
	w->err_fd = err[0];
	fcntl(w->data_fd, F_SETFL, O_NONBLOCK);
	fcntl(w->err_fd, F_SETFL, O_NONBLOCK);
	w->quiet_since_ms = now_ms();
	return true;

error:
	for (int i = 0; i < 2; i++) {
		if (data[i] >= 0)
			close(data[i]);
		if (err[i] >= 0)
			close(err[i]);
	}
	free(w->err);
	w->err = NULL;
	munmap(w->sh, WIRE_SHARED_SIZE);
	w->sh = NULL;
	return false;
}

/* Reads what the worker wrote on stderr, keeping the last ERR_KEEP bytes. True if anything came. */
static bool drain_err(struct worker *w)
{
	char buf[8192]; /* less than ERR_KEEP */
	bool any = false;
	ssize_t n;

	while (w->err_fd >= 0) {
		n = read(w->err_fd, buf, sizeof(buf));
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			if (n == 0 || errno != EAGAIN) {
				close(w->err_fd);
				w->err_fd = -1;
			}
			break;
		}
		any = true;
		/* BUF is smaller than what is kept: drop the oldest bytes to make room. */
		if (w->err_len + (size_t)n > ERR_KEEP) {
			size_t drop = w->err_len + (size_t)n - ERR_KEEP;

			memmove(w->err, w->err + drop, w->err_len - drop);
			w->err_len -= drop;
		}
		memcpy(w->err + w->err_len, buf, (size_t)n);
		w->err_len += (size_t)n;
		w->err[w->err_len] = '\0';
	}
	return any;
}

/*
 * Reads the rest of the worker's stderr once it has ended (for at most a
 * second: nothing else should hold the pipe open, but nothing is trusted).
 */
static void drain_last(struct worker *w)
{
	for (int i = 0; i < 10 && w->err_fd >= 0; i++) {
		struct pollfd p = { .fd = w->err_fd, .events = POLLIN };

		if (poll(&p, 1, 100) > 0)
			drain_err(w);
	}
}

/*
 * Waits for the worker to end (it has, or is about to: its pipe is closed)
 * and notes how; one that lingers past the watchdog's time is killed.
 */
static void reap(struct worker *w)
{
	uint64_t start = now_ms();
	bool killed = false;
	int st = 0;
	pid_t r;

	if (!w->pid)
		return;
	for (;;) {
		r = waitpid(w->pid, &st, WNOHANG);
		if (r != 0 && !(r < 0 && errno == EINTR))
			break;
		if (r == 0 && !killed && now_ms() - start >= w->watchdog_ms) {
			kill(w->pid, SIGKILL);
			killed = true;
		}
		if (r == 0)
			nanosleep(&(struct timespec){ .tv_nsec = 2000000 }, NULL);
	}
	w->pid = 0;
	if (r < 0)
		return; /* SIGCHLD ignored: reaped already; its records say how it ended */
	if (WIFEXITED(st)) {
		w->end.exited = true;
		w->end.code = WEXITSTATUS(st);
	} else if (WIFSIGNALED(st)) {
		w->end.signal = WTERMSIG(st);
	}
}

size_t worker_read(struct worker *w, unsigned char *buf, size_t cap)
{
	for (;;) {
		struct pollfd fds[2];
		uint64_t beat, now;
		nfds_t n = 0;
		ssize_t r;

		if (w->data_fd < 0)
			return 0;
		r = read(w->data_fd, buf, cap);
		if (r > 0) {
			w->received += (uint64_t)r;
			w->quiet_since_ms = now_ms();
			return (size_t)r;
		}
		if (r == 0 || (errno != EAGAIN && errno != EINTR)) {
			/* The worker is gone (or going): collect its last words and its status. */
			close(w->data_fd);
			w->data_fd = -1;
			reap(w);
			drain_last(w);
			return 0;
		}
		if (errno == EINTR)
			continue;
		fds[n++] = (struct pollfd){ .fd = w->data_fd, .events = POLLIN };
		if (w->err_fd >= 0)
			fds[n++] = (struct pollfd){ .fd = w->err_fd, .events = POLLIN };
		if (poll(fds, n, POLL_MS) < 0 && errno != EINTR)
			continue;
		now = now_ms();
		if (drain_err(w))
			w->quiet_since_ms = now;
		beat = __atomic_load_n(&w->sh->beat, __ATOMIC_RELAXED);
		if (beat != w->beat) {
			w->beat = beat;
			w->quiet_since_ms = now;
		}
		if (w->pid && !w->end.watchdog && now - w->quiet_since_ms >= w->watchdog_ms) {
			/* Stuck inside babeltrace2: what it sent stays in the shared page. */
			kill(w->pid, SIGKILL);
			w->end.watchdog = true;
			w->end.watchdog_ms = w->watchdog_ms;
		}
	}
}

const unsigned char *worker_unsent(const struct worker *w, size_t *n)
{
	const struct wire_shared *sh = w->sh;
	uint64_t skip;

	*n = 0;
	if (!sh || sh->used > sh->cap || w->received < sh->base)
		return NULL;
	/* The pipe may already have given part of the buffer (a write cut short by death). */
	skip = w->received - sh->base;
	if (skip >= sh->used)
		return NULL;
	*n = (size_t)(sh->used - skip);
	return sh->buf + skip;
}

void worker_fini(struct worker *w)
{
	if (w->pid) {
		kill(w->pid, SIGKILL);
		reap(w);
	}
	if (w->data_fd >= 0)
		close(w->data_fd);
	if (w->err_fd >= 0)
		close(w->err_fd);
	w->data_fd = w->err_fd = -1;
	if (w->sh)
		munmap(w->sh, WIRE_SHARED_SIZE);
	w->sh = NULL;
	free(w->err);
	w->err = NULL;
}

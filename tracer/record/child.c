/* SPDX-License-Identifier: MIT */
/* record.c - records one program into a CTF trace through a liblttng-ctl session. */
#define _GNU_SOURCE /* execvpe, strsignal */
#include "record.h"

#include <dirent.h>
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <inttypes.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <poll.h>
#include <sys/pidfd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <lttng/lttng.h>

/* Environment of the process, for building the child's (POSIX: declared by no header). */
extern char **environ;

#define CT_CHANNEL_NAME   "ctrace"
#define CT_EVENT_PATTERN  "ctrace:*"
#define CT_DEFAULT_PREFIX "ctrace"
#define CT_DEFAULT_PARENT "ctrace-traces"

/*
 * 8 sub-buffers of 1 MiB per CPU: a consumer that falls behind for a moment
 * does not make the writer block (or, were blocking unavailable, discard).
 */
#define CT_SUBBUF_SIZE (1024u * 1024u)
#define CT_NUM_SUBBUF  8u

#define CT_SESSIOND_WAIT_S 10.0 /* how long a freshly started daemon has to answer */
#define CT_GRACE_S         2.0  /* SIGINT to SIGKILL when ctrace is interrupted */
#define CT_MAX_OTHERS      256  /* recorded processes besides the program waited for at once */

/*
 * How long (ms) the traced program's lttng-ust constructor waits for the
 * session daemon to finish registering it. The default (3 s) can run out on a
 * loaded machine, and then the program's first events are lost; a longer but
 * bounded wait keeps them. Only set when the user has not chosen a value.
 */
#define CT_REGISTER_TIMEOUT_ENV "LTTNG_UST_REGISTER_TIMEOUT=30000"

/* Everything the one cleanup path of ct_record_run needs to undo. */
struct recording {
	const struct ct_record_options *opts; /* borrowed */
	FILE *log;                            /* borrowed */
	char session[LTTNG_NAME_MAX];         /* "" until the session exists */
	char dir[PATH_MAX];                   /* trace directory as created (maybe relative) */
	bool dir_created;          /* we made dir (else it was an empty one given by -o) */
	size_t created_parent_len; /* 0, or length of the top-most parent we made */
	char **envp;               /* owned array; the strings are borrowed */
	pid_t child;               /* 0 when none is running */
	int go_fd;                 /* write end: one byte lets the child exec */
	int exec_fd;               /* read end: the child's exec errno, EOF on success */
	sigset_t old_mask;         /* restored at the end */
	bool mask_changed;
	struct sigaction old_chld;
	bool chld_changed;
	/* With a preload (see setup_preload): */
	char **extra;             /* owned array: the child's extra environment */
	char *ld_preload;         /* owned: "LD_PRELOAD=..." */
	char shim_fd_env[48];     /* "CTRACE_SHIM_FD=N" */
	char shim_parent_env[48]; /* "CTRACE_SHIM_PARENT=PID" */
	int announce_fd;          /* our end of the announcement socket, -1 if none */
	int announce_child_fd;    /* the program's end, -1 once handed over */
	pthread_t announcer;      /* answers announcements while the program runs */
	bool announcer_running;
	atomic_uint more_processes; /* processes added to the tracker by the announcer */
	/* Those processes, to wait for when they outlive the program (see wait_others): */
	pthread_mutex_t others_lock;
	int other_fds[CT_MAX_OTHERS]; /* pidfds of the ones not seen exiting yet */
	pid_t other_pids[CT_MAX_OTHERS];
	unsigned n_others;
	bool others_overflow;     /* more than CT_MAX_OTHERS at once: some are not waited for */
	atomic_bool announce_eof; /* every process holding the program's end has exited */
	double started_at;        /* now_s() when the program was started */
};

static void set_err(char *err, size_t errlen, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void set_err(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	if (!err || errlen == 0)
		return;
	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
}

/* lttng_strerror wants a negative code; the newer APIs return positive enum values. */
static const char *lttng_err_str(int code)
{
	return lttng_strerror(code > 0 ? -code : code);
}

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void sleep_s(double s)
{
	struct timespec ts = { .tv_sec = (time_t)s,
			       .tv_nsec = (long)((s - (double)(time_t)s) * 1e9) };

	while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
		;
}

/*
 * Finds NAME the way execvp will (a name with a slash is a path, else each
 * PATH entry in turn). Returns CT_RECORD_OK and the path in OUT, or
 * CT_RECORD_BAD_PROGRAM with a message in ERR: not found, a directory, or not
 * executable.
 */
static enum ct_record_status find_program(const char *name, char *out, size_t outlen, char *err,
					  size_t errlen)
{
	struct stat st;
	const char *path, *p;
	bool found_unexecutable = false;

	if (name[0] == '\0') {
		set_err(err, errlen, "the program name is empty");
		return CT_RECORD_BAD_PROGRAM;
	}
	if (strchr(name, '/')) {
		if (stat(name, &st) != 0) {
			set_err(err, errlen, "cannot run '%s': %s", name, strerror(errno));
			return CT_RECORD_BAD_PROGRAM;
		}
		if (S_ISDIR(st.st_mode)) {
			set_err(err, errlen, "cannot run '%s': it is a directory", name);
			return CT_RECORD_BAD_PROGRAM;
		}
		if (access(name, X_OK) != 0) {
			set_err(err, errlen, "cannot run '%s': not executable (chmod +x it?)",
				name);
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
		set_err(err, errlen, "cannot run '%s': found on PATH but not executable", name);
	else
		set_err(err, errlen,
			"cannot run '%s': no such program on PATH (give a path like ./%s?)", name,
			name);
	return CT_RECORD_BAD_PROGRAM;
}

/*
 * Makes sure a session daemon answers, starting `lttng-sessiond --daemonize
 * --no-kernel` when none does. As root that is the system-wide daemon; as
 * another user (not in the tracing group) it is that user's own daemon,
 * which traces that user's programs. Returns CT_RECORD_OK, or
 * CT_RECORD_NO_SESSIOND (CT_RECORD_SYSTEM_ERROR when it cannot even be
 * started) with ERR set.
 */
static enum ct_record_status ensure_sessiond(FILE *log, bool *started, char *err, size_t errlen)
{
	char path[PATH_MAX];
	char perr[256];
	pid_t pid;
	int status, alive;
	double deadline;

	alive = lttng_session_daemon_alive();
	if (alive == 1)
		return CT_RECORD_OK;
	if (alive < 0) {
		set_err(err, errlen, "cannot look for an LTTng session daemon: %s",
			lttng_err_str(alive));
		return CT_RECORD_NO_SESSIOND;
	}
	if (find_program("lttng-sessiond", path, sizeof(path), perr, sizeof(perr)) ==
	    CT_RECORD_OK) {
		/* found on PATH */
	} else if (access("/usr/bin/lttng-sessiond", X_OK) == 0) {
		snprintf(path, sizeof(path), "/usr/bin/lttng-sessiond");
	} else {
		set_err(err, errlen,
			"no LTTng session daemon is running and lttng-sessiond was not found: "
			"install lttng-tools, or start one with 'lttng-sessiond --daemonize'");
		return CT_RECORD_NO_SESSIOND;
	}
	fprintf(log,
		"ctrace: no LTTng session daemon answered; starting one: %s --daemonize --no-kernel\n",
		path);
	fflush(NULL);
	pid = fork();
	if (pid < 0) {
		set_err(err, errlen, "cannot start lttng-sessiond: fork: %s", strerror(errno));
		return CT_RECORD_SYSTEM_ERROR;
	}
	if (pid == 0) {
		/* The daemon must not keep ctrace's stdout open (a pipe reader would never see EOF). */
		int devnull = open("/dev/null", O_RDWR);

		if (devnull >= 0) {
			dup2(devnull, STDIN_FILENO);
			dup2(devnull, STDOUT_FILENO);
		}
		execl(path, "lttng-sessiond", "--daemonize", "--no-kernel", (char *)NULL);
		_exit(127);
	}
	/* With --daemonize the launcher exits once the daemon is up (or failed). */
	while (waitpid(pid, &status, 0) < 0) {
		if (errno != EINTR) {
			set_err(err, errlen, "cannot start lttng-sessiond: waitpid: %s",
				strerror(errno));
			return CT_RECORD_SYSTEM_ERROR;
		}
	}
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		set_err(err, errlen,
			"'%s --daemonize --no-kernel' failed (status %d); run it yourself to see why, "
			"then retry",
			path, WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status));
		return CT_RECORD_NO_SESSIOND;
	}
	deadline = now_s() + CT_SESSIOND_WAIT_S;
	while ((alive = lttng_session_daemon_alive()) != 1 && now_s() < deadline)
		sleep_s(0.05);
	if (alive != 1) {
		set_err(err, errlen,
			"started lttng-sessiond but it does not answer after %.0f s; check 'lttng list' "
			"and the daemon's log, or start it yourself with 'lttng-sessiond --daemonize'",
			CT_SESSIOND_WAIT_S);
		return CT_RECORD_NO_SESSIOND;
	}
	*started = true;
	return CT_RECORD_OK;
}

/*
 * Creates every missing directory of PATH like `mkdir -p`. Sets
 * *CREATED_FROM to the length of the top-most directory it made (0 if none),
 * so the caller can remove exactly what was made. Returns 0 or -1 (errno).
 */
static int mkdir_parents(const char *path, size_t *created_from)
{
	char buf[PATH_MAX];
	size_t len = strlen(path);

	*created_from = 0;
	if (len >= sizeof(buf)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	memcpy(buf, path, len + 1);
	for (size_t i = 1; i <= len; i++) {
		if (buf[i] != '/' && buf[i] != '\0')
			continue;
		if (buf[i - 1] == '/')
			continue;
		buf[i] = '\0';
		if (mkdir(buf, 0777) == 0) {
			if (*created_from == 0)
				*created_from = i;
		} else if (errno != EEXIST) {
			return -1;
		}
		buf[i] = path[i];
	}
	return 0;
}

/* Sets *EMPTY to whether directory PATH has no entries. Returns 0, or -1 (errno). */
static int is_empty_dir(const char *path, bool *empty)
{
	int fd;
	DIR *d;
	struct dirent *e;

	*empty = true;
	fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	d = fdopendir(fd);
	if (!d) {
		close(fd);
		return -1;
	}
	while ((e = readdir(d))) {
		if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0) {
			*empty = false;
			break;
		}
	}
	closedir(d);
	return 0;
}

/*
 * Chooses and creates the trace directory (see record.h): -o DIR must not
 * exist or be empty; the default is a new ./ctrace-traces/PREFIX-DATE-TIME[-N].
 * Returns CT_RECORD_OK, or CT_RECORD_BAD_OUTPUT with ERR set.
 */
static enum ct_record_status make_trace_dir(struct recording *rec, const char *prefix, char *err,
					    size_t errlen)
{
	const char *out = rec->opts->output_dir;
	struct stat st;
	bool empty;
	size_t parent_len;

	if (out) {
		if (stat(out, &st) == 0) {
			if (!S_ISDIR(st.st_mode)) {
				set_err(err, errlen,
					"output '%s' exists and is not a directory; choose a new -o DIR",
					out);
				return CT_RECORD_BAD_OUTPUT;
			}
			if (is_empty_dir(out, &empty) != 0) {
				set_err(err, errlen, "cannot read output directory '%s': %s", out,
					strerror(errno));
				return CT_RECORD_BAD_OUTPUT;
			}
			if (!empty) {
				set_err(err, errlen,
					"output directory '%s' is not empty; refusing to overwrite it, choose a new -o DIR",
					out);
				return CT_RECORD_BAD_OUTPUT;
			}
			if (access(out, W_OK | X_OK) != 0) {
				set_err(err, errlen,
					"cannot write to output directory '%s': %s; choose another -o DIR",
					out, strerror(errno));
				return CT_RECORD_BAD_OUTPUT;
			}
			snprintf(rec->dir, sizeof(rec->dir), "%s", out);
			return CT_RECORD_OK;
		}
		if (errno != ENOENT) {
			set_err(err, errlen,
				"cannot use output directory '%s': %s; choose another -o DIR", out,
				strerror(errno));
			return CT_RECORD_BAD_OUTPUT;
		}
		if (strlen(out) >= sizeof(rec->dir)) {
			set_err(err, errlen, "output directory name '%s' is too long", out);
			return CT_RECORD_BAD_OUTPUT;
		}
		/* Recorded even on failure, so half-made parents are removed too. */
		snprintf(rec->dir, sizeof(rec->dir), "%s", out);
		rec->dir_created = true;
		if (mkdir_parents(out, &parent_len) != 0) {
			set_err(err, errlen,
				"cannot create output directory '%s': %s; choose a writable -o DIR",
				out, strerror(errno));
			rec->created_parent_len = parent_len;
			return CT_RECORD_BAD_OUTPUT;
		}
		rec->created_parent_len = parent_len;
		return CT_RECORD_OK;
	}

	if (mkdir_parents(CT_DEFAULT_PARENT, &parent_len) != 0) {
		set_err(err, errlen,
			"cannot create ./%s: %s; run from a writable directory or give -o DIR",
			CT_DEFAULT_PARENT, strerror(errno));
		return CT_RECORD_BAD_OUTPUT;
	}
	rec->created_parent_len = parent_len;
	{
		char stamp[32];
		time_t t = time(NULL);
		struct tm tm;

		localtime_r(&t, &tm);
		strftime(stamp, sizeof(stamp), "%Y%m%d-%H%M%S", &tm);
		for (int n = 1; n < 1000; n++) {
			if (n == 1)
				snprintf(rec->dir, sizeof(rec->dir), "%s/%s-%s", CT_DEFAULT_PARENT,
					 prefix, stamp);
			else
				snprintf(rec->dir, sizeof(rec->dir), "%s/%s-%s-%d",
					 CT_DEFAULT_PARENT, prefix, stamp, n);
			if (mkdir(rec->dir, 0777) == 0) {
				rec->dir_created = true;
				return CT_RECORD_OK;
			}
			if (errno != EEXIST)
				break;
		}
	}
	set_err(err, errlen, "cannot create a trace directory under ./%s: %s; give -o DIR",
		CT_DEFAULT_PARENT, strerror(errno));
	rec->dir[0] = '\0';
	return CT_RECORD_BAD_OUTPUT;
}

/*
 * Whether a file named NAME is anywhere below DIR (at most DEPTH levels):
 * a CTF trace has a "metadata" file beside its streams.
 */
static bool contains_file(const char *dir, const char *name, int depth)
{
	DIR *d;
	struct dirent *e;
	bool found = false;

	if (depth < 0 || !(d = opendir(dir)))
		return false;
	while (!found && (e = readdir(d))) {
		char sub[PATH_MAX];
		struct stat st;

		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		if (snprintf(sub, sizeof(sub), "%s/%s", dir, e->d_name) >= (int)sizeof(sub))
			continue;
		if (lstat(sub, &st) != 0)
			continue;
		if (S_ISREG(st.st_mode) && strcmp(e->d_name, name) == 0)
			found = true;
		else if (S_ISDIR(st.st_mode))
			found = contains_file(sub, name, depth - 1);
	}
	closedir(d);
	return found;
}

/* nftw callback: removes everything below the top directory (level 0 is kept). */
static int remove_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	if (ftw->level > 0)
		remove(path);
	return 0;
}

/*
 * Removes what make_trace_dir made (or, for an empty -o directory, only what
 * was written into it), so a failed recording leaves nothing behind.
 */
static void remove_trace_dir(struct recording *rec)
{
	char buf[PATH_MAX];
	char *slash;

	if (rec->dir[0] == '\0')
		return;
	nftw(rec->dir, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
	if (!rec->dir_created)
		return;
	rmdir(rec->dir);
	if (rec->created_parent_len == 0)
		return;
	/* Parents we made go too, unless something else (a concurrent recording) is in them. */
	snprintf(buf, sizeof(buf), "%s", rec->dir);
	while ((slash = strrchr(buf, '/')) && (size_t)(slash - buf) >= rec->created_parent_len) {
		*slash = '\0';
		if (rmdir(buf) != 0 && errno != ENOENT)
			return;
	}
}

/*
 * Builds the child's environment: ours, plus LTTNG_UST_ALLOW_BLOCKING=1
 * (without it lttng-ust ignores the channel's blocking mode and discards),
 * the registration timeout unless the user chose one, then EXTRA (which
 * wins over everything). Returns an owned array of borrowed strings, or NULL.
 */
static char **build_env(char *const *extra)
{
	static char allow_blocking[] = "LTTNG_UST_ALLOW_BLOCKING=1";
	static char register_timeout[] = CT_REGISTER_TIMEOUT_ENV;
	size_t n_env = 0, n_extra = 0, n = 0;
	char **envp;
	bool have_timeout = false;

	while (environ && environ[n_env])
		n_env++;
	while (extra && extra[n_extra])
		n_extra++;
	envp = calloc(n_env + n_extra + 3, sizeof(*envp));
	if (!envp)
		return NULL;
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
	return envp;
}

/*
 * Creates the session writing to ABS_DIR: a per-UID UST channel in blocking
 * mode (per-UID buffers outlive a crashing program, so its events are kept),
 * the vtid/vpid/procname contexts and the ctrace:* events. Sets rec->session
 * as soon as the session exists. Returns CT_RECORD_OK, or
 * CT_RECORD_LTTNG_ERROR with ERR set.
 */
static enum ct_record_status create_session(struct recording *rec, const char *abs_dir,
					    const char *prefix, char *err, size_t errlen)
{
	static const struct {
		enum lttng_event_context_type type;
		const char *name;
	} contexts[] = {
		{ LTTNG_EVENT_CONTEXT_VTID, "vtid" },
		{ LTTNG_EVENT_CONTEXT_VPID, "vpid" },
		{ LTTNG_EVENT_CONTEXT_PROCNAME, "procname" },
	};
	struct lttng_domain domain;
	struct lttng_session_descriptor *desc = NULL;
	struct lttng_handle *handle = NULL;
	struct lttng_channel *chan = NULL;
	struct lttng_event *ev = NULL;
	char stamp[32];
	time_t t = time(NULL);
	struct tm tm;
	enum lttng_error_code code = LTTNG_ERR_UNK;
	enum ct_record_status status = CT_RECORD_LTTNG_ERROR;
	int ret;

	localtime_r(&t, &tm);
	strftime(stamp, sizeof(stamp), "%Y%m%d-%H%M%S", &tm);
	/* The pid keeps concurrent recordings apart; -N covers a session left by a killed ctrace. */
	for (int n = 1; n < 100; n++) {
		char name[LTTNG_NAME_MAX];

		if (n == 1)
			snprintf(name, sizeof(name), "%s-%s-%ld", prefix, stamp, (long)getpid());
		else
			snprintf(name, sizeof(name), "%s-%s-%ld-%d", prefix, stamp, (long)getpid(),
				 n);
		desc = lttng_session_descriptor_local_create(name, abs_dir);
		if (!desc) {
			set_err(err, errlen, "cannot describe the LTTng session (out of memory?)");
			goto end;
		}
		code = lttng_create_session_ext(desc);
		lttng_session_descriptor_destroy(desc);
		desc = NULL;
		if (code == LTTNG_OK) {
			snprintf(rec->session, sizeof(rec->session), "%s", name);
			break;
		}
		if (code != LTTNG_ERR_EXIST_SESS)
			break;
	}
	if (code != LTTNG_OK) {
		set_err(err, errlen, "cannot create an LTTng session: %s", lttng_err_str(code));
		goto end;
	}

	memset(&domain, 0, sizeof(domain));
	domain.type = LTTNG_DOMAIN_UST;
	domain.buf_type = LTTNG_BUFFER_PER_UID;
	handle = lttng_create_handle(rec->session, &domain);
	chan = lttng_channel_create(&domain);
	if (!handle || !chan) {
		set_err(err, errlen, "cannot create an LTTng handle or channel (out of memory?)");
		goto end;
	}
	snprintf(chan->name, sizeof(chan->name), "%s", CT_CHANNEL_NAME);
	chan->attr.overwrite = 0;
	chan->attr.subbuf_size = CT_SUBBUF_SIZE;
	chan->attr.num_subbuf = CT_NUM_SUBBUF;
	/* -1: a full buffer makes the traced thread wait rather than drop the event. */
	if ((ret = lttng_channel_set_blocking_timeout(chan, -1)) < 0) {
		set_err(err, errlen, "cannot make the LTTng channel blocking: %s",
			lttng_err_str(ret));
		goto end;
	}
	if ((ret = lttng_enable_channel(handle, chan)) < 0) {
		set_err(err, errlen, "cannot create the LTTng channel: %s", lttng_err_str(ret));
		goto end;
	}
	for (size_t i = 0; i < sizeof(contexts) / sizeof(contexts[0]); i++) {
		struct lttng_event_context ctx;

		memset(&ctx, 0, sizeof(ctx));
		ctx.ctx = contexts[i].type;
		if ((ret = lttng_add_context(handle, &ctx, NULL, CT_CHANNEL_NAME)) < 0) {
			set_err(err, errlen, "cannot add the %s context: %s", contexts[i].name,
				lttng_err_str(ret));
			goto end;
		}
	}
	ev = lttng_event_create();
	if (!ev) {
		set_err(err, errlen, "cannot create an LTTng event rule (out of memory?)");
		goto end;
	}
	snprintf(ev->name, sizeof(ev->name), "%s", CT_EVENT_PATTERN);
	ev->type = LTTNG_EVENT_TRACEPOINT;
	ev->loglevel_type = LTTNG_EVENT_LOGLEVEL_ALL;
	if ((ret = lttng_enable_event(handle, ev, CT_CHANNEL_NAME)) < 0) {
		set_err(err, errlen, "cannot enable the %s events: %s", CT_EVENT_PATTERN,
			lttng_err_str(ret));
		goto end;
	}
	status = CT_RECORD_OK;
end:
	lttng_event_destroy(ev);
	if (chan)
		lttng_channel_destroy(chan);
	if (handle)
		lttng_destroy_handle(handle);
	return status;
}

/* A phrase for a process tracker's failure (liblttng-ctl has no strerror for these). */
static const char *tracker_status_str(enum lttng_process_attr_tracker_handle_status st)
{
	switch (st) {
	case LTTNG_PROCESS_ATTR_TRACKER_HANDLE_STATUS_SESSION_DOES_NOT_EXIST:
		return "the session does not exist any more";
	case LTTNG_PROCESS_ATTR_TRACKER_HANDLE_STATUS_COMMUNICATION_ERROR:
		return "cannot talk to the session daemon";
	case LTTNG_PROCESS_ATTR_TRACKER_HANDLE_STATUS_INVALID_TRACKING_POLICY:
		return "the tracker does not restrict to a set of processes";
	case LTTNG_PROCESS_ATTR_TRACKER_HANDLE_STATUS_INVALID:
		return "invalid tracker request";
	default:
		break;
	}
	return "the session daemon refused (tracker error)";
}

/*
 * Adds PID to the session's vpid tracker. FIRST also restricts the session
 * to the tracked pids (the recording of another program running at the same
 * time, by the same user, stays out of this trace). A pid that is already
 * tracked is fine. Returns CT_RECORD_OK, or CT_RECORD_LTTNG_ERROR with ERR set.
 *
 * Adding a pid while the session runs makes the session daemon give the
 * session to that process if it has already registered, before this call
 * returns; the announcements of forked children rely on that.
 */
static enum ct_record_status track_pid(const char *session, pid_t pid, bool first, char *err,
				       size_t errlen)
{
	struct lttng_process_attr_tracker_handle *tracker = NULL;
	enum lttng_process_attr_tracker_handle_status st;
	enum lttng_error_code code;
	enum ct_record_status status = CT_RECORD_LTTNG_ERROR;

	code = lttng_session_get_tracker_handle(session, LTTNG_DOMAIN_UST,
						LTTNG_PROCESS_ATTR_VIRTUAL_PROCESS_ID, &tracker);
	if (code != LTTNG_OK) {
		set_err(err, errlen, "cannot get the LTTng process tracker: %s",
			lttng_err_str(code));
		goto end;
	}
	if (first) {
		st = lttng_process_attr_tracker_handle_set_tracking_policy(
			tracker, LTTNG_TRACKING_POLICY_INCLUDE_SET);
		if (st != LTTNG_PROCESS_ATTR_TRACKER_HANDLE_STATUS_OK) {
			set_err(err, errlen, "cannot restrict the LTTng session to one process: %s",
				tracker_status_str(st));
			goto end;
		}
	}
	st = lttng_process_attr_virtual_process_id_tracker_handle_add_pid(tracker, pid);
	if (st != LTTNG_PROCESS_ATTR_TRACKER_HANDLE_STATUS_OK &&
	    st != LTTNG_PROCESS_ATTR_TRACKER_HANDLE_STATUS_EXISTS) {
		set_err(err, errlen, "cannot track process %ld in the LTTng session: %s", (long)pid,
			tracker_status_str(st));
		goto end;
	}
	status = CT_RECORD_OK;
end:
	lttng_process_attr_tracker_handle_destroy(tracker);
	return status;
}

/* ------------------------------------------------------------ the preload shim */

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
 * Prepares the child's extra environment for the shim: LD_PRELOAD with the
 * shim and LTTng's fork helper appended to the user's own (from EXTRA_ENV or
 * ours), and the announcement socket (CTRACE_SHIM_FD, CTRACE_SHIM_PARENT; see
 * tracer/preload/fork.c). A program the shim cannot apply to is still
 * recorded, after a note that says what to do. Returns CT_RECORD_OK, or
 * CT_RECORD_NOMEM or CT_RECORD_SYSTEM_ERROR with ERR set.
 */
static enum ct_record_status setup_preload(struct recording *rec, const char *prog_path,
					   struct ct_record_result *result, char *err,
					   size_t errlen)
{
	const struct ct_record_options *opts = rec->opts;
	const char *user = getenv("LD_PRELOAD");
	char fork_buf[PATH_MAX], fd_buf[PATH_MAX];
	const char *fork_lib = ust_helper_lib("liblttng-ust-fork.so.1", fork_buf, sizeof(fork_buf));
	const char *fd_lib = ust_helper_lib("liblttng-ust-fd.so.1", fd_buf, sizeof(fd_buf));
	struct stat st;
	size_t n_extra = 0, n = 0;
	int sv[2];

	if (program_is_static(prog_path)) {
		fprintf(rec->log,
			"ctrace: note: '%s' is statically linked, so the LD_PRELOAD shim cannot apply: "
			"only what it records itself is kept. Link it dynamically, or with libctrace "
			"(-lctrace, see the README), to record it.\n",
			opts->argv[0]);
		result->preload_skipped = true;
		return CT_RECORD_OK;
	}
	if (stat(prog_path, &st) == 0 && (((st.st_mode & S_ISUID) && st.st_uid != geteuid()) ||
					  ((st.st_mode & S_ISGID) && st.st_gid != getegid()))) {
		fprintf(rec->log,
			"ctrace: note: '%s' is set-user-ID or set-group-ID, and the loader ignores "
			"LD_PRELOAD for such programs: only what it records itself is kept. Run a copy "
			"without the bit to record it.\n",
			opts->argv[0]);
		result->preload_skipped = true;
		return CT_RECORD_OK;
	}
	if (strpbrk(opts->preload, ": ")) {
		fprintf(rec->log,
			"ctrace: note: the shim's path '%s' contains ':' or ' ', which LD_PRELOAD cannot "
			"carry; recording without it\n",
			opts->preload);
		result->preload_skipped = true;
		return CT_RECORD_OK;
	}
	if (!fork_lib)
		fprintf(rec->log,
			"ctrace: note: liblttng-ust-fork.so.1 was not found: processes "
			"'%s' forks will not be recorded\n",
			opts->argv[0]);
	if (!fd_lib)
		fprintf(rec->log,
			"ctrace: note: liblttng-ust-fd.so.1 was not found: if '%s' closes every "
			"descriptor, it also closes LTTng-UST's and stops being recorded\n",
			opts->argv[0]);

	while (opts->extra_env && opts->extra_env[n_extra])
		n_extra++;
	rec->extra = calloc(n_extra + 4, sizeof(*rec->extra));
	if (!rec->extra)
		goto nomem;
	for (size_t i = 0; i < n_extra; i++) {
		if (strncmp(opts->extra_env[i], "LD_PRELOAD=", 11) == 0)
			user = opts->extra_env[i] + 11;
		else
			rec->extra[n++] = opts->extra_env[i];
	}
	/*
	 * The user's own preloads come first, so they still interpose before the
	 * shim. LTTng's fd helper comes after the shim, so the shim's close()
	 * (which follows the program's pipes) forwards to it and it keeps
	 * LTTng-UST's own descriptors open when the program closes them all.
	 */
	if (asprintf(&rec->ld_preload, "LD_PRELOAD=%s%s%s%s%s%s%s", user && *user ? user : "",
		     user && *user ? ":" : "", opts->preload, fork_lib ? ":" : "",
		     fork_lib ? fork_lib : "", fd_lib ? ":" : "", fd_lib ? fd_lib : "") < 0) {
		rec->ld_preload = NULL;
		goto nomem;
	}
	rec->extra[n++] = rec->ld_preload;

	/* SEQPACKET: each announcement is one message, whoever sends it. */
	if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv) != 0) {
		set_err(err, errlen, "cannot create a socket pair: %s", strerror(errno));
		return CT_RECORD_SYSTEM_ERROR;
	}
	rec->announce_fd = sv[0];
	rec->announce_child_fd = sv[1];
	snprintf(rec->shim_fd_env, sizeof(rec->shim_fd_env), "CTRACE_SHIM_FD=%d", sv[1]);
	snprintf(rec->shim_parent_env, sizeof(rec->shim_parent_env), "CTRACE_SHIM_PARENT=%ld",
		 (long)getpid());
	rec->extra[n++] = rec->shim_fd_env;
	rec->extra[n++] = rec->shim_parent_env;
	rec->extra[n] = NULL;
	return CT_RECORD_OK;
nomem:
	set_err(err, errlen, "out of memory");
	return CT_RECORD_NOMEM;
}

/*
 * Remembers an announced process so the recording can wait for it when it
 * outlives the program. A pidfd names the process itself, not a pid number
 * that could be reused; it is opened while the process waits for our answer,
 * so it is the process that announced itself.
 */
static void watch_other(struct recording *rec, pid_t pid)
{
	int fd = pidfd_open(pid, 0);

	if (fd < 0)
		return; /* too old a kernel, or gone already: nothing to wait for */
	fcntl(fd, F_SETFD, FD_CLOEXEC);
	pthread_mutex_lock(&rec->others_lock);
	if (rec->n_others < CT_MAX_OTHERS) {
		rec->other_fds[rec->n_others] = fd;
		rec->other_pids[rec->n_others] = pid;
		rec->n_others++;
		fd = -1;
	} else {
		rec->others_overflow = true;
	}
	pthread_mutex_unlock(&rec->others_lock);
	if (fd >= 0)
		close(fd);
}

/* Whether PID was announced before and has not been seen exiting. */
static bool is_watched(struct recording *rec, pid_t pid)
{
	bool found = false;

	pthread_mutex_lock(&rec->others_lock);
	for (unsigned i = 0; i < rec->n_others && !found; i++)
		found = rec->other_pids[i] == pid;
	pthread_mutex_unlock(&rec->others_lock);
	return found;
}

/* Forgets the processes that have exited; returns how many are still running. */
static unsigned prune_others(struct recording *rec)
{
	unsigned kept = 0;

	pthread_mutex_lock(&rec->others_lock);
	for (unsigned i = 0; i < rec->n_others; i++) {
		struct pollfd p = { .fd = rec->other_fds[i], .events = POLLIN };

		if (poll(&p, 1, 0) == 1) {
			close(rec->other_fds[i]); /* a pidfd is readable once its process exited */
			continue;
		}
		rec->other_fds[kept] = rec->other_fds[i];
		rec->other_pids[kept] = rec->other_pids[i];
		kept++;
	}
	rec->n_others = kept;
	pthread_mutex_unlock(&rec->others_lock);
	return kept;
}

/* Sends SIG to every recorded process still running. */
static void signal_others(struct recording *rec, int sig)
{
	pthread_mutex_lock(&rec->others_lock);
	for (unsigned i = 0; i < rec->n_others; i++)
		pidfd_send_signal(rec->other_fds[i], sig, NULL, 0);
	pthread_mutex_unlock(&rec->others_lock);
}

/*
 * After the program exited: processes it forked or started that are still
 * running are recorded too, so the recording goes on until they exit (a
 * trace cut while they run would lose their last events without a word).
 * They are known by the announcement socket: every process the program
 * forks or starts inherits its end (the shim keeps it open even in a program
 * that closes every descriptor), so the announcer reads end-of-file exactly
 * when the last of them is gone -- including a child forked just before the
 * program exited that has not announced itself yet. The announcer keeps
 * adding the processes they start meanwhile. --timeout still counts from the
 * program's start and then kills the announced ones; SIGINT, SIGTERM or
 * SIGHUP stop the waiting (a Ctrl-C at a terminal reaches them too), and the
 * trace is saved with what they recorded so far.
 */
static void wait_others(struct recording *rec, const sigset_t *sigs,
			struct ct_record_result *result)
{
	const char *prog = rec->opts->argv[0];
	double timeout_at = rec->opts->timeout_s > 0 ? rec->started_at + rec->opts->timeout_s : 0;
	double say_at = now_s() + 0.2; /* processes about to exit need no message */
	bool said = false, killed = false;

	if (!rec->announcer_running)
		return;
	while (!atomic_load(&rec->announce_eof)) {
		struct timespec tick = { 0, 50 * 1000000L };
		unsigned left = prune_others(rec);
		int sig;

		if (result->interrupted) {
			fprintf(rec->log,
				"ctrace: not waiting for the processes '%s' started "
				"(%u recorded one%s still running, no longer recorded)\n",
				prog, left, left == 1 ? "" : "s");
			break;
		}
		if (!killed && (result->timed_out || (timeout_at > 0 && now_s() >= timeout_at))) {
			fprintf(rec->log,
				"ctrace: killing the %u process%s '%s' started, still running "
				"after %g s (--timeout)\n",
				left, left == 1 ? "" : "es", prog, rec->opts->timeout_s);
			result->timed_out = true;
			signal_others(rec, SIGKILL);
			killed = true;
			/* Unannounced holders of the socket (not recorded) are not ours to wait for. */
			timeout_at = now_s() + CT_GRACE_S;
		} else if (killed && now_s() >= timeout_at) {
			break;
		}
		if (!said && now_s() >= say_at) {
			pthread_mutex_lock(&rec->others_lock);
			fprintf(rec->log,
				"ctrace: '%s' exited; waiting for the processes it started", prog);
			for (unsigned i = 0; i < rec->n_others && i < 8; i++)
				fprintf(rec->log, "%s%ld", i ? ", " : " (pid ",
					(long)rec->other_pids[i]);
			fprintf(rec->log, "%s to exit; Ctrl-C stops the recording\n",
				rec->n_others > 8 ? ", ...)"
				: rec->n_others   ? ")"
						  : "");
			pthread_mutex_unlock(&rec->others_lock);
			fflush(rec->log);
			said = true;
		}
		sig = sigtimedwait(sigs, NULL, &tick);
		if (sig == SIGINT || sig == SIGTERM || sig == SIGHUP) {
			result->interrupted = true;
			fprintf(rec->log, "ctrace: got SIG%s\n", sigabbrev_np(sig));
		}
	}
	if (rec->others_overflow)
		fprintf(rec->log,
			"ctrace: note: more than %d processes ran at once besides '%s'; "
			"--timeout could not kill all of them\n",
			CT_MAX_OTHERS, prog);
}

/*
 * The announcer thread: for each announcement (a pid and the write end of
 * the announcing process's reply pipe), adds the pid to the tracker, then
 * answers with one byte. It ends when ct_record_run shuts the socket down.
 * It is the only thread calling liblttng-ctl while the program runs.
 */
static void *announcer_main(void *p)
{
	struct recording *rec = p;

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
		ssize_t r = recvmsg(rec->announce_fd, &msg, MSG_CMSG_CLOEXEC);

		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0) {
			/* EOF: no process holds the program's end any more (or we shut it down). */
			if (r == 0)
				atomic_store(&rec->announce_eof, true);
			break;
		}
		for (cm = CMSG_FIRSTHDR(&msg); cm; cm = CMSG_NXTHDR(&msg, cm))
			if (cm->cmsg_level == SOL_SOCKET && cm->cmsg_type == SCM_RIGHTS)
				memcpy(&reply, CMSG_DATA(cm), sizeof(int));
		if (r == (ssize_t)sizeof(pid) && pid > 0 && is_watched(rec, pid)) {
			/* A forked child that then execs announces itself twice: tracked already. */
		} else if (r == (ssize_t)sizeof(pid) && pid > 0) {
			if (track_pid(rec->session, pid, false, msgerr, sizeof(msgerr)) ==
			    CT_RECORD_OK) {
				atomic_fetch_add(&rec->more_processes, 1);
				watch_other(rec, pid);
			} else
				fprintf(rec->log,
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

/* Starts the announcer thread when there is a socket. Returns CT_RECORD_OK, or CT_RECORD_SYSTEM_ERROR with ERR set. */
static enum ct_record_status start_announcer(struct recording *rec, char *err, size_t errlen)
{
	int e;

	if (rec->announce_fd < 0)
		return CT_RECORD_OK;
	e = pthread_create(&rec->announcer, NULL, announcer_main, rec);
	if (e) {
		set_err(err, errlen, "cannot start the announcement thread: %s", strerror(e));
		return CT_RECORD_SYSTEM_ERROR;
	}
	rec->announcer_running = true;
	return CT_RECORD_OK;
}

/*
 * Stops the announcer: shutting the socket down wakes its recvmsg with EOF.
 * Processes still announcing find the socket closed and carry on untraced.
 */
static void stop_announcer(struct recording *rec)
{
	if (rec->announcer_running) {
		shutdown(rec->announce_fd, SHUT_RDWR);
		pthread_join(rec->announcer, NULL);
		rec->announcer_running = false;
	}
	if (rec->announce_fd >= 0)
		close(rec->announce_fd);
	rec->announce_fd = -1;
	if (rec->announce_child_fd >= 0)
		close(rec->announce_child_fd);
	rec->announce_child_fd = -1;
}

/*
 * Forks the child that will become the program. It waits for one byte on a
 * pipe, so it can be tracked and the session started before it execs (the
 * program registers with the daemon as it starts; events before that are
 * not recorded). Returns CT_RECORD_OK, or CT_RECORD_SYSTEM_ERROR with ERR set.
 */
static enum ct_record_status spawn_child(struct recording *rec, char *err, size_t errlen)
{
	int go[2] = { -1, -1 }, status[2] = { -1, -1 };
	enum ct_record_status ret = CT_RECORD_SYSTEM_ERROR;

	if (pipe2(go, O_CLOEXEC) != 0 || pipe2(status, O_CLOEXEC) != 0) {
		set_err(err, errlen, "cannot create a pipe: %s", strerror(errno));
		goto end;
	}
	fflush(NULL);
	rec->child = fork();
	if (rec->child < 0) {
		rec->child = 0;
		set_err(err, errlen, "cannot fork: %s", strerror(errno));
		goto end;
	}
	if (rec->child == 0) {
		/* Child: async-signal-safe calls only until exec. */
		char byte;
		ssize_t r;
		int e;

		close(go[1]);
		close(status[0]);
		/* The shim's announcement socket is the one descriptor the program inherits. */
		if (rec->announce_child_fd >= 0)
			fcntl(rec->announce_child_fd, F_SETFD, 0);
		while ((r = read(go[0], &byte, 1)) < 0 && errno == EINTR)
			;
		if (r != 1)
			_exit(127); /* ctrace gave up (or died): do not run untraced */
		sigprocmask(SIG_SETMASK, &rec->old_mask, NULL);
		execvpe(rec->opts->argv[0], rec->opts->argv, rec->envp);
		e = errno;
		while (write(status[1], &e, sizeof(e)) < 0 && errno == EINTR)
			;
		_exit(127);
	}
	if (rec->announce_child_fd >= 0) {
		close(rec->announce_child_fd);
		rec->announce_child_fd = -1;
	}
	rec->go_fd = go[1];
	go[1] = -1;
	rec->exec_fd = status[0];
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

/*
 * Lets the child exec. Returns CT_RECORD_OK once exec succeeded, or with ERR
 * set CT_RECORD_BAD_PROGRAM (exec failed) or CT_RECORD_SYSTEM_ERROR.
 */
static enum ct_record_status release_child(struct recording *rec, char *err, size_t errlen)
{
	ssize_t r;
	int e = 0;

	while ((r = write(rec->go_fd, "x", 1)) < 0 && errno == EINTR)
		;
	close(rec->go_fd);
	rec->go_fd = -1;
	if (r != 1) {
		set_err(err, errlen, "cannot start the program: %s", strerror(errno));
		return CT_RECORD_SYSTEM_ERROR;
	}
	/* The pipe is close-on-exec: EOF means exec worked, an int is its errno. */
	while ((r = read(rec->exec_fd, &e, sizeof(e))) < 0 && errno == EINTR)
		;
	close(rec->exec_fd);
	rec->exec_fd = -1;
	if (r == (ssize_t)sizeof(e)) {
		/* The file was there a moment ago, so ENOENT is about what it needs to start. */
		set_err(err, errlen, "cannot run '%s': %s%s", rec->opts->argv[0], strerror(e),
			e == ENOENT ? " (is its #! interpreter or ELF loader missing?)" : "");
		return CT_RECORD_BAD_PROGRAM;
	}
	return CT_RECORD_OK;
}

/*
 * Waits for the child, enforcing --timeout and turning SIGINT/SIGTERM/SIGHUP
 * into SIGINT for the child (SIGKILL after a grace period). The signals are
 * blocked and taken synchronously with sigtimedwait, so no handler and no
 * global state is needed. Fills the exit fields of RESULT.
 */
static void wait_child(struct recording *rec, const sigset_t *sigs, struct ct_record_result *result)
{
	const char *prog = rec->opts->argv[0];
	double start = now_s();
	double timeout_at = rec->opts->timeout_s > 0 ? start + rec->opts->timeout_s : 0;
	double kill_at = 0;
	bool killed = false;
	int status = 0;

	for (;;) {
		pid_t r = waitpid(rec->child, &status, WNOHANG);
		double deadline = 0, now;
		int sig;

		if (r == rec->child)
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
			double left = deadline - now_s();
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
				fprintf(rec->log,
					"ctrace: got SIG%s; stopping '%s' (SIGINT, SIGKILL after %.0f s) and saving the trace\n",
					sigabbrev_np(sig), prog, CT_GRACE_S);
				kill(rec->child, SIGINT);
				kill_at = now_s() + CT_GRACE_S;
			}
			continue;
		}
		if (sig >= 0 || killed)
			continue; /* SIGCHLD, or EINTR */
		now = now_s();
		if (timeout_at > 0 && now >= timeout_at && !result->interrupted) {
			result->timed_out = true;
			fprintf(rec->log,
				"ctrace: '%s' still running after %g s (--timeout); "
				"killing it with SIGKILL, the trace is kept\n",
				prog, rec->opts->timeout_s);
			kill(rec->child, SIGKILL);
			killed = true;
		} else if (kill_at > 0 && now >= kill_at) {
			fprintf(rec->log,
				"ctrace: '%s' did not stop within %.0f s; killing it with SIGKILL\n",
				prog, CT_GRACE_S);
			kill(rec->child, SIGKILL);
			killed = true;
		} else if (timeout_at > 0 && now >= timeout_at) {
			/* Interrupted and the timeout came first: the grace period decides. */
			timeout_at = 0;
		}
	}
	rec->child = 0;
	if (WIFSIGNALED(status)) {
		result->term_signal = WTERMSIG(status);
		result->exit_status = 128 + result->term_signal;
		fprintf(rec->log, "ctrace: '%s' was killed by signal %d (%s)\n", prog,
			result->term_signal, strsignal(result->term_signal));
	} else {
		result->exit_status = WEXITSTATUS(status);
		fprintf(rec->log, "ctrace: '%s' exited with status %d\n", prog,
			result->exit_status);
	}
}

/*
 * Stops tracing (waiting until every event is in the trace files), reads the
 * channel's discarded-event and lost-packet counts and destroys the session.
 * Returns CT_RECORD_OK, or CT_RECORD_LTTNG_ERROR with ERR set (the session is
 * gone either way).
 */
static enum ct_record_status finish_session(struct recording *rec, struct ct_record_result *result,
					    char *err, size_t errlen)
{
	struct lttng_domain domain;
	struct lttng_handle *handle = NULL;
	struct lttng_channel *chans = NULL;
	enum ct_record_status status = CT_RECORD_LTTNG_ERROR;
	int n, ret;

	if ((ret = lttng_stop_tracing(rec->session)) < 0) {
		set_err(err, errlen, "cannot stop the LTTng session %s: %s", rec->session,
			lttng_err_str(ret));
		goto end;
	}
	memset(&domain, 0, sizeof(domain));
	domain.type = LTTNG_DOMAIN_UST;
	domain.buf_type = LTTNG_BUFFER_PER_UID;
	handle = lttng_create_handle(rec->session, &domain);
	if (!handle) {
		set_err(err, errlen, "cannot create an LTTng handle (out of memory?)");
		goto end;
	}
	n = lttng_list_channels(handle, &chans);
	if (n < 0) {
		set_err(err, errlen, "cannot list the session's channels: %s", lttng_err_str(n));
		goto end;
	}
	for (int i = 0; i < n; i++) {
		if (strcmp(chans[i].name, CT_CHANNEL_NAME) != 0)
			continue;
		if ((ret = lttng_channel_get_discarded_event_count(
			     &chans[i], &result->discarded_events)) < 0 ||
		    (ret = lttng_channel_get_lost_packet_count(&chans[i], &result->lost_packets)) <
			    0) {
			set_err(err, errlen, "cannot read the channel's discarded-event counts: %s",
				lttng_err_str(ret));
			goto end;
		}
	}
	ret = lttng_destroy_session(rec->session);
	rec->session[0] = '\0';
	if (ret < 0) {
		set_err(err, errlen, "cannot destroy the LTTng session: %s", lttng_err_str(ret));
		goto end;
	}
	status = CT_RECORD_OK;
end:
	free(chans);
	if (handle)
		lttng_destroy_handle(handle);
	return status;
}

const char *ct_record_status_str(enum ct_record_status status)
{
	switch (status) {
	case CT_RECORD_OK:
		return "ok";
	case CT_RECORD_NOMEM:
		return "out of memory";
	case CT_RECORD_BAD_PROGRAM:
		return "the program cannot be run";
	case CT_RECORD_BAD_OUTPUT:
		return "the trace directory cannot be created or used";
	case CT_RECORD_NO_SESSIOND:
		return "no LTTng session daemon answers";
	case CT_RECORD_LTTNG_ERROR:
		return "the LTTng session failed";
	case CT_RECORD_SYSTEM_ERROR:
		return "a system call failed";
	}
	return "unknown recording status";
}

enum ct_record_status ct_record_run(const struct ct_record_options *opts,
				    struct ct_record_result *result, char *err, size_t errlen)
{
	const char *prefix = opts->session_prefix ? opts->session_prefix : CT_DEFAULT_PREFIX;
	struct recording rec;
	char prog_path[PATH_MAX];
	sigset_t sigs;
	enum ct_record_status status;
	int ret;

	memset(result, 0, sizeof(*result));
	memset(&rec, 0, sizeof(rec));
	rec.opts = opts;
	rec.log = opts->log ? opts->log : stderr;
	rec.go_fd = -1;
	rec.exec_fd = -1;
	rec.announce_fd = -1;
	rec.announce_child_fd = -1;
	atomic_init(&rec.more_processes, 0);
	atomic_init(&rec.announce_eof, false);
	pthread_mutex_init(&rec.others_lock, NULL);
	if (err && errlen)
		err[0] = '\0';

	if (!opts->argv || !opts->argv[0]) {
		set_err(err, errlen, "no program to record");
		status = CT_RECORD_BAD_PROGRAM;
		goto error;
	}
	/* Everything that can be checked before anything is created is checked first. */
	status = find_program(opts->argv[0], prog_path, sizeof(prog_path), err, errlen);
	if (status != CT_RECORD_OK)
		goto error;
	if (opts->preload) {
		status = setup_preload(&rec, prog_path, result, err, errlen);
		if (status != CT_RECORD_OK)
			goto error;
	}
	rec.envp = build_env(rec.extra ? rec.extra : opts->extra_env);
	if (!rec.envp) {
		set_err(err, errlen, "out of memory");
		status = CT_RECORD_NOMEM;
		goto error;
	}
	/* The directory first: a bad -o DIR should not leave a daemon started for nothing. */
	status = make_trace_dir(&rec, prefix, err, errlen);
	if (status != CT_RECORD_OK)
		goto error;
	status = ensure_sessiond(rec.log, &result->started_sessiond, err, errlen);
	if (status != CT_RECORD_OK)
		goto error;
	if (!realpath(rec.dir, result->trace_dir)) {
		set_err(err, errlen, "cannot resolve '%s': %s", rec.dir, strerror(errno));
		status = CT_RECORD_BAD_OUTPUT;
		goto error;
	}

	/*
	 * From here on SIGINT/SIGTERM/SIGHUP are taken by wait_child; one that
	 * arrives during setup stays pending and stops the program right after it
	 * starts, so the trace is still saved. SIGCHLD must not be ignored, or
	 * the child's status would be lost.
	 */
	sigemptyset(&sigs);
	sigaddset(&sigs, SIGINT);
	sigaddset(&sigs, SIGTERM);
	sigaddset(&sigs, SIGHUP);
	sigaddset(&sigs, SIGCHLD);
	/* A child that dies before reading the go byte must give EPIPE, not kill ctrace. */
	sigaddset(&sigs, SIGPIPE);
	if (sigprocmask(SIG_BLOCK, &sigs, &rec.old_mask) != 0) {
		set_err(err, errlen, "cannot block signals: %s", strerror(errno));
		status = CT_RECORD_SYSTEM_ERROR;
		goto error;
	}
	rec.mask_changed = true;
	{
		struct sigaction dfl;

		memset(&dfl, 0, sizeof(dfl));
		dfl.sa_handler = SIG_DFL;
		sigemptyset(&dfl.sa_mask);
		if (sigaction(SIGCHLD, &dfl, &rec.old_chld) == 0)
			rec.chld_changed = true;
	}

	status = create_session(&rec, result->trace_dir, prefix, err, errlen);
	if (status != CT_RECORD_OK)
		goto error;
	status = spawn_child(&rec, err, errlen);
	if (status != CT_RECORD_OK)
		goto error;
	status = track_pid(rec.session, rec.child, true, err, errlen);
	if (status != CT_RECORD_OK)
		goto error;
	status = start_announcer(&rec, err, errlen);
	if (status != CT_RECORD_OK)
		goto error;
	if ((ret = lttng_start_tracing(rec.session)) < 0) {
		set_err(err, errlen, "cannot start the LTTng session: %s", lttng_err_str(ret));
		status = CT_RECORD_LTTNG_ERROR;
		goto error;
	}
	fprintf(rec.log, "ctrace: recording '%s' (pid %ld) into %s\n", opts->argv[0],
		(long)rec.child, result->trace_dir);
	fflush(rec.log);
	rec.started_at = now_s();
	status = release_child(&rec, err, errlen);
	if (status != CT_RECORD_OK)
		goto error;

	wait_child(&rec, &sigs, result);
	wait_others(&rec, &sigs, result);
	stop_announcer(&rec);
	result->more_processes = atomic_load(&rec.more_processes);
	if (result->more_processes)
		fprintf(rec.log, "ctrace: recorded %u more process%s that '%s' started\n",
			result->more_processes, result->more_processes == 1 ? "" : "es",
			opts->argv[0]);
	status = finish_session(&rec, result, err, errlen);
	if (status != CT_RECORD_OK)
		goto error;

	/* LTTng writes a trace only once an instrumented program registers. */
	result->no_events = !contains_file(result->trace_dir, "metadata", 8);
	if (result->no_events)
		fprintf(rec.log,
			"ctrace: note: '%s' recorded no ctrace events (does it use libctrace or the LD_PRELOAD shim?)\n",
			opts->argv[0]);
	if (result->discarded_events || result->lost_packets)
		fprintf(rec.log,
			"ctrace: warning: %" PRIu64 " events discarded, %" PRIu64
			" packets lost: the trace is incomplete\n",
			result->discarded_events, result->lost_packets);
	fprintf(rec.log, "ctrace: trace saved in %s (%" PRIu64 " events discarded)\n",
		result->trace_dir, result->discarded_events);
	goto end;

error:
	stop_announcer(&rec);
	if (rec.go_fd >= 0) {
		close(rec.go_fd); /* EOF: the waiting child exits without exec */
		rec.go_fd = -1;
	}
	if (rec.child > 0) {
		kill(rec.child, SIGKILL);
		while (waitpid(rec.child, NULL, 0) < 0 && errno == EINTR)
			;
		rec.child = 0;
	}
	if (rec.session[0] != '\0') {
		int dret = lttng_destroy_session(rec.session);

		if (dret < 0)
			fprintf(rec.log,
				"ctrace: could not destroy LTTng session %s: %s "
				"(remove it with 'lttng destroy %s')\n",
				rec.session, lttng_err_str(dret), rec.session);
	}
	remove_trace_dir(&rec);
	result->trace_dir[0] = '\0';
end:
	if (rec.exec_fd >= 0)
		close(rec.exec_fd);
	if (rec.chld_changed)
		sigaction(SIGCHLD, &rec.old_chld, NULL);
	if (rec.mask_changed) {
		/* Drop signals that arrived after the child ended, so restoring the mask does not kill us. */
		struct timespec zero = { 0, 0 };

		while (sigtimedwait(&sigs, NULL, &zero) > 0)
			;
		sigprocmask(SIG_SETMASK, &rec.old_mask, NULL);
	}
	stop_announcer(&rec);
	for (unsigned i = 0; i < rec.n_others; i++)
		close(rec.other_fds[i]);
	pthread_mutex_destroy(&rec.others_lock);
	free(rec.envp);
	free(rec.extra);
	free(rec.ld_preload);
	return status;
}

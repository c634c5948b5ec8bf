/* SPDX-License-Identifier: MIT */
/*
 * output.c - writing a command's output: a file replaced whole or not at
 * all (a temporary file beside it, synced, renamed over it), or a stream (a
 * FIFO, a device, a socket, one of our descriptors) written through. What
 * the path is, after its links, decides which; output.h has the contract.
 * Single-threaded, like the rest of the CLI.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/un.h>
#include <unistd.h>

#include <linux/magic.h>

#include "output.h"

/* Linux follows at most this many links in one lookup; so do we. */
#define MAX_LINKS 40

/* What a path turned out to be, once its links are followed. */
enum dest_kind {
	DEST_FILE,   /* a regular file or a new name: replaced by renaming */
	DEST_STREAM, /* a FIFO, a character device, a socket: written through */
	DEST_FD,     /* one of this process's descriptors, by name (/dev/stdout) */
};

struct dest {
	enum dest_kind kind;
	char *target;   /* owned: the name the links lead to (DEST_FILE, DEST_STREAM) */
	bool followed;  /* TARGET was reached through at least one link */
	bool exists;    /* DEST_FILE: there is a file to replace, described by ST */
	struct stat st; /* TARGET's, followed through a /proc link (DEST_STREAM) */
	int fd;         /* DEST_FD: the descriptor */
};

/* ------------------------------------------------- finding the destination */

/*
 * The descriptor a name stands for when it is one of this process's own
 * (/dev/stdout, /dev/fd/N, /proc/self/fd/N, ...), else -1. Those names are
 * links into /proc that the kernel resolves to the open file itself; when
 * stdout is a redirected regular file, following the name and renaming over
 * what it names would replace the shell's file instead of writing to fd 1.
 */
static int fd_of_name(const char *p)
{
	static const char *const fixed[] = { "/dev/stdin", "/dev/stdout", "/dev/stderr" };
	char mine[64];
	const char *dirs[] = { "/dev/fd/", "/proc/self/fd/", "/proc/thread-self/fd/", mine };

	for (int i = 0; i < 3; i++)
		if (strcmp(p, fixed[i]) == 0)
			return i;
	snprintf(mine, sizeof(mine), "/proc/%ld/fd/", (long)getpid());
	for (size_t i = 0; i < sizeof(dirs) / sizeof(dirs[0]); i++) {
		size_t n = strlen(dirs[i]);
		const char *s = p + n;
		char *end;
		long fd;

		if (strncmp(p, dirs[i], n) != 0 || *s < '0' || *s > '9')
			continue;
		errno = 0;
		fd = strtol(s, &end, 10);
		if (*end == '\0' && errno == 0 && fd <= INT_MAX)
			return (int)fd;
	}
	return -1;
}

/* The directory part of P, newly allocated ("." when P has none), or NULL. */
static char *dir_of(const char *p)
{
	const char *slash = strrchr(p, '/');

	if (!slash)
		return strdup(".");
	if (slash == p)
		return strdup("/");
	return strndup(p, (size_t)(slash - p));
}

/* Whether the link P sits in /proc: its target is a live object, not a name to follow. */
static bool in_proc(const char *p)
{
	char *dir = dir_of(p);
	struct statfs fs;
	bool proc = dir && statfs(dir, &fs) == 0 && fs.f_type == PROC_SUPER_MAGIC;

	free(dir);
	return proc;
}

/* The target of the link P, resolved against P's directory when relative; NULL with errno. */
static char *follow(const char *p)
{
	char buf[PATH_MAX], *dir, *next;
	ssize_t n = readlink(p, buf, sizeof(buf) - 1);

	if (n < 0)
		return NULL;
	if ((size_t)n == sizeof(buf) - 1) {
		errno = ENAMETOOLONG;
		return NULL;
	}
	buf[n] = '\0';
	if (buf[0] == '/')
		return strdup(buf);
	/* A relative target is relative to the link's directory, not to ours. */
	dir = dir_of(p);
	if (!dir)
		return NULL;
	if (strcmp(dir, ".") == 0)
		next = strdup(buf);
	else if (asprintf(&next, "%s/%s", dir, buf) < 0)
		next = NULL;
	free(dir);
	return next;
}

/*
 * Follows PATH's links to where the output goes and fills D. Returns 0, an
 * errno value, or -1 for a block device (refused: a trace exporter that
 * writes over a disk is a typo, not a wish).
 */
static int resolve(const char *path, struct dest *d)
{
	char *cur = strdup(path);

	if (!cur)
		return ENOMEM;
	if (!*cur) {
		free(cur);
		return ENOENT;
	}
	for (int links = 0;; links++) {
		char *next;

		d->fd = fd_of_name(cur);
		if (d->fd >= 0) {
			d->kind = DEST_FD;
			break;
		}
		if (lstat(cur, &d->st) != 0) {
			int err = errno;

			if (err != ENOENT) {
				free(cur);
				return err;
			}
			/* A new name, or the end of a dangling link: created there. */
			d->kind = DEST_FILE;
			break;
		}
		if (!S_ISLNK(d->st.st_mode)) {
			d->exists = true;
			break;
		}
		if (links == MAX_LINKS) {
			free(cur);
			return ELOOP;
		}
		if (in_proc(cur)) {
			/*
			 * Another process's descriptor (ours were caught above):
			 * nothing there can be renamed over, so it is opened.
			 */
			if (stat(cur, &d->st) != 0) {
				int err = errno;

				free(cur);
				return err;
			}
			d->kind = DEST_STREAM;
			break;
		}
		next = follow(cur);
		if (!next) {
			int err = errno;

			free(cur);
			return err;
		}
		free(cur);
		cur = next;
		d->followed = true;
	}
	d->target = cur;
	if (d->kind == DEST_FD || !d->exists)
		return 0;
	if (S_ISREG(d->st.st_mode))
		d->kind = DEST_FILE;
	else if (S_ISDIR(d->st.st_mode))
		return EISDIR;
	else if (S_ISBLK(d->st.st_mode))
		return -1;
	else
		d->kind = DEST_STREAM;
	return 0;
}

/* ---------------------------------------------------- writing into a descriptor */

/* The stream the writer writes into: every write(2) is checked, the first error kept. */
struct sink {
	int fd;
	int err; /* the first write error, 0 while there is none */
};

static ssize_t sink_write(void *cookie, const char *buf, size_t n)
{
	struct sink *s = cookie;
	size_t done = 0;

	/* After a failed write nothing more is written: no output with a hole in it. */
	if (s->err) {
		errno = s->err;
		return -1;
	}
	while (done < n) {
		ssize_t w = write(s->fd, buf + done, n - done);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			s->err = w < 0 ? errno : EIO;
			errno = s->err;
			return -1;
		}
		done += (size_t)w;
	}
	return (ssize_t)n;
}

/*
 * Runs WRITE into a stream over FD and flushes it (FD stays open). Returns
 * true, or false with the reason in WHY: the first write error, else what
 * the writer said.
 */
static bool pour(int fd, ct_cli_writer write, void *arg, char *why, size_t whylen)
{
	cookie_io_functions_t io = { .write = sink_write };
	struct sink s = { .fd = fd, .err = 0 };
	FILE *out = fopencookie(&s, "w", io);
	bool ok;
	int err;

	if (!out) {
		snprintf(why, whylen, "%s", strerror(errno));
		return false;
	}
	why[0] = '\0';
	errno = 0;
	ok = write(out, arg, why, whylen);
	err = errno;
	/* fclose flushes: the last buffer's write error is recorded in S. */
	if (fclose(out) != 0)
		ok = false;
	if (s.err) {
		snprintf(why, whylen, "%s", strerror(s.err));
		return false;
	}
	if (!ok && !why[0])
		snprintf(why, whylen, "%s", err ? strerror(err) : "the output could not be made");
	return ok;
}

/* Syncs FD when it is a regular file (devices and pipes have nothing to sync); 0 or errno. */
static int sync_if_file(int fd)
{
	struct stat st;

	if (fstat(fd, &st) != 0)
		return errno;
	/* EINVAL: a file system that cannot sync (some FUSE ones); there is nothing more to do. */
	if (S_ISREG(st.st_mode) && fsync(fd) != 0 && errno != EINVAL)
		return errno;
	return 0;
}

/* Ends a write through FD: syncs a regular file and closes FD. Returns OK, or false with WHY. */
static bool finish(int fd, bool ok, char *why, size_t whylen)
{
	int err = ok ? sync_if_file(fd) : 0;

	if (close(fd) != 0 && !err)
		err = errno;
	if (ok && err) {
		snprintf(why, whylen, "%s", strerror(err));
		return false;
	}
	return ok;
}

/* One of our descriptors, by name: written as it is, at its own offset. */
static bool write_fd(int fd, ct_cli_writer write, void *arg, char *why, size_t whylen)
{
	int copy;

	/* What the command printed before stays before the output. */
	if ((fd == 1 && fflush(stdout) != 0) || (fd == 2 && fflush(stderr) != 0)) {
		snprintf(why, whylen, "%s", strerror(errno));
		return false;
	}
	/* A copy, so closing it checks for errors without closing stdout itself. */
	copy = fcntl(fd, F_DUPFD_CLOEXEC, 3);
	if (copy < 0) {
		snprintf(why, whylen, "%s", strerror(errno));
		return false;
	}
	return finish(copy, pour(copy, write, arg, why, whylen), why, whylen);
}

/* A Unix socket's name cannot be opened: it is connected to, as a stream. */
static int connect_socket(const char *path)
{
	struct sockaddr_un a = { .sun_family = AF_UNIX };
	int fd, err;

	if (strlen(path) >= sizeof(a.sun_path)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	strcpy(a.sun_path, path);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -1;
	if (connect(fd, (const struct sockaddr *)&a, sizeof(a)) != 0) {
		err = errno;
		close(fd);
		errno = err;
		return -1;
	}
	return fd;
}

/* A FIFO, a device or a socket: opened (a FIFO waits for its reader) and written through. */
static bool write_stream(const struct dest *d, ct_cli_writer write, void *arg, char *why,
			 size_t whylen)
{
	struct stat st;
	int fd;

	if (S_ISSOCK(d->st.st_mode))
		fd = connect_socket(d->target);
	else
		fd = open(d->target, O_WRONLY | O_NOCTTY | O_CLOEXEC);
	if (fd < 0) {
		snprintf(why, whylen, "%s", strerror(errno));
		return false;
	}
	/* Only a /proc link may name a regular file here: anything else was swapped meanwhile. */
	if (fstat(fd, &st) != 0 || (S_ISREG(st.st_mode) && !S_ISREG(d->st.st_mode))) {
		snprintf(why, whylen, "%s",
			 S_ISREG(st.st_mode) ? "became a regular file while it was being opened"
					     : strerror(errno));
		close(fd);
		return false;
	}
	if (S_ISREG(st.st_mode) && ftruncate(fd, 0) != 0) {
		snprintf(why, whylen, "%s", strerror(errno));
		close(fd);
		return false;
	}
	return finish(fd, pour(fd, write, arg, why, whylen), why, whylen);
}

/* ------------------------------------------- replacing a file, signals included */

/*
 * The temporary file that the signal handler removes. A handler receives
 * only the signal's number, so what it must clean up has to be reachable
 * from file scope: this is the one piece of mutable file-scope state in the
 * CLI's output, and why it is not thread-safe. It is written only while the
 * handled signals are blocked, so the handler never sees a half-written
 * name, and the handler only reads it.
 */
static char tmp_path[PATH_MAX];
static volatile sig_atomic_t tmp_armed;

static const int fatal_signals[] = { SIGINT, SIGTERM, SIGHUP, SIGQUIT };
#define N_FATAL (sizeof(fatal_signals) / sizeof(fatal_signals[0]))

/* What the handlers replaced, put back when the file is done. */
struct saved_signals {
	struct sigaction old[N_FATAL];
	bool installed[N_FATAL];
	struct sigaction old_xfsz;
	bool xfsz_ignored;
	sigset_t set; /* the signals blocked around naming and renaming the file */
};

static void remove_tmp_and_die(int sig)
{
	int err = errno;

	/* unlink(2) and raise(3) are async-signal-safe. */
	if (tmp_armed)
		unlink(tmp_path);
	/*
	 * SA_RESETHAND restored the default action and the signal is blocked
	 * until we return: raising it again ends the process as the signal
	 * would have (the shell sees 128 + SIG).
	 */
	raise(sig);
	errno = err;
}

/*
 * Installs the handler on each fatal signal whose action is the default one
 * (an ignored signal stays ignored: nohup and background jobs rely on it),
 * and ignores SIGXFSZ so an exceeded file size limit fails a write instead
 * of killing the process. Can't fail: sigaction only fails on bad arguments.
 */
static void signals_install(struct saved_signals *s)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sigemptyset(&s->set);
	for (size_t i = 0; i < N_FATAL; i++)
		sigaddset(&s->set, fatal_signals[i]);
	sa.sa_handler = remove_tmp_and_die;
	sa.sa_mask = s->set; /* one handler at a time */
	sa.sa_flags = SA_RESETHAND;
	for (size_t i = 0; i < N_FATAL; i++) {
		s->installed[i] = sigaction(fatal_signals[i], NULL, &s->old[i]) == 0 &&
				  !(s->old[i].sa_flags & SA_SIGINFO) &&
				  s->old[i].sa_handler == SIG_DFL &&
				  sigaction(fatal_signals[i], &sa, NULL) == 0;
	}
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = SIG_IGN;
	s->xfsz_ignored = sigaction(SIGXFSZ, NULL, &s->old_xfsz) == 0 &&
			  !(s->old_xfsz.sa_flags & SA_SIGINFO) &&
			  s->old_xfsz.sa_handler == SIG_DFL && sigaction(SIGXFSZ, &sa, NULL) == 0;
}

static void signals_restore(const struct saved_signals *s)
{
	for (size_t i = 0; i < N_FATAL; i++)
		if (s->installed[i])
			sigaction(fatal_signals[i], &s->old[i], NULL);
	if (s->xfsz_ignored)
		sigaction(SIGXFSZ, &s->old_xfsz, NULL);
}

/*
 * Creates the temporary file for TARGET (TARGET.tmp-XXXXXX) and arms the
 * handler with its name in one step that no handled signal can split.
 * Returns its descriptor, or -1 with errno.
 */
static int tmp_create(const char *target, const struct saved_signals *s)
{
	size_t len = strlen(target);
	sigset_t prev;
	int fd, err;

	if (len + sizeof(".tmp-XXXXXX") > sizeof(tmp_path)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	sigprocmask(SIG_BLOCK, &s->set, &prev);
	memcpy(tmp_path, target, len);
	memcpy(tmp_path + len, ".tmp-XXXXXX", sizeof(".tmp-XXXXXX"));
	fd = mkostemp(tmp_path, O_CLOEXEC);
	err = errno;
	tmp_armed = fd >= 0;
	sigprocmask(SIG_SETMASK, &prev, NULL);
	errno = err;
	return fd;
}

/*
 * Ends the temporary file: renames it over TARGET when KEEP, else removes
 * it; either way disarms the handler in the same unsplittable step. Returns
 * 0, or errno when the rename failed (the file is then removed).
 */
static int tmp_finish(const char *target, bool keep, const struct saved_signals *s)
{
	sigset_t prev;
	int err = 0;

	sigprocmask(SIG_BLOCK, &s->set, &prev);
	if (keep && rename(tmp_path, target) != 0)
		err = errno;
	if (!keep || err)
		unlink(tmp_path);
	tmp_armed = 0;
	sigprocmask(SIG_SETMASK, &prev, NULL);
	return err;
}

/* The mode of the new file: the replaced file's permission bits, or 0666 less the umask. */
static mode_t new_mode(const struct dest *d)
{
	mode_t mask;

	if (d->exists)
		return d->st.st_mode & 0777;
	mask = umask(0);
	umask(mask);
	return 0666 & ~mask;
}

/* A regular file or a new name: a temporary file beside it, synced, renamed over it. */
static bool replace_file(const struct dest *d, ct_cli_writer write, void *arg, char *why,
			 size_t whylen)
{
	struct saved_signals s;
	bool ok = false;
	int fd, err;

	signals_install(&s);
	fd = tmp_create(d->target, &s);
	if (fd < 0) {
		snprintf(why, whylen, "%s", strerror(errno));
		signals_restore(&s);
		return false;
	}
	/*
	 * Keeping the owner needs privileges an ordinary user lacks; the new
	 * file is then theirs, as with any editor that saves by renaming.
	 */
	if (d->exists && (d->st.st_uid != geteuid() || d->st.st_gid != getegid()))
		(void)fchown(fd, d->st.st_uid, d->st.st_gid);
	/* After fchown, which may clear permission bits. mkstemp made the file 0600. */
	if (fchmod(fd, new_mode(d)) != 0) {
		snprintf(why, whylen, "%s", strerror(errno));
		close(fd);
		goto end;
	}
	ok = finish(fd, pour(fd, write, arg, why, whylen), why, whylen);
end:
	err = tmp_finish(d->target, ok, &s);
	if (err) {
		snprintf(why, whylen, "%s", strerror(err));
		ok = false;
	}
	signals_restore(&s);
	return ok;
}

/* ------------------------------------------------------------------ the entry */

bool ct_cli_write_output(const char *cmd, const char *path, ct_cli_writer write, void *arg)
{
	struct dest d;
	char why[512];
	bool ok = false;
	int rc = 0;

	memset(&d, 0, sizeof(d));
	if (strcmp(path, "-") == 0) {
		d.kind = DEST_FD;
		d.fd = 1;
	} else {
		rc = resolve(path, &d);
	}
	if (rc > 0)
		snprintf(why, sizeof(why), "%s", strerror(rc));
	else if (rc < 0)
		snprintf(why, sizeof(why), "is a block device, which ctrace does not write to");
	else if (d.kind == DEST_FD)
		ok = write_fd(d.fd, write, arg, why, sizeof(why));
	else if (d.kind == DEST_STREAM)
		ok = write_stream(&d, write, arg, why, sizeof(why));
	else
		ok = replace_file(&d, write, arg, why, sizeof(why));
	if (!ok) {
		if (strcmp(path, "-") == 0)
			fprintf(stderr, "ctrace %s: stdout: %s\n", cmd, why);
		else if (d.followed && d.target && d.kind != DEST_FD)
			fprintf(stderr, "ctrace %s: %s (a link to %s): %s\n", cmd, path, d.target,
				why);
		else
			fprintf(stderr, "ctrace %s: %s: %s\n", cmd, path, why);
	}
	free(d.target);
	return ok;
}

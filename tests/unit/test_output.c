/* SPDX-License-Identifier: MIT */
/*
 * test_output.c - the CLI's output path (cli/output.c) on every kind of
 * destination: new and existing files (mode kept), links (chained, relative,
 * dangling), a FIFO and a socket with a reader, device nodes, our own
 * descriptors by name, directories, failing writers, a file size limit and
 * signals that arrive while the temporary file exists. Device nodes are
 * private copies made with mknod (as root), never the system's: a bug here
 * must not be able to replace /dev/null.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "output.h"

/* What the test writer writes: SIZE bytes of a known pattern, and what it does halfway. */
struct payload {
	size_t size;
	const char *fail; /* fail halfway with this reason */
	int notify;       /* > 0: halfway, write a byte here ... */
	int gate;         /* ... and wait for a byte (or EOF) here before going on */
};

static char pattern(size_t i)
{
	return i % 64 == 63 ? '\n' : (char)('a' + i % 26);
}

static bool write_payload(FILE *out, void *arg, char *why, size_t whylen)
{
	const struct payload *p = arg;
	char chunk[4096];
	size_t done = 0;

	while (done < p->size) {
		size_t n = p->size - done < sizeof(chunk) ? p->size - done : sizeof(chunk);

		if (done <= p->size / 2 && done + n > p->size / 2) {
			char c = 0;

			if (p->fail) {
				snprintf(why, whylen, "%s", p->fail);
				return false;
			}
			if (p->notify > 0) {
				/* Flushed first, so the temporary file has content when the test looks. */
				ssize_t r;

				if (fflush(out) != 0 || write(p->notify, "x", 1) != 1)
					return false;
				/*
				 * A signal may interrupt the wait before its handler ends
				 * the process (ThreadSanitizer delivers it at the next
				 * call): wait again, as a writer would write again.
				 */
				while ((r = read(p->gate, &c, 1)) < 0 && errno == EINTR)
					;
				if (r < 0)
					return false;
			}
		}
		for (size_t i = 0; i < n; i++)
			chunk[i] = pattern(done + i);
		if (fwrite(chunk, 1, n, out) != n)
			return false;
		done += n;
	}
	return true;
}

/* ------------------------------------------------------------------ helpers */

static char *dir; /* this run's scratch directory */

static char *path_in(const char *name)
{
	char *p;

	assert_true(asprintf(&p, "%s/%s", dir, name) > 0);
	return p;
}

static void write_text(const char *path, const char *text, mode_t mode)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, mode);

	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	assert_int_equal(fchmod(fd, mode), 0);
	assert_int_equal(close(fd), 0);
}

/* The whole file PATH, malloc'd, its length in *LEN. */
static char *read_all(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	size_t cap = 0, n = 0;

	assert_non_null(f);
	for (;;) {
		if (n == cap) {
			cap = cap ? cap * 2 : 65536;
			buf = realloc(buf, cap + 1);
			assert_non_null(buf);
		}
		size_t r = fread(buf + n, 1, cap - n, f);

		if (r == 0)
			break;
		n += r;
	}
	assert_int_equal(ferror(f), 0);
	fclose(f);
	buf[n] = '\0';
	*len = n;
	return buf;
}

static void assert_pattern(const char *buf, size_t len, size_t size)
{
	assert_int_equal(len, size);
	for (size_t i = 0; i < size; i++)
		if (buf[i] != pattern(i))
			fail_msg("byte %zu is %d, not %d", i, buf[i], pattern(i));
}

static void assert_file_pattern(const char *path, size_t size)
{
	size_t len;
	char *buf = read_all(path, &len);

	assert_pattern(buf, len, size);
	free(buf);
}

static void assert_file_text(const char *path, const char *text)
{
	size_t len;
	char *buf = read_all(path, &len);

	assert_string_equal(buf, text);
	free(buf);
}

/* No temporary file (NAME.tmp-XXXXXX) left in D. */
static void assert_no_tmp_in(const char *d)
{
	DIR *dp = opendir(d);
	struct dirent *e;

	assert_non_null(dp);
	while ((e = readdir(dp)) != NULL)
		if (strstr(e->d_name, ".tmp-"))
			fail_msg("a temporary file was left behind: %s/%s", d, e->d_name);
	closedir(dp);
}

static void assert_no_tmp(void)
{
	assert_no_tmp_in(dir);
}

/* Runs ct_cli_write_output with stderr captured; returns its result, the message in *ERR. */
static bool write_output(const char *path, struct payload *p, char **err)
{
	FILE *cap = tmpfile();
	int saved = dup(2);
	size_t len;
	bool ok;

	assert_non_null(cap);
	assert_true(saved >= 0);
	fflush(stderr);
	assert_true(dup2(fileno(cap), 2) == 2);
	ok = ct_cli_write_output("test", path, write_payload, p);
	fflush(stderr);
	assert_true(dup2(saved, 2) == 2);
	close(saved);
	len = (size_t)ftell(cap);
	*err = calloc(1, len + 1);
	assert_non_null(*err);
	rewind(cap);
	assert_int_equal(fread(*err, 1, len, cap), len);
	fclose(cap);
	return ok;
}

/* Writes SIZE bytes to PATH and expects success and no message. */
static void expect_ok(const char *path, size_t size)
{
	struct payload p = { .size = size };
	char *err;

	if (!write_output(path, &p, &err))
		fail_msg("writing %s failed: %s", path, err);
	assert_string_equal(err, "");
	free(err);
}

/* Writes to PATH and expects failure with a message naming PATH and containing WHY. */
static void expect_fail(const char *path, struct payload *p, const char *why)
{
	char *err;

	if (write_output(path, p, &err))
		fail_msg("writing %s succeeded", path);
	if (strncmp(err, "ctrace test: ", 13) != 0 || !strstr(err, path) || !strstr(err, why) ||
	    strchr(err, '\n') != err + strlen(err) - 1)
		fail_msg("the message does not name %s and '%s' in one line: %s", path, why, err);
	free(err);
}

/* A private copy of the character device MAJOR:MINOR, or NULL when not allowed (not root). */
static char *device_copy(const char *name, unsigned major, unsigned minor)
{
	char *p = path_in(name);

	if (mknod(p, S_IFCHR | 0666, makedev(major, minor)) != 0) {
		free(p);
		return NULL;
	}
	return p;
}

static int setup(void **state)
{
	(void)state;
	dir = strdup("/tmp/ctrace-test-output-XXXXXX");
	assert_non_null(dir);
	assert_non_null(mkdtemp(dir));
	umask(022);
	return 0;
}

static int teardown(void **state)
{
	char *cmd;

	(void)state;
	assert_true(asprintf(&cmd, "rm -rf '%s'", dir) > 0);
	assert_int_equal(system(cmd), 0);
	free(cmd);
	free(dir);
	return 0;
}

/* -------------------------------------------------------------- regular files */

static void test_new_file(void **state)
{
	char *p = path_in("new.json");
	struct stat st;

	(void)state;
	expect_ok(p, 300000);
	assert_file_pattern(p, 300000);
	assert_int_equal(stat(p, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0644); /* 0666 less the umask */
	assert_no_tmp();
	free(p);
}

/* An existing file is replaced (a new inode: renamed over, never truncated) and keeps its mode. */
static void test_existing_file_keeps_mode(void **state)
{
	static const mode_t modes[] = { 0600, 0640, 0751, 0444 };
	char *p = path_in("old.json");

	(void)state;
	for (size_t i = 0; i < sizeof(modes) / sizeof(modes[0]); i++) {
		struct stat before, after;

		write_text(p, "old", modes[i]);
		assert_int_equal(stat(p, &before), 0);
		expect_ok(p, 5000);
		assert_int_equal(stat(p, &after), 0);
		assert_int_equal(after.st_mode & 07777, modes[i]);
		assert_int_not_equal(after.st_ino, before.st_ino);
		assert_file_pattern(p, 5000);
	}
	assert_no_tmp();
	unlink(p);
	free(p);
}

/* The empty output is a file too. */
static void test_empty_output(void **state)
{
	char *p = path_in("empty.json");

	(void)state;
	write_text(p, "old", 0644);
	expect_ok(p, 0);
	assert_file_text(p, "");
	free(p);
}

/* ---------------------------------------------------------------------- links */

/* A link, a chain of relative links through other directories, an absolute link. */
static void test_links_replace_target(void **state)
{
	char *a = path_in("a"), *b = path_in("b"), *target = path_in("b/t.json");
	char *l1 = path_in("a/l1"), *l2 = path_in("b/l2"), *abs = path_in("abs");
	char buf[256];
	ssize_t n;

	(void)state;
	assert_int_equal(mkdir(a, 0755), 0);
	assert_int_equal(mkdir(b, 0755), 0);
	write_text(target, "old", 0600);
	/* a/l1 -> ../b/l2 -> t.json: each relative to its own link's directory. */
	assert_int_equal(symlink("../b/l2", l1), 0);
	assert_int_equal(symlink("t.json", l2), 0);
	assert_int_equal(symlink(target, abs), 0);

	expect_ok(l1, 7000);
	assert_file_pattern(target, 7000);
	n = readlink(l1, buf, sizeof(buf) - 1);
	assert_true(n > 0);
	buf[n] = '\0';
	assert_string_equal(buf, "../b/l2");
	n = readlink(l2, buf, sizeof(buf) - 1);
	assert_true(n > 0);
	buf[n] = '\0';
	assert_string_equal(buf, "t.json");
	{
		struct stat st;

		assert_int_equal(stat(target, &st), 0);
		assert_int_equal(st.st_mode & 07777, 0600);
	}

	expect_ok(abs, 900);
	assert_file_pattern(target, 900);
	assert_int_equal(readlink(abs, buf, sizeof(buf)), (ssize_t)strlen(target));
	assert_no_tmp_in(a);
	assert_no_tmp_in(b);
	assert_no_tmp();
	free(a);
	free(b);
	free(target);
	free(l1);
	free(l2);
	free(abs);
}

/* A dangling link: its target is created, the link stays. */
static void test_dangling_link(void **state)
{
	char *link = path_in("dangling"), *target = path_in("made.json");
	struct stat st;

	(void)state;
	assert_int_equal(symlink("made.json", link), 0);
	expect_ok(link, 1234);
	assert_int_equal(lstat(link, &st), 0);
	assert_true(S_ISLNK(st.st_mode));
	assert_file_pattern(target, 1234);
	assert_no_tmp();
	free(link);
	free(target);
}

static void test_link_loop(void **state)
{
	char *x = path_in("loop-x"), *y = path_in("loop-y");

	(void)state;
	assert_int_equal(symlink("loop-y", x), 0);
	assert_int_equal(symlink("loop-x", y), 0);
	expect_fail(x, &(struct payload){ .size = 10 }, strerror(ELOOP));
	assert_no_tmp();
	free(x);
	free(y);
}

/* A link to a directory is a directory. */
static void test_directory(void **state)
{
	char *d = path_in("outdir"), *link = path_in("outdir-link");
	struct stat st;

	(void)state;
	assert_int_equal(mkdir(d, 0755), 0);
	assert_int_equal(symlink("outdir", link), 0);
	expect_fail(d, &(struct payload){ .size = 10 }, strerror(EISDIR));
	expect_fail(link, &(struct payload){ .size = 10 }, strerror(EISDIR));
	assert_int_equal(stat(d, &st), 0);
	assert_true(S_ISDIR(st.st_mode));
	assert_no_tmp_in(d);
	assert_no_tmp();
	free(d);
	free(link);
}

static void test_missing_directory(void **state)
{
	char *p = path_in("no-such-dir/x.json");

	(void)state;
	expect_fail(p, &(struct payload){ .size = 10 }, strerror(ENOENT));
	expect_fail("", &(struct payload){ .size = 10 }, strerror(ENOENT));
	free(p);
}

/* -------------------------------------------------------- streams and devices */

struct reader {
	const char *path;
	int fd; /* or this descriptor, when PATH is NULL */
	char *buf;
	size_t len;
};

/* Reads everything until EOF, as `cat` at the other end would. */
static void *read_everything(void *arg)
{
	struct reader *r = arg;
	int fd = r->path ? open(r->path, O_RDONLY) : r->fd;
	size_t cap = 65536;

	r->buf = malloc(cap);
	if (fd < 0 || !r->buf)
		return NULL;
	for (;;) {
		ssize_t n;

		if (r->len == cap) {
			cap *= 2;
			r->buf = realloc(r->buf, cap);
			if (!r->buf)
				break;
		}
		n = read(fd, r->buf + r->len, cap - r->len);
		if (n <= 0)
			break;
		r->len += (size_t)n;
	}
	close(fd);
	return NULL;
}

static void test_fifo(void **state)
{
	char *fifo = path_in("fifo");
	struct reader r = { .path = fifo };
	pthread_t t;
	struct stat st;

	(void)state;
	assert_int_equal(mkfifo(fifo, 0600), 0);
	assert_int_equal(pthread_create(&t, NULL, read_everything, &r), 0);
	expect_ok(fifo, 500000); /* more than a pipe holds: the reader must be reading */
	assert_int_equal(lstat(fifo, &st), 0);
	if (!S_ISFIFO(st.st_mode)) {
		/* Replaced: the reader waits for ever on the old FIFO. */
		pthread_cancel(t);
		pthread_join(t, NULL);
		fail_msg("the FIFO was replaced by a file");
	}
	assert_int_equal(pthread_join(t, NULL), 0);
	assert_pattern(r.buf, r.len, 500000);
	assert_no_tmp();
	free(r.buf);
	free(fifo);
}

/* A link to a FIFO: written through the FIFO, the link stays. */
static void test_link_to_fifo(void **state)
{
	char *fifo = path_in("fifo2"), *link = path_in("fifo2-link");
	struct reader r = { .path = fifo };
	pthread_t t;
	struct stat st;

	(void)state;
	assert_int_equal(mkfifo(fifo, 0600), 0);
	assert_int_equal(symlink("fifo2", link), 0);
	assert_int_equal(pthread_create(&t, NULL, read_everything, &r), 0);
	expect_ok(link, 3000);
	assert_int_equal(lstat(link, &st), 0);
	if (!S_ISLNK(st.st_mode)) {
		/* The link was replaced: nothing went into the FIFO, whose reader still waits. */
		pthread_cancel(t);
		pthread_join(t, NULL);
		fail_msg("the link was replaced by a file");
	}
	assert_int_equal(pthread_join(t, NULL), 0);
	assert_pattern(r.buf, r.len, 3000);
	free(r.buf);
	free(fifo);
	free(link);
}

struct listener {
	int lfd;
	struct reader r;
};

/* Accepts one connection and reads it to the end. */
static void *accept_and_read(void *arg)
{
	struct listener *l = arg;

	l->r.fd = accept(l->lfd, NULL, NULL);
	if (l->r.fd < 0)
		return NULL;
	return read_everything(&l->r);
}

/* A Unix socket's name: connected to, and the output sent through the connection. */
static void test_socket(void **state)
{
	char *p = path_in("sock");
	struct sockaddr_un a = { .sun_family = AF_UNIX };
	struct listener l = { .lfd = socket(AF_UNIX, SOCK_STREAM, 0) };
	pthread_t t;
	struct stat st;

	(void)state;
	assert_true(l.lfd >= 0);
	assert_true(strlen(p) < sizeof(a.sun_path));
	strcpy(a.sun_path, p);
	assert_int_equal(bind(l.lfd, (struct sockaddr *)&a, sizeof(a)), 0);
	assert_int_equal(listen(l.lfd, 1), 0);
	assert_int_equal(pthread_create(&t, NULL, accept_and_read, &l), 0);
	expect_ok(p, 400000);
	assert_int_equal(pthread_join(t, NULL), 0);
	assert_pattern(l.r.buf, l.r.len, 400000);
	close(l.lfd);
	assert_int_equal(lstat(p, &st), 0);
	assert_true(S_ISSOCK(st.st_mode));
	free(l.r.buf);
	free(p);
}

/* /dev/null's and /dev/full's twins: written through, still devices after. */
static void test_devices(void **state)
{
	char *null = device_copy("null", 1, 3), *full = device_copy("full", 1, 7);
	struct stat st;

	(void)state;
	if (!null || !full) {
		/* Not root: the real nodes are safe, no rename could replace them. */
		free(null);
		free(full);
		if (getuid() == 0)
			fail_msg("mknod failed as root: %s", strerror(errno));
		null = strdup("/dev/null");
		full = strdup("/dev/full");
	}
	expect_ok(null, 200000);
	assert_int_equal(lstat(null, &st), 0);
	assert_true(S_ISCHR(st.st_mode));
	assert_int_equal(st.st_rdev, makedev(1, 3));

	expect_fail(full, &(struct payload){ .size = 200000 }, strerror(ENOSPC));
	expect_fail(full, &(struct payload){ .size = 10 },
		    strerror(ENOSPC)); /* only at the flush */
	assert_int_equal(lstat(full, &st), 0);
	assert_true(S_ISCHR(st.st_mode));
	assert_int_equal(st.st_rdev, makedev(1, 7));
	assert_no_tmp();
	free(null);
	free(full);
}

static void test_block_device_refused(void **state)
{
	char *p = path_in("blk");
	struct stat st;

	(void)state;
	if (mknod(p, S_IFBLK | 0600, makedev(7, 0)) != 0) {
		free(p);
		skip();
	}
	expect_fail(p, &(struct payload){ .size = 10 }, "block device");
	assert_int_equal(lstat(p, &st), 0);
	assert_true(S_ISBLK(st.st_mode));
	free(p);
}

/* ------------------------------------------------------- our own descriptors */

/*
 * Runs the writer with descriptor FD (1 for stdout) pointing at FILE,
 * opened for appending after "header\n", as a shell's `{ echo header;
 * ctrace ... -o /dev/stdout; } > FILE` would; returns the writer's result.
 */
static bool write_with_fd_as_file(int fd, const char *name, const char *file, size_t size)
{
	int f = open(file, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	int saved = fcntl(fd, F_GETFD) >= 0 ? dup(fd) : -1; /* -1: FD was not open */
	struct payload p = { .size = size };
	char *err;
	bool ok;

	assert_true(f >= 0);
	assert_int_equal(write(f, "header\n", 7), 7);
	fflush(stdout);
	assert_true(dup2(f, fd) == fd);
	close(f);
	ok = write_output(name, &p, &err);
	fflush(stdout);
	if (saved >= 0) {
		assert_true(dup2(saved, fd) == fd);
		close(saved);
	} else {
		close(fd);
	}
	if (!ok)
		print_message("%s", err);
	free(err);
	return ok;
}

/*
 * "-", /dev/stdout and friends write to the descriptor at its offset: the
 * file behind it is neither renamed over nor truncated.
 */
static void test_stdout_names(void **state)
{
	const char *names[] = { "-", "/dev/stdout", "/dev/fd/1", "/proc/self/fd/1" };
	char *file = path_in("stdout.txt");
	char mine[64];

	(void)state;
	snprintf(mine, sizeof(mine), "/proc/%ld/fd/1", (long)getpid());
	for (size_t i = 0; i < 5; i++) {
		const char *name = i < 4 ? names[i] : mine;
		struct stat before, after;
		size_t len;
		char *buf;

		assert_true(write_with_fd_as_file(1, name, file, 20000));
		buf = read_all(file, &len);
		assert_true(len > 7);
		assert_memory_equal(buf, "header\n", 7);
		assert_pattern(buf + 7, len - 7, 20000);
		free(buf);
		assert_int_equal(stat(file, &before), 0);
		assert_true(write_with_fd_as_file(1, name, file, 10));
		assert_int_equal(stat(file, &after), 0);
		assert_int_equal(before.st_ino, after.st_ino);
	}
	/* Another descriptor by name, and a link to /dev/stdout. */
	{
		char *link = path_in("to-stdout");
		size_t len;
		char *buf;

		/*
		 * A number nobody uses: LTTng-UST, loaded with libctrace, keeps
		 * descriptors of its own open, and closing one of those makes it
		 * abort at exit.
		 */
		int spare = fcntl(0, F_DUPFD, 200);
		char name[32];

		assert_true(spare >= 0);
		close(spare);
		snprintf(name, sizeof(name), "/dev/fd/%d", spare);
		assert_true(write_with_fd_as_file(spare, name, file, 300));
		buf = read_all(file, &len);
		assert_pattern(buf + 7, len - 7, 300);
		free(buf);
		assert_int_equal(symlink("/dev/stdout", link), 0);
		assert_true(write_with_fd_as_file(1, link, file, 400));
		buf = read_all(file, &len);
		assert_pattern(buf + 7, len - 7, 400);
		free(buf);
		free(link);
	}
	assert_no_tmp();
	free(file);
}

/* A descriptor that is closed, or not open for writing: named in the message with the reason. */
static void test_stdout_unwritable(void **state)
{
	int saved = dup(1), ro = open("/dev/null", O_RDONLY);
	struct payload p = { .size = 10 };
	char *err;

	(void)state;
	assert_true(saved >= 0 && ro >= 0);
	expect_fail("/dev/fd/900", &p, strerror(EBADF));
	fflush(stdout);
	assert_true(dup2(ro, 1) == 1);
	close(ro);
	assert_false(write_output("-", &p, &err));
	assert_true(dup2(saved, 1) == 1);
	close(saved);
	if (!strstr(err, "ctrace test: stdout: ") || !strstr(err, strerror(EBADF)))
		fail_msg("%s", err);
	free(err);
}

/* A pipe named /dev/fd/N, as a shell's >(command) gives. */
static void test_pipe_by_name(void **state)
{
	int p[2];
	struct reader r = { .path = NULL };
	pthread_t t;
	char name[64];

	(void)state;
	assert_int_equal(pipe(p), 0);
	r.fd = p[0];
	assert_int_equal(pthread_create(&t, NULL, read_everything, &r), 0);
	snprintf(name, sizeof(name), "/dev/fd/%d", p[1]);
	expect_ok(name, 200000);
	close(p[1]);
	assert_int_equal(pthread_join(t, NULL), 0);
	assert_pattern(r.buf, r.len, 200000);
	free(r.buf);
}

/* -------------------------------------------------------------------- failures */

/* A writer that fails: its reason is told, the old file stays, no temporary file. */
static void test_writer_fails(void **state)
{
	char *p = path_in("kept.json");
	struct payload pl = { .size = 100000, .fail = "the model is broken" };

	(void)state;
	write_text(p, "old", 0644);
	expect_fail(p, &pl, "the model is broken");
	assert_file_text(p, "old");
	assert_no_tmp();
	free(p);
}

/* Runs FN in a child process and returns its wait status. */
static int in_child(void (*fn)(void *), void *arg)
{
	pid_t pid;
	int st;

	fflush(NULL);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		fn(arg);
		_exit(0);
	}
	assert_int_equal(waitpid(pid, &st, 0), pid);
	return st;
}

static void write_under_fsize_limit(void *arg)
{
	struct rlimit lim = { .rlim_cur = 16384, .rlim_max = 16384 };
	struct payload p = { .size = 100000 };

	if (setrlimit(RLIMIT_FSIZE, &lim) != 0)
		_exit(3);
	_exit(ct_cli_write_output("test", arg, write_payload, &p) ? 1 : 0);
}

/* Past the file size limit: an error (EFBIG), not death by SIGXFSZ with the temporary file left. */
static void test_file_size_limit(void **state)
{
	char *p = path_in("limited.json");
	int st;

	(void)state;
	write_text(p, "old", 0644);
	st = in_child(write_under_fsize_limit, p);
	if (!WIFEXITED(st) || WEXITSTATUS(st) != 0)
		fail_msg("the writer did not fail cleanly: wait status %#x", st);
	assert_file_text(p, "old");
	assert_no_tmp();
	free(p);
}

/* ---------------------------------------------------------------------- signals */

struct interrupted {
	const char *path;
	int sig;
	bool ignore; /* the child ignores SIG before writing */
	int notify[2], gate[2];
};

static void write_gated(void *arg)
{
	struct interrupted *in = arg;
	struct payload p = { .size = 300000, .notify = in->notify[1], .gate = in->gate[0] };
	struct rlimit nocore = { 0, 0 };

	close(in->notify[0]);
	close(in->gate[1]);
	setrlimit(RLIMIT_CORE, &nocore); /* SIGQUIT dumps core otherwise */
	if (in->ignore)
		signal(in->sig, SIG_IGN);
	_exit(ct_cli_write_output("test", in->path, write_payload, &p) ? 0 : 1);
}

/*
 * Interrupts a write halfway, with the temporary file on disk: the signal
 * ends the process as it would have (not an exit), the temporary file is
 * gone and the old file is intact. A signal the process ignored stays
 * ignored: the write then completes.
 */
static void test_signal_during_write(void **state)
{
	static const int sigs[] = { SIGINT, SIGTERM, SIGHUP, SIGQUIT };
	char *p = path_in("interrupted.json");

	(void)state;
#if defined(__SANITIZE_THREAD__)
	/*
	 * ThreadSanitizer defers asynchronous signals to a point of its choosing
	 * (and in a forked child may never run the handler before the write
	 * completes), so what this test asserts cannot be observed under it; the
	 * plain build runs it, and test_outputs signals the real command.
	 */
	skip();
#endif
	for (size_t i = 0; i < 2 * sizeof(sigs) / sizeof(sigs[0]); i++) {
		struct interrupted in = { .path = p, .sig = sigs[i % 4], .ignore = i >= 4 };
		char c;
		pid_t pid;
		int st;

		write_text(p, "old", 0644);
		assert_int_equal(pipe(in.notify), 0);
		assert_int_equal(pipe(in.gate), 0);
		fflush(NULL);
		pid = fork();
		assert_true(pid >= 0);
		if (pid == 0)
			write_gated(&in);
		close(in.notify[1]);
		close(in.gate[0]);
		/* Halfway: the temporary file exists and holds half the output. */
		assert_int_equal(read(in.notify[0], &c, 1), 1);
		{
			DIR *dp = opendir(dir);
			struct dirent *e;
			int tmps = 0;

			assert_non_null(dp);
			while ((e = readdir(dp)) != NULL)
				tmps += strncmp(e->d_name, "interrupted.json.tmp-", 21) == 0;
			closedir(dp);
			assert_int_equal(tmps, 1);
		}
		assert_int_equal(kill(pid, in.sig), 0);
		if (in.ignore) {
			/* Still alive, ignoring it: let it finish. */
			assert_int_equal(write(in.gate[1], "go", 1), 1);
		}
		close(in.gate[1]);
		assert_int_equal(waitpid(pid, &st, 0), pid);
		close(in.notify[0]);
		if (in.ignore) {
			if (!WIFEXITED(st) || WEXITSTATUS(st) != 0)
				fail_msg("ignoring signal %d, the write did not complete: %#x",
					 in.sig, st);
			assert_file_pattern(p, 300000);
		} else {
			if (!WIFSIGNALED(st) || WTERMSIG(st) != in.sig)
				fail_msg("signal %d did not end the process by itself: %#x", in.sig,
					 st);
			assert_file_text(p, "old");
		}
		assert_no_tmp();
	}
	free(p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_new_file),
		cmocka_unit_test(test_existing_file_keeps_mode),
		cmocka_unit_test(test_empty_output),
		cmocka_unit_test(test_links_replace_target),
		cmocka_unit_test(test_dangling_link),
		cmocka_unit_test(test_link_loop),
		cmocka_unit_test(test_directory),
		cmocka_unit_test(test_missing_directory),
		cmocka_unit_test(test_fifo),
		cmocka_unit_test(test_link_to_fifo),
		cmocka_unit_test(test_socket),
		cmocka_unit_test(test_devices),
		cmocka_unit_test(test_block_device_refused),
		cmocka_unit_test(test_stdout_names),
		cmocka_unit_test(test_stdout_unwritable),
		cmocka_unit_test(test_pipe_by_name),
		cmocka_unit_test(test_writer_fails),
		cmocka_unit_test(test_file_size_limit),
		cmocka_unit_test(test_signal_during_write),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}

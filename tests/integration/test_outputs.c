/* SPDX-License-Identifier: MIT */
/*
 * test_outputs.c - where `ctrace export -o` and `ctrace view --png` write:
 * a new file, an existing one (replaced, mode kept), links (the target
 * replaced, the link kept, dangling too), a FIFO with a reader, /dev/null
 * and /dev/full (still devices after), a full file system (a small tmpfs
 * mounted here, as root), stdout ("-" and /dev/stdout on a redirected
 * file), a directory, and signals while a large export is being written.
 * Every output is compared with the same output written to a plain new
 * file; PNGs are also decoded. Device nodes are private copies made with
 * mknod, never the system's own: a regression must not replace /dev/null.
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
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <SDL_image.h>
#include <cmocka.h>

#include "itest.h"

static const char *ctrace_bin;

/* The recorded traces and what every output is compared with. */
static struct {
	char *tmp;
	char small[4096]; /* scenario 2.3 */
	char big[4096];   /* some 300,000 events: an export that takes a while to write */
	char *json, *png, *big_json; /* the reference outputs */
	size_t json_len, png_len, big_json_len;
} g;

/* One way of writing an output: `ctrace export` or `ctrace view --png`. */
struct maker {
	const char *what;
	const char *cmd; /* the command's name in its messages */
	char **ref;
	size_t *ref_len;
};

static const struct maker export_json = { "export", "export", &g.json, &g.json_len };
static const struct maker view_png = { "png", "view", &g.png, &g.png_len };

/* The argv that writes M's output of TRACE to OUT. */
static void argv_for(const struct maker *m, const char *trace, const char *out, char *argv[8])
{
	int i = 0;

	argv[i++] = (char *)ctrace_bin;
	if (strcmp(m->what, "export") == 0) {
		argv[i++] = "export";
		argv[i++] = "--format=chrome";
		argv[i++] = (char *)trace;
		argv[i++] = "-o";
	} else {
		argv[i++] = "view";
		argv[i++] = (char *)trace;
		argv[i++] = "--png";
	}
	argv[i++] = (char *)out;
	argv[i] = NULL;
}

/* Runs M on the small trace into OUT; the caller frees RUN. */
static void make(const struct maker *m, const char *out, struct itest_run *run)
{
	char *argv[8];

	argv_for(m, g.small, out, argv);
	itest_run(argv, NULL, run);
}

static char *path_in(const char *dir, const char *name)
{
	char *p;

	assert_true(asprintf(&p, "%s/%s", dir, name) > 0);
	return p;
}

/* The whole file PATH, malloc'd, its length in *LEN. */
static char *slurp_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	size_t cap = 0, n = 0;

	if (!f)
		fail_msg("cannot read %s: %s", path, strerror(errno));
	for (;;) {
		size_t r;

		if (n == cap) {
			cap = cap ? cap * 2 : 1 << 16;
			buf = realloc(buf, cap + 1);
			assert_non_null(buf);
		}
		r = fread(buf + n, 1, cap - n, f);
		if (r == 0)
			break;
		n += r;
	}
	fclose(f);
	buf[n] = '\0';
	*len = n;
	return buf;
}

static void write_text(const char *path, const char *text, mode_t mode)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, mode);

	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	assert_int_equal(fchmod(fd, mode), 0);
	assert_int_equal(close(fd), 0);
}

/* A PNG that is whole: the signature, IEND last, and SDL_image decodes it at 1600x900. */
static void assert_png_complete(const char *buf, size_t len)
{
	static const unsigned char iend[12] = { 0,   0,   0,    0,    'I',  'E',
						'N', 'D', 0xae, 0x42, 0x60, 0x82 };
	SDL_Surface *s;

	assert_true(len > 8 + sizeof(iend));
	assert_memory_equal(buf, "\x89PNG\r\n\x1a\n", 8);
	assert_memory_equal(buf + len - sizeof(iend), iend, sizeof(iend));
	s = IMG_Load_RW(SDL_RWFromConstMem(buf, (int)len), 1);
	if (!s)
		fail_msg("IMG_Load: %s", IMG_GetError());
	assert_int_equal(s->w, 1600);
	assert_int_equal(s->h, 900);
	SDL_FreeSurface(s);
}

/* BUF holds exactly M's reference output. */
static void assert_is_ref(const struct maker *m, const char *buf, size_t len)
{
	assert_int_equal(len, *m->ref_len);
	assert_memory_equal(buf, *m->ref, len);
}

static void assert_file_is_ref(const struct maker *m, const char *path)
{
	size_t len;
	char *buf = slurp_file(path, &len);

	assert_is_ref(m, buf, len);
	free(buf);
}

static void assert_file_text(const char *path, const char *text)
{
	size_t len;
	char *buf = slurp_file(path, &len);

	assert_string_equal(buf, text);
	free(buf);
}

/* No temporary file (NAME.tmp-XXXXXX) left in DIR. */
static void assert_no_tmp(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;

	assert_non_null(d);
	while ((e = readdir(d)) != NULL)
		if (strstr(e->d_name, ".tmp-"))
			fail_msg("a temporary file was left behind: %s/%s", dir, e->d_name);
	closedir(d);
}

/* ------------------------------------------------------------------ setup */

/* Runs ctrace with ARGS (NULL-terminated), which must succeed. */
static void ctrace_ok(char *const args[], const char *what)
{
	char *argv[16];
	struct itest_run run;
	int i = 0;

	argv[i++] = (char *)ctrace_bin;
	for (int k = 0; args[k]; k++)
		argv[i++] = args[k];
	argv[i] = NULL;
	itest_run(argv, NULL, &run);
	if (run.status != 0)
		fail_msg("%s exited %d:\n%s%s", what, run.status, run.out, run.err);
	itest_run_free(&run);
}

static int setup(void **state)
{
	const char *gen = getenv("GEN_TRACE");
	char *ref;
	struct itest_run run;

	(void)state;
	g.tmp = itest_tmpdir();
	snprintf(g.small, sizeof(g.small), "%s/small", g.tmp);
	snprintf(g.big, sizeof(g.big), "%s/big", g.tmp);
	{
		char *tail[] = { "scenario", "2.3",   "--speed",   "10",
				 "-o",       g.small, "--no-view", NULL };

		ctrace_ok(tail, "ctrace scenario 2.3");
	}
	{
		/* The generator uses libctrace: no shim (which sanitizer builds cannot preload). */
		char *tail[] = { "record", "--no-preload", "-o",     g.big,
				 "--",     (char *)gen,    "300000", NULL };

		assert_non_null(gen);
		ctrace_ok(tail, "ctrace record -- ctrace_bench_gen_trace");
	}
	/* The references: each output written to a plain new file. */
	ref = path_in(g.tmp, "ref.json");
	make(&export_json, ref, &run);
	assert_int_equal(run.status, 0);
	itest_run_free(&run);
	g.json = slurp_file(ref, &g.json_len);
	free(ref);
	assert_true(g.json_len > 1000);

	ref = path_in(g.tmp, "ref.png");
	make(&view_png, ref, &run);
	assert_int_equal(run.status, 0);
	itest_run_free(&run);
	g.png = slurp_file(ref, &g.png_len);
	free(ref);
	assert_png_complete(g.png, g.png_len);

	ref = path_in(g.tmp, "big.json");
	{
		char *argv[8];

		argv_for(&export_json, g.big, ref, argv);
		itest_run(argv, NULL, &run);
		assert_int_equal(run.status, 0);
		itest_run_free(&run);
	}
	g.big_json = slurp_file(ref, &g.big_json_len);
	free(ref);
	if (g.big_json_len < 1000000)
		fail_msg("the big export is only %zu bytes", g.big_json_len);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	free(g.json);
	free(g.png);
	free(g.big_json);
	if (g.tmp)
		itest_rmtree(g.tmp);
	free(g.tmp);
	return 0;
}

/* ------------------------------------------------------- files and links */

static void new_and_existing(const struct maker *m)
{
	char *dir = itest_tmpdir(), *out = path_in(dir, "out");
	struct itest_run run;
	struct stat st;

	make(m, out, &run);
	assert_int_equal(run.status, 0);
	itest_run_free(&run);
	assert_file_is_ref(m, out);

	/* An existing file is replaced whole and keeps its permission bits. */
	write_text(out, "old", 0640);
	make(m, out, &run);
	assert_int_equal(run.status, 0);
	itest_run_free(&run);
	assert_file_is_ref(m, out);
	assert_int_equal(stat(out, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0640);
	assert_no_tmp(dir);
	itest_rmtree(dir);
	free(dir);
	free(out);
}

static void test_export_new_and_existing(void **state)
{
	(void)state;
	new_and_existing(&export_json);
}

static void test_png_new_and_existing(void **state)
{
	(void)state;
	new_and_existing(&view_png);
}

/* A link: its target is replaced and the link stays; a dangling link's target is created. */
static void links(const struct maker *m)
{
	char *dir = itest_tmpdir(), *sub = path_in(dir, "sub");
	char *link = path_in(dir, "link"), *target = path_in(dir, "sub/target");
	char *dangling = path_in(dir, "dangling"), *made = path_in(dir, "sub/made");
	struct itest_run run;
	struct stat st;

	assert_int_equal(mkdir(sub, 0755), 0);
	write_text(target, "old", 0600);
	assert_int_equal(symlink("sub/target", link), 0);
	make(m, link, &run);
	assert_int_equal(run.status, 0);
	itest_run_free(&run);
	assert_int_equal(lstat(link, &st), 0);
	assert_true(S_ISLNK(st.st_mode));
	assert_file_is_ref(m, target);
	assert_int_equal(stat(target, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0600);

	assert_int_equal(symlink("sub/made", dangling), 0);
	make(m, dangling, &run);
	assert_int_equal(run.status, 0);
	itest_run_free(&run);
	assert_int_equal(lstat(dangling, &st), 0);
	assert_true(S_ISLNK(st.st_mode));
	assert_file_is_ref(m, made);
	assert_no_tmp(dir);
	assert_no_tmp(sub);
	itest_rmtree(dir);
	free(dir);
	free(sub);
	free(link);
	free(target);
	free(dangling);
	free(made);
}

static void test_export_links(void **state)
{
	(void)state;
	links(&export_json);
}

static void test_png_links(void **state)
{
	(void)state;
	links(&view_png);
}

static void directory(const struct maker *m)
{
	char *dir = itest_tmpdir();
	struct itest_run run;

	make(m, dir, &run);
	assert_int_equal(run.status, 2);
	if (!strstr(run.err, dir) || !strstr(run.err, strerror(EISDIR)))
		fail_msg("the message does not name the directory and why: %s", run.err);
	itest_run_free(&run);
	assert_no_tmp(dir);
	itest_rmtree(dir);
	free(dir);
}

static void test_export_directory(void **state)
{
	(void)state;
	directory(&export_json);
}

static void test_png_directory(void **state)
{
	(void)state;
	directory(&view_png);
}

/* ---------------------------------------------------------- FIFO, devices */

struct reader {
	const char *path;
	char *buf;
	size_t len;
};

static void *read_fifo(void *arg)
{
	struct reader *r = arg;
	int fd = open(r->path, O_RDONLY);
	size_t cap = 1 << 16;

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

/* A FIFO is written to, not replaced: the waiting reader gets the whole output. */
static void fifo(const struct maker *m)
{
	char *dir = itest_tmpdir(), *path = path_in(dir, "fifo");
	struct reader r = { .path = path };
	struct itest_run run;
	struct stat st;
	pthread_t t;

	assert_int_equal(mkfifo(path, 0600), 0);
	assert_int_equal(pthread_create(&t, NULL, read_fifo, &r), 0);
	make(m, path, &run);
	assert_int_equal(run.status, 0);
	itest_run_free(&run);
	assert_int_equal(lstat(path, &st), 0);
	if (!S_ISFIFO(st.st_mode)) {
		/* Replaced by a file: the reader waits for ever on the old FIFO. */
		pthread_cancel(t);
		pthread_join(t, NULL);
		fail_msg("the FIFO was replaced");
	}
	assert_int_equal(pthread_join(t, NULL), 0);
	assert_is_ref(m, r.buf, r.len);
	assert_no_tmp(dir);
	free(r.buf);
	itest_rmtree(dir);
	free(dir);
	free(path);
}

static void test_export_fifo(void **state)
{
	(void)state;
	fifo(&export_json);
}

static void test_png_fifo(void **state)
{
	(void)state;
	fifo(&view_png);
}

/*
 * A private copy of the character device MAJOR:MINOR in DIR; as a user who
 * may not mknod, the system's own (no rename could replace it then).
 */
static char *device(const char *dir, const char *name, unsigned major, unsigned minor)
{
	char *p = path_in(dir, name);

	if (mknod(p, S_IFCHR | 0666, makedev(major, minor)) == 0)
		return p;
	if (getuid() == 0)
		fail_msg("mknod %s as root: %s", p, strerror(errno));
	free(p);
	return strdup(strcmp(name, "null") == 0 ? "/dev/null" : "/dev/full");
}

static void assert_device(const char *path, unsigned major, unsigned minor)
{
	struct stat st;

	assert_int_equal(lstat(path, &st), 0);
	if (!S_ISCHR(st.st_mode) || st.st_rdev != makedev(major, minor))
		fail_msg("%s is no longer the device %u:%u", path, major, minor);
}

/* /dev/null takes the output and stays a device; /dev/full fails, named, with exit 2. */
static void devices(const struct maker *m)
{
	char *dir = itest_tmpdir();
	char *null = device(dir, "null", 1, 3), *full = device(dir, "full", 1, 7);
	char want[4300];
	struct itest_run run;

	make(m, null, &run);
	assert_int_equal(run.status, 0);
	assert_string_equal(run.err, "");
	itest_run_free(&run);
	assert_device(null, 1, 3);

	make(m, full, &run);
	assert_int_equal(run.status, 2);
	snprintf(want, sizeof(want), "ctrace %s: %s: %s\n", m->cmd, full, strerror(ENOSPC));
	assert_string_equal(run.err, want);
	itest_run_free(&run);
	assert_device(full, 1, 7);
	assert_no_tmp(dir);
	itest_rmtree(dir);
	free(dir);
	free(null);
	free(full);
}

static void test_export_devices(void **state)
{
	(void)state;
	devices(&export_json);
}

static void test_png_devices(void **state)
{
	(void)state;
	devices(&view_png);
}

/* ------------------------------------------------------- a full file system */

/* The small tmpfs of the current test, unmounted by its teardown. */
static char *mounted;

static int unmount_teardown(void **state)
{
	(void)state;
	if (mounted) {
		umount2(mounted, MNT_DETACH);
		rmdir(mounted);
		free(mounted);
		mounted = NULL;
	}
	return 0;
}

/*
 * On a full file system (a 256 KiB tmpfs filled up): exit 2 with the
 * reason, the old file intact, no temporary file left.
 */
static void full_disk(const struct maker *m)
{
	char *old, *filler, want[4300], block[4096];
	struct itest_run run;
	int fd;

	mounted = itest_tmpdir();
	if (mount("tmpfs", mounted, "tmpfs", 0, "size=256k") != 0) {
		int err = errno;

		rmdir(mounted);
		free(mounted);
		mounted = NULL;
		if (err == EPERM)
			skip(); /* not root */
		fail_msg("mount tmpfs: %s", strerror(err));
	}
	old = path_in(mounted, "out");
	filler = path_in(mounted, "filler");
	write_text(old, "old", 0644);
	fd = open(filler, O_WRONLY | O_CREAT, 0644);
	assert_true(fd >= 0);
	memset(block, 'x', sizeof(block));
	while (write(fd, block, sizeof(block)) > 0)
		;
	assert_int_equal(errno, ENOSPC);
	assert_int_equal(close(fd), 0);

	make(m, old, &run);
	assert_int_equal(run.status, 2);
	snprintf(want, sizeof(want), "ctrace %s: %s: %s\n", m->cmd, old, strerror(ENOSPC));
	assert_string_equal(run.err, want);
	itest_run_free(&run);
	assert_file_text(old, "old");
	assert_no_tmp(mounted);

	/* With room again, the same command replaces it. */
	assert_int_equal(unlink(filler), 0);
	make(m, old, &run);
	assert_int_equal(run.status, 0);
	itest_run_free(&run);
	assert_file_is_ref(m, old);
	assert_no_tmp(mounted);
	free(old);
	free(filler);
}

static void test_export_full_disk(void **state)
{
	(void)state;
	full_disk(&export_json);
}

static void test_png_full_disk(void **state)
{
	(void)state;
	full_disk(&view_png);
}

/* ------------------------------------------------------------------ stdout */

/*
 * "-" and /dev/stdout write to the descriptor the shell gave, at its
 * offset: after what the shell wrote before, never renaming over the file.
 */
static void to_stdout(const struct maker *m)
{
	static const char *const names[] = { "-", "/dev/stdout" };
	char *dir = itest_tmpdir(), *file = path_in(dir, "redirected");

	for (size_t i = 0; i < 2; i++) {
		char *argv[8], *sh[16];
		struct itest_run run;
		size_t len;
		char *buf;
		int k = 0;

		argv_for(m, g.small, names[i], argv);
		sh[k++] = "sh";
		sh[k++] = "-c";
		sh[k++] = "out=$1; shift; { printf 'header\\n'; \"$@\"; } > \"$out\"";
		sh[k++] = "sh";
		sh[k++] = file;
		for (int a = 0; argv[a]; a++)
			sh[k++] = argv[a];
		sh[k] = NULL;
		itest_run(sh, NULL, &run);
		if (run.status != 0)
			fail_msg("-o %s exited %d: %s", names[i], run.status, run.err);
		itest_run_free(&run);
		buf = slurp_file(file, &len);
		assert_true(len > 7);
		assert_memory_equal(buf, "header\n", 7);
		assert_is_ref(m, buf + 7, len - 7);
		free(buf);
	}
	assert_no_tmp(dir);
	itest_rmtree(dir);
	free(dir);
	free(file);
}

static void test_export_stdout(void **state)
{
	(void)state;
	to_stdout(&export_json);
}

static void test_png_stdout(void **state)
{
	(void)state;
	to_stdout(&view_png);
}

/* ----------------------------------------------------------------- signals */

/* Starts ctrace exporting the big trace to OUT, with the default action for every signal. */
static pid_t start_big_export(const char *out)
{
	char *argv[8];
	pid_t pid;

	argv_for(&export_json, g.big, out, argv);
	fflush(NULL);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		int null = open("/dev/null", O_RDWR);

		/* Whoever runs the tests may ignore some (a background job ignores SIGINT). */
		signal(SIGINT, SIG_DFL);
		signal(SIGTERM, SIG_DFL);
		signal(SIGHUP, SIG_DFL);
		dup2(null, 1);
		dup2(null, 2);
		execv(argv[0], argv);
		_exit(127);
	}
	return pid;
}

/* Whether a temporary file for NAME is in DIR. */
static bool tmp_exists(const char *dir, const char *name)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	size_t n = strlen(name);
	bool found = false;

	assert_non_null(d);
	while (!found && (e = readdir(d)) != NULL)
		found = strncmp(e->d_name, name, n) == 0 && strncmp(e->d_name + n, ".tmp-", 5) == 0;
	closedir(d);
	return found;
}

/*
 * A signal while the temporary file is being written: the process dies of
 * it (the shell sees 128 + signal), the temporary file is gone, the old file
 * is intact. The test waits until the temporary file exists, then signals.
 */
static void test_export_signal_while_writing(void **state)
{
	static const int sigs[] = { SIGINT, SIGTERM, SIGHUP };
	char *dir = itest_tmpdir(), *out = path_in(dir, "big.json");

	(void)state;
	for (size_t i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++) {
		pid_t pid;
		int st;
		bool seen = false;

		write_text(out, "old", 0644);
		pid = start_big_export(out);
		/* Loading takes a while; writing some megabytes too. */
		for (int spins = 0; !seen && spins < 2000000; spins++) {
			seen = tmp_exists(dir, "big.json");
			if (!seen && waitpid(pid, &st, WNOHANG) == pid)
				fail_msg("the export ended before its temporary file was seen");
		}
		assert_true(seen);
		assert_int_equal(kill(pid, sigs[i]), 0);
		assert_int_equal(waitpid(pid, &st, 0), pid);
		if (!WIFSIGNALED(st) || WTERMSIG(st) != sigs[i])
			fail_msg("signal %d: wait status %#x, not death by the signal", sigs[i],
				 st);
		assert_file_text(out, "old");
		assert_no_tmp(dir);
	}
	itest_rmtree(dir);
	free(dir);
	free(out);
}

/*
 * Whatever the timing (while loading, writing, renaming or after): no
 * temporary file is left, and the file is either the old one or the whole
 * new export.
 */
static void test_export_signal_any_time(void **state)
{
	static const unsigned delays_ms[] = { 1, 30, 80, 150, 250, 350, 500, 700, 1000, 1500 };
	char *dir = itest_tmpdir(), *out = path_in(dir, "big.json");
	unsigned old = 0, replaced = 0;

	(void)state;
	for (size_t i = 0; i < sizeof(delays_ms) / sizeof(delays_ms[0]); i++) {
		struct timespec ts = { .tv_sec = delays_ms[i] / 1000,
				       .tv_nsec = (long)(delays_ms[i] % 1000) * 1000000 };
		int sig = i % 2 ? SIGTERM : SIGINT;
		size_t len;
		char *buf;
		pid_t pid;
		int st;

		write_text(out, "old", 0644);
		pid = start_big_export(out);
		nanosleep(&ts, NULL);
		kill(pid, sig); /* it may have ended already */
		assert_int_equal(waitpid(pid, &st, 0), pid);
		if (!(WIFSIGNALED(st) && WTERMSIG(st) == sig) &&
		    !(WIFEXITED(st) && WEXITSTATUS(st) == 0))
			fail_msg("after %u ms: wait status %#x", delays_ms[i], st);
		assert_no_tmp(dir);
		buf = slurp_file(out, &len);
		if (len == 3 && memcmp(buf, "old", 3) == 0) {
			old++;
		} else {
			assert_int_equal(len, g.big_json_len);
			assert_memory_equal(buf, g.big_json, len);
			replaced++;
		}
		free(buf);
	}
	print_message("interrupted: %u kept the old file, %u had completed\n", old, replaced);
	itest_rmtree(dir);
	free(dir);
	free(out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_export_new_and_existing),
		cmocka_unit_test(test_png_new_and_existing),
		cmocka_unit_test(test_export_links),
		cmocka_unit_test(test_png_links),
		cmocka_unit_test(test_export_directory),
		cmocka_unit_test(test_png_directory),
		cmocka_unit_test(test_export_fifo),
		cmocka_unit_test(test_png_fifo),
		cmocka_unit_test(test_export_devices),
		cmocka_unit_test(test_png_devices),
		cmocka_unit_test_teardown(test_export_full_disk, unmount_teardown),
		cmocka_unit_test_teardown(test_png_full_disk, unmount_teardown),
		cmocka_unit_test(test_export_stdout),
		cmocka_unit_test(test_png_stdout),
		cmocka_unit_test(test_export_signal_while_writing),
		cmocka_unit_test(test_export_signal_any_time),
	};

	ctrace_bin = getenv("CTRACE_BIN");
	if (!ctrace_bin) {
		fprintf(stderr, "test_outputs: CTRACE_BIN is not set\n");
		return 2;
	}
	return cmocka_run_group_tests(tests, setup, teardown);
}

/* SPDX-License-Identifier: MIT */
/* itest.c - running commands and reading traces back for the integration tests. */
#define _GNU_SOURCE
#include <errno.h>
#include <ftw.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sched.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <signal.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "itest.h"

static char *slurp(FILE *f)
{
	size_t cap = 4096, len = 0;
	char *buf = malloc(cap);

	assert_non_null(buf);
	rewind(f);
	for (;;) {
		size_t n = fread(buf + len, 1, cap - len - 1, f);

		len += n;
		if (n == 0)
			break;
		if (len + 1 == cap) {
			cap *= 2;
			buf = realloc(buf, cap);
			assert_non_null(buf);
		}
	}
	buf[len] = '\0';
	return buf;
}

void itest_start(char *const argv[], char *const extra_env[], bool own_group,
		 struct itest_proc *proc)
{
	proc->out = tmpfile();
	proc->err = tmpfile();
	assert_non_null(proc->out);
	assert_non_null(proc->err);
	fflush(NULL);
	proc->pid = fork();
	assert_true(proc->pid >= 0);
	if (proc->pid == 0) {
		if (own_group)
			setpgid(0, 0);
		dup2(fileno(proc->out), 1);
		dup2(fileno(proc->err), 2);
		for (size_t i = 0; extra_env && extra_env[i]; i++)
			putenv(extra_env[i]);
		execvp(argv[0], argv);
		fprintf(stderr, "itest: cannot run %s\n", argv[0]);
		_exit(127);
	}
	if (own_group)
		setpgid(proc->pid,
			proc->pid); /* also here, so the group exists whoever runs first */
}

char *itest_proc_err(struct itest_proc *proc)
{
	size_t cap = 65536;
	char *buf = malloc(cap);
	ssize_t n;

	assert_non_null(buf);
	n = pread(fileno(proc->err), buf, cap - 1, 0);
	buf[n > 0 ? n : 0] = '\0';
	return buf;
}

void itest_finish(struct itest_proc *proc, struct itest_run *run)
{
	int st;

	assert_int_equal(waitpid(proc->pid, &st, 0), proc->pid);
	run->status = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
	run->out = slurp(proc->out);
	run->err = slurp(proc->err);
	fclose(proc->out);
	fclose(proc->err);
	proc->pid = 0;
}

/*
 * The host's session daemon serves every other test (and, on a shared
 * machine, other people): a test that kills or fills up its daemon's disk
 * must have one of its own. LTTng has no setting for root's run directory
 * (/run/lttng) or for the shared memory it uses (/dev/shm), so they are
 * replaced, in a mount namespace of our own, by empty tmpfs mounts; a pid
 * namespace makes every process started there (daemons included) die with
 * the test, and /proc is mounted again so that its pids are the
 * namespace's.
 */
int itest_private_lttng(void)
{
	char home[] = "/tmp/ctrace-itest-home-XXXXXX";
	pid_t pid;
	int st;

	if (geteuid() != 0) {
		fprintf(stderr,
			"itest: a private LTTng needs root (namespaces, mounts): skipped\n");
		return 77;
	}
	if (unshare(CLONE_NEWNS | CLONE_NEWPID) != 0 ||
	    mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) != 0) {
		perror("itest: cannot make mount and pid namespaces");
		return 77;
	}
	if ((mkdir("/run/lttng", 0755) != 0 && errno != EEXIST) ||
	    mount("ctrace-itest", "/run/lttng", "tmpfs", 0, "mode=0755") != 0 ||
	    mount("ctrace-itest", "/dev/shm", "tmpfs", 0, "mode=1777") != 0) {
		perror("itest: cannot mount a private /run/lttng and /dev/shm");
		return 77;
	}
	if (!mkdtemp(home) || setenv("LTTNG_HOME", home, 1) != 0) {
		perror("itest: cannot make a private LTTNG_HOME");
		return 1;
	}
	fflush(NULL);
	pid = fork();
	if (pid < 0) {
		perror("itest: fork");
		return 1;
	}
	if (pid == 0) {
		/* The namespace's init: what it leaves running is killed when it returns. */
		if (mount("proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL) != 0) {
			perror("itest: cannot mount /proc");
			_exit(1);
		}
		return -1;
	}
	while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
		;
	itest_rmtree(home);
	return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

pid_t itest_sessiond_pid(void)
{
	FILE *f = fopen("/run/lttng/lttng-sessiond.pid", "r");
	long pid = 0;

	if (f) {
		if (fscanf(f, "%ld", &pid) != 1)
			pid = 0;
		fclose(f);
	}
	return (pid_t)pid;
}

void itest_sleep_ms(unsigned ms)
{
	struct timespec ts = { .tv_sec = ms / 1000, .tv_nsec = (long)(ms % 1000) * 1000000 };

	while (nanosleep(&ts, &ts) != 0)
		;
}

/* Runs ARGV; with DELAY_MS > 0, sends SIG to its process group after that long. */
static int run_with(char *const argv[], char *const extra_env[], unsigned delay_ms, int sig,
		    struct itest_run *run)
{
	struct itest_proc proc;

	itest_start(argv, extra_env, delay_ms > 0, &proc);
	if (delay_ms) {
		itest_sleep_ms(delay_ms);
		assert_int_equal(kill(-proc.pid, sig), 0);
	}
	itest_finish(&proc, run);
	return 0;
}

int itest_run(char *const argv[], char *const extra_env[], struct itest_run *run)
{
	return run_with(argv, extra_env, 0, 0, run);
}

int itest_run_interrupted(char *const argv[], unsigned delay_ms, int sig, struct itest_run *run)
{
	assert_true(delay_ms > 0);
	return run_with(argv, NULL, delay_ms, sig, run);
}

void itest_run_free(struct itest_run *run)
{
	free(run->out);
	free(run->err);
	run->out = run->err = NULL;
}

/* Parses one value at *P: "string", ( "word" : container = N ), or a bare token. */
static char *parse_value(const char **p)
{
	const char *s = *p;
	char *v;
	size_t n = 0;

	if (*s == '(') {
		const char *q = strchr(s, '"');
		const char *e = q ? strchr(q + 1, '"') : NULL;
		const char *close = strchr(s, ')');

		assert_non_null(e);
		assert_non_null(close);
		v = strndup(q + 1, (size_t)(e - q - 1));
		*p = close + 1;
		return v;
	}
	if (*s == '"') {
		/* babeltrace2 escapes quotes and backslashes inside strings. */
		v = malloc(strlen(s) + 1);
		assert_non_null(v);
		s++;
		while (*s && *s != '"') {
			if (*s == '\\' && s[1])
				s++;
			v[n++] = *s++;
		}
		v[n] = '\0';
		*p = *s ? s + 1 : s;
		return v;
	}
	while (s[n] && s[n] != ',' && s[n] != ' ' && s[n] != '}')
		n++;
	v = strndup(s, n);
	*p = s + n;
	return v;
}

/*
 * One line of sink.text.pretty with --clock-seconds --no-delta:
 * [SEC.NSEC] HOST ctrace:NAME: { cpu_id = 0 }, { vtid = 1, vpid = 1,
 * procname = "x" }, { field = value, ... }
 */
static int parse_line(const char *line, struct itest_event *ev)
{
	unsigned long long sec, nsec;
	const char *p, *name, *colon;
	char key[64];

	memset(ev, 0, sizeof(*ev));
	if (sscanf(line, "[%llu.%llu]", &sec, &nsec) != 2)
		return -1;
	ev->ts = (uint64_t)sec * 1000000000u + (uint64_t)nsec;
	name = strstr(line, " ctrace:");
	if (!name)
		return -1;
	name += strlen(" ctrace:");
	colon = strchr(name, ':');
	if (!colon)
		return -1;
	ev->name = strndup(name, (size_t)(colon - name));
	p = colon + 1;
	while (*p) {
		const char *eq;
		size_t klen;
		char *value;

		while (*p == ' ' || *p == ',' || *p == '{' || *p == '}')
			p++;
		if (!*p || *p == '\n')
			break;
		eq = strstr(p, " = ");
		if (!eq)
			break;
		klen = (size_t)(eq - p);
		if (klen >= sizeof(key))
			return -1;
		memcpy(key, p, klen);
		key[klen] = '\0';
		p = eq + 3;
		value = parse_value(&p);
		if (strcmp(key, "vtid") == 0) {
			ev->vtid = strtoll(value, NULL, 10);
			free(value);
		} else if (strcmp(key, "vpid") == 0) {
			ev->vpid = strtoll(value, NULL, 10);
			free(value);
		} else if (strcmp(key, "procname") == 0) {
			ev->procname = value;
		} else if (strcmp(key, "cpu_id") == 0 || ev->nfields == 8) {
			free(value);
		} else {
			ev->fields[ev->nfields].key = strdup(key);
			ev->fields[ev->nfields].value = value;
			ev->nfields++;
		}
	}
	return 0;
}

int itest_trace_read(const char *dir, struct itest_trace *trace)
{
	char *cmd = NULL;
	char *line = NULL;
	size_t cap = 0, alloc = 0;
	FILE *p;

	memset(trace, 0, sizeof(*trace));
	assert_true(asprintf(&cmd, "babeltrace2 --clock-seconds --no-delta '%s'", dir) > 0);
	p = popen(cmd, "r");
	free(cmd);
	if (!p)
		return -1;
	while (getline(&line, &cap, p) > 0) {
		struct itest_event ev;

		if (parse_line(line, &ev) != 0) {
			trace->skipped++;
			continue;
		}
		if (trace->n == alloc) {
			alloc = alloc ? alloc * 2 : 256;
			trace->events = realloc(trace->events, alloc * sizeof(*trace->events));
			assert_non_null(trace->events);
		}
		trace->events[trace->n++] = ev;
	}
	free(line);
	return pclose(p) == 0 ? 0 : -1;
}

void itest_trace_free(struct itest_trace *trace)
{
	for (size_t i = 0; i < trace->n; i++) {
		struct itest_event *ev = &trace->events[i];

		free(ev->name);
		free(ev->procname);
		for (int f = 0; f < ev->nfields; f++) {
			free(ev->fields[f].key);
			free(ev->fields[f].value);
		}
	}
	free(trace->events);
	memset(trace, 0, sizeof(*trace));
}

const char *itest_field(const struct itest_event *ev, const char *key)
{
	for (int f = 0; f < ev->nfields; f++)
		if (strcmp(ev->fields[f].key, key) == 0)
			return ev->fields[f].value;
	return NULL;
}

int64_t itest_field_int(const struct itest_event *ev, const char *key)
{
	const char *v = itest_field(ev, key);

	if (!v)
		fail_msg("event %s has no field %s", ev->name, key);
	return strtoll(v, NULL, 10);
}

size_t itest_count(const struct itest_trace *trace, const char *name)
{
	size_t n = 0;

	for (size_t i = 0; i < trace->n; i++)
		n += strcmp(trace->events[i].name, name) == 0;
	return n;
}

size_t itest_count_where(const struct itest_trace *trace, const char *name, const char *key,
			 const char *value)
{
	size_t n = 0;

	for (size_t i = 0; i < trace->n; i++) {
		const char *v;

		if (strcmp(trace->events[i].name, name) != 0)
			continue;
		v = itest_field(&trace->events[i], key);
		n += v && strcmp(v, value) == 0;
	}
	return n;
}

size_t itest_thread_count(const struct itest_trace *trace)
{
	size_t n = 0;

	for (size_t i = 0; i < trace->n; i++) {
		size_t j;

		for (j = 0; j < i; j++)
			if (trace->events[j].vtid == trace->events[i].vtid)
				break;
		n += j == i;
	}
	return n;
}

char *itest_tmpdir(void)
{
	char *d = strdup("/tmp/ctrace-itest-XXXXXX");

	assert_non_null(d);
	assert_non_null(mkdtemp(d));
	return d;
}

static int rm_one(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
	(void)sb;
	(void)flag;
	(void)ftw;
	return remove(path);
}

void itest_rmtree(const char *path)
{
	nftw(path, rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

size_t itest_count_lines(const char *text, const char *line)
{
	size_t n = 0, len = strlen(line);
	const char *p = text;

	while (p && *p) {
		const char *nl = strchr(p, '\n');
		size_t l = nl ? (size_t)(nl - p) : strlen(p);

		n += l == len && strncmp(p, line, len) == 0;
		p = nl ? nl + 1 : NULL;
	}
	return n;
}

void itest_fixture_init(struct itest_fixture *f)
{
	memset(f, 0, sizeof(*f));
	f->tmp = itest_tmpdir();
	snprintf(f->trace, sizeof(f->trace), "%s/trace", f->tmp);
}

void itest_fixture_fini(struct itest_fixture *f)
{
	itest_run_free(&f->run);
	itest_trace_free(&f->tr);
	itest_rmtree(f->tmp);
	free(f->tmp);
	f->tmp = NULL;
}

int itest_fixture_setup(void **state)
{
	struct itest_fixture *f = malloc(sizeof(*f));

	assert_non_null(f);
	itest_fixture_init(f);
	*state = f;
	return 0;
}

int itest_fixture_teardown(void **state)
{
	itest_fixture_fini(*state);
	free(*state);
	return 0;
}

struct itest_scenario_trace *itest_scenario_record(const char *ctrace_bin, const char *id)
{
	struct itest_scenario_trace *t = calloc(1, sizeof(*t));
	struct itest_run run;
	char *argv[] = { (char *)ctrace_bin, "scenario", (char *)id, "--speed", "20", "-o", NULL,
			 "--no-view",        NULL };

	if (!t)
		return NULL;
	t->tmp = itest_tmpdir();
	snprintf(t->trace, sizeof(t->trace), "%s/trace", t->tmp);
	argv[6] = t->trace;
	itest_run(argv, NULL, &run);
	if (run.status != 0) {
		fprintf(stderr, "ctrace scenario %s exited %d:\n%s%s", id, run.status, run.out,
			run.err);
		itest_run_free(&run);
		itest_scenario_free(t);
		return NULL;
	}
	itest_run_free(&run);
	return t;
}

void itest_scenario_free(struct itest_scenario_trace *t)
{
	if (t) {
		itest_rmtree(t->tmp);
		free(t->tmp);
		free(t);
	}
}

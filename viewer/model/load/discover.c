/* SPDX-License-Identifier: MIT */
/*
 * discover.c - finds the CTF traces under a path: the directories that hold
 * a `metadata` file; and what cannot be read there, so that a trace the
 * user may not read is reported as such (with the file and the reason)
 * rather than as "no trace", and a sub-trace that cannot be read is not
 * left out without a word.
 */
#include "loader.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

void trace_dirs_fini(struct trace_dirs *t)
{
	for (size_t i = 0; i < t->n; i++)
		free(t->dirs[i]);
	free(t->dirs);
	free(t->bad);
	memset(t, 0, sizeof(*t));
}

static int name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Counts PATH (taken) as unreadable for ERR, keeping the first one. */
static void bad_add(struct trace_dirs *t, char *path, int err)
{
	t->n_bad++;
	if (t->bad) {
		free(path);
		return;
	}
	t->bad = path;
	t->bad_errno = err;
}

/* Appends DIR (copied) to T's trace directories; false when out of memory. */
static bool dirs_add(struct trace_dirs *t, const char *dir)
{
	if (t->n == t->cap) {
		size_t cap = t->cap ? t->cap * 2 : 8;
		char **p = realloc(t->dirs, cap * sizeof(*p));

		if (!p)
			return false;
		t->dirs = p;
		t->cap = cap;
	}
	t->dirs[t->n] = strdup(dir);
	if (!t->dirs[t->n])
		return false;
	t->n++;
	return true;
}

/*
 * Counts DIR as unreadable for ERR (what is in it is unknown); DEPTH 0 is the
 * directory the user gave. Returns false when out of memory.
 */
static bool unreadable_add(struct trace_dirs *t, const char *dir, int depth, int err)
{
	char *copy = strdup(dir);

	if (!copy)
		return false;
	if (depth == 0)
		t->top_unreadable = true;
	bad_add(t, copy, err);
	return true;
}

/*
 * Adds DIR, if it holds a metadata file, and the trace directories under it
 * (src.ctf.fs in babeltrace2 2.0 takes trace directories, not their
 * parents). Symbolic links are not followed, so a loop cannot recurse
 * forever; DEPTH bounds the rest. A directory that cannot be listed, or
 * whose metadata cannot be looked at, may hold a trace: it is counted as
 * unreadable. Returns false when out of memory.
 */
bool trace_dirs_find(struct trace_dirs *t, const char *dir, int depth)
{
	char *path = NULL;
	struct stat st;
	DIR *d = NULL;
	struct dirent *e;
	bool ok = true;
	int r;

	if (depth > 16)
		return true;
	path = load_format("%s/metadata", dir);
	if (!path)
		return false;
	r = stat(path, &st);
	if (r == 0 && S_ISREG(st.st_mode)) {
		ok = dirs_add(t, dir);
		/* A trace directory holds streams, not other traces. */
		goto end;
	}
	/* EACCES on DIR itself (not searchable): what is in it is unknown. */
	if (r != 0 && errno != ENOENT && errno != ENOTDIR) {
		int err = errno;

		free(path);
		return unreadable_add(t, dir, depth, err);
	}
	d = opendir(dir);
	if (!d) {
		int err = errno;

		free(path);
		return unreadable_add(t, dir, depth, err);
	}
	while (ok && (e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		free(path);
		path = load_format("%s/%s", dir, e->d_name);
		if (!path) {
			ok = false;
			break;
		}
		if (lstat(path, &st) == 0 && S_ISDIR(st.st_mode))
			ok = trace_dirs_find(t, path, depth + 1);
	}
end:
	if (d)
		closedir(d);
	free(path);
	return ok;
}

/*
 * Checks that the metadata and every stream file of trace directory DIR
 * can be opened for reading: *BAD gets the first that cannot (malloc'd)
 * and *ERR why. The index/ subdirectory is babeltrace2's shortcut only: it
 * reads the streams themselves without it. False when out of memory.
 */
static bool dir_check(const char *dir, char **bad, int *err)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	bool ok = true;

	*bad = NULL;
	if (!d) {
		*err = errno;
		*bad = strdup(dir);
		return *bad != NULL;
	}
	while (!*bad && (e = readdir(d)) != NULL) {
		char *path;
		struct stat st;
		int fd;

		if (e->d_name[0] == '.')
			continue;
		path = load_format("%s/%s", dir, e->d_name);
		if (!path) {
			ok = false;
			break;
		}
		if (stat(path, &st) != 0 || !S_ISREG(st.st_mode)) {
			free(path);
			continue;
		}
		fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
		if (fd < 0) {
			*err = errno;
			*bad = path;
			break;
		}
		close(fd);
		free(path);
	}
	closedir(d);
	return ok;
}

bool trace_dirs_check(struct trace_dirs *t)
{
	size_t kept = 0;

	for (size_t i = 0; i < t->n; i++) {
		char *bad = NULL;
		int err = 0;

		if (!dir_check(t->dirs[i], &bad, &err))
			return false;
		if (bad) {
			bad_add(t, bad, err);
			free(t->dirs[i]);
			continue;
		}
		t->dirs[kept++] = t->dirs[i];
	}
	t->n = kept;
	return true;
}

void trace_dirs_sort(struct trace_dirs *t)
{
	if (t->n)
		qsort(t->dirs, t->n, sizeof(*t->dirs), name_cmp);
}

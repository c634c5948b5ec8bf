/* SPDX-License-Identifier: MIT */
/* discover.c - finds the CTF traces under a path: the directories that hold a `metadata` file. */
#include "loader.h"

#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

void trace_dirs_fini(struct trace_dirs *t)
{
	for (size_t i = 0; i < t->n; i++)
		free(t->dirs[i]);
	free(t->dirs);
}

static int name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/*
 * Adds DIR, if it holds a metadata file, and the trace directories under it
 * (src.ctf.fs in babeltrace2 2.0 takes trace directories, not their
 * parents). Symbolic links are not followed, so a loop cannot recurse
 * forever; DEPTH bounds the rest. Returns false when out of memory.
 */
bool trace_dirs_find(struct trace_dirs *t, const char *dir, int depth)
{
	char *path = NULL;
	struct stat st;
	DIR *d = NULL;
	struct dirent *e;
	bool ok = true;

	if (depth > 16)
		return true;
	path = load_format("%s/metadata", dir);
	if (!path)
		return false;
	if (stat(path, &st) == 0 && S_ISREG(st.st_mode)) {
		if (t->n == t->cap) {
			size_t cap = t->cap ? t->cap * 2 : 8;
			char **p = realloc(t->dirs, cap * sizeof(*p));

			if (!p) {
				ok = false;
				goto end;
			}
			t->dirs = p;
			t->cap = cap;
		}
		t->dirs[t->n] = strdup(dir);
		if (!t->dirs[t->n]) {
			ok = false;
			goto end;
		}
		t->n++;
		/* A trace directory holds streams, not other traces. */
		goto end;
	}
	d = opendir(dir);
	if (!d)
		goto end; /* unreadable subdirectories are not traces we can read */
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

void trace_dirs_sort(struct trace_dirs *t)
{
	if (t->n)
		qsort(t->dirs, t->n, sizeof(*t->dirs), name_cmp);
}

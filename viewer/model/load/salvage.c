/* SPDX-License-Identifier: MIT */
/*
 * salvage.c - what precedes the damage of a trace that babeltrace2 refuses
 * to open (a stream file cut short by a full disk, a packet it cannot
 * decode): a shadow of the trace in a temporary directory, where every
 * sound file is a symbolic link to the original and every damaged stream
 * file a copy of its sound packets. The worker reads the shadow and stops
 * where the first cut file ends (sink.c), so the model holds every stream
 * up to the same moment, as if recording had stopped there.
 *
 * Only used when the caller asks for salvage; the copies are the price.
 */
#define _GNU_SOURCE
#include "loader.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Removes the shadow's directory: ROOT/dN/FILE, two levels, nothing else. */
static void shadow_remove(struct shadow *s)
{
	for (size_t i = 0; i < s->n_dirs; i++) {
		DIR *d = opendir(s->dirs[i]);
		struct dirent *e;

		while (d && (e = readdir(d)) != NULL) {
			if (e->d_name[0] != '.' ||
			    (strcmp(e->d_name, ".") && strcmp(e->d_name, "..")))
				unlinkat(dirfd(d), e->d_name, 0);
		}
		if (d)
			closedir(d);
		rmdir(s->dirs[i]);
		free(s->dirs[i]);
	}
	free(s->dirs);
	s->dirs = NULL;
	s->n_dirs = 0;
	for (size_t i = 0; s->stops && s->stops[i]; i++)
		free(s->stops[i]);
	free(s->stops);
	s->stops = NULL;
	if (s->root)
		rmdir(s->root);
	free(s->root);
	s->root = NULL;
}

void shadow_fini(struct shadow *s)
{
	shadow_remove(s);
	for (size_t i = 0; i < s->n_cuts; i++)
		free(s->cuts[i].file);
	free(s->cuts);
	memset(s, 0, sizeof(*s));
}

/*
 * Makes *PATH (malloc'd, an existing directory) absolute and free of
 * symbolic links, as babeltrace2 names the files in it: the stop streams
 * are recognised by name. False with errno set (the directory removed) on failure.
 */
static bool canonical(char **path)
{
	char *real = realpath(*path, NULL);
	int err = errno;

	if (!real) {
		rmdir(*path);
		errno = err;
		return false;
	}
	free(*path);
	*path = real;
	return true;
}

/* Copies LEN bytes of SRC from OFFSET to new file DST; false with errno set on failure. */
static bool copy_part(const char *src, const char *dst, uint64_t offset, uint64_t len)
{
	int in = open(src, O_RDONLY | O_CLOEXEC), out = -1;
	bool ok = false;
	int err;

	if (in < 0)
		return false;
	if (lseek(in, (off_t)offset, SEEK_SET) < 0)
		goto end;
	out = open(dst, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (out < 0)
		goto end;
	while (len) {
		ssize_t n =
			copy_file_range(in, NULL, out, NULL, len > (1u << 30) ? 1u << 30 : len, 0);

		if (n < 0 &&
		    (errno == EXDEV || errno == ENOSYS || errno == EINVAL || errno == EOPNOTSUPP)) {
			/* Not between these file systems: by hand. */
			char buf[65536];

			n = read(in, buf, len < sizeof(buf) ? (size_t)len : sizeof(buf));
			if (n > 0 && write(out, buf, (size_t)n) != n)
				n = -1;
		}
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			if (n == 0)
				errno = EIO; /* the file shrank since it was looked at */
			goto end;
		}
		len -= (uint64_t)n;
	}
	ok = close(out) == 0;
	out = -1;
end:
	err = errno;
	if (out >= 0)
		close(out);
	close(in);
	errno = err;
	return ok;
}

/* Makes shadow directory I of trace directory DIR. False with *ERROR set. */
static bool shadow_dir(struct shadow *s, size_t i, const char *dir, size_t *n_stops, char **error)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	bool ok = true;

	if (!d) {
		*error = load_format("cannot salvage: cannot read %s: %s", dir, strerror(errno));
		return false;
	}
	while (ok && (e = readdir(d)) != NULL) {
		char *src = NULL, *dst = NULL;
		const struct cut *cut = NULL;
		struct stat st;

		if (e->d_name[0] == '.')
			continue;
		src = load_format("%s/%s", dir, e->d_name);
		dst = load_format("%s/%s", s->dirs[i], e->d_name);
		if (!src || !dst) {
			*error = load_format("cannot salvage: out of memory");
			ok = false;
		} else if (stat(src, &st) != 0 || !S_ISREG(st.st_mode)) {
			/* index/ and the like: babeltrace2 reads the streams without it. */
		} else {
			for (size_t k = 0; k < s->n_cuts; k++) {
				if (strcmp(s->cuts[k].file, src) == 0)
					cut = &s->cuts[k];
			}
			if (cut ? !copy_part(src, dst, 0, cut->len) : symlink(src, dst) != 0) {
				*error = load_format("cannot salvage: cannot write %s: %s", dst,
						     strerror(errno));
				ok = false;
			} else if (cut) {
				s->stops[(*n_stops)++] = dst;
				dst = NULL;
			}
		}
		free(src);
		free(dst);
	}
	closedir(d);
	return ok;
}

bool shadow_cut(struct shadow *s, const struct trace_dirs *traces, struct cut *cut, char **error)
{
	const char *tmp = getenv("TMPDIR");
	size_t n_stops = 0;
	struct cut *cuts;

	if (cut->len == 0) {
		*error = load_format("nothing precedes it to salvage");
		free(cut->file);
		return false;
	}
	for (size_t k = 0; k < s->n_cuts; k++) {
		if (strcmp(s->cuts[k].file, cut->file) == 0 && s->cuts[k].len <= cut->len) {
			/* Its sound part is damaged too: what was cut is not the damage. */
			*error = load_format("cannot tell where its damage starts, to salvage what "
					     "precedes it");
			free(cut->file);
			return false;
		}
		if (strcmp(s->cuts[k].file, cut->file) == 0) {
			s->cuts[k].len = cut->len;
			free(cut->file);
			cut->file = NULL;
		}
	}
	if (cut->file) {
		cuts = realloc(s->cuts, (s->n_cuts + 1) * sizeof(*cuts));
		if (!cuts) {
			*error = load_format("cannot salvage: out of memory");
			free(cut->file);
			return false;
		}
		s->cuts = cuts;
		s->cuts[s->n_cuts++] = *cut;
	}
	cut->file = NULL;
	shadow_remove(s);
	s->root = load_format("%s/ctrace-salvage-XXXXXX", tmp && *tmp ? tmp : "/tmp");
	s->dirs = calloc(traces->n ? traces->n : 1, sizeof(*s->dirs));
	s->stops = calloc(s->n_cuts + 1, sizeof(*s->stops));
	if (!s->root || !s->dirs || !s->stops) {
		*error = load_format("cannot salvage: out of memory");
		return false;
	}
	if (!mkdtemp(s->root) || !canonical(&s->root)) {
		*error = load_format("cannot salvage: cannot make a directory in %s: %s",
				     tmp && *tmp ? tmp : "/tmp", strerror(errno));
		free(s->root);
		s->root = NULL;
		return false;
	}
	for (size_t i = 0; i < traces->n; i++) {
		s->dirs[i] = load_format("%s/d%zu", s->root, i);
		if (!s->dirs[i]) {
			*error = load_format("cannot salvage: out of memory");
			return false;
		}
		s->n_dirs = i + 1;
		if (mkdir(s->dirs[i], 0700) != 0) {
			*error = load_format("cannot salvage: cannot make %s: %s", s->dirs[i],
					     strerror(errno));
			return false;
		}
		if (!shadow_dir(s, i, traces->dirs[i], &n_stops, error))
			return false;
	}
	return true;
}

bool shadow_packet(struct shadow *s, const char *dir, const char *file, uint64_t offset,
		   uint64_t size, char **error)
{
	const char *tmp = getenv("TMPDIR");
	const char *base = strrchr(file, '/');
	char *meta = NULL, *dst = NULL;
	bool ok = false;

	s->root = load_format("%s/ctrace-check-XXXXXX", tmp && *tmp ? tmp : "/tmp");
	s->dirs = calloc(1, sizeof(*s->dirs));
	s->stops = calloc(1, sizeof(*s->stops));
	if (!s->root || !s->dirs || !s->stops || !mkdtemp(s->root) || !canonical(&s->root)) {
		*error = load_format("cannot check the packet: %s", strerror(errno));
		free(s->root);
		s->root = NULL;
		return false;
	}
	s->dirs[0] = load_format("%s/d0", s->root);
	if (!s->dirs[0])
		goto end;
	s->n_dirs = 1;
	meta = load_format("%s/metadata", dir);
	dst = load_format("%s/metadata", s->dirs[0]);
	if (!meta || !dst || mkdir(s->dirs[0], 0700) != 0 || symlink(meta, dst) != 0)
		goto end;
	free(dst);
	dst = load_format("%s/%s", s->dirs[0], base ? base + 1 : file);
	ok = dst && copy_part(file, dst, offset, size);
end:
	if (!ok)
		*error = load_format("cannot check the packet: %s", strerror(errno));
	free(meta);
	free(dst);
	return ok;
}

char *shadow_real(const struct shadow *s, const struct trace_dirs *traces, const char *file)
{
	size_t n = s->root ? strlen(s->root) : 0;
	unsigned long i;
	char *end;

	if (n && strncmp(file, s->root, n) == 0 && strncmp(file + n, "/d", 2) == 0) {
		i = strtoul(file + n + 2, &end, 10);
		if (end != file + n + 2 && *end == '/' && i < traces->n)
			return load_format("%s%s", traces->dirs[i], end);
	}
	return strdup(file);
}

/* SPDX-License-Identifier: MIT */
/*
 * trace_dir.c - the trace directory: -o DIR or a new
 * ./ctrace-traces/PREFIX-DATE-TIME[-N], created before anything else and
 * removed again, with the parents made for it, when the recording fails
 * before the program starts (once it has started, what reached the disk is
 * always kept); and the free space of its file system.
 */
#define _GNU_SOURCE /* nftw's FTW_PHYS, FTW_DEPTH */
#include "recording.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <time.h>
#include <unistd.h>

#define CT_DEFAULT_PARENT "ctrace-traces"

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

/* -o DIR: a new directory (with its parents), or an existing empty one. */
static enum ct_record_status use_output_dir(struct ct_rec_dir *dir, const char *out, char *err,
					    size_t errlen)
{
	struct stat st;
	bool empty;
	size_t parent_len;

	if (stat(out, &st) == 0) {
		if (!S_ISDIR(st.st_mode)) {
			ct_rec_set_err(
				err, errlen,
				"output '%s' exists and is not a directory; choose a new -o DIR",
				out);
			return CT_RECORD_BAD_OUTPUT;
		}
		if (is_empty_dir(out, &empty) != 0) {
			ct_rec_set_err(err, errlen, "cannot read output directory '%s': %s", out,
				       strerror(errno));
			return CT_RECORD_BAD_OUTPUT;
		}
		if (!empty) {
			ct_rec_set_err(
				err, errlen,
				"output directory '%s' is not empty; refusing to overwrite it, choose a new -o DIR",
				out);
			return CT_RECORD_BAD_OUTPUT;
		}
		if (access(out, W_OK | X_OK) != 0) {
			ct_rec_set_err(
				err, errlen,
				"cannot write to output directory '%s': %s; choose another -o DIR",
				out, strerror(errno));
			return CT_RECORD_BAD_OUTPUT;
		}
		snprintf(dir->path, sizeof(dir->path), "%s", out);
		return CT_RECORD_OK;
	}
	if (errno != ENOENT) {
		ct_rec_set_err(err, errlen,
			       "cannot use output directory '%s': %s; choose another -o DIR", out,
			       strerror(errno));
		return CT_RECORD_BAD_OUTPUT;
	}
	if (strlen(out) >= sizeof(dir->path)) {
		ct_rec_set_err(err, errlen, "output directory name '%s' is too long", out);
		return CT_RECORD_BAD_OUTPUT;
	}
	/* Recorded even on failure, so half-made parents are removed too. */
	snprintf(dir->path, sizeof(dir->path), "%s", out);
	dir->created = true;
	if (mkdir_parents(out, &parent_len) != 0) {
		ct_rec_set_err(err, errlen,
			       "cannot create output directory '%s': %s; choose a writable -o DIR",
			       out, strerror(errno));
		dir->created_parent_len = parent_len;
		return CT_RECORD_BAD_OUTPUT;
	}
	dir->created_parent_len = parent_len;
	return CT_RECORD_OK;
}

enum ct_record_status ct_rec_dir_make(struct ct_rec_dir *dir, const char *output_dir,
				      const char *prefix, char *err, size_t errlen)
{
	size_t parent_len;
	char stamp[32];
	time_t t = time(NULL);
	struct tm tm;

	if (output_dir)
		return use_output_dir(dir, output_dir, err, errlen);

	if (mkdir_parents(CT_DEFAULT_PARENT, &parent_len) != 0) {
		ct_rec_set_err(
			err, errlen,
			"cannot create ./%s: %s; run from a writable directory or give -o DIR",
			CT_DEFAULT_PARENT, strerror(errno));
		return CT_RECORD_BAD_OUTPUT;
	}
	dir->created_parent_len = parent_len;
	localtime_r(&t, &tm);
	strftime(stamp, sizeof(stamp), "%Y%m%d-%H%M%S", &tm);
	for (int n = 1; n < 1000; n++) {
		if (n == 1)
			snprintf(dir->path, sizeof(dir->path), "%s/%s-%s", CT_DEFAULT_PARENT,
				 prefix, stamp);
		else
			snprintf(dir->path, sizeof(dir->path), "%s/%s-%s-%d", CT_DEFAULT_PARENT,
				 prefix, stamp, n);
		if (mkdir(dir->path, 0777) == 0) {
			dir->created = true;
			return CT_RECORD_OK;
		}
		if (errno != EEXIST)
			break;
	}
	ct_rec_set_err(err, errlen, "cannot create a trace directory under ./%s: %s; give -o DIR",
		       CT_DEFAULT_PARENT, strerror(errno));
	dir->path[0] = '\0';
	return CT_RECORD_BAD_OUTPUT;
}

enum ct_record_status ct_rec_dir_resolve(const struct ct_rec_dir *dir, char abs[PATH_MAX],
					 char *err, size_t errlen)
{
	if (!realpath(dir->path, abs)) {
		ct_rec_set_err(err, errlen, "cannot resolve '%s': %s", dir->path, strerror(errno));
		return CT_RECORD_BAD_OUTPUT;
	}
	return CT_RECORD_OK;
}

/* What df calls Avail: what a process without root's reserve may still write. */
int ct_rec_dir_free_bytes(const char *abs, uint64_t *avail)
{
	struct statvfs st;

	if (statvfs(abs, &st) != 0)
		return -1;
	*avail = (uint64_t)st.f_bavail * (uint64_t)st.f_frsize;
	return 0;
}

enum ct_record_status ct_rec_dir_check_space(const char *abs, uint64_t need, char *err,
					     size_t errlen)
{
	uint64_t avail;

	if (ct_rec_dir_free_bytes(abs, &avail) != 0 || avail >= need)
		return CT_RECORD_OK; /* a file system that cannot tell is not refused */
	ct_rec_set_err(err, errlen,
		       "the file system holding %s has only %.1f MiB free, less than the %.1f MiB "
		       "a recording needs to end cleanly; free some space or choose another -o DIR",
		       abs, (double)avail / (1024.0 * 1024.0), (double)need / (1024.0 * 1024.0));
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

bool ct_rec_dir_has_trace(const char *abs)
{
	/* LTTng's per-UID layout: ust/uid/UID/64-bit/metadata, well within 8 levels. */
	return contains_file(abs, "metadata", 8);
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

/* A failed recording leaves nothing behind. */
void ct_rec_dir_remove(const struct ct_rec_dir *dir)
{
	char buf[PATH_MAX];
	char *slash;

	if (dir->path[0] == '\0')
		return;
	nftw(dir->path, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
	if (!dir->created)
		return;
	rmdir(dir->path);
	if (dir->created_parent_len == 0)
		return;
	/* Parents we made go too, unless something else (a concurrent recording) is in them. */
	snprintf(buf, sizeof(buf), "%s", dir->path);
	while ((slash = strrchr(buf, '/')) && (size_t)(slash - buf) >= dir->created_parent_len) {
		*slash = '\0';
		if (rmdir(buf) != 0 && errno != ENOENT)
			return;
	}
}

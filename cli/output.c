/* SPDX-License-Identifier: MIT */
/* output.c - writing a command's output file, whole or not at all. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "output.h"

static bool write_stdout(const char *cmd, bool (*write)(FILE *out, void *arg), void *arg)
{
	if (write(stdout, arg) && fflush(stdout) == 0 && !ferror(stdout))
		return true;
	fprintf(stderr, "ctrace %s: stdout: %s\n", cmd, strerror(errno));
	return false;
}

bool ct_cli_write_output(const char *cmd, const char *path, bool (*write)(FILE *out, void *arg),
			 void *arg)
{
	size_t len = strlen(path);
	char *tmp;
	FILE *out = NULL;
	mode_t mask;
	int fd;

	if (strcmp(path, "-") == 0)
		return write_stdout(cmd, write, arg);
	tmp = malloc(len + 16);
	if (!tmp) {
		fprintf(stderr, "ctrace %s: out of memory\n", cmd);
		return false;
	}
	memcpy(tmp, path, len);
	memcpy(tmp + len, ".tmp-XXXXXX", 12);
	fd = mkstemp(tmp);
	if (fd < 0) {
		fprintf(stderr, "ctrace %s: %s: %s\n", cmd, path, strerror(errno));
		free(tmp);
		return false;
	}
	/* mkstemp makes the file 0600; an output gets the usual umask'd mode. */
	mask = umask(0);
	umask(mask);
	(void)fchmod(fd, 0666 & ~mask);
	out = fdopen(fd, "w");
	if (!out) {
		close(fd);
		goto error;
	}
	if (!write(out, arg))
		goto error;
	if (fflush(out) != 0 || fsync(fileno(out)) != 0)
		goto error;
	if (fclose(out) != 0) {
		out = NULL;
		goto error;
	}
	out = NULL;
	if (rename(tmp, path) != 0)
		goto error;
	free(tmp);
	return true;
error:
	fprintf(stderr, "ctrace %s: %s: %s\n", cmd, path, strerror(errno));
	if (out)
		fclose(out);
	unlink(tmp);
	free(tmp);
	return false;
}

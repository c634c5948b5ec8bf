/* SPDX-License-Identifier: MIT */
/*
 * proc_counter.c - the second program of test_procs's pipeline: counts the
 * bytes on its standard input, prints "bytes=N" on its standard error and
 * exits with status 7, so that the test can tell its exit status from the
 * writer's.
 */
#include <stdio.h>
#include <unistd.h>

int main(void)
{
	char buf[4096];
	long total = 0;
	ssize_t n;

	while ((n = read(STDIN_FILENO, buf, sizeof(buf))) > 0)
		total += n;
	fprintf(stderr, "bytes=%ld\n", total);
	return 7;
}

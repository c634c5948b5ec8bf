/* SPDX-License-Identifier: MIT */
/*
 * proc_writer.c - the first program of test_procs's pipeline: writes
 * COUNT (argv[1]) lines of text to its standard output and exits 0.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	long count = argc > 1 ? strtol(argv[1], NULL, 10) : 100;
	char line[64];

	for (long i = 0; i < count; i++) {
		int n = snprintf(line, sizeof(line), "line %ld of the writer\n", i);

		if (write(STDOUT_FILENO, line, (size_t)n) != n)
			return 1;
	}
	return 0;
}

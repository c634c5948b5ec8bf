/* SPDX-License-Identifier: MIT */
/*
 * proc_worker.c - the job proc_forker runs: waits for one byte on its
 * standard input (the forker's go-ahead), then sleeps MS milliseconds
 * (argv[2]) and exits with status INDEX (argv[1]), so that each job's exit
 * status names it. The sleep comes after the go-ahead so that the forker
 * is already waiting when the job exits.
 */
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	int index = argc > 1 ? atoi(argv[1]) : 0;
	long ms = argc > 2 ? strtol(argv[2], NULL, 10) : 100;
	struct timespec ts = { .tv_sec = ms / 1000, .tv_nsec = (ms % 1000) * 1000000L };
	char go;

	if (read(STDIN_FILENO, &go, 1) != 1)
		return 100;
	nanosleep(&ts, NULL);
	return index;
}

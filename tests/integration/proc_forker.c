/* SPDX-License-Identifier: MIT */
/*
 * proc_forker.c - a make-like job runner for test_procs: runs N jobs
 * (argv[2]) of the worker program (argv[1]), at most two at a time, each
 * with fork + execv and reaped with waitpid(-1). Job i exits with status
 * i. Each job waits on its standard input (a pipe) for a go-ahead: the
 * runner lets the newest running job finish first, so job 1 runs until the
 * end and the others finish out of order, and every waitpid has to wait.
 * Prints "job I pid P" for each start and "reaped P status S" for each
 * reap; exits 0 when every job exited with its own status.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#define MAX_JOBS 32

struct job {
	pid_t pid;
	int go;       /* the write end of its go-ahead pipe, -1 once used */
	bool running; /* started and not reaped yet */
};

/* Starts job INDEX (1-based) of WORKER; returns its pid, or -1. */
static pid_t start(const char *worker, int index, int *go)
{
	char index_s[16];
	int fds[2];
	pid_t pid;

	snprintf(index_s, sizeof(index_s), "%d", index);
	if (pipe(fds) != 0)
		return -1;
	pid = fork();
	if (pid == 0) {
		char *args[] = { (char *)worker, index_s, "100", NULL };

		close(fds[1]);
		if (dup2(fds[0], STDIN_FILENO) < 0)
			_exit(126);
		close(fds[0]);
		execv(worker, args);
		_exit(127);
	}
	close(fds[0]);
	*go = fds[1];
	return pid;
}

int main(int argc, char **argv)
{
	int n = argc > 2 ? atoi(argv[2]) : 6;
	struct job jobs[MAX_JOBS + 1] = { { 0 } };
	int running = 0, started = 0, reaped = 0, bad = 0;

	if (argc < 2 || n < 1 || n > MAX_JOBS) {
		fprintf(stderr, "usage: proc_forker WORKER N (N <= %d)\n", MAX_JOBS);
		return 2;
	}
	while (reaped < n) {
		int newest = 0, status;
		pid_t pid;

		while (running < 2 && started < n) {
			started++;
			jobs[started].pid = start(argv[1], started, &jobs[started].go);
			if (jobs[started].pid < 0) {
				perror("fork");
				return 2;
			}
			jobs[started].running = true;
			printf("job %d pid %d\n", started, (int)jobs[started].pid);
			running++;
		}
		/* Let the newest running job finish, then wait for any. */
		for (int i = 1; i <= started; i++)
			if (jobs[i].running && jobs[i].go >= 0)
				newest = i;
		if (newest == 0 || write(jobs[newest].go, "g", 1) != 1) {
			fprintf(stderr, "proc_forker: no job to let go\n");
			return 2;
		}
		close(jobs[newest].go);
		jobs[newest].go = -1;
		pid = waitpid(-1, &status, 0);
		if (pid < 0) {
			perror("waitpid");
			return 2;
		}
		printf("reaped %d status %d\n", (int)pid,
		       WIFEXITED(status) ? WEXITSTATUS(status) : -1);
		for (int i = 1; i <= started; i++) {
			if (jobs[i].pid != pid)
				continue;
			jobs[i].running = false;
			if (!WIFEXITED(status) || WEXITSTATUS(status) != i)
				bad++;
		}
		running--;
		reaped++;
	}
	fflush(stdout);
	return bad ? 1 : 0;
}

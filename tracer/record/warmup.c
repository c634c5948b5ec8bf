/* SPDX-License-Identifier: MIT */
/*
 * warmup.c - one short process, run under the shim after the session starts
 * and before the program, so that the end of the recording does not wait
 * 200 ms.
 *
 * Why: LTTng-UST describes each event class in the session's metadata the
 * first time a process registers it. The session daemon sends new metadata
 * to the consumer daemon when a process exits and when the session stops,
 * and lttng-consumerd 2.13 then polls, with a fixed 200 ms sleep, until its
 * metadata thread has written it, holding its command socket meanwhile
 * (lttng_ustconsumer_recv_metadata; DEFAULT_METADATA_AVAILABILITY_WAIT_TIME
 * is a compile-time constant). A program's own registration therefore made
 * every stop wait about 200 ms after the program exited, whatever it did.
 *
 * A warm-up process registers every ctrace event class first (the shim's
 * provider holds them all; CT_WARMUP_ENV keeps it from announcing or
 * recording anything) and exits at once, so its 200 ms start while the
 * program runs. The program and the processes it starts then add no
 * metadata (the registry is per user and per session), and a program that
 * runs longer than that is stopped without the wait. A shorter one waits for
 * what is left of it. Everything here is an optimisation: when the warm-up
 * cannot run, the recording goes on as before.
 */
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "announce.h"
#include "recording.h"

/* A warm-up that takes longer than this is given up (and killed). */
#define CT_WARMUP_LIMIT_S 3.0

/* The program the warm-up runs: it does nothing, so only its start is recorded (as nothing). */
static const char *warmup_program(void)
{
	static const char *const candidates[] = { "/bin/true", "/usr/bin/true" };

	for (size_t i = 0; i < sizeof(candidates) / sizeof(candidates[0]); i++)
		if (access(candidates[i], X_OK) == 0)
			return candidates[i];
	return NULL;
}

static size_t count_env(char *const *envp)
{
	size_t n = 0;

	while (envp[n])
		n++;
	return n;
}

/* Reaps PID, waiting at most until DEADLINE (ct_rec_now_s); false if it had to be killed. */
static bool reap_by(pid_t pid, double deadline)
{
	struct timespec tick = { 0, 500 * 1000 }; /* 0.5 ms: the warm-up takes about 10 */
	int st;

	for (;;) {
		pid_t r = waitpid(pid, &st, WNOHANG);

		if (r == pid || (r < 0 && errno != EINTR))
			return true;
		if (ct_rec_now_s() >= deadline)
			break;
		nanosleep(&tick, NULL);
	}
	kill(pid, SIGKILL);
	while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
		;
	return false;
}

void ct_rec_warm_up(struct ct_rec_session *s, char *const *envp, const sigset_t *exec_mask,
		    const struct ct_rec_log *log)
{
	const char *prog = warmup_program();
	char *argv[2] = { (char *)prog, NULL };
	char flag[] = CT_WARMUP_ENV "=1", no_statedump[] = "LTTNG_UST_WITHOUT_BADDR_STATEDUMP=1";
	char err[256];
	struct ct_rec_child child;
	pid_t pid;
	char **env;
	size_t n = 0;

	if (!prog)
		return;
	env = malloc((count_env(envp) + 3) * sizeof(*env));
	if (!env)
		return;
	/*
	 * Its binaries are nobody's call sites: no base-address statedump (a few
	 * ms). The program's own setting of the variable is left out, so ours
	 * is the one LTTng-UST reads.
	 */
	for (size_t i = 0; envp[i]; i++)
		if (strncmp(envp[i], "LTTNG_UST_WITHOUT_BADDR_STATEDUMP=", 34) != 0)
			env[n++] = envp[i];
	env[n++] = flag;
	env[n++] = no_statedump;
	env[n] = NULL;

	ct_rec_child_init(&child);
	/* Nothing it might say (a warning about the environment, say) is the program's. */
	child.quiet = true;
	if (ct_rec_child_spawn(&child, argv, env, exec_mask, -1, err, sizeof(err)) != CT_RECORD_OK)
		goto end;
	pid = child.pid;
	if (ct_rec_session_track(s, pid, false, err, sizeof(err)) != CT_RECORD_OK) {
		ct_rec_child_kill(&child);
		goto end;
	}
	if (ct_rec_child_release(&child, prog, err, sizeof(err)) != CT_RECORD_OK)
		ct_rec_child_kill(&child);
	else if (!reap_by(pid, ct_rec_now_s() + CT_WARMUP_LIMIT_S))
		ct_rec_say(log,
			   "note: the session daemon is slow to register processes (a first "
			   "process took over %.0f s)",
			   CT_WARMUP_LIMIT_S);
	child.pid = 0;
	/* Its pid may be reused by a process that is none of the program's. */
	ct_rec_session_untrack(s, pid);
end:
	ct_rec_child_fini(&child);
	free(env);
}

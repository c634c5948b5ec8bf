/* SPDX-License-Identifier: MIT */
/*
 * sessiond.c - the LTTng session daemon: asked whether one answers, and
 * started (`lttng-sessiond --daemonize --no-kernel`) when none does. A daemon
 * ctrace starts keeps running after the recording, like one the user started.
 */
#include "recording.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define CT_SESSIOND_WAIT_S 10.0 /* how long a freshly started daemon has to answer */

static void sleep_s(double s)
{
	struct timespec ts = { .tv_sec = (time_t)s,
			       .tv_nsec = (long)((s - (double)(time_t)s) * 1e9) };

	while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
		;
}

/*
 * As root the daemon started is the system-wide one; as another user (not in
 * the tracing group) it is that user's own daemon, which traces that user's
 * programs.
 */
enum ct_record_status ct_rec_sessiond_ensure(const struct ct_rec_log *log, bool *started, char *err,
					     size_t errlen)
{
	char path[PATH_MAX];
	char perr[256];
	const char *why = "";
	pid_t pid;
	int status, alive;
	double deadline;

	alive = ct_rec_session_daemon_alive(&why);
	if (alive == 1)
		return CT_RECORD_OK;
	if (alive < 0) {
		ct_rec_set_err(err, errlen, "cannot look for an LTTng session daemon: %s", why);
		return CT_RECORD_NO_SESSIOND;
	}
	if (ct_rec_find_program("lttng-sessiond", path, sizeof(path), perr, sizeof(perr)) ==
	    CT_RECORD_OK) {
		/* found on PATH */
	} else if (access("/usr/bin/lttng-sessiond", X_OK) == 0) {
		snprintf(path, sizeof(path), "/usr/bin/lttng-sessiond");
	} else {
		ct_rec_set_err(
			err, errlen,
			"no LTTng session daemon is running and lttng-sessiond was not found: "
			"install lttng-tools, or start one with 'lttng-sessiond --daemonize'");
		return CT_RECORD_NO_SESSIOND;
	}
	ct_rec_say(
		log,
		"no LTTng session daemon answered, so one is started: %s --daemonize --no-kernel",
		path);
	fflush(NULL);
	pid = fork();
	if (pid < 0) {
		ct_rec_set_err(err, errlen, "cannot start lttng-sessiond: fork: %s",
			       strerror(errno));
		return CT_RECORD_SYSTEM_ERROR;
	}
	if (pid == 0) {
		/* The daemon must not keep ctrace's stdout open (a pipe reader would never see EOF). */
		int devnull = open("/dev/null", O_RDWR);

		if (devnull >= 0) {
			dup2(devnull, STDIN_FILENO);
			dup2(devnull, STDOUT_FILENO);
		}
		execl(path, "lttng-sessiond", "--daemonize", "--no-kernel", (char *)NULL);
		_exit(127);
	}
	/* With --daemonize the launcher exits once the daemon is up (or failed). */
	while (waitpid(pid, &status, 0) < 0) {
		if (errno != EINTR) {
			ct_rec_set_err(err, errlen, "cannot start lttng-sessiond: waitpid: %s",
				       strerror(errno));
			return CT_RECORD_SYSTEM_ERROR;
		}
	}
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		ct_rec_set_err(
			err, errlen,
			"'%s --daemonize --no-kernel' failed (status %d); run it yourself to see why, "
			"then retry",
			path, WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status));
		return CT_RECORD_NO_SESSIOND;
	}
	deadline = ct_rec_now_s() + CT_SESSIOND_WAIT_S;
	while ((alive = ct_rec_session_daemon_alive(&why)) != 1 && ct_rec_now_s() < deadline)
		sleep_s(0.05);
	if (alive != 1) {
		ct_rec_set_err(
			err, errlen,
			"started lttng-sessiond but it does not answer after %.0f s; check 'lttng list' "
			"and the daemon's log, or start it yourself with 'lttng-sessiond --daemonize'",
			CT_SESSIOND_WAIT_S);
		return CT_RECORD_NO_SESSIOND;
	}
	*started = true;
	return CT_RECORD_OK;
}

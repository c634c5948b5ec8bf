/* SPDX-License-Identifier: MIT */
/*
 * owner.c - whose an LTTng session is: the recorder that made it signs the
 * session's name, so that a session whose recorder was killed (SIGKILL
 * gives it no chance to destroy its session, which then records on in the
 * daemon for ever) can be found and ended later, by the next recording or by
 * `ctrace doctor`. Ending a session stops and destroys it; its trace files
 * stay where they are.
 *
 * The signature is the last part of the name: ".ctrace-PID-START-PIDNS",
 * where START is the recorder's start time (field 22 of /proc/PID/stat, in
 * clock ticks since boot), so a pid used again by another process is not
 * taken for the recorder, and PIDNS the inode of its pid namespace, since a
 * pid means nothing in another one (a container sharing the host's daemon):
 * such sessions are never judged.
 */
#define _GNU_SOURCE
#include "recording.h"

#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define CT_OWNER_MARK ".ctrace-"

/* Reads PID's state letter and start time from /proc/PID/stat. Returns 0, or -1 when it is gone. */
static int proc_stat(long pid, char *state, unsigned long long *start)
{
	char path[64], buf[1024];
	const char *p;
	size_t n;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%ld/stat", pid);
	f = fopen(path, "re");
	if (!f)
		return -1;
	n = fread(buf, 1, sizeof(buf) - 1, f);
	fclose(f);
	buf[n] = '\0';
	/* The name (field 2) may hold spaces and parentheses: fields 3.. follow the last ')'. */
	p = strrchr(buf, ')');
	if (!p || sscanf(p + 1, " %c", state) != 1)
		return -1;
	p += 2;
	/* Fields 4 to 21 come between the state and the start time. */
	for (int field = 3; field < 22 && p; field++) {
		p = strchr(p, ' ');
		if (p)
			p++;
	}
	if (!p || sscanf(p, "%llu", start) != 1)
		return -1;
	return 0;
}

static int pidns_inode(unsigned long long *ino)
{
	struct stat st;

	if (stat("/proc/self/ns/pid", &st) != 0)
		return -1;
	*ino = (unsigned long long)st.st_ino;
	return 0;
}

int ct_rec_owner_self(struct ct_rec_owner *o)
{
	char state;

	o->pid = (long)getpid();
	if (proc_stat(o->pid, &state, &o->start) != 0 || pidns_inode(&o->pidns) != 0)
		return -1;
	return 0;
}

void ct_rec_owner_format(const struct ct_rec_owner *o, char *buf, size_t len)
{
	snprintf(buf, len, CT_OWNER_MARK "%ld-%llu-%llu", o->pid, o->start, o->pidns);
}

/* Parses an unsigned decimal at *P up to a '-' or the end; advances *P. */
static bool parse_number(const char **p, unsigned long long *out)
{
	char *end;

	if (**p < '0' || **p > '9')
		return false;
	errno = 0;
	*out = strtoull(*p, &end, 10);
	if (errno != 0 || (*end != '-' && *end != '\0'))
		return false;
	*p = end;
	return true;
}

bool ct_rec_owner_parse(const char *name, struct ct_rec_owner *o)
{
	const char *p = NULL, *next = name;
	unsigned long long pid, n;

	/* The last signature, so that a program named like one does not confuse it. */
	while ((next = strstr(next, CT_OWNER_MARK))) {
		p = next;
		next++;
	}
	if (!p)
		return false;
	p += strlen(CT_OWNER_MARK);
	if (!parse_number(&p, &pid) || *p++ != '-' || !parse_number(&p, &o->start) || *p++ != '-' ||
	    !parse_number(&p, &o->pidns))
		return false;
	/* An optional "-N" tells apart the sessions one recorder made in one second. */
	if (*p == '-' && (p++, !parse_number(&p, &n)))
		return false;
	if (*p != '\0' || pid == 0 || pid > (unsigned long long)INT32_MAX)
		return false;
	o->pid = (long)pid;
	return true;
}

enum ct_rec_owner_state ct_rec_owner_state(const struct ct_rec_owner *o)
{
	unsigned long long ns, start;
	char state;

	if (pidns_inode(&ns) != 0 || ns != o->pidns)
		return CT_REC_OWNER_UNKNOWN;
	if (proc_stat(o->pid, &state, &start) != 0 || start != o->start)
		return CT_REC_OWNER_GONE;
	/* A killed recorder its parent has not reaped yet is gone too. */
	return state == 'Z' || state == 'X' ? CT_REC_OWNER_GONE : CT_REC_OWNER_ALIVE;
}

enum ct_record_status ct_record_sessions(struct ct_record_session **out, size_t *n, char *err,
					 size_t errlen)
{
	enum ct_record_status status;

	size_t kept = 0;

	status = ct_rec_session_list_all(out, n, err, errlen);
	if (status != CT_RECORD_OK)
		return status;
	for (size_t i = 0; i < *n; i++) {
		struct ct_record_session *s = &(*out)[kept];
		struct ct_rec_owner o;

		if (!ct_rec_owner_parse((*out)[i].name, &o))
			continue; /* not a ctrace session */
		if (i != kept)
			*s = (*out)[i];
		kept++;
		s->recorder_pid = o.pid;
		switch (ct_rec_owner_state(&o)) {
		case CT_REC_OWNER_ALIVE:
			break;
		case CT_REC_OWNER_GONE:
			s->orphaned = true;
			break;
		case CT_REC_OWNER_UNKNOWN:
			s->foreign = true;
			break;
		}
	}
	*n = kept;
	return CT_RECORD_OK;
}

enum ct_record_status ct_record_session_end(const char *name, char *err, size_t errlen)
{
	return ct_rec_session_end_named(name, err, errlen);
}

void ct_rec_owner_clean(const struct ct_rec_log *log)
{
	struct ct_record_session *sessions = NULL;
	size_t n = 0;
	char err[512];

	/* Best effort: a recording is not refused because the past could not be cleaned. */
	if (ct_record_sessions(&sessions, &n, err, sizeof(err)) != CT_RECORD_OK)
		return;
	for (size_t i = 0; i < n; i++) {
		const struct ct_record_session *s = &sessions[i];

		if (!s->orphaned)
			continue;
		if (ct_record_session_end(s->name, err, sizeof(err)) == CT_RECORD_OK)
			ct_rec_say(log,
				   "ended the LTTng session %s, left running by a ctrace that was "
				   "killed (pid %ld); its trace is in %s",
				   s->name, s->recorder_pid, s->trace_dir);
		else
			ct_rec_say(
				log,
				"warning: the LTTng session %s, left running by a ctrace that was "
				"killed (pid %ld), could not be ended: %s",
				s->name, s->recorder_pid, err);
	}
	free(sessions);
}

/* SPDX-License-Identifier: MIT */
/*
 * cmd_dump.c - `ctrace dump TRACE`: the model's events, one a line.
 *
 * Each line is "TIME LANE EVENT FIELDS": TIME in seconds since the first
 * event with nanosecond digits, LANE as T<n>:<name> (the short id every
 * front end gives the thread, so the text does not change with the run's tids),
 * then key=value fields with strings quoted. Lines starting with '#' describe
 * the trace (lanes, counts, problems) and are easy to filter out.
 * With --narrate each line is instead "TIME LANE  SENTENCE": the event told
 * for a reader, in the messages language (narrate.c), not for machines.
 * Single-threaded, like the rest of the CLI.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "commands.h"
#include "model.h"
#include "narrate.h"
#include "proc.h"
#include "timefmt.h"
#include "model_load.h"
#include "source.h"

/* Prints S quoted, escaping what would break a one-line, greppable record. */
static void put_quoted(FILE *out, const char *s)
{
	fputc('"', out);
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '"' || c == '\\')
			fprintf(out, "\\%c", c);
		else if (c == '\n')
			fputs("\\n", out);
		else if (c < 0x20 || c == 0x7f)
			fprintf(out, "\\x%02x", c);
		else
			fputc(c, out);
	}
	fputc('"', out);
}

static void put_time(FILE *out, uint64_t ns)
{
	char buf[32];

	fputs(ct_time_format_seconds(ns, buf, sizeof(buf)), out);
}

/* The trace's id of object index OBJ, 0 for none. */
static unsigned long long obj_id(const struct ct_model_object *objs, size_t n, uint32_t obj)
{
	return obj < n ? (unsigned long long)objs[obj].id : 0;
}

static void put_fields(FILE *out, const struct ct_model *m, const struct ct_model_event *ev)
{
	size_t n_objs;
	const struct ct_model_object *objs = ct_model_borrow_objects(m, &n_objs);
	unsigned long long id = obj_id(objs, n_objs, ev->obj);
	const char *obj_name = ev->obj < n_objs ? ct_model_string(m, objs[ev->obj].name) : "";

	switch ((enum ct_event_type)ev->type) {
	case CT_EV_THREAD_SPAWN:
	case CT_EV_THREAD_BEGIN:
	case CT_EV_THREAD_NAME:
		fprintf(out, " thread=%llu name=", id);
		put_quoted(out, ct_model_string(m, ev->arg));
		break;
	case CT_EV_THREAD_END:
	case CT_EV_JOIN_BEGIN:
	case CT_EV_JOIN_END:
	case CT_EV_THREAD_DETACH:
		fprintf(out, " thread=%llu", id);
		break;
	case CT_EV_CHAN_NEW:
		fprintf(out, " chan=%llu capacity=%lld name=", id,
			(long long)ct_model_event_value(m, ev));
		put_quoted(out, obj_name);
		break;
	case CT_EV_CHAN_SEND_BEGIN:
	case CT_EV_CHAN_SEND_END:
	case CT_EV_CHAN_RECV_BEGIN:
	case CT_EV_CHAN_RECV_END:
		fprintf(out, " chan=%llu msg=%llu status=%s", id,
			(unsigned long long)ct_model_message_id(m, ev->arg),
			ct_event_status_name(ev->status));
		if (ev->type == CT_EV_CHAN_SEND_END) {
			fputs(" label=", out);
			put_quoted(out, ct_model_string(m, ct_model_message_label(m, ev->arg)));
		}
		break;
	case CT_EV_CHAN_SENDER_CLONE:
	case CT_EV_CHAN_SENDER_DROP:
	case CT_EV_CHAN_RECEIVER_DROP:
		fprintf(out, " chan=%llu", id);
		break;
	case CT_EV_MUTEX_NEW:
		fprintf(out, " mutex=%llu name=", id);
		put_quoted(out, obj_name);
		break;
	case CT_EV_MUTEX_LOCK_BEGIN:
	case CT_EV_MUTEX_LOCK_END:
	case CT_EV_MUTEX_UNLOCK:
		fprintf(out, " mutex=%llu", id);
		break;
	case CT_EV_COND_NEW:
		fprintf(out, " cond=%llu name=", id);
		put_quoted(out, obj_name);
		break;
	case CT_EV_COND_WAIT_BEGIN:
	case CT_EV_COND_WAIT_END:
	case CT_EV_COND_SIGNAL:
	case CT_EV_COND_BROADCAST:
		fprintf(out, " cond=%llu mutex=%llu", id, obj_id(objs, n_objs, ev->arg));
		if (ev->type == CT_EV_COND_WAIT_END)
			fprintf(out, " status=%s", ct_event_status_name(ev->status));
		break;
	case CT_EV_ARC_NEW:
		fprintf(out, " arc=%llu count=%lld name=", id,
			(long long)ct_model_event_value(m, ev));
		put_quoted(out, obj_name);
		break;
	case CT_EV_ARC_CLONE:
	case CT_EV_ARC_DROP:
		fprintf(out, " arc=%llu count=%lld", id, (long long)ct_model_event_value(m, ev));
		break;
	case CT_EV_SLEEP_BEGIN:
	case CT_EV_SLEEP_END:
		fprintf(out, " ns=%lld", (long long)ct_model_event_value(m, ev));
		break;
	case CT_EV_OBJ_NEW:
		fprintf(out, " object=%llu name=", id);
		put_quoted(out, obj_name);
		break;
	case CT_EV_OBJ_DROP:
		fprintf(out, " object=%llu", id);
		break;
	case CT_EV_MOVE:
		fprintf(out, " object=%llu to_thread=%llu", id, obj_id(objs, n_objs, ev->arg));
		break;
	case CT_EV_ACCESS:
		fprintf(out, " object=%llu kind=%s value=%lld", id, ct_access_kind_name(ev->status),
			(long long)ct_model_event_value(m, ev));
		break;
	case CT_EV_PRINT:
		fputs(" text=", out);
		put_quoted(out, ct_model_string(m, ev->arg));
		break;
	case CT_EV_MARK:
		fputs(" label=", out);
		put_quoted(out, ct_model_string(m, ev->arg));
		break;
	case CT_EV_PROCESS_EXIT:
		fprintf(out, " printing_closed=%lld", (long long)ct_model_event_value(m, ev));
		break;
	case CT_EV_FD_WRITE:
	case CT_EV_FD_READ_BEGIN:
	case CT_EV_FD_READ:
		fprintf(out, " stream=%llu offset=%llu len=%lld", id,
			(unsigned long long)ct_model_event_offset(m, ev),
			(long long)ct_model_event_value(m, ev));
		break;
	case CT_EV_FD_WRITE_WAIT_BEGIN:
		fprintf(out, " stream=%llu", id);
		break;
	case CT_EV_FD_WRITE_WAIT_END:
		fprintf(out, " stream=%llu len=%lld status=%s", id,
			(long long)ct_model_event_value(m, ev), ct_event_status_name(ev->status));
		break;
	case CT_EV_MQ_SEND:
	case CT_EV_MQ_RECV:
		fprintf(out, " queue=%llu hash=0x%016llx len=%lld prio=%u", id,
			(unsigned long long)ct_model_event_hash(m, ev),
			(long long)ct_model_event_value(m, ev), ct_model_event_prio(m, ev));
		if (ev->type == CT_EV_MQ_RECV)
			fprintf(out, " status=%s", ct_event_status_name(ev->status));
		break;
	case CT_EV_MQ_SEND_BEGIN:
	case CT_EV_MQ_RECV_BEGIN:
		fprintf(out, " queue=%llu", id);
		break;
	case CT_EV_MQ_SEND_END:
		fprintf(out, " queue=%llu status=%s", id, ct_event_status_name(ev->status));
		break;
	case CT_EV_SEM_NEW:
		fprintf(out, " sem=%llu value=%lld name=", id,
			(long long)ct_model_event_value(m, ev));
		put_quoted(out, obj_name);
		break;
	case CT_EV_SEM_WAIT_BEGIN:
	case CT_EV_SEM_POST:
		fprintf(out, " sem=%llu", id);
		break;
	case CT_EV_SEM_WAIT_END:
		fprintf(out, " sem=%llu status=%s", id, ct_event_status_name(ev->status));
		break;
	case CT_EV_SOCK_NAME:
		fprintf(out, " stream=%llu name=", id);
		put_quoted(out, obj_name);
		break;
	case CT_EV_ACCEPT_BEGIN:
	case CT_EV_CONNECT_BEGIN:
		fprintf(out, " sock=%llu", id);
		break;
	case CT_EV_ACCEPT_END:
	case CT_EV_CONNECT_END:
		fprintf(out, " sock=%llu status=%s", id, ct_event_status_name(ev->status));
		break;
	case CT_EV_POLL_BEGIN:
		fprintf(out, " nfds=%lld", (long long)ct_model_event_value(m, ev));
		break;
	case CT_EV_POLL_END:
		fprintf(out, " ready=%lld", (long long)ct_model_event_value(m, ev));
		break;
	case CT_EV_DGRAM_SEND:
	case CT_EV_DGRAM_RECV:
		fprintf(out, " dest=%llu hash=0x%016llx len=%lld", id,
			(unsigned long long)ct_model_event_hash(m, ev),
			(long long)ct_model_event_value(m, ev));
		if (ev->type == CT_EV_DGRAM_RECV)
			fprintf(out, " status=%s", ct_event_status_name(ev->status));
		break;
	case CT_EV_DGRAM_RECV_BEGIN:
		fprintf(out, " dest=%llu", id);
		break;
	case CT_EV_SIG_WAIT_BEGIN:
		fprintf(out, " set=0x%llx", id);
		break;
	case CT_EV_SIG_WAIT_END:
		fprintf(out, " set=0x%llx signo=%lld status=%s", id,
			(long long)ct_model_event_value(m, ev), ct_event_status_name(ev->status));
		break;
	case CT_EV_SIG_SEND:
		fprintf(out, " set=0x%llx signo=%lld", id, (long long)ct_model_event_value(m, ev));
		break;
	case CT_EV_FUTEX_WAIT_BEGIN:
		fprintf(out, " futex=0x%llx", id);
		break;
	case CT_EV_FUTEX_WAIT_END:
		fprintf(out, " futex=0x%llx status=%s", id, ct_event_status_name(ev->status));
		break;
	case CT_EV_FUTEX_WAKE:
		fprintf(out, " futex=0x%llx count=%lld", id,
			(long long)ct_model_event_value(m, ev));
		break;
	case CT_EV_BARRIER_WAIT_BEGIN:
		fprintf(out, " barrier=%llu", id);
		break;
	case CT_EV_BARRIER_WAIT_END:
		fprintf(out, " barrier=%llu serial=%lld", id,
			(long long)ct_model_event_value(m, ev));
		break;
	case CT_EV_ONCE_WAIT_BEGIN:
	case CT_EV_ONCE_WAIT_END:
	case CT_EV_ONCE_DONE:
		fprintf(out, " once=%llu", id);
		break;
	case CT_EV_RWLOCK_NEW:
		fprintf(out, " rwlock=%llu name=", id);
		put_quoted(out, obj_name);
		break;
	case CT_EV_RWLOCK_LOCK_BEGIN:
	case CT_EV_RWLOCK_LOCK_END:
	case CT_EV_RWLOCK_UNLOCK:
		fprintf(out, " rwlock=%llu mode=%s", id, ct_access_kind_name(ev->status));
		break;
	case CT_EV_PROC_FORK:
		fprintf(out, " seq=%lld via=%s", (long long)ct_model_event_value(m, ev),
			ev->status == CT_PROC_VIA_SPAWN    ? "posix_spawn"
			: ev->status == CT_PROC_VIA_SYSTEM ? "system"
							   : "fork");
		break;
	case CT_EV_PROC_START: {
		static const char *const how[] = { "forked", "exec", "spawned", "started" };

		fprintf(out, " how=%s name=", ev->status < 4 ? how[ev->status] : "?");
		put_quoted(out, ct_model_string(m, ev->arg));
		break;
	}
	case CT_EV_PROC_EXEC:
		fputs(" path=", out);
		put_quoted(out, ct_model_string(m, ev->arg));
		break;
	case CT_EV_WAIT_BEGIN:
		fprintf(out, " pid=%lld", (long long)ct_model_event_pid(m, ev));
		break;
	case CT_EV_WAIT_END: {
		char st[64];

		fprintf(out, " pid=%lld wstatus=%lld status=%s",
			(long long)ct_model_event_pid(m, ev),
			(long long)ct_model_event_value(m, ev), ct_event_status_name(ev->status));
		if (ev->status == CT_OK)
			fprintf(out, " (%s)",
				ct_model_wait_status_phrase((int)ct_model_event_value(m, ev), st,
							    sizeof(st)));
		break;
	}
	case CT_EV_COUNT_:
		break;
	}
}

static void put_header(FILE *out, const struct ct_model *m, const char *path)
{
	size_t n_events, n_lanes, n_arrows;
	const struct ct_model_lane *lanes = ct_model_borrow_lanes(m, &n_lanes);
	const uint32_t *order = ct_model_borrow_lane_order(m, &n_lanes);
	const struct ct_model_problems *p = ct_model_borrow_problems(m);

	ct_model_borrow_events(m, &n_events);
	ct_model_borrow_arrows(m, &n_arrows);
	fprintf(out, "# trace %s\n", path);
	fprintf(out, "# %zu events, %zu lanes, %zu arrows, duration ", n_events, n_lanes, n_arrows);
	put_time(out, ct_model_end_time(m));
	fprintf(out, " s, %llu discarded, %llu skipped\n",
		(unsigned long long)ct_model_discarded(m), (unsigned long long)ct_model_skipped(m));
	for (size_t r = 0; r < n_lanes; r++) {
		const struct ct_model_lane *l = &lanes[order[r]];

		char st[64];

		fprintf(out, "# lane T%u:%s pid=%u tid=%u %s", l->rank + 1,
			ct_model_string(m, l->name), l->pid, l->tid,
			ct_lane_end_name((enum ct_lane_end)l->end));
		/* A process reaped by a traced parent: how it ended, as the wait said. */
		if (l->reaped)
			fprintf(out, " (%s)",
				ct_model_wait_status_phrase(l->wait_status, st, sizeof(st)));
		fputc('\n', out);
	}
	if (p->recv_unmatched)
		fprintf(out, "# problem: %llu receives whose send is not in the trace\n",
			(unsigned long long)p->recv_unmatched);
	if (p->join_unmatched)
		fprintf(out, "# problem: %llu joins of threads whose end is not in the trace\n",
			(unsigned long long)p->join_unmatched);
	if (p->lanes_without_begin)
		fprintf(out, "# problem: %llu threads without thread_begin\n",
			(unsigned long long)p->lanes_without_begin);
	if (p->span_mismatch)
		fprintf(out, "# problem: %llu waits not ended by their own *_end\n",
			(unsigned long long)p->span_mismatch);
	if (p->out_of_order)
		fprintf(out, "# problem: %llu events out of time order\n",
			(unsigned long long)p->out_of_order);
	if (p->after_end)
		fprintf(out, "# problem: %llu events after their thread's end\n",
			(unsigned long long)p->after_end);
	if (p->bad_fields)
		fprintf(out, "# problem: %llu events with out-of-range fields\n",
			(unsigned long long)p->bad_fields);
	if (p->sem_unmatched)
		fprintf(out,
			"# problem: %llu semaphore waits that took a token not in the trace (its post "
			"or the initial value)\n",
			(unsigned long long)p->sem_unmatched);
}

static void usage(FILE *out)
{
	fputs("usage: ctrace dump [--source | --narrate] [--salvage] [--skip-unreadable] TRACE\n\n"
	      "Print every ctrace event of the trace directory TRACE, one a line:\n"
	      "time since the first event (s), lane (T<n>:<thread name>), event, fields.\n"
	      "Lines starting with '#' describe the trace and its lanes.\n\n"
	      "Options:\n"
	      "      --source    end each line with the event's call site: \"at function\n"
	      "                  file:line\" (the program needs -g for file and line)\n"
	      "      --narrate   one sentence per event instead of its fields: what\n"
	      "                  happened and why it matters, in the messages language\n"
	      "                  (--lang zh|en), no '#' lines\n" CT_CLI_LOAD_HELP "\n"
	      "Exit status: 0 ok, 2 unreadable or damaged trace, or no ctrace events.\n",
	      out);
}

int cmd_dump(int argc, char **argv)
{
	struct ct_model *m;
	size_t n_events, n_lanes;
	const struct ct_model_event *events;
	const struct ct_model_lane *lanes;
	struct ct_cli_load how;
	struct ct_source *src = NULL;
	bool source = false, narrate = false;
	char site[512];
	int out = 1;

	ct_cli_load_flags(&argc, argv, &how);
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--source") == 0)
			source = true;
		else if (strcmp(argv[i], "--narrate") == 0)
			narrate = true;
		else
			argv[out++] = argv[i];
	}
	argv[out] = NULL;
	argc = out;
	if (argc == 2 && (strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0)) {
		usage(stdout);
		return 0;
	}
	if (argc != 2 || argv[1][0] == '-') {
		usage(stderr);
		return 2;
	}
	m = ct_cli_model_load("dump", argv[1], &how);
	if (!m)
		return 2;
	events = ct_model_borrow_events(m, &n_events);
	lanes = ct_model_borrow_lanes(m, &n_lanes);
	if (!narrate)
		put_header(stdout, m, argv[1]);
	if (source && !(src = ct_source_new(m))) {
		fputs("ctrace dump: out of memory\n", stderr);
		ct_model_destroy(m);
		return 2;
	}
	for (size_t i = 0; i < n_events; i++) {
		const struct ct_model_event *ev = &events[i];

		put_time(stdout, ct_model_event_time(ev));
		printf(" T%u:%s", lanes[ev->lane].rank + 1,
		       ct_model_string(m, lanes[ev->lane].name));
		if (narrate) {
			char said[512];

			printf("  %s\n",
			       ct_model_event_narrate(m, (uint32_t)i, said, sizeof(said)));
			continue;
		}
		printf(" %s", ct_event_type_name((enum ct_event_type)ev->type));
		put_fields(stdout, m, ev);
		if (src &&
		    ct_source_format(src, ct_model_event_site(m, i), false, site, sizeof(site)))
			printf(" at %s", site);
		putchar('\n');
	}
	ct_source_destroy(src);
	ct_model_destroy(m);
	if (fflush(stdout) != 0 || ferror(stdout)) {
		perror("ctrace dump: stdout");
		return 2;
	}
	return 0;
}

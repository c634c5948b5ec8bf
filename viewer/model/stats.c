/* SPDX-License-Identifier: MIT */
/*
 * stats.c - where each thread's time went, how long messages took, how
 * contended each mutex was, and what was lost (`ctrace stats`).
 *
 * Three aligned tables (threads, channels, mutexes) computed from the
 * model's spans, arrows and events, then the trace's discarded and skipped
 * events and inconsistencies. Threads are listed and named as every front
 * end does; durations are written by ct_time_format (ASCII, so columns
 * align) and right-aligned. Reads the model only.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model.h"
#include "stats.h"
#include "timefmt.h"

/* Width of a duration column: "123.45 ms" and a little room. */
#define DUR_W 10

/* Prints a duration right-aligned in a column, or "-" when there is none. */
static void put_dur(FILE *out, uint64_t ns, bool have)
{
	char buf[32];

	fprintf(out, "  %*s", DUR_W,
		have ? ct_time_format((double)ns, CT_TIME_ASCII, buf, sizeof(buf)) : "-");
}

/* Object OBJ's name, or "#id" in BUF when it has none. */
static const char *obj_name(const struct ct_model *m, const struct ct_model_object *o, char *buf,
			    size_t size)
{
	const char *name = ct_model_string(m, o->name);

	if (*name)
		return name;
	/* The shim's ids are addresses, easier to read (and to find in a debugger) in hex. */
	if (o->id >> 32)
		snprintf(buf, size, "0x%llx", (unsigned long long)o->id);
	else
		snprintf(buf, size, "#%llu", (unsigned long long)o->id);
	return buf;
}

/* ------------------------------------------------------------- threads */

struct lane_time {
	uint64_t life;
	uint64_t state[CT_STATE_COUNT_]; /* CT_STATE_RUNNING is life minus the rest */
};

static void lane_times(const struct ct_model *m, uint32_t l, struct lane_time *t)
{
	size_t n_lanes, n_spans, n_ev;
	const struct ct_model_lane *lane = &ct_model_borrow_lanes(m, &n_lanes)[l];
	const struct ct_model_span *spans = ct_model_borrow_spans(m, &n_spans);
	const struct ct_model_event *ev = ct_model_borrow_events(m, &n_ev);
	uint64_t begin = ct_model_event_time(&ev[lane->first_event]);
	uint64_t end = ct_model_event_time(&ev[lane->last_event]);
	uint64_t blocked = 0;

	memset(t, 0, sizeof(*t));
	for (uint32_t k = 0; k < lane->span_count; k++) {
		const struct ct_model_span *s = &spans[lane->span_first + k];
		uint64_t s0 = ct_model_span_start(m, s), s1 = ct_model_span_end(m, s);

		/* An open span (blocked or sleeping when the trace ended) lasts to the end. */
		if (s1 > end)
			end = s1;
		t->state[ct_model_span_state(m, s)] += s1 - s0;
		blocked += s1 - s0;
	}
	t->life = end - begin;
	t->state[CT_STATE_RUNNING] = t->life > blocked ? t->life - blocked : 0;
}

static void put_threads(const struct ct_model *m, FILE *out)
{
	static const char *const heads[CT_STATE_COUNT_] = {
		[CT_STATE_RUNNING] = "running",         [CT_STATE_BLOCKED_RECV] = "recv",
		[CT_STATE_BLOCKED_SEND] = "send",       [CT_STATE_BLOCKED_LOCK] = "lock",
		[CT_STATE_BLOCKED_JOIN] = "join",       [CT_STATE_BLOCKED_COND] = "cond",
		[CT_STATE_BLOCKED_SEM] = "sem",         [CT_STATE_SLEEPING] = "sleeping",
		[CT_STATE_BLOCKED_CONNECT] = "connect", [CT_STATE_BLOCKED_POLL] = "poll",
		[CT_STATE_BLOCKED_SIGNAL] = "signal",   [CT_STATE_BLOCKED_FUTEX] = "futex",
		[CT_STATE_BLOCKED_BARRIER] = "barrier", [CT_STATE_BLOCKED_ONCE] = "once",
		[CT_STATE_BLOCKED_WAIT] = "wait",
	};
	size_t n_lanes;
	const struct ct_model_lane *lanes = ct_model_borrow_lanes(m, &n_lanes);
	const uint32_t *order = ct_model_borrow_lane_order(m, &n_lanes);
	bool show[CT_STATE_COUNT_] = { [CT_STATE_RUNNING] = true, [CT_STATE_SLEEPING] = true };
	int name_w = 6;
	struct lane_time t;

	/* Blocked columns that are zero for every thread are left out. */
	for (uint32_t l = 0; l < n_lanes; l++) {
		int w = (int)strlen(ct_model_lane_name(m, l));

		if (w > name_w)
			name_w = w;
		lane_times(m, l, &t);
		for (int s = 0; s < CT_STATE_COUNT_; s++)
			show[s] = show[s] || t.state[s] != 0;
	}
	if (name_w > 32)
		name_w = 32;
	fprintf(out, "Threads (%zu): time from each thread's first event to its last, by state\n",
		n_lanes);
	fprintf(out, "  %-5s  %-*s  %8s  %*s", "lane", name_w, "thread", "tid", DUR_W, "life");
	for (int s = 0; s < CT_STATE_COUNT_; s++) {
		if (!show[s])
			continue;
		if (s == CT_STATE_RUNNING || s == CT_STATE_SLEEPING) {
			fprintf(out, "  %*s", DUR_W, heads[s]);
		} else {
			char head[32];

			snprintf(head, sizeof(head), "blk %s", heads[s]);
			fprintf(out, "  %*s", DUR_W, head);
		}
	}
	fprintf(out, "  %s\n", "end");
	for (size_t r = 0; r < n_lanes; r++) {
		uint32_t l = order[r];
		char lane[16];

		lane_times(m, l, &t);
		fprintf(out, "  %-5s  %-*.*s  %8u",
			ct_model_lane_short_id(m, l, lane, sizeof(lane)), name_w, name_w,
			ct_model_lane_name(m, l), lanes[l].tid);
		put_dur(out, t.life, true);
		for (int s = 0; s < CT_STATE_COUNT_; s++)
			if (show[s])
				put_dur(out, t.state[s], true);
		/* A process a traced parent reaped: its exit status, from that wait. */
		if (lanes[l].reaped) {
			char st[48];

			ct_model_wait_status_phrase(lanes[l].wait_status, st, sizeof(st));
			if (lanes[l].end == CT_LANE_KILLED) /* "killed by SIGKILL" says it all */
				fprintf(out, "  %s\n", st);
			else
				fprintf(out, "  %s (%s)\n",
					ct_lane_end_name((enum ct_lane_end)lanes[l].end), st);
		} else {
			fprintf(out, "  %s\n", ct_lane_end_name((enum ct_lane_end)lanes[l].end));
		}
	}
}

/* ------------------------------------------------------------ channels */

struct latency {
	uint32_t chan;
	uint64_t ns;
};

static int latency_cmp(const void *pa, const void *pb)
{
	const struct latency *a = pa, *b = pb;

	if (a->chan != b->chan)
		return a->chan < b->chan ? -1 : 1;
	return a->ns < b->ns ? -1 : a->ns > b->ns;
}

/* Prints the channel table; false when out of memory. */
static bool put_channels(const struct ct_model *m, FILE *out)
{
	size_t n_objs, n_ev, n_arrows, n_lat = 0, n_chans = 0, next = 0;
	const struct ct_model_object *objs = ct_model_borrow_objects(m, &n_objs);
	const struct ct_model_event *ev = ct_model_borrow_events(m, &n_ev);
	const struct ct_model_arrow *arrows = ct_model_borrow_arrows(m, &n_arrows);
	struct latency *lat = malloc((n_arrows ? n_arrows : 1) * sizeof(*lat));
	uint64_t *sent = calloc(n_objs ? n_objs : 1, sizeof(*sent));
	uint64_t *recvd = calloc(n_objs ? n_objs : 1, sizeof(*recvd));
	int64_t *cap = malloc((n_objs ? n_objs : 1) * sizeof(*cap));
	bool ok = lat && sent && recvd && cap;

	if (!ok)
		goto end;
	for (size_t o = 0; o < n_objs; o++) {
		cap[o] = INT64_MIN; /* no chan_new seen */
		n_chans += objs[o].kind == CT_OBJ_CHAN;
	}
	for (size_t i = 0; i < n_ev; i++) {
		const struct ct_model_event *e = &ev[i];

		if (e->obj >= n_objs)
			continue;
		if (e->type == CT_EV_CHAN_NEW)
			cap[e->obj] = ct_model_event_value(m, e);
		else if (e->type == CT_EV_CHAN_SEND_END && e->status == CT_OK)
			sent[e->obj]++;
		else if (e->type == CT_EV_CHAN_RECV_END && e->status == CT_OK)
			recvd[e->obj]++;
	}
	for (size_t i = 0; i < n_arrows; i++)
		if (ct_model_arrow_kind(m, &arrows[i]) == CT_ARROW_MESSAGE &&
		    ev[arrows[i].from].obj < n_objs)
			lat[n_lat++] =
				(struct latency){ .chan = ev[arrows[i].from].obj,
						  .ns = ct_model_event_time(&ev[arrows[i].to]) -
							ct_model_event_time(&ev[arrows[i].from]) };
	if (n_lat)
		qsort(lat, n_lat, sizeof(*lat), latency_cmp);

	fprintf(out, "\nChannels (%zu): messages sent and received, latency from send to receive\n",
		n_chans);
	if (n_chans == 0)
		goto end;
	fprintf(out, "  %-16s  %10s  %8s  %8s  %*s  %*s  %*s\n", "channel", "capacity", "sent",
		"received", DUR_W, "min", DUR_W, "median", DUR_W, "max");
	for (uint32_t o = 0; o < n_objs; o++) {
		char name[32], capbuf[24];
		size_t first, count;

		if (objs[o].kind != CT_OBJ_CHAN)
			continue;
		if (cap[o] == INT64_MIN)
			snprintf(capbuf, sizeof(capbuf), "?");
		else if (cap[o] < 0)
			snprintf(capbuf, sizeof(capbuf), "unbounded");
		else
			snprintf(capbuf, sizeof(capbuf), "%lld", (long long)cap[o]);
		while (next < n_lat && lat[next].chan < o)
			next++;
		first = next;
		while (next < n_lat && lat[next].chan == o)
			next++;
		count = next - first;
		fprintf(out, "  %-16.16s  %10s  %8llu  %8llu",
			obj_name(m, &objs[o], name, sizeof(name)), capbuf,
			(unsigned long long)sent[o], (unsigned long long)recvd[o]);
		put_dur(out, count ? lat[first].ns : 0, count != 0);
		/* The median of an even count is the mean of the two middle values. */
		put_dur(out,
			count ? (lat[first + (count - 1) / 2].ns + lat[first + count / 2].ns) / 2
			      : 0,
			count != 0);
		put_dur(out, count ? lat[next - 1].ns : 0, count != 0);
		fputc('\n', out);
	}
end:
	free(lat);
	free(sent);
	free(recvd);
	free(cap);
	return ok;
}

/* ------------------------------------------------------------- mutexes */

struct mutex_stat {
	uint64_t acquired;  /* mutex_lock_end */
	uint64_t contended; /* waits (lock_begin spans), however they ended */
	uint64_t wait, max_wait;
	uint64_t waiting; /* still waiting when the trace ended */
	uint64_t
		held; /* total time held (lock_end or cond_wait_end to unlock or cond_wait_begin) */
	uint64_t since; /* when the current holder took it, UINT64_MAX if free */
};

/* Prints the mutex table; false when out of memory. */
static bool put_mutexes(const struct ct_model *m, FILE *out)
{
	size_t n_objs, n_ev, n_spans, n_mutexes = 0;
	const struct ct_model_object *objs = ct_model_borrow_objects(m, &n_objs);
	const struct ct_model_event *ev = ct_model_borrow_events(m, &n_ev);
	const struct ct_model_span *spans = ct_model_borrow_spans(m, &n_spans);
	struct mutex_stat *ms = calloc(n_objs ? n_objs : 1, sizeof(*ms));

	if (!ms)
		return false;
	for (size_t o = 0; o < n_objs; o++) {
		ms[o].since = UINT64_MAX;
		n_mutexes += objs[o].kind == CT_OBJ_MUTEX;
	}
	for (size_t i = 0; i < n_ev; i++) {
		const struct ct_model_event *e = &ev[i];
		uint64_t t = ct_model_event_time(e);
		uint32_t mu = e->type == CT_EV_COND_WAIT_BEGIN || e->type == CT_EV_COND_WAIT_END
				      ? e->arg
				      : e->obj;

		if (mu >= n_objs)
			continue;
		switch ((enum ct_event_type)e->type) {
		case CT_EV_MUTEX_LOCK_END:
			ms[mu].acquired++;
			/* fall through */
		case CT_EV_COND_WAIT_END:
			ms[mu].since = t;
			break;
		case CT_EV_MUTEX_UNLOCK:
		case CT_EV_COND_WAIT_BEGIN:
			if (ms[mu].since != UINT64_MAX)
				ms[mu].held += t - ms[mu].since;
			ms[mu].since = UINT64_MAX;
			break;
		default:
			break;
		}
	}
	/* A mutex still held when the trace ended was held to its end. */
	for (size_t o = 0; o < n_objs; o++)
		if (ms[o].since != UINT64_MAX)
			ms[o].held += ct_model_end_time(m) - ms[o].since;
	for (size_t s = 0; s < n_spans; s++) {
		const struct ct_model_event *b = &ev[spans[s].begin];
		uint64_t w = ct_model_span_end(m, &spans[s]) - ct_model_span_start(m, &spans[s]);

		if (b->type != CT_EV_MUTEX_LOCK_BEGIN || b->obj >= n_objs)
			continue;
		/*
		 * A wait counts as contention however it ended: with the lock,
		 * timed out, or still waiting when the trace ended (a deadlock).
		 */
		ms[b->obj].contended++;
		if (spans[s].end == CT_MODEL_NONE)
			ms[b->obj].waiting++;
		ms[b->obj].wait += w;
		if (w > ms[b->obj].max_wait)
			ms[b->obj].max_wait = w;
	}

	fprintf(out,
		"\nMutexes (%zu): acquisitions (mutex_lock_end), waits for the lock (contended: "
		"acquired, timed out or still waiting at the end), time waited and held\n",
		n_mutexes);
	if (n_mutexes)
		fprintf(out, "  %-16s  %12s  %10s  %*s  %*s  %*s  %s\n", "mutex", "acquisitions",
			"contended", DUR_W, "wait", DUR_W, "max wait", DUR_W, "held",
			"waiting at end");
	for (size_t o = 0; o < n_objs; o++) {
		char name[32];

		if (objs[o].kind != CT_OBJ_MUTEX)
			continue;
		fprintf(out, "  %-16.16s  %12llu  %10llu",
			obj_name(m, &objs[o], name, sizeof(name)),
			(unsigned long long)ms[o].acquired, (unsigned long long)ms[o].contended);
		put_dur(out, ms[o].wait, true);
		put_dur(out, ms[o].max_wait, ms[o].contended != 0);
		put_dur(out, ms[o].held, true);
		fprintf(out, "  %llu\n", (unsigned long long)ms[o].waiting);
	}
	free(ms);
	return true;
}

/*
 * Prints the read-write lock table when there are rwlocks: acquisitions by
 * mode, those that had to wait by mode, and the time waited. Readers that
 * share a lock without waiting are acquisitions, never contention. False
 * when out of memory.
 */
static bool put_rwlocks(const struct ct_model *m, FILE *out)
{
	size_t n_objs, n_ev, n_spans, n_rw = 0;
	const struct ct_model_object *objs = ct_model_borrow_objects(m, &n_objs);
	const struct ct_model_event *ev = ct_model_borrow_events(m, &n_ev);
	const struct ct_model_span *spans = ct_model_borrow_spans(m, &n_spans);
	struct rw_stat {
		uint64_t taken[2], waited[2], wait, max_wait, waiting;
	} * rs;

	for (size_t o = 0; o < n_objs; o++)
		n_rw += objs[o].kind == CT_OBJ_RWLOCK;
	if (n_rw == 0)
		return true;
	rs = calloc(n_objs, sizeof(*rs));
	if (!rs)
		return false;
	for (size_t i = 0; i < n_ev; i++)
		if (ev[i].type == CT_EV_RWLOCK_LOCK_END && ev[i].obj < n_objs)
			rs[ev[i].obj].taken[ev[i].status == CT_ACCESS_WRITE]++;
	for (size_t s = 0; s < n_spans; s++) {
		const struct ct_model_event *b = &ev[spans[s].begin];
		uint64_t w = ct_model_span_end(m, &spans[s]) - ct_model_span_start(m, &spans[s]);

		if (b->type != CT_EV_RWLOCK_LOCK_BEGIN || b->obj >= n_objs)
			continue;
		if (spans[s].end == CT_MODEL_NONE)
			rs[b->obj].waiting++;
		else
			rs[b->obj].waited[b->status == CT_ACCESS_WRITE]++;
		rs[b->obj].wait += w;
		if (w > rs[b->obj].max_wait)
			rs[b->obj].max_wait = w;
	}
	fprintf(out,
		"\nRead-write locks (%zu): read (shared) and write acquisitions, those that had "
		"to wait, time waited\n",
		n_rw);
	fprintf(out, "  %-16s  %8s  %8s  %10s  %11s  %*s  %*s  %s\n", "rwlock", "reads", "writes",
		"read waits", "write waits", DUR_W, "wait", DUR_W, "max wait", "waiting at end");
	for (size_t o = 0; o < n_objs; o++) {
		char name[32];

		if (objs[o].kind != CT_OBJ_RWLOCK)
			continue;
		fprintf(out, "  %-16.16s  %8llu  %8llu  %10llu  %11llu",
			obj_name(m, &objs[o], name, sizeof(name)),
			(unsigned long long)rs[o].taken[0], (unsigned long long)rs[o].taken[1],
			(unsigned long long)rs[o].waited[0], (unsigned long long)rs[o].waited[1]);
		put_dur(out, rs[o].wait, true);
		put_dur(out, rs[o].max_wait,
			rs[o].waited[0] + rs[o].waited[1] + rs[o].waiting != 0);
		fprintf(out, "  %llu\n", (unsigned long long)rs[o].waiting);
	}
	free(rs);
	return true;
}

/* ---------------------------------------------------------------- rest */

static void put_losses(const struct ct_model *m, FILE *out)
{
	const struct ct_model_problems *p = ct_model_borrow_problems(m);
	uint64_t problems = p->recv_unmatched + p->join_unmatched + p->lanes_without_begin +
			    p->span_mismatch + p->out_of_order + p->after_end + p->bad_fields +
			    p->sem_unmatched;

	fprintf(out,
		"\nEvents: %llu discarded by LTTng while recording, %llu non-ctrace events "
		"skipped, %llu inconsistencies",
		(unsigned long long)ct_model_discarded(m), (unsigned long long)ct_model_skipped(m),
		(unsigned long long)problems);
	if (problems)
		fputs(" ('ctrace dump' lists them)", out);
	fputc('\n', out);
}

bool ct_stats_write(const struct ct_model *m, const char *trace, FILE *out)
{
	size_t n_ev;
	char buf[32];

	ct_model_borrow_events(m, &n_ev);
	fprintf(out, "Trace %s: %zu events over %s\n\n", trace, n_ev,
		ct_time_format((double)ct_model_end_time(m), CT_TIME_ASCII, buf, sizeof(buf)));
	put_threads(m, out);
	if (!put_channels(m, out) || !put_mutexes(m, out) || !put_rwlocks(m, out)) {
		errno = ENOMEM;
		return false;
	}
	put_losses(m, out);
	return !ferror(out);
}

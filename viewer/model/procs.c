/* SPDX-License-Identifier: MIT */
/*
 * procs.c - what the process events add to the model being built: the
 * fork arrow from a parent's proc_fork to its child's proc_start, the lane
 * that takes its new program's name at an exec, and the arrow from a
 * reaped child's exit to the wait_end that reaped it, with the child's exit
 * status on its main lane. A wait's blocked span is build.c's (wait_begin
 * is a *_begin like the others).
 *
 * Runs after reserve (build.c): room for two arrows, three wide values and
 * four keys is there, so nothing here can fail.
 */
#define _GNU_SOURCE /* sigabbrev_np */
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>

#include "builder.h"
#include "proc.h"

/* An event's arg for value V: inline when small, else in `wide` (as handlers.c's encode_value). */
static uint32_t proc_value(struct ct_model_builder *b, int64_t v)
{
	if ((uint64_t)v < WIDE_FLAG)
		return (uint32_t)v;
	b->m.wide[b->m.n_wide] = (uint64_t)v;
	return WIDE_FLAG | (uint32_t)b->m.n_wide++;
}

/* proc_start of a forked or spawned child: the arrow from its parent's proc_fork, if recorded. */
static void fork_arrow(struct ct_model_builder *b, struct build_step *s)
{
	const struct ct_model_input *in = s->in;
	struct key_slot *slot;

	if (in->id2 == 0 || in->id > UINT32_MAX)
		return;
	slot = key_map_find(&b->keys, (uint64_t)KEY_FORK << 32 | in->id, in->id2);
	if (slot->value == CT_MODEL_NONE)
		return;
	arrow_add(b, slot->value, s->idx);
	key_map_remove(&b->keys, slot);
}

/*
 * proc_start of a program of unknown origin: the shell of its parent's
 * latest system() not yet matched, if any (kept under seq 0). The
 * parent's lane remembers it, for the wait_end of that system().
 */
static void system_arrow(struct ct_model_builder *b, struct build_step *s)
{
	const struct ct_model_input *in = s->in;
	struct key_slot *slot;
	uint32_t fork_ev;

	if (in->id == 0 || in->id > UINT32_MAX)
		return;
	slot = key_map_find(&b->keys, (uint64_t)KEY_FORK << 32 | in->id, 0);
	if (slot->value == CT_MODEL_NONE)
		return;
	fork_ev = slot->value;
	arrow_add(b, fork_ev, s->idx);
	b->lane_state[b->m.events[fork_ev].lane].sys_child = s->lane;
	key_map_remove(&b->keys, slot);
}

static void proc_start(struct ct_model_builder *b, struct build_step *s)
{
	s->arg = string_pool_intern(&b->strings, s->in->text);
	switch (s->in->status) {
	case CT_PROC_EXEC:
		/* The process runs a new program: its lane is named after it from now on. */
		if (s->arg)
			b->m.lanes[s->lane].name = s->arg;
		break;
	case CT_PROC_FORKED:
	case CT_PROC_SPAWNED:
		fork_arrow(b, s);
		break;
	case CT_PROC_STARTED:
		system_arrow(b, s);
		break;
	default:
		break;
	}
}

/*
 * wait_end that reported child PID ended (exited or killed): an arrow from
 * the child's last event to it, and the status on the child's main lane.
 */
static void reaped(struct ct_model_builder *b, struct build_step *s, uint64_t pid, int status)
{
	struct ct_model *m = &b->m;
	struct key_slot *slot;
	struct ct_model_lane *child;

	if (pid == 0 && s->ls->sys_child != CT_MODEL_NONE) {
		/* system()'s wait: for the shell it started. */
		child = &m->lanes[s->ls->sys_child];
		s->ls->sys_child = CT_MODEL_NONE;
	} else {
		if (pid == 0 || pid > UINT32_MAX || pid == s->in->pid)
			return;
		slot = key_map_find(&b->keys, (uint64_t)KEY_LANE << 32 | pid, pid);
		if (slot->value == CT_MODEL_NONE)
			return; /* a child that was not recorded */
		child = &m->lanes[slot->value];
	}
	child->reaped = true;
	child->wait_status = status;
	if (child->last_event < s->idx)
		arrow_add(b, child->last_event, s->idx);
}

void build_processes(struct ct_model_builder *b, struct build_step *s)
{
	const struct ct_model_input *in = s->in;
	struct ct_model *m = &b->m;

	switch (in->type) {
	case CT_EV_PROC_FORK: {
		/* system()'s shell cannot name its seq: it is found under seq 0, the latest. */
		uint64_t key = in->status == CT_PROC_VIA_SYSTEM ? 0 : in->id2;
		struct key_slot *slot =
			key_map_find(&b->keys, (uint64_t)KEY_FORK << 32 | in->pid, key);

		s->arg = proc_value(b, (int64_t)in->id2);
		if (in->id2 != 0)
			key_map_set(&b->keys, slot, (uint64_t)KEY_FORK << 32 | in->pid, key,
				    s->idx);
		break;
	}
	case CT_EV_PROC_START:
		proc_start(b, s);
		break;
	case CT_EV_PROC_EXEC:
		s->arg = string_pool_intern(&b->strings, in->text);
		break;
	case CT_EV_WAIT_BEGIN:
		s->arg = proc_value(b, in->value);
		break;
	case CT_EV_WAIT_END: {
		int status = (int)in->value;

		/* Two wide values: the status, then the pid (ct_model_event_pid). */
		s->arg = WIDE_FLAG | (uint32_t)m->n_wide;
		m->wide[m->n_wide++] = (uint64_t)in->value;
		m->wide[m->n_wide++] = in->id;
		if (in->status == CT_OK && (WIFEXITED(status) || WIFSIGNALED(status)))
			reaped(b, s, in->id, status);
		break;
	}
	default:
		break;
	}
}

int64_t ct_model_event_pid(const struct ct_model *m, const struct ct_model_event *ev)
{
	uint32_t i = ev->arg & ~WIDE_FLAG;

	if (ev->type == CT_EV_WAIT_BEGIN)
		return ct_model_event_value(m, ev);
	if (ev->type != CT_EV_WAIT_END || !(ev->arg & WIDE_FLAG) || i + 1 >= m->n_wide)
		return 0;
	return (int64_t)m->wide[i + 1];
}

/* "SIGKILL", or "signal 40" when the signal has no name; written into BUF. */
static const char *signal_name(int signo, char *buf, size_t len)
{
	const char *abbrev = signo > 0 ? sigabbrev_np(signo) : NULL;

	if (abbrev)
		snprintf(buf, len, "SIG%s", abbrev);
	else
		snprintf(buf, len, "signal %d", signo);
	return buf;
}

const char *ct_model_wait_status_phrase(int st, char *buf, size_t len)
{
	char sig[32];

	if (WIFEXITED(st))
		snprintf(buf, len, "exit %d", WEXITSTATUS(st));
	else if (WIFCONTINUED(st))
		snprintf(buf, len, "continued");
	else if (WIFSIGNALED(st))
		snprintf(buf, len, "killed by %s%s", signal_name(WTERMSIG(st), sig, sizeof(sig)),
			 WCOREDUMP(st) ? " (core dumped)" : "");
	else if (WIFSTOPPED(st))
		snprintf(buf, len, "stopped by %s", signal_name(WSTOPSIG(st), sig, sizeof(sig)));
	else
		snprintf(buf, len, "status %d", st);
	return buf;
}

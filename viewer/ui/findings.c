/* SPDX-License-Identifier: MIT */
/*
 * findings.c - the analyses' findings as the viewer needs them: run once per
 * view, indexed for drawing (deadlocks apart, how far a marker can precede
 * its finding's time), hit-tested for hover, put into words for labels
 * and tooltips, and the list's scroll. Drawing them is findings_draw.c's.
 * Not thread-safe (see ui.h).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "axis.h"
#include "findings.h"
#include "lane_order.h"
#include "layout.h"
#include "view_state.h"
#include "i18n.h"

enum ct_ui_status ui_findings_init(struct ct_ui_view *v)
{
	size_t n, n_lanes, n_events;
	const struct ct_finding *fs;
	const struct ct_model_event *events = ct_model_borrow_events(v->model, &n_events);

	ct_model_borrow_lanes(v->model, &n_lanes);
	if (ct_analysis_run(v->model, &v->analysis) != CT_MODEL_OK)
		return CT_UI_NOMEM;
	/* Two columns per lane: the last marker's stroke, and its last triangle. */
	v->finding_last_x = calloc(n_lanes ? 2 * n_lanes : 1, sizeof(*v->finding_last_x));
	if (!v->finding_last_x)
		return CT_UI_NOMEM;
	fs = ct_analysis_borrow_findings(v->analysis, &n);
	v->n_deadlocks = ct_analysis_count(v->analysis, CT_FINDING_DEADLOCK);
	v->deadlocks = calloc(v->n_deadlocks ? v->n_deadlocks : 1, sizeof(*v->deadlocks));
	if (!v->deadlocks)
		return CT_UI_NOMEM;
	v->n_deadlocks = 0;
	for (size_t i = 0; i < n; i++) {
		uint32_t ev;

		if (fs[i].kind == CT_FINDING_DEADLOCK) {
			v->deadlocks[v->n_deadlocks++] = (uint32_t)i;
			continue;
		}
		/* Findings are sorted by time, but a lost write comes before the write that hides it. */
		ev = ui_finding_marker_event(v, &fs[i]);
		if (ev < n_events) {
			double lead = (double)fs[i].time - (double)ct_model_event_time(&events[ev]);

			if (lead > v->finding_lead)
				v->finding_lead = lead;
		}
	}
	return CT_UI_OK;
}

void ui_findings_free(struct ct_ui_view *v)
{
	ct_analysis_destroy(v->analysis);
	v->analysis = NULL;
	free(v->deadlocks);
	v->deadlocks = NULL;
	free(v->finding_last_x);
	v->finding_last_x = NULL;
}

uint32_t ui_finding_marker_event(const struct ct_ui_view *v, const struct ct_finding *f)
{
	size_t n;
	const struct ct_finding_ref *refs = ct_analysis_borrow_refs(v->analysis, f, &n);
	uint32_t want, fallback = CT_MODEL_NONE;

	switch ((enum ct_finding_kind)f->kind) {
	case CT_FINDING_LOST_UPDATE:
		want = CT_ROLE_LOST;
		break;
	case CT_FINDING_USE_AFTER_DROP:
		want = CT_ROLE_USE;
		break;
	case CT_FINDING_UNRECEIVED:
		want = CT_ROLE_SEND;
		break;
	case CT_FINDING_UNJOINED:
		/* On the thread that was never joined, at its last event; else at its spawn. */
		want = CT_ROLE_LAST;
		break;
	default:
		return CT_MODEL_NONE;
	}
	for (size_t i = 0; i < n; i++) {
		if (refs[i].role == want)
			return refs[i].event;
		if (refs[i].role == CT_ROLE_SPAWN)
			fallback = refs[i].event;
	}
	return fallback != CT_MODEL_NONE ? fallback : f->event;
}

uint32_t ui_finding_hit(const struct ct_ui_view *v, int x, uint32_t lane, double tol)
{
	size_t n_events, n, first, count;
	const struct ct_model_event *events = ct_model_borrow_events(v->model, &n_events);
	const struct ct_finding *fs = ct_analysis_borrow_findings(v->analysis, &n);
	double tpx = v->span / v->lay.plot.w, tx = ui_x_to_time(v, x);
	double a = fmax(0, tx - tol * tpx), b = fmax(0, tx + tol * tpx + v->finding_lead);
	uint32_t best = CT_MODEL_NONE;
	double best_d = tol + 1;

	if (!v->analysis || n == 0 || lane == CT_MODEL_NONE)
		return CT_MODEL_NONE;
	if (v->order) {
		/* Sorted by their marker's column (axis.c). */
		count = ui_order_findings_in(v, tx - tol * tpx, tx + tol * tpx, &first);
		for (size_t k = first, j = 0; k < first + count && j < 4096; k++, j++) {
			uint32_t ev = v->ord_finding_ev[k];
			double d = fabs(ct_ui_view_time_x(v, ui_pos(v, ev)) - x);

			if (events[ev].lane == lane &&
			    fs[v->ord_findings[k]].kind != CT_FINDING_DEADLOCK && d <= tol &&
			    d < best_d) {
				best_d = d;
				best = v->ord_findings[k];
			}
		}
		return best;
	}
	count = ct_analysis_findings_in(v->analysis, (uint64_t)a, (uint64_t)b, &first);
	for (size_t i = first, k = 0; i < first + count && k < 4096; i++, k++) {
		uint32_t ev = ui_finding_marker_event(v, &fs[i]);
		double d;

		if (ev >= n_events || events[ev].lane != lane ||
		    (v->head_on && (double)fs[i].time > v->head))
			continue;
		d = fabs(ct_ui_view_time_x(v, (double)ct_model_event_time(&events[ev])) - x);
		if (d <= tol && d < best_d) {
			best_d = d;
			best = (uint32_t)i;
		}
	}
	return best;
}

int ui_finding_lines(const struct ct_ui_view *v, uint32_t finding, char lines[][200], int max,
		     int width)
{
	size_t n;
	const struct ct_finding *fs = ct_analysis_borrow_findings(v->analysis, &n);
	char s[1024];
	const char *p = s;
	int k = 0;

	if (finding >= n || max <= 0)
		return 0;
	if (width > 199)
		width = 199;
	ct_analysis_describe(v->model, v->analysis, &fs[finding], s, sizeof(s));
	/* Wrap at spaces; a word longer than the width is cut. */
	while (*p && k < max) {
		int len = (int)strlen(p), cut = len;

		if (len > width) {
			cut = width;
			while (cut > 0 && p[cut] != ' ')
				cut--;
			if (cut == 0)
				cut = width;
			/* Never inside a UTF-8 character: Chinese sentences have few spaces. */
			while (cut > 1 && ((unsigned char)p[cut] & 0xC0) == 0x80)
				cut--;
		}
		if (k == max - 1 && len > cut) {
			snprintf(lines[k++], 200, "%.*s…", cut, p);
			break;
		}
		snprintf(lines[k++], 200, "%.*s", cut, p);
		p += cut;
		while (*p == ' ')
			p++;
	}
	return k;
}

/* An object's name for a label: its name, else its kind and trace id. */
static void obj_name(const struct ct_ui_view *v, uint32_t obj, char *buf, size_t len)
{
	size_t n;
	const struct ct_model_object *objs = ct_model_borrow_objects(v->model, &n);
	const char *name;

	if (obj >= n) {
		snprintf(buf, len, "?");
		return;
	}
	if (objs[obj].kind == CT_OBJ_THREAD && objs[obj].lane != CT_MODEL_NONE) {
		ct_model_lane_label(v->model, objs[obj].lane, buf, len);
		return;
	}
	name = ct_model_string(v->model, objs[obj].name);
	if (*name)
		snprintf(buf, len, "%s", name);
	else
		/* The shim's ids are addresses, which read better in hex. */
		snprintf(buf, len, objs[obj].id >> 32 ? "%s 0x%llx" : "%s %llu",
			 ct_object_kind_name((enum ct_object_kind)objs[obj].kind),
			 (unsigned long long)objs[obj].id);
}

void ui_deadlock_label(const struct ct_ui_view *v, const struct ct_finding *f, size_t r, char *buf,
		       size_t len)
{
	size_t n, n_events;
	const struct ct_finding_ref *refs = ct_analysis_borrow_refs(v->analysis, f, &n);
	const struct ct_model_event *events = ct_model_borrow_events(v->model, &n_events);
	const struct ct_finding_ref *me = &refs[r];
	char held[160] = "", what[96], name[96];
	size_t used = 0;
	const char *verb;

	/* What this lane holds: the mutexes whose HOLD ref names it. */
	for (size_t i = 0; i + 1 < n; i++) {
		if (refs[i].role != CT_ROLE_WAIT || refs[i + 1].role != CT_ROLE_HOLD ||
		    refs[i + 1].lane != me->lane)
			continue;
		obj_name(v, refs[i].obj, name, sizeof(name));
		used += (size_t)snprintf(held + used, used < sizeof(held) ? sizeof(held) - used : 0,
					 "%s%s", used ? _(" and ") : "", name);
		if (used >= sizeof(held))
			break;
	}
	obj_name(v, me->obj, what, sizeof(what));
	switch (me->event < n_events ? (enum ct_event_type)events[me->event].type : CT_EV_COUNT_) {
	case CT_EV_JOIN_BEGIN:
		verb = _("waits to join");
		break;
	case CT_EV_CHAN_RECV_BEGIN:
		verb = _("waits to receive on");
		break;
	case CT_EV_CHAN_SEND_BEGIN:
		verb = _("waits to send on");
		break;
	default:
		verb = _("waits for");
		break;
	}
	snprintf(buf, len, "%s%s%s%s %s %s%s", ui_lane_name(v, me->lane),
		 held[0] ? _(" holds ") : "", held, held[0] ? "," : "", verb, what,
		 me->role == CT_ROLE_STUCK ? _(": stuck behind the deadlock") : "");
}

void ui_findings_scroll(struct ct_ui_view *v, long delta)
{
	size_t n, rows = v->flist_rows > 0 ? (size_t)v->flist_rows : 1;
	long top;

	ct_analysis_borrow_findings(v->analysis, &n);
	top = (long)v->findings_top + delta;
	if (top > (long)n - (long)rows)
		top = (long)n - (long)rows;
	v->findings_top = top < 0 ? 0 : (size_t)top;
}

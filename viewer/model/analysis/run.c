/* SPDX-License-Identifier: MIT */
/* run.c - runs every analysis over a model, in turn, into one result. */
#include "findings.h"

enum ct_model_status ct_analysis_run(const struct ct_model *model, struct ct_analysis **out)
{
	enum ct_model_status st;
	struct run r = { .m = model };
	struct ct_analysis *a = findings_create();
	size_t n_spans;

	if (!a)
		return CT_MODEL_NOMEM;
	r.a = a;
	r.ev = ct_model_borrow_events(model, &r.n_ev);
	r.lanes = ct_model_borrow_lanes(model, &r.n_lanes);
	r.spans = ct_model_borrow_spans(model, &n_spans);
	r.objs = ct_model_borrow_objects(model, &r.n_objs);

	st = find_deadlocks(&r);
	if (st == CT_MODEL_OK)
		st = find_lost_updates(&r);
	if (st == CT_MODEL_OK)
		st = find_uses_after_drop(&r);
	if (st == CT_MODEL_OK)
		st = find_unreceived(&r);
	if (st == CT_MODEL_OK)
		st = find_unjoined(&r);
	if (st == CT_MODEL_OK)
		st = findings_index(a);
	if (st != CT_MODEL_OK) {
		ct_analysis_destroy(a);
		return st;
	}
	*out = a;
	return CT_MODEL_OK;
}

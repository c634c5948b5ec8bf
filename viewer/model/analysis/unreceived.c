/* SPDX-License-Identifier: MIT */
/* unreceived.c - the analysis of messages sent (ok) on a channel that nobody received. */
#include "findings.h"

#include <stdlib.h>

enum ct_model_status find_unreceived(struct run *r)
{
	enum ct_model_status st = CT_MODEL_OK;
	size_t n_msgs = ct_model_message_count(r->m);
	uint8_t *received;

	if (n_msgs == 0)
		return CT_MODEL_OK;
	received = calloc(n_msgs, 1);
	if (!received)
		return CT_MODEL_NOMEM;
	for (size_t i = 0; i < r->n_ev; i++) {
		const struct ct_model_event *e = &r->ev[i];

		if (e->type == CT_EV_CHAN_RECV_END && e->status == CT_OK && e->arg < n_msgs)
			received[e->arg] = 1;
	}
	for (size_t i = 0; i < r->n_ev && st == CT_MODEL_OK; i++) {
		const struct ct_model_event *e = &r->ev[i];

		if (e->type != CT_EV_CHAN_SEND_END || e->status != CT_OK || e->arg >= n_msgs ||
		    received[e->arg])
			continue;
		received[e->arg] = 1; /* one finding per message, even if sent twice */
		st = finding_add(r, CT_FINDING_UNRECEIVED, (uint32_t)i);
		if (st == CT_MODEL_OK)
			st = ref_add(r, (uint32_t)i, e->obj, CT_ROLE_SEND);
	}
	free(received);
	return st;
}

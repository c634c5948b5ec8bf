/* SPDX-License-Identifier: MIT */
/* palette.c - the picture's colours and line styles, and the legend's word for each. */
#include "palette.h"
#include "ui.h"

/*
 * Tableau 10 hues, one per state. A semaphore wait is teal: apart from the
 * warm hues of the other waits and the light blue of sleep, and dark enough
 * that the wake-up arrows drawn over it stay visible.
 */
const uint32_t ui_palette_state[CT_STATE_COUNT_] = {
	[CT_STATE_RUNNING] = 0x59A14Fu,
	[CT_STATE_BLOCKED_RECV] = 0xF28E2Bu,
	[CT_STATE_BLOCKED_SEND] = 0xE8C547u,
	[CT_STATE_BLOCKED_LOCK] = 0xE15759u,
	[CT_STATE_BLOCKED_JOIN] = 0xB07AA1u,
	[CT_STATE_BLOCKED_COND] = 0xFF9DA7u,
	[CT_STATE_BLOCKED_SEM] = 0x76B7B2u,
	[CT_STATE_SLEEPING] = 0xA0CBE8u,
	/* Sockets: brown for a connection, dark blue for poll-like waits. */
	[CT_STATE_BLOCKED_CONNECT] = 0x9C755Fu,
	[CT_STATE_BLOCKED_POLL] = 0x4E79A7u,
	/* Other waits: magenta, olive, dark and light grey, apart from the hues above. */
	[CT_STATE_BLOCKED_SIGNAL] = 0xD37295u,
	[CT_STATE_BLOCKED_FUTEX] = 0xB6992Du,
	[CT_STATE_BLOCKED_BARRIER] = 0x79706Eu,
	[CT_STATE_BLOCKED_ONCE] = 0xBAB0ACu,
	/* Processes: waiting for a child is tan, apart from the other waits and from join. */
	[CT_STATE_BLOCKED_WAIT] = 0xD7B5A6u,
};

const uint32_t ui_palette_arrow[CT_ARROW_COUNT_] = {
	[CT_ARROW_SPAWN] = 0x4A4A4Au,
	[CT_ARROW_JOIN] = 0x7B4F9Du,
	[CT_ARROW_MESSAGE] = 0x1F5A96u,
	[CT_ARROW_HANDOFF] = 0xB8262Bu,
	[CT_ARROW_WAKEUP] = 0xC2548Cu,
	[CT_ARROW_FORK] =
		0x2E7D32u, /* processes: dark green, a new process as a spawn is a thread */
};

const enum ui_dash ui_palette_dash[CT_ARROW_COUNT_] = {
	[CT_ARROW_SPAWN] = UI_DASH_LONG,    [CT_ARROW_JOIN] = UI_DASH_LONG,
	[CT_ARROW_MESSAGE] = UI_DASH_SOLID, [CT_ARROW_HANDOFF] = UI_DASH_SOLID,
	[CT_ARROW_WAKEUP] = UI_DASH_DOT,    [CT_ARROW_FORK] = UI_DASH_LONG,
};

uint32_t ct_ui_state_rgb(enum ct_lane_state state)
{
	return (unsigned)state < CT_STATE_COUNT_ ? ui_palette_state[state] : C_BG;
}

uint32_t ct_ui_arrow_rgb(enum ct_arrow_kind kind)
{
	return (unsigned)kind < CT_ARROW_COUNT_ ? ui_palette_arrow[kind] : C_TEXT;
}

uint32_t ct_ui_finding_rgb(void)
{
	return C_FINDING;
}

uint32_t ct_ui_source_line_rgb(void)
{
	return C_SRC_LINE;
}

uint32_t ct_ui_future_rgb(void)
{
	return C_FUTURE;
}

/* The legend's words, short so the whole legend fits one row of a wide window; N_()
 * marks them and the chrome _()s them when it draws. */
const char *const ui_legend_states[CT_STATE_COUNT_] = {
	[CT_STATE_RUNNING] = N_("running"),
	[CT_STATE_BLOCKED_RECV] = N_("recv"),
	[CT_STATE_BLOCKED_SEND] = N_("send"),
	[CT_STATE_BLOCKED_LOCK] = N_("lock"),
	[CT_STATE_BLOCKED_JOIN] = N_("join"),
	[CT_STATE_BLOCKED_COND] = N_("condvar"),
	[CT_STATE_BLOCKED_SEM] = N_("semaphore"),
	[CT_STATE_SLEEPING] = N_("sleeping"),
	[CT_STATE_BLOCKED_CONNECT] = N_("connection"),
	[CT_STATE_BLOCKED_POLL] = N_("poll"),
	[CT_STATE_BLOCKED_SIGNAL] = N_("signal"),
	[CT_STATE_BLOCKED_FUTEX] = N_("futex"),
	[CT_STATE_BLOCKED_BARRIER] = N_("barrier"),
	[CT_STATE_BLOCKED_ONCE] = N_("once"),
	[CT_STATE_BLOCKED_WAIT] = N_("wait"),
};
const char *const ui_legend_arrows[CT_ARROW_COUNT_] = {
	N_("spawn"), N_("join"), N_("message"), N_("lock hand-off"), N_("wake-up"), N_("fork"),
};
const char *const ui_legend_lives[3] = { N_("not started"), N_("ended"), N_("killed") };

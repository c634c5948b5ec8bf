/* SPDX-License-Identifier: MIT */
/*
 * palette.h - private to viewer/ui: the picture's colours and line styles,
 * and the word the legend gives each state, lane life and arrow kind, kept
 * together so the legend always names what the lanes show.
 */
#ifndef CTRACE_UI_PALETTE_H
#define CTRACE_UI_PALETTE_H

#include <stdint.h>

#include "model.h"
#include "i18n.h"

#define C_BG          0xF7F7F4u
#define C_ROW_A       0xFFFFFFu
#define C_ROW_B       0xF6F6F2u
#define C_ROW_SEL     0xFFF4CCu
#define C_GRID        0xE4E4DEu
#define C_FUTURE      0xE2E2DCu
#define C_TEXT        0x222222u
#define C_TEXT_DIM    0x6B6B6Bu
#define C_TEXT_FAINT  0x9A9A94u
#define C_HEAD        0xD62728u
#define C_NOT_STARTED 0xC9C9C2u
#define C_ENDED       0x9A9A94u
#define C_KILLED      0xB22222u
#define C_MARKER      0x3A3A3Au
#define C_MOVE        0xE07B00u
#define C_ARC         0x7B4F9Du
#define C_SELECT      0x2B6CB0u
#define C_PANEL       0xEFEFEAu
#define C_SRC_LINE    0xFFE08Au /* the source panel's highlighted line (ct_ui_source_line_rgb) */
/* Findings: a pure, saturated red no state, arrow or lane-end colour uses. */
#define C_FINDING 0xE8000Cu

/* Line styles: solid, dashed, dotted. */
enum ui_dash { UI_DASH_SOLID, UI_DASH_LONG, UI_DASH_DOT };

/* The colour of each state's bar, each arrow kind, and each arrow kind's line style. */
extern const uint32_t ui_palette_state[CT_STATE_COUNT_];
extern const uint32_t ui_palette_arrow[CT_ARROW_COUNT_];
extern const enum ui_dash ui_palette_dash[CT_ARROW_COUNT_];

/*
 * The legend's words: one per state, per arrow kind, and per lane life (not
 * started, ended, killed); UI_LEGEND_BLOCKED is written once before the
 * blocked states.
 */
extern const char *const ui_legend_states[CT_STATE_COUNT_];
extern const char *const ui_legend_arrows[CT_ARROW_COUNT_];
extern const char *const ui_legend_lives[3];
#define UI_LEGEND_BLOCKED _("blocked:")

#endif /* CTRACE_UI_PALETTE_H */

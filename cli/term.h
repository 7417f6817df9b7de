/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * term.h - colours on a terminal only, and progress on stderr only when it
 * is a terminal (never in a pipe or a log).
 */
#ifndef MPATHPR_CLI_TERM_H
#define MPATHPR_CLI_TERM_H

#include <stdbool.h>
#include <stdio.h>

enum term_color_mode { TERM_COLOR_AUTO, TERM_COLOR_ALWAYS, TERM_COLOR_NEVER };

enum term_style { TERM_PLAIN, TERM_GOOD, TERM_BAD, TERM_WARN, TERM_DIM, TERM_BOLD };

struct term {
	bool color;		/* stdout gets escape sequences */
	bool progress;		/* stderr is a terminal: progress lines */
	bool progress_shown;	/* a progress line waits to be erased */
};

/*
 * term_init() - decide for this run: @mode AUTO colours when stdout is a
 * terminal and NO_COLOR is unset; progress when stderr is a terminal and
 * @want_progress.
 */
void term_init(struct term *t, enum term_color_mode mode, bool want_progress);
/* Parse --color's value; -1 if it is none of auto, always, never. */
int term_color_mode_parse(const char *text);
/* term_start()/term_stop() - the escape sequence of @style, and its end ("" without colour). */
const char *term_start(const struct term *t, enum term_style style);
const char *term_stop(const struct term *t);
/* term_progress() - "[done/total] what" on stderr, overwritten by the next one. */
void term_progress(struct term *t, size_t done, size_t total, const char *what);
/* term_progress_end() - erase the progress line, if any. */
void term_progress_end(struct term *t);

#endif

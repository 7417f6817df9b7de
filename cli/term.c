// SPDX-License-Identifier: GPL-2.0-or-later
/* term.c - see term.h. */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/term.h"

void term_init(struct term *t, enum term_color_mode mode, bool want_progress)
{
	const char *no_color = getenv("NO_COLOR");

	memset(t, 0, sizeof(*t));
	if (mode == TERM_COLOR_ALWAYS)
		t->color = true;
	else if (mode == TERM_COLOR_AUTO)
		t->color = isatty(STDOUT_FILENO) && !(no_color && *no_color);
	t->progress = want_progress && isatty(STDERR_FILENO);
}

int term_color_mode_parse(const char *text)
{
	if (!strcmp(text, "auto"))
		return TERM_COLOR_AUTO;
	if (!strcmp(text, "always"))
		return TERM_COLOR_ALWAYS;
	if (!strcmp(text, "never"))
		return TERM_COLOR_NEVER;
	return -1;
}

const char *term_start(const struct term *t, enum term_style style)
{
	static const char *const seq[] = {
		[TERM_PLAIN] = "", [TERM_GOOD] = "\033[32m", [TERM_BAD] = "\033[1;31m",
		[TERM_WARN] = "\033[33m", [TERM_DIM] = "\033[2m", [TERM_BOLD] = "\033[1m",
	};

	return t->color ? seq[style] : "";
}

const char *term_stop(const struct term *t)
{
	return t->color ? "\033[0m" : "";
}

void term_progress(struct term *t, size_t done, size_t total, const char *what)
{
	if (!t->progress)
		return;
	fprintf(stderr, "\r\033[K[%zu/%zu] %s", done, total, what);
	fflush(stderr);
	t->progress_shown = true;
}

void term_progress_end(struct term *t)
{
	if (!t->progress_shown)
		return;
	fputs("\r\033[K", stderr);
	fflush(stderr);
	t->progress_shown = false;
}

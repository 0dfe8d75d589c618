/* Shared by the layout tests: a measure without fonts, so the layout is checked as pure
 * code. Every character is half an em wide (bold one pixel wider); the capital is 0.7 em
 * and a line 1.25 em. */
#ifndef PARKKIOSK_LAYOUTTEST_H
#define PARKKIOSK_LAYOUTTEST_H

#include "layout.h"
#include "text.h"

static int fake_width(void *ud, enum font_style st, int px, const char *s)
{
	(void)ud;
	return (int)text_utf8_count(s) * px / 2 + (st == FONT_BOLD ? 1 : 0);
}

static const struct layout_measure fake = {fake_width, 0.7, 1.25, NULL};

#endif

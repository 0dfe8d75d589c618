/* The render tests' one way of writing a draw command by hand (test_render_cache,
 * test_render_dirty, test_render_direct): appended to l, 32 px text, 3 px frames.
 * Header-only: each test is one translation unit. */
#ifndef PARKKIOSK_RENDERTEST_H
#define PARKKIOSK_RENDERTEST_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "layout.h"

static void cmd(struct layout *l, enum layout_op op, int x, int y, int w, int h, enum theme_role fg,
                enum theme_role bg, const char *text)
{
	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 16;
		l->cmds = realloc(l->cmds, l->cap * sizeof *l->cmds);
	}
	struct layout_cmd *c = &l->cmds[l->n++];
	memset(c, 0, sizeof *c);
	c->op = op, c->x = x, c->y = y, c->w = w, c->h = h, c->fg = fg, c->bg = bg;
	c->px = 32;
	c->thickness = 3;
	snprintf(c->text, sizeof c->text, "%s", text ? text : "");
}

#endif

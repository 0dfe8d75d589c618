/* drawlist.h: the draw-command list builder that layout.c and layout_details.c share. */
#include <stdbool.h>

#include "drawlist.h"
#include "layout.h"
#include "testlib.h"

static void commands(void)
{
	struct layout l;
	layout_init(&l);
	bool oom = false;
	drawlist_fill(&l, &oom, 1, 2, 3, 4, ROLE_CARD);
	drawlist_frame(&l, &oom, 5, 6, 7, 8, ROLE_FOCUS, 3);
	struct layout_cmd *t = drawlist_push(&l, &oom, LAYOUT_TEXT, 9, 10, 11, 12);
	CHECK(t != NULL);
	CHECK(!oom);
	CHECK_INT(l.n, 3);
	CHECK_INT(l.cmds[0].op, LAYOUT_FILL);
	CHECK(l.cmds[0].x == 1 && l.cmds[0].y == 2 && l.cmds[0].w == 3 && l.cmds[0].h == 4);
	CHECK_INT(l.cmds[0].bg, ROLE_CARD);
	CHECK_INT(l.cmds[1].op, LAYOUT_FRAME);
	CHECK_INT(l.cmds[1].fg, ROLE_FOCUS);
	CHECK_INT(l.cmds[1].thickness, 3);
	/* a pushed command starts zeroed: no text, no style, not cuttable */
	CHECK_INT(t->op, LAYOUT_TEXT);
	CHECK(t->text[0] == '\0' && !t->may_cut && !t->rtl && t->px == 0);
	CHECK(t->x == 9 && t->y == 10 && t->w == 11 && t->h == 12);

	/* grows past its first allocation, keeping what is there */
	for (int i = 0; i < 1000; i++)
		drawlist_fill(&l, &oom, i, 0, 1, 1, ROLE_BG);
	CHECK(!oom);
	CHECK_INT(l.n, 1003);
	CHECK(l.cap >= l.n);
	CHECK_INT(l.cmds[1].thickness, 3);
	CHECK_INT(l.cmds[1002].x, 999);
	layout_finish(&l);
}

static void targets(void)
{
	struct layout l;
	layout_init(&l);
	CHECK(drawlist_target(&l, 1, 2, 3, 4, LAYOUT_TARGET_CLOSE, 7));
	CHECK_INT(l.n_targets, 1);
	CHECK_INT(l.targets[0].kind, LAYOUT_TARGET_CLOSE);
	CHECK_INT(l.targets[0].entry, 7);
	CHECK(l.targets[0].x == 1 && l.targets[0].y == 2 && l.targets[0].w == 3 &&
	      l.targets[0].h == 4);
	for (int i = 1; i < LAYOUT_MAX_TARGETS; i++)
		CHECK(drawlist_target(&l, i, 0, 1, 1, LAYOUT_TARGET_ENTRY, i));
	/* full: refused, nothing overwritten */
	CHECK(!drawlist_target(&l, 0, 0, 1, 1, LAYOUT_TARGET_NEXT, -1));
	CHECK_INT(l.n_targets, LAYOUT_MAX_TARGETS);
	CHECK_INT(l.targets[LAYOUT_MAX_TARGETS - 1].entry, LAYOUT_MAX_TARGETS - 1);
	layout_finish(&l);
}

int main(void)
{
	commands();
	targets();
	return TEST_END();
}

/* The draw-command list builder (drawlist.h). */
#include "drawlist.h"

#include <stdint.h>
#include <string.h>

#include "dynbuf.h"

struct layout_cmd *drawlist_push(struct layout *l, bool *oom, enum layout_op op, int x, int y,
                                 int w, int h)
{
	if (!dyn_reserve(&l->cmds, &l->cap, l->n + 1, sizeof *l->cmds, 128, SIZE_MAX)) {
		*oom = true;
		return NULL;
	}
	struct layout_cmd *cmd = &l->cmds[l->n++];
	memset(cmd, 0, sizeof *cmd);
	cmd->op = op;
	cmd->x = x, cmd->y = y, cmd->w = w, cmd->h = h;
	return cmd;
}

void drawlist_fill(struct layout *l, bool *oom, int x, int y, int w, int h, enum theme_role bg)
{
	struct layout_cmd *cmd = drawlist_push(l, oom, LAYOUT_FILL, x, y, w, h);
	if (cmd)
		cmd->bg = bg;
}

void drawlist_frame(struct layout *l, bool *oom, int x, int y, int w, int h, enum theme_role fg,
                    int thickness)
{
	struct layout_cmd *cmd = drawlist_push(l, oom, LAYOUT_FRAME, x, y, w, h);
	if (cmd) {
		cmd->fg = fg;
		cmd->thickness = thickness;
	}
}

bool drawlist_target(struct layout *l, int x, int y, int w, int h, enum layout_target_kind kind,
                     int entry)
{
	if (l->n_targets >= LAYOUT_MAX_TARGETS)
		return false;
	struct layout_target *t = &l->targets[l->n_targets++];
	t->x = x, t->y = y, t->w = w, t->h = h;
	t->kind = kind;
	t->entry = entry;
	return true;
}

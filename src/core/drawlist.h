/* The draw-command list builder: how layout.c and layout_details.c append fills, frames,
 * text boxes and touch targets to a struct layout. An append that runs out of memory
 * drops its command and sets the caller's sticky *oom flag, so a builder carries on and
 * answers PK_ERR_NOMEM once at the end (microui's command list, with growth). Pure. */
#ifndef PARKKIOSK_DRAWLIST_H
#define PARKKIOSK_DRAWLIST_H

#include <stdbool.h>

#include "layout.h"

/* A zeroed command of kind op in the box (x, y, w, h), appended to l; NULL (and *oom set)
 * when out of memory. The pointer is valid until the next append. */
struct layout_cmd *drawlist_push(struct layout *l, bool *oom, enum layout_op op, int x, int y,
                                 int w, int h);
/* A rectangle filled with bg. */
void drawlist_fill(struct layout *l, bool *oom, int x, int y, int w, int h, enum theme_role bg);
/* A rectangle's outline in fg, thickness px wide, inside the box. */
void drawlist_frame(struct layout *l, bool *oom, int x, int y, int w, int h, enum theme_role fg,
                    int thickness);
/* A touch target; false (nothing added) when LAYOUT_MAX_TARGETS are there already. */
bool drawlist_target(struct layout *l, int x, int y, int w, int h, enum layout_target_kind kind,
                     int entry);

#endif

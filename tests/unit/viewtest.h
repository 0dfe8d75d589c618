/* Shared by the announcement tests: hand-made model entries and view items, so a
 * sentence can be checked for any status without building a model and a view. */
#ifndef PARKKIOSK_VIEWTEST_H
#define PARKKIOSK_VIEWTEST_H

#include <stdio.h>
#include <string.h>

#include "text.h"
#include "view.h"

/* An entry with every number unknown; spots are accessible spaces. */
static struct model_entry *entry_init(struct model_entry *e, int i, enum model_kind kind,
                                      const char *name)
{
	memset(e, 0, sizeof *e);
	e->kind = kind;
	snprintf(e->id, sizeof e->id, "e%d", i);
	text_copy(e->name, sizeof e->name, name);
	e->total = e->free = e->total_disabled = e->free_disabled = MODEL_UNKNOWN;
	e->max_height_cm = MODEL_UNKNOWN;
	e->disabled = kind == MODEL_SPOT;
	e->has_pos = true;
	return e;
}

static struct view_item item_new(struct model_entry *e, enum view_status st, double dist,
                                 double bearing, int64_t age)
{
	struct view_item it;
	memset(&it, 0, sizeof it);
	it.e = e;
	it.status = st;
	it.free = it.total = it.free_disabled = it.total_disabled = VIEW_NONE;
	it.distance_m = dist;
	it.bearing_deg = bearing;
	it.age_s = age;
	it.stale = st == VIEW_UNKNOWN;
	return it;
}

#endif

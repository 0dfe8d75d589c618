/* Shelf packing (see shelf.h). */
#include "shelf.h"

#include <stddef.h>

void shelf_init(struct shelf_page *p, int w, int h)
{
	p->w = w;
	p->h = h;
	p->top = 0;
	p->n = 0;
}

bool shelf_place(struct shelf_page *p, int w, int h, int *x, int *y)
{
	if (w <= 0 || h <= 0 || w > p->w || h > p->h)
		return false;
	struct shelf_row *best = NULL;
	for (int i = 0; i < p->n; i++) {
		struct shelf_row *r = &p->rows[i];
		if (r->h >= h && r->x + w <= p->w && (!best || r->h < best->h))
			best = r;
	}
	/* a much taller row would waste its height: open a new one while there is room */
	bool wasteful = best && (best->h - h) * 3 > best->h;
	if ((!best || wasteful) && p->n < SHELF_ROWS && p->top + h <= p->h) {
		best = &p->rows[p->n++];
		*best = (struct shelf_row){.y = p->top, .h = h, .x = 0};
		p->top += h;
	}
	if (!best)
		return false;
	*x = best->x;
	*y = best->y;
	best->x += w;
	return true;
}

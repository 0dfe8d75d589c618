/* Shelf packing of rectangles into a fixed page: the glyph atlas's placement. A page is
 * cut into rows ("shelves") as tall as the first rectangle put on them and filled left
 * to right; a rectangle goes on the shelf that wastes the least height, or on a new
 * shelf when every open one would waste more than a third of its height. Pure: no
 * allocation, no I/O. */
#ifndef PARKKIOSK_SHELF_H
#define PARKKIOSK_SHELF_H

#include <stdbool.h>

#define SHELF_ROWS 64

struct shelf_row {
	int y, h; /* where the row lies and how tall it is */
	int x;    /* where its free part starts */
};

struct shelf_page {
	int w, h;
	int top; /* where the next row would start */
	int n;   /* rows in use */
	struct shelf_row rows[SHELF_ROWS];
};

/* An empty page of w×h. */
void shelf_init(struct shelf_page *p, int w, int h);
/* Finds room for a w×h rectangle: true and its place in *x, *y, or false when the page
 * has none (then nothing changed). */
bool shelf_place(struct shelf_page *p, int w, int h, int *x, int *y);

#endif

/* shelf.h: rectangles never overlap and stay inside the page; rows are reused by
 * rectangles of about their height; a full page says so and changes nothing. */
#include <string.h>

#include "shelf.h"
#include "testlib.h"

struct box {
	int x, y, w, h;
};

static bool overlap(struct box a, struct box b)
{
	return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
}

int main(void)
{
	struct shelf_page p;
	shelf_init(&p, 100, 60);
	struct box placed[64];
	int n = 0, x, y;
	/* glyph-like sizes: capitals, x-height letters, descenders */
	static const int sizes[][2] = {{12, 20}, {10, 15}, {11, 19}, {9, 14}, {12, 24}, {30, 20}};
	for (int k = 0; k < 40; k++) {
		int w = sizes[k % 6][0], h = sizes[k % 6][1];
		if (!shelf_place(&p, w, h, &x, &y))
			break;
		placed[n++] = (struct box){x, y, w, h};
	}
	CHECK(n > 10);
	for (int i = 0; i < n; i++) {
		CHECK(placed[i].x >= 0 && placed[i].y >= 0);
		CHECK(placed[i].x + placed[i].w <= 100 && placed[i].y + placed[i].h <= 60);
		for (int j = 0; j < i; j++)
			CHECK(!overlap(placed[i], placed[j]));
	}
	/* a 14-px letter goes on the 15-px row, not on a new one */
	shelf_init(&p, 100, 60);
	CHECK(shelf_place(&p, 10, 15, &x, &y) && y == 0);
	CHECK(shelf_place(&p, 10, 14, &x, &y) && y == 0 && x == 10);
	CHECK(p.n == 1);
	/* a 5-px dot would waste two thirds of it: a row of its own */
	CHECK(shelf_place(&p, 4, 5, &x, &y) && y == 15);
	CHECK(p.n == 2);
	/* full: false, and the page is as it was */
	struct shelf_page before = p;
	CHECK(!shelf_place(&p, 10, 50, &x, &y));
	CHECK(memcmp(&before, &p, sizeof p) == 0);
	CHECK(!shelf_place(&p, 101, 1, &x, &y) && !shelf_place(&p, 0, 1, &x, &y));
	return TEST_END();
}

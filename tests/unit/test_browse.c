/* browse.h: tap-to-details and the paused page turns, with time passed in. */
#include <string.h>

#include "browse.h"
#include "testlib.h"
#include "text.h"

int main(void)
{
	struct model_entry e[3];
	memset(e, 0, sizeof e);
	e[0].kind = MODEL_SPOT, e[0].feed = 0;
	text_copy(e[0].id, sizeof e[0].id, "spot:1");
	e[1].kind = MODEL_SPOT, e[1].feed = 1;
	text_copy(e[1].id, sizeof e[1].id, "spot:1"); /* same id, other feed */
	e[2].kind = MODEL_SITE, e[2].feed = 0;
	text_copy(e[2].id, sizeof e[2].id, "site:9");
	struct view_item spots[2] = {{.e = &e[0]}, {.e = &e[1]}}, sites[1] = {{.e = &e[2]}};
	struct view v = {.spots = spots, .n_spots = 2, .sites = sites, .n_sites = 1};

	struct browse b;
	browse_init(&b, 30000);
	CHECK(!browse_holds_pages(&b, 0));
	CHECK_INT((int)browse_deadline(&b), -1);
	CHECK(!browse_tick(&b, 1000000));
	CHECK_INT(browse_index(&b, &v), -1);

	/* a touch anywhere holds the pages for 30 s, then they turn again */
	browse_touch(&b, 1000);
	CHECK(browse_holds_pages(&b, 1000));
	CHECK(browse_holds_pages(&b, 30999));
	CHECK(!browse_holds_pages(&b, 31000));
	CHECK_INT((int)browse_deadline(&b), 31000);
	CHECK(!browse_tick(&b, 30999));
	CHECK(browse_tick(&b, 31000));
	CHECK_INT((int)browse_deadline(&b), -1);
	/* each touch extends it */
	browse_touch(&b, 40000);
	browse_touch(&b, 60000);
	CHECK(browse_holds_pages(&b, 89999));

	/* details: found by identity (feed and id), also after the view reorders */
	browse_open(&b, &spots[1], 100000);
	CHECK_INT(browse_index(&b, &v), 1);
	CHECK(browse_holds_pages(&b, 100000));
	struct view_item re[2] = {{.e = &e[1]}, {.e = &e[0]}};
	struct view v2 = {.spots = re, .n_spots = 2, .sites = sites, .n_sites = 1};
	CHECK_INT(browse_index(&b, &v2), 0);
	browse_open(&b, &sites[0], 101000);
	CHECK_INT(browse_index(&b, &v), 2);
	/* gone from the data: not shown */
	struct view v3 = {.spots = spots, .n_spots = 2};
	CHECK_INT(browse_index(&b, &v3), -1);
	/* open details hold the pages however long; the quiet time closes them */
	CHECK(browse_holds_pages(&b, 130999));
	CHECK(browse_tick(&b, 131000));
	CHECK(!b.open);
	CHECK_INT(browse_index(&b, &v), -1);
	CHECK(!browse_holds_pages(&b, 131000));
	/* the close button */
	browse_open(&b, &spots[0], 200000);
	browse_close(&b);
	CHECK_INT(browse_index(&b, &v), -1);
	CHECK(browse_holds_pages(&b, 200001)); /* the tap on close was a touch too */
	return TEST_END();
}

/* demo.h: the embedded Freiburg feed, re-timestamped to now, moving plausibly and
 * reproducibly. */
#include "demo.h"
#include "testlib.h"
#include "view.h"

#define NOW 1795000000 /* 2026-11-18 */

int main(void)
{
	struct model a, b, c;
	model_init(&a), model_init(&b), model_init(&c);
	CHECK(demo_load(&a, NOW) == PK_OK);
	CHECK(demo_load(&b, NOW) == PK_OK);
	CHECK(demo_load(&c, NOW + 5 * DEMO_PERIOD_S) == PK_OK);
	size_t sites = 0, spots = 0, changed = 0;
	bool found_kollegien = false;
	for (size_t i = 0; i < a.n; i++) {
		const struct model_entry *e = &a.v[i];
		sites += e->kind == MODEL_SITE;
		spots += e->kind == MODEL_SPOT && e->disabled;
		/* fresh: within two minutes of now, never in the future */
		CHECK(e->updated_at <= NOW && NOW - e->updated_at <= 180);
		/* same now, same data */
		CHECK(e->free == b.v[i].free && e->spot == b.v[i].spot);
		changed += e->free != c.v[i].free || e->spot != c.v[i].spot;
		if (e->kind == MODEL_SITE && e->total > 0 && e->open != MODEL_OPEN_CLOSED)
			CHECK(e->free >= 0 && e->free <= e->total);
		if (strcmp(e->name, "Kollegiengebäude") == 0)
			found_kollegien = true;
	}
	CHECK_INT(sites, 19);
	CHECK_INT(spots, 20);
	CHECK(found_kollegien);
	CHECK(changed > 3); /* it moves */
	CHECK_INT(demo_next_change(NOW), (NOW / DEMO_PERIOD_S + 1) * DEMO_PERIOD_S);

	/* evaluated at the old town kiosk, the demo is live and has free spaces nearby */
	struct view v;
	struct view_params p = {47.99470, 7.84920, NOW, 900, 1000, 3000, 3};
	CHECK(view_build(&v, &a, &p) == PK_OK);
	CHECK(v.n_spots >= 10);
	CHECK(v.n_free_nearby >= 5);
	CHECK(v.spots[0].status == VIEW_FREE && !v.spots[0].stale);
	CHECK(v.n_sites >= 15);
	view_finish(&v);
	model_finish(&a), model_finish(&b), model_finish(&c);
	return TEST_END();
}

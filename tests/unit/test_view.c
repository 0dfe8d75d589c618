/* view.h: the honesty rules (stale, invalid, closed), distances and the display order. */
#include "err.h"
#include "testlib.h"
#include "view.h"

#define NOW 1750766085 /* 2025-06-24T11:54:45Z */
#define KLAT 47.9947
#define KLON 7.8492

static struct model_entry *spot(struct model *m, const char *id, double dlat, int state, int64_t t)
{
	struct model_entry *e = model_push(m, MODEL_SPOT);
	snprintf(e->id, sizeof e->id, "%s", id);
	snprintf(e->name, sizeof e->name, "Spot %s", id);
	e->has_pos = true;
	e->lat = KLAT + dlat;
	e->lon = KLON;
	e->disabled = true;
	e->spot = state;
	e->updated_at = t;
	return e;
}

static struct model_entry *site(struct model *m, const char *id, double dlat, int free, int total,
                                int open, int64_t t)
{
	struct model_entry *e = model_push(m, MODEL_SITE);
	snprintf(e->id, sizeof e->id, "%s", id);
	e->has_pos = true;
	e->lat = KLAT + dlat;
	e->lon = KLON;
	e->free = free;
	e->total = total;
	e->open = open;
	e->updated_at = t;
	return e;
}

static const struct view_item *find(const struct view *v, const char *id)
{
	for (size_t i = 0; i < v->n_spots; i++)
		if (strcmp(v->spots[i].e->id, id) == 0)
			return &v->spots[i];
	for (size_t i = 0; i < v->n_sites; i++)
		if (strcmp(v->sites[i].e->id, id) == 0)
			return &v->sites[i];
	return NULL;
}

int main(void)
{
	struct model m;
	model_init(&m);
	/* spots: 0.001° lat ≈ 111 m */
	spot(&m, "near-taken", 0.001, MODEL_SPOT_TAKEN, NOW - 60);
	spot(&m, "far-free", 0.004, MODEL_SPOT_FREE, NOW - 60);
	spot(&m, "near-free", 0.002, MODEL_SPOT_FREE, NOW - 60);
	spot(&m, "stale-free", 0.0005, MODEL_SPOT_FREE, NOW - 3600);
	spot(&m, "no-time", 0.0006, MODEL_SPOT_FREE, 0);
	spot(&m, "future", 0.0007, MODEL_SPOT_FREE, NOW + 7200);
	spot(&m, "very-far-free", 0.05, MODEL_SPOT_FREE, NOW - 60); /* 5.5 km */
	struct model_entry *notdis = spot(&m, "not-disabled", 0.001, MODEL_SPOT_FREE, NOW);
	notdis->disabled = false;
	/* sites */
	site(&m, "ok", 0.003, 52, 180, MODEL_OPEN_OPEN, NOW - 120);
	site(&m, "full", 0.001, 0, 100, MODEL_OPEN_OPEN, NOW - 120);
	site(&m, "closed", 0.0005, 399, 399, MODEL_OPEN_CLOSED, NOW - 120);
	site(&m, "over", 0.002, 75, 59, MODEL_OPEN_OPEN, NOW - 120);
	site(&m, "neg", 0.002, -3, 59, MODEL_OPEN_OPEN, NOW - 120);
	site(&m, "zero-total", 0.002, 20, 0, MODEL_OPEN_UNKNOWN, NOW - 120);
	site(&m, "stale", 0.0001, 10, 100, MODEL_OPEN_OPEN, NOW - 16 * 60);
	site(&m, "nofree", 0.002, MODEL_UNKNOWN, 100, MODEL_OPEN_UNKNOWN, 0);
	struct model_entry *dis = site(&m, "dis", 0.0035, 5, 50, MODEL_OPEN_OPEN, NOW - 60);
	dis->total_disabled = 2;
	dis->free_disabled = 3; /* 3 of 2: impossible */

	struct view v;
	struct view_params p = {KLAT, KLON, NOW, 900, 1000, 3000, 3};
	CHECK(view_build(&v, &m, &p) == PK_OK);

	/* spots: free nearest first, then taken, then no data */
	CHECK_STR(v.spots[0].e->id, "near-free");
	CHECK_STR(v.spots[1].e->id, "far-free");
	CHECK_STR(v.spots[2].e->id, "near-taken");
	CHECK(find(&v, "not-disabled") == NULL);
	CHECK(find(&v, "very-far-free") == NULL); /* free ones nearby: no alternatives */
	CHECK_INT(v.n_free_nearby, 2);
	const struct view_item *it = find(&v, "stale-free");
	CHECK(it && it->stale && it->status == VIEW_UNKNOWN);
	it = find(&v, "no-time");
	CHECK(it && it->stale && it->status == VIEW_UNKNOWN && it->age_s == -1);
	it = find(&v, "future");
	CHECK(it && it->status == VIEW_INVALID);
	CHECK_INT(v.spots[v.n_spots - 1].status == VIEW_UNKNOWN ||
	              v.spots[v.n_spots - 1].status == VIEW_INVALID,
	          1);
	it = find(&v, "near-free");
	CHECK(it && it->distance_m > 200 && it->distance_m < 245);
	CHECK(it && (it->bearing_deg < 1 || it->bearing_deg > 359));

	/* sites: numbers only when live and valid */
	it = find(&v, "ok");
	CHECK(it && it->status == VIEW_OPEN && it->free == 52 && it->total == 180 && !it->stale);
	it = find(&v, "full");
	CHECK(it && it->status == VIEW_FULL && it->free == 0);
	it = find(&v, "closed");
	CHECK(it && it->status == VIEW_CLOSED && it->free == VIEW_NONE && it->total == 399);
	it = find(&v, "over");
	CHECK(it && it->status == VIEW_INVALID && it->free == VIEW_NONE);
	it = find(&v, "neg");
	CHECK(it && it->status == VIEW_INVALID && it->free == VIEW_NONE);
	it = find(&v, "zero-total");
	CHECK(it && it->status == VIEW_INVALID && it->free == VIEW_NONE);
	it = find(&v, "stale");
	CHECK(it && it->stale && it->status == VIEW_UNKNOWN && it->free == VIEW_NONE &&
	      it->total == 100);
	it = find(&v, "nofree");
	CHECK(it && it->status == VIEW_UNKNOWN && it->free == VIEW_NONE && it->total == 100);
	it = find(&v, "dis");
	CHECK(it && it->status == VIEW_OPEN && it->free == 5 && it->free_disabled == VIEW_NONE &&
	      it->total_disabled == 2);
	/* order: open with numbers by distance, full, no data, closed last */
	CHECK_STR(v.sites[0].e->id, "ok");
	CHECK_STR(v.sites[1].e->id, "dis");
	CHECK_STR(v.sites[2].e->id, "full");
	CHECK_STR(v.sites[v.n_sites - 1].e->id, "closed");
	CHECK(v.newest_update == NOW - 60);
	view_finish(&v);

	/* nothing free nearby: the nearest free further away, as alternatives */
	for (size_t i = 0; i < m.n; i++)
		if (m.v[i].kind == MODEL_SPOT && m.v[i].lat < KLAT + 0.003)
			m.v[i].spot = MODEL_SPOT_TAKEN;
	/* far-free (444 m) is outside a 300 m radius */
	p.nearby_m = 300;
	CHECK(view_build(&v, &m, &p) == PK_OK);
	CHECK_INT(v.n_free_nearby, 0);
	CHECK(v.spots[0].alternative && strcmp(v.spots[0].e->id, "far-free") == 0);
	CHECK(v.spots[1].alternative && strcmp(v.spots[1].e->id, "very-far-free") == 0);
	CHECK(!v.spots[2].alternative && v.spots[2].status == VIEW_TAKEN);
	view_finish(&v);
	model_finish(&m);
	return TEST_END();
}

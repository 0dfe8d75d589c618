/* Evaluation of the model for one instant and position (see view.h): honesty rules,
 * distances and the display order. */
#include "view.h"

#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "geo.h"

/* A timestamp this far in the future is not clock skew but an impossible value. */
#define FUTURE_TOLERANCE_S 600

void view_init(struct view *v)
{
	memset(v, 0, sizeof *v);
}

void view_finish(struct view *v)
{
	free(v->spots);
	free(v->sites);
	view_init(v);
}

const char *view_status_name(enum view_status s)
{
	static const char *const names[] = {"free",   "taken",   "open",   "full",
	                                    "closed", "unknown", "invalid"};
	return (unsigned)s < sizeof names / sizeof names[0] ? names[s] : "unknown";
}

static bool count_ok(int n)
{
	return n != MODEL_UNKNOWN && n >= 0;
}

/* Evaluates one entry. Numbers survive only if live and plausible. */
static void evaluate(struct view_item *it, const struct model_entry *e, const struct view_params *p)
{
	memset(it, 0, sizeof *it);
	it->e = e;
	it->free = it->total = it->free_disabled = it->total_disabled = VIEW_NONE;
	it->distance_m = geo_distance_m(p->lat, p->lon, e->lat, e->lon);
	it->bearing_deg = geo_bearing_deg(p->lat, p->lon, e->lat, e->lon);
	bool known = e->updated_at >= MODEL_EARLIEST_TIME;
	it->age_s = known ? p->now - e->updated_at : -1;
	bool future = known && it->age_s < -FUTURE_TOLERANCE_S;
	if (it->age_s < 0 && known)
		it->age_s = 0; /* small clock skew */
	it->stale = !known || (!future && it->age_s > p->stale_after_s);

	if (e->kind == MODEL_SPOT) {
		if (future) {
			it->status = VIEW_INVALID;
			it->age_s = -1;
		} else if (it->stale) {
			it->status = VIEW_UNKNOWN;
		} else {
			switch (e->spot) {
			case MODEL_SPOT_FREE:
				it->status = VIEW_FREE;
				break;
			case MODEL_SPOT_TAKEN:
				it->status = VIEW_TAKEN;
				break;
			case MODEL_SPOT_CLOSED:
				it->status = VIEW_CLOSED;
				break;
			default:
				it->status = VIEW_UNKNOWN;
			}
		}
		return;
	}

	/* Static capacity is not live data: it may be shown whatever the age. */
	bool total_ok = count_ok(e->total);
	if (total_ok)
		it->total = e->total;
	if (count_ok(e->total_disabled))
		it->total_disabled = e->total_disabled;
	bool impossible = (e->total != MODEL_UNKNOWN && e->total < 0) ||
	                  (e->free != MODEL_UNKNOWN && e->free < 0) ||
	                  (total_ok && e->free != MODEL_UNKNOWN && e->free > e->total) || future;
	if (impossible) {
		it->status = VIEW_INVALID;
		it->total = total_ok ? e->total : VIEW_NONE;
		if (future)
			it->age_s = -1;
		return;
	}
	if (it->stale) {
		it->status = VIEW_UNKNOWN;
		return;
	}
	if (e->open == MODEL_OPEN_CLOSED) {
		it->status = VIEW_CLOSED;
		return;
	}
	if (count_ok(e->free)) {
		it->free = e->free;
		it->status = e->free == 0 ? VIEW_FULL : VIEW_OPEN;
	} else {
		it->status = e->open == MODEL_OPEN_OPEN ? VIEW_OPEN : VIEW_UNKNOWN;
	}
	/* Disabled counts: shown only when they are plausible on their own. */
	bool dis_ok = count_ok(e->free_disabled) &&
	              (!count_ok(e->total_disabled) || e->free_disabled <= e->total_disabled) &&
	              (!total_ok || e->free_disabled <= e->total);
	if (dis_ok)
		it->free_disabled = e->free_disabled;
}

/* Rank within the accessible-spaces list: lower first. */
static int spot_rank(const struct view_item *it)
{
	if (it->status == VIEW_FREE)
		return it->alternative ? 1 : 0;
	if (it->status == VIEW_TAKEN)
		return 2;
	if (it->status == VIEW_CLOSED)
		return 3;
	return 4;
}

static int site_rank(const struct view_item *it)
{
	switch (it->status) {
	case VIEW_OPEN:
		return it->free == VIEW_NONE ? 1 : 0;
	case VIEW_FULL:
		return 2;
	case VIEW_UNKNOWN:
	case VIEW_INVALID:
		return 3;
	default:
		return 4; /* closed */
	}
}

static int by_distance(const struct view_item *a, const struct view_item *b)
{
	if (a->distance_m < b->distance_m)
		return -1;
	if (a->distance_m > b->distance_m)
		return 1;
	return strcmp(a->e->id, b->e->id); /* stable, deterministic output */
}

static int cmp_spots(const void *pa, const void *pb)
{
	const struct view_item *a = pa, *b = pb;
	int ra = spot_rank(a), rb = spot_rank(b);
	return ra != rb ? ra - rb : by_distance(a, b);
}

static int cmp_sites(const void *pa, const void *pb)
{
	const struct view_item *a = pa, *b = pb;
	int ra = site_rank(a), rb = site_rank(b);
	return ra != rb ? ra - rb : by_distance(a, b);
}

static int cmp_distance(const void *pa, const void *pb)
{
	return by_distance(pa, pb);
}

int view_build(struct view *v, const struct model *m, const struct view_params *p)
{
	view_init(v);
	v->now = p->now;
	size_t n_spot = 0, n_site = 0;
	for (size_t i = 0; i < m->n; i++) {
		const struct model_entry *e = &m->v[i];
		if (!e->has_pos)
			continue;
		if (e->kind == MODEL_SPOT && e->disabled)
			n_spot++;
		else if (e->kind == MODEL_SITE)
			n_site++;
	}
	v->spots = calloc(n_spot ? n_spot : 1, sizeof *v->spots);
	v->sites = calloc(n_site ? n_site : 1, sizeof *v->sites);
	struct view_item *far = calloc(n_spot ? n_spot : 1, sizeof *far);
	if (!v->spots || !v->sites || !far) {
		free(far);
		view_finish(v);
		return PK_ERR_NOMEM;
	}
	size_t n_far = 0;
	for (size_t i = 0; i < m->n; i++) {
		const struct model_entry *e = &m->v[i];
		if (!e->has_pos)
			continue;
		struct view_item it;
		if (e->kind == MODEL_SPOT && e->disabled) {
			evaluate(&it, e, p);
			if (it.distance_m <= p->nearby_m)
				v->spots[v->n_spots++] = it;
			else if (it.status == VIEW_FREE)
				far[n_far++] = it;
		} else if (e->kind == MODEL_SITE) {
			evaluate(&it, e, p);
			if (it.distance_m <= p->sites_radius_m)
				v->sites[v->n_sites++] = it;
		} else {
			continue;
		}
		if (!it.stale && it.status != VIEW_INVALID && e->updated_at > v->newest_update)
			v->newest_update = e->updated_at;
		if (it.status != VIEW_INVALID && e->updated_at >= MODEL_EARLIEST_TIME &&
		    e->updated_at <= p->now && e->updated_at > v->newest_any)
			v->newest_any = e->updated_at;
	}
	for (size_t i = 0; i < v->n_spots; i++)
		if (v->spots[i].status == VIEW_FREE)
			v->n_free_nearby++;
	/* Nothing free nearby: the nearest free spaces further away, as alternatives. */
	if (v->n_free_nearby == 0 && n_far > 0) {
		qsort(far, n_far, sizeof *far, cmp_distance);
		for (size_t i = 0; i < n_far && (int)i < p->max_alternatives; i++) {
			far[i].alternative = true;
			v->spots[v->n_spots++] = far[i];
		}
	}
	free(far);
	qsort(v->spots, v->n_spots, sizeof *v->spots, cmp_spots);
	qsort(v->sites, v->n_sites, sizeof *v->sites, cmp_sites);
	return PK_OK;
}

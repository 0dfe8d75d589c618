/* The normalised parking model (see model.h): storage only. */
#include "model.h"

#include "dynbuf.h"
#include "geo.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

void model_init(struct model *m)
{
	m->v = NULL;
	m->n = m->cap = 0;
}

void model_finish(struct model *m)
{
	free(m->v);
	model_init(m);
}

void model_clear(struct model *m)
{
	m->n = 0;
}

static bool reserve(struct model *m, size_t want)
{
	return dyn_reserve(&m->v, &m->cap, want, sizeof *m->v, 16, SIZE_MAX);
}

struct model_entry *model_push(struct model *m, enum model_kind kind)
{
	if (!reserve(m, m->n + 1))
		return NULL;
	struct model_entry *e = &m->v[m->n++];
	memset(e, 0, sizeof *e);
	e->kind = kind;
	e->total = e->free = MODEL_UNKNOWN;
	e->total_disabled = e->free_disabled = MODEL_UNKNOWN;
	e->max_height_cm = MODEL_UNKNOWN;
	e->open = MODEL_OPEN_UNKNOWN;
	e->spot = MODEL_SPOT_UNKNOWN;
	e->occupied = MODEL_UNKNOWN;
	e->occupancy = -1;
	return e;
}

bool model_append(struct model *dst, const struct model *src)
{
	if (src->n == 0)
		return true;
	if (!reserve(dst, dst->n + src->n))
		return false;
	memcpy(dst->v + dst->n, src->v, src->n * sizeof *src->v);
	dst->n += src->n;
	return true;
}

bool model_take(struct model *dst, struct model *src)
{
	if (dst->n == 0) {
		free(dst->v);
		*dst = *src;
		model_init(src);
		return true;
	}
	if (!model_append(dst, src))
		return false;
	model_clear(src);
	return true;
}

void model_stamp(struct model *m, int feed, int64_t fallback)
{
	for (size_t i = 0; i < m->n; i++) {
		m->v[i].feed = feed;
		if (m->v[i].updated_at < MODEL_EARLIEST_TIME && fallback >= MODEL_EARLIEST_TIME)
			m->v[i].updated_at = fallback;
	}
}

size_t model_drop_unplaceable(struct model *m)
{
	size_t w = 0;
	for (size_t r = 0; r < m->n; r++)
		if (m->v[r].has_pos || m->v[r].role == MODEL_ROLE_STATUS)
			m->v[w++] = m->v[r];
	size_t dropped = m->n - w;
	m->n = w;
	return dropped;
}

/* ---- keeping what can be shown ---- */

struct by_dist {
	double d;
	size_t idx;
};

static int cmp_dist(const void *a, const void *b)
{
	const struct by_dist *x = a, *y = b;
	if (x->d != y->d)
		return x->d < y->d ? -1 : 1;
	return x->idx < y->idx ? -1 : x->idx > y->idx;
}

size_t model_keep_nearest(struct model *m, const struct model_keep *k)
{
	size_t placed = 0;
	for (size_t i = 0; i < m->n; i++)
		placed += m->v[i].has_pos;
	if (placed <= k->max_per_kind) /* at most that many of either kind: all stay */
		return 0;
	struct by_dist *d = malloc(placed * sizeof *d);
	bool *keep = calloc(m->n, sizeof *keep);
	if (!d || !keep) {
		free(d);
		free(keep);
		return 0;
	}
	size_t nd = 0;
	for (size_t i = 0; i < m->n; i++) {
		if (m->v[i].has_pos)
			d[nd++] = (struct by_dist){
			    geo_distance_m(k->lat, k->lon, m->v[i].lat, m->v[i].lon), i};
		else
			keep[i] = true;
	}
	qsort(d, nd, sizeof *d, cmp_dist);
	size_t sites = 0, spots = 0, free_beyond = 0;
	for (size_t j = 0; j < nd; j++) {
		const struct model_entry *e = &m->v[d[j].idx];
		size_t *count = e->kind == MODEL_SPOT ? &spots : &sites;
		if (*count < k->max_per_kind) {
			(*count)++;
			keep[d[j].idx] = true;
		} else if (e->kind == MODEL_SPOT && e->spot == MODEL_SPOT_FREE &&
		           free_beyond < k->max_free_spots) {
			free_beyond++;
			keep[d[j].idx] = true;
		}
	}
	size_t w = 0;
	for (size_t r = 0; r < m->n; r++)
		if (keep[r])
			m->v[w++] = m->v[r];
	size_t dropped = m->n - w;
	m->n = w;
	free(d);
	free(keep);
	/* Give the dropped entries' memory back: the array was sized for all of them. */
	struct model_entry *v = realloc(m->v, (w ? w : 1) * sizeof *v);
	if (v) {
		m->v = v;
		m->cap = w ? w : 1;
	}
	return dropped;
}

/* ---- DATEX II table/status join ---- */

struct table_ref {
	const char *id; /* borrowed from the model */
	size_t idx;
};

static int cmp_ref(const void *a, const void *b)
{
	const struct table_ref *x = a, *y = b;
	int c = strcmp(x->id, y->id);
	if (c)
		return c;
	return x->idx < y->idx ? -1 : x->idx > y->idx; /* the first record of an id wins */
}

/* Free spaces from what a status sent, given the capacity that now holds. */
static int status_free(const struct model_entry *s, int total)
{
	if (s->free != MODEL_UNKNOWN)
		return s->free;
	if (total == MODEL_UNKNOWN || total < 0)
		return MODEL_UNKNOWN;
	if (s->occupied != MODEL_UNKNOWN && s->occupied >= 0)
		return total - s->occupied; /* negative when over-full: the view flags it */
	if (s->occupancy >= 0 && s->occupancy <= 1)
		return (int)lround(total * (1 - s->occupancy));
	return MODEL_UNKNOWN;
}

static void join_one(struct model_entry *t, const struct model_entry *s)
{
	if (s->total != MODEL_UNKNOWN)
		t->total = s->total; /* the override is the current capacity */
	int free = status_free(s, t->total);
	t->free = free;
	if (s->open != MODEL_OPEN_UNKNOWN)
		t->open = s->open;
	if (s->disabled)
		t->disabled = true;
	if (s->free_disabled != MODEL_UNKNOWN)
		t->free_disabled = s->free_disabled;
	if (s->total_disabled != MODEL_UNKNOWN)
		t->total_disabled = s->total_disabled;
	if (t->kind == MODEL_SITE && t->disabled) {
		/* Every space of the record is reserved for blue-badge holders. */
		t->total_disabled = t->total;
		t->free_disabled = t->free;
	}
	if (t->kind == MODEL_SPOT) {
		if (t->open == MODEL_OPEN_CLOSED)
			t->spot = MODEL_SPOT_CLOSED;
		else if (free != MODEL_UNKNOWN && free > 0)
			t->spot = MODEL_SPOT_FREE;
		else if (free == 0)
			t->spot = MODEL_SPOT_TAKEN;
		else
			t->spot = MODEL_SPOT_UNKNOWN;
		t->total = t->free = MODEL_UNKNOWN;
	}
	t->updated_at = s->updated_at; /* 0 stays 0: a status without a time has no age */
	t->feed = s->feed;
	t->role = MODEL_ROLE_LIVE;
}

void model_join_records(struct model *m, size_t *orphans)
{
	size_t n_tables = 0, n_status = 0;
	for (size_t i = 0; i < m->n; i++) {
		n_tables += m->v[i].role == MODEL_ROLE_TABLE;
		n_status += m->v[i].role == MODEL_ROLE_STATUS;
	}
	if (orphans)
		*orphans = 0;
	if (n_status == 0)
		return;
	struct table_ref *refs = n_tables ? malloc(n_tables * sizeof *refs) : NULL;
	size_t k = 0;
	if (refs) {
		for (size_t i = 0; i < m->n; i++)
			if (m->v[i].role == MODEL_ROLE_TABLE)
				refs[k++] = (struct table_ref){m->v[i].id, i};
		qsort(refs, k, sizeof *refs, cmp_ref);
	}
	/* Joined table entries turn LIVE, so a second status of the same id finds none. */
	for (size_t i = 0; i < m->n; i++) {
		struct model_entry *s = &m->v[i];
		if (s->role != MODEL_ROLE_STATUS)
			continue;
		struct table_ref key = {s->id, 0};
		size_t lo = 0, hi = k;
		while (lo < hi) {
			size_t mid = lo + (hi - lo) / 2;
			if (strcmp(refs[mid].id, key.id) < 0)
				lo = mid + 1;
			else
				hi = mid;
		}
		bool joined = false;
		for (; lo < k && strcmp(refs[lo].id, key.id) == 0; lo++) {
			struct model_entry *t = &m->v[refs[lo].idx];
			if (t->role == MODEL_ROLE_TABLE) {
				join_one(t, s);
				joined = true;
				break;
			}
		}
		if (!joined && orphans)
			(*orphans)++;
	}
	free(refs);
	size_t w = 0;
	for (size_t r = 0; r < m->n; r++)
		if (m->v[r].role != MODEL_ROLE_STATUS)
			m->v[w++] = m->v[r];
	m->n = w;
}

const char *model_open_name(enum model_open o)
{
	switch (o) {
	case MODEL_OPEN_OPEN:
		return "open";
	case MODEL_OPEN_CLOSED:
		return "closed";
	default:
		return "unknown";
	}
}

const char *model_spot_name(enum model_spot_state s)
{
	switch (s) {
	case MODEL_SPOT_FREE:
		return "free";
	case MODEL_SPOT_TAKEN:
		return "taken";
	case MODEL_SPOT_CLOSED:
		return "closed";
	default:
		return "unknown";
	}
}

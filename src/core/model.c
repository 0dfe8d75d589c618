/* The normalised parking model (see model.h): storage only. */
#include "model.h"

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
	if (want <= m->cap)
		return true;
	size_t cap = m->cap ? m->cap : 16;
	while (cap < want)
		cap *= 2;
	struct model_entry *v = realloc(m->v, cap * sizeof *v);
	if (!v)
		return false;
	m->v = v;
	m->cap = cap;
	return true;
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
		if (m->v[r].has_pos)
			m->v[w++] = m->v[r];
	size_t dropped = m->n - w;
	m->n = w;
	return dropped;
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

/* The far-entry filter of a body being read (see feed_near.h): three bounded max-heaps. */
#include "feed_near.h"

#include <stdlib.h>

#include "geo.h"

enum { H_SITE, H_SPOT, H_FREE };

bool feed_near_init(struct feed_near *nf, const struct model_keep *keep)
{
	nf->keep = *keep;
	nf->cap[H_SITE] = nf->cap[H_SPOT] = keep->max_per_kind;
	nf->cap[H_FREE] = keep->max_per_kind + keep->max_free_spots;
	bool ok = true;
	for (int h = 0; h < 3; h++) {
		nf->n[h] = 0;
		nf->heap[h] = malloc((nf->cap[h] ? nf->cap[h] : 1) * sizeof(double));
		ok = ok && nf->heap[h];
	}
	if (!ok)
		feed_near_finish(nf);
	return ok;
}

void feed_near_finish(struct feed_near *nf)
{
	if (!nf)
		return;
	for (int h = 0; h < 3; h++) {
		free(nf->heap[h]);
		nf->heap[h] = NULL;
		nf->n[h] = 0;
	}
}

/* At least cap distances no greater than d are in heap h: d is beyond them. */
static bool beyond(const struct feed_near *nf, int h, double d)
{
	return nf->n[h] == nf->cap[h] && (nf->cap[h] == 0 || d >= nf->heap[h][0]);
}

/* Adds d to heap h, dropping its largest when full (only called when !beyond). */
static void add(struct feed_near *nf, int h, double d)
{
	double *v = nf->heap[h];
	size_t i;
	if (nf->n[h] < nf->cap[h]) {
		i = nf->n[h]++;
		while (i > 0 && v[(i - 1) / 2] < d) {
			v[i] = v[(i - 1) / 2];
			i = (i - 1) / 2;
		}
		v[i] = d;
		return;
	}
	size_t n = nf->n[h];
	i = 0;
	for (;;) {
		size_t c = 2 * i + 1;
		if (c >= n)
			break;
		if (c + 1 < n && v[c + 1] > v[c])
			c++;
		if (v[c] <= d)
			break;
		v[i] = v[c];
		i = c;
	}
	v[i] = d;
}

/* At least cap distances smaller than d are in heap h. */
static bool outside(const struct feed_near *nf, int h, double d)
{
	return nf->n[h] == nf->cap[h] && (nf->cap[h] == 0 || d > nf->heap[h][0]);
}

bool feed_near_outside(const struct feed_near *nf, const struct feed_place *p)
{
	if (!nf || !nf->heap[0])
		return false;
	double d = geo_distance_m(nf->keep.lat, nf->keep.lon, p->lat, p->lon);
	int h = p->kind == MODEL_SPOT ? H_SPOT : H_SITE;
	bool is_free = p->kind == MODEL_SPOT && p->free_spot;
	return outside(nf, h, d) && (!is_free || outside(nf, H_FREE, d));
}

bool feed_near_far(struct feed_near *nf, const struct feed_place *p)
{
	if (!nf || !nf->heap[0])
		return false;
	double d = geo_distance_m(nf->keep.lat, nf->keep.lon, p->lat, p->lon);
	int h = p->kind == MODEL_SPOT ? H_SPOT : H_SITE;
	bool is_free = p->kind == MODEL_SPOT && p->free_spot;
	bool out_of_kind = beyond(nf, h, d);
	if (out_of_kind && (!is_free || beyond(nf, H_FREE, d)))
		return true;
	if (!out_of_kind)
		add(nf, h, d);
	if (is_free && !beyond(nf, H_FREE, d))
		add(nf, H_FREE, d);
	return false;
}

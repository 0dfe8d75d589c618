/* Invariants every fuzz target checks on what a parse produced: a parser may refuse
 * anything, but what it returns must be safe to draw, speak and compare. abort() makes
 * libFuzzer keep the input. Header-only: each target is one translation unit. */
#ifndef PARKKIOSK_FUZZ_CHECK_H
#define PARKKIOSK_FUZZ_CHECK_H

#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "feed.h"
#include "feed/feed_int.h"
#include "feed/feed_place.h"
#include "feed/feed_split.h"
#include "feed/jscan.h"
#include "text.h"

/* A fixed-size text field: NUL-terminated inside its array, valid UTF-8, no controls. */
static inline void fuzz_check_text(const char *s, size_t cap)
{
	size_t n = strnlen(s, cap);
	if (n == cap || !text_utf8_valid(s, n))
		abort();
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f)
			abort();
}

static inline void fuzz_check_model(const struct model *m, enum pk_err rc, size_t before)
{
	if (rc != PK_OK) {
		if (m->n != before) /* a failed parse must not touch the model */
			abort();
		return;
	}
	if (m->n - before > FEED_MAX_ENTRIES)
		abort();
	for (size_t i = before; i < m->n; i++) {
		const struct model_entry *e = &m->v[i];
		if (e->kind != MODEL_SITE && e->kind != MODEL_SPOT)
			abort();
		fuzz_check_text(e->id, sizeof e->id);
		fuzz_check_text(e->name, sizeof e->name);
		fuzz_check_text(e->address, sizeof e->address);
		fuzz_check_text(e->opening_hours, sizeof e->opening_hours);
		if (!e->id[0])
			abort();
		if (e->has_pos && (!isfinite(e->lat) || !isfinite(e->lon) || fabs(e->lat) > 90 ||
		                   fabs(e->lon) > 180))
			abort();
		if (e->kind == MODEL_SPOT &&
		    (e->total != MODEL_UNKNOWN || e->free != MODEL_UNKNOWN))
			abort();
		if ((unsigned)e->open > MODEL_OPEN_CLOSED ||
		    (unsigned)e->spot > MODEL_SPOT_CLOSED ||
		    (unsigned)e->type > MODEL_TYPE_ON_STREET)
			abort();
		if (e->max_height_cm != MODEL_UNKNOWN && e->max_height_cm <= 0)
			abort();
	}
}

static inline bool fuzz_same_entry(const struct model_entry *a, const struct model_entry *b)
{
	/* Field by field: the bytes after a text's NUL differ between two reads. */
	return a->kind == b->kind && strcmp(a->id, b->id) == 0 && strcmp(a->name, b->name) == 0 &&
	       strcmp(a->address, b->address) == 0 &&
	       strcmp(a->opening_hours, b->opening_hours) == 0 && a->has_pos == b->has_pos &&
	       a->lat == b->lat && a->lon == b->lon && a->type == b->type && a->total == b->total &&
	       a->free == b->free && a->total_disabled == b->total_disabled &&
	       a->free_disabled == b->free_disabled && a->open == b->open && a->spot == b->spot &&
	       a->disabled == b->disabled && a->max_height_cm == b->max_height_cm &&
	       a->updated_at == b->updated_at && a->feed == b->feed && a->role == b->role &&
	       a->occupied == b->occupied && a->occupancy == b->occupancy;
}

static inline void fuzz_check_info(const struct feed_info *info)
{
	fuzz_check_text(info->next_path, sizeof info->next_path);
	if (info->next_path[0] && (info->next_path[0] != '/' || info->next_path[1] == '/'))
		abort();
	if (info->skipped > info->items)
		abort();
}

/* What jscan calls strict JSON, cJSON parses to the same end (jscan.h). */
static inline void fuzz_check_jscan(const char *s, size_t n)
{
	size_t e = jscan_value(s, n, 0);
	if (!e)
		return;
	const char *end = NULL;
	cJSON *v = cJSON_ParseWithLengthOpts(s, n, &end, 0);
	if (!v || (size_t)(end - s) != e)
		abort();
	cJSON_Delete(v);
}

/* The prefilter of big bodies reads each item as the parser does (feed_place.h): every
 * item the splitter calls strict cJSON parses, and its place read from the bytes is the
 * place the parser gives the parsed item. */
static inline void fuzz_check_places(enum feed_format fmt, const char *s, size_t n)
{
	struct feed_split sp;
	if (!feed_split_begin(&sp, s, n))
		return;
	size_t a, b, nm;
	bool strict;
	struct jscan_member m[128];
	while (feed_split_next_object(&sp, &a, &b, m, 128, &nm, &strict)) {
		if (!strict)
			continue;
		cJSON *v = cJSON_ParseWithLength(s + a, b - a);
		if (!v)
			abort();
		struct feed_place raw, tree;
		bool r = feed_item_place(fmt, s, m, nm, &raw);
		bool t =
		    fmt == FEED_NGSI ? feed_ngsi_place(v, &tree) : feed_parkapi3_place(v, &tree);
		cJSON_Delete(v);
		if (r != t || (r && (raw.kind != tree.kind || raw.free_spot != tree.free_spot ||
		                     memcmp(&raw.lat, &tree.lat, sizeof raw.lat) != 0 ||
		                     memcmp(&raw.lon, &tree.lon, sizeof raw.lon) != 0)))
			abort();
	}
}

/* Parses data as fmt into a model that already holds one entry, and checks the result. */
static inline int fuzz_feed(enum feed_format fmt, const unsigned char *data, size_t size)
{
	struct model m;
	model_init(&m);
	struct model_entry *pre = model_push(&m, MODEL_SITE);
	if (!pre)
		return 0;
	strcpy(pre->id, "before");
	struct feed_info info;
	char err[256];
	enum pk_err rc = feed_parse(fmt, (const char *)data, size, &m, &info, err, sizeof err);
	fuzz_check_model(&m, rc, 1);
	if (rc == PK_OK)
		fuzz_check_info(&info);
	else if (!err[0] || strnlen(err, sizeof err) == sizeof err)
		abort(); /* every failure explains itself */
	if (strcmp(m.v[0].id, "before") != 0)
		abort();
	fuzz_check_jscan((const char *)data, size);
	fuzz_check_places(FEED_PARKAPI3, (const char *)data, size);
	fuzz_check_places(FEED_NGSI, (const char *)data, size);
	/* Keeping the nearest while reading gives what keeping them after a whole read does
	 * (feed_parse_nearest), on a bound small enough that the fuzzer reaches it. */
	struct model_keep k = {48.0, 7.85, 3, 2};
	struct model near, all;
	model_init(&near);
	model_init(&all);
	struct feed_info ni;
	enum pk_err nrc =
	    feed_parse_nearest(fmt, (const char *)data, size, &k, &near, &ni, err, sizeof err);
	fuzz_check_model(&near, nrc, 0);
	if (rc == PK_OK && nrc == PK_OK) {
		for (size_t i = 1; i < m.n; i++) {
			struct model_entry *e = model_push(&all, m.v[i].kind);
			if (!e)
				abort();
			*e = m.v[i];
		}
		model_keep_nearest(&all, &k);
		if (all.n != near.n)
			abort();
		for (size_t i = 0; i < all.n; i++)
			if (!fuzz_same_entry(&all.v[i], &near.v[i]))
				abort();
		if (ni.items != info.items || ni.dropped != m.n - 1 - near.n)
			abort();
	}
	model_finish(&near);
	model_finish(&all);
	model_finish(&m);
	return 0;
}

#endif

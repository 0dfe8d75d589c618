/* Invariants every fuzz target checks on what a parse produced: a parser may refuse
 * anything, but what it returns must be safe to draw, speak and compare. abort() makes
 * libFuzzer keep the input. Header-only: each target is one translation unit. */
#ifndef PARKKIOSK_FUZZ_CHECK_H
#define PARKKIOSK_FUZZ_CHECK_H

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "feed.h"
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

static inline void fuzz_check_info(const struct feed_info *info)
{
	fuzz_check_text(info->next_path, sizeof info->next_path);
	if (info->next_path[0] && (info->next_path[0] != '/' || info->next_path[1] == '/'))
		abort();
	if (info->skipped > info->items)
		abort();
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
	model_finish(&m);
	return 0;
}

#endif

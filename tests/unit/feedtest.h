/* Shared by the parser tests: one model, info and error buffer per test binary, and
 * helpers to parse a fixture or a string into it and find an entry by id. Header-only
 * because each test binary is one translation unit. */
#ifndef PARKKIOSK_FEEDTEST_H
#define PARKKIOSK_FEEDTEST_H

#include <stdlib.h>
#include <string.h>

#include "feed.h"
#include "testlib.h"

static struct model m;
static struct feed_info info;
static char err[256];

static enum pk_err parse(enum feed_format fmt, const char *json, size_t len)
{
	model_clear(&m);
	err[0] = '\0';
	enum pk_err rc = feed_parse(fmt, json, len, &m, &info, err, sizeof err);
	if (rc != PK_OK)
		fprintf(stderr, "parse: %s\n", err);
	return rc;
}

/* Parses a fixture under $PARKKIOSK_FIXTURES. */
static enum pk_err load_fixture(enum feed_format fmt, const char *rel)
{
	size_t len;
	char *buf = test_read_file(test_fixture(rel), &len);
	enum pk_err rc = parse(fmt, buf, len);
	free(buf);
	return rc;
}

static const struct model_entry *find(const char *id)
{
	for (size_t i = 0; i < m.n; i++)
		if (strcmp(m.v[i].id, id) == 0)
			return &m.v[i];
	fprintf(stderr, "no entry %s\n", id);
	return NULL;
}

#endif

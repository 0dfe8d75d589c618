/* One JSON document from bytes, the one loader the config and the feed parsers share:
 * cJSON parses a NUL-terminated copy (so it never reads past the length it was given),
 * exactly one value with only JSON blanks after it, and a failure says where, as a byte
 * offset and a line and column people can act on. Messages are the callers' (a config
 * error and a feed error read differently). Pure. */
#ifndef PARKKIOSK_JSONDOC_H
#define PARKKIOSK_JSONDOC_H

#include <stdbool.h>
#include <stddef.h>

#include <cjson/cJSON.h>

#include "err.h"

struct jsondoc_error {
	size_t pos;       /* byte offset where the document went wrong */
	size_t line, col; /* of pos, 1-based */
	bool trailing;    /* a whole document, then more than blanks (pos: the first byte) */
};

/* Parses bytes[0..len). PK_OK: *root is the document (owned: cJSON_Delete it, or end the
 * jsonarena it was parsed in). PK_ERR_JSON: *e says where. PK_ERR_NOMEM: no memory for the
 * copy. A cJSON that ran out of memory reads as PK_ERR_JSON; a caller parsing into a
 * jsonarena tells the two apart with jsonarena_out_of_memory(). */
enum pk_err jsondoc_parse(const char *bytes, size_t len, cJSON **root, struct jsondoc_error *e);

/* 1-based line and column of byte offset pos in s. */
void jsondoc_line_col(const char *s, size_t pos, size_t *line, size_t *col);

#endif

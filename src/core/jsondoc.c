/* The JSON document loader (jsondoc.h). */
#include "jsondoc.h"

#include <stdlib.h>
#include <string.h>

void jsondoc_line_col(const char *s, size_t pos, size_t *line, size_t *col)
{
	*line = 1;
	*col = 1;
	for (size_t i = 0; i < pos; i++) {
		if (s[i] == '\n') {
			(*line)++;
			*col = 1;
		} else {
			(*col)++;
		}
	}
}

/* JSON's own blanks (RFC 8259). */
static bool blank(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

enum pk_err jsondoc_parse(const char *bytes, size_t len, cJSON **root, struct jsondoc_error *e)
{
	*root = NULL;
	memset(e, 0, sizeof *e);
	char *buf = malloc(len + 1);
	if (!buf)
		return PK_ERR_NOMEM;
	if (len)
		memcpy(buf, bytes, len);
	buf[len] = '\0';
	const char *end = NULL;
	cJSON *doc = cJSON_ParseWithLengthOpts(buf, len, &end, 0);
	/* cJSON stops after the first value; anything but blanks after it is not JSON. */
	for (const char *p = end; doc && p && p < buf + len; p++) {
		if (!blank(*p)) {
			e->trailing = true;
			end = p;
			break;
		}
	}
	enum pk_err rc = PK_OK;
	if (!doc || e->trailing) {
		e->pos = end && end >= buf && end <= buf + len ? (size_t)(end - buf) : 0;
		jsondoc_line_col(buf, e->pos, &e->line, &e->col);
		cJSON_Delete(doc);
		rc = PK_ERR_JSON;
	} else {
		*root = doc;
	}
	free(buf);
	return rc;
}

/* jsondoc.h: the one JSON-document loader (config and feeds). */
#include <string.h>

#include "jsondoc.h"
#include "testlib.h"

static enum pk_err parse(const char *s, cJSON **root, struct jsondoc_error *e)
{
	return jsondoc_parse(s, strlen(s), root, e);
}

int main(void)
{
	cJSON *root = NULL;
	struct jsondoc_error e;

	/* one document, blanks around it */
	CHECK_INT(parse(" \n{\"a\": [1, 2]}\r\n\t ", &root, &e), PK_OK);
	CHECK(cJSON_IsObject(root));
	CHECK_INT(cJSON_GetArraySize(cJSON_GetObjectItem(root, "a")), 2);
	cJSON_Delete(root);

	/* only the given length is read: what follows it is not part of the document */
	const char longer[] = "[1]garbage";
	CHECK_INT(jsondoc_parse(longer, 3, &root, &e), PK_OK);
	CHECK(cJSON_IsArray(root));
	cJSON_Delete(root);

	/* a syntax error names its line and column */
	CHECK_INT(parse("{\n\"theme\": \"dark\",\n}", &root, &e), PK_ERR_JSON);
	CHECK(root == NULL);
	CHECK(!e.trailing);
	CHECK_INT(e.line, 3);
	CHECK_INT(e.col, 1);
	CHECK_INT(e.pos, 19);

	/* a second document is data after the first; pos is its first byte */
	CHECK_INT(parse("{} \n {}", &root, &e), PK_ERR_JSON);
	CHECK(root == NULL);
	CHECK(e.trailing);
	CHECK_INT(e.pos, 5);
	CHECK_INT(e.line, 2);
	CHECK_INT(e.col, 2);

	/* empty: an error at the start */
	CHECK_INT(jsondoc_parse("", 0, &root, &e), PK_ERR_JSON);
	CHECK(e.pos == 0 && e.line == 1 && e.col == 1 && !e.trailing);

	size_t line, col;
	jsondoc_line_col("ab\ncd\n", 4, &line, &col);
	CHECK(line == 2 && col == 2);
	return TEST_END();
}

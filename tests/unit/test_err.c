/* err.h: error names and pk_fail, the one writer of callers' message buffers. */
#include <string.h>

#include "err.h"
#include "testlib.h"

int main(void)
{
	CHECK_STR(pk_strerror(PK_OK), "ok");
	CHECK_STR(pk_strerror(PK_ERR_TOO_BIG), "too large");
	CHECK_STR(pk_strerror((enum pk_err)999), "unknown error");

	char err[16] = "old";
	CHECK_INT(pk_fail(err, sizeof err, PK_ERR_JSON, "line %d: %s", 3, "bad"), PK_ERR_JSON);
	CHECK_STR(err, "line 3: bad");
	/* a long message is cut to the buffer, NUL-terminated */
	CHECK_INT(pk_fail(err, sizeof err, PK_ERR_CONFIG, "%s", "0123456789abcdefghij"),
	          PK_ERR_CONFIG);
	CHECK_STR(err, "0123456789abcde");
	/* no buffer: only the value */
	CHECK_INT(pk_fail(NULL, 0, PK_ERR_NOMEM, "x"), PK_ERR_NOMEM);
	CHECK_INT(pk_fail(err, 0, PK_OK, "y"), PK_OK);
	CHECK_STR(err, "0123456789abcde");
	return TEST_END();
}

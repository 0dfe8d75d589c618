/* qr.h: the QR matrix — error correction M, version and size, finder patterns. The decode
 * round trip (zbarimg on a screenshot) is tests/e2e/handover.py. */
#include <string.h>

#include "qr.h"
#include "testlib.h"

/* A finder pattern: 7×7, dark ring, light ring, dark 3×3 centre; light separator. */
static bool finder_at(const struct qr *q, int x0, int y0)
{
	for (int y = -1; y <= 7; y++)
		for (int x = -1; x <= 7; x++) {
			int ring = x < 0 || y < 0 || x > 6 || y > 6         ? -1
			           : (x == 0 || y == 0 || x == 6 || y == 6) ? 1
			           : (x == 1 || y == 1 || x == 5 || y == 5) ? 0
			                                                    : 1;
			bool want = ring == 1;
			int mx = x0 + x, my = y0 + y;
			if (mx < 0 || my < 0 || mx >= q->size || my >= q->size)
				continue; /* the quiet zone is light: qr_dark says so below */
			if (qr_dark(q, mx, my) != want)
				return false;
		}
	return true;
}

int main(void)
{
	struct qr q;
	qr_init(&q);
	CHECK(!qr_dark(&q, 0, 0));
	const char *geo = "geo:47.994700,7.849200?q=47.994700,7.849200(Rempartstra%C3%9Fe%2011)";
	CHECK_INT(qr_encode(&q, geo), PK_OK);
	/* 70 bytes at level M need version 4 (62 bytes) < v <= 5 (84 bytes) */
	CHECK_INT(q.version, 5);
	CHECK_INT(q.size, 17 + 4 * q.version);
	CHECK(finder_at(&q, 0, 0));
	CHECK(finder_at(&q, q.size - 7, 0));
	CHECK(finder_at(&q, 0, q.size - 7));
	CHECK(!finder_at(&q, q.size - 7, q.size - 7)); /* no fourth finder */
	CHECK(!qr_dark(&q, -1, 0) && !qr_dark(&q, q.size, 3));
	/* timing pattern: row 6 alternates between the finders */
	bool timing = true;
	for (int x = 8; x < q.size - 8; x++)
		timing = timing && qr_dark(&q, x, 6) == (x % 2 == 0);
	CHECK(timing);
	/* The format information says the error correction level: bits 14 and 13 (modules
	 * (0, 8) and (1, 8), masked with 0x5412) are 00 for M, 01 L, 11 Q, 10 H. */
	CHECK(qr_dark(&q, 0, 8) == true);  /* bit 14: 0 ^ 1 */
	CHECK(qr_dark(&q, 1, 8) == false); /* bit 13: 0 ^ 0 */
	int v5 = q.version;
	char longer[400];
	memset(longer, 'x', 300);
	longer[300] = '\0';
	CHECK_INT(qr_encode(&q, longer), PK_OK);
	CHECK(q.version > v5 && q.version <= 13); /* 300 bytes at M: version 13 */
	/* replacing frees the old matrix (run under the memcheck build) */
	CHECK_INT(qr_encode(&q, "x"), PK_OK);
	CHECK_INT(q.version, 1);
	qr_finish(&q);
	CHECK_INT(q.size, 0);
	return TEST_END();
}

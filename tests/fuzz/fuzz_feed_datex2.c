/* libFuzzer target: feed_parse(FEED_DATEX2) on arbitrary bytes with the invariants of
 * fuzz_check.h, then the body parsed a second time after the first (as a table and a status
 * of the same ids) and joined (model_join_records): the joined model must hold the same
 * invariants and no status record may survive. Seeds: tests/fixtures/datex2 and handmade.
 * Build with -DPARKKIOSK_FUZZ=ON (clang); run with tests/fuzz/run.sh. */
#include <stddef.h>
#include <stdint.h>

#include "fuzz_check.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_feed(FEED_DATEX2, data, size);
	struct model m;
	model_init(&m);
	struct feed_info info;
	char err[256];
	enum pk_err rc = PK_OK;
	for (int i = 0; i < 2 && rc == PK_OK; i++)
		rc = feed_parse(FEED_DATEX2, (const char *)data, size, &m, &info, err, sizeof err);
	size_t before = m.n, orphans = 0;
	model_join_records(&m, &orphans);
	if (m.n > before || orphans > before)
		abort();
	fuzz_check_model(&m, PK_OK, 0);
	for (size_t i = 0; i < m.n; i++)
		if (m.v[i].role == MODEL_ROLE_STATUS)
			abort();
	model_finish(&m);
	return 0;
}

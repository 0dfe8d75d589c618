/* libFuzzer target: feed_parse(FEED_PARKENDD1) on arbitrary bytes, with the invariants of
 * fuzz_check.h. Build with -DPARKKIOSK_FUZZ=ON (clang); run with tests/fuzz/run.sh. */
#include <stddef.h>
#include <stdint.h>

#include "fuzz_check.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return fuzz_feed(FEED_PARKENDD1, data, size);
}

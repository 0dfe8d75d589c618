/* A tiny test harness: CHECK records a failure and goes on; each test binary ends with
 * TEST_END, which prints "N passed, M failed" and returns non-zero on any failure. */
#ifndef PARKKIOSK_TESTLIB_H
#define PARKKIOSK_TESTLIB_H

#include <stddef.h>
#include <stdio.h>
#include <string.h>

extern int test_passed, test_failed;

#define CHECK(cond)                                                                                \
	do {                                                                                       \
		if (cond) {                                                                        \
			test_passed++;                                                             \
		} else {                                                                           \
			test_failed++;                                                             \
			fprintf(stderr, "FAIL %s:%d: %s\n", __FILE__, __LINE__, #cond);            \
		}                                                                                  \
	} while (0)

#define CHECK_STR(a, b)                                                                            \
	do {                                                                                       \
		const char *a_ = (a), *b_ = (b);                                                   \
		if (a_ && b_ && strcmp(a_, b_) == 0) {                                             \
			test_passed++;                                                             \
		} else {                                                                           \
			test_failed++;                                                             \
			fprintf(stderr, "FAIL %s:%d: %s == %s (\"%s\" vs \"%s\")\n", __FILE__,     \
			        __LINE__, #a, #b, a_ ? a_ : "(null)", b_ ? b_ : "(null)");         \
		}                                                                                  \
	} while (0)

#define CHECK_INT(a, b)                                                                            \
	do {                                                                                       \
		long long a_ = (long long)(a), b_ = (long long)(b);                                \
		if (a_ == b_) {                                                                    \
			test_passed++;                                                             \
		} else {                                                                           \
			test_failed++;                                                             \
			fprintf(stderr, "FAIL %s:%d: %s == %s (%lld vs %lld)\n", __FILE__,         \
			        __LINE__, #a, #b, a_, b_);                                         \
		}                                                                                  \
	} while (0)

#define TEST_END() test_end(__FILE__)
int test_end(const char *file);

/* Reads a whole file (fixture) into a malloc'd NUL-terminated buffer; aborts the test
 * binary if it cannot (a missing fixture is a broken test set-up, not a pass). */
char *test_read_file(const char *path, size_t *len);
/* Path of a fixture under $PARKKIOSK_FIXTURES (static buffer). */
const char *test_fixture(const char *rel);
/* Path under the source tree $PARKKIOSK_SOURCE (static buffer). */
const char *test_source(const char *rel);

#endif

/* num.h: whole-string, range-checked numbers; overflow and trailing junk are refused. */
#include <stdint.h>

#include "num.h"
#include "testlib.h"

int main(void)
{
	int64_t v = 7;
	CHECK(num_parse_i64("0", 0, 10, &v));
	CHECK_INT(v, 0);
	CHECK(num_parse_i64("-42", -100, 100, &v));
	CHECK_INT(v, -42);
	CHECK(num_parse_i64("9223372036854775807", INT64_MIN, INT64_MAX, &v));
	CHECK_INT(v, INT64_MAX);
	CHECK(num_parse_i64("-9223372036854775808", INT64_MIN, INT64_MAX, &v));
	CHECK(v == INT64_MIN);
	v = 7;
	CHECK(!num_parse_i64("9223372036854775808", INT64_MIN, INT64_MAX, &v));
	CHECK(!num_parse_i64("-9223372036854775809", INT64_MIN, INT64_MAX, &v));
	CHECK(!num_parse_i64("99999999999999999999999", INT64_MIN, INT64_MAX, &v));
	CHECK(!num_parse_i64("11", 0, 10, &v));
	CHECK(!num_parse_i64("-1", 0, 10, &v));
	CHECK(!num_parse_i64("", 0, 10, &v));
	CHECK(!num_parse_i64("-", 0, 10, &v));
	CHECK(!num_parse_i64(" 1", 0, 10, &v));
	CHECK(!num_parse_i64("+1", 0, 10, &v));
	CHECK(!num_parse_i64("1 ", 0, 10, &v));
	CHECK(!num_parse_i64("1x", 0, 10, &v));
	CHECK(!num_parse_i64("0x1", 0, 10, &v));
	CHECK_INT(v, 7); /* untouched on failure */

	const char *end = NULL;
	CHECK(num_scan_i64("1920x1080", &end, 0, 16384, &v));
	CHECK_INT(v, 1920);
	CHECK(end && *end == 'x');
	CHECK(!num_scan_i64("x1", &end, 0, 10, &v));

	int i = 0;
	CHECK(num_parse_int("2147483647", INT32_MIN, INT32_MAX, &i));
	CHECK_INT(i, 2147483647);
	CHECK(!num_parse_int("2147483648", INT32_MIN, INT32_MAX, &i));

	uint64_t u = 0;
	CHECK(num_parse_u64_sat("120", 3600, &u));
	CHECK_INT(u, 120);
	CHECK(num_parse_u64_sat("99999999999999999999999999", 3600, &u));
	CHECK_INT(u, 3600);
	CHECK(!num_parse_u64_sat("12s", 3600, &u));
	CHECK(!num_parse_u64_sat("-1", 3600, &u));
	CHECK(!num_parse_u64_sat("", 3600, &u));

	CHECK(num_parse_hex_u64("00000000deadBEEF", 16, &u));
	CHECK(u == 0xdeadbeefULL);
	CHECK(!num_parse_hex_u64("deadbeef", 16, &u));
	CHECK(!num_parse_hex_u64("00000000deadbeeg", 16, &u));
	CHECK(!num_parse_hex_u64("-0000000deadbeef", 16, &u));

	double d = 0;
	CHECK(num_parse_double("47.99", -90, 90, &d));
	CHECK(d > 47.98 && d < 48.0);
	CHECK(num_parse_double("-7.5e1", -180, 180, &d));
	CHECK(d == -75.0);
	CHECK(num_parse_double(".5", 0, 1, &d));
	CHECK(num_parse_double("3", 0, 10, &d));
	CHECK(!num_parse_double("1e999", -1e308, 1e308, &d));
	CHECK(!num_parse_double("inf", -1e308, 1e308, &d));
	CHECK(!num_parse_double("nan", -1e308, 1e308, &d));
	CHECK(!num_parse_double("0x10", 0, 100, &d));
	CHECK(!num_parse_double("1.", 0, 100, &d));
	CHECK(!num_parse_double("1.5abc", 0, 100, &d));
	CHECK(!num_parse_double("", 0, 100, &d));
	CHECK(!num_parse_double("-", 0, 100, &d));
	CHECK(!num_parse_double("91", -90, 90, &d));
	return TEST_END();
}

/* isotime.h: the timestamp forms the feeds send. */
#include <stdint.h>

#include "isotime.h"
#include "testlib.h"

int main(void)
{
	int64_t t;
	CHECK(isotime_parse("2025-06-24T11:54:45Z", &t));
	CHECK_INT(t, 1750766085);
	CHECK(isotime_parse("2025-06-24T13:54:45+02:00", &t));
	CHECK_INT(t, 1750766085);
	CHECK(isotime_parse("2025-06-24T11:54:45.123456Z", &t));
	CHECK_INT(t, 1750766085);
	CHECK(isotime_parse("2025-06-24T11:54:45", &t)); /* naive = UTC */
	CHECK_INT(t, 1750766085);
	CHECK(isotime_parse("2025-06-24T06:54:45-0500", &t));
	CHECK_INT(t, 1750766085);
	CHECK(isotime_parse("2024-02-29", &t));
	CHECK(!isotime_parse("2023-02-29T00:00:00Z", &t));
	CHECK(!isotime_parse("2025-13-01T00:00:00Z", &t));
	CHECK(!isotime_parse("2025-06-24T11:54:45Zjunk", &t));
	CHECK(!isotime_parse("yesterday", &t));
	CHECK(!isotime_parse("", &t));
	char buf[32];
	isotime_format(1750766085, buf, sizeof buf);
	CHECK_STR(buf, "2025-06-24T11:54:45Z");
	struct isotime_parts p;
	isotime_split(0, &p);
	CHECK_INT(p.weekday, 3); /* Thursday */
	isotime_split(-1, &p);
	CHECK_INT(p.year, 1969);
	CHECK_INT(p.second, 59);
	return TEST_END();
}

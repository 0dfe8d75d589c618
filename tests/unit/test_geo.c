/* geo.h: distances and directions in Freiburg's old town. */
#include <math.h>

#include "geo.h"
#include "testlib.h"

int main(void)
{
	/* Martinstor -> Schwabentor is about 675 m east. */
	double d = geo_distance_m(47.9925063, 7.8473649, 47.9912638, 7.8563101);
	CHECK(fabs(d - 680) < 15);
	double b = geo_bearing_deg(47.9925063, 7.8473649, 47.9912638, 7.8563101);
	CHECK(b > 95 && b < 105);
	CHECK_INT(geo_compass8(b), GEO_E);
	CHECK_INT(geo_compass8(0), GEO_N);
	CHECK_INT(geo_compass8(359), GEO_N);
	CHECK_INT(geo_compass8(44), GEO_NE);
	CHECK_INT(geo_compass8(-90), GEO_W);
	CHECK_STR(geo_arrow(GEO_NE), "↗");
	CHECK_STR(geo_compass_key(GEO_SW), "sw");
	/* due north of a reader facing east is on their left */
	CHECK_INT(geo_relative8(0, 90), GEO_LEFT);
	CHECK_INT(geo_relative8(90, 90), GEO_AHEAD);
	CHECK(geo_distance_m(48, 7.8, 48, 7.8) < 1e-6);
	return TEST_END();
}

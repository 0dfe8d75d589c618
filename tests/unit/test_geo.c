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
	/* A screen facing south (180): its reader looks north. */
	CHECK_INT(geo_relative_to_viewer(0, 180), GEO_AHEAD);
	CHECK_INT(geo_relative_to_viewer(45, 180), GEO_AHEAD_RIGHT);
	CHECK_INT(geo_relative_to_viewer(90, 180), GEO_RIGHT);
	CHECK_INT(geo_relative_to_viewer(135, 180), GEO_BEHIND_RIGHT);
	CHECK_INT(geo_relative_to_viewer(180, 180), GEO_BEHIND);
	CHECK_INT(geo_relative_to_viewer(225, 180), GEO_BEHIND_LEFT);
	CHECK_INT(geo_relative_to_viewer(270, 180), GEO_LEFT);
	CHECK_INT(geo_relative_to_viewer(315, 180), GEO_AHEAD_LEFT);
	/* Facing north (0): the same bearings are the opposite way round. */
	CHECK_INT(geo_relative_to_viewer(0, 0), GEO_BEHIND);
	CHECK_INT(geo_relative_to_viewer(45, 0), GEO_BEHIND_LEFT);
	CHECK_INT(geo_relative_to_viewer(90, 0), GEO_LEFT);
	CHECK_INT(geo_relative_to_viewer(180, 0), GEO_AHEAD);
	/* Facing east (90), reader looks west: north is on the right. */
	CHECK_INT(geo_relative_to_viewer(0, 90), GEO_RIGHT);
	CHECK_INT(geo_relative_to_viewer(270, 90), GEO_AHEAD);
	/* sector edges and wrap-around: 22.4° off is still ahead, 22.6° is not */
	CHECK_INT(geo_relative_to_viewer(22.4, 180), GEO_AHEAD);
	CHECK_INT(geo_relative_to_viewer(22.6, 180), GEO_AHEAD_RIGHT);
	CHECK_INT(geo_relative_to_viewer(-22.4, 180), GEO_AHEAD);
	CHECK_INT(geo_relative_to_viewer(337.6, 180), GEO_AHEAD);
	CHECK_INT(geo_relative_to_viewer(10, 360), GEO_BEHIND);
	/* every bearing: facing f and f + 180 give opposite directions */
	for (int f = 0; f < 360; f += 15)
		for (int bb = 0; bb < 360; bb += 7)
			CHECK_INT(((int)geo_relative_to_viewer(bb, f) + 4) % 8,
			          (int)geo_relative_to_viewer(bb, f + 180));
	CHECK_STR(geo_relative_key(GEO_BEHIND_RIGHT), "behind_right");
	CHECK_STR(geo_relative_key(GEO_AHEAD_LEFT), "ahead_left");
	CHECK_STR(geo_relative_arrow(GEO_AHEAD), "↑");
	CHECK_STR(geo_relative_arrow(GEO_AHEAD_RIGHT), "↗");
	CHECK_STR(geo_relative_arrow(GEO_RIGHT), "→");
	CHECK_STR(geo_relative_arrow(GEO_BEHIND_RIGHT), "↘");
	CHECK_STR(geo_relative_arrow(GEO_BEHIND), "↓");
	CHECK_STR(geo_relative_arrow(GEO_BEHIND_LEFT), "↙");
	CHECK_STR(geo_relative_arrow(GEO_LEFT), "←");
	CHECK_STR(geo_relative_arrow(GEO_AHEAD_LEFT), "↖");
	return TEST_END();
}

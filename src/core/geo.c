/* Spherical distance and bearing (see geo.h). */
#include "geo.h"

#include <math.h>

#define EARTH_R 6371008.8
#define DEG (M_PI / 180.0)

double geo_distance_m(double lat1, double lon1, double lat2, double lon2)
{
	double p1 = lat1 * DEG, p2 = lat2 * DEG;
	double dp = (lat2 - lat1) * DEG, dl = (lon2 - lon1) * DEG;
	double a = sin(dp / 2) * sin(dp / 2) + cos(p1) * cos(p2) * sin(dl / 2) * sin(dl / 2);
	return 2 * EARTH_R * atan2(sqrt(a), sqrt(1 - a));
}

double geo_bearing_deg(double lat1, double lon1, double lat2, double lon2)
{
	double p1 = lat1 * DEG, p2 = lat2 * DEG, dl = (lon2 - lon1) * DEG;
	double y = sin(dl) * cos(p2);
	double x = cos(p1) * sin(p2) - sin(p1) * cos(p2) * cos(dl);
	double b = atan2(y, x) / DEG;
	b = fmod(b + 360.0, 360.0);
	return b >= 360.0 ? 0.0 : b;
}

static int sector8(double deg)
{
	double d = fmod(fmod(deg, 360.0) + 360.0, 360.0);
	return (int)floor((d + 22.5) / 45.0) % 8;
}

enum geo_compass geo_compass8(double bearing_deg)
{
	return (enum geo_compass)sector8(bearing_deg);
}

const char *geo_arrow(enum geo_compass c)
{
	static const char *const arrows[] = {"↑", "↗", "→", "↘", "↓", "↙", "←", "↖"};
	return arrows[c & 7];
}

const char *geo_compass_key(enum geo_compass c)
{
	static const char *const keys[] = {"n", "ne", "e", "se", "s", "sw", "w", "nw"};
	return keys[c & 7];
}

enum geo_relative geo_relative8(double bearing_deg, double reader_heading_deg)
{
	return (enum geo_relative)sector8(bearing_deg - reader_heading_deg);
}

const char *geo_relative_key(enum geo_relative r)
{
	static const char *const keys[] = {"ahead",  "ahead_right", "right", "behind_right",
	                                   "behind", "behind_left", "left",  "ahead_left"};
	return keys[r & 7];
}

enum geo_relative geo_relative_to_viewer(double bearing_deg, double facing_deg)
{
	return geo_relative8(bearing_deg, facing_deg + 180.0);
}

const char *geo_relative_arrow(enum geo_relative r)
{
	/* same order as the compass: ahead is "up", clockwise */
	return geo_arrow((enum geo_compass)(r & 7));
}

/* Geography on a sphere: distance, initial bearing, compass points, and the direction
 * relative to the way the kiosk faces. Pure. */
#ifndef PARKKIOSK_GEO_H
#define PARKKIOSK_GEO_H

/* Great-circle distance in metres (haversine, mean Earth radius). */
double geo_distance_m(double lat1, double lon1, double lat2, double lon2);
/* Initial bearing from point 1 to point 2, degrees clockwise from north, [0, 360). */
double geo_bearing_deg(double lat1, double lon1, double lat2, double lon2);

/* Eight compass points, clockwise from north. */
enum geo_compass { GEO_N, GEO_NE, GEO_E, GEO_SE, GEO_S, GEO_SW, GEO_W, GEO_NW };
enum geo_compass geo_compass8(double bearing_deg);
/* Arrow character (UTF-8) for a compass point: ↑ ↗ → ↘ ↓ ↙ ← ↖. */
const char *geo_arrow(enum geo_compass c);
/* English key of a compass point ("n", "ne", …) for catalogue look-ups. */
const char *geo_compass_key(enum geo_compass c);

/* Direction relative to the kiosk's facing (the way a person reading it looks away
 * from the screen is the opposite; facing_deg is the direction the screen faces, so a
 * reader looks towards facing_deg + 180). */
enum geo_relative {
	GEO_AHEAD,
	GEO_AHEAD_RIGHT,
	GEO_RIGHT,
	GEO_BEHIND_RIGHT,
	GEO_BEHIND,
	GEO_BEHIND_LEFT,
	GEO_LEFT,
	GEO_AHEAD_LEFT
};
enum geo_relative geo_relative8(double bearing_deg, double reader_heading_deg);
/* The direction of a bearing for a person reading the screen: the screen's front faces
 * facing_deg, so the reader looks towards facing_deg + 180 ("ahead" is behind the
 * screen). Screen arrows, screen words, speech and --dump-state all use this. */
enum geo_relative geo_relative_to_viewer(double bearing_deg, double facing_deg);
/* "ahead", "ahead_right", … (catalogue keys and the --dump-state "direction" value). */
const char *geo_relative_key(enum geo_relative r);
/* The arrow for a relative direction, as on a guidance sign: ↑ ahead, ↗ ahead right,
 * → right, ↘ behind right, ↓ behind, ↙ behind left, ← left, ↖ ahead left. */
const char *geo_relative_arrow(enum geo_relative r);

#endif

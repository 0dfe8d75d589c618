/* The evaluated, honest view of the model for one instant and one kiosk position: what
 * is live, stale, invalid; distance and bearing; the two sorted lists the screen shows
 * and the speech reads (accessible spaces, car parks). Pure. Every number in a view_item
 * is safe to present as live: anything stale, impossible or unknown is VIEW_NONE. */
#ifndef PARKKIOSK_VIEW_H
#define PARKKIOSK_VIEW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "model.h"

#define VIEW_NONE MODEL_UNKNOWN

enum view_status {
	VIEW_FREE,    /* spot: free now */
	VIEW_TAKEN,   /* spot: occupied now */
	VIEW_OPEN,    /* site: open, with free spaces or free count unknown */
	VIEW_FULL,    /* site: open, no free space */
	VIEW_CLOSED,  /* site or spot: closed */
	VIEW_UNKNOWN, /* no current data (stale, missing, or the feed says unknown) */
	VIEW_INVALID, /* the feed's numbers are impossible (free > total, negative, future) */
};

struct view_item {
	const struct model_entry *e; /* borrowed from the model the view was built from */
	enum view_status status;
	bool stale;       /* realtime data older than the limit, or of unknown age */
	bool alternative; /* a free space beyond the nearby radius, shown as an alternative */
	int free, total;  /* VIEW_NONE unless live and valid (total: static capacity is ok) */
	int free_disabled, total_disabled;
	int64_t age_s;     /* seconds since updated_at; -1 if unknown */
	double distance_m; /* straight line from the kiosk */
	double bearing_deg;
};

struct view {
	struct view_item *spots; /* owned; accessible spaces, display order */
	size_t n_spots;
	struct view_item *sites; /* owned; car parks, display order */
	size_t n_sites;
	size_t n_free_nearby; /* free accessible spaces within the nearby radius */
	int64_t now;
	int64_t newest_update; /* newest live updated_at, 0 if none */
	int64_t newest_any;    /* newest updated_at, live or stale (the last data's age) */
};

struct view_params {
	double lat, lon;
	int64_t now;
	int stale_after_s;
	int nearby_m;
	int sites_radius_m;
	int max_alternatives; /* free spaces further away, shown when none nearby is free */
};

void view_init(struct view *v);
/* Builds the view; the model must outlive it. PK_ERR_NOMEM is the only failure. */
int view_build(struct view *v, const struct model *m, const struct view_params *p);
void view_finish(struct view *v);

const char *view_status_name(enum view_status s);

#endif

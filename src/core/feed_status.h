/* The health of one feed as the rest of the program sees it: the fetcher fills it, the
 * screen, speech, health output and --dump-state read it. */
#ifndef PARKKIOSK_FEED_STATUS_H
#define PARKKIOSK_FEED_STATUS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Health of one feed, for the screen ("2 of 3 sources current"), logs and operators. */
struct fetch_status {
	char name[64];        /* config name or the URL's host / file name */
	int64_t last_attempt; /* Unix seconds, 0 = never */
	int64_t last_success; /* last time data was obtained (fetch, 304, or cache load) */
	int64_t data_time;    /* newest updated_at of its entries, 0 = none */
	int consecutive_failures;
	int last_http;        /* last HTTP status, 0 for none / files */
	char last_error[160]; /* "" when the last attempt succeeded */
	size_t entries;       /* entries in its current data */
	bool from_cache;      /* current data came from the disk cache */
	bool has_data;
	/* The last good body had items but not one usable entry: "all 30 items unusable: a
	 * lot with neither id nor name". "" otherwise. Such a feed has no entries, so it is
	 * not current (data_time 0). */
	char unusable[128];
	/* Its data is a DATEX II static table only (names, positions, capacities, no live
	 * numbers): it feeds the join and is not counted as a source of current data. */
	bool static_table;
};

#endif

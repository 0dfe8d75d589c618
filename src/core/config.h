/* Configuration: defaults, then a JSON file, then command-line overrides, into one
 * struct config. Pure (reads the file it is given, nothing else). A bad value is an error
 * naming the exact field ("feeds[1].url: scheme must be http or https") and the caller
 * exits with status 2; nothing is silently defaulted. See README "Configuration". */
#ifndef PARKKIOSK_CONFIG_H
#define PARKKIOSK_CONFIG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "err.h"
#include "feed.h"
#include "log.h"
#include "schedule.h"

struct theme; /* theme.h */

#define CONFIG_MAX_FEEDS 8
#define CONFIG_MAX_HEADERS 8
#define CONFIG_MAX_LANGS 8
#define CONFIG_MAX_KEYS 32

enum config_mode { CONFIG_MODE_KIOSK, CONFIG_MODE_DISPLAY };

struct config_feed {
	char url[1024];          /* http(s) URL or a local file path */
	enum feed_format format; /* FEED_AUTO unless set */
	int poll_interval_s;     /* 0 = the global poll_interval_s */
	char ca_file[512];       /* extra CA bundle for this feed, "" = system store */
	/* TLS client certificate (Mobilithek subscriptions): PEM files, both or neither. The
	 * key must not be readable by group or others (checked when the config is loaded). */
	char client_cert[512];
	char client_key[512];
	char headers[CONFIG_MAX_HEADERS][256]; /* "Name: value" */
	int n_headers;
	char name[64]; /* shown in logs and health output; defaults to the host */
};

/* A key binding: an SDL key name (as SDL_GetKeyFromName takes it) -> an action name
 * (see keymap.h for actions). */
struct config_key {
	char key[32];
	char action[32];
};

struct config {
	/* Position and place. */
	double lat, lon;
	char place[96];    /* place name shown in the header */
	double facing_deg; /* direction the screen faces (degrees from north) */
	/* Feeds. n_feeds == 0 means the embedded demo feed. */
	struct config_feed feeds[CONFIG_MAX_FEEDS];
	int n_feeds;
	bool demo;            /* force the demo feed */
	int poll_interval_s;  /* default 60 */
	int backoff_max_s;    /* default 600 */
	long max_body_bytes;  /* default 32 MiB */
	int fetch_deadline_s; /* one fetch, all pages and redirects, default 120 */
	char cache_dir[512];  /* "" = /var/cache/parkkiosk or $XDG_CACHE_HOME/parkkiosk */
	/* Presentation. */
	char lang[8]; /* default language, e.g. "de" */
	char langs[CONFIG_MAX_LANGS]
	          [8]; /* offered languages, in cycle order; none: all installed */
	int n_langs;
	const struct theme *theme; /* static, from theme.c; "theme" in the file */
	enum config_mode mode;
	double viewing_distance_m;  /* default 0.7 (kiosk) or 3.0 (display) */
	double display_diagonal_mm; /* physical diagonal; default 609.6 (24") kiosk, 1397 display */
	double dpi;                 /* if > 0, overrides the diagonal */
	int stale_after_s;          /* default 900 */
	int nearby_m;               /* radius for "nearby" accessible spaces, default 1000 */
	int sites_radius_m;         /* car parks further than this are not listed, default 3000 */
	int page_seconds;           /* display mode page turn, default 8 */
	char timezone[64];          /* IANA name for the clock, default "Europe/Berlin" */
	/* Audio mode. */
	int inactivity_s;     /* default 60 */
	int warning_s;        /* time given after the warning, default 30 (>= 20) */
	int double_strike_ms; /* the same key again within this is ignored (EN 301 549 5.8), 0 = off
	                       */
	int speech_rate_wpm;  /* default 160 */
	int volume_step;      /* default volume step index, see speech.h */
	struct config_key keys[CONFIG_MAX_KEYS]; /* extra bindings added to the default map */
	int n_keys;
	/* Touch for sighted users (kiosk mode). */
	int touch_resume_after_s; /* auto-paging resumes and details close after this long
	                             without a touch, default 30 */
	/* QR handover of a place to a phone. */
	char handover_url_template[256];    /* "" = the geo: URI; see handover.h */
	bool handover_show_in_display_mode; /* one code on the street display */
	/* Operations. */
	bool maintenance_chord; /* Ctrl+Alt+Shift+Q quits; off by default */
	char health_file[512];  /* status JSON path, "" = none */
	/* Resolved once here, each in its module's one grammar: */
	struct schedule_window schedule_off; /* screen off ("HH:MM-HH:MM"; unset = always on) */
	struct schedule_window schedule_dim; /* dimmed (unset = never) */
	enum log_level log_level;
};

/* Fills every field with its default (mode-dependent defaults are resolved by
 * config_finish). */
void config_defaults(struct config *c);

/* Reads and applies a JSON config file. On error writes "FILE: field: problem" to err. */
enum pk_err config_load_file(struct config *c, const char *path, char *err, size_t errcap);

/* Applies a JSON document already in memory (the file loader and the fuzzer use it). */
enum pk_err config_load_json(struct config *c, const char *json, size_t len, char *err,
                             size_t errcap);

/* Resolves mode-dependent defaults and checks cross-field rules. */
enum pk_err config_finish(struct config *c, char *err, size_t errcap);

/* A private key file the kiosk may use: a regular file that neither group nor others can
 * read or write (mode 0600 or 0400). False with a reason (naming the fix) otherwise. */
bool config_key_file_ok(const char *path, char *err, size_t errcap);

/* Validates one feed location: http(s) URL or a path; false with a reason otherwise. */
bool config_feed_location_ok(const char *url, char *err, size_t errcap);

#endif

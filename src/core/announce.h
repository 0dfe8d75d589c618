/* What the talking kiosk says: the view turned into natural sentences in the session's
 * language, from the catalogues (locales/<code>/speech.json). Pure: no SDL, no espeak.
 * Every sentence comes from a template; the C code only picks templates and fills in
 * numbers, so a language is added by catalogue alone. Stale, unknown or invalid data is
 * said as "no current data" and never with its old number; no abbreviations ("Meter",
 * not "m"); distances rounded for listening; times as words. */
#ifndef PARKKIOSK_ANNOUNCE_H
#define PARKKIOSK_ANNOUNCE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "session.h"
#include "i18n.h"
#include "keymap.h"
#include "view.h"

/* Room for the longest utterance (welcome with summary, or the key help). */
#define ANNOUNCE_MAX 4096

struct announce_ctx {
	const struct view *view;      /* borrowed */
	const struct i18n_lang *lang; /* borrowed: the session's language */
	const struct input_map *keys; /* borrowed: for the key names; NULL = default map */
	double facing_deg;            /* the direction the screen faces */
	int64_t now;                  /* Unix seconds */
	int utc_offset_s;             /* local time, for "Stand 14 Uhr 32" */
	bool demo;                    /* the embedded demonstration data */
	int sources_current, sources_total;
	bool nothing_usable; /* feeds answered, but not one entry could be used */
	int volume_steps;    /* for "volume 3 of 5"; 0 = SPEECH_VOLUME_STEPS */
	bool handover_code;  /* the details screen shows a QR code for the phone: say so once */
	bool display_code;   /* the street display shows a code for the nearest free space (the
	                      * summary's first one): the summary says so once after it */
};

/* Each writes one utterance into out (always NUL-terminated) and returns its length. */

/* Welcome, demo/source warnings, the summary, and how to go on. */
size_t announce_welcome(const struct announce_ctx *c, char *out, size_t cap);
/* The summary alone: free accessible spaces nearby and the nearest, car parks. */
size_t announce_summary(const struct announce_ctx *c, char *out, size_t cap);
/* One entry in full (flattened index: spots, then sites). */
size_t announce_entry(const struct announce_ctx *c, int index, char *out, size_t cap);
/* Details: the entry, address, capacity, height, opening hours, and the way to go
 * relative to a person standing with their back to the screen. */
size_t announce_details(const struct announce_ctx *c, int index, char *out, size_t cap);
/* The keys, named as the key map binds them. */
size_t announce_help(const struct announce_ctx *c, char *out, size_t cap);
/* The inactivity warning, with the seconds left. */
size_t announce_warning(const struct announce_ctx *c, int seconds, char *out, size_t cap);
/* The end of the session. */
size_t announce_end(const struct announce_ctx *c, char *out, size_t cap);
/* A brief status change: "Rempartstraße 11 ist jetzt frei." */
size_t announce_change(const struct announce_ctx *c, int index, char *out, size_t cap);

/* The utterance an audio-mode effect asks for (o->say), or "" for SESSION_SAY_NONE. For
 * SESSION_SAY_LANGUAGE, c->lang must already be the new language. */
size_t announce_for(const struct announce_ctx *c, const struct session_out *o, char *out,
                    size_t cap);

/* The name of an entry as spoken: the feed's name with common street abbreviations
 * written out ("Rempartstr." -> "Rempartstraße"), else the address. */
size_t announce_name(const struct model_entry *e, char *out, size_t cap);

#endif

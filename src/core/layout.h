/* Layout: app state -> a flat list of draw commands (fills, frames, text runs) for one
 * frame, plus the touch targets. Pure (microui style): text is measured through an
 * injected function, so layout is tested with a fake measurer and no display.
 * Text size comes from the viewing distance: the capital height subtends >= 0.7°
 * (EN 301 549 5.1.4); when entries do not fit, there are fewer rows and more pages —
 * text never shrinks. Right-to-left languages get the mirrored layout. */
#ifndef PARKKIOSK_LAYOUT_H
#define PARKKIOSK_LAYOUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "textstyle.h"
#include "i18n.h"
#include "qr.h"
#include "theme.h"
#include "view.h"

enum layout_op { LAYOUT_FILL, LAYOUT_FRAME, LAYOUT_TEXT };
enum layout_align { LAYOUT_START, LAYOUT_END, LAYOUT_CENTER };

struct layout_cmd {
	enum layout_op op;
	int x, y, w, h;        /* text: the box the text is placed in */
	enum theme_role fg;    /* text or frame colour */
	enum theme_role bg;    /* fill colour; for text, the colour underneath it */
	int thickness;         /* frames */
	enum font_style style; /* text */
	int px;                /* text: pixel em size */
	enum layout_align align;
	int ink_y, ink_h; /* text: the rows its ink must stay in (a chip's or badge's fill, whose
	                   * colour it needs for contrast); ink_h 0: not bounded */
	bool rtl;         /* text: paragraph direction */
	bool may_cut;     /* text: a name, the only text that may be shortened with an ellipsis;
	                   * times, counts, ages, distances and heights are always whole */
	char text[256];
};

/* What a touch target does: an entry (index into the flattened list, spots then sites),
 * or one of the controls of layout_details.h. */
enum layout_target_kind {
	LAYOUT_TARGET_ENTRY,
	LAYOUT_TARGET_CLOSE, /* closes the details screen */
	LAYOUT_TARGET_PREV,  /* previous page */
	LAYOUT_TARGET_NEXT,  /* next page */
};

struct layout_target {
	int x, y, w, h;
	int entry; /* LAYOUT_TARGET_ENTRY: the entry; the details' close: the entry shown */
	enum layout_target_kind kind;
};

#define LAYOUT_MAX_TARGETS 64

struct layout {
	struct layout_cmd *cmds; /* owned */
	size_t n, cap;
	struct layout_target targets[LAYOUT_MAX_TARGETS];
	size_t n_targets;
	int pages;   /* pages needed to show every entry (the larger section's count) */
	int cap_px;  /* capital height of body text, px */
	int body_px; /* body text em size, px */
	int rows_spots, rows_sites; /* entries per page in each section */
	bool rows_mode;             /* the guidance-sign layout: one line per entry */
	int entry_rows;     /* rows mode: entry rows on this page (the pinned row included) */
	int rows_per_page;  /* rows mode: entry rows a page holds */
	int header_h;       /* height of the header band, px */
	int content_bottom; /* lowest pixel row used by the header and the entries */
	int qr_side_px;     /* the street display's handover code: its side with the quiet
	                     * zone, px (0 = no code drawn) */
	int qr_module_px;   /* and its module size */
};

struct layout_measure {
	int (*width)(void *ud, enum font_style style, int px, const char *text);
	double cap_ratio;  /* capital height / em */
	double line_ratio; /* line height / em */
	void *ud;
	/* Optional: the rendered height of a capital H at px (the font's own glyph); the
	 * text size is then the smallest whose H meets 0.7°. NULL: cap_ratio is used. */
	int (*cap_px)(void *ud, int px);
};

struct layout_input {
	const struct view *view;
	const struct i18n_lang *lang;
	int w, h;
	double px_per_mm;
	double viewing_distance_m;
	bool display_mode; /* street display: no input hints */
	int page;          /* page counter; each section shows page % its pages */
	int focus;         /* flattened entry index spoken in audio mode, -1 = none */
	const char *place;
	double facing_deg; /* where the screen's front faces: arrows are relative to its reader */
	int64_t now;
	int utc_offset_s;      /* local time offset for the clock */
	int data_utc_offset_s; /* local time offset at the data's time (summer/winter) */
	bool demo;
	int sources_current, sources_total;
	bool audio_active;
	bool warning;        /* inactivity warning is showing */
	const char *details; /* details text of the focused entry, or NULL */
	/* Touch for sighted users (layout_details.h). */
	bool pager;          /* kiosk mode: a previous / next page control when pages > 1 */
	int details_entry;   /* with show_details: the entry whose details fill the screen */
	bool show_details;   /* the details screen instead of the lists */
	const struct qr *qr; /* the handover code for the details (or the display), or NULL */
	int qr_entry;        /* display mode: the entry the code is for (-1 none) */
};

void layout_init(struct layout *l);
void layout_finish(struct layout *l);
/* Computes the frame. PK_ERR_NOMEM is the only failure. */
int layout_compute(struct layout *l, const struct layout_input *in, const struct layout_measure *m);
/* How many entries the frame shows (its entry targets; not the page or close controls). */
size_t layout_entries_shown(const struct layout *l);

/* Minimum capital height in px for a viewing distance and pixel density: 0.7° of visual
 * angle, H = 2·d·tan(0.35°). */
int layout_min_cap_px(double viewing_distance_m, double px_per_mm);
/* Pixels per mm for a w×h pixel screen of the given physical diagonal. */
double layout_px_per_mm(int w, int h, double diagonal_mm);

/* Shared text helpers (also used by the screen's speech-free parts). */
void layout_format_distance(char *out, size_t cap, const struct i18n_lang *lang, double m);
void layout_format_clock(char *out, size_t cap, int64_t t, int utc_offset_s);
/* An entry's status as the lists and the details screen show it ("✓ 3 von 10 frei");
 * *filled: the chip is drawn filled (free, or a known free count). */
void layout_status_chip(const struct view_item *it, const struct i18n_lang *lang, char *out,
                        size_t cap, bool *filled);

#endif

/* Touch for sighted users, laid out apart from the lists (layout.c calls in): an entry's
 * details screen — name, state, the way to go, address, capacity, height, opening hours,
 * data age, a large close button and the QR code that hands the place to a phone — and
 * the previous / next page control. Pure, like layout.c: commands and touch targets are
 * appended to a struct layout, text is measured through struct layout_measure.
 *
 * Sizes: every touch target is at least 9 mm and at least 44 px on each side (WCAG 2.5.5
 * AAA 44 px; Material's 48 dp ≈ 9 mm); the QR code is at least 30 mm wide on the panel
 * and at least 3 px per module, with a 4-module quiet zone, drawn dark on light in every
 * theme. Coordinates are left-to-right; layout.c mirrors them for right-to-left
 * languages, so the code's columns are placed pre-mirrored and come out the right way. */
#ifndef PARKKIOSK_LAYOUT_DETAILS_H
#define PARKKIOSK_LAYOUT_DETAILS_H

#include <stdbool.h>
#include <stdint.h>

#include "i18n.h"
#include "layout.h"
#include "qr.h"
#include "view.h"

#define LAYOUT_TARGET_MIN_MM 9.0
#define LAYOUT_TARGET_MIN_PX 44
#define LAYOUT_QR_MIN_MM 30.0
#define LAYOUT_QR_WANT_MM 40.0 /* preferred when there is room: easier at arm's length */
#define LAYOUT_QR_MIN_MODULE_PX 3

/* The smallest side of a touch target on this panel, px. */
int layout_target_px(double px_per_mm);

/* Size of a QR code of `modules` per side (without quiet zone) on this panel. */
struct layout_qr_size {
	int module_px; /* whole pixels per module, >= 3 */
	int side_px;   /* with the quiet zone */
	double side_mm;
};
/* The largest module size that keeps the code within max_side_px, preferring about
 * LAYOUT_QR_WANT_MM; false when even 30 mm / 3 px per module does not fit. */
bool layout_qr_size(int modules, double px_per_mm, int max_side_px, struct layout_qr_size *out);

/* Appends a QR code (quiet zone included) with its top-left at (x, y), module_px per
 * module; rtl: columns pre-mirrored for layout.c's final mirroring. */
bool layout_qr(struct layout *l, const struct qr *q, int x, int y, int module_px, bool rtl);

struct layout_box {
	int x, y, w, h;
};

struct layout_details_input {
	const struct view_item *item; /* the entry */
	int entry;                    /* its flattened index (the close target carries it) */
	const struct i18n_lang *lang;
	double facing_deg;
	int64_t now;
	int utc_offset_s;    /* local time for the data's "Stand 14:30" */
	const struct qr *qr; /* the handover code, or NULL */
	double px_per_mm;
	int px, line, pad; /* the body text em size, line height and padding of the lists */
	struct layout_box box;
	bool rtl;
};

/* Fills the box with the details screen and appends its close target. PK_OK or
 * PK_ERR_NOMEM. */
int layout_details(struct layout *l, const struct layout_details_input *in,
                   const struct layout_measure *m);

/* The height the page control takes at the bottom of the screen. */
int layout_pager_height(double px_per_mm, int line, int pad);
/* Previous / next buttons across the band, with their targets. */
int layout_pager(struct layout *l, const struct i18n_lang *lang, double px_per_mm, int px, int line,
                 int pad, struct layout_box band, const struct layout_measure *m);

/* The street display (handover.show_in_display_mode): one code for the nearest free
 * accessible space, for people who stand further away than at a kiosk. Sizes: the symbol
 * (the modules without the quiet zone) is viewing distance / LAYOUT_QR_DISTANCE_RATIO
 * wide — a phone reads a code from about ten times its width — where max_side_px allows
 * it, and at least distance / LAYOUT_QR_DISTANCE_MIN_RATIO (scannable two steps closer,
 * from half the distance), LAYOUT_QR_MIN_MM with the quiet zone and
 * LAYOUT_QR_MIN_MODULE_PX per module: false when that does not fit (no code then). */
#define LAYOUT_QR_DISTANCE_RATIO 10.0
#define LAYOUT_QR_DISTANCE_MIN_RATIO 20.0
#define LAYOUT_QR_LABEL_LINES 3 /* the label below the display's code wraps to at most */
bool layout_display_qr_size(int modules, double px_per_mm, double viewing_distance_m,
                            int max_side_px, struct layout_qr_size *out);

/* The width a column for the display's code wants: the code at its distance size (at
 * most max_side_px) or the label's widest word, whichever is wider, widened up to max_w
 * until the label takes at most LAYOUT_QR_LABEL_LINES lines; 0 without a code or when the
 * label cannot be shown whole in max_w (never a word broken, never an ellipsis). */
int layout_display_code_width(const struct qr *q, const struct i18n_lang *lang, double px_per_mm,
                              double viewing_distance_m, int px, int max_side_px, int max_w,
                              const struct layout_measure *m);

/* Draws the code centred at the top of box, at most max_side_px, the label ("Weg aufs
 * Handy", body text size, up to LAYOUT_QR_LABEL_LINES lines, centred, ROLE_TEXT on
 * ROLE_BG) below it; the size chosen in *size (may be NULL). Returns the height used, or
 * 0 and draws nothing when the code does not fit at its minimum size. */
int layout_display_code(struct layout *l, const struct qr *q, const struct i18n_lang *lang,
                        double px_per_mm, double viewing_distance_m, int px, int max_side_px,
                        struct layout_box box, bool rtl, const struct layout_measure *m,
                        struct layout_qr_size *size);

#endif

/* High-contrast colour themes and the WCAG contrast arithmetic. Pure. Every text colour
 * is only ever drawn on the background named in theme_text_pairs, and every such pair is
 * >= 7:1 (WCAG 1.4.6 AAA) — the contrast test checks the values and the rendered pixels. */
#ifndef PARKKIOSK_THEME_H
#define PARKKIOSK_THEME_H

#include <stddef.h>
#include <stdint.h>

struct theme_rgb {
	uint8_t r, g, b;
};

enum theme_role {
	ROLE_BG,     /* screen background */
	ROLE_TEXT,   /* text on ROLE_BG */
	ROLE_HEADER, /* header band */
	ROLE_HEADER_TEXT,
	ROLE_CARD,       /* an entry's card */
	ROLE_CARD_TEXT,  /* main text on a card */
	ROLE_MUTED,      /* secondary text on a card (still >= 7:1) */
	ROLE_FREE,       /* filled "free" chip */
	ROLE_FREE_TEXT,  /* text on ROLE_FREE */
	ROLE_ALERT_TEXT, /* taken/closed/no-data wording on a card */
	ROLE_FOCUS,      /* thick frame round the entry being spoken (also non-text >= 3:1) */
	ROLE_BADGE,      /* demo badge, audio-mode badge */
	ROLE_BADGE_TEXT,
	ROLE_QR_LIGHT, /* a QR code's light modules and quiet zone: white in every theme */
	ROLE_QR_DARK,  /* its dark modules: black in every theme (scanners want dark on light) */
	ROLE_COUNT
};

struct theme {
	const char *name;
	struct theme_rgb c[ROLE_COUNT];
};

struct theme_pair {
	enum theme_role text, bg;
};

/* NULL if no theme has that name. */
const struct theme *theme_get(const char *name);
size_t theme_count(void);
const struct theme *theme_at(size_t i);

/* The text-on-background pairs the layout draws. */
const struct theme_pair *theme_text_pairs(size_t *n);

/* WCAG 2.x relative luminance and contrast ratio (1..21). */
double theme_luminance(struct theme_rgb c);
double theme_contrast(struct theme_rgb a, struct theme_rgb b);

/* Scales a colour towards black by factor (0..1), for the dimmed schedule. */
struct theme_rgb theme_dim(struct theme_rgb c, double factor);

#endif

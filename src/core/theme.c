/* Colour themes (see theme.h). Colours were chosen for >= 7:1 on their backgrounds with
 * margin, so that ageing panels and glare still leave AA; test_theme checks the maths. */
#include "theme.h"

#include <math.h>
#include <string.h>

#define RGB(x)                                                                                     \
	{                                                                                          \
		(uint8_t)((x) >> 16), (uint8_t)(((x) >> 8) & 0xFF), (uint8_t)((x)&0xFF)            \
	}

static const struct theme themes[] = {
    {"dark",
     {
         [ROLE_BG] = RGB(0x000000),
         [ROLE_TEXT] = RGB(0xFFFFFF),
         [ROLE_HEADER] = RGB(0x0A2A50),
         [ROLE_HEADER_TEXT] = RGB(0xFFFFFF),
         [ROLE_CARD] = RGB(0x1A1A1A),
         [ROLE_CARD_TEXT] = RGB(0xFFFFFF),
         [ROLE_MUTED] = RGB(0xD6D6D6),
         [ROLE_FREE] = RGB(0x9BF0B0),
         [ROLE_FREE_TEXT] = RGB(0x000000),
         [ROLE_ALERT_TEXT] = RGB(0xFFC2C2),
         [ROLE_FOCUS] = RGB(0xFFD400),
         [ROLE_BADGE] = RGB(0xFFD400),
         [ROLE_BADGE_TEXT] = RGB(0x000000),
         [ROLE_QR_LIGHT] = RGB(0xFFFFFF),
         [ROLE_QR_DARK] = RGB(0x000000),
     }},
    {"light",
     {
         [ROLE_BG] = RGB(0xFFFFFF),
         [ROLE_TEXT] = RGB(0x000000),
         [ROLE_HEADER] = RGB(0x0A2A50),
         [ROLE_HEADER_TEXT] = RGB(0xFFFFFF),
         [ROLE_CARD] = RGB(0xF0F0F0),
         [ROLE_CARD_TEXT] = RGB(0x000000),
         [ROLE_MUTED] = RGB(0x2E2E2E),
         [ROLE_FREE] = RGB(0x0B5D1E),
         [ROLE_FREE_TEXT] = RGB(0xFFFFFF),
         [ROLE_ALERT_TEXT] = RGB(0x8A0000),
         [ROLE_FOCUS] = RGB(0x0050B0),
         [ROLE_BADGE] = RGB(0x000000),
         [ROLE_BADGE_TEXT] = RGB(0xFFE14D),
         [ROLE_QR_LIGHT] = RGB(0xFFFFFF),
         [ROLE_QR_DARK] = RGB(0x000000),
     }},
    {"yellow",
     {
         [ROLE_BG] = RGB(0x000000),
         [ROLE_TEXT] = RGB(0xFFFF00),
         [ROLE_HEADER] = RGB(0x000000),
         [ROLE_HEADER_TEXT] = RGB(0xFFFF00),
         [ROLE_CARD] = RGB(0x141414),
         [ROLE_CARD_TEXT] = RGB(0xFFFF00),
         [ROLE_MUTED] = RGB(0xFFFF00),
         [ROLE_FREE] = RGB(0xFFFF00),
         [ROLE_FREE_TEXT] = RGB(0x000000),
         [ROLE_ALERT_TEXT] = RGB(0xFFFF00),
         [ROLE_FOCUS] = RGB(0xFFFFFF),
         [ROLE_BADGE] = RGB(0xFFFF00),
         [ROLE_BADGE_TEXT] = RGB(0x000000),
         [ROLE_QR_LIGHT] = RGB(0xFFFFFF),
         [ROLE_QR_DARK] = RGB(0x000000),
     }},
};

static const struct theme_pair pairs[] = {
    {ROLE_TEXT, ROLE_BG},          {ROLE_HEADER_TEXT, ROLE_HEADER}, {ROLE_CARD_TEXT, ROLE_CARD},
    {ROLE_MUTED, ROLE_CARD},       {ROLE_FREE_TEXT, ROLE_FREE},     {ROLE_ALERT_TEXT, ROLE_CARD},
    {ROLE_BADGE_TEXT, ROLE_BADGE},
};

const struct theme *theme_get(const char *name)
{
	for (size_t i = 0; i < sizeof themes / sizeof themes[0]; i++)
		if (strcmp(themes[i].name, name) == 0)
			return &themes[i];
	return NULL;
}

size_t theme_count(void)
{
	return sizeof themes / sizeof themes[0];
}

const struct theme *theme_at(size_t i)
{
	return i < theme_count() ? &themes[i] : NULL;
}

const struct theme_pair *theme_text_pairs(size_t *n)
{
	*n = sizeof pairs / sizeof pairs[0];
	return pairs;
}

static double channel(uint8_t v)
{
	double c = v / 255.0;
	return c <= 0.04045 ? c / 12.92 : pow((c + 0.055) / 1.055, 2.4);
}

double theme_luminance(struct theme_rgb c)
{
	return 0.2126 * channel(c.r) + 0.7152 * channel(c.g) + 0.0722 * channel(c.b);
}

double theme_contrast(struct theme_rgb a, struct theme_rgb b)
{
	double la = theme_luminance(a), lb = theme_luminance(b);
	return la > lb ? (la + 0.05) / (lb + 0.05) : (lb + 0.05) / (la + 0.05);
}

struct theme_rgb theme_dim(struct theme_rgb c, double f)
{
	struct theme_rgb d = {(uint8_t)(c.r * f), (uint8_t)(c.g * f), (uint8_t)(c.b * f)};
	return d;
}

/* Text styles: the one property of a typeface that layout decides (regular or bold).
 * Its own header so that pure modules name a style without including the font engine. */
#ifndef PARKKIOSK_TEXTSTYLE_H
#define PARKKIOSK_TEXTSTYLE_H

enum font_style { FONT_REGULAR, FONT_BOLD };

#endif

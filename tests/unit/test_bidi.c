/* bidi.h: runs come out in visual order (leftmost first), each in logical order, with the
 * right direction: Arabic right to left, digits and Latin street names left to right
 * inside it, and the reverse nesting inside left-to-right text. */
#include "bidi.h"
#include "testlib.h"
#include "text.h"

/* The runs as "L[text]R[text]…" in visual order; also checks they cover the text. */
static const char *visual(const char *text, enum bidi_dir base)
{
	static char out[1024];
	struct bidi_run runs[16];
	size_t n = 99;
	out[0] = '\0';
	if (bidi_split(text, base, runs, 16, &n) != PK_OK)
		return "(error)";
	if (n > 16)
		return "(too many runs)";
	size_t covered = 0, pos = 0;
	for (size_t i = 0; i < n; i++) {
		covered += runs[i].len;
		CHECK(runs[i].rtl == (runs[i].level % 2 == 1));
		pos += (size_t)snprintf(out + pos, sizeof out - pos, "%c[%.*s]",
		                        runs[i].rtl ? 'R' : 'L', (int)runs[i].len,
		                        text + runs[i].start);
	}
	CHECK_INT(covered, strlen(text));
	return out;
}

int main(void)
{
	/* pure Arabic: one right-to-left run, left in logical order for the shaper */
	CHECK_STR(visual("مواقف السيارات", BIDI_RTL), "R[مواقف السيارات]");
	CHECK_STR(visual("هل ما زلت هنا؟", BIDI_RTL), "R[هل ما زلت هنا؟]");

	/* Arabic with numbers: the numbers stay left to right ("12", not "21"), and the
	 * sentence reads right to left: 40 is leftmost, the first word rightmost. */
	CHECK_STR(visual("متاح 12 من 40", BIDI_RTL), "L[40]R[ من ]L[12]R[متاح ]");
	CHECK_STR(visual("123", BIDI_RTL), "L[123]");
	CHECK_STR(visual("150 م ↙ جنوب غرب", BIDI_RTL), "R[ م ↙ جنوب غرب]L[150]");
	/* the clock and a decimal stay one number */
	CHECK_STR(visual("آخر تحديث 14:30", BIDI_RTL), "L[14:30]R[آخر تحديث ]");
	CHECK_STR(visual("الارتفاع الأقصى 2.10 م", BIDI_RTL), "R[ م]L[2.10]R[الارتفاع الأقصى ]");

	/* a Latin street name (with its number) inside Arabic stays LTR as a whole */
	CHECK_STR(visual("العنوان: Rempartstraße 11", BIDI_RTL), "L[Rempartstraße 11]R[العنوان: ]");
	CHECK_STR(visual("Rempartstraße 11 – متاح", BIDI_RTL), "R[ – متاح]L[Rempartstraße 11]");
	CHECK_STR(visual("Rempartstraße 11", BIDI_RTL), "L[Rempartstraße 11]");
	/* an ellipsis appended at the logical end of a cut name sits at the paragraph's end:
	 * the left in a right-to-left paragraph */
	CHECK_STR(visual("Rempartstra…", BIDI_RTL), "R[…]L[Rempartstra]");
	CHECK_STR(visual("مواقف السيا…", BIDI_RTL), "R[مواقف السيا…]");

	/* with a left-to-right mark after it, the ellipsis stays with the cut Latin name */
	CHECK_STR(visual("Rempartstra…\xE2\x80\x8E", BIDI_RTL), "L[Rempartstra…\xE2\x80\x8E]");
	CHECK_STR(visual("مواقف السيا…\xE2\x80\x8F", BIDI_LTR), "R[مواقف السيا…\xE2\x80\x8F]");
	CHECK(bidi_last_strong("P06 - Humboldtstra", 18) == BIDI_LTR);
	CHECK(bidi_last_strong("متاح 12", strlen("متاح 12")) == BIDI_RTL);
	CHECK(bidi_last_strong("Tor متاح", 4) == BIDI_LTR);
	CHECK(bidi_last_strong("12 · 40", 9) == BIDI_AUTO);
	CHECK(bidi_last_strong("", 0) == BIDI_AUTO);

	/* left-to-right text with an Arabic word, and Arabic with a number nested in it */
	CHECK_STR(visual("Sprache: العربية (ar)", BIDI_LTR), "L[Sprache: ]R[العربية]L[ (ar)]");
	CHECK_STR(visual("Parken مواقف 12", BIDI_LTR), "L[Parken ]L[12]R[مواقف ]");
	CHECK_STR(visual("Zähringer Tor · 40 frei", BIDI_LTR), "L[Zähringer Tor · 40 frei]");
	/* brackets pair up (N0) and take the Arabic side's direction around a Latin name;
	 * the shaper mirrors them in the RTL runs */
	CHECK_STR(visual("مرآب (Parkhaus)", BIDI_RTL), "R[)]L[Parkhaus]R[مرآب (]");

	/* automatic direction follows the first strong character */
	CHECK_STR(visual("متاح 12", BIDI_AUTO), "L[12]R[متاح ]");
	CHECK_STR(visual("frei 12 متاح", BIDI_AUTO), "L[frei 12 ]R[متاح]");
	CHECK_STR(visual("12 34", BIDI_AUTO), "L[12 34]");

	/* trailing white space takes the paragraph level (L1) */
	CHECK_STR(visual("Tor  ", BIDI_RTL), "R[  ]L[Tor]");

	/* empty text: no runs */
	size_t n = 99;
	struct bidi_run one[1];
	CHECK(bidi_split("", BIDI_RTL, one, 1, &n) == PK_OK);
	CHECK_INT(n, 0);

	/* invalid UTF-8, once sanitised, is a U+FFFD that joins its neighbours */
	char clean[64];
	const char raw[] = "ab\xff"
	                   "مرحبا";
	text_sanitize(clean, sizeof clean, raw, strlen(raw));
	CHECK_STR(visual(clean, BIDI_LTR), "L[ab\xEF\xBF\xBD]R[مرحبا]");
	/* and unsanitised bytes are still covered, one byte each, never read past */
	CHECK_STR(visual(raw, BIDI_LTR), "L[ab\xff]R[مرحبا]");
	CHECK_STR(visual("\xd8", BIDI_RTL), "R[\xd8]");

	/* too small an array: the count says how many are needed */
	struct bidi_run two[2];
	CHECK(bidi_split("متاح 12 من 40", BIDI_RTL, two, 2, &n) == PK_OK);
	CHECK_INT(n, 4);
	CHECK(!two[0].rtl && two[0].len == 2);
	CHECK(bidi_split("متاح 12 من 40", BIDI_RTL, NULL, 0, &n) == PK_OK);
	CHECK_INT(n, 4);
	return TEST_END();
}

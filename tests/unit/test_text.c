/* text.h: sanitising untrusted feed text. */
#include <stdint.h>

#include "testlib.h"
#include "text.h"

int main(void)
{
	char out[64];
	text_sanitize(out, sizeof out, "  Parkhaus\tAm  Bahnhof\n", 24);
	CHECK_STR(out, "Parkhaus Am Bahnhof");
	/* invalid UTF-8 becomes U+FFFD, controls vanish */
	const char bad[] = "Stra\xdf"
	                   "e\x01\x7f!";
	text_sanitize(out, sizeof out, bad, sizeof bad - 1);
	CHECK_STR(out, "Stra\xef\xbf\xbd"
	               "e!");
	/* what a glyph atlas may compose: LTR scripts and symbols; not what needs a shaper */
	CHECK(text_is_simple("Zähringer Tor · 120 m ✓ ↙ ‹1/2›"));
	CHECK(text_is_simple("Çarşı İstasyonu ğ") && text_is_simple("Вільно 12 місць"));
	CHECK(text_is_simple(""));
	CHECK(!text_is_simple("موقف 12"));   /* Arabic joins */
	CHECK(!text_is_simple("שלום"));      /* Hebrew is right to left */
	CHECK(!text_is_simple("e\xcc\x81")); /* a combining acute is positioned */
	CHECK(!text_is_simple("A\xe2\x80\x8f"
	                      "B"));                /* a right-to-left mark */
	CHECK(!text_is_simple("\xc3"));             /* invalid UTF-8 */
	CHECK(!text_is_simple("\xf0\x9f\x9a\x97")); /* beyond the BMP */
	/* overlong encoding and surrogates are invalid */
	CHECK(!text_utf8_valid("\xc0\xaf", 2));
	CHECK(!text_utf8_valid("\xed\xa0\x80", 3));
	CHECK(text_utf8_valid("Zähringer Tor", strlen("Zähringer Tor")));
	/* bidi override characters cannot reorder what is drawn */
	text_sanitize(out, sizeof out,
	              "A\xe2\x80\xae"
	              "B",
	              5);
	CHECK_STR(out, "AB");
	/* cut at a character boundary, never in the middle of ä */
	char small[4];
	text_sanitize(small, sizeof small, "aää", strlen("aää"));
	CHECK_STR(small, "aä");
	text_copy(small, sizeof small, "äöü");
	CHECK_STR(small, "ä");
	CHECK_INT(text_utf8_count("Zähringer"), 9);
	CHECK_INT(text_utf8_prefix("Zähringer", 2), 3);
	/* an embedded NUL inside len is a control and dropped */
	text_sanitize(out, sizeof out, "a\0b", 3);
	CHECK_STR(out, "ab");
	/* text_utf8_step: a bad byte is one U+FFFD and the loop moves on */
	uint32_t cp = 0;
	CHECK_INT(text_utf8_step("\xc3\xa4x", 3, &cp), 2);
	CHECK_INT(cp, 0xE4);
	CHECK_INT(text_utf8_step("\xff"
	                         "a",
	                         2, &cp),
	          1);
	CHECK_INT(cp, 0xFFFD);
	CHECK_INT(text_utf8_step("\xe2\x80", 2, &cp), 1); /* cut off */
	CHECK_INT(cp, 0xFFFD);
	CHECK_INT(text_utf8_step("a", 0, &cp), 0);
	return TEST_END();
}

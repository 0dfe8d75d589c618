/* handover.h: the QR code's text — percent-encoding, the default geo: URI, templates. */
#include <string.h>

#include "handover.h"
#include "testlib.h"

int main(void)
{
	char out[HANDOVER_URI_MAX], err[160];
	/* RFC 3986 unreserved characters stay; everything else is %XX of the UTF-8 bytes */
	CHECK_INT((int)handover_percent_encode("A-z_0.9~", out, sizeof out), 8);
	CHECK_STR(out, "A-z_0.9~");
	handover_percent_encode("Rempartstraße 11 (Uni)", out, sizeof out);
	CHECK_STR(out, "Rempartstra%C3%9Fe%2011%20%28Uni%29");
	handover_percent_encode("a&b=c?d/e#f,g+h", out, sizeof out);
	CHECK_STR(out, "a%26b%3Dc%3Fd%2Fe%23f%2Cg%2Bh");
	handover_percent_encode("Київ", out, sizeof out);
	CHECK_STR(out, "%D0%9A%D0%B8%D1%97%D0%B2");
	/* never a split character: "ß" needs 6 bytes, only 5 (+ NUL) fit after "ab" */
	CHECK_INT((int)handover_percent_encode("abßc", out, 8), 2);
	CHECK_STR(out, "ab");
	CHECK_INT((int)handover_percent_encode("abßc", out, 9), 8);
	CHECK_STR(out, "ab%C3%9F");
	CHECK_INT((int)handover_percent_encode("x", out, 1), 0);
	CHECK_STR(out, "");

	/* the default: geo: URI with the name as the label */
	CHECK(handover_uri(NULL, 47.9947, 7.8492, "Rempartstraße 11", out, sizeof out));
	CHECK_STR(out, "geo:47.994700,7.849200?q=47.994700,7.849200(Rempartstra%C3%9Fe%2011)");
	CHECK(handover_uri("", -33.8688, -151.2093, "", out, sizeof out));
	CHECK_STR(out, "geo:-33.868800,-151.209300?q=-33.868800,-151.209300");
	CHECK(handover_uri(NULL, -0.0000004, 0, "x", out, sizeof out));
	CHECK_STR(out, "geo:0.000000,0.000000?q=0.000000,0.000000(x)");
	/* a long non-ASCII name is cut at a character, and the whole stays within the limit */
	char longname[600];
	size_t ln = 0;
	for (int i = 0; i < 40; i++)
		ln += (size_t)snprintf(longname + ln, sizeof longname - ln, "Straße ");
	CHECK(handover_uri(NULL, 47.9947, 7.8492, longname, out, sizeof out));
	CHECK(strlen(out) < HANDOVER_URI_MAX);
	const char *start = "geo:47.994700,7.849200?q=47.994700,7.849200(Stra%C3%9Fe%20";
	CHECK(strncmp(out, start, strlen(start)) == 0);
	CHECK(out[strlen(out) - 1] == ')');
	const char *pct = strrchr(out, '%');
	CHECK(pct && strlen(pct) >= 3); /* no half escape at the cut */

	/* templates: each placeholder percent-encoded, nothing else added */
	const char *osm = "https://www.openstreetmap.org/directions?route=%3B{lat}%2C{lon}"
	                  "&engine=fossgis_osrm_foot#map=18/{lat}";
	CHECK(handover_template_ok(osm, err, sizeof err)); /* {lat} twice */
	CHECK(handover_uri(osm, 47.9947, 7.8492, "x", out, sizeof out));
	CHECK_STR(out, "https://www.openstreetmap.org/directions?route=%3B47.994700%2C7.849200"
	               "&engine=fossgis_osrm_foot#map=18/47.994700");
	/* every placeholder any number of times, each copy percent-encoded */
	const char *thrice = "geo:{lat},{lon}?q={lat},{lon}({name})&n={name}&m={name}&l={lon}";
	CHECK(handover_template_ok(thrice, err, sizeof err));
	CHECK(handover_uri(thrice, 1.5, -2.25, "Zähringer Tor", out, sizeof out));
	CHECK_STR(out, "geo:1.500000,-2.250000?q=1.500000,-2.250000(Z%C3%A4hringer%20Tor)"
	               "&n=Z%C3%A4hringer%20Tor&m=Z%C3%A4hringer%20Tor&l=-2.250000");
	/* a long name repeated: the same cut at a character in every copy, within the limit */
	CHECK(handover_uri("https://x.example/{name}/{lat}/{lon}/{name}", 47.9947, 7.8492, longname,
	                   out, sizeof out));
	CHECK(strlen(out) < HANDOVER_URI_MAX);
	const char *a = strchr(out + 8, '/') + 1, *b = strrchr(out, '/') + 1;
	size_t alen = (size_t)(strchr(a, '/') - a);
	CHECK(alen > 100 && alen == strlen(b) && strncmp(a, b, alen) == 0);
	CHECK(strlen(strrchr(b, '%')) >= 3); /* no half escape at the cut */
	/* the exact fit: both copies of the name whole at 43 bytes + NUL, both cut alike at
	 * one byte less */
	char small[64];
	CHECK(handover_uri("geo:{lat},{lon}?a={name}&b={name}", 1, 2, "abcdefgh", small, 44));
	CHECK_STR(small, "geo:1.000000,2.000000?a=abcdefgh&b=abcdefgh");
	CHECK(handover_uri("geo:{lat},{lon}?a={name}&b={name}", 1, 2, "abcdefgh", small, 43));
	CHECK_STR(small, "geo:1.000000,2.000000?a=abcdefg&b=abcdefg");

	/* malformed templates say what is wrong */
	static const struct {
		const char *t, *why;
	} bad[] = {
	    {"", "1 to"},
	    {"ftp://x/{lat}/{lon}", "must start with"},
	    {"https://x/{lat}/{lon}/{city}", "unknown placeholder \"{city}\""},
	    {"https://x/{lat}/{lon}/{name", "unknown placeholder \"{name\""},
	    {"https://x/{lat}/lon}", "'}' without '{'"},
	    {"https://x/{lat}", "must contain {lat} and {lon}"},
	    {"https://x/{lat} {lon}", "character 16: only printable ASCII"},
	    {"https://x/ä{lat}{lon}", "character 11: only printable ASCII"},
	    {"https://x/{lat}{lon}{lat", "unknown placeholder \"{lat\""},
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		err[0] = '\0';
		CHECK(!handover_template_ok(bad[i].t, err, sizeof err));
		if (!strstr(err, bad[i].why))
			fprintf(stderr, "%s: \"%s\" lacks \"%s\"\n", bad[i].t, err, bad[i].why);
		CHECK(strstr(err, bad[i].why) != NULL);
		if (bad[i].t[0]) /* "" in handover_uri means the default geo: URI */
			CHECK(!handover_uri(bad[i].t, 1, 2, "n", out, sizeof out));
	}
	char huge[HANDOVER_TEMPLATE_MAX + 8];
	memset(huge, 'a', sizeof huge - 1);
	huge[sizeof huge - 1] = '\0';
	CHECK(!handover_template_ok(huge, err, sizeof err));
	/* too small an output */
	CHECK(!handover_uri(NULL, 47.9947, 7.8492, "x", out, 20));
	return TEST_END();
}

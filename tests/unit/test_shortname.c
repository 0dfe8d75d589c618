/* shortname: the shorter forms of the Freiburg demo's names, longest first, and the names
 * that have none. */
#include <string.h>

#include "shortname.h"
#include "testlib.h"

static char forms[SHORTNAME_MAX][SHORTNAME_CAP];

/* The forms of name, joined with " | ". */
static const char *joined(const char *name)
{
	static char out[1024];
	size_t n = shortname_forms(name, forms, SHORTNAME_MAX);
	out[0] = '\0';
	for (size_t i = 0; i < n; i++) {
		if (i)
			strncat(out, " | ", sizeof out - strlen(out) - 1);
		strncat(out, forms[i], sizeof out - strlen(out) - 1);
	}
	return out;
}

int main(void)
{
	CHECK_STR(joined("P05 - Rempartstraße 11 (CopyMan)"),
	          "P05 - Rempartstraße 11 (CopyMan) | P05 - Rempartstraße 11 | Rempartstraße 11 | "
	          "Rempartstraße | Rempartstr.");
	CHECK_STR(joined("P06 - Humboldtstraße 2"),
	          "P06 - Humboldtstraße 2 | Humboldtstraße 2 | Humboldtstraße | Humboldtstr.");
	CHECK_STR(joined("P04 - Rotteckring 3 (R)"),
	          "P04 - Rotteckring 3 (R) | P04 - Rotteckring 3 | Rotteckring 3 | Rotteckring");
	CHECK_STR(joined("P07 - Moltkestrasse (R)"),
	          "P07 - Moltkestrasse (R) | P07 - Moltkestrasse | Moltkestrasse | Moltkestr.");
	CHECK_STR(joined("P11 - Auf der Zinnen"), "P11 - Auf der Zinnen | Auf der Zinnen");
	CHECK_STR(joined("P12: Karlsplatz"), "P12: Karlsplatz | Karlsplatz");
	CHECK_STR(joined("A7 – Lange Straße 12-14"),
	          "A7 – Lange Straße 12-14 | Lange Straße 12-14 | Lange Straße | Lange Str.");
	CHECK_STR(joined("Moltkestraße 16b"), "Moltkestraße 16b | Moltkestraße | Moltkestr.");
	/* nothing to shorten */
	CHECK_STR(joined("Kollegiengebäude"), "Kollegiengebäude");
	CHECK_STR(joined("Zähringer Tor"), "Zähringer Tor");
	CHECK_STR(joined("Päd. Hochschule"), "Päd. Hochschule");
	/* a step that would leave nothing is skipped */
	CHECK_STR(joined("P06 -"), "P06 -");
	CHECK_STR(joined("(R)"), "(R)");
	CHECK_STR(joined("P06"), "P06");
	CHECK_STR(joined("B31 Tunnel"), "B31 Tunnel"); /* no separator: a road's name */
	CHECK_STR(joined("Parkhaus 7"), "Parkhaus 7 | Parkhaus");
	CHECK_STR(joined("موقف ١ (شمال)"), "موقف ١ (شمال) | موقف ١");
	CHECK_INT((int)shortname_forms("", forms, SHORTNAME_MAX), 0);
	CHECK_INT((int)shortname_forms(NULL, forms, SHORTNAME_MAX), 0);
	CHECK_INT((int)shortname_forms("P05 - Rempartstraße 11 (CopyMan)", forms, 2), 2);
	/* every form shorter than the one before */
	size_t n = shortname_forms("P05 - Rempartstraße 11 (CopyMan)", forms, SHORTNAME_MAX);
	for (size_t i = 1; i < n; i++)
		CHECK(strlen(forms[i]) < strlen(forms[i - 1]));
	CHECK(shortname_is_code("P06", 3));
	CHECK(shortname_is_code("12", 2));
	CHECK(!shortname_is_code("Karl", 4));
	CHECK(!shortname_is_code("P0612345", 8));
	return TEST_END();
}

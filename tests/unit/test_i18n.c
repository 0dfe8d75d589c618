/* i18n.h: catalogues load, fall back to English, pick plural forms, and are complete. */
#include "i18n.h"
#include "testlib.h"

int main(void)
{
	struct i18n *i = NULL;
	char err[256] = "";
	CHECK(i18n_create(&i, test_source("locales"), err, sizeof err) == PK_OK);
	if (!i) {
		fprintf(stderr, "%s\n", err);
		return TEST_END();
	}
	const struct i18n_lang *de = i18n_lang(i, "de"), *en = i18n_lang(i, "en");
	CHECK(de && en);
	CHECK_STR(i18n_get(de, "ui.status.free"), "frei");
	CHECK_STR(i18n_get(en, "ui.status.free"), "free");
	CHECK_STR(i18n_name(de), "Deutsch");
	CHECK_STR(i18n_plural(de, "ui.capacity", 1), "{total} Platz");
	CHECK_STR(i18n_plural(de, "ui.capacity", 5), "{total} Plätze");
	CHECK_STR(i18n_get(de, "no.such.key"), "no.such.key");
	/* every catalogue has exactly English's keys */
	bool complete = i18n_check_complete(i, err, sizeof err);
	if (!complete)
		fprintf(stderr, "%s\n", err);
	CHECK(complete);
	/* CLDR plural categories */
	CHECK_STR(i18n_plural_category("uk", 1), "one");
	CHECK_STR(i18n_plural_category("uk", 3), "few");
	CHECK_STR(i18n_plural_category("uk", 11), "many");
	CHECK_STR(i18n_plural_category("uk", 21), "one");
	CHECK_STR(i18n_plural_category("ar", 0), "zero");
	CHECK_STR(i18n_plural_category("ar", 2), "two");
	CHECK_STR(i18n_plural_category("ar", 5), "few");
	CHECK_STR(i18n_plural_category("ar", 11), "many");
	CHECK_STR(i18n_plural_category("ar", 100), "other");
	CHECK_STR(i18n_plural_category("tr", 1), "one");
	/* placeholders */
	char buf[64];
	const char *pairs[] = {"free", "3", "total", "11", NULL};
	i18n_format(buf, sizeof buf, "{free} von {total} frei {x}", pairs);
	CHECK_STR(buf, "3 von 11 frei {x}");
	char tiny[6];
	i18n_format(tiny, sizeof tiny, "ääää", NULL);
	CHECK_STR(tiny, "ää");
	i18n_destroy(i);
	return TEST_END();
}

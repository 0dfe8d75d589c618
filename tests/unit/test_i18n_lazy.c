/* i18n.h, reading on use (issue 16): i18n_create reads no catalogue, a use or i18n_load
 * reads one, a broken catalogue is named and serves English, a key defined twice is
 * found in one pass over the sorted keys (also across ui.json and speech.json, and
 * among 40,000 keys), and a file over 1 MiB is refused rather than cut. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "i18n.h"
#include "testlib.h"

static char root[64];

static void put(const char *lang, const char *file, const char *text)
{
	char path[256];
	snprintf(path, sizeof path, "%s/%s", root, lang);
	mkdir(path, 0700);
	snprintf(path, sizeof path, "%s/%s/%s", root, lang, file);
	FILE *f = fopen(path, "w");
	CHECK(f != NULL);
	if (!f)
		return;
	fputs(text, f);
	fclose(f);
}

static void rm_tree(void)
{
	char cmd[128];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", root);
	CHECK(system(cmd) == 0);
}

/* The real catalogues: nothing read until used; a use reads that one only. */
static void real_catalogues(void)
{
	struct i18n *i = NULL;
	char err[256] = "";
	CHECK(i18n_create(&i, test_source("locales"), err, sizeof err) == PK_OK);
	if (!i)
		return;
	for (size_t k = 0; k < i18n_count(i); k++)
		CHECK(!i18n_is_read(i18n_at(i, k)));
	const struct i18n_lang *de = i18n_lang(i, "de"), *en = i18n_lang(i, "en");
	CHECK(i18n_load(de, err, sizeof err) == PK_OK);
	CHECK(i18n_is_read(de));
	CHECK_STR(i18n_get(de, "ui.status.free"), "frei");
	/* a complete catalogue never needs its English fallback */
	CHECK(!i18n_is_read(en));
	size_t read = 0;
	for (size_t k = 0; k < i18n_count(i); k++)
		read += i18n_is_read(i18n_at(i, k));
	CHECK_INT(read, 1);
	/* a key German lacks reads English, on demand */
	CHECK_STR(i18n_get(de, "no.such.key"), "no.such.key");
	CHECK(i18n_is_read(en));
	/* a first use by name reads that catalogue */
	const struct i18n_lang *ar = i18n_lang(i, "ar");
	CHECK(!i18n_is_read(ar));
	CHECK(i18n_rtl(ar));
	CHECK(i18n_is_read(ar));
	i18n_destroy(i);
}

static void broken_catalogues(void)
{
	snprintf(root, sizeof root, "/tmp/pk-i18n-XXXXXX");
	CHECK(mkdtemp(root) != NULL);
	put("en", "ui.json", "{\"_meta\": {\"name\": \"English\"}, \"a\": \"A\", \"b\": \"B\"}");
	put("de", "ui.json", "{\"_meta\": {\"name\": \"Deutsch\"}, \"a\": \"A-de\", \"b\": ");
	put("tr", "ui.json", "{\"a\": \"A-tr\", \"b\": \"B-tr\"}");
	put("tr", "speech.json", "{\"say\": \"S\", \"b\": \"again\"}");
	put("uk", "ui.json", "{\"a\": \"1\", \"c\": \"2\", \"a\": \"3\"}");
	struct i18n *i = NULL;
	char err[1400] = "";
	CHECK(i18n_create(&i, root, err, sizeof err) == PK_OK);
	if (!i)
		return;
	CHECK_INT(i18n_count(i), 4);
	const struct i18n_lang *de = i18n_lang(i, "de"), *tr = i18n_lang(i, "tr");
	const struct i18n_lang *uk = i18n_lang(i, "uk"), *en = i18n_lang(i, "en");
	/* malformed: named at i18n_load; a use serves English instead */
	CHECK(i18n_load(de, err, sizeof err) == PK_ERR_JSON);
	CHECK(strstr(err, "de/ui.json: malformed JSON catalogue") != NULL);
	CHECK_STR(i18n_get(de, "a"), "A");
	CHECK_STR(i18n_name(de), "de");
	err[0] = '\0';
	CHECK(i18n_load(de, err, sizeof err) == PK_ERR_JSON); /* the same answer again */
	CHECK(strstr(err, "malformed") != NULL);
	/* twice: across the two files, and within one */
	CHECK(i18n_load(tr, err, sizeof err) == PK_ERR_SHAPE);
	CHECK(strstr(err, "tr/speech.json: key \"b\" is defined twice") != NULL);
	CHECK(i18n_load(uk, err, sizeof err) == PK_ERR_SHAPE);
	CHECK(strstr(err, "uk/ui.json: key \"a\" is defined twice") != NULL);
	CHECK(i18n_load(en, err, sizeof err) == PK_OK);
	CHECK(!i18n_check_complete(i, err, sizeof err)); /* reads all: de is broken */
	i18n_destroy(i);
	rm_tree();
}

/* 40,000 keys with one duplicate at the very end: found (a pairwise check would make
 * 800 million comparisons here), and a 1 MiB + 1 file refused, not cut. */
static void big_catalogues(void)
{
	snprintf(root, sizeof root, "/tmp/pk-i18n-XXXXXX");
	CHECK(mkdtemp(root) != NULL);
	size_t cap = 40000 * 32 + 64, n = 0;
	char *text = malloc(cap);
	CHECK(text != NULL);
	if (!text)
		return;
	n += (size_t)snprintf(text + n, cap - n, "{");
	for (int k = 0; k < 40000; k++)
		n += (size_t)snprintf(text + n, cap - n, "\"k%05d\": \"v\", ", k);
	snprintf(text + n, cap - n, "\"k00000\": \"again\"}");
	put("en", "ui.json", text);
	free(text);
	char *huge = malloc((1 << 20) + 2);
	CHECK(huge != NULL);
	if (!huge)
		return;
	memset(huge, ' ', (1 << 20) + 1);
	huge[0] = '{';
	huge[(1 << 20) - 1] = '}';
	huge[(1 << 20) + 1] = '\0';
	put("de", "ui.json", huge);
	free(huge);
	struct i18n *i = NULL;
	char err[1400] = "";
	CHECK(i18n_create(&i, root, err, sizeof err) == PK_OK);
	if (!i)
		return;
	CHECK(i18n_load(i18n_lang(i, "en"), err, sizeof err) == PK_ERR_SHAPE);
	CHECK(strstr(err, "key \"k00000\" is defined twice") != NULL);
	CHECK(i18n_load(i18n_lang(i, "de"), err, sizeof err) == PK_ERR_TOO_BIG);
	CHECK(strstr(err, "de/ui.json: over 1048576 bytes") != NULL);
	i18n_destroy(i);
	rm_tree();
}

int main(void)
{
	real_catalogues();
	broken_catalogues();
	big_catalogues();
	return TEST_END();
}

/* Every character of every catalogue string (screen and speech keys, plural forms, the
 * language's own name) of every language has a glyph in some face of font.h, in regular
 * and bold; so do the symbols the layout adds. A miss names language, key and code
 * point: a .notdef box on a street display is a bug, not a cosmetic issue. */
#include <cjson/cJSON.h>
#include <dirent.h>
#include <SDL.h>
#include <stdlib.h>

#include "font.h"
#include "testlib.h"

static int strings_checked;

static void check_string(struct font *f, const char *lang, const char *key, const char *s)
{
	uint32_t missing = 0;
	strings_checked++;
	if (font_covers(f, s, &missing)) {
		test_passed++;
		return;
	}
	test_failed++;
	fprintf(stderr, "FAIL %s: %s: no glyph for U+%04X in \"%s\"\n", lang, key,
	        (unsigned)missing, s);
}

/* Walks a catalogue: plain strings, plural objects, and _meta.name. */
static void check_file(struct font *f, const char *lang, const char *path, bool required)
{
	FILE *probe = fopen(path, "rb");
	if (!probe) {
		CHECK(!required);
		return;
	}
	fclose(probe);
	char *buf = test_read_file(path, NULL);
	cJSON *root = cJSON_Parse(buf);
	free(buf);
	CHECK(cJSON_IsObject(root));
	const cJSON *it;
	cJSON_ArrayForEach(it, root)
	{
		if (strcmp(it->string, "_meta") == 0) {
			const cJSON *name = cJSON_GetObjectItemCaseSensitive(it, "name");
			CHECK(cJSON_IsString(name));
			if (cJSON_IsString(name))
				check_string(f, lang, "_meta.name", name->valuestring);
		} else if (cJSON_IsString(it)) {
			check_string(f, lang, it->string, it->valuestring);
		} else {
			const cJSON *form;
			cJSON_ArrayForEach(form, it)
			{
				char key[160];
				snprintf(key, sizeof key, "%s.%s", it->string, form->string);
				CHECK(cJSON_IsString(form));
				if (cJSON_IsString(form))
					check_string(f, lang, key, form->valuestring);
			}
		}
	}
	cJSON_Delete(root);
}

int main(void)
{
	SDL_SetMainReady();
	struct font *f = NULL;
	char err[256];
	CHECK(font_create(&f, test_source("fonts"), err, sizeof err) == PK_OK);
	if (!f)
		return TEST_END();

	/* the letters each language needs beyond ASCII, and the symbols layout.c and geo.c
	 * put on screen */
	check_string(f, "tr", "(letters)", "İ ı Ş ş Ğ ğ Ç ç Ö ö Ü ü Â â");
	check_string(f, "uk", "(letters)", "І і Ї ї Є є Ґ ґ ʼ Й й Щ щ Ь ь");
	check_string(f, "ar", "(letters)",
	             "ء آ أ ؤ إ ئ ا ب ة ت ث ج ح خ د ذ ر ز س ش ص ض ط ظ ع غ "
	             "ف ق ك ل م ن ه و ى ي ً ٌ ٍ َ ُ ِ ّ ْ ، ؛ ؟ ـ ﻻ");
	check_string(f, "de", "(letters)", "Ä ä Ö ö Ü ü ß ẞ · – „ “");
	check_string(f, "layout", "(symbols)", "✓ ✗ ⊘ ♿ … · ↑ ↗ → ↘ ↓ ↙ ← ↖ ? ! –");

	const char *dir = test_source("locales");
	DIR *d = opendir(dir);
	CHECK(d != NULL);
	int langs = 0;
	struct dirent *de;
	while (d && (de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		char path[1024];
		snprintf(path, sizeof path, "%s/%s/ui.json", dir, de->d_name);
		FILE *probe = fopen(path, "rb");
		if (!probe)
			continue;
		fclose(probe);
		langs++;
		check_file(f, de->d_name, path, true);
		snprintf(path, sizeof path, "%s/%s/speech.json", dir, de->d_name);
		check_file(f, de->d_name, path, false);
	}
	if (d)
		closedir(d);
	CHECK(langs >= 6);
	fprintf(stderr, "%d languages, %d strings checked\n", langs, strings_checked);

	/* the check can fail: a character no face has */
	uint32_t missing = 0;
	CHECK(!font_covers(f, "Parken 停车", &missing));
	CHECK_INT(missing, 0x505C);
	font_destroy(f);
	return TEST_END();
}

/* The six catalogues' content, beyond having en's keys (test_i18n): the _meta of each
 * language (own name, direction, an espeak-ng voice that exists, speech rate), the plural
 * categories each language needs (CLDR) and no others, the same placeholders as English
 * (a lost "{free}" would hide the number), Western digits only, the decimal separator,
 * and Leichte Sprache without abbreviations. */
#include <cjson/cJSON.h>
#include <espeak-ng/speak_lib.h>
#include <stdlib.h>

#include "i18n.h"
#include "testlib.h"
#include "text.h"

struct expect {
	const char *code, *name, *voice, *decimal;
	bool rtl;
	double rate;
	const char *cats; /* the CLDR plural categories of the language */
};

static const struct expect langs[] = {
    {"de", "Deutsch", "de", ",", false, 1.0, "one other"},
    {"en", "English", "en-gb", ".", false, 1.0, "one other"},
    {"tr", "Türkçe", "tr", ",", false, 1.0, "one other"},
    {"ar", "العربية", "ar", ".", true, 1.0, "zero one two few many other"},
    {"uk", "Українська", "uk", ",", false, 1.0, "one few many other"},
    {"de-LS", "Leichte Sprache", "de", ",", false, 0.85, "one other"},
};
#define N_LANGS (sizeof langs / sizeof langs[0])

static cJSON *load(const char *code, const char *file)
{
	char rel[128];
	snprintf(rel, sizeof rel, "locales/%s/%s", code, file);
	const char *path = test_source(rel);
	FILE *probe = fopen(path, "rb");
	if (!probe)
		return NULL;
	fclose(probe);
	char *buf = test_read_file(path, NULL);
	cJSON *root = cJSON_Parse(buf);
	free(buf);
	CHECK(cJSON_IsObject(root));
	return root;
}

static bool has_placeholder(const char *s, const char *ph)
{
	return strstr(s, ph) != NULL;
}

/* Every {placeholder} of s occurs in allowed. Reports the first that does not. */
static bool placeholders_within(const char *s, const char *allowed, char *bad, size_t cap)
{
	for (const char *p = strchr(s, '{'); p; p = strchr(p + 1, '{')) {
		const char *q = strchr(p, '}');
		if (!q)
			break;
		snprintf(bad, cap, "%.*s", (int)(q - p + 1), p);
		if (!has_placeholder(allowed, bad))
			return false;
	}
	return true;
}

/* All placeholders of an English entry (string or plural object), concatenated. */
static void en_placeholders(const cJSON *en, char *out, size_t cap)
{
	out[0] = '\0';
	if (cJSON_IsString(en)) {
		text_copy(out, cap, en->valuestring);
		return;
	}
	const cJSON *f;
	size_t pos = 0;
	cJSON_ArrayForEach(f, en)
	{
		if (cJSON_IsString(f) && pos < cap)
			pos += (size_t)snprintf(out + pos, cap - pos, "%s ", f->valuestring);
	}
}

static bool western_digits_only(const char *s, uint32_t *bad)
{
	for (size_t i = 0, n = strlen(s); i < n;) {
		uint32_t cp;
		size_t k = text_utf8_next(s + i, n - i, &cp);
		if (k == 0)
			return false;
		if ((cp >= 0x0660 && cp <= 0x0669) || (cp >= 0x06F0 && cp <= 0x06F9)) {
			*bad = cp;
			return false;
		}
		i += k;
	}
	return true;
}

/* As the speech module selects it: by voice name, else by language ("en-gb"). */
static bool voice_exists(const char *voice)
{
	if (espeak_SetVoiceByName(voice) == EE_OK)
		return true;
	espeak_VOICE v;
	memset(&v, 0, sizeof v);
	v.languages = voice;
	return espeak_SetVoiceByProperties(&v) == EE_OK;
}

static void check_entry(const struct expect *x, const char *key, const cJSON *en, const cJSON *v)
{
	char allowed[1024], bad[64];
	en_placeholders(en, allowed, sizeof allowed);
	/* The clock offers a choice (24 h or 12 h, minutes with or without a leading zero);
	 * a language picks what it says, but says the hour, and the minute where there is
	 * one. */
	bool clock = strncmp(key, "speech.clock.", 13) == 0 && strcmp(key, "speech.clock.am") &&
	             strcmp(key, "speech.clock.pm");
	if (clock) {
		text_copy(allowed, sizeof allowed, "{h} {h12} {m} {mm} {ampm}");
		const char *t = cJSON_IsString(v) ? v->valuestring : "";
		bool hour = has_placeholder(t, "{h}") || has_placeholder(t, "{h12}");
		bool minute = has_placeholder(t, "{m}") || has_placeholder(t, "{mm}");
		bool want_minute = strcmp(key, "speech.clock.minute") == 0;
		if (!hour || minute != want_minute) {
			test_failed++;
			fprintf(stderr, "FAIL %s: %s: \"%s\" must say the hour%s\n", x->code, key,
			        t, want_minute ? " and the minute" : " only");
		}
	}
	if (cJSON_IsObject(en) != cJSON_IsObject(v)) {
		test_failed++;
		fprintf(stderr, "FAIL %s: %s: plural in one language, plain in the other\n",
		        x->code, key);
		return;
	}
	if (cJSON_IsObject(v)) {
		/* exactly the language's categories */
		const cJSON *f;
		cJSON_ArrayForEach(f, v)
		{
			char cat[16];
			snprintf(cat, sizeof cat, " %s ", f->string);
			char cats[64];
			snprintf(cats, sizeof cats, " %s ", x->cats);
			if (!strstr(cats, cat)) {
				test_failed++;
				fprintf(stderr, "FAIL %s: %s: category \"%s\" is not one of %s\n",
				        x->code, key, f->string, x->cats);
			}
		}
		char cats[64];
		text_copy(cats, sizeof cats, x->cats);
		for (char *c = strtok(cats, " "); c; c = strtok(NULL, " ")) {
			if (!cJSON_IsString(cJSON_GetObjectItemCaseSensitive(v, c))) {
				test_failed++;
				fprintf(stderr, "FAIL %s: %s: no \"%s\" form\n", x->code, key, c);
			}
		}
	}
	/* every form's placeholders exist in English; the "other" form (or the string)
	 * has all of English's "other" placeholders */
	const cJSON *en_other =
	    cJSON_IsObject(en) ? cJSON_GetObjectItemCaseSensitive(en, "other") : en;
	const cJSON *other = cJSON_IsObject(v) ? cJSON_GetObjectItemCaseSensitive(v, "other") : v;
	const cJSON *forms[8] = {v};
	int nf = 1;
	if (cJSON_IsObject(v)) {
		nf = 0;
		const cJSON *f;
		cJSON_ArrayForEach(f, v)
		{
			if (nf < 8)
				forms[nf++] = f;
		}
	}
	for (int i = 0; i < nf; i++) {
		uint32_t cp = 0;
		if (!cJSON_IsString(forms[i]))
			continue;
		if (!placeholders_within(forms[i]->valuestring, allowed, bad, sizeof bad)) {
			test_failed++;
			fprintf(stderr, "FAIL %s: %s: placeholder %s is not in English\n", x->code,
			        key, bad);
		}
		if (!western_digits_only(forms[i]->valuestring, &cp)) {
			test_failed++;
			fprintf(stderr, "FAIL %s: %s: U+%04X: use Western digits 0-9\n", x->code,
			        key, (unsigned)cp);
		}
	}
	if (!clock && cJSON_IsString(other) && cJSON_IsString(en_other) &&
	    !placeholders_within(en_other->valuestring, other->valuestring, bad, sizeof bad)) {
		test_failed++;
		fprintf(stderr, "FAIL %s: %s: placeholder %s is missing\n", x->code, key, bad);
	}
	test_passed++;
}

/* Leichte Sprache: no abbreviations (people read them as words, or not at all). */
static void check_easy(const char *key, const char *s)
{
	static const char *const abbrev[] = {
	    "Min.", "Std.", "max.", "Max.",  "min.",  "ca.",  "z.B.", "z. B.", "bzw.", "usw.",
	    "Nr.",  "Str.", "Sek.", "inkl.", "evtl.", "ggf.", " km",  " m ",   "u.a."};
	for (size_t i = 0; i < sizeof abbrev / sizeof abbrev[0]; i++) {
		if (strstr(s, abbrev[i])) {
			test_failed++;
			fprintf(stderr, "FAIL de-LS: %s: abbreviation \"%s\" in \"%s\"\n", key,
			        abbrev[i], s);
		}
	}
	test_passed++;
}

static void check_catalogue(const struct expect *x, const char *file)
{
	cJSON *en = load("en", file), *l = load(x->code, file);
	if (!en) { /* speech.json is optional until the speech catalogues exist */
		CHECK(strcmp(file, "speech.json") == 0);
		cJSON_Delete(l);
		return;
	}
	CHECK(l != NULL);
	if (!l) {
		fprintf(stderr, "%s: no %s\n", x->code, file);
		cJSON_Delete(en);
		return;
	}
	const cJSON *e;
	cJSON_ArrayForEach(e, en)
	{
		if (strcmp(e->string, "_meta") == 0)
			continue;
		const cJSON *v = cJSON_GetObjectItemCaseSensitive(l, e->string);
		if (!v)
			continue; /* test_i18n names missing keys */
		check_entry(x, e->string, e, v);
		if (strcmp(x->code, "de-LS") == 0) {
			const cJSON *f;
			if (cJSON_IsString(v))
				check_easy(e->string, v->valuestring);
			cJSON_ArrayForEach(f, v)
			{
				if (cJSON_IsString(f))
					check_easy(e->string, f->valuestring);
			}
		}
	}
	cJSON_Delete(l);
	cJSON_Delete(en);
}

int main(void)
{
	struct i18n *i = NULL;
	char err[256] = "";
	CHECK(i18n_create(&i, test_source("locales"), err, sizeof err) == PK_OK);
	if (!i) {
		fprintf(stderr, "%s\n", err);
		return TEST_END();
	}
	CHECK_INT(i18n_count(i), N_LANGS);
	int espeak_rate = espeak_Initialize(AUDIO_OUTPUT_SYNCHRONOUS, 0, NULL, 0);
	CHECK(espeak_rate > 0);
	for (size_t k = 0; k < N_LANGS; k++) {
		const struct expect *x = &langs[k];
		const struct i18n_lang *l = i18n_lang(i, x->code);
		CHECK(l != NULL);
		if (!l) {
			fprintf(stderr, "no catalogue for %s\n", x->code);
			continue;
		}
		CHECK_STR(i18n_code(l), x->code);
		CHECK_STR(i18n_name(l), x->name);
		CHECK_STR(i18n_voice(l), x->voice);
		CHECK(i18n_rtl(l) == x->rtl);
		CHECK(i18n_speech_rate(l) > x->rate - 0.001 &&
		      i18n_speech_rate(l) < x->rate + 0.001);
		CHECK_STR(i18n_get(l, "ui.decimal"), x->decimal);
		if (espeak_rate > 0 && !voice_exists(x->voice)) {
			test_failed++;
			fprintf(stderr, "FAIL %s: espeak-ng has no voice \"%s\"\n", x->code,
			        x->voice);
		}
		check_catalogue(x, "ui.json");
		check_catalogue(x, "speech.json");
	}
	if (espeak_rate > 0)
		espeak_Terminate();

	/* the plural forms the screen picks */
	const struct i18n_lang *uk = i18n_lang(i, "uk"), *ar = i18n_lang(i, "ar");
	const struct i18n_lang *tr = i18n_lang(i, "tr"), *ls = i18n_lang(i, "de-LS");
	if (uk && ar && tr && ls) {
		CHECK_STR(i18n_plural(uk, "ui.age.min", 1), "{n} хвилину тому");
		CHECK_STR(i18n_plural(uk, "ui.age.min", 3), "{n} хвилини тому");
		CHECK_STR(i18n_plural(uk, "ui.age.min", 5), "{n} хвилин тому");
		CHECK_STR(i18n_plural(uk, "ui.age.min", 11), "{n} хвилин тому");
		CHECK_STR(i18n_plural(uk, "ui.age.min", 21), "{n} хвилину тому");
		CHECK_STR(i18n_plural(uk, "ui.age.min", 22), "{n} хвилини тому");
		CHECK_STR(i18n_plural(uk, "ui.capacity", 214), "{total} місць");
		CHECK_STR(i18n_plural(ar, "ui.age.min", 5), "منذ {n} دقائق");
		CHECK_STR(i18n_plural(ar, "ui.age.min", 15), "منذ {n} دقيقة");
		CHECK_STR(i18n_plural(ar, "ui.capacity", 3), "{total} مواقف");
		CHECK_STR(i18n_plural(ar, "ui.capacity", 40), "{total} موقفًا");
		CHECK_STR(i18n_plural(ar, "ui.capacity", 200), "{total} موقف");
		CHECK_STR(i18n_plural(ar, "ui.age.days", 103), "منذ {n} أيام");
		CHECK_STR(i18n_plural(tr, "ui.age.days", 2), "{n} gün önce");
		CHECK_STR(i18n_plural(ls, "ui.age.min", 1), "vor {n} Minute");
		CHECK_STR(i18n_plural(ls, "ui.age.min", 2), "vor {n} Minuten");
		/* "1,2 km": a fraction takes "other", which no integer selects in uk */
		CHECK_STR(i18n_plural_fraction(uk, "speech.distance.km"), "{n} кілометра");
		CHECK_STR(i18n_plural(uk, "speech.distance.km", 2), "{n} кілометри");
		CHECK_STR(i18n_plural_fraction(ar, "speech.distance.km"), "{n} كيلومتر");
	}
	i18n_destroy(i);
	return TEST_END();
}

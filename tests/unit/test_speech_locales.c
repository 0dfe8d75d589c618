/* Spoken language in all six catalogues: every kind of utterance (welcome, summary,
 * entries in every state, details, help, warning, changes, settings) comes out clean in
 * every language — no placeholder, catalogue key or abbreviation left, a full sentence —
 * and each language's espeak-ng voice speaks a sample of them: the WAV is long enough for
 * the text and not silent. PARKKIOSK_SPEECH_DUMP=FILE writes every utterance to FILE
 * (one per line, "code<TAB>what<TAB>text") for review and for listening. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <unistd.h>

#include "announce.h"
#include "speech.h"
#include "testlib.h"
#include "viewtest.h"
#include "text.h"

#define NOW 1748874720LL /* 2025-06-02 14:32:00 UTC */

static struct model_entry ents[8];
static struct view_item spots[4], sites[4];
static struct view view;
static FILE *dump;

/* Abbreviations no listener should hear, per language ("" ends a list). */
static const char *const abbrev_all[] = {" m ",  " m,",  " m.",  " km ", " km,", " km.",
                                         "min.", "max.", "Min.", "Std.", "Str.", ""};
static const char *const abbrev_uk[] = {" м ",  " м,",  " м.",  " км ",  " км,",  " км.",
                                        " хв ", " хв.", " хв,", " год.", " тис.", ""};
static const char *const abbrev_ar[] = {" م ", " م،", " م.", " كم ", " كم،", " كم.", ""};
static const char *const abbrev_tr[] = {" dk", " sn.", " sa.", " m ", ""};

static bool has(const char *s, const char *needle)
{
	return strstr(s, needle) != NULL;
}

static void check_list(const char *s, const char *what, const char *const *list, bool *ok)
{
	for (size_t i = 0; list[i][0]; i++)
		if (has(s, list[i])) {
			fprintf(stderr, "%s: \"%s\" contains \"%s\"\n", what, s, list[i]);
			*ok = false;
		}
}

static void check_clean(const struct i18n_lang *l, const char *s, const char *what)
{
	const char *code = i18n_code(l);
	bool ok = s[0] != '\0';
	static const char *const bad[] = {"{", "}", "  ", " ,", " .", " ،", "%", ""};
	check_list(s, what, bad, &ok);
	check_list(s, what, abbrev_all, &ok);
	if (strcmp(code, "uk") == 0)
		check_list(s, what, abbrev_uk, &ok);
	if (strcmp(code, "ar") == 0)
		check_list(s, what, abbrev_ar, &ok);
	if (strcmp(code, "tr") == 0)
		check_list(s, what, abbrev_tr, &ok);
	/* a catalogue key instead of text ("speech.spot") means a missing template */
	static const char *const prefixes[] = {"speech.", "ui."};
	for (size_t i = 0; i < 2; i++)
		for (const char *p = strstr(s, prefixes[i]); p; p = strstr(p + 1, prefixes[i])) {
			char next = p[strlen(prefixes[i])];
			if ((next >= 'a' && next <= 'z') || next == '_') {
				fprintf(stderr, "%s: \"%s\" has a catalogue key\n", what, s);
				ok = false;
			}
		}
	size_t n = strlen(s);
	if (n && s[n - 1] != '.' && s[n - 1] != '?') {
		fprintf(stderr, "%s: \"%s\" does not end a sentence\n", what, s);
		ok = false;
	}
	if (!text_utf8_valid(s, n))
		ok = false;
	CHECK(ok);
	if (dump)
		fprintf(dump, "%s\t%s\t%s\n", code, what, s);
}

static struct model_entry *entry_new(int i, enum model_kind kind, const char *name)
{
	return entry_init(&ents[i], i, kind, name);
}

/* Two spaces and two car parks; n_free free spaces nearby. */
static void world(int n_free, enum view_status spot_st, enum view_status site_st, int64_t age)
{
	memset(&view, 0, sizeof view);
	view.spots = spots;
	view.sites = sites;
	view.now = NOW;
	view.newest_update = NOW - 125;
	struct model_entry *e = entry_new(0, MODEL_SPOT, "Rempartstraße 11");
	text_copy(e->address, sizeof e->address, "Rempartstraße 11, 79098 Freiburg");
	spots[0] = item_new(e, spot_st, 123, 45, age);
	spots[0].alternative = n_free == 0 && spot_st == VIEW_FREE;
	spots[1] = item_new(entry_new(1, MODEL_SPOT, ""), VIEW_TAKEN, 1240, 225, 300);
	view.n_spots = 2;
	view.n_free_nearby = (size_t)n_free;
	e = entry_new(2, MODEL_SITE, "Schlossberg");
	e->type = MODEL_TYPE_CAR_PARK;
	e->max_height_cm = 210;
	e->total = 400;
	e->total_disabled = 4;
	text_copy(e->opening_hours, sizeof e->opening_hours,
	          "Mo-Fr 08:00-20:30; Sa 10:00-14:00; PH off");
	text_copy(e->address, sizeof e->address, "Schlossbergring 3");
	sites[0] = item_new(e, site_st, 3456, 180, age);
	if (site_st == VIEW_OPEN || site_st == VIEW_FULL) {
		sites[0].free = site_st == VIEW_OPEN ? 37 : 0;
		sites[0].total = 400;
		sites[0].free_disabled = site_st == VIEW_OPEN ? 2 : 0;
		sites[0].total_disabled = 4;
	}
	e = entry_new(3, MODEL_SITE, "Am Bahnhof");
	e->type = MODEL_TYPE_UNDERGROUND;
	e->max_height_cm = 200;
	text_copy(e->opening_hours, sizeof e->opening_hours, "24/7");
	sites[1] = item_new(e, VIEW_OPEN, 21000, 300, 3 * 86400);
	sites[1].free = 1;
	view.n_sites = 2;
}

static struct announce_ctx ctx(const struct i18n_lang *l)
{
	struct announce_ctx c = {.view = &view,
	                         .lang = l,
	                         .now = NOW,
	                         .utc_offset_s = 7200,
	                         .sources_current = 1,
	                         .sources_total = 1};
	return c;
}

/* Every utterance kind for one language; returns a few for the voice test. */
static void utterances(const struct i18n_lang *l)
{
	char out[ANNOUNCE_MAX], what[96];
	const char *code = i18n_code(l);
	static const int free_counts[] = {0, 1, 2, 3, 5, 11, 21, 102};
	static const enum view_status spot_st[] = {VIEW_FREE, VIEW_TAKEN, VIEW_CLOSED, VIEW_UNKNOWN,
	                                           VIEW_INVALID};
	static const enum view_status site_st[] = {VIEW_OPEN, VIEW_FULL, VIEW_CLOSED, VIEW_UNKNOWN,
	                                           VIEW_INVALID};
	static const int64_t ages[] = {30, 60, 120, 300, 660, 1260, 7200, 3 * 86400};
	for (size_t i = 0; i < sizeof free_counts / sizeof free_counts[0]; i++) {
		world(free_counts[i], VIEW_FREE, VIEW_OPEN, ages[i]);
		struct announce_ctx c = ctx(l);
		c.demo = i == 1;
		c.sources_total = 3;
		c.sources_current = i % 4; /* none, one, two, all current */
		announce_welcome(&c, out, sizeof out);
		snprintf(what, sizeof what, "welcome free=%d", free_counts[i]);
		check_clean(l, out, what);
	}
	for (size_t s = 0; s < 5; s++) {
		world(s == 0 ? 2 : 0, spot_st[s], site_st[s], ages[s + 2]);
		struct announce_ctx c = ctx(l);
		announce_summary(&c, out, sizeof out);
		snprintf(what, sizeof what, "summary %s", view_status_name(spot_st[s]));
		check_clean(l, out, what);
		for (int k = 0; k < 4; k++) {
			announce_entry(&c, k, out, sizeof out);
			snprintf(what, sizeof what, "entry %d %s", k,
			         view_status_name(k < 2 ? spot_st[s] : site_st[s]));
			check_clean(l, out, what);
			announce_details(&c, k, out, sizeof out);
			snprintf(what, sizeof what, "details %d", k);
			check_clean(l, out, what);
			if (announce_change(&c, k, out, sizeof out) > 0) {
				snprintf(what, sizeof what, "change %d", k);
				check_clean(l, out, what);
			}
		}
	}
	world(0, VIEW_FREE, VIEW_OPEN, 60);
	struct announce_ctx c = ctx(l);
	announce_help(&c, out, sizeof out);
	check_clean(l, out, "help");
	static const int secs[] = {1, 2, 3, 11, 21, 30};
	for (size_t i = 0; i < sizeof secs / sizeof secs[0]; i++) {
		announce_warning(&c, secs[i], out, sizeof out);
		snprintf(what, sizeof what, "warning %d", secs[i]);
		check_clean(l, out, what);
	}
	announce_end(&c, out, sizeof out);
	check_clean(l, out, "end");
	for (int s = SESSION_SAY_WELCOME; s < SESSION_SAY_COUNT; s++)
		for (int variant = 0; variant < 4; variant++) {
			struct session_out o;
			memset(&o, 0, sizeof o);
			o.say = (enum session_say)s;
			o.delta = variant & 1 ? 1 : -1;
			o.at_limit = variant & 2;
			o.volume_step = 2;
			o.seconds = 30;
			announce_for(&c, &o, out, sizeof out);
			snprintf(what, sizeof what, "%s %d", session_say_name(o.say), variant);
			check_clean(l, out, what);
		}
	/* no empty catalogue: "no spaces known" and "no data yet" */
	memset(&view, 0, sizeof view);
	announce_summary(&c, out, sizeof out);
	check_clean(l, out, "summary empty");
	(void)code;
}

/* Reads a 16-bit mono WAV: sample count and RMS level (full scale = 1). */
static bool wav_stats(const char *path, long *samples, int *rate, double *rms)
{
	size_t len = 0;
	char *buf = test_read_file(path, &len);
	bool ok = false;
	*samples = 0;
	*rms = 0;
	if (len > 44 && memcmp(buf, "RIFF", 4) == 0 && memcmp(buf + 8, "WAVE", 4) == 0) {
		const unsigned char *u = (const unsigned char *)buf;
		*rate = (int)(u[24] | u[25] << 8 | u[26] << 16 | (unsigned)u[27] << 24);
		for (size_t off = 12; off + 8 <= len;) {
			uint32_t sz = u[off + 4] | u[off + 5] << 8 | u[off + 6] << 16 |
			              (uint32_t)u[off + 7] << 24;
			if (memcmp(buf + off, "data", 4) == 0) {
				size_t n = (len - off - 8) / 2;
				if (sz / 2 < n)
					n = sz / 2;
				double sum = 0;
				for (size_t i = 0; i < n; i++) {
					int16_t v =
					    (int16_t)(u[off + 8 + 2 * i] | u[off + 9 + 2 * i] << 8);
					sum += (double)v * v;
				}
				*samples = (long)n;
				*rms = n ? sqrt(sum / (double)n) / 32768.0 : 0;
				ok = true;
				break;
			}
			off += 8 + sz + (sz & 1);
		}
	}
	free(buf);
	return ok;
}

/* The voice speaks the text: between 40 and 250 ms per character (not skipped, not
 * spelled out letter by letter) and audible. */
static void check_voice(const struct i18n_lang *l, const char *dir, const char *text,
                        const char *what)
{
	char path[512];
	snprintf(path, sizeof path, "%s/%s.wav", dir, i18n_code(l));
	int wpm = (int)lround(175 * i18n_speech_rate(l));
	enum pk_err rc = speech_synth_wav(text, i18n_voice(l), wpm, SPEECH_VOLUME_DEFAULT, path);
	CHECK(rc == PK_OK);
	if (rc != PK_OK)
		return;
	long samples = 0;
	int rate = 0;
	double rms = 0;
	CHECK(wav_stats(path, &samples, &rate, &rms));
	remove(path);
	double secs = rate > 0 ? (double)samples / rate : 0;
	double per_char = secs / (double)text_utf8_count(text);
	bool ok = per_char > 0.040 && per_char < 0.250 && rms > 0.01;
	if (!ok || getenv("PARKKIOSK_SPEECH_VERBOSE"))
		fprintf(stderr, "%s %s: %.1f s, %.0f ms per character, RMS %.3f\n", i18n_code(l),
		        what, secs, per_char * 1000, rms);
	CHECK(ok);
}

int main(void)
{
	struct i18n *cat = NULL;
	char err[256];
	CHECK(i18n_create(&cat, test_source("locales"), err, sizeof err) == PK_OK);
	if (!cat) {
		fprintf(stderr, "%s\n", err);
		return TEST_END();
	}
	const char *dump_path = getenv("PARKKIOSK_SPEECH_DUMP");
	if (dump_path)
		dump = fopen(dump_path, "w");
	char dir[] = "/tmp/pk-speech-XXXXXX";
	CHECK(mkdtemp(dir) != NULL);
	static const char *const codes[] = {"de", "en", "tr", "ar", "uk", "de-LS"};
	for (size_t k = 0; k < sizeof codes / sizeof codes[0]; k++) {
		const struct i18n_lang *l = i18n_lang(cat, codes[k]);
		CHECK(l != NULL);
		if (!l)
			continue;
		utterances(l);
		/* the voice speaks a sample of each kind */
		char out[ANNOUNCE_MAX];
		world(3, VIEW_FREE, VIEW_OPEN, 125);
		struct announce_ctx c = ctx(l);
		announce_welcome(&c, out, sizeof out);
		check_voice(l, dir, out, "welcome");
		announce_entry(&c, 2, out, sizeof out);
		check_voice(l, dir, out, "entry");
		announce_details(&c, 2, out, sizeof out);
		check_voice(l, dir, out, "details");
		announce_help(&c, out, sizeof out);
		check_voice(l, dir, out, "help");
		announce_warning(&c, 30, out, sizeof out);
		check_voice(l, dir, out, "warning");
	}
	rmdir(dir);
	if (dump)
		fclose(dump);
	i18n_destroy(cat);
	return TEST_END();
}

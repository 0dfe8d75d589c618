/* Sentences for audio mode (see announce.h). Each function collects catalogue templates
 * into a bounded buffer; numbers are formatted here (rounding, decimal separator from
 * the catalogue), words come from the catalogue. */
#include "announce.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "geo.h"
#include "speech_limits.h"
#include "text.h"

/* ---- an appending buffer ------------------------------------------------------------ */

struct buf {
	char *p;
	size_t cap, len;
	bool full; /* something was cut: nothing more is added (no holes in a name) */
};

static void buf_init(struct buf *b, char *out, size_t cap)
{
	b->p = out;
	b->cap = cap;
	b->len = 0;
	b->full = false;
	if (cap)
		out[0] = '\0';
}

static void add(struct buf *b, const char *s)
{
	if (!s || !*s || b->cap == 0 || b->full)
		return;
	size_t n = strlen(s);
	if (b->len + n >= b->cap) {
		n = b->cap - 1 - b->len;
		/* Never cut a character in half. */
		while (n > 0 && (s[n] & 0xC0) == 0x80)
			n--;
		b->full = true;
	}
	memcpy(b->p + b->len, s, n);
	b->len += n;
	b->p[b->len] = '\0';
}

/* Adds a sentence, separated from the previous one by a space. */
static void sentence(struct buf *b, const char *s)
{
	if (!s || !*s)
		return;
	if (b->len > 0 && b->p[b->len - 1] != ' ')
		add(b, " ");
	add(b, s);
}

/* Formats a template with pairs into the caller's storage and returns it. */
static const char *fmt(char *tmp, size_t cap, const char *tmpl, const char *const *pairs)
{
	i18n_format(tmp, cap, tmpl, pairs);
	return tmp;
}

static const char *T(const struct announce_ctx *c, const char *key)
{
	return i18n_get(c->lang, key);
}

static const char *P(const struct announce_ctx *c, const char *key, long n)
{
	return i18n_plural(c->lang, key, n);
}

static const struct view_item *item(const struct announce_ctx *c, int index)
{
	return session_view_item(c->view, index);
}

/* ---- names ----------------------------------------------------------------------- */

/* Street abbreviations in German place names, written out so the synthesiser does not
 * spell them. These are properties of the names (the feeds are German), not of the
 * speech language, so they apply whatever language speaks. `suffix` entries also match
 * at the end of a word ("Rempartstr."), others only as a whole word. */
static const struct {
	const char *abbr, *full;
	bool suffix;
} abbreviations[] = {
    {"Str.", "Straße", false},  {"str.", "straße", true},        {"Pl.", "Platz", false},
    {"pl.", "platz", true},     {"Hbf.", "Hauptbahnhof", false}, {"Hbf", "Hauptbahnhof", false},
    {"Bhf.", "Bahnhof", false}, {"Bhf", "Bahnhof", false},       {"P+R", "Park and Ride", false},
};

static bool word_char(unsigned char ch)
{
	return isalnum(ch) || ch >= 0x80;
}

size_t announce_name(const struct model_entry *e, char *out, size_t cap)
{
	struct buf b;
	buf_init(&b, out, cap);
	const char *s = e->name[0] ? e->name : e->address;
	size_t n = strlen(s);
	for (size_t i = 0; i < n;) {
		bool done = false;
		for (size_t k = 0; k < sizeof abbreviations / sizeof abbreviations[0]; k++) {
			const char *a = abbreviations[k].abbr;
			size_t al = strlen(a);
			if (strncmp(s + i, a, al) != 0)
				continue;
			bool before_ok = i == 0 || !word_char((unsigned char)s[i - 1]);
			if (abbreviations[k].suffix)
				before_ok = i > 0 && word_char((unsigned char)s[i - 1]);
			/* A word ends after it (the dot may end the abbreviation itself). */
			bool after_ok = i + al == n || !word_char((unsigned char)s[i + al]);
			if (!before_ok || !after_ok)
				continue;
			add(&b, abbreviations[k].full);
			i += al;
			done = true;
			break;
		}
		if (!done) {
			/* one whole character (an invalid byte alone), so a cut falls between
			 * characters */
			uint32_t cp;
			size_t k = text_utf8_step(s + i, n - i, &cp);
			char ch[5];
			memcpy(ch, s + i, k);
			ch[k] = '\0';
			add(&b, ch);
			i += k;
		}
	}
	return b.len;
}

/* ---- numbers, distances, times ------------------------------------------------------ */

static void itoa10(char *out, size_t cap, long v)
{
	snprintf(out, cap, "%ld", v);
}

/* "120 Meter", "1,2 Kilometer": 10 m steps below 1 km, 100 m steps below 10 km, whole
 * kilometres beyond. */
static void distance(const struct announce_ctx *c, double m, char *out, size_t cap)
{
	char num[32];
	if (!isfinite(m) || m < 0)
		m = 0;
	long tens = lround(m / 10.0) * 10;
	if (tens < 10)
		tens = 10;
	if (tens < 1000) {
		itoa10(num, sizeof num, tens);
		const char *const pairs[] = {"n", num, NULL};
		i18n_format(out, cap, P(c, "speech.distance.m", tens), pairs);
		return;
	}
	long hundreds = lround(m / 100.0); /* in 0.1 km */
	const char *tmpl;
	if (hundreds < 100 && hundreds % 10 != 0) {
		snprintf(num, sizeof num, "%ld%s%ld", hundreds / 10, T(c, "speech.decimal"),
		         hundreds % 10);
		/* a fraction: "1,2 кілометра", not the form of the integer 2 */
		tmpl = i18n_plural_fraction(c->lang, "speech.distance.km");
	} else {
		long km = lround(m / 1000.0);
		itoa10(num, sizeof num, km);
		tmpl = P(c, "speech.distance.km", km);
	}
	const char *const pairs[] = {"n", num, NULL};
	i18n_format(out, cap, tmpl, pairs);
}

/* The way to go for a person facing the screen, as the screen's arrow shows it. */
static void direction(const struct announce_ctx *c, double bearing, char *out, size_t cap)
{
	char key[48];
	snprintf(key, sizeof key, "speech.rel.%s",
	         geo_relative_key(geo_relative_to_viewer(bearing, c->facing_deg)));
	text_copy(out, cap, T(c, key));
}

/* A time of day as words: "14 Uhr 32", "2:32 pm". */
static void clock_words(const struct announce_ctx *c, int64_t t, char *out, size_t cap)
{
	int64_t local = t + c->utc_offset_s;
	int64_t sod = ((local % 86400) + 86400) % 86400;
	int h = (int)(sod / 3600), m = (int)(sod % 3600 / 60);
	int h12 = h % 12 == 0 ? 12 : h % 12;
	char hs[8], h12s[8], ms[8], mms[8];
	snprintf(hs, sizeof hs, "%d", h);
	snprintf(h12s, sizeof h12s, "%d", h12);
	snprintf(ms, sizeof ms, "%d", m);
	snprintf(mms, sizeof mms, "%02d", m);
	const char *const pairs[] = {
	    "h", hs,   "h12", h12s,   "m",
	    ms,  "mm", mms,   "ampm", T(c, h < 12 ? "speech.clock.am" : "speech.clock.pm"),
	    NULL};
	i18n_format(out, cap, T(c, m == 0 ? "speech.clock.hour" : "speech.clock.minute"), pairs);
}

/* How old the data is: "vor 2 Minuten", "gerade eben", "14 Uhr 32", "vor 2 Tagen";
 * "" when the age is unknown. */
static void age_words(const struct announce_ctx *c, int64_t age_s, char *out, size_t cap)
{
	out[0] = '\0';
	if (age_s < 0)
		return;
	char num[32], clk[64];
	if (age_s < 60) {
		text_copy(out, cap, T(c, "speech.age.now"));
	} else if (age_s < 3600) {
		long min = (long)(age_s / 60);
		itoa10(num, sizeof num, min);
		const char *const pairs[] = {"n", num, NULL};
		i18n_format(out, cap, P(c, "speech.age.min", min), pairs);
	} else if (age_s < 20 * 3600) {
		clock_words(c, c->now - age_s, clk, sizeof clk);
		const char *const pairs[] = {"clock", clk, NULL};
		i18n_format(out, cap, T(c, "speech.age.clock"), pairs);
	} else {
		long days = (long)((age_s + 43200) / 86400);
		itoa10(num, sizeof num, days);
		const char *const pairs[] = {"n", num, NULL};
		i18n_format(out, cap, P(c, "speech.age.days", days), pairs);
	}
}

/* ", Stand vor 2 Minuten" for live data; "" otherwise. */
static void age_part(const struct announce_ctx *c, const struct view_item *it, char *out,
                     size_t cap)
{
	out[0] = '\0';
	bool live = it->status != VIEW_UNKNOWN && it->status != VIEW_INVALID && !it->stale;
	if (!live || it->age_s < 0)
		return;
	char age[96];
	age_words(c, it->age_s, age, sizeof age);
	const char *const pairs[] = {"age", age, NULL};
	i18n_format(out, cap, T(c, "speech.part.age"), pairs);
}

/* A height in cm as words: "2 Meter 10", "2.10 metres". */
static void height_words(const struct announce_ctx *c, int cm, char *out, size_t cap)
{
	char m[16], rest[16];
	snprintf(m, sizeof m, "%d", cm / 100);
	snprintf(rest, sizeof rest, "%02d", cm % 100);
	const char *const pairs[] = {"m", m, "cm", rest, NULL};
	if (cm % 100 == 0)
		i18n_format(out, cap, P(c, "speech.height.whole", cm / 100), pairs);
	else
		i18n_format(out, cap, T(c, "speech.height"), pairs);
}

/* "120 Meter, rechts voraus" */
static void where(const struct announce_ctx *c, const struct view_item *it, char *out, size_t cap)
{
	char dist[64], dir[64];
	distance(c, it->distance_m, dist, sizeof dist);
	direction(c, it->bearing_deg, dir, sizeof dir);
	const char *const pairs[] = {"distance", dist, "direction", dir, NULL};
	i18n_format(out, cap, T(c, "speech.where"), pairs);
}

/* ---- entries ----------------------------------------------------------------------- */

static const char *type_key(enum model_site_type t)
{
	switch (t) {
	case MODEL_TYPE_CAR_PARK:
		return "speech.type.car_park";
	case MODEL_TYPE_UNDERGROUND:
		return "speech.type.underground";
	case MODEL_TYPE_LOT:
		return "speech.type.lot";
	case MODEL_TYPE_ON_STREET:
		return "speech.type.on_street";
	default:
		return NULL;
	}
}

/* Case-insensitive (ASCII) substring test, for "is the type already in the name". */
static bool contains_word(const char *hay, const char *needle)
{
	size_t n = strlen(needle);
	if (n == 0)
		return true;
	for (const char *p = hay; *p; p++)
		if (strncasecmp(p, needle, n) == 0)
			return true;
	return false;
}

/* The state of a car park: "geöffnet, 120 von 400 Plätzen frei", "voll", "keine
 * aktuellen Daten". Numbers only from the view, which holds only live, valid ones. */
static void site_state(const struct announce_ctx *c, const struct view_item *it, char *out,
                       size_t cap)
{
	char f[16], t[16];
	itoa10(f, sizeof f, it->free);
	itoa10(t, sizeof t, it->total);
	const char *const pairs[] = {"free", f, "total", t, NULL};
	if (it->status == VIEW_OPEN && it->free != VIEW_NONE && it->total != VIEW_NONE)
		i18n_format(out, cap, P(c, "speech.site.open_free_of", it->free), pairs);
	else if (it->status == VIEW_OPEN && it->free != VIEW_NONE)
		i18n_format(out, cap, P(c, "speech.site.open_free", it->free), pairs);
	else if (it->status == VIEW_OPEN)
		text_copy(out, cap, T(c, "speech.site.open"));
	else if (it->status == VIEW_FULL)
		text_copy(out, cap, T(c, "speech.site.full"));
	else {
		char key[48];
		snprintf(key, sizeof key, "speech.state.%s", view_status_name(it->status));
		text_copy(out, cap, T(c, key));
	}
}

static void site_disabled(const struct announce_ctx *c, const struct view_item *it, char *out,
                          size_t cap)
{
	out[0] = '\0';
	if (it->free_disabled == VIEW_NONE)
		return;
	char f[16], t[16];
	itoa10(f, sizeof f, it->free_disabled);
	itoa10(t, sizeof t, it->total_disabled);
	const char *const pairs[] = {"free", f, "total", t, NULL};
	if (it->total_disabled != VIEW_NONE)
		i18n_format(out, cap, P(c, "speech.part.disabled_of", it->free_disabled), pairs);
	else
		i18n_format(out, cap, P(c, "speech.part.disabled", it->free_disabled), pairs);
}

static bool height_known(const struct model_entry *e)
{
	return e->max_height_cm != MODEL_UNKNOWN && e->max_height_cm > 0 &&
	       e->max_height_cm < 10000;
}

/* The entry's name as spoken, or the catalogue's "unnamed" when the feed has neither a
 * name nor an address. */
static void spoken_name(const struct announce_ctx *c, const struct model_entry *e, char *out,
                        size_t cap)
{
	announce_name(e, out, cap);
	if (!out[0])
		text_copy(out, cap, T(c, "speech.unnamed"));
}

static size_t entry(const struct announce_ctx *c, const struct view_item *it, struct buf *b)
{
	char name[256], state[192], wh[160], age[160], tmp[1024];
	spoken_name(c, it->e, name, sizeof name);
	where(c, it, wh, sizeof wh);
	age_part(c, it, age, sizeof age);
	size_t start = b->len;
	if (it->e->kind == MODEL_SPOT) {
		char key[48];
		snprintf(key, sizeof key, "speech.state.%s", view_status_name(it->status));
		text_copy(state, sizeof state, T(c, key));
		const char *const pairs[] = {
		    "name",  name,  "state",
		    state,   "alt", it->alternative ? T(c, "speech.part.alternative") : "",
		    "where", wh,    "age",
		    age,     NULL};
		sentence(b, fmt(tmp, sizeof tmp, T(c, "speech.spot"), pairs));
		return b->len - start;
	}
	char dis[192], height[128] = "", hw[64];
	/* The kind of car park before the name, unless the name already says it. */
	const char *tk = type_key(it->e->type);
	const char *type = tk ? T(c, tk) : "";
	const char *tmpl = "speech.site";
	if (!tk || contains_word(name, type))
		tmpl = "speech.site.untyped";
	site_state(c, it, state, sizeof state);
	site_disabled(c, it, dis, sizeof dis);
	if (height_known(it->e)) {
		height_words(c, it->e->max_height_cm, hw, sizeof hw);
		const char *const hp[] = {"height", hw, NULL};
		i18n_format(height, sizeof height, T(c, "speech.part.height"), hp);
	}
	const char *const pairs[] = {"type",  type,       "name", name,     "state",
	                             state,   "disabled", dis,    "height", height,
	                             "where", wh,         "age",  age,      NULL};
	sentence(b, fmt(tmp, sizeof tmp, T(c, tmpl), pairs));
	return b->len - start;
}

size_t announce_entry(const struct announce_ctx *c, int index, char *out, size_t cap)
{
	struct buf b;
	buf_init(&b, out, cap);
	const struct view_item *it = item(c, index);
	if (!it)
		sentence(&b, T(c, "speech.empty"));
	else
		entry(c, it, &b);
	return b.len;
}

/* ---- keys ------------------------------------------------------------------------- */

/* SDL key names and the catalogue word for them. Digits are "speech.key.digit". */
static const char *const key_words[][2] = {
    {"Keypad *", "speech.key.star"},
    {"Keypad /", "speech.key.slash"},
    {"Keypad +", "speech.key.plus"},
    {"Keypad -", "speech.key.minus"},
    {"Keypad .", "speech.key.period"},
    {"Keypad ,", "speech.key.period"},
    {"Keypad Enter", "speech.key.enter"},
    {"Return", "speech.key.enter"},
    {"Up", "speech.key.up"},
    {"Down", "speech.key.down"},
    {"Left", "speech.key.left"},
    {"Right", "speech.key.right"},
};

/* The spoken name of the key bound to an action: a keypad digit first, then another
 * keypad key (the keypad is what a blind user has at the kiosk), then any key; false
 * if nothing is bound to it. */
static bool key_for(const struct announce_ctx *c, enum input_action a, char *out, size_t cap)
{
	struct input_map def;
	const struct input_map *m = c->keys;
	if (!m) {
		input_map_default(&def);
		m = &def;
	}
	const char *name = NULL;
	for (int pass = 0; pass < 3 && !name; pass++) {
		for (size_t i = 0; i < m->n; i++) {
			const char *k = m->b[i].key;
			if (m->b[i].action != a)
				continue;
			if (pass < 2 && strncmp(k, "Keypad ", 7) != 0)
				continue;
			if (pass == 0 && !(isdigit((unsigned char)k[7]) && !k[8]))
				continue;
			name = m->b[i].key;
			break;
		}
	}
	if (!name)
		return false;
	if (strncmp(name, "Keypad ", 7) == 0 && isdigit((unsigned char)name[7]) && !name[8]) {
		const char *const pairs[] = {"n", name + 7, NULL};
		i18n_format(out, cap, T(c, "speech.key.digit"), pairs);
		return true;
	}
	for (size_t i = 0; i < sizeof key_words / sizeof key_words[0]; i++) {
		if (strcmp(name, key_words[i][0]) == 0) {
			text_copy(out, cap, T(c, key_words[i][1]));
			return true;
		}
	}
	const char *const pairs[] = {"name", name, NULL};
	i18n_format(out, cap, T(c, "speech.key.other"), pairs);
	return true;
}

/* Fills the pairs {up}, {down}, … with key names for templates that mention keys. */
struct key_names {
	char v[INPUT_ACTION_COUNT][64];
	const char *pairs[2 * INPUT_ACTION_COUNT + 1];
};

static void key_names(const struct announce_ctx *c, struct key_names *k)
{
	size_t n = 0;
	for (int a = INPUT_UP; a < INPUT_ACTION_COUNT; a++) {
		if (!key_for(c, (enum input_action)a, k->v[a], sizeof k->v[a]))
			text_copy(k->v[a], sizeof k->v[a], T(c, "speech.key.none"));
		k->pairs[n++] = input_action_name((enum input_action)a);
		k->pairs[n++] = k->v[a];
	}
	k->pairs[n] = NULL;
}

size_t announce_help(const struct announce_ctx *c, char *out, size_t cap)
{
	struct buf b;
	buf_init(&b, out, cap);
	sentence(&b, T(c, "speech.help.intro"));
	static const enum input_action order[] = {
	    INPUT_DOWN,   INPUT_UP,       INPUT_DETAILS,   INPUT_BACK,        INPUT_REPEAT,
	    INPUT_PAUSE,  INPUT_SUMMARY,  INPUT_VOLUME_UP, INPUT_VOLUME_DOWN, INPUT_SLOWER,
	    INPUT_FASTER, INPUT_LANGUAGE, INPUT_HELP,
	};
	char key[64], tkey[48], tmp[256];
	for (size_t i = 0; i < sizeof order / sizeof order[0]; i++) {
		if (!key_for(c, order[i], key, sizeof key))
			continue; /* unbound: not offered */
		snprintf(tkey, sizeof tkey, "speech.help.%s", input_action_name(order[i]));
		const char *const pairs[] = {"key", key, NULL};
		sentence(&b, fmt(tmp, sizeof tmp, T(c, tkey), pairs));
	}
	sentence(&b, T(c, "speech.help.outro"));
	return b.len;
}

/* ---- summary and welcome ------------------------------------------------------------ */

/* The summary's sentence on one space: its name, the way there and the data's age (and
 * that the street display's code has it). */
static void summary_spot(const struct announce_ctx *c, struct buf *b, const struct view_item *it,
                         const char *key)
{
	char name[256], wh[160], age[160], tmp[1024];
	announce_name(it->e, name, sizeof name);
	where(c, it, wh, sizeof wh);
	age_part(c, it, age, sizeof age);
	const char *const np[] = {"name", name, "where", wh, "age", age, NULL};
	sentence(b, fmt(tmp, sizeof tmp, T(c, key), np));
	/* the code is mentioned, never read out: a URL is no use to a listener */
	if (c->display_code)
		sentence(b, T(c, "speech.details.qr"));
}

static void summary(const struct announce_ctx *c, struct buf *b)
{
	const struct view *v = c->view;
	char num[16], tmp[1024];
	if (!v || (v->n_spots == 0 && v->n_sites == 0 && v->newest_update == 0)) {
		sentence(b, T(c, c->nothing_usable ? "speech.summary.nothing_usable"
		                                   : "speech.summary.no_data_yet"));
		return;
	}
	size_t live_spots = 0;
	for (size_t i = 0; i < v->n_spots; i++)
		if (v->spots[i].status != VIEW_UNKNOWN && v->spots[i].status != VIEW_INVALID)
			live_spots++;
	if (v->n_free_nearby > 0) {
		itoa10(num, sizeof num, (long)v->n_free_nearby);
		const char *const pairs[] = {"n", num, NULL};
		sentence(b, fmt(tmp, sizeof tmp,
		                P(c, "speech.summary.free", (long)v->n_free_nearby), pairs));
		/* The view puts the nearest free space first. */
		summary_spot(c, b, &v->spots[0], "speech.summary.nearest");
	} else if (v->n_spots > 0 && v->spots[0].alternative && v->spots[0].status == VIEW_FREE) {
		summary_spot(c, b, &v->spots[0], "speech.summary.alternative");
	} else if (v->n_spots == 0) {
		sentence(b, T(c, "speech.summary.no_spots"));
	} else if (live_spots == 0) {
		sentence(b, T(c, "speech.summary.spots_no_data"));
	} else {
		sentence(b, T(c, "speech.summary.none_free"));
	}
	if (v->n_sites > 0) {
		size_t with_free = 0, live = 0;
		for (size_t i = 0; i < v->n_sites; i++) {
			const struct view_item *it = &v->sites[i];
			if (it->status == VIEW_OPEN && it->free != VIEW_NONE && it->free > 0)
				with_free++;
			if (it->status == VIEW_OPEN || it->status == VIEW_FULL ||
			    it->status == VIEW_CLOSED)
				live++;
		}
		itoa10(num, sizeof num, (long)v->n_sites);
		const char *const pairs[] = {"n", num, NULL};
		sentence(
		    b, fmt(tmp, sizeof tmp, P(c, "speech.summary.sites", (long)v->n_sites), pairs));
		if (with_free > 0) {
			itoa10(num, sizeof num, (long)with_free);
			sentence(b, fmt(tmp, sizeof tmp,
			                P(c, "speech.summary.sites_free", (long)with_free), pairs));
		} else if (live > 0) {
			sentence(b, T(c, "speech.summary.sites_none_free"));
		} else {
			sentence(b, T(c, "speech.summary.sites_no_data"));
		}
	}
}

static void warnings(const struct announce_ctx *c, struct buf *b)
{
	char tmp[512], cur[16], tot[16];
	if (c->demo)
		sentence(b, T(c, "speech.demo"));
	if (!c->demo && c->sources_total > 0 && c->sources_current < c->sources_total) {
		if (c->sources_current <= 0) {
			sentence(b, T(c, "speech.sources.none"));
		} else {
			itoa10(cur, sizeof cur, c->sources_current);
			itoa10(tot, sizeof tot, c->sources_total);
			const char *const pairs[] = {"current", cur, "total", tot, NULL};
			sentence(b, fmt(tmp, sizeof tmp, P(c, "speech.sources", c->sources_current),
			                pairs));
		}
	}
}

size_t announce_summary(const struct announce_ctx *c, char *out, size_t cap)
{
	struct buf b;
	buf_init(&b, out, cap);
	warnings(c, &b);
	summary(c, &b);
	return b.len;
}

size_t announce_welcome(const struct announce_ctx *c, char *out, size_t cap)
{
	struct buf b;
	struct key_names k;
	char tmp[1024];
	buf_init(&b, out, cap);
	sentence(&b, T(c, "speech.welcome"));
	warnings(c, &b);
	summary(c, &b);
	key_names(c, &k);
	sentence(&b, fmt(tmp, sizeof tmp, T(c, "speech.welcome.keys"), k.pairs));
	return b.len;
}

/* ---- details ------------------------------------------------------------------------ */

/* "H:MM" or "HH:MM" at p (hour 0..24, minute 00..59): the hour, minute and length. */
static bool clock_time(const char *p, int *hh, int *mm, int *len)
{
	int h = p[0] - '0', n = 1;
	if (isdigit((unsigned char)p[1])) {
		h = h * 10 + (p[1] - '0');
		n = 2;
	}
	if (p[n] != ':' || !isdigit((unsigned char)p[n + 1]) || !isdigit((unsigned char)p[n + 2]))
		return false;
	int m = (p[n + 1] - '0') * 10 + (p[n + 2] - '0');
	if (h > 24 || m > 59)
		return false;
	*hh = h;
	*mm = m;
	*len = n + 3;
	return true;
}

/* Opening hours in OSM syntax, made speakable: day abbreviations written out, "-" as
 * "to", times as clock words, "24/7" as "around the clock". Anything else stays as the
 * feed wrote it. */
static void hours_words(const struct announce_ctx *c, const char *h, char *out, size_t cap)
{
	struct buf b;
	buf_init(&b, out, cap);
	if (strcmp(h, "24/7") == 0) {
		add(&b, T(c, "speech.hours.always"));
		return;
	}
	static const char *const days[] = {"Mo", "Tu", "We", "Th", "Fr", "Sa", "Su", "PH"};
	for (const char *p = h; *p;) {
		/* A time: H:MM or HH:MM. */
		if (isdigit((unsigned char)p[0])) {
			int hh = 0, mm = 0, len = 0;
			if (clock_time(p, &hh, &mm, &len)) {
				char clk[64];
				/* clock_words takes a Unix time: feed it local midnight + t. */
				struct announce_ctx lc = *c;
				lc.utc_offset_s = 0;
				clock_words(&lc, (int64_t)(hh % 24) * 3600 + mm * 60, clk,
				            sizeof clk);
				add(&b, clk);
				p += len;
				continue;
			}
		}
		bool day = false;
		for (size_t i = 0; i < sizeof days / sizeof days[0]; i++) {
			if (strncmp(p, days[i], 2) == 0 && !isalpha((unsigned char)p[2]) &&
			    (p == h || !isalpha((unsigned char)p[-1]))) {
				char key[32];
				snprintf(key, sizeof key, "speech.day.%c%c",
				         tolower((unsigned char)days[i][0]),
				         tolower((unsigned char)days[i][1]));
				add(&b, T(c, key));
				p += 2;
				day = true;
				break;
			}
		}
		if (day)
			continue;
		if (strncmp(p, "off", 3) == 0 && !isalpha((unsigned char)p[3])) {
			add(&b, T(c, "speech.hours.closed"));
			p += 3;
		} else if (*p == '-') {
			add(&b, " ");
			add(&b, T(c, "speech.hours.to"));
			add(&b, " ");
			p++;
		} else if (*p == ';') {
			add(&b, ";");
			p++;
		} else {
			char ch[2] = {*p, '\0'};
			add(&b, ch);
			p++;
		}
	}
}

size_t announce_details(const struct announce_ctx *c, int index, char *out, size_t cap)
{
	struct buf b;
	buf_init(&b, out, cap);
	const struct view_item *it = item(c, index);
	if (!it) {
		sentence(&b, T(c, "speech.empty"));
		return b.len;
	}
	const struct model_entry *e = it->e;
	char tmp[1024], val[512], name[256], num[16], num2[16];
	sentence(&b, T(c, "speech.details"));
	entry(c, it, &b);
	announce_name(e, name, sizeof name);
	if (e->address[0] && strcmp(e->address, e->name) != 0) {
		const char *const pairs[] = {"address", e->address, NULL};
		sentence(&b, fmt(tmp, sizeof tmp, T(c, "speech.details.address"), pairs));
	}
	if (e->kind == MODEL_SITE && it->total != VIEW_NONE) {
		itoa10(num, sizeof num, it->total);
		const char *const pairs[] = {"total", num, NULL};
		sentence(&b,
		         fmt(tmp, sizeof tmp, P(c, "speech.details.capacity", it->total), pairs));
	}
	if (e->kind == MODEL_SITE && it->total_disabled != VIEW_NONE) {
		itoa10(num2, sizeof num2, it->total_disabled);
		const char *const pairs[] = {"n", num2, NULL};
		sentence(&b,
		         fmt(tmp, sizeof tmp,
		             P(c, "speech.details.capacity_disabled", it->total_disabled), pairs));
	}
	if (height_known(e)) {
		height_words(c, e->max_height_cm, val, sizeof val);
		const char *const pairs[] = {"height", val, NULL};
		sentence(&b, fmt(tmp, sizeof tmp, T(c, "speech.details.height"), pairs));
	}
	if (e->opening_hours[0]) {
		hours_words(c, e->opening_hours, val, sizeof val);
		const char *const pairs[] = {"hours", val, NULL};
		sentence(&b, fmt(tmp, sizeof tmp, T(c, "speech.details.hours"), pairs));
	}
	/* The way to go for someone facing the screen, the same words as the arrow beside
	 * the entry. */
	char rel[96], dist[64];
	direction(c, it->bearing_deg, rel, sizeof rel);
	distance(c, it->distance_m, dist, sizeof dist);
	const char *const rp[] = {"rel", rel, "distance", dist, NULL};
	sentence(&b, fmt(tmp, sizeof tmp, T(c, "speech.details.route"), rp));
	/* the code is mentioned, never read out: a URL is no use to a listener */
	if (c->handover_code)
		sentence(&b, T(c, "speech.details.qr"));
	if (c->demo)
		sentence(&b, T(c, "speech.demo"));
	struct key_names k;
	key_names(c, &k);
	sentence(&b, fmt(tmp, sizeof tmp, T(c, "speech.details.back"), k.pairs));
	return b.len;
}

/* ---- short messages ----------------------------------------------------------------- */

size_t announce_warning(const struct announce_ctx *c, int seconds, char *out, size_t cap)
{
	char num[16];
	itoa10(num, sizeof num, seconds);
	const char *const pairs[] = {"n", num, NULL};
	return i18n_format(out, cap, P(c, "speech.warning", seconds), pairs);
}

size_t announce_end(const struct announce_ctx *c, char *out, size_t cap)
{
	text_copy(out, cap, T(c, "speech.end"));
	return strlen(out);
}

size_t announce_change(const struct announce_ctx *c, int index, char *out, size_t cap)
{
	const struct view_item *it = item(c, index);
	if (!it) {
		if (cap)
			out[0] = '\0';
		return 0;
	}
	char name[256], key[48];
	spoken_name(c, it->e, name, sizeof name);
	snprintf(key, sizeof key, "speech.change.%s", view_status_name(it->status));
	const char *const pairs[] = {"name", name, NULL};
	return i18n_format(out, cap, T(c, key), pairs);
}

static size_t volume_words(const struct announce_ctx *c, const struct session_out *o, char *out,
                           size_t cap)
{
	int steps = c->volume_steps > 0 ? c->volume_steps : SPEECH_VOLUME_STEPS;
	char level[16], max[16];
	itoa10(level, sizeof level, o->volume_step + 1);
	itoa10(max, sizeof max, steps);
	const char *const pairs[] = {"level", level, "max", max, NULL};
	const char *key = "speech.volume";
	if (o->at_limit)
		key = o->delta > 0 ? "speech.volume.max" : "speech.volume.min";
	return i18n_format(out, cap, T(c, key), pairs);
}

static size_t rate_words(const struct announce_ctx *c, const struct session_out *o, char *out,
                         size_t cap)
{
	const char *key;
	if (o->at_limit)
		key = o->delta > 0 ? "speech.rate.max" : "speech.rate.min";
	else
		key = o->delta > 0 ? "speech.rate.faster" : "speech.rate.slower";
	text_copy(out, cap, T(c, key));
	return strlen(out);
}

size_t announce_for(const struct announce_ctx *c, const struct session_out *o, char *out,
                    size_t cap)
{
	struct key_names k;
	const char *const name_pairs[] = {"name", i18n_name(c->lang), NULL};
	if (cap)
		out[0] = '\0';
	switch (o->say) {
	case SESSION_SAY_WELCOME:
		return announce_welcome(c, out, cap);
	case SESSION_SAY_SUMMARY:
		return announce_summary(c, out, cap);
	case SESSION_SAY_ENTRY:
		return announce_entry(c, o->index, out, cap);
	case SESSION_SAY_DETAILS:
		return announce_details(c, o->index, out, cap);
	case SESSION_SAY_HELP:
		return announce_help(c, out, cap);
	case SESSION_SAY_LIST_START:
		return i18n_format(out, cap, T(c, "speech.list_start"), NULL);
	case SESSION_SAY_LIST_END:
		return i18n_format(out, cap, T(c, "speech.list_end"), NULL);
	case SESSION_SAY_EMPTY:
		return i18n_format(out, cap, T(c, "speech.empty"), NULL);
	case SESSION_SAY_CHANGE:
		return announce_change(c, o->index, out, cap);
	case SESSION_SAY_LANGUAGE:
		return i18n_format(out, cap,
		                   T(c, o->at_limit ? "speech.language.only" : "speech.language"),
		                   name_pairs);
	case SESSION_SAY_VOLUME:
		return volume_words(c, o, out, cap);
	case SESSION_SAY_RATE:
		return rate_words(c, o, out, cap);
	case SESSION_SAY_WARNING:
		return announce_warning(c, o->seconds, out, cap);
	case SESSION_SAY_CONTINUED:
		key_names(c, &k);
		return i18n_format(out, cap, T(c, "speech.continued"), k.pairs);
	case SESSION_SAY_END:
		return announce_end(c, out, cap);
	default:
		return 0;
	}
}

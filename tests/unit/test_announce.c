/* Announcements: exact sentences for the main cases in German and English, and
 * properties for every entry kind and state in both languages: no abbreviations, no
 * unresolved placeholders or catalogue keys, and never the old number of stale,
 * unknown or invalid data. */
#include "announce.h"

#include <ctype.h>
#include <stdlib.h>

#include "testlib.h"
#include "viewtest.h"
#include "text.h"

static struct i18n *cat;
static const struct i18n_lang *de, *en;

/* now = 2025-06-02 14:32:00 UTC; with a +2 h offset the local time is 16:32. */
#define NOW 1748874720LL

static struct model_entry ents[32];
static struct view_item spots[16], sites[16];
static struct view view;

static struct model_entry *entry_new(int i, enum model_kind kind, const char *name)
{
	return entry_init(&ents[i], i, kind, name);
}

static struct announce_ctx ctx(const struct i18n_lang *l)
{
	struct announce_ctx c = {
	    .view = &view,
	    .lang = l,
	    .keys = NULL,
	    .facing_deg = 180, /* the screen faces south: its reader looks north */
	    .now = NOW,
	    .utc_offset_s = 7200,
	    .demo = false,
	    .sources_current = 1,
	    .sources_total = 1,
	};
	return c;
}

/* The usual world: three free spaces nearby (nearest first), one taken; two car parks,
 * one with free spaces. */
static void world(void)
{
	memset(&view, 0, sizeof view);
	view.spots = spots;
	view.sites = sites;
	view.now = NOW;
	view.newest_update = NOW - 125;
	spots[0] = item_new(entry_new(0, MODEL_SPOT, "Rempartstraße 11"), VIEW_FREE, 123, 45, 125);
	ents[0].address[0] = '\0';
	spots[1] = item_new(entry_new(1, MODEL_SPOT, "Rotteckring 3"), VIEW_FREE, 240, 90, 30);
	spots[2] = item_new(entry_new(2, MODEL_SPOT, "Humboldtstraße 2"), VIEW_FREE, 610, 180, 61);
	spots[3] = item_new(entry_new(3, MODEL_SPOT, "Moltkestraße 5"), VIEW_TAKEN, 80, 270, 300);
	view.n_spots = 4;
	view.n_free_nearby = 3;
	struct model_entry *e = entry_new(4, MODEL_SITE, "Schlossberg");
	e->type = MODEL_TYPE_CAR_PARK;
	e->max_height_cm = 210;
	sites[0] = item_new(e, VIEW_OPEN, 452, 180, 180);
	sites[0].free = 37;
	sites[0].total = 400;
	sites[0].free_disabled = 2;
	sites[0].total_disabled = 4;
	e = entry_new(5, MODEL_SITE, "Parkhaus Am Bahnhof");
	e->type = MODEL_TYPE_CAR_PARK;
	sites[1] = item_new(e, VIEW_FULL, 1234, 300, 60);
	sites[1].free = 0;
	sites[1].total = 250;
	view.n_sites = 2;
}

static bool has(const char *s, const char *needle)
{
	return strstr(s, needle) != NULL;
}

/* Properties every utterance must have. */
static void check_clean(const char *s, const char *what)
{
	bool ok = s[0] != '\0';
	static const char *const bad[] = {
	    " m ",  " m,",  " m.",  "min.", "Min.", "Std.", "Str.", "str.", "max.",
	    " km ", " km,", " km.", "{",    "}",    "  ",   " ,",   " .",   "%",
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		if (has(s, bad[i])) {
			fprintf(stderr, "%s: \"%s\" contains \"%s\"\n", what, s, bad[i]);
			ok = false;
		}
	}
	/* A catalogue key instead of text ("speech.spot") means a missing template. */
	static const char *const prefixes[] = {"speech.", "ui."};
	for (size_t i = 0; i < 2; i++) {
		for (const char *p = strstr(s, prefixes[i]); p; p = strstr(p + 1, prefixes[i])) {
			char next = p[strlen(prefixes[i])];
			if ((next >= 'a' && next <= 'z') || next == '_') {
				fprintf(stderr, "%s: \"%s\" has a catalogue key\n", what, s);
				ok = false;
			}
		}
	}
	size_t n = strlen(s);
	if (n && s[n - 1] != '.') {
		fprintf(stderr, "%s: \"%s\" does not end a sentence\n", what, s);
		ok = false;
	}
	if (!text_utf8_valid(s, n))
		ok = false;
	CHECK(ok);
}

static void test_entries_exact(void)
{
	char out[ANNOUNCE_MAX];
	world();
	struct announce_ctx c = ctx(de);
	announce_entry(&c, 0, out, sizeof out);
	CHECK_STR(out, "Behindertenparkplatz Rempartstraße 11: frei, 120 Meter, rechts voraus, "
	               "Stand vor 2 Minuten.");
	announce_entry(&c, 3, out, sizeof out);
	CHECK_STR(out, "Behindertenparkplatz Moltkestraße 5: besetzt, 80 Meter, links, "
	               "Stand vor 5 Minuten.");
	announce_entry(&c, 4, out, sizeof out);
	CHECK_STR(out, "Parkhaus Schlossberg: geöffnet, 37 von 400 Plätzen frei, "
	               "Behindertenparkplätze: 2 von 4 frei, Einfahrtshöhe bis 2 Meter 10, "
	               "450 Meter, hinter Ihnen, Stand vor 3 Minuten.");
	/* The type is not said twice when the name has it. */
	announce_entry(&c, 5, out, sizeof out);
	CHECK_STR(out, "Parkhaus Am Bahnhof: voll, kein Platz frei, 1,2 Kilometer, links "
	               "voraus, Stand vor einer Minute.");

	c = ctx(en);
	announce_entry(&c, 0, out, sizeof out);
	CHECK_STR(out, "Accessible parking space Rempartstraße 11: free, 120 metres ahead to "
	               "the right, updated 2 minutes ago.");
	announce_entry(&c, 4, out, sizeof out);
	CHECK_STR(out, "Multi-storey car park Schlossberg: open, 37 of 400 spaces free, "
	               "accessible spaces: 2 of 4 free, height limit 2.10 metres, 450 metres "
	               "behind you, updated 3 minutes ago.");
	announce_entry(&c, 5, out, sizeof out);
	CHECK(has(out, "full, no space free, 1.2 kilometres ahead to the left"));
	/* Out of range. */
	announce_entry(&c, 99, out, sizeof out);
	CHECK_STR(out, "The list is empty.");
}

/* Every kind and state, in both languages; the stale numbers (37 free, 41 accessible)
 * must never be heard. */
static void test_entries_all_states(void)
{
	char out[ANNOUNCE_MAX], what[96];
	static const enum view_status spot_states[] = {VIEW_FREE, VIEW_TAKEN, VIEW_CLOSED,
	                                               VIEW_UNKNOWN, VIEW_INVALID};
	static const enum view_status site_states[] = {VIEW_OPEN, VIEW_FULL, VIEW_CLOSED,
	                                               VIEW_UNKNOWN, VIEW_INVALID};
	static const char *const want_de[] = {"frei", "besetzt", "geschlossen",
	                                      "keine aktuellen Daten", "keine gültigen Daten"};
	static const char *const want_en[] = {"free", "taken", "closed", "no current data",
	                                      "no valid data"};
	const struct i18n_lang *langs[] = {de, en};
	for (int li = 0; li < 2; li++) {
		const struct i18n_lang *l = langs[li];
		for (size_t si = 0; si < 5; si++) {
			/* A spot, live or alternative. */
			memset(&view, 0, sizeof view);
			view.spots = spots;
			view.sites = sites;
			struct model_entry *e = entry_new(0, MODEL_SPOT, "Auf der Zinnen");
			e->updated_at = NOW - 7200;
			spots[0] = item_new(e, spot_states[si], 1420, 200, 7200);
			spots[0].alternative = si == 0;
			view.n_spots = 1;
			/* A car park whose model holds old numbers; the view shows them only
			 * when live and valid. */
			e = entry_new(1, MODEL_SITE, "Zähringer Tor");
			e->type = si % 2 ? MODEL_TYPE_UNDERGROUND : MODEL_TYPE_LOT;
			e->free = 37;
			e->total = 900;
			e->free_disabled = 41;
			e->total_disabled = 88;
			sites[0] = item_new(e, site_states[si], 650, 10, 40);
			if (site_states[si] == VIEW_OPEN) {
				sites[0].free = 12;
				sites[0].total = 900;
			}
			if (site_states[si] == VIEW_FULL) {
				sites[0].free = 0;
				sites[0].total = 900;
			}
			if (site_states[si] == VIEW_UNKNOWN || site_states[si] == VIEW_INVALID)
				sites[0].total = 900; /* static capacity may stay */
			view.n_sites = 1;
			struct announce_ctx c = ctx(l);

			announce_entry(&c, 0, out, sizeof out);
			snprintf(what, sizeof what, "%s spot %s", i18n_code(l),
			         view_status_name(spot_states[si]));
			check_clean(out, what);
			CHECK(has(out, (li ? want_en : want_de)[si]));
			CHECK(has(out, li ? "1.4 kilometres" : "1,4 Kilometer"));
			CHECK(has(out, li ? "behind you" : "hinter Ihnen"));
			bool live =
			    spot_states[si] != VIEW_UNKNOWN && spot_states[si] != VIEW_INVALID;
			/* Live data says how old it is (two hours: the clock time). */
			CHECK(has(out, li ? "updated at 2:32 pm" : "Stand 14 Uhr 32") == live);
			CHECK(has(out, li ? "further away" : "weiter entfernt") == (si == 0));

			announce_entry(&c, 1, out, sizeof out);
			snprintf(what, sizeof what, "%s site %s", i18n_code(l),
			         view_status_name(site_states[si]));
			check_clean(out, what);
			CHECK(has(out, li ? "650 metres straight ahead" : "650 Meter, geradeaus"));
			CHECK(!has(out, "37") && !has(out, "41") && !has(out, "88"));
			CHECK(has(out, li ? (si % 2 ? "Underground car park Zähringer Tor"
			                            : "Car park Zähringer Tor")
			                  : (si % 2 ? "Tiefgarage Zähringer Tor"
			                            : "Parkplatz Zähringer Tor")));
			if (site_states[si] == VIEW_UNKNOWN) {
				CHECK(has(out, li ? "no current data" : "keine aktuellen Daten"));
				/* No digit but the distance's: nothing stale is said. */
				size_t digits = 0;
				for (const char *p = out; *p; p++)
					digits += isdigit((unsigned char)*p) != 0;
				CHECK_INT(digits, 3);
			}
			if (site_states[si] == VIEW_OPEN)
				CHECK(has(out, li ? "12 of 900 spaces free"
				                  : "12 von 900 Plätzen frei"));
			if (site_states[si] == VIEW_CLOSED)
				CHECK(has(out, li ? "closed" : "geschlossen"));

			/* Details and change announcements for the same entries. */
			for (int i = 0; i < 2; i++) {
				announce_details(&c, i, out, sizeof out);
				snprintf(what, sizeof what, "%s details %d %s", i18n_code(l), i,
				         view_status_name(site_states[si]));
				check_clean(out, what);
				CHECK(!has(out, "37") && !has(out, "41") && !has(out, "88"));
				announce_change(&c, i, out, sizeof out);
				check_clean(out, what);
				CHECK(!has(out, "37") && !has(out, "41"));
			}
		}
	}
}

static void test_sites_disabled_counts(void)
{
	char out[ANNOUNCE_MAX];
	memset(&view, 0, sizeof view);
	view.sites = sites;
	view.spots = spots;
	struct model_entry *e = entry_new(0, MODEL_SITE, "Konzerthaus");
	e->type = MODEL_TYPE_UNDERGROUND;
	sites[0] = item_new(e, VIEW_OPEN, 300, 0, 120);
	sites[0].free = 1;
	sites[0].total = 120;
	view.n_sites = 1;
	struct announce_ctx c = ctx(de);
	/* Without disabled counts: nothing about them. */
	announce_entry(&c, 0, out, sizeof out);
	CHECK_STR(out, "Tiefgarage Konzerthaus: geöffnet, ein Platz von 120 frei, 300 Meter, "
	               "geradeaus, Stand vor 2 Minuten.");
	/* Free accessible count without a total. */
	sites[0].free_disabled = 1;
	announce_entry(&c, 0, out, sizeof out);
	CHECK(has(out, ", davon ein Behindertenparkplatz frei,"));
	sites[0].free_disabled = 3;
	announce_entry(&c, 0, out, sizeof out);
	CHECK(has(out, ", davon 3 Behindertenparkplätze frei,"));
	/* Free count without a total; open without a count. */
	sites[0].total = VIEW_NONE;
	sites[0].free = 25;
	sites[0].free_disabled = VIEW_NONE;
	announce_entry(&c, 0, out, sizeof out);
	CHECK(has(out, "geöffnet, 25 Plätze frei,"));
	sites[0].free = VIEW_NONE;
	announce_entry(&c, 0, out, sizeof out);
	CHECK(has(out, "geöffnet, ohne Angabe freier Plätze,"));
	c = ctx(en);
	announce_entry(&c, 0, out, sizeof out);
	CHECK(has(out, "open, free spaces not reported,"));
	check_clean(out, "en open without count");
	/* A whole-metre height. */
	e->max_height_cm = 200;
	announce_entry(&c, 0, out, sizeof out);
	CHECK(has(out, "height limit 2 metres"));
	c = ctx(de);
	announce_entry(&c, 0, out, sizeof out);
	CHECK(has(out, "Einfahrtshöhe bis 2 Meter,"));
}

static void test_distances_and_ages(void)
{
	char out[ANNOUNCE_MAX];
	static const struct {
		double m;
		const char *de, *en;
	} d[] = {
	    {0, "10 Meter, ", "10 metres"},
	    {4, "10 Meter, ", "10 metres"},
	    {123, "120 Meter, ", "120 metres"},
	    {994, "990 Meter, ", "990 metres"},
	    {996, "ein Kilometer, ", "1 kilometre"},
	    {1049, "ein Kilometer, ", "1 kilometre"},
	    {1234, "1,2 Kilometer, ", "1.2 kilometres"},
	    {9949, "9,9 Kilometer, ", "9.9 kilometres"},
	    {12345, "12 Kilometer, ", "12 kilometres"},
	};
	memset(&view, 0, sizeof view);
	view.spots = spots;
	view.n_spots = 1;
	struct model_entry *e = entry_new(0, MODEL_SPOT, "Karlsplatz");
	for (size_t i = 0; i < sizeof d / sizeof d[0]; i++) {
		spots[0] = item_new(e, VIEW_FREE, d[i].m, 0, 10);
		struct announce_ctx c = ctx(de);
		announce_entry(&c, 0, out, sizeof out);
		if (!has(out, d[i].de)) {
			fprintf(stderr, "%.0f m: %s\n", d[i].m, out);
			CHECK(0);
		}
		c = ctx(en);
		announce_entry(&c, 0, out, sizeof out);
		if (!has(out, d[i].en)) {
			fprintf(stderr, "%.0f m: %s\n", d[i].m, out);
			CHECK(0);
		}
	}
	static const struct {
		int64_t age;
		const char *de, *en;
	} a[] = {
	    {10, "Stand vor weniger als einer Minute.", "updated less than a minute ago."},
	    {60, "Stand vor einer Minute.", "updated 1 minute ago."},
	    {3599, "Stand vor 59 Minuten.", "updated 59 minutes ago."},
	    {3600 * 2, "Stand 14 Uhr 32.", "updated at 2:32 pm."},
	    {3600 * 2 + 32 * 60, "Stand 14 Uhr.", "updated at 2 pm."},
	    {3600 * 16 + 32 * 60, "Stand 0 Uhr.", "updated at 12 am."},
	    {86400 * 3, "Stand vor 3 Tagen.", "updated 3 days ago."},
	    {86400, "Stand vor einem Tag.", "updated 1 day ago."},
	};
	for (size_t i = 0; i < sizeof a / sizeof a[0]; i++) {
		spots[0] = item_new(e, VIEW_FREE, 100, 0, a[i].age);
		struct announce_ctx c = ctx(de);
		announce_entry(&c, 0, out, sizeof out);
		if (!has(out, a[i].de)) {
			fprintf(stderr, "age %lld: %s\n", (long long)a[i].age, out);
			CHECK(0);
		}
		c = ctx(en);
		announce_entry(&c, 0, out, sizeof out);
		if (!has(out, a[i].en)) {
			fprintf(stderr, "age %lld: %s\n", (long long)a[i].age, out);
			CHECK(0);
		}
	}
	/* Unknown age: nothing said about it. */
	spots[0] = item_new(e, VIEW_FREE, 100, 0, -1);
	struct announce_ctx c = ctx(de);
	announce_entry(&c, 0, out, sizeof out);
	CHECK_STR(out, "Behindertenparkplatz Karlsplatz: frei, 100 Meter, geradeaus.");
}

static void test_welcome(void)
{
	char out[ANNOUNCE_MAX];
	world();
	struct announce_ctx c = ctx(de);
	announce_welcome(&c, out, sizeof out);
	CHECK_STR(out, "Willkommen. Die Sprachausgabe ist an. 3 freie Behindertenparkplätze in "
	               "der Nähe. Der nächste: Rempartstraße 11, 120 Meter, rechts voraus, "
	               "Stand vor 2 Minuten. In der Umgebung gibt es 2 Parkhäuser. Eines davon "
	               "hat freie Plätze. Weiter mit Taste 2, zurück mit Taste 8, Details mit "
	               "Taste 5, Hilfe mit Taste 0.");
	c = ctx(en);
	announce_welcome(&c, out, sizeof out);
	CHECK_STR(out,
	          "Welcome. Speech is on. 3 free accessible parking spaces nearby. The "
	          "nearest: Rempartstraße 11, 120 metres ahead to the right, updated 2 minutes "
	          "ago. There are 2 car parks in the area. 1 of them has free spaces. Next "
	          "with key 2, previous with key 8, details with key 5, help with key 0.");
	/* Demonstration data and missing sources are said first. */
	c = ctx(de);
	c.demo = true;
	announce_welcome(&c, out, sizeof out);
	CHECK(has(out, "Willkommen. Die Sprachausgabe ist an. Achtung: Dies sind "
	               "Demonstrationsdaten, keine echte Belegung. 3 freie"));
	announce_summary(&c, out, sizeof out);
	CHECK(has(out, "Demonstrationsdaten"));
	CHECK(!has(out, "Willkommen"));
	c = ctx(de);
	c.sources_current = 1;
	c.sources_total = 3;
	announce_welcome(&c, out, sizeof out);
	CHECK(has(out, "Achtung: Nur eine von 3 Datenquellen ist aktuell."));
	c.sources_current = 2;
	announce_welcome(&c, out, sizeof out);
	CHECK(has(out, "Achtung: Nur 2 von 3 Datenquellen sind aktuell."));
	c.sources_current = 0;
	announce_welcome(&c, out, sizeof out);
	CHECK(has(out, "Achtung: Zurzeit kommen keine aktuellen Daten an."));
	check_clean(out, "welcome no sources");
	/* The street display's code (handover.show_in_display_mode): said once, after the
	 * nearest space it is for, and never its text; not said where there is none. */
	c = ctx(de);
	c.display_code = true;
	announce_welcome(&c, out, sizeof out);
	CHECK(has(out, "Stand vor 2 Minuten. Ein Code für Ihr Handy ist auf dem Bildschirm: Er "
	               "öffnet den Weg dorthin in Ihrer Karten-App. In der Umgebung"));
	const char *first = strstr(out, "Ein Code");
	CHECK(first && !strstr(first + 1, "Ein Code")); /* once */
	CHECK(!has(out, "geo:") && !has(out, "http"));
	c = ctx(en);
	c.display_code = true;
	announce_summary(&c, out, sizeof out);
	CHECK(has(out, "ago. A code for your phone is on the screen"));
	c.display_code = false;
	announce_summary(&c, out, sizeof out);
	CHECK(!has(out, "code"));

	/* One free space; none free but an alternative; none free; no data for spots. */
	view.n_free_nearby = 1;
	c = ctx(de);
	announce_summary(&c, out, sizeof out);
	CHECK(has(out, "Ein freier Behindertenparkplatz in der Nähe. Der nächste: Rempartstraße"));
	c = ctx(en);
	announce_summary(&c, out, sizeof out);
	CHECK(has(out, "1 free accessible parking space nearby."));
	view.n_free_nearby = 0;
	spots[0].alternative = true;
	spots[0].distance_m = 2500;
	c = ctx(de);
	announce_summary(&c, out, sizeof out);
	CHECK(has(out, "In der Nähe ist keiner frei. Der nächste freie ist weiter weg: "
	               "Rempartstraße 11, 2,5 Kilometer, rechts voraus, Stand vor 2 Minuten."));
	CHECK(!has(out, "Code"));
	c.display_code = true; /* the code is for the free one further away */
	announce_summary(&c, out, sizeof out);
	CHECK(has(out, "Stand vor 2 Minuten. Ein Code für Ihr Handy ist auf dem Bildschirm"));
	c.display_code = false;
	spots[0].status = VIEW_TAKEN;
	spots[0].alternative = false;
	announce_summary(&c, out, sizeof out);
	CHECK(has(out, "In der Nähe ist zurzeit kein Behindertenparkplatz frei."));
	for (size_t i = 0; i < view.n_spots; i++)
		spots[i].status = VIEW_UNKNOWN;
	announce_summary(&c, out, sizeof out);
	CHECK(has(out, "Für die Behindertenparkplätze in der Nähe gibt es keine aktuellen Daten."));
	/* Car parks: none with free spaces; none with data. */
	sites[0].status = VIEW_FULL;
	announce_summary(&c, out, sizeof out);
	CHECK(has(out, "In der Umgebung gibt es 2 Parkhäuser. Keines meldet freie Plätze."));
	sites[0].status = sites[1].status = VIEW_UNKNOWN;
	announce_summary(&c, out, sizeof out);
	CHECK(has(out, "Für die Parkhäuser gibt es keine aktuellen Daten."));
	check_clean(out, "summary no data");
	view.n_sites = 1;
	announce_summary(&c, out, sizeof out);
	CHECK(has(out, "In der Umgebung gibt es ein Parkhaus."));
	/* No spots at all; no data at all. */
	view.n_spots = 0;
	announce_summary(&c, out, sizeof out);
	CHECK(has(out, "In der Nähe sind keine Behindertenparkplätze bekannt."));
	view.n_sites = 0;
	view.newest_update = 0;
	announce_welcome(&c, out, sizeof out);
	CHECK(has(out, "Es sind noch keine Daten angekommen."));
	check_clean(out, "welcome no data");
	c = ctx(en);
	announce_welcome(&c, out, sizeof out);
	CHECK(has(out, "No data has arrived yet."));
	check_clean(out, "en welcome no data");
	c.view = NULL;
	announce_summary(&c, out, sizeof out);
	CHECK(has(out, "No data has arrived yet."));
}

static void test_details(void)
{
	char out[ANNOUNCE_MAX];
	world();
	ents[4].opening_hours[0] = '\0';
	text_copy(ents[4].opening_hours, sizeof ents[4].opening_hours,
	          "Mo-Fr 08:00-20:00; Sa 09:30-14:00; Su,PH off");
	text_copy(ents[4].address, sizeof ents[4].address, "Schlossbergring 2, 79098 Freiburg");
	/* Screen faces north: a person with the back to it looks north; the car park is
	 * south of the kiosk, so behind them. */
	struct announce_ctx c = ctx(de);
	announce_details(&c, 4, out, sizeof out);
	CHECK_STR(out, "Details. Parkhaus Schlossberg: geöffnet, 37 von 400 Plätzen frei, "
	               "Behindertenparkplätze: 2 von 4 frei, Einfahrtshöhe bis 2 Meter 10, "
	               "450 Meter, hinter Ihnen, Stand vor 3 Minuten. Adresse: Schlossbergring 2, "
	               "79098 Freiburg. Insgesamt 400 Plätze. Davon 4 Behindertenparkplätze. "
	               "Maximale Einfahrtshöhe: 2 Meter 10. Öffnungszeiten: Montag bis Freitag "
	               "8 Uhr bis 20 Uhr; Samstag 9 Uhr 30 bis 14 Uhr; Sonntag,an Feiertagen "
	               "geschlossen. Mit Blick auf den Bildschirm: hinter Ihnen, dann 450 Meter "
	               "Luftlinie. Zurück zur Liste mit Taste 4.");
	c = ctx(en);
	announce_details(&c, 4, out, sizeof out);
	CHECK(has(out, "Opening hours: Monday to Friday 8 am to 8 pm; Saturday 9:30 am to 2 pm; "
	               "Sunday,on public holidays closed."));
	CHECK(has(out, "Facing the screen: behind you, then 450 metres in a straight "
	               "line. Back to the list with key 4."));
	CHECK(!has(out, "code")); /* no code on screen: nothing said about one */
	c.handover_code = true;
	announce_details(&c, 4, out, sizeof out);
	CHECK(has(out, "in a straight line. A code for your phone is on the screen: it opens the "
	               "way there in your map app. Back to the list with key 4."));
	CHECK(!has(out, "geo:") && !has(out, "http"));
	/* Relative directions: a reader looking north has the west on the left; a screen
	 * facing west has its reader look east: north is on the left, east straight ahead. */
	c = ctx(de);
	spots[0].bearing_deg = 270;
	announce_details(&c, 0, out, sizeof out);
	CHECK(has(out, "Mit Blick auf den Bildschirm: links, dann 120 Meter Luftlinie."));
	c.facing_deg = 270;
	spots[0].bearing_deg = 0;
	announce_details(&c, 0, out, sizeof out);
	CHECK(has(out, "Bildschirm: links, dann"));
	spots[0].bearing_deg = 100;
	announce_details(&c, 0, out, sizeof out);
	CHECK(has(out, "Bildschirm: geradeaus, dann"));
	spots[0].bearing_deg = 140;
	announce_details(&c, 0, out, sizeof out);
	CHECK(has(out, "Bildschirm: rechts voraus, dann"));
	check_clean(out, "details spot");
	/* 24/7, and the demo note. */
	text_copy(ents[4].opening_hours, sizeof ents[4].opening_hours, "24/7");
	c = ctx(de);
	c.demo = true;
	announce_details(&c, 4, out, sizeof out);
	CHECK(has(out, "Öffnungszeiten: rund um die Uhr."));
	CHECK(has(out, "Demonstrationsdaten"));
	announce_details(&c, 42, out, sizeof out);
	CHECK_STR(out, "Die Liste ist leer.");
}

static void test_help_and_short(void)
{
	char out[ANNOUNCE_MAX];
	world();
	struct announce_ctx c = ctx(de);
	announce_help(&c, out, sizeof out);
	check_clean(out, "help de");
	CHECK(has(out, "Tastenhilfe. Taste 2: nächster Eintrag. Taste 8: vorheriger Eintrag. "
	               "Taste 5: Details zum Eintrag."));
	CHECK(has(out, "Sterntaste: wiederholen."));
	CHECK(has(out, "Plustaste: lauter. Minustaste: leiser."));
	CHECK(has(out, "Taste 7: langsamer sprechen. Taste 9: schneller sprechen."));
	CHECK(has(out, "Taste Schrägstrich: Sprache wechseln. Taste 0: diese Hilfe."));
	c = ctx(en);
	announce_help(&c, out, sizeof out);
	check_clean(out, "help en");
	CHECK(has(out, "Key help. key 2: next entry."));
	/* The help follows the installed key map: a phone-layout pad, no pause key, and
	 * keys without a keypad binding named as they are. */
	struct input_map m;
	char err[64];
	input_map_default(&m);
	CHECK(input_map_bind(&m, "Keypad 2", "up", err, sizeof err));
	CHECK(input_map_bind(&m, "Keypad 8", "down", err, sizeof err));
	CHECK(input_map_bind(&m, "Keypad 3", "none", err, sizeof err));
	CHECK(input_map_bind(&m, "Space", "none", err, sizeof err));
	CHECK(input_map_bind(&m, "Pause", "none", err, sizeof err));
	CHECK(input_map_bind(&m, "AudioPlay", "none", err, sizeof err));
	CHECK(input_map_bind(&m, "Keypad /", "none", err, sizeof err));
	c = ctx(de);
	c.keys = &m;
	announce_help(&c, out, sizeof out);
	CHECK(has(out, "Taste 8: nächster Eintrag. Taste 2: vorheriger Eintrag."));
	CHECK(!has(out, "Pause und weiter"));
	CHECK(has(out, "Taste L: Sprache wechseln."));
	check_clean(out, "help custom");
	announce_welcome(&c, out, sizeof out);
	CHECK(has(out, "Weiter mit Taste 8, zurück mit Taste 2,"));

	announce_warning(&c, 30, out, sizeof out);
	CHECK_STR(out, "Sind Sie noch da? Die Sprachausgabe endet in 30 Sekunden. Drücken Sie "
	               "eine beliebige Taste, um weiterzumachen.");
	announce_end(&c, out, sizeof out);
	CHECK_STR(out, "Die Sprachausgabe ist beendet.");
	c = ctx(de);
	announce_change(&c, 0, out, sizeof out);
	CHECK_STR(out, "Rempartstraße 11 ist jetzt frei.");
	spots[0].status = VIEW_UNKNOWN;
	announce_change(&c, 0, out, sizeof out);
	CHECK_STR(out, "Für Rempartstraße 11 gibt es jetzt keine aktuellen Daten.");
	c = ctx(en);
	spots[0].status = VIEW_TAKEN;
	announce_change(&c, 0, out, sizeof out);
	CHECK_STR(out, "Rempartstraße 11 is now taken.");
	CHECK_INT(announce_change(&c, 77, out, sizeof out), 0);
}

static void test_announce_for(void)
{
	char out[ANNOUNCE_MAX], what[64];
	world();
	const struct i18n_lang *langs[] = {de, en};
	for (int li = 0; li < 2; li++) {
		for (int s = SESSION_SAY_NONE; s < SESSION_SAY_COUNT; s++) {
			for (int variant = 0; variant < 4; variant++) {
				struct session_out o;
				memset(&o, 0, sizeof o);
				o.say = (enum session_say)s;
				o.index = 4;
				o.delta = variant & 1 ? 1 : -1;
				o.at_limit = variant & 2;
				o.volume_step = 2;
				o.seconds = 30;
				struct announce_ctx c = ctx(langs[li]);
				size_t n = announce_for(&c, &o, out, sizeof out);
				CHECK_INT(n, strlen(out));
				snprintf(what, sizeof what, "%s %s %d", i18n_code(langs[li]),
				         session_say_name(o.say), variant);
				if (s == SESSION_SAY_NONE)
					CHECK_STR(out, "");
				else
					check_clean(out, what);
			}
		}
	}
	struct session_out o;
	memset(&o, 0, sizeof o);
	struct announce_ctx c = ctx(de);
	o.say = SESSION_SAY_VOLUME;
	o.volume_step = 3;
	o.delta = 1;
	announce_for(&c, &o, out, sizeof out);
	CHECK_STR(out, "Lautstärke 4 von 5.");
	o.at_limit = true;
	announce_for(&c, &o, out, sizeof out);
	CHECK_STR(out, "Das ist schon die lauteste Stufe.");
	o.say = SESSION_SAY_RATE;
	o.at_limit = false;
	o.delta = -1;
	announce_for(&c, &o, out, sizeof out);
	CHECK_STR(out, "Langsamer.");
	/* The language is announced in itself. */
	o.say = SESSION_SAY_LANGUAGE;
	announce_for(&c, &o, out, sizeof out);
	CHECK_STR(out, "Deutsch.");
	c = ctx(en);
	announce_for(&c, &o, out, sizeof out);
	CHECK_STR(out, "English.");
	o.say = SESSION_SAY_CONTINUED;
	announce_for(&c, &o, out, sizeof out);
	CHECK_STR(out, "Speech continues. Help with key 0.");
	o.say = SESSION_SAY_ENTRY;
	o.index = 0;
	announce_for(&c, &o, out, sizeof out);
	CHECK(has(out, "Accessible parking space Rempartstraße 11: free"));
	/* A tiny buffer is cut at a character boundary, never overflowed. */
	char tiny[12];
	c = ctx(de);
	announce_entry(&c, 0, tiny, sizeof tiny);
	CHECK(strlen(tiny) < sizeof tiny);
	CHECK(text_utf8_valid(tiny, strlen(tiny)));
	announce_welcome(&c, tiny, sizeof tiny);
	CHECK(text_utf8_valid(tiny, strlen(tiny)));
}

static void test_names(void)
{
	static const struct {
		const char *in, *out;
	} n[] = {
	    {"Rempartstr. 3", "Rempartstraße 3"},
	    {"Str. der Einheit", "Straße der Einheit"},
	    {"Bismarckallee/Friedrichstr.", "Bismarckallee/Friedrichstraße"},
	    {"Hbf Süd", "Hauptbahnhof Süd"},
	    {"P+R Messe", "Park and Ride Messe"},
	    {"Karlspl. 1", "Karlsplatz 1"},
	    {"Erbprinzenstrasse (R)", "Erbprinzenstrasse (R)"},
	    {"Hbfx", "Hbfx"},
	    {"Strand", "Strand"},
	    {"Mustr.x", "Mustr.x"},
	    {"<break time='9s'/>", "<break time='9s'/>"},
	};
	for (size_t i = 0; i < sizeof n / sizeof n[0]; i++) {
		struct model_entry *e = entry_new(0, MODEL_SPOT, n[i].in);
		char out[256];
		announce_name(e, out, sizeof out);
		CHECK_STR(out, n[i].out);
	}
	/* No name: the address; neither: said as such. */
	struct model_entry *e = entry_new(0, MODEL_SPOT, "");
	text_copy(e->address, sizeof e->address, "Münsterplatz 1");
	char out[ANNOUNCE_MAX];
	announce_name(e, out, sizeof out);
	CHECK_STR(out, "Münsterplatz 1");
	memset(&view, 0, sizeof view);
	view.spots = spots;
	view.n_spots = 1;
	e->address[0] = '\0';
	spots[0] = item_new(e, VIEW_FREE, 50, 0, -1);
	struct announce_ctx c = ctx(de);
	announce_entry(&c, 0, out, sizeof out);
	CHECK_STR(out, "Behindertenparkplatz ohne Namen: frei, 50 Meter, geradeaus.");
}

/* Names are cut at character boundaries for every buffer size (issue 14: 5 of 120 sizes
 * gave espeak-ng and the speech log invalid UTF-8), and what is kept is a prefix. */
static void test_name_cuts(void)
{
	struct model_entry *e =
	    entry_new(0, MODEL_SPOT, "Münsterstr. Ölberg – Grünwälderstraße ✓ Ιστορικό 日本 Ä");
	char full[512];
	size_t full_len = announce_name(e, full, sizeof full);
	CHECK(text_utf8_valid(full, full_len));
	int bad = 0, not_prefix = 0;
	for (size_t cap = 1; cap <= 120; cap++) {
		char out[121];
		memset(out, 'x', sizeof out);
		size_t n = announce_name(e, out, cap);
		if (n >= cap || strlen(out) != n || !text_utf8_valid(out, n))
			bad++;
		if (strncmp(out, full, n) != 0)
			not_prefix++;
		/* The entry as spoken, cut as the speech buffer would cut it. */
		memset(&view, 0, sizeof view);
		view.spots = spots;
		view.n_spots = 1;
		spots[0] = item_new(e, VIEW_FREE, 50, 0, -1);
		struct announce_ctx c = ctx(de);
		announce_entry(&c, 0, out, cap);
		if (!text_utf8_valid(out, strlen(out)) || strlen(out) >= cap)
			bad++;
	}
	CHECK_INT(bad, 0);
	CHECK_INT(not_prefix, 0);
}

int main(void)
{
	char err[256];
	if (i18n_create(&cat, test_source("locales"), err, sizeof err) != PK_OK) {
		fprintf(stderr, "%s\n", err);
		return 1;
	}
	de = i18n_lang(cat, "de");
	en = i18n_lang(cat, "en");
	CHECK(de && en);
	if (!de || !en)
		return TEST_END();
	/* Both catalogues have every speech key (and only those English has). */
	bool complete = i18n_check_complete(cat, err, sizeof err);
	if (!complete)
		fprintf(stderr, "%s\n", err);
	CHECK(complete);
	test_entries_exact();
	test_entries_all_states();
	test_sites_disabled_counts();
	test_distances_and_ages();
	test_welcome();
	test_details();
	test_help_and_short();
	test_announce_for();
	test_names();
	test_name_cuts();
	i18n_destroy(cat);
	return TEST_END();
}

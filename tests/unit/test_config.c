/* config: defaults, a complete good file, every class of error with the field it names,
 * mode defaults, feed locations, command-line overrides, and a replay of every input
 * the config fuzzer once crashed on (tests/fuzz/regress-config/). */
#include <dirent.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "config.h"
#include "testlib.h"
#include "theme.h"

static char err[512];

static enum pk_err load(struct config *c, const char *json)
{
	err[0] = '\0';
	return config_load_json(c, json, strlen(json), err, sizeof err);
}

/* The document must be refused with a message that starts with `want`. */
static void bad(const char *json, const char *want)
{
	struct config c, before;
	config_defaults(&c);
	before = c;
	enum pk_err rc = load(&c, json);
	if (rc != PK_ERR_CONFIG || strncmp(err, want, strlen(want)) != 0)
		fprintf(stderr, "for %s\n  want \"%s…\"\n  got  \"%s\" (rc %d)\n", json, want, err,
		        rc);
	CHECK_INT(rc, PK_ERR_CONFIG);
	CHECK(strncmp(err, want, strlen(want)) == 0);
	CHECK(!strchr(err, '\n'));
	CHECK(memcmp(&c, &before, sizeof c) == 0); /* nothing half-applied */
}

static void defaults(void)
{
	struct config c;
	config_defaults(&c);
	CHECK(fabs(c.lat - 47.99470) < 1e-9 && fabs(c.lon - 7.84920) < 1e-9);
	CHECK_STR(c.place, ""); /* no invented town name */
	CHECK(c.facing_deg == 180);
	CHECK_INT(c.n_feeds, 0);
	CHECK(!c.demo);
	CHECK_INT(c.poll_interval_s, 60);
	CHECK_INT(c.backoff_max_s, 600);
	CHECK_INT(c.max_body_bytes, 32 * 1024 * 1024);
	CHECK_STR(c.cache_dir, "");
	CHECK_STR(c.lang, "de");
	CHECK_INT(c.n_langs, 0); /* every installed catalogue: the app discovers them */
	CHECK(c.theme && strcmp(c.theme->name, "dark") == 0);
	CHECK_INT(c.mode, CONFIG_MODE_KIOSK);
	CHECK_INT(c.stale_after_s, 900);
	CHECK_INT(c.nearby_m, 1000);
	CHECK_INT(c.sites_radius_m, 3000);
	CHECK_INT(c.page_seconds, 8);
	CHECK_STR(c.timezone, "Europe/Berlin");
	CHECK_INT(c.inactivity_s, 60);
	CHECK_INT(c.warning_s, 30);
	CHECK_INT(c.double_strike_ms, 0);
	CHECK_INT(c.speech_rate_wpm, 160);
	CHECK_INT(c.volume_step, 2);
	CHECK_INT(c.n_keys, 0);
	CHECK(!c.maintenance_chord);
	CHECK_STR(c.health_file, "");
	CHECK(!c.schedule_off.set && !c.schedule_dim.set);
	CHECK_INT(c.log_level, LOG_INFO);
	/* Mode defaults come from config_finish. */
	CHECK_INT(config_finish(&c, err, sizeof err), PK_OK);
	CHECK(fabs(c.viewing_distance_m - 0.7) < 1e-9);
	CHECK(fabs(c.display_diagonal_mm - 609.6) < 1e-9);
	CHECK(c.dpi == 0);
	config_defaults(&c);
	c.mode = CONFIG_MODE_DISPLAY;
	CHECK_INT(config_finish(&c, err, sizeof err), PK_OK);
	CHECK(fabs(c.viewing_distance_m - 3.0) < 1e-9);
	CHECK(fabs(c.display_diagonal_mm - 1397) < 1e-9);
	/* An empty document changes nothing. */
	struct config d, e;
	config_defaults(&d);
	config_defaults(&e);
	CHECK_INT(load(&d, "{}"), PK_OK);
	CHECK(memcmp(&d, &e, sizeof d) == 0);
}

static const char good[] =
    "{\n"
    "  \"_comment\": \"Kiosk Rathausplatz, installed 2026-03\",\n"
    "  \"$schema\": \"https://example.org/parkkiosk.schema.json\",\n"
    "  \"position\": {\"lat\": 49.4875, \"lon\": 8.4660, \"place\": \"Mannheim Paradeplatz\","
    "\"facing_deg\": 270},\n"
    "  \"feeds\": [\n"
    "    \"https://api.mobidata-bw.de/park-api/api/public/v3/parking-sites?source_uid=mannheim\",\n"
    "    {\"url\": \"https://broker.example.de:1026/ngsi-ld/v1/entities?type=ParkingSpot\",\n"
    "     \"format\": \"ngsi\", \"poll_interval_s\": 30, \"ca_file\": \"/etc/ssl/city.pem\",\n"
    "     \"headers\": {\"NGSILD-Tenant\": \"parking\", \"Accept\": \"application/json\"},\n"
    "     \"name\": \"Sensoren\"},\n"
    "    {\"url\": \"/var/lib/parkkiosk/static.json\", \"format\": \"parkenddv1\"}\n"
    "  ],\n"
    "  \"demo\": false, \"poll_interval_s\": 120, \"backoff_max_s\": 900,\n"
    "  \"max_body_bytes\": 4194304, \"cache_dir\": \"/var/cache/pk\",\n"
    "  \"language\": \"en\", \"languages\": [\"en\", \"de\", \"ar\"], \"theme\": \"yellow\",\n"
    "  \"mode\": \"display\", \"viewing_distance_m\": 4.5,\n"
    "  \"display\": {\"diagonal_inch\": 43},\n"
    "  \"stale_after_s\": 600, \"nearby_m\": 800, \"sites_radius_m\": 2500,\n"
    "  \"page_seconds\": 10, \"timezone\": \"Europe/Berlin\",\n"
    "  \"audio\": {\"inactivity_s\": 90, \"warning_s\": 25, \"rate_wpm\": 140, "
    "\"double_strike_ms\": 500, "
    "\"volume_step\": 2,\n"
    "            \"keys\": {\"Keypad 5\": \"repeat\", \"F1\": \"help\"}},\n"
    "  \"maintenance_chord\": true, \"health_file\": \"/run/parkkiosk/health.json\",\n"
    "  \"schedule\": {\"off\": \"23:30-05:00\", \"dim\": \"20:00-23:30\"},\n"
    "  \"log_level\": \"debug\"\n"
    "}\n";

static void check_good(const struct config *c)
{
	CHECK(fabs(c->lat - 49.4875) < 1e-9 && fabs(c->lon - 8.4660) < 1e-9);
	CHECK_STR(c->place, "Mannheim Paradeplatz");
	CHECK(c->facing_deg == 270);
	CHECK_INT(c->n_feeds, 3);
	CHECK_STR(
	    c->feeds[0].url,
	    "https://api.mobidata-bw.de/park-api/api/public/v3/parking-sites?source_uid=mannheim");
	CHECK_INT(c->feeds[0].format, FEED_AUTO);
	CHECK_INT(c->feeds[0].poll_interval_s, 0);
	CHECK_INT(c->feeds[1].format, FEED_NGSI);
	CHECK_INT(c->feeds[1].poll_interval_s, 30);
	CHECK_STR(c->feeds[1].ca_file, "/etc/ssl/city.pem");
	CHECK_INT(c->feeds[1].n_headers, 2);
	CHECK_STR(c->feeds[1].headers[0], "NGSILD-Tenant: parking");
	CHECK_STR(c->feeds[1].headers[1], "Accept: application/json");
	CHECK_STR(c->feeds[1].name, "Sensoren");
	CHECK_INT(c->feeds[2].format, FEED_PARKENDD1);
	CHECK(!c->demo);
	CHECK_INT(c->poll_interval_s, 120);
	CHECK_INT(c->backoff_max_s, 900);
	CHECK_INT(c->max_body_bytes, 4194304);
	CHECK_STR(c->cache_dir, "/var/cache/pk");
	CHECK_STR(c->lang, "en");
	CHECK_INT(c->n_langs, 3);
	CHECK_STR(c->langs[2], "ar");
	CHECK(c->theme && strcmp(c->theme->name, "yellow") == 0);
	CHECK_INT(c->mode, CONFIG_MODE_DISPLAY);
	CHECK(fabs(c->viewing_distance_m - 4.5) < 1e-9);
	CHECK(fabs(c->display_diagonal_mm - 43 * 25.4) < 1e-9);
	CHECK_INT(c->stale_after_s, 600);
	CHECK_INT(c->nearby_m, 800);
	CHECK_INT(c->sites_radius_m, 2500);
	CHECK_INT(c->page_seconds, 10);
	CHECK_INT(c->inactivity_s, 90);
	CHECK_INT(c->warning_s, 25);
	CHECK_INT(c->double_strike_ms, 500);
	CHECK_INT(c->speech_rate_wpm, 140);
	CHECK_INT(c->volume_step, 2);
	CHECK_INT(c->n_keys, 2);
	CHECK_STR(c->keys[0].key, "Keypad 5");
	CHECK_STR(c->keys[0].action, "repeat");
	CHECK_STR(c->keys[1].key, "F1");
	CHECK(c->maintenance_chord);
	CHECK_STR(c->health_file, "/run/parkkiosk/health.json");
	CHECK(c->schedule_off.set && c->schedule_off.start == 23 * 60 + 30 &&
	      c->schedule_off.end == 5 * 60);
	CHECK(c->schedule_dim.set && c->schedule_dim.start == 20 * 60);
	CHECK_INT(c->log_level, LOG_DEBUG);
}

static void good_file(void)
{
	struct config c;
	config_defaults(&c);
	CHECK_INT(load(&c, good), PK_OK);
	if (err[0])
		fprintf(stderr, "good: %s\n", err);
	check_good(&c);
	CHECK_INT(config_finish(&c, err, sizeof err), PK_OK);
	/* Set values survive finish; feed names default to the host or the file name. */
	CHECK(fabs(c.viewing_distance_m - 4.5) < 1e-9);
	CHECK(fabs(c.display_diagonal_mm - 43 * 25.4) < 1e-9);
	CHECK_STR(c.feeds[0].name, "api.mobidata-bw.de");
	CHECK_STR(c.feeds[1].name, "Sensoren");
	CHECK_STR(c.feeds[2].name, "static.json");

	/* The same through a file. */
	char path[] = "/tmp/pk-config-XXXXXX";
	int fd = mkstemp(path);
	CHECK(fd >= 0);
	if (fd < 0)
		return;
	CHECK(write(fd, good, strlen(good)) == (ssize_t)strlen(good));
	close(fd);
	config_defaults(&c);
	CHECK_INT(config_load_file(&c, path, err, sizeof err), PK_OK);
	check_good(&c);
	/* A file error names the file, the line and the problem. */
	FILE *f = fopen(path, "w");
	fputs("{\n  \"theme\": \"dark\",\n  \"mode\": kiosk\n}\n", f);
	fclose(f);
	CHECK_INT(config_load_file(&c, path, err, sizeof err), PK_ERR_CONFIG);
	char want[128];
	snprintf(want, sizeof want, "%s: line 3: malformed JSON", path);
	CHECK(strncmp(err, want, strlen(want)) == 0);
	f = fopen(path, "w");
	fputs("{\"position\": {\"lat\": 95, \"lon\": 8}}", f);
	fclose(f);
	CHECK_INT(config_load_file(&c, path, err, sizeof err), PK_ERR_CONFIG);
	snprintf(want, sizeof want, "%s: position.lat: must be a number between -90 and 90", path);
	CHECK(strncmp(err, want, strlen(want)) == 0);
	unlink(path);
	CHECK_INT(config_load_file(&c, path, err, sizeof err), PK_ERR_IO);
	CHECK(strstr(err, path) == err && strstr(err, "cannot open") != NULL);
	CHECK_INT(config_load_file(&c, "/tmp", err, sizeof err), PK_ERR_IO);
}

static void errors(void)
{
	/* Syntax. */
	bad("{\n\"theme\": \"dark\",\n}", "line 3: malformed JSON");
	bad("", "line 1: malformed JSON");
	bad("{} {}", "line 1: malformed JSON");
	bad("[]", "the configuration must be a JSON object");
	struct config c0;
	config_defaults(&c0);
	CHECK_INT(config_load_json(&c0, "{\"theme\":\n\"dark\"}\0", 18, err, sizeof err),
	          PK_ERR_CONFIG);
	CHECK_STR(err, "line 2: malformed JSON (a NUL byte)");
	/* Unknown and repeated keys, at every level. */
	bad("{\"feed\": []}", "feed: unknown key (did you mean \"feeds\"?)");
	bad("{\"colour\": \"red\"}", "colour: unknown key");
	bad("{\"position\": {\"lat\": 48, \"lng\": 8}}",
	    "position.lng: unknown key (did you mean \"lon\"?)");
	bad("{\"audio\": {\"rate\": 150}}", "audio.rate: unknown key");
	bad("{\"audio\": {\"double_strike_ms\": 2500}}",
	    "audio.double_strike_ms: must be a whole number between 0 and 2000 (got 2500)");
	bad("{\"feeds\": [{\"url\": \"https://a.example/\", \"header\": {}}]}",
	    "feeds[0].header: unknown key (did you mean \"headers\"?)");
	bad("{\"theme\": \"dark\", \"theme\": \"light\"}", "theme: given twice");
	bad("{\"display\": {\"dpi\": 96}, \"schedule\": {\"off\": \"\", \"off\": \"\"}}",
	    "schedule.off: given twice");
	/* Position. */
	bad("{\"position\": {\"lat\": 95, \"lon\": 8}}",
	    "position.lat: must be a number between -90 and 90");
	bad("{\"position\": {\"lat\": true, \"lon\": 8}}",
	    "position.lat: must be a number between -90 and 90 (got true)");
	bad("{\"position\": {\"lat\": \"48.0\", \"lon\": 8}}", "position.lat: must be a number");
	bad("{\"position\": {\"lat\": 48, \"lon\": -181}}",
	    "position.lon: must be a number between -180 and 180");
	bad("{\"position\": {\"lat\": 48}}", "position.lon: missing");
	bad("{\"position\": {\"place\": \"\"}}", "position.place: must not be empty");
	bad("{\"position\": {\"facing_deg\": 361}}", "position.facing_deg: must be a number");
	bad("{\"position\": [48, 8]}", "position: must be an object");
	/* Feeds. */
	bad("{\"feeds\": [\"https://a.example/x\", {\"url\": \"ftp://b.example/x\"}]}",
	    "feeds[1].url: scheme \"ftp\" not allowed (only http and https)");
	bad("{\"feeds\": [\"https://a.example/x\", \"ftp://b.example/x\"]}",
	    "feeds[1]: scheme \"ftp\" not allowed (only http and https)");
	bad("{\"feeds\": [{\"url\": \"file:///etc/passwd\"}]}",
	    "feeds[0].url: scheme \"file\" not allowed (only http and https)");
	bad("{\"feeds\": [{\"format\": \"ngsi\"}]}", "feeds[0].url: missing");
	bad("{\"feeds\": [{\"url\": \"https://a.example/\", \"format\": \"datex3\"}]}",
	    "feeds[0].format: must be one of auto, parkapi3, parkenddv1, ngsi, datex2 (got "
	    "\"datex3\")");
	bad("{\"feeds\": [{\"url\": \"https://a.example/\", \"poll_interval_s\": 2}]}",
	    "feeds[0].poll_interval_s: must be a whole number between 5 and 86400");
	bad("{\"feeds\": [{\"url\": \"https://a.example/\", \"headers\": {\"Bad Name\": \"x\"}}]}",
	    "feeds[0].headers.Bad Name: header name has a character not allowed");
	bad("{\"feeds\": [{\"url\": \"https://a.example/\", \"headers\": {\"X\": \"a\\r\\nHost: "
	    "evil\"}}]}",
	    "feeds[0].headers.X: contains a control character");
	bad("{\"feeds\": [{\"url\": \"https://a.example/\", \"headers\": {\"X\": 5}}]}",
	    "feeds[0].headers.X: must be a string");
	bad("{\"feeds\": [{\"url\": \"https://a.example/\", \"headers\": {\"X\": \"1\", \"x\": "
	    "\"2\"}}]}",
	    "feeds[0].headers.x: given twice");
	bad("{\"feeds\": [\"https://\"]}", "feeds[0]: has no host");
	bad("{\"feeds\": [\"https://a.example:99999/\"]}", "feeds[0]: has a bad port");
	bad("{\"feeds\": [\"https://a.example/a b\"]}", "feeds[0]: contains a space");
	bad("{\"feeds\": [\"\"]}", "feeds[0]: must not be empty");
	bad("{\"feeds\": [42]}", "feeds[0]: must be a URL string or an object");
	bad("{\"feeds\": []}", "feeds: is empty");
	bad("{\"feeds\": \"https://a.example/\"}", "feeds: must be a list");
	bad("{\"feeds\": [\"a\",\"b\",\"c\",\"d\",\"e\",\"f\",\"g\",\"h\",\"i\"]}",
	    "feeds: has 9 feeds, at most 8");
	/* Scalars with ranges. */
	bad("{\"poll_interval_s\": 4}",
	    "poll_interval_s: must be a whole number between 5 and 86400");
	bad("{\"poll_interval_s\": 60.5}", "poll_interval_s: must be a whole number");
	bad("{\"backoff_max_s\": 0}", "backoff_max_s: must be a whole number");
	bad("{\"max_body_bytes\": 1023}",
	    "max_body_bytes: must be a whole number between 1024 and 268435456");
	bad("{\"max_body_bytes\": 268435457}", "max_body_bytes: must be a whole number");
	bad("{\"stale_after_s\": 59}",
	    "stale_after_s: must be a whole number between 60 and 86400");
	bad("{\"stale_after_s\": 86401}", "stale_after_s: must be a whole number");
	bad("{\"viewing_distance_m\": 0.1}",
	    "viewing_distance_m: must be a number between 0.2 and 30");
	bad("{\"viewing_distance_m\": 31}",
	    "viewing_distance_m: must be a number between 0.2 and 30");
	bad("{\"nearby_m\": 10}", "nearby_m: must be a whole number");
	bad("{\"sites_radius_m\": 1e9}", "sites_radius_m: must be a whole number");
	bad("{\"page_seconds\": 1}", "page_seconds: must be a whole number between 3 and 120");
	bad("{\"demo\": \"yes\"}", "demo: must be true or false (got \"yes\")");
	bad("{\"maintenance_chord\": 1}", "maintenance_chord: must be true or false");
	bad("{\"cache_dir\": 5}", "cache_dir: must be a string");
	/* Choices. */
	bad("{\"theme\": \"blue\"}", "theme: must be one of dark, light, yellow (got \"blue\")");
	bad("{\"mode\": \"tv\"}", "mode: must be one of kiosk, display");
	/* Codes by their grammar; which exist is the installed catalogues' business. */
	bad("{\"language\": \"French\"}", "language: must be a language code such as");
	bad("{\"language\": \"d\"}", "language: must be a language code such as");
	bad("{\"language\": \"de-\"}", "language: must be a language code such as");
	bad("{\"languages\": [\"de\", \"f r\"]}", "languages[1]: must be a language code");
	{
		struct config cl;
		config_defaults(&cl);
		CHECK_INT(load(&cl, "{\"language\": \"fr\", \"languages\": [\"fr\", \"de-LS\"]}"),
		          PK_OK);
		CHECK_STR(cl.lang, "fr");
		CHECK_INT(cl.n_langs, 2);
	}
	bad("{\"languages\": [\"de\", \"de\"]}", "languages[1]: \"de\" is listed twice");
	bad("{\"languages\": []}", "languages: must list 1 to 8 languages");
	bad("{\"log_level\": \"verbose\"}", "log_level: must be one of error, warn, info, debug");
	bad("{\"timezone\": \"../../etc/passwd\"}", "timezone: must be an IANA time zone name");
	bad("{\"timezone\": \"/etc/localtime\"}", "timezone: must be an IANA time zone name");
	/* Display. */
	bad("{\"display\": {\"diagonal_mm\": 600, \"dpi\": 96}}", "display: give only one of");
	bad("{\"display\": {\"width_mm\": 500}}", "display.height_mm: missing");
	bad("{\"display\": {\"diagonal_inch\": 1}}",
	    "display.diagonal_inch: must be a number between 2 and 200");
	bad("{\"display\": {\"dpi\": 10}}", "display.dpi: must be a number between 50 and 1000");
	/* Audio. */
	bad("{\"audio\": {\"warning_s\": 19}}",
	    "audio.warning_s: must be a whole number between 20");
	bad("{\"audio\": {\"inactivity_s\": 5}}", "audio.inactivity_s: must be a whole number");
	bad("{\"audio\": {\"rate_wpm\": 1000}}",
	    "audio.rate_wpm: must be a whole number between 80");
	bad("{\"audio\": {\"volume_step\": 10}}",
	    "audio.volume_step: must be a whole number between 0");
	bad("{\"audio\": {\"keys\": {\"F1\": \"Say Hello\"}}}", "audio.keys.F1: unknown action");
	bad("{\"audio\": {\"keys\": {\"F1\": \"next\"}}}",
	    "audio.keys.F1: unknown action \"next\"");
	bad("{\"audio\": {\"keys\": {\"F1\": 3}}}", "audio.keys.F1: must be a string");
	bad("{\"audio\": {\"keys\": {\"\": \"down\"}}}", "audio.keys.: key name must be 1 to 31");
	bad("{\"audio\": {\"keys\": [\"F1\"]}}", "audio.keys: must be an object");
	/* Schedule. */
	bad("{\"schedule\": {\"off\": \"22-06\"}}", "schedule.off: must be \"HH:MM-HH:MM\"");
	bad("{\"schedule\": {\"dim\": \"25:00-06:00\"}}", "schedule.dim: must be \"HH:MM-HH:MM\"");
	bad("{\"schedule\": {\"dim\": \"06:00-06:00\"}}", "schedule.dim: must be \"HH:MM-HH:MM\"");
	bad("{\"schedule\": {\"dim\": \"06:00-07:00x\"}}", "schedule.dim: must be \"HH:MM-HH:MM\"");
	/* Strings must be clean and fit. */
	bad("{\"position\": {\"place\": \"a\\u0007b\"}}", "position.place: contains a control");
	bad("{\"position\": {\"place\": \"\xff\"}}", "position.place: is not valid UTF-8");
	char longplace[300];
	snprintf(longplace, sizeof longplace, "{\"position\": {\"place\": \"%0100d\"}}", 0);
	bad(longplace, "position.place: is too long (100 bytes, at most 95)");
}

static void finish_rules(void)
{
	struct config c;
	config_defaults(&c);
	CHECK_INT(load(&c, "{\"languages\": [\"en\", \"tr\"]}"), PK_OK);
	CHECK_INT(config_finish(&c, err, sizeof err), PK_ERR_CONFIG);
	CHECK_STR(err, "language: \"de\" is not one of the languages offered (en, tr)");
	config_defaults(&c);
	CHECK_INT(load(&c, "{\"schedule\": {\"off\": \"22:00-06:00\", \"dim\": \"\"}, \"display\": "
	                   "{\"width_mm\": 300, \"height_mm\": 400}}"),
	          PK_OK);
	CHECK(c.schedule_off.set && c.schedule_off.start == 22 * 60 &&
	      c.schedule_off.end == 6 * 60);
	CHECK(!c.schedule_dim.set);
	CHECK(fabs(c.display_diagonal_mm - 500) < 1e-9);
	/* One grammar with schedule.c: spaces around the dash are accepted here too. */
	CHECK_INT(load(&c, "{\"schedule\": {\"off\": \"22:00 - 06:00\"}}"), PK_OK);
	CHECK(c.schedule_off.set && c.schedule_off.start == 22 * 60);
	CHECK_INT(load(&c, "{\"display\": {\"dpi\": 96}}"), PK_OK);
	CHECK(c.dpi == 96);
	CHECK_INT(config_finish(&c, err, sizeof err), PK_OK);
	/* Edges of ranges are accepted. */
	config_defaults(&c);
	CHECK_INT(load(&c,
	               "{\"position\": {\"lat\": -90, \"lon\": 180, \"facing_deg\": 0}, "
	               "\"viewing_distance_m\": 0.2, \"stale_after_s\": 60, "
	               "\"poll_interval_s\": 86400, \"max_body_bytes\": 1024, "
	               "\"audio\": {\"warning_s\": 20}, \"schedule\": {\"off\": \"00:00-24:00\"}}"),
	          PK_OK);
	CHECK(c.lat == -90 && c.lon == 180 && c.viewing_distance_m == 0.2);
	CHECK_INT(c.warning_s, 20);
	CHECK_INT(c.max_body_bytes, 1024);
}

static void locations(void)
{
	static const struct {
		const char *url;
		bool ok;
		const char *why;
	} cases[] = {
	    {"https://api.mobidata-bw.de/park-api/api/public/v3/parking-sites", true, ""},
	    {"http://127.0.0.1:8080/feed.json", true, ""},
	    {"HTTPS://Example.org", true, ""},
	    {"http://[::1]:8080/x", true, ""},
	    {"https://user:pw@host.example/x?y=1#z", true, ""},
	    {"/var/lib/parkkiosk/feed.json", true, ""},
	    {"feeds/local.json", true, ""},
	    {"./a:b.json", true, ""},
	    {"file:///etc/passwd", false, "scheme \"file\" not allowed (only http and https)"},
	    {"ftp://example.org/x", false, "scheme \"ftp\" not allowed (only http and https)"},
	    {"gopher://example.org/", false, "scheme \"gopher\" not allowed"},
	    {"javascript:alert(1)", false, "scheme \"javascript\" not allowed"},
	    {"data:application/json,{}", false, "scheme \"data\" not allowed"},
	    {"https:example.org", false, "must look like https://host/path"},
	    {"https://", false, "has no host"},
	    {"https:///path", false, "has no host"},
	    {"http://:80/", false, "has no host"},
	    {"http://[::1/", false, "has an unclosed [IPv6] host"},
	    {"http://h:0/", false, "has a bad port"},
	    {"http://h:x/", false, "has a bad port"},
	    {"http://h:/", false, "has a bad port"},
	    {"", false, "is empty"},
	    {"https://a.example/\x01", false, "contains a space or control character"},
	};
	char why[160];
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		why[0] = '\0';
		bool ok = config_feed_location_ok(cases[i].url, why, sizeof why);
		if (ok != cases[i].ok || strncmp(why, cases[i].why, strlen(cases[i].why)) != 0)
			fprintf(stderr, "location %s: %d \"%s\"\n", cases[i].url, ok, why);
		CHECK(ok == cases[i].ok);
		CHECK(strncmp(why, cases[i].why, strlen(cases[i].why)) == 0);
	}
	CHECK(!config_feed_location_ok(NULL, NULL, 0));
}

/* Every input the config fuzzer once crashed on loads or fails with a message. */
static void regress(void)
{
	char path[2048];
	snprintf(path, sizeof path, "%s", test_source("tests/fuzz/regress-config"));
	DIR *d = opendir(path);
	if (!d)
		return; /* none found so far */
	struct dirent *de;
	int files = 0;
	while ((de = readdir(d))) {
		char file[2400];
		snprintf(file, sizeof file, "%s/%s", path, de->d_name);
		struct stat st;
		if (de->d_name[0] == '.' || stat(file, &st) != 0 || !S_ISREG(st.st_mode))
			continue;
		size_t len;
		char *buf = test_read_file(file, &len);
		struct config c;
		config_defaults(&c);
		err[0] = '\0';
		enum pk_err rc = config_load_json(&c, buf, len, err, sizeof err);
		CHECK(rc == PK_OK || err[0] != '\0');
		if (rc == PK_OK)
			config_finish(&c, err, sizeof err);
		free(buf);
		files++;
	}
	closedir(d);
	printf("regress-config: %d inputs replayed\n", files);
}

/* touch.* and handover.* (issues 12 and 17). */
static void touch_handover(void)
{
	struct config c;
	config_defaults(&c);
	CHECK_INT(c.touch_resume_after_s, 30);
	CHECK_STR(c.handover_url_template, "");
	CHECK(!c.handover_show_in_display_mode);
	CHECK_INT(load(&c, "{\"touch\": {\"resume_after_s\": 120}, \"handover\": "
	                   "{\"url_template\": \"https://x.example/r?to={lat},{lon}&n={name}\", "
	                   "\"show_in_display_mode\": true}}"),
	          PK_OK);
	CHECK_INT(c.touch_resume_after_s, 120);
	CHECK_STR(c.handover_url_template, "https://x.example/r?to={lat},{lon}&n={name}");
	CHECK(c.handover_show_in_display_mode);
	/* each placeholder any number of times */
	const char *twice =
	    "https://osm.example/d?route=%3B{lat}%2C{lon}#map=18/{lat}/{lon}/{name}/{name}";
	char json[256];
	snprintf(json, sizeof json, "{\"handover\": {\"url_template\": \"%s\"}}", twice);
	CHECK_INT(load(&c, json), PK_OK);
	CHECK_STR(c.handover_url_template, twice);
	bad("{\"handover\": {\"url_template\": \"https://x/{lat}/{lon}/{lat\"}}",
	    "handover.url_template: character 23: unknown placeholder \"{lat\"");
	bad("{\"touch\": {\"resume_after_s\": 2}}", "touch.resume_after_s: must be");
	bad("{\"touch\": {\"resume\": 20}}", "touch.resume: unknown key");
	bad("{\"handover\": {\"url_template\": \"https://x/{lat}/{lon}/{city}\"}}",
	    "handover.url_template: character 23: unknown placeholder \"{city}\"");
	bad("{\"handover\": {\"url_template\": \"https://x/{lat}\"}}",
	    "handover.url_template: must contain {lat} and {lon}");
	bad("{\"handover\": {\"url_template\": \"javascript:{lat}{lon}\"}}",
	    "handover.url_template: must start with https://, http:// or geo:");
	bad("{\"handover\": {\"url_template\": \"\"}}", "handover.url_template: must not be");
	bad("{\"handover\": {\"url_template\": \"https://x/{lat}/{lon}\", "
	    "\"show_in_display_mode\": 1}}",
	    "handover.show_in_display_mode: must be");
}

/* TLS client certificates (Mobilithek): both files, an https URL, a private key. */
static void client_cert(void)
{
	char dir[] = "/tmp/pk-cfg-XXXXXX";
	CHECK(mkdtemp(dir) != NULL);
	char key[64], cert[64], json[512];
	snprintf(key, sizeof key, "%s/client.key", dir);
	snprintf(cert, sizeof cert, "%s/client.pem", dir);
	FILE *f = fopen(key, "w");
	CHECK(f != NULL);
	if (f)
		fclose(f);
	CHECK(chmod(key, 0600) == 0);
	snprintf(json, sizeof json,
	         "{\"feeds\": [{\"url\": \"https://m.example/sub/1\", \"client_cert\": \"%s\", "
	         "\"client_key\": \"%s\"}]}",
	         cert, key);
	struct config c;
	config_defaults(&c);
	CHECK_INT(load(&c, json), PK_OK);
	CHECK_STR(c.feeds[0].client_cert, cert);
	CHECK_STR(c.feeds[0].client_key, key);
	CHECK(chmod(key, 0400) == 0);
	config_defaults(&c);
	CHECK_INT(load(&c, json), PK_OK);
	/* Readable by group or others: refused, naming the field, the file and the fix. */
	CHECK(chmod(key, 0644) == 0);
	char want[256];
	snprintf(want, sizeof want,
	         "feeds[0].client_key: %s is open to group or others (mode 0644)", key);
	bad(json, want);
	CHECK(strstr(err, "chmod 600") != NULL);
	CHECK(chmod(key, 0640) == 0);
	bad(json, "feeds[0].client_key: ");
	CHECK(chmod(key, 0600) == 0);
	/* One without the other; plain http; a key that is not there. */
	bad("{\"feeds\": [{\"url\": \"https://m.example/\", \"client_cert\": \"/x.pem\"}]}",
	    "feeds[0].client_key: missing (client_cert needs its private key)");
	bad("{\"feeds\": [{\"url\": \"https://m.example/\", \"client_key\": \"/x.key\"}]}",
	    "feeds[0].client_cert: missing (client_key needs its certificate)");
	bad("{\"feeds\": [{\"url\": \"http://m.example/\", \"client_cert\": \"/x.pem\", "
	    "\"client_key\": \"/x.key\"}]}",
	    "feeds[0].client_cert: needs an https URL");
	bad("{\"feeds\": [{\"url\": \"https://m.example/\", \"client_cert\": \"/x.pem\", "
	    "\"client_key\": \"/nonexistent/x.key\"}]}",
	    "feeds[0].client_key: cannot read /nonexistent/x.key: ");
	unlink(key);
	rmdir(dir);
}

/* Issue 14: a FIFO named as the config hung the kiosk (fopen blocks on a FIFO without a
 * writer). alarm() turns a hang into a failure. */
static void config_fifo(void)
{
	char d[] = "/tmp/pk-test-config-XXXXXX";
	if (!mkdtemp(d)) {
		CHECK(false);
		return;
	}
	char p[64];
	snprintf(p, sizeof p, "%s/config.json", d);
	CHECK(mkfifo(p, 0600) == 0);
	struct config c;
	config_defaults(&c);
	char why[300];
	alarm(10);
	CHECK_INT(config_load_file(&c, p, why, sizeof why), PK_ERR_IO);
	alarm(0);
	CHECK(strstr(why, "not a regular file") != NULL);
	unlink(p);
	rmdir(d);
}

int main(void)
{
	defaults();
	touch_handover();
	client_cert();
	good_file();
	errors();
	finish_rules();
	locations();
	regress();
	config_fifo();
	return TEST_END();
}

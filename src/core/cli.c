/* Command-line parsing (see cli.h). Overrides are gathered as a JSON object and handed to
 * the config loader, so "--lat 91" and "position.lat": 91 fail with the same check. */
#include "cli.h"

#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "isotime.h"
#include "num.h"
#include "text.h"

const char *cli_usage(void)
{
	return "Usage: parkkiosk [OPTIONS]\n"
	       "Shows free accessible parking spaces and car parks, on screen and by speech.\n"
	       "\n"
	       "  --config FILE          JSON configuration (see README)\n"
	       "  --feed URL|PATH        a feed (repeatable; replaces the config's feeds)\n"
	       "  --demo                 the embedded Freiburg demo feed\n"
	       "  --lat DEG --lon DEG    kiosk position;  --place NAME;  --facing DEG\n"
	       "  --lang CODE            de, en, tr, ar, uk, de-LS\n"
	       "  --theme NAME           dark, light, yellow\n"
	       "  --mode MODE            kiosk (interactive) or display (street display)\n"
	       "  --viewing-distance M   metres;  --diagonal-mm MM;  --dpi N\n"
	       "  --stale-after S        seconds after which data is 'no current data'\n"
	       "  --cache-dir DIR        last good feed bodies\n"
	       "  --poll-interval S      seconds between fetches\n"
	       "  --now ISO8601          fix the clock (reproducible output)\n"
	       "  --screenshot FILE.bmp  render one frame headless and exit;  --size WxH\n"
	       "  --details N            with --screenshot: the details screen of entry N\n"
	       "  --dump-state           print the evaluated model as JSON and exit\n"
	       "  --announce-text        print what audio mode says first and exit\n"
	       "  --announce FILE.wav    speak that into a WAV file and exit\n"
	       "  --input-script FILE    play timed key/touch events into the running kiosk\n"
	       "  --speech-log FILE      append every utterance to FILE (tests)\n"
	       "  --log-level LEVEL      error, warn, info, debug\n"
	       "  --windowed             not full screen (development only)\n"
	       "  --help, --version\n"
	       "Exit status: 0 ok, 2 usage or configuration error.\n";
}

/* Sets obj[path] where path is "a" or "a.b". */
static void put(cJSON *root, const char *path, cJSON *value)
{
	const char *dot = strchr(path, '.');
	if (!dot) {
		cJSON_DeleteItemFromObjectCaseSensitive(root, path);
		cJSON_AddItemToObject(root, path, value);
		return;
	}
	char head[64];
	snprintf(head, sizeof head, "%.*s", (int)(dot - path), path);
	cJSON *sub = cJSON_GetObjectItemCaseSensitive(root, head);
	if (!sub)
		sub = cJSON_AddObjectToObject(root, head);
	put(sub, dot + 1, value);
}

static bool number(const char *s, double *out)
{
	/* Ranges are the config's job (it names the field); here only "is a number". */
	return num_parse_double(s, -1e300, 1e300, out);
}

/* "WxH", each 64..16384, nothing after it. */
static bool parse_size(const char *s, int *w, int *h)
{
	const char *p = s;
	int64_t a, b;
	if (!num_scan_i64(p, &p, 64, 16384, &a) || (*p != 'x' && *p != 'X'))
		return false;
	if (!num_parse_i64(p + 1, 64, 16384, &b))
		return false;
	*w = (int)a;
	*h = (int)b;
	return true;
}

struct opt {
	const char *name;
	const char *path; /* config path for overrides, NULL for actions */
	char type;        /* 's' string, 'n' number, 'b' flag true, 0 action */
};

static const struct opt opts[] = {
    {"--lat", "position.lat", 'n'},
    {"--lon", "position.lon", 'n'},
    {"--place", "position.place", 's'},
    {"--facing", "position.facing_deg", 'n'},
    {"--lang", "language", 's'},
    {"--theme", "theme", 's'},
    {"--mode", "mode", 's'},
    {"--viewing-distance", "viewing_distance_m", 'n'},
    {"--diagonal-mm", "display.diagonal_mm", 'n'},
    {"--dpi", "display.dpi", 'n'},
    {"--stale-after", "stale_after_s", 'n'},
    {"--cache-dir", "cache_dir", 's'},
    {"--poll-interval", "poll_interval_s", 'n'},
    {"--log-level", "log_level", 's'},
    {"--demo", "demo", 'b'},
};

enum pk_err cli_parse(int argc, char **argv, struct cli *out, char *err, size_t errcap)
{
	memset(out, 0, sizeof *out);
	cJSON *ov = cJSON_CreateObject();
	cJSON *feeds = NULL;
	enum pk_err rc = PK_OK;
	if (!ov)
		return PK_ERR_NOMEM;
	for (int i = 1; i < argc && rc == PK_OK; i++) {
		const char *a = argv[i];
		const char *val = i + 1 < argc ? argv[i + 1] : NULL;
		bool takes = true;
		const struct opt *o = NULL;
		for (size_t k = 0; k < sizeof opts / sizeof opts[0]; k++)
			if (strcmp(a, opts[k].name) == 0)
				o = &opts[k];
		if (o && o->type == 'b') {
			put(ov, o->path, cJSON_CreateTrue());
			takes = false;
		} else if (strcmp(a, "--dump-state") == 0) {
			out->dump_state = true, takes = false;
		} else if (strcmp(a, "--announce-text") == 0) {
			out->announce_text = true, takes = false;
		} else if (strcmp(a, "--windowed") == 0) {
			out->windowed = true, takes = false;
		} else if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
			out->help = true, takes = false;
		} else if (strcmp(a, "--version") == 0) {
			out->version = true, takes = false;
		}
		if (!takes)
			continue;
		static const char *const valued[] = {
		    "--config",   "--feed",         "--screenshot", "--size",   "--now",
		    "--announce", "--input-script", "--speech-log", "--details"};
		bool known = o != NULL;
		for (size_t k = 0; k < sizeof valued / sizeof valued[0]; k++)
			known |= strcmp(a, valued[k]) == 0;
		if (!known) {
			snprintf(err, errcap, "%s: unknown option (see --help)", a);
			rc = PK_ERR_CONFIG;
			break;
		}
		if (!val) {
			snprintf(err, errcap, "%s: needs a value (see --help)", a);
			rc = PK_ERR_CONFIG;
			break;
		}
		i++;
		if (o) {
			double d;
			if (o->type == 'n' && !number(val, &d)) {
				snprintf(err, errcap, "%s: \"%s\" is not a number", a, val);
				rc = PK_ERR_CONFIG;
			} else {
				put(ov, o->path,
				    o->type == 'n' ? cJSON_CreateNumber(d)
				                   : cJSON_CreateString(val));
			}
		} else if (strcmp(a, "--config") == 0) {
			out->config_path = val;
		} else if (strcmp(a, "--feed") == 0) {
			if (!feeds)
				feeds = cJSON_AddArrayToObject(ov, "feeds");
			cJSON_AddItemToArray(feeds, cJSON_CreateString(val));
		} else if (strcmp(a, "--screenshot") == 0) {
			out->screenshot = val;
		} else if (strcmp(a, "--size") == 0) {
			if (!parse_size(val, &out->width, &out->height)) {
				snprintf(err, errcap, "--size: \"%s\" must be WxH, 64..16384", val);
				rc = PK_ERR_CONFIG;
			}
		} else if (strcmp(a, "--now") == 0) {
			out->has_now = true;
			if (!isotime_parse(val, &out->now)) {
				snprintf(err, errcap, "--now: \"%s\" is not an ISO 8601 time", val);
				rc = PK_ERR_CONFIG;
			}
		} else if (strcmp(a, "--details") == 0) {
			double d;
			out->has_details = true;
			if (!number(val, &d) || d < 0 || d > 100000 || d != (int)d) {
				snprintf(err, errcap,
				         "--details: \"%s\" must be an entry number, 0 or more",
				         val);
				rc = PK_ERR_CONFIG;
			} else {
				out->details = (int)d;
			}
		} else if (strcmp(a, "--announce") == 0) {
			out->announce_wav = val;
		} else if (strcmp(a, "--input-script") == 0) {
			out->input_script = val;
		} else if (strcmp(a, "--speech-log") == 0) {
			out->speech_log = val;
		} else {
			snprintf(err, errcap, "%s: unknown option (see --help)", a);
			rc = PK_ERR_CONFIG;
		}
	}
	if (rc == PK_OK && !cJSON_PrintPreallocated(ov, out->overrides, sizeof out->overrides, 0)) {
		snprintf(err, errcap, "command line: too many or too long options");
		rc = PK_ERR_CONFIG;
	}
	cJSON_Delete(ov);
	return rc;
}

enum pk_err cli_apply(const struct cli *cli, struct config *c, char *err, size_t errcap)
{
	char inner[512] = "";
	/* The file format wants lat and lon together; one of them on the command line
	 * keeps the other from the configuration. */
	char json[sizeof cli->overrides + 64];
	text_copy(json, sizeof json, cli->overrides);
	cJSON *ov = cJSON_Parse(cli->overrides);
	cJSON *pos = ov ? cJSON_GetObjectItemCaseSensitive(ov, "position") : NULL;
	if (pos) {
		if (!cJSON_HasObjectItem(pos, "lat"))
			cJSON_AddNumberToObject(pos, "lat", c->lat);
		if (!cJSON_HasObjectItem(pos, "lon"))
			cJSON_AddNumberToObject(pos, "lon", c->lon);
		if (!cJSON_PrintPreallocated(ov, json, sizeof json, 0))
			text_copy(json, sizeof json, cli->overrides);
	}
	cJSON_Delete(ov);
	enum pk_err rc = config_load_json(c, json, strlen(json), inner, sizeof inner);
	if (rc != PK_OK)
		snprintf(err, errcap, "command line: %s", inner);
	return rc;
}

bool cli_root_allowed(const char *allow_root)
{
	return allow_root && strcmp(allow_root, "1") == 0;
}

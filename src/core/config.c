/* Configuration (see config.h): defaults, a JSON file or document, dotted overrides, and
 * the mode-dependent defaults and cross-field rules. Every accepted key is listed in a
 * table below; anything else is an error naming its path, because a typo silently
 * ignored on a kiosk is a wrong screen for months. */
#include "config.h"

#include "handover.h"
#include "jsondoc.h"
#include "keymap.h"
#include "speech_limits.h"
#include "theme.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "log.h"
#include "text.h"
#include "url.h"

#define CONFIG_MAX_FILE_BYTES (1024L * 1024)

static const char *const modes[] = {"kiosk", "display"};
static const char *const log_levels[] = {"error", "warn", "info", "debug"};

#define COUNT(a) (sizeof(a) / sizeof *(a))

void config_defaults(struct config *c)
{
	memset(c, 0, sizeof *c);
	/* The kiosk at the Bertoldsbrunnen in Freiburg's old town, screen facing south. No
	 * place name: the header names a place only when one is configured, never a default
	 * town for a kiosk whose position is given by coordinates. */
	c->lat = 47.99470;
	c->lon = 7.84920;
	c->place[0] = '\0';
	c->facing_deg = 180;
	c->n_feeds = 0;
	c->demo = false;
	c->poll_interval_s = 60;
	c->backoff_max_s = 600;
	c->max_body_bytes = 32L * 1024 * 1024;
	c->fetch_deadline_s = 120;
	text_copy(c->lang, sizeof c->lang, "de");
	c->n_langs = 0; /* every installed catalogue (the app discovers them) */
	c->theme = theme_get("dark");
	c->mode = CONFIG_MODE_KIOSK;
	c->viewing_distance_m = 0;  /* resolved by config_finish */
	c->display_diagonal_mm = 0; /* resolved by config_finish */
	c->dpi = 0;
	c->stale_after_s = 900;
	c->nearby_m = 1000;
	c->sites_radius_m = 3000;
	c->page_seconds = 8;
	c->touch_resume_after_s = 30;
	text_copy(c->timezone, sizeof c->timezone, "Europe/Berlin");
	c->inactivity_s = 60;
	c->warning_s = 30;
	c->speech_rate_wpm = 160;
	c->volume_step = SPEECH_VOLUME_DEFAULT;
	c->maintenance_chord = false;
	c->log_level = LOG_INFO;
}

/* ---- errors and paths ------------------------------------------------------------- */

struct ctx {
	char *err; /* borrowed; may be NULL */
	size_t errcap;
};

static enum pk_err fail(struct ctx *x, const char *path, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static enum pk_err fail(struct ctx *x, const char *path, const char *fmt, ...)
{
	if (!x->err || !x->errcap)
		return PK_ERR_CONFIG;
	char msg[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	if (path && path[0])
		snprintf(x->err, x->errcap, "%s: %s", path, msg);
	else
		snprintf(x->err, x->errcap, "%s", msg);
	return PK_ERR_CONFIG;
}

/* A value from the file, quoted for a message: sanitised and short. */
static const char *quote(const cJSON *v, char *buf, size_t cap)
{
	if (cJSON_IsString(v) && v->valuestring) {
		char s[48];
		text_sanitize(s, sizeof s, v->valuestring, strlen(v->valuestring));
		snprintf(buf, cap, "\"%s\"", s);
	} else if (cJSON_IsNumber(v)) {
		snprintf(buf, cap, "%g", v->valuedouble);
	} else if (cJSON_IsBool(v)) {
		snprintf(buf, cap, "%s", cJSON_IsTrue(v) ? "true" : "false");
	} else if (cJSON_IsNull(v)) {
		snprintf(buf, cap, "null");
	} else if (cJSON_IsArray(v)) {
		snprintf(buf, cap, "a list");
	} else {
		snprintf(buf, cap, "an object");
	}
	return buf;
}

static void join(char *dst, size_t cap, const char *path, const char *key)
{
	char k[64];
	text_sanitize(k, sizeof k, key, strlen(key));
	if (path[0])
		snprintf(dst, cap, "%s.%s", path, k);
	else
		snprintf(dst, cap, "%s", k);
}

/* ---- typed readers ----------------------------------------------------------------- */

static enum pk_err get_double(struct ctx *x, const char *path, const cJSON *v, double lo, double hi,
                              double *out)
{
	char q[64];
	if (!cJSON_IsNumber(v) || !isfinite(v->valuedouble) || v->valuedouble < lo ||
	    v->valuedouble > hi)
		return fail(x, path, "must be a number between %g and %g (got %s)", lo, hi,
		            quote(v, q, sizeof q));
	*out = v->valuedouble;
	return PK_OK;
}

static enum pk_err get_int(struct ctx *x, const char *path, const cJSON *v, long lo, long hi,
                           long *out)
{
	char q[64];
	if (!cJSON_IsNumber(v) || !isfinite(v->valuedouble) ||
	    v->valuedouble != floor(v->valuedouble) || v->valuedouble < (double)lo ||
	    v->valuedouble > (double)hi)
		return fail(x, path, "must be a whole number between %ld and %ld (got %s)", lo, hi,
		            quote(v, q, sizeof q));
	*out = (long)v->valuedouble;
	return PK_OK;
}

static enum pk_err get_int32(struct ctx *x, const char *path, const cJSON *v, long lo, long hi,
                             int *out)
{
	long l;
	enum pk_err rc = get_int(x, path, v, lo, hi, &l);
	if (rc == PK_OK)
		*out = (int)l;
	return rc;
}

static enum pk_err get_bool(struct ctx *x, const char *path, const cJSON *v, bool *out)
{
	char q[64];
	if (!cJSON_IsBool(v))
		return fail(x, path, "must be true or false (got %s)", quote(v, q, sizeof q));
	*out = cJSON_IsTrue(v);
	return PK_OK;
}

/* A string that must fit dst as it is: no silent cutting, no control characters, valid
 * UTF-8. */
static enum pk_err get_string(struct ctx *x, const char *path, const cJSON *v, char *dst,
                              size_t cap, bool allow_empty)
{
	char q[64];
	if (!cJSON_IsString(v) || !v->valuestring)
		return fail(x, path, "must be a string (got %s)", quote(v, q, sizeof q));
	const char *s = v->valuestring;
	size_t n = strlen(s);
	if (!allow_empty && n == 0)
		return fail(x, path, "must not be empty");
	if (n >= cap)
		return fail(x, path, "is too long (%zu bytes, at most %zu)", n, cap - 1);
	if (!text_utf8_valid(s, n))
		return fail(x, path, "is not valid UTF-8");
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f)
			return fail(x, path, "contains a control character");
	memcpy(dst, s, n + 1);
	return PK_OK;
}

static enum pk_err get_choice(struct ctx *x, const char *path, const cJSON *v,
                              const char *const *names, size_t n, size_t *out)
{
	char list[128] = "", q[64];
	for (size_t i = 0; i < n; i++) {
		if (cJSON_IsString(v) && v->valuestring && strcmp(v->valuestring, names[i]) == 0) {
			*out = i;
			return PK_OK;
		}
		size_t len = strlen(list);
		snprintf(list + len, sizeof list - len, "%s%s", i ? ", " : "", names[i]);
	}
	return fail(x, path, "must be one of %s (got %s)", list, quote(v, q, sizeof q));
}

/* ---- keys of an object: known, unique --------------------------------------------- */

static size_t edit_distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	if (la > 40 || lb > 40)
		return 99;
	size_t row[41];
	for (size_t j = 0; j <= lb; j++)
		row[j] = j;
	for (size_t i = 1; i <= la; i++) {
		size_t prev = row[0];
		row[0] = i;
		for (size_t j = 1; j <= lb; j++) {
			size_t cur = row[j];
			size_t sub = prev + (tolower((unsigned char)a[i - 1]) !=
			                     tolower((unsigned char)b[j - 1]));
			size_t best = row[j] + 1 < row[j - 1] + 1 ? row[j] + 1 : row[j - 1] + 1;
			row[j] = sub < best ? sub : best;
			prev = cur;
		}
	}
	return row[lb];
}

/* Keys beginning with "_" are comments (JSON has none); "$schema" is for editors. */
static bool ignored_key(const char *k)
{
	return k[0] == '_' || strcmp(k, "$schema") == 0;
}

static enum pk_err check_keys(struct ctx *x, const char *path, const cJSON *obj,
                              const char *const *known, size_t n)
{
	char q[64], p[160];
	if (!cJSON_IsObject(obj))
		return fail(x, path, "must be an object (got %s)", quote(obj, q, sizeof q));
	for (const cJSON *c = obj->child; c; c = c->next) {
		const char *k = c->string ? c->string : "";
		if (ignored_key(k))
			continue;
		join(p, sizeof p, path, k);
		size_t i = 0;
		while (i < n && strcmp(k, known[i]) != 0)
			i++;
		if (i == n) {
			/* Names other formats use for the same thing. */
			static const char *const alias[][2] = {
			    {"lng", "lon"}, {"latitude", "lat"}, {"longitude", "lon"}};
			for (size_t j = 0; j < COUNT(alias); j++)
				for (size_t m = 0; m < n; m++)
					if (strcmp(k, alias[j][0]) == 0 &&
					    strcmp(known[m], alias[j][1]) == 0)
						return fail(x, p,
						            "unknown key (did you mean \"%s\"?)",
						            known[m]);
			size_t best = 0, bd = 99;
			for (size_t j = 0; j < n; j++) {
				size_t d = edit_distance(k, known[j]);
				if (d < bd)
					bd = d, best = j;
			}
			if (bd <= 2)
				return fail(x, p, "unknown key (did you mean \"%s\"?)",
				            known[best]);
			return fail(x, p, "unknown key");
		}
		for (const cJSON *d = obj->child; d != c; d = d->next)
			if (d->string && strcmp(d->string, k) == 0)
				return fail(x, p, "given twice");
	}
	return PK_OK;
}

/* ---- locations, headers, times ---------------------------------------------------- */

bool config_feed_location_ok(const char *url, char *err, size_t errcap)
{
	return url_check_location(url, err, errcap);
}

/* RFC 9110 token characters for a header name. */
static bool tchar(char ch)
{
	return isalnum((unsigned char)ch) || (ch && strchr("!#$%&'*+-.^_`|~", ch));
}

static enum pk_err get_headers(struct ctx *x, const char *path, const cJSON *v,
                               struct config_feed *f)
{
	char q[64], p[200];
	if (!cJSON_IsObject(v))
		return fail(x, path, "must be an object of \"Name\": \"value\" (got %s)",
		            quote(v, q, sizeof q));
	f->n_headers = 0;
	for (const cJSON *h = v->child; h; h = h->next) {
		const char *name = h->string ? h->string : "";
		join(p, sizeof p, path, name);
		if (f->n_headers >= CONFIG_MAX_HEADERS)
			return fail(x, path, "at most %d headers", CONFIG_MAX_HEADERS);
		if (!name[0])
			return fail(x, p, "empty header name");
		for (const char *c = name; *c; c++)
			if (!tchar(*c))
				return fail(x, p,
				            "header name has a character not allowed in HTTP");
		for (const cJSON *d = v->child; d != h; d = d->next)
			if (d->string && strcasecmp(d->string, name) == 0)
				return fail(x, p, "given twice");
		char value[256];
		enum pk_err rc = get_string(x, p, h, value, sizeof value, true);
		if (rc != PK_OK)
			return rc;
		int w =
		    snprintf(f->headers[f->n_headers], sizeof f->headers[0], "%s: %s", name, value);
		if (w < 0 || (size_t)w >= sizeof f->headers[0])
			return fail(x, p, "header too long (at most %zu bytes with its name)",
			            sizeof f->headers[0] - 1);
		f->n_headers++;
	}
	return PK_OK;
}

/* A schedule window, in schedule.c's one grammar ("HH:MM-HH:MM", "" for none). */
static enum pk_err get_window(struct ctx *x, const char *path, const cJSON *v,
                              struct schedule_window *dst)
{
	char buf[32], why[128];
	enum pk_err rc = get_string(x, path, v, buf, sizeof buf, true);
	if (rc != PK_OK)
		return rc;
	if (schedule_window_parse(buf, dst, why, sizeof why) != PK_OK)
		return fail(x, path,
		            "must be \"HH:MM-HH:MM\" with different start and end, e.g. "
		            "\"22:00-06:00\" (got \"%s\": %s)",
		            buf, why);
	return PK_OK;
}

/* ---- sections ---------------------------------------------------------------------- */

static enum pk_err apply_position(struct config *c, const cJSON *v, struct ctx *x)
{
	static const char *const keys[] = {"lat", "lon", "place", "facing_deg"};
	enum pk_err rc = check_keys(x, "position", v, keys, COUNT(keys));
	if (rc != PK_OK)
		return rc;
	const cJSON *lat = cJSON_GetObjectItemCaseSensitive(v, "lat");
	const cJSON *lon = cJSON_GetObjectItemCaseSensitive(v, "lon");
	if (!lat != !lon)
		return fail(x, lat ? "position.lon" : "position.lat",
		            "missing: lat and lon must be given together");
	rc = lat ? get_double(x, "position.lat", lat, -90, 90, &c->lat) : PK_OK;
	if (rc != PK_OK)
		return rc;
	rc = lon ? get_double(x, "position.lon", lon, -180, 180, &c->lon) : PK_OK;
	if (rc != PK_OK)
		return rc;
	const cJSON *place = cJSON_GetObjectItemCaseSensitive(v, "place");
	rc = place ? get_string(x, "position.place", place, c->place, sizeof c->place, false)
	           : PK_OK;
	if (rc != PK_OK)
		return rc;
	const cJSON *facing = cJSON_GetObjectItemCaseSensitive(v, "facing_deg");
	rc = facing ? get_double(x, "position.facing_deg", facing, 0, 360, &c->facing_deg) : PK_OK;
	if (rc != PK_OK)
		return rc;
	return PK_OK;
}

/* The checks that have no JSON location write their message with pk_fail (err.h). */
bool config_key_file_ok(const char *path, char *err, size_t errcap)
{
	struct stat st;
	if (stat(path, &st) != 0) {
		pk_fail(err, errcap, PK_ERR_CONFIG, "cannot read %s: %s", path, strerror(errno));
		return false;
	}
	if (!S_ISREG(st.st_mode)) {
		pk_fail(err, errcap, PK_ERR_CONFIG, "%s is not a regular file", path);
		return false;
	}
	if (st.st_mode & (S_IRWXG | S_IRWXO)) {
		pk_fail(err, errcap, PK_ERR_CONFIG,
		        "%s is open to group or others (mode %04o): a private key must be "
		        "readable by the kiosk's user only (chmod 600)",
		        path, (unsigned)(st.st_mode & 07777));
		return false;
	}
	return true;
}

/* client_cert and client_key: both or neither, for an https feed, the key private. */
static enum pk_err apply_client_cert(struct config_feed *f, const cJSON *v, struct ctx *x,
                                     const char *path)
{
	char p[200], reason[300];
	enum pk_err rc;
	const cJSON *cert = cJSON_GetObjectItemCaseSensitive(v, "client_cert");
	const cJSON *key = cJSON_GetObjectItemCaseSensitive(v, "client_key");
	/* "" is "none", as the docs' default says (the example config spells both out). */
	if (cJSON_IsString(cert) && cert->valuestring && !cert->valuestring[0])
		cert = NULL;
	if (cJSON_IsString(key) && key->valuestring && !key->valuestring[0])
		key = NULL;
	snprintf(p, sizeof p, "%s.client_cert", path);
	rc = cert ? get_string(x, p, cert, f->client_cert, sizeof f->client_cert, false) : PK_OK;
	if (rc != PK_OK)
		return rc;
	if (!cert && key)
		return fail(x, p, "missing (client_key needs its certificate)");
	if (cert && strncasecmp(f->url, "https://", 8) != 0)
		return fail(x, p, "needs an https URL");
	snprintf(p, sizeof p, "%s.client_key", path);
	rc = key ? get_string(x, p, key, f->client_key, sizeof f->client_key, false) : PK_OK;
	if (rc != PK_OK)
		return rc;
	if (cert && !key)
		return fail(x, p, "missing (client_cert needs its private key)");
	if (key && !config_key_file_ok(f->client_key, reason, sizeof reason))
		return fail(x, p, "%s", reason);
	return PK_OK;
}

static enum pk_err apply_feed(struct config_feed *f, const cJSON *v, struct ctx *x,
                              const char *path)
{
	char p[200], reason[160];
	memset(f, 0, sizeof *f);
	f->format = FEED_AUTO;
	const cJSON *url = v;
	if (cJSON_IsObject(v)) {
		static const char *const keys[] = {"url",     "format",      "poll_interval_s",
		                                   "ca_file", "client_cert", "client_key",
		                                   "headers", "name"};
		enum pk_err rc = check_keys(x, path, v, keys, COUNT(keys));
		if (rc != PK_OK)
			return rc;
		url = cJSON_GetObjectItemCaseSensitive(v, "url");
		snprintf(p, sizeof p, "%s.url", path);
		if (!url)
			return fail(x, p, "missing");
	} else if (!cJSON_IsString(v)) {
		char q[64];
		return fail(x, path, "must be a URL string or an object with \"url\" (got %s)",
		            quote(v, q, sizeof q));
	} else {
		snprintf(p, sizeof p, "%s", path);
	}
	enum pk_err rc = get_string(x, p, url, f->url, sizeof f->url, false);
	if (rc != PK_OK)
		return rc;
	if (!config_feed_location_ok(f->url, reason, sizeof reason))
		return fail(x, p, "%s", reason);
	if (!cJSON_IsObject(v))
		return PK_OK;

	const cJSON *fmt = cJSON_GetObjectItemCaseSensitive(v, "format");
	if (fmt) {
		snprintf(p, sizeof p, "%s.format", path);
		char q[64];
		if (!cJSON_IsString(fmt) || !feed_format_parse(fmt->valuestring, &f->format))
			return fail(
			    x, p,
			    "must be one of auto, parkapi3, parkenddv1, ngsi, datex2 (got %s)",
			    quote(fmt, q, sizeof q));
	}
	const cJSON *poll = cJSON_GetObjectItemCaseSensitive(v, "poll_interval_s");
	snprintf(p, sizeof p, "%s.poll_interval_s", path);
	rc = poll ? get_int32(x, p, poll, 5, 86400, &f->poll_interval_s) : PK_OK;
	if (rc != PK_OK)
		return rc;
	const cJSON *ca = cJSON_GetObjectItemCaseSensitive(v, "ca_file");
	snprintf(p, sizeof p, "%s.ca_file", path);
	rc = ca ? get_string(x, p, ca, f->ca_file, sizeof f->ca_file, false) : PK_OK;
	if (rc != PK_OK)
		return rc;
	rc = apply_client_cert(f, v, x, path);
	if (rc != PK_OK)
		return rc;
	const cJSON *headers = cJSON_GetObjectItemCaseSensitive(v, "headers");
	snprintf(p, sizeof p, "%s.headers", path);
	rc = headers ? get_headers(x, p, headers, f) : PK_OK;
	if (rc != PK_OK)
		return rc;
	const cJSON *name = cJSON_GetObjectItemCaseSensitive(v, "name");
	snprintf(p, sizeof p, "%s.name", path);
	rc = name ? get_string(x, p, name, f->name, sizeof f->name, false) : PK_OK;
	if (rc != PK_OK)
		return rc;
	return PK_OK;
}

static enum pk_err apply_feeds(struct config *c, const cJSON *v, struct ctx *x)
{
	char q[64], p[64];
	if (!cJSON_IsArray(v))
		return fail(x, "feeds", "must be a list of feeds (got %s)", quote(v, q, sizeof q));
	int n = cJSON_GetArraySize(v);
	if (n == 0)
		return fail(x, "feeds",
		            "is empty (leave it out, or set \"demo\": true, for the demo feed)");
	if (n > CONFIG_MAX_FEEDS)
		return fail(x, "feeds", "has %d feeds, at most %d", n, CONFIG_MAX_FEEDS);
	int i = 0;
	for (const cJSON *f = v->child; f; f = f->next, i++) {
		snprintf(p, sizeof p, "feeds[%d]", i);
		enum pk_err rc = apply_feed(&c->feeds[i], f, x, p);
		if (rc != PK_OK)
			return rc;
	}
	c->n_feeds = n;
	return PK_OK;
}

/* A language code as the catalogues are named (locales/<code>): "de", "en", "de-LS". Which
 * codes exist is the installation's business: the app checks them against the
 * catalogues it finds, so a new catalogue needs no change here. */
static enum pk_err get_lang(struct ctx *x, const char *path, const cJSON *v, char *dst, size_t cap)
{
	char buf[16];
	enum pk_err rc = get_string(x, path, v, buf, sizeof buf, true);
	if (rc != PK_OK)
		return rc;
	size_t n = strlen(buf), i = 0;
	while (i < n && buf[i] >= 'a' && buf[i] <= 'z')
		i++;
	bool ok = (i == 2 || i == 3) && n < cap;
	while (ok && i < n) {
		size_t start = ++i; /* after the '-' */
		ok = buf[start - 1] == '-';
		while (i < n && isalnum((unsigned char)buf[i]))
			i++;
		ok = ok && i - start >= 2 && i - start <= 8;
	}
	if (!ok)
		return fail(x, path,
		            "must be a language code such as \"de\", \"en\" or \"de-LS\" "
		            "(got \"%s\")",
		            buf);
	text_copy(dst, cap, buf);
	return PK_OK;
}

static enum pk_err apply_languages(struct config *c, const cJSON *v, struct ctx *x)
{
	char q[64], p[64];
	if (!cJSON_IsArray(v))
		return fail(x, "languages", "must be a list such as [\"de\", \"en\"] (got %s)",
		            quote(v, q, sizeof q));
	int n = cJSON_GetArraySize(v);
	if (n == 0 || n > CONFIG_MAX_LANGS)
		return fail(x, "languages", "must list 1 to %d languages", CONFIG_MAX_LANGS);
	int i = 0;
	for (const cJSON *l = v->child; l; l = l->next, i++) {
		snprintf(p, sizeof p, "languages[%d]", i);
		char code[sizeof c->langs[0]];
		enum pk_err rc = get_lang(x, p, l, code, sizeof code);
		if (rc != PK_OK)
			return rc;
		for (int j = 0; j < i; j++)
			if (strcmp(c->langs[j], code) == 0)
				return fail(x, p, "\"%s\" is listed twice", code);
		text_copy(c->langs[i], sizeof c->langs[i], code);
	}
	c->n_langs = n;
	return PK_OK;
}

static enum pk_err apply_display(struct config *c, const cJSON *v, struct ctx *x)
{
	static const char *const keys[] = {"diagonal_mm", "diagonal_inch", "width_mm", "height_mm",
	                                   "dpi"};
	enum pk_err rc = check_keys(x, "display", v, keys, COUNT(keys));
	if (rc != PK_OK)
		return rc;
	const cJSON *mm = cJSON_GetObjectItemCaseSensitive(v, "diagonal_mm");
	const cJSON *inch = cJSON_GetObjectItemCaseSensitive(v, "diagonal_inch");
	const cJSON *w = cJSON_GetObjectItemCaseSensitive(v, "width_mm");
	const cJSON *h = cJSON_GetObjectItemCaseSensitive(v, "height_mm");
	const cJSON *dpi = cJSON_GetObjectItemCaseSensitive(v, "dpi");
	int ways = !!mm + !!inch + (w || h) + !!dpi;
	if (ways > 1)
		return fail(
		    x, "display",
		    "give only one of diagonal_mm, diagonal_inch, width_mm + height_mm, dpi");
	if (!w != !h)
		return fail(x, w ? "display.height_mm" : "display.width_mm",
		            "missing: width_mm and height_mm must be given together");
	double a, b;
	if (mm) {
		rc = get_double(x, "display.diagonal_mm", mm, 50, 5000, &a);
		if (rc != PK_OK)
			return rc;
		c->display_diagonal_mm = a;
		c->dpi = 0;
	} else if (inch) {
		rc = get_double(x, "display.diagonal_inch", inch, 2, 200, &a);
		if (rc != PK_OK)
			return rc;
		c->display_diagonal_mm = a * 25.4;
		c->dpi = 0;
	} else if (w) {
		rc = get_double(x, "display.width_mm", w, 20, 5000, &a);
		if (rc == PK_OK)
			rc = get_double(x, "display.height_mm", h, 20, 5000, &b);
		if (rc != PK_OK)
			return rc;
		c->display_diagonal_mm = hypot(a, b);
		c->dpi = 0;
	} else if (dpi) {
		rc = get_double(x, "display.dpi", dpi, 50, 1000, &c->dpi);
		if (rc != PK_OK)
			return rc;
	}
	return PK_OK;
}

static enum pk_err apply_audio(struct config *c, const cJSON *v, struct ctx *x)
{
	static const char *const keys[] = {"inactivity_s", "warning_s",        "rate_wpm",
	                                   "volume_step",  "double_strike_ms", "keys"};
	enum pk_err rc = check_keys(x, "audio", v, keys, COUNT(keys));
	if (rc != PK_OK)
		return rc;
	const cJSON *it;
	it = cJSON_GetObjectItemCaseSensitive(v, "inactivity_s");
	rc = it ? get_int32(x, "audio.inactivity_s", it, 10, 3600, &c->inactivity_s) : PK_OK;
	if (rc != PK_OK)
		return rc;
	it = cJSON_GetObjectItemCaseSensitive(v, "warning_s");
	rc = it ? get_int32(x, "audio.warning_s", it, 20, 600, &c->warning_s) : PK_OK;
	if (rc != PK_OK)
		return rc;
	it = cJSON_GetObjectItemCaseSensitive(v, "double_strike_ms");
	rc = it ? get_int32(x, "audio.double_strike_ms", it, 0, 2000, &c->double_strike_ms) : PK_OK;
	if (rc != PK_OK)
		return rc;
	it = cJSON_GetObjectItemCaseSensitive(v, "rate_wpm");
	rc = it ? get_int32(x, "audio.rate_wpm", it, SPEECH_RATE_MIN, SPEECH_RATE_MAX,
	                    &c->speech_rate_wpm)
	        : PK_OK;
	if (rc != PK_OK)
		return rc;
	it = cJSON_GetObjectItemCaseSensitive(v, "volume_step");
	rc = it ? get_int32(x, "audio.volume_step", it, 0, SPEECH_VOLUME_STEPS - 1, &c->volume_step)
	        : PK_OK;
	if (rc != PK_OK)
		return rc;
	const cJSON *keysv = cJSON_GetObjectItemCaseSensitive(v, "keys");
	if (!keysv)
		return PK_OK;
	char q[64], p[128];
	if (!cJSON_IsObject(keysv))
		return fail(x, "audio.keys",
		            "must be an object of \"KeyName\": \"action\" (got %s)",
		            quote(keysv, q, sizeof q));
	c->n_keys = 0;
	for (const cJSON *k = keysv->child; k; k = k->next) {
		const char *name = k->string ? k->string : "";
		join(p, sizeof p, "audio.keys", name);
		if (c->n_keys >= CONFIG_MAX_KEYS)
			return fail(x, "audio.keys", "at most %d bindings", CONFIG_MAX_KEYS);
		size_t n = strlen(name);
		if (n == 0 || n >= sizeof c->keys[0].key)
			return fail(x, p, "key name must be 1 to %zu characters",
			            sizeof c->keys[0].key - 1);
		for (size_t i = 0; i < n; i++)
			if ((unsigned char)name[i] < 0x20 || (unsigned char)name[i] >= 0x7f)
				return fail(x, p,
				            "key name must be printable ASCII (an SDL key "
				            "name such as \"Keypad 5\")");
		for (const cJSON *d = keysv->child; d != k; d = d->next)
			if (d->string && strcmp(d->string, name) == 0)
				return fail(x, p, "given twice");
		struct config_key *b = &c->keys[c->n_keys];
		rc = get_string(x, p, k, b->action, sizeof b->action, false);
		if (rc != PK_OK)
			return rc;
		enum input_action act;
		if (!input_action_parse(b->action, &act))
			return fail(x, p,
			            "unknown action \"%s\" (up, down, details, back, help, repeat, "
			            "pause, language, volume_up, volume_down, slower, faster, "
			            "summary, any, none)",
			            b->action);
		memcpy(b->key, name, n + 1);
		c->n_keys++;
	}
	return PK_OK;
}

static enum pk_err apply_touch(struct config *c, const cJSON *v, struct ctx *x)
{
	static const char *const keys[] = {"resume_after_s"};
	enum pk_err rc = check_keys(x, "touch", v, keys, COUNT(keys));
	if (rc != PK_OK)
		return rc;
	const cJSON *it = cJSON_GetObjectItemCaseSensitive(v, "resume_after_s");
	if (it)
		rc = get_int32(x, "touch.resume_after_s", it, 5, 3600, &c->touch_resume_after_s);
	return rc;
}

static enum pk_err apply_handover(struct config *c, const cJSON *v, struct ctx *x)
{
	static const char *const keys[] = {"url_template", "show_in_display_mode"};
	enum pk_err rc = check_keys(x, "handover", v, keys, COUNT(keys));
	if (rc != PK_OK)
		return rc;
	const cJSON *it = cJSON_GetObjectItemCaseSensitive(v, "url_template");
	if (it) {
		char tmpl[sizeof c->handover_url_template], why[160];
		rc = get_string(x, "handover.url_template", it, tmpl, sizeof tmpl, false);
		if (rc != PK_OK)
			return rc;
		if (!handover_template_ok(tmpl, why, sizeof why))
			return fail(x, "handover.url_template", "%s", why);
		text_copy(c->handover_url_template, sizeof c->handover_url_template, tmpl);
	}
	it = cJSON_GetObjectItemCaseSensitive(v, "show_in_display_mode");
	if (it)
		rc = get_bool(x, "handover.show_in_display_mode", it,
		              &c->handover_show_in_display_mode);
	return rc;
}

static enum pk_err apply_schedule(struct config *c, const cJSON *v, struct ctx *x)
{
	static const char *const keys[] = {"off", "dim"};
	enum pk_err rc = check_keys(x, "schedule", v, keys, COUNT(keys));
	if (rc != PK_OK)
		return rc;
	const cJSON *it;
	it = cJSON_GetObjectItemCaseSensitive(v, "off");
	rc = it ? get_window(x, "schedule.off", it, &c->schedule_off) : PK_OK;
	if (rc != PK_OK)
		return rc;
	it = cJSON_GetObjectItemCaseSensitive(v, "dim");
	rc = it ? get_window(x, "schedule.dim", it, &c->schedule_dim) : PK_OK;
	if (rc != PK_OK)
		return rc;
	return PK_OK;
}

static enum pk_err apply_timezone(struct config *c, const cJSON *v, struct ctx *x)
{
	char tz[sizeof c->timezone];
	enum pk_err rc = get_string(x, "timezone", v, tz, sizeof tz, false);
	if (rc != PK_OK)
		return rc;
	/* An IANA name ("Europe/Berlin", "UTC", "Etc/GMT+1"), never a path. */
	bool ok = tz[0] != '/' && !strstr(tz, "..");
	for (const char *p = tz; ok && *p; p++)
		ok = isalnum((unsigned char)*p) || strchr("/_+-", *p);
	if (!ok)
		return fail(x, "timezone",
		            "must be an IANA time zone name such as "
		            "\"Europe/Berlin\" (got \"%s\")",
		            tz);
	memcpy(c->timezone, tz, sizeof tz);
	return PK_OK;
}

/* One top-level key: its name and how to apply it (a plain field at offset `off` with
 * range lo..hi, or a function for sections and choices). */
struct key_rule {
	const char *name;
	enum { K_INT, K_LONG, K_DISTANCE, K_BOOL, K_PATH, K_FN } kind;
	size_t off;
	long lo, hi;
	enum pk_err (*fn)(struct config *c, const cJSON *v, struct ctx *x);
};

static enum pk_err apply_mode(struct config *c, const cJSON *v, struct ctx *x)
{
	size_t k;
	enum pk_err rc = get_choice(x, "mode", v, modes, COUNT(modes), &k);
	if (rc == PK_OK)
		c->mode = k == 0 ? CONFIG_MODE_KIOSK : CONFIG_MODE_DISPLAY;
	return rc;
}

static enum pk_err apply_language(struct config *c, const cJSON *v, struct ctx *x)
{
	return get_lang(x, "language", v, c->lang, sizeof c->lang);
}

static enum pk_err apply_theme(struct config *c, const cJSON *v, struct ctx *x)
{
	/* the themes theme.c has, so a new theme needs no change here */
	const char *themes[8];
	size_t n = 0, k;
	for (; n < theme_count() && n < COUNT(themes); n++)
		themes[n] = theme_at(n)->name;
	enum pk_err rc = get_choice(x, "theme", v, themes, n, &k);
	if (rc == PK_OK)
		c->theme = theme_at(k);
	return rc;
}

static enum pk_err apply_log_level(struct config *c, const cJSON *v, struct ctx *x)
{
	size_t k;
	enum pk_err rc = get_choice(x, "log_level", v, log_levels, COUNT(log_levels), &k);
	if (rc == PK_OK)
		c->log_level = (enum log_level)k; /* log_levels is in enum order */
	return rc;
}

#define OFF(f) offsetof(struct config, f)
static const struct key_rule rules[] = {
    {"position", K_FN, 0, 0, 0, apply_position},
    {"feeds", K_FN, 0, 0, 0, apply_feeds},
    {"demo", K_BOOL, OFF(demo), 0, 0, NULL},
    {"poll_interval_s", K_INT, OFF(poll_interval_s), 5, 86400, NULL},
    {"backoff_max_s", K_INT, OFF(backoff_max_s), 5, 86400, NULL},
    {"max_body_bytes", K_LONG, OFF(max_body_bytes), 1024, 256L * 1024 * 1024, NULL},
    {"fetch_deadline_s", K_INT, OFF(fetch_deadline_s), 5, 3600, NULL},
    {"cache_dir", K_PATH, OFF(cache_dir), 0, 0, NULL},
    {"language", K_FN, 0, 0, 0, apply_language},
    {"languages", K_FN, 0, 0, 0, apply_languages},
    {"theme", K_FN, 0, 0, 0, apply_theme},
    {"mode", K_FN, 0, 0, 0, apply_mode},
    {"viewing_distance_m", K_DISTANCE, OFF(viewing_distance_m), 0, 0, NULL},
    {"display", K_FN, 0, 0, 0, apply_display},
    {"stale_after_s", K_INT, OFF(stale_after_s), 60, 86400, NULL},
    {"nearby_m", K_INT, OFF(nearby_m), 50, 20000, NULL},
    {"sites_radius_m", K_INT, OFF(sites_radius_m), 100, 50000, NULL},
    {"page_seconds", K_INT, OFF(page_seconds), 3, 120, NULL},
    {"timezone", K_FN, 0, 0, 0, apply_timezone},
    {"audio", K_FN, 0, 0, 0, apply_audio},
    {"touch", K_FN, 0, 0, 0, apply_touch},
    {"handover", K_FN, 0, 0, 0, apply_handover},
    {"maintenance_chord", K_BOOL, OFF(maintenance_chord), 0, 0, NULL},
    {"health_file", K_PATH, OFF(health_file), 0, 0, NULL},
    {"schedule", K_FN, 0, 0, 0, apply_schedule},
    {"log_level", K_FN, 0, 0, 0, apply_log_level},
};
#undef OFF

static enum pk_err apply_rule(struct config *c, const struct key_rule *r, const cJSON *v,
                              struct ctx *x)
{
	char *base = (char *)c + r->off;
	switch (r->kind) {
	case K_INT:
		return get_int32(x, r->name, v, r->lo, r->hi, (int *)(void *)base);
	case K_LONG:
		return get_int(x, r->name, v, r->lo, r->hi, (long *)(void *)base);
	case K_DISTANCE:
		return get_double(x, r->name, v, 0.2, 30, (double *)(void *)base);
	case K_BOOL:
		return get_bool(x, r->name, v, (bool *)(void *)base);
	case K_PATH:
		/* cache_dir and health_file: 512-byte paths, "" for the default / none */
		return get_string(x, r->name, v, base, sizeof c->cache_dir, true);
	case K_FN:
		break;
	}
	return r->fn(c, v, x);
}

static enum pk_err apply_root(struct config *c, const cJSON *root, struct ctx *x)
{
	const char *names[COUNT(rules)];
	for (size_t i = 0; i < COUNT(rules); i++)
		names[i] = rules[i].name;
	enum pk_err rc = check_keys(x, "", root, names, COUNT(names));
	if (rc != PK_OK)
		return rc;
	for (size_t i = 0; i < COUNT(rules); i++) {
		const cJSON *v = cJSON_GetObjectItemCaseSensitive(root, rules[i].name);
		rc = v ? apply_rule(c, &rules[i], v, x) : PK_OK;
		if (rc != PK_OK)
			return rc;
	}
	return PK_OK;
}

/* ---- entry points ------------------------------------------------------------------ */

enum pk_err config_load_json(struct config *c, const char *json, size_t len, char *err,
                             size_t errcap)
{
	struct ctx x = {err, errcap};
	if (err && errcap)
		err[0] = '\0';
	if (len > (size_t)CONFIG_MAX_FILE_BYTES)
		return fail(&x, "", "larger than %ld bytes", CONFIG_MAX_FILE_BYTES);
	const char *nul = len ? memchr(json, '\0', len) : NULL;
	if (nul) {
		size_t line, col;
		jsondoc_line_col(json, (size_t)(nul - json), &line, &col);
		return fail(&x, "", "line %zu: malformed JSON (a NUL byte)", line);
	}
	cJSON *root = NULL;
	struct jsondoc_error je;
	enum pk_err rc = jsondoc_parse(json, len, &root, &je);
	if (rc == PK_ERR_NOMEM)
		return fail(&x, "", "out of memory");
	if (rc != PK_OK)
		return fail(&x, "", "line %zu: malformed JSON (column %zu%s)", je.line, je.col,
		            je.trailing ? ", after the end of the document" : "");
	struct config *tmp = NULL;
	if (!cJSON_IsObject(root)) {
		rc = fail(&x, "", "the configuration must be a JSON object { … }");
		goto out;
	}
	/* Apply to a copy: a failed load leaves the caller's config as it was. */
	tmp = malloc(sizeof *tmp);
	if (!tmp) {
		rc = fail(&x, "", "out of memory");
		goto out;
	}
	*tmp = *c;
	rc = apply_root(tmp, root, &x);
	if (rc == PK_OK)
		*c = *tmp;
out:
	free(tmp);
	cJSON_Delete(root);
	return rc;
}

enum pk_err config_load_file(struct config *c, const char *path, char *err, size_t errcap)
{
	struct ctx x = {err, errcap};
	enum pk_err rc = PK_OK;
	char *buf = NULL;
	/* O_NONBLOCK and a file-type check: a FIFO or device named as the config must not
	 * hang the kiosk before its first frame. */
	int fdesc = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
	if (fdesc < 0) {
		fail(&x, path, "cannot open: %s", strerror(errno));
		return PK_ERR_IO;
	}
	struct stat st;
	if (fstat(fdesc, &st) != 0 || !S_ISREG(st.st_mode)) {
		close(fdesc);
		fail(&x, path, "not a regular file (a FIFO, device or directory?), refused");
		return PK_ERR_IO;
	}
	FILE *f = fdopen(fdesc, "rb");
	if (!f) {
		close(fdesc);
		fail(&x, path, "cannot open: %s", strerror(errno));
		return PK_ERR_IO;
	}
	buf = malloc(CONFIG_MAX_FILE_BYTES + 1);
	if (!buf) {
		rc = fail(&x, path, "out of memory");
		goto out;
	}
	size_t n = fread(buf, 1, CONFIG_MAX_FILE_BYTES + 1, f);
	if (ferror(f)) {
		fail(&x, path, "cannot read: %s", strerror(errno));
		rc = PK_ERR_IO;
		goto out;
	}
	if (n > (size_t)CONFIG_MAX_FILE_BYTES) {
		fail(&x, path, "larger than %ld bytes; is this the configuration file?",
		     CONFIG_MAX_FILE_BYTES);
		rc = PK_ERR_TOO_BIG;
		goto out;
	}
	char msg[512];
	rc = config_load_json(c, buf, n, msg, sizeof msg);
	if (rc != PK_OK)
		fail(&x, path, "%s", msg);
out:
	free(buf);
	if (f)
		fclose(f);
	return rc;
}

/* Name shown for a feed: its host, or the file name of a path. */
static void default_feed_name(struct config_feed *f)
{
	url_display_name(f->url, f->name, sizeof f->name);
}

enum pk_err config_finish(struct config *c, char *err, size_t errcap)
{
	struct ctx x = {err, errcap};
	if (err && errcap)
		err[0] = '\0';
	if (c->viewing_distance_m <= 0)
		c->viewing_distance_m = c->mode == CONFIG_MODE_DISPLAY ? 3.0 : 0.7;
	if (c->display_diagonal_mm <= 0)
		c->display_diagonal_mm = c->mode == CONFIG_MODE_DISPLAY ? 1397.0 : 609.6;
	bool offered = c->n_langs == 0; /* 0: every installed catalogue is offered */
	char list[64] = "";
	for (int i = 0; i < c->n_langs; i++) {
		offered = offered || strcmp(c->langs[i], c->lang) == 0;
		size_t len = strlen(list);
		snprintf(list + len, sizeof list - len, "%s%s", i ? ", " : "", c->langs[i]);
	}
	if (!offered)
		return fail(&x, "language", "\"%s\" is not one of the languages offered (%s)",
		            c->lang, list);
	for (int i = 0; i < c->n_feeds; i++) {
		char reason[160], p[32];
		snprintf(p, sizeof p, "feeds[%d].url", i);
		if (!config_feed_location_ok(c->feeds[i].url, reason, sizeof reason))
			return fail(&x, p, "%s", reason);
		if (!c->feeds[i].name[0])
			default_feed_name(&c->feeds[i]);
	}
	return PK_OK;
}

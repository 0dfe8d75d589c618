/* health.h: the status JSON is read back with cJSON, the Prometheus file is checked line
 * by line against the text exposition grammar (names, label escaping, one TYPE per
 * family before its samples, no duplicate series); files appear atomically, 0644. */
#include <cjson/cJSON.h>
#include <ctype.h>
#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "health.h"
#include "testlib.h"
#include "version.h"

#define NOW 1750766085 /* 2025-06-24T11:54:45Z */

static struct fetch_status feeds[4];

static struct health_snapshot snapshot(void)
{
	memset(feeds, 0, sizeof feeds);
	struct fetch_status *f = &feeds[0];
	snprintf(f->name, sizeof f->name, "freiburg");
	f->last_attempt = NOW - 20;
	f->last_success = NOW - 20;
	f->data_time = NOW - 300;
	f->last_http = 200;
	f->entries = 42;
	f->has_data = true;
	f = &feeds[1];
	snprintf(f->name, sizeof f->name, "city \"api\" \\ v2");
	f->last_attempt = NOW - 5;
	f->last_success = NOW - 4000;
	f->data_time = NOW - 4500;
	f->consecutive_failures = 7;
	f->last_http = 503;
	snprintf(f->last_error, sizeof f->last_error,
	         "HTTP 503 from https://user:secret@api.example.org/v3/sites?apikey=SECRET&x=1 "
	         "after 3 s");
	f->entries = 12;
	f->from_cache = true;
	f->has_data = true;
	f = &feeds[2];
	snprintf(f->name, sizeof f->name, "freiburg"); /* duplicate name */
	f->last_attempt = NOW - 1;
	f->consecutive_failures = 1;
	snprintf(f->last_error, sizeof f->last_error, "connect: refused\n\x01");
	f = &feeds[3];
	f->name[0] = '\0'; /* no name at all */
	struct health_snapshot s = {
	    .now = NOW,
	    .started = NOW - 3600,
	    .frames_drawn = 12345,
	    .speech_sessions = 3,
	    .screen = "dim",
	    .n_feeds = 4,
	    .feeds = feeds,
	};
	return s;
}

static void test_json(void)
{
	struct health_snapshot s = snapshot();
	char buf[16384];
	size_t n = health_format_json(buf, sizeof buf, &s);
	CHECK(n > 0 && n < sizeof buf);
	cJSON *root = cJSON_Parse(buf);
	CHECK(root != NULL);
	if (!root)
		return;
	CHECK_STR(cJSON_GetStringValue(cJSON_GetObjectItem(root, "version")), PARKKIOSK_VERSION);
	CHECK_STR(cJSON_GetStringValue(cJSON_GetObjectItem(root, "now")), "2025-06-24T11:54:45Z");
	CHECK_INT(cJSON_GetNumberValue(cJSON_GetObjectItem(root, "uptime_s")), 3600);
	CHECK_INT(cJSON_GetNumberValue(cJSON_GetObjectItem(root, "frames_drawn")), 12345);
	CHECK_INT(cJSON_GetNumberValue(cJSON_GetObjectItem(root, "speech_sessions")), 3);
	CHECK_STR(cJSON_GetStringValue(cJSON_GetObjectItem(root, "screen")), "dim");
	cJSON *arr = cJSON_GetObjectItem(root, "feeds");
	CHECK_INT(cJSON_GetArraySize(arr), 4);
	cJSON *f0 = cJSON_GetArrayItem(arr, 0), *f1 = cJSON_GetArrayItem(arr, 1);
	cJSON *f2 = cJSON_GetArrayItem(arr, 2), *f3 = cJSON_GetArrayItem(arr, 3);
	CHECK_STR(cJSON_GetStringValue(cJSON_GetObjectItem(f0, "name")), "freiburg");
	CHECK_STR(cJSON_GetStringValue(cJSON_GetObjectItem(f0, "last_success")),
	          "2025-06-24T11:54:25Z");
	CHECK_INT(cJSON_GetNumberValue(cJSON_GetObjectItem(f0, "data_age_s")), 300);
	CHECK_INT(cJSON_GetNumberValue(cJSON_GetObjectItem(f0, "entries")), 42);
	CHECK_INT(cJSON_GetNumberValue(cJSON_GetObjectItem(f0, "last_http")), 200);
	CHECK(cJSON_IsTrue(cJSON_GetObjectItem(f0, "has_data")));
	CHECK(cJSON_IsFalse(cJSON_GetObjectItem(f0, "from_cache")));
	CHECK_STR(cJSON_GetStringValue(cJSON_GetObjectItem(f0, "last_error")), "");
	CHECK_STR(cJSON_GetStringValue(cJSON_GetObjectItem(f1, "name")), "city \"api\" \\ v2");
	CHECK_INT(cJSON_GetNumberValue(cJSON_GetObjectItem(f1, "consecutive_failures")), 7);
	CHECK(cJSON_IsTrue(cJSON_GetObjectItem(f1, "from_cache")));
	/* The API key and the password never reach the file; the useful part does. */
	const char *e1 = cJSON_GetStringValue(cJSON_GetObjectItem(f1, "last_error"));
	CHECK(e1 && strstr(e1, "SECRET") == NULL && strstr(e1, "secret") == NULL);
	CHECK_STR(e1, "HTTP 503 from https://api.example.org/v3/sites?\xe2\x80\xa6 after 3 s");
	/* Duplicate and empty names made unique; controls gone from errors. */
	CHECK_STR(cJSON_GetStringValue(cJSON_GetObjectItem(f2, "name")), "freiburg#2");
	CHECK_STR(cJSON_GetStringValue(cJSON_GetObjectItem(f2, "last_error")), "connect: refused");
	CHECK(cJSON_IsNull(cJSON_GetObjectItem(f2, "last_success")));
	CHECK(cJSON_IsNull(cJSON_GetObjectItem(f2, "data_age_s")));
	CHECK_STR(cJSON_GetStringValue(cJSON_GetObjectItem(f3, "name")), "feed4");
	cJSON_Delete(root);
	/* The size report works like snprintf's. */
	CHECK_INT(health_format_json(NULL, 0, &s), n);
}

/* Checks one exposition line; returns the metric name in name (or "" for comments). */
static int prom_line_ok(const char *line, char *name, size_t cap, char *series, size_t scap)
{
	name[0] = '\0';
	if (line[0] == '#')
		return strncmp(line, "# HELP ", 7) == 0 || strncmp(line, "# TYPE ", 7) == 0;
	const char *p = line;
	size_t n = 0;
	if (!(isalpha((unsigned char)*p) || *p == '_' || *p == ':'))
		return 0;
	while (isalnum((unsigned char)p[n]) || p[n] == '_' || p[n] == ':')
		n++;
	if (n >= cap)
		return 0;
	memcpy(name, p, n);
	name[n] = '\0';
	p += n;
	if (*p == '{') {
		p++;
		while (*p != '}') {
			if (!(isalpha((unsigned char)*p) || *p == '_'))
				return 0;
			while (isalnum((unsigned char)*p) || *p == '_')
				p++;
			if (p[0] != '=' || p[1] != '"')
				return 0;
			p += 2;
			while (*p != '"') {
				if (*p == '\0' || *p == '\n')
					return 0;
				if (*p == '\\') {
					if (p[1] != '\\' && p[1] != '"' && p[1] != 'n')
						return 0;
					p++;
				}
				p++;
			}
			p++;
			if (*p == ',')
				p++;
			else if (*p != '}')
				return 0;
		}
		p++;
	}
	size_t slen = (size_t)(p - line);
	if (slen >= scap)
		return 0;
	memcpy(series, line, slen);
	series[slen] = '\0';
	if (*p != ' ')
		return 0;
	char *end;
	strtod(p + 1, &end);
	return end != p + 1 && *end == '\0';
}

static const char *sample(const char *doc, const char *series)
{
	static char line[512];
	size_t n = strlen(series);
	for (const char *p = doc; *p;) {
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) : strlen(p);
		if (len > n && strncmp(p, series, n) == 0 && p[n] == ' ') {
			snprintf(line, sizeof line, "%.*s", (int)(len - n - 1), p + n + 1);
			return line;
		}
		p += len + (nl ? 1 : 0);
	}
	return NULL;
}

static void test_prometheus_text(void)
{
	struct health_snapshot s = snapshot();
	char doc[16384];
	size_t n = health_format_prometheus(doc, sizeof doc, &s);
	CHECK(n > 0 && n < sizeof doc);
	CHECK(doc[n - 1] == '\n');
	/* Grammar and family rules. */
	char typed[64][80];
	int n_typed = 0;
	char seen[128][200];
	int n_seen = 0, bad = 0, untyped = 0, dup = 0, lines = 0;
	char copy[16384];
	snprintf(copy, sizeof copy, "%s", doc);
	for (char *save = NULL, *l = strtok_r(copy, "\n", &save); l;
	     l = strtok_r(NULL, "\n", &save)) {
		char name[80], series[200];
		lines++;
		if (!prom_line_ok(l, name, sizeof name, series, sizeof series)) {
			fprintf(stderr, "bad line: %s\n", l);
			bad++;
			continue;
		}
		if (strncmp(l, "# TYPE ", 7) == 0 && n_typed < 64) {
			sscanf(l + 7, "%79s", typed[n_typed]);
			for (int i = 0; i < n_typed; i++)
				dup += strcmp(typed[i], typed[n_typed]) == 0;
			n_typed++;
		}
		if (!name[0])
			continue;
		int ok = 0;
		for (int i = 0; i < n_typed; i++)
			ok |= strcmp(typed[i], name) == 0;
		untyped += !ok;
		for (int i = 0; i < n_seen; i++)
			dup += strcmp(seen[i], series) == 0;
		if (n_seen < 128)
			snprintf(seen[n_seen++], sizeof seen[0], "%s", series);
	}
	CHECK(lines > 40);
	CHECK_INT(bad, 0);
	CHECK_INT(untyped, 0);
	CHECK_INT(dup, 0);
	/* Values. */
	CHECK_STR(sample(doc, "parkkiosk_up"), "1");
	char bi[200];
	snprintf(bi, sizeof bi, "parkkiosk_build_info{version=\"%s\",git=\"%s\"}",
	         PARKKIOSK_VERSION, PARKKIOSK_GIT);
	CHECK_STR(sample(doc, bi), "1");
	CHECK_STR(sample(doc, "parkkiosk_frames_drawn_total"), "12345");
	CHECK_STR(sample(doc, "parkkiosk_speech_sessions_total"), "3");
	CHECK_STR(sample(doc, "parkkiosk_start_time_seconds"), "1750762485");
	CHECK_STR(sample(doc, "parkkiosk_screen_state{state=\"dim\"}"), "1");
	CHECK_STR(sample(doc, "parkkiosk_screen_state{state=\"on\"}"), "0");
	CHECK_STR(sample(doc, "parkkiosk_feed_last_success_timestamp_seconds{feed=\"freiburg\"}"),
	          "1750766065");
	CHECK_STR(sample(doc, "parkkiosk_feed_data_age_seconds{feed=\"freiburg\"}"), "300");
	CHECK_STR(sample(doc, "parkkiosk_feed_consecutive_failures"
	                      "{feed=\"city \\\"api\\\" \\\\ v2\"}"),
	          "7");
	CHECK_STR(sample(doc, "parkkiosk_feed_last_http_status{feed=\"city \\\"api\\\" \\\\ v2\"}"),
	          "503");
	CHECK_STR(sample(doc, "parkkiosk_feed_from_cache{feed=\"city \\\"api\\\" \\\\ v2\"}"), "1");
	CHECK_STR(sample(doc, "parkkiosk_feed_entries{feed=\"freiburg\"}"), "42");
	CHECK_STR(sample(doc, "parkkiosk_feed_last_success_timestamp_seconds{feed=\"freiburg#2\"}"),
	          "0");
	CHECK_STR(sample(doc, "parkkiosk_feed_has_data{feed=\"freiburg#2\"}"), "0");
	/* No data time: no age sample (absent, not a fake 0). */
	CHECK(sample(doc, "parkkiosk_feed_data_age_seconds{feed=\"freiburg#2\"}") == NULL);
	/* Free-text errors are never labels. */
	CHECK(strstr(doc, "refused") == NULL);
	CHECK(strstr(doc, "SECRET") == NULL);
}

static int count_entries(const char *dir)
{
	int n = 0;
	DIR *d = opendir(dir);
	if (!d)
		return -1;
	for (struct dirent *e = readdir(d); e; e = readdir(d))
		n += e->d_name[0] != '.';
	closedir(d);
	return n;
}

static void test_files(void)
{
	struct health_snapshot s = snapshot();
	char dir[] = "/tmp/pk-health-XXXXXX";
	CHECK(mkdtemp(dir) != NULL);
	char json[256], prom[256], missing[256];
	snprintf(json, sizeof json, "%s/status.json", dir);
	snprintf(prom, sizeof prom, "%s/parkkiosk.prom", dir);
	snprintf(missing, sizeof missing, "%s/no/such/dir/status.json", dir);
	mode_t old = umask(077); /* as under the unit's UMask=0077 */
	CHECK_INT(health_write(json, &s), PK_OK);
	CHECK_INT(health_write(prom, &s), PK_OK);
	/* Rewriting replaces the file (rename over the old one). */
	s.frames_drawn = 99;
	CHECK_INT(health_write(prom, &s), PK_OK);
	CHECK_INT(health_write(missing, &s), PK_ERR_IO);
	umask(old);
	CHECK_INT(count_entries(dir), 2); /* no temp files left behind */
	struct stat st;
	CHECK(stat(json, &st) == 0 && (st.st_mode & 0777) == 0644);
	CHECK(stat(prom, &st) == 0 && (st.st_mode & 0777) == 0644);
	char *j = test_read_file(json, NULL);
	cJSON *root = cJSON_Parse(j);
	CHECK(root && cJSON_GetObjectItem(root, "feeds") != NULL); /* JSON by extension */
	cJSON_Delete(root);
	free(j);
	char *p = test_read_file(prom, NULL);
	CHECK(strncmp(p, "# HELP parkkiosk_up", 19) == 0); /* Prometheus by extension */
	CHECK_STR(sample(p, "parkkiosk_frames_drawn_total"), "99");
	free(p);
	unlink(json);
	unlink(prom);
	rmdir(dir);
}

static void test_no_feeds(void)
{
	struct health_snapshot s = {.now = NOW, .started = NOW};
	char buf[4096];
	CHECK(health_format_prometheus(buf, sizeof buf, &s) > 0);
	CHECK(strstr(buf, "parkkiosk_feed_") == NULL);
	CHECK(strstr(buf, "screen_state") == NULL);
	CHECK(health_format_json(buf, sizeof buf, &s) > 0);
	cJSON *root = cJSON_Parse(buf);
	CHECK_INT(cJSON_GetArraySize(cJSON_GetObjectItem(root, "feeds")), 0);
	CHECK(cJSON_GetObjectItem(root, "screen") == NULL);
	cJSON_Delete(root);
}

/* Until a frame is on the screen both formats say so in words; then when it came. */
static void test_first_frame(void)
{
	struct health_snapshot s = {.now = NOW, .started = NOW - 5};
	char buf[4096];
	CHECK(health_format_json(buf, sizeof buf, &s) > 0);
	cJSON *root = cJSON_Parse(buf);
	CHECK_STR(cJSON_GetStringValue(cJSON_GetObjectItem(root, "display")),
	          "no frame drawn since boot");
	CHECK(cJSON_IsNull(cJSON_GetObjectItem(root, "first_frame")));
	cJSON_Delete(root);
	CHECK(health_format_prometheus(buf, sizeof buf, &s) > 0);
	CHECK(strstr(buf, "\nparkkiosk_display_info{status=\"no frame drawn since boot\"} 1\n") !=
	      NULL);
	CHECK_STR(sample(buf, "parkkiosk_first_frame_timestamp_seconds"), "0");
	s.first_frame = NOW - 2;
	s.frames_drawn = 1;
	CHECK(health_format_json(buf, sizeof buf, &s) > 0);
	root = cJSON_Parse(buf);
	CHECK_STR(cJSON_GetStringValue(cJSON_GetObjectItem(root, "display")), "drawing");
	CHECK_STR(cJSON_GetStringValue(cJSON_GetObjectItem(root, "first_frame")),
	          "2025-06-24T11:54:43Z");
	cJSON_Delete(root);
	CHECK(health_format_prometheus(buf, sizeof buf, &s) > 0);
	CHECK(strstr(buf, "no frame drawn") == NULL);
	CHECK(strstr(buf, "parkkiosk_display_info{status=\"drawing\"} 1") != NULL);
}

int main(void)
{
	test_first_frame();
	test_json();
	test_prometheus_text();
	test_files();
	test_no_feeds();
	return TEST_END();
}

/* feed_split and the sliced read of large bodies; model_keep_nearest and model_take: memory
 * bounded by what a kiosk can show (issue 14). And which of two equal keys in a feed wins. */
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>
#include <string.h>

#include "feed.h"
#include "feed/feed_split.h"
#include "model.h"
#include "testlib.h"

/* All items of s as one string "a|b|c" (the bytes of each item); *began: the body is
 * read in slices (an item array found, and the body complete around it). */
static void items_of(const char *s, char *out, size_t cap, bool *began)
{
	struct feed_split sp;
	out[0] = '\0';
	*began = feed_split_begin(&sp, s, strlen(s));
	if (!*began)
		return;
	size_t a, b, n = 0;
	while (feed_split_next(&sp, &a, &b)) {
		int w = snprintf(out + n, cap - n, "%s%.*s", n ? "|" : "", (int)(b - a), s + a);
		if (w < 0 || (size_t)w >= cap - n)
			return;
		n += (size_t)w;
	}
	*began = feed_split_complete(&sp);
}

static void splitter(void)
{
	char got[512];
	bool began;
	items_of("[1, 2 ,3]", got, sizeof got, &began);
	CHECK(began);
	CHECK_STR(got, "1|2|3");
	items_of(" {\"total_count\": 2, \"items\": [{\"a\": \"]}\\\"[\"}, {\"b\": [1, {}]}],"
	         " \"next_path\": \"/x\"}",
	         got, sizeof got, &began);
	CHECK(began);
	CHECK_STR(got, "{\"a\": \"]}\\\"[\"}|{\"b\": [1, {}]}");
	items_of("{\"last_updated\": \"x\", \"lots\": [\"a\", \"b\"]}", got, sizeof got, &began);
	CHECK(began);
	CHECK_STR(got, "\"a\"|\"b\"");
	/* "items" wins over a bigger array under another key; other keys are not item lists. */
	items_of("{\"restrictions\": [1,2,3,4,5,6,7], \"items\": [9]}", got, sizeof got, &began);
	CHECK_STR(got, "9");
	items_of("{\"restrictions\": [1,2,3]}", got, sizeof got, &began);
	CHECK(!began);
	items_of("{\"items\": []}", got, sizeof got, &began);
	CHECK(began);
	CHECK_STR(got, "");
	/* Not balanced, not JSON, truncated: no slices (the body is parsed whole for the error). */
	const char *bad[] = {"",
	                     "   ",
	                     "{",
	                     "[",
	                     "{\"items\": [1, 2",
	                     "{\"items\" [1]}",
	                     "x",
	                     "{\"items\": [\"unterminated]}",
	                     "{\"a\":1,}",
	                     "{1: [2]}"};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		items_of(bad[i], got, sizeof got, &began);
		CHECK(!began);
	}
	items_of("{\"items\": [1, 2", got, sizeof got, &began);
	CHECK(!began);
	items_of("[1, 2", got, sizeof got, &began);
	CHECK(!began);
	/* Stray bytes between items are handed on (cJSON then rejects the slice). */
	items_of("[1 x 2]", got, sizeof got, &began);
	CHECK(began);
	CHECK_STR(got, "1|x|2");
	items_of("[1 } 2]", got, sizeof got, &began); /* brackets that do not pair: strays */
	CHECK(began);
	CHECK_STR(got, "1|}|2");
	/* Two item lists, or a broken object after the array: not sliced. */
	const char *whole[] = {"{\"items\": [1], \"lots\": [2]}",
	                       "{\"lots\": 1, \"items\": [2]}",
	                       "{\"items\": [1], \"x\": }",
	                       "{\"items\": [1]} x",
	                       "[1] x",
	                       "{\"items\": [1]"};
	for (size_t i = 0; i < sizeof whole / sizeof *whole; i++) {
		items_of(whole[i], got, sizeof got, &began);
		CHECK(!began);
	}
	items_of(" {\"a\": {\"items\": [7]}, \"items\" : [ 8 , 9 ] , \"n\": 2 } ", got, sizeof got,
	         &began);
	CHECK(began);
	CHECK_STR(got, "8|9");
}

/* A ParkAPI v3 body of n spots, k-th spot at a latitude step from the kiosk. */
static char *spots_body(int from, int n, size_t *len)
{
	size_t cap = (size_t)n * 400 + 256, w = 0;
	char *s = malloc(cap);
	w += (size_t)snprintf(s + w, cap - w, "{\"total_count\": %d, \"items\": [", n);
	for (int i = from; i < from + n; i++)
		w += (size_t)snprintf(
		    s + w, cap - w,
		    "%s{\"id\": %d, \"name\": \"Spot %d [\\\"x\\\"]\", \"type\": "
		    "\"ON_STREET\", \"purpose\": \"CAR\", \"lat\": %.6f, \"lon\": "
		    "7.85, \"has_realtime_data\": true, \"realtime_status\": \"%s\", "
		    "\"realtime_data_updated_at\": \"2026-11-28T10:00:00Z\", "
		    "\"restrictions\": [{\"type\": \"DISABLED\"}]}",
		    i > from ? ", " : "", i, i, 47.99 + i * 1e-5, i % 3 ? "TAKEN" : "AVAILABLE");
	w += (size_t)snprintf(s + w, cap - w, "], \"next_path\": \"/v3/parking-spots?page=2\"}");
	*len = w;
	return s;
}

static void sliced_equals_whole(void)
{
	/* 24,000 items (> 4 MiB) read in slices must give what 24 small bodies give whole. */
	size_t len;
	char *big = spots_body(0, 24000, &len);
	CHECK(len > 4u * 1024 * 1024);
	struct model a, b;
	model_init(&a);
	model_init(&b);
	struct feed_info ia, ib;
	char err[200];
	CHECK_INT(feed_parse(FEED_AUTO, big, len, &a, &ia, err, sizeof err), PK_OK);
	CHECK_INT(a.n, 24000);
	CHECK_INT(ia.items, 24000);
	CHECK_INT(ia.format, FEED_PARKAPI3);
	CHECK_STR(ia.next_path, "/v3/parking-spots?page=2");
	size_t items = 0;
	for (int part = 0; part < 24; part++) {
		size_t l;
		char *small = spots_body(part * 1000, 1000, &l);
		CHECK_INT(feed_parse(FEED_PARKAPI3, small, l, &b, &ib, err, sizeof err), PK_OK);
		items += ib.items;
		free(small);
	}
	CHECK_INT(b.n, a.n);
	CHECK_INT(items, ia.items);
	CHECK(a.n == b.n && memcmp(a.v, b.v, a.n * sizeof *a.v) == 0);
	/* A body that breaks inside a later slice fails whole, with the body's own byte. */
	char *bad = strdup(big);
	char *hole = strstr(bad + len / 2, "\"lat\":");
	hole[5] = '!';
	model_clear(&a);
	enum pk_err rc = feed_parse(FEED_AUTO, bad, len, &a, &ia, err, sizeof err);
	CHECK(rc != PK_OK);
	CHECK_INT(a.n, 0);
	CHECK(strstr(err, "malformed JSON near byte") != NULL);
	char want[64];
	snprintf(want, sizeof want, "byte %zu", (size_t)(hole + 5 - bad));
	CHECK(strstr(err, want) != NULL);
	free(bad);
	free(big);
	model_finish(&a);
	model_finish(&b);
}

/* A ParkAPI v3 body of n small entries scattered around 48.0/7.85, every tenth a site. */
static char *small_body(int from, int n, size_t *len)
{
	size_t cap = (size_t)n * 96 + 64, w = 0;
	char *s = malloc(cap);
	w += (size_t)snprintf(s + w, cap - w, "{\"items\":[");
	for (int i = from; i < from + n; i++) {
		unsigned h = (unsigned)i * 2654435761u;
		double dlat = (double)(h % 20001) / 1e6 - 0.01, dlon = (double)(h >> 20) / 4e7;
		w += (size_t)snprintf(s + w, cap - w, "%s{\"id\":%d,\"lat\":%.6f,\"lon\":%.6f%s}",
		                      i > from ? "," : "", i, 48.0 + dlat, 7.85 + dlon,
		                      i % 10 ? "" : ",\"capacity\":5");
	}
	w += (size_t)snprintf(s + w, cap - w, "]}");
	*len = w;
	return s;
}

/* An NGSI v2 keyValues list of n spots scattered as small_body's, every third free. */
static char *ngsi_body(int from, int n, size_t *len)
{
	size_t cap = (size_t)n * 160 + 64, w = 0;
	char *s = malloc(cap);
	s[w++] = '[';
	for (int i = from; i < from + n; i++) {
		unsigned h = (unsigned)i * 2654435761u;
		double dlat = (double)(h % 20001) / 1e6 - 0.01, dlon = (double)(h >> 20) / 4e7;
		w += (size_t)snprintf(
		    s + w, cap - w,
		    "%s{\"id\":\"urn:spot:%d\",\"type\":\"ParkingSpot\",\"status\":"
		    "\"%s\",\"location\":{\"type\":\"Point\",\"coordinates\":[%.6f,"
		    "%.6f]}}",
		    i > from ? "," : "", i, i % 3 ? "occupied" : "free", 7.85 + dlon, 48.0 + dlat);
	}
	s[w++] = ']';
	s[w] = '\0';
	*len = w;
	return s;
}

/* Ties and mess for the raw-byte prefilter (feed_place.h): entries at three distances only,
 * and items in every shape the prefilter must leave to cJSON or read alike: string
 * coordinates, escaped keys, skipped purposes, non-live status, numbers strtod must read
 * (17 digits, exponents), escapes in read strings, a null id before a usable uid. */
static char *messy_body(int from, int n, size_t *len)
{
	size_t cap = (size_t)n * 200 + 64, w = 0;
	char *s = malloc(cap);
	w += (size_t)snprintf(s + w, cap - w, "{\"items\":[");
	for (int i = from; i < from + n; i++) {
		double lat = 48.0 + (i % 3) * 1e-3;
		const char *sep = i > from ? "," : "";
		const char *st = i % 5 ? "TAKEN" : "AVAILABLE";
		switch (i % 8) {
		case 0:
			w += (size_t)snprintf(s + w, cap - w,
			                      "%s{\"id\":%d,\"lat\":%.6f,\"lon\":7.85,"
			                      "\"realtime_status\":\"%s\"}",
			                      sep, i, lat, st);
			break;
		case 1:
			w += (size_t)snprintf(s + w, cap - w,
			                      "%s{\"id\":%d,\"lat\":\"%.6f\",\"lon\":\" 7.85\"}",
			                      sep, i, lat);
			break;
		case 2:
			w += (size_t)snprintf(s + w, cap - w,
			                      "%s{\"id\":%d,\"l\\u0061t\":%.6f,\"lat\":%.6f,"
			                      "\"lon\":7.85}",
			                      sep, i, lat + 1, lat);
			break;
		case 3:
			w += (size_t)snprintf(s + w, cap - w,
			                      "%s{\"id\":%d,\"purpose\":\"%s\",\"lat\":%.6f,"
			                      "\"lon\":7.85}",
			                      sep, i, i % 16 == 3 ? "BIKE" : "c\\u0061r", lat);
			break;
		case 4:
			w += (size_t)snprintf(
			    s + w, cap - w,
			    "%s{\"id\":%d,\"has_realtime_data\":false,\"lat\":%.6f,"
			    "\"lon\":7.85,\"realtime_status\":\"AVAILABLE\"}",
			    sep, i, lat);
			break;
		case 5:
			w += (size_t)snprintf(s + w, cap - w,
			                      "%s{\"id\":%d,\"lat\":%.17g,\"lon\":785e-2,"
			                      "\"capacity\":3}",
			                      sep, i, lat + 1e-13);
			break;
		case 6:
			w += (size_t)snprintf(
			    s + w, cap - w,
			    "%s{\"id\":null,\"uid\":\"u%d\",\"lat\":%.6f,"
			    "\"lon\":7.85,\"realtime_status\":\"AVAIL\\u0041BLE\"}",
			    sep, i, lat);
			break;
		default:
			w += (size_t)snprintf(
			    s + w, cap - w,
			    "%s {\"id\": \"\\u00e9%d\", \"lat\" : %.6f , \"lon\":7.85,"
			    " \"realtime_status\": \"%s\", \"x\": [1, {\"y\": [true]}]}",
			    sep, i, lat, st);
			break;
		}
	}
	w += (size_t)snprintf(s + w, cap - w, "]}");
	*len = w;
	return s;
}

static bool same_entry(const struct model_entry *a, const struct model_entry *b)
{
	/* Field by field: the bytes after a text's NUL differ between two reads. */
	return a->kind == b->kind && strcmp(a->id, b->id) == 0 && strcmp(a->name, b->name) == 0 &&
	       strcmp(a->address, b->address) == 0 &&
	       strcmp(a->opening_hours, b->opening_hours) == 0 && a->has_pos == b->has_pos &&
	       a->lat == b->lat && a->lon == b->lon && a->type == b->type && a->total == b->total &&
	       a->free == b->free && a->total_disabled == b->total_disabled &&
	       a->free_disabled == b->free_disabled && a->open == b->open && a->spot == b->spot &&
	       a->disabled == b->disabled && a->max_height_cm == b->max_height_cm &&
	       a->updated_at == b->updated_at && a->feed == b->feed && a->role == b->role &&
	       a->occupied == b->occupied && a->occupancy == b->occupancy;
}

/* What keeping the nearest of the whole body must give: the body read in parts of at
 * most FEED_MAX_ENTRIES items each, every part whole, and model_keep_nearest over all. */
static void nearest_reference(char *(*make)(int, int, size_t *), int n, const struct model_keep *k,
                              enum feed_format fmt, struct model *ref)
{
	for (int from = 0; from < n; from += 40000) {
		size_t l;
		char *part = make(from, n - from < 40000 ? n - from : 40000, &l);
		struct feed_info info;
		char err[200];
		CHECK_INT(feed_parse(fmt, part, l, ref, &info, err, sizeof err), PK_OK);
		free(part);
	}
	model_keep_nearest(ref, k);
}

/* Bodies with more entries than FEED_MAX_ENTRIES are read when only the nearest are kept
 * (issue 16): 55,000 spots (18 MB) and 120,000 small entries, the kept ones exactly those
 * that keeping the nearest of all of them gives, the cap on what is kept. */
static void nearest_while_reading(void)
{
	struct {
		char *(*make)(int, int, size_t *);
		int n;
		struct model_keep k;
		enum feed_format fmt;
	} cases[] = {
	    {spots_body, 55000, {47.99 + 30000e-5, 7.85, 1000, 64}, FEED_PARKAPI3},
	    {small_body, 120000, {48.0, 7.85, 1000, 64}, FEED_PARKAPI3},
	    {ngsi_body, 60000, {48.0, 7.85, 1000, 64}, FEED_NGSI},
	    {messy_body, 56000, {48.0, 7.85, 1000, 64}, FEED_PARKAPI3},
	    {messy_body, 56000, {48.0, 7.85, 10, 3}, FEED_PARKAPI3},
	};
	for (size_t c = 0; c < sizeof cases / sizeof *cases; c++) {
		size_t len;
		char *body = cases[c].make(0, cases[c].n, &len);
		struct model m, ref;
		model_init(&m);
		model_init(&ref);
		struct feed_info info;
		char err[200];
		/* Without keeping: over the entry cap, refused. */
		CHECK_INT(feed_parse(FEED_AUTO, body, len, &m, &info, err, sizeof err),
		          PK_ERR_TOO_BIG);
		CHECK_INT(m.n, 0);
		CHECK_INT(feed_parse_nearest(FEED_AUTO, body, len, &cases[c].k, &m, &info, err,
		                             sizeof err),
		          PK_OK);
		nearest_reference(cases[c].make, cases[c].n, &cases[c].k, cases[c].fmt, &ref);
		const struct model_keep *k = &cases[c].k;
		CHECK(ref.n > k->max_per_kind && ref.n <= 2 * k->max_per_kind + k->max_free_spots);
		CHECK_INT(m.n, ref.n);
		CHECK_INT(info.items, cases[c].n);
		CHECK_INT(info.dropped, (size_t)cases[c].n - info.skipped - ref.n);
		bool same = m.n == ref.n;
		for (size_t i = 0; same && i < m.n; i++)
			same = same_entry(&m.v[i], &ref.v[i]);
		CHECK(same);
		free(body);
		model_finish(&m);
		model_finish(&ref);
	}
	/* A body under the slicing size with more entries than the cap is read too. */
	size_t len;
	char *body = small_body(0, 52000, &len);
	CHECK(len < 4u * 1024 * 1024);
	struct model m;
	model_init(&m);
	struct feed_info info;
	struct model_keep k = {48.0, 7.85, 10, 0};
	CHECK_INT(feed_parse_nearest(FEED_PARKAPI3, body, len, &k, &m, &info, NULL, 0), PK_OK);
	CHECK_INT(m.n, 20);
	free(body);
	model_finish(&m);
}

static void keep_nearest(void)
{
	struct model m;
	model_init(&m);
	for (int i = 0; i < 50; i++) {
		struct model_entry *e = model_push(&m, i % 2 ? MODEL_SITE : MODEL_SPOT);
		snprintf(e->id, sizeof e->id, "%d", i);
		e->has_pos = i != 7; /* one without a position: kept (a DATEX II status record) */
		e->lat = 48.0 + (50 - i) * 1e-3; /* the later, the nearer */
		e->lon = 7.85;
		e->spot = i % 4 == 0 ? MODEL_SPOT_FREE : MODEL_SPOT_TAKEN;
	}
	struct model_keep k = {48.0, 7.85, 5, 2};
	size_t dropped = model_keep_nearest(&m, &k);
	/* 5 nearest spots (even ids 48..40), 5 nearest sites (odd 49..41), 2 nearest free
	 * spots beyond (ids 36, 32), and id 7. */
	CHECK_INT(m.n, 13);
	CHECK_INT(dropped, 37);
	CHECK(m.cap == m.n); /* the memory of the dropped ones is given back */
	const char *want[] = {"7",  "32", "36", "40", "41", "42", "43",
	                      "44", "45", "46", "47", "48", "49"};
	for (size_t i = 0; i < m.n && i < 13; i++)
		CHECK_STR(m.v[i].id, want[i]); /* order kept */
	/* Under the bound nothing is dropped. */
	struct model_keep big = {48.0, 7.85, 100, 0};
	CHECK_INT(model_keep_nearest(&m, &big), 0);
	CHECK_INT(m.n, 13);
	model_finish(&m);

	/* model_take hands an array over into an empty model, appends otherwise. */
	struct model a, b;
	model_init(&a);
	model_init(&b);
	model_push(&b, MODEL_SPOT);
	struct model_entry *v = b.v;
	CHECK(model_take(&a, &b));
	CHECK(a.v == v && a.n == 1 && b.n == 0 && b.v == NULL);
	model_push(&b, MODEL_SITE);
	CHECK(model_take(&a, &b));
	CHECK_INT(a.n, 2);
	CHECK_INT(b.n, 0);
	model_finish(&a);
	model_finish(&b);
}

#if defined(__SANITIZE_ADDRESS__)
#define UNDER_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define UNDER_ASAN 1
#endif
#endif

/* Out of memory during a parse is named as such, never "malformed JSON". A child process
 * parses under an address-space limit (not under ASan, whose shadow memory needs more). */
static void out_of_memory_is_named(void)
{
#ifndef UNDER_ASAN
	size_t n = 1400000, len = 2 * n + 1;
	char *body = malloc(len + 1);
	body[0] = '[';
	for (size_t i = 0; i < n; i++) {
		body[1 + 2 * i] = '1';
		body[2 + 2 * i] = i + 1 < n ? ',' : ']';
	}
	body[len] = '\0';
	pid_t pid = fork();
	if (pid == 0) {
		long pages = 0;
		char statm[64] = "";
		FILE *f = fopen("/proc/self/statm", "r");
		if (!f || !fgets(statm, sizeof statm, f))
			_exit(3);
		fclose(f);
		for (const char *p = statm; *p >= '0' && *p <= '9'; p++)
			pages = pages * 10 + (*p - '0');
		struct rlimit rl;
		rl.rlim_cur = rl.rlim_max =
		    (rlim_t)pages * (rlim_t)sysconf(_SC_PAGESIZE) + 24u * 1024 * 1024;
		setrlimit(RLIMIT_AS, &rl);
		struct model m;
		model_init(&m);
		struct feed_info info;
		char err[200] = "";
		enum pk_err rc = feed_parse(FEED_NGSI, body, len, &m, &info, err, sizeof err);
		fprintf(stderr, "under a 24 MiB headroom: %s\n", err);
		_exit(rc == PK_ERR_NOMEM && strstr(err, "out of memory") &&
		              !strstr(err, "malformed")
		          ? 0
		          : 1);
	}
	int status = 0;
	waitpid(pid, &status, 0);
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	free(body);
#endif
}

/* A key given twice in a feed object: the first wins, whole or sliced (README, honesty). */
static void duplicate_keys(void)
{
	const char *doc = "{\"items\": [{\"id\": 1, \"name\": \"First\", \"name\": \"Second\", "
	                  "\"type\": \"CAR_PARK\", \"lat\": 48.0, \"lon\": 7.8, \"capacity\": 10, "
	                  "\"realtime_free_capacity\": 3, \"realtime_free_capacity\": 9}]}";
	struct model m;
	model_init(&m);
	struct feed_info info;
	char err[200];
	CHECK_INT(feed_parse(FEED_PARKAPI3, doc, strlen(doc), &m, &info, err, sizeof err), PK_OK);
	CHECK_INT(m.n, 1);
	if (m.n == 1) {
		CHECK_STR(m.v[0].name, "First");
		CHECK_INT(m.v[0].free, 3);
	}
	model_finish(&m);
}

int main(void)
{
	duplicate_keys();
	out_of_memory_is_named();
	splitter();
	sliced_equals_whole();
	keep_nearest();
	nearest_while_reading();
	return TEST_END();
}

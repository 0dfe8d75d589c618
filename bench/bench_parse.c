/* Parse + model time for a city-scale feed: synthetic payloads of 5,000 sites and
 * 50,000 spots made from the real fixtures (each item copied with a new id, a moved
 * position and changed counts), in ParkAPI v3 and in NGSI v2 keyValues form. Timed:
 * feed_parse_nearest of both bodies into one model with the fetcher's bound (the 1000
 * nearest sites and spots and 64 free spots beyond), dropping unplaceable entries, and the
 * view for a kiosk position (distances, staleness, sorting) — what a kiosk does per
 * refresh. The "-all" lines keep every entry (feed_parse), for comparison.
 * Usage: bench_parse [RUNS [SITES SPOTS]]   (default 5 runs of 5,000 + 50,000;
 *                                           PARKKIOSK_FIXTURES as for the tests)
 *        bench_parse --write DIR SITES SPOTS   writes the four bodies to DIR
 *        (parkapi3-sites.json, parkapi3-spots.json, ngsi-sites.json, ngsi-spots.json)
 *        for the peers bench.py measures against (Node's JSON.parse, --dump-state). */
#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "feed.h"
#include "log.h"
#include "view.h"

#define N_SITES 5000
#define N_SPOTS 50000
#define NOW 1718007900 /* 2024-06-10T08:25:00Z, five minutes after the fixtures' data */

static double now_ms(clockid_t clk)
{
	struct timespec ts;
	clock_gettime(clk, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static char *read_fixture(const char *rel, size_t *len)
{
	const char *env = getenv("PARKKIOSK_FIXTURES");
	char path[2048];
	snprintf(path, sizeof path, "%s/%s",
	         env && *env ? env : PARKKIOSK_SOURCEDIR "/tests/fixtures", rel);
	FILE *f = fopen(path, "rb");
	if (!f) {
		fprintf(stderr, "bench_parse: cannot open %s\n", path);
		exit(2);
	}
	fseek(f, 0, SEEK_END);
	long n = ftell(f);
	fseek(f, 0, SEEK_SET);
	char *buf = malloc((size_t)n + 1);
	if (!buf || fread(buf, 1, (size_t)n, f) != (size_t)n)
		exit(2);
	buf[n] = '\0';
	fclose(f);
	*len = (size_t)n;
	return buf;
}

/* A deterministic offset in [-span, span]. */
static double jitter(int i, int salt, double span)
{
	unsigned x = (unsigned)i * 2654435761u ^ (unsigned)salt * 40503u;
	x ^= x >> 15;
	x *= 2246822519u;
	x ^= x >> 13;
	return ((double)(x % 20001) / 10000.0 - 1.0) * span;
}

static void set_number(cJSON *o, const char *key, double v)
{
	cJSON_DeleteItemFromObjectCaseSensitive(o, key);
	cJSON_AddNumberToObject(o, key, v);
}

static void set_string(cJSON *o, const char *key, const char *v)
{
	cJSON_DeleteItemFromObjectCaseSensitive(o, key);
	cJSON_AddStringToObject(o, key, v);
}

/* ParkAPI v3: {"items": [...]} with n copies of the fixture's items. */
static char *parkapi3_body(const char *rel, int n, bool spots, size_t *len)
{
	size_t flen;
	char *src = read_fixture(rel, &flen);
	cJSON *doc = cJSON_Parse(src);
	cJSON *items = cJSON_GetObjectItemCaseSensitive(doc, "items");
	int k = cJSON_GetArraySize(items);
	cJSON *out = cJSON_CreateObject(), *arr = cJSON_AddArrayToObject(out, "items");
	for (int i = 0; i < n; i++) {
		cJSON *it = cJSON_Duplicate(cJSON_GetArrayItem(items, i % k), 1);
		char uid[32];
		snprintf(uid, sizeof uid, "%c%d", spots ? 'B' : 'P', i);
		set_number(it, "id", i + 1);
		set_string(it, "original_uid", uid);
		double lat = cJSON_GetObjectItemCaseSensitive(it, "lat")->valuedouble;
		double lon = cJSON_GetObjectItemCaseSensitive(it, "lon")->valuedouble;
		set_number(it, "lat", lat + jitter(i, 1, 0.08));
		set_number(it, "lon", lon + jitter(i, 2, 0.12));
		if (spots) {
			set_string(it, "realtime_status", i % 3 ? "AVAILABLE" : "TAKEN");
		} else {
			const cJSON *cap = cJSON_GetObjectItemCaseSensitive(it, "capacity");
			int c = cJSON_IsNumber(cap) ? cap->valueint : 0;
			set_number(it, "realtime_free_capacity", c > 0 ? (i * 7) % (c + 1) : 0);
		}
		cJSON_AddItemToArray(arr, it);
	}
	cJSON_AddNumberToObject(out, "total_count", n);
	char *body = cJSON_PrintUnformatted(out);
	cJSON_Delete(out);
	cJSON_Delete(doc);
	free(src);
	*len = strlen(body);
	return body;
}

/* NGSI v2 keyValues: an array of n copies of one entity, moved near Freiburg. */
static char *ngsi_body(const char *rel, int n, bool spots, size_t *len)
{
	size_t flen;
	char *src = read_fixture(rel, &flen);
	cJSON *ent = cJSON_Parse(src);
	cJSON *arr = cJSON_CreateArray();
	for (int i = 0; i < n; i++) {
		cJSON *it = cJSON_Duplicate(ent, 1);
		char id[64];
		snprintf(id, sizeof id, "urn:ngsi-ld:%s:bench-%d", spots ? "ParkingSpot" : "Site",
		         i);
		set_string(it, "id", id);
		cJSON *loc = cJSON_GetObjectItemCaseSensitive(it, "location");
		cJSON *co = cJSON_GetObjectItemCaseSensitive(loc, "coordinates");
		cJSON_ReplaceItemInArray(co, 0, cJSON_CreateNumber(7.8492 + jitter(i, 2, 0.12)));
		cJSON_ReplaceItemInArray(co, 1, cJSON_CreateNumber(47.9947 + jitter(i, 1, 0.08)));
		if (spots) {
			set_string(it, "status", i % 3 ? "free" : "occupied");
			cJSON_DeleteItemFromObjectCaseSensitive(it, "category");
			cJSON *cat = cJSON_AddArrayToObject(it, "category");
			cJSON_AddItemToArray(cat, cJSON_CreateString("onStreet"));
			cJSON_AddItemToArray(cat, cJSON_CreateString("forDisabled"));
			set_string(it, "dateModified", "2024-06-10T08:20:00Z");
		} else {
			set_number(it, "availableSpotNumber", (i * 7) % 415);
			set_string(it, "dateModified", "2024-06-10T08:20:00Z");
			set_string(it, "occupancyModified", "2024-06-10T08:20:00Z");
		}
		cJSON_AddItemToArray(arr, it);
	}
	char *body = cJSON_PrintUnformatted(arr);
	cJSON_Delete(arr);
	cJSON_Delete(ent);
	free(src);
	*len = strlen(body);
	return body;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

static double median(double *v, int n)
{
	qsort(v, (size_t)n, sizeof *v, cmp_double);
	return v[n / 2];
}

static long vm_hwm_kib(void)
{
	FILE *f = fopen("/proc/self/status", "r");
	char line[256];
	long kib = -1;
	while (f && fgets(line, sizeof line, f))
		if (sscanf(line, "VmHWM: %ld kB", &kib) == 1)
			break;
	if (f)
		fclose(f);
	return kib;
}

static int bench(const char *name, enum feed_format fmt, const char *sites, size_t sites_len,
                 const char *spots, size_t spots_len, int runs, bool all)
{
	/* As the fetcher keeps them (fetch.c hub_init). */
	const struct model_keep keep = {47.9947, 7.8492, MODEL_KEEP_DEFAULT_MAX,
	                                MODEL_KEEP_DEFAULT_FREE};
	double *ps = calloc((size_t)runs, sizeof(double)),
	       *pp = calloc((size_t)runs, sizeof(double));
	double *pv = calloc((size_t)runs, sizeof(double)),
	       *tot = calloc((size_t)runs, sizeof(double));
	double *cpu = calloc((size_t)runs, sizeof(double));
	size_t entries = 0, n_spots = 0, n_sites = 0;
	int rc = 0;
	for (int r = 0; r < runs; r++) {
		struct model m;
		struct view v;
		struct feed_info info;
		char err[256];
		model_init(&m);
		view_init(&v);
		double c0 = now_ms(CLOCK_PROCESS_CPUTIME_ID);
		double t0 = now_ms(CLOCK_MONOTONIC);
		if (feed_parse_nearest(fmt, sites, sites_len, all ? NULL : &keep, &m, &info, err,
		                       sizeof err) != PK_OK) {
			fprintf(stderr, "bench_parse: %s sites: %s\n", name, err);
			rc = 1;
		}
		double t1 = now_ms(CLOCK_MONOTONIC);
		if (feed_parse_nearest(fmt, spots, spots_len, all ? NULL : &keep, &m, &info, err,
		                       sizeof err) != PK_OK) {
			fprintf(stderr, "bench_parse: %s spots: %s\n", name, err);
			rc = 1;
		}
		model_drop_unplaceable(&m);
		double t2 = now_ms(CLOCK_MONOTONIC);
		struct view_params p = {47.9947, 7.8492, NOW, 900, 1000, 3000, 3};
		if (view_build(&v, &m, &p) != PK_OK)
			rc = 1;
		double t3 = now_ms(CLOCK_MONOTONIC);
		cpu[r] = now_ms(CLOCK_PROCESS_CPUTIME_ID) - c0;
		ps[r] = t1 - t0, pp[r] = t2 - t1, pv[r] = t3 - t2, tot[r] = t3 - t0;
		entries = m.n, n_spots = v.n_spots, n_sites = v.n_sites;
		view_finish(&v);
		model_finish(&m);
	}
	printf("parse %-8s sites %.1f MB + spots %.1f MB -> %zu entries (view: %zu spaces, %zu "
	       "car parks): sites %.1f ms, spots %.1f ms, view %.1f ms, total median %.1f ms "
	       "(cpu %.1f ms), peak RSS so far %ld KiB\n",
	       name, (double)sites_len / 1e6, (double)spots_len / 1e6, entries, n_spots, n_sites,
	       median(ps, runs), median(pp, runs), median(pv, runs), median(tot, runs),
	       median(cpu, runs), vm_hwm_kib());
	fflush(stdout);
	free(ps), free(pp), free(pv), free(tot), free(cpu);
	return rc;
}

static int write_body(const char *dir, const char *name, char *body, size_t len)
{
	char path[2048];
	snprintf(path, sizeof path, "%s/%s", dir, name);
	FILE *f = fopen(path, "wb");
	int rc = f && fwrite(body, 1, len, f) == len ? 0 : 1;
	if (f && fclose(f) != 0)
		rc = 1;
	if (rc)
		fprintf(stderr, "bench_parse: cannot write %s\n", path);
	cJSON_free(body);
	return rc;
}

static int count_arg(const char *s, int fallback)
{
	long v = s ? strtol(s, NULL, 10) : fallback;
	return v >= 1 && v <= 1000000 ? (int)v : fallback;
}

int main(int argc, char **argv)
{
	log_set_level(LOG_WARN);
	size_t a_len, b_len;
	if (argc == 5 && strcmp(argv[1], "--write") == 0) {
		int ns = count_arg(argv[3], N_SITES), np = count_arg(argv[4], N_SPOTS);
		const char *d = argv[2];
		char *body =
		    parkapi3_body("parkapi-v3/freiburg-parking-sites.json", ns, false, &a_len);
		int rc = write_body(d, "parkapi3-sites.json", body, a_len);
		body = parkapi3_body("parkapi-v3/freiburg-parking-spots-disabled.json", np, true,
		                     &a_len);
		rc |= write_body(d, "parkapi3-spots.json", body, a_len);
		body =
		    ngsi_body("fiware/OffStreetParking-keyValues-ngsiv2.json", ns, false, &a_len);
		rc |= write_body(d, "ngsi-sites.json", body, a_len);
		body = ngsi_body("fiware/ParkingSpot-keyValues-ngsiv2.json", np, true, &a_len);
		rc |= write_body(d, "ngsi-spots.json", body, a_len);
		return rc;
	}
	int runs = count_arg(argc > 1 ? argv[1] : NULL, 5);
	int n_sites = count_arg(argc > 3 ? argv[2] : NULL, N_SITES);
	int n_spots = count_arg(argc > 3 ? argv[3] : NULL, N_SPOTS);
	char *a = parkapi3_body("parkapi-v3/freiburg-parking-sites.json", n_sites, false, &a_len);
	char *b =
	    parkapi3_body("parkapi-v3/freiburg-parking-spots-disabled.json", n_spots, true, &b_len);
	int rc = bench("parkapi3", FEED_PARKAPI3, a, a_len, b, b_len, runs, false);
	rc |= bench("parkapi3-all", FEED_PARKAPI3, a, a_len, b, b_len, runs, true);
	cJSON_free(a);
	cJSON_free(b);
	a = ngsi_body("fiware/OffStreetParking-keyValues-ngsiv2.json", n_sites, false, &a_len);
	b = ngsi_body("fiware/ParkingSpot-keyValues-ngsiv2.json", n_spots, true, &b_len);
	rc |= bench("ngsi-kv", FEED_NGSI, a, a_len, b, b_len, runs, false);
	rc |= bench("ngsi-kv-all", FEED_NGSI, a, a_len, b, b_len, runs, true);
	cJSON_free(a);
	cJSON_free(b);
	return rc;
}

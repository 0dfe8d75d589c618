/* Soak: many refresh cycles in one process, the way a kiosk lives for months. Each cycle
 * parses a freshly mutated ParkAPI v3 body (a random subset of the Freiburg sites or
 * spots, digits changed, now and then a corrupt byte), builds the view, lays out a frame
 * with a fake measurer at a changing size, language and page, writes --dump-state JSON
 * and frees what a cycle owns; the long-lived model, view and layout are reused as the
 * app reuses them. Memory in use (mallinfo2) and RSS are compared between the end of a
 * warm-up and the last cycle: a kiosk must not grow.
 * Usage: soak [CYCLES [MAX_GROWTH_BYTES]]   (defaults 100000 and 1 MiB) */
#include <cjson/cJSON.h>
#include <malloc.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "dump.h"
#include "feed.h"
#include "fetch.h"
#include "i18n.h"
#include "layout.h"
#include "testlib.h"
#include "text.h"
#include "view.h"

#if defined(__SANITIZE_ADDRESS__)
#define SOAK_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define SOAK_ASAN 1
#endif
#endif
#ifndef SOAK_ASAN
#define SOAK_ASAN 0
#endif

#define MAX_ITEMS 64
#define T0 1718007600 /* 2024-06-10T08:20:00Z, the fixtures' realtime time */

struct corpus {
	char *items[MAX_ITEMS]; /* owned: one item each, printed without whitespace */
	size_t n;
};

static uint64_t rng = 0x9E3779B97F4A7C15ULL;

static uint64_t rnd(void)
{
	rng ^= rng >> 12;
	rng ^= rng << 25;
	rng ^= rng >> 27;
	return rng * 0x2545F4914F6CDD1DULL;
}

static size_t rnd_below(size_t n)
{
	return n ? (size_t)(rnd() % n) : 0;
}

static void corpus_load(struct corpus *c, const char *rel)
{
	size_t len;
	char *body = test_read_file(test_fixture(rel), &len);
	cJSON *doc = cJSON_ParseWithLength(body, len);
	const cJSON *items = cJSON_GetObjectItemCaseSensitive(doc, "items");
	const cJSON *it;
	c->n = 0;
	cJSON_ArrayForEach(it, items)
	{
		if (c->n < MAX_ITEMS)
			c->items[c->n++] = cJSON_PrintUnformatted(it);
	}
	cJSON_Delete(doc);
	free(body);
	if (c->n == 0) {
		fprintf(stderr, "soak: no items in %s\n", rel);
		exit(2);
	}
}

static void corpus_free(struct corpus *c)
{
	for (size_t i = 0; i < c->n; i++)
		cJSON_free(c->items[i]);
}

/* Appends s to the growing buffer. */
static void put(char **buf, size_t *len, size_t *cap, const char *s, size_t n)
{
	if (*len + n + 1 > *cap) {
		size_t nc = *cap ? *cap : 4096;
		while (nc < *len + n + 1)
			nc *= 2;
		char *p = realloc(*buf, nc);
		if (!p) {
			fprintf(stderr, "soak: out of memory\n");
			exit(2);
		}
		*buf = p;
		*cap = nc;
	}
	memcpy(*buf + *len, s, n);
	*len += n;
	(*buf)[*len] = '\0';
}

/* A body of a random subset of the corpus in random order, with changed digits (counts,
 * positions, times: a digit after a digit, so numbers stay numbers) and, one cycle in
 * sixteen, one random byte anywhere (usually a parse failure). Caller frees. */
static char *mutated_body(const struct corpus *c, size_t *out_len)
{
	char *buf = NULL;
	size_t len = 0, cap = 0;
	size_t take = 1 + rnd_below(c->n);
	put(&buf, &len, &cap, "{\"items\":[", 10);
	for (size_t k = 0; k < take; k++) {
		const char *it = c->items[rnd_below(c->n)];
		if (k)
			put(&buf, &len, &cap, ",", 1);
		put(&buf, &len, &cap, it, strlen(it));
	}
	put(&buf, &len, &cap, "]}", 2);
	size_t changes = 1 + rnd_below(12);
	for (size_t k = 0; k < changes; k++) {
		size_t at = 1 + rnd_below(len - 1);
		if (buf[at] >= '0' && buf[at] <= '9' && buf[at - 1] >= '0' && buf[at - 1] <= '9')
			buf[at] = (char)('0' + rnd_below(10));
	}
	if (rnd_below(16) == 0)
		buf[rnd_below(len)] = (char)rnd_below(256);
	*out_len = len;
	return buf;
}

static int fake_width(void *ud, enum font_style st, int px, const char *s)
{
	(void)ud;
	return (int)text_utf8_count(s) * px / 2 + (st == FONT_BOLD ? 1 : 0);
}

static size_t in_use(void)
{
#if defined(__GLIBC__) && (__GLIBC__ > 2 || (__GLIBC__ == 2 && __GLIBC_MINOR__ >= 33))
	struct mallinfo2 mi = mallinfo2();
	return mi.uordblks + mi.hblkhd;
#else
	return 0;
#endif
}

static long rss_kib(void)
{
	FILE *f = fopen("/proc/self/status", "r");
	char line[256];
	long kib = -1;
	if (!f)
		return -1;
	while (fgets(line, sizeof line, f))
		if (sscanf(line, "VmRSS: %ld kB", &kib) == 1)
			break;
	fclose(f);
	return kib;
}

static double mono_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
	long cycles = argc > 1 ? atol(argv[1]) : 100000;
	long max_growth = argc > 2 ? atol(argv[2]) : 1024L * 1024;
	long warmup = cycles / 20 > 2000 ? 2000 : cycles / 20;
	if (cycles < 1) {
		fprintf(stderr, "usage: soak [CYCLES [MAX_GROWTH_BYTES]]\n");
		return 2;
	}

	struct i18n *i18n = NULL;
	char err[256];
	if (i18n_create(&i18n, test_source("locales"), err, sizeof err) != PK_OK) {
		fprintf(stderr, "soak: %s\n", err);
		return 2;
	}
	static const int sizes[][2] = {{1920, 1080}, {1080, 1920}, {3840, 2160}, {800, 480}};
	struct corpus sites, spots;
	corpus_load(&sites, "parkapi-v3/freiburg-parking-sites.json");
	corpus_load(&spots, "parkapi-v3/freiburg-parking-spots-disabled.json");

	/* Long-lived, as in struct app. */
	struct model model, feed_data[2];
	struct view view;
	struct layout layout;
	model_init(&model);
	model_init(&feed_data[0]);
	model_init(&feed_data[1]);
	view_init(&view);
	layout_init(&layout);
	struct fetch_status st[2];
	memset(st, 0, sizeof st);
	snprintf(st[0].name, sizeof st[0].name, "sites");
	snprintf(st[1].name, sizeof st[1].name, "spots");
	const struct layout_measure measure = {fake_width, 0.7, 1.25, NULL};

	size_t base_use = 0, peak_use = 0;
	long base_rss = 0;
	long parsed = 0, refused = 0, entries = 0, cmds = 0, dump_bytes = 0;
	double t0 = mono_s();
	for (long cyc = 0; cyc < cycles; cyc++) {
		int which = (int)(cyc & 1);
		int64_t now = T0 + (int64_t)rnd_below(3600) - 600;

		/* A feed's new body: parse into a fresh model, then it replaces the old. */
		size_t len;
		char *body = mutated_body(which ? &spots : &sites, &len);
		struct model fresh;
		model_init(&fresh);
		struct feed_info info;
		char why[256];
		if (feed_parse(FEED_PARKAPI3, body, len, &fresh, &info, why, sizeof why) == PK_OK) {
			model_drop_unplaceable(&fresh);
			struct model old = feed_data[which];
			feed_data[which] = fresh;
			fresh = old;
			st[which].has_data = true;
			st[which].entries = feed_data[which].n;
			st[which].last_success = now;
			st[which].consecutive_failures = 0;
			st[which].last_error[0] = '\0';
			parsed++;
		} else {
			st[which].consecutive_failures++;
			text_copy(st[which].last_error, sizeof st[which].last_error, why);
			refused++;
		}
		st[which].last_attempt = now;
		model_finish(&fresh);
		free(body);

		/* fetcher_poll: the combined model, rebuilt in place. */
		model_clear(&model);
		for (int f = 0; f < 2; f++) {
			size_t start = model.n;
			if (!model_append(&model, &feed_data[f])) {
				fprintf(stderr, "soak: out of memory\n");
				return 2;
			}
			for (size_t j = start; j < model.n; j++)
				model.v[j].feed = f;
		}
		entries += (long)model.n;

		struct view_params vp = {.lat = 47.9947,
		                         .lon = 7.8492,
		                         .now = now,
		                         .stale_after_s = 900,
		                         .nearby_m = 1000,
		                         .sites_radius_m = 3000,
		                         .max_alternatives = 3};
		view_finish(&view);
		if (view_build(&view, &model, &vp) != PK_OK) {
			fprintf(stderr, "soak: view_build failed\n");
			return 2;
		}

		const int *wh = sizes[rnd_below(sizeof sizes / sizeof sizes[0])];
		size_t n_entries = view.n_spots + view.n_sites;
		struct layout_input in = {
		    .view = &view,
		    .lang = i18n_at(i18n, rnd_below(i18n_count(i18n))), /* every language */
		    .w = wh[0],
		    .h = wh[1],
		    .px_per_mm = layout_px_per_mm(wh[0], wh[1], 600),
		    .viewing_distance_m = 1.0 + (double)rnd_below(30) / 10,
		    .display_mode = rnd_below(2),
		    .page = (int)(cyc % 7),
		    .focus = n_entries && rnd_below(3) == 0 ? (int)rnd_below(n_entries) : -1,
		    .place = "Freiburg Altstadt",
		    .now = now,
		    .utc_offset_s = 7200,
		    .sources_current = (int)rnd_below(3),
		    .sources_total = 2,
		    .audio_active = rnd_below(4) == 0,
		    .warning = rnd_below(16) == 0,
		    .details = rnd_below(8) == 0 ? "Kollegiengebäude, Werthmannstraße 1: "
		                                   "three accessible spaces on level 1, lift"
		                                 : NULL,
		};
		if (!in.lang || layout_compute(&layout, &in, &measure) != PK_OK) {
			fprintf(stderr, "soak: layout_compute failed\n");
			return 2;
		}
		cmds += (long)layout.n;

		struct dump_ctx dc = {.view = &view,
		                      .lat = vp.lat,
		                      .lon = vp.lon,
		                      .place = "Freiburg Altstadt",
		                      .stale_after_s = 900,
		                      .feeds = st,
		                      .n_feeds = 2};
		char *json = dump_state_json(&dc);
		if (!json) {
			fprintf(stderr, "soak: dump_state_json failed\n");
			return 2;
		}
		dump_bytes += (long)strlen(json);
		free(json);

		size_t use = in_use();
		if (cyc + 1 == warmup) {
			base_use = use;
			base_rss = rss_kib();
		}
		if (cyc >= warmup && use > peak_use)
			peak_use = use;
		if ((cyc + 1) % (cycles / 10 > 0 ? cycles / 10 : 1) == 0)
			printf("soak: %ld cycles, %.1f s, in use %zu B, RSS %ld KiB\n", cyc + 1,
			       mono_s() - t0, use, rss_kib());
	}
	double secs = mono_s() - t0;
	size_t end_use = in_use();
	long end_rss = rss_kib();

	layout_finish(&layout);
	view_finish(&view);
	model_finish(&model);
	model_finish(&feed_data[0]);
	model_finish(&feed_data[1]);
	corpus_free(&sites);
	corpus_free(&spots);
	i18n_destroy(i18n);

	long use_growth = (long)end_use - (long)base_use;
	long peak_growth = (long)peak_use - (long)base_use;
	long rss_growth = (end_rss - base_rss) * 1024;
	printf("soak: %ld cycles in %.1f s (%.0f us/cycle): %ld bodies parsed, %ld refused, "
	       "%.1f entries, %.0f draw commands, %.0f dump bytes per cycle\n",
	       cycles, secs, secs * 1e6 / (double)cycles, parsed, refused,
	       (double)entries / (double)cycles, (double)cmds / (double)cycles,
	       (double)dump_bytes / (double)cycles);
	printf("soak: after the %ld-cycle warm-up: heap in use %+ld B (peak %+ld B), RSS %+ld B "
	       "(%ld -> %ld KiB); limit %ld B\n",
	       warmup, use_growth, peak_growth, rss_growth, base_rss, end_rss, max_growth);
	CHECK(parsed > cycles / 2); /* the mutations mostly keep a feed valid */
	CHECK(refused > 0);         /* and the failure path ran too */
	if (SOAK_ASAN) {
		/* ASan's allocator has its own quarantine: growth figures mean nothing here;
		 * LeakSanitizer checks every allocation at exit instead. */
		printf("soak: sanitizer build, growth not judged\n");
	} else {
		CHECK(base_use > 0);
		CHECK(use_growth <= max_growth);
		CHECK(peak_growth <= max_growth);
		CHECK(rss_growth <= max_growth);
	}
	return TEST_END();
}

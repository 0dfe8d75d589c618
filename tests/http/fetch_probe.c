/* A small driver for the HTTP tests: builds a config from argv, runs fetch_once or a
 * fetcher for some seconds, then prints the model and statuses as tab-separated lines:
 *   status<TAB>feed=0<TAB>name=…<TAB>has_data=1<TAB>entries=19<TAB>http=200<TAB>…
 *   entry<TAB>feed=0<TAB>kind=site<TAB>id=…<TAB>name=…<TAB>free=…<TAB>updated_at=…
 *   run<TAB>polls=N<TAB>wakes=N<TAB>destroy_ms=N        (run mode only)
 * Usage: fetch_probe once|run SECONDS [options] [feed options] FEED...
 *   --cache-dir D --interval S --backoff-max S --max-body N --stale S --deadline S
 *   --now ISO --debug
 *   per feed (before its URL/path): --ca FILE --client-cert FILE --client-key FILE
 *   --header "Name: v" --format F --name N
 *   --feed-interval S */
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "config.h"
#include "feed.h"
#include "fetch.h"
#include "isotime.h"
#include "log.h"
#include "model.h"

static int64_t base_now;
static struct timespec t_start;
static atomic_int wakes;

static int64_t probe_now(void *ud)
{
	(void)ud;
	if (!base_now)
		return (int64_t)time(NULL);
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return base_now + (int64_t)(t.tv_sec - t_start.tv_sec);
}

static void probe_wake(void *ud)
{
	(void)ud;
	atomic_fetch_add(&wakes, 1);
}

static int usage(void)
{
	fprintf(stderr, "usage: fetch_probe once|run SECONDS [options] FEED...\n");
	return 2;
}

static const char *count(int v, char *buf)
{
	if (v == MODEL_UNKNOWN)
		return "unknown";
	sprintf(buf, "%d", v);
	return buf;
}

static void print_state(const struct model *m, const struct fetch_status *st, int n)
{
	for (int i = 0; i < n; i++)
		printf("status\tfeed=%d\tname=%s\thas_data=%d\tentries=%zu\thttp=%d\tfailures=%d\t"
		       "from_cache=%d\tlast_attempt=%lld\tlast_success=%lld\tdata_time=%lld\t"
		       "error=%s\n",
		       i, st[i].name, st[i].has_data, st[i].entries, st[i].last_http,
		       st[i].consecutive_failures, st[i].from_cache, (long long)st[i].last_attempt,
		       (long long)st[i].last_success, (long long)st[i].data_time, st[i].last_error);
	for (size_t i = 0; i < m->n; i++) {
		const struct model_entry *e = &m->v[i];
		char a[16], b[16], c[16], d[16];
		printf("entry\tfeed=%d\tkind=%s\tid=%s\tname=%s\ttotal=%s\tfree=%s\t"
		       "total_disabled=%s\tfree_disabled=%s\topen=%s\tspot=%s\tdisabled=%d\t"
		       "updated_at=%lld\tlat=%.6f\tlon=%.6f\n",
		       e->feed, e->kind == MODEL_SITE ? "site" : "spot", e->id, e->name,
		       count(e->total, a), count(e->free, b), count(e->total_disabled, c),
		       count(e->free_disabled, d), model_open_name(e->open),
		       model_spot_name(e->spot), e->disabled, (long long)e->updated_at, e->lat,
		       e->lon);
	}
}

int main(int argc, char **argv)
{
	if (argc < 3)
		return usage();
	bool once = strcmp(argv[1], "once") == 0;
	if (!once && strcmp(argv[1], "run") != 0)
		return usage();
	double seconds = once ? 0 : atof(argv[2]);
	int i = once ? 2 : 3;

	static struct config cfg; /* zeroed: the fetcher supplies its own defaults */
	cfg.poll_interval_s = 60;
	cfg.backoff_max_s = 600;
	cfg.max_body_bytes = 16L * 1024 * 1024;
	cfg.stale_after_s = 900;
	struct config_feed pending;
	memset(&pending, 0, sizeof pending);
	clock_gettime(CLOCK_MONOTONIC, &t_start);

	for (; i < argc; i++) {
		const char *a = argv[i];
		const char *v = i + 1 < argc ? argv[i + 1] : NULL;
		if (a[0] != '-' || a[1] != '-') {
			if (cfg.n_feeds == CONFIG_MAX_FEEDS)
				return usage();
			snprintf(pending.url, sizeof pending.url, "%s", a);
			cfg.feeds[cfg.n_feeds++] = pending;
			memset(&pending, 0, sizeof pending);
			continue;
		}
		if (strcmp(a, "--debug") == 0) {
			log_set_level(LOG_DEBUG);
			continue;
		}
		if (!v)
			return usage();
		i++;
		if (strcmp(a, "--cache-dir") == 0)
			snprintf(cfg.cache_dir, sizeof cfg.cache_dir, "%s", v);
		else if (strcmp(a, "--interval") == 0)
			cfg.poll_interval_s = atoi(v);
		else if (strcmp(a, "--backoff-max") == 0)
			cfg.backoff_max_s = atoi(v);
		else if (strcmp(a, "--max-body") == 0)
			cfg.max_body_bytes = atol(v);
		else if (strcmp(a, "--deadline") == 0)
			cfg.fetch_deadline_s = atoi(v);
		else if (strcmp(a, "--stale") == 0)
			cfg.stale_after_s = atoi(v);
		else if (strcmp(a, "--now") == 0) {
			if (!isotime_parse(v, &base_now))
				return usage();
		} else if (strcmp(a, "--ca") == 0)
			snprintf(pending.ca_file, sizeof pending.ca_file, "%s", v);
		else if (strcmp(a, "--client-cert") == 0)
			snprintf(pending.client_cert, sizeof pending.client_cert, "%s", v);
		else if (strcmp(a, "--client-key") == 0)
			snprintf(pending.client_key, sizeof pending.client_key, "%s", v);
		else if (strcmp(a, "--header") == 0 && pending.n_headers < CONFIG_MAX_HEADERS)
			snprintf(pending.headers[pending.n_headers++], sizeof pending.headers[0],
			         "%s", v);
		else if (strcmp(a, "--format") == 0) {
			if (!feed_format_parse(v, &pending.format))
				return usage();
		} else if (strcmp(a, "--name") == 0)
			snprintf(pending.name, sizeof pending.name, "%s", v);
		else if (strcmp(a, "--feed-interval") == 0)
			pending.poll_interval_s = atoi(v);
		else
			return usage();
	}

	struct model m;
	struct fetch_status st[CONFIG_MAX_FEEDS];
	memset(st, 0, sizeof st);
	model_init(&m);
	if (once) {
		enum pk_err rc = fetch_once(&cfg, probe_now(NULL), &m, st, CONFIG_MAX_FEEDS);
		if (rc != PK_OK) {
			fprintf(stderr, "fetch_once: %s\n", pk_strerror(rc));
			return 1;
		}
		print_state(&m, st, cfg.n_feeds);
		model_finish(&m);
		return 0;
	}

	struct fetcher *f;
	if (fetcher_create(&f, &cfg, probe_now, probe_wake, NULL) != PK_OK) {
		fprintf(stderr, "fetcher_create failed\n");
		return 1;
	}
	int polls = 0;
	struct timespec t0, t;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (;;) {
		if (fetcher_poll(f, &m, st, CONFIG_MAX_FEEDS))
			polls++;
		clock_gettime(CLOCK_MONOTONIC, &t);
		double el = (double)(t.tv_sec - t0.tv_sec) + (double)(t.tv_nsec - t0.tv_nsec) / 1e9;
		if (el >= seconds)
			break;
		usleep(100 * 1000);
	}
	clock_gettime(CLOCK_MONOTONIC, &t0);
	fetcher_destroy(f);
	clock_gettime(CLOCK_MONOTONIC, &t);
	long destroy_ms =
	    (long)((t.tv_sec - t0.tv_sec) * 1000 + (t.tv_nsec - t0.tv_nsec) / 1000000);
	print_state(&m, st, cfg.n_feeds);
	printf("run\tpolls=%d\twakes=%d\tdestroy_ms=%ld\n", polls, atomic_load(&wakes), destroy_ms);
	model_finish(&m);
	return 0;
}

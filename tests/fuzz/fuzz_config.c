/* libFuzzer target: config_load_json + config_finish on arbitrary bytes, then the same
 * bytes as a feed location and as a command-line override. A refused config must leave
 * the struct as it was; an accepted one must hold only in-range, terminated values. */
#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "config.h"
#include "fuzz_check.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_config(const struct config *c)
{
	if (!isfinite(c->lat) || fabs(c->lat) > 90 || !isfinite(c->lon) || fabs(c->lon) > 180)
		abort();
	if (c->n_feeds < 0 || c->n_feeds > CONFIG_MAX_FEEDS || c->n_langs < 0 ||
	    c->n_langs > CONFIG_MAX_LANGS || c->n_keys < 0 || c->n_keys > CONFIG_MAX_KEYS)
		abort();
	fuzz_check_text(c->place, sizeof c->place);
	fuzz_check_text(c->timezone, sizeof c->timezone);
	if ((c->schedule_off.set && (c->schedule_off.start < 0 || c->schedule_off.end > 1440)) ||
	    (c->schedule_dim.set && (c->schedule_dim.start < 0 || c->schedule_dim.end > 1440)) ||
	    !c->theme)
		abort();
	for (int i = 0; i < c->n_feeds; i++) {
		const struct config_feed *f = &c->feeds[i];
		fuzz_check_text(f->url, sizeof f->url);
		fuzz_check_text(f->name, sizeof f->name);
		if (!config_feed_location_ok(f->url, NULL, 0))
			abort();
		if (f->n_headers < 0 || f->n_headers > CONFIG_MAX_HEADERS)
			abort();
		for (int h = 0; h < f->n_headers; h++) {
			fuzz_check_text(f->headers[h], sizeof f->headers[h]);
			if (!strstr(f->headers[h], ": "))
				abort();
		}
	}
	if (c->poll_interval_s < 5 || c->stale_after_s < 60 || c->warning_s < 20 ||
	    c->max_body_bytes < 1024 || c->viewing_distance_m < 0.2 || c->viewing_distance_m > 30 ||
	    c->display_diagonal_mm <= 0)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct config c, before;
	char err[512];
	config_defaults(&c);
	before = c;
	enum pk_err rc = config_load_json(&c, (const char *)data, size, err, sizeof err);
	if (rc != PK_OK) {
		if (memcmp(&c, &before, sizeof c) != 0 || !err[0])
			abort();
	} else if (config_finish(&c, err, sizeof err) == PK_OK) {
		check_config(&c);
	} else if (!err[0]) {
		abort();
	}

	/* The bytes as a string: a feed location, and command-line values (which go through
	 * the same loader as the file). */
	char *s = malloc(size + 1);
	if (!s)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';
	config_feed_location_ok(s, err, sizeof err);
	static struct cli cli; /* 8 KiB: off the fuzzer's stack */
	char *argv[] = {"parkkiosk", "--feed", s, "--place", s, "--theme", s, NULL};
	if (cli_parse(7, argv, &cli, err, sizeof err) == PK_OK) {
		config_defaults(&c);
		if (cli_apply(&cli, &c, err, sizeof err) == PK_OK &&
		    config_finish(&c, err, sizeof err) == PK_OK)
			check_config(&c);
	}
	free(s);
	return 0;
}

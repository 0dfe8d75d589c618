#!/usr/bin/env python3
"""Mutation check for the feed parsers and the config loader: applies one small bug at a
time (each a feature the brief requires), rebuilds only the unit test that covers it and
expects that test to fail. Restores every file afterwards.

Usage (from the worktree root, after a normal build in build/):
    python3 tests/mutation/mutate_parsers.py [BUILD_DIR]
Prints KILLED / SURVIVED per mutation; exits 1 if any survived or did not apply."""
import os
import subprocess
import sys

root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
os.chdir(root)
build = sys.argv[1] if len(sys.argv) > 1 else "build"
env = dict(os.environ)
env.setdefault("PARKKIOSK_FIXTURES", os.path.join(root, "tests", "fixtures"))
env["PARKKIOSK_SOURCE"] = root
muts = [
 ("src/core/feed/parkapi3.c", 'feed_number(feed_get(it, "lat"), &lat) && feed_number(feed_get(it, "lon"), &lon)', 'feed_number(feed_get(it, "lon"), &lat) && feed_number(feed_get(it, "lat"), &lon)', "test_feed_parkapi3", "lat/lon swapped"),
 ("src/core/feed/parkapi3.c", 'if (purpose && !feed_streq(feed_str(purpose), "CAR")) {', 'if (purpose && 0) {', "test_feed_parkapi3", "purpose filter off"),
 ("src/core/feed/parkapi3.c", 'const cJSON *r = disabled_restriction(it, "restrictions");', 'const cJSON *r = NULL;', "test_feed_parkapi3", "restrictions ignored"),
 ("src/core/feed/parkapi3.c", '		free_d = feed_count(feed_get(it, "realtime_free_capacity_disabled"));', '		free_d = MODEL_UNKNOWN;', "test_feed_parkapi3", "legacy disabled free ignored"),
 ("src/core/feed/parkapi3.c", '	e->free = rt ? feed_count(feed_get(it, "realtime_free_capacity")) : MODEL_UNKNOWN;', '	e->free = rt ? feed_count(feed_get(it, "realtime_free_capacity")) : MODEL_UNKNOWN;\n	if (e->free > e->total) e->free = e->total;', "test_feed_parkapi3", "free clamped to total"),
 ("src/core/feed/parkapi3.c", 'disabled_restriction(it, "restrictions") || disabled_restriction(it, "restricted_to");', 'disabled_restriction(it, "restrictions");', "test_feed_parkapi3", "restricted_to ignored"),
 ("src/core/feed/parkapi3.c", '	bool rt = !cJSON_IsFalse(hrd);', '	bool rt = true; (void)hrd;', "test_feed_parkapi3", "has_realtime_data ignored"),
 ("src/core/feed/parkapi3.c", '	static const char *const keys[] = {"id", "original_uid", "uid"};', '	static const char *const keys[] = {"id", "original_uid"};', "test_feed_parkapi3", "uid ignored"),
 ("src/core/feed/parkapi3.c", '	if (items->child)\n		read_next_path(root, info);', '	read_next_path(root, info);', "test_feed_parkapi3", "paging on empty page"),
 ("src/core/feed/feed_json.c", '	if (d != floor(d) || d > INT_MAX', '	if (d > INT_MAX', "test_feed_parkapi3", "fractional counts accepted"),
 ("src/core/feed/feed_json.c", '	return !(lat == 0 && lon == 0);', '	return true;', "test_feed_parkapi3", "null island accepted"),
 ("src/core/feed/parkenddv1.c", 'feed_number(feed_get(coords, "lng"), &lon)', 'feed_number(feed_get(coords, "lon"), &lon)', "test_feed_parkenddv1", "lng -> lon"),
 ("src/core/feed/parkenddv1.c", '		e->free = MODEL_UNKNOWN;\n	}', '	}', "test_feed_parkenddv1", "nodata keeps free"),
 ("src/core/feed/parkenddv1.c", '		info->feed_time = t;', '		(void)t;', "test_feed_parkenddv1", "last_updated ignored"),
 ("src/core/feed/parkenddv1.c", '	if (contains(t, "tiefgarage") || contains(t, "underground"))', '	if (contains(t, "underground"))', "test_feed_parkenddv1", "Tiefgarage unmapped"),
 ("src/core/feed/ngsi.c", '		ok = point(c, lon, lat);', '		ok = point(c, lat, lon);', "test_feed_ngsi", "GeoJSON order swapped"),
 ("src/core/feed/ngsi.c", '		const cJSON *x = cJSON_GetObjectItemCaseSensitive(v, "value");', '		const cJSON *x = NULL;', "test_feed_ngsi", "value not unwrapped"),
 ("src/core/feed/ngsi.c", '		if (!x && feed_streq(feed_str(feed_get(v, "type")), "Relationship"))', '		if (0)', "test_feed_ngsi", "Relationship not unwrapped"),
 ("src/core/feed/ngsi.c", '	link_groups(out, &s, info);', '	(void)link_groups;', "test_feed_ngsi", "groups not linked"),
 ("src/core/feed/ngsi.c", '		return points_mean(ring, lat, lon);\n	*lon', '		return points_mean(ring, lat, lon);\n	return points_mean(ring, lat, lon);\n	*lon', "test_feed_ngsi", "centroid = vertex mean"),
 ("src/core/feed/ngsi.c", '	if (attr_time(attr(ent, realtime_attr), &t) || entity_time(ent, &t))', '	(void)realtime_attr; (void)attr_time; if (entity_time(ent, &t))', "test_feed_ngsi", "attribute times ignored"),
 ("src/core/feed/ngsi.c", '	if (t && site->updated_at && t < site->updated_at)', '	if (0)', "test_feed_ngsi", "group time ignored"),
 ("src/core/feed/ngsi.c", '	if (!v || (cJSON_IsArray(v) && !v->child))\n		return true;', '	return true;', "test_feed_ngsi", "vehicle filter off"),
 ("src/core/feed/ngsi.c", '				if (feed_streq(word, words[i]))', '				if (strcmp(word, words[i]) == 0)', "test_feed_ngsi", "category case-sensitive"),
 ("src/core/feed/ngsi.c", '	if (HAS_WORD(st, "closed", "closedAbnormal"))', '	if (HAS_WORD(st, "closed"))', "test_feed_ngsi", "closedAbnormal open"),
 ("src/core/feed/ngsi.c", '		e->max_height_cm = (int)lround(m * 100);', '		e->max_height_cm = (int)lround(m);', "test_feed_ngsi", "height metres not converted"),
 ("src/core/feed/ngsi.c", '		site->total_disabled = add_count(site->total_disabled, total);', '		site->total_disabled = total;', "test_feed_ngsi", "groups not summed"),
 ("src/core/feed/feed.c", '	if (nul)\n', '	if (0)\n', "test_feed_detect", "NUL check off"),
 ("src/core/feed/feed.c", '	if (values > (size_t)FEED_MAX_JSON_VALUES)', '	if (0)', "test_feed_detect", "value limit off"),
 ("src/core/feed/feed.c", '	if (rc == PK_OK && !model_append(out, &scratch))', '	if (!model_append(out, &scratch))', "test_feed_detect", "append on failure"),
 ("src/core/feed/feed.c", '	for (const char *p = end; p && p < buf + len; p++) {', '	for (const char *p = end; 0; p++) {', "test_feed_detect", "trailing data accepted"),
 ("src/core/feed/feed_json.c", '	if (out->n >= FEED_MAX_ENTRIES) {', '	if (0) {', "test_feed_detect", "entry limit off"),
 ("src/core/config.c", '		if (i == n) {', '		if (0) {', "test_config", "unknown keys accepted"),
 ("src/core/config.c", '			if (d->string && strcmp(d->string, k) == 0)\n				return fail(x, p, "given twice");', '			(void)d;', "test_config", "duplicates accepted"),
 ("src/core/config.c", '	if (strcmp(scheme, "http") != 0 && strcmp(scheme, "https") != 0)', '	if (strcmp(scheme, "ftp") == 0)', "test_config", "other schemes allowed"),
 ("src/core/config.c", '{"stale_after_s", K_INT, OFF(stale_after_s), 60, 86400, NULL},', '{"stale_after_s", K_INT, OFF(stale_after_s), 0, 86400, NULL},', "test_config", "stale range"),
 ("src/core/config.c", '	if (rc == PK_OK)\n		*c = *tmp;', '	*c = *tmp;', "test_config", "partial apply on error"),
 ("src/core/config.c", '		c->viewing_distance_m = c->mode == CONFIG_MODE_DISPLAY ? 3.0 : 0.7;', '		c->viewing_distance_m = 0.7;', "test_config", "display distance default"),
 ("src/core/config.c", '	if (!offered)', '	if (0)', "test_config", "language not offered accepted"),
]
ok = True
for f, old, new, test, what in muts:
    src = open(f).read()
    if src.count(old) != 1:
        print("BAD MUTATION (%d matches): %s" % (src.count(old), what)); ok = False; continue
    open(f, "w").write(src.replace(old, new))
    try:
        b = subprocess.run(["cmake", "--build", build, "-j2", "--target", test], capture_output=True, text=True)
        if b.returncode != 0:
            print("%-35s build failed: %s" % (what, b.stdout[-300:])); ok = False; continue
        r = subprocess.run([os.path.join(build, "tests", test)], capture_output=True, text=True, env=env)
        last = (r.stdout.strip().splitlines() or [""])[-1]
        status = "KILLED" if r.returncode != 0 else "SURVIVED"
        if r.returncode == 0: ok = False
        print("%-35s %-8s %s %s" % (what, status, test, last))
    finally:
        open(f, "w").write(src)
subprocess.run(["cmake", "--build", build, "-j2"], capture_output=True)
print("ALL KILLED" if ok else "SOME SURVIVED")
sys.exit(0 if ok else 1)

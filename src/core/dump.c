/* The --dump-state document (see dump.h). */
#include "dump.h"

#include <cjson/cJSON.h>
#include <math.h>

#include "geo.h"
#include "isotime.h"

static void add_count(cJSON *o, const char *key, int n)
{
	if (n == VIEW_NONE)
		cJSON_AddNullToObject(o, key);
	else
		cJSON_AddNumberToObject(o, key, n);
}

static void add_time(cJSON *o, const char *key, int64_t t)
{
	char buf[32];
	if (t <= 0) {
		cJSON_AddNullToObject(o, key);
		return;
	}
	isotime_format(t, buf, sizeof buf);
	cJSON_AddStringToObject(o, key, buf);
}

static const char *type_name(enum model_site_type t)
{
	static const char *const names[] = {"unknown", "car_park", "underground", "lot",
	                                    "on_street"};
	return names[t];
}

static cJSON *item_json(const struct view_item *it, const char *section, double facing_deg)
{
	const struct model_entry *e = it->e;
	cJSON *o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "kind", e->kind == MODEL_SPOT ? "spot" : "site");
	cJSON_AddStringToObject(o, "section", section);
	cJSON_AddStringToObject(o, "id", e->id);
	cJSON_AddStringToObject(o, "name", e->name);
	cJSON_AddStringToObject(o, "address", e->address);
	cJSON_AddStringToObject(o, "status", view_status_name(it->status));
	add_count(o, "free", it->free);
	add_count(o, "total", it->total);
	add_count(o, "free_disabled", it->free_disabled);
	add_count(o, "total_disabled", it->total_disabled);
	cJSON_AddBoolToObject(o, "stale", it->stale);
	cJSON_AddBoolToObject(o, "alternative", it->alternative);
	add_time(o, "updated_at", e->updated_at);
	if (it->age_s >= 0)
		cJSON_AddNumberToObject(o, "age_s", (double)it->age_s);
	else
		cJSON_AddNullToObject(o, "age_s");
	cJSON_AddNumberToObject(o, "distance_m", round(it->distance_m));
	cJSON_AddNumberToObject(o, "bearing_deg", round(it->bearing_deg * 10) / 10);
	cJSON_AddStringToObject(
	    o, "direction", geo_relative_key(geo_relative_to_viewer(it->bearing_deg, facing_deg)));
	cJSON_AddNumberToObject(o, "lat", e->lat);
	cJSON_AddNumberToObject(o, "lon", e->lon);
	if (e->kind == MODEL_SITE)
		cJSON_AddStringToObject(o, "type", type_name(e->type));
	add_count(o, "max_height_cm",
	          e->max_height_cm == MODEL_UNKNOWN ? VIEW_NONE : e->max_height_cm);
	if (e->opening_hours[0])
		cJSON_AddStringToObject(o, "opening_hours", e->opening_hours);
	cJSON_AddNumberToObject(o, "feed", e->feed);
	return o;
}

char *dump_state_json(const struct dump_ctx *ctx)
{
	const struct view *v = ctx->view;
	cJSON *root = cJSON_CreateObject();
	if (!root)
		return NULL;
	add_time(root, "now", v->now);
	cJSON *pos = cJSON_AddObjectToObject(root, "position");
	cJSON_AddNumberToObject(pos, "lat", ctx->lat);
	cJSON_AddNumberToObject(pos, "lon", ctx->lon);
	cJSON_AddStringToObject(pos, "place", ctx->place);
	cJSON_AddNumberToObject(pos, "facing_deg", ctx->facing_deg);
	cJSON_AddBoolToObject(root, "demo", ctx->demo);
	cJSON_AddNumberToObject(root, "stale_after_s", ctx->stale_after_s);
	add_time(root, "newest_update", v->newest_update);
	cJSON_AddNumberToObject(root, "free_nearby", (double)v->n_free_nearby);
	cJSON *feeds = cJSON_AddArrayToObject(root, "feeds");
	for (size_t i = 0; i < ctx->n_feeds; i++) {
		const struct fetch_status *s = &ctx->feeds[i];
		cJSON *f = cJSON_CreateObject();
		cJSON_AddStringToObject(f, "name", s->name);
		cJSON_AddBoolToObject(f, "has_data", s->has_data);
		cJSON_AddBoolToObject(f, "from_cache", s->from_cache);
		add_time(f, "last_success", s->last_success);
		add_time(f, "data_time", s->data_time);
		cJSON_AddNumberToObject(f, "consecutive_failures", s->consecutive_failures);
		cJSON_AddNumberToObject(f, "last_http", s->last_http);
		cJSON_AddStringToObject(f, "last_error", s->last_error);
		cJSON_AddNumberToObject(f, "entries", (double)s->entries);
		cJSON_AddStringToObject(f, "unusable", s->unusable);
		cJSON_AddBoolToObject(f, "static_table", s->static_table);
		cJSON_AddItemToArray(feeds, f);
	}
	cJSON *entries = cJSON_AddArrayToObject(root, "entries");
	for (size_t i = 0; i < v->n_spots; i++)
		cJSON_AddItemToArray(entries,
		                     item_json(&v->spots[i], "accessible_spaces", ctx->facing_deg));
	for (size_t i = 0; i < v->n_sites; i++)
		cJSON_AddItemToArray(entries,
		                     item_json(&v->sites[i], "car_parks", ctx->facing_deg));
	char *out = cJSON_Print(root);
	cJSON_Delete(root);
	return out;
}

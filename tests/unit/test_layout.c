/* layout.h with a fake measurer (every character is 0.5 em wide): text size from viewing
 * distance, no overflow or overlap, ellipsis, paging instead of shrinking, RTL mirroring,
 * large touch targets. */
#include <math.h>

#include "layout.h"
#include "err.h"
#include "testlib.h"
#include "text.h"
#include "layouttest.h"

static struct model_entry *add(struct model *m, int kind, int i)
{
	struct model_entry *e = model_push(m, kind);
	snprintf(e->id, sizeof e->id, "%d", i);
	snprintf(e->name, sizeof e->name, "%s %d with a rather long name that will not fit",
	         kind == MODEL_SPOT ? "Spot" : "Car park", i);
	snprintf(e->address, sizeof e->address, "Rempartstraße %d, 79098 Freiburg", i);
	e->has_pos = true;
	e->lat = 47.9947 + 0.0002 * i;
	e->lon = 7.8492 + 0.0001 * i;
	e->disabled = true;
	e->spot = i % 2 ? MODEL_SPOT_FREE : MODEL_SPOT_TAKEN;
	e->free = 10 + i;
	e->total = 100;
	e->open = MODEL_OPEN_OPEN;
	e->updated_at = 1750766085 - 30;
	return e;
}

static bool inside(const struct layout_cmd *c, int w, int h)
{
	return c->x >= 0 && c->y >= 0 && c->x + c->w <= w && c->y + c->h <= h;
}

static bool overlap(const struct layout_cmd *a, const struct layout_cmd *b)
{
	return a->x < b->x + b->w && b->x < a->x + a->w && a->y < b->y + b->h && b->y < a->y + a->h;
}

static void check_frame(const struct layout *l, int w, int h)
{
	int bad_inside = 0, bad_fit = 0, bad_overlap = 0;
	for (size_t i = 0; i < l->n; i++) {
		const struct layout_cmd *c = &l->cmds[i];
		if (!inside(c, w, h)) {
			bad_inside++;
			fprintf(stderr, "outside %dx%d: op %d at %d,%d %dx%d \"%s\"\n", w, h, c->op,
			        c->x, c->y, c->w, c->h, c->text);
		}
		if (c->op != LAYOUT_TEXT)
			continue;
		if (fake_width(NULL, c->style, c->px, c->text) > c->w)
			bad_fit++;
		for (size_t j = i + 1; j < l->n; j++)
			if (l->cmds[j].op == LAYOUT_TEXT && overlap(c, &l->cmds[j])) {
				bad_overlap++;
				fprintf(stderr, "overlap: \"%s\" and \"%s\"\n", c->text,
				        l->cmds[j].text);
			}
	}
	CHECK_INT(bad_inside, 0);
	CHECK_INT(bad_fit, 0);
	CHECK_INT(bad_overlap, 0);
}

int main(void)
{
	struct i18n *i18n = NULL;
	char err[256];
	CHECK(i18n_create(&i18n, test_source("locales"), err, sizeof err) == PK_OK);
	if (!i18n)
		return TEST_END();
	/* 0.7° at 1 m is 12.2 mm; at 3.6 px/mm that is 44 px */
	CHECK_INT(layout_min_cap_px(1.0, 3.6), 44);
	CHECK_INT(layout_min_cap_px(3.0, 1.0), 37);
	CHECK(fabs(layout_px_per_mm(1920, 1080, 609.6) - 3.614) < 0.01);

	struct model m;
	model_init(&m);
	for (int i = 0; i < 12; i++)
		add(&m, MODEL_SPOT, i);
	for (int i = 0; i < 9; i++)
		add(&m, MODEL_SITE, i);
	struct view v;
	struct view_params p = {47.9947, 7.8492, 1750766085, 900, 1000, 3000, 3};
	view_build(&v, &m, &p);

	struct layout l;
	layout_init(&l);
	struct layout_input in = {
	    .view = &v,
	    .lang = i18n_lang(i18n, "de"),
	    .w = 1920,
	    .h = 1080,
	    .px_per_mm = layout_px_per_mm(1920, 1080, 609.6),
	    .viewing_distance_m = 0.7,
	    .page = 0,
	    .focus = -1,
	    .place = "Freiburg Altstadt",
	    .now = 1750766085,
	    .demo = true,
	    .sources_current = 1,
	    .sources_total = 1,
	};
	CHECK(layout_compute(&l, &in, &fake) == PK_OK);
	int cap_near = l.cap_px;
	CHECK(l.cap_px >= layout_min_cap_px(0.7, in.px_per_mm));
	CHECK(l.body_px * 0.7 >= l.cap_px - 1);
	check_frame(&l, 1920, 1080);
	CHECK(l.pages >= 2); /* 12 spaces do not fit on one page */
	/* every text command is at least the body size: nothing smaller than the standard */
	for (size_t i = 0; i < l.n; i++)
		if (l.cmds[i].op == LAYOUT_TEXT)
			CHECK(l.cmds[i].px >= l.body_px);
	/* long names are shortened with an ellipsis */
	bool ellipsis = false;
	for (size_t i = 0; i < l.n; i++)
		if (l.cmds[i].op == LAYOUT_TEXT && strstr(l.cmds[i].text, "…"))
			ellipsis = true;
	CHECK(ellipsis);
	/* touch targets: at least 9 mm and 44 px */
	CHECK(l.n_targets > 0);
	for (size_t i = 0; i < l.n_targets; i++) {
		CHECK(l.targets[i].h >= 44 && l.targets[i].h >= 9 * in.px_per_mm);
		CHECK(l.targets[i].w >= 44);
	}
	int rows_near = l.rows_spots;

	/* further away: bigger text, fewer rows, more pages — never smaller text */
	in.viewing_distance_m = 1.2;
	CHECK(layout_compute(&l, &in, &fake) == PK_OK);
	CHECK(l.cap_px > cap_near);
	CHECK(l.rows_spots < rows_near);
	CHECK(l.rows_spots >= 1);
	check_frame(&l, 1920, 1080);
	/* far too far for this screen: one section at a time, still nothing overlaps */
	in.viewing_distance_m = 1.5;
	CHECK(layout_compute(&l, &in, &fake) == PK_OK);
	check_frame(&l, 1920, 1080);
	if (l.pages < 2)
		fprintf(stderr, "1.5 m: cap %d body %d rows %d/%d pages %d\n", l.cap_px, l.body_px,
		        l.rows_spots, l.rows_sites, l.pages);
	CHECK(l.pages >= 2);
	/* beyond what the screen can serve: header only, still inside and legible */
	in.viewing_distance_m = 3.0;
	CHECK(layout_compute(&l, &in, &fake) == PK_OK);
	check_frame(&l, 1920, 1080);

	/* portrait */
	in.viewing_distance_m = 0.7;
	in.w = 1080, in.h = 1920;
	in.px_per_mm = layout_px_per_mm(1080, 1920, 609.6);
	CHECK(layout_compute(&l, &in, &fake) == PK_OK);
	check_frame(&l, 1080, 1920);

	/* any display size lays out cleanly, at both viewing distances */
	static const int sizes[][2] = {{800, 480},   {1024, 600},  {1280, 720}, {1366, 768},
	                               {2560, 1440}, {3840, 2160}, {768, 1366}, {1080, 1920},
	                               {600, 1024},  {2160, 3840}};
	for (size_t k = 0; k < sizeof sizes / sizeof sizes[0]; k++)
		for (int d = 0; d < 2; d++) {
			in.w = sizes[k][0], in.h = sizes[k][1];
			in.px_per_mm = layout_px_per_mm(in.w, in.h, d ? 1397 : 609.6);
			in.viewing_distance_m = d ? 3.0 : 0.7;
			CHECK(layout_compute(&l, &in, &fake) == PK_OK);
			check_frame(&l, in.w, in.h);
			CHECK(l.cap_px >= layout_min_cap_px(in.viewing_distance_m, in.px_per_mm));
		}
	in.viewing_distance_m = 0.7;

	/* page 1 shows other entries than page 0 */
	in.w = 1920, in.h = 1080;
	in.px_per_mm = layout_px_per_mm(1920, 1080, 609.6);
	layout_compute(&l, &in, &fake);
	char first0[256] = "";
	for (size_t i = 0; i < l.n; i++)
		if (l.cmds[i].op == LAYOUT_TEXT && strstr(l.cmds[i].text, "Spot")) {
			text_copy(first0, sizeof first0, l.cmds[i].text);
			break;
		}
	in.page = 1;
	layout_compute(&l, &in, &fake);
	char first1[256] = "";
	for (size_t i = 0; i < l.n; i++)
		if (l.cmds[i].op == LAYOUT_TEXT && strstr(l.cmds[i].text, "Spot")) {
			text_copy(first1, sizeof first1, l.cmds[i].text);
			break;
		}
	CHECK(first0[0] && first1[0] && strcmp(first0, first1) != 0);

	/* focus: a thick frame round the focused entry, on the page that holds it */
	in.page = 0;
	in.focus = 11;
	layout_compute(&l, &in, &fake);
	int frames = 0;
	for (size_t i = 0; i < l.n; i++)
		if (l.cmds[i].op == LAYOUT_FRAME && l.cmds[i].fg == ROLE_FOCUS) {
			frames++;
			CHECK(l.cmds[i].thickness >= 6);
		}
	CHECK_INT(frames, 1);

	/* stale data: the words, never the old number */
	in.focus = -1;
	view_finish(&v);
	p.now += 3600;
	view_build(&v, &m, &p);
	in.now = p.now;
	layout_compute(&l, &in, &fake);
	bool said_no_data = false, showed_count = false;
	for (size_t i = 0; i < l.n; i++) {
		if (l.cmds[i].op != LAYOUT_TEXT)
			continue;
		if (strstr(l.cmds[i].text, "keine aktuellen Daten"))
			said_no_data = true;
		if (strstr(l.cmds[i].text, "von 100 frei"))
			showed_count = true;
	}
	CHECK(said_no_data);
	CHECK(!showed_count);

	layout_finish(&l);
	view_finish(&v);
	model_finish(&m);
	i18n_destroy(i18n);
	return TEST_END();
}

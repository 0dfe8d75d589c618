/* layout_details.h with a fake measurer: the details screen (close button, facts, QR code
 * sizes and placement, dark on light), the page control, target sizes in every language,
 * right-to-left, and through layout_compute (details instead of the lists; the pager only
 * in kiosk mode with several pages). */
#include <math.h>

#include "err.h"
#include "handover.h"
#include "layout.h"
#include "layout_details.h"
#include "testlib.h"
#include "text.h"

static int fake_width(void *ud, enum font_style st, int px, const char *s)
{
	(void)ud;
	return (int)text_utf8_count(s) * px / 2 + (st == FONT_BOLD ? 1 : 0);
}

static const struct layout_measure fake = {fake_width, 0.7, 1.25, NULL};

static struct model_entry *add(struct model *m, int kind, int i)
{
	struct model_entry *e = model_push(m, kind);
	snprintf(e->id, sizeof e->id, "%d", i);
	snprintf(e->name, sizeof e->name, "%s %d Universitätsstraße gegenüber dem Kollegiengebäude",
	         kind == MODEL_SPOT ? "Spot" : "Car park", i);
	snprintf(e->address, sizeof e->address, "Rempartstraße %d, 79098 Freiburg", i);
	e->has_pos = true;
	e->lat = 47.9947 + 0.0002 * i;
	e->lon = 7.8492 + 0.0001 * i;
	e->disabled = true;
	e->spot = MODEL_SPOT_FREE;
	e->free = 10 + i;
	e->total = 100;
	e->free_disabled = 2;
	e->total_disabled = 4;
	e->max_height_cm = 210;
	snprintf(e->opening_hours, sizeof e->opening_hours, "Mo-Fr 08:00-20:00; Sa 09:30-14:00");
	e->open = MODEL_OPEN_OPEN;
	e->updated_at = 1750766085 - 30;
	return e;
}

static bool within(const struct layout_cmd *c, struct layout_box b)
{
	return c->x >= b.x && c->y >= b.y && c->x + c->w <= b.x + b.w && c->y + c->h <= b.y + b.h;
}

static const struct layout_cmd *find_text(const struct layout *l, const char *s)
{
	for (size_t i = 0; i < l->n; i++)
		if (l->cmds[i].op == LAYOUT_TEXT && strstr(l->cmds[i].text, s))
			return &l->cmds[i];
	return NULL;
}

/* The code's bounding square: the QR_LIGHT fill. */
static const struct layout_cmd *code_square(const struct layout *l)
{
	for (size_t i = 0; i < l->n; i++)
		if (l->cmds[i].op == LAYOUT_FILL && l->cmds[i].bg == ROLE_QR_LIGHT)
			return &l->cmds[i];
	return NULL;
}

/* Rebuilds the module matrix from the fills and compares it with the code. */
static bool code_matches(const struct layout *l, const struct qr *q, bool mirrored)
{
	const struct layout_cmd *sq = code_square(l);
	if (!sq)
		return false;
	int total = q->size + 2 * QR_QUIET_ZONE, mpx = sq->w / total;
	static unsigned char got[200 * 200];
	memset(got, 0, sizeof got);
	for (size_t i = 0; i < l->n; i++) {
		const struct layout_cmd *c = &l->cmds[i];
		if (c->op != LAYOUT_FILL || c->bg != ROLE_QR_DARK)
			continue;
		if (c->h != mpx || c->w % mpx || (c->x - sq->x) % mpx || (c->y - sq->y) % mpx)
			return false;
		int r = (c->y - sq->y) / mpx - QR_QUIET_ZONE;
		for (int k = 0; k < c->w / mpx; k++) {
			int col = (c->x - sq->x) / mpx - QR_QUIET_ZONE + k;
			if (r < 0 || col < 0 || r >= q->size || col >= q->size)
				return false; /* a dark module in the quiet zone */
			got[r * q->size + col] = 1;
		}
	}
	(void)mirrored;
	for (int r = 0; r < q->size; r++)
		for (int col = 0; col < q->size; col++)
			if (got[r * q->size + col] != (qr_dark(q, col, r) ? 1 : 0))
				return false;
	return true;
}

int main(void)
{
	struct i18n *i18n = NULL;
	char err[256];
	CHECK(i18n_create(&i18n, test_source("locales"), err, sizeof err) == PK_OK);
	if (!i18n)
		return TEST_END();

	/* sizes: targets 9 mm and 44 px; the code 30 mm and 3 px a module at least */
	CHECK_INT(layout_target_px(3.614), 44); /* 24": 9 mm = 33 px, 44 px wins */
	CHECK_INT(layout_target_px(5.25), 48);  /* 7" 800x480: 9 mm = 47.25 px */
	CHECK_INT(layout_target_px(1.58), 44);  /* 55" */
	struct layout_qr_size qs;
	CHECK(layout_qr_size(37, 3.614, 1000, &qs)); /* version 5 on the 24" kiosk */
	CHECK(qs.side_mm >= 30 && qs.module_px >= 3);
	CHECK(qs.side_mm >= 40 && qs.side_mm < 55); /* the preferred size when there is room */
	CHECK_INT(qs.side_px, qs.module_px * (37 + 8));
	CHECK(layout_qr_size(37, 3.614, 140, &qs)); /* squeezed: still >= 30 mm */
	CHECK(qs.side_mm >= 30 && qs.side_px <= 140);
	CHECK(!layout_qr_size(37, 3.614, 100, &qs)); /* 30 mm is 109 px: does not fit */
	CHECK(layout_qr_size(77, 10, 2000, &qs));    /* dense panel: modules get big */
	CHECK(qs.module_px >= 3 && qs.side_mm >= 40);
	CHECK(layout_qr_size(77, 1.0, 1000, &qs)); /* coarse panel: 3 px a module wins */
	CHECK_INT(qs.module_px, 3);
	CHECK(qs.side_mm >= 30);

	struct model m;
	model_init(&m);
	for (int i = 0; i < 12; i++)
		add(&m, MODEL_SPOT, i);
	for (int i = 0; i < 9; i++)
		add(&m, MODEL_SITE, i);
	struct view v;
	struct view_params p = {47.9947, 7.8492, 1750766085, 900, 1000, 3000, 3};
	view_build(&v, &m, &p);
	struct qr q;
	qr_init(&q);
	char uri[HANDOVER_URI_MAX];
	CHECK(handover_uri(NULL, v.sites[0].e->lat, v.sites[0].e->lon, v.sites[0].e->name, uri,
	                   sizeof uri));
	CHECK_INT(qr_encode(&q, uri), PK_OK);

	/* Every language, a car park's details on the 24" kiosk */
	double ppmm = layout_px_per_mm(1920, 1080, 609.6);
	for (size_t k = 0; k < i18n_count(i18n); k++) {
		const struct i18n_lang *lang = i18n_at(i18n, k);
		struct layout l;
		layout_init(&l);
		struct layout_details_input d = {
		    .item = &v.sites[0],
		    .entry = (int)v.n_spots,
		    .lang = lang,
		    .facing_deg = 180,
		    .now = 1750766085,
		    .qr = &q,
		    .px_per_mm = ppmm,
		    .px = 46,
		    .line = 58,
		    .pad = 23,
		    .box = {23, 200, 1874, 857},
		};
		CHECK_INT(layout_details(&l, &d, &fake), PK_OK);
		int bad = 0;
		for (size_t i = 0; i < l.n; i++) {
			const struct layout_cmd *c = &l.cmds[i];
			if (!within(c, d.box))
				bad++;
			if (c->op == LAYOUT_TEXT &&
			    (fake_width(NULL, c->style, c->px, c->text) > c->w ||
			     strstr(c->text, "ui.") || strstr(c->text, "{") || c->px < d.px))
				bad++;
		}
		CHECK_INT(bad, 0);
		/* one close target, large, carrying the entry */
		int closes = 0;
		for (size_t i = 0; i < l.n_targets; i++) {
			const struct layout_target *t = &l.targets[i];
			CHECK(t->w >= 44 && t->h >= 44 && t->w >= 9 * ppmm && t->h >= 9 * ppmm);
			if (t->kind == LAYOUT_TARGET_CLOSE) {
				closes++;
				CHECK_INT(t->entry, (int)v.n_spots);
			}
		}
		CHECK_INT(closes, 1);
		/* the code: >= 30 mm, >= 3 px a module, square, exactly the matrix */
		const struct layout_cmd *sq = code_square(&l);
		CHECK(sq != NULL);
		if (sq) {
			int total = q.size + 2 * QR_QUIET_ZONE;
			CHECK(sq->w == sq->h && sq->w % total == 0);
			CHECK(sq->w / total >= 3);
			CHECK(sq->w / ppmm >= 30);
			CHECK(code_matches(&l, &q, false));
		}
		/* the label in the language, and the facts */
		CHECK(find_text(&l, i18n_get(lang, "ui.qr.label")) != NULL);
		if (strcmp(i18n_code(lang), "de") == 0) {
			CHECK(find_text(&l, "Schließen") != NULL);
			CHECK(find_text(&l, "Adresse: Rempartstraße 0") != NULL);
			CHECK(find_text(&l, "max. 2,10 m") != NULL);
			CHECK(find_text(&l, "Öffnungszeiten: Mo-Fr 08:00-20:00") != NULL);
			CHECK(find_text(&l, "♿ 2 von 4 frei") != NULL);
			CHECK(find_text(&l, "100 Plätze") != NULL);
			CHECK(find_text(&l, "Stand ") != NULL);
		}
		layout_finish(&l);
	}

	/* Through layout_compute: details replace the lists; RTL keeps the code readable */
	struct layout l;
	layout_init(&l);
	struct layout_input in = {
	    .view = &v,
	    .lang = i18n_lang(i18n, "de"),
	    .w = 1920,
	    .h = 1080,
	    .px_per_mm = ppmm,
	    .viewing_distance_m = 0.7,
	    .focus = -1,
	    .now = 1750766085,
	    .pager = true,
	    .qr_entry = -1,
	};
	CHECK_INT(layout_compute(&l, &in, &fake), PK_OK);
	CHECK(l.pages > 1);
	int prev = 0, next = 0, entries = 0;
	for (size_t i = 0; i < l.n_targets; i++) {
		const struct layout_target *t = &l.targets[i];
		CHECK(t->w >= 44 && t->h >= 44 && t->h >= 9 * ppmm && t->w >= 9 * ppmm);
		prev += t->kind == LAYOUT_TARGET_PREV;
		next += t->kind == LAYOUT_TARGET_NEXT;
		entries += t->kind == LAYOUT_TARGET_ENTRY;
		if (t->kind == LAYOUT_TARGET_PREV)
			CHECK(t->x < 1920 / 2 && t->y + t->h <= 1080);
		if (t->kind == LAYOUT_TARGET_NEXT)
			CHECK(t->x > 1920 / 2);
	}
	CHECK(prev == 1 && next == 1 && entries > 0);
	CHECK(find_text(&l, "Zurück") && find_text(&l, "Weiter"));
	/* the street display has no page control (nobody touches it) */
	in.display_mode = true;
	CHECK_INT(layout_compute(&l, &in, &fake), PK_OK);
	for (size_t i = 0; i < l.n_targets; i++)
		CHECK(l.targets[i].kind == LAYOUT_TARGET_ENTRY);
	in.display_mode = false;
	/* details */
	in.show_details = true;
	in.details_entry = (int)v.n_spots;
	in.qr = &q;
	CHECK_INT(layout_compute(&l, &in, &fake), PK_OK);
	CHECK_INT(l.pages, 1);
	CHECK(code_matches(&l, &q, false));
	CHECK(find_text(&l, "Car park 0") != NULL);
	CHECK(find_text(&l, "Spot 1 ") == NULL); /* the lists are gone */
	/* Arabic: mirrored, but the code is not a mirror image */
	in.lang = i18n_lang(i18n, "ar");
	CHECK_INT(layout_compute(&l, &in, &fake), PK_OK);
	CHECK(code_matches(&l, &q, true));
	const struct layout_cmd *sq = code_square(&l);
	CHECK(sq && sq->x < 1920 / 2); /* the code column is at the end side: left in RTL */
	layout_finish(&l);
	qr_finish(&q);
	view_finish(&v);
	model_finish(&m);
	i18n_destroy(i18n);
	return TEST_END();
}

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
#include "layouttest.h"

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

/* The street display's code (handover.show_in_display_mode): sizes from the viewing
 * distance; a column at the end side that leaves the rows their height; only for the
 * pinned row's entry while it is free on current data. */
static void display_code(const struct i18n *i18n, struct view *v)
{
	double ppmm = layout_px_per_mm(1920, 1080, 1397); /* 55" */
	struct layout_qr_size qs;
	/* 3 m: the symbol a tenth of the distance, 300 mm, when nothing caps it */
	CHECK(layout_display_qr_size(37, ppmm, 3.0, 4000, &qs));
	CHECK(37 * qs.module_px / ppmm >= 300 && 37 * (qs.module_px - 1) / ppmm < 300);
	CHECK_INT(qs.side_px, qs.module_px * (37 + 8));
	CHECK(layout_display_qr_size(37, ppmm, 8.0, 4000, &qs)); /* 8 m: 800 mm */
	CHECK(37 * qs.module_px / ppmm >= 800);
	/* capped: as large as the room allows, never below 30 mm and 3 px a module */
	CHECK(layout_display_qr_size(37, ppmm, 3.0, 450, &qs));
	CHECK(qs.side_px <= 450 && qs.side_px > 450 - 45 && qs.side_mm >= 30);
	CHECK(37 * qs.module_px / ppmm >= 150); /* at least a twentieth of the distance */
	CHECK(layout_display_qr_size(37, ppmm, 0.5, 140, &qs));
	CHECK(qs.module_px >= 3 && qs.side_mm >= 30);
	CHECK(!layout_display_qr_size(37, ppmm, 0.5, 44 * 3, &qs)); /* 3 px: 135 px */
	CHECK(!layout_display_qr_size(37, ppmm, 3.0, 300, &qs));    /* 150 mm: 237 px + 8 */
	CHECK(!layout_display_qr_size(37, ppmm, 5.0, 430, &qs));    /* 5 m: 250 mm, 395 px */
	CHECK(!layout_display_qr_size(37, 10, 3.0, 299, &qs));      /* 30 mm: 300 px */
	CHECK(layout_display_qr_size(37, 10, 0.5, 320, &qs));       /* dense panel, close */
	CHECK(qs.side_mm >= 30 && qs.side_px <= 320);

	struct qr q;
	qr_init(&q);
	char uri[HANDOVER_URI_MAX];
	CHECK(handover_uri(NULL, v->spots[0].e->lat, v->spots[0].e->lon, v->spots[0].e->name, uri,
	                   sizeof uri));
	CHECK_INT(qr_encode(&q, uri), PK_OK);
	CHECK(v->spots[0].status == VIEW_FREE);
	struct layout l;
	layout_init(&l);
	struct layout_input in = {
	    .view = v,
	    .lang = i18n_lang(i18n, "de"),
	    .w = 1920,
	    .h = 1080,
	    .px_per_mm = ppmm,
	    .viewing_distance_m = 3.0,
	    .display_mode = true,
	    .focus = -1,
	    .now = 1750766085,
	    .qr_entry = -1,
	};
	/* without the code: the rows and their count */
	CHECK_INT(layout_compute(&l, &in, &fake), PK_OK);
	CHECK(code_square(&l) == NULL && l.qr_side_px == 0);
	int rows_without = l.rows_per_page, shown_without = l.entry_rows;
	CHECK(rows_without >= 6);
	/* with it */
	in.qr = &q;
	in.qr_entry = 0;
	CHECK_INT(layout_compute(&l, &in, &fake), PK_OK);
	const struct layout_cmd *sq = code_square(&l);
	CHECK(sq != NULL);
	if (sq) {
		int total = q.size + 2 * QR_QUIET_ZONE;
		CHECK(sq->w == sq->h && sq->w % total == 0 && sq->w / total >= 3);
		CHECK(sq->w / ppmm >= 30);
		CHECK_INT(l.qr_side_px, sq->w);
		CHECK(code_matches(&l, &q, false));
		/* the end side, at most a quarter of the width, below the header, on screen */
		CHECK(sq->w <= 1920 / 4 && sq->x >= 1920 * 2 / 3 && sq->x + sq->w <= 1920);
		CHECK(sq->y >= l.header_h && sq->y + sq->h <= 1080);
		/* the rows end before the column; they keep their height and count */
		int rows_right = 0;
		for (size_t i = 0; i < l.n_targets; i++)
			if (l.targets[i].x + l.targets[i].w > rows_right)
				rows_right = l.targets[i].x + l.targets[i].w;
		CHECK(rows_right > 1920 / 2 && rows_right <= sq->x);
		CHECK_INT(l.rows_per_page, rows_without);
		CHECK_INT(l.entry_rows, shown_without);
		/* the label below the code, whole, in the body size, text on the background */
		const struct layout_cmd *lb = find_text(&l, "Weg aufs");
		CHECK(lb != NULL);
		if (lb) {
			CHECK(lb->y >= sq->y + sq->h && lb->y + lb->h <= 1080);
			CHECK(lb->x >= sq->x - sq->w / 4 && lb->px == l.body_px);
			CHECK(lb->fg == ROLE_TEXT && lb->bg == ROLE_BG);
			CHECK(fake_width(NULL, lb->style, lb->px, lb->text) <= lb->w);
		}
	}
	/* every language: the label shows whole (no ellipsis), the code decodes as drawn */
	for (size_t k = 0; k < i18n_count(i18n); k++) {
		in.lang = i18n_at(i18n, k);
		CHECK_INT(layout_compute(&l, &in, &fake), PK_OK);
		CHECK(code_matches(&l, &q, i18n_rtl(in.lang)));
		char label[600] = "";
		for (size_t i = 0; i < l.n; i++)
			if (l.cmds[i].op == LAYOUT_TEXT && l.cmds[i].fg == ROLE_TEXT &&
			    l.cmds[i].bg == ROLE_BG && l.cmds[i].y > l.header_h) {
				CHECK(!strstr(l.cmds[i].text, "…"));
				size_t n = strlen(label);
				snprintf(label + n, sizeof label - n, "%s%s", n ? " " : "",
				         l.cmds[i].text);
			}
		if (strcmp(label, i18n_get(in.lang, "ui.qr.label")) != 0)
			fprintf(stderr, "%s: label \"%s\"\n", i18n_code(in.lang), label);
		CHECK_STR(label, i18n_get(in.lang, "ui.qr.label"));
		sq = code_square(&l);
		if (sq && i18n_rtl(in.lang))
			CHECK(sq->x + sq->w <= 1920 / 3); /* mirrored: the start side */
	}
	in.lang = i18n_lang(i18n, "de");
	/* portrait: a band below the rows, at most a third of the height */
	in.w = 1080, in.h = 1920;
	in.px_per_mm = layout_px_per_mm(1080, 1920, 1397);
	CHECK_INT(layout_compute(&l, &in, &fake), PK_OK);
	sq = code_square(&l);
	CHECK(sq && sq->y >= l.content_bottom && sq->y + sq->h <= 1920);
	CHECK(sq && sq->y >= 1920 * 2 / 3 - l.body_px);
	CHECK(l.entry_rows >= 6);
	in.w = 1920, in.h = 1080, in.px_per_mm = ppmm;
	/* honest: no code for a space shown on old data, a taken one, or none asked for */
	v->spots[0].stale = true;
	CHECK_INT(layout_compute(&l, &in, &fake), PK_OK);
	CHECK(code_square(&l) == NULL && l.qr_side_px == 0);
	v->spots[0].stale = false;
	v->spots[0].status = VIEW_TAKEN;
	CHECK_INT(layout_compute(&l, &in, &fake), PK_OK);
	CHECK(code_square(&l) == NULL);
	v->spots[0].status = VIEW_FREE;
	in.qr_entry = -1;
	CHECK_INT(layout_compute(&l, &in, &fake), PK_OK);
	CHECK(code_square(&l) == NULL);
	in.qr_entry = 0;
	/* kiosk mode draws no display code on its lists */
	in.display_mode = false;
	CHECK_INT(layout_compute(&l, &in, &fake), PK_OK);
	CHECK(code_square(&l) == NULL);
	in.display_mode = true;
	/* a screen too small for 30 mm beside the rows: no code, the rows full width */
	in.w = 320, in.h = 240;
	in.px_per_mm = layout_px_per_mm(320, 240, 1397);
	CHECK_INT(layout_compute(&l, &in, &fake), PK_OK);
	CHECK(code_square(&l) == NULL);
	layout_finish(&l);
	qr_finish(&q);
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
	CHECK_INT((int)layout_entries_shown(&l), entries); /* the page control is no entry */
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
	display_code(i18n, &v);
	qr_finish(&q);
	view_finish(&v);
	model_finish(&m);
	i18n_destroy(i18n);
	return TEST_END();
}

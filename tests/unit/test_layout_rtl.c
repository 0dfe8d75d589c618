/* layout.h in every language, and mirrored for Arabic: the same card geometry reflected,
 * the name at the right and the distance at the left, arrows still pointing the real
 * compass direction, a cut Latin name keeping its ellipsis at the cut, and no catalogue
 * key or overflow on screen in any of the six languages. Fake measurer, no display. */
#include "bidi.h"
#include "layout.h"
#include "testlib.h"
#include "text.h"
#include "layouttest.h"

#define W 1920
#define H 1080
#define LRM "\xE2\x80\x8E"

static void add(struct model *m, int kind, const char *name, double dlat, double dlon)
{
	struct model_entry *e = model_push(m, kind);
	snprintf(e->id, sizeof e->id, "%s", name);
	text_copy(e->name, sizeof e->name, name);
	text_copy(e->address, sizeof e->address, "Rempartstraße 11, 79098 Freiburg");
	e->has_pos = true;
	e->lat = 47.9947 + dlat;
	e->lon = 7.8492 + dlon;
	e->disabled = true;
	e->spot = MODEL_SPOT_FREE;
	e->free = 40;
	e->total = 180;
	e->total_disabled = 4;
	e->free_disabled = 2;
	e->max_height_cm = 210;
	e->open = MODEL_OPEN_OPEN;
	e->updated_at = 1750766085 - 90;
}

static const struct layout_cmd *find_text(const struct layout *l, const char *needle)
{
	for (size_t i = 0; i < l->n; i++)
		if (l->cmds[i].op == LAYOUT_TEXT && strstr(l->cmds[i].text, needle))
			return &l->cmds[i];
	return NULL;
}

static void compute(struct layout *l, const struct view *v, const struct i18n_lang *lang)
{
	struct layout_input in = {
	    .view = v,
	    .lang = lang,
	    .w = W,
	    .h = H,
	    .px_per_mm = layout_px_per_mm(W, H, 609.6),
	    .viewing_distance_m = 0.7,
	    .focus = -1,
	    .place = "Freiburg Altstadt",
	    .facing_deg = 180, /* the reader looks north */
	    .now = 1750766085,
	    .demo = true,
	    .sources_current = 1,
	    .sources_total = 1,
	};
	CHECK(layout_compute(l, &in, &fake) == PK_OK);
}

int main(void)
{
	struct i18n *i18n = NULL;
	char err[256];
	CHECK(i18n_create(&i18n, test_source("locales"), err, sizeof err) == PK_OK);
	if (!i18n)
		return TEST_END();
	struct model m;
	model_init(&m);
	/* south-west and north-east of the kiosk, about 150 m away */
	add(&m, MODEL_SPOT, "P06 - Humboldtstraße 2 beim Kollegiengebäude", -0.001, -0.0015);
	add(&m, MODEL_SPOT, "P18 NE", 0.001, 0.0015);
	add(&m, MODEL_SITE, "Schwarzwald City", 0.0012, 0.0001);
	struct view v;
	struct view_params p = {47.9947, 7.8492, 1750766085, 900, 1000, 3000, 3};
	view_build(&v, &m, &p);

	/* every language: inside the screen, fits its box, no key shown for a missing text */
	for (size_t k = 0; k < i18n_count(i18n); k++) {
		const struct i18n_lang *lang = i18n_at(i18n, k);
		struct layout l;
		layout_init(&l);
		compute(&l, &v, lang);
		int bad = 0;
		for (size_t i = 0; i < l.n; i++) {
			const struct layout_cmd *c = &l.cmds[i];
			bool ok = c->x >= 0 && c->y >= 0 && c->x + c->w <= W && c->y + c->h <= H;
			if (c->op == LAYOUT_TEXT) {
				ok = ok && fake_width(NULL, c->style, c->px, c->text) <= c->w;
				ok = ok && !strstr(c->text, "ui.") && !strstr(c->text, "{");
				ok = ok && c->rtl == i18n_rtl(lang);
			}
			if (!ok) {
				bad++;
				fprintf(stderr, "%s: bad command %d at %d,%d %dx%d \"%s\"\n",
				        i18n_code(lang), c->op, c->x, c->y, c->w, c->h, c->text);
			}
		}
		CHECK_INT(bad, 0);
		CHECK(l.n_targets == 3);
		layout_finish(&l);
	}

	struct layout en, ar;
	layout_init(&en);
	layout_init(&ar);
	compute(&en, &v, i18n_lang(i18n, "en"));
	compute(&ar, &v, i18n_lang(i18n, "ar"));

	/* the cards are the same boxes, reflected */
	int cards = 0;
	for (size_t i = 0; i < en.n; i++) {
		const struct layout_cmd *c = &en.cmds[i];
		if (c->op != LAYOUT_FILL || c->bg != ROLE_CARD)
			continue;
		bool mirrored = false;
		for (size_t j = 0; j < ar.n; j++) {
			const struct layout_cmd *d = &ar.cmds[j];
			if (d->op == LAYOUT_FILL && d->bg == ROLE_CARD && d->w == c->w &&
			    d->x == W - c->x - c->w)
				mirrored = true;
		}
		CHECK(mirrored);
		cards++;
	}
	CHECK_INT(cards, 3);
	for (size_t i = 0; i < ar.n_targets; i++)
		CHECK(ar.targets[i].x == W - en.targets[i].x - en.targets[i].w);

	/* the clock goes left, the title right */
	const struct layout_cmd *clock_en = find_text(&en, ":"), *clock_ar = find_text(&ar, ":");
	CHECK(clock_en && clock_ar);
	if (clock_en && clock_ar) {
		CHECK(clock_en->x > W / 2);
		CHECK(clock_ar->x < W / 2);
	}
	const struct layout_cmd *title = find_text(&ar, "مواقف السيارات القريبة");
	CHECK(title && title->x + title->w > W / 2 && title->align == LAYOUT_END);

	/* in a card: the name right, the distance left; the arrow is the direction for the
	 * reader (looking north: south-west is behind on the left, north-east ahead right) */
	const struct layout_cmd *name = find_text(&ar, "P06"), *sw = find_text(&ar, "↙");
	const struct layout_cmd *ne = find_text(&ar, "↗");
	CHECK(name && sw && ne);
	if (name && sw && ne) {
		CHECK(name->y == sw->y);
		CHECK(name->x > sw->x + sw->w - 1);
		CHECK(strstr(sw->text, "خلفك يسارًا") != NULL);  /* behind left */
		CHECK(strstr(ne->text, "أمامًا يمينًا") != NULL); /* ahead right */
		CHECK(find_text(&en, "↙ behind left") && find_text(&en, "↗ ahead right"));
	}
	/* the chip starts at the card's right edge, the details to its left */
	const struct layout_cmd *chip = find_text(&ar, "✓ متاح");
	const struct layout_cmd *street = find_text(&ar, "Rempartstraße 11");
	CHECK(chip && street);
	if (chip && street && name) {
		int gap = name->x + name->w - (chip->x + chip->w);
		CHECK(gap >= 0 && gap <= ar.body_px);
		CHECK(street->x + street->w <= chip->x);
	}

	/* the long Latin name is cut with its ellipsis inside its own left-to-right run: in
	 * visual order the ellipsis is at the cut (right), not at the line's end (left) */
	if (name) {
		size_t len = strlen(name->text);
		CHECK(len > 6 && strcmp(name->text + len - 6, "…" LRM) == 0);
		struct bidi_run runs[4];
		size_t n = 0;
		CHECK(bidi_split(name->text, BIDI_RTL, runs, 4, &n) == PK_OK);
		CHECK_INT(n, 1);
		CHECK(!runs[0].rtl);
	}
	const struct layout_cmd *name_en = find_text(&en, "P06");
	CHECK(name_en && strstr(name_en->text, "…") && !strstr(name_en->text, LRM));

	layout_finish(&en);
	layout_finish(&ar);
	view_finish(&v);
	model_finish(&m);
	i18n_destroy(i18n);
	return TEST_END();
}

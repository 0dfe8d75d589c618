/* Screen layout (see layout.h). Coordinates are computed left-to-right and mirrored at
 * the end for right-to-left languages. */
#include "layout.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bidi.h"
#include "drawlist.h"
#include "err.h"
#include "geo.h"
#include "layout_details.h"
#include "isotime.h"
#include "shortname.h"
#include "text.h"

#define ELLIPSIS "…"

void layout_init(struct layout *l)
{
	memset(l, 0, sizeof *l);
}

void layout_finish(struct layout *l)
{
	free(l->cmds);
	layout_init(l);
}

size_t layout_entries_shown(const struct layout *l)
{
	size_t n = 0;
	for (size_t i = 0; i < l->n_targets; i++)
		n += l->targets[i].kind == LAYOUT_TARGET_ENTRY;
	return n;
}

int layout_min_cap_px(double viewing_distance_m, double px_per_mm)
{
	double h_mm = 2.0 * viewing_distance_m * 1000.0 * tan(0.35 * M_PI / 180.0);
	return (int)ceil(h_mm * px_per_mm);
}

double layout_px_per_mm(int w, int h, double diagonal_mm)
{
	return sqrt((double)w * w + (double)h * h) / diagonal_mm;
}

void layout_format_clock(char *out, size_t cap, int64_t t, int utc_offset_s)
{
	struct isotime_parts p;
	isotime_split(t + utc_offset_s, &p);
	snprintf(out, cap, "%02d:%02d", p.hour, p.minute);
}

/* "1,2" with the language's decimal separator. */
static void decimal1(char *out, size_t cap, const struct i18n_lang *lang, double v, int digits)
{
	char num[32];
	snprintf(num, sizeof num, "%.*f", digits, v);
	char *dot = strchr(num, '.');
	if (dot) {
		*dot = '\0';
		snprintf(out, cap, "%s%s%s", num, i18n_get(lang, "ui.decimal"), dot + 1);
	} else {
		snprintf(out, cap, "%s", num);
	}
}

void layout_format_distance(char *out, size_t cap, const struct i18n_lang *lang, double m)
{
	char num[32];
	if (m < 995) {
		snprintf(num, sizeof num, "%d", (int)(floor(m / 10 + 0.5) * 10));
		const char *pairs[] = {"n", num, NULL};
		i18n_format(out, cap, i18n_get(lang, "ui.distance_m"), pairs);
	} else {
		decimal1(num, sizeof num, lang, m / 1000.0, 1);
		const char *pairs[] = {"n", num, NULL};
		i18n_format(out, cap, i18n_get(lang, "ui.distance_km"), pairs);
	}
}

/* The flattened entries: accessible spaces, then car parks. */
static size_t v_count(const struct view *v)
{
	return v->n_spots + v->n_sites;
}

static const struct view_item *v_item(const struct view *v, int i)
{
	return (size_t)i < v->n_spots ? &v->spots[i] : &v->sites[(size_t)i - v->n_spots];
}

/* --- command list --- */

struct ctx {
	struct layout *l;
	const struct layout_input *in;
	const struct layout_measure *m;
	int px, line, pad, big_px;
	int box_h;   /* text box height when not the line height (the sign's rows), 0 = line */
	int sign_w;  /* the sign's rows: their width (less than the screen's beside a code) */
	int reserve; /* px kept free at the bottom (the page control) */
	bool oom;
};

/* The builder of drawlist.h, bound to this frame's list and OOM flag. */
static void fill(struct ctx *c, int x, int y, int w, int h, enum theme_role bg)
{
	drawlist_fill(c->l, &c->oom, x, y, w, h, bg);
}

static void frame(struct ctx *c, int x, int y, int w, int h, enum theme_role fg, int t)
{
	drawlist_frame(c->l, &c->oom, x, y, w, h, fg, t);
}

static int measure(struct ctx *c, enum font_style st, int px, const char *s)
{
	return c->m->width(c->m->ud, st, px, s);
}

/* The ellipsis stands for the cut-off end of the text before it, so it takes that text's
 * direction (a zero-width mark after it): a Latin name cut in an Arabic line reads
 * "Humboldtstra…", with the ellipsis at the cut, not at the far end of the line. */
static const char *ellipsis_mark(const struct ctx *c, const char *s, size_t cut)
{
	enum bidi_dir d = bidi_last_strong(s, cut);
	bool rtl = i18n_rtl(c->in->lang);
	if (d == BIDI_LTR && rtl)
		return "\xE2\x80\x8E"; /* U+200E LEFT-TO-RIGHT MARK */
	if (d == BIDI_RTL && !rtl)
		return "\xE2\x80\x8F"; /* U+200F RIGHT-TO-LEFT MARK */
	return "";
}

/* Shortens s in place with an ellipsis until it fits max_w. Returns the width. */
static int fit(struct ctx *c, char *s, size_t cap, enum font_style st, int px, int max_w)
{
	int w = measure(c, st, px, s);
	if (w <= max_w)
		return w;
	size_t chars = text_utf8_count(s);
	char buf[256];
	while (chars > 0) {
		chars--;
		size_t cut = text_utf8_prefix(s, chars);
		/* no dangling space before the ellipsis */
		while (cut > 0 && s[cut - 1] == ' ')
			cut--;
		snprintf(buf, sizeof buf, "%.*s%s%s", (int)cut, s, ELLIPSIS,
		         ellipsis_mark(c, s, cut));
		w = measure(c, st, px, buf);
		if (w <= max_w || chars == 0) {
			text_copy(s, cap, buf);
			return w;
		}
	}
	return w;
}

/* Places text in a box (after fitting it); returns its drawn width. */
static int text(struct ctx *c, int x, int y, int w, const char *s, enum font_style st, int px,
                enum theme_role fg, enum theme_role bg, enum layout_align align)
{
	if (!s || !*s || w <= 0)
		return 0;
	int h = c->box_h > 0 ? c->box_h : (int)ceil(px * c->m->line_ratio);
	struct layout_cmd *cmd = drawlist_push(c->l, &c->oom, LAYOUT_TEXT, x, y, w, h);
	if (!cmd)
		return 0;
	text_copy(cmd->text, sizeof cmd->text, s);
	int tw = fit(c, cmd->text, sizeof cmd->text, st, px, w);
	cmd->fg = fg, cmd->bg = bg, cmd->style = st, cmd->px = px, cmd->align = align;
	return tw;
}

/* Height of a sign's chip or badge in a row of height box: 7/8 of it, the whole row for
 * Arabic, whose ink (the tail of ح, the dots of ي) is deeper than 7/8 of a row. */
static int sign_box_h(const struct ctx *c, int box)
{
	return i18n_rtl(c->in->lang) ? box : box - box / 8;
}

/* Keeps the ink of the text just placed inside rows y .. y + h - 1 (the chip or badge it
 * sits on): the renderer moves it up or down into them, since below a chip's fill a
 * descender (Arabic ح, the dots of ي, Cyrillic Д) would have no contrast. */
static void ink_inside(struct ctx *c, int y, int h)
{
	if (c->l->n > 0 && c->l->cmds[c->l->n - 1].op == LAYOUT_TEXT) {
		c->l->cmds[c->l->n - 1].ink_y = y;
		c->l->cmds[c->l->n - 1].ink_h = h;
	}
}

/* A name: the one kind of text that may be shortened (text() ellipsises whatever does not
 * fit, and the layout test allows that only for names). */
static int name_text(struct ctx *c, int x, int y, int w, const char *s, enum font_style st, int px,
                     enum theme_role fg, enum theme_role bg, enum layout_align align)
{
	size_t before = c->l->n;
	int tw = text(c, x, y, w, s, st, px, fg, bg, align);
	if (c->l->n > before)
		c->l->cmds[c->l->n - 1].may_cut = true;
	return tw;
}

/* A name for a one-line row: the longest of its shorter forms (shortname.h) that fits w,
 * else the shortest form cut with an ellipsis, so a row shows "Humbol…", not "P06 -…". */
static void short_name(struct ctx *c, char *out, size_t cap, const char *name, enum font_style st,
                       int px, int w)
{
	char forms[SHORTNAME_MAX][SHORTNAME_CAP];
	size_t n = shortname_forms(name, forms, SHORTNAME_MAX);
	if (n == 0) {
		text_copy(out, cap, name);
		return;
	}
	size_t k = 0;
	while (k + 1 < n && measure(c, st, px, forms[k]) > w)
		k++;
	text_copy(out, cap, forms[k]);
	fit(c, out, cap, st, px, w);
}

/* Word-wraps s into at most max_lines lines of width w; returns lines used. */
static int wrap_impl(struct ctx *c, int x, int y, int w, const char *s, enum font_style st, int px,
                     enum theme_role fg, enum theme_role bg, int max_lines, bool draw);

static int wrapped(struct ctx *c, int x, int y, int w, const char *s, enum font_style st, int px,
                   enum theme_role fg, enum theme_role bg, int max_lines)
{
	return wrap_impl(c, x, y, w, s, st, px, fg, bg, max_lines, true);
}

/* Lines s needs at width w (up to max_lines). */
static int wrap_count(struct ctx *c, int w, const char *s, enum font_style st, int px,
                      int max_lines)
{
	return wrap_impl(c, 0, 0, w, s, st, px, ROLE_TEXT, ROLE_BG, max_lines, false);
}

static int wrap_impl(struct ctx *c, int x, int y, int w, const char *s, enum font_style st, int px,
                     enum theme_role fg, enum theme_role bg, int max_lines, bool draw)
{
	char rest[512];
	text_copy(rest, sizeof rest, s);
	const char *p = rest;
	int lines = 0, lh = c->box_h > 0 ? c->box_h : (int)ceil(px * c->m->line_ratio);
	while (*p && lines < max_lines) {
		char line[512] = "";
		const char *q = p, *best = NULL;
		/* grow word by word */
		while (*q) {
			const char *sp = strchr(q + 1, ' ');
			const char *end = sp ? sp : q + strlen(q);
			char probe[512];
			snprintf(probe, sizeof probe, "%.*s", (int)(end - p), p);
			if (measure(c, st, px, probe) > w && best)
				break;
			best = end;
			q = end;
			if (!sp)
				break;
		}
		if (lines == max_lines - 1 || !best)
			best = p + strlen(p); /* last line: the rest, ellipsised by text() */
		snprintf(line, sizeof line, "%.*s", (int)(best - p), p);
		if (draw)
			text(c, x, y + lines * lh, w, line, st, px, fg, bg, LAYOUT_START);
		lines++;
		p = best;
		while (*p == ' ')
			p++;
	}
	return lines;
}

/* --- entries --- */

/* What each state is called: its symbol, its word and its short word (NULL: the word). */
struct status_parts {
	const char *sym, *word_key, *short_key;
};

static struct status_parts status_parts(enum view_status st)
{
	switch (st) {
	case VIEW_FREE:
		return (struct status_parts){"✓", "ui.status.free", NULL};
	case VIEW_TAKEN:
		return (struct status_parts){"✗", "ui.status.taken", "ui.status_short.taken"};
	case VIEW_OPEN:
		return (struct status_parts){"✓", "ui.status.open", NULL};
	case VIEW_FULL:
		return (struct status_parts){"✗", "ui.status.full", "ui.status_short.full"};
	case VIEW_CLOSED:
		return (struct status_parts){"⊘", "ui.status.closed", "ui.status_short.closed"};
	case VIEW_INVALID:
		return (struct status_parts){"!", "ui.status.invalid", "ui.status_short.invalid"};
	case VIEW_UNKNOWN:
		break;
	}
	return (struct status_parts){"?", "ui.status.unknown", "ui.status_short.unknown"};
}

/* An open car park's count: "212 frei", or with_total "212 von 400 frei"; false when
 * the feed gives no free count. */
static bool free_words(const struct view_item *it, const struct i18n_lang *lang, bool with_total,
                       char *out, size_t cap)
{
	if (it->free == VIEW_NONE)
		return false;
	char f[16], t[16];
	snprintf(f, sizeof f, "%d", it->free);
	if (with_total && it->total != VIEW_NONE) {
		snprintf(t, sizeof t, "%d", it->total);
		const char *pairs[] = {"free", f, "total", t, NULL};
		i18n_format(out, cap, i18n_get(lang, "ui.free_of_total"), pairs);
	} else {
		const char *pairs[] = {"free", f, NULL};
		i18n_format(out, cap, i18n_get(lang, "ui.free_count"), pairs);
	}
	return true;
}

void layout_status_chip(const struct view_item *it, const struct i18n_lang *lang, char *out,
                        size_t cap, bool *filled)
{
	struct status_parts p = status_parts(it->status);
	const char *word = i18n_get(lang, p.word_key);
	char counts[96];
	*filled = it->status == VIEW_FREE || (it->status == VIEW_OPEN && it->free != VIEW_NONE);
	if (it->status == VIEW_OPEN && free_words(it, lang, true, counts, sizeof counts))
		word = counts;
	snprintf(out, cap, "%s %s", p.sym, word);
}

/* Second-line details after the chip. */
static void details_line(const struct view_item *it, const struct i18n_lang *lang, char *out,
                         size_t cap)
{
	const struct model_entry *e = it->e;
	out[0] = '\0';
	size_t pos = 0;
#define ADD(s)                                                                                     \
	do {                                                                                       \
		if (*(s))                                                                          \
			pos += (size_t)snprintf(out + pos, pos < cap ? cap - pos : 0, "%s%s",      \
			                        pos ? " · " : "", (s));                            \
	} while (0)
	if (e->kind == MODEL_SPOT) {
		char street[128];
		text_copy(street, sizeof street, e->address[0] ? e->address : "");
		char *comma = strchr(street, ',');
		if (comma)
			*comma = '\0';
		if (it->alternative)
			ADD(i18n_get(lang, "ui.alternative"));
		ADD(street);
	} else {
		char buf[96];
		if (it->free_disabled != VIEW_NONE) {
			char f[16], t[16];
			snprintf(f, sizeof f, "%d", it->free_disabled);
			snprintf(t, sizeof t, "%d", it->total_disabled);
			const char *pairs[] = {"free", f, "total", t, NULL};
			char inner[80];
			i18n_format(inner, sizeof inner,
			            i18n_get(lang, it->total_disabled != VIEW_NONE
			                               ? "ui.disabled_free"
			                               : "ui.disabled_free_only"),
			            pairs);
			snprintf(buf, sizeof buf, "♿ %s", inner);
			ADD(buf);
		} else if (it->status == VIEW_CLOSED || it->status == VIEW_UNKNOWN ||
		           it->status == VIEW_INVALID) {
			if (it->total != VIEW_NONE) {
				char t[16];
				snprintf(t, sizeof t, "%d", it->total);
				const char *pairs[] = {"total", t, NULL};
				i18n_format(buf, sizeof buf,
				            i18n_plural(lang, "ui.capacity", it->total), pairs);
				ADD(buf);
			}
		}
		if (e->max_height_cm != MODEL_UNKNOWN && e->max_height_cm > 0) {
			char h[16];
			decimal1(h, sizeof h, lang, e->max_height_cm / 100.0, 2);
			const char *pairs[] = {"height", h, NULL};
			i18n_format(buf, sizeof buf, i18n_get(lang, "ui.max_height"), pairs);
			ADD(buf);
		}
	}
#undef ADD
}

static void place_line(const struct view_item *it, const struct i18n_lang *lang, double facing_deg,
                       char *out, size_t cap)
{
	char dist[32], key[32];
	layout_format_distance(dist, sizeof dist, lang, it->distance_m);
	/* relative to the person reading the screen: arrow and word agree */
	enum geo_relative r = geo_relative_to_viewer(it->bearing_deg, facing_deg);
	snprintf(key, sizeof key, "ui.rel.%s", geo_relative_key(r));
	snprintf(out, cap, "%s %s %s", dist, geo_relative_arrow(r), i18n_get(lang, key));
}

static void direction_parts(const struct ctx *c, const struct view_item *it, const char **arrow,
                            const char **word);

static void entry_card(struct ctx *c, const struct view_item *it, int index, int x, int y, int w,
                       int h)
{
	const struct i18n_lang *lang = c->in->lang;
	fill(c, x, y, w, h, ROLE_CARD);
	int ix = x + c->pad, iw = w - 2 * c->pad, y1 = y + c->pad / 2, y2 = y1 + c->line;
	/* line 1: name ... distance and direction */
	char where[96];
	place_line(it, lang, c->in->facing_deg, where, sizeof where);
	int ww = measure(c, FONT_REGULAR, c->px, where);
	/* Distance and direction are short and said nowhere else on the card; a space's name
	 * repeats the street of line 2. So they may take two thirds: "150 м ↙ південний
	 * захід" and "1,2 Kilometer ↙ Süd-West" stay whole. */
	if (ww > iw * 2 / 3) {
		/* still too long: distance and arrow, without the word (never cut) */
		const char *arrow, *word;
		char dist[32];
		direction_parts(c, it, &arrow, &word);
		layout_format_distance(dist, sizeof dist, lang, it->distance_m);
		snprintf(where, sizeof where, "%s %s", dist, arrow);
		ww = measure(c, FONT_REGULAR, c->px, where);
	}
	text(c, ix + iw - ww, y1, ww, where, FONT_REGULAR, c->px, ROLE_CARD_TEXT, ROLE_CARD,
	     LAYOUT_END);
	const char *name = it->e->name[0] ? it->e->name : it->e->address;
	name_text(c, ix, y1, iw - ww - c->pad, name, FONT_BOLD, c->px, ROLE_CARD_TEXT, ROLE_CARD,
	          LAYOUT_START);
	/* line 2: status chip (word + symbol + fill/outline), then details */
	char chip[128], more[256];
	bool filled;
	layout_status_chip(it, lang, chip, sizeof chip, &filled);
	int cw = measure(c, FONT_BOLD, c->px, chip) + c->pad;
	if (cw > iw)
		cw = iw;
	int chip_h = c->line;
	if (filled) {
		fill(c, ix, y2, cw, chip_h, ROLE_FREE);
		text(c, ix + c->pad / 2, y2, cw - c->pad, chip, FONT_BOLD, c->px, ROLE_FREE_TEXT,
		     ROLE_FREE, LAYOUT_START);
		ink_inside(c, y2, chip_h);
	} else {
		int t = c->pad / 4 > 2 ? c->pad / 4 : 2;
		frame(c, ix, y2, cw, chip_h, ROLE_ALERT_TEXT, t);
		text(c, ix + c->pad / 2, y2, cw - c->pad, chip, FONT_BOLD, c->px, ROLE_ALERT_TEXT,
		     ROLE_CARD, LAYOUT_START);
	}
	details_line(it, lang, more, sizeof more);
	if (more[0] && iw - cw - c->pad > c->px)
		text(c, ix + cw + c->pad, y2, iw - cw - c->pad, more, FONT_REGULAR, c->px,
		     ROLE_MUTED, ROLE_CARD, LAYOUT_START);
	if (c->in->focus == index) {
		int t = c->pad / 2 > 6 ? c->pad / 2 : 6;
		frame(c, x, y, w, h, ROLE_FOCUS, t);
	}
	drawlist_target(c->l, x, y, w, h, LAYOUT_TARGET_ENTRY, index);
}

/* Geometry of a section in a box of height h: entries per page. */
static int section_rows(struct ctx *c, const struct view_item *items, size_t n, int h)
{
	int card_h = 2 * c->line + c->pad, gap = c->pad / 2;
	int title_h = c->line + gap;
	bool alt_note = false;
	for (size_t i = 0; i < n; i++)
		alt_note |= items[i].alternative;
	int avail = h - title_h - (alt_note ? c->line * 2 : 0);
	int rows = avail / (card_h + gap);
	return rows < 0 ? 0 : rows;
}

static int section_pages(size_t n, int rows)
{
	if (n == 0 || rows <= 0)
		return 1;
	return (int)((n + (size_t)rows - 1) / (size_t)rows);
}

/* Draws one page of a section (title + cards) in a box. */
static void section(struct ctx *c, const char *title_key, const struct view_item *items, size_t n,
                    int base_index, int x, int y, int w, int rows, int page)
{
	const struct i18n_lang *lang = c->in->lang;
	int card_h = 2 * c->line + c->pad, gap = c->pad / 2;
	int title_h = c->line + gap;
	int pages = section_pages(n, rows);
	bool alt_note = false;
	for (size_t i = 0; i < n; i++)
		alt_note |= items[i].alternative;
	if (rows > 0 && c->in->focus >= base_index && c->in->focus < base_index + (int)n)
		page = (c->in->focus - base_index) / rows;
	page %= pages;
	/* title, with the page position in words when there is more than one */
	char pg[64] = "";
	if (pages > 1) {
		char a[16], b[16];
		snprintf(a, sizeof a, "%d", page + 1);
		snprintf(b, sizeof b, "%d", pages);
		const char *pairs[] = {"page", a, "pages", b, NULL};
		i18n_format(pg, sizeof pg, i18n_get(lang, "ui.page"), pairs);
	}
	int pw = pg[0] ? measure(c, FONT_REGULAR, c->px, pg) : 0;
	if (pw > w / 2)
		pw = w / 2;
	if (pw)
		text(c, x + w - pw, y, pw, pg, FONT_REGULAR, c->px, ROLE_TEXT, ROLE_BG, LAYOUT_END);
	text(c, x, y, w - pw - c->pad, i18n_get(lang, title_key), FONT_BOLD, c->px, ROLE_TEXT,
	     ROLE_BG, LAYOUT_START);
	int cy = y + title_h;
	if (n == 0) {
		const char *empty = strcmp(title_key, "ui.section.spots") == 0
		                        ? i18n_get(lang, "ui.none_nearby")
		                        : i18n_get(lang, "ui.no_sites");
		wrapped(c, x, cy, w, empty, FONT_REGULAR, c->px, ROLE_TEXT, ROLE_BG, 2);
		return;
	}
	if (alt_note) {
		wrapped(c, x, cy, w, i18n_get(lang, "ui.none_free_nearby"), FONT_REGULAR, c->px,
		        ROLE_TEXT, ROLE_BG, 2);
		cy += c->line * 2;
	}
	for (int r = 0; r < rows; r++) {
		size_t i = (size_t)page * (size_t)rows + (size_t)r;
		if (i >= n)
			break;
		entry_card(c, &items[i], base_index + (int)i, x, cy, w, card_h);
		cy += card_h + gap;
	}
}

/* The data-age line: "Stand 14:30 · vor 2 Min. · Daten: 1 von 1 Quelle aktuell". */
static void age_line(struct ctx *c, char *out, size_t cap)
{
	const struct layout_input *in = c->in;
	const struct i18n_lang *lang = in->lang;
	const struct view *v = in->view;
	char age[64] = "", stand[64] = "";
	int64_t t = v->newest_update > 0 ? v->newest_update : v->newest_any;
	if (t > 0) {
		char hm[32];
		layout_format_clock(hm, sizeof hm, t, in->data_utc_offset_s);
		int64_t mins = (in->now - t) / 60;
		if (mins >= 60 * 20) {
			/* old data: say the day too, so "13:00" is not mistaken for today */
			struct isotime_parts dp;
			isotime_split(t + in->data_utc_offset_s, &dp);
			char clock[16];
			text_copy(clock, sizeof clock, hm);
			snprintf(hm, sizeof hm, "%02d.%02d.%04d %s", dp.day, dp.month, dp.year,
			         clock);
		}
		const char *p1[] = {"time", hm, NULL};
		i18n_format(stand, sizeof stand, i18n_get(lang, "ui.updated"), p1);
		char n[24];
		snprintf(n, sizeof n, "%lld",
		         (long long)(mins >= 60 * 24 ? mins / (60 * 24)
		                     : mins >= 60    ? mins / 60
		                                     : mins));
		const char *p2[] = {"n", n, NULL};
		if (mins < 1)
			text_copy(age, sizeof age, i18n_get(lang, "ui.age.now"));
		else if (mins < 60)
			i18n_format(age, sizeof age, i18n_plural(lang, "ui.age.min", (long)mins),
			            p2);
		else if (mins < 60 * 24)
			i18n_format(age, sizeof age, i18n_plural(lang, "ui.age.hours", mins / 60),
			            p2);
		else
			i18n_format(age, sizeof age,
			            i18n_plural(lang, "ui.age.days", mins / (60 * 24)), p2);
		if (v->newest_update > 0)
			snprintf(out, cap, "%s · %s", stand, age);
		else
			snprintf(out, cap, "%s · %s · %s", i18n_get(lang, "ui.status.unknown"),
			         stand, age);
	} else {
		text_copy(out, cap, i18n_get(lang, "ui.status.unknown"));
	}
	if (in->sources_total > 0) {
		char a[16], b[16], src[128];
		snprintf(a, sizeof a, "%d", in->sources_current);
		snprintf(b, sizeof b, "%d", in->sources_total);
		const char *p3[] = {"current", a, "total", b, NULL};
		i18n_format(src, sizeof src, i18n_plural(lang, "ui.sources", in->sources_total),
		            p3);
		size_t len = strlen(out);
		snprintf(out + len, cap - len, " · %s", src);
	}
}

/* Header band: title and clock, the place if it does not fit beside the title, the data
 * age, and the badges (demo, speech) — each on a line of its own when space is short. */
static void header(struct ctx *c, int *bottom)
{
	const struct layout_input *in = c->in;
	const struct i18n_lang *lang = in->lang;
	int W = in->w, pad = c->pad;
	/* Very large text for the screen: a compact header of two body-size lines, so the
	 * entries keep the room (text sizes never go below the body size). */
	bool compact = in->h < 12 * c->line;
	int big_px = compact ? c->px : c->big_px;
	int big_line = (int)ceil(big_px * c->m->line_ratio);
	size_t fill_at = c->l->n;
	fill(c, 0, 0, W, 0, ROLE_HEADER); /* height set at the end */
	char clock[16];
	layout_format_clock(clock, sizeof clock, in->now, in->utc_offset_s);
	int cw = measure(c, FONT_BOLD, big_px, clock);
	int y = pad;
	text(c, W - pad - cw, y, cw, clock, FONT_BOLD, big_px, ROLE_HEADER_TEXT, ROLE_HEADER,
	     LAYOUT_END);
	char title[192];
	bool has_place = in->place && in->place[0];
	if (has_place)
		snprintf(title, sizeof title, "%s · %s", i18n_get(lang, "ui.title"), in->place);
	else
		text_copy(title, sizeof title, i18n_get(lang, "ui.title"));
	int tw = W - 3 * pad - cw;
	if (compact)
		text_copy(title, sizeof title, has_place ? in->place : i18n_get(lang, "ui.title"));
	if (measure(c, FONT_BOLD, big_px, title) <= tw || compact || !has_place) {
		text(c, pad, y, tw, title, FONT_BOLD, big_px, ROLE_HEADER_TEXT, ROLE_HEADER,
		     LAYOUT_START);
		y += big_line;
	} else {
		text(c, pad, y, tw, i18n_get(lang, "ui.title"), FONT_BOLD, big_px, ROLE_HEADER_TEXT,
		     ROLE_HEADER, LAYOUT_START);
		y += big_line;
		text(c, pad, y, W - 2 * pad, in->place, FONT_BOLD, big_px, ROLE_HEADER_TEXT,
		     ROLE_HEADER, LAYOUT_START);
		y += big_line;
	}
	char line2[320];
	age_line(c, line2, sizeof line2);
	const char *badges[2] = {in->demo ? i18n_get(lang, "ui.demo") : NULL,
	                         in->audio_active ? i18n_get(lang, "ui.audio_on") : NULL};
	int bw[2] = {0, 0}, badges_w = 0;
	for (int b = 0; b < 2; b++)
		if (badges[b]) {
			bw[b] = measure(c, FONT_BOLD, c->px, badges[b]) + pad;
			if (bw[b] > W - 2 * pad)
				bw[b] = W - 2 * pad;
			badges_w += bw[b] + pad;
		}
	int l2w = measure(c, FONT_REGULAR, c->px, line2);
	bool badges_own_line = !compact && badges_w > 0 && l2w + badges_w > W - 2 * pad;
	if (compact && badges_w > (W - 2 * pad) / 2) {
		badges[1] = NULL; /* the speech badge gives way; the focus frame shows it */
		badges_w = badges[0] ? bw[0] + pad : 0;
	}
	int lines2 = wrapped(c, pad, y, W - 2 * pad - (badges_own_line ? 0 : badges_w), line2,
	                     FONT_REGULAR, c->px, ROLE_HEADER_TEXT, ROLE_HEADER, compact ? 1 : 2);
	int badge_y = badges_own_line ? y + lines2 * c->line + pad / 4 : y;
	int right = W - pad;
	for (int b = 0; b < 2; b++) {
		if (!badges[b])
			continue;
		if (right - bw[b] < pad) { /* two badges do not fit side by side */
			badge_y += c->line + pad / 4;
			right = W - pad;
		}
		fill(c, right - bw[b], badge_y, bw[b], c->line, ROLE_BADGE);
		text(c, right - bw[b] + pad / 2, badge_y, bw[b] - pad, badges[b], FONT_BOLD, c->px,
		     ROLE_BADGE_TEXT, ROLE_BADGE, LAYOUT_START);
		ink_inside(c, badge_y, c->line);
		right -= bw[b] + pad;
	}
	int end = y + lines2 * c->line;
	if (badges_w && badge_y + c->line > end)
		end = badge_y + c->line;
	int h = end + pad;
	if (!c->oom)
		c->l->cmds[fill_at].h = h;
	*bottom = h;
}

/* Footer: the hint (or the inactivity warning) in up to two lines. Returns its top. */
static int footer(struct ctx *c)
{
	const struct layout_input *in = c->in;
	int W = in->w, H = in->h - c->reserve, pad = c->pad;
	const char *msg = NULL;
	if (in->warning)
		msg = i18n_get(in->lang, "ui.warning");
	else if (in->details)
		msg = in->details;
	else if (!in->display_mode && !in->audio_active)
		msg = i18n_get(in->lang, "ui.hint.audio");
	if (!msg)
		return H - pad;
	/* as many lines as the words need: a hint is never cut */
	int lines = wrap_count(c, W - 2 * pad, msg,
	                       in->warning || in->details ? FONT_BOLD : FONT_REGULAR, c->px, 8);
	int h = lines * c->line + pad;
	int top = H - h - pad / 2;
	if (in->warning || in->details) {
		fill(c, 0, top - pad / 2, W, h + pad, ROLE_BADGE);
		wrapped(c, pad, top, W - 2 * pad, msg, FONT_BOLD, c->px, ROLE_BADGE_TEXT,
		        ROLE_BADGE, lines);
	} else {
		wrapped(c, pad, top, W - 2 * pad, msg, FONT_REGULAR, c->px, ROLE_TEXT, ROLE_BG,
		        lines);
	}
	return top - pad / 2;
}

/* --- the guidance-sign layout: one line per entry --------------------------------------
 * Like a dynamic parking guidance sign or a departure board: a one-line header (place if
 * configured, clock, data age, demo mark, page), then one row per entry — group icon (♿ or
 * P), name, arrow and distance, then the state as symbol and word or the free count. The
 * nearest free accessible space has its own emphasised row at the top of every page; then
 * the other free accessible spaces, the car parks, and the taken spaces. Rows are sized by
 * 0.7° like all text and fill the screen; what does not fit goes on further pages. When
 * space is short, the columns change to shorter forms (defined in every catalogue) — the
 * numbers are never cut, only a name may be, and it is the name that gives way. */

#define SIGN_LINE 1.12    /* row box / em: capitals with accents and most of the descenders */
#define SIGN_LINE_RTL 1.2 /* Arabic letters reach deeper below the baseline */

struct sign_entry {
	const struct view_item *it;
	int index; /* flattened entry index (spots, then sites) */
	int slots; /* row boxes it takes: 1, or 2 when even the shortest forms leave its name
	            * less than two em (name above, direction and state below) */
};

struct sign {
	struct sign_entry *order; /* owned: the entries in sign order, pinned row excluded */
	size_t n;
	const struct view_item *pinned; /* nearest free accessible space, or NULL */
	int pinned_index;
	int box;       /* row box height */
	int gap;       /* space between rows */
	int rows;      /* entry rows per page, the pinned row included */
	int list_rows; /* rows per page for the paged list */
	int pages, page;
	int where_form, value_form;
	int icon_w, where_w, value_w;
	int pinned_slots;
	size_t first; /* the current page: order[first .. first + list_rows) */
};

/* The way to go for the person reading the screen, as place_line has it. */
static void direction_parts(const struct ctx *c, const struct view_item *it, const char **arrow,
                            const char **word)
{
	char key[32];
	enum geo_relative r = geo_relative_to_viewer(it->bearing_deg, c->in->facing_deg);
	snprintf(key, sizeof key, "ui.rel.%s", geo_relative_key(r));
	*arrow = geo_relative_arrow(r);
	*word = i18n_get(c->in->lang, key);
}

/* Form 0: "↙ links hinten 150 m", 1: "↙ 150 m", 2: "↙". */
static void sign_where(const struct ctx *c, const struct view_item *it, int form, char *out,
                       size_t cap)
{
	const struct i18n_lang *lang = c->in->lang;
	const char *arrow, *word;
	direction_parts(c, it, &arrow, &word);
	char dist[32];
	layout_format_distance(dist, sizeof dist, lang, it->distance_m);
	if (form == 0)
		snprintf(out, cap, "%s %s %s", arrow, word, dist);
	else if (form == 1)
		snprintf(out, cap, "%s %s", arrow, dist);
	else
		snprintf(out, cap, "%s", arrow);
}

/* The state: form 0 "✓ 212 frei", 1 "✓ 212" (short words), 2 "212" (no symbol). */
static void sign_value(const struct view_item *it, const struct i18n_lang *lang, int form,
                       char *out, size_t cap, bool *filled)
{
	struct status_parts p = status_parts(it->status);
	const char *word = i18n_get(lang, p.word_key);
	char num[16] = "", counted[64];
	*filled = it->status == VIEW_FREE;
	if (it->status == VIEW_OPEN && free_words(it, lang, false, counted, sizeof counted)) {
		snprintf(num, sizeof num, "%d", it->free);
		word = counted;
		*filled = it->free > 0;
	}
	const char *shortw = num[0] ? num : p.short_key ? i18n_get(lang, p.short_key) : word;
	if (form == 0)
		snprintf(out, cap, "%s %s", p.sym, word);
	else if (form == 1)
		snprintf(out, cap, "%s %s", p.sym, shortw);
	else
		snprintf(out, cap, "%s", shortw);
}

static const char *sign_icon(const struct view_item *it)
{
	return it->e->kind == MODEL_SPOT ? "♿" : "P";
}

static bool sign_later(const struct view_item *it)
{
	return it->e->kind == MODEL_SPOT && it->status != VIEW_FREE;
}

/* Sign order: the nearest free accessible space pinned, then free spaces, car parks,
 * and the spaces that are not free. */
static bool sign_order(struct ctx *c, struct sign *sg)
{
	const struct view *v = c->in->view;
	size_t total = v->n_spots + v->n_sites;
	sg->order = total ? calloc(total, sizeof *sg->order) : NULL;
	if (total && !sg->order) {
		c->oom = true;
		return false;
	}
	sg->pinned = NULL;
	sg->pinned_index = -1;
	if (v->n_spots && v->spots[0].status == VIEW_FREE) {
		sg->pinned = &v->spots[0];
		sg->pinned_index = 0;
	}
	sg->n = 0;
	for (int pass = 0; pass < 3; pass++) {
		for (size_t i = 0; i < v->n_spots; i++) {
			const struct view_item *it = &v->spots[i];
			if (it == sg->pinned || (pass == 0) == sign_later(it) || pass == 1)
				continue;
			sg->order[sg->n++] = (struct sign_entry){it, (int)i};
		}
		if (pass == 1)
			for (size_t i = 0; i < v->n_sites; i++)
				sg->order[sg->n++] =
				    (struct sign_entry){&v->sites[i], (int)(v->n_spots + i)};
	}
	return true;
}

/* The data age in four lengths: 0 "Stand 10:59 · vor 3 Min.", 1 "10:59 · 3 Min.",
 * 2 "vor 3 Min.", 3 "3 Min.". Data older than 20 h keeps its date in every form. */
static void sign_age(struct ctx *c, int form, char *out, size_t cap)
{
	const struct layout_input *in = c->in;
	const struct i18n_lang *lang = in->lang;
	const struct view *v = in->view;
	int64_t t = v->newest_update > 0 ? v->newest_update : v->newest_any;
	bool is_short = form == 1 || form == 3;
	const char *unknown =
	    i18n_get(lang, is_short ? "ui.status_short.unknown" : "ui.status.unknown");
	if (t <= 0) {
		text_copy(out, cap, unknown);
		return;
	}
	char hm[32], stand[64] = "", age[64];
	layout_format_clock(hm, sizeof hm, t, in->data_utc_offset_s);
	int64_t mins = (in->now - t) / 60;
	if (mins < 0)
		mins = 0;
	bool old = mins >= 60 * 20;
	if (old) {
		struct isotime_parts dp;
		isotime_split(t + in->data_utc_offset_s, &dp);
		char clock[16];
		text_copy(clock, sizeof clock, hm);
		snprintf(hm, sizeof hm, "%02d.%02d.%04d %s", dp.day, dp.month, dp.year, clock);
	}
	const char *p1[] = {"time", hm, NULL};
	i18n_format(stand, sizeof stand,
	            i18n_get(lang, is_short ? "ui.updated_short" : "ui.updated"), p1);
	const char *pre = is_short ? "ui.age_short" : "ui.age";
	char key[32], n[24];
	long val = (long)(mins >= 60 * 24 ? mins / (60 * 24) : mins >= 60 ? mins / 60 : mins);
	snprintf(n, sizeof n, "%ld", val);
	const char *p2[] = {"n", n, NULL};
	if (mins < 1) {
		snprintf(key, sizeof key, "%s.now", pre);
		text_copy(age, sizeof age, i18n_get(lang, key));
	} else {
		snprintf(key, sizeof key, "%s.%s", pre,
		         mins < 60        ? "min"
		         : mins < 60 * 24 ? "hours"
		                          : "days");
		i18n_format(age, sizeof age, i18n_plural(lang, key, val), p2);
	}
	/* sized for the longest parts, so nothing is cut here; text_copy cuts out at a
	 * character boundary */
	char body[136], unk[48], line[192];
	text_copy(unk, sizeof unk, unknown);
	if (form >= 2 && !old)
		text_copy(body, sizeof body, age);
	else if (snprintf(body, sizeof body, "%s · %s", stand, age) >= (int)sizeof body)
		text_copy(body, sizeof body, age); /* old data keeps its date */
	if (v->newest_update <= 0 && form < 2 &&
	    snprintf(line, sizeof line, "%s · %s", unk, body) < (int)sizeof line)
		text_copy(out, cap, line);
	else
		text_copy(out, cap, body);
}

enum { SIGN_ITEMS = 7 };

struct sign_item {
	char text[160];
	enum font_style style;
	bool badge, right;
	int w;
};

/* Header items at a level of shortness: 0 everything in full; 1 the demo mark and the page
 * short; 2 the data age short ("10:59 · 3 Min."); 3 without the clock; 4 the age alone and
 * short ("3 Min."); 5 without the place, the age alone ("vor 3 Min."); 6 that short; 7 without
 * the age while the data are live. What gives way first is what a passer-by needs least: the
 * clock (every phone has one), then the place (the reader is standing in it), then the age of
 * live data (a guidance sign never shows it; live is the normal case). The demo mark, the
 * page and a warning that data are not live ("keine Daten", "1 von 2 Quellen") stay. */
#define SIGN_LEVELS 8
static int sign_header_items(struct ctx *c, int level, int page, int pages, struct sign_item *items)
{
	const struct layout_input *in = c->in;
	const struct i18n_lang *lang = in->lang;
	int n = 0;
	if (in->place && in->place[0] && level <= 4) {
		items[n] = (struct sign_item){.style = FONT_BOLD};
		text_copy(items[n++].text, sizeof items[0].text, in->place);
	}
	if (level <= 2) {
		items[n] = (struct sign_item){.style = FONT_BOLD};
		layout_format_clock(items[n++].text, sizeof items[0].text, in->now,
		                    in->utc_offset_s);
	}
	static const int age_form[SIGN_LEVELS] = {0, 0, 1, 1, 3, 2, 3, 3};
	bool live = in->view->newest_update > 0;
	if (age_form[level] >= 2 && !live) {
		/* no live data: said on its own, so that it can have a line of its own */
		items[n] = (struct sign_item){.style = FONT_REGULAR};
		text_copy(items[n++].text, sizeof items[0].text,
		          i18n_get(lang, "ui.status_short.unknown"));
	}
	if (level < SIGN_LEVELS - 1 || !live) {
		items[n] = (struct sign_item){.style = FONT_REGULAR};
		sign_age(c, age_form[level], items[n].text, sizeof items[0].text);
		n++;
	}
	if (in->sources_total > 0 && in->sources_current < in->sources_total) {
		char a[16], b[16];
		snprintf(a, sizeof a, "%d", in->sources_current);
		snprintf(b, sizeof b, "%d", in->sources_total);
		const char *pairs[] = {"current", a, "total", b, NULL};
		items[n] = (struct sign_item){.style = FONT_REGULAR};
		i18n_format(items[n++].text, sizeof items[0].text,
		            level <= 1 ? i18n_plural(lang, "ui.sources", in->sources_total)
		                       : i18n_get(lang, "ui.sources_short"),
		            pairs);
	}
	if (in->demo) {
		items[n] = (struct sign_item){.style = FONT_BOLD, .badge = true, .right = true};
		text_copy(items[n++].text, sizeof items[0].text,
		          i18n_get(lang, level == 0 ? "ui.demo" : "ui.demo_short"));
	}
	if (pages > 1) {
		char a[16], b[16];
		snprintf(a, sizeof a, "%d", page + 1);
		snprintf(b, sizeof b, "%d", pages);
		const char *pairs[] = {"page", a, "pages", b, NULL};
		items[n] = (struct sign_item){.style = FONT_BOLD, .right = true};
		i18n_format(items[n++].text, sizeof items[0].text,
		            i18n_get(lang, level == 0 ? "ui.page" : "ui.page_short"), pairs);
	}
	for (int i = 0; i < n; i++)
		items[i].w = measure(c, items[i].style, c->px, items[i].text) +
		             (items[i].badge ? c->pad : 0);
	return n;
}

static int items_width(const struct sign_item *items, int n, int gap)
{
	int w = 0;
	for (int i = 0; i < n; i++)
		w += items[i].w + (i ? gap : 0);
	return w;
}

static bool in_place(const struct ctx *c)
{
	return c->in->place && c->in->place[0];
}

/* Greedy line breaking of the header items: line[i] gets each item's line; returns the
 * number of lines. An item wider than a line (a long place name) has a line of its own. */
static int header_wrap(const struct sign_item *items, int n, int avail, int gap, int *line)
{
	int lines = 1, used = 0;
	for (int i = 0; i < n; i++) {
		int w = items[i].w < avail ? items[i].w : avail;
		if (used > 0 && used + gap + w > avail) {
			lines++;
			used = 0;
		}
		line[i] = lines - 1;
		used += (used ? gap : 0) + w;
	}
	return lines;
}

/* Lines the header needs for this page count (1 if any level of shortness fits one line,
 * else the items wrapped at a short level); the chosen level in *level. */
static int sign_header_lines(struct ctx *c, int pages, int *level)
{
	struct sign_item items[SIGN_ITEMS];
	int line[SIGN_ITEMS];
	int avail = c->in->w - 2 * c->pad, gap = c->pad;
	for (int lv = 0; lv < SIGN_LEVELS; lv++) {
		int n = sign_header_items(c, lv, pages - 1, pages, items);
		if (items_width(items, n, gap) <= avail) {
			*level = lv;
			return 1;
		}
	}
	/* several lines: as few as any level gives whose items each fit a line (the place
	 * may be cut, it is a name), at the fullest such level; else the shortest level.
	 * Every header line costs a row of entries. */
	int best = 0;
	for (int lv = 2; lv < SIGN_LEVELS; lv++) {
		int n = sign_header_items(c, lv, pages - 1, pages, items);
		bool fits = true;
		for (int i = 0; i < n; i++)
			fits &= items[i].w <= avail || (i == 0 && in_place(c));
		int lines = header_wrap(items, n, avail, gap, line);
		if (fits && (best == 0 || lines < best)) {
			best = lines;
			*level = lv;
		}
	}
	if (best == 0) {
		*level = SIGN_LEVELS - 1;
		int n = sign_header_items(c, *level, pages - 1, pages, items);
		best = header_wrap(items, n, avail, gap, line);
	}
	return best;
}

/* Draws the header in `lines` lines at `level`, with top_pad above and below; returns its
 * height. Each line holds its left items (place, clock, age) from the start and its right
 * items (demo mark, page) from the end. */
static int sign_header(struct ctx *c, int lines, int level, int page, int pages, int box,
                       int top_pad)
{
	const struct layout_input *in = c->in;
	int W = in->w, pad = c->pad, gap = c->pad, avail = W - 2 * pad;
	struct sign_item items[SIGN_ITEMS];
	int line[SIGN_ITEMS];
	int n = sign_header_items(c, level, page, pages, items);
	if (lines == 1)
		for (int i = 0; i < n; i++)
			line[i] = 0;
	else
		lines = header_wrap(items, n, avail, gap, line);
	int h = lines * box + 2 * top_pad;
	fill(c, 0, 0, W, h, ROLE_HEADER);
	int x = pad, xr = W - pad, cur = 0;
	for (int i = 0; i < n; i++) {
		if (line[i] != cur) {
			cur = line[i];
			x = pad;
		}
		if (items[i].right)
			continue;
		int w = items[i].w < avail ? items[i].w : avail;
		int y = top_pad + cur * box;
		if (items[i].style == FONT_BOLD && w < items[i].w) /* only the place can be */
			name_text(c, x, y, w, items[i].text, items[i].style, c->px,
			          ROLE_HEADER_TEXT, ROLE_HEADER, LAYOUT_START);
		else
			text(c, x, y, w, items[i].text, items[i].style, c->px, ROLE_HEADER_TEXT,
			     ROLE_HEADER, LAYOUT_START);
		x += w + gap;
	}
	cur = -1;
	for (int i = n - 1; i >= 0; i--) {
		const struct sign_item *it = &items[i];
		if (line[i] != cur) {
			cur = line[i];
			xr = W - pad;
		}
		if (!it->right)
			continue;
		int w = it->w, ry = top_pad + cur * box;
		if (it->badge) {
			int bh = sign_box_h(c, box);
			fill(c, xr - w, ry + (box - bh) / 2, w, bh, ROLE_BADGE);
			text(c, xr - w + pad / 2, ry, w - pad, it->text, it->style, c->px,
			     ROLE_BADGE_TEXT, ROLE_BADGE, LAYOUT_START);
			ink_inside(c, ry + (box - bh) / 2, bh);
		} else {
			text(c, xr - w, ry, w, it->text, it->style, c->px, ROLE_HEADER_TEXT,
			     ROLE_HEADER, LAYOUT_END);
		}
		xr -= w + gap;
	}
	return h;
}

/* The entries of the current page, i = 0 .. list_rows (the last one is the pinned row). */
static const struct view_item *page_item(const struct sign *sg, size_t i)
{
	if (i == (size_t)sg->list_rows)
		return sg->pinned_slots == 1 ? sg->pinned : NULL;
	size_t k = sg->first + i;
	return k < sg->n && sg->order[k].slots == 1 ? sg->order[k].it : NULL;
}

/* Room left for the name of one entry in one line with the given forms. */
static int name_room(struct ctx *c, const struct view_item *it, int wf, int vf)
{
	char buf[160];
	bool filled;
	sign_where(c, it, wf, buf, sizeof buf);
	int ww = measure(c, FONT_REGULAR, c->px, buf);
	sign_value(it, c->in->lang, vf, buf, sizeof buf, &filled);
	int vw = measure(c, FONT_BOLD, c->px, buf) + c->pad;
	int icon = measure(c, FONT_BOLD, c->px, "♿");
	return c->sign_w - 2 * c->pad - icon - ww - vw - 3 * c->pad;
}

static int entry_slots(struct ctx *c, const struct view_item *it)
{
	return name_room(c, it, 2, 2) < 2 * c->px ? 2 : 1;
}

static int max_name_w(struct ctx *c, const struct sign *sg)
{
	int w = 0;
	for (size_t i = 0; i <= (size_t)sg->list_rows; i++) {
		const struct view_item *it = page_item(sg, i);
		if (!it)
			continue;
		const char *name = it->e->name[0] ? it->e->name : it->e->address;
		int k = measure(c, FONT_BOLD, c->px, name);
		if (k > w)
			w = k;
	}
	return w;
}

/* Widest where/value text over all entries in the given forms. */
static void sign_columns(struct ctx *c, const struct sign *sg, int wf, int vf, int *where_w,
                         int *value_w)
{
	*where_w = *value_w = 0;
	for (size_t i = 0; i <= (size_t)sg->list_rows; i++) {
		const struct view_item *it = page_item(sg, i);
		if (!it)
			continue;
		char buf[160];
		bool filled;
		sign_where(c, it, wf, buf, sizeof buf);
		int w = measure(c, FONT_REGULAR, c->px, buf);
		if (w > *where_w)
			*where_w = w;
		sign_value(it, c->in->lang, vf, buf, sizeof buf, &filled);
		w = measure(c, FONT_BOLD, c->px, buf) + c->pad;
		if (w > *value_w)
			*value_w = w;
	}
}

static void sign_forms(struct ctx *c, struct sign *sg)
{
	/* in this order: the direction word, the long state words, the symbol (the word
	 * and the fill still say it), the distance */
	static const int combos[][2] = {{0, 0}, {1, 0}, {1, 1}, {1, 2}, {2, 2}};
	int W = c->sign_w, gap = c->pad;
	sg->icon_w = measure(c, FONT_BOLD, c->px, "♿");
	int pw = measure(c, FONT_BOLD, c->px, "P");
	if (pw > sg->icon_w)
		sg->icon_w = pw;
	/* the name keeps its full width, or at least half the row, before forms shorten */
	int want = max_name_w(c, sg);
	if (want > (W - 2 * c->pad) / 2)
		want = (W - 2 * c->pad) / 2;
	size_t k = 0;
	for (; k < sizeof combos / sizeof combos[0]; k++) {
		sign_columns(c, sg, combos[k][0], combos[k][1], &sg->where_w, &sg->value_w);
		int name_w = W - 2 * c->pad - sg->icon_w - sg->where_w - sg->value_w - 3 * gap;
		if (name_w >= want)
			break;
	}
	if (k == sizeof combos / sizeof combos[0])
		k--;
	sg->where_form = combos[k][0];
	sg->value_form = combos[k][1];
	sign_columns(c, sg, sg->where_form, sg->value_form, &sg->where_w, &sg->value_w);
}

static void sign_row(struct ctx *c, const struct sign *sg, const struct view_item *it, int index,
                     int y, bool pinned, bool two_line)
{
	const struct i18n_lang *lang = c->in->lang;
	int W = c->sign_w, pad = c->pad, gap = c->pad, box = sg->box;
	enum theme_role bg = pinned ? ROLE_FREE : ROLE_CARD;
	enum theme_role fg = pinned ? ROLE_FREE_TEXT : ROLE_CARD_TEXT;
	int row_h = two_line ? 2 * box : box;
	int wf = sg->where_form, vf = sg->value_form, where_w = sg->where_w;
	fill(c, 0, y, W, row_h, bg);
	int x = pad;
	text(c, x, y, sg->icon_w, sign_icon(it), FONT_BOLD, c->px, fg, bg, LAYOUT_CENTER);
	x += sg->icon_w + gap;
	int value_x = W - pad - sg->value_w;
	int where_x = value_x - gap - sg->where_w;
	const char *name = it->e->name[0] ? it->e->name : it->e->address;
	int name_end = two_line ? W - pad : where_x - gap;
	char shown[256];
	short_name(c, shown, sizeof shown, name, FONT_BOLD, c->px, name_end - x);
	name_text(c, x, y, name_end - x, shown, FONT_BOLD, c->px, fg, bg, LAYOUT_START);
	char buf[160];
	if (two_line) {
		/* the second line: the fullest forms that fit side by side under the name */
		static const int combos[][2] = {{0, 0}, {1, 0}, {1, 1}, {1, 2}, {2, 2}};
		bool fits = false;
		for (size_t k = 0; k < sizeof combos / sizeof combos[0] && !fits; k++) {
			wf = combos[k][0], vf = combos[k][1];
			fits = name_room(c, it, wf, vf) + sg->icon_w + gap >= 0;
		}
		sign_where(c, it, wf, buf, sizeof buf);
		where_w = measure(c, FONT_REGULAR, c->px, buf);
		if (fits) {
			y += box;
			where_x = pad;
		} else {
			/* the arrow at the end of the name's line, the state below */
			where_x = W - pad - where_w;
			if (c->l->n > 0 && c->l->cmds[c->l->n - 1].op == LAYOUT_TEXT) {
				struct layout_cmd *nm = &c->l->cmds[c->l->n - 1];
				nm->w = where_x - gap - nm->x;
				short_name(c, nm->text, sizeof nm->text, name, FONT_BOLD, c->px,
				           nm->w);
			}
		}
	}
	if (!two_line)
		sign_where(c, it, wf, buf, sizeof buf);
	text(c, where_x, y, where_w, buf, FONT_REGULAR, c->px, fg, bg, LAYOUT_START);
	if (two_line && where_x != pad)
		y += box;
	bool filled;
	sign_value(it, lang, vf, buf, sizeof buf, &filled);
	int vw = measure(c, FONT_BOLD, c->px, buf) + pad;
	int chip_h = sign_box_h(c, box), chip_y = y + (box - chip_h) / 2;
	int t = pad / 4 > 2 ? pad / 4 : 2;
	/* the chip is a little shorter than the row; its text sits on the row's baseline */
	if (pinned) {
		frame(c, W - pad - vw, chip_y, vw, chip_h, ROLE_FREE_TEXT, t);
		text(c, W - pad - vw + pad / 2, y, vw - pad, buf, FONT_BOLD, c->px, ROLE_FREE_TEXT,
		     ROLE_FREE, LAYOUT_START);
		ink_inside(c, chip_y, chip_h);
	} else if (filled) {
		fill(c, W - pad - vw, chip_y, vw, chip_h, ROLE_FREE);
		text(c, W - pad - vw + pad / 2, y, vw - pad, buf, FONT_BOLD, c->px, ROLE_FREE_TEXT,
		     ROLE_FREE, LAYOUT_START);
		ink_inside(c, chip_y, chip_h);
	} else {
		frame(c, W - pad - vw, chip_y, vw, chip_h, ROLE_ALERT_TEXT, t);
		text(c, W - pad - vw + pad / 2, y, vw - pad, buf, FONT_BOLD, c->px, ROLE_ALERT_TEXT,
		     ROLE_CARD, LAYOUT_START);
		ink_inside(c, chip_y, chip_h);
	}
	int top = two_line ? y - box : y;
	if (c->in->focus == index) {
		int ft = pad / 2 > 6 ? pad / 2 : 6;
		frame(c, 0, top, W, row_h, ROLE_FOCUS, ft);
	}
	drawlist_target(c->l, 0, top, W, row_h, LAYOUT_TARGET_ENTRY, index);
}

/* The whole frame as a sign (bottom: where the footer starts, or the screen's end). */
/* Page starts for a list capacity of cap row boxes (greedy; an entry larger than a page
 * has a page of its own). Returns the page count; starts[p] for p < pages. */
static int sign_pages(const struct sign *sg, int cap, size_t *starts)
{
	int pages = 0;
	size_t i = 0;
	while (i < sg->n) {
		starts[pages++] = i;
		int used = 0;
		while (i < sg->n && (used == 0 || used + sg->order[i].slots <= cap))
			used += sg->order[i++].slots;
	}
	if (pages == 0)
		starts[pages++] = 0;
	return pages;
}

/* The handover code on the street display (handover.show_in_display_mode), for the
 * pinned row's entry and only while it is free on current data. The rows keep their text
 * size and their height: on a landscape screen the code stands in a column at the end
 * side, at most a quarter of the width (the column may widen to a third for the label's
 * longest word); on a portrait one in a band below the rows, at most a third of the
 * height. Returns the column's width (0: none, or the band); *band_h the band's height. */
#define CODE_SIDE_MAX_W 4 /* the code: at most W / 4 (landscape) */
#define CODE_COL_MAX_W 3  /* its column with the label: at most W / 3 */
#define CODE_BAND_MAX_H 3 /* portrait: the band at most H / 3 */
static int code_max_side(const struct ctx *c)
{
	const struct layout_input *in = c->in;
	return in->w >= in->h ? in->w / CODE_SIDE_MAX_W - 2 * c->pad : in->w - 2 * c->pad;
}

static int code_room(struct ctx *c, const struct sign *sg, int bottom, int *band_h)
{
	const struct layout_input *in = c->in;
	*band_h = 0;
	if (!in->display_mode || !in->qr || in->qr_entry != 0 || !sg->pinned ||
	    sg->pinned_index != 0 || sg->pinned->status != VIEW_FREE || sg->pinned->stale)
		return 0;
	struct layout_qr_size qs;
	int side = code_max_side(c);
	int w = layout_display_code_width(
	    in->qr, in->lang, in->px_per_mm, in->viewing_distance_m, c->px, side,
	    (in->w >= in->h ? in->w / CODE_COL_MAX_W : in->w) - 2 * c->pad, c->m);
	if (w <= 0)
		return 0;
	if (in->w >= in->h) {
		/* below a one-line header, with a label of up to three lines */
		int lh = (int)ceil(c->px * c->m->line_ratio);
		int h = bottom - 2 * sg->box - LAYOUT_QR_LABEL_LINES * lh;
		if (!layout_display_qr_size(in->qr->size, in->px_per_mm, in->viewing_distance_m,
		                            side < h ? side : h, &qs))
			return 0;
		return w + 2 * c->pad;
	}
	/* the band as high as the code and its label need: laid out once to measure it,
	 * then again at its place */
	size_t before = c->l->n;
	struct layout_box box = {c->pad, 0, in->w - 2 * c->pad,
	                         bottom / CODE_BAND_MAX_H - 2 * c->pad};
	int h = layout_display_code(c->l, in->qr, in->lang, in->px_per_mm, in->viewing_distance_m,
	                            c->px, side, box, i18n_rtl(in->lang), c->m, &qs);
	c->l->n = before;
	*band_h = h > 0 ? h + 2 * c->pad : 0;
	return 0;
}

/* Draws the code in its room (see code_room) once the header's height is known. */
static void code_draw(struct ctx *c, int col_w, int band_h, int top, int bottom)
{
	const struct layout_input *in = c->in;
	struct layout_box box = {in->w - col_w + c->pad, top + c->pad, col_w - 2 * c->pad,
	                         bottom - top - 2 * c->pad};
	if (band_h > 0)
		box = (struct layout_box){c->pad, bottom + c->pad, in->w - 2 * c->pad,
		                          band_h - 2 * c->pad};
	struct layout_qr_size qs;
	int h = layout_display_code(c->l, in->qr, in->lang, in->px_per_mm, in->viewing_distance_m,
	                            c->px, code_max_side(c), box, i18n_rtl(in->lang), c->m, &qs);
	if (h > 0) {
		c->l->qr_side_px = qs.side_px;
		c->l->qr_module_px = qs.module_px;
	}
}

/* The whole frame as a sign (bottom: where the footer starts, or the screen's end). */
static void sign_layout(struct ctx *c, int bottom)
{
	const struct layout_input *in = c->in;
	struct sign sg = {0};
	if (!sign_order(c, &sg))
		return;
	size_t *starts = malloc((sg.n + 2) * sizeof *starts);
	if (!starts) {
		c->oom = true;
		free(sg.order);
		return;
	}
	/* a sign's margins are narrow: the width goes to the names */
	int saved_pad = c->pad;
	c->pad = c->px / 4 > 2 ? c->px / 4 : 2;
	sg.box = (int)ceil(c->px * (i18n_rtl(in->lang) ? SIGN_LINE_RTL : SIGN_LINE));
	/* rows a twentieth of an em apart (55" at 8 m: 7 mm, 3 arc minutes, clearly seen):
	 * there a sixteenth would cost the third row by two pixels */
	int min_gap = c->px / 20 > 2 ? c->px / 20 : 2;
	int band_h = 0, code_w = code_room(c, &sg, bottom, &band_h);
	c->sign_w = in->w - code_w;
	bottom -= band_h;
	for (size_t i = 0; i < sg.n; i++)
		sg.order[i].slots = entry_slots(c, sg.order[i].it);
	sg.pinned_slots = sg.pinned ? entry_slots(c, sg.pinned) : 0;
	int level = 0, lines = 1, header_h = 0;
	/* The header's lines depend on the page count, which depends on the rows left: a few
	 * rounds settle it (the page text only grows from "1/9" to "1/10"). */
	for (int round = 0; round < 3; round++) {
		header_h = lines * sg.box;
		int avail = bottom - header_h - min_gap;
		sg.rows = avail > 0 ? (avail + min_gap) / (sg.box + min_gap) : 0;
		bool pin = sg.pinned && sg.rows >= sg.pinned_slots + 1;
		if (!pin && sg.pinned) {
			/* no room for a pinned row: it leads the list like the others */
			memmove(sg.order + 1, sg.order, sg.n * sizeof *sg.order);
			sg.order[0] =
			    (struct sign_entry){sg.pinned, sg.pinned_index, sg.pinned_slots};
			sg.n++;
			sg.pinned = NULL;
			sg.pinned_slots = 0;
		}
		sg.list_rows = sg.rows - sg.pinned_slots;
		sg.pages = sign_pages(&sg, sg.list_rows > 0 ? sg.list_rows : 1, starts);
		int new_lines = sign_header_lines(c, sg.pages, &level);
		if (new_lines == lines && round > 0)
			break;
		lines = new_lines;
	}
	sg.page = in->page % sg.pages;
	if (in->focus >= 0)
		for (size_t i = 0; i < sg.n; i++)
			if (sg.order[i].index == in->focus)
				for (int p = 0; p < sg.pages; p++)
					if (starts[p] <= i)
						sg.page = p;
	sg.first = starts[sg.page];
	size_t end = sg.page + 1 < sg.pages ? starts[sg.page + 1] : sg.n;
	sg.list_rows = (int)(end - sg.first);
	/* the header band gets a little air above and below its line(s) only from what the
	 * rows leave over: it never costs an entry */
	int spare_h = bottom - lines * sg.box - sg.rows * (sg.box + min_gap);
	int top_pad = spare_h / 2 < sg.box / 10 ? spare_h / 2 : sg.box / 10;
	if (top_pad < 0)
		top_pad = 0;
	c->box_h = sg.box;
	header_h = sign_header(c, lines, level, sg.page, sg.pages, sg.box, top_pad);
	c->l->header_h = header_h;
	if (code_w > 0 || band_h > 0)
		code_draw(c, code_w, band_h, header_h, bottom);
	sign_forms(c, &sg);
	int entries = sg.list_rows + (sg.pinned ? 1 : 0);
	int spare = bottom - header_h - sg.rows * sg.box;
	sg.gap = entries > 0 ? spare / (entries + 1) : 0;
	if (sg.gap > sg.box / 3)
		sg.gap = sg.box / 3;
	if (sg.gap < min_gap)
		sg.gap = min_gap;
	int y = header_h + sg.gap;
	int shown = 0;
	if (sg.n == 0 && !sg.pinned) {
		const char *msg =
		    i18n_get(in->lang, in->view->n_spots ? "ui.no_sites" : "ui.none_nearby");
		wrapped(c, c->pad, y, c->sign_w - 2 * c->pad, msg, FONT_REGULAR, c->px, ROLE_TEXT,
		        ROLE_BG, 2);
	}
	if (sg.pinned && y + sg.pinned_slots * sg.box <= bottom) {
		sign_row(c, &sg, sg.pinned, sg.pinned_index, y, true, sg.pinned_slots == 2);
		y += sg.pinned_slots * sg.box + sg.gap;
		shown++;
	}
	for (size_t i = sg.first; i < end; i++) {
		int h = sg.order[i].slots * sg.box;
		if (y + h > bottom)
			break;
		sign_row(c, &sg, sg.order[i].it, sg.order[i].index, y, false,
		         sg.order[i].slots == 2);
		y += h + sg.gap;
		shown++;
	}
	c->l->rows_mode = true;
	c->l->entry_rows = shown;
	c->l->rows_per_page = sg.rows;
	c->l->pages = sg.pages;
	c->l->content_bottom = y - sg.gap;
	c->box_h = 0;
	c->pad = saved_pad;
	c->sign_w = in->w;
	free(starts);
	free(sg.order);
}

static void mirror(struct layout *l, int W)
{
	for (size_t i = 0; i < l->n; i++) {
		struct layout_cmd *cmd = &l->cmds[i];
		cmd->x = W - cmd->x - cmd->w;
		cmd->rtl = true;
		if (cmd->align == LAYOUT_START)
			cmd->align = LAYOUT_END;
		else if (cmd->align == LAYOUT_END)
			cmd->align = LAYOUT_START;
	}
	for (size_t i = 0; i < l->n_targets; i++)
		l->targets[i].x = W - l->targets[i].x - l->targets[i].w;
}

static int compute(struct layout *l, const struct layout_input *in, const struct layout_measure *m,
                   int reserve)
{
	l->n = 0;
	l->n_targets = 0;
	memset(l->targets, 0, sizeof l->targets); /* kind LAYOUT_TARGET_ENTRY unless set */
	struct ctx c = {.l = l, .in = in, .m = m, .reserve = reserve};
	l->cap_px = layout_min_cap_px(in->viewing_distance_m, in->px_per_mm);
	if (l->cap_px < 8)
		l->cap_px = 8; /* a floor for tiny previews; never below the standard */
	c.px = (int)ceil(l->cap_px / m->cap_ratio);
	if (m->cap_px) {
		/* the font's own H at this size, rasterised: the smallest size that meets it */
		int px = c.px - 3 > 1 ? c.px - 3 : 1;
		while (m->cap_px(m->ud, px) < l->cap_px && px < 4 * c.px)
			px++;
		c.px = px;
	}
	c.big_px = c.px * 6 / 5;
	c.line = (int)ceil(c.px * m->line_ratio);
	c.pad = c.px / 2;
	l->body_px = c.px;

	l->rows_mode = false;
	l->entry_rows = l->rows_per_page = l->header_h = l->content_bottom = 0;
	l->qr_side_px = l->qr_module_px = 0;
	c.sign_w = in->w;
	fill(&c, 0, 0, in->w, in->h, ROLE_BG);
	if (in->display_mode) {
		sign_layout(&c, in->warning || in->details ? footer(&c) : in->h);
		if (i18n_rtl(in->lang))
			mirror(l, in->w);
		return c.oom ? PK_ERR_NOMEM : PK_OK;
	}
	int top;
	header(&c, &top);
	top += c.pad;
	if (in->show_details && in->details_entry >= 0 &&
	    (size_t)in->details_entry < v_count(in->view)) {
		/* a tapped entry's details fill the screen below the header */
		struct layout_details_input d = {
		    .item = v_item(in->view, in->details_entry),
		    .entry = in->details_entry,
		    .lang = in->lang,
		    .facing_deg = in->facing_deg,
		    .now = in->now,
		    .utc_offset_s = in->data_utc_offset_s,
		    .qr = in->qr,
		    .px_per_mm = in->px_per_mm,
		    .px = c.px,
		    .line = c.line,
		    .pad = c.pad,
		    .box = {c.pad, top, in->w - 2 * c.pad, in->h - top - c.pad},
		    .rtl = i18n_rtl(in->lang),
		};
		l->pages = 1;
		if (layout_details(l, &d, m) != PK_OK)
			c.oom = true;
		if (i18n_rtl(in->lang))
			mirror(l, in->w);
		return c.oom ? PK_ERR_NOMEM : PK_OK;
	}
	size_t before_footer = l->n;
	int bottom = footer(&c);
	int one_card = 3 * c.line + c.pad * 2; /* section title + one card */
	if (bottom - top < one_card && !in->warning && !in->details) {
		/* The hint does not leave room for a single entry: entries matter more. */
		l->n = before_footer;
		bottom = in->h - c.reserve - c.pad;
	}
	int avail_h = bottom - top;
	const struct view *v = in->view;
	bool landscape = in->w >= in->h;
	int x2, y2, colw, box_h;
	if (landscape) {
		colw = (in->w - 3 * c.pad) / 2;
		box_h = avail_h;
		x2 = 2 * c.pad + colw, y2 = top;
	} else {
		colw = in->w - 2 * c.pad;
		box_h = (avail_h - c.pad) / 2;
		x2 = c.pad, y2 = top + box_h + c.pad;
	}
	int ra = section_rows(&c, v->spots, v->n_spots, box_h);
	int rb = section_rows(&c, v->sites, v->n_sites, box_h);
	/* Two sections side by side only while a column still holds a readable line
	 * (about 40 characters); otherwise one section at a time, full width. */
	bool side_by_side = !landscape || colw >= 20 * c.px;
	if (side_by_side && ra >= 1 && rb >= 1) {
		l->rows_spots = ra, l->rows_sites = rb;
		int pa = section_pages(v->n_spots, ra), pb = section_pages(v->n_sites, rb);
		section(&c, "ui.section.spots", v->spots, v->n_spots, 0, c.pad, top, colw, ra,
		        in->page);
		section(&c, "ui.section.sites", v->sites, v->n_sites, (int)v->n_spots, x2, y2, colw,
		        rb, in->page);
		l->pages = pa > pb ? pa : pb;
	} else if (avail_h < 2 * c.line) {
		/* Not even a section title fits: the configured distance is beyond what this
		 * screen can serve. Header only; text is never shrunk below the standard. */
		l->rows_spots = l->rows_sites = 0;
		l->pages = 1;
	} else {
		/* Text this large leaves no room for two sections: one at a time, full size,
		 * paging through the spaces first and then the car parks. */
		int w = in->w - 2 * c.pad;
		ra = section_rows(&c, v->spots, v->n_spots, avail_h);
		rb = section_rows(&c, v->sites, v->n_sites, avail_h);
		l->rows_spots = ra, l->rows_sites = rb;
		int pa = section_pages(v->n_spots, ra), pb = section_pages(v->n_sites, rb);
		int q = in->page % (pa + pb);
		if (in->focus >= (int)v->n_spots)
			q = pa; /* the focused car park's section */
		else if (in->focus >= 0)
			q = 0;
		if (q < pa)
			section(&c, "ui.section.spots", v->spots, v->n_spots, 0, c.pad, top, w, ra,
			        q);
		else
			section(&c, "ui.section.sites", v->sites, v->n_sites, (int)v->n_spots,
			        c.pad, top, w, rb, q - pa);
		l->pages = pa + pb;
	}
	/* Two-line cards that leave fewer than eight entries on a page (kiosks up to 24
	 * inches, large text): one line per entry instead, as on the street display. */
	size_t entries = v->n_spots + v->n_sites;
	size_t want = entries < 8 ? entries : 8;
	if (l->n_targets < want) {
		l->n = 0;
		l->n_targets = 0;
		fill(&c, 0, 0, in->w, in->h, ROLE_BG);
		size_t before = l->n;
		/* the footer at the rows' pitch and margins */
		int box = (int)ceil(c.px * (i18n_rtl(in->lang) ? SIGN_LINE_RTL : SIGN_LINE));
		int saved_line = c.line, saved_pad = c.pad;
		c.line = c.box_h = box;
		c.pad = c.px / 4 > 2 ? c.px / 4 : 2;
		int foot = footer(&c);
		c.line = saved_line, c.pad = saved_pad, c.box_h = 0;
		/* the hint gives way when it would leave fewer than three rows */
		if (foot < 5 * box && !in->warning && !in->details) {
			l->n = before;
			foot = in->h - c.reserve;
		}
		sign_layout(&c, foot);
	}
	if (reserve > 0 && l->pages > 1) {
		struct layout_box band = {0, in->h - reserve, in->w, reserve};
		if (layout_pager(l, in->lang, in->px_per_mm, c.px, c.line, c.pad, band, m) != PK_OK)
			c.oom = true;
	}
	if (i18n_rtl(in->lang))
		mirror(l, in->w);
	return c.oom ? PK_ERR_NOMEM : PK_OK;
}

int layout_compute(struct layout *l, const struct layout_input *in, const struct layout_measure *m)
{
	int rc = compute(l, in, m, 0);
	/* Kiosk mode with more than one page: again with room for the page control. */
	if (rc == PK_OK && in->pager && !in->display_mode && !in->show_details && l->pages > 1) {
		int line = (int)ceil(l->body_px * m->line_ratio);
		rc = compute(l, in, m, layout_pager_height(in->px_per_mm, line, l->body_px / 2));
	}
	return rc;
}

/* Screen layout (see layout.h). Coordinates are computed left-to-right and mirrored at
 * the end for right-to-left languages. */
#include "layout.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bidi.h"
#include "err.h"
#include "geo.h"
#include "isotime.h"
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

/* --- command list --- */

struct ctx {
	struct layout *l;
	const struct layout_input *in;
	const struct layout_measure *m;
	int px, line, pad, big_px;
	bool oom;
};

static struct layout_cmd *push(struct ctx *c, enum layout_op op, int x, int y, int w, int h)
{
	struct layout *l = c->l;
	if (l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 128;
		struct layout_cmd *v = realloc(l->cmds, cap * sizeof *v);
		if (!v) {
			c->oom = true;
			return NULL;
		}
		l->cmds = v;
		l->cap = cap;
	}
	struct layout_cmd *cmd = &l->cmds[l->n++];
	memset(cmd, 0, sizeof *cmd);
	cmd->op = op;
	cmd->x = x, cmd->y = y, cmd->w = w, cmd->h = h;
	return cmd;
}

static void fill(struct ctx *c, int x, int y, int w, int h, enum theme_role bg)
{
	struct layout_cmd *cmd = push(c, LAYOUT_FILL, x, y, w, h);
	if (cmd)
		cmd->bg = bg;
}

static void frame(struct ctx *c, int x, int y, int w, int h, enum theme_role fg, int t)
{
	struct layout_cmd *cmd = push(c, LAYOUT_FRAME, x, y, w, h);
	if (cmd) {
		cmd->fg = fg;
		cmd->thickness = t;
	}
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
	struct layout_cmd *cmd = push(c, LAYOUT_TEXT, x, y, w, (int)ceil(px * c->m->line_ratio));
	if (!cmd)
		return 0;
	text_copy(cmd->text, sizeof cmd->text, s);
	int tw = fit(c, cmd->text, sizeof cmd->text, st, px, w);
	cmd->fg = fg, cmd->bg = bg, cmd->style = st, cmd->px = px, cmd->align = align;
	return tw;
}

/* Word-wraps s into at most max_lines lines of width w; returns lines used. */
static int wrapped(struct ctx *c, int x, int y, int w, const char *s, enum font_style st, int px,
                   enum theme_role fg, enum theme_role bg, int max_lines)
{
	char rest[512];
	text_copy(rest, sizeof rest, s);
	const char *p = rest;
	int lines = 0, lh = (int)ceil(px * c->m->line_ratio);
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
		text(c, x, y + lines * lh, w, line, st, px, fg, bg, LAYOUT_START);
		lines++;
		p = best;
		while (*p == ' ')
			p++;
	}
	return lines;
}

/* --- entries --- */

static void status_chip(const struct view_item *it, const struct i18n_lang *lang, char *out,
                        size_t cap, bool *filled)
{
	char counts[96] = "";
	const char *sym = "?", *word = i18n_get(lang, "ui.status.unknown");
	*filled = false;
	switch (it->status) {
	case VIEW_FREE:
		sym = "✓", word = i18n_get(lang, "ui.status.free"), *filled = true;
		break;
	case VIEW_TAKEN:
		sym = "✗", word = i18n_get(lang, "ui.status.taken");
		break;
	case VIEW_OPEN:
		sym = "✓", *filled = it->free != VIEW_NONE;
		if (it->free != VIEW_NONE && it->total != VIEW_NONE) {
			char f[16], t[16];
			snprintf(f, sizeof f, "%d", it->free);
			snprintf(t, sizeof t, "%d", it->total);
			const char *pairs[] = {"free", f, "total", t, NULL};
			i18n_format(counts, sizeof counts, i18n_get(lang, "ui.free_of_total"),
			            pairs);
			word = counts;
		} else if (it->free != VIEW_NONE) {
			char f[16];
			snprintf(f, sizeof f, "%d", it->free);
			const char *pairs[] = {"free", f, NULL};
			i18n_format(counts, sizeof counts, i18n_get(lang, "ui.free_count"), pairs);
			word = counts;
		} else {
			word = i18n_get(lang, "ui.status.open");
		}
		break;
	case VIEW_FULL:
		sym = "✗", word = i18n_get(lang, "ui.status.full");
		break;
	case VIEW_CLOSED:
		sym = "⊘", word = i18n_get(lang, "ui.status.closed");
		break;
	case VIEW_INVALID:
		sym = "!", word = i18n_get(lang, "ui.status.invalid");
		break;
	case VIEW_UNKNOWN:
		break;
	}
	snprintf(out, cap, "%s %s", sym, word);
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
	if (ww > iw * 2 / 3)
		ww = iw * 2 / 3;
	text(c, ix + iw - ww, y1, ww, where, FONT_REGULAR, c->px, ROLE_CARD_TEXT, ROLE_CARD,
	     LAYOUT_END);
	const char *name = it->e->name[0] ? it->e->name : it->e->address;
	text(c, ix, y1, iw - ww - c->pad, name, FONT_BOLD, c->px, ROLE_CARD_TEXT, ROLE_CARD,
	     LAYOUT_START);
	/* line 2: status chip (word + symbol + fill/outline), then details */
	char chip[128], more[256];
	bool filled;
	status_chip(it, lang, chip, sizeof chip, &filled);
	int cw = measure(c, FONT_BOLD, c->px, chip) + c->pad;
	if (cw > iw)
		cw = iw;
	int chip_h = c->line;
	if (filled) {
		fill(c, ix, y2, cw, chip_h, ROLE_FREE);
		text(c, ix + c->pad / 2, y2, cw - c->pad, chip, FONT_BOLD, c->px, ROLE_FREE_TEXT,
		     ROLE_FREE, LAYOUT_START);
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
	if (c->l->n_targets < LAYOUT_MAX_TARGETS) {
		struct layout_target *tg = &c->l->targets[c->l->n_targets++];
		tg->x = x, tg->y = y, tg->w = w, tg->h = h, tg->entry = index;
	}
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
	int W = in->w, H = in->h, pad = c->pad;
	const char *msg = NULL;
	if (in->warning)
		msg = i18n_get(in->lang, "ui.warning");
	else if (in->details)
		msg = in->details;
	else if (!in->display_mode && !in->audio_active)
		msg = i18n_get(in->lang, "ui.hint.audio");
	if (!msg)
		return H - pad;
	int lines = measure(c, FONT_REGULAR, c->px, msg) > W - 2 * pad ? 2 : 1;
	if (in->details)
		lines = 3;
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

int layout_compute(struct layout *l, const struct layout_input *in, const struct layout_measure *m)
{
	l->n = 0;
	l->n_targets = 0;
	struct ctx c = {.l = l, .in = in, .m = m};
	l->cap_px = layout_min_cap_px(in->viewing_distance_m, in->px_per_mm);
	if (l->cap_px < 8)
		l->cap_px = 8; /* a floor for tiny previews; never below the standard */
	c.px = (int)ceil(l->cap_px / m->cap_ratio);
	c.big_px = c.px * 6 / 5;
	c.line = (int)ceil(c.px * m->line_ratio);
	c.pad = c.px / 2;
	l->body_px = c.px;

	fill(&c, 0, 0, in->w, in->h, ROLE_BG);
	int top;
	header(&c, &top);
	top += c.pad;
	size_t before_footer = l->n;
	int bottom = footer(&c);
	int one_card = 3 * c.line + c.pad * 2; /* section title + one card */
	if (bottom - top < one_card && !in->warning && !in->details) {
		/* The hint does not leave room for a single entry: entries matter more. */
		l->n = before_footer;
		bottom = in->h - c.pad;
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
	if (i18n_rtl(in->lang))
		mirror(l, in->w);
	return c.oom ? PK_ERR_NOMEM : PK_OK;
}

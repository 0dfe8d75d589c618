/* Touch browsing state (see browse.h). */
#include "browse.h"

#include <string.h>

#include "text.h"

void browse_init(struct browse *b, int resume_ms)
{
	memset(b, 0, sizeof *b);
	b->resume_ms = resume_ms;
	b->quiet_until_ms = -1;
}

void browse_touch(struct browse *b, int64_t now_ms)
{
	b->quiet_until_ms = now_ms + b->resume_ms;
}

void browse_open(struct browse *b, const struct view_item *it, int64_t now_ms)
{
	b->open = true;
	b->kind = it->e->kind;
	b->feed = it->e->feed;
	text_copy(b->id, sizeof b->id, it->e->id);
	browse_touch(b, now_ms);
}

void browse_close(struct browse *b)
{
	b->open = false;
	b->id[0] = '\0';
}

static bool same(const struct browse *b, const struct view_item *it)
{
	return it->e->kind == b->kind && it->e->feed == b->feed && strcmp(it->e->id, b->id) == 0;
}

int browse_index(const struct browse *b, const struct view *v)
{
	if (!b->open)
		return -1;
	for (size_t i = 0; i < v->n_spots; i++)
		if (same(b, &v->spots[i]))
			return (int)i;
	for (size_t i = 0; i < v->n_sites; i++)
		if (same(b, &v->sites[i]))
			return (int)(v->n_spots + i);
	return -1;
}

bool browse_holds_pages(const struct browse *b, int64_t now_ms)
{
	return b->open || (b->quiet_until_ms >= 0 && now_ms < b->quiet_until_ms);
}

int64_t browse_deadline(const struct browse *b)
{
	return b->quiet_until_ms;
}

bool browse_tick(struct browse *b, int64_t now_ms)
{
	if (b->quiet_until_ms < 0 || now_ms < b->quiet_until_ms)
		return false;
	b->quiet_until_ms = -1;
	browse_close(b);
	return true;
}

/* Deadlines, page turns and periodic duties (see deadline.h). */
#include "deadline.h"

int64_t deadline_min(int64_t a, int64_t b)
{
	if (a < 0)
		return b < 0 ? DEADLINE_NONE : b;
	if (b < 0)
		return a;
	return a < b ? a : b;
}

int deadline_wait_ms(int64_t d, int64_t now_ms, int max_ms)
{
	if (d < 0)
		return -1;
	if (d <= now_ms)
		return 0;
	int64_t w = d - now_ms;
	return w > max_ms ? max_ms : (int)w;
}

int64_t deadline_from_unix(int64_t when_s, int64_t now_s, int64_t now_ms)
{
	if (when_s <= now_s)
		return now_ms;
	int64_t ds = when_s - now_s;
	if (ds > INT64_MAX / 1000 - now_ms / 1000 - 1)
		return DEADLINE_NONE; /* so far away it never comes */
	return now_ms + ds * 1000;
}

int64_t deadline_next_minute(int64_t now_s)
{
	int64_t m = now_s / 60;
	if (now_s < 0 && now_s % 60 != 0)
		m--; /* floor for times before 1970 */
	return (m + 1) * 60;
}

void pager_init(struct pager *p, int period_ms)
{
	p->page = 0;
	p->next_ms = DEADLINE_NONE;
	p->period_ms = period_ms > 0 ? period_ms : 1000;
}

void pager_set(struct pager *p, int pages, bool held, int64_t now_ms)
{
	if (pages <= 1 || held)
		p->next_ms = DEADLINE_NONE;
	else if (p->next_ms < 0)
		p->next_ms = now_ms + p->period_ms;
}

int64_t pager_deadline(const struct pager *p)
{
	return p->next_ms;
}

bool pager_tick(struct pager *p, int64_t now_ms)
{
	if (p->next_ms < 0 || now_ms < p->next_ms)
		return false;
	p->page++;
	p->next_ms = now_ms + p->period_ms;
	return true;
}

void periodic_start(struct periodic *p, int64_t period_ms, int64_t first_ms, int64_t now_ms)
{
	p->period_ms = period_ms;
	p->next_ms = period_ms > 0 ? now_ms + (first_ms > 0 ? first_ms : 0) : DEADLINE_NONE;
}

int64_t periodic_deadline(const struct periodic *p)
{
	return p->next_ms;
}

bool periodic_due(struct periodic *p, int64_t now_ms)
{
	if (p->next_ms < 0 || now_ms < p->next_ms)
		return false;
	p->next_ms = now_ms + p->period_ms;
	return true;
}

/* Deadlines as values: the earliest of several, the wait until one, wall-clock
 * deadlines on the monotonic clock, the page timer (held: no deadline at all) and
 * periodic duties (after a tick, the next deadline is always later than now). */
#include "deadline.h"

#include "testlib.h"

static void test_min_wait(void)
{
	CHECK_INT(deadline_min(DEADLINE_NONE, DEADLINE_NONE), DEADLINE_NONE);
	CHECK_INT(deadline_min(5, DEADLINE_NONE), 5);
	CHECK_INT(deadline_min(DEADLINE_NONE, 7), 7);
	CHECK_INT(deadline_min(9, 7), 7);
	CHECK_INT(deadline_min(0, 7), 0);
	CHECK_INT(deadline_wait_ms(DEADLINE_NONE, 100, 1000), -1);
	CHECK_INT(deadline_wait_ms(100, 100, 1000), 0);
	CHECK_INT(deadline_wait_ms(50, 100, 1000), 0);
	CHECK_INT(deadline_wait_ms(150, 100, 1000), 50);
	CHECK_INT(deadline_wait_ms(INT64_MAX, 100, 1000), 1000);
}

static void test_wall(void)
{
	CHECK_INT(deadline_next_minute(0), 60);
	CHECK_INT(deadline_next_minute(59), 60);
	CHECK_INT(deadline_next_minute(60), 120);
	CHECK_INT(deadline_next_minute(-1), 0);
	CHECK_INT(deadline_next_minute(-60), 0);
	CHECK_INT(deadline_from_unix(1060, 1000, 5000), 65000);
	CHECK_INT(deadline_from_unix(1000, 1000, 5000), 5000);
	CHECK_INT(deadline_from_unix(900, 1000, 5000), 5000);
	CHECK_INT(deadline_from_unix(INT64_MAX, 0, 5000), DEADLINE_NONE);
}

static void test_pager(void)
{
	struct pager p;
	pager_init(&p, 8000);
	CHECK_INT(pager_deadline(&p), DEADLINE_NONE);
	pager_set(&p, 1, false, 0);
	CHECK_INT(pager_deadline(&p), DEADLINE_NONE);
	pager_set(&p, 3, false, 1000);
	CHECK_INT(pager_deadline(&p), 9000);
	pager_set(&p, 3, false, 2000); /* already armed: unchanged */
	CHECK_INT(pager_deadline(&p), 9000);
	CHECK(!pager_tick(&p, 8999));
	CHECK(pager_tick(&p, 9000));
	CHECK_INT(p.page, 1);
	CHECK(pager_deadline(&p) > 9000);
	/* Held: no deadline, however much time passes; released: a full period. */
	pager_set(&p, 3, true, 10000);
	CHECK_INT(pager_deadline(&p), DEADLINE_NONE);
	CHECK(!pager_tick(&p, 1000000));
	CHECK_INT(p.page, 1);
	pager_set(&p, 3, false, 1000000);
	CHECK_INT(pager_deadline(&p), 1008000);
	/* A late tick: the next deadline is after now, never in the past. */
	CHECK(pager_tick(&p, 2000000));
	CHECK(pager_deadline(&p) > 2000000);
	pager_init(&p, 0);
	CHECK(p.period_ms > 0);
}

static void test_periodic(void)
{
	struct periodic w;
	periodic_start(&w, 0, 0, 100);
	CHECK_INT(periodic_deadline(&w), DEADLINE_NONE);
	CHECK(!periodic_due(&w, 1000000));
	periodic_start(&w, 30000, 1000, 100);
	CHECK_INT(periodic_deadline(&w), 1100);
	CHECK(!periodic_due(&w, 1099));
	CHECK(periodic_due(&w, 5000));
	CHECK_INT(periodic_deadline(&w), 35000);
	CHECK(!periodic_due(&w, 5000));
}

int main(void)
{
	test_min_wait();
	test_wall();
	test_pager();
	test_periodic();
	return TEST_END();
}

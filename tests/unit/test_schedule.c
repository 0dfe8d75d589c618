/* schedule.h: window parsing, ON/DIM/OFF with windows that wrap midnight, and the
 * minutes until the next change, checked against a brute-force walk of the day. */
#include <string.h>

#include "schedule.h"
#include "testlib.h"

static struct schedule_window win(const char *s)
{
	struct schedule_window w;
	char err[160] = "";
	enum pk_err e = schedule_window_parse(s, &w, err, sizeof err);
	if (e != PK_OK)
		fprintf(stderr, "parse %s: %s\n", s, err);
	CHECK_INT(e, PK_OK);
	return w;
}

static void test_parse(void)
{
	struct schedule_window w;
	char err[160];
	w = win("22:30-06:00");
	CHECK(w.set);
	CHECK_INT(w.start, 22 * 60 + 30);
	CHECK_INT(w.end, 6 * 60);
	w = win(" 01:00 - 05:15 ");
	CHECK_INT(w.start, 60);
	CHECK_INT(w.end, 315);
	w = win("00:00-24:00");
	CHECK_INT(w.end, 1440);
	w = win("");
	CHECK(!w.set);
	const char *bad[] = {"22:30",       "22:30-",
	                     "2:30-06:00",  "22:60-06:00",
	                     "24:00-06:00", "23:00-24:01",
	                     "25:00-01:00", "22:30-06:00x",
	                     "22.30-06.00", "22:30–06:00" /* en dash */,
	                     "always"};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		err[0] = '\0';
		CHECK_INT(schedule_window_parse(bad[i], &w, err, sizeof err), PK_ERR_CONFIG);
		CHECK(strstr(err, "HH:MM-HH:MM") != NULL);
	}
	err[0] = '\0';
	CHECK_INT(schedule_window_parse("07:00-07:00", &w, err, sizeof err), PK_ERR_CONFIG);
	CHECK(strstr(err, "00:00-24:00") != NULL);
}

static void test_state(void)
{
	struct schedule_window off = win("01:00-05:00");
	struct schedule_window dim = win("22:00-07:00"); /* wraps, overlaps off */
	CHECK_INT(schedule_state(&off, &dim, 12 * 60), SCHEDULE_ON);
	CHECK_INT(schedule_state(&off, &dim, 21 * 60 + 59), SCHEDULE_ON);
	CHECK_INT(schedule_state(&off, &dim, 22 * 60), SCHEDULE_DIM);
	CHECK_INT(schedule_state(&off, &dim, 0), SCHEDULE_DIM);
	CHECK_INT(schedule_state(&off, &dim, 59), SCHEDULE_DIM);
	CHECK_INT(schedule_state(&off, &dim, 60), SCHEDULE_OFF); /* off wins */
	CHECK_INT(schedule_state(&off, &dim, 4 * 60 + 59), SCHEDULE_OFF);
	CHECK_INT(schedule_state(&off, &dim, 5 * 60), SCHEDULE_DIM); /* end is exclusive */
	CHECK_INT(schedule_state(&off, &dim, 6 * 60 + 59), SCHEDULE_DIM);
	CHECK_INT(schedule_state(&off, &dim, 7 * 60), SCHEDULE_ON);
	/* Minutes outside 0..1439 are taken modulo a day. */
	CHECK_INT(schedule_state(&off, &dim, 1440 + 60), SCHEDULE_OFF);
	CHECK_INT(schedule_state(&off, &dim, -60), SCHEDULE_DIM); /* 23:00 */
	/* No windows, or NULL: always on. */
	struct schedule_window none = win("");
	CHECK_INT(schedule_state(&none, &none, 3 * 60), SCHEDULE_ON);
	CHECK_INT(schedule_state(NULL, NULL, 3 * 60), SCHEDULE_ON);
	struct schedule_window all = win("00:00-24:00");
	CHECK_INT(schedule_state(&all, &none, 0), SCHEDULE_OFF);
	CHECK_INT(schedule_state(&all, &none, 1439), SCHEDULE_OFF);
	CHECK_STR(schedule_state_name(SCHEDULE_DIM), "dim");
}

/* Brute force: the first later minute whose state differs. */
static int walk(const struct schedule_window *off, const struct schedule_window *dim, int m)
{
	enum schedule_state s = schedule_state(off, dim, m);
	for (int k = 1; k < 1440; k++)
		if (schedule_state(off, dim, m + k) != s)
			return k;
	return -1;
}

static void test_next_change(void)
{
	struct schedule_window off = win("01:00-05:00");
	struct schedule_window dim = win("22:00-07:00");
	CHECK_INT(schedule_next_change_minutes(&off, &dim, 12 * 60), 10 * 60); /* -> 22:00 */
	CHECK_INT(schedule_next_change_minutes(&off, &dim, 23 * 60 + 30), 90); /* -> 01:00 */
	CHECK_INT(schedule_next_change_minutes(&off, &dim, 60), 4 * 60);       /* -> 05:00 */
	CHECK_INT(schedule_next_change_minutes(&off, &dim, 5 * 60), 2 * 60);   /* -> 07:00 */
	CHECK_INT(schedule_next_change_minutes(&off, &dim, 22 * 60 - 1), 1);
	struct schedule_window none = win("");
	struct schedule_window all = win("00:00-24:00");
	CHECK_INT(schedule_next_change_minutes(&none, &none, 0), -1);
	CHECK_INT(schedule_next_change_minutes(&all, &none, 600), -1);
	struct schedule_window night = win("23:00-06:00");
	CHECK_INT(schedule_next_change_minutes(&night, &none, 23 * 60), 7 * 60);
	CHECK_INT(schedule_next_change_minutes(&night, &none, 6 * 60), 17 * 60);
	/* Every minute of a few awkward combinations agrees with the brute force. */
	const char *offs[] = {"", "23:59-00:01", "00:00-00:01", "12:00-11:59", "02:00-03:00"};
	const char *dims[] = {"", "00:00-24:00", "22:00-07:00", "02:30-02:31", "06:00-23:00"};
	int agree = 1;
	for (size_t i = 0; i < 5; i++) {
		for (size_t j = 0; j < 5; j++) {
			struct schedule_window o = win(offs[i]), d = win(dims[j]);
			for (int m = 0; m < 1440; m++) {
				int got = schedule_next_change_minutes(&o, &d, m);
				if (got != walk(&o, &d, m) ||
				    (got > 0 && schedule_state(&o, &d, m + got - 1) !=
				                    schedule_state(&o, &d, m)))
					agree = 0;
			}
		}
	}
	CHECK(agree);
}

int main(void)
{
	test_parse();
	test_state();
	test_next_change();
	return TEST_END();
}

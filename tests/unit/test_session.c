/* Audio-mode sessions, scripted with explicit times: start by key and by hold, moving
 * the focus, details, help, repeat, interrupting, pause, volume and rate steps and their
 * reset, language cycling and reset, status changes, inactivity warning, continuing,
 * and the end of the session. */
#include "session.h"
#include "speech_limits.h"

#include <stdlib.h>

#include "testlib.h"

/* A small world: three accessible spaces and two car parks. */
static struct model_entry ents[5];
static struct view_item spot_items[3], site_items[2];
static struct view view;

static void make_view(void)
{
	memset(ents, 0, sizeof ents);
	for (int i = 0; i < 5; i++) {
		ents[i].kind = i < 3 ? MODEL_SPOT : MODEL_SITE;
		snprintf(ents[i].id, sizeof ents[i].id, "id%d", i);
		snprintf(ents[i].name, sizeof ents[i].name, "Entry %d", i);
	}
	for (int i = 0; i < 3; i++) {
		spot_items[i].e = &ents[i];
		spot_items[i].status = i == 0 ? VIEW_FREE : VIEW_TAKEN;
	}
	for (int i = 0; i < 2; i++) {
		site_items[i].e = &ents[3 + i];
		site_items[i].status = VIEW_OPEN;
	}
	memset(&view, 0, sizeof view);
	view.spots = spot_items;
	view.n_spots = 3;
	view.sites = site_items;
	view.n_sites = 2;
}

static struct session_params params(void)
{
	struct session_params p;
	session_params_default(&p);
	p.inactivity_ms = 60000;
	p.warning_ms = 30000;
	p.n_langs = 3;
	p.lang_default = 0;
	return p;
}

static struct session a;
static struct session_out o;

static void setup(void)
{
	struct session_params p = params();
	make_view();
	session_init(&a, &p);
	CHECK(session_set_view(&a, &view, 0, &o));
	CHECK_INT(session_count(&a), 5);
}

static void key(enum input_action act, int64_t t)
{
	session_key(&a, act, t, &o);
}

static void done(int64_t t)
{
	session_speech_done(&a, t, &o);
}

static void test_start_by_key(void)
{
	setup();
	CHECK(!a.active);
	/* Nothing happens by itself: no deadline, ticks say nothing. */
	session_tick(&a, 1000000, &o);
	CHECK_INT(o.say, SESSION_SAY_NONE);
	CHECK_INT(o.deadline_ms, -1);
	/* Taps from passers-by do not start speech. */
	session_tap(&a, 1, 1000, &o);
	CHECK_INT(o.say, SESSION_SAY_NONE);
	CHECK(!o.active);
	session_double_tap(&a, 1, 1200, &o);
	CHECK_INT(o.say, SESSION_SAY_NONE);
	/* Any key starts, whatever it is bound to; the key is used up by starting. */
	key(INPUT_VOLUME_UP, 2000);
	CHECK(o.started && o.active && o.changed);
	CHECK_INT(o.say, SESSION_SAY_WELCOME);
	CHECK_INT(o.focus, -1);
	CHECK_INT(o.volume_step, SPEECH_VOLUME_DEFAULT);
	CHECK_INT(o.rate_wpm, 160);
	CHECK_INT(o.lang, 0);
	/* While speaking, only the safety deadline runs. */
	CHECK_INT(o.deadline_ms, 2000 + SESSION_SPEECH_MAX_MS);
	done(9000);
	CHECK_INT(o.say, SESSION_SAY_NONE);
	CHECK_INT(o.deadline_ms, 9000 + 60000);
	/* INPUT_NONE keys are ignored entirely. */
	key(INPUT_NONE, 9500);
	CHECK(!o.stop);
	CHECK_INT(o.deadline_ms, 9000 + 60000);
	session_finish(&a);

	/* INPUT_ANY starts too. */
	setup();
	key(INPUT_ANY, 100);
	CHECK_INT(o.say, SESSION_SAY_WELCOME);
	session_finish(&a);
}

static void test_start_by_hold(void)
{
	setup();
	session_hold(&a, 5000, &o);
	CHECK(o.started && o.active);
	CHECK_INT(o.say, SESSION_SAY_WELCOME);
	/* A hold in a session interrupts, like any key, and does not restart. */
	session_hold(&a, 6000, &o);
	CHECK(o.stop && !o.started);
	CHECK_INT(o.say, SESSION_SAY_NONE);
	session_finish(&a);
}

static void test_navigation(void)
{
	setup();
	key(INPUT_ANY, 0);
	done(5000);
	/* UP before the first entry: the top of the list. */
	key(INPUT_UP, 6000);
	CHECK_INT(o.say, SESSION_SAY_LIST_START);
	CHECK(o.at_limit);
	CHECK_INT(o.focus, -1);
	/* Down through all five entries (spots, then sites). */
	for (int i = 0; i < 5; i++) {
		key(INPUT_DOWN, 7000 + i * 100);
		CHECK_INT(o.say, SESSION_SAY_ENTRY);
		CHECK_INT(o.index, i);
		CHECK_INT(o.focus, i);
		CHECK(o.stop && o.changed);
	}
	key(INPUT_DOWN, 8000);
	CHECK_INT(o.say, SESSION_SAY_LIST_END);
	CHECK_INT(o.focus, 4);
	key(INPUT_UP, 8100);
	CHECK_INT(o.say, SESSION_SAY_ENTRY);
	CHECK_INT(o.index, 3);
	CHECK(session_view_item(&view, 3) == &site_items[0]);
	CHECK(session_view_item(&view, 1) == &spot_items[1]);
	CHECK(session_view_item(&view, 5) == NULL);
	CHECK(session_view_item(&view, -1) == NULL);

	/* Details of the focused entry, back returns to the entry. */
	key(INPUT_DETAILS, 9000);
	CHECK_INT(o.say, SESSION_SAY_DETAILS);
	CHECK_INT(o.index, 3);
	CHECK(o.details && o.changed);
	key(INPUT_BACK, 9500);
	CHECK_INT(o.say, SESSION_SAY_ENTRY);
	CHECK_INT(o.index, 3);
	CHECK(!o.details);
	/* Back in the list only stops speaking. */
	key(INPUT_BACK, 9600);
	CHECK_INT(o.say, SESSION_SAY_NONE);
	CHECK(o.stop);
	CHECK_INT(o.focus, 3);
	/* Details, then down: details close and the next entry is read. */
	key(INPUT_DETAILS, 9700);
	key(INPUT_DOWN, 9800);
	CHECK_INT(o.say, SESSION_SAY_ENTRY);
	CHECK_INT(o.index, 4);
	CHECK(!o.details);
	/* Help, and the overview (back to the top). */
	key(INPUT_HELP, 9900);
	CHECK_INT(o.say, SESSION_SAY_HELP);
	CHECK_INT(o.focus, 4);
	key(INPUT_SUMMARY, 10000);
	CHECK_INT(o.say, SESSION_SAY_SUMMARY);
	CHECK_INT(o.focus, -1);
	/* Details with no focus: the first entry. */
	key(INPUT_DETAILS, 10100);
	CHECK_INT(o.say, SESSION_SAY_DETAILS);
	CHECK_INT(o.index, 0);
	CHECK_INT(o.focus, 0);
	session_finish(&a);
}

static void test_touch(void)
{
	setup();
	session_hold(&a, 0, &o);
	done(3000);
	session_tap(&a, 2, 4000, &o);
	CHECK_INT(o.say, SESSION_SAY_ENTRY);
	CHECK_INT(o.index, 2);
	CHECK_INT(o.focus, 2);
	session_double_tap(&a, 2, 4200, &o);
	CHECK_INT(o.say, SESSION_SAY_DETAILS);
	CHECK(o.details);
	/* A tap beside the entries only interrupts. */
	session_tap(&a, -1, 5000, &o);
	CHECK(o.stop);
	CHECK_INT(o.say, SESSION_SAY_NONE);
	CHECK_INT(o.focus, 2);
	session_tap(&a, 99, 5100, &o);
	CHECK_INT(o.say, SESSION_SAY_NONE);
	session_finish(&a);
}

static void test_repeat_and_interrupt(void)
{
	setup();
	key(INPUT_ANY, 0);
	/* Repeat right after the welcome: the welcome again. */
	key(INPUT_REPEAT, 1000);
	CHECK_INT(o.say, SESSION_SAY_WELCOME);
	CHECK(o.repeat);
	key(INPUT_DOWN, 2000);
	key(INPUT_DOWN, 2100);
	/* Any key stops the utterance at once. */
	key(INPUT_ANY, 2200);
	CHECK(o.stop);
	CHECK_INT(o.say, SESSION_SAY_NONE);
	key(INPUT_REPEAT, 2300);
	CHECK_INT(o.say, SESSION_SAY_ENTRY);
	CHECK_INT(o.index, 1);
	CHECK(o.repeat);
	/* Repeat follows the entry, not the position, when the data moves it. */
	struct view_item tmp = spot_items[0];
	spot_items[0] = spot_items[1];
	spot_items[1] = tmp;
	CHECK(session_set_view(&a, &view, 2400, &o));
	CHECK_INT(o.focus, 0); /* the focus followed its entry */
	key(INPUT_REPEAT, 2500);
	CHECK_INT(o.say, SESSION_SAY_ENTRY);
	CHECK_INT(o.index, 0);
	/* Volume confirmations are repeated with their values. */
	key(INPUT_VOLUME_DOWN, 2600);
	key(INPUT_REPEAT, 2700);
	CHECK_INT(o.say, SESSION_SAY_VOLUME);
	CHECK_INT(o.delta, -1);
	CHECK_INT(o.volume_step, SPEECH_VOLUME_DEFAULT - 1);
	session_finish(&a);
}

static void test_pause(void)
{
	setup();
	key(INPUT_ANY, 0);
	key(INPUT_PAUSE, 500);
	CHECK(o.pause && !o.stop && o.paused);
	CHECK_INT(o.say, SESSION_SAY_NONE);
	/* Paused counts as quiet: the inactivity timer runs from the pause. */
	CHECK_INT(o.deadline_ms, 500 + 60000);
	key(INPUT_PAUSE, 1500);
	CHECK(o.resume && !o.paused);
	CHECK_INT(o.deadline_ms, 1500 + SESSION_SPEECH_MAX_MS);
	done(4000);
	/* Nothing to pause: nothing happens. */
	key(INPUT_PAUSE, 5000);
	CHECK(!o.pause && !o.resume && !o.stop);
	/* Another key while paused: the paused speech is dropped and the key acts. */
	key(INPUT_DOWN, 6000);
	key(INPUT_PAUSE, 6100);
	CHECK(o.paused);
	key(INPUT_DOWN, 6200);
	CHECK(o.stop && !o.paused);
	CHECK_INT(o.say, SESSION_SAY_ENTRY);
	CHECK_INT(o.index, 1);
	session_finish(&a);
}

static void test_volume_rate_language(void)
{
	setup();
	key(INPUT_ANY, 0);
	/* Volume: up to the top, then the limit is said. */
	int v = SPEECH_VOLUME_DEFAULT;
	for (; v < SPEECH_VOLUME_STEPS - 1; v++) {
		key(INPUT_VOLUME_UP, 100 + v);
		CHECK_INT(o.say, SESSION_SAY_VOLUME);
		CHECK_INT(o.volume_step, v + 1);
		CHECK(!o.at_limit);
		CHECK_INT(o.delta, 1);
	}
	key(INPUT_VOLUME_UP, 200);
	CHECK(o.at_limit);
	CHECK_INT(o.volume_step, SPEECH_VOLUME_STEPS - 1);
	for (int i = 0; i < SPEECH_VOLUME_STEPS + 2; i++)
		key(INPUT_VOLUME_DOWN, 300 + i);
	CHECK(o.at_limit);
	CHECK_INT(o.volume_step, 0);
	/* Rate: 20 wpm steps within 80..300. */
	key(INPUT_FASTER, 400);
	CHECK_INT(o.say, SESSION_SAY_RATE);
	CHECK_INT(o.rate_wpm, 180);
	CHECK_INT(o.delta, 1);
	for (int i = 0; i < 20; i++)
		key(INPUT_FASTER, 500 + i);
	CHECK_INT(o.rate_wpm, SPEECH_RATE_MAX);
	CHECK(o.at_limit);
	for (int i = 0; i < 20; i++)
		key(INPUT_SLOWER, 600 + i);
	CHECK_INT(o.rate_wpm, SPEECH_RATE_MIN);
	CHECK(o.at_limit);
	CHECK_INT(o.delta, -1);
	/* Language cycles through the offered ones. */
	key(INPUT_LANGUAGE, 700);
	CHECK_INT(o.say, SESSION_SAY_LANGUAGE);
	CHECK_INT(o.lang, 1);
	CHECK(o.changed);
	key(INPUT_LANGUAGE, 710);
	CHECK_INT(o.lang, 2);
	key(INPUT_LANGUAGE, 720);
	CHECK_INT(o.lang, 0);
	key(INPUT_LANGUAGE, 730);
	CHECK_INT(o.lang, 1);
	done(1000);

	/* Walk away: warning, then the end, and every setting back to its default. */
	session_tick(&a, 60999, &o);
	CHECK_INT(o.say, SESSION_SAY_NONE);
	session_tick(&a, 61000, &o);
	CHECK_INT(o.say, SESSION_SAY_WARNING);
	CHECK(o.warning);
	done(65000);
	CHECK_INT(o.deadline_ms, 95000);
	session_tick(&a, 95000, &o);
	CHECK_INT(o.say, SESSION_SAY_END);
	CHECK(o.ended && !o.active && !o.warning);
	CHECK_INT(o.volume_step, SPEECH_VOLUME_DEFAULT);
	CHECK_INT(o.rate_wpm, 160);
	CHECK_INT(o.lang, 0);
	CHECK_INT(o.focus, -1);
	CHECK_INT(o.deadline_ms, -1);
	done(97000);
	/* The next person starts with the defaults. */
	key(INPUT_DOWN, 200000);
	CHECK_INT(o.say, SESSION_SAY_WELCOME);
	CHECK_INT(o.volume_step, SPEECH_VOLUME_DEFAULT);
	CHECK_INT(o.rate_wpm, 160);
	CHECK_INT(o.lang, 0);
	session_finish(&a);

	/* One language: the language key says so and changes nothing. */
	struct session_params p = params();
	p.n_langs = 1;
	session_init(&a, &p);
	key(INPUT_ANY, 0);
	key(INPUT_LANGUAGE, 10);
	CHECK_INT(o.say, SESSION_SAY_LANGUAGE);
	CHECK_INT(o.lang, 0);
	CHECK(o.at_limit);
	session_finish(&a);
}

static void test_inactivity(void)
{
	setup();
	key(INPUT_ANY, 0);
	/* A long utterance does not eat the time: the timer starts when speech ends. */
	session_tick(&a, 70000, &o);
	CHECK_INT(o.say, SESSION_SAY_NONE);
	done(70000);
	CHECK_INT(o.deadline_ms, 130000);
	/* A key before the limit restarts it. */
	key(INPUT_DOWN, 100000);
	done(104000);
	session_tick(&a, 130000, &o);
	CHECK_INT(o.say, SESSION_SAY_NONE);
	CHECK_INT(o.deadline_ms, 164000);
	session_tick(&a, 164000, &o);
	CHECK_INT(o.say, SESSION_SAY_WARNING);
	CHECK_INT(o.seconds, 30);
	CHECK(o.warning && o.changed);
	done(170000);
	/* Continue with any key: the key is used for that alone. */
	key(INPUT_DOWN, 185000);
	CHECK_INT(o.say, SESSION_SAY_CONTINUED);
	CHECK(!o.warning && o.active);
	CHECK_INT(o.focus, 0);
	done(187000);
	CHECK_INT(o.deadline_ms, 247000);
	/* The warning can be answered again and again (WCAG 2.2.1: at least ten times). */
	int64_t t = 187000;
	for (int i = 0; i < 12; i++) {
		t += 60000;
		session_tick(&a, t, &o);
		CHECK_INT(o.say, SESSION_SAY_WARNING);
		done(t + 3000);
		session_tap(&a, -1, t + 20000, &o);
		CHECK_INT(o.say, SESSION_SAY_CONTINUED);
		done(t + 21000);
		t += 21000;
	}
	CHECK(a.active);
	/* Then the warning goes unanswered: the end, 30 s after the warning was said. */
	session_tick(&a, t + 60000, &o);
	CHECK_INT(o.say, SESSION_SAY_WARNING);
	done(t + 64000);
	session_tick(&a, t + 93999, &o);
	CHECK_INT(o.say, SESSION_SAY_NONE);
	session_tick(&a, t + 94000, &o);
	CHECK_INT(o.say, SESSION_SAY_END);
	CHECK(o.ended);
	/* The warning time is never below 20 s, whatever the configuration says. */
	session_finish(&a);
	struct session_params p = params();
	p.warning_ms = 5000;
	session_init(&a, &p);
	key(INPUT_ANY, 0);
	done(1000);
	session_tick(&a, 61000, &o);
	CHECK_INT(o.say, SESSION_SAY_WARNING);
	CHECK_INT(o.seconds, 20);
	done(62000);
	CHECK_INT(o.deadline_ms, 82000);
	/* A lost "speech done" does not keep a session alive for ever. */
	session_finish(&a);
	session_init(&a, &p);
	key(INPUT_ANY, 0);
	session_tick(&a, SESSION_SPEECH_MAX_MS, &o);
	CHECK_INT(o.say, SESSION_SAY_NONE);
	CHECK_INT(o.deadline_ms, SESSION_SPEECH_MAX_MS + 60000);
	session_finish(&a);
}

static void test_changes(void)
{
	setup();
	key(INPUT_ANY, 0);
	done(4000);
	key(INPUT_DOWN, 5000);
	key(INPUT_DOWN, 5100); /* focus: entry 1, taken */
	done(8000);
	/* It becomes free while nothing is said: announced at once. */
	spot_items[1].status = VIEW_FREE;
	CHECK(session_set_view(&a, &view, 9000, &o));
	CHECK_INT(o.say, SESSION_SAY_CHANGE);
	CHECK_INT(o.index, 1);
	done(10000);
	/* Same status again: nothing. */
	CHECK(session_set_view(&a, &view, 11000, &o));
	CHECK_INT(o.say, SESSION_SAY_NONE);
	/* A change while speaking waits for the end of the utterance. */
	key(INPUT_HELP, 12000);
	spot_items[1].status = VIEW_UNKNOWN;
	CHECK(session_set_view(&a, &view, 12500, &o));
	CHECK_INT(o.say, SESSION_SAY_NONE);
	done(20000);
	CHECK_INT(o.say, SESSION_SAY_CHANGE);
	CHECK_INT(o.index, 1);
	done(21000);
	/* Changes of other entries are not announced. */
	spot_items[2].status = VIEW_FREE;
	CHECK(session_set_view(&a, &view, 22000, &o));
	CHECK_INT(o.say, SESSION_SAY_NONE);
	/* The focused entry disappears: the focus stays at its place in the list. */
	key(INPUT_DOWN, 23000); /* focus 2 */
	key(INPUT_DETAILS, 23100);
	view.n_spots = 2;
	CHECK(session_set_view(&a, &view, 23200, &o));
	CHECK_INT(o.focus, 2); /* now the first car park */
	CHECK(!o.details && o.changed);
	/* Everything disappears. */
	view.n_spots = 0;
	view.n_sites = 0;
	CHECK(session_set_view(&a, &view, 24000, &o));
	CHECK_INT(o.focus, -1);
	key(INPUT_DOWN, 25000);
	CHECK_INT(o.say, SESSION_SAY_EMPTY);
	key(INPUT_DETAILS, 25100);
	CHECK_INT(o.say, SESSION_SAY_EMPTY);
	CHECK(session_set_view(&a, NULL, 26000, &o));
	CHECK_INT(session_count(&a), 0);
	/* Changes are not announced outside a session. */
	session_finish(&a);
	setup();
	spot_items[0].status = VIEW_TAKEN;
	CHECK(session_set_view(&a, &view, 1000, &o));
	CHECK_INT(o.say, SESSION_SAY_NONE);
	session_finish(&a);
}

/* A change announcement is the kiosk talking, not the listener: it does not restart the
 * inactivity timer, so a walked-away session still warns and ends and its settings are
 * reset (EN 301 549 5.1.3.13; issue 14: no warning came after the last key). */
static void test_change_keeps_idle(void)
{
	setup();
	key(INPUT_ANY, 0);
	done(4000);
	key(INPUT_DOWN, 5000);
	key(INPUT_VOLUME_UP, 5100);
	done(8000); /* the listener's last utterance ends: inactive from here */
	CHECK_INT(o.deadline_ms, 68000);
	key(INPUT_DOWN, 8000);
	done(8000);
	key(INPUT_UP, 8000); /* back on entry 0 */
	done(8000);
	for (int64_t t = 20000; t <= 60000; t += 20000) {
		spot_items[0].status = spot_items[0].status == VIEW_FREE ? VIEW_TAKEN : VIEW_FREE;
		CHECK(session_set_view(&a, &view, t, &o));
		CHECK_INT(o.say, SESSION_SAY_CHANGE);
		done(t + 3000);
		CHECK_INT(o.deadline_ms, 68000);
	}
	session_tick(&a, 68000, &o);
	CHECK_INT(o.say, SESSION_SAY_WARNING);
	done(71000);
	spot_items[0].status = spot_items[0].status == VIEW_FREE ? VIEW_TAKEN : VIEW_FREE;
	CHECK(session_set_view(&a, &view, 80000, &o));
	CHECK_INT(o.say, SESSION_SAY_NONE); /* no announcement over the warning */
	session_tick(&a, 101000, &o);
	CHECK_INT(o.say, SESSION_SAY_END);
	CHECK(o.ended && !o.active);
	CHECK_INT(o.volume_step, SPEECH_VOLUME_DEFAULT);
	session_finish(&a);
}

/* The goodbye is said in the language, rate and volume the listener chose; only then
 * do the settings return to the defaults (issue 14: it was said in German after the
 * listener had switched to English). */
static void test_end_in_chosen_language(void)
{
	setup();
	key(INPUT_ANY, 0);
	done(1000);
	key(INPUT_LANGUAGE, 2000);
	CHECK_INT(o.lang, 1);
	CHECK_INT(o.say_lang, 1);
	done(3000);
	key(INPUT_FASTER, 3000);
	int rate = o.rate_wpm;
	key(INPUT_VOLUME_DOWN, 3100);
	int vol = o.volume_step;
	done(4000);
	session_tick(&a, 64000, &o);
	CHECK_INT(o.say, SESSION_SAY_WARNING);
	CHECK_INT(o.say_lang, 1);
	done(66000);
	session_tick(&a, 96000, &o);
	CHECK_INT(o.say, SESSION_SAY_END);
	CHECK_INT(o.say_lang, 1);
	CHECK_INT(o.say_rate_wpm, rate);
	CHECK_INT(o.say_volume_step, vol);
	CHECK_INT(o.lang, 0); /* the next person's */
	CHECK(o.rate_wpm != rate);
	session_finish(&a);
}

/* The focused entry turns taken and the view sorts it among the taken ones: the focus
 * stays on that entry, and the next key moves from there (issue 14). */
static void test_focus_follows_resort(void)
{
	setup();
	/* Spots: 0 free, 1 free, 2 taken. */
	spot_items[1].status = VIEW_FREE;
	CHECK(session_set_view(&a, &view, 0, &o));
	key(INPUT_ANY, 0);
	done(1000);
	key(INPUT_DOWN, 2000);
	key(INPUT_DOWN, 2100); /* entry 1 ("id1") */
	CHECK_INT(o.focus, 1);
	done(3000);
	/* id1 turns taken; the view now lists id0, id2, id1. */
	struct view_item moved = spot_items[1];
	moved.status = VIEW_TAKEN;
	spot_items[1] = spot_items[2];
	spot_items[2] = moved;
	CHECK(session_set_view(&a, &view, 4000, &o));
	CHECK_INT(o.focus, 2);
	CHECK_STR(spot_items[o.focus].e->id, "id1");
	CHECK_INT(o.say, SESSION_SAY_CHANGE);
	CHECK_INT(o.index, 2);
	done(5000);
	key(INPUT_UP, 6000);
	CHECK_INT(o.focus, 1);
	CHECK_STR(spot_items[o.focus].e->id, "id2");
	session_finish(&a);
}

static void test_screen_language(void)
{
	setup();
	session_set_language(&a, 2);
	key(INPUT_ANY, 0);
	CHECK_INT(o.lang, 2); /* speech in the language on screen (EN 301 549 5.1.3.14) */
	session_set_language(&a, 7);
	CHECK_INT(a.lang, 2);
	session_finish(&a);
	CHECK_STR(session_say_name(SESSION_SAY_WELCOME), "welcome");
	CHECK_STR(session_say_name(SESSION_SAY_END), "end");
	CHECK_STR(session_say_name(SESSION_SAY_COUNT), "none");
}

int main(void)
{
	test_start_by_key();
	test_start_by_hold();
	test_navigation();
	test_touch();
	test_repeat_and_interrupt();
	test_pause();
	test_volume_rate_language();
	test_inactivity();
	test_changes();
	test_change_keeps_idle();
	test_end_in_chosen_language();
	test_focus_follows_resort();
	test_screen_language();
	return TEST_END();
}

/* Key map: action names, the default keypad map (NumLock on and off), overrides. */
#include "keymap.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testlib.h"

static void test_actions(void)
{
	enum input_action a;
	for (int i = 0; i < INPUT_ACTION_COUNT; i++) {
		const char *name = input_action_name((enum input_action)i);
		CHECK(name != NULL);
		CHECK(input_action_parse(name, &a) && (int)a == i);
	}
	CHECK(input_action_name(INPUT_ACTION_COUNT) == NULL);
	CHECK(input_action_parse("ENTER", &a) && a == INPUT_DETAILS);
	CHECK(input_action_parse("Volume_Up", &a) && a == INPUT_VOLUME_UP);
	CHECK(!input_action_parse("jump", &a));
	CHECK(!input_action_parse(NULL, &a));
}

static void test_default_map(void)
{
	struct input_map m;
	input_map_default(&m);
	/* The table in docs/audio.md. */
	static const struct {
		const char *key;
		enum input_action a;
	} want[] = {
	    {"Up", INPUT_UP},
	    {"Keypad 8", INPUT_UP},
	    {"Down", INPUT_DOWN},
	    {"Keypad 2", INPUT_DOWN},
	    {"Return", INPUT_DETAILS},
	    {"Keypad Enter", INPUT_DETAILS},
	    {"Keypad 5", INPUT_DETAILS},
	    {"Keypad 6", INPUT_DETAILS},
	    {"Keypad 4", INPUT_BACK},
	    {"Backspace", INPUT_BACK},
	    {"Keypad .", INPUT_BACK},
	    {"Keypad 0", INPUT_HELP},
	    {"F1", INPUT_HELP},
	    {"Keypad *", INPUT_REPEAT},
	    {"Keypad 3", INPUT_PAUSE},
	    {"Space", INPUT_PAUSE},
	    {"Keypad /", INPUT_LANGUAGE},
	    {"L", INPUT_LANGUAGE},
	    {"Keypad +", INPUT_VOLUME_UP},
	    {"VolumeUp", INPUT_VOLUME_UP},
	    {"Keypad -", INPUT_VOLUME_DOWN},
	    {"VolumeDown", INPUT_VOLUME_DOWN},
	    {"Keypad 7", INPUT_SLOWER},
	    {"Keypad 9", INPUT_FASTER},
	    {"Keypad 1", INPUT_SUMMARY},
	};
	for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
		if (input_map_lookup(&m, want[i].key, want[i].key) != want[i].a) {
			fprintf(stderr, "key %s\n", want[i].key);
			CHECK(0);
		}
	}
	/* Names are case-insensitive; aliases name the same key. */
	CHECK_INT(input_map_get(&m, "keypad enter"), INPUT_DETAILS);
	CHECK_INT(input_map_get(&m, "Keypad Period"), INPUT_BACK);
	CHECK_INT(input_map_get(&m, "Keypad Multiply"), INPUT_REPEAT);
	/* An unbound key still counts (it starts audio mode). */
	CHECK_INT(input_map_lookup(&m, "X", "X"), INPUT_ANY);
	CHECK_INT(input_map_get(&m, "X"), INPUT_NONE);
	/* NumLock off: keypad 7 gives the key "Home" but the scancode "Keypad 7"; the
	 * physical key wins, so slower stays slower. Keypad 5 gives "Clear". */
	CHECK_INT(input_map_lookup(&m, "Home", "Keypad 7"), INPUT_SLOWER);
	CHECK_INT(input_map_lookup(&m, "Clear", "Keypad 5"), INPUT_DETAILS);
	CHECK_INT(input_map_lookup(&m, "Insert", "Keypad 0"), INPUT_HELP);
	/* A letter follows the layout (key name), not the physical position: AZERTY's
	 * "L" key has the scancode name "L" too, but a QWERTZ "Z" sits where "Y" is. */
	CHECK_INT(input_map_lookup(&m, "L", "O"), INPUT_LANGUAGE);
	CHECK_INT(input_map_lookup(&m, "Home", "Home"), INPUT_SUMMARY);
	CHECK_INT(input_map_lookup(&m, NULL, NULL), INPUT_ANY);
}

static void test_overrides(void)
{
	struct input_map m;
	char err[128];
	input_map_default(&m);
	size_t n = m.n;
	/* A phone-layout pad (1 2 3 on top): swap 2 and 8. */
	CHECK(input_map_bind(&m, "Keypad 2", "up", err, sizeof err));
	CHECK(input_map_bind(&m, "keypad 8", "down", err, sizeof err));
	CHECK_INT(m.n, n);
	CHECK_INT(input_map_lookup(&m, "Keypad 2", "Keypad 2"), INPUT_UP);
	CHECK_INT(input_map_lookup(&m, "Keypad 8", "Keypad 8"), INPUT_DOWN);
	/* New keys, aliases, unbinding. */
	CHECK(input_map_bind(&m, "F5", "repeat", err, sizeof err));
	CHECK_INT(input_map_get(&m, "f5"), INPUT_REPEAT);
	CHECK(input_map_bind(&m, "Keypad Divide", "help", err, sizeof err));
	CHECK_INT(input_map_get(&m, "Keypad /"), INPUT_HELP);
	CHECK(input_map_bind(&m, "Space", "none", err, sizeof err));
	CHECK_INT(input_map_lookup(&m, "Space", "Space"), INPUT_NONE);
	/* Errors. */
	CHECK(!input_map_bind(&m, "F6", "explode", err, sizeof err));
	CHECK(strstr(err, "explode") != NULL);
	CHECK(!input_map_bind(&m, "", "up", err, sizeof err));
	CHECK(!input_map_bind(&m, "A very very long key name over 32", "up", err, sizeof err));
	int added = 0;
	char key[16];
	for (int i = 0; i < INPUT_MAP_MAX + 5; i++) {
		snprintf(key, sizeof key, "K%d", i);
		added += input_map_bind(&m, key, "up", err, sizeof err);
	}
	CHECK_INT(m.n, INPUT_MAP_MAX);
	CHECK(added < INPUT_MAP_MAX + 5);
	CHECK(strstr(err, "too many") != NULL);
}

/* Double-strike rejection: the same key within the delay is ignored, another key or the
 * same one after the delay counts; 0 turns it off; up to at least 0.5 s. */
static void test_double_strike(void)
{
	struct input_strike s;
	input_strike_init(&s, 0);
	CHECK(input_strike_accept(&s, "Keypad 2", 0));
	CHECK(input_strike_accept(&s, "Keypad 2", 1));
	input_strike_init(&s, 500);
	CHECK(input_strike_accept(&s, "Keypad 2", 1000));
	CHECK(!input_strike_accept(&s, "Keypad 2", 1100));
	CHECK(!input_strike_accept(&s, "keypad 2", 1499)); /* measured from the accepted one */
	CHECK(input_strike_accept(&s, "Keypad 2", 1500));
	CHECK(input_strike_accept(&s, "Keypad 8", 1510)); /* another key */
	CHECK(input_strike_accept(&s, "Keypad 2", 1520));
	CHECK(!input_strike_accept(&s, "Keypad 2", 1600));
	CHECK(input_strike_accept(&s, "Keypad 2", 900)); /* a clock that went back */
	input_strike_init(&s, 2000);
	CHECK(input_strike_accept(&s, "Return", 0));
	CHECK(!input_strike_accept(&s, "Return", 1999));
	CHECK(input_strike_accept(&s, NULL, 1999));
	input_strike_init(&s, -5);
	CHECK_INT(s.delay_ms, 0);
}

int main(void)
{
	test_double_strike();
	test_actions();
	test_default_map();
	test_overrides();
	return TEST_END();
}

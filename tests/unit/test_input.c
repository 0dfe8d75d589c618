/* Input: action names, the default keypad map (NumLock on and off), overrides, touch
 * gestures, and the input-script parser with its error messages. */
#include "input.h"

#include <stdlib.h>

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

static void test_touch(void)
{
	struct input_touch t;
	input_touch_init(&t);
	/* Tap, then a second tap soon and close by: double tap. */
	CHECK_INT(input_touch_down(&t, 100, 100, 1000), INPUT_GESTURE_NONE);
	CHECK_INT(input_touch_deadline(&t), 3000);
	CHECK_INT(input_touch_up(&t, 102, 101, 1080), INPUT_GESTURE_TAP);
	CHECK_INT(input_touch_deadline(&t), -1);
	input_touch_down(&t, 105, 98, 1250);
	CHECK_INT(input_touch_up(&t, 105, 98, 1300), INPUT_GESTURE_DOUBLE_TAP);
	/* A third tap right after starts over: a tap, not another double tap. */
	input_touch_down(&t, 105, 98, 1400);
	CHECK_INT(input_touch_up(&t, 105, 98, 1450), INPUT_GESTURE_TAP);
	/* Second tap too late: two taps. */
	input_touch_down(&t, 100, 100, 5000);
	CHECK_INT(input_touch_up(&t, 100, 100, 5050), INPUT_GESTURE_TAP);
	input_touch_down(&t, 100, 100, 5600);
	CHECK_INT(input_touch_up(&t, 100, 100, 5650), INPUT_GESTURE_TAP);
	/* Second tap far away: two taps. */
	input_touch_down(&t, 100, 100, 9000);
	CHECK_INT(input_touch_up(&t, 100, 100, 9050), INPUT_GESTURE_TAP);
	input_touch_down(&t, 400, 100, 9150);
	CHECK_INT(input_touch_up(&t, 400, 100, 9200), INPUT_GESTURE_TAP);
	/* Hold: reported by tick at 2 s while the finger stays; release adds nothing. */
	input_touch_down(&t, 300, 400, 20000);
	CHECK_INT(input_touch_tick(&t, 21999), INPUT_GESTURE_NONE);
	CHECK_INT(input_touch_tick(&t, 22000), INPUT_GESTURE_HOLD);
	CHECK_INT(input_touch_tick(&t, 22500), INPUT_GESTURE_NONE);
	CHECK_INT(input_touch_deadline(&t), -1);
	CHECK_INT(input_touch_up(&t, 300, 400, 23000), INPUT_GESTURE_NONE);
	/* A swipe is neither tap nor hold. */
	input_touch_down(&t, 300, 400, 30000);
	input_touch_move(&t, 300, 500, 30100);
	CHECK_INT(input_touch_tick(&t, 33000), INPUT_GESTURE_NONE);
	CHECK_INT(input_touch_up(&t, 300, 500, 33100), INPUT_GESTURE_NONE);
	/* A slow press (between a tap and a hold) is nothing. */
	input_touch_down(&t, 300, 400, 40000);
	CHECK_INT(input_touch_up(&t, 300, 400, 41000), INPUT_GESTURE_NONE);
	/* Release without press. */
	CHECK_INT(input_touch_up(&t, 1, 1, 50000), INPUT_GESTURE_NONE);
}

static void test_script_ok(void)
{
	const char *text = "# audio mode walk-through\n"
	                   "0.5 key Down\n"
	                   "1.0 key Keypad 5   # the tactile key\n"
	                   "\n"
	                   "2.0 touch 300 400\n"
	                   "2.05 release 300 400\r\n"
	                   "2.1 tap 300 400\n"
	                   "3.0 hold 10 20 2.2\n"
	                   "4.0 doubletap 30 40\n"
	                   "4.0 key Keypad   Enter\n"
	                   "60 wait\n"
	                   "61 quit";
	struct input_script s;
	char err[200] = "";
	input_script_init(&s);
	CHECK_INT(input_script_parse(&s, text, strlen(text), err, sizeof err), PK_OK);
	if (err[0])
		fprintf(stderr, "%s\n", err);
	CHECK_INT(s.n, 15);
	if (s.n == 15) {
		struct {
			int64_t t;
			enum input_event_kind k;
			int line;
		} want[] = {
		    {500, INPUT_EV_KEY, 2},     {1000, INPUT_EV_KEY, 3},
		    {2000, INPUT_EV_DOWN, 5},   {2050, INPUT_EV_UP, 6},
		    {2100, INPUT_EV_DOWN, 7},   {2150, INPUT_EV_UP, 7},
		    {3000, INPUT_EV_DOWN, 8},   {4000, INPUT_EV_DOWN, 9},
		    {4000, INPUT_EV_KEY, 10},   {4050, INPUT_EV_UP, 9},
		    {4150, INPUT_EV_DOWN, 9},   {4200, INPUT_EV_UP, 9},
		    {5200, INPUT_EV_UP, 8},     {60000, INPUT_EV_WAIT, 11},
		    {61000, INPUT_EV_QUIT, 12},
		};
		/* Sorted by time; equal times keep file order; the hold's release (line 8)
		 * comes after the double tap of line 9. */
		for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
			CHECK_INT(s.ev[i].t_ms, want[i].t);
			CHECK_INT(s.ev[i].kind, want[i].k);
			CHECK_INT(s.ev[i].line, want[i].line);
		}
		CHECK_STR(s.ev[0].key, "Down");
		CHECK_STR(s.ev[1].key, "Keypad 5");
		CHECK_STR(s.ev[8].key, "Keypad Enter");
		CHECK_INT(s.ev[6].x, 10);
		CHECK_INT(s.ev[6].y, 20);
	}
	input_script_finish(&s);

	/* Empty and comment-only scripts are fine. */
	CHECK_INT(input_script_parse(&s, "# nothing\n\n", 11, err, sizeof err), PK_OK);
	CHECK_INT(s.n, 0);
	input_script_finish(&s);
}

static void expect_error(const char *text, const char *needle)
{
	struct input_script s;
	char err[200] = "";
	input_script_init(&s);
	enum pk_err e = input_script_parse(&s, text, strlen(text), err, sizeof err);
	CHECK(e != PK_OK);
	CHECK_INT(s.n, 0);
	if (!strstr(err, needle)) {
		fprintf(stderr, "script %s: error \"%s\" lacks \"%s\"\n", text, err, needle);
		CHECK(0);
	}
	input_script_finish(&s);
}

static void test_script_errors(void)
{
	expect_error("1 key Down\n2 tapp 1 2\n", "line 2: unknown verb \"tapp\"");
	expect_error("1 key Down\n0.5 key Up\n", "line 2: time 0.5 goes back");
	expect_error("x key Down\n", "line 1: \"x\" is not a time");
	expect_error("-1 key Down\n", "line 1:");
	expect_error("nan key Down\n", "line 1:");
	expect_error("1 key\n", "line 1: key needs a name");
	expect_error("1 key   \n", "line 1: key needs a name");
	expect_error("1\n", "line 1: a verb must follow");
	expect_error("\n\n1 tap 3\n", "line 3: tap needs X Y");
	expect_error("1 tap 3 4 5\n", "line 1: tap needs X Y");
	expect_error("1 tap a 4\n", "line 1: tap needs X Y");
	expect_error("1 hold 3 4\n", "line 1: hold needs X Y SECONDS");
	expect_error("1 hold 3 4 soon\n", "line 1: hold needs a duration");
	expect_error("1 wait now\n", "line 1: wait takes no arguments");
	expect_error("1 key Averyveryveryveryverylongkeyname12\n", "line 1: key needs a name");
	/* Over-long line, NUL byte. */
	char longline[400];
	memset(longline, '1', sizeof longline - 1);
	longline[sizeof longline - 1] = '\0';
	expect_error(longline, "line 1: longer than");
	struct input_script s;
	char err[200];
	input_script_init(&s);
	CHECK(input_script_parse(&s, "1 key A\0B\n", 10, err, sizeof err) != PK_OK);
	CHECK(strstr(err, "NUL") != NULL);
	/* Too many events. */
	size_t cap = (size_t)INPUT_SCRIPT_MAX_EVENTS * 16 + 64, len = 0;
	char *big = malloc(cap);
	for (int i = 0; i <= INPUT_SCRIPT_MAX_EVENTS / 4; i++)
		len += (size_t)snprintf(big + len, cap - len, "%d doubletap 1 1\n", i);
	CHECK_INT(input_script_parse(&s, big, len, err, sizeof err), PK_ERR_TOO_BIG);
	CHECK_INT(s.n, 0);
	free(big);
	input_script_finish(&s);
	/* Missing file. */
	CHECK_INT(input_script_load(&s, "/nonexistent/script.txt", err, sizeof err), PK_ERR_IO);
	CHECK(strstr(err, "/nonexistent/script.txt") != NULL);
}

static void test_script_file(void)
{
	const char *path = "test_input_script.txt";
	FILE *f = fopen(path, "w");
	CHECK(f != NULL);
	if (!f)
		return;
	fputs("0 key Keypad 0\n1 bogus\n", f);
	fclose(f);
	struct input_script s;
	char err[200];
	input_script_init(&s);
	CHECK_INT(input_script_load(&s, path, err, sizeof err), PK_ERR_CONFIG);
	CHECK(strstr(err, "test_input_script.txt: line 2") != NULL);
	f = fopen(path, "w");
	fputs("0 key Keypad 0\n", f);
	fclose(f);
	CHECK_INT(input_script_load(&s, path, err, sizeof err), PK_OK);
	CHECK_INT(s.n, 1);
	input_script_finish(&s);
	remove(path);
}

int main(void)
{
	test_actions();
	test_default_map();
	test_overrides();
	test_touch();
	test_script_ok();
	test_script_errors();
	test_script_file();
	return TEST_END();
}

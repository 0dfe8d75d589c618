/* The input-script parser, its error messages and the file loader. */
#include "input_script.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testlib.h"

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
		CHECK(!s.ev[0].device);
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

static void test_script_screenshot(void)
{
	struct input_script s;
	input_script_init(&s);
	char err[256] = "";
	const char *text = "1.5 tap 10 20\n2 screenshot /tmp/a-b.bmp # after the tap\n";
	CHECK_INT(input_script_parse(&s, text, strlen(text), err, sizeof err), PK_OK);
	CHECK_INT((int)s.n, 3);
	if (s.n == 3) {
		CHECK_INT(s.ev[2].kind, INPUT_EV_SCREENSHOT);
		CHECK_INT((int)s.ev[2].t_ms, 2000);
		CHECK_STR(s.ev[2].path, "/tmp/a-b.bmp");
	}
	input_script_finish(&s);
	expect_error("1 screenshot\n", "line 1: screenshot needs one FILE");
	expect_error("1 screenshot a b\n", "line 1: screenshot needs one FILE");
}

/* "press" is a key as a device delivers it: the same event, marked for the device
 * thread; "key" is not. */
static void test_script_press(void)
{
	struct input_script s;
	input_script_init(&s);
	char err[256] = "";
	const char *text = "1 key Down\n12 press   Keypad  2\n13 quit\n";
	CHECK_INT(input_script_parse(&s, text, strlen(text), err, sizeof err), PK_OK);
	CHECK_INT((int)s.n, 3);
	if (s.n == 3) {
		CHECK_INT(s.ev[1].kind, INPUT_EV_KEY);
		CHECK_INT((int)s.ev[1].t_ms, 12000);
		CHECK_STR(s.ev[1].key, "Keypad 2");
		CHECK(s.ev[1].device);
		CHECK(!s.ev[0].device);
		CHECK(!s.ev[2].device);
	}
	input_script_finish(&s);
	expect_error("1 press\n", "line 1: key needs a name");
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
	test_script_ok();
	test_script_errors();
	test_script_screenshot();
	test_script_press();
	test_script_file();
	return TEST_END();
}

/* Touch gestures: tap, double tap, hold, movement. */
#include "gesture.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testlib.h"

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

int main(void)
{
	test_touch();
	return TEST_END();
}

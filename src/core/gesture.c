/* Touch gesture recogniser (see gesture.h). Pure: positions and times in, gestures out. */
#include "gesture.h"

#include <string.h>

void input_touch_init(struct input_touch *t)
{
	memset(t, 0, sizeof *t);
	t->hold_ms = 2000;
	t->tap_max_ms = 600;
	t->double_ms = 400;
	t->slop_px = 40;
}

static bool near(int x1, int y1, int x2, int y2, int slop)
{
	double dx = x1 - x2, dy = y1 - y2;
	return dx * dx + dy * dy <= (double)slop * slop;
}

enum input_gesture input_touch_down(struct input_touch *t, int x, int y, int64_t now_ms)
{
	if (t->tap_pending && now_ms - t->tap_up_ms > t->double_ms)
		t->tap_pending = false;
	t->down = true;
	t->moved = false;
	t->held = false;
	t->x = x;
	t->y = y;
	t->down_ms = now_ms;
	return INPUT_GESTURE_NONE;
}

enum input_gesture input_touch_move(struct input_touch *t, int x, int y, int64_t now_ms)
{
	(void)now_ms;
	if (t->down && !near(x, y, t->x, t->y, t->slop_px))
		t->moved = true;
	return INPUT_GESTURE_NONE;
}

enum input_gesture input_touch_up(struct input_touch *t, int x, int y, int64_t now_ms)
{
	if (!t->down)
		return INPUT_GESTURE_NONE;
	input_touch_move(t, x, y, now_ms);
	t->down = false;
	if (t->moved || t->held || now_ms - t->down_ms >= t->tap_max_ms) {
		t->tap_pending = false;
		return INPUT_GESTURE_NONE;
	}
	/* tap_pending is still set only if this press began soon enough after the last
	 * tap (input_touch_down clears it otherwise). */
	if (t->tap_pending && near(t->x, t->y, t->tap_x, t->tap_y, t->slop_px)) {
		t->tap_pending = false;
		return INPUT_GESTURE_DOUBLE_TAP;
	}
	t->tap_pending = true;
	t->tap_x = t->x;
	t->tap_y = t->y;
	t->tap_up_ms = now_ms;
	return INPUT_GESTURE_TAP;
}

enum input_gesture input_touch_tick(struct input_touch *t, int64_t now_ms)
{
	if (t->down && !t->moved && !t->held && now_ms - t->down_ms >= t->hold_ms) {
		t->held = true;
		return INPUT_GESTURE_HOLD;
	}
	return INPUT_GESTURE_NONE;
}

int64_t input_touch_deadline(const struct input_touch *t)
{
	if (t->down && !t->moved && !t->held)
		return t->down_ms + t->hold_ms;
	return -1;
}

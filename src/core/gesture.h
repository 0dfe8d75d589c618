/* Touch gestures for audio mode, without SDL: a recogniser of tap, double tap and hold
 * with time passed in. */
#ifndef PARKKIOSK_GESTURE_H
#define PARKKIOSK_GESTURE_H

#include <stdbool.h>
#include <stdint.h>

enum input_gesture {
	INPUT_GESTURE_NONE,
	INPUT_GESTURE_TAP,
	INPUT_GESTURE_DOUBLE_TAP,
	INPUT_GESTURE_HOLD
};

struct input_touch {
	int hold_ms;    /* press this long without moving: HOLD (default 2000) */
	int tap_max_ms; /* a tap is shorter than this (default 600) */
	int double_ms;  /* second tap within this of the first's release (default 400) */
	int slop_px;    /* movement tolerated in a tap or hold (default 40) */
	/* State. */
	bool down, moved, held;
	int x, y;
	int64_t down_ms;
	bool tap_pending; /* a tap ended recently: a second one makes a double tap */
	int tap_x, tap_y;
	int64_t tap_up_ms;
};

void input_touch_init(struct input_touch *t);
/* Each returns the gesture completed by this event (x, y: where, in the caller's
 * coordinates; the recogniser only compares distances). A tap is reported at release;
 * a second tap soon after is reported as DOUBLE_TAP (the first was already a TAP, as
 * with screen readers: tap speaks, double tap opens). HOLD is reported by
 * input_touch_tick once the finger has stayed long enough. */
enum input_gesture input_touch_down(struct input_touch *t, int x, int y, int64_t now_ms);
enum input_gesture input_touch_move(struct input_touch *t, int x, int y, int64_t now_ms);
enum input_gesture input_touch_up(struct input_touch *t, int x, int y, int64_t now_ms);
enum input_gesture input_touch_tick(struct input_touch *t, int64_t now_ms);
/* When input_touch_tick must be called next (ms), -1 if not needed. */
int64_t input_touch_deadline(const struct input_touch *t);

#endif

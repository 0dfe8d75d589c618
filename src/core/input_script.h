/* The --input-script parser: drives the kiosk from a timed text file in tests and
 * demonstrations. Pure apart from input_script_load, which reads the file. */
#ifndef PARKKIOSK_INPUT_SCRIPT_H
#define PARKKIOSK_INPUT_SCRIPT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "err.h"
#include "keymap.h"

/* One line per event: "SECONDS VERB ARGS", times since the start, never decreasing;
 * "#" starts a comment. Verbs:
 *   key NAME            a key press (NAME as SDL names it: "Down", "Keypad 5")
 *   press NAME          a key press that arrives as a device's does: pushed from another
 *                       thread at its time, seen when the loop next looks (on polling
 *                       video drivers within one poll slice), not at a deadline of its own
 *   touch X Y           finger down            release X Y   finger up
 *   move X Y            finger moves
 *   tap X Y             down and up 50 ms later
 *   doubletap X Y       two taps, 150 ms apart
 *   hold X Y SECONDS    down, up after SECONDS
 *   wait                nothing; the script lasts at least until then
 *   screenshot FILE     the frame on screen, written to FILE.bmp (no spaces in FILE)
 *   quit                the program ends */
enum input_event_kind {
	INPUT_EV_KEY,
	INPUT_EV_DOWN,
	INPUT_EV_MOVE,
	INPUT_EV_UP,
	INPUT_EV_WAIT,
	INPUT_EV_QUIT,
	INPUT_EV_SCREENSHOT
};

#define INPUT_SCRIPT_PATH_MAX 160

struct input_event {
	int64_t t_ms;
	enum input_event_kind kind;
	char key[INPUT_KEY_NAME_MAX];     /* INPUT_EV_KEY */
	bool device;                      /* INPUT_EV_KEY from "press" */
	int x, y;                         /* touch events */
	char path[INPUT_SCRIPT_PATH_MAX]; /* INPUT_EV_SCREENSHOT */
	int line;                         /* script line it came from */
};

#define INPUT_SCRIPT_MAX_EVENTS 20000
#define INPUT_SCRIPT_MAX_BYTES (1 << 20)

struct input_script {
	struct input_event *ev; /* owned, sorted by time (stable) */
	size_t n, cap;
};

void input_script_init(struct input_script *s);
void input_script_finish(struct input_script *s);
/* Parses a script held in memory. On error writes "line N: problem" to err, leaves s
 * empty and returns PK_ERR_CONFIG (PK_ERR_TOO_BIG/NOMEM for limits). */
enum pk_err input_script_parse(struct input_script *s, const char *text, size_t len, char *err,
                               size_t errcap);
/* Reads and parses a script file ("FILE: line N: problem" on error). */
enum pk_err input_script_load(struct input_script *s, const char *path, char *err, size_t errcap);

#endif

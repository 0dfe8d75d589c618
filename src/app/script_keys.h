/* The input script's "press" keys: delivered from a thread of their own at their times,
 * as a device's keys are, so that the loop sees them only when it next looks (on the
 * polling video drivers within one poll slice). The loop knows no deadline for them:
 * this is how a test measures how soon a kiosk that sat idle answers a first key. */
#ifndef PARKKIOSK_SCRIPT_KEYS_H
#define PARKKIOSK_SCRIPT_KEYS_H

#include <stdint.h>

#include "err.h"
#include "input_script.h"

struct script_keys; /* opaque */

/* Starts the thread when the script has "press" events (else *out stays NULL and
 * PK_OK). Times are on ticks (a monotonic millisecond clock) from start_ms. script is
 * borrowed and must outlive the object. */
enum pk_err script_keys_start(struct script_keys **out, const struct input_script *script,
                              int64_t (*ticks)(void), int64_t start_ms);
/* Stops and joins the thread; accepts NULL. */
void script_keys_stop(struct script_keys *k);

#endif

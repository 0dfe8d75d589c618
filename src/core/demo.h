/* The embedded demo feed: real Freiburg car parks and sensor-monitored disabled bays
 * (ParkAPI v3 form, compiled in), re-timestamped to "now" with plausible, deterministic
 * occupancy changes every DEMO_PERIOD_S seconds. Same `now` -> same data, so --now gives
 * reproducible screenshots. Pure apart from parsing the embedded bytes. */
#ifndef PARKKIOSK_DEMO_H
#define PARKKIOSK_DEMO_H

#include <stdint.h>

#include "err.h"
#include "model.h"

#define DEMO_PERIOD_S 15

/* Appends the demo entries as of `now` to out. */
enum pk_err demo_load(struct model *out, int64_t now);
/* The instant of the next demo change after now. */
int64_t demo_next_change(int64_t now);

#endif

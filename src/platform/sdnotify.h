/* systemd service notification (sd_notify) without libsystemd: one datagram to the
 * AF_UNIX socket named by $NOTIFY_SOCKET (a path, or "@name" for the abstract namespace),
 * and the watchdog interval from $WATCHDOG_USEC / $WATCHDOG_PID. Outside systemd
 * (no $NOTIFY_SOCKET) every call is a cheap no-op. See docs/deployment.md "Watchdog". */
#ifndef PARKKIOSK_SDNOTIFY_H
#define PARKKIOSK_SDNOTIFY_H

#include <stdint.h>

#include "err.h"

/* Sends one notification, e.g. "READY=1", "WATCHDOG=1", "STATUS=2 of 3 feeds current",
 * "STOPPING=1" (several may be joined with '\n'). Returns PK_OK when the datagram was
 * sent, PK_ERR_UNSUPPORTED when $NOTIFY_SOCKET is unset or empty (not under systemd),
 * PK_ERR_CONFIG when it is not a usable address, PK_ERR_IO when sending failed (logged at
 * debug level: a caller pinging the watchdog should not flood the journal). */
enum pk_err sdnotify_send(const char *state);

/* Like sdnotify_send with a printf format ("STATUS=%d of %d feeds current"); the
 * message is cut at 1 KiB. */
enum pk_err sdnotify_sendf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* The watchdog timeout systemd expects pings within, in milliseconds, from
 * $WATCHDOG_USEC; 0 when there is no watchdog (unset, not a positive number, or
 * $WATCHDOG_PID names another process). Ping with "WATCHDOG=1" every half of it.
 *
 * $WATCHDOG_PID is honoured when it is this process *or its parent*: under the cage
 * kiosk compositor, systemd's main PID is cage, which fork()s and exec()s parkkiosk
 * with its environment, so WATCHDOG_PID names cage while the pings (accepted through
 * NotifyAccess=all) must come from parkkiosk's own event loop. A grandchild still sees
 * 0, which is what WATCHDOG_PID is for. */
int64_t sdnotify_watchdog_interval_ms(void);

#endif

/* sd_notify(3) re-implemented in a few lines: the protocol is one datagram of
 * "KEY=VALUE\n…" text to an AF_UNIX socket, so libsystemd is not worth a dependency on
 * a kiosk image. Reads only the environment; keeps no state between calls. */
#include "sdnotify.h"

#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <sys/un.h>
#include <unistd.h>

#include "log.h"
#include "num.h"

/* Fills sa from $NOTIFY_SOCKET; returns the address length, or 0 if it is unusable. */
static socklen_t notify_address(const char *name, struct sockaddr_un *sa)
{
	size_t len = strlen(name);
	/* systemd >= 253 also allows "vsock:CID:PORT"; a kiosk is never run that way. */
	if (name[0] != '/' && name[0] != '@')
		return 0;
	if (len < 2 || len >= sizeof sa->sun_path)
		return 0;
	memset(sa, 0, sizeof *sa);
	sa->sun_family = AF_UNIX;
	memcpy(sa->sun_path, name, len);
	if (name[0] == '@') {
		/* Abstract namespace: a leading NUL, and the length counts exactly the name
		 * bytes (no terminator), as systemd binds it. */
		sa->sun_path[0] = '\0';
		return (socklen_t)(offsetof(struct sockaddr_un, sun_path) + len);
	}
	return (socklen_t)(offsetof(struct sockaddr_un, sun_path) + len + 1);
}

enum pk_err sdnotify_send(const char *state)
{
	const char *name = getenv("NOTIFY_SOCKET");
	if (!name || !*name)
		return PK_ERR_UNSUPPORTED;
	struct sockaddr_un sa;
	socklen_t salen = notify_address(name, &sa);
	if (salen == 0) {
		log_debug("NOTIFY_SOCKET \"%s\" is not a socket path or @name", name);
		return PK_ERR_CONFIG;
	}
	int fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd < 0) {
		log_debug("sd_notify: socket: %s", strerror(errno));
		return PK_ERR_IO;
	}
	size_t len = strlen(state);
	ssize_t n;
	/* Never wait: the caller is the UI loop. A receiver whose queue is full is not
	 * reading (a stuck or busy manager); the message is dropped, not the kiosk frozen. */
	do {
		n = sendto(fd, state, len, MSG_NOSIGNAL | MSG_DONTWAIT,
		           (const struct sockaddr *)&sa, salen);
	} while (n < 0 && errno == EINTR);
	int saved = errno;
	close(fd);
	if (n < 0 || (size_t)n != len) {
		log_debug("sd_notify \"%s\": %s", state, n < 0 ? strerror(saved) : "short send");
		return PK_ERR_IO;
	}
	return PK_OK;
}

enum pk_err sdnotify_sendf(const char *fmt, ...)
{
	char msg[1024];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	return sdnotify_send(msg);
}

/* A whole decimal number > 0, or 0 for anything else. */
static uint64_t parse_positive(const char *s)
{
	int64_t v;
	if (!s || !num_parse_i64(s, 1, INT64_MAX, &v))
		return 0;
	return (uint64_t)v;
}

int64_t sdnotify_watchdog_interval_ms(void)
{
	uint64_t usec = parse_positive(getenv("WATCHDOG_USEC"));
	if (usec == 0)
		return 0;
	const char *pid_s = getenv("WATCHDOG_PID");
	if (pid_s && *pid_s) {
		uint64_t pid = parse_positive(pid_s);
		if (pid == 0)
			return 0;
		if (pid != (uint64_t)getpid() && pid != (uint64_t)getppid())
			return 0;
	}
	if (usec > (uint64_t)INT64_MAX)
		usec = (uint64_t)INT64_MAX;
	uint64_t ms = usec / 1000;
	return ms > 0 ? (int64_t)ms : 1;
}

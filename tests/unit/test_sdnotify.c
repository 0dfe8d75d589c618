/* sdnotify.h against real AF_UNIX datagram sockets: a filesystem path and an abstract
 * "@" name, as systemd binds them; plus the watchdog environment rules. */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/un.h>
#include <unistd.h>

#include "sdnotify.h"
#include "testlib.h"

/* Binds a datagram socket at name ("/path" or "@abstract"); returns the fd or -1. */
static int listen_at(const char *name)
{
	struct sockaddr_un sa;
	memset(&sa, 0, sizeof sa);
	sa.sun_family = AF_UNIX;
	size_t len = strlen(name);
	memcpy(sa.sun_path, name, len);
	socklen_t salen = (socklen_t)(offsetof(struct sockaddr_un, sun_path) + len + 1);
	if (name[0] == '@') {
		sa.sun_path[0] = '\0';
		salen--;
	}
	int fd = socket(AF_UNIX, SOCK_DGRAM, 0);
	if (fd < 0)
		return -1;
	struct timeval tv = {.tv_sec = 2};
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
	if (bind(fd, (struct sockaddr *)&sa, salen) != 0) {
		close(fd);
		return -1;
	}
	return fd;
}

/* Receives one datagram into buf (NUL-terminated); "" on timeout. */
static const char *receive(int fd, char *buf, size_t cap)
{
	ssize_t n = recv(fd, buf, cap - 1, 0);
	buf[n > 0 ? n : 0] = '\0';
	return buf;
}

static void test_path_socket(void)
{
	char dir[] = "/tmp/pk-sdnotify-XXXXXX";
	CHECK(mkdtemp(dir) != NULL);
	char path[128];
	snprintf(path, sizeof path, "%s/notify", dir);
	int fd = listen_at(path);
	CHECK(fd >= 0);
	setenv("NOTIFY_SOCKET", path, 1);
	char buf[2048];
	CHECK_INT(sdnotify_send("READY=1"), PK_OK);
	CHECK_STR(receive(fd, buf, sizeof buf), "READY=1");
	CHECK_INT(sdnotify_send("WATCHDOG=1"), PK_OK);
	CHECK_STR(receive(fd, buf, sizeof buf), "WATCHDOG=1");
	CHECK_INT(sdnotify_sendf("STATUS=%d of %d feeds current", 2, 3), PK_OK);
	CHECK_STR(receive(fd, buf, sizeof buf), "STATUS=2 of 3 feeds current");
	CHECK_INT(sdnotify_send("STOPPING=1\nSTATUS=bye"), PK_OK);
	CHECK_STR(receive(fd, buf, sizeof buf), "STOPPING=1\nSTATUS=bye");
	/* A long status is cut, not overflowed. */
	char fmt_long[1500];
	memset(fmt_long, 'x', sizeof fmt_long - 1);
	fmt_long[sizeof fmt_long - 1] = '\0';
	CHECK_INT(sdnotify_sendf("STATUS=%s", fmt_long), PK_OK);
	CHECK_INT(strlen(receive(fd, buf, sizeof buf)), 1023);
	close(fd);
	unlink(path);
	/* The socket is gone: a failed send is an error value, never a crash or a hang. */
	CHECK_INT(sdnotify_send("WATCHDOG=1"), PK_ERR_IO);
	rmdir(dir);
}

static void test_abstract_socket(void)
{
	char name[64];
	snprintf(name, sizeof name, "@parkkiosk-test-%ld", (long)getpid());
	int fd = listen_at(name);
	CHECK(fd >= 0);
	setenv("NOTIFY_SOCKET", name, 1);
	char buf[256];
	CHECK_INT(sdnotify_send("READY=1"), PK_OK);
	CHECK_STR(receive(fd, buf, sizeof buf), "READY=1");
	close(fd);
}

static void test_no_or_bad_socket(void)
{
	unsetenv("NOTIFY_SOCKET");
	CHECK_INT(sdnotify_send("READY=1"), PK_ERR_UNSUPPORTED);
	setenv("NOTIFY_SOCKET", "", 1);
	CHECK_INT(sdnotify_send("READY=1"), PK_ERR_UNSUPPORTED);
	setenv("NOTIFY_SOCKET", "relative/path", 1);
	CHECK_INT(sdnotify_send("READY=1"), PK_ERR_CONFIG);
	setenv("NOTIFY_SOCKET", "@", 1);
	CHECK_INT(sdnotify_send("READY=1"), PK_ERR_CONFIG);
	char longname[200];
	memset(longname, 'a', sizeof longname - 1);
	longname[0] = '/';
	longname[sizeof longname - 1] = '\0';
	setenv("NOTIFY_SOCKET", longname, 1);
	CHECK_INT(sdnotify_send("READY=1"), PK_ERR_CONFIG);
	unsetenv("NOTIFY_SOCKET");
}

static void test_watchdog_env(void)
{
	char pid[32];
	unsetenv("WATCHDOG_USEC");
	unsetenv("WATCHDOG_PID");
	CHECK_INT(sdnotify_watchdog_interval_ms(), 0);
	setenv("WATCHDOG_USEC", "30000000", 1);
	CHECK_INT(sdnotify_watchdog_interval_ms(), 30000);
	snprintf(pid, sizeof pid, "%ld", (long)getpid());
	setenv("WATCHDOG_PID", pid, 1);
	CHECK_INT(sdnotify_watchdog_interval_ms(), 30000);
	/* The parent (cage, systemd's main PID) may hand the watchdog to us. */
	snprintf(pid, sizeof pid, "%ld", (long)getppid());
	setenv("WATCHDOG_PID", pid, 1);
	CHECK_INT(sdnotify_watchdog_interval_ms(), 30000);
	/* Meant for another process: not ours to ping. */
	setenv("WATCHDOG_PID", "2147483646", 1);
	CHECK_INT(sdnotify_watchdog_interval_ms(), 0);
	setenv("WATCHDOG_PID", "12x", 1);
	CHECK_INT(sdnotify_watchdog_interval_ms(), 0);
	unsetenv("WATCHDOG_PID");
	setenv("WATCHDOG_USEC", "500", 1); /* under a millisecond still means "ping" */
	CHECK_INT(sdnotify_watchdog_interval_ms(), 1);
	setenv("WATCHDOG_USEC", "0", 1);
	CHECK_INT(sdnotify_watchdog_interval_ms(), 0);
	setenv("WATCHDOG_USEC", "-5", 1);
	CHECK_INT(sdnotify_watchdog_interval_ms(), 0);
	setenv("WATCHDOG_USEC", "30s", 1);
	CHECK_INT(sdnotify_watchdog_interval_ms(), 0);
	setenv("WATCHDOG_USEC", "99999999999999999999999", 1);
	CHECK_INT(sdnotify_watchdog_interval_ms(), 0);
	unsetenv("WATCHDOG_USEC");
}

/* A receiver that stops reading (a busy or stuck systemd, a wrapper that only waits for
 * READY=1) must never block the caller, the kiosk's UI thread: the datagram is dropped. */
static void test_receiver_not_reading(void)
{
	char path[64];
	snprintf(path, sizeof path, "/tmp/pk-sdnotify-full-%d.sock", (int)getpid());
	unlink(path);
	int fd = listen_at(path);
	CHECK(fd >= 0);
	setenv("NOTIFY_SOCKET", path, 1);
	int dropped = 0;
	for (int i = 0; i < 2000; i++) /* far more than the socket's queue holds */
		dropped += sdnotify_send("STATUS=1 of 2 feeds current") != PK_OK;
	printf("not reading: %d of 2000 status messages dropped, none blocked\n", dropped);
	CHECK(dropped > 0);
	unsetenv("NOTIFY_SOCKET");
	close(fd);
	unlink(path);
}

int main(void)
{
	test_path_socket();
	test_abstract_socket();
	test_no_or_bad_socket();
	test_watchdog_env();
	test_receiver_not_reading();
	return TEST_END();
}

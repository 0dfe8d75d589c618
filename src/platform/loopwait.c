/* The loop's sleep on polling video drivers (see loopwait.h). Linux: eventfd, poll, evdev. */
#include "loopwait.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/input.h>
#include <poll.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "log.h"

#define MAX_WATCHED 32
#define INPUT_DIR "/dev/input"

struct watched {
	int fd;
	bool owned; /* an evdev node opened here (closed here) */
	long num;   /* of /dev/input/eventNUM, -1 = not one */
};

/* Main thread only, but wake (read by loopwait_push from any thread). */
static struct {
	atomic_int wake; /* eventfd, -1 = none */
	enum loopwait_input input;
	struct watched w[MAX_WATCHED];
	int n;
	bool denied; /* an input device could not be opened (or did not fit) */
} lw = {.wake = -1};

enum loopwait_input loopwait_input_of(const char *driver)
{
	if (!driver)
		return LOOPWAIT_INPUT_OTHER;
	if (strcmp(driver, "dummy") == 0 || strcmp(driver, "offscreen") == 0)
		return LOOPWAIT_INPUT_NONE;
	if (strcmp(driver, "KMSDRM") == 0 || strcmp(driver, "evdev") == 0)
		return LOOPWAIT_INPUT_EVDEV;
	return LOOPWAIT_INPUT_OTHER;
}

static bool watching(long num)
{
	for (int i = 0; i < lw.n; i++)
		if (lw.w[i].num == num)
			return true;
	return false;
}

static bool add(int fd, bool owned, long num)
{
	if (lw.n == MAX_WATCHED)
		return false;
	struct watched *w = &lw.w[lw.n++];
	w->fd = fd;
	w->owned = owned;
	w->num = num;
	return true;
}

static void drop(int i)
{
	if (lw.w[i].owned)
		close(lw.w[i].fd);
	lw.w[i] = lw.w[--lw.n];
}

/* A device that reports keys or buttons (keyboards, keypads, touch screens, mice): what
 * SDL turns into events. Sensors that only stream axes would wake the loop for nothing. */
static bool has_keys(int fd)
{
	unsigned long bits[(EV_MAX + 8 * sizeof(unsigned long)) / (8 * sizeof(unsigned long))];
	memset(bits, 0, sizeof bits);
	if (ioctl(fd, EVIOCGBIT(0, sizeof bits), bits) < 0)
		return false;
	return (bits[EV_KEY / (8 * sizeof(unsigned long))] >>
	        (EV_KEY % (8 * sizeof(unsigned long)))) &
	       1;
}

/* Opens the evdev nodes not watched yet. */
static void scan(void)
{
	DIR *d = opendir(INPUT_DIR);
	if (!d)
		return;
	bool denied = false;
	for (struct dirent *e = readdir(d); e; e = readdir(d)) {
		char *end = NULL;
		long num =
		    strncmp(e->d_name, "event", 5) == 0 ? strtol(e->d_name + 5, &end, 10) : -1;
		if (num < 0 || !end || *end != '\0' || end == e->d_name + 5 || watching(num))
			continue;
		char path[300];
		snprintf(path, sizeof path, INPUT_DIR "/%s", e->d_name);
		int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
		if (fd < 0) {
			denied = denied || errno == EACCES || errno == EPERM;
			continue;
		}
		if (!has_keys(fd)) {
			close(fd);
			continue;
		}
		if (!add(fd, true, num)) {
			close(fd);
			denied = true;
			continue;
		}
		log_debug("loop: wakes on input from %s", path);
	}
	closedir(d);
	if (denied && !lw.denied)
		log_warn("loop: cannot watch every device in " INPUT_DIR
		         ": a key is seen within the idle slice, not at once");
	lw.denied = denied;
}

enum pk_err loopwait_open(enum loopwait_input input)
{
	loopwait_close();
	int fd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
	if (fd < 0) {
		log_error("loop: eventfd: %s", strerror(errno));
		return PK_ERR_IO;
	}
	atomic_store(&lw.wake, fd);
	lw.input = input;
	if (input == LOOPWAIT_INPUT_EVDEV)
		scan();
	return PK_OK;
}

void loopwait_close(void)
{
	int fd = atomic_exchange(&lw.wake, -1);
	if (fd >= 0)
		close(fd);
	while (lw.n > 0)
		drop(lw.n - 1);
	lw.denied = false;
	lw.input = LOOPWAIT_INPUT_OTHER;
}

int loopwait_push(SDL_Event *ev)
{
	int rc = SDL_PushEvent(ev);
	int fd = atomic_load(&lw.wake);
	if (fd >= 0) {
		uint64_t one = 1;
		ssize_t w = write(fd, &one, sizeof one); /* only EAGAIN: it is readable anyway */
		(void)w;
	}
	return rc;
}

bool loopwait_watch_fd(int fd)
{
	return add(fd, false, -1);
}

/* Reads everything readable on w (evdev: this descriptor's copy of the events); false
 * when it is gone (a device unplugged, a closed pipe). */
static bool drain(const struct watched *w)
{
	char buf[1024];
	for (;;) {
		ssize_t r = read(w->fd, buf, sizeof buf);
		if (r > 0)
			continue;
		if (r < 0 && errno == EINTR)
			continue;
		return r < 0 && errno == EAGAIN;
	}
}

bool loopwait_sleep(int timeout_ms)
{
	struct pollfd p[1 + MAX_WATCHED];
	int n = 0, wake = atomic_load(&lw.wake);
	p[n++] = (struct pollfd){.fd = wake, .events = POLLIN};
	for (int i = 0; i < lw.n; i++)
		p[n++] = (struct pollfd){.fd = lw.w[i].fd, .events = POLLIN};
	int r = poll(p, (nfds_t)n, timeout_ms < 0 ? 0 : timeout_ms);
	if (r <= 0) {
		if (r == 0 && lw.input == LOOPWAIT_INPUT_EVDEV)
			scan(); /* a device plugged in meanwhile */
		return r < 0 && errno == EINTR;
	}
	if (p[0].revents & POLLIN) {
		uint64_t v;
		ssize_t got = read(wake, &v, sizeof v);
		(void)got;
	}
	for (int i = lw.n - 1; i >= 0; i--) {
		short ev = p[1 + i].revents;
		if (ev == 0)
			continue;
		if ((ev & (POLLERR | POLLHUP | POLLNVAL)) || !drain(&lw.w[i]))
			drop(i);
	}
	return true;
}

bool loopwait_input_wakes(void)
{
	if (atomic_load(&lw.wake) < 0)
		return false;
	if (lw.input == LOOPWAIT_INPUT_NONE)
		return true;
	if (lw.input == LOOPWAIT_INPUT_EVDEV)
		return lw.n > 0 && !lw.denied;
	return false;
}

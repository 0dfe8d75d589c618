/* Logging to stderr with a run-time level. The level is the one process-wide setting
 * outside struct app: it is written once at start-up, before any thread exists. */
#include "log.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static enum log_level current_level = LOG_INFO;

static const char *const level_names[] = {"error", "warn", "info", "debug"};

void log_set_level(enum log_level level)
{
	current_level = level;
}

enum log_level log_get_level(void)
{
	return current_level;
}

_Bool log_level_parse(const char *word, enum log_level *out)
{
	for (int i = 0; i <= LOG_DEBUG; i++) {
		if (strcmp(word, level_names[i]) == 0) {
			*out = (enum log_level)i;
			return 1;
		}
	}
	return 0;
}

void log_write(enum log_level level, const char *file, int line, const char *fmt, ...)
{
	if (level > current_level)
		return;
	const char *base = strrchr(file, '/');
	base = base ? base + 1 : file;
	char msg[1024];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	/* One fprintf per line so lines from threads do not interleave. */
	fprintf(stderr, "parkkiosk: %s [%s:%d] %s\n", level_names[level], base, line, msg);
}

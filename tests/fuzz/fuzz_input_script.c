/* libFuzzer target: the --input-script parser and the key-binding and spoken-name helpers
 * on arbitrary bytes. A refused script must leave no events; an accepted one must be
 * sorted by time, with terminated, clean key names and real line numbers. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "announce.h"
#include "fuzz_check.h"
#include "input_script.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct input_script s;
	char err[256];
	input_script_init(&s);
	enum pk_err rc = input_script_parse(&s, (const char *)data, size, err, sizeof err);
	if (rc != PK_OK) {
		if (s.n != 0 || s.ev != NULL || strnlen(err, sizeof err) == sizeof err)
			abort();
	} else {
		if (s.n > INPUT_SCRIPT_MAX_EVENTS)
			abort();
		for (size_t i = 0; i < s.n; i++) {
			const struct input_event *e = &s.ev[i];
			if (i > 0 && e->t_ms < s.ev[i - 1].t_ms)
				abort();
			if (e->t_ms < 0 || e->line < 1 || e->kind > INPUT_EV_QUIT)
				abort();
			fuzz_check_text(e->key, sizeof e->key);
			if (e->kind == INPUT_EV_KEY && e->key[0] == '\0')
				abort();
		}
	}
	input_script_finish(&s);

	/* The first line as a key binding "KEY=ACTION". */
	char line[128];
	size_t n = size < sizeof line - 1 ? size : sizeof line - 1;
	memcpy(line, data, n);
	line[n] = '\0';
	char *eq = strchr(line, '=');
	struct input_map m;
	input_map_default(&m);
	if (eq) {
		*eq = '\0';
		if (input_map_bind(&m, line, eq + 1, err, sizeof err)) {
			if (m.n > INPUT_MAP_MAX || input_map_get(&m, line) >= INPUT_ACTION_COUNT)
				abort();
		}
	}
	(void)input_map_lookup(&m, line, eq ? eq + 1 : NULL);

	/* The bytes as a (sanitised) feed name, spoken. */
	struct model_entry e;
	memset(&e, 0, sizeof e);
	text_sanitize(e.name, sizeof e.name, (const char *)data, size);
	char out[ANNOUNCE_MAX];
	size_t len = announce_name(&e, out, sizeof out);
	if (len != strlen(out) || !text_utf8_valid(out, len))
		abort();
	return 0;
}

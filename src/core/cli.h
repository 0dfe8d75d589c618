/* Command line: argv -> struct cli (what to do) plus configuration overrides, which are
 * applied through the config loader so they get exactly the same checks and messages.
 * Pure. See README "Command line". */
#ifndef PARKKIOSK_CLI_H
#define PARKKIOSK_CLI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "config.h"
#include "err.h"

struct cli {
	const char *config_path; /* borrowed from argv */
	const char *screenshot;  /* --screenshot FILE.bmp */
	int width, height;       /* --size WxH, 0 = default */
	bool dump_state;
	bool has_now;
	int64_t now; /* --now */
	bool announce_text;
	const char *announce_wav; /* --announce FILE.wav */
	const char *input_script; /* --input-script FILE */
	const char *speech_log;   /* --speech-log FILE: every utterance, one per line */
	bool windowed;            /* --windowed: not full screen (development) */
	bool has_details;         /* --details N: a screenshot of entry N's details screen */
	int details;              /* N, the flattened index (--dump-state's entries order) */
	bool help, version;
	char overrides[8192]; /* JSON object of config overrides */
};

/* Parses argv. On error writes a one-line message and returns PK_ERR_CONFIG. */
enum pk_err cli_parse(int argc, char **argv, struct cli *out, char *err, size_t errcap);
/* Applies the overrides on top of c. */
enum pk_err cli_apply(const struct cli *cli, struct config *c, char *err, size_t errcap);
/* The --help text. */
const char *cli_usage(void);
/* Whether the value of PARKKIOSK_ALLOW_ROOT (NULL when unset) lets the loop run as root:
 * only exactly "1" does, so "0", "no" or an empty value keep the refusal. */
bool cli_root_allowed(const char *allow_root);

#endif

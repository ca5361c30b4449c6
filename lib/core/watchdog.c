/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (C) 2026 The dirsync-plugins developers */
/* The portable half of the watchdog: the prepared line and the -t found in argv. The
 * timers are in watchdog_posix.c and watchdog_win.c. */
#include "core/watchdog.h"

#include <stdio.h>
#include <string.h>

#include "core/deadline.h"
#include "core/watchdog_timer.h"

/* Prepared before the timer can fire: the handler only reads it. */
static char watchdog_text[256];
static volatile size_t watchdog_text_len;
static const char *watchdog_check = "PLUGIN";
static unsigned watchdog_seconds;
static ds_state watchdog_state = DS_UNKNOWN;

static void prepare_line(const char *step) {
	char line[sizeof watchdog_text];
	int n =
	    snprintf(line, sizeof line, "DIRSYNC %s %s - timed out after %u s: %s\n", watchdog_check,
	             ds_state_name(watchdog_state), watchdog_seconds, step != NULL ? step : "starting");
	if (n < 0) {
		return;
	}
	size_t len = (size_t)n < sizeof line ? (size_t)n : sizeof line - 1;
	line[len - 1] = '\n';
	/* The handler sees either the old line or the new one, never a mix: the length is
	 * withdrawn while the text changes. */
	ds_watchdog_timer_block();
	memcpy(watchdog_text, line, len + 1);
	watchdog_text_len = len;
	ds_watchdog_timer_unblock();
}

bool ds_watchdog_arm(const char *check, int64_t started_ms, unsigned seconds, ds_state state) {
	watchdog_check = check;
	watchdog_seconds = seconds;
	watchdog_state = state;
	prepare_line(NULL);
	int64_t fire_at = started_ms + (int64_t)seconds * 1000 + DS_WATCHDOG_MARGIN_MS;
	return ds_watchdog_timer_start(fire_at, watchdog_text, &watchdog_text_len, (int)state);
}

void ds_watchdog_step(const char *step) {
	prepare_line(step);
}

void ds_watchdog_disarm(void) {
	ds_watchdog_timer_stop();
}

const char *ds_watchdog_line(void) {
	return watchdog_text;
}

void ds_watchdog_timeout_from_argv(int argc, char *const argv[], unsigned *seconds,
                                   ds_state *state) {
	*seconds = DS_DEFAULT_TIMEOUT_SECONDS;
	*state = DS_UNKNOWN;
	for (int i = 1; i < argc; i++) {
		const char *arg = argv[i];
		const char *value = NULL;
		if (strcmp(arg, "--") == 0) {
			break;
		}
		if ((strcmp(arg, "-t") == 0 || strcmp(arg, "--timeout") == 0) && i + 1 < argc) {
			value = argv[++i];
		} else if (strncmp(arg, "--timeout=", 10) == 0) {
			value = arg + 10;
		} else if (strncmp(arg, "-t", 2) == 0 && arg[2] != '\0' && arg[1] != '-') {
			value = arg + 2;
		}
		unsigned parsed_seconds;
		ds_state parsed_state;
		ds_error ignored;
		if (value != NULL && ds_timeout_parse(value, &parsed_seconds, &parsed_state, &ignored)) {
			*seconds = parsed_seconds;
			*state = parsed_state;
		}
	}
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (C) 2026 The dirsync-plugins developers */
/* Plugin states and exit codes (Monitoring Plugins Development Guidelines). */
#ifndef DIRSYNC_CORE_STATES_H
#define DIRSYNC_CORE_STATES_H

#include <stdbool.h>

typedef enum ds_state {
	DS_OK = 0,
	DS_WARNING = 1,
	DS_CRITICAL = 2,
	DS_UNKNOWN = 3,
} ds_state;

/* "OK", "WARNING", "CRITICAL", "UNKNOWN". */
const char *ds_state_name(ds_state state);

/* Accepts ok|warning|critical|unknown (any case) or 0..3; false for anything else. */
bool ds_state_parse(const char *text, ds_state *out);

/* The more serious of two states: OK < UNKNOWN < WARNING < CRITICAL, so that a
 * definite problem is never hidden behind a partial failure to look. */
ds_state ds_state_worse(ds_state a, ds_state b);

#endif

/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (C) 2026 The dirsync-plugins developers */
#include "core/states.h"

#include <string.h>
#include <strings.h>

static const char *const state_names[] = {"OK", "WARNING", "CRITICAL", "UNKNOWN"};

const char *ds_state_name(ds_state state) {
	if (state < DS_OK || state > DS_UNKNOWN) {
		return "UNKNOWN";
	}
	return state_names[state];
}

bool ds_state_parse(const char *text, ds_state *out) {
	if (text == NULL) {
		return false;
	}
	for (int i = DS_OK; i <= DS_UNKNOWN; i++) {
		char digit[2] = {(char)('0' + i), '\0'};
		if (strcasecmp(text, state_names[i]) == 0 || strcmp(text, digit) == 0) {
			*out = (ds_state)i;
			return true;
		}
	}
	return false;
}

static int severity(ds_state state) {
	switch (state) {
		case DS_OK:
			return 0;
		case DS_UNKNOWN:
			return 1;
		case DS_WARNING:
			return 2;
		case DS_CRITICAL:
			return 3;
	}
	return 1;
}

ds_state ds_state_worse(ds_state a, ds_state b) {
	return severity(a) >= severity(b) ? a : b;
}

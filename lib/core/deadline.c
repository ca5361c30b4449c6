/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (C) 2026 The dirsync-plugins developers */
#include "core/deadline.h"

#include <string.h>

#include "core/number.h"
#include "core/sys.h"
#include "core/text.h"

/* At most 4 digits as well as at most the maximum: "03600" has always been refused. */
static bool parse_seconds(const char *text, size_t len, unsigned *seconds) {
	uint64_t value = 0;
	if (len > 4 ||
	    ds_number_parse((ds_span){text, len}, DS_MAX_TIMEOUT_SECONDS, &value) != DS_NUMBER_OK ||
	    value < 1) {
		return false;
	}
	*seconds = (unsigned)value;
	return true;
}

bool ds_timeout_parse(const char *text, unsigned *seconds, ds_state *state, ds_error *err) {
	const char *colon = strchr(text, ':');
	size_t len = strlen(text);
	size_t number_len = colon != NULL ? (size_t)(colon - text) : len;
	if (!parse_seconds(text, number_len, seconds)) {
		return ds_error_set(err,
		                    "invalid timeout '%.*s%s': expected whole seconds from 1 to %d, "
		                    "optionally followed by :STATE (e.g. 10 or 20:critical)",
		                    ds_quote_len(len), text, ds_quote_cut(len), DS_MAX_TIMEOUT_SECONDS);
	}
	*state = DS_UNKNOWN;
	if (colon != NULL && !ds_state_parse(colon + 1, state)) {
		return ds_error_set(err,
		                    "invalid timeout state in '%.*s%s': expected ok, warning, critical "
		                    "or unknown after the colon",
		                    ds_quote_len(len), text, ds_quote_cut(len));
	}
	return true;
}

ds_deadline ds_deadline_start_at(int64_t now_ms, unsigned seconds, ds_state state) {
	ds_deadline deadline = {
	    .end_ms = now_ms + (int64_t)seconds * 1000,
	    .seconds = seconds,
	    .state = state,
	};
	return deadline;
}

ds_deadline ds_deadline_start(unsigned seconds, ds_state state) {
	return ds_deadline_start_at(ds_monotonic_ms(), seconds, state);
}

int64_t ds_deadline_remaining_at(const ds_deadline *deadline, int64_t now_ms) {
	int64_t left = deadline->end_ms - now_ms;
	return left > 0 ? left : 0;
}

int64_t ds_deadline_remaining_ms(const ds_deadline *deadline) {
	return ds_deadline_remaining_at(deadline, ds_monotonic_ms());
}

bool ds_deadline_expired(const ds_deadline *deadline) {
	return ds_deadline_remaining_ms(deadline) == 0;
}

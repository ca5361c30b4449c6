/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (C) 2026 The dirsync-plugins developers */
/* The small number options every plugin reads: -t SECONDS[:STATE] and the -w/-c DAYS of
 * the OS and version checks, whole input as one option value. */
#include "core/deadline.h"
#include "fuzz.h"
#include "core/lifecycle.h"
#include "core/states.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
	char *text = fuzz_text(data, size);
	unsigned seconds = 0;
	ds_state state = DS_OK;
	ds_error err = {0};
	if (ds_timeout_parse(text, &seconds, &state, &err)) {
		FUZZ_ASSERT(seconds >= 1 && seconds <= DS_MAX_TIMEOUT_SECONDS);
		FUZZ_ASSERT(ds_state_name(state) != NULL);
	} else {
		fuzz_check_error(&err);
	}
	unsigned days = 0;
	err = (ds_error){0};
	if (ds_days_parse(text, "-w", &days, &err)) {
		FUZZ_ASSERT(days <= DS_LIFECYCLE_MAX_DAYS);
		(void)ds_days_order_check(days, DS_LIFECYCLE_DEFAULT_CRITICAL_DAYS, NULL);
	} else {
		fuzz_check_error(&err);
	}
	ds_state parsed = DS_OK;
	if (ds_state_parse(text, &parsed)) {
		FUZZ_ASSERT(parsed >= DS_OK && parsed <= DS_UNKNOWN);
	}
	free(text);
	return 0;
}

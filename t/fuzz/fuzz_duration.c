/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (C) 2026 The dirsync-plugins developers */
/* Durations (--since, age thresholds) and duration ranges, with the short human form
 * that messages print. */
#include "core/duration.h"
#include "fuzz.h"

static void check_duration(int64_t seconds) {
	FUZZ_ASSERT(seconds >= 0);
	char human[32];
	FUZZ_ASSERT(ds_duration_format(seconds, human, sizeof human));
	/* The human form rounds down and must itself be a valid duration. */
	int64_t again = -1;
	ds_error err = {0};
	FUZZ_ASSERT(ds_duration_parse(human, &again, &err));
	FUZZ_ASSERT(again <= seconds);
	FUZZ_ASSERT(ds_duration_format(-seconds, human, sizeof human));
}

static void check_range(const ds_range *range) {
	char canonical[96];
	FUZZ_ASSERT(ds_range_format(range, canonical, sizeof canonical));
	const double probes[] = {0, 59, 3600, 86400, range->start, range->end};
	for (size_t i = 0; i < sizeof probes / sizeof probes[0]; i++) {
		(void)ds_range_alerts(range, probes[i]);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
	char *text = fuzz_text(data, size);
	int64_t seconds = 0;
	ds_error err = {0};
	if (ds_duration_parse(text, &seconds, &err)) {
		check_duration(seconds);
	} else {
		fuzz_check_error(&err);
	}
	ds_range range;
	err = (ds_error){0};
	if (ds_duration_range_parse(text, &range, &err)) {
		check_range(&range);
	} else {
		fuzz_check_error(&err);
	}
	/* Formatting takes any int64_t, INT64_MIN included. */
	if (size >= sizeof(int64_t)) {
		int64_t raw = 0;
		memcpy(&raw, data, sizeof raw);
		char human[32];
		FUZZ_ASSERT(ds_duration_format(raw, human, sizeof human));
		char tiny[3];
		(void)ds_duration_format(raw, tiny, sizeof tiny);
	}
	free(text);
	return 0;
}

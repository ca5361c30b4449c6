/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (C) 2026 The dirsync-plugins developers */
/* Threshold ranges (-w, -c): parse, judge values against the range, and check that the
 * canonical text reads back as the same range. */
#include <math.h>

#include "fuzz.h"
#include "core/range.h"

static bool same_range(const ds_range *a, const ds_range *b) {
	return a->start_infinite == b->start_infinite && a->end_infinite == b->end_infinite &&
	       a->alert_inside == b->alert_inside && (a->start_infinite || a->start == b->start) &&
	       (a->end_infinite || a->end == b->end);
}

static void judge(const ds_range *range) {
	/* The endpoints belong to the range: they never alert, or always for "@". */
	if (!range->start_infinite) {
		FUZZ_ASSERT(ds_range_alerts(range, range->start) == range->alert_inside);
		(void)ds_range_alerts(range, nextafter(range->start, -INFINITY));
	}
	if (!range->end_infinite) {
		FUZZ_ASSERT(ds_range_alerts(range, range->end) == range->alert_inside);
		(void)ds_range_alerts(range, nextafter(range->end, INFINITY));
	}
	FUZZ_ASSERT(ds_range_alerts(range, NAN));
	const double probes[] = {0, -1, 1, 3600, INFINITY, -INFINITY};
	for (size_t i = 0; i < sizeof probes / sizeof probes[0]; i++) {
		(void)ds_range_alerts(range, probes[i]);
	}
	ds_thresholds thresholds = {
	    .has_warning = true, .warning = *range, .has_critical = true, .critical = *range};
	ds_state state = ds_thresholds_judge(&thresholds, 0);
	FUZZ_ASSERT(state == DS_OK || state == DS_CRITICAL);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
	char *text = fuzz_text(data, size);
	ds_range range;
	ds_error err = {0};
	if (ds_range_parse(text, &range, &err)) {
		judge(&range);
		char canonical[96];
		FUZZ_ASSERT(ds_range_format(&range, canonical, sizeof canonical));
		ds_range again;
		FUZZ_ASSERT(ds_range_parse(canonical, &again, &err));
		FUZZ_ASSERT(same_range(&range, &again));
		char tiny[4];
		(void)ds_range_format(&range, tiny, sizeof tiny);
	} else {
		fuzz_check_error(&err);
	}
	free(text);
	return 0;
}

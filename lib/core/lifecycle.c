/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (C) 2026 The dirsync-plugins developers */
#include "core/lifecycle.h"

#include <stdlib.h>
#include <string.h>

#include "core/number.h"
#include "core/text.h"

#define SECONDS_PER_DAY 86400

static int64_t floor_day(int64_t epoch) {
	return epoch >= 0 ? epoch / SECONDS_PER_DAY
	                  : -((-epoch + SECONDS_PER_DAY - 1) / SECONDS_PER_DAY);
}

int64_t ds_days_until(int64_t end, int64_t now) {
	return floor_day(end) - floor_day(now);
}

ds_thresholds ds_days_left_thresholds(unsigned warning_days, unsigned critical_days) {
	ds_thresholds thresholds = {.has_warning = true, .has_critical = true};
	(void)ds_range_make((double)warning_days, false, 0, true, false, &thresholds.warning, NULL);
	(void)ds_range_make((double)critical_days, false, 0, true, false, &thresholds.critical, NULL);
	return thresholds;
}

bool ds_days_parse(const char *text, const char *option, unsigned *days, ds_error *err) {
	/* At most 5 digits as well as at most the maximum: "036500" has always been refused. */
	ds_span digits = ds_span_of(text);
	uint64_t value = 0;
	if (digits.len > 5 || ds_number_parse(digits, DS_LIFECYCLE_MAX_DAYS, &value) != DS_NUMBER_OK) {
		return ds_error_set(
		    err, "invalid %s '%.*s%s': expected a whole number of days from 0 to %d, e.g. 60",
		    option, ds_quote_len(digits.len), text, ds_quote_cut(digits.len),
		    DS_LIFECYCLE_MAX_DAYS);
	}
	*days = (unsigned)value;
	return true;
}

bool ds_days_order_check(unsigned warning_days, unsigned critical_days, ds_error *err) {
	if (critical_days > warning_days) {
		return ds_error_set(err,
		                    "critical (%u days) is larger than warning (%u days): CRITICAL "
		                    "must need fewer days left than WARNING",
		                    critical_days, warning_days);
	}
	return true;
}

bool ds_days_options(const char *warning, const char *critical, unsigned *warning_days,
                     unsigned *critical_days, ds_error *err) {
	if ((warning != NULL && !ds_days_parse(warning, "warning", warning_days, err)) ||
	    (critical != NULL && !ds_days_parse(critical, "critical", critical_days, err))) {
		return false;
	}
	return ds_days_order_check(*warning_days, *critical_days, err);
}

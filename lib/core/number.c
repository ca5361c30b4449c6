/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (C) 2026 The dirsync-plugins developers */
#include "core/number.h"

size_t ds_number_digits(ds_span s) {
	size_t count = 0;
	while (count < s.len && ds_is_digit(s.start[count])) {
		count++;
	}
	return count;
}

ds_number_result ds_number_prefix(ds_span s, uint64_t max, uint64_t *value, size_t *used) {
	size_t count = ds_number_digits(s);
	*used = count;
	if (count == 0) {
		return DS_NUMBER_NO_DIGITS;
	}
	uint64_t result = 0;
	for (size_t i = 0; i < count; i++) {
		unsigned digit = (unsigned)(s.start[i] - '0');
		/* Checked before the step, so that no value wraps however many digits follow. */
		if (digit > max || result > (max - digit) / 10) {
			return DS_NUMBER_TOO_LARGE;
		}
		result = result * 10 + digit;
	}
	*value = result;
	return DS_NUMBER_OK;
}

ds_number_result ds_number_parse(ds_span s, uint64_t max, uint64_t *value) {
	size_t used = 0;
	uint64_t result = 0;
	ds_number_result found = ds_number_prefix(s, max, &result, &used);
	if (found != DS_NUMBER_OK) {
		return found;
	}
	if (used != s.len) {
		return DS_NUMBER_TRAILING;
	}
	*value = result;
	return DS_NUMBER_OK;
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (C) 2026 The dirsync-plugins developers */
/* RFC 3339 timestamps (Graph, event exports) and table dates, with the calendar
 * arithmetic and formatting that follow them. */
#include "fuzz.h"
#include "core/timestamp.h"

static void check_timestamp(int64_t epoch) {
	ds_civil_time civil;
	ds_civil_from_epoch(epoch, &civil);
	int64_t rebuilt = ds_days_from_civil(civil.year, civil.month, civil.day) * 86400 +
	                  civil.hour * 3600 + civil.minute * 60 + civil.second;
	FUZZ_ASSERT(rebuilt == epoch);
	char utc[48];
	FUZZ_ASSERT(ds_timestamp_format_utc(epoch, utc, sizeof utc));
	/* An offset can move the instant out of years 1..9999, which the parser refuses. */
	if (civil.year >= 1 && civil.year <= 9999) {
		char rfc3339[32];
		FUZZ_ASSERT(snprintf(rfc3339, sizeof rfc3339, "%04d-%02d-%02dT%02d:%02d:%02dZ", civil.year,
		                     civil.month, civil.day, civil.hour, civil.minute,
		                     civil.second) < (int)sizeof rfc3339);
		int64_t again = 0;
		ds_error err = {0};
		FUZZ_ASSERT(ds_timestamp_parse(rfc3339, &again, &err));
		FUZZ_ASSERT(again == epoch);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
	char *text = fuzz_text(data, size);
	int64_t epoch = 0;
	ds_error err = {0};
	if (ds_timestamp_parse(text, &epoch, &err)) {
		check_timestamp(epoch);
	} else {
		fuzz_check_error(&err);
	}
	err = (ds_error){0};
	if (ds_date_parse(text, &epoch, &err)) {
		FUZZ_ASSERT(epoch % 86400 == 0);
		char day[16];
		FUZZ_ASSERT(ds_date_format(epoch, day, sizeof day));
		FUZZ_ASSERT(strcmp(day, text) == 0);
	} else {
		fuzz_check_error(&err);
	}
	if (size >= sizeof(int64_t)) {
		int64_t raw = 0;
		memcpy(&raw, data, sizeof raw);
		ds_civil_time civil;
		ds_civil_from_epoch(raw, &civil);
		char utc[48];
		(void)ds_timestamp_format_utc(raw, utc, sizeof utc);
		(void)ds_date_format(raw, utc, 8);
	}
	free(text);
	return 0;
}

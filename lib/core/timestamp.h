/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (C) 2026 The dirsync-plugins developers */
/* RFC 3339 timestamps as Graph and Windows write them, and UTC calendar arithmetic
 * that does not depend on the TZ variable or on the C library's time functions. */
#ifndef DIRSYNC_CORE_TIMESTAMP_H
#define DIRSYNC_CORE_TIMESTAMP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/error.h"
#include "core/text.h"

typedef struct ds_civil_time {
	int year;
	int month;  /* 1..12 */
	int day;    /* 1..31 */
	int hour;   /* 0..23 */
	int minute; /* 0..59 */
	int second; /* 0..59 */
} ds_civil_time;

/* Days since 1970-01-01 for a proleptic Gregorian date (no validation). */
int64_t ds_days_from_civil(int year, int month, int day);

/* Calendar fields in UTC for an epoch second. */
void ds_civil_from_epoch(int64_t epoch, ds_civil_time *out);

/* "2026-11-24T14:58:21Z", "2026-11-24T14:58:21.1234567Z", "...+01:00", "...-05:00"
 * (fractions of 1..9 digits are accepted and dropped; 'T' may be 't' or ' ', 'Z'
 * may be 'z'). The date must exist (no Feb 30), no leap seconds, an offset is
 * required. Anything else is an error, never 1970. */
bool ds_timestamp_parse(const char *text, int64_t *epoch, ds_error *err);

/* "YYYY-MM-DD" (a calendar day, as in data tables) to the epoch of its 00:00:00 UTC. */
bool ds_date_parse(const char *text, int64_t *epoch, ds_error *err);

/* ds_date_parse of a field of a table line, for 1970 and later (a table stores "none" as
 * -1). */
bool ds_date_parse_span(ds_span day, int64_t *epoch);

/* "2026-11-24 14:58:21 UTC". Returns false when buf is too small. */
bool ds_timestamp_format_utc(int64_t epoch, char *buf, size_t size);

/* "2026-11-24". Returns false when buf is too small. */
bool ds_date_format(int64_t epoch, char *buf, size_t size);

#endif

/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (C) 2026 The dirsync-plugins developers */
/* Threshold ranges in the Monitoring Plugins syntax: [@]start:end, where
 * "10" = 0:10, "10:" = 10:inf, "~:10" = -inf:10, "@10:20" alerts inside. */
#ifndef DIRSYNC_CORE_RANGE_H
#define DIRSYNC_CORE_RANGE_H

#include <stdbool.h>
#include <stddef.h>

#include "core/error.h"
#include "core/states.h"

typedef struct ds_range {
	double start;
	bool start_infinite; /* "~": minus infinity */
	double end;
	bool end_infinite; /* "10:": plus infinity */
	bool alert_inside; /* "@" */
} ds_range;

/* Strict: every number must parse completely ("1O", "5:3", "", "abc", "1e999" fail).
 * Numbers are plain decimals ([+-]digits[.digits][e[+-]digits]) in the C locale; an
 * empty start is 0 (":5" = 0:5), but ":" alone, "~" alone and "@" alone are errors.
 * An infinite end is stored as -INFINITY or INFINITY. out is only written on success. */
bool ds_range_parse(const char *text, ds_range *out, ds_error *err);

/* A range from already-parsed endpoints (used by duration ranges); checks start <= end. */
bool ds_range_make(double start, bool start_infinite, double end, bool end_infinite,
                   bool alert_inside, ds_range *out, ds_error *err);

/* True when value is outside the range (or inside, for "@"): endpoints never alert
 * (or always alert, for "@"). A NaN value always alerts. */
bool ds_range_alerts(const ds_range *range, double value);

/* Canonical text for perfdata ("10", "10:", "~:10", "@10:20"); numbers in the C
 * locale without trailing zeros. Returns false when buf is too small. */
bool ds_range_format(const ds_range *range, char *buf, size_t size);

typedef struct ds_thresholds {
	bool has_warning;
	ds_range warning;
	bool has_critical;
	ds_range critical;
} ds_thresholds;

/* CRITICAL if the critical range alerts, else WARNING if the warning range alerts, else OK. */
ds_state ds_thresholds_judge(const ds_thresholds *thresholds, double value);

#endif

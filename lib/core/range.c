/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (C) 2026 The dirsync-plugins developers */
/* Threshold ranges; see range.h.
 *
 * Numbers are checked against a plain decimal grammar before strtod reads them, so
 * that strtod's extras (leading spaces, "inf", "nan", hex floats) are refused and a
 * typo never becomes a silent 0 the way it does with atof. Like the Monitoring
 * Plugins, this expects the C locale: in a locale whose decimal point is not '.',
 * strtod stops at the '.' and the number is refused rather than misread. */
#include "core/range.h"
#include "core/number.h"
#include "core/text.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define RANGE_EXPECTED "expected [@]start:end with numbers, e.g. 10, 10:, ~:10, 10:20 or @10:20"

/* Long enough for "%.17g" of any double plus a sign. */
#define NUMBER_TEXT_MAX 32

static size_t skip_digits(ds_span s, size_t i, size_t *count) {
	size_t found = ds_number_digits((ds_span){s.start + i, s.len - i});
	*count += found;
	return i + found;
}

static size_t skip_sign(ds_span s, size_t i) {
	if (i < s.len && (s.start[i] == '+' || s.start[i] == '-')) {
		i++;
	}
	return i;
}

/* [+-]digits[.digits][(e|E)[+-]digits] with at least one mantissa digit: what
 * perfdata readers understand, and nothing that strtod would read differently. */
static bool is_decimal(ds_span s) {
	size_t mantissa = 0;
	size_t i = skip_digits(s, skip_sign(s, 0), &mantissa);
	if (i < s.len && s.start[i] == '.') {
		i = skip_digits(s, i + 1, &mantissa);
	}
	if (mantissa == 0) {
		return false;
	}
	if (i < s.len && (s.start[i] == 'e' || s.start[i] == 'E')) {
		size_t exponent = 0;
		i = skip_digits(s, skip_sign(s, i + 1), &exponent);
		if (exponent == 0) {
			return false;
		}
	}
	return i == s.len;
}

typedef enum number_result {
	NUMBER_OK,
	NUMBER_NOT_DECIMAL,
	NUMBER_TOO_LARGE,
} number_result;

static number_result read_number(ds_span s, double *out) {
	if (!is_decimal(s)) {
		return NUMBER_NOT_DECIMAL;
	}
	char *stop = NULL;
	double value = strtod(s.start, &stop);
	/* Only a locale with another decimal point makes strtod stop early. */
	if (stop != s.start + s.len) {
		return NUMBER_NOT_DECIMAL;
	}
	/* Underflow ("1e-999") reads as 0 or a denormal, which is close enough. */
	if (!isfinite(value)) {
		return NUMBER_TOO_LARGE;
	}
	*out = value;
	return NUMBER_OK;
}

/* "invalid range 'TEXT': REASON; expected ..." */
static bool parse_error(ds_error *err, const char *text, const char *reason_fmt, ...)
    DS_PRINTF(3, 4);

static bool parse_error(ds_error *err, const char *text, const char *reason_fmt, ...) {
	char reason[DS_ERROR_TEXT_MAX];
	va_list ap;
	va_start(ap, reason_fmt);
	(void)ds_vformat_text(reason, sizeof reason, reason_fmt, ap);
	va_end(ap);
	size_t len = strlen(text);
	return ds_error_set(err, "invalid range '%.*s%s': %s; " RANGE_EXPECTED, ds_quote_len(len), text,
	                    ds_quote_cut(len), reason);
}

static bool number_error(ds_error *err, const char *text, ds_span s, number_result result) {
	if (result == NUMBER_TOO_LARGE) {
		return parse_error(err, text, "'%.*s%s' is too large", ds_quote_len(s.len), s.start,
		                   ds_quote_cut(s.len));
	}
	return parse_error(err, text, "'%.*s%s' is not a number", ds_quote_len(s.len), s.start,
	                   ds_quote_cut(s.len));
}

/* Empty means 0 and "~" minus infinity, as in the Monitoring Plugins. */
static bool read_start(const char *text, ds_span s, double *value, bool *infinite, ds_error *err) {
	*value = 0;
	*infinite = ds_span_is(s, "~");
	if (s.len == 0 || *infinite) {
		return true;
	}
	number_result result = read_number(s, value);
	return result == NUMBER_OK || number_error(err, text, s, result);
}

/* Empty means plus infinity; "~" there is a common mistake worth its own hint. */
static bool read_end(const char *text, ds_span s, double *value, bool *infinite, ds_error *err) {
	*value = 0;
	*infinite = s.len == 0;
	if (*infinite) {
		return true;
	}
	if (ds_span_is(s, "~")) {
		return parse_error(err, text,
		                   "'~' (minus infinity) can only be the start; "
		                   "leave the end empty for plus infinity, e.g. 10:");
	}
	number_result result = read_number(s, value);
	return result == NUMBER_OK || number_error(err, text, s, result);
}

/* Splits "[@]start:end"; without a ':' the whole text is the end and the start 0. */
static bool split_range(const char *text, bool *inside, ds_span *start, ds_span *end,
                        bool *has_colon, ds_error *err) {
	const char *body = text;
	*inside = body[0] == '@';
	if (*inside) {
		body++;
	}
	const char *colon = strchr(body, ':');
	*has_colon = colon != NULL;
	if (colon == NULL) {
		*start = (ds_span){body, 0};
		*end = (ds_span){body, strlen(body)};
	} else {
		if (strchr(colon + 1, ':') != NULL) {
			return parse_error(err, text, "there is more than one ':'");
		}
		*start = (ds_span){body, (size_t)(colon - body)};
		*end = (ds_span){colon + 1, strlen(colon + 1)};
	}
	if (end->len == 0 && start->len == 0) {
		return parse_error(err, text,
		                   *has_colon ? "':' needs a number on at least one side"
		                              : "there is no number");
	}
	if (!*has_colon && ds_span_is(*end, "~")) {
		return parse_error(err, text, "'~' (minus infinity) must be followed by ':', e.g. ~:10");
	}
	return true;
}

bool ds_range_parse(const char *text, ds_range *out, ds_error *err) {
	if (text == NULL) {
		return ds_error_set(err, "no range given; " RANGE_EXPECTED);
	}
	bool inside = false;
	bool has_colon = false;
	ds_span start_text = {NULL, 0};
	ds_span end_text = {NULL, 0};
	if (!split_range(text, &inside, &start_text, &end_text, &has_colon, err)) {
		return false;
	}
	double start = 0;
	bool start_infinite = false;
	double end = 0;
	bool end_infinite = false;
	if (!read_start(text, start_text, &start, &start_infinite, err)) {
		return false;
	}
	if (has_colon) {
		if (!read_end(text, end_text, &end, &end_infinite, err)) {
			return false;
		}
	} else {
		number_result result = read_number(end_text, &end);
		if (result != NUMBER_OK) {
			return number_error(err, text, end_text, result);
		}
	}
	if (!ds_range_make(start, start_infinite, end, end_infinite, inside, out, err)) {
		size_t len = strlen(text);
		return ds_error_prefix(err, "invalid range '%.*s%s': ", ds_quote_len(len), text,
		                       ds_quote_cut(len));
	}
	return true;
}

/* The shortest text that reads back as the same double ("0.1", not
 * "0.10000000000000001"), but "3600" rather than the "3.6e+03" that %g gives for
 * a short precision: perfdata readers and people both expect plain numbers. */
static bool format_number(double value, char *buf, size_t size) {
	if (value == 0) {
		value = 0; /* drops the sign of -0 */
	}
	int written = -1;
	for (int precision = 1; precision <= 17; precision++) {
		written = snprintf(buf, size, "%.*g", precision, value);
		if (written < 0 || (size_t)written >= size) {
			return false;
		}
		if (strtod(buf, NULL) == value) {
			break;
		}
	}
	const char *exponent_text = strchr(buf, 'e');
	if (exponent_text == NULL) {
		return true;
	}
	/* %g uses an exponent once it reaches the precision; up to 17 digits the
	 * plain form is exact, beyond that it would show digits nobody wrote. */
	long exponent = strtol(exponent_text + 1, NULL, 10);
	if (exponent < 0 || exponent >= 17) {
		return true;
	}
	written = snprintf(buf, size, "%.*g", (int)exponent + 1, value);
	return written >= 0 && (size_t)written < size;
}

bool ds_range_make(double start, bool start_infinite, double end, bool end_infinite,
                   bool alert_inside, ds_range *out, ds_error *err) {
	if (!start_infinite && !isfinite(start)) {
		return ds_error_set(err,
		                    "the range start is not a finite number; use ~ for minus infinity");
	}
	if (!end_infinite && !isfinite(end)) {
		return ds_error_set(
		    err, "the range end is not a finite number; leave it empty for plus infinity");
	}
	if (!start_infinite && !end_infinite && start > end) {
		char start_text[NUMBER_TEXT_MAX];
		char end_text[NUMBER_TEXT_MAX];
		if (!format_number(start, start_text, sizeof start_text) ||
		    !format_number(end, end_text, sizeof end_text)) {
			return ds_error_set(err, "the range start is greater than its end");
		}
		return ds_error_set(err,
		                    "the start %s is greater than the end %s; write the smaller value "
		                    "first, e.g. %s:%s",
		                    start_text, end_text, end_text, start_text);
	}
	/* Infinite ends hold the matching infinity, so that a caller comparing against
	 * start or end directly still gets the right answer. */
	*out = (ds_range){
	    .start = start_infinite ? -INFINITY : start,
	    .start_infinite = start_infinite,
	    .end = end_infinite ? INFINITY : end,
	    .end_infinite = end_infinite,
	    .alert_inside = alert_inside,
	};
	return true;
}

bool ds_range_alerts(const ds_range *range, double value) {
	/* A reading that is not a number is never fine, whichever way the range points. */
	if (isnan(value)) {
		return true;
	}
	bool below = !range->start_infinite && value < range->start;
	bool above = !range->end_infinite && value > range->end;
	bool outside = below || above;
	return range->alert_inside ? !outside : outside;
}

bool ds_range_format(const ds_range *range, char *buf, size_t size) {
	char start[NUMBER_TEXT_MAX] = "";
	char end[NUMBER_TEXT_MAX] = "";
	if (!range->end_infinite && !format_number(range->end, end, sizeof end)) {
		return false;
	}
	const char *prefix = range->alert_inside ? "@" : "";
	int written = -1;
	if (range->start_infinite) {
		written = snprintf(buf, size, "%s~:%s", prefix, end);
	} else if (range->start == 0 && !range->end_infinite) {
		written = snprintf(buf, size, "%s%s", prefix, end);
	} else {
		if (!format_number(range->start, start, sizeof start)) {
			return false;
		}
		written = snprintf(buf, size, "%s%s:%s", prefix, start, end);
	}
	return written >= 0 && (size_t)written < size;
}

ds_state ds_thresholds_judge(const ds_thresholds *thresholds, double value) {
	if (thresholds->has_critical && ds_range_alerts(&thresholds->critical, value)) {
		return DS_CRITICAL;
	}
	if (thresholds->has_warning && ds_range_alerts(&thresholds->warning, value)) {
		return DS_WARNING;
	}
	return DS_OK;
}

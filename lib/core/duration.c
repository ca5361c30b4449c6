/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (C) 2026 The dirsync-plugins developers */
/* Durations; see duration.h. Whole seconds in an int64_t: the options they come
 * from (ages, intervals) never need fractions, and integers compare exactly. */
#include "core/duration.h"
#include "core/number.h"
#include "core/text.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#define DURATION_EXPECTED                                                                          \
	"expected whole seconds or numbers with units s, m, h, d, w in decreasing order, e.g. 90, "    \
	"90s, 15m, 1h, 2d, 1w or 1h30m"

#define DURATION_RANGE_EXPECTED                                                                    \
	"expected [@]start:end with durations, e.g. 1h, 30m:, ~:2h, 1h:3h or @1h:2h"

/* 100 Julian years (36525 days): longer is a typo, and the limit keeps every sum
 * far from int64_t overflow and exact as a double in a ds_range. */
#define DURATION_MAX ((int64_t)36525 * 86400)

#define REASON_MAX 160

/* Rank 0 is the largest unit, so that "decreasing order" is "increasing rank". */
static bool unit_of(char letter, int *rank, int64_t *seconds) {
	static const struct {
		char letter;
		int64_t seconds;
	} units[] = {{'w', 604800}, {'d', 86400}, {'h', 3600}, {'m', 60}, {'s', 1}};
	for (int i = 0; i < (int)(sizeof units / sizeof units[0]); i++) {
		if (units[i].letter == letter) {
			*rank = i;
			*seconds = units[i].seconds;
			return true;
		}
	}
	return false;
}

static bool set_reason(char *reason, size_t size, const char *fmt, ...) DS_PRINTF(3, 4);

static bool set_reason(char *reason, size_t size, const char *fmt, ...) {
	va_list ap;
	va_start(ap, fmt);
	(void)ds_vformat_text(reason, size, fmt, ap);
	va_end(ap);
	return false;
}

/* Why a character that is neither a digit nor a unit cannot be there. */
static bool stray_char_reason(char c, char *reason, size_t size) {
	if (c == '-' || c == '+') {
		return set_reason(reason, size, "a duration has no sign and cannot be negative");
	}
	if (c == '.' || c == ',') {
		return set_reason(reason, size, "only whole numbers are allowed");
	}
	if ((unsigned char)c <= ' ' || (unsigned char)c >= 0x7f) {
		return set_reason(reason, size, "spaces and control characters are not allowed");
	}
	return set_reason(reason, size, "'%c' is not a unit (s, m, h, d or w)", c);
}

/* Digits up to the first non-digit; false once the number alone exceeds the limit. */
static bool read_digits(const char *text, size_t len, size_t *i, int64_t *number) {
	uint64_t value = 0;
	size_t used = 0;
	if (ds_number_prefix((ds_span){text + *i, len - *i}, (uint64_t)DURATION_MAX, &value, &used) ==
	    DS_NUMBER_TOO_LARGE) {
		return false;
	}
	/* The caller has seen a digit at *i, so there is one. */
	*i += used;
	*number = (int64_t)value;
	return true;
}

/* Parses text[0, len) (a whole argument or one end of a range); on failure fills
 * reason with the cause alone, for the caller to put in context. */
static bool parse_span(const char *text, size_t len, int64_t *seconds, char *reason, size_t size) {
	if (len == 0) {
		return set_reason(reason, size, "it is empty");
	}
	int64_t total = 0;
	int last_rank = -1;
	size_t i = 0;
	while (i < len) {
		if (!ds_is_digit(text[i])) {
			int rank = 0;
			int64_t unit = 0;
			if (unit_of(text[i], &rank, &unit)) {
				return set_reason(reason, size, "'%c' needs a number before it", text[i]);
			}
			return stray_char_reason(text[i], reason, size);
		}
		int64_t number = 0;
		if (!read_digits(text, len, &i, &number)) {
			return set_reason(reason, size, "it is longer than 100 years");
		}
		if (i == len) {
			if (last_rank >= 0) {
				return set_reason(reason, size,
				                  "the last number has no unit; write e.g. 1h30m, not 1h30");
			}
			total = number;
			break;
		}
		int rank = 0;
		int64_t unit = 0;
		if (!unit_of(text[i], &rank, &unit)) {
			return stray_char_reason(text[i], reason, size);
		}
		if (rank <= last_rank) {
			return set_reason(reason, size,
			                  "units must come in decreasing order (w, d, h, m, s), each once");
		}
		if (number > (DURATION_MAX - total) / unit) {
			return set_reason(reason, size, "it is longer than 100 years");
		}
		total += number * unit;
		last_rank = rank;
		i++;
	}
	*seconds = total;
	return true;
}

bool ds_duration_parse(const char *text, int64_t *seconds, ds_error *err) {
	if (text == NULL) {
		return ds_error_set(err, "no duration given; " DURATION_EXPECTED);
	}
	size_t len = strlen(text);
	char reason[REASON_MAX];
	int64_t value = 0;
	if (!parse_span(text, len, &value, reason, sizeof reason)) {
		return ds_error_set(err, "invalid duration '%.*s%s': %s; " DURATION_EXPECTED,
		                    ds_quote_len(len), text, ds_quote_cut(len), reason);
	}
	*seconds = value;
	return true;
}

static bool range_error(ds_error *err, const char *text, const char *reason) {
	size_t len = strlen(text);
	return ds_error_set(err, "invalid duration range '%.*s%s': %s; " DURATION_RANGE_EXPECTED,
	                    ds_quote_len(len), text, ds_quote_cut(len), reason);
}

/* One end of a duration range; the empty and "~" cases are the caller's. */
static bool range_endpoint(const char *text, const char *begin, size_t len, double *value,
                           ds_error *err) {
	char reason[REASON_MAX];
	int64_t seconds = 0;
	if (!parse_span(begin, len, &seconds, reason, sizeof reason)) {
		char detail[REASON_MAX + DS_QUOTE_MAX + 16];
		if (snprintf(detail, sizeof detail, "in '%.*s%s', %s", ds_quote_len(len), begin,
		             ds_quote_cut(len), reason) < 0) {
			detail[0] = '\0';
		}
		return range_error(err, text, detail);
	}
	*value = (double)seconds;
	return true;
}

/* Splits and reads the ends exactly as ds_range_parse does ("" start = 0, "~" start
 * = minus infinity, "" end = plus infinity, no ':' = 0:end); ds_range_make then
 * applies the one set of range rules. */
bool ds_duration_range_parse(const char *text, ds_range *out, ds_error *err) {
	if (text == NULL) {
		return ds_error_set(err, "no duration range given; " DURATION_RANGE_EXPECTED);
	}
	bool inside = text[0] == '@';
	const char *body = inside ? text + 1 : text;
	const char *colon = strchr(body, ':');
	if (colon != NULL && strchr(colon + 1, ':') != NULL) {
		return range_error(err, text, "there is more than one ':'");
	}
	const char *end_text = colon != NULL ? colon + 1 : body;
	size_t start_len = colon != NULL ? (size_t)(colon - body) : 0;
	size_t end_len = strlen(end_text);
	if (start_len == 0 && end_len == 0) {
		return range_error(err, text,
		                   colon != NULL ? "':' needs a duration on at least one side"
		                                 : "there is no duration");
	}
	bool start_infinite = start_len == 1 && body[0] == '~';
	bool end_is_tilde = end_len == 1 && end_text[0] == '~';
	if (colon == NULL && end_is_tilde) {
		return range_error(err, text, "'~' (minus infinity) must be followed by ':', e.g. ~:2h");
	}
	if (end_is_tilde) {
		return range_error(err, text,
		                   "'~' (minus infinity) can only be the start; leave the end empty for "
		                   "plus infinity, e.g. 1h:");
	}
	double start = 0;
	if (start_len > 0 && !start_infinite && !range_endpoint(text, body, start_len, &start, err)) {
		return false;
	}
	bool end_infinite = end_len == 0;
	double end = 0;
	if (!end_infinite && !range_endpoint(text, end_text, end_len, &end, err)) {
		return false;
	}
	if (!ds_range_make(start, start_infinite, end, end_infinite, inside, out, err)) {
		size_t len = strlen(text);
		return ds_error_prefix(err, "invalid duration range '%.*s%s': ", ds_quote_len(len), text,
		                       ds_quote_cut(len));
	}
	return true;
}

bool ds_duration_format(int64_t seconds, char *buf, size_t size) {
	static const struct {
		const char *suffix;
		uint64_t seconds;
	} units[] = {{"d", 86400}, {"h", 3600}, {"m", 60}, {"s", 1}};
	const size_t last = sizeof units / sizeof units[0] - 1;
	/* Via seconds + 1 so that INT64_MIN has a magnitude too. */
	uint64_t magnitude = seconds < 0 ? (uint64_t)(-(seconds + 1)) + 1 : (uint64_t)seconds;
	const char *sign = seconds < 0 ? "-" : "";
	size_t major = last;
	for (size_t i = 0; i < last; i++) {
		if (magnitude >= units[i].seconds) {
			major = i;
			break;
		}
	}
	uint64_t major_count = magnitude / units[major].seconds;
	uint64_t minor_count =
	    major == last ? 0 : magnitude % units[major].seconds / units[major + 1].seconds;
	int written = -1;
	if (minor_count == 0) {
		written = snprintf(buf, size, "%s%" PRIu64 "%s", sign, major_count, units[major].suffix);
	} else {
		written = snprintf(buf, size, "%s%" PRIu64 "%s%" PRIu64 "%s", sign, major_count,
		                   units[major].suffix, minor_count, units[major + 1].suffix);
	}
	return written >= 0 && (size_t)written < size;
}

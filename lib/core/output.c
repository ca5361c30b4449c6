/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (C) 2026 The dirsync-plugins developers */
#include "core/output.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/text.h"

void ds_verdict_init(ds_verdict *verdict, const char *check) {
	memset(verdict, 0, sizeof *verdict);
	(void)snprintf(verdict->check, sizeof verdict->check, "%s", check);
	verdict->state = DS_UNKNOWN;
	(void)snprintf(verdict->summary, sizeof verdict->summary, "no verdict was reached");
}

#define REPLACEMENT "\xEF\xBF\xBD" /* U+FFFD */

/* Code points that must not reach the monitoring core, its web pages or a terminal: C0
 * and DEL (escape sequences, the bell), C1 (NEL ends a line for some readers, CSI starts
 * an escape sequence), the line and paragraph separators, and the bidirectional controls
 * (Unicode's Bidi_Control), which reorder what an operator reads. */
static bool is_control(unsigned long c) {
	return c < 0x20 || (c >= 0x7F && c <= 0x9F) || c == 0x061C || c == 0x200E || c == 0x200F ||
	       (c >= 0x2028 && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069);
}

/* in[0..len) as the output may carry it, into out (3 * len + 1 bytes at least): valid
 * UTF-8 (a byte that starts no character becomes U+FFFD), line breaks and tabs as
 * blanks, other controls as U+FFFD, '|' as '/' (the core would take what follows it
 * for perfdata). Returns the length. */
static size_t clean(const char *in, size_t len, char *out) {
	size_t o = 0;
	size_t i = 0;
	while (i < len) {
		unsigned long c = 0;
		size_t n = ds_utf8_decode(in + i, len - i, &c);
		if (n == 0) {
			memcpy(out + o, REPLACEMENT, 3);
			o += 3;
			i++;
			continue;
		}
		if (c == '|') {
			out[o++] = '/';
		} else if (c == '\n' || c == '\r' || c == '\t') {
			out[o++] = ' ';
		} else if (is_control(c)) {
			memcpy(out + o, REPLACEMENT, 3);
			o += 3;
		} else {
			memcpy(out + o, in + i, n);
			o += n;
		}
		i += n;
	}
	out[o] = '\0';
	return o;
}

/* Formats into field (size bytes, at most DS_DETAILS_MAX) the text made clean, cut at a
 * character boundary. Returns its length. */
static size_t put_clean(char *field, size_t size, const char *fmt, va_list ap) DS_PRINTF(3, 0);
static size_t put_clean(char *field, size_t size, const char *fmt, va_list ap) {
	/* Cleaning turns a byte into one to three, so a field of size bytes is filled from
	 * its first size - 1 bytes of raw text; the few more formatted here keep a character
	 * that vsnprintf cut at the end of raw (then U+FFFD) beyond the field's cut. On the
	 * heap: a long-output line may be as long as the long output. */
	if (size == 0) {
		return 0;
	}
	size_t raw_size = size + 8;
	char *raw = malloc(raw_size);
	char *cleaned = malloc(3 * raw_size);
	size_t len = 0;
	if (raw != NULL && cleaned != NULL && vsnprintf(raw, raw_size, fmt, ap) >= 0) {
		len = clean(raw, strlen(raw), cleaned);
		len = ds_utf8_cut(cleaned, len, size - 1);
		memcpy(field, cleaned, len);
	}
	field[len] = '\0';
	free(raw);
	free(cleaned);
	return len;
}

void ds_verdict_set(ds_verdict *verdict, ds_state state, const char *fmt, ...) {
	va_list ap;
	va_start(ap, fmt);
	(void)put_clean(verdict->summary, sizeof verdict->summary, fmt, ap);
	va_end(ap);
	verdict->state = state;
}

void ds_verdict_detail(ds_verdict *verdict, const char *fmt, ...) {
	size_t room = sizeof verdict->details - verdict->details_len;
	/* One byte stays free for the newline that ends the line. */
	if (room < 3) {
		return;
	}
	char *line = verdict->details + verdict->details_len;
	va_list ap;
	va_start(ap, fmt);
	size_t len = put_clean(line, room - 1, fmt, ap);
	va_end(ap);
	line[len] = '\n';
	line[len + 1] = '\0';
	verdict->details_len += len + 1;
}

ds_perfdata ds_perfdata_make(const char *label, double value, const char *uom,
                             const ds_thresholds *thresholds) {
	ds_perfdata perf;
	memset(&perf, 0, sizeof perf);
	(void)snprintf(perf.label, sizeof perf.label, "%s", label);
	(void)snprintf(perf.uom, sizeof perf.uom, "%s", uom != NULL ? uom : "");
	perf.value = value;
	if (thresholds != NULL) {
		perf.has_warning = thresholds->has_warning;
		perf.warning = thresholds->warning;
		perf.has_critical = thresholds->has_critical;
		perf.critical = thresholds->critical;
	}
	return perf;
}

bool ds_verdict_add_perf(ds_verdict *verdict, const ds_perfdata *perf) {
	if (verdict->perf_count >= DS_PERF_MAX) {
		return false;
	}
	verdict->perf[verdict->perf_count++] = *perf;
	return true;
}

static bool label_needs_quotes(const char *label) {
	return strpbrk(label, " '=\"") != NULL;
}

static void put_label(ds_writer *w, const char *label) {
	if (!label_needs_quotes(label)) {
		ds_writer_put(w, "%s", label);
		return;
	}
	ds_writer_put(w, "'");
	for (const char *p = label; *p != '\0'; p++) {
		/* The guidelines escape a quote by doubling it; '=' can't be escaped. */
		if (*p == '\'') {
			ds_writer_put(w, "''");
		} else if (*p == '=') {
			ds_writer_put(w, "_");
		} else {
			ds_writer_put(w, "%c", *p);
		}
	}
	ds_writer_put(w, "'");
}

static void put_number(ds_writer *w, double value) {
	if (!isfinite(value)) {
		ds_writer_put(w, "U");
		return;
	}
	ds_writer_put(w, "%.12g", value);
}

static void put_range(ds_writer *w, bool present, const ds_range *range) {
	ds_writer_put(w, ";");
	if (!present) {
		return;
	}
	char text[96];
	if (ds_range_format(range, text, sizeof text)) {
		ds_writer_put(w, "%s", text);
	}
}

static void put_perfdata(ds_writer *w, const ds_perfdata *perf) {
	put_label(w, perf->label);
	ds_writer_put(w, "=");
	put_number(w, perf->value);
	if (isfinite(perf->value)) {
		ds_writer_put(w, "%s", perf->uom);
	}
	/* Trailing empty fields are dropped, so write a field only when a later one exists. */
	int last = perf->has_max        ? 4
	           : perf->has_min      ? 3
	           : perf->has_critical ? 2
	           : perf->has_warning  ? 1
	                                : 0;
	if (last >= 1) {
		put_range(w, perf->has_warning, &perf->warning);
	}
	if (last >= 2) {
		put_range(w, perf->has_critical, &perf->critical);
	}
	if (last >= 3) {
		ds_writer_put(w, ";");
		if (perf->has_min) {
			put_number(w, perf->min);
		}
	}
	if (last >= 4) {
		ds_writer_put(w, ";");
		put_number(w, perf->max);
	}
}

bool ds_perfdata_format(const ds_perfdata *perf, char *buf, size_t size) {
	if (size == 0) {
		return false;
	}
	ds_writer w = {.buf = buf, .size = size, .len = 0, .truncated = false};
	buf[0] = '\0';
	put_perfdata(&w, perf);
	return !w.truncated;
}

bool ds_verdict_format(const ds_verdict *verdict, char *buf, size_t size) {
	if (size == 0) {
		return false;
	}
	ds_writer w = {.buf = buf, .size = size, .len = 0, .truncated = false};
	buf[0] = '\0';
	ds_writer_put(&w, "DIRSYNC %s %s - %s", verdict->check, ds_state_name(verdict->state),
	              verdict->summary);
	for (size_t i = 0; i < verdict->perf_count; i++) {
		ds_writer_put(&w, i == 0 ? " | " : " ");
		put_perfdata(&w, &verdict->perf[i]);
	}
	ds_writer_put(&w, "\n%s", verdict->details);
	return !w.truncated;
}

int ds_verdict_emit(const ds_verdict *verdict) {
	char text[DS_SUMMARY_MAX + DS_DETAILS_MAX + DS_PERF_MAX * 160 + 64];
	(void)ds_verdict_format(verdict, text, sizeof text);
	(void)fputs(text, stdout);
	if (fflush(stdout) != 0) {
		return DS_UNKNOWN;
	}
	return (int)verdict->state;
}

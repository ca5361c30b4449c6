/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (C) 2026 The dirsync-plugins developers */
#include "core/output.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "core/text.h"

void ds_verdict_init(ds_verdict *verdict, const char *check) {
	memset(verdict, 0, sizeof *verdict);
	(void)snprintf(verdict->check, sizeof verdict->check, "%s", check);
	verdict->state = DS_UNKNOWN;
	(void)snprintf(verdict->summary, sizeof verdict->summary, "no verdict was reached");
}

/* Output text must not end the summary early or start perfdata. */
static void sanitize(char *text) {
	for (char *p = text; *p != '\0'; p++) {
		if (*p == '|') {
			*p = '/';
		} else if (*p == '\n' || *p == '\r' || *p == '\t') {
			*p = ' ';
		}
	}
}

void ds_verdict_set(ds_verdict *verdict, ds_state state, const char *fmt, ...) {
	va_list ap;
	va_start(ap, fmt);
	int written = vsnprintf(verdict->summary, sizeof verdict->summary, fmt, ap);
	va_end(ap);
	if (written < 0) {
		verdict->summary[0] = '\0';
	}
	sanitize(verdict->summary);
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
	int written = vsnprintf(line, room - 1, fmt, ap);
	va_end(ap);
	if (written < 0) {
		line[0] = '\0';
		return;
	}
	sanitize(line);
	size_t len = strlen(line);
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

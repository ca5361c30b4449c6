/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (C) 2026 The dirsync-plugins developers */
/* A verdict (state, one summary, long-output lines, perfdata) and its text in the
 * plugin contract: "DIRSYNC <CHECK> <STATE> - <summary> | <perfdata>" then details. */
#ifndef DIRSYNC_CORE_OUTPUT_H
#define DIRSYNC_CORE_OUTPUT_H

#include <stdbool.h>
#include <stddef.h>

#include "core/error.h"
#include "core/range.h"
#include "core/states.h"

#define DS_SUMMARY_MAX 240
/* The long output: what NRPE 3 carries in one answer (64 KiB) less the first line and the
 * perfdata. Nagios 3 and NRPE 2 read less and cut the rest, which is why each check puts
 * what matters first. */
#define DS_DETAILS_MAX (60 * 1024)
#define DS_PERF_MAX    8
#define DS_LABEL_MAX   48
#define DS_UOM_MAX     4

typedef struct ds_perfdata {
	char label[DS_LABEL_MAX];
	double value;
	char uom[DS_UOM_MAX]; /* "", "s", "ms", "%", "B", "c", ... */
	bool has_warning;
	ds_range warning;
	bool has_critical;
	ds_range critical;
	bool has_min;
	double min;
	bool has_max;
	double max;
} ds_perfdata;

typedef struct ds_verdict {
	char check[16]; /* "OS", "AGE", "VERSION", "EVENT" */
	ds_state state;
	char summary[DS_SUMMARY_MAX];
	char details[DS_DETAILS_MAX]; /* lines, each ending in '\n' */
	size_t details_len;
	ds_perfdata perf[DS_PERF_MAX];
	size_t perf_count;
} ds_verdict;

void ds_verdict_init(ds_verdict *verdict, const char *check);

/* Sets state and summary. This layer is the one place that makes outside text safe to
 * print: the text becomes valid UTF-8 (a byte that starts no character becomes U+FFFD),
 * line breaks and tabs become blanks, other controls (C0, DEL, C1, the line and
 * paragraph separators, bidirectional controls) U+FFFD, '|' becomes '/'; text that does
 * not fit is cut between characters, never overflows. */
void ds_verdict_set(ds_verdict *verdict, ds_state state, const char *fmt, ...) DS_PRINTF(3, 4);

/* Appends one long-output line, made safe and cut as ds_verdict_set does. */
void ds_verdict_detail(ds_verdict *verdict, const char *fmt, ...) DS_PRINTF(2, 3);

/* Perfdata for a value with the thresholds it was judged by. */
ds_perfdata ds_perfdata_make(const char *label, double value, const char *uom,
                             const ds_thresholds *thresholds);
bool ds_verdict_add_perf(ds_verdict *verdict, const ds_perfdata *perf);

/* "'label'=value[UOM];[warn];[crit];[min];[max]" with the label quoted only when it
 * needs to be, numbers in the C locale, trailing empty fields dropped. */
bool ds_perfdata_format(const ds_perfdata *perf, char *buf, size_t size);

/* The whole plugin output, ending in '\n'. '|' in texts becomes '/', because the core
 * would take what follows it for perfdata. Returns false if buf is too small (the
 * text is then cut but still terminated). */
bool ds_verdict_format(const ds_verdict *verdict, char *buf, size_t size);

/* Writes the verdict to stdout and returns the exit code for it. */
int ds_verdict_emit(const ds_verdict *verdict);

#endif

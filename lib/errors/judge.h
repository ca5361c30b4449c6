/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (C) 2026 The dirsync-plugins developers */
/* Judges the objects the cloud refuses to sync. */
#ifndef DIRSYNC_ERRORS_JUDGE_H
#define DIRSYNC_ERRORS_JUDGE_H

#include <stdbool.h>
#include <stddef.h>

#include "core/output.h"
#include "core/range.h"
#include "errors/facts.h"

/* Any object in error is WARNING; nothing is CRITICAL unless -c says so. */
#define DS_ERRORS_DEFAULT_WARNING "0"
/* Objects kept for the long output: without -v, and with -v (then "and N more"). */
#define DS_ERRORS_LIST_DEFAULT 20
#define DS_ERRORS_LIST_VERBOSE 1000

typedef struct ds_errors_policy {
	ds_thresholds thresholds;    /* on the number of objects in error */
	size_t list_max;             /* objects listed in the long output */
	bool types[DS_OBJECT_TYPES]; /* the types that were read */
} ds_errors_policy;

/* Fills verdict (check "ERRORS") from a complete scan: state by the thresholds on the
 * number of objects in error; the summary names the first; the long output lists up
 * to list_max (as many as it holds); perfdata errors=<n>;<warn>;<crit>;0 and one count
 * per type read. */
void ds_errors_judge(const ds_errors_scan *scan, const ds_errors_policy *policy,
                     ds_verdict *verdict);

/* "2 users, 1 group" for the types with objects in error; "" when there are none. */
void ds_errors_breakdown(const ds_errors_scan *scan, char *buf, size_t size);

#endif

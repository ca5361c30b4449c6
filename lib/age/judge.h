/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (C) 2026 The dirsync-plugins developers */
/* Judges how long ago the tenant last synced. */
#ifndef DIRSYNC_AGE_JUDGE_H
#define DIRSYNC_AGE_JUDGE_H

#include <stdint.h>

#include "age/facts.h"
#include "core/output.h"
#include "core/range.h"

#define DS_AGE_DEFAULT_WARNING  "1h"
#define DS_AGE_DEFAULT_CRITICAL "3h"
/* How far Graph's time may be ahead of this server's clock and still count as age 0;
 * further ahead is UNKNOWN (a clock far off, or a wrong time from Graph). */
#define DS_AGE_CLOCK_SKEW_MAX 300

typedef struct ds_age_policy {
	ds_thresholds thresholds; /* on the age in seconds */
	ds_state disabled_state;  /* when onPremisesSyncEnabled is false */
	int64_t now;
} ds_age_policy;

/* Fills verdict (check "AGE"): state, summary, details and the sync_age perfdata. */
void ds_age_judge(const ds_org_sync *facts, const ds_age_policy *policy, ds_verdict *verdict);

#endif

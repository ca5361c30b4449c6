/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (C) 2026 The dirsync-plugins developers */
#include "age/judge.h"

#include <stdbool.h>
#include <stdio.h>

#include "core/duration.h"
#include "core/timestamp.h"

typedef struct moment {
	const char *what; /* "sync", "password sync" */
	int64_t when;
	int64_t age; /* never negative */
	char ago[32];
	char utc[40];
} moment;

static moment moment_of(const char *what, int64_t when, int64_t now) {
	moment m = {.what = what, .when = when, .age = now - when};
	if (m.age < 0) {
		m.age = 0;
	}
	if (!ds_duration_format(m.age, m.ago, sizeof m.ago)) {
		m.ago[0] = '\0';
	}
	if (!ds_timestamp_format_utc(when, m.utc, sizeof m.utc)) {
		m.utc[0] = '\0';
	}
	return m;
}

/* Up to DS_AGE_CLOCK_SKEW_MAX ahead is the two clocks disagreeing a little: the age counts
 * as 0 and a detail says so. */
static void note_clock_skew(const moment *m, int64_t now, ds_verdict *verdict) {
	if (m->when > now) {
		char ahead[32];
		if (!ds_duration_format(m->when - now, ahead, sizeof ahead)) {
			ahead[0] = '\0';
		}
		ds_verdict_detail(verdict,
		                  "the last %s time is %s in the future: check this server's clock (NTP); "
		                  "the age is counted as 0",
		                  m->what, ahead);
	}
}

/* Further ahead, either this server's clock is far behind or Graph's time is wrong;
 * judging it as "synced 0 s ago" would hide a sync that stopped, so the run is UNKNOWN.
 * True when it set the verdict. */
static bool too_far_ahead(const moment *m, int64_t now, ds_verdict *verdict) {
	if (m->when <= now || m->when - now <= DS_AGE_CLOCK_SKEW_MAX) {
		return false;
	}
	char ahead[32];
	if (!ds_duration_format(m->when - now, ahead, sizeof ahead)) {
		ahead[0] = '\0';
	}
	ds_verdict_set(verdict, DS_UNKNOWN,
	               "Graph's last %s time %s is %s in the future: check this server's clock "
	               "(NTP); if it is right, Graph's time is wrong and the age cannot be judged",
	               m->what, m->utc, ahead);
	return true;
}

static void add_age_perf(ds_verdict *verdict, const char *label, int64_t age,
                         const ds_thresholds *thresholds) {
	ds_perfdata perf = ds_perfdata_make(label, (double)age, "s", thresholds);
	perf.has_min = true;
	perf.min = 0;
	(void)ds_verdict_add_perf(verdict, &perf);
}

void ds_age_judge(const ds_org_sync *facts, const ds_age_policy *policy, ds_verdict *verdict) {
	if (!facts->has_last_sync) {
		ds_verdict_set(verdict, DS_UNKNOWN,
		               "Graph reports no last sync time: the app lacks the application "
		               "permission Organization.Read.All with admin consent, or this tenant "
		               "has never synced");
		ds_verdict_detail(verdict, "onPremisesSyncEnabled is %s",
		                  facts->sync_enabled == DS_TRUE    ? "true"
		                  : facts->sync_enabled == DS_FALSE ? "false"
		                                                    : "null");
		return;
	}
	moment sync = moment_of("sync", facts->last_sync, policy->now);
	if (too_far_ahead(&sync, policy->now, verdict)) {
		return;
	}
	if (facts->password_sync_asked && facts->has_password_sync) {
		moment password = moment_of("password sync", facts->password_sync, policy->now);
		if (too_far_ahead(&password, policy->now, verdict)) {
			return;
		}
	}
	note_clock_skew(&sync, policy->now, verdict);
	add_age_perf(verdict, "sync_age", sync.age, &policy->thresholds);

	if (facts->sync_enabled == DS_FALSE) {
		ds_verdict_set(verdict, policy->disabled_state,
		               "directory sync is turned off for this tenant (onPremisesSyncEnabled is "
		               "false); last sync %s ago (%s)",
		               sync.ago, sync.utc);
		return;
	}
	/* The older of the two times decides, so a stalled password hash sync is seen. */
	moment judged = sync;
	bool password_decides = false;
	if (facts->password_sync_asked) {
		if (facts->has_password_sync) {
			moment password = moment_of("password sync", facts->password_sync, policy->now);
			note_clock_skew(&password, policy->now, verdict);
			add_age_perf(verdict, "password_sync_age", password.age, &policy->thresholds);
			ds_verdict_detail(verdict, "last password hash sync %s ago (%s)", password.ago,
			                  password.utc);
			if (password.age > sync.age) {
				judged = password;
				password_decides = true;
			}
		} else {
			ds_verdict_detail(verdict, "Graph reports no password hash sync time: password hash "
			                           "sync may be off for this tenant; only the directory sync "
			                           "is judged");
		}
	}
	ds_state state = ds_thresholds_judge(&policy->thresholds, (double)judged.age);
	if (!password_decides) {
		ds_verdict_set(verdict, state, "last sync %s ago (%s)", sync.ago, sync.utc);
	} else {
		ds_verdict_set(verdict, state, "last password sync %s ago (%s); last sync %s ago",
		               judged.ago, judged.utc, sync.ago);
	}
	ds_verdict_detail(verdict, "last directory sync %s ago (%s)", sync.ago, sync.utc);
}

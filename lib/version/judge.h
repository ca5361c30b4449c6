/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (C) 2026 The dirsync-plugins developers */
/* Judges an installed sync tool build against the release table. */
#ifndef DIRSYNC_VERSION_JUDGE_H
#define DIRSYNC_VERSION_JUDGE_H

#include <stdbool.h>
#include <stdint.h>

#include "core/output.h"
#include "version/releases.h"
#include "version/version.h"

typedef struct ds_version_policy {
	unsigned warning_days;  /* WARNING when fewer days of support are left */
	unsigned critical_days; /* CRITICAL when fewer are left (0: already retired) */
	int64_t now;
} ds_version_policy;

typedef struct ds_version_facts {
	bool has_version;
	ds_version version;
	bool dirsync_without_version; /* DirSync is installed but its build was not found */
	char source[300];             /* where the version came from (long output) */
	char server[128];             /* sync server name when known (Graph), else "" */
} ds_version_facts;

/* Fills verdict (check "VERSION"). Always CRITICAL for DirSync, Azure AD Sync, Connect
 * 1.x and builds below the minimum syncing build; otherwise by days of support left. */
void ds_version_judge(const ds_version_facts *facts, const ds_release_table *table,
                      const ds_version_policy *policy, ds_verdict *verdict);

#endif

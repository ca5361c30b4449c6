/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (C) 2026 The dirsync-plugins developers */
/* Judges OS facts: is this a host that can run Microsoft Entra Connect Sync? */
#ifndef DIRSYNC_OS_JUDGE_H
#define DIRSYNC_OS_JUDGE_H

#include <stdbool.h>
#include <stdint.h>

#include "core/lifecycle.h"
#include "os/facts.h"
#include "core/output.h"
#include "os/winserver.h"

typedef struct ds_os_policy {
	bool arch_only;         /* judge only the 64-bit condition */
	unsigned warning_days;  /* WARNING when fewer days of extended support are left
	                         * (default DS_LIFECYCLE_DEFAULT_WARNING_DAYS, as for the tool) */
	unsigned critical_days; /* CRITICAL when fewer days are left (0: already ended) */
	int64_t now;            /* epoch seconds */
} ds_os_policy;

ds_os_policy ds_os_policy_default(int64_t now);

/* Fills verdict (check "OS"). table is only consulted for Windows facts. */
void ds_os_judge(const ds_os_facts *facts, const ds_winserver_table *table,
                 const ds_os_policy *policy, ds_verdict *verdict);

#endif

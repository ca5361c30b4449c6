/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (C) 2026 The dirsync-plugins developers */
/* What the cloud says about a tenant's directory sync (Graph's organization resource). */
#ifndef DIRSYNC_AGE_FACTS_H
#define DIRSYNC_AGE_FACTS_H

#include <stdbool.h>
#include <stdint.h>

typedef enum ds_tristate {
	DS_NULL = 0, /* null or absent */
	DS_TRUE,
	DS_FALSE,
} ds_tristate;

typedef struct ds_org_sync {
	ds_tristate sync_enabled; /* onPremisesSyncEnabled */
	bool has_last_sync;       /* onPremisesLastSyncDateTime is not null */
	int64_t last_sync;
	bool password_sync_asked; /* onPremisesLastPasswordSyncDateTime was requested (beta) */
	bool has_password_sync;   /* ... and is not null */
	int64_t password_sync;
} ds_org_sync;

#endif

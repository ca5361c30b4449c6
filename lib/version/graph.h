/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (C) 2026 The dirsync-plugins developers */
/* Graph beta's directory/onPremisesSynchronization: which sync client build the cloud
 * last saw, and on which server. */
#ifndef DIRSYNC_VERSION_GRAPH_H
#define DIRSYNC_VERSION_GRAPH_H

#include <stdbool.h>
#include <stddef.h>

#include "core/error.h"

#define DS_DIRECTORY_SYNC_PATH "/beta/directory/onPremisesSynchronization"

typedef struct ds_sync_client {
	bool has_version; /* synchronizationClientVersion is not null */
	char version[64];
	char server[128]; /* currentExportData.clientMachineName, "" when absent */
} ds_sync_client;

/* Parses a 200 answer: {"value":[{...}]} or the bare object. */
bool ds_directory_sync_parse(const char *body, size_t len, ds_sync_client *out, ds_error *err);

#endif

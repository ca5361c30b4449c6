/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (C) 2026 The dirsync-plugins developers */
/* Microsoft's clouds: where each one's identity platform and Graph live. */
#ifndef DIRSYNC_CLOUD_CLOUDS_H
#define DIRSYNC_CLOUD_CLOUDS_H

#include <stdbool.h>

#include "core/error.h"

typedef struct ds_cloud {
	const char *name;      /* "global", "usgov", "usgovdod", "china" */
	const char *authority; /* identity platform host URL */
	const char *graph;     /* Graph root URL */
} ds_cloud;

bool ds_cloud_find(const char *name, const ds_cloud **out, ds_error *err);

#endif

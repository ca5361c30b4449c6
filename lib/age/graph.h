/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (C) 2026 The dirsync-plugins developers */
/* The organization resource of Microsoft Graph: when did the tenant last sync? */
#ifndef DIRSYNC_AGE_GRAPH_H
#define DIRSYNC_AGE_GRAPH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/error.h"
#include "age/facts.h"

/* The request path and query below the Graph root. */
const char *ds_graph_organization_path(bool password_sync);

/* Parses a 200 answer: {"value":[{...}]} or the bare object. The properties must be
 * null or of their documented types; anything else is an error naming the property. */
bool ds_graph_parse_organization(const char *body, size_t len, bool password_sync, ds_org_sync *out,
                                 ds_error *err);

#endif

/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (C) 2026 The dirsync-plugins developers */
/* Reading users, groups and organizational contacts page by page from Microsoft Graph
 * and keeping only what a verdict needs from each page. */
#ifndef DIRSYNC_ERRORS_GRAPH_H
#define DIRSYNC_ERRORS_GRAPH_H

#include <stdbool.h>
#include <stddef.h>

#include "core/error.h"
#include "errors/facts.h"

/* The largest page Graph serves for these lists. */
#define DS_ERRORS_PAGE_SIZE 999
/* A nextLink longer than this is refused (Graph's skip tokens are a few hundred bytes). */
#define DS_ERRORS_LINK_MAX 1024

/* The first request below the Graph root: v1.0, only the properties the check needs,
 * the largest page. */
const char *ds_errors_first_path(ds_object_type type);

/* The permission to grant when Graph refuses the list of type (403). */
const char *ds_errors_permission(ds_object_type type);

/* Parses one 200 page ({"value":[...], "@odata.nextLink": "..."}): counts the objects of
 * type and those with onPremisesProvisioningErrors, keeps the first of them in
 * scan->kept. next_link is the page's @odata.nextLink, "" on the last page. Anything
 * not of the documented shape is an error naming the property. */
bool ds_errors_parse_page(const char *body, size_t len, ds_object_type type, ds_errors_scan *scan,
                          char *next_link, size_t next_size, ds_error *err);

/* The path and query to ask below graph_root for next_link, which must be on the same
 * scheme, host and port as graph_root and under its path: the bearer token is never
 * sent anywhere else. */
bool ds_errors_next_path(const char *graph_root, const char *next_link, char *path, size_t size,
                         ds_error *err);

#endif

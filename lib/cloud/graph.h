/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (C) 2026 The dirsync-plugins developers */
/* Asking Microsoft Graph: one GET with the bearer token, throttling retried within the
 * deadline, and a sentence for every answer that is not 200. */
#ifndef DIRSYNC_CLOUD_GRAPH_H
#define DIRSYNC_CLOUD_GRAPH_H

#include <stdbool.h>
#include <stddef.h>

#include "cloud/http.h"
#include "core/deadline.h"
#include "core/error.h"

/* A sentence for a Graph answer that is not 200, from its status and error.code,
 * naming the fix (permission names what to grant for a 403, the token for 401, ...);
 * retry_clause ends the one for 429 and 503 (ds_http_retry_clause). */
void ds_graph_error(long status, const char *body, size_t len, const char *content_type,
                    const char *host, const char *retry_clause, const char *permission,
                    ds_error *err);

/* The outcome of asking Graph, so that a refused cached token can be retried. */
typedef enum ds_graph_result {
	DS_GRAPH_OK,
	DS_GRAPH_FAILED,
	DS_GRAPH_TOKEN_REFUSED, /* 401: a fresh token may help */
} ds_graph_result;

/* GET <graph_root><path> with the bearer token. DS_GRAPH_OK leaves a 200 JSON answer in
 * response (the caller frees it); anything else is a sentence in err. Throttling is
 * retried within the deadline; permission is named when Graph answers 403. */
ds_graph_result ds_graph_get(ds_http *http, const char *graph_root, const char *path,
                             const char *token, const char *permission, const ds_deadline *deadline,
                             ds_http_response *response, ds_error *err);

#endif

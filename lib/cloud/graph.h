/* The organization resource of Microsoft Graph: when did the tenant last sync? */
#ifndef DIRSYNC_CLOUD_GRAPH_H
#define DIRSYNC_CLOUD_GRAPH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "error.h"
#include "org_sync.h"

/* The request path and query below the Graph root. */
const char *ds_graph_organization_path(bool password_sync);

/* Parses a 200 answer: {"value":[{...}]} or the bare object. The properties must be
 * null or of their documented types; anything else is an error naming the property. */
bool ds_graph_parse_organization(const char *body, size_t len, bool password_sync, ds_org_sync *out,
                                 ds_error *err);

/* A sentence for a Graph answer that is not 200, from its status and error.code,
 * naming the fix (permission names what to grant for a 403, the token for 401, ...). */
void ds_graph_error(long status, const char *body, size_t len, const char *content_type,
                    const char *host, double retry_after, const char *permission, ds_error *err);

#include "deadline.h"
#include "http.h"

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
                             ds_http_response *response, bool *timed_out, ds_error *err);

#endif

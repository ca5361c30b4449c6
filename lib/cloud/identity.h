/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (C) 2026 The dirsync-plugins developers */
/* Getting an access token for Microsoft Graph with any of the supported credentials,
 * through the shared token cache. */
#ifndef DIRSYNC_CLOUD_IDENTITY_H
#define DIRSYNC_CLOUD_IDENTITY_H

#include <stdbool.h>
#include <stdint.h>

#include "cloud/assertion.h"
#include "core/deadline.h"
#include "core/error.h"
#include "cloud/http.h"
#include "cloud/token_response.h"

/* A cached token is used until this many seconds before it expires. */
#define DS_TOKEN_REUSE_MARGIN 300

typedef enum ds_credential_kind {
	DS_CREDENTIAL_NONE = 0,
	DS_CREDENTIAL_SECRET,
	DS_CREDENTIAL_CERTIFICATE,
	DS_CREDENTIAL_FEDERATED,
	DS_CREDENTIAL_MANAGED_IDENTITY,
} ds_credential_kind;

typedef struct ds_identity_config {
	ds_credential_kind kind;
	const char *authority; /* "https://login.microsoftonline.com", no trailing slash */
	const char *tenant;
	const char *client_id;        /* for managed identity: the user-assigned id or NULL */
	const char *secret;           /* DS_CREDENTIAL_SECRET */
	const char *certificate_path; /* DS_CREDENTIAL_CERTIFICATE */
	ds_assertion_alg assertion_alg;
	const char *federated_token_file; /* DS_CREDENTIAL_FEDERATED */
	const char *imds_host;            /* "http://169.254.169.254" */
	const char *identity_endpoint;    /* App Service style (IDENTITY_ENDPOINT), or NULL */
	const char *identity_header;      /* IDENTITY_HEADER */
	const char *resource;             /* the Graph root, e.g. "https://graph.microsoft.com" */
	const char *cache_dir;            /* NULL: no cache */
} ds_identity_config;

/* Steps taken, for the long output at -v (never secrets). */
typedef struct ds_identity_trace {
	char source[160]; /* "token cache", "token endpoint https://...", "IMDS ..." */
	bool waited_for_lock;
	bool cache_unusable;
	char cache_note[200];
} ds_identity_trace;

/* A token from the cache when one is valid for more than DS_TOKEN_REUSE_MARGIN
 * seconds, else from the network (then cached). Concurrent runs with the same key
 * make one request. A cache that cannot be used is noted in trace, not an error. */
bool ds_identity_get_token(ds_http *http, const ds_identity_config *config,
                           const ds_deadline *deadline, ds_access_token *token,
                           ds_identity_trace *trace, ds_error *err);

/* Drops the cached token, e.g. after Graph refused it. */
void ds_identity_forget_token(const ds_identity_config *config);

/* IDENTITY_ENDPOINT or AZURE_POD_IDENTITY_AUTHORITY_HOST (variable names it in the
 * sentence): https, or plain http only to loopback (127.0.0.0/8, ::1, localhost) or to
 * the link-local 169.254.169.254; anything else is an error. */
bool ds_identity_check_endpoint(const char *variable, const char *url, ds_error *err);

/* True, with a note naming path and the fix, when the secret or key file path can be
 * read by others: its mode gives group or others any access, or another user owns it.
 * A file that cannot be examined gives false (reading it reports that). */
bool ds_credential_file_exposed(const char *path, char *note, size_t size);

#endif

/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (C) 2026 The dirsync-plugins developers */
/* One run's way to Microsoft Graph: the credential, tenant and endpoints resolved from
 * what the user gave and, where nothing was given, the Azure SDK environment variables;
 * then authenticated Graph requests with the token cache, a refused cached token
 * replaced once. */
#ifndef DIRSYNC_CLOUD_SESSION_H
#define DIRSYNC_CLOUD_SESSION_H

#include <stdbool.h>

#include "cloud/http.h"
#include "cloud/identity.h"
#include "core/deadline.h"
#include "core/error.h"
#include "core/output.h"

/* What the user gave (options, extra-opts); NULL where nothing was. */
typedef struct ds_cloud_settings {
	const char *tenant;
	const char *client_id;
	const char *secret_file;
	const char *secret_argument;
	const char *certificate;
	ds_assertion_alg assertion_alg;
	const char *federated_token_file;
	bool managed_identity;
	const char *managed_identity_client_id;
	const char *cloud;
	const char *authority;
	const char *graph_url;
	const char *ca_file;
	const char *proxy;
	const char *token_cache; /* NULL: the default directory; "none": off */
	/* Reads an environment variable; NULL reads the process's (getenv). */
	const char *(*environment)(const char *name);
} ds_cloud_settings;

/* The resolved setup and the open connection of one run. */
typedef struct ds_cloud_session {
	ds_identity_config identity;
	char *secret; /* owned, wiped by ds_cloud_close */
	const char *secret_origin;
	char authority[512];
	char graph[512];
	char cache_dir[1024];
	char cache_note[DS_ERROR_TEXT_MAX];
	char user_agent[128];
	ds_http http;
	bool http_ready;
} ds_cloud_session;

/* Picks the one credential (the settings first, then $AZURE_CLIENT_SECRET,
 * $AZURE_CLIENT_CERTIFICATE_PATH, $AZURE_FEDERATED_TOKEN_FILE), reads the secret file,
 * the tenant and app ($AZURE_TENANT_ID, $AZURE_CLIENT_ID), checks the endpoint URLs,
 * picks the cache directory and opens the connection. A failure is a usage error. */
bool ds_cloud_resolve(const ds_cloud_settings *settings, const char *user_agent,
                      ds_cloud_session *session, ds_error *err);

/* One GET below the Graph root with a token from the cache or the identity platform;
 * a cached token that Graph refuses is dropped and replaced once. On success response
 * holds the 200 JSON answer (the caller frees it). Steps are noted in verdict's long
 * output at verbosity >= 1. */
bool ds_cloud_graph_get(ds_cloud_session *session, const char *path, const char *permission,
                        const ds_deadline *deadline, unsigned verbosity, ds_verdict *verdict,
                        ds_http_response *response, ds_error *err);

/* Notes the credential and endpoints in the long output (-v, -vv), and a credential file
 * others may read at any verbosity; never secrets. */
void ds_cloud_describe(const ds_cloud_session *session, unsigned verbosity, ds_verdict *verdict);

void ds_cloud_close(ds_cloud_session *session);

#endif

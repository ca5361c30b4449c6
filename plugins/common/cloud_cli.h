/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (C) 2026 The dirsync-plugins developers */
/* What every check that asks Microsoft Graph shares: the tenant, credential, endpoint
 * and transport options, their resolution (command line, then extra-opts, then the
 * Azure SDK environment), and one authenticated Graph request with token caching. */
#ifndef DIRSYNC_PLUGINS_COMMON_CLOUD_CLI_H
#define DIRSYNC_PLUGINS_COMMON_CLOUD_CLI_H

#include <getopt.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>

#include "common/cloud_options.h"
#include "common/plugin.h"
#include "core/deadline.h"
#include "core/error.h"
#include "age/graph.h"
#include "cloud/graph.h"
#include "cloud/http.h"
#include "cloud/identity.h"
#include "core/output.h"

typedef struct ds_cloud_options {
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
} ds_cloud_options;

/* The resolved setup and the open connection of one run. */
typedef struct ds_cloud_session {
	ds_identity_config identity;
	char *secret; /* owned, wiped by ds_cloud_close */
	const char *secret_origin;
	char authority[512];
	char graph[512];
	char cache_dir[1024];
	char cache_note[DS_ERROR_TEXT_MAX];
	char user_agent[64];
	ds_http http;
	bool http_ready;
} ds_cloud_session;

/* Takes one of DS_CLOUD_LONG_OPTIONS; *taken is false for any other option. */
bool ds_cloud_option(int option, const char *value, ds_cloud_options *options, bool *taken,
                     ds_error *err);

/* Applies the environment, reads the secret file, checks URLs and picks the cache
 * directory. A failure is a usage error. */
bool ds_cloud_resolve(const ds_cloud_options *options, const char *progname,
                      ds_cloud_session *session, ds_error *err);

/* One GET below the Graph root with a token from the cache or the identity platform;
 * a cached token that Graph refuses is dropped and replaced once. On success response
 * holds the 200 JSON answer (the caller frees it). Steps are noted in verdict's long
 * output at verbosity >= 1. */
bool ds_cloud_graph_get(ds_cloud_session *session, const char *path, const char *permission,
                        const ds_deadline *deadline, unsigned verbosity, ds_verdict *verdict,
                        ds_http_response *response, bool *timed_out, ds_error *err);

/* Notes the credential and endpoints in the long output (-v, -vv); never secrets. */
void ds_cloud_describe(const ds_cloud_session *session, unsigned verbosity, ds_verdict *verdict);

void ds_cloud_close(ds_cloud_session *session);

/* The help text for these options. */
void ds_cloud_print_help(FILE *out);

#endif

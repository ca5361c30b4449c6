/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (C) 2026 The dirsync-plugins developers */
/* The names and numbers of the options of the checks that ask Microsoft Graph, apart from
 * the code behind them (cloud_cli.h), so that a build without the cloud library (the
 * Windows check_dirsync_version) still knows them and can say where to use them. */
#ifndef DIRSYNC_PLUGINS_COMMON_CLOUD_OPTIONS_H
#define DIRSYNC_PLUGINS_COMMON_CLOUD_OPTIONS_H

#include <getopt.h>
#include <stddef.h>

#include "common/plugin.h"

enum {
	DS_CLOUD_OPT_TENANT = DS_OPT_SHARED,
	DS_CLOUD_OPT_CLIENT_ID,
	DS_CLOUD_OPT_CLIENT_SECRET,
	DS_CLOUD_OPT_CLIENT_SECRET_FILE,
	DS_CLOUD_OPT_CERTIFICATE,
	DS_CLOUD_OPT_ASSERTION_ALG,
	DS_CLOUD_OPT_FEDERATED_TOKEN_FILE,
	DS_CLOUD_OPT_MANAGED_IDENTITY,
	DS_CLOUD_OPT_CLOUD,
	DS_CLOUD_OPT_AUTHORITY_HOST,
	DS_CLOUD_OPT_GRAPH_URL,
	DS_CLOUD_OPT_CA_FILE,
	DS_CLOUD_OPT_PROXY,
	DS_CLOUD_OPT_TOKEN_CACHE,
	DS_CLOUD_OPT_END /* below DS_OPT_PLUGIN */
};

#define DS_CLOUD_LONG_OPTIONS                                                                      \
	{"tenant", required_argument, NULL, DS_CLOUD_OPT_TENANT},                                      \
	    {"client-id", required_argument, NULL, DS_CLOUD_OPT_CLIENT_ID},                            \
	    {"client-secret", required_argument, NULL, DS_CLOUD_OPT_CLIENT_SECRET},                    \
	    {"client-secret-file", required_argument, NULL, DS_CLOUD_OPT_CLIENT_SECRET_FILE},          \
	    {"certificate", required_argument, NULL, DS_CLOUD_OPT_CERTIFICATE},                        \
	    {"assertion-alg", required_argument, NULL, DS_CLOUD_OPT_ASSERTION_ALG},                    \
	    {"federated-token-file", required_argument, NULL, DS_CLOUD_OPT_FEDERATED_TOKEN_FILE},      \
	    {"managed-identity", optional_argument, NULL, DS_CLOUD_OPT_MANAGED_IDENTITY},              \
	    {"cloud", required_argument, NULL, DS_CLOUD_OPT_CLOUD},                                    \
	    {"authority-host", required_argument, NULL, DS_CLOUD_OPT_AUTHORITY_HOST},                  \
	    {"graph-url", required_argument, NULL, DS_CLOUD_OPT_GRAPH_URL},                            \
	    {"ca-file", required_argument, NULL, DS_CLOUD_OPT_CA_FILE},                                \
	    {"proxy", required_argument, NULL, DS_CLOUD_OPT_PROXY}, {                                  \
		"token-cache", required_argument, NULL, DS_CLOUD_OPT_TOKEN_CACHE                           \
	}

/* For ds_hide_secret_arguments: the options whose value is a secret, and those whose URL
 * may carry a password. */
#define DS_CLOUD_SECRET_OPTIONS ((const char *const[]){"client-secret", NULL})
#define DS_CLOUD_URL_OPTIONS    ((const char *const[]){"proxy", NULL})

#endif

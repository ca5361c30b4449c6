/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (C) 2026 The dirsync-plugins developers */
/* The options of every check that asks Microsoft Graph (tenant, credential, endpoints,
 * transport, token cache): taking them from the command line into ds_cloud_settings,
 * and their help. What they mean is lib/cloud/session.h's. */
#ifndef DIRSYNC_PLUGINS_COMMON_CLOUD_CLI_H
#define DIRSYNC_PLUGINS_COMMON_CLOUD_CLI_H

#include <stdio.h>

#include "cloud/session.h"
#include "common/cloud_options.h"
#include "core/error.h"

/* The usage of a check that asks Graph, with the line of its own options (own). */
#define DS_CLOUD_USAGE(own)                                                                        \
	"--tenant=ID --client-id=ID (--client-secret-file=FILE | --certificate=FILE |\n"               \
	"       --federated-token-file=FILE) | --managed-identity[=CLIENT_ID]\n" own                   \
	"       [--cloud=NAME] [--authority-host=URL] [--graph-url=URL] [--ca-file=FILE]\n"            \
	"       [--proxy=URL] [--token-cache=DIR|none] [-t SECONDS[:STATE]] [-v]\n"                    \
	"       [--extra-opts=[SECTION][@FILE]]"

/* The ds_plugin fields of a check that asks Graph: its options go to a ds_cloud_settings
 * (the shared config of ds_run_start), and the secret ones are hidden from ps. */
#define DS_CLOUD_PLUGIN_OPTIONS                                                                    \
	.take_shared = ds_cloud_take_option, .secret_options = DS_CLOUD_SECRET_OPTIONS,                \
	.url_options = DS_CLOUD_URL_OPTIONS

/* A ds_option_taker for the options of DS_CLOUD_LONG_OPTIONS into a ds_cloud_settings. */
bool ds_cloud_take_option(int option, const char *value, void *settings, ds_error *err);

/* After ds_run_start, for a check that asks Graph: the credential files read and the
 * session ready (ds_cloud_resolve), and at -v what it will use noted in the verdict. False
 * with the sentence of a usage error. */
bool ds_cloud_run_start(ds_run *run, const ds_cloud_settings *settings,
                        const ds_common_options *common, ds_cloud_session *session, ds_error *err);

/* The help text for these options. */
void ds_cloud_print_help(FILE *out);

#endif

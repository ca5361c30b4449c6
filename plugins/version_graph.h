/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (C) 2026 The dirsync-plugins developers */
/* check_dirsync_version --graph: the sync client build as Microsoft Graph last saw it.
 * version_graph_cloud.c asks Graph (native build); version_graph_none.c stands in for
 * the Windows build, which carries no HTTP stack and says where to run --graph. */
#ifndef DIRSYNC_PLUGINS_VERSION_GRAPH_H
#define DIRSYNC_PLUGINS_VERSION_GRAPH_H

#include <stdbool.h>
#include <stdio.h>

#include "common/cloud_cli.h"
#include "core/deadline.h"
#include "core/error.h"
#include "core/output.h"
#include "version/judge.h"

/* Takes one of DS_CLOUD_LONG_OPTIONS; *taken is false for any other option. */
bool version_graph_option(ds_cloud_options *options, int option, const char *value, bool *taken,
                          ds_error *err);

/* Checks the credential options before anything is asked (a usage error otherwise). */
bool version_graph_prepare(const ds_cloud_options *options, const char *progname,
                           ds_cloud_session *session, ds_error *err);

/* Reads synchronizationClientVersion and the server name into facts. */
bool version_graph_read(ds_cloud_session *session, const ds_deadline *deadline, unsigned verbosity,
                        ds_verdict *verdict, ds_version_facts *facts, bool *timed_out,
                        ds_error *err);

void version_graph_close(ds_cloud_session *session);

/* The help for --graph's credential and endpoint options. */
void version_graph_print_help(FILE *out);

#endif

/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (C) 2026 The dirsync-plugins developers */
/* check_dirsync_version --graph: the sync client build as Microsoft Graph last saw it.
 * version_graph_cloud.c asks Graph (native build); version_graph_none.c stands in for
 * the Windows build, which carries no HTTP stack and says where to run --graph. The
 * state is opaque, so that check_dirsync_version.c includes no cloud header. */
#ifndef DIRSYNC_PLUGINS_VERSION_GRAPH_H
#define DIRSYNC_PLUGINS_VERSION_GRAPH_H

#include <stdbool.h>
#include <stdio.h>

#include "common/cloud_options.h"
#include "core/deadline.h"
#include "core/error.h"
#include "core/output.h"
#include "version/judge.h"

typedef struct version_graph version_graph;

/* The state for --graph: NULL when out of memory. */
version_graph *version_graph_new(void);

/* A ds_option_taker for the options of DS_CLOUD_LONG_OPTIONS, into graph. */
bool version_graph_option(int option, const char *value, void *graph, ds_error *err);

/* Checks the credential options before anything is asked (a usage error otherwise). */
bool version_graph_prepare(version_graph *graph, const char *user_agent, ds_error *err);

/* Reads synchronizationClientVersion and the server name into facts; err->timed_out
 * when the deadline cut it short. */
bool version_graph_read(version_graph *graph, const ds_deadline *deadline, unsigned verbosity,
                        ds_verdict *verdict, ds_version_facts *facts, ds_error *err);

/* Closes the connection, wipes the secrets and frees graph (NULL is fine). */
void version_graph_free(version_graph *graph);

/* The help for --graph's credential and endpoint options. */
void version_graph_print_help(FILE *out);

#endif

/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (C) 2026 The dirsync-plugins developers */
#include "config.h"

#include "version_graph.h"

#include <stdlib.h>

#define NOT_HERE                                                                                   \
	"--graph and its credential options are not in the Windows build: run "                        \
	"check_dirsync_version --graph on the monitoring server, or use --local here"

/* Nothing to keep: every --graph option is refused. */
struct version_graph {
	char unused;
};

version_graph *version_graph_new(void) {
	return calloc(1, sizeof(version_graph));
}

bool version_graph_option(int option, const char *value, void *graph, ds_error *err) {
	(void)option;
	(void)value;
	(void)graph;
	return ds_error_set(err, NOT_HERE);
}

bool version_graph_prepare(version_graph *graph, const char *user_agent, ds_error *err) {
	(void)graph;
	(void)user_agent;
	return ds_error_set(err, NOT_HERE);
}

bool version_graph_read(version_graph *graph, const ds_deadline *deadline, unsigned verbosity,
                        ds_verdict *verdict, ds_version_facts *facts, ds_error *err) {
	(void)graph;
	(void)deadline;
	(void)verbosity;
	(void)verdict;
	(void)facts;
	return ds_error_set(err, NOT_HERE);
}

void version_graph_free(version_graph *graph) {
	free(graph);
}

void version_graph_print_help(FILE *out) {
	fputs("\n--graph and its credential options are not in the Windows build: run\n"
	      "check_dirsync_version --graph on the monitoring server.\n",
	      out);
}

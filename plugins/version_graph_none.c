/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (C) 2026 The dirsync-plugins developers */
#include "config.h"

#include "version_graph.h"

#include <string.h>

#define NOT_HERE                                                                                   \
	"--graph and its credential options are not in the Windows build: run "                        \
	"check_dirsync_version --graph on the monitoring server, or use --local here"

bool version_graph_option(ds_cloud_options *options, int option, const char *value, bool *taken,
                          ds_error *err) {
	(void)options;
	(void)value;
	*taken = option >= DS_CLOUD_OPT_TENANT && option < DS_CLOUD_OPT_END;
	return *taken ? ds_error_set(err, NOT_HERE) : true;
}

bool version_graph_prepare(const ds_cloud_options *options, const char *progname,
                           ds_cloud_session *session, ds_error *err) {
	(void)options;
	(void)progname;
	memset(session, 0, sizeof *session);
	return ds_error_set(err, NOT_HERE);
}

bool version_graph_read(ds_cloud_session *session, const ds_deadline *deadline, unsigned verbosity,
                        ds_verdict *verdict, ds_version_facts *facts, bool *timed_out,
                        ds_error *err) {
	(void)session;
	(void)deadline;
	(void)verbosity;
	(void)verdict;
	(void)facts;
	*timed_out = false;
	return ds_error_set(err, NOT_HERE);
}

void version_graph_close(ds_cloud_session *session) {
	(void)session;
}

void version_graph_print_help(FILE *out) {
	fputs("\n--graph and its credential options are not in the Windows build: run\n"
	      "check_dirsync_version --graph on the monitoring server.\n",
	      out);
}

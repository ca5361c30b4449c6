/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (C) 2026 The dirsync-plugins developers */
#include "config.h"

#include "version_graph.h"

#include <stdlib.h>
#include <string.h>

#include "common/cloud_cli.h"

#include "version/graph.h"
#include "core/text.h"

/* Microsoft documents this permission as delegated only; where an application grant is
 * refused, the version can still be judged on the sync server. */
#define PERMISSION                                                                                 \
	"OnPremDirectorySynchronization.Read.All (or use --local on the sync server, or "              \
	"--installed-version)"

struct version_graph {
	ds_cloud_settings options;
	ds_cloud_session session;
};

version_graph *version_graph_new(void) {
	version_graph *graph = calloc(1, sizeof *graph);
	if (graph != NULL) {
		graph->options.assertion_alg = DS_ASSERTION_PS256;
	}
	return graph;
}

bool version_graph_option(int option, const char *value, void *graph, ds_error *err) {
	if (graph == NULL) {
		return ds_error_set(err, "out of memory");
	}
	return ds_cloud_take_option(option, value, &((version_graph *)graph)->options, err);
}

bool version_graph_prepare(version_graph *graph, const char *user_agent, ds_error *err) {
	return ds_cloud_resolve(&graph->options, user_agent, &graph->session, err);
}

bool version_graph_read(version_graph *graph, const ds_deadline *deadline, unsigned verbosity,
                        ds_verdict *verdict, ds_version_facts *facts, ds_error *err) {
	ds_cloud_session *session = &graph->session;
	ds_cloud_describe(session, verbosity, verdict);
	ds_http_response response;
	if (!ds_cloud_graph_get(session, DS_DIRECTORY_SYNC_PATH, PERMISSION, deadline, verbosity,
	                        verdict, &response, err)) {
		return false;
	}
	ds_sync_client client;
	bool ok = ds_directory_sync_parse(response.body, response.body_len, &client, err);
	ds_http_response_free(&response);
	if (!ok) {
		return false;
	}
	if (!client.has_version) {
		return ds_error_set(err, "Graph reports no sync client version for this tenant: it has "
		                         "not synced from on-premises recently, or the app may not read "
		                         "it");
	}
	(void)ds_format_text(facts->server, sizeof facts->server, "%s", client.server);
	(void)ds_format_text(facts->source, sizeof facts->source,
	                     "Microsoft Graph (directory/onPremisesSynchronization, "
	                     "synchronizationClientVersion)");
	if (!ds_version_parse(client.version, &facts->version, err)) {
		return ds_error_prefix(err, "Graph's synchronizationClientVersion: ");
	}
	facts->has_version = true;
	return true;
}

void version_graph_free(version_graph *graph) {
	if (graph != NULL) {
		ds_cloud_close(&graph->session);
		free(graph);
	}
}

void version_graph_print_help(FILE *out) {
	ds_cloud_print_help(out);
}

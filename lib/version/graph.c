/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (C) 2026 The dirsync-plugins developers */
#include "version/graph.h"

#include <string.h>

#include "cloud/json.h"
#include "core/text.h"

static bool first_entry(json_object *root, json_object **entry, ds_error *err) {
	return ds_graph_first_entry(root, "onPremisesSynchronization",
	                            "Graph has no directory synchronization settings for this "
	                            "tenant: it has never synced from on-premises",
	                            entry, err);
}

static bool read_configuration(json_object *entry, ds_sync_client *out, ds_error *err) {
	json_object *configuration = NULL;
	json_object *version = NULL;
	if (!json_object_object_get_ex(entry, "configuration", &configuration) ||
	    !json_object_is_type(configuration, json_type_object)) {
		return ds_error_set(err, "Graph's onPremisesSynchronization has no configuration object");
	}
	if (json_object_object_get_ex(configuration, "synchronizationClientVersion", &version) &&
	    version != NULL) {
		if (!json_object_is_type(version, json_type_string)) {
			return ds_error_set(err, "Graph's synchronizationClientVersion is %s, not a string",
			                    ds_json_type_name(version));
		}
		if (!ds_format_text(out->version, sizeof out->version, "%s",
		                    json_object_get_string(version))) {
			return ds_error_set(err, "Graph's synchronizationClientVersion is too long");
		}
		out->has_version = true;
	}
	json_object *export_data = NULL;
	if (json_object_object_get_ex(configuration, "currentExportData", &export_data)) {
		const char *server = ds_json_string(export_data, "clientMachineName");
		if (server != NULL) {
			(void)ds_format_text(out->server, sizeof out->server, "%s", server);
		}
	}
	return true;
}

bool ds_directory_sync_parse(const char *body, size_t len, ds_sync_client *out, ds_error *err) {
	memset(out, 0, sizeof *out);
	json_object *root = NULL;
	if (!ds_json_parse(body, len, "Graph's onPremisesSynchronization answer", &root, err)) {
		return false;
	}
	json_object *entry = NULL;
	bool ok = first_entry(root, &entry, err) && read_configuration(entry, out, err);
	json_object_put(root);
	return ok;
}

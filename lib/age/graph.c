/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (C) 2026 The dirsync-plugins developers */
#include "age/graph.h"

#include <stdio.h>
#include <string.h>

#include "cloud/json.h"
#include "core/timestamp.h"

#define SELECT_V1 "onPremisesLastSyncDateTime,onPremisesSyncEnabled"
#define SELECT_BETA                                                                                \
	"onPremisesLastPasswordSyncDateTime,onPremisesLastSyncDateTime,onPremisesSyncEnabled"

const char *ds_graph_organization_path(bool password_sync) {
	/* onPremisesLastPasswordSyncDateTime exists only in beta. */
	return password_sync ? "/beta/organization?%24select=" SELECT_BETA
	                     : "/v1.0/organization?%24select=" SELECT_V1;
}

static bool read_timestamp(json_object *org, const char *name, bool *present, int64_t *out,
                           ds_error *err) {
	json_object *value = NULL;
	*present = false;
	if (!json_object_object_get_ex(org, name, &value) || value == NULL) {
		return true;
	}
	if (!json_object_is_type(value, json_type_string)) {
		return ds_error_set(err, "Graph's %s is %s, not a timestamp", name,
		                    ds_json_type_name(value));
	}
	ds_error parse_err;
	if (!ds_timestamp_parse(json_object_get_string(value), out, &parse_err)) {
		return ds_error_set(err, "Graph's %s: %s", name, parse_err.text);
	}
	*present = true;
	return true;
}

static bool read_enabled(json_object *org, ds_tristate *out, ds_error *err) {
	json_object *value = NULL;
	*out = DS_NULL;
	if (!json_object_object_get_ex(org, "onPremisesSyncEnabled", &value) || value == NULL) {
		return true;
	}
	if (!json_object_is_type(value, json_type_boolean)) {
		return ds_error_set(err, "Graph's onPremisesSyncEnabled is %s, not true, false or null",
		                    ds_json_type_name(value));
	}
	*out = json_object_get_boolean(value) ? DS_TRUE : DS_FALSE;
	return true;
}

static bool find_organization(json_object *root, json_object **org, ds_error *err) {
	return ds_graph_first_entry(root, "organization",
	                            "Graph returned no organization for this tenant: check --tenant "
	                            "and that the app is registered in the right tenant",
	                            org, err);
}

bool ds_graph_parse_organization(const char *body, size_t len, bool password_sync, ds_org_sync *out,
                                 ds_error *err) {
	memset(out, 0, sizeof *out);
	out->password_sync_asked = password_sync;
	json_object *root = NULL;
	if (!ds_json_parse(body, len, "Graph's organization answer", &root, err)) {
		return false;
	}
	json_object *org = NULL;
	bool ok = find_organization(root, &org, err) && read_enabled(org, &out->sync_enabled, err) &&
	          read_timestamp(org, "onPremisesLastSyncDateTime", &out->has_last_sync,
	                         &out->last_sync, err);
	if (ok && password_sync) {
		ok = read_timestamp(org, "onPremisesLastPasswordSyncDateTime", &out->has_password_sync,
		                    &out->password_sync, err);
	}
	json_object_put(root);
	return ok;
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (C) 2026 The dirsync-plugins developers */
#include "errors/graph.h"

#include <stdio.h>
#include <string.h>

#include "cloud/json.h"
#include "cloud/url.h"
#include "core/text.h"
#include "core/timestamp.h"

#define SELECT_TAIL ",onPremisesProvisioningErrors&%24top=999"

const char *ds_errors_first_path(ds_object_type type) {
	/* Graph documents no filter on onPremisesProvisioningErrors: every object is read,
	 * so each page carries only what a verdict names. */
	switch (type) {
		case DS_OBJECT_USER:
			return "/v1.0/users?%24select=id,displayName,userPrincipalName" SELECT_TAIL;
		case DS_OBJECT_GROUP:
			return "/v1.0/groups?%24select=id,displayName,mail" SELECT_TAIL;
		default:
			return "/v1.0/contacts?%24select=id,displayName,mail" SELECT_TAIL;
	}
}

const char *ds_errors_permission(ds_object_type type) {
	switch (type) {
		case DS_OBJECT_USER:
			return "the Microsoft Graph application permission User.Read.All (or "
			       "Directory.Read.All) with admin consent";
		case DS_OBJECT_GROUP:
			return "the Microsoft Graph application permission Group.Read.All (or "
			       "Directory.Read.All) with admin consent";
		default:
			return "the Microsoft Graph application permission OrgContact.Read.All (or "
			       "Directory.Read.All) with admin consent";
	}
}

/* A string member, absent or null being NULL; any other type is an error. */
static bool optional_string(json_object *object, const char *where, const char *name,
                            const char **out, ds_error *err) {
	json_object *value = NULL;
	*out = NULL;
	if (!json_object_object_get_ex(object, name, &value) || value == NULL) {
		return true;
	}
	if (!json_object_is_type(value, json_type_string)) {
		return ds_error_set(err, "Graph's %s %s is %s, not a string", where, name,
		                    ds_json_type_name(value));
	}
	*out = json_object_get_string(value);
	return true;
}

static bool read_error(json_object *error, ds_errored_object *kept, ds_error *err) {
	if (!json_object_is_type(error, json_type_object)) {
		return ds_error_set(err,
		                    "an entry of Graph's onPremisesProvisioningErrors is %s, not "
		                    "an object",
		                    ds_json_type_name(error));
	}
	const char *category = NULL;
	const char *property = NULL;
	const char *value = NULL;
	const char *since = NULL;
	const char *where = "onPremisesProvisioningErrors entry's";
	if (!optional_string(error, where, "category", &category, err) ||
	    !optional_string(error, where, "propertyCausingError", &property, err) ||
	    !optional_string(error, where, "value", &value, err) ||
	    !optional_string(error, where, "occurredDateTime", &since, err)) {
		return false;
	}
	if (kept == NULL) {
		return true;
	}
	ds_utf8_copy_cut(category != NULL ? category : "", kept->category, sizeof kept->category);
	ds_utf8_copy_cut(property != NULL ? property : "an unnamed property", kept->property,
	                 sizeof kept->property);
	ds_utf8_copy_cut(value != NULL ? value : "", kept->value, sizeof kept->value);
	if (since != NULL) {
		ds_error parse_err;
		if (!ds_timestamp_parse(since, &kept->since, &parse_err)) {
			return ds_error_set(err, "Graph's occurredDateTime: %s", parse_err.text);
		}
		kept->has_since = true;
	}
	return true;
}

/* The object's name for an operator: the sign-in name or mail, else the display
 * name, else the id. */
static bool read_name(json_object *object, ds_object_type type, char *out, size_t size,
                      ds_error *err) {
	const char *names[] = {type == DS_OBJECT_USER ? "userPrincipalName" : "mail", "displayName",
	                       "id"};
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
		const char *text = NULL;
		if (!optional_string(object, "object's", names[i], &text, err)) {
			return false;
		}
		if (text != NULL && text[0] != '\0') {
			ds_utf8_copy_cut(text, out, size);
			return true;
		}
	}
	ds_utf8_copy_cut("(an object without a name or id)", out, size);
	return true;
}

static bool read_object(json_object *object, ds_object_type type, ds_errors_scan *scan,
                        ds_error *err) {
	if (!json_object_is_type(object, json_type_object)) {
		return ds_error_set(err, "an entry of Graph's list is %s, not an object",
		                    ds_json_type_name(object));
	}
	scan->scanned[type]++;
	json_object *errors = NULL;
	if (!json_object_object_get_ex(object, "onPremisesProvisioningErrors", &errors) ||
	    errors == NULL) {
		return true;
	}
	if (!json_object_is_type(errors, json_type_array)) {
		return ds_error_set(err, "Graph's onPremisesProvisioningErrors is %s, not a list",
		                    ds_json_type_name(errors));
	}
	size_t count = json_object_array_length(errors);
	if (count == 0) {
		return true;
	}
	scan->in_error[type]++;
	ds_errored_object *kept = NULL;
	if (scan->kept_count < scan->kept_max) {
		kept = &scan->kept[scan->kept_count];
		memset(kept, 0, sizeof *kept);
		kept->type = type;
		kept->further_errors = count > 1 ? (unsigned)(count - 1) : 0;
		if (!read_name(object, type, kept->name, sizeof kept->name, err)) {
			return false;
		}
	}
	for (size_t i = 0; i < count; i++) {
		if (!read_error(json_object_array_get_idx(errors, i), i == 0 ? kept : NULL, err)) {
			return false;
		}
	}
	if (kept != NULL) {
		scan->kept_count++;
	}
	return true;
}

static bool read_next_link(json_object *root, char *next_link, size_t next_size, ds_error *err) {
	const char *link = NULL;
	next_link[0] = '\0';
	if (!optional_string(root, "page's", "@odata.nextLink", &link, err)) {
		return false;
	}
	if (link == NULL) {
		return true;
	}
	size_t len = strlen(link);
	if (len == 0 || len >= next_size || len >= DS_ERRORS_LINK_MAX) {
		return ds_error_set(err, "Graph's @odata.nextLink is %s", len == 0 ? "empty" : "too long");
	}
	memcpy(next_link, link, len + 1);
	return true;
}

bool ds_errors_parse_page(const char *body, size_t len, ds_object_type type, ds_errors_scan *scan,
                          char *next_link, size_t next_size, ds_error *err) {
	json_object *root = NULL;
	next_link[0] = '\0';
	if (!ds_json_parse(body, len, "Graph's list", &root, err)) {
		return false;
	}
	bool ok = true;
	json_object *list = NULL;
	if (!json_object_is_type(root, json_type_object)) {
		ok = ds_error_set(err, "Graph's list answer is %s, not an object", ds_json_type_name(root));
	} else if (!json_object_object_get_ex(root, "value", &list) ||
	           !json_object_is_type(list, json_type_array)) {
		ok = ds_error_set(err, "Graph's list answer has no 'value' list");
	}
	size_t count = ok ? json_object_array_length(list) : 0;
	for (size_t i = 0; ok && i < count; i++) {
		ok = read_object(json_object_array_get_idx(list, i), type, scan, err);
	}
	ok = ok && read_next_link(root, next_link, next_size, err);
	json_object_put(root);
	if (ok) {
		scan->pages++;
	}
	return ok;
}

bool ds_errors_next_path(const char *graph_root, const char *next_link, char *path, size_t size,
                         ds_error *err) {
	ds_error why;
	if (!ds_url_below_root(graph_root, next_link, path, size, &why)) {
		return ds_error_set(err,
		                    "Graph's @odata.nextLink was not followed because %s: the access "
		                    "token is only sent to the Graph root (check --graph-url and any "
		                    "proxy)",
		                    why.text);
	}
	return true;
}

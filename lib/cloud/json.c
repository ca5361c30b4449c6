/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (C) 2026 The dirsync-plugins developers */
#include "cloud/json.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "core/number.h"
#include "core/text.h"

/* Whether the body writes a NUL character (\u0000) in a string or a member name: a
 * backslash that an even number of backslashes precede starts an escape. */
static bool has_escaped_nul(const char *body, size_t len) {
	for (size_t i = 0; i + 6 <= len; i++) {
		if (body[i] != '\\' || memcmp(body + i + 1, "u0000", 5) != 0) {
			continue;
		}
		size_t run = 0;
		while (run < i && body[i - 1 - run] == '\\') {
			run++;
		}
		if (run % 2 == 0) {
			return true;
		}
	}
	return false;
}

/* The name of the innermost member whose string holds a NUL (within arrays: the member
 * that holds the array), or NULL. json-c strings carry a length, but every reader here
 * takes them as C strings, which would end at the NUL. Nesting is bounded by the parse. */
static const char *member_with_nul(json_object *value, const char *name) {
	switch (json_object_get_type(value)) {
		case json_type_string:
			return strlen(json_object_get_string(value)) !=
			               (size_t)json_object_get_string_len(value)
			           ? name
			           : NULL;
		case json_type_object: {
			json_object_object_foreach(value, key, member) {
				const char *found = member_with_nul(member, key);
				if (found != NULL) {
					return found;
				}
			}
			return NULL;
		}
		case json_type_array:
			for (size_t i = 0; i < json_object_array_length(value); i++) {
				const char *found = member_with_nul(json_object_array_get_idx(value, i), name);
				if (found != NULL) {
					return found;
				}
			}
			return NULL;
		default:
			return NULL;
	}
}

/* A NUL in any string of the tree is refused, naming the member: cut at the NUL, a
 * value would be read as something it is not. A member name with one was already cut
 * by json-c (and could shadow another member), so it is refused as such. */
static bool refuse_nul(const char *body, size_t len, const char *what, json_object *root,
                       ds_error *err) {
	if (!has_escaped_nul(body, len)) {
		return true;
	}
	const char *name = member_with_nul(root, "the value");
	char quoted[DS_QUOTE_MAX + 8];
	if (name != NULL) {
		size_t name_len = strlen(name);
		(void)ds_format_text(quoted, sizeof quoted, "%.*s%s", ds_quote_len(name_len), name,
		                     ds_quote_cut(name_len));
	}
	return ds_error_set(err,
	                    "%s has a NUL character (\\u0000) in %s, which no real value holds: a "
	                    "proxy or the service altered the answer (check --proxy)",
	                    what, name != NULL ? quoted : "a property name");
}

bool ds_json_parse(const char *body, size_t len, const char *what, json_object **out,
                   ds_error *err) {
	*out = NULL;
	if (len == 0) {
		return ds_error_set(err, "%s is empty, not JSON", what);
	}
	if (len > INT32_MAX) {
		return ds_error_set(err, "%s is too large", what);
	}
	json_tokener *tokener = json_tokener_new_ex(DS_JSON_MAX_DEPTH);
	if (tokener == NULL) {
		return ds_error_set(err, "out of memory parsing %s", what);
	}
	json_tokener_set_flags(tokener, JSON_TOKENER_STRICT | JSON_TOKENER_VALIDATE_UTF8);
	json_object *root = json_tokener_parse_ex(tokener, body, (int)len);
	enum json_tokener_error status = json_tokener_get_error(tokener);
	size_t used = json_tokener_get_parse_end(tokener);
	if (status == json_tokener_continue) {
		/* More digits could still follow a number, or more letters a literal: a NUL
		 * tells json-c that the body is over, so that "3599" is whole and "tru" cut off. */
		root = json_tokener_parse_ex(tokener, "", 1);
		status = json_tokener_get_error(tokener) == json_tokener_success ? json_tokener_success
		                                                                 : json_tokener_continue;
		used = len;
	}
	json_tokener_free(tokener);
	if (status != json_tokener_success) {
		json_object_put(root);
		if (status == json_tokener_continue) {
			return ds_error_set(err, "%s is cut off: the JSON ends early", what);
		}
		return ds_error_set(err, "%s is not valid JSON (%s)", what,
		                    json_tokener_error_desc(status));
	}
	/* json-c's tree for null is NULL, which callers take for "nothing parsed". */
	if (root == NULL) {
		return ds_error_set(err, "%s is null, not a JSON object or value", what);
	}
	/* Only whitespace may follow the value. */
	for (size_t i = used; i < len; i++) {
		if (body[i] != ' ' && body[i] != '\t' && body[i] != '\r' && body[i] != '\n') {
			json_object_put(root);
			return ds_error_set(err, "%s has data after the JSON value", what);
		}
	}
	if (!refuse_nul(body, len, what, root, err)) {
		json_object_put(root);
		return false;
	}
	*out = root;
	return true;
}

const char *ds_json_string(json_object *object, const char *name) {
	json_object *value = NULL;
	if (object == NULL || !json_object_object_get_ex(object, name, &value) ||
	    !json_object_is_type(value, json_type_string)) {
		return NULL;
	}
	return json_object_get_string(value);
}

bool ds_json_integer(json_object *object, const char *name, int64_t *out) {
	json_object *value = NULL;
	if (object == NULL || !json_object_object_get_ex(object, name, &value)) {
		return false;
	}
	if (json_object_is_type(value, json_type_int)) {
		errno = 0;
		int64_t number = json_object_get_int64(value);
		if (errno != 0) {
			return false;
		}
		*out = number;
		return true;
	}
	if (json_object_is_type(value, json_type_string)) {
		ds_span text = ds_span_of(json_object_get_string(value));
		uint64_t number = 0;
		if (text.len > 18 || ds_number_parse(text, INT64_MAX, &number) != DS_NUMBER_OK) {
			return false;
		}
		*out = (int64_t)number;
		return true;
	}
	return false;
}

const char *ds_json_type_name(json_object *value) {
	switch (json_object_get_type(value)) {
		case json_type_null:
			return "null";
		case json_type_boolean:
			return "a boolean";
		case json_type_double:
		case json_type_int:
			return "a number";
		case json_type_object:
			return "an object";
		case json_type_array:
			return "an array";
		case json_type_string:
			return "a string";
	}
	return "an unknown type";
}

bool ds_graph_first_entry(json_object *root, const char *what, const char *none,
                          json_object **entry, ds_error *err) {
	json_object *list = NULL;
	if (!json_object_is_type(root, json_type_object)) {
		return ds_error_set(err, "Graph's %s answer is %s, not an object", what,
		                    ds_json_type_name(root));
	}
	if (!json_object_object_get_ex(root, "value", &list)) {
		*entry = root;
		return true;
	}
	if (!json_object_is_type(list, json_type_array)) {
		return ds_error_set(err, "Graph's %s 'value' is %s, not a list", what,
		                    ds_json_type_name(list));
	}
	if (json_object_array_length(list) == 0) {
		return ds_error_set(err, "%s", none);
	}
	*entry = json_object_array_get_idx(list, 0);
	if (!json_object_is_type(*entry, json_type_object)) {
		return ds_error_set(err, "Graph's %s entry is %s, not an object", what,
		                    ds_json_type_name(*entry));
	}
	return true;
}

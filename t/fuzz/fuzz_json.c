/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (C) 2026 The dirsync-plugins developers */
/* The careful json-c entry point every cloud answer goes through, and the accessors
 * that copy values out of the tree. */
#include "fuzz.h"
#include "cloud/json.h"

static void read_members(json_object *object) {
	json_object_object_foreach(object, name, value) {
		(void)ds_json_type_name(value);
		const char *text = ds_json_string(object, name);
		FUZZ_ASSERT(text == NULL || json_object_is_type(value, json_type_string));
		int64_t number = 0;
		(void)ds_json_integer(object, name, &number);
	}
}

/* Whether the input itself holds text (a member name the error sentence quotes). */
static bool input_has(const uint8_t *data, size_t size, const char *text) {
	size_t len = strlen(text);
	for (size_t i = 0; i + len <= size; i++) {
		if (memcmp(data + i, text, len) == 0) {
			return true;
		}
	}
	return false;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
	json_object *root = NULL;
	ds_error err = {0};
	if (ds_json_parse((const char *)data, size, "the fuzz answer", &root, &err)) {
		FUZZ_ASSERT(root != NULL);
		(void)ds_json_type_name(root);
		if (json_object_is_type(root, json_type_object)) {
			read_members(root);
		}
		json_object_put(root);
	} else {
		FUZZ_ASSERT(root == NULL);
		fuzz_check_error(&err);
		/* json-c's status for a bare null is "success": not a reason to give. */
		FUZZ_ASSERT(strstr(err.text, "(success)") == NULL || input_has(data, size, "(success)"));
	}
	return 0;
}

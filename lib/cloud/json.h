/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (C) 2026 The dirsync-plugins developers */
/* json-c, used the careful way: the whole body must be one JSON value, nesting is
 * bounded, and values are copied out before the tree is freed. */
#ifndef DIRSYNC_CLOUD_JSON_H
#define DIRSYNC_CLOUD_JSON_H

#include <json-c/json.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/error.h"

#define DS_JSON_MAX_DEPTH 32

/* Parses body (len bytes) into a tree the caller frees with json_object_put. what names
 * the document in the error sentence ("the token answer from HOST"). A NUL character
 * (\u0000) in any string or member name is an error naming the member, so that every
 * string in the tree is a whole C string. */
bool ds_json_parse(const char *body, size_t len, const char *what, json_object **out,
                   ds_error *err);

/* The member's string, or NULL when absent, null or not a string. */
const char *ds_json_string(json_object *object, const char *name);

/* A whole number given as a JSON number or as a string of digits (IMDS sends strings). */
bool ds_json_integer(json_object *object, const char *name, int64_t *out);

/* "a string", "a number", ... for error sentences. */
const char *ds_json_type_name(json_object *value);

/* The resource in a Graph answer that is either the object itself (GET /x/{id}) or a
 * collection {"value": [...]} (GET /x): the object, or the collection's first entry.
 * what names the resource in the sentences ("organization"); none is the sentence for an
 * empty collection. */
bool ds_graph_first_entry(json_object *root, const char *what, const char *none,
                          json_object **entry, ds_error *err);

#endif

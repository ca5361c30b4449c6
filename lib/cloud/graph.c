/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (C) 2026 The dirsync-plugins developers */
#include "cloud/graph.h"

#include <stdio.h>
#include <string.h>

#include "cloud/json.h"
#include "core/text.h"
#include <openssl/crypto.h>

static void error_code_of(const char *body, size_t len, char *code, size_t size) {
	code[0] = '\0';
	json_object *root = NULL;
	if (len == 0 || !ds_json_parse(body, len, "Graph's error", &root, NULL)) {
		return;
	}
	json_object *error = NULL;
	if (json_object_object_get_ex(root, "error", &error)) {
		const char *text = ds_json_string(error, "code");
		if (text != NULL) {
			/* Cut between characters: a split one would show as U+FFFD. */
			size_t kept = ds_utf8_cut(text, strlen(text), size - 1);
			memcpy(code, text, kept);
			code[kept] = '\0';
		}
	}
	json_object_put(root);
}

void ds_graph_error(long status, const char *body, size_t len, const char *content_type,
                    const char *host, const char *retry_clause, const char *permission,
                    ds_error *err) {
	char code[96];
	error_code_of(body, len, code, sizeof code);
	if (status >= 300 && status < 400) {
		ds_error_set(err,
		             "Graph at %s answered with a redirect (HTTP %ld), which is not followed "
		             "with the access token: check --graph-url and any proxy",
		             host, status);
	} else if (status == 401) {
		ds_error_set(err,
		             "Graph refused the access token (401 %s): check that --cloud or --graph-url "
		             "matches the tenant's cloud",
		             code[0] != '\0' ? code : "without an error code");
	} else if (status == 403) {
		ds_error_set(err, "Graph refused access (403 %s): grant the app %s",
		             code[0] != '\0' ? code : "Forbidden", permission);
	} else if (status == 429 || status == 503) {
		ds_error_set(err, "Graph is %s (%s%ld%s%s) and %s",
		             status == 429 ? "throttling this app" : "unavailable",
		             code[0] != '\0' ? "" : "HTTP ", status, code[0] != '\0' ? " " : "", code,
		             retry_clause);
	} else if (code[0] != '\0') {
		ds_error_set(err, "Graph answered HTTP %ld with error %s", status, code);
	} else if (content_type != NULL && content_type[0] != '\0' &&
	           strstr(content_type, "json") == NULL) {
		ds_error_set(err,
		             "Graph at %s answered HTTP %ld with %s instead of JSON: a proxy or captive "
		             "portal may be in the way, or Graph has an outage",
		             host, status, content_type);
	} else {
		ds_error_set(err, "Graph at %s answered HTTP %ld without an error code", host, status);
	}
}

ds_graph_result ds_graph_get(ds_http *http, const char *graph_root, const char *path,
                             const char *token, const char *permission, const ds_deadline *deadline,
                             ds_http_response *response, ds_error *err) {
	char url[1024];
	char authorization[8192];
	if (snprintf(url, sizeof url, "%s%s", graph_root, path) >= (int)sizeof url ||
	    snprintf(authorization, sizeof authorization, "Authorization: Bearer %s", token) >=
	        (int)sizeof authorization) {
		ds_error_set(err, "the Graph URL or the access token is too long");
		return DS_GRAPH_FAILED;
	}
	ds_http_request request = {
	    .method = "GET",
	    .url = url,
	    .headers = {authorization, "Accept: application/json", NULL},
	};
	bool ok = ds_http_perform_retrying(http, &request, deadline, response, err);
	OPENSSL_cleanse(authorization, sizeof authorization);
	if (!ok) {
		ds_error_prefix(err, "asking Graph: ");
		return DS_GRAPH_FAILED;
	}
	if (response->status == 200 && strstr(response->content_type, "json") != NULL) {
		return DS_GRAPH_OK;
	}
	ds_graph_result result = DS_GRAPH_FAILED;
	if (response->status == 200) {
		ds_error_set(err,
		             "Graph at %s answered with %s instead of JSON: a proxy or captive portal "
		             "may be in the way (check --proxy and --graph-url)",
		             response->host,
		             response->content_type[0] != '\0' ? response->content_type
		                                               : "no content type");
	} else {
		char retry_clause[200];
		ds_http_retry_clause(response, retry_clause, sizeof retry_clause);
		ds_graph_error(response->status, response->body, response->body_len, response->content_type,
		               response->host, retry_clause, permission, err);
		result = response->status == 401 ? DS_GRAPH_TOKEN_REFUSED : DS_GRAPH_FAILED;
	}
	ds_http_response_free(response);
	return result;
}

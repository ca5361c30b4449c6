/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (C) 2026 The dirsync-plugins developers */
#include "cloud/token_response.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>

#include "cloud/json.h"
#include "core/text.h"

void ds_access_token_free(ds_access_token *token) {
	if (token->value != NULL) {
		OPENSSL_cleanse(token->value, strlen(token->value));
		free(token->value);
	}
	token->value = NULL;
}

/* The fixes for the AADSTS codes a monitoring plugin meets; false for other codes. */
static bool aadsts_error(int64_t code, const ds_token_context *c, ds_error *err) {
	switch (code) {
		case 7000215:
			ds_error_set(err, "the identity platform rejected the client secret (AADSTS7000215): "
			                  "use the secret's Value, not its Secret ID, from the app "
			                  "registration's Certificates & secrets");
			return true;
		case 7000222:
			ds_error_set(err, "the client secret has expired (AADSTS7000222): create a new one "
			                  "in the app registration's Certificates & secrets and update "
			                  "--client-secret-file");
			return true;
		case 700016:
			ds_error_set(err,
			             "application %s was not found in tenant %s (AADSTS700016): check "
			             "--client-id, --tenant and --cloud",
			             c->client_id, c->tenant);
			return true;
		case 90002:
			ds_error_set(err,
			             "tenant %s was not found (AADSTS90002): check --tenant, and "
			             "--cloud for a national cloud",
			             c->tenant);
			return true;
		case 700027:
			ds_error_set(err,
			             "the identity platform does not accept %s (AADSTS700027): upload "
			             "this certificate to the app registration, or use the key that "
			             "belongs to the uploaded one",
			             c->credential);
			return true;
		case 7000112:
			ds_error_set(err,
			             "application %s is disabled (AADSTS7000112): enable it under "
			             "Enterprise applications, Properties",
			             c->client_id);
			return true;
		case 70011:
			ds_error_set(err, "the identity platform rejected the scope (AADSTS70011): check "
			                  "--graph-url and --cloud");
			return true;
		case 7000218:
			ds_error_set(err, "the token request carried no credential (AADSTS7000218): give "
			                  "--client-secret-file, --certificate or --federated-token-file");
			return true;
		case 70021:
			ds_error_set(err,
			             "no federated credential of application %s matches the token in "
			             "%s (AADSTS70021): check its issuer, subject and audience",
			             c->client_id, c->credential);
			return true;
		case 700024:
			if (c->assertion_signed_here) {
				ds_error_set(err,
				             "the identity platform says the client assertion is outside its "
				             "valid time range (AADSTS700024): this server's clock is "
				             "probably wrong; check it and NTP (timedatectl, chronyc tracking)");
				return true;
			}
			ds_error_set(err,
			             "the federated token in %s is expired or not yet valid "
			             "(AADSTS700024): check that it is being refreshed",
			             c->credential);
			return true;
		default:
			return false;
	}
}

/* "AADSTS50126: Error validating credentials ...\r\nTrace ID: ..." -> the first line. */
static void first_line(const char *text, char *out, size_t size) {
	size_t len = ds_utf8_cut(text, strcspn(text, "\r\n"), size - 1);
	memcpy(out, text, len);
	out[len] = '\0';
}

static bool parse_error_answer(long status, json_object *root, const ds_token_context *c,
                               ds_error *err) {
	json_object *codes = NULL;
	if (json_object_object_get_ex(root, "error_codes", &codes) &&
	    json_object_is_type(codes, json_type_array) && json_object_array_length(codes) > 0) {
		json_object *first = json_object_array_get_idx(codes, 0);
		if (json_object_is_type(first, json_type_int)) {
			if (aadsts_error(json_object_get_int64(first), c, err)) {
				return false;
			}
		}
	}
	const char *error = ds_json_string(root, "error");
	const char *description = ds_json_string(root, "error_description");
	/* Both are cut so that the sentence fits in a ds_error whole. */
	char line[160] = "";
	if (description != NULL) {
		first_line(description, line, sizeof line);
	}
	if (error != NULL) {
		size_t error_len = strlen(error);
		return ds_error_set(err, "token request to %s failed with HTTP %ld, %.*s%s%s%s", c->host,
		                    status, ds_quote_len(error_len), error, ds_quote_cut(error_len),
		                    line[0] != '\0' ? ": " : "", line);
	}
	return ds_error_set(err, "token request to %s failed with HTTP %ld and no error code", c->host,
	                    status);
}

/* The token goes verbatim into an Authorization header and into the token cache: a CR LF
 * would add headers of the answer's choosing to the Graph request, and a NUL (\u0000 in
 * the JSON) would cut the token short. Real tokens are printable ASCII without blanks. */
static bool printable_token(json_object *root) {
	json_object *value = NULL;
	if (!json_object_object_get_ex(root, "access_token", &value)) {
		return false;
	}
	const char *text = json_object_get_string(value);
	size_t len = (size_t)json_object_get_string_len(value);
	if (text == NULL || strlen(text) != len) {
		return false;
	}
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)text[i];
		if (c <= ' ' || c > '~') {
			return false;
		}
	}
	return true;
}

/* json-c frees its copy of the token without overwriting it; the string is the tree's
 * own writable memory, handed out as const. */
static void wipe_token_in(json_object *root) {
	json_object *value = NULL;
	if (json_object_object_get_ex(root, "access_token", &value) &&
	    json_object_is_type(value, json_type_string)) {
		OPENSSL_cleanse((char *)json_object_get_string(value),
		                (size_t)json_object_get_string_len(value));
	}
}

static bool is_json(const char *content_type) {
	return content_type == NULL || content_type[0] == '\0' || strstr(content_type, "json") != NULL;
}

bool ds_token_response_parse(long status, const char *body, size_t len, const char *content_type,
                             int64_t now, const ds_token_context *c, ds_access_token *out,
                             ds_error *err) {
	memset(out, 0, sizeof *out);
	if (!is_json(content_type)) {
		return ds_error_set(err,
		                    "%s answered the token request with HTTP %ld and %s instead of "
		                    "JSON: a proxy or captive portal may be in the way (check --proxy "
		                    "and --authority-host)",
		                    c->host, status, content_type);
	}
	char what[200];
	(void)snprintf(what, sizeof what, "the token answer from %s (HTTP %ld)", c->host, status);
	json_object *root = NULL;
	if (!ds_json_parse(body, len, what, &root, err)) {
		return false;
	}
	if (!json_object_is_type(root, json_type_object)) {
		json_object_put(root);
		return ds_error_set(err, "%s is not a JSON object", what);
	}
	if (status != 200) {
		parse_error_answer(status, root, c, err);
		json_object_put(root);
		return false;
	}
	const char *token = ds_json_string(root, "access_token");
	int64_t expires_in = 0;
	int64_t expires_on = 0;
	bool ok = false;
	if (token == NULL || token[0] == '\0') {
		ds_error_set(err, "%s has no access_token", what);
	} else if (!printable_token(root)) {
		ds_error_set(err,
		             "%s has an access_token that is not printable ASCII without blanks, "
		             "which no bearer token is: check --proxy and --authority-host",
		             what);
	} else if (ds_json_integer(root, "expires_in", &expires_in)) {
		ok = expires_in > 0 && expires_in < DS_TOKEN_LIFETIME_MAX;
		/* Only a lifetime in range is added: json-c reads 2^80 as INT64_MAX. */
		if (ok) {
			expires_on = now + expires_in;
		} else {
			ds_error_set(err, "%s has an unusable expires_in", what);
		}
	} else if (ds_json_integer(root, "expires_on", &expires_on)) {
		ok = expires_on > now && expires_on < now + DS_TOKEN_LIFETIME_MAX;
		if (!ok) {
			ds_error_set(err, "%s has an expires_on that is not within the next two days", what);
		}
	} else {
		ds_error_set(err, "%s has no usable expires_in or expires_on", what);
	}
	if (ok) {
		out->value = strdup(token);
		out->expires_on = expires_on;
		if (out->value == NULL) {
			ok = ds_error_set(err, "out of memory");
		}
	}
	wipe_token_in(root);
	json_object_put(root);
	return ok;
}

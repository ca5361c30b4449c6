/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (C) 2026 The dirsync-plugins developers */
/* What the identity platform (or a managed-identity endpoint) answered to a token
 * request: a token with its lifetime, or an error turned into a sentence with the fix. */
#ifndef DIRSYNC_CLOUD_TOKEN_RESPONSE_H
#define DIRSYNC_CLOUD_TOKEN_RESPONSE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/error.h"

/* The longest token lifetime accepted, from an answer or from the token cache. */
#define DS_TOKEN_LIFETIME_MAX (2 * 86400)

typedef struct ds_access_token {
	char *value; /* malloc'd; wiped when freed */
	int64_t expires_on;
	bool from_cache;
} ds_access_token;

void ds_access_token_free(ds_access_token *token);

/* Names used in error sentences. */
typedef struct ds_token_context {
	const char *host;
	const char *tenant;
	const char *client_id;
	const char *credential; /* e.g. "the client secret", "certificate app.pem" */
	/* The client assertion was signed here (a certificate credential), so its validity
	 * times come from this server's clock. */
	bool assertion_signed_here;
} ds_token_context;

/* Parses an HTTP answer to a token request. A 200 needs access_token and expires_in
 * (number or string) or expires_on (epoch, number or string). Anything else is an error:
 * AADSTS codes from error_codes become sentences naming the fix. */
bool ds_token_response_parse(long status, const char *body, size_t len, const char *content_type,
                             int64_t now, const ds_token_context *context, ds_access_token *out,
                             ds_error *err);

#endif

/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (C) 2026 The dirsync-plugins developers */
/* Answers of the identity platform and of managed-identity endpoints to a token
 * request: "STATUS [CONTENT-TYPE]" on the first line, the body after it. */
#include "fuzz_http_answer.h"
#include "cloud/token_response.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
	char *text = fuzz_text(data, size);
	fuzz_http_answer answer = fuzz_http_answer_read(text, size);
	const ds_token_context context = {
	    .host = "login.microsoftonline.com",
	    .tenant = "contoso.onmicrosoft.com",
	    .client_id = "00000000-0000-0000-0000-000000000001",
	    .credential = "the client secret",
	};
	ds_access_token token;
	ds_error err = {0};
	if (ds_token_response_parse(answer.status, answer.body, answer.body_len, answer.content_type,
	                            FUZZ_NOW, &context, &token, &err)) {
		FUZZ_ASSERT(answer.status == 200);
		FUZZ_ASSERT(token.value != NULL && token.value[0] != '\0');
		/* The token goes verbatim into an Authorization header and the cache file. */
		for (const char *p = token.value; *p != '\0'; p++) {
			FUZZ_ASSERT(*p > ' ' && *p <= '~');
		}
		FUZZ_ASSERT(token.expires_on > FUZZ_NOW && token.expires_on < FUZZ_NOW + 2 * 86400);
		ds_access_token_free(&token);
		FUZZ_ASSERT(token.value == NULL);
	} else {
		FUZZ_ASSERT(token.value == NULL);
		fuzz_check_error(&err);
	}
	free(text);
	return 0;
}

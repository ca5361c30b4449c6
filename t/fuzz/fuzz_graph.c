/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (C) 2026 The dirsync-plugins developers */
/* Graph's organization answer (with and without the beta password-sync property) and
 * the sentence for an answer that is not 200: "STATUS [CONTENT-TYPE]" on the first
 * line, the body after it. */
#include "fuzz_http_answer.h"
#include "age/graph.h"
#include "cloud/graph.h"

static void parse_organization(const fuzz_http_answer *answer, bool password_sync) {
	ds_org_sync org;
	ds_error err = {0};
	if (ds_graph_parse_organization(answer->body, answer->body_len, password_sync, &org, &err)) {
		FUZZ_ASSERT(org.password_sync_asked == password_sync);
		FUZZ_ASSERT(password_sync || !org.has_password_sync);
	} else {
		fuzz_check_error(&err);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
	char *text = fuzz_text(data, size);
	fuzz_http_answer answer = fuzz_http_answer_read(text, size);
	parse_organization(&answer, false);
	parse_organization(&answer, true);
	ds_error err = {0};
	ds_graph_error(answer.status, answer.body, answer.body_len, answer.content_type,
	               "graph.microsoft.com", "was not retried", "Organization.Read.All", &err);
	fuzz_check_error(&err);
	free(text);
	return 0;
}

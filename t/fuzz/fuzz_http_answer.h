/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (C) 2026 The dirsync-plugins developers */
/* The first line of a cloud harness's input: "STATUS [CONTENT-TYPE]", as an HTTP
 * answer would carry them; the body follows on the next line. */
#ifndef DIRSYNC_FUZZ_HTTP_ANSWER_H
#define DIRSYNC_FUZZ_HTTP_ANSWER_H

#include "fuzz.h"
#include "cloud/http.h"

/* The content type is cut where lib/cloud/http.c cuts it (ds_http_response). */
#define FUZZ_CONTENT_TYPE_MAX (sizeof(((ds_http_response *)0)->content_type) - 1)

typedef struct fuzz_http_answer {
	long status;
	const char *content_type; /* NULL when the line has none */
	const char *body;
	size_t body_len;
} fuzz_http_answer;

/* Terminates the content type in place, so text must outlive the answer. */
static inline fuzz_http_answer fuzz_http_answer_read(char *text, size_t size) {
	fuzz_parts parts = fuzz_split(text, size);
	fuzz_http_answer answer = {200, NULL, parts.body, parts.body_len};
	long status = 0;
	size_t i = 0;
	for (; i < 3 && parts.head[i] >= '0' && parts.head[i] <= '9'; i++) {
		status = status * 10 + (parts.head[i] - '0');
	}
	if (i > 0) {
		answer.status = status;
	}
	if (parts.head[i] == ' ') {
		char *content_type = parts.head + i + 1;
		if (strlen(content_type) > FUZZ_CONTENT_TYPE_MAX) {
			content_type[FUZZ_CONTENT_TYPE_MAX] = '\0';
		}
		answer.content_type = content_type;
	}
	return answer;
}

#endif

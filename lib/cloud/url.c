/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (C) 2026 The dirsync-plugins developers */
#include "cloud/url.h"

#include <curl/curl.h>
#include <stdio.h>
#include <string.h>

#include "core/text.h"

typedef struct url_parts {
	char *scheme;
	char *host;
	char *port;
	char *path;
	char *query;
	char *user;
	char *fragment;
} url_parts;

static void parts_free(url_parts *p) {
	curl_free(p->scheme);
	curl_free(p->host);
	curl_free(p->port);
	curl_free(p->path);
	curl_free(p->query);
	curl_free(p->user);
	curl_free(p->fragment);
	memset(p, 0, sizeof *p);
}

/* A part that is absent (CURLUE_NO_QUERY and the like) stays NULL. */
static bool split(const char *text, url_parts *p) {
	memset(p, 0, sizeof *p);
	CURLU *h = curl_url();
	if (h == NULL) {
		return false;
	}
	bool ok = curl_url_set(h, CURLUPART_URL, text, 0) == CURLUE_OK &&
	          curl_url_get(h, CURLUPART_SCHEME, &p->scheme, 0) == CURLUE_OK &&
	          curl_url_get(h, CURLUPART_HOST, &p->host, 0) == CURLUE_OK &&
	          curl_url_get(h, CURLUPART_PORT, &p->port, CURLU_DEFAULT_PORT) == CURLUE_OK &&
	          curl_url_get(h, CURLUPART_PATH, &p->path, 0) == CURLUE_OK;
	if (ok) {
		(void)curl_url_get(h, CURLUPART_QUERY, &p->query, 0);
		(void)curl_url_get(h, CURLUPART_USER, &p->user, 0);
		(void)curl_url_get(h, CURLUPART_FRAGMENT, &p->fragment, 0);
	}
	curl_url_cleanup(h);
	if (!ok) {
		parts_free(p);
	}
	return ok;
}

static bool same_text(const char *a, const char *b) {
	if (a == NULL || b == NULL) {
		return a == b;
	}
	size_t len = strlen(a);
	if (len != strlen(b)) {
		return false;
	}
	for (size_t i = 0; i < len; i++) {
		char x = a[i] >= 'A' && a[i] <= 'Z' ? (char)(a[i] - 'A' + 'a') : a[i];
		char y = b[i] >= 'A' && b[i] <= 'Z' ? (char)(b[i] - 'A' + 'a') : b[i];
		if (x != y) {
			return false;
		}
	}
	return true;
}

/* The length of root's path without its trailing slashes ("/" is 0). */
static size_t base_len(const char *path) {
	size_t len = strlen(path);
	while (len > 0 && path[len - 1] == '/') {
		len--;
	}
	return len;
}

static bool compare(const url_parts *root, const url_parts *url, char *rest, size_t size,
                    ds_error *err) {
	if (!same_text(root->scheme, url->scheme)) {
		return ds_error_set(err, "it uses another scheme (%s)", url->scheme);
	}
	if (!same_text(root->host, url->host)) {
		return ds_error_set(err, "it points at another host");
	}
	if (!same_text(root->port, url->port)) {
		return ds_error_set(err, "it points at another port (%s)", url->port);
	}
	if (url->user != NULL || url->fragment != NULL) {
		return ds_error_set(err, "it carries user information or a fragment");
	}
	size_t base = base_len(root->path);
	if (strncmp(url->path, root->path, base) != 0 ||
	    (url->path[base] != '/' && url->path[base] != '\0')) {
		return ds_error_set(err, "its path is not below the Graph root's");
	}
	const char *below = url->path[base] != '\0' ? url->path + base : "/";
	if (!ds_format_text(rest, size, "%s%s%s", below, url->query != NULL ? "?" : "",
	                    url->query != NULL ? url->query : "")) {
		return ds_error_set(err, "it is too long");
	}
	return true;
}

bool ds_url_below_root(const char *root, const char *url, char *rest, size_t size, ds_error *err) {
	url_parts r;
	url_parts u;
	if (!split(root, &r)) {
		return ds_error_set(err, "the Graph root is not a URL");
	}
	if (!split(url, &u)) {
		parts_free(&r);
		return ds_error_set(err, "it is not an absolute URL");
	}
	bool ok = compare(&r, &u, rest, size, err);
	parts_free(&r);
	parts_free(&u);
	return ok;
}

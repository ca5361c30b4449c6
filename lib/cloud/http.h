/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (C) 2026 The dirsync-plugins developers */
/* HTTPS for the cloud checks: one libcurl handle per run (so token and Graph requests
 * to the same host share one TLS connection), TLS verification always on, bodies
 * capped, every wait bounded by the run's deadline, redirects never followed. */
#ifndef DIRSYNC_CLOUD_HTTP_H
#define DIRSYNC_CLOUD_HTTP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/buffer.h"
#include "core/deadline.h"
#include "core/error.h"

#define DS_HTTP_BODY_MAX    (1024 * 1024)
#define DS_HTTP_MAX_HEADERS 4
/* Requests in all for one answer, retries of 429 and 503 included: a service that keeps
 * saying "retry at once" must not get the credential dozens of times a second. */
#define DS_HTTP_MAX_ATTEMPTS 5
/* Retry-After values beyond a year mean "not any time soon" and are read as a year, so
 * that every wait is a number the clock arithmetic can hold. */
#define DS_HTTP_RETRY_AFTER_MAX (366.0 * 86400.0)

/* What ds_http_perform_retrying made of an answer. */
typedef enum ds_http_retry_step {
	DS_HTTP_ANSWERED,      /* not 429 or 503: the answer is final */
	DS_HTTP_RETRY,         /* wait, then ask again */
	DS_HTTP_STOP_TOO_LATE, /* the wait asked for ends after the deadline */
	DS_HTTP_STOP_NO_TIME,  /* the wait fits, another request after it does not */
	DS_HTTP_STOP_ATTEMPTS, /* DS_HTTP_MAX_ATTEMPTS requests were made */
} ds_http_retry_step;

typedef struct ds_http_options {
	const char *ca_file; /* NULL: the system's hashed CA directory */
	const char *proxy;   /* NULL: libcurl's https_proxy/no_proxy environment */
	const char *user_agent;
} ds_http_options;

typedef struct ds_http {
	void *curl; /* CURL *, kept opaque so that users need not include curl.h */
	ds_http_options options;
	char ca_path[64];
} ds_http;

typedef struct ds_http_request {
	const char *method; /* "GET" or "POST" */
	const char *url;
	const char *headers[DS_HTTP_MAX_HEADERS]; /* "Name: value", NULL-terminated */
	const char *body;                         /* POST body or NULL */
	bool direct;                              /* no proxy (link-local metadata services) */
} ds_http_request;

typedef struct ds_http_response {
	long status;
	char *body; /* NUL-terminated, malloc'd */
	size_t body_len;
	char content_type[128];
	double retry_after;            /* seconds from Retry-After, -1 when absent or unusable */
	bool retry_after_unusable;     /* a Retry-After that is neither seconds nor a date */
	int attempts;                  /* requests made for this answer (ds_http_perform_retrying) */
	ds_http_retry_step retry_step; /* why a 429 or 503 answer was returned */
	char host[128];                /* the host asked, for messages */
} ds_http_response;

bool ds_http_init(ds_http *http, const ds_http_options *options, ds_error *err);
void ds_http_cleanup(ds_http *http);

/* One request. A transport failure (DNS, connect, TLS, timeout, a body over the cap, a
 * dropped connection) is an error whose sentence names the host and the fix;
 * err->timed_out says the deadline ran out. Any HTTP status is a success here: the caller judges
 * it. */
bool ds_http_perform(ds_http *http, const ds_http_request *request, const ds_deadline *deadline,
                     ds_http_response *response, ds_error *err);

/* ds_http_perform, repeated after 429 and 503 answers for as long as their Retry-After
 * (or a 1 s back-off when absent or unusable) and one more request fit in the time left,
 * DS_HTTP_MAX_ATTEMPTS requests in all; the last answer is returned, its retry_step and
 * attempts saying why it was not retried (further). */
bool ds_http_perform_retrying(ds_http *http, const ds_http_request *request,
                              const ds_deadline *deadline, ds_http_response *response,
                              ds_error *err);

/* Frees the body after overwriting it: a token answer holds the access token. */
void ds_http_response_free(ds_http_response *response);

/* Retry-After as seconds ("10", also "2.128" and "1e3") or an HTTP date in GMT
 * ("Sun, 06 Nov 1994 08:49:37 GMT", also "Sunday, 06-Nov-94 08:49:37 GMT"; a date past
 * is 0), at most DS_HTTP_RETRY_AFTER_MAX;
 * -1 when unusable (empty, negative, inf, nan, anything else). */
double ds_http_parse_retry_after(const char *value, int64_t now);

/* The retry policy of ds_http_perform_retrying after the attempts-th answer: for
 * DS_HTTP_RETRY, *wait_ms (always less than remaining_ms) is how long to wait first. */
ds_http_retry_step ds_http_retry_decide(long status, double retry_after, int attempts,
                                        int64_t remaining_ms, int64_t *wait_ms);

/* Why a 429 or 503 answer of ds_http_perform_retrying was not retried (further), as the
 * end of a sentence "<service> is throttling this app (...) and ": what the service
 * asked, and the fix. */
void ds_http_retry_clause(const ds_http_response *response, char *buf, size_t size);

/* application/x-www-form-urlencoded "name=value" pairs appended to form (its data is the
 * request body; ds_buffer_free wipes it, forms carry secrets). */
bool ds_form_add(ds_buffer *form, const char *name, const char *value, ds_error *err);

/* Percent-encodes value for a URL query (unreserved characters stay). */
bool ds_url_encode(const char *value, char *out, size_t size);

#endif

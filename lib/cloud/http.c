/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (C) 2026 The dirsync-plugins developers */
#include "cloud/http.h"

#include <curl/curl.h>
#include <errno.h>
#include <openssl/crypto.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/sys.h"
#include "core/buffer.h"
#include "core/text.h"
#include "core/timestamp.h"

/* The system's hashed CA directory: loading only the issuer needed is much cheaper per
 * run than parsing the whole bundle file. */
#define SYSTEM_CA_PATH              "/etc/ssl/certs"
#define BACKOFF_WITHOUT_RETRY_AFTER 1.0
/* What a retried request needs at least; a wait that leaves less is not worth it. */
#define RETRY_REQUEST_ROOM_MS 250
#define ONE_DAY_S             86400.0

typedef struct body_sink {
	ds_buffer body;
	bool over_cap;
	bool out_of_memory;
} body_sink;

static size_t on_body(char *data, size_t size, size_t count, void *user) {
	body_sink *sink = user;
	size_t len = size * count;
	if (sink->body.len + len > DS_HTTP_BODY_MAX) {
		sink->over_cap = true;
		return 0; /* makes libcurl stop with CURLE_WRITE_ERROR */
	}
	/* The buffer wipes what it leaves behind: a token answer holds the access token. */
	if (!ds_buffer_append(&sink->body, data, len)) {
		sink->out_of_memory = true;
		return 0;
	}
	return len;
}

bool ds_http_init(ds_http *http, const ds_http_options *options, ds_error *err) {
	memset(http, 0, sizeof *http);
	http->options = *options;
	if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
		return ds_error_set(err, "cannot initialise libcurl");
	}
	http->curl = curl_easy_init();
	if (http->curl == NULL) {
		return ds_error_set(err, "cannot initialise libcurl: out of memory");
	}
	return true;
}

void ds_http_cleanup(ds_http *http) {
	if (http->curl != NULL) {
		curl_easy_cleanup(http->curl);
		http->curl = NULL;
	}
	curl_global_cleanup();
}

/* The host (with the port when the URL gives one) that sentences name, by libcurl's URL
 * parser, so that user information in the URL never shows; the URL itself when it
 * does not parse (libcurl then refuses it with that sentence). */
static void host_of(const char *url, char *out, size_t size) {
	CURLU *parsed = curl_url();
	char *host = NULL;
	char *port = NULL;
	if (parsed != NULL && curl_url_set(parsed, CURLUPART_URL, url, 0) == CURLUE_OK &&
	    curl_url_get(parsed, CURLUPART_HOST, &host, 0) == CURLUE_OK) {
		/* No port in the URL: CURLUE_NO_PORT, and port stays NULL. */
		(void)curl_url_get(parsed, CURLUPART_PORT, &port, 0);
		(void)ds_format_text(out, size, "%s%s%s", host, port != NULL ? ":" : "",
		                     port != NULL ? port : "");
	} else {
		(void)ds_format_text(out, size, "%s", url);
	}
	curl_free(host);
	curl_free(port);
	curl_url_cleanup(parsed);
}

#define SET(option, value)                                                                         \
	do {                                                                                           \
		if (curl_easy_setopt(curl, option, value) != CURLE_OK) {                                   \
			return ds_error_set(err, "cannot set libcurl option " #option);                        \
		}                                                                                          \
	} while (0)

static bool configure(ds_http *http, const ds_http_request *request, long timeout_ms,
                      struct curl_slist *headers, body_sink *sink, ds_error *err) {
	CURL *curl = http->curl;
	curl_easy_reset(curl);
	SET(CURLOPT_URL, request->url);
	SET(CURLOPT_PROTOCOLS_STR, request->direct ? "http,https" : "https");
	SET(CURLOPT_NOSIGNAL, 1L);
	SET(CURLOPT_FOLLOWLOCATION, 0L);
	SET(CURLOPT_SSL_VERIFYPEER, 1L);
	SET(CURLOPT_SSL_VERIFYHOST, 2L);
	SET(CURLOPT_SSLVERSION, (long)CURL_SSLVERSION_TLSv1_2);
	if (http->options.ca_file != NULL) {
		SET(CURLOPT_CAINFO, http->options.ca_file);
		SET(CURLOPT_CAPATH, (char *)NULL);
	} else {
		SET(CURLOPT_CAINFO, (char *)NULL);
		SET(CURLOPT_CAPATH, SYSTEM_CA_PATH);
	}
	if (request->direct) {
		SET(CURLOPT_PROXY, "");
	} else if (http->options.proxy != NULL) {
		SET(CURLOPT_PROXY, http->options.proxy);
	}
	SET(CURLOPT_TIMEOUT_MS, timeout_ms);
	SET(CURLOPT_CONNECTTIMEOUT_MS, timeout_ms);
	SET(CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)DS_HTTP_BODY_MAX);
	SET(CURLOPT_USERAGENT, http->options.user_agent);
	SET(CURLOPT_HTTPHEADER, headers);
	SET(CURLOPT_WRITEFUNCTION, on_body);
	SET(CURLOPT_WRITEDATA, sink);
	SET(CURLOPT_ACCEPT_ENCODING, "");
	if (strcmp(request->method, "POST") == 0) {
		SET(CURLOPT_POST, 1L);
		SET(CURLOPT_POSTFIELDS, request->body != NULL ? request->body : "");
	} else {
		SET(CURLOPT_HTTPGET, 1L);
	}
	return true;
}

static bool transport_error(CURLcode code, const char *host, const char *detail, bool over_cap,
                            ds_error *err) {
	const char *why = detail[0] != '\0' ? detail : curl_easy_strerror(code);
	switch (code) {
		case CURLE_COULDNT_RESOLVE_HOST:
			return ds_error_set(err, "cannot resolve %s: check DNS on this server (or --proxy)",
			                    host);
		case CURLE_COULDNT_RESOLVE_PROXY:
			return ds_error_set(
			    err, "cannot resolve the proxy for %s: check --proxy or https_proxy", host);
		case CURLE_COULDNT_CONNECT:
			return ds_error_set(err,
			                    "cannot connect to %s (%s): check the firewall, the proxy "
			                    "(--proxy or https_proxy) and the URL",
			                    host, why);
		case CURLE_PEER_FAILED_VERIFICATION:
			/* A certificate "not yet valid" or "expired" usually means that this server's
			 * clock is wrong, not the service's certificate. */
			if (strstr(why, "not yet valid") != NULL || strstr(why, "expired") != NULL) {
				return ds_error_set(err,
				                    "the TLS certificate of %s is not trusted (%s): check this "
				                    "server's clock (NTP), or the certificate of a proxy that "
				                    "inspects TLS",
				                    host, why);
			}
			return ds_error_set(
			    err,
			    "the TLS certificate of %s is not trusted (%s): if a proxy inspects "
			    "TLS, give its CA with --ca-file",
			    host, why);
		case CURLE_SSL_CONNECT_ERROR:
		case CURLE_SSL_CERTPROBLEM:
		case CURLE_SSL_CIPHER:
		case CURLE_SSL_CACERT_BADFILE:
			return ds_error_set(err, "TLS with %s failed (%s): check --ca-file and any TLS proxy",
			                    host, why);
		case CURLE_PARTIAL_FILE:
			return ds_error_set(err, "the connection to %s broke off in the middle of the answer",
			                    host);
		case CURLE_GOT_NOTHING:
		case CURLE_RECV_ERROR:
		case CURLE_SEND_ERROR:
			return ds_error_set(err, "%s closed the connection without a complete answer (%s)",
			                    host, why);
		case CURLE_FILESIZE_EXCEEDED:
		case CURLE_WRITE_ERROR:
			if (over_cap || code == CURLE_FILESIZE_EXCEEDED) {
				return ds_error_set(err,
				                    "the answer from %s is larger than %d KiB: not what this "
				                    "service sends; check the URL and any proxy",
				                    host, DS_HTTP_BODY_MAX / 1024);
			}
			return ds_error_set(err, "out of memory reading the answer from %s", host);
		case CURLE_UNSUPPORTED_PROTOCOL:
			return ds_error_set(err, "refusing %s: only https:// URLs are used", host);
		default:
			return ds_error_set(err, "request to %s failed: %s", host, why);
	}
}

/* Which step the deadline cut short, from the timers libcurl filled in (a step that
 * was never reached reads 0), so that the sentence names the cause. */
static bool timeout_error(CURL *curl, const char *host, ds_error *err) {
	curl_off_t resolved = 0;
	curl_off_t request_sent = 0;
	curl_off_t first_byte = 0;
	if (curl_easy_getinfo(curl, CURLINFO_NAMELOOKUP_TIME_T, &resolved) != CURLE_OK ||
	    curl_easy_getinfo(curl, CURLINFO_PRETRANSFER_TIME_T, &request_sent) != CURLE_OK ||
	    curl_easy_getinfo(curl, CURLINFO_STARTTRANSFER_TIME_T, &first_byte) != CURLE_OK) {
		return ds_error_timeout(err, "no complete answer from %s in time", host);
	}
	if (first_byte > 0) {
		return ds_error_timeout(err, "%s answered too slowly: the answer was still incomplete",
		                        host);
	}
	if (request_sent > 0) {
		return ds_error_timeout(err, "%s accepted the request but did not answer", host);
	}
	if (resolved == 0) {
		return ds_error_timeout(
		    err, "cannot resolve %s in time: check DNS on this server (or --proxy)", host);
	}
	return ds_error_timeout(err,
	                        "no connection to %s in time (no TCP or TLS handshake): check the "
	                        "firewall, the proxy (--proxy or https_proxy) and the URL",
	                        host);
}

/* The value of the last header called name in the final answer (libcurl keeps the
 * headers of a 100 Continue apart), or NULL. */
static const char *header_value(CURL *curl, const char *name) {
	struct curl_header *header = NULL;
	if (curl_easy_header(curl, name, 0, CURLH_HEADER, -1, &header) != CURLHE_OK) {
		return NULL;
	}
	if (header->amount > 1 &&
	    curl_easy_header(curl, name, header->amount - 1, CURLH_HEADER, -1, &header) != CURLHE_OK) {
		return NULL;
	}
	return header->value;
}

static void read_headers(CURL *curl, ds_http_response *response) {
	const char *content_type = NULL;
	if (curl_easy_getinfo(curl, CURLINFO_CONTENT_TYPE, &content_type) == CURLE_OK &&
	    content_type != NULL) {
		/* A cut media type still says whether it is JSON, which is all it is used for. */
		(void)ds_format_text(response->content_type, sizeof response->content_type, "%s",
		                     content_type);
	}
	const char *retry_after = header_value(curl, "Retry-After");
	if (retry_after != NULL) {
		response->retry_after = ds_http_parse_retry_after(retry_after, ds_now_epoch());
		response->retry_after_unusable = response->retry_after < 0;
	}
}

bool ds_http_perform(ds_http *http, const ds_http_request *request, const ds_deadline *deadline,
                     ds_http_response *response, ds_error *err) {
	memset(response, 0, sizeof *response);
	response->retry_after = -1;
	host_of(request->url, response->host, sizeof response->host);
	int64_t left = ds_deadline_remaining_ms(deadline);
	if (left <= 0) {
		return ds_error_timeout(err, "no time left before asking %s", response->host);
	}
	struct curl_slist *headers = NULL;
	for (size_t i = 0; i < DS_HTTP_MAX_HEADERS && request->headers[i] != NULL; i++) {
		struct curl_slist *grown = curl_slist_append(headers, request->headers[i]);
		if (grown == NULL) {
			curl_slist_free_all(headers);
			return ds_error_set(err, "out of memory building a request");
		}
		headers = grown;
	}
	body_sink sink = {.over_cap = false};
	if (!configure(http, request, (long)left, headers, &sink, err)) {
		curl_slist_free_all(headers);
		return false;
	}
	char detail[CURL_ERROR_SIZE] = "";
	CURLcode code = curl_easy_setopt(http->curl, CURLOPT_ERRORBUFFER, detail);
	if (code == CURLE_OK) {
		code = curl_easy_perform(http->curl);
	}
	/* The header list may still be referenced by the handle until the next reset. */
	(void)curl_easy_setopt(http->curl, CURLOPT_HTTPHEADER, (struct curl_slist *)NULL);
	curl_slist_free_all(headers);
	if (code != CURLE_OK || sink.out_of_memory) {
		ds_buffer_free(&sink.body);
	}
	if (code == CURLE_OPERATION_TIMEDOUT) {
		return timeout_error(http->curl, response->host, err);
	}
	if (sink.out_of_memory) {
		return ds_error_set(err, "out of memory reading the answer of %s", response->host);
	}
	if (code != CURLE_OK) {
		return transport_error(code, response->host, detail, sink.over_cap, err);
	}
	if (curl_easy_getinfo(http->curl, CURLINFO_RESPONSE_CODE, &response->status) != CURLE_OK) {
		ds_buffer_free(&sink.body);
		return ds_error_set(err, "cannot read the HTTP status from %s", response->host);
	}
	read_headers(http->curl, response);
	/* An empty answer is an empty string, not NULL. */
	if (!ds_buffer_reserve(&sink.body, 0)) {
		return ds_error_set(err, "out of memory");
	}
	response->body = sink.body.data;
	response->body_len = sink.body.len;
	return true;
}

static void sleep_ms(int64_t ms) {
	struct timespec wait = {.tv_sec = (time_t)(ms / 1000), .tv_nsec = (long)(ms % 1000) * 1000000L};
	while (nanosleep(&wait, &wait) != 0 && errno == EINTR) {
	}
}

ds_http_retry_step ds_http_retry_decide(long status, double retry_after, int attempts,
                                        int64_t remaining_ms, int64_t *wait_ms) {
	*wait_ms = 0;
	if (status != 429 && status != 503) {
		return DS_HTTP_ANSWERED;
	}
	if (attempts >= DS_HTTP_MAX_ATTEMPTS) {
		return DS_HTTP_STOP_ATTEMPTS;
	}
	double wait_s = retry_after >= 0 ? retry_after : BACKOFF_WITHOUT_RETRY_AFTER;
	/* Compared as doubles, so that no wait is converted before it is known to fit. */
	double wanted_ms = ceil(wait_s * 1000.0);
	if (!(wanted_ms < (double)remaining_ms - RETRY_REQUEST_ROOM_MS)) {
		/* Too late when the wait itself ends after the deadline; "retry at once" with
		 * no time left is a lack of time. */
		bool too_late = retry_after > 0 && !(wanted_ms < (double)remaining_ms);
		return too_late ? DS_HTTP_STOP_TOO_LATE : DS_HTTP_STOP_NO_TIME;
	}
	*wait_ms = (int64_t)wanted_ms;
	return DS_HTTP_RETRY;
}

bool ds_http_perform_retrying(ds_http *http, const ds_http_request *request,
                              const ds_deadline *deadline, ds_http_response *response,
                              ds_error *err) {
	for (int attempts = 1;; attempts++) {
		if (!ds_http_perform(http, request, deadline, response, err)) {
			return false;
		}
		int64_t wait_ms = 0;
		ds_http_retry_step step =
		    ds_http_retry_decide(response->status, response->retry_after, attempts,
		                         ds_deadline_remaining_ms(deadline), &wait_ms);
		response->attempts = attempts;
		if (step != DS_HTTP_RETRY) {
			response->retry_step = step;
			return true;
		}
		ds_http_response_free(response);
		sleep_ms(wait_ms);
	}
}

/* A cut clause is still a sentence worth showing, so the results are not checked. */
void ds_http_retry_clause(const ds_http_response *r, char *buf, size_t size) {
	double after = r->retry_after;
	if (r->retry_step == DS_HTTP_STOP_ATTEMPTS) {
		(void)ds_format_text(buf, size, "answered so to all %d requests%s: check less often",
		                     r->attempts,
		                     after == 0 ? ", each asking to retry at once (Retry-After: 0)" : "");
	} else if (r->retry_step == DS_HTTP_STOP_TOO_LATE && after > ONE_DAY_S) {
		(void)ds_format_text(buf, size,
		                     "asks to retry in more than a day, later than the "
		                     "timeout allows: check again later");
	} else if (r->retry_step == DS_HTTP_STOP_TOO_LATE) {
		(void)ds_format_text(buf, size,
		                     "asks to retry after %.1f s, later than the timeout allows: raise "
		                     "-t or check less often",
		                     after);
	} else if (r->retry_step == DS_HTTP_STOP_NO_TIME && after >= 0) {
		(void)ds_format_text(buf, size,
		                     "asks to retry after %.1f s, but the timeout left no time for "
		                     "another request: raise -t",
		                     after);
	} else if (r->retry_step == DS_HTTP_STOP_NO_TIME) {
		(void)ds_format_text(
		    buf, size, "the timeout left no time to retry%s: raise -t",
		    r->retry_after_unusable ? " (its Retry-After is neither seconds nor a date)" : "");
	} else {
		(void)ds_format_text(buf, size, "was not retried");
	}
}

void ds_http_response_free(ds_http_response *response) {
	if (response->body != NULL) {
		OPENSSL_cleanse(response->body, response->body_len);
		free(response->body);
	}
	response->body = NULL;
	response->body_len = 0;
}

/* An HTTP date in GMT: IMF-fixdate ("Sun, 06 Nov 1994 08:49:37 GMT") or the obsolete
 * RFC 850 form, read by libcurl; a date past is 0. libcurl would also apply other zones
 * ("CET"), which RFC 9110 does not allow, so the zone must be GMT. */
static double parse_http_date(const char *value, int64_t now) {
	static const char zone[] = " GMT";
	size_t len = strlen(value);
	if (len < sizeof zone || strcmp(value + len - (sizeof zone - 1), zone) != 0) {
		return -1;
	}
	time_t when = curl_getdate(value, NULL);
	if (when == -1) {
		return -1;
	}
	/* As doubles: no difference of two 64-bit times can overflow. */
	double wait = (double)when - (double)now;
	if (wait < 0) {
		return 0;
	}
	return wait > DS_HTTP_RETRY_AFTER_MAX ? DS_HTTP_RETRY_AFTER_MAX : wait;
}

/* Past one or more digits; NULL when there is none. */
static const char *skip_digits(const char *p) {
	size_t count = strspn(p, "0123456789");
	return count > 0 ? p + count : NULL;
}

/* digits ["." digits] [("e" | "E") ["+" | "-"] digits]: what strtod reads as a plain
 * decimal, without the hex, inf and nan forms it also takes. */
static bool decimal_syntax(const char *p) {
	p = skip_digits(p);
	if (p != NULL && *p == '.') {
		p = skip_digits(p + 1);
	}
	if (p != NULL && (*p == 'e' || *p == 'E')) {
		p = skip_digits(p + 1 + (p[1] == '+' || p[1] == '-'));
	}
	return p != NULL && *p == '\0';
}

double ds_http_parse_retry_after(const char *value, int64_t now) {
	if (value == NULL || value[0] == '\0') {
		return -1;
	}
	if (decimal_syntax(value)) {
		/* Out of range is fine here: 1e999 reads as HUGE_VAL, which the cap takes. */
		double seconds = strtod(value, NULL);
		if (isnan(seconds) || seconds < 0) {
			return -1;
		}
		return seconds > DS_HTTP_RETRY_AFTER_MAX ? DS_HTTP_RETRY_AFTER_MAX : seconds;
	}
	return parse_http_date(value, now);
}

bool ds_url_encode(const char *value, char *out, size_t size) {
	static const char hex[] = "0123456789ABCDEF";
	size_t len = 0;
	for (const unsigned char *p = (const unsigned char *)value; *p != '\0'; p++) {
		bool plain = (*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') ||
		             ds_is_digit((char)*p) || *p == '-' || *p == '.' || *p == '_' || *p == '~';
		size_t need = plain ? 1 : 3;
		if (len + need >= size) {
			if (size > 0) {
				out[0] = '\0';
			}
			return false;
		}
		if (plain) {
			out[len++] = (char)*p;
		} else {
			out[len++] = '%';
			out[len++] = hex[*p >> 4];
			out[len++] = hex[*p & 15];
		}
	}
	out[len] = '\0';
	return true;
}

static bool form_append(ds_buffer *form, const char *text, ds_error *err) {
	if (!ds_buffer_append(form, text, strlen(text))) {
		return ds_error_set(err, "out of memory building a request");
	}
	return true;
}

static bool form_append_encoded(ds_buffer *form, const char *value, ds_error *err) {
	size_t worst = strlen(value) * 3 + 1;
	if (!ds_buffer_reserve(form, worst)) {
		return ds_error_set(err, "out of memory building a request");
	}
	if (!ds_url_encode(value, form->data + form->len, worst + 1)) {
		return ds_error_set(err, "cannot encode a request value");
	}
	form->len += strlen(form->data + form->len);
	return true;
}

bool ds_form_add(ds_buffer *form, const char *name, const char *value, ds_error *err) {
	size_t saved_len = form->len;
	if ((form->len > 0 && !form_append(form, "&", err)) || !form_append_encoded(form, name, err) ||
	    !form_append(form, "=", err) || !form_append_encoded(form, value, err)) {
		ds_buffer_truncate(form, saved_len);
		return false;
	}
	return true;
}

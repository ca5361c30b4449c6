/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (C) 2026 The dirsync-plugins developers */
#include "cloud/identity.h"

#include <curl/curl.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/sys.h"
#include "core/number.h"
#include "core/text.h"
#include "cloud/token_cache.h"
#include <openssl/crypto.h>

#define FEDERATED_TOKEN_MAX     65536
#define IMDS_API_VERSION        "2018-02-01"
#define APP_SERVICE_API_VERSION "2019-08-01"

static const char *kind_name(ds_credential_kind kind) {
	switch (kind) {
		case DS_CREDENTIAL_SECRET:
			return "client-secret";
		case DS_CREDENTIAL_CERTIFICATE:
			return "certificate";
		case DS_CREDENTIAL_FEDERATED:
			return "federated";
		case DS_CREDENTIAL_MANAGED_IDENTITY:
			return "managed-identity";
		case DS_CREDENTIAL_NONE:
			break;
	}
	return "none";
}

/* What identifies the credential in the cache key without loading it: a replaced
 * certificate file has another inode or mtime, so it gets another key. */
static void credential_identity(const ds_identity_config *config, char *out, size_t size) {
	struct stat st;
	switch (config->kind) {
		case DS_CREDENTIAL_SECRET:
			(void)snprintf(out, size, "%s", config->secret);
			break;
		case DS_CREDENTIAL_CERTIFICATE:
			if (stat(config->certificate_path, &st) == 0) {
				(void)snprintf(out, size, "%s:%lu:%lu:%lld:%lld:%d", config->certificate_path,
				               (unsigned long)st.st_dev, (unsigned long)st.st_ino,
				               (long long)st.st_mtime, (long long)st.st_size,
				               (int)config->assertion_alg);
			} else {
				(void)snprintf(out, size, "%s", config->certificate_path);
			}
			break;
		case DS_CREDENTIAL_FEDERATED:
			(void)snprintf(out, size, "%s", config->federated_token_file);
			break;
		case DS_CREDENTIAL_MANAGED_IDENTITY:
			(void)snprintf(out, size, "%s|%s",
			               config->identity_endpoint != NULL ? config->identity_endpoint
			                                                 : config->imds_host,
			               config->client_id != NULL ? config->client_id : "system-assigned");
			break;
		case DS_CREDENTIAL_NONE:
			out[0] = '\0';
	}
}

static bool open_cache(const ds_identity_config *config, ds_token_cache *cache, ds_error *err) {
	char credential[2048];
	credential_identity(config, credential, sizeof credential);
	const char *parts[] = {
	    kind_name(config->kind),
	    config->authority != NULL ? config->authority : "",
	    config->tenant != NULL ? config->tenant : "",
	    config->client_id != NULL ? config->client_id : "",
	    config->resource,
	    credential,
	};
	char key[DS_TOKEN_CACHE_KEY_LEN + 1];
	bool ok = ds_token_cache_key(parts, sizeof parts / sizeof parts[0], key, err) &&
	          ds_token_cache_open(cache, config->cache_dir, key, err);
	OPENSSL_cleanse(credential, sizeof credential);
	return ok;
}

static bool read_federated_token(const char *path, char **out, ds_error *err) {
	char *text;
	if (!ds_read_file(path, FEDERATED_TOKEN_MAX, "the federated token file", DS_READ_SECRET, &text,
	                  err)) {
		return false;
	}
	size_t len = strlen(text);
	while (len > 0 && (text[len - 1] == '\n' || text[len - 1] == '\r' || text[len - 1] == ' ')) {
		text[--len] = '\0';
	}
	if (len == 0) {
		free(text);
		return ds_error_set(err, "the federated token file %s is empty", path);
	}
	*out = text;
	return true;
}

static void wipe_free_string(char *text) {
	if (text != NULL) {
		OPENSSL_cleanse(text, strlen(text));
		free(text);
	}
}

/* The client-credentials form: secret, certificate assertion or federated assertion. */
static bool build_form(const ds_identity_config *config, const char *token_url, int64_t now,
                       ds_buffer *form, ds_error *err) {
	char scope[512];
	if (snprintf(scope, sizeof scope, "%s/.default", config->resource) >= (int)sizeof scope) {
		return ds_error_set(err, "the Graph URL is too long");
	}
	if (!ds_form_add(form, "client_id", config->client_id, err) ||
	    !ds_form_add(form, "scope", scope, err) ||
	    !ds_form_add(form, "grant_type", "client_credentials", err)) {
		return false;
	}
	if (config->kind == DS_CREDENTIAL_SECRET) {
		return ds_form_add(form, "client_secret", config->secret, err);
	}
	char *assertion = NULL;
	if (config->kind == DS_CREDENTIAL_CERTIFICATE) {
		ds_certificate *cert = NULL;
		if (!ds_certificate_load(config->certificate_path, &cert, err)) {
			return false;
		}
		bool signed_ok = ds_client_assertion(cert, config->assertion_alg, config->client_id,
		                                     token_url, now, &assertion, err);
		ds_certificate_free(cert);
		if (!signed_ok) {
			return false;
		}
	} else if (!read_federated_token(config->federated_token_file, &assertion, err)) {
		return false;
	}
	bool ok = ds_form_add(form, "client_assertion_type",
	                      "urn:ietf:params:oauth:client-assertion-type:jwt-bearer", err) &&
	          ds_form_add(form, "client_assertion", assertion, err);
	wipe_free_string(assertion);
	return ok;
}

static bool describe_credential(const ds_identity_config *config, char *out, size_t size) {
	switch (config->kind) {
		case DS_CREDENTIAL_SECRET:
			return snprintf(out, size, "the client secret") > 0;
		case DS_CREDENTIAL_CERTIFICATE:
			return snprintf(out, size, "certificate %s", config->certificate_path) > 0;
		case DS_CREDENTIAL_FEDERATED:
			return snprintf(out, size, "%s", config->federated_token_file) > 0;
		case DS_CREDENTIAL_MANAGED_IDENTITY:
			return snprintf(out, size, "the managed identity") > 0;
		case DS_CREDENTIAL_NONE:
			break;
	}
	return false;
}

/* A 429 or 503 that ds_http_perform_retrying gave up on: what the service asked and the
 * fix, rather than the error text of the answer (which does not say why it stopped). */
static bool throttled(const ds_http_response *response, const char *service, ds_error *err) {
	char clause[200];
	ds_http_retry_clause(response, clause, sizeof clause);
	return ds_error_set(err, "%s at %s is %s (HTTP %ld) and %s", service, response->host,
	                    response->status == 429 ? "throttling this app" : "unavailable",
	                    response->status, clause);
}

static bool is_throttled(const ds_http_response *response) {
	return response->status == 429 || response->status == 503;
}

/* The answer of a token endpoint (named in the sentences), freed and wiped: it holds the
 * access token. */
static bool read_token_answer(ds_http_response *response, const char *endpoint,
                              const ds_token_context *context, ds_access_token *token,
                              ds_error *err) {
	bool ok =
	    is_throttled(response)
	        ? throttled(response, endpoint, err)
	        : ds_token_response_parse(response->status, response->body, response->body_len,
	                                  response->content_type, ds_now_epoch(), context, token, err);
	ds_http_response_free(response);
	return ok;
}

static bool fetch_client_credentials(ds_http *http, const ds_identity_config *config,
                                     const ds_deadline *deadline, ds_access_token *token,
                                     ds_identity_trace *trace, ds_error *err) {
	char token_url[1024];
	if (snprintf(token_url, sizeof token_url, "%s/%s/oauth2/v2.0/token", config->authority,
	             config->tenant) >= (int)sizeof token_url) {
		return ds_error_set(err, "the authority URL or tenant is too long");
	}
	(void)ds_format_text(trace->source, sizeof trace->source, "token endpoint %s", token_url);
	int64_t now = ds_now_epoch();
	ds_buffer form = {0};
	if (!build_form(config, token_url, now, &form, err)) {
		ds_buffer_free(&form);
		return false;
	}
	ds_http_request request = {
	    .method = "POST",
	    .url = token_url,
	    .headers = {"Content-Type: application/x-www-form-urlencoded", "Accept: application/json",
	                NULL},
	    .body = form.data,
	};
	ds_http_response response;
	bool ok = ds_http_perform_retrying(http, &request, deadline, &response, err);
	ds_buffer_free(&form);
	if (!ok) {
		return ds_error_prefix(err, "requesting a token: ");
	}
	char credential[600];
	describe_credential(config, credential, sizeof credential);
	ds_token_context context = {.host = response.host,
	                            .tenant = config->tenant,
	                            .client_id = config->client_id,
	                            .credential = credential,
	                            .assertion_signed_here = config->kind == DS_CREDENTIAL_CERTIFICATE};
	return read_token_answer(&response, "the token endpoint", &context, token, err);
}

static bool fetch_managed_identity(ds_http *http, const ds_identity_config *config,
                                   const ds_deadline *deadline, ds_access_token *token,
                                   ds_identity_trace *trace, ds_error *err) {
	char resource[512];
	char encoded_resource[1024];
	char client[256] = "";
	if (snprintf(resource, sizeof resource, "%s/", config->resource) >= (int)sizeof resource ||
	    !ds_url_encode(resource, encoded_resource, sizeof encoded_resource)) {
		return ds_error_set(err, "the Graph URL is too long");
	}
	if (config->client_id != NULL) {
		char encoded[200];
		if (!ds_url_encode(config->client_id, encoded, sizeof encoded)) {
			return ds_error_set(err, "the managed identity client id is too long");
		}
		(void)snprintf(client, sizeof client, "&client_id=%s", encoded);
	}
	char url[2048];
	char header[600];
	bool app_service = config->identity_endpoint != NULL && config->identity_header != NULL;
	int written;
	if (app_service) {
		written =
		    snprintf(url, sizeof url, "%s?resource=%s&api-version=" APP_SERVICE_API_VERSION "%s",
		             config->identity_endpoint, encoded_resource, client);
		(void)snprintf(header, sizeof header, "X-IDENTITY-HEADER: %s", config->identity_header);
	} else {
		written = snprintf(url, sizeof url,
		                   "%s/metadata/identity/oauth2/token?api-version=" IMDS_API_VERSION
		                   "&resource=%s%s",
		                   config->imds_host, encoded_resource, client);
		(void)snprintf(header, sizeof header, "Metadata: true");
	}
	if (written < 0 || written >= (int)sizeof url) {
		return ds_error_set(err, "the managed identity endpoint URL is too long");
	}
	(void)ds_format_text(trace->source, sizeof trace->source, "%s",
	                     app_service ? "managed identity endpoint (IDENTITY_ENDPOINT)"
	                                 : "instance metadata service (IMDS)");
	/* The metadata services are local, plain HTTP and never behind a proxy. */
	ds_http_request request = {.method = "GET",
	                           .url = url,
	                           .headers = {header, "Accept: application/json", NULL},
	                           .direct = true};
	ds_http_response response;
	bool ok = ds_http_perform_retrying(http, &request, deadline, &response, err);
	OPENSSL_cleanse(header, sizeof header);
	if (!ok) {
		return ds_error_prefix(err, "asking the managed identity endpoint: ");
	}
	ds_token_context context = {.host = response.host,
	                            .tenant = "(managed identity)",
	                            .client_id = config->client_id != NULL ? config->client_id
	                                                                   : "(system-assigned)",
	                            .credential = "the managed identity"};
	return read_token_answer(&response, "the managed identity endpoint", &context, token, err);
}

static bool fetch(ds_http *http, const ds_identity_config *config, const ds_deadline *deadline,
                  ds_access_token *token, ds_identity_trace *trace, ds_error *err) {
	if (config->kind == DS_CREDENTIAL_MANAGED_IDENTITY) {
		return fetch_managed_identity(http, config, deadline, token, trace, err);
	}
	return fetch_client_credentials(http, config, deadline, token, trace, err);
}

static bool take_cached(const ds_token_cache *cache, ds_access_token *token,
                        ds_identity_trace *trace) {
	char *value = NULL;
	int64_t expires_on = 0;
	int64_t now = ds_now_epoch();
	if (!ds_token_cache_get(cache, now, DS_TOKEN_REUSE_MARGIN, &value, &expires_on)) {
		return false;
	}
	/* An entry that outlives any token was written while this server's clock ran ahead;
	 * trusting it would keep one token for days after the service stopped taking it. */
	if (expires_on - now > DS_TOKEN_LIFETIME_MAX) {
		ds_access_token stale = {.value = value};
		ds_access_token_free(&stale);
		return false;
	}
	token->value = value;
	token->expires_on = expires_on;
	token->from_cache = true;
	(void)ds_format_text(trace->source, sizeof trace->source, "token cache %s", cache->dir);
	return true;
}

bool ds_identity_get_token(ds_http *http, const ds_identity_config *config,
                           const ds_deadline *deadline, ds_access_token *token,
                           ds_identity_trace *trace, ds_error *err) {
	memset(token, 0, sizeof *token);
	memset(trace, 0, sizeof *trace);
	if (config->cache_dir == NULL) {
		return fetch(http, config, deadline, token, trace, err);
	}
	ds_token_cache cache;
	ds_error cache_err;
	if (!open_cache(config, &cache, &cache_err)) {
		trace->cache_unusable = true;
		(void)ds_format_text(trace->cache_note, sizeof trace->cache_note, "%s", cache_err.text);
		return fetch(http, config, deadline, token, trace, err);
	}
	if (take_cached(&cache, token, trace)) {
		return true;
	}
	int64_t before = ds_monotonic_ms();
	if (!ds_token_cache_lock(&cache, deadline, err)) {
		err->timed_out = ds_deadline_expired(deadline);
		ds_token_cache_close(&cache);
		return false;
	}
	trace->waited_for_lock = ds_monotonic_ms() - before > 50;
	/* Another run may have fetched a token while this one waited for the lock. */
	bool ok = take_cached(&cache, token, trace);
	if (!ok) {
		ok = fetch(http, config, deadline, token, trace, err);
		if (ok && !ds_token_cache_put(&cache, token->value, token->expires_on, &cache_err)) {
			trace->cache_unusable = true;
			(void)ds_format_text(trace->cache_note, sizeof trace->cache_note, "%s", cache_err.text);
		}
	}
	ds_token_cache_close(&cache);
	return ok;
}

void ds_identity_forget_token(const ds_identity_config *config) {
	if (config->cache_dir == NULL) {
		return;
	}
	ds_token_cache cache;
	if (open_cache(config, &cache, NULL)) {
		ds_token_cache_remove(&cache);
		ds_token_cache_close(&cache);
	}
}

/* A dotted IPv4 address (as libcurl's URL parser writes one) whose first part is first. */
static bool ipv4_starting_with(const char *host, unsigned first) {
	unsigned parts[4];
	size_t count = 0;
	const char *p = host;
	while (count < 4) {
		uint64_t value = 0;
		size_t digits = 0;
		/* At most 3 digits a part: "0001" is not how libcurl writes an address. */
		if (ds_number_prefix((ds_span){p, 3}, 255, &value, &digits) != DS_NUMBER_OK) {
			return false;
		}
		p += digits;
		parts[count++] = (unsigned)value;
		if (count < 4 && *p++ != '.') {
			return false;
		}
	}
	return *p == '\0' && parts[0] == first;
}

/* The hosts a managed identity's token may reach over plain http: this machine, and the
 * link-local instance metadata service, which never leaves the host's virtual NIC. */
static bool local_metadata_host(const char *host) {
	return strcasecmp(host, "localhost") == 0 || strcmp(host, "[::1]") == 0 ||
	       strcmp(host, "169.254.169.254") == 0 || ipv4_starting_with(host, 127);
}

bool ds_identity_check_endpoint(const char *variable, const char *url, ds_error *err) {
	CURLU *parsed = curl_url();
	if (parsed == NULL) {
		return ds_error_set(err, "out of memory");
	}
	char *scheme = NULL;
	char *host = NULL;
	bool ok = curl_url_set(parsed, CURLUPART_URL, url, 0) == CURLUE_OK &&
	          curl_url_get(parsed, CURLUPART_SCHEME, &scheme, 0) == CURLUE_OK &&
	          curl_url_get(parsed, CURLUPART_HOST, &host, 0) == CURLUE_OK;
	/* The value is not quoted: a URL may carry a user and password. */
	if (!ok) {
		ds_error_set(err, "%s is not a URL: give https://HOST[:PORT]", variable);
	} else if (strcmp(scheme, "https") == 0) {
		ok = true;
	} else if (strcmp(scheme, "http") == 0 && local_metadata_host(host)) {
		ok = true;
	} else {
		ok = ds_error_set(err,
		                  "%s must be an https:// URL: the managed identity's token comes back "
		                  "over it, and plain http is allowed only to this machine (127.0.0.0/8, "
		                  "::1, localhost) or to 169.254.169.254",
		                  variable);
	}
	curl_free(scheme);
	curl_free(host);
	curl_url_cleanup(parsed);
	return ok;
}

bool ds_credential_file_exposed(const char *path, char *note, size_t size) {
	struct stat st;
	if (path == NULL || stat(path, &st) != 0) {
		return false;
	}
	if (st.st_uid != geteuid()) {
		(void)ds_format_text(note, size,
		                     "%s belongs to another user (uid %lu), who can read it: give it to "
		                     "the plugin's user and chmod 600 %s",
		                     path, (unsigned long)st.st_uid, path);
		return true;
	}
	if ((st.st_mode & 077) != 0) {
		(void)ds_format_text(note, size, "%s can be read by others: chmod 600 %s", path, path);
		return true;
	}
	return false;
}

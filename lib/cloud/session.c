/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (C) 2026 The dirsync-plugins developers */
#include "cloud/session.h"

#include <stdlib.h>
#include <string.h>

#include "cloud/clouds.h"
#include "cloud/graph.h"
#include "cloud/token_cache.h"
#include "core/text.h"
#include "core/wipe.h"

#define SECRET_FILE_MAX   4096
#define DEFAULT_IMDS_HOST "http://169.254.169.254"

/* A variable that is set and not empty, else NULL. */
static const char *env(const ds_cloud_settings *o, const char *name) {
	const char *value = o->environment != NULL ? o->environment(name) : getenv(name);
	return value != NULL && value[0] != '\0' ? value : NULL;
}

static bool read_secret_file(const char *path, char **out, ds_error *err) {
	char *text;
	/* The path is not quoted: a secret given by mistake as the file must not show. */
	if (!ds_read_file(path, SECRET_FILE_MAX, "the file of --client-secret-file",
	                  DS_READ_SECRET | DS_READ_HIDE_PATH, &text, err)) {
		ds_error cause = *err;
		return ds_error_set(err, "%s: check the path and that the plugin's user may read it",
		                    cause.text);
	}
	size_t len = strlen(text);
	size_t line = strcspn(text, "\r\n");
	while (line > 0 && (text[line - 1] == ' ' || text[line - 1] == '\t')) {
		line--;
	}
	ds_wipe(text + line, len - line);
	if (line == 0) {
		free(text);
		return ds_error_set(err,
		                    "the client secret file %s is empty: put the secret's Value on its "
		                    "first line",
		                    path);
	}
	*out = text;
	return true;
}

/* Picks the one credential: options first, then the Azure SDK variables in their order. */
static bool resolve_credential(const ds_cloud_settings *o, ds_cloud_session *s, ds_error *err) {
	ds_identity_config *id = &s->identity;
	unsigned given = (o->secret_file != NULL || o->secret_argument != NULL) +
	                 (o->certificate != NULL) + (o->federated_token_file != NULL) +
	                 o->managed_identity;
	const char *secret = NULL;
	id->certificate_path = o->certificate;
	id->federated_token_file = o->federated_token_file;
	id->assertion_alg = o->assertion_alg;
	if (given > 1) {
		return ds_error_set(err, "more than one credential given: choose one of "
		                         "--client-secret(-file), --certificate, --federated-token-file "
		                         "and --managed-identity");
	}
	if (given == 0) {
		if (env(o, "AZURE_CLIENT_SECRET") != NULL) {
			secret = env(o, "AZURE_CLIENT_SECRET");
			s->secret_origin = "$AZURE_CLIENT_SECRET";
		} else if (env(o, "AZURE_CLIENT_CERTIFICATE_PATH") != NULL) {
			id->certificate_path = env(o, "AZURE_CLIENT_CERTIFICATE_PATH");
		} else if (env(o, "AZURE_FEDERATED_TOKEN_FILE") != NULL) {
			id->federated_token_file = env(o, "AZURE_FEDERATED_TOKEN_FILE");
		} else {
			return ds_error_set(err, "no credential: give --client-secret-file, --certificate, "
			                         "--federated-token-file or --managed-identity (or set "
			                         "AZURE_CLIENT_SECRET)");
		}
	} else if (o->secret_file != NULL) {
		if (!read_secret_file(o->secret_file, &s->secret, err)) {
			return false;
		}
		s->secret_origin = o->secret_file;
	} else if (o->secret_argument != NULL) {
		secret = o->secret_argument;
		s->secret_origin = "--client-secret";
	}
	if (secret != NULL && (s->secret = strdup(secret)) == NULL) {
		return ds_error_set(err, "out of memory");
	}
	id->secret = s->secret;
	id->kind = o->managed_identity            ? DS_CREDENTIAL_MANAGED_IDENTITY
	           : s->secret != NULL            ? DS_CREDENTIAL_SECRET
	           : id->certificate_path != NULL ? DS_CREDENTIAL_CERTIFICATE
	                                          : DS_CREDENTIAL_FEDERATED;
	return true;
}

static bool resolve_identity(const ds_cloud_settings *o, ds_cloud_session *s, ds_error *err) {
	ds_identity_config *id = &s->identity;
	if (id->kind == DS_CREDENTIAL_MANAGED_IDENTITY) {
		id->client_id = o->managed_identity_client_id;
		id->imds_host = env(o, "AZURE_POD_IDENTITY_AUTHORITY_HOST") != NULL
		                    ? env(o, "AZURE_POD_IDENTITY_AUTHORITY_HOST")
		                    : DEFAULT_IMDS_HOST;
		id->identity_endpoint = env(o, "IDENTITY_ENDPOINT");
		id->identity_header = env(o, "IDENTITY_HEADER");
		/* Only the endpoint that will be asked is judged (the App Service one needs both). */
		if (id->identity_endpoint != NULL && id->identity_header != NULL) {
			return ds_identity_check_endpoint("IDENTITY_ENDPOINT", id->identity_endpoint, err);
		}
		return ds_identity_check_endpoint("AZURE_POD_IDENTITY_AUTHORITY_HOST", id->imds_host, err);
	}
	id->tenant = o->tenant != NULL ? o->tenant : env(o, "AZURE_TENANT_ID");
	id->client_id = o->client_id != NULL ? o->client_id : env(o, "AZURE_CLIENT_ID");
	if (id->tenant == NULL) {
		return ds_error_set(err, "no tenant: give --tenant (directory ID or domain) or set "
		                         "AZURE_TENANT_ID");
	}
	if (id->client_id == NULL) {
		return ds_error_set(err, "no application: give --client-id or set AZURE_CLIENT_ID");
	}
	return true;
}

/* "https://host[/...]" without a trailing slash, copied into out. */
static bool https_url(const char *option, const char *value, char *out, size_t size,
                      ds_error *err) {
	if (strncmp(value, "https://", 8) != 0 || value[8] == '\0' || value[8] == '/') {
		return ds_error_set(err, "invalid %s '%s': expected an https:// URL", option, value);
	}
	size_t len = strlen(value);
	while (len > 8 && value[len - 1] == '/') {
		len--;
	}
	if (len >= size) {
		return ds_error_set(err, "the %s URL is too long", option);
	}
	memcpy(out, value, len);
	out[len] = '\0';
	return true;
}

static bool resolve_endpoints(const ds_cloud_settings *o, ds_cloud_session *s, ds_error *err) {
	const ds_cloud *cloud = NULL;
	if (!ds_cloud_find(o->cloud != NULL ? o->cloud : "global", &cloud, err)) {
		return false;
	}
	const char *authority = o->authority != NULL ? o->authority
	                        : env(o, "AZURE_AUTHORITY_HOST") != NULL
	                            ? env(o, "AZURE_AUTHORITY_HOST")
	                            : cloud->authority;
	const char *graph = o->graph_url != NULL ? o->graph_url : cloud->graph;
	if (!https_url("authority-host", authority, s->authority, sizeof s->authority, err) ||
	    !https_url("graph-url", graph, s->graph, sizeof s->graph, err)) {
		return false;
	}
	s->identity.authority = s->authority;
	s->identity.resource = s->graph;
	return true;
}

static void resolve_cache(const ds_cloud_settings *o, ds_cloud_session *s) {
	ds_error err;
	if (o->token_cache == NULL) {
		if (ds_token_cache_default_dir(s->cache_dir, sizeof s->cache_dir, &err)) {
			s->identity.cache_dir = s->cache_dir;
		} else {
			(void)ds_format_text(s->cache_note, sizeof s->cache_note, "%s", err.text);
		}
	} else if (strcmp(o->token_cache, "none") != 0) {
		s->identity.cache_dir = o->token_cache;
	}
}

bool ds_cloud_resolve(const ds_cloud_settings *o, const char *user_agent, ds_cloud_session *s,
                      ds_error *err) {
	memset(s, 0, sizeof *s);
	if (!resolve_credential(o, s, err) || !resolve_identity(o, s, err) ||
	    !resolve_endpoints(o, s, err)) {
		return false;
	}
	resolve_cache(o, s);
	(void)ds_format_text(s->user_agent, sizeof s->user_agent, "%s", user_agent);
	ds_http_options http_options = {
	    .ca_file = o->ca_file, .proxy = o->proxy, .user_agent = s->user_agent};
	if (!ds_http_init(&s->http, &http_options, err)) {
		return false;
	}
	s->http_ready = true;
	return true;
}

/* A secret or key file that others can read is worth a note at every verbosity; the
 * state stays what the check finds. */
static void note_exposed_files(const ds_cloud_session *s, ds_verdict *verdict) {
	const ds_identity_config *id = &s->identity;
	/* The secret's origin is its file, unless it came from the argument or environment. */
	const char *secret_file = s->secret_origin != NULL && s->secret_origin[0] != '$' &&
	                                  strcmp(s->secret_origin, "--client-secret") != 0
	                              ? s->secret_origin
	                              : NULL;
	const char *files[] = {
	    id->kind == DS_CREDENTIAL_SECRET ? secret_file : NULL,
	    id->kind == DS_CREDENTIAL_CERTIFICATE ? id->certificate_path : NULL,
	    id->kind == DS_CREDENTIAL_FEDERATED ? id->federated_token_file : NULL,
	};
	for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
		char note[DS_ERROR_TEXT_MAX];
		if (files[i] != NULL && ds_credential_file_exposed(files[i], note, sizeof note)) {
			ds_verdict_detail(verdict, "%s", note);
		}
	}
}

void ds_cloud_describe(const ds_cloud_session *s, unsigned verbosity, ds_verdict *verdict) {
	static const char *const kinds[] = {"none", "client secret", "certificate", "federated token",
	                                    "managed identity"};
	const ds_identity_config *id = &s->identity;
	if (s->cache_note[0] != '\0') {
		ds_verdict_detail(verdict, "token cache not used: %s", s->cache_note);
	}
	note_exposed_files(s, verdict);
	if (verbosity < 1) {
		return;
	}
	ds_verdict_detail(verdict, "credential: %s%s%s", kinds[id->kind],
	                  s->secret_origin != NULL ? " from " : "",
	                  s->secret_origin != NULL ? s->secret_origin : "");
	if (verbosity >= 2) {
		ds_verdict_detail(verdict, "tenant %s, client %s", id->tenant != NULL ? id->tenant : "-",
		                  id->client_id != NULL ? id->client_id : "-");
		ds_verdict_detail(verdict, "authority %s, Graph %s, token cache %s", s->authority, s->graph,
		                  id->cache_dir != NULL ? id->cache_dir : "off");
	}
}

static bool get_token(ds_cloud_session *s, const ds_deadline *deadline, unsigned verbosity,
                      ds_verdict *verdict, ds_access_token *token, ds_error *err) {
	ds_identity_trace trace;
	bool ok = ds_identity_get_token(&s->http, &s->identity, deadline, token, &trace, err);
	if (verbosity >= 1 && trace.source[0] != '\0') {
		ds_verdict_detail(verdict, "access token from the %s%s", trace.source,
		                  trace.waited_for_lock ? " (waited for another run to fetch it)" : "");
	}
	if (trace.cache_unusable) {
		ds_verdict_detail(verdict, "token cache not used: %s", trace.cache_note);
	}
	return ok;
}

bool ds_cloud_graph_get(ds_cloud_session *s, const char *path, const char *permission,
                        const ds_deadline *deadline, unsigned verbosity, ds_verdict *verdict,
                        ds_http_response *response, ds_error *err) {
	for (int attempt = 0; attempt < 2; attempt++) {
		ds_access_token token;
		if (!get_token(s, deadline, verbosity, verdict, &token, err)) {
			return false;
		}
		ds_graph_result result = ds_graph_get(&s->http, s->graph, path, token.value, permission,
		                                      deadline, response, err);
		bool retry = result == DS_GRAPH_TOKEN_REFUSED && token.from_cache;
		ds_access_token_free(&token);
		if (result == DS_GRAPH_OK) {
			return true;
		}
		if (result == DS_GRAPH_TOKEN_REFUSED) {
			ds_identity_forget_token(&s->identity);
		}
		if (!retry) {
			return false;
		}
		ds_verdict_detail(verdict, "Graph refused the cached token; fetching a new one");
	}
	return false;
}

void ds_cloud_close(ds_cloud_session *s) {
	ds_wipe_free_string(s->secret);
	s->secret = NULL;
	s->identity.secret = NULL;
	if (s->http_ready) {
		ds_http_cleanup(&s->http);
		s->http_ready = false;
	}
}

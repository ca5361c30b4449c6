/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (C) 2026 The dirsync-plugins developers */
#include "config.h"

#include "common/cloud_cli.h"

#include <string.h>

bool ds_cloud_take_option(int option, const char *value, void *settings, ds_error *err) {
	ds_cloud_settings *o = settings;
	switch (option) {
		case DS_CLOUD_OPT_TENANT:
			o->tenant = value;
			return true;
		case DS_CLOUD_OPT_CLIENT_ID:
			o->client_id = value;
			return true;
		case DS_CLOUD_OPT_CLIENT_SECRET:
			o->secret_argument = value;
			o->secret_file = NULL;
			return true;
		case DS_CLOUD_OPT_CLIENT_SECRET_FILE:
			o->secret_file = value;
			o->secret_argument = NULL;
			return true;
		case DS_CLOUD_OPT_CERTIFICATE:
			o->certificate = value;
			return true;
		case DS_CLOUD_OPT_ASSERTION_ALG:
			if (strcmp(value, "PS256") == 0) {
				o->assertion_alg = DS_ASSERTION_PS256;
			} else if (strcmp(value, "RS256") == 0) {
				o->assertion_alg = DS_ASSERTION_RS256;
			} else {
				return ds_error_set(err, "invalid assertion-alg '%s': expected PS256 or RS256",
				                    value);
			}
			return true;
		case DS_CLOUD_OPT_FEDERATED_TOKEN_FILE:
			o->federated_token_file = value;
			return true;
		case DS_CLOUD_OPT_MANAGED_IDENTITY:
			o->managed_identity = true;
			o->managed_identity_client_id = value;
			return true;
		case DS_CLOUD_OPT_CLOUD:
			o->cloud = value;
			return true;
		case DS_CLOUD_OPT_AUTHORITY_HOST:
			o->authority = value;
			return true;
		case DS_CLOUD_OPT_GRAPH_URL:
			o->graph_url = value;
			return true;
		case DS_CLOUD_OPT_CA_FILE:
			o->ca_file = value;
			return true;
		case DS_CLOUD_OPT_PROXY:
			o->proxy = value;
			return true;
		case DS_CLOUD_OPT_TOKEN_CACHE:
			o->token_cache = value;
			return true;
		default:
			return ds_error_set(err, "unhandled option");
	}
}

bool ds_cloud_run_start(ds_run *run, const ds_cloud_settings *settings,
                        const ds_common_options *common, ds_cloud_session *session, ds_error *err) {
	ds_run_step("reading the credential files");
	if (!ds_cloud_resolve(settings, ds_plugin_user_agent(run->plugin), session, err)) {
		return false;
	}
	ds_cloud_describe(session, common->verbosity, &run->verdict);
	return true;
}

void ds_cloud_print_help(FILE *out) {
	fputs("\nTenant and application:\n"
	      " --tenant=ID|DOMAIN\n"
	      "    Directory (tenant) ID or a verified domain (default: $AZURE_TENANT_ID).\n"
	      " --client-id=ID\n"
	      "    Application (client) ID of the app registration (default: $AZURE_CLIENT_ID).\n"
	      "\nCredentials (one of them):\n"
	      " --client-secret-file=FILE\n"
	      "    Read the client secret's Value from FILE (first line). Preferred for secrets.\n"
	      " --client-secret=SECRET\n"
	      "    The client secret. Visible to other users in the process list (ps) until the\n"
	      "    plugin hides it: prefer the file, $AZURE_CLIENT_SECRET or --extra-opts.\n"
	      " --certificate=FILE\n"
	      "    PEM file with the app's certificate and its unencrypted private key\n"
	      "    (default: $AZURE_CLIENT_CERTIFICATE_PATH). Signs a client assertion.\n"
	      " --assertion-alg=PS256|RS256\n"
	      "    Signature of the client assertion (default PS256 with x5t#S256).\n"
	      " --federated-token-file=FILE\n"
	      "    Workload identity federation: a token issued by a trusted identity provider,\n"
	      "    re-read on every token request (default: $AZURE_FEDERATED_TOKEN_FILE).\n"
	      " --managed-identity[=CLIENT_ID]\n"
	      "    Azure managed identity: system-assigned, or the user-assigned CLIENT_ID. Uses\n"
	      "    IDENTITY_ENDPOINT + IDENTITY_HEADER where set, else the instance metadata\n"
	      "    service ($AZURE_POD_IDENTITY_AUTHORITY_HOST, default http://169.254.169.254).\n"
	      "    Without a credential option: $AZURE_CLIENT_SECRET, then\n"
	      "    $AZURE_CLIENT_CERTIFICATE_PATH, then $AZURE_FEDERATED_TOKEN_FILE.\n"
	      "\nEndpoints and transport:\n"
	      " --cloud=global|usgov|usgovdod|china\n"
	      "    Microsoft cloud of the tenant (default global; GCC uses global).\n"
	      " --authority-host=URL\n"
	      "    Identity platform, e.g. https://login.microsoftonline.com\n"
	      "    (default: $AZURE_AUTHORITY_HOST, else the cloud's).\n"
	      " --graph-url=URL\n"
	      "    Microsoft Graph root, e.g. https://graph.microsoft.com (default: the cloud's).\n"
	      " --ca-file=FILE\n"
	      "    CA certificates to trust (default: the system's, /etc/ssl/certs). TLS\n"
	      "    certificates are always verified.\n"
	      " --proxy=URL\n"
	      "    HTTPS proxy (default: $https_proxy / $no_proxy as libcurl reads them).\n"
	      " --token-cache=DIR|none\n"
	      "    Where access tokens are kept between runs, one per tenant, app and credential,\n"
	      "    reused until 5 minutes before they expire (default:\n"
	      "    $XDG_CACHE_HOME/dirsync-plugins or ~/.cache/dirsync-plugins; directory 0700,\n"
	      "    files 0600). none: fetch a token on every run.\n",
	      out);
}

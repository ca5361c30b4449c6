/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (C) 2026 The dirsync-plugins developers */
/* How a cloud check resolves what it was given: one credential, from the options first
 * and then the Azure SDK environment variables in their order; the tenant and app; the
 * endpoints of the chosen cloud; the token cache. The environment is a table here. */
#include "unit.h"

#include <stdio.h>
#include <string.h>

#include "cloud/session.h"

#define AGENT  "dirsync-plugins/test check_dirsync_test"
#define SECRET "s3cr3t~Value.With-Chars_1"

/* name=value pairs; the environment of the current test. */
static const char *const *environment_table;

static const char *lookup(const char *name) {
	size_t len = strlen(name);
	for (const char *const *entry = environment_table; entry != NULL && *entry != NULL; entry++) {
		if (strncmp(*entry, name, len) == 0 && (*entry)[len] == '=') {
			return *entry + len + 1;
		}
	}
	return NULL;
}

/* Settings with a tenant, an app, no cache and the given environment. */
static ds_cloud_settings settings_with(const char *const *environment) {
	environment_table = environment;
	ds_cloud_settings settings = {.tenant = "contoso.example",
	                              .client_id = "5f6e1c2a-7b3d-4e8f-9a0b-1c2d3e4f5a6b",
	                              .token_cache = "none",
	                              .environment = lookup};
	return settings;
}

static void resolves(const ds_cloud_settings *settings, ds_cloud_session *session) {
	ds_error err = {0};
	ck_assert_msg(ds_cloud_resolve(settings, AGENT, session, &err), "%s", err.text);
}

static void refuses(const ds_cloud_settings *settings, const char *expected) {
	ds_cloud_session session;
	ds_error err = {0};
	ck_assert(!ds_cloud_resolve(settings, AGENT, &session, &err));
	ck_assert_msg(strstr(err.text, expected) != NULL, "'%s' does not say '%s'", err.text, expected);
	ck_assert_msg(strstr(err.text, SECRET) == NULL, "%s", err.text);
	ds_cloud_close(&session);
}

START_TEST(without_a_credential_the_sentence_names_the_options) {
	static const char *const none[] = {"AZURE_TENANT_ID=t", NULL};
	ds_cloud_settings settings = settings_with(none);
	refuses(&settings, "no credential: give --client-secret-file, --certificate, "
	                   "--federated-token-file or --managed-identity (or set AZURE_CLIENT_SECRET)");
}
END_TEST

/* The Azure SDK's order: a secret, then a certificate, then a federated token. */
START_TEST(the_environment_is_read_in_the_sdk_order) {
	static const char *const all[] = {"AZURE_FEDERATED_TOKEN_FILE=/run/token",
	                                  "AZURE_CLIENT_CERTIFICATE_PATH=/etc/app.pem",
	                                  "AZURE_CLIENT_SECRET=" SECRET, NULL};
	ds_cloud_settings settings = settings_with(all);
	ds_cloud_session session;
	resolves(&settings, &session);
	ck_assert_int_eq(session.identity.kind, DS_CREDENTIAL_SECRET);
	ck_assert_str_eq(session.identity.secret, SECRET);
	ck_assert_str_eq(session.secret_origin, "$AZURE_CLIENT_SECRET");
	ds_cloud_close(&session);

	static const char *const no_secret[] = {"AZURE_FEDERATED_TOKEN_FILE=/run/token",
	                                        "AZURE_CLIENT_CERTIFICATE_PATH=/etc/app.pem",
	                                        "AZURE_CLIENT_SECRET=", NULL};
	settings = settings_with(no_secret);
	resolves(&settings, &session);
	ck_assert_int_eq(session.identity.kind, DS_CREDENTIAL_CERTIFICATE);
	ck_assert_str_eq(session.identity.certificate_path, "/etc/app.pem");
	ds_cloud_close(&session);

	static const char *const federated[] = {"AZURE_FEDERATED_TOKEN_FILE=/run/token", NULL};
	settings = settings_with(federated);
	resolves(&settings, &session);
	ck_assert_int_eq(session.identity.kind, DS_CREDENTIAL_FEDERATED);
	ck_assert_str_eq(session.identity.federated_token_file, "/run/token");
	ds_cloud_close(&session);
}
END_TEST

START_TEST(an_option_beats_the_environment) {
	static const char *const secret[] = {"AZURE_CLIENT_SECRET=" SECRET, NULL};
	ds_cloud_settings settings = settings_with(secret);
	settings.certificate = "/etc/given.pem";
	ds_cloud_session session;
	resolves(&settings, &session);
	ck_assert_int_eq(session.identity.kind, DS_CREDENTIAL_CERTIFICATE);
	ck_assert_str_eq(session.identity.certificate_path, "/etc/given.pem");
	ck_assert_ptr_null(session.identity.secret);
	ds_cloud_close(&session);

	settings.certificate = NULL;
	settings.secret_argument = "from-the-command-line";
	resolves(&settings, &session);
	ck_assert_str_eq(session.identity.secret, "from-the-command-line");
	ck_assert_str_eq(session.secret_origin, "--client-secret");
	ds_cloud_close(&session);
}
END_TEST

START_TEST(two_credentials_are_refused) {
	ds_cloud_settings settings = settings_with(NULL);
	settings.secret_argument = SECRET;
	settings.managed_identity = true;
	refuses(&settings, "more than one credential given: choose one of");
	settings.secret_argument = NULL;
	settings.certificate = "/etc/app.pem";
	settings.federated_token_file = "/run/token";
	settings.managed_identity = false;
	refuses(&settings, "more than one credential given");
}
END_TEST

START_TEST(the_secret_file_gives_its_first_line) {
	char dir[DS_TEST_PATH_MAX];
	char path[DS_TEST_PATH_MAX];
	ds_test_temp_dir(dir, "ds_cloud_session");
	ds_test_write_file(path, dir, "secret", SECRET " \t\r\nsecond line\n");
	ds_cloud_settings settings = settings_with(NULL);
	settings.secret_file = path;
	ds_cloud_session session;
	resolves(&settings, &session);
	ck_assert_int_eq(session.identity.kind, DS_CREDENTIAL_SECRET);
	ck_assert_str_eq(session.identity.secret, SECRET);
	ck_assert_str_eq(session.secret_origin, path);
	ds_cloud_close(&session);
	ck_assert_ptr_null(session.secret);

	ds_test_write_file(path, dir, "empty", " \n" SECRET "\n");
	settings.secret_file = path;
	refuses(&settings, "is empty: put the secret's Value on its first line");

	/* A secret given by mistake as the file's name is not shown. */
	settings.secret_file = SECRET;
	refuses(&settings, "check the path and that the plugin's user may read it");
	ds_test_remove_tree(dir);
}
END_TEST

START_TEST(tenant_and_app_come_from_the_options_or_the_environment) {
	static const char *const ids[] = {"AZURE_TENANT_ID=env-tenant", "AZURE_CLIENT_ID=env-app",
	                                  "AZURE_CLIENT_SECRET=" SECRET, NULL};
	ds_cloud_settings settings = settings_with(ids);
	ds_cloud_session session;
	resolves(&settings, &session);
	ck_assert_str_eq(session.identity.tenant, "contoso.example");
	ds_cloud_close(&session);
	settings.tenant = NULL;
	settings.client_id = NULL;
	resolves(&settings, &session);
	ck_assert_str_eq(session.identity.tenant, "env-tenant");
	ck_assert_str_eq(session.identity.client_id, "env-app");
	ds_cloud_close(&session);

	static const char *const secret_only[] = {"AZURE_CLIENT_SECRET=" SECRET, NULL};
	settings = settings_with(secret_only);
	settings.tenant = NULL;
	refuses(&settings, "no tenant: give --tenant (directory ID or domain) or set AZURE_TENANT_ID");
	settings = settings_with(secret_only);
	settings.client_id = NULL;
	refuses(&settings, "no application: give --client-id or set AZURE_CLIENT_ID");
}
END_TEST

START_TEST(endpoints_follow_the_cloud_and_must_be_https) {
	static const char *const secret[] = {"AZURE_CLIENT_SECRET=" SECRET, NULL};
	ds_cloud_settings settings = settings_with(secret);
	ds_cloud_session session;
	resolves(&settings, &session);
	ck_assert_str_eq(session.authority, "https://login.microsoftonline.com");
	ck_assert_str_eq(session.graph, "https://graph.microsoft.com");
	ck_assert_str_eq(session.user_agent, AGENT);
	ds_cloud_close(&session);

	settings.cloud = "usgov";
	resolves(&settings, &session);
	ck_assert_str_eq(session.authority, "https://login.microsoftonline.us");
	ck_assert_str_eq(session.graph, "https://graph.microsoft.us");
	ds_cloud_close(&session);

	static const char *const authority[] = {
	    "AZURE_CLIENT_SECRET=" SECRET, "AZURE_AUTHORITY_HOST=https://login.env.example//", NULL};
	settings = settings_with(authority);
	settings.graph_url = "https://graph.example/";
	resolves(&settings, &session);
	ck_assert_str_eq(session.authority, "https://login.env.example");
	ck_assert_str_eq(session.identity.resource, "https://graph.example");
	ds_cloud_close(&session);
	settings.authority = "https://login.given.example";
	resolves(&settings, &session);
	ck_assert_str_eq(session.authority, "https://login.given.example");
	ds_cloud_close(&session);

	settings.authority = "http://login.example";
	refuses(&settings, "invalid authority-host 'http://login.example': expected an https:// URL");
	settings.authority = NULL;
	settings.graph_url = "https:///v1.0";
	refuses(&settings, "invalid graph-url");
	settings.graph_url = NULL;
	settings.cloud = "mars";
	refuses(&settings, "unknown cloud 'mars'");
}
END_TEST

START_TEST(managed_identity_reads_its_endpoints) {
	static const char *const app_service[] = {"IDENTITY_ENDPOINT=http://127.0.0.1:41741/msi",
	                                          "IDENTITY_HEADER=h", NULL};
	ds_cloud_settings settings = settings_with(app_service);
	settings.managed_identity = true;
	settings.managed_identity_client_id = "user-assigned-id";
	ds_cloud_session session;
	resolves(&settings, &session);
	ck_assert_int_eq(session.identity.kind, DS_CREDENTIAL_MANAGED_IDENTITY);
	ck_assert_str_eq(session.identity.identity_endpoint, "http://127.0.0.1:41741/msi");
	ck_assert_str_eq(session.identity.client_id, "user-assigned-id");
	ds_cloud_close(&session);

	static const char *const imds[] = {"AZURE_POD_IDENTITY_AUTHORITY_HOST=http://evil.example",
	                                   NULL};
	settings = settings_with(imds);
	settings.managed_identity = true;
	refuses(&settings, "AZURE_POD_IDENTITY_AUTHORITY_HOST must be an https:// URL");
	settings = settings_with(NULL);
	settings.managed_identity = true;
	resolves(&settings, &session);
	ck_assert_str_eq(session.identity.imds_host, "http://169.254.169.254");
	ds_cloud_close(&session);
}
END_TEST

START_TEST(the_token_cache_is_off_or_the_given_directory) {
	static const char *const secret[] = {"AZURE_CLIENT_SECRET=" SECRET, NULL};
	ds_cloud_settings settings = settings_with(secret);
	ds_cloud_session session;
	resolves(&settings, &session);
	ck_assert_ptr_null(session.identity.cache_dir);
	ds_cloud_close(&session);
	settings.token_cache = "/var/cache/dirsync";
	resolves(&settings, &session);
	ck_assert_str_eq(session.identity.cache_dir, "/var/cache/dirsync");
	ds_cloud_close(&session);
}
END_TEST

int main(void) {
	Suite *suite = suite_create("cloud_session");
	TCase *tc = tcase_create("cloud_session");
	tcase_add_test(tc, without_a_credential_the_sentence_names_the_options);
	tcase_add_test(tc, the_environment_is_read_in_the_sdk_order);
	tcase_add_test(tc, an_option_beats_the_environment);
	tcase_add_test(tc, two_credentials_are_refused);
	tcase_add_test(tc, the_secret_file_gives_its_first_line);
	tcase_add_test(tc, tenant_and_app_come_from_the_options_or_the_environment);
	tcase_add_test(tc, endpoints_follow_the_cloud_and_must_be_https);
	tcase_add_test(tc, managed_identity_reads_its_endpoints);
	tcase_add_test(tc, the_token_cache_is_off_or_the_given_directory);
	suite_add_tcase(suite, tc);
	return ds_run_suite(suite);
}

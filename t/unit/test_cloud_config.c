/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (C) 2026 The dirsync-plugins developers */
/* What the cloud checks are configured with: URL and form encoding, the clouds table,
 * the managed identity endpoints from the environment, and the modes of secret and key
 * files. */
#include "unit.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cloud/clouds.h"
#include "cloud/http.h"
#include "cloud/identity.h"

/* The managed identity's token comes back over these URLs: https, or plain http only to
 * this machine or to the link-local metadata service. */
START_TEST(managed_identity_endpoints_must_be_https_or_local) {
	static const char *const good[] = {"https://mi.example.net/msi/token",
	                                   "https://10.0.0.4:8081",
	                                   "http://127.0.0.1:41741",
	                                   "http://127.1.2.3/msi/token",
	                                   "http://localhost:8081/msi/token",
	                                   "http://LOCALHOST",
	                                   "http://[::1]:8081",
	                                   "http://169.254.169.254",
	                                   "HTTP://169.254.169.254/"};
	for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
		ds_error err = {0};
		ck_assert_msg(ds_identity_check_endpoint("IDENTITY_ENDPOINT", good[i], &err), "%s: %s",
		              good[i], err.text);
	}
	static const char *const bad[] = {"http://mi.example.net/msi/token",
	                                  "http://10.0.0.4:8081",
	                                  "http://169.254.169.253",
	                                  "http://128.0.0.1",
	                                  "http://127.0.0.1.evil.example",
	                                  "http://localhost.evil.example",
	                                  "http://[::2]",
	                                  "http://user:pw@mi.example.net",
	                                  "ftp://127.0.0.1",
	                                  "169.254.169.254",
	                                  "not a url"};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		ds_error err = {0};
		ck_assert_msg(
		    !ds_identity_check_endpoint("AZURE_POD_IDENTITY_AUTHORITY_HOST", bad[i], &err),
		    "accepted %s", bad[i]);
		ck_assert_msg(strncmp(err.text, "AZURE_POD_IDENTITY_AUTHORITY_HOST ", 34) == 0, "%s",
		              err.text);
		ck_assert_msg(strstr(err.text, "pw") == NULL, "%s", err.text);
	}
	ds_error err = {0};
	ck_assert(!ds_identity_check_endpoint("IDENTITY_ENDPOINT", "http://mi.example.net", &err));
	ck_assert_str_eq(err.text,
	                 "IDENTITY_ENDPOINT must be an https:// URL: the managed identity's token "
	                 "comes back over it, and plain http is allowed only to this machine "
	                 "(127.0.0.0/8, ::1, localhost) or to 169.254.169.254");
}
END_TEST

START_TEST(credential_files_others_can_read_get_a_note) {
	char path[] = "/tmp/test_cloud_parse_XXXXXX";
	int fd = mkstemp(path);
	ck_assert_int_ge(fd, 0);
	close(fd);
	char note[DS_ERROR_TEXT_MAX] = "";
	ck_assert_int_eq(chmod(path, 0600), 0);
	ck_assert(!ds_credential_file_exposed(path, note, sizeof note));
	ck_assert_int_eq(chmod(path, 0400), 0);
	ck_assert(!ds_credential_file_exposed(path, note, sizeof note));
	ck_assert_int_eq(chmod(path, 0644), 0);
	ck_assert(ds_credential_file_exposed(path, note, sizeof note));
	char expected[200];
	snprintf(expected, sizeof expected, "%s can be read by others: chmod 600 %s", path, path);
	ck_assert_str_eq(note, expected);
	ck_assert_int_eq(chmod(path, 0640), 0);
	ck_assert(ds_credential_file_exposed(path, note, sizeof note));
	ck_assert_int_eq(chmod(path, 0601), 0);
	ck_assert(ds_credential_file_exposed(path, note, sizeof note));
	ck_assert_int_eq(unlink(path), 0);
	ck_assert(!ds_credential_file_exposed(path, note, sizeof note));
	ck_assert(!ds_credential_file_exposed(NULL, note, sizeof note));
	/* A file of another user (root's /etc/passwd for a test that runs as someone else). */
	if (geteuid() != 0) {
		ck_assert(ds_credential_file_exposed("/etc/passwd", note, sizeof note));
		ck_assert_msg(strstr(note, "belongs to another user") != NULL, "%s", note);
	}
}
END_TEST

START_TEST(url_and_form_encoding) {
	char out[64];
	ck_assert(ds_url_encode("https://graph.microsoft.com/.default", out, sizeof out));
	ck_assert_str_eq(out, "https%3A%2F%2Fgraph.microsoft.com%2F.default");
	ck_assert(ds_url_encode("a b&c=d~_-.", out, sizeof out));
	ck_assert_str_eq(out, "a%20b%26c%3Dd~_-.");
	char small[4];
	ck_assert(!ds_url_encode("a b", small, sizeof small));
	ds_buffer form = {0};
	ds_error err;
	ck_assert(ds_form_add(&form, "client_id", "5f6e", &err));
	ck_assert(ds_form_add(&form, "client_secret", "Kx8Q~s+e/c=r&e t", &err));
	ck_assert(ds_form_add(&form, "grant_type", "client_credentials", &err));
	ck_assert_str_eq(form.data, "client_id=5f6e&client_secret=Kx8Q~s%2Be%2Fc%3Dr%26e%20t&"
	                            "grant_type=client_credentials");
	ds_buffer_free(&form);
	ck_assert_ptr_null(form.data);
	/* Growing past the first buffer keeps the content. */
	char long_value[3000];
	memset(long_value, 'v', sizeof long_value - 1);
	long_value[sizeof long_value - 1] = '\0';
	ck_assert(ds_form_add(&form, "a", "1", &err));
	ck_assert(ds_form_add(&form, "b", long_value, &err));
	ck_assert_uint_eq(form.len, strlen("a=1&b=") + sizeof long_value - 1);
	ck_assert(strncmp(form.data, "a=1&b=vvv", 9) == 0);
	ds_buffer_free(&form);
}
END_TEST

START_TEST(clouds_table) {
	const ds_cloud *cloud = NULL;
	ds_error err;
	ck_assert(ds_cloud_find("global", &cloud, &err));
	ck_assert_str_eq(cloud->authority, "https://login.microsoftonline.com");
	ck_assert_str_eq(cloud->graph, "https://graph.microsoft.com");
	ck_assert(ds_cloud_find("usgov", &cloud, &err));
	ck_assert_str_eq(cloud->graph, "https://graph.microsoft.us");
	ck_assert(ds_cloud_find("usgovdod", &cloud, &err));
	ck_assert_str_eq(cloud->graph, "https://dod-graph.microsoft.us");
	ck_assert_str_eq(cloud->authority, "https://login.microsoftonline.us");
	ck_assert(ds_cloud_find("china", &cloud, &err));
	ck_assert_str_eq(cloud->authority, "https://login.partner.microsoftonline.cn");
	ck_assert(!ds_cloud_find("germany", &cloud, &err));
	ck_assert(strstr(err.text, "unknown cloud 'germany'") != NULL);
}
END_TEST

int main(void) {
	Suite *suite = suite_create("cloud_config");
	TCase *tc = tcase_create("cloud_config");
	tcase_add_test(tc, managed_identity_endpoints_must_be_https_or_local);
	tcase_add_test(tc, credential_files_others_can_read_get_a_note);
	tcase_add_test(tc, url_and_form_encoding);
	tcase_add_test(tc, clouds_table);
	suite_add_tcase(suite, tc);
	return ds_run_suite(suite);
}

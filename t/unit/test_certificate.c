/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (C) 2026 The dirsync-plugins developers */
/* Loading the PEM credential: every order and form of certificate and key, every way it
 * can be wrong, and the thumbprints that name it. */
#include "unit.h"

#include <string.h>

#include <openssl/err.h>

#include "cloud/certificate.h"
#include "pem_fixtures.h"

static void assert_thumbprints_of_cert_pem(const ds_certificate *cert) {
	char expected[LINE_SIZE];
	read_line("x5t.txt", 1, expected);
	ck_assert_str_eq(ds_certificate_x5t(cert), expected);
	read_line("x5t_s256.txt", 1, expected);
	ck_assert_str_eq(ds_certificate_x5t_s256(cert), expected);
	read_line("fingerprint.txt", 1, expected);
	ck_assert_str_eq(ds_certificate_fingerprint(cert), expected);
}

/* ---- loading ------------------------------------------------------------------------ */

START_TEST(loads_key_then_certificate) {
	ds_certificate *cert = load_ok("key_first.pem");
	assert_thumbprints_of_cert_pem(cert);
	ds_certificate_free(cert);
}
END_TEST

START_TEST(loads_certificate_then_key) {
	ds_certificate *cert = load_ok("cert_first.pem");
	assert_thumbprints_of_cert_pem(cert);
	ck_assert_uint_eq(strlen(ds_certificate_x5t(cert)), 27);
	ck_assert_uint_eq(strlen(ds_certificate_x5t_s256(cert)), 43);
	ck_assert_uint_eq(strlen(ds_certificate_fingerprint(cert)), 64);
	ds_certificate_free(cert);
}
END_TEST

START_TEST(loads_traditional_rsa_key) {
	ds_certificate *cert = load_ok("traditional.pem");
	assert_thumbprints_of_cert_pem(cert);
	ds_certificate_free(cert);
}
END_TEST

START_TEST(chain_picks_the_certificate_of_the_key) {
	/* An unrelated certificate and a PUBLIC KEY block come first. */
	ds_certificate *cert = load_ok("chain.pem");
	assert_thumbprints_of_cert_pem(cert);
	ds_certificate_free(cert);
}
END_TEST

START_TEST(free_and_getters_accept_null) {
	ds_certificate_free(NULL);
	ck_assert_ptr_null(ds_certificate_x5t(NULL));
	ck_assert_ptr_null(ds_certificate_x5t_s256(NULL));
	ck_assert_ptr_null(ds_certificate_fingerprint(NULL));
}
END_TEST

START_TEST(certificate_without_key_fails) {
	load_fails("cert_only.pem", "holds no private key");
}
END_TEST

START_TEST(key_without_certificate_fails) {
	load_fails("key_only.pem", "holds no certificate");
}
END_TEST

START_TEST(mismatched_key_fails) {
	load_fails("mismatch.pem", "does not belong to its certificate");
	load_fails("wrong_cert.pem", "does not belong to its certificate");
}
END_TEST

START_TEST(two_keys_fail) {
	load_fails("two_keys.pem", "more than one private key");
}
END_TEST

START_TEST(encrypted_keys_fail_without_prompting) {
	ck_assert_ptr_nonnull(freopen("/dev/null", "r", stdin));
	load_fails("enc_pkcs8.pem", "is encrypted: export it without a passphrase (openssl pkey -in");
	load_fails("enc_pkcs8.pem", "chmod 600");
	load_fails("enc_trad.pem", "is encrypted");
}
END_TEST

START_TEST(ec_key_fails_as_not_rsa) {
	load_fails("ec.pem", "only RSA");
	load_fails("ec.pem", "type EC");
	load_fails("ec_trad.pem", "only RSA");
}
END_TEST

START_TEST(files_without_pem_fail) {
	load_fails("garbage.pem", "holds no PEM data");
	load_fails("empty.pem", "holds no PEM data");
	load_fails("broken.pem", "not a valid PEM file");
}
END_TEST

START_TEST(unreadable_files_fail) {
	load_fails("missing.pem", "No such file or directory");
	load_fails("a_directory.pem", "Is a directory");
	ds_certificate *cert = NULL;
	ds_error err = {0};
	ck_assert(!ds_certificate_load("", &cert, &err));
	ck_assert_ptr_nonnull(strstr(err.text, "no certificate file"));
	ck_assert(!ds_certificate_load(NULL, &cert, NULL));
	ck_assert(!ds_certificate_load("x", NULL, &err));
}
END_TEST

int main(void) {
	Suite *suite = suite_create("certificate");
	TCase *tc = tcase_create("certificate");
	tcase_add_unchecked_fixture(tc, make_fixtures, remove_fixtures);
	/* Key generation runs under valgrind too; the default 4 s is not always enough. */
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, loads_key_then_certificate);
	tcase_add_test(tc, loads_certificate_then_key);
	tcase_add_test(tc, loads_traditional_rsa_key);
	tcase_add_test(tc, chain_picks_the_certificate_of_the_key);
	tcase_add_test(tc, free_and_getters_accept_null);
	tcase_add_test(tc, certificate_without_key_fails);
	tcase_add_test(tc, key_without_certificate_fails);
	tcase_add_test(tc, mismatched_key_fails);
	tcase_add_test(tc, two_keys_fail);
	tcase_add_test(tc, encrypted_keys_fail_without_prompting);
	tcase_add_test(tc, ec_key_fails_as_not_rsa);
	tcase_add_test(tc, files_without_pem_fail);
	tcase_add_test(tc, unreadable_files_fail);
	suite_add_tcase(suite, tc);
	return ds_run_suite(suite);
}

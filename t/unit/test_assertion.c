/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (C) 2026 The dirsync-plugins developers */
#include "unit.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>

#include "cloud/assertion.h"
#include "cloud/base64url.h"
#include "pem_fixtures.h"

#define JWT_PART_MAX 4096
#define CLIENT_ID    "11111111-2222-3333-4444-555555555555"
#define AUDIENCE     "https://login.microsoftonline.com/contoso.onmicrosoft.com/oauth2/v2.0/token"
#define NOW          INT64_C(1700000000)
#define RSA_BYTES    256 /* the fixtures use 2048-bit keys */

/* ---- helpers ------------------------------------------------------------------------ */

static int base64url_value(char c) {
	static const char alphabet[] =
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
	const char *at = c != '\0' ? strchr(alphabet, c) : NULL;
	return at != NULL ? (int)(at - alphabet) : -1;
}

/* Strict: no padding, no stray characters, no non-zero leftover bits. */
static bool base64url_decode(const char *in, size_t len, unsigned char *out, size_t *out_len) {
	if (len % 4 == 1 || len / 4 * 3 + 2 > JWT_PART_MAX) {
		return false;
	}
	uint32_t acc = 0;
	int bits = 0;
	size_t o = 0;
	for (size_t i = 0; i < len; i++) {
		int v = base64url_value(in[i]);
		if (v < 0) {
			return false;
		}
		acc = (acc << 6) | (uint32_t)v;
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			out[o++] = (unsigned char)(acc >> bits);
			acc &= (1U << bits) - 1;
		}
	}
	*out_len = o;
	return acc == 0;
}

typedef struct jwt_parts {
	char header[JWT_PART_MAX + 1];
	char claims[JWT_PART_MAX + 1];
	unsigned char sig[JWT_PART_MAX];
	size_t sig_len;
	size_t signed_len; /* header "." claims */
} jwt_parts;

static void decode_text(const char *in, size_t len, char *out) {
	size_t out_len = 0;
	ck_assert(base64url_decode(in, len, (unsigned char *)out, &out_len));
	out[out_len] = '\0';
	ck_assert_uint_eq(strlen(out), out_len);
}

static void split_jwt(const char *jwt, jwt_parts *parts) {
	const char *dot1 = strchr(jwt, '.');
	ck_assert_ptr_nonnull(dot1);
	const char *dot2 = strchr(dot1 + 1, '.');
	ck_assert_ptr_nonnull(dot2);
	ck_assert_ptr_null(strchr(dot2 + 1, '.'));
	decode_text(jwt, (size_t)(dot1 - jwt), parts->header);
	decode_text(dot1 + 1, (size_t)(dot2 - dot1 - 1), parts->claims);
	ck_assert(base64url_decode(dot2 + 1, strlen(dot2 + 1), parts->sig, &parts->sig_len));
	parts->signed_len = (size_t)(dot2 - jwt);
}

static char *make_assertion(const ds_certificate *cert, ds_assertion_alg alg, const char *client_id,
                            int64_t now) {
	char *jwt = NULL;
	ds_error err = {0};
	ck_assert_msg(ds_client_assertion(cert, alg, client_id, AUDIENCE, now, &jwt, &err), "%s",
	              err.text);
	ck_assert_ptr_nonnull(jwt);
	ck_assert_uint_eq(ERR_peek_error(), 0);
	return jwt;
}

static void free_assertion(char *jwt) {
	memset(jwt, 0, strlen(jwt));
	free(jwt);
}

/* The jti value of the claims (36 characters). */
static void claim_jti(const char *claims, char *jti) {
	const char *at = strstr(claims, "\"jti\":\"");
	ck_assert_ptr_nonnull(at);
	at += strlen("\"jti\":\"");
	ck_assert_uint_ge(strlen(at), 37);
	memcpy(jti, at, 36);
	jti[36] = '\0';
	ck_assert_int_eq(at[36], '"');
}

static void assert_uuid_v4(const char *uuid) {
	ck_assert_uint_eq(strlen(uuid), 36);
	for (size_t i = 0; i < 36; i++) {
		if (i == 8 || i == 13 || i == 18 || i == 23) {
			ck_assert_int_eq(uuid[i], '-');
		} else {
			ck_assert_ptr_nonnull(strchr("0123456789abcdef", uuid[i]));
			ck_assert_int_ne(uuid[i], '\0');
		}
	}
	ck_assert_int_eq(uuid[14], '4');
	ck_assert_ptr_nonnull(strchr("89ab", uuid[19]));
}

static X509 *read_fixture_cert(void) {
	char path[PATH_SIZE];
	fixture_path(path, "cert.pem");
	FILE *file = fopen(path, "r");
	ck_assert_ptr_nonnull(file);
	X509 *x509 = PEM_read_X509(file, NULL, NULL, NULL);
	ck_assert_int_eq(fclose(file), 0);
	ck_assert_ptr_nonnull(x509);
	return x509;
}

/* Verifies with the public key of cert.pem, read independently of the module. */
static bool signature_verifies(const char *jwt, const jwt_parts *parts, ds_assertion_alg alg) {
	X509 *x509 = read_fixture_cert();
	EVP_MD_CTX *md = EVP_MD_CTX_new();
	ck_assert_ptr_nonnull(md);
	EVP_PKEY_CTX *pctx = NULL;
	ck_assert_int_eq(EVP_DigestVerifyInit(md, &pctx, EVP_sha256(), NULL, X509_get0_pubkey(x509)),
	                 1);
	if (alg == DS_ASSERTION_PS256) {
		ck_assert_int_gt(EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PSS_PADDING), 0);
		ck_assert_int_gt(EVP_PKEY_CTX_set_rsa_mgf1_md(pctx, EVP_sha256()), 0);
		/* Exactly 32: verification with a fixed salt length rejects any other. */
		ck_assert_int_gt(EVP_PKEY_CTX_set_rsa_pss_saltlen(pctx, 32), 0);
	} else {
		ck_assert_int_gt(EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PADDING), 0);
	}
	int result = EVP_DigestVerify(md, parts->sig, parts->sig_len, (const unsigned char *)jwt,
	                              parts->signed_len);
	EVP_MD_CTX_free(md);
	X509_free(x509);
	ERR_clear_error();
	return result == 1;
}

static void assert_claims(const char *claims, const char *client_id_json, int64_t now) {
	char jti[37];
	claim_jti(claims, jti);
	assert_uuid_v4(jti);
	char expected[JWT_PART_MAX];
	int written = snprintf(expected, sizeof expected,
	                       "{\"aud\":\"%s\",\"exp\":%" PRId64 ",\"iss\":%s,\"jti\":\"%s\","
	                       "\"nbf\":%" PRId64 ",\"iat\":%" PRId64 ",\"sub\":%s}",
	                       AUDIENCE, now + 300, client_id_json, jti, now, now, client_id_json);
	ck_assert(written > 0 && (size_t)written < sizeof expected);
	ck_assert_str_eq(claims, expected);
}

static void check_signed_assertion(ds_assertion_alg alg) {
	ds_certificate *cert = load_ok("cert_first.pem");
	char *jwt = make_assertion(cert, alg, CLIENT_ID, NOW);
	jwt_parts parts;
	split_jwt(jwt, &parts);
	char expected[LINE_SIZE];
	int written = alg == DS_ASSERTION_PS256
	                  ? snprintf(expected, sizeof expected,
	                             "{\"alg\":\"PS256\",\"typ\":\"JWT\",\"x5t#S256\":\"%s\"}",
	                             ds_certificate_x5t_s256(cert))
	                  : snprintf(expected, sizeof expected,
	                             "{\"alg\":\"RS256\",\"typ\":\"JWT\",\"x5t\":\"%s\"}",
	                             ds_certificate_x5t(cert));
	ck_assert(written > 0 && (size_t)written < sizeof expected);
	ck_assert_str_eq(parts.header, expected);
	assert_claims(parts.claims, "\"" CLIENT_ID "\"", NOW);
	ck_assert_uint_eq(parts.sig_len, RSA_BYTES);
	ck_assert(signature_verifies(jwt, &parts, alg));
	/* The other padding must not verify: the algorithm really is the one announced. */
	ck_assert(!signature_verifies(
	    jwt, &parts, alg == DS_ASSERTION_PS256 ? DS_ASSERTION_RS256 : DS_ASSERTION_PS256));
	free_assertion(jwt);
	ds_certificate_free(cert);
}

static void check_tampering_detected(ds_assertion_alg alg) {
	ds_certificate *cert = load_ok("key_first.pem");
	char *jwt = make_assertion(cert, alg, CLIENT_ID, NOW);
	jwt_parts parts;
	split_jwt(jwt, &parts);
	ck_assert(signature_verifies(jwt, &parts, alg));
	parts.sig[parts.sig_len / 2] ^= 0x01;
	ck_assert(!signature_verifies(jwt, &parts, alg));
	parts.sig[parts.sig_len / 2] ^= 0x01;
	/* A changed claim (the first character of the claims part) breaks it as well. */
	char *claims = strchr(jwt, '.') + 1;
	*claims = *claims == 'e' ? 'f' : 'e';
	ck_assert(!signature_verifies(jwt, &parts, alg));
	free_assertion(jwt);
	ds_certificate_free(cert);
}

/* ---- base64url ---------------------------------------------------------------------- */

static void assert_encodes(const char *data, size_t len, const char *expected) {
	char out[64];
	ck_assert(ds_base64url_encode((const unsigned char *)data, len, out, sizeof out));
	ck_assert_str_eq(out, expected);
	/* The exact size is enough, one byte less is not, and nothing is written past it. */
	size_t needed = strlen(expected) + 1;
	memset(out, '#', sizeof out);
	ck_assert(ds_base64url_encode((const unsigned char *)data, len, out, needed));
	ck_assert_str_eq(out, expected);
	ck_assert_int_eq(out[needed], '#');
	ck_assert(!ds_base64url_encode((const unsigned char *)data, len, out, needed - 1));
}

START_TEST(base64url_rfc4648_vectors) {
	assert_encodes("", 0, "");
	assert_encodes("f", 1, "Zg");
	assert_encodes("fo", 2, "Zm8");
	assert_encodes("foo", 3, "Zm9v");
	assert_encodes("foob", 4, "Zm9vYg");
	assert_encodes("fooba", 5, "Zm9vYmE");
	assert_encodes("foobar", 6, "Zm9vYmFy");
}
END_TEST

START_TEST(base64url_uses_the_url_alphabet) {
	assert_encodes("\xfb\xff", 2, "-_8");
	assert_encodes("\xfb\xef\xff", 3, "--__");
	assert_encodes("\x00\x00\x00", 3, "AAAA");
	/* The documented x5t example: SHA-1 84E05C1D98BCE3A5421D225B140B36E86A3D5534. */
	assert_encodes("\x84\xe0\x5c\x1d\x98\xbc\xe3\xa5\x42\x1d\x22\x5b\x14\x0b\x36\xe8\x6a\x3d"
	               "\x55\x34",
	               20, "hOBcHZi846VCHSJbFAs26Go9VTQ");
}
END_TEST

/* Every length of a last group (none, one byte, two bytes), each with both characters
 * that base64url swaps, so that neither the swap nor the cut padding can go wrong. */
START_TEST(base64url_tails_of_lengths_0_to_5) {
	const char *data = "\xfb\xff\xbf\xfe\xff";
	static const char *const expected[] = {"", "-w", "-_8", "-_-_", "-_-__g", "-_-__v8"};
	for (size_t len = 0; len <= 5; len++) {
		assert_encodes(data, len, expected[len]);
	}
}
END_TEST

START_TEST(base64url_rejects_bad_arguments) {
	char out[8];
	ck_assert(!ds_base64url_encode((const unsigned char *)"foo", 3, NULL, 8));
	ck_assert(!ds_base64url_encode(NULL, 1, out, sizeof out));
	ck_assert(ds_base64url_encode(NULL, 0, out, sizeof out));
	ck_assert_str_eq(out, "");
	ck_assert(!ds_base64url_encode((const unsigned char *)"", 0, out, 0));
	ck_assert(!ds_base64url_encode((const unsigned char *)"foo", SIZE_MAX, out, sizeof out));
}
END_TEST

/* ---- the client assertion ----------------------------------------------------------- */

START_TEST(ps256_assertion_verifies) {
	check_signed_assertion(DS_ASSERTION_PS256);
}
END_TEST

START_TEST(rs256_assertion_verifies) {
	check_signed_assertion(DS_ASSERTION_RS256);
}
END_TEST

START_TEST(tampered_assertion_fails_verification) {
	check_tampering_detected(DS_ASSERTION_PS256);
	check_tampering_detected(DS_ASSERTION_RS256);
}
END_TEST

START_TEST(each_assertion_has_a_new_jti) {
	ds_certificate *cert = load_ok("cert_first.pem");
	char *first = make_assertion(cert, DS_ASSERTION_RS256, CLIENT_ID, NOW);
	char *second = make_assertion(cert, DS_ASSERTION_RS256, CLIENT_ID, NOW);
	jwt_parts one;
	jwt_parts two;
	split_jwt(first, &one);
	split_jwt(second, &two);
	char jti_one[37];
	char jti_two[37];
	claim_jti(one.claims, jti_one);
	claim_jti(two.claims, jti_two);
	assert_uuid_v4(jti_one);
	assert_uuid_v4(jti_two);
	ck_assert_str_ne(jti_one, jti_two);
	ck_assert_str_ne(first, second);
	free_assertion(first);
	free_assertion(second);
	ds_certificate_free(cert);
}
END_TEST

START_TEST(claims_are_json_escaped) {
	ds_certificate *cert = load_ok("cert_first.pem");
	char *jwt = make_assertion(cert, DS_ASSERTION_PS256, "a\"b\\c\x01\x1f/\xc3\xa9", NOW);
	jwt_parts parts;
	split_jwt(jwt, &parts);
	assert_claims(parts.claims, "\"a\\\"b\\\\c\\u0001\\u001f/\xc3\xa9\"", NOW);
	ck_assert(signature_verifies(jwt, &parts, DS_ASSERTION_PS256));
	free_assertion(jwt);
	ds_certificate_free(cert);
}
END_TEST

/* A JSON string member of object, which must be there. */
static const char *member_string(json_object *object, const char *name) {
	json_object *value = NULL;
	ck_assert_msg(json_object_object_get_ex(object, name, &value), "no member %s", name);
	ck_assert(json_object_is_type(value, json_type_string));
	return json_object_get_string(value);
}

static int64_t member_int64(json_object *object, const char *name) {
	json_object *value = NULL;
	ck_assert_msg(json_object_object_get_ex(object, name, &value), "no member %s", name);
	ck_assert(json_object_is_type(value, json_type_int));
	return json_object_get_int64(value);
}

/* What a reader of the assertion sees: header and claims parsed back by json-c give the
 * values given (a client id with quotes, backslashes, control characters, '/' and UTF-8
 * included), and the signature verifies with the certificate's public key. */
START_TEST(assertion_round_trips_through_json_c) {
	static const char client_id[] = "a\"b\\c\x01\x1f\n/\xc3\xa9";
	ds_certificate *cert = load_ok("cert_first.pem");
	for (int i = 0; i < 2; i++) {
		ds_assertion_alg alg = i == 0 ? DS_ASSERTION_PS256 : DS_ASSERTION_RS256;
		char *jwt = make_assertion(cert, alg, client_id, NOW);
		jwt_parts parts;
		split_jwt(jwt, &parts);
		json_object *header = json_tokener_parse(parts.header);
		json_object *claims = json_tokener_parse(parts.claims);
		ck_assert_ptr_nonnull(header);
		ck_assert_ptr_nonnull(claims);
		ck_assert_int_eq(json_object_object_length(header), 3);
		ck_assert_str_eq(member_string(header, "alg"), i == 0 ? "PS256" : "RS256");
		ck_assert_str_eq(member_string(header, "typ"), "JWT");
		ck_assert_str_eq(member_string(header, i == 0 ? "x5t#S256" : "x5t"),
		                 i == 0 ? ds_certificate_x5t_s256(cert) : ds_certificate_x5t(cert));
		ck_assert_int_eq(json_object_object_length(claims), 7);
		ck_assert_str_eq(member_string(claims, "aud"), AUDIENCE);
		ck_assert_str_eq(member_string(claims, "iss"), client_id);
		ck_assert_str_eq(member_string(claims, "sub"), client_id);
		assert_uuid_v4(member_string(claims, "jti"));
		ck_assert_int_eq(member_int64(claims, "nbf"), NOW);
		ck_assert_int_eq(member_int64(claims, "iat"), NOW);
		ck_assert_int_eq(member_int64(claims, "exp"), NOW + 300);
		ck_assert(signature_verifies(jwt, &parts, alg));
		json_object_put(header);
		json_object_put(claims);
		free_assertion(jwt);
	}
	ds_certificate_free(cert);
}
END_TEST

START_TEST(latest_time_still_fits) {
	ds_certificate *cert = load_ok("cert_first.pem");
	char *jwt = make_assertion(cert, DS_ASSERTION_PS256, CLIENT_ID, INT64_MAX - 300);
	jwt_parts parts;
	split_jwt(jwt, &parts);
	assert_claims(parts.claims, "\"" CLIENT_ID "\"", INT64_MAX - 300);
	free_assertion(jwt);
	ds_certificate_free(cert);
}
END_TEST

static void assertion_fails(const ds_certificate *cert, ds_assertion_alg alg, const char *client_id,
                            const char *audience, int64_t now, const char *needle) {
	char sentinel = 0;
	char *jwt = &sentinel; /* must be reset to NULL */
	ds_error err = {0};
	ck_assert(!ds_client_assertion(cert, alg, client_id, audience, now, &jwt, &err));
	ck_assert_ptr_null(jwt);
	ck_assert_msg(strstr(err.text, needle) != NULL, "'%s' not in: %s", needle, err.text);
}

START_TEST(assertion_rejects_bad_arguments) {
	ds_certificate *cert = load_ok("cert_first.pem");
	assertion_fails(NULL, DS_ASSERTION_PS256, CLIENT_ID, AUDIENCE, NOW, "no certificate");
	assertion_fails(cert, DS_ASSERTION_PS256, "", AUDIENCE, NOW, "client id is empty");
	assertion_fails(cert, DS_ASSERTION_RS256, NULL, AUDIENCE, NOW, "client id is empty");
	assertion_fails(cert, DS_ASSERTION_PS256, CLIENT_ID, "", NOW, "no audience");
	assertion_fails(cert, DS_ASSERTION_PS256, CLIENT_ID, NULL, NOW, "no audience");
	assertion_fails(cert, DS_ASSERTION_PS256, CLIENT_ID, AUDIENCE, -1, "system clock");
	assertion_fails(cert, DS_ASSERTION_PS256, CLIENT_ID, AUDIENCE, INT64_MAX - 299, "system clock");
	assertion_fails(cert, (ds_assertion_alg)7, CLIENT_ID, AUDIENCE, NOW, "algorithm");
	ds_error err = {0};
	ck_assert(!ds_client_assertion(cert, DS_ASSERTION_PS256, CLIENT_ID, AUDIENCE, NOW, NULL, &err));
	ds_certificate_free(cert);
}
END_TEST

int main(void) {
	Suite *suite = suite_create("assertion");
	TCase *encoding = tcase_create("base64url");
	tcase_add_test(encoding, base64url_rfc4648_vectors);
	tcase_add_test(encoding, base64url_uses_the_url_alphabet);
	tcase_add_test(encoding, base64url_tails_of_lengths_0_to_5);
	tcase_add_test(encoding, base64url_rejects_bad_arguments);
	suite_add_tcase(suite, encoding);

	TCase *tc = tcase_create("assertion");
	tcase_add_unchecked_fixture(tc, make_fixtures, remove_fixtures);
	/* Key generation runs under valgrind too; the default 4 s is not always enough. */
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, ps256_assertion_verifies);
	tcase_add_test(tc, rs256_assertion_verifies);
	tcase_add_test(tc, tampered_assertion_fails_verification);
	tcase_add_test(tc, each_assertion_has_a_new_jti);
	tcase_add_test(tc, claims_are_json_escaped);
	tcase_add_test(tc, assertion_round_trips_through_json_c);
	tcase_add_test(tc, latest_time_still_fits);
	tcase_add_test(tc, assertion_rejects_bad_arguments);
	suite_add_tcase(suite, tc);
	return ds_run_suite(suite);
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (C) 2026 The dirsync-plugins developers */
#include "cloud/assertion.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>
#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/rand.h>
#include <openssl/rsa.h>

#include "cloud/base64url.h"
#include "cloud/openssl_error.h"
#include "core/text.h"

/* The identity platform rejects assertions valid for longer than ten minutes; five
 * minutes is what MSAL uses and leaves room for clock skew. */
#define ASSERTION_LIFETIME_S 300
#define UUID_BYTES           16
#define UUID_CHARS           36

/* ---- the assertion -------------------------------------------------------------------- */

static bool random_uuid(char out[UUID_CHARS + 1], ds_error *err) {
	unsigned char bytes[UUID_BYTES];
	if (RAND_bytes(bytes, (int)sizeof bytes) != 1) {
		return ds_error_set(err,
		                    "the random number generator failed (OpenSSL: %s): the client "
		                    "assertion needs a random jti; check that the system has entropy",
		                    ds_openssl_reason());
	}
	/* RFC 9562: version 4 in the high nibble of byte 6, variant 10 in byte 8. */
	bytes[6] = (unsigned char)((bytes[6] & 0x0f) | 0x40);
	bytes[8] = (unsigned char)((bytes[8] & 0x3f) | 0x80);
	char hex[UUID_BYTES * 2 + 1];
	ds_hex_encode(bytes, UUID_BYTES, hex);
	size_t o = 0;
	for (size_t i = 0; i < UUID_BYTES * 2; i++) {
		if (i == 8 || i == 12 || i == 16 || i == 20) {
			out[o++] = '-';
		}
		out[o++] = hex[i];
	}
	out[o] = '\0';
	return true;
}

/* Adds name: value, value owned by object from then on; false when either is missing
 * (json-c returns NULL when memory runs out), value freed then. */
static bool add_member(json_object *object, const char *name, json_object *value) {
	if (value == NULL || json_object_object_add(object, name, value) != 0) {
		json_object_put(value);
		return false;
	}
	return true;
}

/* {alg, typ, x5t#S256 or x5t}, in that order (json-c keeps the order of insertion). */
static json_object *build_header(const ds_certificate *cert, ds_assertion_alg alg) {
	bool pss = alg == DS_ASSERTION_PS256;
	json_object *header = json_object_new_object();
	if (header != NULL &&
	    (!add_member(header, "alg", json_object_new_string(pss ? "PS256" : "RS256")) ||
	     !add_member(header, "typ", json_object_new_string("JWT")) ||
	     !add_member(header, pss ? "x5t#S256" : "x5t",
	                 json_object_new_string(pss ? ds_certificate_x5t_s256(cert)
	                                            : ds_certificate_x5t(cert))))) {
		json_object_put(header);
		return NULL;
	}
	return header;
}

static json_object *build_claims(const char *client_id, const char *audience, int64_t now,
                                 const char *jti) {
	json_object *claims = json_object_new_object();
	if (claims != NULL &&
	    (!add_member(claims, "aud", json_object_new_string(audience)) ||
	     !add_member(claims, "exp", json_object_new_int64(now + ASSERTION_LIFETIME_S)) ||
	     !add_member(claims, "iss", json_object_new_string(client_id)) ||
	     !add_member(claims, "jti", json_object_new_string(jti)) ||
	     !add_member(claims, "nbf", json_object_new_int64(now)) ||
	     !add_member(claims, "iat", json_object_new_int64(now)) ||
	     !add_member(claims, "sub", json_object_new_string(client_id)))) {
		json_object_put(claims);
		return NULL;
	}
	return claims;
}

/* The compact JSON text of object (no blanks, '/' not escaped), owned by object; NULL
 * when memory ran out. */
static const char *json_text(json_object *object, size_t *len) {
	return object != NULL
	           ? json_object_to_json_string_length(
	                 object, JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE, len)
	           : NULL;
}

static bool set_padding(EVP_PKEY_CTX *pctx, ds_assertion_alg alg) {
	if (alg == DS_ASSERTION_PS256) {
		/* RFC 7518 3.5: MGF1 with the same hash, salt as long as the hash. */
		return EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PSS_PADDING) > 0 &&
		       EVP_PKEY_CTX_set_rsa_mgf1_md(pctx, EVP_sha256()) > 0 &&
		       EVP_PKEY_CTX_set_rsa_pss_saltlen(pctx, RSA_PSS_SALTLEN_DIGEST) > 0;
	}
	return EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PADDING) > 0;
}

static bool sign_error(ds_error *err) {
	return ds_error_set(err,
	                    "signing the client assertion failed (OpenSSL: %s): check that the "
	                    "certificate file holds a usable RSA key",
	                    ds_openssl_reason());
}

/* Signs data[0..len); *sig_len is the room in sig on entry, the signature's length after. */
static bool sign(const ds_certificate *cert, ds_assertion_alg alg, const char *data, size_t len,
                 unsigned char *sig, size_t *sig_len, ds_error *err) {
	EVP_MD_CTX *md = EVP_MD_CTX_new();
	if (md == NULL) {
		return ds_error_set(err, "out of memory while signing the client assertion");
	}
	EVP_PKEY_CTX *pctx = NULL;
	bool ok = EVP_DigestSignInit(md, &pctx, EVP_sha256(), NULL, ds_certificate_key(cert)) == 1 &&
	          set_padding(pctx, alg) &&
	          EVP_DigestSign(md, sig, sig_len, (const unsigned char *)data, len) == 1;
	if (!ok) {
		(void)sign_error(err);
	}
	EVP_MD_CTX_free(md);
	return ok;
}

/* Writes header.claims.signature into a fresh buffer: the signing input is its prefix,
 * so no second copy of it exists. */
static bool assemble(const ds_certificate *cert, ds_assertion_alg alg, const char *header,
                     size_t header_len, const char *claims, size_t claims_len, char **jwt,
                     ds_error *err) {
	int key_size = EVP_PKEY_get_size(ds_certificate_key(cert));
	size_t header_size = 0;
	size_t claims_size = 0;
	size_t sig_size = 0;
	if (key_size <= 0 || !ds_base64url_size(header_len, &header_size) ||
	    !ds_base64url_size(claims_len, &claims_size) ||
	    !ds_base64url_size((size_t)key_size, &sig_size)) {
		return sign_error(err);
	}
	/* Each size counts a NUL; the two dots and the final NUL reuse those bytes. */
	size_t total = header_size + claims_size + sig_size;
	char *out = malloc(total);
	unsigned char *sig = malloc((size_t)key_size);
	if (out == NULL || sig == NULL) {
		free(out);
		free(sig);
		return ds_error_set(err, "out of memory while signing the client assertion");
	}
	bool ok = ds_base64url_encode((const unsigned char *)header, header_len, out, total);
	size_t pos = header_size - 1;
	out[pos++] = '.';
	ok = ok &&
	     ds_base64url_encode((const unsigned char *)claims, claims_len, out + pos, total - pos);
	pos += claims_size - 1;
	size_t sig_len = (size_t)key_size;
	ok = ok && sign(cert, alg, out, pos, sig, &sig_len, err);
	if (ok) {
		out[pos++] = '.';
		ok = ds_base64url_encode(sig, sig_len, out + pos, total - pos) || sign_error(err);
	}
	OPENSSL_clear_free(sig, (size_t)key_size);
	if (!ok) {
		OPENSSL_clear_free(out, total);
		return false;
	}
	*jwt = out;
	return true;
}

static bool check_assertion_arguments(const ds_certificate *cert, const char *client_id,
                                      const char *audience, int64_t now, ds_error *err) {
	if (cert == NULL) {
		return ds_error_set(err, "internal error: no certificate to sign the client assertion");
	}
	if (client_id == NULL || client_id[0] == '\0') {
		return ds_error_set(err, "the client id is empty: give the application (client) id "
		                         "of the app registration");
	}
	if (audience == NULL || audience[0] == '\0') {
		return ds_error_set(err, "internal error: the client assertion has no audience");
	}
	if (now < 0 || now > INT64_MAX - ASSERTION_LIFETIME_S) {
		return ds_error_set(err,
		                    "the current time %" PRId64
		                    " is out of range for a client assertion: check the system clock",
		                    now);
	}
	return true;
}

bool ds_client_assertion(const ds_certificate *cert, ds_assertion_alg alg, const char *client_id,
                         const char *audience, int64_t now, char **jwt, ds_error *err) {
	if (jwt == NULL) {
		return ds_error_set(err, "internal error: no place to store the client assertion");
	}
	*jwt = NULL;
	if (alg != DS_ASSERTION_PS256 && alg != DS_ASSERTION_RS256) {
		return ds_error_set(err, "internal error: unknown client assertion algorithm %d", (int)alg);
	}
	if (!check_assertion_arguments(cert, client_id, audience, now, err)) {
		return false;
	}
	char jti[UUID_CHARS + 1];
	if (!random_uuid(jti, err)) {
		ERR_clear_error();
		return false;
	}
	/* Header and claims are no secret (the signature makes the credential), so json-c's
	 * copies of them need no wiping. */
	json_object *header = build_header(cert, alg);
	json_object *claims = build_claims(client_id, audience, now, jti);
	size_t header_len = 0;
	size_t claims_len = 0;
	const char *header_text = json_text(header, &header_len);
	const char *claims_text = json_text(claims, &claims_len);
	bool ok = header_text != NULL && claims_text != NULL;
	if (!ok) {
		(void)ds_error_set(err, "out of memory while building the client assertion");
	}
	ok = ok && assemble(cert, alg, header_text, header_len, claims_text, claims_len, jwt, err);
	json_object_put(header);
	json_object_put(claims);
	ERR_clear_error();
	return ok;
}

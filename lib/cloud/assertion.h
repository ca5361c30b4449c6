/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (C) 2026 The dirsync-plugins developers */
/* Certificate credentials for the Microsoft identity platform: a PEM file with the
 * certificate and its private key, and the signed client assertion (a JWT) that
 * replaces a client secret. */
#ifndef DIRSYNC_CLOUD_ASSERTION_H
#define DIRSYNC_CLOUD_ASSERTION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/error.h"

typedef enum ds_assertion_alg {
	DS_ASSERTION_PS256, /* current guidance: PSS padding, header x5t#S256 */
	DS_ASSERTION_RS256, /* older guidance (MSAL): PKCS#1 v1.5, header x5t */
} ds_assertion_alg;

typedef struct ds_certificate ds_certificate;

/* Loads a PEM file holding one certificate and its unencrypted private key (in any
 * order). Errors: unreadable file, no certificate, no key, an encrypted key, a key
 * that does not belong to the certificate. The sentence names the file, never key
 * material. */
bool ds_certificate_load(const char *path, ds_certificate **out, ds_error *err);
void ds_certificate_free(ds_certificate *cert);

/* Base64url (no padding) SHA-256 and SHA-1 of the certificate's DER encoding. */
const char *ds_certificate_x5t_s256(const ds_certificate *cert);
const char *ds_certificate_x5t(const ds_certificate *cert);

/* Lower-case hex SHA-256 of the DER encoding (64 characters): identifies the
 * credential in cache keys without revealing anything secret. */
const char *ds_certificate_fingerprint(const ds_certificate *cert);

/* Signs a client assertion: header {alg, typ:"JWT", x5t#S256 or x5t}, claims
 * {aud, iss=sub=client_id, jti (random UUID v4), nbf=now, iat=now, exp=now+300}.
 * *jwt is malloc'd; the caller frees it (after wiping it: it is a credential). */
bool ds_client_assertion(const ds_certificate *cert, ds_assertion_alg alg, const char *client_id,
                         const char *audience, int64_t now, char **jwt, ds_error *err);

/* Base64url without padding. Returns false when out is too small. */
bool ds_base64url_encode(const unsigned char *data, size_t len, char *out, size_t out_size);

#endif

/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (C) 2026 The dirsync-plugins developers */
/* Certificate credentials for the Microsoft identity platform: a PEM file with the
 * certificate and its private key, and the thumbprints that name it. */
#ifndef DIRSYNC_CLOUD_CERTIFICATE_H
#define DIRSYNC_CLOUD_CERTIFICATE_H

#include <stdbool.h>

#include "core/error.h"

typedef struct ds_certificate ds_certificate;
struct evp_pkey_st; /* OpenSSL's EVP_PKEY */

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

/* The private key, owned by cert: what signs the client assertion. */
struct evp_pkey_st *ds_certificate_key(const ds_certificate *cert);

#endif

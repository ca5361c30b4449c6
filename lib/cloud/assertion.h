/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (C) 2026 The dirsync-plugins developers */
/* The signed client assertion (a JWT) that replaces a client secret when the app
 * registration has a certificate credential (cloud/certificate.h). */
#ifndef DIRSYNC_CLOUD_ASSERTION_H
#define DIRSYNC_CLOUD_ASSERTION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cloud/certificate.h"
#include "core/error.h"

typedef enum ds_assertion_alg {
	DS_ASSERTION_PS256, /* current guidance: PSS padding, header x5t#S256 */
	DS_ASSERTION_RS256, /* older guidance (MSAL): PKCS#1 v1.5, header x5t */
} ds_assertion_alg;

/* Signs a client assertion: header {alg, typ:"JWT", x5t#S256 or x5t}, claims
 * {aud, iss=sub=client_id, jti (random UUID v4), nbf=now, iat=now, exp=now+300}.
 * *jwt is malloc'd; the caller frees it (after wiping it: it is a credential). */
bool ds_client_assertion(const ds_certificate *cert, ds_assertion_alg alg, const char *client_id,
                         const char *audience, int64_t now, char **jwt, ds_error *err);

#endif

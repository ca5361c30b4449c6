/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (C) 2026 The dirsync-plugins developers */
/* Base64url without padding (RFC 4648 section 5), as JWTs and certificate thumbprints
 * (x5t) are written. */
#ifndef DIRSYNC_CLOUD_BASE64URL_H
#define DIRSYNC_CLOUD_BASE64URL_H

#include <stdbool.h>
#include <stddef.h>

/* Characters of unpadded base64url for n bytes. */
#define DS_BASE64URL_CHARS(n) (((n) / 3) * 4 + ((n) % 3 == 0 ? 0 : (n) % 3 + 1))

/* The output size for len bytes, its NUL included; false when it would overflow. */
bool ds_base64url_size(size_t len, size_t *size);

/* Base64url without padding. Returns false when out is too small. */
bool ds_base64url_encode(const unsigned char *data, size_t len, char *out, size_t out_size);

#endif

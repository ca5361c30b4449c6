/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (C) 2026 The dirsync-plugins developers */
/* Overwriting memory that held a secret (a client secret, a private key, an access token,
 * a line of an extra-opts file) before it is freed or goes out of scope, with a call the
 * compiler may not drop as a dead store. lib/cloud/ calls OpenSSL's OPENSSL_cleanse,
 * which it links anyway; everything else calls these. */
#ifndef DIRSYNC_CORE_WIPE_H
#define DIRSYNC_CORE_WIPE_H

#include <stddef.h>

/* Overwrites len bytes at memory with zeros. */
void ds_wipe(void *memory, size_t len);

/* Wipes a NUL-terminated string up to its terminator, then frees it (NULL is fine). */
void ds_wipe_free_string(char *text);

#endif

/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (C) 2026 The dirsync-plugins developers */
/* The reason of OpenSSL's newest queued error, for error sentences. */
#ifndef DIRSYNC_CLOUD_OPENSSL_ERROR_H
#define DIRSYNC_CLOUD_OPENSSL_ERROR_H

#include <openssl/err.h>

/* OpenSSL's reason strings are static and never contain key material. */
static inline const char *ds_openssl_reason(void) {
	const char *reason = ERR_reason_error_string(ERR_peek_last_error());
	return reason != NULL ? reason : "no details";
}

#endif

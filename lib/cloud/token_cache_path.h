/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (C) 2026 The dirsync-plugins developers */
/* The names of a token cache's files, shared by the entries (token_cache.c) and the
 * lock (token_cache_lock.c). */
#ifndef DIRSYNC_CLOUD_TOKEN_CACHE_PATH_H
#define DIRSYNC_CLOUD_TOKEN_CACHE_PATH_H

#include <stdbool.h>
#include <stddef.h>

#include "cloud/token_cache.h"
#include "core/error.h"

#define DS_TOKEN_CACHE_PATH_SIZE (sizeof(((ds_token_cache *)0)->dir) + DS_TOKEN_CACHE_KEY_LEN + 16)

/* DIR/<prefix><key><suffix>; the directory and key were validated by open, so the only
 * failure is a directory name too long for the buffer. */
bool ds_token_cache_path(const ds_token_cache *cache, const char *prefix, const char *suffix,
                         char *buf, size_t size, ds_error *err);

#endif

/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (C) 2026 The dirsync-plugins developers */
/* The access-token cache shared by every run on the monitoring server: one token per
 * tenant, client, scope and credential per hour instead of one per check.
 *
 * One file per key in a 0700 directory, each 0600, written to a temporary file and
 * renamed. A "<key>.lock" file is flock()ed while a token is being fetched, so that N
 * checks started at once make one token request: the others wait for the lock, then
 * find the fresh token. Files that are foreign-owned, group/other-accessible, not
 * regular, too large or malformed are never trusted (they are ignored and replaced). */
#ifndef DIRSYNC_CLOUD_TOKEN_CACHE_H
#define DIRSYNC_CLOUD_TOKEN_CACHE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/deadline.h"
#include "core/error.h"

#define DS_TOKEN_CACHE_KEY_LEN 64 /* hex SHA-256 */

typedef struct ds_token_cache {
	char dir[1024];
	char key[DS_TOKEN_CACHE_KEY_LEN + 1];
	int lock_fd; /* -1 when not locked */
} ds_token_cache;

/* $XDG_CACHE_HOME/dirsync-plugins, else $HOME/.cache/dirsync-plugins, else the home
 * directory from the password database. */
bool ds_token_cache_default_dir(char *buf, size_t size, ds_error *err);

/* Hex SHA-256 over the parts joined with '\n' (authority, tenant, client id, scope,
 * credential fingerprint...). out must hold DS_TOKEN_CACHE_KEY_LEN + 1 bytes. */
bool ds_token_cache_key(const char *const *parts, size_t count, char *out, ds_error *err);

/* Creates dir with mode 0700 if it is missing, and its parent too (the ~/.cache a fresh
 * service account lacks) but nothing above that: a deeper miss is a typo in
 * --token-cache. Then checks it through a descriptor: a real directory (a symbolic link
 * is an error), owned by the effective user (a foreign-owned one is an error) and not
 * accessible to group/others (an existing one that is is an error and is never
 * chmodded; one this call created is made 0700 whatever the umask). key must be
 * what ds_token_cache_key produced. Sets lock_fd to -1 even on failure, so that
 * ds_token_cache_close is always safe. */
bool ds_token_cache_open(ds_token_cache *cache, const char *dir, const char *key, ds_error *err);

/* A token valid for more than margin_s seconds after now. *token is malloc'd (the
 * caller frees it after wiping). Returns false when there is none or the file is not
 * trustworthy (never an error: the caller just fetches a new token). A negative margin
 * counts as 0; expires_on may be NULL. */
bool ds_token_cache_get(const ds_token_cache *cache, int64_t now, int64_t margin_s, char **token,
                        int64_t *expires_on);

/* Takes the exclusive lock, waiting at most until the deadline (one attempt is made
 * even when it has already passed). Returns true at once if this cache holds it. A lock
 * file that is not a regular file of the effective user is an error. */
bool ds_token_cache_lock(ds_token_cache *cache, const ds_deadline *deadline, ds_error *err);

/* Stores a token atomically (temp file in the same directory, fsync, rename), 0600.
 * The token must be non-empty printable ASCII without blanks and expires_on not
 * negative. On failure nothing new is left in the directory, and the error sentence
 * never contains the token. While this cache holds the lock, temporary files of this
 * key that a killed run left behind are removed first. */
bool ds_token_cache_put(const ds_token_cache *cache, const char *token, int64_t expires_on,
                        ds_error *err);

/* Removes the cached token (after the service refused it). */
void ds_token_cache_remove(const ds_token_cache *cache);

/* Releases the lock if held. */
void ds_token_cache_close(ds_token_cache *cache);

#endif

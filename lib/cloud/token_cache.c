/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (C) 2026 The dirsync-plugins developers */
/* The entries of the token cache: the key naming a file, reading a trusted entry, and
 * replacing it atomically. */
#include "cloud/token_cache.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>

#include "cloud/token_cache_path.h"
#include "core/number.h"
#include "core/text.h"

#define FILE_HEADER    "dirsync-plugins token cache v1\n"
#define EXPIRES_PREFIX "expires_on "
#define TOKEN_PREFIX   "access_token "
#define TOKEN_SUFFIX   ".token"
#define TEMP_SUFFIX    ".XXXXXX"
#define MAX_FILE_SIZE  (64 * 1024)

/* ---- paths ---------------------------------------------------------------------------- */

/* DIR/<prefix><key><suffix>; the directory and key were validated by open, so the only
 * failure is a directory name too long for the buffer. */
bool ds_token_cache_path(const ds_token_cache *cache, const char *prefix, const char *suffix,
                         char *buf, size_t size, ds_error *err) {
	int written = snprintf(buf, size, "%s/%s%s%s", cache->dir, prefix, cache->key, suffix);
	if (written < 0 || (size_t)written >= size) {
		return ds_error_set(err,
		                    "token cache directory name %s is too long: choose a shorter one "
		                    "with --token-cache=DIR",
		                    cache->dir);
	}
	return true;
}

/* ---- key ------------------------------------------------------------------------------ */

static bool digest_parts(EVP_MD_CTX *ctx, const char *const *parts, size_t count,
                         unsigned char *digest) {
	if (EVP_DigestInit_ex(ctx, EVP_sha256(), NULL) != 1) {
		return false;
	}
	for (size_t i = 0; i < count; i++) {
		if (i > 0 && EVP_DigestUpdate(ctx, "\n", 1) != 1) {
			return false;
		}
		if (EVP_DigestUpdate(ctx, parts[i], strlen(parts[i])) != 1) {
			return false;
		}
	}
	unsigned int len = 0;
	return EVP_DigestFinal_ex(ctx, digest, &len) == 1 && len == DS_TOKEN_CACHE_KEY_LEN / 2;
}

bool ds_token_cache_key(const char *const *parts, size_t count, char *out, ds_error *err) {
	for (size_t i = 0; i < count; i++) {
		if (parts == NULL || parts[i] == NULL) {
			return ds_error_set(err,
			                    "token cache key part %zu is missing: this is a bug in "
			                    "the plugin, please report it",
			                    i + 1);
		}
	}
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();
	if (ctx == NULL) {
		return ds_error_set(err, "cannot compute the token cache key: out of memory");
	}
	unsigned char digest[DS_TOKEN_CACHE_KEY_LEN / 2];
	bool ok = digest_parts(ctx, parts, count, digest);
	EVP_MD_CTX_free(ctx);
	if (!ok) {
		return ds_error_set(err, "cannot compute the token cache key: OpenSSL has no usable "
		                         "SHA-256 (check the OpenSSL installation and its FIPS "
		                         "configuration)");
	}
	ds_hex_encode(digest, sizeof digest, out);
	return true;
}

/* ---- get ------------------------------------------------------------------------------ */

/* Only what the owner alone could have written is trusted: anybody else able to write
 * the file could hand us a token for the wrong tenant. */
static bool trusted_file(int fd) {
	struct stat info;
	return fstat(fd, &info) == 0 && S_ISREG(info.st_mode) && info.st_uid == geteuid() &&
	       (info.st_mode & 077) == 0 && info.st_size <= MAX_FILE_SIZE;
}

/* Reads the whole file into buf (MAX_FILE_SIZE + 1 bytes); false if it is larger,
 * for example because it grew after the fstat. */
static bool read_all(int fd, char *buf, size_t *len) {
	size_t total = 0;
	for (;;) {
		ssize_t got = read(fd, buf + total, MAX_FILE_SIZE + 1 - total);
		if (got < 0 && errno == EINTR) {
			continue;
		}
		if (got < 0) {
			return false;
		}
		if (got == 0) {
			break;
		}
		total += (size_t)got;
		if (total > MAX_FILE_SIZE) {
			return false;
		}
	}
	*len = total;
	return true;
}

static bool skip_prefix(const char **pos, const char *end, const char *prefix) {
	size_t len = strlen(prefix);
	if ((size_t)(end - *pos) < len || memcmp(*pos, prefix, len) != 0) {
		return false;
	}
	*pos += len;
	return true;
}

/* Canonical decimal only (what put writes): no sign, no leading zero, no overflow. */
static bool parse_epoch(const char **pos, const char *end, int64_t *value) {
	uint64_t result = 0;
	size_t digits = 0;
	if (ds_number_prefix((ds_span){*pos, (size_t)(end - *pos)}, INT64_MAX, &result, &digits) !=
	        DS_NUMBER_OK ||
	    (digits > 1 && **pos == '0')) {
		return false;
	}
	*pos += digits;
	*value = (int64_t)result;
	return true;
}

static bool token_char(char c) {
	return c > ' ' && c <= '~';
}

/* A token of printable ASCII without blanks, then the final newline, then nothing. */
static bool parse_token(const char *pos, const char *end, const char **token, size_t *len) {
	const char *start = pos;
	while (pos < end && token_char(*pos)) {
		pos++;
	}
	if (pos == start || pos + 1 != end || *pos != '\n') {
		return false;
	}
	*token = start;
	*len = (size_t)(pos - start);
	return true;
}

static bool parse_file(const char *text, size_t size, int64_t *expires_on, const char **token,
                       size_t *token_len) {
	const char *pos = text;
	const char *end = text + size;
	return skip_prefix(&pos, end, FILE_HEADER) && skip_prefix(&pos, end, EXPIRES_PREFIX) &&
	       parse_epoch(&pos, end, expires_on) && skip_prefix(&pos, end, "\n") &&
	       skip_prefix(&pos, end, TOKEN_PREFIX) && parse_token(pos, end, token, token_len);
}

/* expires_on - now > margin_s, written so that no operand can overflow (expires_on is
 * never negative once parsed). A negative margin counts as none. */
static bool still_valid(int64_t expires_on, int64_t now, int64_t margin_s) {
	if (margin_s < 0) {
		margin_s = 0;
	}
	if (now > INT64_MAX - margin_s) {
		return false;
	}
	return expires_on > now + margin_s;
}

/* Parses the file text and copies out the token if it is still valid. */
static bool extract_token(const char *text, size_t size, int64_t now, int64_t margin_s,
                          char **token, int64_t *expires_on) {
	int64_t expiry = 0;
	const char *start = NULL;
	size_t len = 0;
	if (!parse_file(text, size, &expiry, &start, &len) || !still_valid(expiry, now, margin_s)) {
		return false;
	}
	char *copy = malloc(len + 1);
	if (copy == NULL) {
		return false;
	}
	memcpy(copy, start, len);
	copy[len] = '\0';
	*token = copy;
	if (expires_on != NULL) {
		*expires_on = expiry;
	}
	return true;
}

bool ds_token_cache_get(const ds_token_cache *cache, int64_t now, int64_t margin_s, char **token,
                        int64_t *expires_on) {
	char path[DS_TOKEN_CACHE_PATH_SIZE];
	if (token == NULL || !ds_token_cache_path(cache, "", TOKEN_SUFFIX, path, sizeof path, NULL)) {
		return false;
	}
	/* O_NONBLOCK: a FIFO planted under the name must not hang the check before fstat
	 * rejects it. */
	int fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK);
	if (fd < 0) {
		return false;
	}
	char *text = NULL;
	size_t size = 0;
	bool ok = trusted_file(fd) && (text = malloc(MAX_FILE_SIZE + 1)) != NULL &&
	          read_all(fd, text, &size) &&
	          extract_token(text, size, now, margin_s, token, expires_on);
	/* Read-only descriptor: nothing to lose on close, and the answer is already known. */
	(void)close(fd);
	if (text != NULL) {
		OPENSSL_cleanse(text, MAX_FILE_SIZE + 1);
		free(text);
	}
	return ok;
}

/* ---- put ------------------------------------------------------------------------------ */

static bool valid_token(const char *token) {
	if (token == NULL || token[0] == '\0') {
		return false;
	}
	for (const char *p = token; *p != '\0'; p++) {
		if (!token_char(*p)) {
			return false;
		}
	}
	return true;
}

/* The file text, malloc'd; NULL if it would exceed what get accepts. */
static char *format_file(const char *token, int64_t expires_on, size_t *len) {
	size_t token_len = strlen(token);
	size_t size = sizeof FILE_HEADER EXPIRES_PREFIX "\n" TOKEN_PREFIX "\n" + 20 + token_len;
	char *text = malloc(size);
	if (text == NULL) {
		return NULL;
	}
	int written =
	    snprintf(text, size, FILE_HEADER EXPIRES_PREFIX "%" PRId64 "\n" TOKEN_PREFIX "%s\n",
	             expires_on, token);
	if (written < 0 || (size_t)written >= size || written > MAX_FILE_SIZE) {
		OPENSSL_cleanse(text, size);
		free(text);
		return NULL;
	}
	*len = (size_t)written;
	return text;
}

static bool write_all(int fd, const char *data, size_t len) {
	while (len > 0) {
		ssize_t done = write(fd, data, len);
		if (done < 0 && errno == EINTR) {
			continue;
		}
		if (done <= 0) {
			return false;
		}
		data += done;
		len -= (size_t)done;
	}
	return true;
}

/* Fills and closes the temporary file; the descriptor is closed in every case. The file
 * reaches the disk before the rename so that a crash leaves the old token or the new
 * one, never an empty file. The directory itself is not synced: losing the rename in a
 * crash only costs one token request. */
static bool fill_temp(int fd, const char *text, size_t len) {
	bool ok = fchmod(fd, 0600) == 0 && write_all(fd, text, len) && fsync(fd) == 0;
	int saved = errno;
	if (close(fd) != 0 && ok) {
		return false;
	}
	errno = saved;
	return ok;
}

/* Runs write entries only while holding the lock, so a temporary file of this key that
 * the lock holder finds was left by a run killed between mkstemp and rename (SIGKILL
 * cannot be caught). Removing it here keeps such debris from piling up. */
static void remove_stale_temps(const ds_token_cache *cache) {
	char prefix[DS_TOKEN_CACHE_KEY_LEN + 3];
	int written = snprintf(prefix, sizeof prefix, ".%s.", cache->key);
	if (cache->lock_fd < 0 || written < 0 || (size_t)written >= sizeof prefix) {
		return;
	}
	DIR *dir = opendir(cache->dir);
	if (dir == NULL) {
		return;
	}
	const struct dirent *entry;
	while ((entry = readdir(dir)) != NULL) {
		if (strncmp(entry->d_name, prefix, (size_t)written) == 0 &&
		    strlen(entry->d_name) == (size_t)written + sizeof TEMP_SUFFIX - 2) {
			/* Nothing to do if it is gone already; a leftover is only untidy. */
			(void)unlinkat(dirfd(dir), entry->d_name, 0);
		}
	}
	/* A directory opened for reading: closing it cannot lose anything. */
	(void)closedir(dir);
}

static bool store_text(const ds_token_cache *cache, const char *text, size_t len, ds_error *err) {
	char temp[DS_TOKEN_CACHE_PATH_SIZE];
	char final[DS_TOKEN_CACHE_PATH_SIZE];
	if (!ds_token_cache_path(cache, ".", TEMP_SUFFIX, temp, sizeof temp, err) ||
	    !ds_token_cache_path(cache, "", TOKEN_SUFFIX, final, sizeof final, err)) {
		return false;
	}
	remove_stale_temps(cache);
	int fd = mkstemp(temp);
	if (fd < 0) {
		return ds_error_set(err,
		                    "cannot create a temporary file in the token cache directory %s: "
		                    "%s (check its permissions and free space)",
		                    cache->dir, strerror(errno));
	}
	/* mkstemp has no close-on-exec flag in POSIX; a failure here is harmless. */
	(void)fcntl(fd, F_SETFD, FD_CLOEXEC);
	if (!fill_temp(fd, text, len) || rename(temp, final) != 0) {
		int saved = errno;
		(void)unlink(temp);
		return ds_error_set(err,
		                    "cannot write the token cache file %s: %s (check the permissions "
		                    "and free space of %s)",
		                    final, strerror(saved), cache->dir);
	}
	return true;
}

bool ds_token_cache_put(const ds_token_cache *cache, const char *token, int64_t expires_on,
                        ds_error *err) {
	/* The sentences below describe the token, never quote it: they end up in the
	 * monitoring system's output. */
	if (!valid_token(token)) {
		return ds_error_set(err, "the identity platform returned an access token that is "
		                         "empty or contains blanks or control characters; it was not "
		                         "cached");
	}
	if (expires_on < 0) {
		return ds_error_set(
		    err, "the access token has a negative expiry time (%" PRId64 "); it was not cached",
		    expires_on);
	}
	size_t len = 0;
	char *text = format_file(token, expires_on, &len);
	if (text == NULL) {
		return ds_error_set(err,
		                    "the access token is too large to cache (at most %d bytes "
		                    "per file) or memory ran out; it was not cached",
		                    MAX_FILE_SIZE);
	}
	bool ok = store_text(cache, text, len, err);
	OPENSSL_cleanse(text, len);
	free(text);
	return ok;
}

/* ---- remove --------------------------------------------------------------------------- */

void ds_token_cache_remove(const ds_token_cache *cache) {
	char path[DS_TOKEN_CACHE_PATH_SIZE];
	if (ds_token_cache_path(cache, "", TOKEN_SUFFIX, path, sizeof path, NULL)) {
		(void)unlink(path);
	}
}

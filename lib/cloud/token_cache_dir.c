/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (C) 2026 The dirsync-plugins developers */
/* Where the token cache lives: the default directory, and opening (creating and
 * checking) the one given. */
#include "cloud/token_cache.h"

#include <errno.h>
#include <fcntl.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define CACHE_SUBDIR "dirsync-plugins"

/* ---- default directory ---------------------------------------------------------------- */

/* A relative value would put the cache wherever the monitoring core happened to start
 * the plugin, so only absolute directories count (the XDG specification says the same
 * for XDG_CACHE_HOME). */
static const char *absolute_env(const char *name) {
	const char *value = getenv(name);
	if (value == NULL || value[0] != '/') {
		return NULL;
	}
	return value;
}

static bool format_default_dir(char *buf, size_t size, const char *base, const char *sub,
                               ds_error *err) {
	int written = snprintf(buf, size, "%s%s/" CACHE_SUBDIR, base, sub);
	if (written < 0 || (size_t)written >= size) {
		return ds_error_set(err,
		                    "the default token cache directory under %s is too long: choose "
		                    "one with --token-cache=DIR",
		                    base);
	}
	return true;
}

bool ds_token_cache_default_dir(char *buf, size_t size, ds_error *err) {
	const char *xdg = absolute_env("XDG_CACHE_HOME");
	if (xdg != NULL) {
		return format_default_dir(buf, size, xdg, "", err);
	}
	const char *home = absolute_env("HOME");
	if (home != NULL) {
		return format_default_dir(buf, size, home, "/.cache", err);
	}
	/* Monitoring daemons often start plugins with an empty environment. */
	errno = 0;
	const struct passwd *entry = getpwuid(geteuid());
	if (entry != NULL && entry->pw_dir != NULL && entry->pw_dir[0] == '/') {
		return format_default_dir(buf, size, entry->pw_dir, "/.cache", err);
	}
	return ds_error_set(err,
	                    "cannot find a directory for the token cache: neither XDG_CACHE_HOME "
	                    "nor HOME is set to an absolute path and uid %ld has no home directory "
	                    "in the password database; choose one with --token-cache=DIR",
	                    (long)geteuid());
}

/* ---- open ----------------------------------------------------------------------------- */

/* The key becomes part of file names, so it must be exactly what ds_token_cache_key
 * produces: nothing that could climb out of the directory. */
static bool valid_key(const char *key) {
	size_t len = 0;
	for (; key[len] != '\0'; len++) {
		bool hex = (key[len] >= '0' && key[len] <= '9') || (key[len] >= 'a' && key[len] <= 'f');
		if (!hex || len >= DS_TOKEN_CACHE_KEY_LEN) {
			return false;
		}
	}
	return len == DS_TOKEN_CACHE_KEY_LEN;
}

/* Copies dir without trailing slashes, so that its parent is the text before the last
 * slash. */
static bool store_dir(ds_token_cache *cache, const char *dir, ds_error *err) {
	size_t len = strlen(dir);
	while (len > 1 && dir[len - 1] == '/') {
		len--;
	}
	if (len == 0) {
		return ds_error_set(err, "the token cache directory is empty: choose one with "
		                         "--token-cache=DIR");
	}
	if (len >= sizeof cache->dir) {
		return ds_error_set(err,
		                    "token cache directory name is too long (%zu bytes, at most %zu): "
		                    "choose a shorter one with --token-cache=DIR",
		                    len, sizeof cache->dir - 1);
	}
	memcpy(cache->dir, dir, len);
	cache->dir[len] = '\0';
	return true;
}

static bool make_dir(const char *path, bool *created) {
	if (mkdir(path, 0700) == 0) {
		*created = true;
		return true;
	}
	return errno == EEXIST;
}

/* The XDG layout needs ~/.cache, which a fresh service account lacks; anything missing
 * above that is a typo in --token-cache and is reported rather than created. *created
 * says whether this run made dir. */
static bool create_dir(const char *dir, bool *created, ds_error *err) {
	*created = false;
	if (make_dir(dir, created)) {
		return true;
	}
	if (errno == ENOENT) {
		char parent[sizeof(((ds_token_cache *)0)->dir)];
		const char *slash = strrchr(dir, '/');
		if (slash != NULL && slash != dir) {
			size_t len = (size_t)(slash - dir);
			memcpy(parent, dir, len);
			parent[len] = '\0';
			bool parent_created = false;
			if (make_dir(parent, &parent_created) && make_dir(dir, created)) {
				return true;
			}
		}
	}
	return ds_error_set(err,
	                    "cannot create the token cache directory %s: %s (create it with mode "
	                    "0700 or choose another with --token-cache=DIR)",
	                    dir, strerror(errno));
}

/* Called when the directory cannot be opened as one: lstat tells which sentence fits. */
static bool unusable_dir(const char *dir, int open_errno, ds_error *err) {
	struct stat info;
	bool known = lstat(dir, &info) == 0;
	if (known && S_ISLNK(info.st_mode)) {
		return ds_error_set(err,
		                    "token cache directory %s is a symbolic link, which is never "
		                    "trusted: remove it or choose another with --token-cache=DIR",
		                    dir);
	}
	if (known && !S_ISDIR(info.st_mode)) {
		return ds_error_set(err,
		                    "token cache directory %s is not a directory: remove it or choose "
		                    "another with --token-cache=DIR",
		                    dir);
	}
	return ds_error_set(err,
	                    "cannot open the token cache directory %s: %s (choose another with "
	                    "--token-cache=DIR)",
	                    dir, strerror(open_errno));
}

/* Checks through a descriptor, not the name, so that the directory cannot be swapped
 * between the check and the chmod. Only a directory this run created is chmodded (the
 * umask may have taken bits from its 0700): an existing one that others may use is
 * refused rather than changed, because it may be shared on purpose (--token-cache=/tmp
 * would otherwise turn the sticky, world-writable /tmp into a private one). */
static bool check_dir_fd(int fd, const char *dir, bool created, ds_error *err) {
	struct stat info;
	if (fstat(fd, &info) != 0) {
		return ds_error_set(err, "cannot inspect the token cache directory %s: %s", dir,
		                    strerror(errno));
	}
	if (info.st_uid != geteuid()) {
		return ds_error_set(err,
		                    "token cache directory %s is owned by uid %ld, not by this user "
		                    "(uid %ld): remove it or choose another with --token-cache=DIR",
		                    dir, (long)info.st_uid, (long)geteuid());
	}
	if (created && (info.st_mode & 07777) != 0700 && fchmod(fd, 0700) != 0) {
		return ds_error_set(err,
		                    "cannot restrict the new token cache directory %s to mode 0700: %s "
		                    "(run chmod 700 %s)",
		                    dir, strerror(errno), dir);
	}
	if (!created && (info.st_mode & 077) != 0) {
		return ds_error_set(err,
		                    "token cache directory %s may be used by others (mode %04o): run "
		                    "chmod 700 %s, or choose another with --token-cache=DIR",
		                    dir, (unsigned)(info.st_mode & 07777), dir);
	}
	return true;
}

static bool check_dir(const char *dir, bool created, ds_error *err) {
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0) {
		return unusable_dir(dir, errno, err);
	}
	bool ok = check_dir_fd(fd, dir, created, err);
	/* Read-only descriptor: close cannot lose data, and the check has its answer. */
	(void)close(fd);
	return ok;
}

bool ds_token_cache_open(ds_token_cache *cache, const char *dir, const char *key, ds_error *err) {
	cache->lock_fd = -1;
	cache->dir[0] = '\0';
	cache->key[0] = '\0';
	if (dir == NULL) {
		return ds_error_set(err, "no token cache directory given: choose one with "
		                         "--token-cache=DIR");
	}
	if (key == NULL || !valid_key(key)) {
		return ds_error_set(err, "invalid token cache key: this is a bug in the plugin, please "
		                         "report it");
	}
	bool created = false;
	if (!store_dir(cache, dir, err) || !create_dir(cache->dir, &created, err) ||
	    !check_dir(cache->dir, created, err)) {
		cache->dir[0] = '\0';
		return false;
	}
	memcpy(cache->key, key, DS_TOKEN_CACHE_KEY_LEN + 1);
	return true;
}

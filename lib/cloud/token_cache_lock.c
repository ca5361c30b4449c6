/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (C) 2026 The dirsync-plugins developers */
/* The token cache's lock: a "<key>.lock" file of this user, flock()ed while a token is
 * fetched, so that checks started together make one token request. */
#include "cloud/token_cache.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cloud/token_cache_path.h"
#include "core/sys.h"

#define LOCK_SUFFIX        ".lock"
#define LOCK_SLEEP_MIN_MS  10
#define LOCK_SLEEP_SPAN_MS 16 /* sleeps are 10..25 ms */

/* ---- lock ----------------------------------------------------------------------------- */

/* Waiters that started together would otherwise retry in lockstep. */
static void sleep_a_little(unsigned attempt, int64_t remaining_ms) {
	int64_t ms =
	    LOCK_SLEEP_MIN_MS + (int64_t)(((unsigned)getpid() + attempt * 7u) % LOCK_SLEEP_SPAN_MS);
	if (ms > remaining_ms) {
		ms = remaining_ms;
	}
	struct timespec pause = {.tv_sec = 0, .tv_nsec = (long)ms * 1000000L};
	/* An interrupted sleep only means an earlier retry; the deadline bounds the loop. */
	(void)nanosleep(&pause, NULL);
}

static int open_lock_file(const char *path, ds_error *err) {
	int fd = open(path, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK, 0600);
	if (fd < 0) {
		ds_error_set(err,
		             "cannot open the token cache lock file %s: %s (remove it or choose "
		             "another directory with --token-cache=DIR)",
		             path, strerror(errno));
		return -1;
	}
	struct stat info;
	if (fstat(fd, &info) != 0 || !S_ISREG(info.st_mode)) {
		(void)close(fd);
		ds_error_set(err,
		             "token cache lock file %s is not a regular file: remove it or choose "
		             "another directory with --token-cache=DIR",
		             path);
		return -1;
	}
	/* Whoever owns it could hold the lock for ever, or swap it under our runs. */
	if (info.st_uid != geteuid()) {
		(void)close(fd);
		ds_error_set(err,
		             "token cache lock file %s is owned by uid %ld, not by this user (uid "
		             "%ld): remove it or choose another directory with --token-cache=DIR",
		             path, (long)info.st_uid, (long)geteuid());
		return -1;
	}
	return fd;
}

/* Polls with LOCK_NB because a blocking flock() cannot be given a timeout without
 * signals, and the deadline is the only timer the plugins use. */
static bool wait_for_lock(int fd, const char *path, const ds_deadline *deadline, ds_error *err) {
	int64_t started = ds_monotonic_ms();
	for (unsigned attempt = 0;; attempt++) {
		if (flock(fd, LOCK_EX | LOCK_NB) == 0) {
			return true;
		}
		if (errno != EWOULDBLOCK && errno != EINTR) {
			return ds_error_set(err, "cannot lock the token cache lock file %s: %s", path,
			                    strerror(errno));
		}
		int64_t remaining = ds_deadline_remaining_ms(deadline);
		if (remaining <= 0) {
			return ds_error_set(err,
			                    "another run has been fetching a token for longer than the "
			                    "timeout: waited %" PRId64 " ms for %s; raise the timeout "
			                    "with -t or find the hung process holding it (fuser %s)",
			                    ds_monotonic_ms() - started, path, path);
		}
		sleep_a_little(attempt, remaining);
	}
}

bool ds_token_cache_lock(ds_token_cache *cache, const ds_deadline *deadline, ds_error *err) {
	/* flock() locks belong to the open file description, so a second descriptor would
	 * wait for this very process until the deadline. */
	if (cache->lock_fd >= 0) {
		return true;
	}
	char path[DS_TOKEN_CACHE_PATH_SIZE];
	if (!ds_token_cache_path(cache, "", LOCK_SUFFIX, path, sizeof path, err)) {
		return false;
	}
	int fd = open_lock_file(path, err);
	if (fd < 0) {
		return false;
	}
	if (!wait_for_lock(fd, path, deadline, err)) {
		(void)close(fd);
		return false;
	}
	cache->lock_fd = fd;
	return true;
}

/* ---- close ---------------------------------------------------------------------------- */

void ds_token_cache_close(ds_token_cache *cache) {
	if (cache->lock_fd >= 0) {
		/* close() alone releases the lock too; the explicit unlock just makes it
		 * independent of descriptors inherited by children, and neither failure
		 * leaves anything to undo. */
		(void)flock(cache->lock_fd, LOCK_UN);
		(void)close(cache->lock_fd);
	}
	cache->lock_fd = -1;
}

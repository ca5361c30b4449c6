/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (C) 2026 The dirsync-plugins developers */
/* A token cache file as another run (or anybody able to write there) left it: the
 * input becomes <dir>/<key>.token, then the check's read, and a rewrite of what was
 * read. The directory lives under $TMPDIR, which t/fuzz/run points at its scratch
 * space. */
#include <fcntl.h>
#include <unistd.h>

#include "fuzz.h"
#include "cloud/token_cache.h"

#define MARGIN 300

static ds_token_cache cache = {.lock_fd = -1};
static char token_path[sizeof cache.dir + DS_TOKEN_CACHE_KEY_LEN + 16];

static void remove_cache(void) {
	(void)unlink(token_path);
	(void)rmdir(cache.dir);
}

static void open_cache(void) {
	const char *tmp = getenv("TMPDIR");
	char dir[sizeof cache.dir];
	FUZZ_ASSERT(snprintf(dir, sizeof dir, "%s/fuzz-token-cache.XXXXXX",
	                     tmp != NULL && tmp[0] != '\0' ? tmp : "/tmp") < (int)sizeof dir);
	FUZZ_ASSERT(mkdtemp(dir) != NULL);
	const char *parts[] = {"https://login.microsoftonline.com", "contoso", "client", "secret"};
	char key[DS_TOKEN_CACHE_KEY_LEN + 1];
	ds_error err = {0};
	FUZZ_ASSERT(ds_token_cache_key(parts, 4, key, &err));
	FUZZ_ASSERT(ds_token_cache_open(&cache, dir, key, &err));
	FUZZ_ASSERT(snprintf(token_path, sizeof token_path, "%s/%s.token", cache.dir, key) <
	            (int)sizeof token_path);
	FUZZ_ASSERT(atexit(remove_cache) == 0);
}

static void write_file(const uint8_t *data, size_t size) {
	int fd = open(token_path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	FUZZ_ASSERT(fd >= 0);
	FUZZ_ASSERT(write(fd, data, size) == (ssize_t)size);
	FUZZ_ASSERT(close(fd) == 0);
}

static void check_token(char *token, int64_t expires_on) {
	FUZZ_ASSERT(token[0] != '\0' && expires_on > FUZZ_NOW + MARGIN);
	for (const char *p = token; *p != '\0'; p++) {
		FUZZ_ASSERT(*p > ' ' && *p <= '~');
	}
	/* What was read must store and read back unchanged. */
	ds_error err = {0};
	FUZZ_ASSERT(ds_token_cache_put(&cache, token, expires_on, &err));
	char *again = NULL;
	int64_t again_expires = 0;
	FUZZ_ASSERT(ds_token_cache_get(&cache, FUZZ_NOW, MARGIN, &again, &again_expires));
	FUZZ_ASSERT(strcmp(again, token) == 0 && again_expires == expires_on);
	free(again);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
	if (cache.dir[0] == '\0') {
		open_cache();
	}
	if (size > 128 * 1024) {
		return 0;
	}
	write_file(data, size);
	char *token = NULL;
	int64_t expires_on = 0;
	if (ds_token_cache_get(&cache, FUZZ_NOW, MARGIN, &token, &expires_on)) {
		check_token(token, expires_on);
		free(token);
	} else {
		FUZZ_ASSERT(token == NULL);
	}
	return 0;
}

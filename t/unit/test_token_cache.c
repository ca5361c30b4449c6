/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (C) 2026 The dirsync-plugins developers */
#include "unit.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <pwd.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "core/deadline.h"
#include "core/sys.h"
#include "cloud/token_cache.h"

#define PATH_SIZE   DS_TEST_PATH_MAX
#define FAR_FUTURE  INT64_C(4000000000)
#define SECRET      "eyJ0eXAi.SECRET-token_value~1"
#define RACERS      20
#define FOREIGN_UID 65534

/* The key of {"tenant", "client"}; any 64-hex key would do. */
static const char *const KEY_PARTS[] = {"tenant", "client"};

/* ---- helpers ------------------------------------------------------------------------ */

static void make_key(char *key) {
	ds_error err = {0};
	ck_assert(ds_token_cache_key(KEY_PARTS, 2, key, &err));
}

/* A fresh cache in a new temporary directory; base receives that directory. */
static void open_fresh(ds_token_cache *cache, char *base) {
	char key[DS_TOKEN_CACHE_KEY_LEN + 1];
	ds_error err = {0};
	ds_test_temp_dir(base, "ds_token_cache");
	make_key(key);
	ck_assert_msg(ds_token_cache_open(cache, base, key, &err), "%s", err.text);
}

static void cache_file(char *buf, const ds_token_cache *cache, const char *suffix) {
	int written = snprintf(buf, PATH_SIZE, "%s/%s%s", cache->dir, cache->key, suffix);
	ck_assert(written > 0 && written < PATH_SIZE);
}

static void write_raw(const char *path, const char *data, size_t len, mode_t mode) {
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(fchmod(fd, mode), 0);
	ck_assert_int_eq(write(fd, data, len), (ssize_t)len);
	ck_assert_int_eq(close(fd), 0);
}

static void write_token_file(const ds_token_cache *cache, const char *text, size_t len,
                             mode_t mode) {
	char path[PATH_SIZE];
	cache_file(path, cache, ".token");
	write_raw(path, text, len, mode);
}

static bool cache_has_token(const ds_token_cache *cache) {
	char *token = NULL;
	bool found = ds_token_cache_get(cache, ds_now_epoch(), 0, &token, NULL);
	free(token);
	return found;
}

/* Names in dir other than . and .., and how many of them start with a dot (the
 * temporary files). */
static int count_entries(const char *path, int *hidden) {
	DIR *dir = opendir(path);
	ck_assert_ptr_nonnull(dir);
	int count = 0;
	*hidden = 0;
	struct dirent *entry;
	while ((entry = readdir(dir)) != NULL) {
		if (strcmp(entry->d_name, ".") == 0 || strcmp(entry->d_name, "..") == 0) {
			continue;
		}
		count++;
		if (entry->d_name[0] == '.') {
			(*hidden)++;
		}
	}
	closedir(dir);
	return count;
}

static mode_t mode_of(const char *path) {
	struct stat info;
	ck_assert_int_eq(lstat(path, &info), 0);
	return info.st_mode & 07777;
}

/* Saves an environment variable so that a test leaves the environment as it found it
 * even with CK_FORK=no. */
typedef struct saved_env {
	const char *name;
	char *value;
} saved_env;

static saved_env save_env(const char *name) {
	const char *value = getenv(name);
	saved_env saved = {name, value != NULL ? strdup(value) : NULL};
	ck_assert(value == NULL || saved.value != NULL);
	return saved;
}

static void set_env(const char *name, const char *value) {
	if (value == NULL) {
		ck_assert_int_eq(unsetenv(name), 0);
	} else {
		ck_assert_int_eq(setenv(name, value, 1), 0);
	}
}

static void restore_env(saved_env *saved) {
	set_env(saved->name, saved->value);
	free(saved->value);
	saved->value = NULL;
}

static void sleep_ms(long ms) {
	struct timespec pause = {.tv_sec = ms / 1000, .tv_nsec = (ms % 1000) * 1000000L};
	while (nanosleep(&pause, &pause) != 0 && errno == EINTR) {
	}
}

static ds_deadline deadline_in_ms(int64_t ms) {
	ds_deadline deadline = ds_deadline_start_at(ds_monotonic_ms(), 1, DS_UNKNOWN);
	deadline.end_ms = ds_monotonic_ms() + ms;
	return deadline;
}

static int wait_child(pid_t pid) {
	int status = 0;
	pid_t done;
	while ((done = waitpid(pid, &status, 0)) < 0 && errno == EINTR) {
	}
	ck_assert_int_eq(done, pid);
	return status;
}

/* ---- child processes (never return into Check: they end with _exit) --------------- */

/* Takes the lock, tells the parent through ready_fd, then holds it for hold_ms
 * (forever when negative) before releasing it. */
/* Where the holder writes when it let go of the lock (ds_monotonic_ms, the same clock in
 * every process): on a busy machine the test may run late, so that it sees less of the
 * hold than the holder slept, but it must never get the lock before this time. */
static char released_at_path[PATH_SIZE + 16];

static int64_t released_at_ms(void) {
	long long ms = -1;
	FILE *f = fopen(released_at_path, "r");
	if (f != NULL) {
		if (fscanf(f, "%lld", &ms) != 1) {
			ms = -1;
		}
		fclose(f);
	}
	return ms;
}

static void lock_holder(const ds_token_cache *opened, int ready_fd, long hold_ms) {
	ds_token_cache cache = *opened;
	cache.lock_fd = -1;
	ds_deadline deadline = ds_deadline_start(10, DS_UNKNOWN);
	if (!ds_token_cache_lock(&cache, &deadline, NULL)) {
		_exit(2);
	}
	if (write(ready_fd, "x", 1) != 1) {
		_exit(3);
	}
	if (hold_ms < 0) {
		for (;;) {
			pause();
		}
	}
	sleep_ms(hold_ms);
	FILE *released = fopen(released_at_path, "w");
	if (released == NULL || fprintf(released, "%lld\n", (long long)ds_monotonic_ms()) < 0 ||
	    fclose(released) != 0) {
		_exit(4);
	}
	ds_token_cache_close(&cache);
	_exit(0);
}

static pid_t start_lock_holder(const ds_token_cache *cache, long hold_ms) {
	int ready[2];
	ck_assert_int_eq(pipe(ready), 0);
	pid_t pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		close(ready[0]);
		lock_holder(cache, ready[1], hold_ms);
	}
	ck_assert_int_eq(close(ready[1]), 0);
	char byte = 0;
	ssize_t got;
	while ((got = read(ready[0], &byte, 1)) < 0 && errno == EINTR) {
	}
	ck_assert_int_eq(got, 1);
	ck_assert_int_eq(close(ready[0]), 0);
	return pid;
}

static bool append_byte(const char *path) {
	int fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
	if (fd < 0) {
		return false;
	}
	bool ok = write(fd, "1", 1) == 1;
	return close(fd) == 0 && ok;
}

/* What every check does: lock, look, fetch only if needed (the fetch takes a while),
 * release. Then the token must be there for it as for everybody. */
static int racer(const char *dir, const char *key, const char *counter, int go_fd) {
	char byte;
	while (read(go_fd, &byte, 1) < 0 && errno == EINTR) {
	}
	ds_token_cache cache;
	if (!ds_token_cache_open(&cache, dir, key, NULL)) {
		return 10;
	}
	ds_deadline deadline = ds_deadline_start(30, DS_UNKNOWN);
	if (!ds_token_cache_lock(&cache, &deadline, NULL)) {
		return 11;
	}
	int status = 0;
	if (!cache_has_token(&cache)) {
		sleep_ms(50);
		if (!ds_token_cache_put(&cache, SECRET, ds_now_epoch() + 3600, NULL)) {
			status = 12;
		} else if (!append_byte(counter)) {
			status = 13;
		}
	}
	ds_token_cache_close(&cache);
	if (status == 0 && !cache_has_token(&cache)) {
		status = 14;
	}
	return status;
}

/* ---- default directory ---------------------------------------------------------------- */

START_TEST(default_dir_prefers_absolute_xdg_cache_home) {
	saved_env xdg = save_env("XDG_CACHE_HOME");
	saved_env home = save_env("HOME");
	char dir[PATH_SIZE];
	ds_error err = {0};
	set_env("XDG_CACHE_HOME", "/srv/xdg");
	set_env("HOME", "/home/nagios");
	ck_assert(ds_token_cache_default_dir(dir, sizeof dir, &err));
	ck_assert_str_eq(dir, "/srv/xdg/dirsync-plugins");
	restore_env(&xdg);
	restore_env(&home);
}
END_TEST

START_TEST(default_dir_ignores_empty_or_relative_xdg_cache_home) {
	saved_env xdg = save_env("XDG_CACHE_HOME");
	saved_env home = save_env("HOME");
	char dir[PATH_SIZE];
	ds_error err = {0};
	set_env("HOME", "/home/nagios");
	set_env("XDG_CACHE_HOME", "");
	ck_assert(ds_token_cache_default_dir(dir, sizeof dir, &err));
	ck_assert_str_eq(dir, "/home/nagios/.cache/dirsync-plugins");
	set_env("XDG_CACHE_HOME", "relative/cache");
	ck_assert(ds_token_cache_default_dir(dir, sizeof dir, &err));
	ck_assert_str_eq(dir, "/home/nagios/.cache/dirsync-plugins");
	set_env("XDG_CACHE_HOME", NULL);
	ck_assert(ds_token_cache_default_dir(dir, sizeof dir, &err));
	ck_assert_str_eq(dir, "/home/nagios/.cache/dirsync-plugins");
	restore_env(&xdg);
	restore_env(&home);
}
END_TEST

START_TEST(default_dir_falls_back_to_the_password_database) {
	saved_env xdg = save_env("XDG_CACHE_HOME");
	saved_env home = save_env("HOME");
	char dir[PATH_SIZE];
	char expected[PATH_SIZE];
	ds_error err = {0};
	set_env("XDG_CACHE_HOME", NULL);
	set_env("HOME", "");
	const struct passwd *entry = getpwuid(geteuid());
	bool ok = ds_token_cache_default_dir(dir, sizeof dir, &err);
	if (entry != NULL && entry->pw_dir != NULL && entry->pw_dir[0] == '/') {
		int written =
		    snprintf(expected, sizeof expected, "%s/.cache/dirsync-plugins", entry->pw_dir);
		ck_assert(written > 0 && written < (int)sizeof expected);
		ck_assert(ok);
		ck_assert_str_eq(dir, expected);
	} else {
		ck_assert(!ok);
		ck_assert_ptr_nonnull(strstr(err.text, "--token-cache=DIR"));
	}
	restore_env(&xdg);
	restore_env(&home);
}
END_TEST

START_TEST(default_dir_buffer_too_small) {
	saved_env xdg = save_env("XDG_CACHE_HOME");
	char dir[16];
	ds_error err = {0};
	set_env("XDG_CACHE_HOME", "/srv/xdg");
	ck_assert(!ds_token_cache_default_dir(dir, sizeof dir, &err));
	ck_assert_ptr_nonnull(strstr(err.text, "too long"));
	restore_env(&xdg);
}
END_TEST

/* ---- key ------------------------------------------------------------------------------ */

START_TEST(key_known_vector) {
	/* printf 'a\nb' | sha256sum */
	const char *const parts[] = {"a", "b"};
	char key[DS_TOKEN_CACHE_KEY_LEN + 1];
	ds_error err = {0};
	ck_assert(ds_token_cache_key(parts, 2, key, &err));
	ck_assert_str_eq(key, "7e18f737311b2dc3b2f269dd78396b0351f14fb66efa879f768cb23181883c78");
}
END_TEST

START_TEST(key_is_deterministic_lower_hex_and_depends_on_every_part) {
	const char *const base[] = {"https://login.microsoftonline.com", "tenant", "client",
	                            "https://graph.microsoft.com/.default", "fingerprint"};
	char first[DS_TOKEN_CACHE_KEY_LEN + 1];
	char again[DS_TOKEN_CACHE_KEY_LEN + 1];
	ds_error err = {0};
	ck_assert(ds_token_cache_key(base, 5, first, &err));
	ck_assert(ds_token_cache_key(base, 5, again, &err));
	ck_assert_str_eq(first, again);
	ck_assert_uint_eq(strlen(first), DS_TOKEN_CACHE_KEY_LEN);
	ck_assert_uint_eq(strspn(first, "0123456789abcdef"), DS_TOKEN_CACHE_KEY_LEN);
	for (size_t i = 0; i < 5; i++) {
		const char *changed[5];
		memcpy(changed, base, sizeof changed);
		changed[i] = "other";
		char key[DS_TOKEN_CACHE_KEY_LEN + 1];
		ck_assert(ds_token_cache_key(changed, 5, key, &err));
		ck_assert_str_ne(key, first);
	}
	/* The separator keeps "ab" apart from "a" + "b". */
	const char *const joined[] = {"ab"};
	const char *const split[] = {"a", "b"};
	ck_assert(ds_token_cache_key(joined, 1, first, &err));
	ck_assert(ds_token_cache_key(split, 2, again, &err));
	ck_assert_str_ne(first, again);
}
END_TEST

START_TEST(key_rejects_a_missing_part) {
	const char *const parts[] = {"tenant", NULL};
	char key[DS_TOKEN_CACHE_KEY_LEN + 1];
	ds_error err = {0};
	ck_assert(!ds_token_cache_key(parts, 2, key, &err));
	ck_assert_ptr_nonnull(strstr(err.text, "part 2"));
}
END_TEST

/* ---- open ----------------------------------------------------------------------------- */

START_TEST(open_creates_a_0700_directory) {
	char base[PATH_SIZE];
	char dir[PATH_SIZE];
	char key[DS_TOKEN_CACHE_KEY_LEN + 1];
	ds_token_cache cache;
	ds_error err = {0};
	ds_test_temp_dir(base, "ds_token_cache");
	make_key(key);
	ds_test_join(dir, base, "cache");
	mode_t old_mask = umask(0);
	bool ok = ds_token_cache_open(&cache, dir, key, &err);
	umask(old_mask);
	ck_assert_msg(ok, "%s", err.text);
	struct stat info;
	ck_assert_int_eq(lstat(dir, &info), 0);
	ck_assert(S_ISDIR(info.st_mode));
	ck_assert_uint_eq(mode_of(dir), 0700);
	ck_assert_str_eq(cache.dir, dir);
	ck_assert_str_eq(cache.key, key);
	ck_assert_int_eq(cache.lock_fd, -1);
	/* Opening again finds it and is fine; trailing slashes are dropped. */
	char slashed[PATH_SIZE];
	int written = snprintf(slashed, sizeof slashed, "%s//", dir);
	ck_assert(written > 0 && written < (int)sizeof slashed);
	ck_assert_msg(ds_token_cache_open(&cache, slashed, key, &err), "%s", err.text);
	ck_assert_str_eq(cache.dir, dir);
	ds_test_remove_tree(base);
}
END_TEST

START_TEST(open_creates_the_parent_but_nothing_deeper) {
	char base[PATH_SIZE];
	char parent[PATH_SIZE];
	char dir[PATH_SIZE];
	char key[DS_TOKEN_CACHE_KEY_LEN + 1];
	ds_token_cache cache;
	ds_error err = {0};
	ds_test_temp_dir(base, "ds_token_cache");
	make_key(key);
	ds_test_join(parent, base, ".cache");
	ds_test_join(dir, parent, "dirsync-plugins");
	ck_assert_msg(ds_token_cache_open(&cache, dir, key, &err), "%s", err.text);
	ck_assert_uint_eq(mode_of(parent), 0700);
	ck_assert_uint_eq(mode_of(dir), 0700);

	ds_test_join(parent, base, "no/such");
	ds_test_join(dir, parent, "dirsync-plugins");
	ck_assert(!ds_token_cache_open(&cache, dir, key, &err));
	ck_assert_ptr_nonnull(strstr(err.text, "cannot create the token cache directory"));
	ck_assert_ptr_nonnull(strstr(err.text, dir));
	ds_test_join(parent, base, "no");
	struct stat info;
	ck_assert_int_ne(lstat(parent, &info), 0);
	ck_assert_int_eq(cache.lock_fd, -1);
	ds_test_remove_tree(base);
}
END_TEST

/* An existing directory is never chmodded: it may be shared on purpose, as /tmp is. */
START_TEST(open_refuses_an_existing_directory_others_may_use) {
	static const mode_t modes[] = {0755, 0750, 0705, 0701, 0710, 0770, 0707, 0777, 01777, 02770};
	char base[PATH_SIZE];
	char dir[PATH_SIZE];
	char expected[PATH_SIZE * 2];
	char key[DS_TOKEN_CACHE_KEY_LEN + 1];
	ds_token_cache cache;
	ds_error err = {0};
	ds_test_temp_dir(base, "ds_token_cache");
	make_key(key);
	ds_test_join(dir, base, "cache");
	ck_assert_int_eq(mkdir(dir, 0700), 0);
	for (size_t i = 0; i < sizeof modes / sizeof modes[0]; i++) {
		ck_assert_int_eq(chmod(dir, modes[i]), 0);
		ck_assert_msg(!ds_token_cache_open(&cache, dir, key, &err), "mode %o", modes[i]);
		int written = snprintf(expected, sizeof expected,
		                       "token cache directory %s may be used by others (mode %04o): run "
		                       "chmod 700 %s, or choose another with --token-cache=DIR",
		                       dir, (unsigned)modes[i], dir);
		ck_assert(written > 0 && written < (int)sizeof expected);
		ck_assert_str_eq(err.text, expected);
		ck_assert_uint_eq(mode_of(dir), modes[i]);
		ck_assert_int_eq(cache.lock_fd, -1);
	}
	/* 0700, and one the owner has narrowed further, are used as they are. */
	ck_assert_int_eq(chmod(dir, 0700), 0);
	ck_assert_msg(ds_token_cache_open(&cache, dir, key, &err), "%s", err.text);
	ck_assert_uint_eq(mode_of(dir), 0700);
	ds_test_remove_tree(base);
}
END_TEST

/* A directory this run creates is 0700 whatever the umask took from it. */
START_TEST(open_makes_a_new_directory_0700_whatever_the_umask) {
	static const mode_t masks[] = {0, 022, 077, 0277, 0177};
	char base[PATH_SIZE];
	char dir[PATH_SIZE];
	char key[DS_TOKEN_CACHE_KEY_LEN + 1];
	ds_token_cache cache;
	ds_error err = {0};
	ds_test_temp_dir(base, "ds_token_cache");
	make_key(key);
	ds_test_join(dir, base, "cache");
	for (size_t i = 0; i < sizeof masks / sizeof masks[0]; i++) {
		mode_t old_mask = umask(masks[i]);
		bool ok = ds_token_cache_open(&cache, dir, key, &err);
		umask(old_mask);
		ck_assert_msg(ok, "umask %o: %s", masks[i], err.text);
		ck_assert_uint_eq(mode_of(dir), 0700);
		ck_assert_int_eq(rmdir(dir), 0);
	}
	ds_test_remove_tree(base);
}
END_TEST

START_TEST(open_rejects_a_symlinked_directory) {
	char base[PATH_SIZE];
	char real[PATH_SIZE];
	char link[PATH_SIZE];
	char key[DS_TOKEN_CACHE_KEY_LEN + 1];
	ds_token_cache cache;
	ds_error err = {0};
	ds_test_temp_dir(base, "ds_token_cache");
	make_key(key);
	ds_test_join(real, base, "real");
	ds_test_join(link, base, "link");
	ck_assert_int_eq(mkdir(real, 0700), 0);
	ck_assert_int_eq(chmod(real, 0755), 0);
	ck_assert_int_eq(symlink(real, link), 0);
	ck_assert(!ds_token_cache_open(&cache, link, key, &err));
	ck_assert_ptr_nonnull(strstr(err.text, "symbolic link"));
	ck_assert_ptr_nonnull(strstr(err.text, "--token-cache=DIR"));
	ck_assert_uint_eq(mode_of(real), 0755);
	ck_assert_int_eq(cache.lock_fd, -1);
	ds_test_remove_tree(base);
}
END_TEST

START_TEST(open_rejects_a_file) {
	char base[PATH_SIZE];
	char file[PATH_SIZE];
	char key[DS_TOKEN_CACHE_KEY_LEN + 1];
	ds_token_cache cache;
	ds_error err = {0};
	ds_test_temp_dir(base, "ds_token_cache");
	make_key(key);
	ds_test_join(file, base, "file");
	write_raw(file, "x", 1, 0600);
	ck_assert(!ds_token_cache_open(&cache, file, key, &err));
	ck_assert_ptr_nonnull(strstr(err.text, "is not a directory"));
	ds_test_remove_tree(base);
}
END_TEST

/* Only root can give a directory away; anybody else finds "/" foreign-owned (and as
 * root it would be ours, hence the two cases). */
START_TEST(open_rejects_a_foreign_owned_directory) {
	char base[PATH_SIZE];
	char dir[PATH_SIZE];
	char key[DS_TOKEN_CACHE_KEY_LEN + 1];
	char expected[PATH_SIZE];
	ds_token_cache cache;
	ds_error err = {0};
	ds_test_temp_dir(base, "ds_token_cache");
	make_key(key);
	long owner = 0;
	if (geteuid() == 0) {
		ds_test_join(dir, base, "foreign");
		ck_assert_int_eq(mkdir(dir, 0700), 0);
		ck_assert_int_eq(chmod(dir, 0755), 0);
		ck_assert_int_eq(chown(dir, FOREIGN_UID, FOREIGN_UID), 0);
		owner = FOREIGN_UID;
	} else {
		ds_test_join(dir, "", "");
	}
	ck_assert(!ds_token_cache_open(&cache, dir, key, &err));
	int written = snprintf(expected, sizeof expected,
	                       "is owned by uid %ld, not by this user (uid %ld): remove it or "
	                       "choose another with --token-cache=DIR",
	                       owner, (long)geteuid());
	ck_assert(written > 0 && written < (int)sizeof expected);
	ck_assert_ptr_nonnull(strstr(err.text, expected));
	if (geteuid() == 0) {
		ck_assert_uint_eq(mode_of(dir), 0755);
	}
	ds_test_remove_tree(base);
}
END_TEST

START_TEST(open_rejects_a_key_that_is_not_lower_hex) {
	char base[PATH_SIZE];
	char key[DS_TOKEN_CACHE_KEY_LEN + 1];
	ds_token_cache cache;
	ds_error err = {0};
	ds_test_temp_dir(base, "ds_token_cache");
	make_key(key);
	key[0] = 'A';
	ck_assert(!ds_token_cache_open(&cache, base, key, &err));
	key[0] = '/';
	ck_assert(!ds_token_cache_open(&cache, base, key, &err));
	key[0] = 'a';
	key[DS_TOKEN_CACHE_KEY_LEN - 1] = '\0';
	ck_assert(!ds_token_cache_open(&cache, base, key, &err));
	ck_assert(!ds_token_cache_open(&cache, base, "../../etc/passwd", &err));
	ck_assert_ptr_nonnull(strstr(err.text, "invalid token cache key"));
	ds_test_remove_tree(base);
}
END_TEST

/* ---- put and get ---------------------------------------------------------------------- */

START_TEST(put_then_get_round_trip) {
	char base[PATH_SIZE];
	ds_token_cache cache;
	ds_error err = {0};
	open_fresh(&cache, base);
	char *token = NULL;
	int64_t expires_on = 0;
	ck_assert(!ds_token_cache_get(&cache, ds_now_epoch(), 0, &token, &expires_on));
	ck_assert_ptr_null(token);
	ck_assert_msg(ds_token_cache_put(&cache, SECRET, FAR_FUTURE, &err), "%s", err.text);
	ck_assert(ds_token_cache_get(&cache, ds_now_epoch(), 300, &token, &expires_on));
	ck_assert_str_eq(token, SECRET);
	ck_assert_int_eq(expires_on, FAR_FUTURE);
	free(token);
	token = NULL;
	ck_assert(ds_token_cache_get(&cache, ds_now_epoch(), 300, &token, NULL));
	ck_assert_str_eq(token, SECRET);
	free(token);

	/* A newer token replaces the older one. */
	ck_assert(ds_token_cache_put(&cache, "second", FAR_FUTURE + 1, &err));
	ck_assert(ds_token_cache_get(&cache, ds_now_epoch(), 300, &token, &expires_on));
	ck_assert_str_eq(token, "second");
	ck_assert_int_eq(expires_on, FAR_FUTURE + 1);
	free(token);
	ds_test_remove_tree(base);
}
END_TEST

START_TEST(put_writes_the_documented_format) {
	char base[PATH_SIZE];
	char path[PATH_SIZE];
	char text[256];
	ds_token_cache cache;
	ds_error err = {0};
	open_fresh(&cache, base);
	ck_assert(ds_token_cache_put(&cache, "tok", 1700000000, &err));
	cache_file(path, &cache, ".token");
	int fd = open(path, O_RDONLY);
	ck_assert_int_ge(fd, 0);
	ssize_t got = read(fd, text, sizeof text - 1);
	ck_assert_int_eq(close(fd), 0);
	ck_assert_int_gt(got, 0);
	text[got] = '\0';
	ck_assert_str_eq(text, "dirsync-plugins token cache v1\nexpires_on 1700000000\n"
	                       "access_token tok\n");
	ds_test_remove_tree(base);
}
END_TEST

START_TEST(get_honours_the_margin) {
	char base[PATH_SIZE];
	ds_token_cache cache;
	ds_error err = {0};
	open_fresh(&cache, base);
	const int64_t now = 1700000000;
	char *token = NULL;
	ck_assert(ds_token_cache_put(&cache, SECRET, now + 300, &err));
	ck_assert(ds_token_cache_get(&cache, now, 299, &token, NULL));
	free(token);
	token = NULL;
	ck_assert(!ds_token_cache_get(&cache, now, 300, &token, NULL));
	ck_assert(!ds_token_cache_get(&cache, now, 301, &token, NULL));
	ck_assert(!ds_token_cache_get(&cache, now + 300, 0, &token, NULL));
	ck_assert(!ds_token_cache_get(&cache, now + 1000, 0, &token, NULL));
	/* A negative margin counts as none; extreme clocks do not overflow. */
	ck_assert(!ds_token_cache_get(&cache, now + 300, -100, &token, NULL));
	ck_assert(!ds_token_cache_get(&cache, INT64_MAX, 1, &token, NULL));
	ck_assert(!ds_token_cache_get(&cache, INT64_MAX - 5, INT64_MAX, &token, NULL));
	ck_assert(ds_token_cache_get(&cache, INT64_MIN, 0, &token, NULL));
	free(token);
	ds_test_remove_tree(base);
}
END_TEST

START_TEST(put_leaves_a_0600_file_and_no_temporary_file) {
	char base[PATH_SIZE];
	char path[PATH_SIZE];
	ds_token_cache cache;
	ds_error err = {0};
	open_fresh(&cache, base);
	mode_t old_mask = umask(0);
	bool ok = ds_token_cache_put(&cache, SECRET, FAR_FUTURE, &err);
	umask(old_mask);
	ck_assert_msg(ok, "%s", err.text);
	cache_file(path, &cache, ".token");
	ck_assert_uint_eq(mode_of(path), 0600);
	int hidden = 0;
	ck_assert_int_eq(count_entries(base, &hidden), 1);
	ck_assert_int_eq(hidden, 0);
	ds_test_remove_tree(base);
}
END_TEST

/* A run killed between mkstemp and rename leaves ".KEY.XXXXXX" behind; the next writer
 * that holds the lock removes it, and one that does not hold it leaves it alone. */
START_TEST(put_under_the_lock_removes_a_killed_writers_temporary_file) {
	char base[PATH_SIZE];
	char leftover[PATH_SIZE];
	char other_key[PATH_SIZE];
	ds_token_cache cache;
	ds_error err = {0};
	open_fresh(&cache, base);
	int written = snprintf(leftover, sizeof leftover, "%s/.%s.Ab12Cd", cache.dir, cache.key);
	ck_assert(written > 0 && written < (int)sizeof leftover);
	write_raw(leftover, "half", 4, 0600);
	written = snprintf(other_key, sizeof other_key, "%s/.%064d.Ab12Cd", cache.dir, 0);
	ck_assert(written > 0 && written < (int)sizeof other_key);
	write_raw(other_key, "other", 5, 0600);
	int hidden = 0;

	ck_assert_msg(ds_token_cache_put(&cache, SECRET, FAR_FUTURE, &err), "%s", err.text);
	ck_assert_int_eq(access(leftover, F_OK), 0);

	ds_deadline deadline = deadline_in_ms(1000);
	ck_assert_msg(ds_token_cache_lock(&cache, &deadline, &err), "%s", err.text);
	ck_assert_msg(ds_token_cache_put(&cache, SECRET, FAR_FUTURE, &err), "%s", err.text);
	ds_token_cache_close(&cache);
	ck_assert_int_eq(access(leftover, F_OK), -1);
	/* Another key's file belongs to another run that may still be writing it. */
	ck_assert_int_eq(access(other_key, F_OK), 0);
	ck_assert_int_eq(count_entries(base, &hidden), 3);
	ck_assert_int_eq(hidden, 1);
	ds_test_remove_tree(base);
}
END_TEST

START_TEST(get_ignores_a_group_readable_file) {
	char base[PATH_SIZE];
	char path[PATH_SIZE];
	ds_token_cache cache;
	ds_error err = {0};
	open_fresh(&cache, base);
	ck_assert(ds_token_cache_put(&cache, SECRET, FAR_FUTURE, &err));
	ck_assert(cache_has_token(&cache));
	cache_file(path, &cache, ".token");
	ck_assert_int_eq(chmod(path, 0644), 0);
	ck_assert(!cache_has_token(&cache));
	ck_assert_int_eq(chmod(path, 0606), 0);
	ck_assert(!cache_has_token(&cache));
	ck_assert_int_eq(chmod(path, 0640), 0);
	ck_assert(!cache_has_token(&cache));
	ds_test_remove_tree(base);
}
END_TEST

START_TEST(get_ignores_a_symlink_to_a_valid_file) {
	char base[PATH_SIZE];
	char other[PATH_SIZE];
	char target[PATH_SIZE];
	char path[PATH_SIZE];
	ds_token_cache cache;
	ds_token_cache elsewhere;
	ds_error err = {0};
	open_fresh(&cache, base);
	ds_test_join(other, base, "other");
	ck_assert(ds_token_cache_open(&elsewhere, other, cache.key, &err));
	ck_assert(ds_token_cache_put(&elsewhere, SECRET, FAR_FUTURE, &err));
	ck_assert(cache_has_token(&elsewhere));
	cache_file(target, &elsewhere, ".token");
	cache_file(path, &cache, ".token");
	ck_assert_int_eq(symlink(target, path), 0);
	ck_assert(!cache_has_token(&cache));
	ds_test_remove_tree(base);
}
END_TEST

/* Only root can give a file away. */
START_TEST(get_ignores_a_foreign_owned_file) {
	if (geteuid() != 0) {
		return;
	}
	char base[PATH_SIZE];
	char path[PATH_SIZE];
	ds_token_cache cache;
	ds_error err = {0};
	open_fresh(&cache, base);
	ck_assert(ds_token_cache_put(&cache, SECRET, FAR_FUTURE, &err));
	cache_file(path, &cache, ".token");
	ck_assert_int_eq(chown(path, FOREIGN_UID, FOREIGN_UID), 0);
	ck_assert(!cache_has_token(&cache));
	ds_test_remove_tree(base);
}
END_TEST

typedef struct raw_file {
	const char *text;
	size_t len;
} raw_file;

#define RAW(literal)                                                                               \
	{ literal, sizeof literal - 1 }
#define HEADER "dirsync-plugins token cache v1\n"

START_TEST(get_ignores_corrupt_files) {
	static const raw_file valid = RAW(HEADER "expires_on 4000000000\naccess_token abc\n");
	static const raw_file corrupt[] = {
	    RAW(""),
	    RAW(HEADER),
	    RAW("dirsync-plugins token cache v2\nexpires_on 4000000000\naccess_token abc\n"),
	    RAW("dirsync-plugins token cache v1 \nexpires_on 4000000000\naccess_token abc\n"),
	    RAW("\xef\xbb\xbf" HEADER "expires_on 4000000000\naccess_token abc\n"),
	    RAW(HEADER "expires_on 4000000000x\naccess_token abc\n"),
	    RAW(HEADER "expires_on 40000000 00\naccess_token abc\n"),
	    RAW(HEADER "expires_on -4000000000\naccess_token abc\n"),
	    RAW(HEADER "expires_on +4000000000\naccess_token abc\n"),
	    RAW(HEADER "expires_on 04000000000\naccess_token abc\n"),
	    RAW(HEADER "expires_on \naccess_token abc\n"),
	    RAW(HEADER "expires_on 99999999999999999999\naccess_token abc\n"),
	    RAW(HEADER "expires_on 4000000000\r\naccess_token abc\n"),
	    RAW(HEADER "expires_on  4000000000\naccess_token abc\n"),
	    RAW(HEADER "access_token abc\nexpires_on 4000000000\n"),
	    RAW(HEADER "expires_on 4000000000\naccess_token \n"),
	    RAW(HEADER "expires_on 4000000000\naccess_token\n"),
	    RAW(HEADER "expires_on 4000000000\naccess_token abc def\n"),
	    RAW(HEADER "expires_on 4000000000\naccess_token abc\tdef\n"),
	    RAW(HEADER "expires_on 4000000000\naccess_token ab\0c\n"),
	    RAW(HEADER "expires_on 4000000000\naccess_token ab\xc3\xa9\n"),
	    RAW(HEADER "expires_on 4000000000\naccess_token abc\n\n"),
	    RAW(HEADER "expires_on 4000000000\naccess_token abc\ngarbage"),
	    RAW(HEADER "expires_on 4000000000\naccess_token abc\r\n"),
	    RAW(HEADER "expires_on 4000000000\naccess_token abc"),
	};
	char base[PATH_SIZE];
	ds_token_cache cache;
	open_fresh(&cache, base);
	write_token_file(&cache, valid.text, valid.len, 0600);
	ck_assert(cache_has_token(&cache));
	for (size_t i = 0; i < sizeof corrupt / sizeof corrupt[0]; i++) {
		write_token_file(&cache, corrupt[i].text, corrupt[i].len, 0600);
		ck_assert_msg(!cache_has_token(&cache), "corrupt file %zu was accepted", i);
	}
	ds_test_remove_tree(base);
}
END_TEST

/* A valid token file whose token is token_len characters long. */
static char *big_file(size_t token_len, size_t *len) {
	static const char head[] = HEADER "expires_on 4000000000\naccess_token ";
	*len = sizeof head - 1 + token_len + 1;
	char *text = malloc(*len);
	ck_assert_ptr_nonnull(text);
	memcpy(text, head, sizeof head - 1);
	memset(text + sizeof head - 1, 'x', token_len);
	text[*len - 1] = '\n';
	return text;
}

START_TEST(get_ignores_an_oversized_file) {
	static const size_t limit = 64 * 1024;
	static const size_t head_len = sizeof HEADER "expires_on 4000000000\naccess_token " - 1;
	char base[PATH_SIZE];
	ds_token_cache cache;
	open_fresh(&cache, base);
	size_t len = 0;
	char *text = big_file(limit - head_len - 1, &len);
	ck_assert_uint_eq(len, limit);
	write_token_file(&cache, text, len, 0600);
	ck_assert(cache_has_token(&cache));
	free(text);
	text = big_file(limit - head_len, &len);
	ck_assert_uint_eq(len, limit + 1);
	write_token_file(&cache, text, len, 0600);
	ck_assert(!cache_has_token(&cache));
	free(text);
	ds_test_remove_tree(base);
}
END_TEST

START_TEST(put_replaces_a_corrupt_file) {
	char base[PATH_SIZE];
	char path[PATH_SIZE];
	ds_token_cache cache;
	ds_error err = {0};
	open_fresh(&cache, base);
	static const raw_file corrupt = RAW("dirsync-plugins token cache v0\n\x01\x02 junk");
	write_token_file(&cache, corrupt.text, corrupt.len, 0644);
	ck_assert(!cache_has_token(&cache));
	ck_assert(ds_token_cache_put(&cache, SECRET, FAR_FUTURE, &err));
	ck_assert(cache_has_token(&cache));
	cache_file(path, &cache, ".token");
	ck_assert_uint_eq(mode_of(path), 0600);
	ds_test_remove_tree(base);
}
END_TEST

START_TEST(put_rejects_bad_tokens_without_quoting_them) {
	char base[PATH_SIZE];
	ds_token_cache cache;
	ds_error err = {0};
	open_fresh(&cache, base);
	ck_assert(!ds_token_cache_put(&cache, "abc SECRET", FAR_FUTURE, &err));
	ck_assert_ptr_null(strstr(err.text, "SECRET"));
	ck_assert_ptr_nonnull(strstr(err.text, "not cached"));
	ck_assert(!ds_token_cache_put(&cache, "", FAR_FUTURE, &err));
	ck_assert(!ds_token_cache_put(&cache, NULL, FAR_FUTURE, &err));
	ck_assert(!ds_token_cache_put(&cache, "line\nSECRET", FAR_FUTURE, &err));
	ck_assert_ptr_null(strstr(err.text, "SECRET"));
	ck_assert(!ds_token_cache_put(&cache, SECRET, -1, &err));
	ck_assert_ptr_null(strstr(err.text, SECRET));
	char *huge = malloc(64 * 1024);
	ck_assert_ptr_nonnull(huge);
	memset(huge, 'x', 64 * 1024 - 1);
	huge[64 * 1024 - 1] = '\0';
	ck_assert(!ds_token_cache_put(&cache, huge, FAR_FUTURE, &err));
	ck_assert_ptr_nonnull(strstr(err.text, "too large"));
	free(huge);
	int hidden = 0;
	ck_assert_int_eq(count_entries(base, &hidden), 0);
	ds_test_remove_tree(base);
}
END_TEST

/* rename() over a non-empty directory fails even for root, after the temporary file has
 * been written: the worst moment to leave debris. */
START_TEST(put_failure_leaves_nothing_behind) {
	char base[PATH_SIZE];
	char path[PATH_SIZE];
	char inner[PATH_SIZE];
	ds_token_cache cache;
	ds_error err = {0};
	open_fresh(&cache, base);
	cache_file(path, &cache, ".token");
	ck_assert_int_eq(mkdir(path, 0700), 0);
	ds_test_join(inner, path, "keep");
	write_raw(inner, "x", 1, 0600);
	ck_assert(!ds_token_cache_put(&cache, SECRET, FAR_FUTURE, &err));
	ck_assert_ptr_nonnull(strstr(err.text, "cannot write the token cache file"));
	ck_assert_ptr_nonnull(strstr(err.text, path));
	ck_assert_ptr_null(strstr(err.text, SECRET));
	int hidden = 0;
	ck_assert_int_eq(count_entries(base, &hidden), 1);
	ck_assert_int_eq(hidden, 0);
	ds_test_remove_tree(base);
}
END_TEST

/* ---- lock ----------------------------------------------------------------------------- */

START_TEST(lock_creates_a_0600_lock_file_and_close_is_idempotent) {
	char base[PATH_SIZE];
	char path[PATH_SIZE];
	ds_token_cache cache;
	ds_error err = {0};
	open_fresh(&cache, base);
	ds_deadline deadline = deadline_in_ms(1000);
	mode_t old_mask = umask(0);
	bool ok = ds_token_cache_lock(&cache, &deadline, &err);
	umask(old_mask);
	ck_assert_msg(ok, "%s", err.text);
	ck_assert_int_ge(cache.lock_fd, 0);
	int fd = cache.lock_fd;
	/* Locking again through the same cache must not wait for itself. */
	ck_assert(ds_token_cache_lock(&cache, &deadline, &err));
	ck_assert_int_eq(cache.lock_fd, fd);
	cache_file(path, &cache, ".lock");
	ck_assert_uint_eq(mode_of(path), 0600);
	ds_token_cache_close(&cache);
	ck_assert_int_eq(cache.lock_fd, -1);
	ds_token_cache_close(&cache);
	ck_assert_int_eq(cache.lock_fd, -1);
	/* A lock that is free is taken even when the deadline has passed. */
	ds_deadline passed = deadline_in_ms(-1000);
	ck_assert_msg(ds_token_cache_lock(&cache, &passed, &err), "%s", err.text);
	ds_token_cache_close(&cache);
	ds_test_remove_tree(base);
}
END_TEST

/* Only root can give a file away. */
START_TEST(lock_refuses_a_foreign_owned_lock_file) {
	if (geteuid() != 0) {
		return;
	}
	char base[PATH_SIZE];
	char path[PATH_SIZE];
	char expected[PATH_SIZE * 2];
	ds_token_cache cache;
	ds_error err = {0};
	open_fresh(&cache, base);
	cache_file(path, &cache, ".lock");
	write_raw(path, "", 0, 0600);
	ck_assert_int_eq(chown(path, FOREIGN_UID, FOREIGN_UID), 0);
	ds_deadline deadline = deadline_in_ms(1000);
	ck_assert(!ds_token_cache_lock(&cache, &deadline, &err));
	int written = snprintf(expected, sizeof expected,
	                       "token cache lock file %s is owned by uid %d, not by this user (uid "
	                       "0): remove it or choose another directory with --token-cache=DIR",
	                       path, FOREIGN_UID);
	ck_assert(written > 0 && written < (int)sizeof expected);
	ck_assert_str_eq(err.text, expected);
	ck_assert_int_eq(cache.lock_fd, -1);
	ds_test_remove_tree(base);
}
END_TEST

START_TEST(lock_waits_for_another_process) {
	char base[PATH_SIZE];
	ds_token_cache cache;
	ds_error err = {0};
	open_fresh(&cache, base);
	(void)snprintf(released_at_path, sizeof released_at_path, "%s/released-at", base);
	pid_t child = start_lock_holder(&cache, 300);
	int64_t started = ds_monotonic_ms();
	ds_deadline deadline = deadline_in_ms(5000);
	bool ok = ds_token_cache_lock(&cache, &deadline, &err);
	int64_t locked_at = ds_monotonic_ms();
	int status = wait_child(child);
	ck_assert_msg(ok, "%s", err.text);
	ck_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	int64_t released_at = released_at_ms();
	ck_assert_int_ge(released_at, 0);
	ck_assert_int_ge(locked_at, released_at);
	ck_assert_int_lt(locked_at - started, 4000);
	ds_token_cache_close(&cache);
	ds_test_remove_tree(base);
}
END_TEST

START_TEST(lock_gives_up_at_the_deadline) {
	char base[PATH_SIZE];
	ds_token_cache cache;
	ds_error err = {0};
	open_fresh(&cache, base);
	pid_t child = start_lock_holder(&cache, -1);
	int64_t started = ds_monotonic_ms();
	ds_deadline deadline = deadline_in_ms(500);
	bool ok = ds_token_cache_lock(&cache, &deadline, &err);
	int64_t waited = ds_monotonic_ms() - started;
	ck_assert_int_eq(kill(child, SIGKILL), 0);
	wait_child(child);
	ck_assert(!ok);
	ck_assert_int_eq(cache.lock_fd, -1);
	ck_assert_int_ge(waited, 490);
	ck_assert_int_lt(waited, 2000);
	ck_assert_ptr_nonnull(
	    strstr(err.text, "another run has been fetching a token for longer than the timeout: "));
	ck_assert_ptr_nonnull(strstr(err.text, cache.key));
	ds_test_remove_tree(base);
}
END_TEST

START_TEST(lock_of_a_killed_process_is_released) {
	char base[PATH_SIZE];
	ds_token_cache cache;
	ds_error err = {0};
	open_fresh(&cache, base);
	pid_t child = start_lock_holder(&cache, -1);
	ds_deadline short_wait = deadline_in_ms(100);
	bool held = !ds_token_cache_lock(&cache, &short_wait, &err);
	ck_assert_int_eq(kill(child, SIGKILL), 0);
	int status = wait_child(child);
	ck_assert(held);
	ck_assert(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);
	int64_t started = ds_monotonic_ms();
	ds_deadline deadline = deadline_in_ms(5000);
	ck_assert_msg(ds_token_cache_lock(&cache, &deadline, &err), "%s", err.text);
	/* At once, not when the deadline ends the wait; the slack is for a busy machine. */
	ck_assert_int_lt(ds_monotonic_ms() - started, 4000);
	ds_token_cache_close(&cache);
	ds_test_remove_tree(base);
}
END_TEST

START_TEST(concurrent_runs_fetch_one_token) {
	char base[PATH_SIZE];
	char counter[PATH_SIZE];
	char dir[PATH_SIZE];
	ds_token_cache cache;
	open_fresh(&cache, base);
	ds_test_join(counter, base, "counter");
	ds_test_join(dir, base, "shared");
	int go[2];
	ck_assert_int_eq(pipe(go), 0);
	pid_t children[RACERS];
	for (int i = 0; i < RACERS; i++) {
		children[i] = fork();
		ck_assert_int_ge(children[i], 0);
		if (children[i] == 0) {
			close(go[1]);
			_exit(racer(dir, cache.key, counter, go[0]));
		}
	}
	/* Closing the pipe releases every child at once. */
	ck_assert_int_eq(close(go[1]), 0);
	ck_assert_int_eq(close(go[0]), 0);
	for (int i = 0; i < RACERS; i++) {
		int status = wait_child(children[i]);
		ck_assert_msg(WIFEXITED(status) && WEXITSTATUS(status) == 0, "child %d: status %d", i,
		              status);
	}
	struct stat info;
	ck_assert_int_eq(stat(counter, &info), 0);
	ck_assert_int_eq(info.st_size, 1);
	ds_test_remove_tree(base);
}
END_TEST

int main(void) {
	Suite *suite = suite_create("token_cache");
	TCase *tc = tcase_create("token_cache");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, default_dir_prefers_absolute_xdg_cache_home);
	tcase_add_test(tc, default_dir_ignores_empty_or_relative_xdg_cache_home);
	tcase_add_test(tc, default_dir_falls_back_to_the_password_database);
	tcase_add_test(tc, default_dir_buffer_too_small);
	tcase_add_test(tc, key_known_vector);
	tcase_add_test(tc, key_is_deterministic_lower_hex_and_depends_on_every_part);
	tcase_add_test(tc, key_rejects_a_missing_part);
	tcase_add_test(tc, open_creates_a_0700_directory);
	tcase_add_test(tc, open_creates_the_parent_but_nothing_deeper);
	tcase_add_test(tc, open_refuses_an_existing_directory_others_may_use);
	tcase_add_test(tc, open_makes_a_new_directory_0700_whatever_the_umask);
	tcase_add_test(tc, open_rejects_a_symlinked_directory);
	tcase_add_test(tc, open_rejects_a_file);
	tcase_add_test(tc, open_rejects_a_foreign_owned_directory);
	tcase_add_test(tc, open_rejects_a_key_that_is_not_lower_hex);
	tcase_add_test(tc, put_then_get_round_trip);
	tcase_add_test(tc, put_writes_the_documented_format);
	tcase_add_test(tc, get_honours_the_margin);
	tcase_add_test(tc, put_leaves_a_0600_file_and_no_temporary_file);
	tcase_add_test(tc, put_under_the_lock_removes_a_killed_writers_temporary_file);
	tcase_add_test(tc, get_ignores_a_group_readable_file);
	tcase_add_test(tc, get_ignores_a_symlink_to_a_valid_file);
	tcase_add_test(tc, get_ignores_a_foreign_owned_file);
	tcase_add_test(tc, get_ignores_corrupt_files);
	tcase_add_test(tc, get_ignores_an_oversized_file);
	tcase_add_test(tc, put_replaces_a_corrupt_file);
	tcase_add_test(tc, put_rejects_bad_tokens_without_quoting_them);
	tcase_add_test(tc, put_failure_leaves_nothing_behind);
	tcase_add_test(tc, lock_creates_a_0600_lock_file_and_close_is_idempotent);
	tcase_add_test(tc, lock_refuses_a_foreign_owned_lock_file);
	tcase_add_test(tc, lock_waits_for_another_process);
	tcase_add_test(tc, lock_gives_up_at_the_deadline);
	tcase_add_test(tc, lock_of_a_killed_process_is_released);
	tcase_add_test(tc, concurrent_runs_fetch_one_token);
	suite_add_tcase(suite, tc);
	return ds_run_suite(suite);
}

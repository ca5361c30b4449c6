/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (C) 2026 The dirsync-plugins developers */
/* mkdtemp and the directory functions are POSIX, not C11. */
#ifndef _DEFAULT_SOURCE
#define _DEFAULT_SOURCE 1
#endif

#include "unit.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int ds_run_suite(Suite *suite) {
	SRunner *runner = srunner_create(suite);
	srunner_set_tap(runner, "-");
	srunner_run_all(runner, CK_SILENT);
	int failed = srunner_ntests_failed(runner);
	srunner_free(runner);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}

void ds_test_join(char *buf, const char *dir, const char *name) {
	int written = snprintf(buf, DS_TEST_PATH_MAX, "%s/%s", dir, name);
	ck_assert(written > 0 && written < DS_TEST_PATH_MAX);
}

void ds_test_temp_dir(char *dir, const char *prefix) {
	int written = snprintf(dir, DS_TEST_PATH_MAX, "/tmp/%s_XXXXXX", prefix);
	ck_assert(written > 0 && written < DS_TEST_PATH_MAX);
	ck_assert_ptr_nonnull(mkdtemp(dir));
}

void ds_test_make_dir(char *path, const char *dir, const char *name) {
	ds_test_join(path, dir, name);
	ck_assert_int_eq(mkdir(path, 0700), 0);
}

void ds_test_write_file(char *path, const char *dir, const char *name, const char *content) {
	ds_test_join(path, dir, name);
	FILE *file = fopen(path, "w");
	ck_assert_ptr_nonnull(file);
	ck_assert_int_ge(fputs(content, file), 0);
	ck_assert_int_eq(fclose(file), 0);
}

void ds_test_remove_tree(const char *path) {
	struct stat info;
	if (lstat(path, &info) != 0) {
		return;
	}
	if (S_ISDIR(info.st_mode)) {
		DIR *dir = opendir(path);
		ck_assert_ptr_nonnull(dir);
		struct dirent *entry;
		while ((entry = readdir(dir)) != NULL) {
			if (strcmp(entry->d_name, ".") != 0 && strcmp(entry->d_name, "..") != 0) {
				char child[DS_TEST_PATH_MAX];
				ds_test_join(child, path, entry->d_name);
				ds_test_remove_tree(child);
			}
		}
		closedir(dir);
		ck_assert_int_eq(rmdir(path), 0);
	} else {
		ck_assert_int_eq(unlink(path), 0);
	}
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (C) 2026 The dirsync-plugins developers */
/* Shared runner for the unit tests: results go to stdout as TAP so that the test
 * harness counts every check, not every program. */
#ifndef DIRSYNC_T_UNIT_H
#define DIRSYNC_T_UNIT_H

#include <check.h>

/* AddressSanitizer (gcc says so with __SANITIZE_ADDRESS__, clang with __has_feature). */
#if defined(__SANITIZE_ADDRESS__)
#define DS_SANITIZED 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define DS_SANITIZED 1
#endif
#endif
#ifndef DS_SANITIZED
#define DS_SANITIZED 0
#endif

/* A sanitizer build runs several times slower; speed limits scale by this factor so that
 * they still catch a change of complexity without failing on the instrumentation. Its
 * shadow memory and quarantine make peak RSS meaningless, so memory limits are skipped. */
#define DS_SLOWDOWN (DS_SANITIZED ? 8 : 1)

/* Runs the suite, prints TAP, returns the process exit status. */
int ds_run_suite(Suite *suite);

/* Files for the tests that read them; paths are at most DS_TEST_PATH_MAX bytes, and
 * every step is asserted. */
#define DS_TEST_PATH_MAX 1200

/* buf = dir/name. */
void ds_test_join(char *buf, const char *dir, const char *name);
/* A new private directory /tmp/<prefix>_XXXXXX, its path in dir. */
void ds_test_temp_dir(char *dir, const char *prefix);
/* A new directory dir/name, its path in path. */
void ds_test_make_dir(char *path, const char *dir, const char *name);
/* The file dir/name holding content, its path in path. */
void ds_test_write_file(char *path, const char *dir, const char *name, const char *content);
/* Removes path and, if it is a directory, all below it; a path that is not there is fine. */
void ds_test_remove_tree(const char *path);

#endif

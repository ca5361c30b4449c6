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

#endif

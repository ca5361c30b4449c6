/* Shared runner for the unit tests: results go to stdout as TAP so that the test
 * harness counts every check, not every program. */
#ifndef DIRSYNC_T_UNIT_H
#define DIRSYNC_T_UNIT_H

#include <check.h>

/* A sanitizer build runs several times slower; speed limits scale by this factor so that
 * they still catch a change of complexity without failing on the instrumentation. */
#if defined(__SANITIZE_ADDRESS__)
#define DS_SLOWDOWN 8
#else
#define DS_SLOWDOWN 1
#endif

/* Runs the suite, prints TAP, returns the process exit status. */
int ds_run_suite(Suite *suite);

#endif

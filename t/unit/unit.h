/* Shared runner for the unit tests: results go to stdout as TAP so that the test
 * harness counts every check, not every program. */
#ifndef DIRSYNC_T_UNIT_H
#define DIRSYNC_T_UNIT_H

#include <check.h>

/* Runs the suite, prints TAP, returns the process exit status. */
int ds_run_suite(Suite *suite);

#endif

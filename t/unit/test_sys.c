/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (C) 2026 The dirsync-plugins developers */
#include "unit.h"

#include <string.h>
#include <sys/resource.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>
#if defined(__linux__)
#include <sys/prctl.h>
#endif

#include "os/facts.h"
#include "core/sys.h"

START_TEST(clocks) {
	int64_t before = (int64_t)time(NULL);
	int64_t now = ds_now_epoch();
	int64_t after = (int64_t)time(NULL);
	ck_assert_int_ge(now, before);
	ck_assert_int_le(now, after);
	int64_t first = ds_monotonic_ms();
	int64_t second = ds_monotonic_ms();
	ck_assert_int_gt(first, 0);
	ck_assert_int_ge(second, first);
	ds_stdout_binary(); /* a no-op on POSIX; must not disturb stdout */
}
END_TEST

/* Check runs each test in a child of its own, so the runner itself keeps its limits. */
START_TEST(protect_process_allows_no_core_dump) {
	ds_protect_process();
	struct rlimit limit;
	ck_assert_int_eq(getrlimit(RLIMIT_CORE, &limit), 0);
	ck_assert_uint_eq(limit.rlim_cur, 0);
	ck_assert_uint_eq(limit.rlim_max, 0);
	/* Nothing later in the run can raise it again. */
	struct rlimit raised = {.rlim_cur = RLIM_INFINITY, .rlim_max = RLIM_INFINITY};
	if (geteuid() != 0) {
		ck_assert_int_ne(setrlimit(RLIMIT_CORE, &raised), 0);
	}
#if defined(__linux__)
	ck_assert_int_eq(prctl(PR_GET_DUMPABLE, 0L, 0L, 0L, 0L), 0);
#endif
	ds_protect_process(); /* twice is harmless */
	ck_assert_int_eq(getrlimit(RLIMIT_CORE, &limit), 0);
	ck_assert_uint_eq(limit.rlim_max, 0);
}
END_TEST

START_TEST(posix_facts_follow_uname) {
	struct utsname names;
	ck_assert_int_eq(uname(&names), 0);
	ds_os_facts facts;
	ds_error err;
	ck_assert(ds_os_facts_read(&facts, &err));
	ck_assert(!facts.is_windows);
	ck_assert_str_eq(facts.machine, names.machine);
	ck_assert_int_eq(facts.native_bits, ds_machine_bits(names.machine));
	ck_assert(strncmp(facts.system, names.sysname, strlen(names.sysname)) == 0);
	ck_assert(strstr(facts.system, names.release) != NULL);
}
END_TEST

int main(void) {
	Suite *suite = suite_create("sys");
	TCase *tc = tcase_create("sys");
	tcase_add_test(tc, clocks);
	tcase_add_test(tc, protect_process_allows_no_core_dump);
	tcase_add_test(tc, posix_facts_follow_uname);
	suite_add_tcase(suite, tc);
	return ds_run_suite(suite);
}

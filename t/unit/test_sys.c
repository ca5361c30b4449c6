#include "unit.h"

#include <string.h>
#include <sys/utsname.h>
#include <time.h>

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
	tcase_add_test(tc, posix_facts_follow_uname);
	suite_add_tcase(suite, tc);
	return ds_run_suite(suite);
}

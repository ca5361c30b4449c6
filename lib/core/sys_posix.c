/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (C) 2026 The dirsync-plugins developers */
#include "core/sys.h"

#include <sys/resource.h>
#include <time.h>
#if defined(__linux__)
#include <sys/prctl.h>
#endif

int64_t ds_monotonic_ms(void) {
	struct timespec now;
	if (clock_gettime(CLOCK_MONOTONIC, &now) != 0) {
		return 0;
	}
	return (int64_t)now.tv_sec * 1000 + now.tv_nsec / 1000000;
}

int64_t ds_now_epoch(void) {
	struct timespec now;
	if (clock_gettime(CLOCK_REALTIME, &now) != 0) {
		return 0;
	}
	return (int64_t)now.tv_sec;
}

void ds_stdout_binary(void) {
}

void ds_protect_process(void) {
	/* The hard limit too, so that nothing later in the run can raise it again. Neither
	 * failure stops the check (see sys.h). */
	const struct rlimit no_core = {.rlim_cur = 0, .rlim_max = 0};
	(void)setrlimit(RLIMIT_CORE, &no_core);
#if defined(__linux__)
	(void)prctl(PR_SET_DUMPABLE, 0L, 0L, 0L, 0L);
#endif
}

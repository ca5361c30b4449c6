/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (C) 2026 The dirsync-plugins developers */
#include "core/sys.h"

#include <windows.h>
#include <fcntl.h>
#include <io.h>
#include <stdio.h>

int64_t ds_monotonic_ms(void) {
	return (int64_t)GetTickCount64();
}

/* FILETIME counts 100 ns ticks since 1601-01-01; 11644473600 s separate it from 1970. */
int64_t ds_now_epoch(void) {
	FILETIME ft;
	GetSystemTimeAsFileTime(&ft);
	ULARGE_INTEGER ticks;
	ticks.LowPart = ft.dwLowDateTime;
	ticks.HighPart = ft.dwHighDateTime;
	return (int64_t)(ticks.QuadPart / 10000000ULL) - INT64_C(11644473600);
}

void ds_stdout_binary(void) {
	(void)_setmode(_fileno(stdout), _O_BINARY);
}

/* Windows has no per-process switch for crash dumps that an unprivileged plugin could
 * use (Windows Error Reporting's LocalDumps are machine policy, set by administrators),
 * and other processes need PROCESS_VM_READ, which the default security descriptor
 * already limits to the same user and administrators. Nothing to do. */
void ds_protect_process(void) {
}

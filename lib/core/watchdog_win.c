/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (C) 2026 The dirsync-plugins developers */
/* The watchdog's timer on Windows: a timer-queue timer whose callback (on a pool thread)
 * writes the line with WriteFile and ends the process with TerminateProcess, which
 * unlike ExitProcess takes no loader lock that a hung thread may hold. */
#include "core/watchdog_timer.h"

#include <windows.h>

#include "core/sys.h"

static HANDLE timer_handle;
static const char *timer_text;
static const volatile size_t *timer_len;
static int timer_exit_code = 3;
static CRITICAL_SECTION timer_lock;
static volatile LONG timer_lock_ready;

static void ensure_lock(void) {
	if (InterlockedCompareExchange(&timer_lock_ready, 1, 0) == 0) {
		InitializeCriticalSection(&timer_lock);
		InterlockedExchange(&timer_lock_ready, 2);
	}
	while (timer_lock_ready != 2) {
		Sleep(0);
	}
}

static VOID CALLBACK on_timer(PVOID context, BOOLEAN fired) {
	(void)context;
	(void)fired;
	EnterCriticalSection(&timer_lock);
	HANDLE out = GetStdHandle(STD_OUTPUT_HANDLE);
	DWORD written = 0;
	if (out != NULL && out != INVALID_HANDLE_VALUE) {
		(void)WriteFile(out, timer_text, (DWORD)*timer_len, &written, NULL);
		(void)FlushFileBuffers(out);
	}
	(void)TerminateProcess(GetCurrentProcess(), (UINT)timer_exit_code);
}

bool ds_watchdog_timer_start(int64_t fire_at_ms, const char *text, const volatile size_t *len,
                             int exit_code) {
	ensure_lock();
	ds_watchdog_timer_stop();
	timer_text = text;
	timer_len = len;
	timer_exit_code = exit_code;
	int64_t wait_ms = fire_at_ms - ds_monotonic_ms();
	if (wait_ms < 1) {
		wait_ms = 1;
	}
	return CreateTimerQueueTimer(&timer_handle, NULL, on_timer, NULL, (DWORD)wait_ms, 0,
	                             WT_EXECUTEONLYONCE) != 0;
}

void ds_watchdog_timer_stop(void) {
	if (timer_handle != NULL) {
		/* INVALID_HANDLE_VALUE: wait for a callback that already runs. */
		(void)DeleteTimerQueueTimer(NULL, timer_handle, NULL);
		timer_handle = NULL;
	}
}

void ds_watchdog_timer_block(void) {
	ensure_lock();
	EnterCriticalSection(&timer_lock);
}

void ds_watchdog_timer_unblock(void) {
	LeaveCriticalSection(&timer_lock);
}

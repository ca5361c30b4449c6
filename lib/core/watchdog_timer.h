/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (C) 2026 The dirsync-plugins developers */
/* The platform timer of the watchdog (watchdog_posix.c, watchdog_win.c): when it fires it
 * writes *len bytes of text to stdout and ends the process with exit_code, and does
 * nothing else (no allocation, no lock, no stdio). */
#ifndef DIRSYNC_CORE_WATCHDOG_TIMER_H
#define DIRSYNC_CORE_WATCHDOG_TIMER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Fires at fire_at_ms on the ds_monotonic_ms clock (at once when that has passed). */
bool ds_watchdog_timer_start(int64_t fire_at_ms, const char *text, const volatile size_t *len,
                             int exit_code);
void ds_watchdog_timer_stop(void);

/* Keep the timer from firing while the text changes. */
void ds_watchdog_timer_block(void);
void ds_watchdog_timer_unblock(void);

#endif

/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (C) 2026 The dirsync-plugins developers */
/* The watchdog behind -t: the cooperative deadline (deadline.h) is the normal path, but
 * nothing it does can end a step that blocks (open(2) of a FIFO, a hung network share,
 * an event log API that never returns). The watchdog ends the run a short margin after
 * the deadline with the plugin's own line,
 *   DIRSYNC <CHECK> <STATE> - timed out after N s: <step>
 * written with write(2) (WriteFile on Windows) and the -t state as exit code, so that the
 * monitoring core shows the step that hung instead of its own generic timeout.
 *
 * It is process-wide state (a timer and the prepared line), the one place in lib/ that
 * keeps any: a signal handler can reach nothing else. */
#ifndef DIRSYNC_CORE_WATCHDOG_H
#define DIRSYNC_CORE_WATCHDOG_H

#include <stdbool.h>
#include <stdint.h>

#include "core/states.h"

/* How long after the deadline the watchdog fires: long enough for a step that the
 * cooperative deadline cut to print its own, more precise sentence. */
#define DS_WATCHDOG_MARGIN_MS 500

/* Arms (or re-arms) the watchdog to fire DS_WATCHDOG_MARGIN_MS after
 * started_ms + seconds (ds_monotonic_ms clock), reporting state. check is the word after
 * DIRSYNC ("AGE"); it must outlive the run (a string literal). False when the timer
 * could not be set (the run then has only the cooperative deadline). */
bool ds_watchdog_arm(const char *check, int64_t started_ms, unsigned seconds, ds_state state);

/* Names the step that is about to run, for the line the watchdog prints: a string
 * literal such as "reading the --extra-opts file". */
void ds_watchdog_step(const char *step);

/* Stops the watchdog: call it before the verdict is printed, so that the run prints
 * exactly one status line. */
void ds_watchdog_disarm(void);

/* The line the watchdog would print now, for tests (NUL-terminated, with '\n'). */
const char *ds_watchdog_line(void);

/* -t from a command line before the options are parsed (the watchdog must run before
 * --extra-opts files are read): the value of the last -t/--timeout that parses, else
 * the default. Errors are left to the option parser. */
void ds_watchdog_timeout_from_argv(int argc, char *const argv[], unsigned *seconds,
                                   ds_state *state);

#endif

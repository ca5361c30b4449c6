/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (C) 2026 The dirsync-plugins developers */
/* The few process-level services that differ between POSIX and Windows. */
#ifndef DIRSYNC_CORE_SYS_H
#define DIRSYNC_CORE_SYS_H

#include <stdint.h>

/* Milliseconds from an arbitrary start that never jumps with the wall clock. */
int64_t ds_monotonic_ms(void);

/* Seconds since 1970-01-01T00:00:00Z. */
int64_t ds_now_epoch(void);

/* Makes stdout write "\n" as is: the monitoring core reads the bytes, and Windows'
 * text mode would turn every line end into CRLF. */
void ds_stdout_binary(void);

/* Keeps the secrets a run holds in memory (client secret, private key, access token)
 * out of core dumps and away from other processes of the same user: no core file
 * (RLIMIT_CORE 0) and, on Linux, not dumpable (no ptrace attach by the same user, no
 * /proc/PID/mem, no core handed to a core pattern pipe). The first call of every main.
 * Failures are ignored: the check must still run; they only leave these doors open. */
void ds_protect_process(void);

#endif

/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (C) 2026 The dirsync-plugins developers */
/* Errors as values: a function that can fail returns bool and fills a ds_error
 * with one sentence that names the cause and, where possible, the fix. */
#ifndef DIRSYNC_CORE_ERROR_H
#define DIRSYNC_CORE_ERROR_H

#include <stdarg.h>
#include <stdbool.h>

#define DS_ERROR_TEXT_MAX 320

#if defined(__MINGW32__)
/* mingw's printf family is the C99 one here (__USE_MINGW_ANSI_STDIO), not msvcrt's. */
#define DS_PRINTF(fmt_index, args_index) __attribute__((format(gnu_printf, fmt_index, args_index)))
#elif defined(__GNUC__)
#define DS_PRINTF(fmt_index, args_index) __attribute__((format(printf, fmt_index, args_index)))
#else
#define DS_PRINTF(fmt_index, args_index)
#endif

typedef struct ds_error {
	char text[DS_ERROR_TEXT_MAX];
	/* The deadline ended the step: the -t state applies, not UNKNOWN. Set by the step
	 * that saw it (an API's own timer may fire a little before the caller's clock says
	 * the deadline has passed), so the caller need not read the clock again. */
	bool timed_out;
} ds_error;

/* Always returns false so that a failing function can `return ds_error_set(...)`.
 * A NULL err is allowed (the caller does not want the sentence). Clears timed_out. */
bool ds_error_set(ds_error *err, const char *fmt, ...) DS_PRINTF(2, 3);

/* ds_error_set for a function of its own that takes "...". */
bool ds_error_vset(ds_error *err, const char *fmt, va_list ap) DS_PRINTF(2, 0);

/* ds_error_set for a step that the deadline ended (err->timed_out). */
bool ds_error_timeout(ds_error *err, const char *fmt, ...) DS_PRINTF(2, 3);

/* Prepends context ("reading /etc/x.ini: ") to an existing sentence; returns false. */
bool ds_error_prefix(ds_error *err, const char *fmt, ...) DS_PRINTF(2, 3);

#endif

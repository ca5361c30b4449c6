/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (C) 2026 The dirsync-plugins developers */
/* Days left until a product's support ends, and the -w/-c DAYS thresholds on them,
 * shared by the OS and version checks. */
#ifndef DIRSYNC_CORE_LIFECYCLE_H
#define DIRSYNC_CORE_LIFECYCLE_H

#include <stdbool.h>
#include <stdint.h>

#include "core/error.h"
#include "core/range.h"

#define DS_LIFECYCLE_DEFAULT_WARNING_DAYS  60
#define DS_LIFECYCLE_DEFAULT_CRITICAL_DAYS 0
#define DS_LIFECYCLE_MAX_DAYS              36500

/* Whole days from now's UTC day to the UTC day of end (negative once it has passed;
 * 0 on the last day itself). */
int64_t ds_days_until(int64_t end, int64_t now);

/* WARNING when fewer than warning_days are left, CRITICAL when fewer than
 * critical_days ("60:" and "0:" as Monitoring Plugins ranges). */
ds_thresholds ds_days_left_thresholds(unsigned warning_days, unsigned critical_days);

/* A -w/-c DAYS value: a whole number from 0 to DS_LIFECYCLE_MAX_DAYS. option names it
 * in the error sentence. */
bool ds_days_parse(const char *text, const char *option, unsigned *days, ds_error *err);

/* -c must need fewer days left than -w. */
bool ds_days_order_check(unsigned warning_days, unsigned critical_days, ds_error *err);

/* The -w and -c DAYS as given (NULL keeps the default already in *warning_days or
 * *critical_days), parsed and checked in order once all options are read. */
bool ds_days_options(const char *warning, const char *critical, unsigned *warning_days,
                     unsigned *critical_days, ds_error *err);

#endif

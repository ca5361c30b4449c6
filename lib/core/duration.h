/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (C) 2026 The dirsync-plugins developers */
/* Durations for options and messages: "90", "90s", "15m", "1h", "2d", "1h30m". */
#ifndef DIRSYNC_CORE_DURATION_H
#define DIRSYNC_CORE_DURATION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/error.h"
#include "core/range.h"

/* Seconds from a duration; a plain number is seconds. Units s, m, h, d, w may be
 * combined in decreasing order, each at most once ("1h30m"). Negative, empty,
 * overflowing or trailing garbage is an error. */
bool ds_duration_parse(const char *text, int64_t *seconds, ds_error *err);

/* A range whose endpoints are durations, in seconds: "1h", "30m:", "~:2h", "@1h:2h",
 * "1h:3h"; the same grammar and meaning as ds_range_parse. */
bool ds_duration_range_parse(const char *text, ds_range *out, ds_error *err);

/* Short human form for messages: 59 -> "59s", 721 -> "12m1s", 3601 -> "1h",
 * 5400 -> "1h30m", 200000 -> "2d7h". The largest unit (at most days) and the next
 * one down, rounded down; a zero second unit is left out. Negative values get a
 * leading "-". Returns false when buf is too small. */
bool ds_duration_format(int64_t seconds, char *buf, size_t size);

#endif

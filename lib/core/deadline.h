/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (C) 2026 The dirsync-plugins developers */
/* One deadline for the whole run (-t SECONDS[:STATE]): every wait asks it for the
 * time left instead of using alarm(), which native Windows does not have. */
#ifndef DIRSYNC_CORE_DEADLINE_H
#define DIRSYNC_CORE_DEADLINE_H

#include <stdbool.h>
#include <stdint.h>

#include "core/error.h"
#include "core/states.h"

#define DS_DEFAULT_TIMEOUT_SECONDS 10
#define DS_MAX_TIMEOUT_SECONDS     3600

typedef struct ds_deadline {
	int64_t end_ms; /* on the ds_monotonic_ms() clock */
	unsigned seconds;
	ds_state state; /* reported when the deadline passes */
} ds_deadline;

/* "10", "10:critical", "30:3": seconds 1..3600, then an optional state. */
bool ds_timeout_parse(const char *text, unsigned *seconds, ds_state *state, ds_error *err);

/* A deadline that ends `seconds` after now_ms. */
ds_deadline ds_deadline_start_at(int64_t now_ms, unsigned seconds, ds_state state);
ds_deadline ds_deadline_start(unsigned seconds, ds_state state);

/* Milliseconds left at now_ms, never negative. */
int64_t ds_deadline_remaining_at(const ds_deadline *deadline, int64_t now_ms);
int64_t ds_deadline_remaining_ms(const ds_deadline *deadline);
bool ds_deadline_expired(const ds_deadline *deadline);

#endif

/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (C) 2026 The dirsync-plugins developers */
/* Dotted numeric versions ("2.6.92.0", "1.0.494.0501") compared numerically. */
#ifndef DIRSYNC_VERSION_VERSION_H
#define DIRSYNC_VERSION_VERSION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/error.h"

#define DS_VERSION_MAX_PARTS 6
#define DS_VERSION_TEXT_MAX  64

typedef struct ds_version {
	uint32_t parts[DS_VERSION_MAX_PARTS];
	size_t count;                   /* 1..DS_VERSION_MAX_PARTS */
	char text[DS_VERSION_TEXT_MAX]; /* the input as given, e.g. "1.0.494.0501" */
} ds_version;

/* Digits separated by single dots; each part fits 32 bits; surrounding whitespace,
 * a leading 'v', empty parts, signs or any other character are errors. */
bool ds_version_parse(const char *text, ds_version *out, ds_error *err);

/* <0, 0, >0 like strcmp; missing trailing parts count as 0 ("2.5" == "2.5.0.0"). */
int ds_version_compare(const ds_version *a, const ds_version *b);

#endif

/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (C) 2026 The dirsync-plugins developers */
/* The table of Windows Server releases and whether Microsoft Entra Connect Sync 2.x
 * supports them (data/windows-server.txt, compiled in; a file can replace it). */
#ifndef DIRSYNC_OS_WINSERVER_H
#define DIRSYNC_OS_WINSERVER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/error.h"

#define DS_WINSERVER_MAX_ROWS 32

typedef enum ds_sync_support {
	DS_SYNC_SUPPORTED,
	DS_SYNC_UNSUPPORTED,
	DS_SYNC_NOT_YET,
} ds_sync_support;

typedef struct ds_winserver_release {
	unsigned major;
	unsigned minor;
	unsigned build;
	char name[48];
	int64_t extended_end; /* epoch of 00:00 UTC on the last day of extended support */
	ds_sync_support support;
	char note[200];
} ds_winserver_release;

typedef struct ds_winserver_table {
	ds_winserver_release rows[DS_WINSERVER_MAX_ROWS];
	size_t count;
	int64_t as_of;   /* epoch of the as-of day */
	char origin[96]; /* "built-in table" or the file name, for messages */
} ds_winserver_table;

/* The text of data/windows-server.txt as shipped (generated at build time). */
extern const char ds_winserver_builtin_text[];

/* Parses the table text; origin names it in error sentences, which carry the line
 * number. Rows must be in ascending build order and an as-of line is required. */
bool ds_winserver_parse(const char *text, const char *origin, ds_winserver_table *table,
                        ds_error *err);

/* Reads and parses a table file (at most 64 KiB). */
bool ds_winserver_load(const char *path, ds_winserver_table *table, ds_error *err);

/* The row for exactly this version and build, or NULL. */
const ds_winserver_release *ds_winserver_find(const ds_winserver_table *table, unsigned major,
                                              unsigned minor, unsigned build);

/* The oldest release the sync tool supports, or NULL if the table has none. */
const ds_winserver_release *ds_winserver_oldest_supported(const ds_winserver_table *table);

#endif

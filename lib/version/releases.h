/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (C) 2026 The dirsync-plugins developers */
/* The dated table of directory sync tool builds (data/sync-releases.txt, compiled in;
 * --releases=FILE reads another copy): generation, release date, end of support, and
 * since when the cloud refuses a build. */
#ifndef DIRSYNC_VERSION_RELEASES_H
#define DIRSYNC_VERSION_RELEASES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/error.h"
#include "version/version.h"

#define DS_RELEASES_MAX_ROWS 256

/* Past this age (days since the as-of day) the judge says that a newer build than the
 * newest row may exist. The age never changes a state: keeping the table current is the
 * maintainers' job (t/table-age, a CI step), not the monitored host's. */
#define DS_RELEASES_STALE_DAYS 180

typedef enum ds_generation {
	DS_GEN_DIRSYNC32, /* Microsoft Online Services Directory Synchronization tool, 32-bit */
	DS_GEN_DIRSYNC,   /* Windows Azure Active Directory Sync tool ("DirSync") */
	DS_GEN_AADSYNC,   /* Azure AD Sync */
	DS_GEN_CONNECT1,  /* Azure AD Connect 1.x */
	DS_GEN_CONNECT2,  /* Azure AD Connect / Microsoft Entra Connect Sync 2.x */
} ds_generation;

typedef struct ds_release {
	ds_version build;
	ds_generation generation;
	int64_t released;       /* epoch of the day, -1 when unknown */
	int64_t end_of_support; /* epoch of the last supported day, -1 when TBD */
	int64_t stops_syncing;  /* epoch from which the cloud refuses it, -1 when none announced */
	char source[32];        /* source tag, e.g. "MS" or "3P" */
} ds_release;

typedef struct ds_release_table {
	ds_release rows[DS_RELEASES_MAX_ROWS]; /* ascending by build */
	size_t count;
	int64_t as_of;              /* epoch of the as-of day */
	ds_version minimum_syncing; /* builds below it no longer sync ... */
	int64_t minimum_since;      /* ... since this day */
	char origin[96];            /* "built-in table" or the file name */
} ds_release_table;

/* The text of data/sync-releases.txt as shipped (generated at build time). */
extern const char ds_releases_builtin_text[];

/* Parses a table; errors name origin and the line number. */
bool ds_releases_parse(const char *text, const char *origin, ds_release_table *table,
                       ds_error *err);

/* Reads and parses a table file (at most 256 KiB). */
bool ds_releases_load(const char *path, ds_release_table *table, ds_error *err);

/* The newest row whose build is at or below version, or NULL when version is older
 * than every row. */
const ds_release *ds_releases_at_or_below(const ds_release_table *table, const ds_version *version);

/* The newest row (the upgrade target). */
const ds_release *ds_releases_newest(const ds_release_table *table);

/* "DirSync (32-bit)", "DirSync", "Azure AD Sync", "Azure AD Connect 1.x", "Entra Connect". */
const char *ds_generation_name(ds_generation generation);

#endif

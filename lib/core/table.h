/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (C) 2026 The dirsync-plugins developers */
/* The dated table files of data/ (the Windows Server releases, the sync tool releases):
 * "#" comments and blank lines, one "as-of: YYYY-MM-DD" line that says how fresh the
 * facts are, and lines that only the table's own parser understands. */
#ifndef DIRSYNC_CORE_TABLE_H
#define DIRSYNC_CORE_TABLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/error.h"
#include "core/text.h"

/* Reads one line that is not blank, a comment or the as-of line (trimmed); false with a
 * sentence that ds_table_parse prefixes with the table and the line number. */
typedef bool (*ds_table_line_fn)(ds_span line, void *context, ds_error *err);

typedef struct ds_table_file {
	const char *what;   /* "release table": the sentences start with it */
	const char *origin; /* the file, or "built-in table" */
	ds_table_line_fn line;
	void *context;
	const size_t *rows; /* the caller's count of rows: a table without rows is refused */
} ds_table_file;

/* Reads text: *as_of from its as-of line, every other line to table->line. False with
 * "<what> <origin>, line N: <why>" for a bad line (a line over 512 bytes, a second as-of
 * line), or "<what> <origin> has no 'as-of: YYYY-MM-DD' line" (or "has no rows"). */
bool ds_table_parse(const char *text, const ds_table_file *table, int64_t *as_of, ds_error *err);

/* A table's own parser of a whole text (ds_releases_parse, ds_winserver_parse). */
typedef bool (*ds_table_text_fn)(const char *text, const char *origin, void *table, ds_error *err);

/* Reads the file path (at most max_bytes; what names it in the sentences) and hands its
 * text to parse, with path as the origin. */
bool ds_table_load(const char *path, size_t max_bytes, const char *what, ds_table_text_fn parse,
                   void *table, ds_error *err);

#endif

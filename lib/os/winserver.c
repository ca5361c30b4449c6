/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (C) 2026 The dirsync-plugins developers */
#include "os/winserver.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/number.h"
#include "core/table.h"
#include "core/text.h"
#include "core/timestamp.h"

#define FIELD_COUNT     6
#define TABLE_MAX_BYTES 65536

static bool parse_unsigned(ds_span s, unsigned max, unsigned *out) {
	uint64_t value = 0;
	/* At most 9 digits as well as at most max: "0000000010" has always been refused. */
	if (s.len > 9 || ds_number_parse(s, max, &value) != DS_NUMBER_OK) {
		return false;
	}
	*out = (unsigned)value;
	return true;
}

static bool parse_os_version(ds_span s, unsigned *major, unsigned *minor) {
	const char *dot = memchr(s.start, '.', s.len);
	if (dot == NULL) {
		return false;
	}
	ds_span left = {s.start, (size_t)(dot - s.start)};
	ds_span right = {dot + 1, s.len - left.len - 1};
	return parse_unsigned(left, 99, major) && parse_unsigned(right, 99, minor);
}

static bool parse_support(ds_span s, ds_sync_support *out) {
	static const char *const words[] = {"supported", "unsupported", "not-yet"}; /* enum order */
	int which = ds_span_which(s, words, sizeof words / sizeof words[0]);
	if (which < 0) {
		return false;
	}
	*out = (ds_sync_support)which;
	return true;
}

static bool parse_row(ds_span line, void *context, ds_error *err) {
	ds_winserver_table *table = context;
	ds_span fields[FIELD_COUNT];
	if (!ds_span_fields(line, '|', fields, FIELD_COUNT)) {
		return ds_error_set(
		    err, "expected 6 fields: version | build | release | extended support ends | "
		         "Entra Connect Sync | note");
	}
	if (table->count >= DS_WINSERVER_MAX_ROWS) {
		return ds_error_set(err, "too many rows");
	}
	ds_winserver_release *row = &table->rows[table->count];
	memset(row, 0, sizeof *row);
	if (!parse_os_version(fields[0], &row->major, &row->minor)) {
		return ds_error_set(err, "the version must look like 10.0");
	}
	if (!parse_unsigned(fields[1], 999999, &row->build)) {
		return ds_error_set(err, "the build must be a number such as 17763");
	}
	if (fields[2].len == 0 || !ds_span_copy(fields[2], row->name, sizeof row->name)) {
		return ds_error_set(err, "the release name is empty or too long");
	}
	if (!ds_date_parse_span(fields[3], &row->extended_end)) {
		return ds_error_set(err, "the end of extended support must be YYYY-MM-DD");
	}
	if (!parse_support(fields[4], &row->support)) {
		return ds_error_set(err,
		                    "Entra Connect Sync support must be supported, unsupported or not-yet");
	}
	if (!ds_span_copy(fields[5], row->note, sizeof row->note)) {
		return ds_error_set(err, "the note is too long");
	}
	if (table->count > 0) {
		const ds_winserver_release *prev = &table->rows[table->count - 1];
		if (row->build <= prev->build) {
			return ds_error_set(err, "rows must be in ascending build order");
		}
	}
	table->count++;
	return true;
}

bool ds_winserver_parse(const char *text, const char *origin, ds_winserver_table *table,
                        ds_error *err) {
	memset(table, 0, sizeof *table);
	(void)ds_format_text(table->origin, sizeof table->origin, "%s", origin);
	ds_table_file file = {.what = "Windows Server table",
	                      .origin = origin,
	                      .line = parse_row,
	                      .context = table,
	                      .rows = &table->count};
	return ds_table_parse(text, &file, &table->as_of, err);
}

static bool parse_text(const char *text, const char *origin, void *table, ds_error *err) {
	return ds_winserver_parse(text, origin, table, err);
}

bool ds_winserver_load(const char *path, ds_winserver_table *table, ds_error *err) {
	return ds_table_load(path, TABLE_MAX_BYTES, "Windows Server table", parse_text, table, err);
}

const ds_winserver_release *ds_winserver_find(const ds_winserver_table *table, unsigned major,
                                              unsigned minor, unsigned build) {
	for (size_t i = 0; i < table->count; i++) {
		const ds_winserver_release *row = &table->rows[i];
		if (row->major == major && row->minor == minor && row->build == build) {
			return row;
		}
	}
	return NULL;
}

const ds_winserver_release *ds_winserver_oldest_supported(const ds_winserver_table *table) {
	for (size_t i = 0; i < table->count; i++) {
		if (table->rows[i].support == DS_SYNC_SUPPORTED) {
			return &table->rows[i];
		}
	}
	return NULL;
}

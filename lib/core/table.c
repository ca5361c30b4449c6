/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (C) 2026 The dirsync-plugins developers */
#include "core/table.h"

#include <stdlib.h>

#include "core/timestamp.h"

#define LINE_MAX_BYTES 512

static bool read_as_of(ds_span value, bool seen, int64_t *as_of, ds_error *err) {
	if (seen) {
		return ds_error_set(err, "duplicate as-of line");
	}
	if (!ds_date_parse_span(value, as_of)) {
		return ds_error_set(err, "the as-of date must be YYYY-MM-DD");
	}
	return true;
}

bool ds_table_parse(const char *text, const ds_table_file *table, int64_t *as_of, ds_error *err) {
	*as_of = -1;
	unsigned line_no = 0;
	const char *cursor = text;
	ds_span line;
	ds_span value;
	while (ds_span_next_line(&cursor, &line)) {
		line_no++;
		bool too_long = line.len > LINE_MAX_BYTES;
		line = ds_span_trim(line);
		bool ok = true;
		if (too_long) {
			ok = ds_error_set(err, "line too long");
		} else if (line.len == 0 || line.start[0] == '#') {
			continue;
		} else if (ds_span_after_key(line, "as-of:", &value)) {
			ok = read_as_of(value, *as_of >= 0, as_of, err);
		} else {
			ok = table->line(line, table->context, err);
		}
		if (!ok) {
			return ds_error_prefix(err, "%s %s, line %u: ", table->what, table->origin, line_no);
		}
	}
	if (*as_of < 0) {
		return ds_error_set(err, "%s %s has no 'as-of: YYYY-MM-DD' line", table->what,
		                    table->origin);
	}
	if (*table->rows == 0) {
		return ds_error_set(err, "%s %s has no rows", table->what, table->origin);
	}
	return true;
}

bool ds_table_load(const char *path, size_t max_bytes, const char *what, ds_table_text_fn parse,
                   void *table, ds_error *err) {
	char *text = NULL;
	if (!ds_read_text_file(path, max_bytes, what, &text, err)) {
		return false;
	}
	bool ok = parse(text, path, table, err);
	free(text);
	return ok;
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (C) 2026 The dirsync-plugins developers */
#include "version/releases.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/table.h"
#include "core/text.h"
#include "core/timestamp.h"

#define FIELD_COUNT     6
#define TABLE_MAX_BYTES (256 * 1024)
#define TABLE_NAME      "release table"

/* A build with exactly four parts, as the sync tools report them. */
static bool parse_build(ds_span s, ds_version *out) {
	char text[DS_VERSION_TEXT_MAX];
	return ds_span_copy(s, text, sizeof text) && ds_version_parse(text, out, NULL) &&
	       out->count == 4;
}

/* "YYYY-MM-DD" (or "YYYY-MM" when month_only is allowed: the 1st of that month). */
static bool parse_day(ds_span s, bool month_only, int64_t *epoch) {
	if (month_only && s.len == 7) {
		char text[16];
		if (!ds_span_copy(s, text, sizeof text - 3)) {
			return false;
		}
		memcpy(text + 7, "-01", 4);
		return ds_date_parse_span((ds_span){text, 10}, epoch);
	}
	return ds_date_parse_span(s, epoch);
}

/* A date or '-' (none, stored as -1). */
static bool parse_optional_day(ds_span s, bool month_only, int64_t *epoch) {
	if (ds_span_is(s, "-")) {
		*epoch = -1;
		return true;
	}
	return parse_day(s, month_only, epoch);
}

static bool parse_generation(ds_span s, ds_generation *out) {
	static const char *const words[] = {"dirsync32", "dirsync", "aadsync", "connect1",
	                                    "connect2"}; /* enum order */
	int which = ds_span_which(s, words, sizeof words / sizeof words[0]);
	if (which < 0) {
		return false;
	}
	*out = (ds_generation)which;
	return true;
}

/* Position in build order: the legacy tools share one rank, because Azure AD Sync's
 * builds (1.0.4xx) are numbered below DirSync's (1.0.6xxx) although it came later. */
static int generation_rank(ds_generation generation) {
	switch (generation) {
		case DS_GEN_DIRSYNC32:
		case DS_GEN_DIRSYNC:
		case DS_GEN_AADSYNC:
			return 0;
		case DS_GEN_CONNECT1:
			return 1;
		case DS_GEN_CONNECT2:
			return 2;
	}
	return 3;
}

static bool parse_row(ds_span line, ds_release_table *table, ds_error *err) {
	ds_span fields[FIELD_COUNT];
	if (!ds_span_fields(line, '|', fields, FIELD_COUNT)) {
		return ds_error_set(err,
		                    "expected 6 fields: build | generation | released | end of support | "
		                    "stops syncing | source");
	}
	if (table->count >= DS_RELEASES_MAX_ROWS) {
		return ds_error_set(err, "too many rows (at most 256)");
	}
	ds_release *row = &table->rows[table->count];
	memset(row, 0, sizeof *row);
	if (!parse_build(fields[0], &row->build)) {
		return ds_error_set(err, "the build must be four dotted numbers such as 2.5.79.0");
	}
	if (!parse_generation(fields[1], &row->generation)) {
		return ds_error_set(
		    err, "the generation must be dirsync32, dirsync, aadsync, connect1 or connect2");
	}
	if (!parse_optional_day(fields[2], true, &row->released)) {
		return ds_error_set(err, "the release date must be YYYY-MM-DD, YYYY-MM or '-'");
	}
	bool eos_unknown = ds_span_is(fields[3], "-");
	if (ds_span_is(fields[3], "TBD") || eos_unknown) {
		row->end_of_support = -1;
	} else if (!parse_day(fields[3], false, &row->end_of_support)) {
		return ds_error_set(err, "the end of support must be YYYY-MM-DD, TBD or '-'");
	}
	if (!parse_optional_day(fields[4], false, &row->stops_syncing)) {
		return ds_error_set(err, "the stops-syncing date must be YYYY-MM-DD or '-'");
	}
	if (eos_unknown && row->stops_syncing < 0) {
		return ds_error_set(err,
		                    "an unknown end of support ('-') needs a stops-syncing date; write TBD "
		                    "when it is not announced yet");
	}
	if (fields[5].len == 0 || !ds_span_copy(fields[5], row->source, sizeof row->source)) {
		return ds_error_set(err, "the source is empty or longer than 31 bytes");
	}
	if (table->count > 0) {
		const ds_release *prev = &table->rows[table->count - 1];
		if (ds_version_compare(&row->build, &prev->build) <= 0) {
			return ds_error_set(err, "rows must be in strictly ascending build order");
		}
		if (generation_rank(row->generation) < generation_rank(prev->generation)) {
			return ds_error_set(
			    err, "the generation goes backwards (dirsync32, dirsync and aadsync come "
			         "before connect1, then connect2)");
		}
	}
	table->count++;
	return true;
}

/* "2.5.79.0 since 2026-09-30" */
static bool parse_minimum(ds_span value, ds_release_table *table, ds_error *err) {
	static const char usage[] = "the minimum must look like 'minimum: 2.5.79.0 since 2026-09-30'";
	if (table->minimum_since >= 0) {
		return ds_error_set(err, "duplicate minimum line");
	}
	size_t build_len = 0;
	while (build_len < value.len && !ds_is_blank(value.start[build_len])) {
		build_len++;
	}
	ds_span build = {value.start, build_len};
	ds_span rest = ds_span_trim((ds_span){value.start + build_len, value.len - build_len});
	ds_span day;
	if (!parse_build(build, &table->minimum_syncing) || !ds_span_after_key(rest, "since", &day) ||
	    rest.len < 6 || !ds_is_blank(rest.start[5])) {
		return ds_error_set(err, "%s", usage);
	}
	if (!parse_day(day, false, &table->minimum_since)) {
		table->minimum_since = -1;
		return ds_error_set(err, "%s", usage);
	}
	return true;
}

static bool parse_line(ds_span line, void *context, ds_error *err) {
	ds_release_table *table = context;
	ds_span value;
	if (ds_span_after_key(line, "minimum:", &value)) {
		return parse_minimum(value, table, err);
	}
	return parse_row(line, table, err);
}

bool ds_releases_parse(const char *text, const char *origin, ds_release_table *table,
                       ds_error *err) {
	memset(table, 0, sizeof *table);
	table->minimum_since = -1;
	/* A long file name is cut here; messages name the full origin below. */
	(void)ds_format_text(table->origin, sizeof table->origin, "%s", origin);
	ds_table_file file = {.what = TABLE_NAME,
	                      .origin = origin,
	                      .line = parse_line,
	                      .context = table,
	                      .rows = &table->count};
	if (!ds_table_parse(text, &file, &table->as_of, err)) {
		return false;
	}
	if (table->minimum_since < 0) {
		return ds_error_set(err, TABLE_NAME " %s has no 'minimum: BUILD since YYYY-MM-DD' line",
		                    origin);
	}
	return true;
}

static bool parse_text(const char *text, const char *origin, void *table, ds_error *err) {
	return ds_releases_parse(text, origin, table, err);
}

bool ds_releases_load(const char *path, ds_release_table *table, ds_error *err) {
	return ds_table_load(path, TABLE_MAX_BYTES, TABLE_NAME, parse_text, table, err);
}

const ds_release *ds_releases_at_or_below(const ds_release_table *table,
                                          const ds_version *version) {
	/* Rows are strictly ascending: find the first row above version. */
	size_t low = 0;
	size_t high = table->count;
	while (low < high) {
		size_t mid = low + (high - low) / 2;
		if (ds_version_compare(&table->rows[mid].build, version) <= 0) {
			low = mid + 1;
		} else {
			high = mid;
		}
	}
	return low > 0 ? &table->rows[low - 1] : NULL;
}

const ds_release *ds_releases_newest(const ds_release_table *table) {
	return table->count > 0 ? &table->rows[table->count - 1] : NULL;
}

const char *ds_generation_name(ds_generation generation) {
	switch (generation) {
		case DS_GEN_DIRSYNC32:
			return "DirSync (32-bit)";
		case DS_GEN_DIRSYNC:
			return "DirSync";
		case DS_GEN_AADSYNC:
			return "Azure AD Sync";
		case DS_GEN_CONNECT1:
			return "Azure AD Connect 1.x";
		case DS_GEN_CONNECT2:
			return "Entra Connect";
	}
	return "unknown sync tool";
}

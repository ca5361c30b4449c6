/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (C) 2026 The dirsync-plugins developers */
/* The release table (--releases=FILE), then the look-ups the version check makes. */
#include "fuzz.h"
#include "version/releases.h"

static ds_release_table table;

static void look_up(const ds_release_table *t) {
	FUZZ_ASSERT(t->count <= DS_RELEASES_MAX_ROWS);
	for (size_t i = 0; i < t->count; i++) {
		const ds_release *row = &t->rows[i];
		if (i > 0) {
			FUZZ_ASSERT(ds_version_compare(&t->rows[i - 1].build, &row->build) < 0);
		}
		const ds_release *found = ds_releases_at_or_below(t, &row->build);
		FUZZ_ASSERT(found != NULL && ds_version_compare(&found->build, &row->build) == 0);
		FUZZ_ASSERT(ds_generation_name(row->generation) != NULL);
	}
	const ds_release *newest = ds_releases_newest(t);
	FUZZ_ASSERT((newest != NULL) == (t->count > 0));
	(void)ds_releases_at_or_below(t, &t->minimum_syncing);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
	char *text = fuzz_text(data, size);
	ds_error err = {0};
	if (ds_releases_parse(text, "fuzz.txt", &table, &err)) {
		look_up(&table);
	} else {
		fuzz_check_error(&err);
	}
	free(text);
	return 0;
}

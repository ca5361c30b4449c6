/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (C) 2026 The dirsync-plugins developers */
/* The Windows Server table (--os-table=FILE), then the look-ups the OS check makes. */
#include "fuzz.h"
#include "os/winserver.h"

static ds_winserver_table table;

static void look_up(const ds_winserver_table *t) {
	FUZZ_ASSERT(t->count <= DS_WINSERVER_MAX_ROWS);
	for (size_t i = 0; i < t->count; i++) {
		const ds_winserver_release *row = &t->rows[i];
		const ds_winserver_release *found =
		    ds_winserver_find(t, row->major, row->minor, row->build);
		FUZZ_ASSERT(found != NULL && found->build == row->build);
		FUZZ_ASSERT(strnlen(row->name, sizeof row->name) < sizeof row->name);
		FUZZ_ASSERT(strnlen(row->note, sizeof row->note) < sizeof row->note);
	}
	const ds_winserver_release *oldest = ds_winserver_oldest_supported(t);
	FUZZ_ASSERT(oldest == NULL || oldest->support == DS_SYNC_SUPPORTED);
	(void)ds_winserver_find(t, 10, 0, 0);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
	char *text = fuzz_text(data, size);
	ds_error err = {0};
	if (ds_winserver_parse(text, "fuzz.txt", &table, &err)) {
		look_up(&table);
	} else {
		fuzz_check_error(&err);
	}
	free(text);
	return 0;
}

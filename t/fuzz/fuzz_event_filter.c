/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (C) 2026 The dirsync-plugins developers */
/* The event check's filter options: --id (first line), --level (second line) and
 * --provider (each further line), then matching and the XPath query for the live log. */
#include "event/event.h"
#include "fuzz.h"

static char *next_line(char **cursor) {
	char *line = *cursor;
	if (line == NULL) {
		return NULL;
	}
	char *newline = strchr(line, '\n');
	*cursor = newline != NULL ? newline + 1 : NULL;
	if (newline != NULL) {
		*newline = '\0';
	}
	return line;
}

static void parse_options(char *text, ds_event_filter *filter) {
	char *cursor = text;
	char *line = next_line(&cursor);
	ds_error err = {0};
	if (line != NULL && !ds_event_ids_parse(line, filter, &err)) {
		fuzz_check_error(&err);
	}
	line = next_line(&cursor);
	err = (ds_error){0};
	if (line != NULL && !ds_event_levels_parse(line, filter, &err)) {
		fuzz_check_error(&err);
	}
	while ((line = next_line(&cursor)) != NULL) {
		err = (ds_error){0};
		if (!ds_event_provider_add(line, filter, &err)) {
			fuzz_check_error(&err);
		}
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
	char *text = fuzz_text(data, size);
	ds_event_filter filter = {.since = FUZZ_NOW - 86400};
	parse_options(text, &filter);
	FUZZ_ASSERT(filter.id_count <= DS_EVENT_MAX_ID_RANGES);
	FUZZ_ASSERT(filter.provider_count <= DS_EVENT_MAX_PROVIDERS);
	for (size_t i = 0; i < filter.id_count; i++) {
		FUZZ_ASSERT(filter.ids[i].first <= filter.ids[i].last && filter.ids[i].last <= 65535);
	}
	ds_event event = {.id = 109, .level = 2, .time = FUZZ_NOW, .has_time = true};
	memcpy(event.provider, "Directory Synchronization", sizeof "Directory Synchronization");
	(void)ds_event_matches(&filter, &event);
	if (filter.provider_count > 0) {
		memcpy(event.provider, filter.providers[0], sizeof event.provider);
	}
	if (filter.id_count > 0) {
		event.id = filter.ids[0].last;
		FUZZ_ASSERT(ds_event_matches(&filter, &event) ||
		            (filter.levels != 0 && (filter.levels & (1u << event.level)) == 0));
	}
	char xpath[16384];
	(void)ds_event_xpath(&filter, FUZZ_NOW, xpath, sizeof xpath);
	char tiny[16];
	(void)ds_event_xpath(&filter, FUZZ_NOW, tiny, sizeof tiny);
	free(text);
	return 0;
}

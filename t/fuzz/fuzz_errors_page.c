/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (C) 2026 The dirsync-plugins developers */
/* One page of Graph's users, groups or contacts as check_dirsync_errors reads it: the
 * first line names the type ("user", "group" or "contact"), the page follows. The page
 * is read twice into one scan (counts add up, the kept list stays bounded), its nextLink
 * is checked against the Graph root, and the verdict is judged and formatted. */
#include "core/output.h"
#include "core/range.h"
#include "errors/graph.h"
#include "errors/judge.h"
#include "fuzz.h"

#define GRAPH_ROOT "https://graph.microsoft.com"
#define KEPT_MAX   3

static ds_object_type type_named(const char *name) {
	if (strcmp(name, "group") == 0) {
		return DS_OBJECT_GROUP;
	}
	return strcmp(name, "contact") == 0 ? DS_OBJECT_CONTACT : DS_OBJECT_USER;
}

static void check_kept(const ds_errored_object *o, ds_object_type type) {
	FUZZ_ASSERT(o->type == type);
	FUZZ_ASSERT(strnlen(o->name, sizeof o->name) < sizeof o->name);
	FUZZ_ASSERT(strnlen(o->category, sizeof o->category) < sizeof o->category);
	FUZZ_ASSERT(strnlen(o->property, sizeof o->property) < sizeof o->property);
	FUZZ_ASSERT(strnlen(o->value, sizeof o->value) < sizeof o->value);
}

static void follow(const char *next_link) {
	char path[DS_ERRORS_LINK_MAX + 64];
	ds_error err = {0};
	if (ds_errors_next_path(GRAPH_ROOT, next_link, path, sizeof path, &err)) {
		/* What is appended to the root starts a path: never a host of its own. */
		FUZZ_ASSERT(path[0] == '/');
		FUZZ_ASSERT(strncmp(path, "//", 2) != 0);
		FUZZ_ASSERT(strchr(path, '#') == NULL);
	} else {
		fuzz_check_error(&err);
		/* The sentence names the reason, never the link. */
		FUZZ_ASSERT(strlen(next_link) < 12 || strstr(err.text, next_link) == NULL);
	}
}

static void judge(const ds_errors_scan *scan, ds_object_type type) {
	ds_errors_policy policy = {.list_max = DS_ERRORS_LIST_DEFAULT};
	policy.types[type] = true;
	policy.thresholds.has_warning = true;
	FUZZ_ASSERT(ds_range_parse("0", &policy.thresholds.warning, NULL));
	ds_verdict verdict;
	ds_verdict_init(&verdict, "ERRORS");
	ds_errors_judge(scan, &policy, &verdict);
	static char text[DS_SUMMARY_MAX + DS_DETAILS_MAX + DS_PERF_MAX * 160 + 64];
	FUZZ_ASSERT(ds_verdict_format(&verdict, text, sizeof text));
	FUZZ_ASSERT(fuzz_utf8_valid(text, strlen(text)));
	/* One status line: only the summary before the first newline, no '|' but the one
	 * that starts the perfdata. */
	const char *newline = strchr(text, '\n');
	FUZZ_ASSERT(newline != NULL);
	const char *bar = strchr(text, '|');
	FUZZ_ASSERT(bar != NULL && bar < newline);
	FUZZ_ASSERT(strchr(bar + 1, '|') == NULL);
	FUZZ_ASSERT((size_t)(newline - text) < DS_SUMMARY_MAX + DS_PERF_MAX * 160);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
	char *text = fuzz_text(data, size);
	fuzz_parts parts = fuzz_split(text, size);
	ds_object_type type = type_named(parts.head);
	ds_errored_object kept[KEPT_MAX];
	ds_errors_scan scan = {.kept = kept, .kept_max = KEPT_MAX};
	char next_link[DS_ERRORS_LINK_MAX];
	for (int page = 0; page < 2; page++) {
		ds_errors_scan before = scan;
		ds_error err = {0};
		if (!ds_errors_parse_page(parts.body, parts.body_len, type, &scan, next_link,
		                          sizeof next_link, &err)) {
			fuzz_check_error(&err);
			break;
		}
		FUZZ_ASSERT(strnlen(next_link, sizeof next_link) < sizeof next_link);
		FUZZ_ASSERT(scan.kept_count <= scan.kept_max);
		for (int t = 0; t < DS_OBJECT_TYPES; t++) {
			FUZZ_ASSERT(scan.in_error[t] <= scan.scanned[t]);
			FUZZ_ASSERT(t == (int)type || scan.scanned[t] == before.scanned[t]);
		}
		for (size_t i = 0; i < scan.kept_count; i++) {
			check_kept(&kept[i], type);
		}
		if (next_link[0] != '\0') {
			follow(next_link);
		}
	}
	judge(&scan, type);
	free(text);
	return 0;
}

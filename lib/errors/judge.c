/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (C) 2026 The dirsync-plugins developers */
#include "errors/judge.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "core/text.h"
#include "core/timestamp.h"

/* Room left in the long output for the closing "and N more" line. */
#define CLOSING_ROOM 160
/* Name and value in the summary are cut shorter, so that the first line stays under
 * 200 bytes (NRPE v2 carries 1 KiB in all). */
#define SUMMARY_TEXT_MAX 56

const char *ds_object_type_name(ds_object_type type, uint64_t count) {
	static const char *const names[DS_OBJECT_TYPES][2] = {
	    {"user", "users"}, {"group", "groups"}, {"contact", "contacts"}};
	if ((unsigned)type >= DS_OBJECT_TYPES) {
		return count == 1 ? "object" : "objects";
	}
	return names[type][count == 1 ? 0 : 1];
}

static uint64_t total_in_error(const ds_errors_scan *scan) {
	uint64_t total = 0;
	for (int t = 0; t < DS_OBJECT_TYPES; t++) {
		total += scan->in_error[t];
	}
	return total;
}

void ds_errors_breakdown(const ds_errors_scan *scan, char *buf, size_t size) {
	ds_writer w = {.buf = buf, .size = size};
	buf[0] = '\0';
	for (int t = 0; t < DS_OBJECT_TYPES; t++) {
		if (scan->in_error[t] > 0) {
			ds_writer_put(&w, "%s%" PRIu64 " %s", w.len > 0 ? ", " : "", scan->in_error[t],
			              ds_object_type_name((ds_object_type)t, scan->in_error[t]));
		}
	}
}

/* "ProxyAddress smtp:bob@contoso.com taken by another object": what the cloud refuses. */
static void refusal_text(const ds_errored_object *o, size_t value_max, char *buf, size_t size) {
	char value[DS_ERRORS_VALUE_MAX];
	ds_utf8_copy_cut(o->value, value, value_max < sizeof value ? value_max : sizeof value);
	bool conflict = o->category[0] == '\0' || strcmp(o->category, "PropertyConflict") == 0;
	if (conflict) {
		(void)ds_format_text(buf, size, "%s %s taken by another object", o->property, value);
	} else {
		(void)ds_format_text(buf, size, "%s %s refused (%s)", o->property, value, o->category);
	}
}

/* "user bob@contoso.com: ProxyAddress smtp:bob@contoso.com taken by another object since ..." */
static void object_line(const ds_errored_object *o, char *line, size_t size) {
	char refusal[2 * DS_ERRORS_VALUE_MAX];
	char since[48] = "";
	refusal_text(o, DS_ERRORS_VALUE_MAX, refusal, sizeof refusal);
	if (o->has_since) {
		char when[32];
		if (ds_timestamp_format_utc(o->since, when, sizeof when)) {
			(void)ds_format_text(since, sizeof since, " since %s", when);
		}
	}
	char more[48] = "";
	if (o->further_errors > 0) {
		(void)ds_format_text(more, sizeof more, " (and %u more error%s)", o->further_errors,
		                     o->further_errors == 1 ? "" : "s");
	}
	(void)ds_format_text(line, size, "%s %s: %s%s%s", ds_object_type_name(o->type, 1), o->name,
	                     refusal, since, more);
}

static void list_objects(const ds_errors_scan *scan, const ds_errors_policy *policy, uint64_t total,
                         ds_verdict *verdict) {
	size_t listed = 0;
	bool full = false;
	for (size_t i = 0; i < scan->kept_count && listed < policy->list_max; i++) {
		char line[DS_ERRORS_NAME_MAX + 3 * DS_ERRORS_VALUE_MAX + 128];
		object_line(&scan->kept[i], line, sizeof line);
		/* A character made safe may grow to three bytes (U+FFFD). */
		if (verdict->details_len + 3 * strlen(line) + 1 + CLOSING_ROOM > sizeof verdict->details) {
			full = true;
			break;
		}
		ds_verdict_detail(verdict, "%s", line);
		listed++;
	}
	if (total > listed) {
		uint64_t more = total - listed;
		if (full) {
			ds_verdict_detail(verdict,
			                  "and %" PRIu64 " more object%s in error (the long output holds "
			                  "no more: %d KiB, the most NRPE carries)",
			                  more, more == 1 ? "" : "s", DS_DETAILS_MAX / 1024);
		} else {
			ds_verdict_detail(verdict, "and %" PRIu64 " more object%s in error (-v lists up to %d)",
			                  more, more == 1 ? "" : "s", DS_ERRORS_LIST_VERBOSE);
		}
	}
}

static void add_perfdata(const ds_errors_scan *scan, const ds_errors_policy *policy, uint64_t total,
                         ds_verdict *verdict) {
	static const char *const labels[DS_OBJECT_TYPES] = {"users", "groups", "contacts"};
	ds_perfdata perf = ds_perfdata_make("errors", (double)total, "", &policy->thresholds);
	perf.has_min = true;
	perf.min = 0;
	(void)ds_verdict_add_perf(verdict, &perf);
	for (int t = 0; t < DS_OBJECT_TYPES; t++) {
		if (policy->types[t]) {
			perf = ds_perfdata_make(labels[t], (double)scan->in_error[t], "", NULL);
			(void)ds_verdict_add_perf(verdict, &perf);
		}
	}
}

/* "10000 users, 20 groups and 3 contacts": what was read. */
static void scanned_text(const ds_errors_scan *scan, const ds_errors_policy *policy, char *buf,
                         size_t size) {
	ds_writer w = {.buf = buf, .size = size};
	buf[0] = '\0';
	int count = 0;
	for (int t = 0; t < DS_OBJECT_TYPES; t++) {
		count += policy->types[t] ? 1 : 0;
	}
	int done = 0;
	for (int t = 0; t < DS_OBJECT_TYPES; t++) {
		if (!policy->types[t]) {
			continue;
		}
		done++;
		ds_writer_put(&w, "%s%" PRIu64 " %s",
		              done == 1       ? ""
		              : done == count ? " and "
		                              : ", ",
		              scan->scanned[t], ds_object_type_name((ds_object_type)t, scan->scanned[t]));
	}
}

void ds_errors_judge(const ds_errors_scan *scan, const ds_errors_policy *policy,
                     ds_verdict *verdict) {
	uint64_t total = total_in_error(scan);
	ds_state state = ds_thresholds_judge(&policy->thresholds, (double)total);
	char scanned[160];
	scanned_text(scan, policy, scanned, sizeof scanned);
	if (total == 0) {
		ds_verdict_set(verdict, state, "no object is refused by the cloud (%s read)", scanned);
	} else {
		char breakdown[96];
		char refusal[2 * DS_ERRORS_VALUE_MAX] = "";
		ds_errors_breakdown(scan, breakdown, sizeof breakdown);
		char first[SUMMARY_TEXT_MAX] = "";
		if (scan->kept_count > 0) {
			refusal_text(&scan->kept[0], SUMMARY_TEXT_MAX, refusal, sizeof refusal);
			ds_utf8_copy_cut(scan->kept[0].name, first, sizeof first);
		}
		ds_verdict_set(verdict, state, "%" PRIu64 " object%s %s not sync (%s)%s%s%s%s", total,
		               total == 1 ? "" : "s", total == 1 ? "does" : "do", breakdown,
		               first[0] != '\0' ? ": " : "", first, first[0] != '\0' ? " " : "", refusal);
	}
	ds_verdict_detail(verdict, "%s read in %u page%s", scanned, scan->pages,
	                  scan->pages == 1 ? "" : "s");
	list_objects(scan, policy, total, verdict);
	add_perfdata(scan, policy, total, verdict);
}

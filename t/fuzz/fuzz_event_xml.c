/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (C) 2026 The dirsync-plugins developers */
/* Event exports (wevtutil, PowerShell ToXml) in any encoding, read through the same
 * sink and judgement as check_dirsync_event. The reader takes a path, so the input is
 * written to one file under $TMPDIR (t/fuzz/run points it at its scratch space). */
#include <unistd.h>

#include "event/source.h"
#include "event/tally.h"
#include "fuzz.h"
#include "core/output.h"

static char path[4096];
static int fd = -1;

static void remove_file(void) {
	(void)unlink(path);
}

static void make_file(void) {
	const char *tmp = getenv("TMPDIR");
	FUZZ_ASSERT(snprintf(path, sizeof path, "%s/fuzz-events.XXXXXX",
	                     tmp != NULL && tmp[0] != '\0' ? tmp : "/tmp") < (int)sizeof path);
	fd = mkstemp(path);
	FUZZ_ASSERT(fd >= 0);
	FUZZ_ASSERT(atexit(remove_file) == 0);
}

static void write_file(const uint8_t *data, size_t size) {
	FUZZ_ASSERT(ftruncate(fd, 0) == 0);
	FUZZ_ASSERT(pwrite(fd, data, size, 0) == (ssize_t)size);
}

/* An event is copied out terminated, its message cut only between characters. */
static bool check_event(const ds_event *event, void *context) {
	size_t provider_len = strnlen(event->provider, sizeof event->provider);
	size_t message_len = strnlen(event->message, sizeof event->message);
	FUZZ_ASSERT(provider_len < sizeof event->provider);
	FUZZ_ASSERT(message_len < sizeof event->message);
	FUZZ_ASSERT(fuzz_utf8_valid(event->provider, provider_len));
	FUZZ_ASSERT(fuzz_utf8_valid(event->message, message_len));
	FUZZ_ASSERT(event->id <= 65535 && event->level <= 255);
	ds_event_tally *tallies = context;
	(void)ds_event_tally_add(event, &tallies[0]);
	(void)ds_event_tally_add(event, &tallies[1]);
	return true;
}

static void judge(const ds_event_tally *tally) {
	ds_thresholds thresholds = {.has_critical = true};
	FUZZ_ASSERT(ds_range_parse("0", &thresholds.critical, NULL));
	ds_verdict verdict;
	ds_verdict_init(&verdict, "EVENT");
	ds_event_judge(tally, &thresholds, "24h", &verdict);
	char output[8192];
	(void)ds_verdict_format(&verdict, output, sizeof output);
	FUZZ_ASSERT(fuzz_utf8_valid(output, strlen(output)));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
	if (fd < 0) {
		make_file();
	}
	write_file(data, size);
	ds_event_filter filter = {.ids = {{0, 0}, {109, 109}}, .id_count = 2};
	FUZZ_ASSERT(ds_event_provider_add("Directory Synchronization", &filter, NULL));
	memcpy(filter.message, "no longer supported", sizeof "no longer supported");
	ds_event_tally tallies[2];
	ds_event_tally_init(&tallies[0], NULL);
	ds_event_tally_init(&tallies[1], &filter);
	ds_error err = {0};
	if (ds_event_xml_read(path, check_event, tallies, NULL, &err)) {
		judge(&tallies[0]);
		judge(&tallies[1]);
	} else {
		fuzz_check_error(&err);
	}
	return 0;
}

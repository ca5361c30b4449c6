/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (C) 2026 The dirsync-plugins developers */
/* The matching events of one run: how many, and the newest few for the long output. */
#ifndef DIRSYNC_EVENT_TALLY_H
#define DIRSYNC_EVENT_TALLY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "event/event.h"
#include "core/output.h"
#include "core/range.h"

#define DS_EVENT_TALLY_NEWEST 5
#define DS_EVENT_TALLY_KINDS  16

/* The matches of one EventID from one provider. */
typedef struct ds_event_kind {
	unsigned id;
	char provider[256];
	uint64_t count;
} ds_event_kind;

typedef struct ds_event_tally {
	const ds_event_filter *filter;
	uint64_t seen;                          /* events read */
	uint64_t matched;                       /* events that passed the filter */
	ds_event newest[DS_EVENT_TALLY_NEWEST]; /* newest first */
	size_t newest_count;
	/* Every match counted by (id, provider), in a table of fixed size: matches of pairs
	 * that did not fit are counted in other_kinds. */
	ds_event_kind kinds[DS_EVENT_TALLY_KINDS];
	size_t kind_count;
	uint64_t other_kinds;
	/* The source hands events newest first (the live log), not oldest first (exports):
	 * it decides which of two events logged in the same second is the newer. */
	bool newest_first;
} ds_event_tally;

/* An empty tally for events read oldest first; set newest_first for the live log. */
void ds_event_tally_init(ds_event_tally *tally, const ds_event_filter *filter);

/* A ds_event_sink: counts the event and keeps it if it is among the newest matches. */
bool ds_event_tally_add(const ds_event *event, void *tally);

/* Fills verdict (check "EVENT"): state by the thresholds on the number of matches;
 * summary like `1 event 109 from Directory Synchronization in the last 24h, newest
 * 2026-11-24 11:00 UTC: "This version of ..."`, or, with several ids, `126 events:
 * 4624 ×90, 4672 ×30, 1100 ×6 from Microsoft-Windows-Security-Auditing and 1 other ...`
 * (ids and providers of all the matches, most frequent first); the newest matches and
 * the count of each id and provider in the long output;
 * perfdata events=<n>;<warn>;<crit>;0. window names the --since duration ("24h"). */
void ds_event_judge(const ds_event_tally *tally, const ds_thresholds *thresholds,
                    const char *window, ds_verdict *verdict);

#endif

/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (C) 2026 The dirsync-plugins developers */
/* Windows events as the event check sees them, whatever they were read from (the live
 * log through wevtapi, or an XML export), and the filter that selects them. */
#ifndef DIRSYNC_EVENT_EVENT_H
#define DIRSYNC_EVENT_EVENT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/error.h"

/* The default filter: the sign that the cloud refuses the sync tool (Event 109 or 0 of
 * Directory Synchronization, "no longer supported") in the last day; any is CRITICAL. */
#define DS_EVENT_DEFAULT_LOG      "Application"
#define DS_EVENT_DEFAULT_PROVIDER "Directory Synchronization"
#define DS_EVENT_DEFAULT_IDS      "0,109"
#define DS_EVENT_DEFAULT_MESSAGE  "no longer supported"
#define DS_EVENT_DEFAULT_SINCE    "24h"
#define DS_EVENT_DEFAULT_CRITICAL "0"

#define DS_EVENT_MAX_PROVIDERS 8
#define DS_EVENT_MAX_ID_RANGES 32
#define DS_EVENT_TEXT_MAX      1024
#define DS_EVENT_NEEDLE_MAX    256

/* One event: copied out of its source, so the source's buffers may be reused. */
typedef struct ds_event {
	char provider[256]; /* Provider/@Name, else Provider/@EventSourceName */
	unsigned id;        /* EventID, 0 to 65535 */
	unsigned level;     /* 0 when absent; 1 critical, 2 error, 3 warning, 4 information */
	int64_t time;       /* TimeCreated/@SystemTime, epoch seconds */
	bool has_time;
	/* The start of the message: RenderingInfo/Message, else the EventData values, else
	 * the UserData values, joined by spaces (event/message.h). */
	char message[DS_EVENT_TEXT_MAX];
	/* Set by a reader given the filter: it searched the whole message, which may be
	 * longer than the start kept above, for filter->message, and found it or not. */
	bool message_searched;
	bool message_found;
} ds_event;

typedef struct ds_id_range {
	unsigned first;
	unsigned last;
} ds_id_range;

typedef struct ds_event_filter {
	char log[128];
	char providers[DS_EVENT_MAX_PROVIDERS][256];
	size_t provider_count; /* 0: any provider */
	ds_id_range ids[DS_EVENT_MAX_ID_RANGES];
	size_t id_count;                   /* 0: any id */
	unsigned levels;                   /* bit n set: level n matches; 0: any level */
	char message[DS_EVENT_NEEDLE_MAX]; /* case-insensitive substring; "" matches all */
	int64_t since;                     /* events at or after this epoch second match */
} ds_event_filter;

/* "0,109", "611,652-655": ids 0..65535, ranges first-last with first <= last. */
bool ds_event_ids_parse(const char *text, ds_event_filter *filter, ds_error *err);

/* "critical,error,warning,information,verbose" or numbers 1..5, comma-separated. */
bool ds_event_levels_parse(const char *text, ds_event_filter *filter, ds_error *err);

/* Adds one provider name (the option may repeat). */
bool ds_event_provider_add(const char *name, ds_event_filter *filter, ds_error *err);

/* Does the event pass every part of the filter? The message test ignores ASCII case;
 * it takes the reader's answer when the reader searched the whole message. */
bool ds_event_matches(const ds_event_filter *filter, const ds_event *event);

/* The XPath query for EvtQuery that makes Windows do the filtering: providers, ids,
 * levels and the time window (timediff in milliseconds from now). The message test is
 * done on the results. Returns false when buf is too small. */
bool ds_event_xpath(const ds_event_filter *filter, int64_t now, char *buf, size_t size);

/* TimeCreated/@SystemTime: RFC 3339 with 'T' or ' ', and read as UTC when it has no
 * offset (SystemTime is always UTC; python-evtx writes none). */
bool ds_event_time_parse(const char *text, int64_t *epoch, ds_error *err);

/* Called for every event a source reads; returning false stops the reading. */
typedef bool (*ds_event_sink)(const ds_event *event, void *context);

#endif

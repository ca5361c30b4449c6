/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (C) 2026 The dirsync-plugins developers */
/* Where events come from: an XML export (any platform: xml_read.c, with expat on POSIX
 * and XmlLite on Windows as its parser) or the live event log (log_win.c through
 * wevtapi; log_posix.c says it is Windows-only). */
#ifndef DIRSYNC_EVENT_SOURCE_H
#define DIRSYNC_EVENT_SOURCE_H

#include <stdbool.h>
#include <stdint.h>

#include "core/deadline.h"
#include "core/error.h"
#include "event/event.h"

/* Reads an export made by `wevtutil qe LOG /f:xml` (a stream of <Event> elements
 * without a root), `/e:Events` (wrapped), `/f:RenderedXml`, or PowerShell's ToXml()
 * saved as UTF-16LE with BOM or UTF-8 with or without BOM. path "-" is standard input.
 * Every <Event> is handed to sink. Malformed XML, a wrong encoding or an unreadable file
 * is an error naming the line (and column) where it was found. An empty file is no
 * events, not an error. */
bool ds_event_xml_read(const char *path, ds_event_sink sink, void *context,
                       const ds_deadline *deadline, ds_error *err);

/* The same, searching the whole message of every event for filter->message (the event
 * keeps only the start of it; see ds_event.message_searched). filter may be NULL. An
 * export whose first element is not <Event> or <Events> is an error: it is not an
 * event export. */
bool ds_event_xml_read_filtered(const char *path, const ds_event_filter *filter, ds_event_sink sink,
                                void *context, const ds_deadline *deadline, ds_error *err);

/* An export file is refreshed by a job (a scheduled wevtutil): one modified more than
 * max_age seconds before now is an error ("is the export job still running?"). A
 * file that cannot be examined passes: reading it says what is wrong. */
bool ds_event_export_fresh(const char *path, int64_t now, int64_t max_age, ds_error *err);

/* Reads the live log filter->log with the XPath of ds_event_xpath and hands each event
 * to sink, newest first. When the deadline ends the reading, err->timed_out is set: the
 * event log API may give up a little before the caller's clock says the
 * deadline has passed, so the caller picks the -t state by this, not by the clock. */
bool ds_event_log_read(const ds_event_filter *filter, int64_t now, ds_event_sink sink,
                       void *context, const ds_deadline *deadline, ds_error *err);

#endif

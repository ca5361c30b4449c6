/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (C) 2026 The dirsync-plugins developers */
/* Windows only: the part of the event readers that calls no event log API, so that it
 * can be tested under wine, whose EvtQuery is a stub. event_log_win.c renders each
 * event into EVT_VARIANT arrays and hands them here; event_xml_xmllite.c shares the
 * UTF-16 to UTF-8 conversion. */
#ifndef DIRSYNC_EVENT_LOG_VALUES_H
#define DIRSYNC_EVENT_LOG_VALUES_H

#include <windows.h>
#include <winevt.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/error.h"
#include "event/event.h"
#include "event/message.h"

/* Epoch seconds for a FILETIME count (100 ns ticks since 1601-01-01 UTC). */
int64_t ds_filetime_to_epoch(uint64_t filetime);

/* Appends len UTF-16 units of text (len (size_t)-1: up to the NUL) to the UTF-8 string
 * in out, cut at a character boundary so that it fits in size bytes with its NUL.
 * Returns false when something was cut. */
bool ds_utf16_append(char *out, size_t size, const wchar_t *text, size_t len);

/* The same for len bytes of UTF-8 text. */
bool ds_utf8_append(char *out, size_t size, const char *text, size_t len);

/* Appends one rendered value (a string, number, GUID ... as the event viewer would
 * show it) to out, preceded by a space when out is not empty. Null values and types
 * without a text form add nothing. Returns false when something was cut. */
bool ds_event_value_append(char *out, size_t size, const EVT_VARIANT *value);

/* Fills out from the values of an EvtRenderContextSystem rendering (indexed by
 * EVT_SYSTEM_PROPERTY_ID; count may be short, and missing or null values leave their
 * field empty) and the message: the formatted one when message is neither NULL nor
 * empty, else the insertion strings of an EvtRenderContextUser rendering joined by
 * spaces. Fails only when a value has a type that makes no sense for its field. */
bool ds_event_from_values(const EVT_VARIANT *system, size_t system_count, const wchar_t *message,
                          const EVT_VARIANT *user, size_t user_count, ds_event *out, ds_error *err);

/* The same, searching the whole message (however long; only its start is kept in
 * out->message) for search's needle, as the XML readers do (event/message.h): the
 * message and each insertion string are trimmed, and the strings joined by a space.
 * search may be NULL (nothing searched: ds_event_matches tests the start). */
bool ds_event_from_values_searched(const EVT_VARIANT *system, size_t system_count,
                                   const wchar_t *message, const EVT_VARIANT *user,
                                   size_t user_count, const ds_event_search *search, ds_event *out,
                                   ds_error *err);

#endif

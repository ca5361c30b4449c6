/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (C) 2026 The dirsync-plugins developers */
/* ds_event_log_read on Windows: wevtapi (Vista and later) with the XPath of
 * ds_event_xpath, so that Windows does the filtering by provider, id, level and time.
 * Only the API calls live here; turning the rendered values into a ds_event is in
 * event_log_values_win.c, which wine can test (its EvtQuery is a stub). */
#include "event/log_values.h"
#include "event/message.h"
#include "event/source.h"
#include "core/text.h"

#include <windows.h>
#include <winevt.h>
#include <stdlib.h>
#include <string.h>

#define BATCH     64
#define XPATH_MAX 8192
/* The largest formatted message read, in UTF-16 units (1 MiB): a longer one (a huge
 * script block) is not formatted, and its insertion strings, which hold the same text,
 * are searched whole instead. */
#define MESSAGE_MAX      (1024 * 1024 / 2)
#define PUBLISHERS_CACHE 8

#ifndef ERROR_EVT_INVALID_CHANNEL_PATH
#define ERROR_EVT_INVALID_CHANNEL_PATH 15000L
#endif
#ifndef ERROR_EVT_UNRESOLVED_VALUE_INSERT
#define ERROR_EVT_UNRESOLVED_VALUE_INSERT 15029L
#endif
#ifndef ERROR_EVT_UNRESOLVED_PARAMETER_INSERT
#define ERROR_EVT_UNRESOLVED_PARAMETER_INSERT 15030L
#endif
#ifndef ERROR_EVT_MAX_INSERTS_REACHED
#define ERROR_EVT_MAX_INSERTS_REACHED 15031L
#endif

typedef struct publisher {
	wchar_t name[256];
	EVT_HANDLE metadata; /* NULL: the provider has no message table here */
} publisher;

/* A growing buffer for EvtRender and EvtFormatMessage. */
typedef struct buffer {
	void *data;
	DWORD size; /* bytes */
} buffer;

typedef struct reader {
	const ds_event_filter *filter;
	ds_event_search search; /* filter->message, for the whole of every message */
	const char *xpath;
	EVT_HANDLE system_context;
	EVT_HANDLE user_context;
	buffer system;
	buffer user;
	buffer message;
	publisher publishers[PUBLISHERS_CACHE];
	size_t publisher_count;
	size_t publisher_next; /* the slot to reuse when the cache is full */
	unsigned long long events;
} reader;

static bool buffer_grow(buffer *b, DWORD size) {
	if (size <= b->size) {
		return true;
	}
	void *data = realloc(b->data, size);
	if (data == NULL) {
		return false;
	}
	b->data = data;
	b->size = size;
	return true;
}

static bool to_wide(const char *text, wchar_t *out, int units) {
	return MultiByteToWideChar(CP_UTF8, MB_ERR_INVALID_CHARS, text, -1, out, units) > 0;
}

/* Renders the values of one event in a context into b; count gets their number. */
static bool render(EVT_HANDLE context, EVT_HANDLE event, buffer *b, DWORD *count) {
	DWORD used = 0;
	*count = 0;
	if (EvtRender(context, event, EvtRenderEventValues, b->size, b->data, &used, count)) {
		return true;
	}
	if (GetLastError() != ERROR_INSUFFICIENT_BUFFER || !buffer_grow(b, used)) {
		return false;
	}
	return EvtRender(context, event, EvtRenderEventValues, b->size, b->data, &used, count) != FALSE;
}

/* The provider's message table, opened once per run and provider. */
static EVT_HANDLE publisher_metadata(reader *r, const wchar_t *name) {
	if (name == NULL || name[0] == L'\0' || wcslen(name) >= 256) {
		return NULL;
	}
	for (size_t i = 0; i < r->publisher_count; i++) {
		if (wcscmp(r->publishers[i].name, name) == 0) {
			return r->publishers[i].metadata;
		}
	}
	publisher *slot;
	if (r->publisher_count < PUBLISHERS_CACHE) {
		slot = &r->publishers[r->publisher_count++];
	} else {
		slot = &r->publishers[r->publisher_next];
		r->publisher_next = (r->publisher_next + 1) % PUBLISHERS_CACHE;
		if (slot->metadata != NULL) {
			EvtClose(slot->metadata);
		}
	}
	wcscpy(slot->name, name);
	slot->metadata = EvtOpenPublisherMetadata(NULL, name, NULL, 0, 0);
	return slot->metadata;
}

/* The event's message in the provider's words, whole, or NULL (no message table, a
 * message over MESSAGE_MAX, or an error: the caller falls back to the insertion strings). */
static const wchar_t *format_message(reader *r, EVT_HANDLE event, const wchar_t *provider) {
	EVT_HANDLE metadata = publisher_metadata(r, provider);
	if (metadata == NULL) {
		return NULL;
	}
	for (int attempt = 0; attempt < 2; attempt++) {
		DWORD used = 0; /* in UTF-16 units */
		DWORD units = r->message.size / sizeof(wchar_t);
		if (EvtFormatMessage(metadata, event, 0, 0, NULL, EvtFormatMessageEvent, units,
		                     (LPWSTR)r->message.data, &used)) {
			return r->message.data;
		}
		DWORD error = GetLastError();
		if (used > units) {
			/* Too small a buffer, whatever the error says: grow it, try again. */
			if (used > MESSAGE_MAX || !buffer_grow(&r->message, used * (DWORD)sizeof(wchar_t))) {
				return NULL;
			}
			continue;
		}
		if ((error == ERROR_EVT_UNRESOLVED_VALUE_INSERT ||
		     error == ERROR_EVT_UNRESOLVED_PARAMETER_INSERT ||
		     error == ERROR_EVT_MAX_INSERTS_REACHED) &&
		    r->message.data != NULL && used > 0) {
			/* The message is there, with an insert left as %1. */
			return r->message.data;
		}
		return NULL;
	}
	return NULL;
}

static bool read_event(reader *r, EVT_HANDLE event, ds_event *out, ds_error *err) {
	DWORD system_count = 0;
	if (!render(r->system_context, event, &r->system, &system_count)) {
		return ds_error_set(err, "cannot render an event of the %s log (error %lu)", r->filter->log,
		                    (unsigned long)GetLastError());
	}
	const EVT_VARIANT *system = r->system.data;
	const wchar_t *provider = system_count > EvtSystemProviderName &&
	                                  system[EvtSystemProviderName].Type == EvtVarTypeString
	                              ? system[EvtSystemProviderName].StringVal
	                              : NULL;
	const wchar_t *message = format_message(r, event, provider);
	const EVT_VARIANT *user = NULL;
	DWORD user_count = 0;
	if ((message == NULL || message[0] == L'\0') &&
	    render(r->user_context, event, &r->user, &user_count)) {
		user = r->user.data;
	}
	return ds_event_from_values_searched(system, system_count, message, user, user_count,
	                                     &r->search, out, err);
}

static bool query_error(const ds_event_filter *filter, const char *xpath, DWORD error,
                        ds_error *err) {
	switch (error) {
		case ERROR_EVT_CHANNEL_NOT_FOUND:
		case ERROR_EVT_INVALID_CHANNEL_PATH:
			return ds_error_set(err, "no event log named %s on this host (wevtutil el lists them)",
			                    filter->log);
		case ERROR_ACCESS_DENIED:
			return ds_error_set(err,
			                    "access to the %s log is denied: run the plugin as a user in "
			                    "Event Log Readers (or the agent's service account)",
			                    filter->log);
		case ERROR_EVT_INVALID_QUERY: {
			size_t len = strlen(xpath);
			int shown = len > 200 ? 200 : (int)len;
			return ds_error_set(err, "the event filter is invalid (XPath %.*s%s)", shown, xpath,
			                    len > 200 ? "..." : "");
		}
		case 0:
			/* What wine's stub does; a real Windows always says why. */
			return ds_error_set(err,
			                    "the event log API did not answer (EvtQuery returned nothing): "
			                    "this system has no working Windows event log; export the log "
			                    "with wevtutil qe %s /f:xml > events.xml and give "
			                    "--xml-file=events.xml",
			                    filter->log);
		default:
			return ds_error_set(err, "cannot query the %s log (error %lu)", filter->log,
			                    (unsigned long)error);
	}
}

/* The reader says so itself: EvtNext's own timer may fire a little before the clock the
 * caller would read again, and the -t state must not depend on who looks first. */
static bool deadline_passed(const reader *r, ds_error *err) {
	return ds_error_timeout(err, "reading the %s log (%llu events read)", r->filter->log,
	                        r->events);
}

/* Hands the events of the query to sink, newest first, until there are no more. */
static bool read_results(reader *r, EVT_HANDLE query, ds_event_sink sink, void *context,
                         const ds_deadline *deadline, ds_error *err) {
	ds_event *event = malloc(sizeof *event);
	if (event == NULL) {
		return ds_error_set(err, "out of memory");
	}
	bool ok = true;
	bool more = true;
	while (ok && more) {
		int64_t left = ds_deadline_remaining_ms(deadline);
		if (left <= 0) {
			ok = deadline_passed(r, err);
			break;
		}
		EVT_HANDLE batch[BATCH];
		DWORD returned = 0;
		if (!EvtNext(query, BATCH, batch, left > 0x7FFFFFFF ? 0x7FFFFFFF : (DWORD)left, 0,
		             &returned)) {
			DWORD error = GetLastError();
			if (error == ERROR_NO_MORE_ITEMS) {
				break;
			}
			if (error == ERROR_TIMEOUT || error == WAIT_TIMEOUT) {
				ok = deadline_passed(r, err);
			} else if (error == ERROR_EVT_INVALID_QUERY || error == ERROR_ACCESS_DENIED ||
			           error == ERROR_EVT_CHANNEL_NOT_FOUND) {
				/* Some of these only show when the first events are fetched. */
				ok = query_error(r->filter, r->xpath, error, err);
			} else {
				ok = ds_error_set(err, "reading the %s log failed (error %lu)", r->filter->log,
				                  (unsigned long)error);
			}
			break;
		}
		for (DWORD i = 0; i < returned; i++) {
			/* Rendering and formatting a batch can take long (a slow message DLL, up to
			 * BATCH events): the deadline holds for each event, not only for EvtNext. */
			if (ok && more && ds_deadline_expired(deadline)) {
				ok = deadline_passed(r, err);
			}
			if (ok && more) {
				ok = read_event(r, batch[i], event, err);
				r->events++;
				more = ok && sink(event, context);
			}
			EvtClose(batch[i]);
		}
	}
	free(event);
	return ok;
}

bool ds_event_log_read(const ds_event_filter *filter, int64_t now, ds_event_sink sink,
                       void *context, const ds_deadline *deadline, ds_error *err) {
	char *xpath = malloc(XPATH_MAX);
	wchar_t *wide_xpath = malloc(XPATH_MAX * sizeof(wchar_t));
	wchar_t log[sizeof filter->log];
	if (xpath == NULL || wide_xpath == NULL) {
		free(xpath);
		free(wide_xpath);
		return ds_error_set(err, "out of memory");
	}
	bool ok = true;
	if (!ds_event_xpath(filter, now, xpath, XPATH_MAX)) {
		ok = ds_error_set(err, "the event filter is too long for an event log query: give "
		                       "fewer providers or ids");
	} else if (!to_wide(filter->log, log, (int)(sizeof log / sizeof log[0])) ||
	           !to_wide(xpath, wide_xpath, XPATH_MAX)) {
		ok = ds_error_set(err, "the log name or the event filter is not valid UTF-8");
	}
	EVT_HANDLE query = NULL;
	if (ok) {
		SetLastError(0);
		query = EvtQuery(NULL, log, wide_xpath, EvtQueryChannelPath | EvtQueryReverseDirection);
		if (query == NULL) {
			ok = query_error(filter, xpath, GetLastError(), err);
		}
	}
	reader r = {.filter = filter, .xpath = xpath};
	ds_event_search_init(&r.search, filter);
	if (ok) {
		r.system_context = EvtCreateRenderContext(0, NULL, EvtRenderContextSystem);
		r.user_context = EvtCreateRenderContext(0, NULL, EvtRenderContextUser);
		if (r.system_context == NULL || r.user_context == NULL) {
			ok = ds_error_set(err, "cannot create an event render context (error %lu)",
			                  (unsigned long)GetLastError());
		}
	}
	if (ok) {
		ok = read_results(&r, query, sink, context, deadline, err);
	}
	for (size_t i = 0; i < r.publisher_count; i++) {
		if (r.publishers[i].metadata != NULL) {
			EvtClose(r.publishers[i].metadata);
		}
	}
	if (r.system_context != NULL) {
		EvtClose(r.system_context);
	}
	if (r.user_context != NULL) {
		EvtClose(r.user_context);
	}
	if (query != NULL) {
		EvtClose(query);
	}
	free(r.system.data);
	free(r.user.data);
	free(r.message.data);
	free(xpath);
	free(wide_xpath);
	return ok;
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (C) 2026 The dirsync-plugins developers */
/* A test double for wevtapi.dll: wine's EvtQuery is a stub, so lib/event/log_win.c is run
 * against this instead. Built as wevtapi.dll (with fake_wevtapi.def) and copied next to
 * the .exe, which wine 8 then loads instead of its own.
 *
 * FAKE_WEVTAPI_CONTROL names a control file, one setting a line ("#" starts a comment):
 *   event=PROVIDER|ID|LEVEL|EPOCH|MESSAGE|INSERT...  one event, in the order EvtNext hands
 *                                  them out (the plugin asks newest first); an empty
 *                                  MESSAGE has no message (EvtFormatMessage: 15027)
 *   generate=N|PROVIDER|ID|LEVEL|EPOCH|MESSAGE|INSERT...  N more such events after those
 *   batch=N                        at most N events per EvtNext (default 64)
 *   query_error=CODE               EvtQuery fails with CODE (0: NULL with GetLastError() 0,
 *                                  as wine's stub does)
 *   next_error=CODE, next_error_after=K   EvtNext fails with CODE once K events are out;
 *                                  CODE 1460 (ERROR_TIMEOUT) comes after the call's own
 *                                  timeout less next_timeout_early_ms, as a coarser timer may
 *   render_error=CODE, render_error_after=K   EvtRender fails for the events from the K-th on
 *   metadata=none                  EvtOpenPublisherMetadata fails (no message table)
 *   format_error=CODE              EvtFormatMessage fails with CODE; 15029-15031 still fill
 *                                  the buffer, as Windows does
 *   query_delay_ms, next_delay_ms, render_delay_ms, format_delay_ms   per call; an EvtNext
 *                                  slower than its timeout waits the timeout and fails with
 *                                  ERROR_TIMEOUT
 * FAKE_WEVTAPI_LOG names a file that gets a line per EvtQuery (channel, flags, XPath) and,
 * when the process ends, the handles left open and the number of EvtNext calls. */
#include <windows.h>
#include <winevt.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_EVENTS  64
#define MAX_INSERTS 8
#define MAGIC       0x46414b45u

typedef struct fake_event {
	wchar_t *provider;
	unsigned id;
	unsigned level;
	int64_t epoch;
	wchar_t *message; /* NULL: no message */
	wchar_t *inserts[MAX_INSERTS];
	size_t insert_count;
} fake_event;

enum kind { KIND_QUERY, KIND_EVENT, KIND_SYSTEM_CONTEXT, KIND_USER_CONTEXT, KIND_METADATA, KINDS };
static const char *const kind_names[KINDS] = {"query", "event", "context", "context", "metadata"};

typedef struct fake_handle {
	unsigned magic;
	enum kind kind;
	size_t index; /* KIND_EVENT: which event */
} fake_handle;

static struct {
	bool loaded;
	fake_event events[MAX_EVENTS];
	size_t event_count;
	fake_event generated;
	size_t generate_count;
	size_t batch;
	bool query_fails;
	DWORD query_error;
	DWORD next_error, next_error_after, next_timeout_early_ms;
	DWORD render_error, render_error_after;
	bool no_metadata;
	DWORD format_error;
	DWORD query_delay_ms, next_delay_ms, render_delay_ms, format_delay_ms;
	size_t delivered;
	long open[KINDS];
	unsigned long next_calls;
} fake = {.batch = 64};

/* Appends a line to FAKE_WEVTAPI_LOG with the Win32 API only: it also runs while the
 * process ends, after the C runtime may have shut down. */
static void log_line(const char *text) {
	char path[MAX_PATH];
	DWORD len = GetEnvironmentVariableA("FAKE_WEVTAPI_LOG", path, sizeof path);
	if (len == 0 || len >= sizeof path) {
		return;
	}
	HANDLE file = CreateFileA(path, FILE_APPEND_DATA, FILE_SHARE_READ | FILE_SHARE_WRITE, NULL,
	                          OPEN_ALWAYS, FILE_ATTRIBUTE_NORMAL, NULL);
	if (file == INVALID_HANDLE_VALUE) {
		return;
	}
	DWORD written;
	(void)WriteFile(file, text, (DWORD)strlen(text), &written, NULL);
	(void)WriteFile(file, "\n", 1, &written, NULL);
	CloseHandle(file);
}

static wchar_t *wide(const char *text, size_t len) {
	int units = MultiByteToWideChar(CP_UTF8, 0, text, (int)len, NULL, 0);
	wchar_t *out = calloc((size_t)units + 1, sizeof *out);
	if (out != NULL && units > 0) {
		(void)MultiByteToWideChar(CP_UTF8, 0, text, (int)len, out, units);
	}
	return out;
}

static void narrow(const wchar_t *text, char *out, int size) {
	out[0] = '\0';
	if (text != NULL && WideCharToMultiByte(CP_UTF8, 0, text, -1, out, size, NULL, NULL) <= 0) {
		out[0] = '\0';
	}
}

/* PROVIDER|ID|LEVEL|EPOCH|MESSAGE|INSERT... */
static void parse_event(const char *text, fake_event *event) {
	const char *fields[5 + MAX_INSERTS];
	size_t lens[5 + MAX_INSERTS];
	size_t count = 0;
	const char *start = text;
	for (const char *p = text;; p++) {
		if (*p == '|' || *p == '\0') {
			if (count < sizeof fields / sizeof fields[0]) {
				fields[count] = start;
				lens[count++] = (size_t)(p - start);
			}
			start = p + 1;
			if (*p == '\0') {
				break;
			}
		}
	}
	memset(event, 0, sizeof *event);
	if (count < 5) {
		return;
	}
	event->provider = wide(fields[0], lens[0]);
	event->id = (unsigned)strtoul(fields[1], NULL, 10);
	event->level = (unsigned)strtoul(fields[2], NULL, 10);
	event->epoch = strtoll(fields[3], NULL, 10);
	event->message = lens[4] > 0 ? wide(fields[4], lens[4]) : NULL;
	for (size_t i = 5; i < count; i++) {
		event->inserts[event->insert_count++] = wide(fields[i], lens[i]);
	}
}

static DWORD number(const char *line, const char *key, DWORD current) {
	size_t len = strlen(key);
	if (strncmp(line, key, len) == 0 && line[len] == '=') {
		return (DWORD)strtoul(line + len + 1, NULL, 10);
	}
	return current;
}

static void take_line(const char *line) {
	if (strncmp(line, "event=", 6) == 0 && fake.event_count < MAX_EVENTS) {
		parse_event(line + 6, &fake.events[fake.event_count++]);
	} else if (strncmp(line, "generate=", 9) == 0) {
		char *rest;
		fake.generate_count = strtoul(line + 9, &rest, 10);
		parse_event(*rest == '|' ? rest + 1 : rest, &fake.generated);
	} else if (strncmp(line, "query_error=", 12) == 0) {
		fake.query_fails = true;
		fake.query_error = number(line, "query_error", 0);
	} else if (strcmp(line, "metadata=none") == 0) {
		fake.no_metadata = true;
	} else {
		fake.batch = number(line, "batch", (DWORD)fake.batch);
		fake.next_error = number(line, "next_error", fake.next_error);
		fake.next_error_after = number(line, "next_error_after", fake.next_error_after);
		fake.next_timeout_early_ms =
		    number(line, "next_timeout_early_ms", fake.next_timeout_early_ms);
		fake.render_error = number(line, "render_error", fake.render_error);
		fake.render_error_after = number(line, "render_error_after", fake.render_error_after);
		fake.format_error = number(line, "format_error", fake.format_error);
		fake.query_delay_ms = number(line, "query_delay_ms", fake.query_delay_ms);
		fake.next_delay_ms = number(line, "next_delay_ms", fake.next_delay_ms);
		fake.render_delay_ms = number(line, "render_delay_ms", fake.render_delay_ms);
		fake.format_delay_ms = number(line, "format_delay_ms", fake.format_delay_ms);
	}
}

static void load_control(void) {
	if (fake.loaded) {
		return;
	}
	fake.loaded = true;
	char path[MAX_PATH];
	DWORD len = GetEnvironmentVariableA("FAKE_WEVTAPI_CONTROL", path, sizeof path);
	if (len == 0 || len >= sizeof path) {
		return;
	}
	FILE *file = fopen(path, "rb");
	if (file == NULL) {
		log_line("cannot open FAKE_WEVTAPI_CONTROL");
		return;
	}
	static char line[65536]; /* a line holds an event with a long message */
	while (fgets(line, sizeof line, file) != NULL) {
		line[strcspn(line, "\r\n")] = '\0';
		if (line[0] != '#' && line[0] != '\0') {
			take_line(line);
		}
	}
	fclose(file);
	if (fake.batch == 0) {
		fake.batch = 1;
	}
}

static size_t total_events(void) {
	return fake.event_count + fake.generate_count;
}

static const fake_event *event_at(size_t index) {
	return index < fake.event_count ? &fake.events[index] : &fake.generated;
}

static EVT_HANDLE new_handle(enum kind kind, size_t index) {
	fake_handle *h = malloc(sizeof *h);
	if (h == NULL) {
		return NULL;
	}
	h->magic = MAGIC;
	h->kind = kind;
	h->index = index;
	fake.open[kind]++;
	return (EVT_HANDLE)h;
}

static fake_handle *handle_of(EVT_HANDLE handle, enum kind kind) {
	fake_handle *h = (fake_handle *)handle;
	return h != NULL && h->magic == MAGIC && h->kind == kind ? h : NULL;
}

static BOOL fail(DWORD error) {
	SetLastError(error);
	return FALSE;
}

EVT_HANDLE WINAPI EvtQuery(EVT_HANDLE session, LPCWSTR path, LPCWSTR query, DWORD flags) {
	DWORD saved = GetLastError();
	(void)session;
	load_control();
	static char channel[512], xpath[16384], line[17000];
	narrow(path, channel, sizeof channel);
	narrow(query, xpath, sizeof xpath);
	(void)snprintf(line, sizeof line, "EvtQuery channel=%s flags=0x%lx xpath=%s", channel,
	               (unsigned long)flags, xpath);
	log_line(line);
	Sleep(fake.query_delay_ms);
	if (fake.query_fails) {
		SetLastError(fake.query_error);
		return NULL;
	}
	EVT_HANDLE h = new_handle(KIND_QUERY, 0);
	SetLastError(h != NULL ? saved : ERROR_OUTOFMEMORY);
	return h;
}

BOOL WINAPI EvtNext(EVT_HANDLE results, DWORD size, EVT_HANDLE *events, DWORD timeout, DWORD flags,
                    PDWORD returned) {
	DWORD saved = GetLastError();
	(void)flags;
	*returned = 0;
	if (handle_of(results, KIND_QUERY) == NULL || events == NULL) {
		return fail(ERROR_INVALID_HANDLE);
	}
	fake.next_calls++;
	if (fake.next_delay_ms > 0) {
		if (timeout != INFINITE && fake.next_delay_ms > timeout) {
			Sleep(timeout);
			return fail(ERROR_TIMEOUT);
		}
		Sleep(fake.next_delay_ms);
	}
	size_t end = total_events();
	if (fake.next_error != 0) {
		if (fake.delivered >= fake.next_error_after) {
			if (fake.next_error == ERROR_TIMEOUT && timeout != INFINITE) {
				Sleep(timeout > fake.next_timeout_early_ms ? timeout - fake.next_timeout_early_ms
				                                           : 0);
			}
			return fail(fake.next_error);
		}
		if (end > fake.next_error_after) {
			end = fake.next_error_after;
		}
	}
	DWORD count = 0;
	while (count < size && count < fake.batch && fake.delivered < end) {
		EVT_HANDLE h = new_handle(KIND_EVENT, fake.delivered);
		if (h == NULL) {
			break;
		}
		events[count++] = h;
		fake.delivered++;
	}
	*returned = count;
	if (count == 0) {
		return fail(ERROR_NO_MORE_ITEMS);
	}
	SetLastError(saved);
	return TRUE;
}

EVT_HANDLE WINAPI EvtCreateRenderContext(DWORD count, LPCWSTR *paths, DWORD flags) {
	DWORD saved = GetLastError();
	(void)paths;
	if (count != 0 || (flags != EvtRenderContextSystem && flags != EvtRenderContextUser)) {
		SetLastError(ERROR_INVALID_PARAMETER);
		return NULL;
	}
	EVT_HANDLE h =
	    new_handle(flags == EvtRenderContextSystem ? KIND_SYSTEM_CONTEXT : KIND_USER_CONTEXT, 0);
	SetLastError(h != NULL ? saved : ERROR_OUTOFMEMORY);
	return h;
}

static DWORD string_bytes(const wchar_t *text) {
	return text != NULL ? (DWORD)((wcslen(text) + 1) * sizeof(wchar_t)) : 0;
}

/* Copies text to *tail and points value at it. */
static void put_string(EVT_VARIANT *value, wchar_t **tail, const wchar_t *text) {
	if (text == NULL) {
		value->Type = EvtVarTypeNull;
		return;
	}
	size_t units = wcslen(text) + 1;
	memcpy(*tail, text, units * sizeof(wchar_t));
	value->StringVal = *tail;
	value->Type = EvtVarTypeString;
	*tail += units;
}

/* System values as Windows renders them: EvtSystemPropertyIdEND variants, then the
 * strings they point to, all inside the caller's buffer. */
static DWORD render_system(const fake_event *event, size_t index, void *buffer, DWORD size,
                           DWORD *used) {
	static const wchar_t channel[] = L"Application", computer[] = L"FAKEHOST";
	DWORD need = EvtSystemPropertyIdEND * (DWORD)sizeof(EVT_VARIANT) +
	             string_bytes(event->provider) + string_bytes(channel) + string_bytes(computer);
	*used = need;
	if (buffer == NULL || size < need) {
		return ERROR_INSUFFICIENT_BUFFER;
	}
	EVT_VARIANT *values = buffer;
	memset(values, 0, EvtSystemPropertyIdEND * sizeof(EVT_VARIANT));
	wchar_t *tail = (wchar_t *)(values + EvtSystemPropertyIdEND);
	put_string(&values[EvtSystemProviderName], &tail, event->provider);
	values[EvtSystemEventID].UInt16Val = (UINT16)event->id;
	values[EvtSystemEventID].Type = EvtVarTypeUInt16;
	values[EvtSystemLevel].ByteVal = (BYTE)event->level;
	values[EvtSystemLevel].Type = EvtVarTypeByte;
	/* 100 ns ticks since 1601, and a made-up fraction of a second. */
	values[EvtSystemTimeCreated].FileTimeVal =
	    (uint64_t)(event->epoch + INT64_C(11644473600)) * 10000000u + (index % 1000) * 1000u;
	values[EvtSystemTimeCreated].Type = EvtVarTypeFileTime;
	values[EvtSystemEventRecordId].UInt64Val = 1000000u - index;
	values[EvtSystemEventRecordId].Type = EvtVarTypeUInt64;
	put_string(&values[EvtSystemChannel], &tail, channel);
	put_string(&values[EvtSystemComputer], &tail, computer);
	return ERROR_SUCCESS;
}

static DWORD render_user(const fake_event *event, void *buffer, DWORD size, DWORD *used) {
	DWORD need = (DWORD)(event->insert_count * sizeof(EVT_VARIANT));
	for (size_t i = 0; i < event->insert_count; i++) {
		need += string_bytes(event->inserts[i]);
	}
	*used = need;
	if (size < need || (buffer == NULL && need > 0)) {
		return ERROR_INSUFFICIENT_BUFFER;
	}
	EVT_VARIANT *values = buffer;
	wchar_t *tail = (wchar_t *)(values + event->insert_count);
	for (size_t i = 0; i < event->insert_count; i++) {
		memset(&values[i], 0, sizeof values[i]);
		put_string(&values[i], &tail, event->inserts[i]);
	}
	return ERROR_SUCCESS;
}

BOOL WINAPI EvtRender(EVT_HANDLE context, EVT_HANDLE fragment, DWORD flags, DWORD size,
                      PVOID buffer, PDWORD used, PDWORD count) {
	DWORD saved = GetLastError();
	fake_handle *event = handle_of(fragment, KIND_EVENT);
	fake_handle *system = handle_of(context, KIND_SYSTEM_CONTEXT);
	fake_handle *user = handle_of(context, KIND_USER_CONTEXT);
	if (event == NULL || (system == NULL && user == NULL) || flags != EvtRenderEventValues ||
	    used == NULL || count == NULL) {
		return fail(ERROR_INVALID_PARAMETER);
	}
	Sleep(fake.render_delay_ms);
	if (fake.render_error != 0 && event->index >= fake.render_error_after) {
		return fail(fake.render_error);
	}
	const fake_event *e = event_at(event->index);
	*count = system != NULL ? EvtSystemPropertyIdEND : (DWORD)e->insert_count;
	DWORD error = system != NULL ? render_system(e, event->index, buffer, size, used)
	                             : render_user(e, buffer, size, used);
	if (error != ERROR_SUCCESS) {
		return fail(error);
	}
	SetLastError(saved);
	return TRUE;
}

EVT_HANDLE WINAPI EvtOpenPublisherMetadata(EVT_HANDLE session, LPCWSTR publisher, LPCWSTR file,
                                           LCID locale, DWORD flags) {
	DWORD saved = GetLastError();
	(void)session, (void)file, (void)locale, (void)flags;
	if (fake.no_metadata || publisher == NULL) {
		SetLastError(15002); /* ERROR_EVT_PUBLISHER_METADATA_NOT_FOUND */
		return NULL;
	}
	EVT_HANDLE h = new_handle(KIND_METADATA, 0);
	SetLastError(h != NULL ? saved : ERROR_OUTOFMEMORY);
	return h;
}

BOOL WINAPI EvtFormatMessage(EVT_HANDLE metadata, EVT_HANDLE event, DWORD id, DWORD count,
                             PEVT_VARIANT values, DWORD flags, DWORD size, LPWSTR buffer,
                             PDWORD used) {
	DWORD saved = GetLastError();
	(void)id, (void)count, (void)values;
	fake_handle *e = handle_of(event, KIND_EVENT);
	if (handle_of(metadata, KIND_METADATA) == NULL || e == NULL || used == NULL ||
	    flags != EvtFormatMessageEvent) {
		return fail(ERROR_INVALID_PARAMETER);
	}
	Sleep(fake.format_delay_ms);
	*used = 0;
	const wchar_t *message = event_at(e->index)->message;
	bool fills = fake.format_error >= 15029 && fake.format_error <= 15031;
	if (message == NULL || (fake.format_error != 0 && !fills)) {
		return fail(message == NULL ? 15027 : fake.format_error); /* 15027: no message */
	}
	DWORD units = (DWORD)wcslen(message) + 1; /* sizes count UTF-16 units */
	*used = units;
	if (buffer == NULL || size < units) {
		return fail(ERROR_INSUFFICIENT_BUFFER);
	}
	memcpy(buffer, message, units * sizeof(wchar_t));
	if (fills) {
		return fail(fake.format_error);
	}
	SetLastError(saved);
	return TRUE;
}

DWORD WINAPI EvtGetExtendedStatus(DWORD size, LPWSTR buffer, PDWORD used) {
	if (used != NULL) {
		*used = 1;
	}
	if (buffer != NULL && size > 0) {
		buffer[0] = L'\0';
	}
	return ERROR_SUCCESS;
}

BOOL WINAPI EvtClose(EVT_HANDLE object) {
	DWORD saved = GetLastError();
	fake_handle *h = (fake_handle *)object;
	if (h == NULL || h->magic != MAGIC) {
		return fail(ERROR_INVALID_HANDLE);
	}
	fake.open[h->kind]--;
	h->magic = 0;
	free(h);
	SetLastError(saved);
	return TRUE;
}

BOOL WINAPI DllMain(HINSTANCE instance, DWORD reason, LPVOID reserved) {
	(void)instance, (void)reserved;
	if (reason == DLL_PROCESS_DETACH && fake.loaded) {
		long total = 0;
		char line[256];
		int len = snprintf(line, sizeof line, "open handles:");
		for (int k = 0; k < KINDS && len > 0 && (size_t)len < sizeof line; k++) {
			total += fake.open[k];
			if (fake.open[k] != 0) {
				len += snprintf(line + len, sizeof line - (size_t)len, " %s=%ld", kind_names[k],
				                fake.open[k]);
			}
		}
		log_line(total == 0 ? "open handles: none" : line);
		(void)snprintf(line, sizeof line, "EvtNext calls=%lu delivered=%lu", fake.next_calls,
		               (unsigned long)fake.delivered);
		log_line(line);
	}
	return TRUE;
}

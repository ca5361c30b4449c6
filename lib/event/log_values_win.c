/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (C) 2026 The dirsync-plugins developers */
#include "event/log_values.h"
#include "event/message.h"
#include "core/text.h"
#include "core/timestamp.h"

#include <sddl.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>

/* FILETIME counts 100 ns ticks since 1601-01-01; 11644473600 s separate it from 1970. */
int64_t ds_filetime_to_epoch(uint64_t filetime) {
	return (int64_t)(filetime / 10000000ULL) - INT64_C(11644473600);
}

bool ds_utf8_append(char *out, size_t size, const char *text, size_t len) {
	size_t used = strnlen(out, size);
	if (size == 0 || used >= size) {
		return len == 0;
	}
	size_t room = size - 1 - used;
	size_t take = len;
	if (take > room) {
		take = ds_utf8_cut(text, len, room);
	}
	memcpy(out + used, text, take);
	out[used + take] = '\0';
	return take == len;
}

bool ds_utf16_append(char *out, size_t size, const wchar_t *text, size_t len) {
	if (text == NULL) {
		return true;
	}
	if (len == (size_t)-1) {
		len = wcslen(text);
	}
	size_t used = strnlen(out, size);
	if (size == 0 || used >= size) {
		return len == 0;
	}
	/* Every UTF-16 unit becomes at least one byte of UTF-8, so no more units than there
	 * are bytes left can fit; a unit is at most 3 bytes (a pair of 2 units is 4). */
	char buf[3 * DS_EVENT_TEXT_MAX];
	size_t room = size - 1 - used;
	size_t take = len;
	if (take > room) {
		take = room;
	}
	if (take > DS_EVENT_TEXT_MAX) {
		take = DS_EVENT_TEXT_MAX;
	}
	/* Do not split a surrogate pair: a lone half would become U+FFFD. */
	if (take < len && take > 0 && IS_HIGH_SURROGATE(text[take - 1])) {
		take--;
	}
	if (take == 0) {
		return len == 0;
	}
	int bytes = WideCharToMultiByte(CP_UTF8, 0, text, (int)take, buf, (int)sizeof buf, NULL, NULL);
	if (bytes <= 0) {
		return false;
	}
	return ds_utf8_append(out, size, buf, (size_t)bytes) && take == len;
}

static bool ascii_append(char *out, size_t size, const char *text) {
	return ds_utf8_append(out, size, text, strlen(text));
}

/* Text in the system code page, as a legacy source may have logged it. */
static bool ansi_append(char *out, size_t size, const char *text) {
	wchar_t wide[DS_EVENT_TEXT_MAX];
	if (text == NULL) {
		return true;
	}
	int units = MultiByteToWideChar(CP_ACP, 0, text, -1, wide, DS_EVENT_TEXT_MAX);
	if (units <= 0) {
		/* Longer than a field holds: convert what fits. */
		units = MultiByteToWideChar(CP_ACP, 0, text, DS_EVENT_TEXT_MAX - 1, wide,
		                            DS_EVENT_TEXT_MAX - 1);
		if (units <= 0) {
			return false;
		}
		wide[units] = L'\0';
		(void)ds_utf16_append(out, size, wide, (size_t)-1);
		return false;
	}
	return ds_utf16_append(out, size, wide, (size_t)-1);
}

static bool value_is_empty(const EVT_VARIANT *value) {
	switch (value->Type) {
		case EvtVarTypeNull:
			return true;
		case EvtVarTypeString:
		case EvtVarTypeEvtXml:
			return value->StringVal == NULL || value->StringVal[0] == L'\0';
		case EvtVarTypeAnsiString:
			return value->AnsiStringVal == NULL || value->AnsiStringVal[0] == '\0';
		case EvtVarTypeSysTime:
			return value->SysTimeVal == NULL;
		case EvtVarTypeGuid:
			return value->GuidVal == NULL;
		case EvtVarTypeSid:
			return value->SidVal == NULL;
		case EvtVarTypeBinary:
		case EvtVarTypeEvtHandle:
			/* No text form (the length of a binary value is not in the variant). */
			return true;
		default:
			/* Arrays are rare in classic events and have no agreed text form. */
			return (value->Type & EVT_VARIANT_TYPE_ARRAY) != 0 || value->Type > EvtVarTypeHexInt64;
	}
}

static void time_text(int64_t epoch, char *buf, size_t size) {
	if (!ds_timestamp_format_utc(epoch, buf, size)) {
		buf[0] = '\0';
	}
}

bool ds_event_value_append(char *out, size_t size, const EVT_VARIANT *value) {
	char buf[128];
	if (value == NULL || value_is_empty(value)) {
		return true;
	}
	if (out[0] != '\0' && !ascii_append(out, size, " ")) {
		return false;
	}
	buf[0] = '\0';
	switch (value->Type) {
		case EvtVarTypeString:
		case EvtVarTypeEvtXml:
			return ds_utf16_append(out, size, value->StringVal, (size_t)-1);
		case EvtVarTypeAnsiString:
			return ansi_append(out, size, value->AnsiStringVal);
		case EvtVarTypeSByte:
			(void)snprintf(buf, sizeof buf, "%d", (int)value->SByteVal);
			break;
		case EvtVarTypeByte:
			(void)snprintf(buf, sizeof buf, "%u", (unsigned)value->ByteVal);
			break;
		case EvtVarTypeInt16:
			(void)snprintf(buf, sizeof buf, "%d", (int)value->Int16Val);
			break;
		case EvtVarTypeUInt16:
			(void)snprintf(buf, sizeof buf, "%u", (unsigned)value->UInt16Val);
			break;
		case EvtVarTypeInt32:
			(void)snprintf(buf, sizeof buf, "%ld", (long)value->Int32Val);
			break;
		case EvtVarTypeUInt32:
			(void)snprintf(buf, sizeof buf, "%lu", (unsigned long)value->UInt32Val);
			break;
		case EvtVarTypeInt64:
			(void)snprintf(buf, sizeof buf, "%lld", (long long)value->Int64Val);
			break;
		case EvtVarTypeUInt64:
			(void)snprintf(buf, sizeof buf, "%llu", (unsigned long long)value->UInt64Val);
			break;
		case EvtVarTypeSizeT:
			(void)snprintf(buf, sizeof buf, "%zu", value->SizeTVal);
			break;
		case EvtVarTypeHexInt32:
			(void)snprintf(buf, sizeof buf, "0x%lx", (unsigned long)value->UInt32Val);
			break;
		case EvtVarTypeHexInt64:
			(void)snprintf(buf, sizeof buf, "0x%llx", (unsigned long long)value->UInt64Val);
			break;
		case EvtVarTypeSingle:
			(void)snprintf(buf, sizeof buf, "%g", (double)value->SingleVal);
			break;
		case EvtVarTypeDouble:
			(void)snprintf(buf, sizeof buf, "%g", value->DoubleVal);
			break;
		case EvtVarTypeBoolean:
			(void)snprintf(buf, sizeof buf, "%s", value->BooleanVal ? "true" : "false");
			break;
		case EvtVarTypeGuid: {
			const GUID *g = value->GuidVal;
			(void)snprintf(buf, sizeof buf, "{%08lX-%04X-%04X-%02X%02X-%02X%02X%02X%02X%02X%02X}",
			               (unsigned long)g->Data1, (unsigned)g->Data2, (unsigned)g->Data3,
			               g->Data4[0], g->Data4[1], g->Data4[2], g->Data4[3], g->Data4[4],
			               g->Data4[5], g->Data4[6], g->Data4[7]);
			break;
		}
		case EvtVarTypeFileTime:
			time_text(ds_filetime_to_epoch(value->FileTimeVal), buf, sizeof buf);
			break;
		case EvtVarTypeSysTime: {
			FILETIME ft;
			if (SystemTimeToFileTime(value->SysTimeVal, &ft)) {
				time_text(
				    ds_filetime_to_epoch(((uint64_t)ft.dwHighDateTime << 32) | ft.dwLowDateTime),
				    buf, sizeof buf);
			}
			break;
		}
		case EvtVarTypeSid: {
			char *sid = NULL;
			if (ConvertSidToStringSidA(value->SidVal, &sid) && sid != NULL) {
				(void)snprintf(buf, sizeof buf, "%s", sid);
				LocalFree(sid);
			}
			break;
		}
		default:
			break;
	}
	return ascii_append(out, size, buf);
}

/* The value at index, or NULL when it is missing or null. */
static const EVT_VARIANT *value_at(const EVT_VARIANT *values, size_t count, size_t index) {
	if (values == NULL || index >= count || values[index].Type == EvtVarTypeNull) {
		return NULL;
	}
	return &values[index];
}

static bool value_unsigned(const EVT_VARIANT *value, uint64_t *out) {
	switch (value->Type) {
		case EvtVarTypeByte:
			*out = value->ByteVal;
			return true;
		case EvtVarTypeUInt16:
			*out = value->UInt16Val;
			return true;
		case EvtVarTypeUInt32:
		case EvtVarTypeHexInt32:
			*out = value->UInt32Val;
			return true;
		case EvtVarTypeUInt64:
		case EvtVarTypeHexInt64:
			*out = value->UInt64Val;
			return true;
		case EvtVarTypeSizeT:
			*out = value->SizeTVal;
			return true;
		case EvtVarTypeSByte:
			*out = (uint64_t)(int64_t)value->SByteVal;
			return value->SByteVal >= 0;
		case EvtVarTypeInt16:
			*out = (uint64_t)(int64_t)value->Int16Val;
			return value->Int16Val >= 0;
		case EvtVarTypeInt32:
			*out = (uint64_t)(int64_t)value->Int32Val;
			return value->Int32Val >= 0;
		case EvtVarTypeInt64:
			*out = (uint64_t)value->Int64Val;
			return value->Int64Val >= 0;
		default:
			return false;
	}
}

static bool number_field(const EVT_VARIANT *values, size_t count, size_t index, const char *name,
                         uint64_t *out, ds_error *err) {
	const EVT_VARIANT *value = value_at(values, count, index);
	*out = 0;
	if (value != NULL && !value_unsigned(value, out)) {
		return ds_error_set(err,
		                    "the event log gave the %s of an event as a value of type %lu, "
		                    "not as a number",
		                    name, (unsigned long)value->Type);
	}
	return true;
}

/* UTF-16 units a slice: a long message goes to the text a slice at a time, never
 * converted whole. */
#define SLICE_UNITS 512

/* Streams text (up to its NUL) into t as UTF-8; unpaired surrogates become U+FFFD. */
static void utf16_to_text(ds_event_text *t, const wchar_t *text) {
	char buf[3 * SLICE_UNITS];
	size_t len = wcslen(text);
	size_t i = 0;
	while (i < len) {
		size_t take = len - i < SLICE_UNITS ? len - i : SLICE_UNITS;
		/* Do not split a surrogate pair between slices. */
		if (take < len - i && IS_HIGH_SURROGATE(text[i + take - 1])) {
			take--;
		}
		int bytes =
		    WideCharToMultiByte(CP_UTF8, 0, text + i, (int)take, buf, (int)sizeof buf, NULL, NULL);
		if (bytes <= 0) {
			return; /* cannot happen for a buffer of 3 bytes a unit: keep what came */
		}
		ds_event_text_add(t, buf, (size_t)bytes);
		i += take;
	}
}

/* One insertion string as one piece of the message; strings are streamed whole, the
 * other types have short text forms. */
static void value_to_text(ds_event_text *t, const EVT_VARIANT *value) {
	if (value->Type == EvtVarTypeString || value->Type == EvtVarTypeEvtXml) {
		if (value->StringVal != NULL) {
			utf16_to_text(t, value->StringVal);
		}
	} else {
		char buf[DS_EVENT_TEXT_MAX] = "";
		(void)ds_event_value_append(buf, sizeof buf, value);
		ds_event_text_add(t, buf, strlen(buf));
	}
	ds_event_text_end_piece(t);
}

bool ds_event_from_values(const EVT_VARIANT *system, size_t system_count, const wchar_t *message,
                          const EVT_VARIANT *user, size_t user_count, ds_event *out,
                          ds_error *err) {
	return ds_event_from_values_searched(system, system_count, message, user, user_count, NULL, out,
	                                     err);
}

bool ds_event_from_values_searched(const EVT_VARIANT *system, size_t system_count,
                                   const wchar_t *message, const EVT_VARIANT *user,
                                   size_t user_count, const ds_event_search *search, ds_event *out,
                                   ds_error *err) {
	memset(out, 0, sizeof *out);

	const EVT_VARIANT *provider = value_at(system, system_count, EvtSystemProviderName);
	if (provider != NULL) {
		if (provider->Type == EvtVarTypeString) {
			(void)ds_utf16_append(out->provider, sizeof out->provider, provider->StringVal,
			                      (size_t)-1);
		} else if (provider->Type == EvtVarTypeAnsiString) {
			(void)ansi_append(out->provider, sizeof out->provider, provider->AnsiStringVal);
		} else {
			return ds_error_set(err,
			                    "the event log gave the provider name of an event as a value "
			                    "of type %lu, not as a string",
			                    (unsigned long)provider->Type);
		}
	}

	uint64_t number;
	if (!number_field(system, system_count, EvtSystemEventID, "EventID", &number, err)) {
		return false;
	}
	out->id = (unsigned)(number & 0xFFFFu);
	if (!number_field(system, system_count, EvtSystemLevel, "Level", &number, err)) {
		return false;
	}
	out->level = number > UINT_MAX ? UINT_MAX : (unsigned)number;

	const EVT_VARIANT *created = value_at(system, system_count, EvtSystemTimeCreated);
	if (created != NULL) {
		if (created->Type == EvtVarTypeFileTime) {
			out->time = ds_filetime_to_epoch(created->FileTimeVal);
			out->has_time = true;
		} else if (created->Type == EvtVarTypeSysTime && created->SysTimeVal != NULL) {
			FILETIME ft;
			if (!SystemTimeToFileTime(created->SysTimeVal, &ft)) {
				return ds_error_set(err, "the event log gave an impossible TimeCreated");
			}
			out->time =
			    ds_filetime_to_epoch(((uint64_t)ft.dwHighDateTime << 32) | ft.dwLowDateTime);
			out->has_time = true;
		} else {
			return ds_error_set(err,
			                    "the event log gave the TimeCreated of an event as a value of "
			                    "type %lu, not as a time",
			                    (unsigned long)created->Type);
		}
	}

	/* The whole message streams past the search; only its start is kept (event/message.h),
	 * trimmed and joined as the XML readers do. */
	ds_event_text text;
	ds_event_text_reset(&text, search);
	if (message != NULL && message[0] != L'\0') {
		utf16_to_text(&text, message);
	} else {
		for (size_t i = 0; user != NULL && i < user_count; i++) {
			value_to_text(&text, &user[i]);
		}
	}
	ds_event_text_finish(&text, out);
	return true;
}

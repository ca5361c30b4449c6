/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (C) 2026 The dirsync-plugins developers */
#include "event/tally.h"

#include <stdio.h>
#include <string.h>

#include "core/states.h"
#include "core/text.h"
#include "core/timestamp.h"

/* The first line stays under 200 bytes where it can (NRPE v2 and many UIs). */
#define FIRST_LINE_LIMIT    199
#define SUMMARY_MESSAGE_MAX 60  /* characters of the newest message in the summary */
#define DETAIL_MESSAGE_MAX  200 /* characters of each message in the long output */
#define SUMMARY_IDS_MAX     4   /* distinct ids named in the summary */
#define MORE_LINE_RESERVE   40  /* room kept in the long output for "(and N more)" */

void ds_event_tally_init(ds_event_tally *tally, const ds_event_filter *filter) {
	memset(tally, 0, sizeof *tally);
	tally->filter = filter;
}

/* ASCII case does not make another provider: Windows ignores it in names. */
static bool same_provider(const char *a, const char *b) {
	for (; *a != '\0' && *b != '\0'; a++, b++) {
		char x = *a >= 'A' && *a <= 'Z' ? (char)(*a - 'A' + 'a') : *a;
		char y = *b >= 'A' && *b <= 'Z' ? (char)(*b - 'A' + 'a') : *b;
		if (x != y) {
			return false;
		}
	}
	return *a == *b;
}

static void count_kind(ds_event_tally *tally, const ds_event *event) {
	for (size_t i = 0; i < tally->kind_count; i++) {
		ds_event_kind *kind = &tally->kinds[i];
		if (kind->id == event->id && same_provider(kind->provider, event->provider)) {
			kind->count++;
			return;
		}
	}
	if (tally->kind_count == DS_EVENT_TALLY_KINDS) {
		tally->other_kinds++;
		return;
	}
	ds_event_kind *kind = &tally->kinds[tally->kind_count++];
	kind->id = event->id;
	memcpy(kind->provider, event->provider, sizeof kind->provider);
	kind->provider[sizeof kind->provider - 1] = '\0';
	kind->count = 1;
}

/* One id or one provider with the matches it has. */
typedef struct share {
	unsigned id;
	const char *provider;
	uint64_t count;
} share;

/* The kinds summed by id (by_id) or by provider, most matches first (then the lower
 * id, or the provider met first). Returns how many. */
static size_t shares_of(const ds_event_tally *tally, bool by_id, share *out) {
	size_t count = 0;
	for (size_t i = 0; i < tally->kind_count; i++) {
		const ds_event_kind *kind = &tally->kinds[i];
		size_t at = 0;
		while (at < count && (by_id ? out[at].id != kind->id
		                            : !same_provider(out[at].provider, kind->provider))) {
			at++;
		}
		if (at == count) {
			out[count++] = (share){kind->id, kind->provider, 0};
		}
		out[at].count += kind->count;
	}
	for (size_t i = 1; i < count; i++) { /* insertion sort: at most 16 */
		share s = out[i];
		size_t j = i;
		while (j > 0 && (out[j - 1].count < s.count ||
		                 (by_id && out[j - 1].count == s.count && out[j - 1].id > s.id))) {
			out[j] = out[j - 1];
			j--;
		}
		out[j] = s;
	}
	return count;
}

#define TIMES "\xC3\x97" /* U+00D7 MULTIPLICATION SIGN */

/* "109" when every match has that id, else "4624 ×90, 4672 ×30, others ×6" (at most
 * SUMMARY_IDS_MAX ids named). */
static void ids_text(const ds_event_tally *tally, char *buf, size_t size) {
	share ids[DS_EVENT_TALLY_KINDS];
	size_t count = shares_of(tally, true, ids);
	ds_writer w = {.buf = buf, .size = size, .len = 0, .truncated = false};
	buf[0] = '\0';
	if (count == 1 && tally->other_kinds == 0) {
		ds_writer_put(&w, "%u", ids[0].id);
		return;
	}
	uint64_t rest = tally->other_kinds;
	for (size_t i = 0; i < count; i++) {
		if (i < SUMMARY_IDS_MAX) {
			ds_writer_put(&w, "%s%u " TIMES "%llu", i == 0 ? "" : ", ", ids[i].id,
			              (unsigned long long)ids[i].count);
		} else {
			rest += ids[i].count;
		}
	}
	if (rest > 0) {
		ds_writer_put(&w, ", others " TIMES "%llu", (unsigned long long)rest);
	}
}

/* "Directory Synchronization", "A and 1 other", "A and 3 others"; "A and others" when
 * the table of kinds overflowed (the providers of those matches are not known). */
static void providers_text(const ds_event_tally *tally, char *buf, size_t size) {
	share providers[DS_EVENT_TALLY_KINDS];
	size_t count = shares_of(tally, false, providers);
	const char *first =
	    count > 0 && providers[0].provider[0] != '\0' ? providers[0].provider : "(no provider)";
	if (tally->other_kinds > 0) {
		(void)ds_format_text(buf, size, "%s and others", first);
	} else if (count > 1) {
		(void)ds_format_text(buf, size, "%s and %zu other%s", first, count - 1,
		                     count == 2 ? "" : "s");
	} else {
		(void)ds_format_text(buf, size, "%s", first);
	}
}

/* Newer: a later time; any time is newer than none. */
static bool newer(const ds_event *a, const ds_event *b) {
	return a->has_time && (!b->has_time || a->time > b->time);
}

bool ds_event_tally_add(const ds_event *event, void *context) {
	ds_event_tally *tally = context;
	tally->seen++;
	if (tally->filter != NULL && !ds_event_matches(tally->filter, event)) {
		return true;
	}
	tally->matched++;
	count_kind(tally, event);
	/* Among equal times the order of reading decides: read oldest first (exports), the
	 * event read later is the newer one and goes first; read newest first (the live
	 * log), it is the older one and goes after. */
	size_t at = 0;
	while (at < tally->newest_count && (tally->newest_first ? !newer(event, &tally->newest[at])
	                                                        : newer(&tally->newest[at], event))) {
		at++;
	}
	if (at >= DS_EVENT_TALLY_NEWEST) {
		return true;
	}
	size_t keep = tally->newest_count < DS_EVENT_TALLY_NEWEST ? tally->newest_count
	                                                          : DS_EVENT_TALLY_NEWEST - 1;
	memmove(&tally->newest[at + 1], &tally->newest[at], (keep - at) * sizeof tally->newest[0]);
	tally->newest[at] = *event;
	if (tally->newest_count < DS_EVENT_TALLY_NEWEST) {
		tally->newest_count++;
	}
	return true;
}

/* CR, LF, tabs, other control characters and runs of spaces become one space; none at
 * either end. out has room for the whole message. */
static void collapse_space(const char *in, char *out, size_t size) {
	size_t len = 0;
	bool pending = false;
	for (const unsigned char *p = (const unsigned char *)in; *p != '\0' && len + 2 < size; p++) {
		if (*p <= ' ' || *p == 0x7f) {
			pending = len > 0;
			continue;
		}
		if (pending) {
			out[len++] = ' ';
			pending = false;
		}
		out[len++] = (char)*p;
	}
	out[len] = '\0';
}

static bool continuation(char c) {
	return ((unsigned char)c & 0xC0) == 0x80;
}

/* The length of the longest start of text with at most max_chars characters and at
 * most max_bytes bytes that does not split a UTF-8 sequence. */
static size_t utf8_prefix(const char *text, size_t max_chars, size_t max_bytes) {
	size_t end = 0;
	size_t chars = 0;
	for (size_t i = 0;; i++) {
		if (text[i] != '\0' && continuation(text[i])) {
			continue;
		}
		if (i > max_bytes) {
			break;
		}
		end = i;
		if (text[i] == '\0' || chars == max_chars) {
			break;
		}
		chars++;
	}
	return end;
}

/* Copies at most max_chars characters and max_bytes bytes (the "..." included) of text
 * into out, ending in "..." when it was cut. */
static void cut_text(const char *text, size_t max_chars, size_t max_bytes, char *out, size_t size) {
	if (max_bytes >= size) {
		max_bytes = size - 1;
	}
	size_t len = strlen(text);
	if (len <= max_bytes && utf8_prefix(text, max_chars, len) == len) {
		memcpy(out, text, len + 1);
		return;
	}
	if (max_bytes < 3) {
		out[0] = '\0';
		return;
	}
	size_t keep = utf8_prefix(text, max_chars, max_bytes - 3);
	while (keep > 0 && text[keep - 1] == ' ') {
		keep--;
	}
	memcpy(out, text, keep);
	memcpy(out + keep, "...", 4);
}

/* "0, 109" or "652-655, 0, 109, 611, ...": at most SUMMARY_IDS_MAX items. */
static void filter_ids_text(const ds_event_filter *filter, char *buf, size_t size) {
	size_t len = 0;
	buf[0] = '\0';
	for (size_t i = 0; i < filter->id_count && len < size; i++) {
		const ds_id_range *range = &filter->ids[i];
		int written;
		if (i == SUMMARY_IDS_MAX) {
			written = snprintf(buf + len, size - len, ", ...");
		} else if (range->first == range->last) {
			written = snprintf(buf + len, size - len, "%s%u", i == 0 ? "" : ", ", range->first);
		} else {
			written = snprintf(buf + len, size - len, "%s%u-%u", i == 0 ? "" : ", ", range->first,
			                   range->last);
		}
		if (written < 0 || i == SUMMARY_IDS_MAX) {
			break;
		}
		len += (size_t)written;
	}
}

/* "Directory Synchronization" or "A or B". */
static void filter_providers_text(const ds_event_filter *filter, char *buf, size_t size) {
	size_t len = 0;
	buf[0] = '\0';
	for (size_t i = 0; i < filter->provider_count && len < size; i++) {
		int written =
		    snprintf(buf + len, size - len, "%s%s", i == 0 ? "" : " or ", filter->providers[i]);
		if (written < 0) {
			break;
		}
		len += (size_t)written;
	}
}

static void levels_text(unsigned levels, char *buf, size_t size) {
	static const char *const names[] = {NULL,      "critical",    "error",
	                                    "warning", "information", "verbose"};
	size_t len = 0;
	buf[0] = '\0';
	if (levels == 0) {
		(void)ds_format_text(buf, size, "any");
		return;
	}
	for (unsigned level = 0; level < 32 && len < size; level++) {
		if ((levels & (1u << level)) == 0 || (level == 0 && (levels & (1u << 4)) != 0)) {
			continue; /* level 0 is part of "information" */
		}
		int written =
		    level >= 1 && level < sizeof names / sizeof names[0]
		        ? snprintf(buf + len, size - len, "%s%s", len == 0 ? "" : ", ", names[level])
		        : snprintf(buf + len, size - len, "%s%u", len == 0 ? "" : ", ", level);
		if (written < 0) {
			break;
		}
		len += (size_t)written;
	}
}

/* "2026-11-24 11:00 UTC" */
static void minute_text(const ds_event *event, char *buf, size_t size) {
	if (!event->has_time) {
		(void)ds_format_text(buf, size, "(time unknown)");
		return;
	}
	ds_civil_time civil;
	ds_civil_from_epoch(event->time, &civil);
	(void)ds_format_text(buf, size, "%04d-%02d-%02d %02d:%02d UTC", civil.year, civil.month,
	                     civil.day, civil.hour, civil.minute);
}

/* Bytes the first line spends besides the summary: "DIRSYNC EVENT CRITICAL - " and
 * " | " with the perfdata. */
static size_t first_line_overhead(const ds_verdict *verdict, ds_state state) {
	size_t overhead = strlen("DIRSYNC ") + strlen(verdict->check) + 1 +
	                  strlen(ds_state_name(state)) + strlen(" - ");
	for (size_t i = 0; i < verdict->perf_count; i++) {
		char perf[256];
		if (!ds_perfdata_format(&verdict->perf[i], perf, sizeof perf)) {
			return sizeof perf;
		}
		overhead += strlen(i == 0 ? " | " : " ") + strlen(perf);
	}
	return overhead;
}

static void set_summary(ds_verdict *verdict, ds_state state, const char *text, size_t limit) {
	char fitted[DS_SUMMARY_MAX];
	cut_text(text, (size_t)-1, limit, fitted, sizeof fitted);
	ds_verdict_set(verdict, state, "%s", fitted);
}

static void judge_none(const ds_event_tally *tally, const char *window, ds_state state,
                       size_t limit, ds_verdict *verdict) {
	const ds_event_filter *filter = tally->filter;
	char ids[96] = "";
	char providers[DS_EVENT_MAX_PROVIDERS * 260] = "";
	if (filter != NULL) {
		filter_ids_text(filter, ids, sizeof ids);
		filter_providers_text(filter, providers, sizeof providers);
	}
	char text[DS_EVENT_MAX_PROVIDERS * 260 + 256];
	(void)ds_format_text(text, sizeof text, "no event%s%s%s%s%s%s (%llu event%s read)",
	                     ids[0] != '\0' ? " " : "", ids, providers[0] != '\0' ? " from " : "",
	                     providers, window[0] != '\0' ? " in the last " : "", window,
	                     (unsigned long long)tally->seen, tally->seen == 1 ? "" : "s");
	set_summary(verdict, state, text, limit);
	if (filter == NULL) {
		return;
	}
	char levels[96];
	levels_text(filter->levels, levels, sizeof levels);
	char since[40] = "";
	if (filter->since > 0 && !ds_timestamp_format_utc(filter->since, since, sizeof since)) {
		since[0] = '\0';
	}
	ds_verdict_detail(
	    verdict, "filter: log %s; provider %s; id %s; level %s; message %s%s%s; since %s",
	    filter->log[0] != '\0' ? filter->log : "(not given)",
	    providers[0] != '\0' ? providers : "any", ids[0] != '\0' ? ids : "any", levels,
	    filter->message[0] != '\0' ? "containing \"" : "any", filter->message,
	    filter->message[0] != '\0' ? "\"" : "", since[0] != '\0' ? since : "any time");
}

static void judge_some(const ds_event_tally *tally, const char *window, ds_state state,
                       size_t limit, ds_verdict *verdict) {
	const ds_event *newest = &tally->newest[0];
	char ids[160];
	ids_text(tally, ids, sizeof ids);
	char providers[300];
	providers_text(tally, providers, sizeof providers);
	char when[40];
	minute_text(newest, when, sizeof when);
	char head[512];
	bool one_id = strchr(ids, ' ') == NULL;
	(void)ds_format_text(head, sizeof head, "%llu event%s%s%s from %s%s%s, newest %s",
	                     (unsigned long long)tally->matched, tally->matched == 1 ? "" : "s",
	                     one_id ? " " : ": ", ids, providers,
	                     window[0] != '\0' ? " in the last " : "", window, when);
	char message[DS_EVENT_TEXT_MAX];
	collapse_space(newest->message, message, sizeof message);
	char text[sizeof head + 128];
	size_t head_len = strlen(head);
	size_t quoting = strlen(": \"\"");
	/* The message gets what is left of the line, if that is enough to be worth it. */
	if (message[0] != '\0' && head_len + quoting + 12 <= limit) {
		char cut[4 * SUMMARY_MESSAGE_MAX + 4];
		cut_text(message, SUMMARY_MESSAGE_MAX, limit - head_len - quoting, cut, sizeof cut);
		(void)ds_format_text(text, sizeof text, "%s: \"%s\"", head, cut);
	} else {
		(void)ds_format_text(text, sizeof text, "%s", head);
	}
	set_summary(verdict, state, text, limit);

	for (size_t i = 0; i < tally->newest_count; i++) {
		const ds_event *event = &tally->newest[i];
		char time[40];
		if (!event->has_time || !ds_timestamp_format_utc(event->time, time, sizeof time)) {
			(void)ds_format_text(time, sizeof time, "(time unknown)");
		}
		char line[DS_EVENT_TEXT_MAX + 384];
		collapse_space(event->message, message, sizeof message);
		(void)ds_format_text(line, sizeof line, "%s  id %u  %s  ", time, event->id,
		                     event->provider[0] != '\0' ? event->provider : "(no provider)");
		/* What does not fit the long output is cut whole characters at a time. */
		size_t room = sizeof verdict->details - verdict->details_len;
		room = room > MORE_LINE_RESERVE + 2 ? room - MORE_LINE_RESERVE - 2 : 0;
		size_t len = strlen(line);
		if (len >= room) {
			break;
		}
		cut_text(message[0] != '\0' ? message : "(no message)", DETAIL_MESSAGE_MAX, room - len - 1,
		         line + len, sizeof line - len);
		ds_verdict_detail(verdict, "%s", line);
	}
	if (tally->matched > tally->newest_count) {
		ds_verdict_detail(verdict, "(and %llu more)",
		                  (unsigned long long)(tally->matched - tally->newest_count));
	}
	if (tally->kind_count > 1 || tally->other_kinds > 0) {
		for (size_t i = 0; i < tally->kind_count; i++) {
			const ds_event_kind *kind = &tally->kinds[i];
			ds_verdict_detail(verdict, "id %u from %s: %llu", kind->id,
			                  kind->provider[0] != '\0' ? kind->provider : "(no provider)",
			                  (unsigned long long)kind->count);
		}
		if (tally->other_kinds > 0) {
			ds_verdict_detail(verdict, "other ids and providers: %llu",
			                  (unsigned long long)tally->other_kinds);
		}
	}
}

void ds_event_judge(const ds_event_tally *tally, const ds_thresholds *thresholds,
                    const char *window, ds_verdict *verdict) {
	if (window == NULL) {
		window = "";
	}
	ds_state state = ds_thresholds_judge(thresholds, (double)tally->matched);
	ds_perfdata perf = ds_perfdata_make("events", (double)tally->matched, "", thresholds);
	perf.has_min = true;
	perf.min = 0;
	(void)ds_verdict_add_perf(verdict, &perf);

	size_t overhead = first_line_overhead(verdict, state);
	/* A long perfdata must not squeeze the summary to nothing: then the line is longer. */
	size_t limit = overhead + 100 < FIRST_LINE_LIMIT ? FIRST_LINE_LIMIT - overhead : 100;
	if (tally->matched == 0 || tally->newest_count == 0) {
		judge_none(tally, window, state, limit, verdict);
	} else {
		judge_some(tally, window, state, limit, verdict);
	}
}

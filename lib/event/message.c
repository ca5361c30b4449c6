/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (C) 2026 The dirsync-plugins developers */
#include "event/message.h"

#include <string.h>

#include "core/text.h"

/* ASCII only, as ds_event_matches: tolower() follows the locale. */
static unsigned char fold(unsigned char c) {
	return c >= 'A' && c <= 'Z' ? (unsigned char)(c - 'A' + 'a') : c;
}

void ds_event_search_init(ds_event_search *search, const ds_event_filter *filter) {
	memset(search, 0, sizeof *search);
	if (filter == NULL) {
		return;
	}
	size_t len = strnlen(filter->message, sizeof filter->message - 1);
	for (size_t i = 0; i < len; i++) {
		search->needle[i] = (char)fold((unsigned char)filter->message[i]);
	}
	search->len = len;
	/* next[i]: the length of the longest proper prefix of needle[0..i] that is also
	 * its suffix (Knuth-Morris-Pratt), so that a mismatch never rereads the text. */
	size_t k = 0;
	for (size_t i = 1; i < len; i++) {
		while (k > 0 && search->needle[i] != search->needle[k]) {
			k = search->next[k - 1];
		}
		if (search->needle[i] == search->needle[k]) {
			k++;
		}
		search->next[i] = (unsigned char)k;
	}
}

void ds_event_text_reset(ds_event_text *t, const ds_event_search *search) {
	t->search = search != NULL && search->len > 0 ? search : NULL;
	t->text[0] = '\0';
	t->len = 0;
	t->full = false;
	t->state = 0;
	t->found = false;
	t->any = false;
	t->in_piece = false;
	t->blanks = false;
}

static void search_byte(ds_event_text *t, unsigned char c) {
	const ds_event_search *s = t->search;
	if (s == NULL || t->found) {
		return;
	}
	c = fold(c);
	while (t->state > 0 && (unsigned char)s->needle[t->state] != c) {
		t->state = s->next[t->state - 1];
	}
	if ((unsigned char)s->needle[t->state] == c) {
		t->state++;
	}
	if (t->state == s->len) {
		t->found = true;
	}
}

/* One whole character (1 to 4 bytes) to the kept start and to the search. */
static void put_char(ds_event_text *t, const char *c, size_t len) {
	if (!t->full) {
		if (t->len + len < sizeof t->text) {
			memcpy(t->text + t->len, c, len);
			t->len += len;
			t->text[t->len] = '\0';
		} else {
			t->full = true; /* cut once, at a character boundary */
		}
	}
	for (size_t i = 0; i < len; i++) {
		search_byte(t, (unsigned char)c[i]);
	}
}

/* Printable ASCII bytes: to the kept start as far as they fit, and to the search. */
static void put_run(ds_event_text *t, const char *text, size_t len) {
	if (!t->full) {
		size_t room = sizeof t->text - 1 - t->len;
		size_t take = len < room ? len : room;
		memcpy(t->text + t->len, text, take);
		t->len += take;
		t->text[t->len] = '\0';
		t->full = take < len;
	}
	for (size_t i = 0; i < len && t->search != NULL && !t->found; i++) {
		search_byte(t, (unsigned char)text[i]);
	}
}

static bool is_blank(char c) {
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

void ds_event_text_add(ds_event_text *t, const char *text, size_t len) {
	static const char replacement[] = "\xEF\xBF\xBD";
	size_t i = 0;
	while (i < len) {
		/* A run of printable ASCII inside a piece, nearly all of a message, at once. */
		size_t run = 0;
		while (t->in_piece && i + run < len && (unsigned char)text[i + run] > ' ' &&
		       (unsigned char)text[i + run] < 0x80) {
			run++;
		}
		if (run > 0) {
			put_run(t, text + i, run);
			t->blanks = false;
			i += run;
			continue;
		}
		size_t char_len = (unsigned char)text[i] < 0x80 ? 1 : ds_utf8_char_len(text + i, len - i);
		const char *c = char_len > 0 ? text + i : replacement;
		size_t c_len = char_len > 0 ? char_len : sizeof replacement - 1;
		i += char_len > 0 ? char_len : 1;
		if (is_blank(*c)) {
			if (!t->in_piece) {
				continue; /* blanks before a piece's text */
			}
			if (!t->blanks) {
				t->blanks = true;
				t->blank_len = t->len;
				t->blank_full = t->full;
				t->blank_state = t->state;
				t->blank_found = t->found;
			}
		} else {
			if (!t->in_piece) {
				if (t->any) {
					put_char(t, " ", 1);
				}
				t->in_piece = true;
				t->any = true;
			}
			t->blanks = false;
		}
		put_char(t, c, c_len);
	}
}

void ds_event_text_end_piece(ds_event_text *t) {
	if (t->blanks) {
		/* The piece ended in blanks: as if they had never come. */
		t->len = t->blank_len;
		t->text[t->len] = '\0';
		t->full = t->blank_full;
		t->state = t->blank_state;
		t->found = t->blank_found;
		t->blanks = false;
	}
	t->in_piece = false;
}

bool ds_event_text_has_text(const ds_event_text *t) {
	return t->any;
}

void ds_event_text_finish(ds_event_text *t, ds_event *event) {
	ds_event_text_end_piece(t);
	memcpy(event->message, t->text, t->len + 1);
	event->message_searched = t->search != NULL;
	event->message_found = t->found;
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (C) 2026 The dirsync-plugins developers */
/* The message of one event as the readers build it, whatever its length: the whole text
 * streams past a search for the filter's --message text (so a match after the first
 * kilobyte still counts), while only its start is kept for the output. Both XML readers
 * and the live log build messages here, so they trim and join them alike. */
#ifndef DIRSYNC_EVENT_MESSAGE_H
#define DIRSYNC_EVENT_MESSAGE_H

#include <stdbool.h>
#include <stddef.h>

#include "event/event.h"

/* The --message text, folded to lower case, with its KMP failure table: searching a
 * stream costs one step per byte and no memory beyond this. */
typedef struct ds_event_search {
	char needle[DS_EVENT_NEEDLE_MAX];
	size_t len;
	unsigned char next[DS_EVENT_NEEDLE_MAX];
} ds_event_search;

/* Prepares the search for filter->message; filter may be NULL (nothing to search). */
void ds_event_search_init(ds_event_search *search, const ds_event_filter *filter);

/* A message in the making. It is made of pieces (a rendered <Message>, each <Data>
 * value, each value under <UserData>): every piece loses the XML blanks (space, tab,
 * CR, LF) at its ends, empty pieces are dropped, and the rest are joined by one space.
 * Ill-formed UTF-8 becomes U+FFFD. */
typedef struct ds_event_text {
	const ds_event_search *search; /* NULL or an empty needle: nothing searched */
	char text[DS_EVENT_TEXT_MAX];  /* the start of the message */
	size_t len;
	bool full;    /* the start is all that is kept */
	size_t state; /* characters of the needle matched so far */
	bool found;
	bool any;      /* some piece had text */
	bool in_piece; /* a piece has text so far */
	/* At the first blank after a piece's text: what to go back to when the piece ends
	 * in blanks. */
	bool blanks;
	size_t blank_len;
	bool blank_full;
	size_t blank_state;
	bool blank_found;
} ds_event_text;

/* An empty message that searches for search's needle (search may be NULL). */
void ds_event_text_reset(ds_event_text *t, const ds_event_search *search);

/* Ends the piece being added to (its trailing blanks are dropped); the next text starts
 * a new piece. */
void ds_event_text_end_piece(ds_event_text *t);

/* Adds len bytes of UTF-8 to the current piece. */
void ds_event_text_add(ds_event_text *t, const char *text, size_t len);

/* Has the message any text (after the current piece is ended)? */
bool ds_event_text_has_text(const ds_event_text *t);

/* Ends the current piece and copies the message into event: its start into
 * event->message, and whether the whole of it contains the needle. */
void ds_event_text_finish(ds_event_text *t, ds_event *event);

#endif

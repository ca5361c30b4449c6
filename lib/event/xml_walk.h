/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (C) 2026 The dirsync-plugins developers */
/* The walk from XML nodes to events, the same on every platform: a parser adapter
 * (xml_expat.c on POSIX, xml_xmllite.c on Windows) reads xml_input.h's bytes and calls
 * the walker for every start tag, end tag and run of text inside the synthetic wrapper
 * (not for the wrapper itself), in UTF-8, with the place of each in the file (line and
 * column from 1, the column of the '<' of a tag; 0: unknown). The walker checks what
 * the export is (its first element is <Event> or <Events>), picks the fields of each
 * <Event> (provider, id, level, time, message, data strings, UserData), checks their
 * values and writes every error sentence, the parser's findings included, so that both
 * builds say the same thing about the same file. */
#ifndef DIRSYNC_EVENT_XML_WALK_H
#define DIRSYNC_EVENT_XML_WALK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/deadline.h"
#include "core/error.h"
#include "event/event.h"
#include "event/message.h"
#include "event/xml_input.h"

/* Elements nested deeper than this (the wrapper not counted) are refused, as libxml2's
 * default limit did: an event is 4 levels deep. */
#define DS_XML_MAX_DEPTH 256
/* Element names kept for the messages (the rest of a longer name is cut). */
#define DS_XML_NAME_MAX 64
/* EventID and Level texts longer than this are not numbers anyway. */
#define DS_XML_NUMBER_MAX 24

typedef enum {
	DS_XML_SECTION_NONE,
	DS_XML_SECTION_SYSTEM,
	DS_XML_SECTION_EVENT_DATA,
	DS_XML_SECTION_USER_DATA,
	DS_XML_SECTION_RENDERING
} ds_xml_section;
typedef enum {
	DS_XML_FIELD_NONE,
	DS_XML_FIELD_EVENT_ID,
	DS_XML_FIELD_LEVEL,
	DS_XML_FIELD_DATA,
	DS_XML_FIELD_MESSAGE
} ds_xml_field;

/* The attribute `name` (no prefix) of the start tag being walked, as UTF-8 in out
 * (cut to size at a character); false when the tag has none. */
typedef bool (*ds_xml_attribute_fn)(void *tag, const char *name, char *out, size_t size);

typedef struct ds_xml_open {
	char name[DS_XML_NAME_MAX + 1]; /* qualified, as written */
	uint64_t line;
} ds_xml_open;

/* A number element of System (EventID, Level): its text as read, and where its tag is
 * for the messages. */
typedef struct ds_xml_number {
	bool seen;
	char text[DS_XML_NUMBER_MAX + 1];
	size_t len;
	uint64_t line;
	uint64_t column;
} ds_xml_number;

typedef struct ds_xml_walk {
	const char *name; /* the file as messages name it */
	ds_event_sink sink;
	void *context;
	const ds_deadline *deadline;
	size_t events;
	bool stopped; /* the sink asked to stop */
	bool failed;
	ds_error error;

	bool seen_first; /* the first element has been seen */
	unsigned depth;  /* elements open, the wrapper not counted */
	ds_xml_open open[DS_XML_MAX_DEPTH];

	bool in_event;
	unsigned event_depth; /* depth of the open <Event>'s children */
	uint64_t event_line;
	ds_xml_section section;
	ds_xml_field field;
	unsigned field_depth;
	ds_event event;
	/* The three places a message may come from, in the order they win. */
	ds_event_text rendered; /* RenderingInfo/Message */
	ds_event_text data;     /* EventData/Data */
	ds_event_text user;     /* the values under UserData */
	const ds_event_search *search;
	ds_xml_number id;    /* System/EventID */
	ds_xml_number level; /* System/Level */
} ds_xml_walk;

/* Prepares w (which the caller allocated) to hand the events of the file `name` to
 * sink; search is the --message search (event/message.h). */
void ds_xml_walk_init(ds_xml_walk *w, const char *name, const ds_event_search *search,
                      ds_event_sink sink, void *context, const ds_deadline *deadline);

/* The node callbacks: false stops the parse, w->failed (the error is in w->error) or
 * w->stopped (the sink had enough) says why. name is the qualified name. */
bool ds_xml_walk_start(ds_xml_walk *w, const char *name, size_t name_len, uint64_t line,
                       uint64_t column, ds_xml_attribute_fn attribute, void *tag);
bool ds_xml_walk_end(ds_xml_walk *w);
bool ds_xml_walk_text(ds_xml_walk *w, const char *text, size_t len, uint64_t line, uint64_t column);

/* Does the walk need the text at this point? Only directly inside the wrapper (where
 * text is an error), in the fields it collects and under UserData: a parser may skip
 * the rest. */
bool ds_xml_walk_wants_text(const ds_xml_walk *w);

/* The parser's findings, as sentences (each returns false, with w->error set):
 * malformed XML at a place, with the parser's reason; an end tag (name NULL: the
 * parser does not say which) where no element is open, or that is not the innermost
 * open one; the file ending inside an element. */
bool ds_xml_walk_malformed(ds_xml_walk *w, uint64_t line, uint64_t column, const char *why);
bool ds_xml_walk_end_mismatch(ds_xml_walk *w, uint64_t line, uint64_t column, const char *name,
                              size_t name_len);
bool ds_xml_walk_cut_short(ds_xml_walk *w, uint64_t line, uint64_t column);
/* A DOCTYPE or an entity declaration, which event exports never have: refused before
 * any entity can expand. */
bool ds_xml_walk_doctype(ds_xml_walk *w, uint64_t line);

/* The entry the readers share (xml_read.c): the adapter parses in's bytes into w. */
bool ds_xml_parse(ds_xml_input *in, ds_xml_walk *w);

#endif

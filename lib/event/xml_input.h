/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (C) 2026 The dirsync-plugins developers */
/* The bytes an XML parser reads from an event export, the same on every platform: the
 * file in chunks (the deadline checked after each), its encoding told by the byte order
 * mark or the first bytes, UTF-16 (LE or BE, with or without a BOM) converted to UTF-8,
 * and all of it inside a synthetic <dirsync-events> element, because
 * `wevtutil qe /f:xml` writes a stream of <Event> elements with no root.
 *
 * The wrapper adds no newline, and the XML declaration (which cannot stand inside an
 * element) is blanked out rather than removed, after its encoding has been checked: the
 * lines a parser reports are those of the file, and its columns on line 1 are off by
 * DS_XML_WRAPPER_LEN. A DOCTYPE at the start is refused here, so no entity is ever
 * declared; a file that starts with text is not XML at all. */
#ifndef DIRSYNC_EVENT_XML_INPUT_H
#define DIRSYNC_EVENT_XML_INPUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "core/deadline.h"
#include "core/error.h"

#define DS_XML_WRAPPER_NAME "dirsync-events"
#define DS_XML_WRAPPER_LEN  (sizeof "<" DS_XML_WRAPPER_NAME ">" - 1)
#define DS_XML_CHUNK        (64 * 1024)

typedef enum { DS_XML_UTF8, DS_XML_UTF16LE, DS_XML_UTF16BE } ds_xml_encoding;
typedef enum { DS_XML_OPEN, DS_XML_BODY, DS_XML_CLOSE, DS_XML_DONE } ds_xml_phase;

typedef struct ds_xml_input {
	FILE *file;
	const char *name; /* the file as messages name it */
	const ds_deadline *deadline;
	const size_t *events; /* the walk's count, for the time-out message */
	ds_xml_encoding encoding;
	ds_xml_phase phase;
	bool eof;
	uint64_t offset;   /* file offset of the next byte to read */
	uint64_t given;    /* bytes handed out so far, the wrapper's start tag included */
	uint64_t file_end; /* `given` where the wrapper's end tag starts (set when it does) */
	/* UTF-16: a byte left over from an odd-sized read, a high surrogate waiting for its
	 * low half, and the line count for the messages. */
	bool has_odd;
	unsigned char odd;
	unsigned high;
	uint64_t high_offset;
	uint64_t lines;
	bool failed;
	ds_error error;
	unsigned char raw[DS_XML_CHUNK + 1];
	/* UTF-16 grows to at most 3 bytes of UTF-8 per 2-byte unit. */
	unsigned char out[DS_XML_CHUNK / 2 * 3 + 16]; /* DS_XML_PIECE_MAX */
	size_t out_len;
} ds_xml_input;

/* Prepares in (which the caller allocated) and reads the first chunk: the encoding, the
 * declaration, a DOCTYPE or text at the start. false: in->error says why. */
bool ds_xml_input_start(ds_xml_input *in, FILE *file, const char *name, const ds_deadline *deadline,
                        const size_t *events);

/* The next piece of UTF-8 for the parser in *piece, *len (0 at the end; *last is set
 * with the final piece). false: reading failed, in->error says why. */
bool ds_xml_input_next(ds_xml_input *in, const unsigned char **piece, size_t *len, bool *last);

/* The same, copied into buffer, which holds DS_XML_PIECE_MAX bytes (UTF-8 is read
 * straight into it). */
#define DS_XML_PIECE_MAX (DS_XML_CHUNK / 2 * 3 + 16)
bool ds_xml_input_next_into(ds_xml_input *in, unsigned char *buffer, size_t *len, bool *last);

/* Has the deadline passed? Sets in->error when it has. */
bool ds_xml_input_in_time(ds_xml_input *in);

#endif

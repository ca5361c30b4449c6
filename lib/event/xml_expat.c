/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (C) 2026 The dirsync-plugins developers */
/* The XML parser of event exports on POSIX: expat, fed the UTF-8 of xml_input.h a chunk
 * at a time, its nodes handed to the walk of xml_walk.h. expat loads no other library
 * (libxml2 on Debian loads ICU and libstdc++ at start), and streams: nothing of an
 * event is kept once its end tag has passed.
 *
 * The input refuses a DOCTYPE at the start; one further down is a syntax error inside
 * the wrapper element, and the handlers of a DOCTYPE or an entity declaration stop the
 * parse anyway, so no entity is ever declared, let alone expanded (an undefined entity
 * is an error). Nesting is bounded by the walk, and a token (a tag, a name, a comment)
 * that expat would have to buffer whole by TOKEN_MAX; text is streamed in pieces. */
#include "event/xml_walk.h"

#include <stdint.h>
#include <string.h>

#include <expat.h>

#include "core/text.h"

/* The most expat may hold of one unfinished token. expat 2.5 scans an unfinished token
 * again from its start with every chunk, so the bound is also what keeps a hostile
 * token from costing quadratic time; an event's largest tag is a few hundred bytes
 * (and the 80 000 attributes of a hostile <Event> take 0.9 MiB). */
#define TOKEN_MAX (1024u * 1024)

typedef struct adapter {
	XML_Parser parser;
	ds_xml_input *in;
	ds_xml_walk *w;
	unsigned depth; /* elements open, the wrapper included */
	bool text;      /* the text handler is set */
} adapter;

/* Where the current event is, in the file's lines and columns. */
static void place(const adapter *a, uint64_t *line, uint64_t *column) {
	*line = (uint64_t)XML_GetCurrentLineNumber(a->parser);
	*column = (uint64_t)XML_GetCurrentColumnNumber(a->parser) + 1;
	if (*line == 1 && *column > DS_XML_WRAPPER_LEN) {
		*column -= DS_XML_WRAPPER_LEN;
	}
}

static void stop(adapter *a) {
	(void)XML_StopParser(a->parser, XML_FALSE);
}

static void XMLCALL on_text(void *context, const XML_Char *text, int len);

/* Text is handed on only where the walk looks at it: expat then skips the rest (most
 * of the System values of every event) without a call. */
static void want_text(adapter *a) {
	bool wanted = a->depth == 0 || ds_xml_walk_wants_text(a->w);
	if (wanted != a->text) {
		XML_SetCharacterDataHandler(a->parser, wanted ? on_text : NULL);
		a->text = wanted;
	}
}

static bool attribute(void *tag, const char *name, char *out, size_t size) {
	for (const XML_Char **at = tag; at[0] != NULL; at += 2) {
		if (strcmp(at[0], name) == 0) {
			size_t len = ds_utf8_cut(at[1], strlen(at[1]), size - 1);
			memcpy(out, at[1], len);
			out[len] = '\0';
			return true;
		}
	}
	return false;
}

static void XMLCALL on_start(void *context, const XML_Char *name, const XML_Char **attributes) {
	adapter *a = context;
	if (a->depth++ == 0) {
		return; /* the wrapper */
	}
	uint64_t line = 0;
	uint64_t column = 0;
	place(a, &line, &column);
	if (!ds_xml_walk_start(a->w, name, strlen(name), line, column, attribute, (void *)attributes)) {
		stop(a);
	}
	want_text(a);
}

static void XMLCALL on_end(void *context, const XML_Char *name) {
	(void)name;
	adapter *a = context;
	if (--a->depth == 0) {
		return;
	}
	if (!ds_xml_walk_end(a->w)) {
		stop(a);
	}
	want_text(a);
}

static void XMLCALL on_text(void *context, const XML_Char *text, int len) {
	adapter *a = context;
	uint64_t line = 0;
	uint64_t column = 0;
	if (a->depth == 1) {
		place(a, &line, &column); /* only text outside any element can be an error */
	}
	if (!ds_xml_walk_text(a->w, text, (size_t)len, line, column)) {
		stop(a);
	}
}

static void XMLCALL on_doctype(void *context, const XML_Char *name, const XML_Char *system_id,
                               const XML_Char *public_id, int has_internal_subset) {
	(void)name;
	(void)system_id;
	(void)public_id;
	(void)has_internal_subset;
	adapter *a = context;
	(void)ds_xml_walk_doctype(a->w, (uint64_t)XML_GetCurrentLineNumber(a->parser));
	stop(a);
}

static void XMLCALL on_entity(void *context, const XML_Char *name, int is_parameter,
                              const XML_Char *value, int value_length, const XML_Char *base,
                              const XML_Char *system_id, const XML_Char *public_id,
                              const XML_Char *notation) {
	(void)name;
	(void)is_parameter;
	(void)value;
	(void)value_length;
	(void)base;
	(void)system_id;
	(void)public_id;
	(void)notation;
	adapter *a = context;
	(void)ds_xml_walk_doctype(a->w, (uint64_t)XML_GetCurrentLineNumber(a->parser));
	stop(a);
}

/* The bytes at the error, when they are not UTF-8: "not UTF-8 (bytes 0xFC 0x6E)". */
static bool not_utf8(const adapter *a, char *why, size_t size) {
	int offset = 0;
	int len = 0;
	const char *context = XML_GetInputContext(a->parser, &offset, &len);
	if (context == NULL || offset < 0 || offset >= len) {
		return false;
	}
	const char *at = context + offset;
	size_t left = (size_t)(len - offset);
	if ((unsigned char)at[0] < 0x80 || ds_utf8_char_len(at, left) > 0) {
		return false;
	}
	char bytes[32] = "";
	size_t used = 0;
	for (size_t i = 0; i < left && i < 4; i++) {
		(void)ds_format_text(bytes + used, sizeof bytes - used, "%s0x%02X", i > 0 ? " " : "",
		                     (unsigned)(unsigned char)at[i]);
		used = strlen(bytes);
	}
	return ds_format_text(why, size, "not UTF-8 (bytes %s): re-export as UTF-8 or UTF-16", bytes);
}

/* The name of the end tag at the error ("</Levl>"): expat points at its name, after
 * the "</", which *back says. */
static bool end_tag_name(const adapter *a, const char **name, size_t *name_len, uint64_t *back) {
	int offset = 0;
	int len = 0;
	const char *context = XML_GetInputContext(a->parser, &offset, &len);
	if (context == NULL || offset < 0 || offset >= len) {
		return false;
	}
	if (len - offset >= 2 && context[offset] == '<' && context[offset + 1] == '/') {
		offset += 2;
		*back = 0;
	} else if (offset >= 2 && context[offset - 2] == '<' && context[offset - 1] == '/') {
		*back = 2;
	} else {
		return false;
	}
	const char *start = context + offset;
	size_t n = 0;
	while ((int)n < len - offset && start[n] != '>' && start[n] != ' ' && start[n] != '\t' &&
	       start[n] != '\r' && start[n] != '\n') {
		n++;
	}
	*name = start;
	*name_len = n;
	return true;
}

/* expat's error as the walk words it. */
static bool parse_error(adapter *a) {
	enum XML_Error code = XML_GetErrorCode(a->parser);
	if (code == XML_ERROR_ABORTED) {
		return a->w->stopped; /* a handler stopped it: the walk says why */
	}
	uint64_t line = 0;
	uint64_t column = 0;
	place(a, &line, &column);
	XML_Index index = XML_GetCurrentByteIndex(a->parser);
	if (a->in->phase != DS_XML_BODY && index >= 0 && (uint64_t)index >= a->in->file_end) {
		return ds_xml_walk_cut_short(a->w, line, column);
	}
	const char *name = NULL;
	size_t name_len = 0;
	uint64_t back = 0;
	if (code == XML_ERROR_TAG_MISMATCH && end_tag_name(a, &name, &name_len, &back)) {
		/* The place of the end tag's '<', as of a start tag. */
		return ds_xml_walk_end_mismatch(a->w, line, column > back ? column - back : column, name,
		                                name_len);
	}
	char why[160];
	if (code != XML_ERROR_INVALID_TOKEN || !not_utf8(a, why, sizeof why)) {
		const XML_LChar *text = XML_ErrorString(code);
		(void)ds_format_text(why, sizeof why, "%s", text != NULL ? text : "unknown error");
	}
	return ds_xml_walk_malformed(a->w, line, column, why);
}

static bool feed(adapter *a) {
	for (;;) {
		/* Read into expat's own buffer: XML_Parse would copy every chunk into it. */
		void *buffer = XML_GetBuffer(a->parser, (int)DS_XML_PIECE_MAX);
		if (buffer == NULL) {
			return parse_error(a);
		}
		size_t len = 0;
		bool last = false;
		if (!ds_xml_input_next_into(a->in, buffer, &len, &last)) {
			return false;
		}
		if (XML_ParseBuffer(a->parser, (int)len, last) != XML_STATUS_OK) {
			return parse_error(a);
		}
		XML_Index index = XML_GetCurrentByteIndex(a->parser);
		if (index >= 0 && a->in->given - (uint64_t)index > TOKEN_MAX) {
			uint64_t line = 0;
			uint64_t column = 0;
			place(a, &line, &column);
			return ds_xml_walk_malformed(a->w, line, column,
			                             "a tag or comment longer than 1 MiB: this is not an "
			                             "event export");
		}
		if (last) {
			return true;
		}
	}
}

bool ds_xml_parse(ds_xml_input *in, ds_xml_walk *w) {
	adapter a = {.in = in, .w = w};
	/* The input is UTF-8 whatever the file was; no namespace processing (the walk
	 * looks at local names itself), no external entities, no parameter entities. */
	a.parser = XML_ParserCreate("UTF-8");
	if (a.parser == NULL) {
		w->failed = true;
		return ds_error_set(&w->error, "cannot read %s: expat could not start a parser", w->name);
	}
	XML_SetUserData(a.parser, &a);
	XML_SetElementHandler(a.parser, on_start, on_end);
	XML_SetCharacterDataHandler(a.parser, on_text);
	a.text = true;
	XML_SetStartDoctypeDeclHandler(a.parser, on_doctype);
	XML_SetEntityDeclHandler(a.parser, on_entity);
	(void)XML_SetParamEntityParsing(a.parser, XML_PARAM_ENTITY_PARSING_NEVER);
	bool ok = feed(&a);
	XML_ParserFree(a.parser);
	return ok;
}

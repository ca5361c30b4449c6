/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (C) 2026 The dirsync-plugins developers */
/* The XML parser of event exports on Windows: XmlLite (a system DLL since Windows Vista)
 * pulls the nodes of xml_input.h's UTF-8, and each is handed to the walk of
 * xml_walk.h. mingw-w64 has no import library for xmllite.dll, so it is loaded from the
 * system directory at run time.
 *
 * XmlLite on Windows could read the rootless `wevtutil qe /f:xml` stream with
 * XmlConformanceLevel_Fragment, but wine's XmlLite does not implement the property and
 * stops at the second <Event>; it also never frees its raw buffer for UTF-16 and fails
 * after the first 8 KiB or so, reads no big-endian at all, and takes UTF-16 without a
 * byte order mark for UTF-8. The shared input avoids all of that: XmlLite gets one
 * well-formed document in UTF-8 (its declaration blanked out) on every system. */
#define COBJMACROS
#include "event/log_values.h"
#include "event/xml_walk.h"

#include <windows.h>
#include <objidl.h>
#include <xmllite.h>
#include <string.h>
#include <wchar.h>

#include "core/text.h"

/* Defined here so that no uuid library is needed. */
static const IID iid_unknown = {
    0x00000000, 0x0000, 0x0000, {0xc0, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x46}};
static const IID iid_sequential_stream = {
    0x0c733a30, 0x2a1c, 0x11ce, {0xad, 0xe5, 0x00, 0xaa, 0x00, 0x44, 0x77, 0x3d}};
static const IID iid_stream = {
    0x0000000c, 0x0000, 0x0000, {0xc0, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x46}};
static const IID iid_xml_reader = {
    0x7279fc81, 0x709d, 0x4095, {0xb6, 0x3d, 0x69, 0xfe, 0x4b, 0x0d, 0x90, 0x30}};

typedef HRESULT(WINAPI *create_xml_reader_fn)(REFIID, void **, IMalloc *);

/* XmlLite gives an element's place as that of its name, one after the '<'. */
#define XMLLITE_NAME_OFFSET 1u

/* ------------------------------------------------------------ the stream --- */

/* Just enough of an IStream over the shared input for XmlLite, which only calls Read
 * (the ISequentialStream part). The object lives on the caller's stack: Release does
 * not free it, and the reader is released before the stack frame ends. */
typedef struct file_stream {
	IStream iface;
	LONG refs;
	ds_xml_input *in;
	const unsigned char *piece; /* what Read hands out next */
	size_t piece_len;
	bool piece_is_file; /* not one of the wrapper's tags */
	bool done;
	/* The end of the file's text handed out so far, in lines and columns from 1: an
	 * error there is the file ending inside an element. */
	UINT line;
	UINT column;
} file_stream;

/* Moves the end position over text handed to XmlLite. */
static void track(file_stream *s, const unsigned char *text, size_t len) {
	for (size_t i = 0; i < len; i++) {
		if (text[i] == '\n') {
			s->line++;
			s->column = 1;
		} else if ((text[i] & 0xC0) != 0x80) {
			s->column++;
		}
	}
}

static file_stream *stream_of(IStream *iface) {
	return (file_stream *)(void *)iface;
}

static HRESULT STDMETHODCALLTYPE stream_query_interface(IStream *iface, REFIID riid,
                                                        void **object) {
	if (object == NULL) {
		return E_POINTER;
	}
	if (IsEqualIID(riid, &iid_unknown) || IsEqualIID(riid, &iid_sequential_stream) ||
	    IsEqualIID(riid, &iid_stream)) {
		*object = iface;
		IStream_AddRef(iface);
		return S_OK;
	}
	*object = NULL;
	return E_NOINTERFACE;
}

static ULONG STDMETHODCALLTYPE stream_add_ref(IStream *iface) {
	return (ULONG)InterlockedIncrement(&stream_of(iface)->refs);
}

static ULONG STDMETHODCALLTYPE stream_release(IStream *iface) {
	return (ULONG)InterlockedDecrement(&stream_of(iface)->refs);
}

static HRESULT STDMETHODCALLTYPE stream_read(IStream *iface, void *buffer, ULONG size,
                                             ULONG *done) {
	file_stream *s = stream_of(iface);
	unsigned char *out = buffer;
	size_t given = 0;
	while (given < size) {
		if (s->piece_len > 0) {
			size_t take = s->piece_len < size - given ? s->piece_len : size - given;
			memcpy(out + given, s->piece, take);
			if (s->piece_is_file) {
				track(s, s->piece, take);
			}
			s->piece += take;
			s->piece_len -= take;
			given += take;
			continue;
		}
		if (s->done) {
			break;
		}
		bool last = false;
		ds_xml_phase before = s->in->phase;
		if (!ds_xml_input_next(s->in, &s->piece, &s->piece_len, &last)) {
			s->done = true;
			break;
		}
		s->piece_is_file = before == DS_XML_BODY && !last;
		s->done = last;
	}
	if (done != NULL) {
		*done = (ULONG)given;
	}
	if (s->in->failed) {
		return STG_E_READFAULT;
	}
	return given == size ? S_OK : S_FALSE;
}

static HRESULT STDMETHODCALLTYPE stream_write(IStream *iface, const void *buffer, ULONG size,
                                              ULONG *done) {
	(void)iface;
	(void)buffer;
	(void)size;
	if (done != NULL) {
		*done = 0;
	}
	return STG_E_ACCESSDENIED;
}

static HRESULT STDMETHODCALLTYPE stream_seek(IStream *iface, LARGE_INTEGER move, DWORD origin,
                                             ULARGE_INTEGER *position) {
	(void)iface;
	(void)move;
	(void)origin;
	(void)position;
	return STG_E_INVALIDFUNCTION;
}

static HRESULT STDMETHODCALLTYPE stream_set_size(IStream *iface, ULARGE_INTEGER size) {
	(void)iface;
	(void)size;
	return STG_E_INVALIDFUNCTION;
}

static HRESULT STDMETHODCALLTYPE stream_copy_to(IStream *iface, IStream *to, ULARGE_INTEGER size,
                                                ULARGE_INTEGER *read, ULARGE_INTEGER *written) {
	(void)iface;
	(void)to;
	(void)size;
	(void)read;
	(void)written;
	return E_NOTIMPL;
}

static HRESULT STDMETHODCALLTYPE stream_commit(IStream *iface, DWORD flags) {
	(void)iface;
	(void)flags;
	return E_NOTIMPL;
}

static HRESULT STDMETHODCALLTYPE stream_revert(IStream *iface) {
	(void)iface;
	return E_NOTIMPL;
}

static HRESULT STDMETHODCALLTYPE stream_lock_region(IStream *iface, ULARGE_INTEGER offset,
                                                    ULARGE_INTEGER size, DWORD type) {
	(void)iface;
	(void)offset;
	(void)size;
	(void)type;
	return STG_E_INVALIDFUNCTION;
}

static HRESULT STDMETHODCALLTYPE stream_stat(IStream *iface, STATSTG *stat, DWORD flags) {
	(void)iface;
	(void)stat;
	(void)flags;
	return E_NOTIMPL;
}

static HRESULT STDMETHODCALLTYPE stream_clone(IStream *iface, IStream **clone) {
	(void)iface;
	if (clone != NULL) {
		*clone = NULL;
	}
	return E_NOTIMPL;
}

static IStreamVtbl stream_vtbl = {
    .QueryInterface = stream_query_interface,
    .AddRef = stream_add_ref,
    .Release = stream_release,
    .Read = stream_read,
    .Write = stream_write,
    .Seek = stream_seek,
    .SetSize = stream_set_size,
    .CopyTo = stream_copy_to,
    .Commit = stream_commit,
    .Revert = stream_revert,
    .LockRegion = stream_lock_region,
    .UnlockRegion = stream_lock_region,
    .Stat = stream_stat,
    .Clone = stream_clone,
};

/* ------------------------------------------------------------ the parser --- */

typedef struct parse {
	IXmlReader *reader;
	file_stream *stream;
	ds_xml_walk *w;
	unsigned open; /* elements open, the wrapper included */
} parse;

/* Where the reader is, in the file's lines and columns; name_offset is taken off the
 * column of an element (XmlLite counts from its name). */
static void place(const parse *p, UINT name_offset, uint64_t *line, uint64_t *column) {
	UINT l = 0;
	UINT c = 0;
	if (FAILED(IXmlReader_GetLineNumber(p->reader, &l))) {
		l = 0;
	}
	if (FAILED(IXmlReader_GetLinePosition(p->reader, &c))) {
		c = 0;
	}
	if (l == 1 && c > DS_XML_WRAPPER_LEN) {
		c -= (UINT)DS_XML_WRAPPER_LEN;
	}
	*line = l;
	*column = c > name_offset ? c - name_offset : 0;
}

/* The attribute `name` of the current element as UTF-8; leaves the reader on the
 * element. */
static bool attribute(void *tag, const char *name, char *out, size_t size) {
	parse *p = tag;
	wchar_t wide[32];
	size_t len = strlen(name);
	if (len >= sizeof wide / sizeof wide[0]) {
		return false;
	}
	for (size_t i = 0; i <= len; i++) {
		wide[i] = (wchar_t)(unsigned char)name[i];
	}
	const wchar_t *value = NULL;
	UINT value_len = 0;
	out[0] = '\0';
	HRESULT hr = IXmlReader_MoveToAttributeByName(p->reader, wide, NULL);
	bool found = hr == S_OK && SUCCEEDED(IXmlReader_GetValue(p->reader, &value, &value_len));
	if (found) {
		(void)ds_utf16_append(out, size, value, value_len);
	}
	(void)IXmlReader_MoveToElement(p->reader);
	return found;
}

static bool on_element(parse *p) {
	bool empty = IXmlReader_IsEmptyElement(p->reader) != FALSE;
	if (p->open == 0) {
		p->open += !empty; /* the wrapper */
		return true;
	}
	const wchar_t *name = NULL;
	UINT len = 0;
	if (FAILED(IXmlReader_GetQualifiedName(p->reader, &name, &len))) {
		return true;
	}
	char text[DS_XML_NAME_MAX * 3 + 1] = "";
	(void)ds_utf16_append(text, sizeof text, name, len);
	uint64_t line = 0;
	uint64_t column = 0;
	place(p, XMLLITE_NAME_OFFSET, &line, &column);
	if (!ds_xml_walk_start(p->w, text, strlen(text), line, column, attribute, p)) {
		return false;
	}
	if (empty) {
		return ds_xml_walk_end(p->w);
	}
	p->open++;
	return true;
}

static bool on_end_element(parse *p) {
	if (p->open > 0) {
		p->open--;
	}
	return p->open == 0 || ds_xml_walk_end(p->w);
}

/* UTF-16 text of any length to the walk, a slice at a time (never splitting a
 * surrogate pair): the message is searched whole, however long. */
static bool on_text(parse *p) {
	const wchar_t *text = NULL;
	UINT len = 0;
	if (FAILED(IXmlReader_GetValue(p->reader, &text, &len))) {
		return true;
	}
	uint64_t line = 0;
	uint64_t column = 0;
	if (p->open == 1) {
		place(p, 0, &line, &column); /* only text outside any element can be an error */
	}
	char utf8[3 * 512];
	while (len > 0) {
		UINT take = len < 512 ? len : 512;
		if (take < len && IS_HIGH_SURROGATE(text[take - 1])) {
			take--;
		}
		int bytes =
		    WideCharToMultiByte(CP_UTF8, 0, text, (int)take, utf8, (int)sizeof utf8, NULL, NULL);
		if (bytes > 0 && !ds_xml_walk_text(p->w, utf8, (size_t)bytes, line, column)) {
			return false;
		}
		text += take;
		len -= take;
	}
	return true;
}

static const char *hresult_text(HRESULT hr) {
	switch ((unsigned long)hr) {
		case MX_E_INPUTEND:
			return "the file ends inside the XML";
		case MX_E_ENCODING:
		case MX_E_ENCODINGSWITCH:
		case MX_E_ENCODINGSIGNATURE:
		case WC_E_ENCNAME:
			return "an encoding XmlLite cannot read; re-export as UTF-8 or UTF-16";
		case WC_E_ELEMENTMATCH:
			return "an end tag does not match its start tag";
		case WC_E_XMLCHARACTER:
			return "a character that XML does not allow";
		case WC_E_DTDPROHIBITED:
			return "a DTD, which event exports never have";
		case WC_E_UNDECLAREDENTITY:
			return "an unknown entity";
		default:
			return "";
	}
}

/* XmlLite's error as the walk words it. */
static bool malformed(parse *p, HRESULT hr) {
	uint64_t line = 0;
	uint64_t column = 0;
	place(p, 0, &line, &column);
	const file_stream *s = p->stream;
	if (s->done && (line > s->line || (line == s->line && column >= s->column))) {
		/* The error is in the wrapper's end tag: the file stopped inside an element. */
		return ds_xml_walk_cut_short(p->w, s->line, s->column);
	}
	if ((unsigned long)hr == WC_E_ELEMENTMATCH) {
		return ds_xml_walk_end_mismatch(p->w, line, column, NULL, 0);
	}
	const char *text = hresult_text(hr);
	char why[160];
	(void)ds_format_text(why, sizeof why, "%s%sXmlLite error 0x%08lX", text,
	                     text[0] != '\0' ? " (" : "", (unsigned long)hr);
	if (text[0] != '\0') {
		size_t used = strlen(why);
		(void)ds_format_text(why + used, sizeof why - used, ")");
	}
	return ds_xml_walk_malformed(p->w, line, column, why);
}

static bool pull(parse *p) {
	for (;;) {
		XmlNodeType type = XmlNodeType_None;
		HRESULT hr = IXmlReader_Read(p->reader, &type);
		if (p->stream->in->failed) {
			return false;
		}
		if (hr == S_FALSE) {
			break;
		}
		if (hr != S_OK) {
			return malformed(p, hr);
		}
		bool ok = true;
		switch (type) {
			case XmlNodeType_Element:
				ok = on_element(p);
				break;
			case XmlNodeType_EndElement:
				ok = on_end_element(p);
				break;
			case XmlNodeType_Text:
			case XmlNodeType_CDATA:
			case XmlNodeType_Whitespace:
				ok = on_text(p);
				break;
			case XmlNodeType_DocumentType:
				ok = ds_xml_walk_doctype(p->w, p->stream->line);
				break;
			default:
				break;
		}
		if (!ok) {
			return p->w->stopped;
		}
	}
	if (p->open > 0) {
		return ds_xml_walk_cut_short(p->w, p->stream->line, p->stream->column);
	}
	return true;
}

/* xmllite.dll from the system directory, never from the current one. */
static HMODULE load_xmllite(void) {
	wchar_t path[MAX_PATH];
	UINT len = GetSystemDirectoryW(path, MAX_PATH);
	static const wchar_t name[] = L"\\xmllite.dll";
	if (len == 0 || len + sizeof name / sizeof name[0] > MAX_PATH) {
		return NULL;
	}
	wmemcpy(path + len, name, sizeof name / sizeof name[0]);
	return LoadLibraryW(path);
}

bool ds_xml_parse(ds_xml_input *in, ds_xml_walk *w) {
	HMODULE xmllite = load_xmllite();
	if (xmllite == NULL) {
		w->failed = true;
		return ds_error_set(&w->error,
		                    "cannot load xmllite.dll (error %lu), which reads the XML export: it "
		                    "is part of Windows since Vista",
		                    (unsigned long)GetLastError());
	}
	create_xml_reader_fn create =
	    (create_xml_reader_fn)(void (*)(void))GetProcAddress(xmllite, "CreateXmlReader");
	IXmlReader *reader = NULL;
	HRESULT hr = create != NULL ? create(&iid_xml_reader, (void **)&reader, NULL) : E_NOINTERFACE;
	if (FAILED(hr) || reader == NULL) {
		FreeLibrary(xmllite);
		w->failed = true;
		return ds_error_set(&w->error, "cannot start XmlLite's reader (error 0x%08lX)",
		                    (unsigned long)hr);
	}
	file_stream stream = {
	    .iface = {.lpVtbl = &stream_vtbl}, .refs = 1, .in = in, .line = 1, .column = 1};
	/* One document (see the top of this file), and no DTD, so no entity can expand.
	 * Wine implements neither property (it returns E_NOTIMPL), but reads documents and
	 * refuses a DTD by default. */
	(void)IXmlReader_SetProperty(reader, XmlReaderProperty_DtdProcessing, DtdProcessing_Prohibit);
	(void)IXmlReader_SetProperty(reader, XmlReaderProperty_ConformanceLevel,
	                             XmlConformanceLevel_Document);
	bool ok;
	if (FAILED(hr = IXmlReader_SetInput(reader, (IUnknown *)&stream.iface))) {
		w->failed = true;
		ok = ds_error_set(&w->error, "cannot read %s: XmlLite refused the input (error 0x%08lX)",
		                  w->name, (unsigned long)hr);
	} else {
		parse p = {.reader = reader, .stream = &stream, .w = w};
		ok = pull(&p);
		(void)IXmlReader_SetInput(reader, NULL);
	}
	IXmlReader_Release(reader);
	FreeLibrary(xmllite);
	return ok;
}

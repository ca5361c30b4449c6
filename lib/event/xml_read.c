/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (C) 2026 The dirsync-plugins developers */
/* ds_event_xml_read for both builds: opens the export (or standard input), prepares the
 * input (xml_input.h) and the walk (xml_walk.h), and has the platform's parser adapter
 * run between them. */
#include "event/source.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "event/message.h"
#include "event/xml_input.h"
#include "event/xml_walk.h"

#ifdef _WIN32
#include <fcntl.h>
#include <io.h>
#endif

bool ds_event_xml_read(const char *path, ds_event_sink sink, void *context,
                       const ds_deadline *deadline, ds_error *err) {
	return ds_event_xml_read_filtered(path, NULL, sink, context, deadline, err);
}

static bool pass_error(ds_error *err, const ds_error *why) {
	if (err != NULL) {
		*err = *why;
	}
	return false;
}

bool ds_event_xml_read_filtered(const char *path, const ds_event_filter *filter, ds_event_sink sink,
                                void *context, const ds_deadline *deadline, ds_error *err) {
	bool from_stdin = strcmp(path, "-") == 0;
	const char *name = from_stdin ? "standard input" : path;
#ifdef _WIN32
	if (from_stdin) {
		(void)_setmode(_fileno(stdin), _O_BINARY);
	}
#endif
	FILE *file = from_stdin ? stdin : fopen(path, "rb");
	if (file == NULL) {
		return ds_error_set(err, "cannot read %s: %s", name, strerror(errno));
	}
	/* About 250 KiB together: on the heap, not on a thread's stack. */
	ds_xml_input *in = calloc(1, sizeof *in);
	ds_xml_walk *w = calloc(1, sizeof *w);
	ds_event_search *search = calloc(1, sizeof *search);
	bool ok;
	if (in == NULL || w == NULL || search == NULL) {
		ok = ds_error_set(err, "cannot read %s: out of memory", name);
	} else {
		ds_event_search_init(search, filter);
		ds_xml_walk_init(w, name, search, sink, context, deadline);
		if (!ds_xml_input_start(in, file, name, deadline, &w->events)) {
			ok = pass_error(err, &in->error);
		} else if (ds_xml_parse(in, w)) {
			ok = true;
		} else if (in->failed) {
			ok = pass_error(err, &in->error);
		} else if (w->failed) {
			ok = pass_error(err, &w->error);
		} else {
			ok = w->stopped || ds_error_set(err, "cannot read %s: the XML parser stopped", name);
		}
	}
	if (!from_stdin) {
		(void)fclose(file);
	}
	free(in);
	free(w);
	free(search);
	return ok;
}

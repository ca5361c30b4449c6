/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (C) 2026 The dirsync-plugins developers */
#include "event/source.h"

bool ds_event_log_read(const ds_event_filter *filter, int64_t now, ds_event_sink sink,
                       void *context, const ds_deadline *deadline, ds_error *err) {
	(void)now;
	(void)sink;
	(void)context;
	(void)deadline;
	return ds_error_set(err,
	                    "the live event log exists only on Windows: export it with wevtutil qe "
	                    "%s /f:xml > events.xml and give --xml-file=events.xml",
	                    filter->log[0] != '\0' ? filter->log : "Application");
}

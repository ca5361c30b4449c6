/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (C) 2026 The dirsync-plugins developers */
/* check_dirsync_event: has the sync server logged Event 109/0 ("This version of the
 * Microsoft Online Services Directory Sync tool is no longer supported"), or any chosen
 * events, in the last window? Reads the live event log on Windows or an XML export. */
#include "config.h"

#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/deadline.h"
#include "core/duration.h"
#include "event/event.h"
#include "event/source.h"
#include "event/tally.h"
#include "core/output.h"
#include "common/plugin.h"
#include "core/range.h"
#include "core/sys.h"
#include "core/text.h"

static void print_help(void);
static bool take_option(int option, const char *value, void *context, ds_error *err);

enum {
	OPT_LOG = DS_OPT_PLUGIN,
	OPT_PROVIDER,
	OPT_ID,
	OPT_LEVEL,
	OPT_MESSAGE,
	OPT_SINCE,
	OPT_XML_FILE,
	OPT_MAX_FILE_AGE,
};

static const struct option long_options[] = {
    DS_COMMON_LONG_OPTIONS,
    {"log", required_argument, NULL, OPT_LOG},
    {"provider", required_argument, NULL, OPT_PROVIDER},
    {"id", required_argument, NULL, OPT_ID},
    {"level", required_argument, NULL, OPT_LEVEL},
    {"message", required_argument, NULL, OPT_MESSAGE},
    {"since", required_argument, NULL, OPT_SINCE},
    {"xml-file", required_argument, NULL, OPT_XML_FILE},
    {"max-file-age", required_argument, NULL, OPT_MAX_FILE_AGE},
    {NULL, 0, NULL, 0},
};

static const ds_plugin plugin = {
    .progname = "check_dirsync_event",
    .check = "EVENT",
    .usage = "[--log=NAME] [--provider=NAME]... [--id=LIST] [--level=LIST] [--message=TEXT]\n"
             "       [--since=DURATION] [--xml-file=FILE|-] [--max-file-age=DURATION]\n"
             "       [-w RANGE] [-c RANGE]\n"
             "       [-t SECONDS[:STATE]] [-v] [--extra-opts=[SECTION][@FILE]]",
    .about = "Counts the events in a window of a Windows event log that match a filter. The\n"
             "default is the sign that the cloud refuses the sync tool: Application log, source\n"
             "\"Directory Synchronization\", Event 0 or 109, \"... is no longer supported\"; any\n"
             "such event in the last 24 hours is CRITICAL. On Windows the live log is read (the\n"
             "Event Log API filters it); anywhere, --xml-file reads an export made with\n"
             "wevtutil qe Application /f:xml (or /e:Events, /f:RenderedXml) or PowerShell's\n"
             "ToXml(), in UTF-8 or UTF-16.\n",
    .print_help = print_help,
    .long_options = long_options,
    .take = take_option,
};

typedef struct event_config {
	ds_common_options common;
	ds_event_filter filter;
	const char *ids;
	const char *message; /* NULL: the default for the default ids */
	const char *since;
	const char *xml_file;
	const char *max_file_age; /* NULL: the --since window */
	int64_t max_file_age_seconds;
} event_config;

static void print_help(void) {
	ds_print_help_header(&plugin, stdout);
	fputs(" --log=NAME\n"
	      "    Event log to read (default Application).\n"
	      " --provider=NAME\n"
	      "    Event source; repeat for several (default \"Directory Synchronization\").\n"
	      " --id=LIST\n"
	      "    Event IDs and ranges, e.g. 611,652-655 (default 0,109).\n"
	      " --level=LIST\n"
	      "    Levels: critical, error, warning, information, verbose or 1-5 (default any).\n"
	      "    information (4) also selects Level 0 (LogAlways), as Event Viewer does.\n"
	      " --message=TEXT\n"
	      "    Text the message must contain, ignoring case (default \"no longer supported\"\n"
	      "    for the default IDs, none for others). --message= matches any message.\n"
	      "    The whole message is searched: the rendered Message, else the EventData\n"
	      "    values, else the UserData values.\n"
	      " --since=DURATION\n"
	      "    Window to look back, e.g. 30m, 24h, 7d (default 24h, at most 100 years).\n"
	      " --xml-file=FILE|-\n"
	      "    Read an XML export (- for standard input) instead of the live log. Its first\n"
	      "    element must be Event or Events.\n"
	      " --max-file-age=DURATION\n"
	      "    An export file modified longer ago than this is UNKNOWN: the job that\n"
	      "    writes it may have stopped (default: the --since window; standard input\n"
	      "    is not checked).\n"
	      " -w, --warning=RANGE\n"
	      "    WARNING when the number of matching events is outside RANGE (default none).\n"
	      " -c, --critical=RANGE\n"
	      "    CRITICAL when the number is outside RANGE (default 0: any match).\n",
	      stdout);
	fputs("\nStates: CRITICAL/WARNING by -c/-w on the number of matches (by default any\n"
	      "match is CRITICAL); UNKNOWN when the log or file cannot be read (the text says\n"
	      "where and why).\n"
	      "\nPerformance data: events=<n>;<warn>;<crit>;0\n",
	      stdout);
	ds_print_help_footer(stdout);
}

static bool take_option(int option, const char *value, void *context, ds_error *err) {
	event_config *config = context;
	switch (option) {
		case OPT_LOG:
			if (value[0] == '\0' ||
			    !ds_format_text(config->filter.log, sizeof config->filter.log, "%s", value)) {
				return ds_error_set(err, "invalid log '%s': give the name of an event log", value);
			}
			return true;
		case OPT_PROVIDER:
			return ds_event_provider_add(value, &config->filter, err);
		case OPT_ID:
			config->ids = value;
			return true;
		case OPT_LEVEL:
			return ds_event_levels_parse(value, &config->filter, err);
		case OPT_MESSAGE:
			config->message = value;
			return true;
		case OPT_SINCE:
			config->since = value;
			return true;
		case OPT_XML_FILE:
			config->xml_file = value;
			return true;
		case OPT_MAX_FILE_AGE:
			config->max_file_age = value;
			return true;
		default:
			return ds_error_set(err, "unhandled option");
	}
}

/* The defaults describe the seed event; a chosen --id drops the default message. */
static bool complete_filter(event_config *config, int64_t now, ds_thresholds *thresholds,
                            ds_error *err) {
	ds_event_filter *filter = &config->filter;
	if (filter->log[0] == '\0') {
		(void)ds_format_text(filter->log, sizeof filter->log, "%s", DS_EVENT_DEFAULT_LOG);
	}
	if (filter->provider_count == 0 &&
	    !ds_event_provider_add(DS_EVENT_DEFAULT_PROVIDER, filter, err)) {
		return false;
	}
	const char *message = config->message;
	if (message == NULL) {
		message = config->ids == NULL ? DS_EVENT_DEFAULT_MESSAGE : "";
	}
	if (!ds_format_text(filter->message, sizeof filter->message, "%s", message)) {
		return ds_error_set(err, "the --message text is longer than %zu bytes",
		                    sizeof filter->message - 1);
	}
	if (!ds_event_ids_parse(config->ids != NULL ? config->ids : DS_EVENT_DEFAULT_IDS, filter,
	                        err)) {
		return false;
	}
	int64_t window = 0;
	if (!ds_duration_parse(config->since, &window, err)) {
		return ds_error_prefix(err, "--since: ");
	}
	filter->since = now - window;
	config->max_file_age_seconds = window;
	if (config->max_file_age != NULL &&
	    !ds_duration_parse(config->max_file_age, &config->max_file_age_seconds, err)) {
		return ds_error_prefix(err, "--max-file-age: ");
	}
	thresholds->has_warning = config->common.warning != NULL;
	thresholds->has_critical = config->common.critical != NULL;
	if (thresholds->has_warning &&
	    !ds_range_parse(config->common.warning, &thresholds->warning, err)) {
		return ds_error_prefix(err, "-w: ");
	}
	if (thresholds->has_critical &&
	    !ds_range_parse(config->common.critical, &thresholds->critical, err)) {
		return ds_error_prefix(err, "-c: ");
	}
	return true;
}

/* The step the watchdog names: "reading the Application log" or "reading the event
 * export". */
static void name_step(const event_config *config) {
	static char step[128];
	if (config->xml_file != NULL ||
	    !ds_format_text(step, sizeof step, "reading the %s log", config->filter.log)) {
		(void)ds_format_text(step, sizeof step, "reading the event %s",
		                     config->xml_file != NULL ? "export" : "log");
	}
	ds_run_step(step);
}

static bool read_events(const event_config *config, int64_t now, ds_event_tally *tally,
                        const ds_deadline *deadline, ds_error *err) {
	ds_event_tally_init(tally, &config->filter);
	/* Exports are read as written, oldest first; the live log newest first. */
	tally->newest_first = config->xml_file == NULL;
	name_step(config);
	if (config->xml_file == NULL) {
		return ds_event_log_read(&config->filter, now, ds_event_tally_add, tally, deadline, err);
	}
	return (strcmp(config->xml_file, "-") == 0 ||
	        ds_event_export_fresh(config->xml_file, now, config->max_file_age_seconds, err)) &&
	       ds_event_xml_read_filtered(config->xml_file, &config->filter, ds_event_tally_add, tally,
	                                  deadline, err);
}

int main(int argc, char **argv) {
	event_config config = {
	    .common = ds_common_defaults(NULL, DS_EVENT_DEFAULT_CRITICAL),
	    .since = DS_EVENT_DEFAULT_SINCE,
	};
	int64_t now = ds_now_epoch();
	ds_run run;
	ds_error err = {0};
	ds_thresholds thresholds;
	if (!ds_run_start(&run, &plugin, argc, argv, &config, NULL, &config.common, &err) ||
	    !complete_filter(&config, now, &thresholds, &err)) {
		ds_run_refuse(&run, err.text);
	}
	ds_event_tally *tally = malloc(sizeof *tally);
	if (tally == NULL) {
		ds_verdict_set(&run.verdict, DS_UNKNOWN, "out of memory for the event tally");
	} else if (!read_events(&config, now, tally, &run.deadline, &err)) {
		ds_run_fail(&run, &err);
	} else {
		ds_event_judge(tally, &thresholds, config.since, &run.verdict);
		if (config.common.verbosity >= 2) {
			ds_verdict_detail(&run.verdict, "read %s: %llu events, %llu matched",
			                  config.xml_file != NULL ? config.xml_file : config.filter.log,
			                  (unsigned long long)tally->seen, (unsigned long long)tally->matched);
		}
	}
	free(tally);
	return ds_run_finish(&run);
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (C) 2026 The dirsync-plugins developers */
/* What every dirsync plugin shares: its identity, the reserved options (-h, -V, -v,
 * -t, --extra-opts), usage errors and the common part of --help. */
#ifndef DIRSYNC_PLUGINS_COMMON_PLUGIN_H
#define DIRSYNC_PLUGINS_COMMON_PLUGIN_H

#include <getopt.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "core/deadline.h"
#include "core/error.h"
#include "core/extra_opts.h"
#include "core/output.h"
#include "core/states.h"

/* Takes one of the plugin's options; false with a sentence when the value is bad. */
typedef bool (*ds_option_taker)(int option, const char *value, void *config, ds_error *err);

/* A plugin: its name, its help and its options, all it needs to start a run. */
typedef struct ds_plugin {
	const char *progname; /* "check_dirsync_os" */
	const char *check;    /* "OS": the word after DIRSYNC in the first line */
	const char *usage;    /* the option synopsis after the program name */
	const char *about;    /* what --help says first: what the check judges */
	void (*print_help)(void);
	const struct option *long_options; /* all, DS_COMMON_LONG_OPTIONS included */
	ds_option_taker take;              /* the plugin's own options (from DS_OPT_PLUGIN) */
	ds_option_taker take_shared;       /* those from DS_OPT_SHARED up to DS_OPT_PLUGIN */
	/* For ds_hide_secret_arguments; NULL when the plugin has no such option. */
	const char *const *secret_options;
	const char *const *url_options;
	/* A timeout never reports OK (a partial count is no all-clear): -t N:ok means UNKNOWN. */
	bool timeout_never_ok;
} ds_plugin;

/* Long-only options take numbers from here: first the shared ones (DS_CLOUD_OPT_*), then
 * each plugin's own from DS_OPT_PLUGIN, the same number in every plugin. */
#define DS_OPT_SHARED 0x100
#define DS_OPT_PLUGIN 0x200

/* The options every plugin has; -w and -c as given, each plugin reads them its own way
 * (durations, counts, days) once all options are in. */
typedef struct ds_common_options {
	unsigned verbosity; /* -v, up to 3 */
	unsigned timeout_seconds;
	ds_state timeout_state;
	const char *warning; /* NULL: no -w and no default */
	const char *critical;
} ds_common_options;

#define DS_COMMON_SHORT_OPTIONS "hVvt:w:c:"
#define DS_COMMON_LONG_OPTIONS                                                                     \
	{"help", no_argument, NULL, 'h'}, {"version", no_argument, NULL, 'V'},                         \
	    {"verbose", no_argument, NULL, 'v'}, {"timeout", required_argument, NULL, 't'},            \
	    {"warning", required_argument, NULL, 'w'}, {                                               \
		"critical", required_argument, NULL, 'c'                                                   \
	}

/* -t 10 and the plugin's default -w and -c (either may be NULL). */
ds_common_options ds_common_defaults(const char *warning, const char *critical);

/* One run of a plugin, from the first line of main to the verdict. */
typedef struct ds_run {
	const ds_plugin *plugin;
	ds_argv expanded; /* argv with the --extra-opts options */
	int64_t started_ms;
	ds_deadline deadline;
	ds_verdict verdict;
} ds_run;

/* The start of every main, in this order: no core dump (ds_protect_process), -t counted
 * from here and its watchdog armed with the -t of the command line, stdout in binary
 * mode, the --extra-opts options added to the arguments, the secrets hidden in argv (what
 * ps shows), the options parsed (ds_parse_options), then the watchdog re-armed and the
 * deadline started with their -t, and an empty verdict. False with the sentence of a
 * wrong option: the caller frees what it holds and ends with ds_run_refuse. */
bool ds_run_start(ds_run *run, const ds_plugin *plugin, int argc, char **argv, void *config,
                  void *shared_config, ds_common_options *common, ds_error *err);

/* Names the step the watchdog reports if the run overstays -t (core/watchdog.h). */
void ds_run_step(const char *step);

/* A usage error: "DIRSYNC <CHECK> UNKNOWN - <sentence>", the usage line, exit 3. */
_Noreturn void ds_run_refuse(ds_run *run, const char *sentence);

/* The step failed: the -t state with "timed out after N s: <sentence>" when the deadline
 * ended it (err->timed_out, or the clock says so), else UNKNOWN with the sentence. */
void ds_run_fail(ds_run *run, const ds_error *err);

/* Stops the watchdog, prints the verdict and frees the run; returns the exit code. */
int ds_run_finish(ds_run *run);

/* The value of an option that names a state (--disabled-state=critical); the sentence
 * names the option and the four choices. */
bool ds_state_option(const char *option, const char *value, ds_state *state, ds_error *err);

/* "dirsync-plugins/1.2.0 check_dirsync_age": what the plugin calls itself in HTTP. */
const char *ds_plugin_user_agent(const ds_plugin *plugin);

/* The start of --help: the program and version, plugin->about, the usage line and the
 * options every plugin has. */
void ds_print_help_header(const ds_plugin *plugin, FILE *out);

/* The closing help paragraph: exit codes and where to report problems. */
void ds_print_help_footer(FILE *out);

#endif

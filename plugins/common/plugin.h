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

#include "core/error.h"
#include "core/extra_opts.h"
#include "core/output.h"
#include "core/states.h"

typedef struct ds_plugin {
	const char *progname; /* "check_dirsync_os" */
	const char *check;    /* "OS": the word after DIRSYNC in the first line */
	const char *usage;    /* the option synopsis after the program name */
	const char *about;    /* what --help says first: what the check judges */
} ds_plugin;

/* Long-only options take numbers from here: first the shared ones (DS_CLOUD_OPT_*), then
 * each plugin's own from DS_OPT_PLUGIN, the same number in every plugin. */
#define DS_OPT_SHARED 0x100
#define DS_OPT_PLUGIN 0x200

typedef struct ds_common_options {
	unsigned verbosity; /* -v, up to 3 */
	unsigned timeout_seconds;
	ds_state timeout_state;
} ds_common_options;

#define DS_COMMON_SHORT_OPTIONS "hVvt:"
#define DS_COMMON_LONG_OPTIONS                                                                     \
	{"help", no_argument, NULL, 'h'}, {"version", no_argument, NULL, 'V'},                         \
	    {"verbose", no_argument, NULL, 'v'}, {                                                     \
		"timeout", required_argument, NULL, 't'                                                    \
	}

ds_common_options ds_common_defaults(void);

/* Takes one option for ds_parse_options; false with a sentence when the value is bad. */
typedef bool (*ds_option_taker)(int option, const char *value, void *config, ds_error *err);

typedef struct ds_option_parser {
	const char *short_options;         /* the plugin's own ("w:c:") */
	const struct option *long_options; /* all, DS_COMMON_LONG_OPTIONS included */
	void (*print_help)(void);
	ds_option_taker take; /* the plugin's own options */
	void *config;
	ds_option_taker take_shared; /* those numbered DS_OPT_SHARED up to DS_OPT_PLUGIN */
	void *shared_config;
} ds_option_parser;

/* getopt_long over argv: the reserved options go to common (-h prints the help and exits
 * 3, -V the version), every other option to the parser's takers. An unknown option, a
 * missing value or a positional argument is an error sentence. */
bool ds_parse_options(const ds_plugin *plugin, int argc, char **argv,
                      const ds_option_parser *parser, ds_common_options *common, ds_error *err);

/* The start of every main, in this order: no core dump (ds_protect_process), -t counted
 * from here and its watchdog armed with the -t of the command line, stdout in binary mode, the
 * --extra-opts options added to argc/argv (into expanded, which the caller frees with
 * ds_argv_free), then the secrets hidden in the original argv (ds_hide_secret_arguments
 * with long_options, secret_options and url_options, which may be NULL). Returns the
 * start time for ds_plugin_rearm and the deadline. */
int64_t ds_plugin_begin(const ds_plugin *plugin, const struct option *long_options,
                        const char *const *secret_options, const char *const *url_options,
                        int *argc, char ***argv, ds_argv *expanded);

/* The watchdog of -t (core/watchdog.h) for this plugin, armed by ds_plugin_begin:
 * ds_plugin_rearm once the options are known, ds_plugin_step names each step that may
 * block, and ds_plugin_finish stops it and prints the verdict (returns the exit code). */
void ds_plugin_rearm(const ds_plugin *plugin, int64_t started_ms, const ds_common_options *common);
void ds_plugin_step(const char *step);
int ds_plugin_finish(const ds_verdict *verdict);

/* Replaces argv with argv plus the --extra-opts options; a failure is a usage error. */
void ds_expand_extra_opts(const ds_plugin *plugin, int *argc, char ***argv, ds_argv *storage);

/* The value of an option that names a state (--disabled-state=critical); the sentence
 * names the option and the four choices. */
bool ds_state_option(const char *option, const char *value, ds_state *state, ds_error *err);

/* Overwrites, in argv itself (what ps shows), the values of the options that may carry a
 * secret, however getopt_long would spell them: the options named in secret_options and
 * any abbreviation of them, the password in the URL of the options named in url_options
 * (user:password@host), and the value of any option that long_options does not know (a
 * mistyped --client-secert=S). Either list may be NULL; both end with NULL. The options
 * must have been copied out of argv first (ds_expand_extra_opts does). */
void ds_hide_secret_arguments(int argc, char **argv, const struct option *long_options,
                              const char *const *secret_options, const char *const *url_options);

/* "dirsync-plugins/1.2.0 check_dirsync_age": what the plugin calls itself in HTTP. */
const char *ds_plugin_user_agent(const ds_plugin *plugin);

/* Prints "DIRSYNC <CHECK> UNKNOWN - <sentence>", the usage line and where to find
 * help, then exits 3. */
_Noreturn void ds_usage_error(const ds_plugin *plugin, const char *sentence);

/* The start of --help: the program and version, plugin->about, the usage line and the
 * options every plugin has. */
void ds_print_help_header(const ds_plugin *plugin, FILE *out);

/* The closing help paragraph: exit codes and where to report problems. */
void ds_print_help_footer(FILE *out);

#endif

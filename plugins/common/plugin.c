/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (C) 2026 The dirsync-plugins developers */
#include "config.h"

#include "common/plugin.h"

#include <stdlib.h>
#include <string.h>

#include "common/options.h"
#include "core/sys.h"
#include "core/text.h"
#include "core/watchdog.h"

const char *ds_plugin_user_agent(const ds_plugin *plugin) {
	static char agent[128];
	(void)ds_format_text(agent, sizeof agent, "%s/%s %s", PACKAGE_NAME, PACKAGE_VERSION,
	                     plugin->progname);
	return agent;
}

/* Prints "DIRSYNC <CHECK> UNKNOWN - <sentence>", the usage line and where to find
 * help, then exits 3. */
static _Noreturn void usage_error(const ds_plugin *plugin, const char *sentence) {
	ds_watchdog_disarm();
	ds_stdout_binary();
	printf("DIRSYNC %s UNKNOWN - %s\n", plugin->check, sentence);
	printf("Usage: %s %s\n", plugin->progname, plugin->usage);
	printf("Try '%s --help' for all options.\n", plugin->progname);
	(void)fflush(stdout);
	exit(DS_UNKNOWN);
}

/* The -t state as the plugin reports it (timeout_never_ok: UNKNOWN for ok). */
static ds_state timeout_state(const ds_plugin *plugin, ds_state chosen) {
	return plugin->timeout_never_ok && chosen == DS_OK ? DS_UNKNOWN : chosen;
}

bool ds_run_start(ds_run *run, const ds_plugin *plugin, int argc, char **argv, void *config,
                  void *shared_config, ds_common_options *common, ds_error *err) {
	ds_protect_process();
	memset(run, 0, sizeof *run);
	run->plugin = plugin;
	/* -t counts from here: reading options and files is part of the run. */
	run->started_ms = ds_monotonic_ms();
	unsigned seconds;
	ds_state state;
	ds_watchdog_timeout_from_argv(argc, argv, &seconds, &state);
	(void)ds_watchdog_arm(plugin->check, run->started_ms, seconds, timeout_state(plugin, state));
	ds_watchdog_step("reading the --extra-opts file");
	ds_stdout_binary();
	ds_error expand_err;
	if (!ds_extra_opts_expand(argc, argv, plugin->progname, &run->expanded, &expand_err)) {
		ds_run_refuse(run, expand_err.text);
	}
	/* After the expansion, which copied the values that the options are parsed from. */
	ds_hide_secret_arguments(argc, argv, plugin->long_options, plugin->secret_options,
	                         plugin->url_options);
	bool usable = ds_parse_options(plugin, &run->expanded, config, shared_config, common, err);
	common->timeout_state = timeout_state(plugin, common->timeout_state);
	(void)ds_watchdog_arm(plugin->check, run->started_ms, common->timeout_seconds,
	                      common->timeout_state);
	run->deadline =
	    ds_deadline_start_at(run->started_ms, common->timeout_seconds, common->timeout_state);
	ds_verdict_init(&run->verdict, plugin->check);
	return usable;
}

void ds_run_step(const char *step) {
	ds_watchdog_step(step);
}

_Noreturn void ds_run_refuse(ds_run *run, const char *sentence) {
	ds_argv_free(&run->expanded);
	usage_error(run->plugin, sentence);
}

void ds_run_fail(ds_run *run, const ds_error *err) {
	if (err->timed_out || ds_deadline_expired(&run->deadline)) {
		ds_verdict_set(&run->verdict, run->deadline.state, "timed out after %u s: %s",
		               run->deadline.seconds, err->text);
	} else {
		ds_verdict_set(&run->verdict, DS_UNKNOWN, "%s", err->text);
	}
}

int ds_run_finish(ds_run *run) {
	ds_watchdog_disarm();
	ds_argv_free(&run->expanded);
	return ds_verdict_emit(&run->verdict);
}

static void ds_print_common_help(FILE *out) {
	fputs(" -h, --help\n"
	      "    Print this help and exit (exit code 3).\n"
	      " -V, --version\n"
	      "    Print the version and exit (exit code 3).\n"
	      " -v, --verbose\n"
	      "    More detail in the long output; repeat up to -vvv. Secrets are never shown.\n"
	      " -t, --timeout=SECONDS[:STATE]\n"
	      "    One deadline for the whole run (default: 10 seconds, state UNKNOWN). STATE\n"
	      "    is ok, warning, critical or unknown: the state to report when time runs out.\n"
	      " --extra-opts=[SECTION][@FILE]\n"
	      "    Read options from an ini file (Monitoring Plugins convention): each line\n"
	      "    key=value of [SECTION] (default: the plugin's name) is the long option\n"
	      "    --key=value; the command line wins. Without @FILE the file is $MP_CONFIG_FILE,\n"
	      "    a monitoring-plugins.ini/plugins.ini in $NAGIOS_CONFIG_PATH, or\n"
	      "    /etc/monitoring-plugins/monitoring-plugins.ini and the other standard paths.\n",
	      out);
}

void ds_print_help_header(const ds_plugin *plugin, FILE *out) {
	fprintf(out, "%s %s (%s)\n\n%s\n", plugin->progname, PACKAGE_VERSION, PACKAGE_NAME,
	        plugin->about);
	fprintf(out, "Usage: %s %s\n\nOptions:\n", plugin->progname, plugin->usage);
	ds_print_common_help(out);
}

void ds_print_help_footer(FILE *out) {
	fputs("\nExit codes: 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN (bad options, or the facts\n"
	      "could not be read: the first line says why and what to do). A fault never\n"
	      "reports OK.\n",
	      out);
	fputs("\nWhen reporting a problem, include the output of the same command with -vvv.\n", out);
}

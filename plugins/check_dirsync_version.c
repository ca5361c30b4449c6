/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (C) 2026 The dirsync-plugins developers */
/* check_dirsync_version: is the installed directory sync tool still supported, and does
 * the cloud still accept it? Judged against the dated release table. */
#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/deadline.h"
#include "core/lifecycle.h"
#include "core/output.h"
#include "common/plugin.h"
#include "version/releases.h"
#include "version/install.h"
#include "core/sys.h"
#include "core/text.h"
#include "core/timestamp.h"
#include "version_graph.h"
#include "version/judge.h"

static void print_help(void);
static bool take_option(int option, const char *value, void *context, ds_error *err);

enum {
	OPT_INSTALLED_VERSION = DS_OPT_PLUGIN,
	OPT_LOCAL,
	OPT_GRAPH,
	OPT_RELEASES,
	OPT_ABSENT_STATE,
};

static const struct option long_options[] = {
    DS_COMMON_LONG_OPTIONS,
    DS_CLOUD_LONG_OPTIONS,
    {"installed-version", required_argument, NULL, OPT_INSTALLED_VERSION},
    {"local", no_argument, NULL, OPT_LOCAL},
    {"graph", no_argument, NULL, OPT_GRAPH},
    {"releases", required_argument, NULL, OPT_RELEASES},
    {"absent-state", required_argument, NULL, OPT_ABSENT_STATE},
    {NULL, 0, NULL, 0},
};

static const ds_plugin plugin = {
    .progname = "check_dirsync_version",
    .check = "VERSION",
    .usage = "(--installed-version=X.Y.Z.W | --local | --graph <credential options>)\n"
             "       [-w DAYS] [-c DAYS] [--releases=FILE] [--absent-state=STATE]\n"
             "       [-t SECONDS[:STATE]] [-v] [--extra-opts=[SECTION][@FILE]]",
    .about = "Checks that the installed directory sync tool is still supported and still\n"
             "accepted by Microsoft's cloud. DirSync, Azure AD Sync and Azure AD Connect 1.x no\n"
             "longer sync at all, and Entra Connect builds below 2.5.79.0 stopped syncing on\n"
             "2026-09-30: those are always CRITICAL. Other 2.x builds retire 12 months after\n"
             "their successor ships: -w/-c warn before that day. The build comes from this\n"
             "Windows host (--local), from Microsoft Graph (--graph) or from the command line.\n",
    .print_help = print_help,
    .long_options = long_options,
    .take = take_option,
    .take_shared = version_graph_option,
    .secret_options = DS_CLOUD_SECRET_OPTIONS,
    .url_options = DS_CLOUD_URL_OPTIONS,
};

typedef enum version_source {
	SOURCE_DEFAULT,
	SOURCE_GIVEN,
	SOURCE_LOCAL,
	SOURCE_GRAPH,
} version_source;

typedef struct version_config {
	ds_common_options common;
	version_graph *graph; /* --graph and its options */
	version_source source;
	unsigned sources_given;
	const char *installed_version;
	const char *releases;
	unsigned warning_days; /* -w and -c, read once all options are */
	unsigned critical_days;
	ds_state absent_state;
} version_config;

static void print_help(void) {
	ds_print_help_header(&plugin, stdout);
	fputs(" --installed-version=X.Y.Z.W\n"
	      "    Judge this build (e.g. from an inventory system); works anywhere.\n"
	      " --local\n"
	      "    Read the installed build on this Windows host (the default there): the file\n"
	      "    version of the sync engine miiserver.exe found through the ADSync service,\n"
	      "    then AzureADConnect.exe, then the uninstall entries, then DirSync's keys.\n"
	      " --graph\n"
	      "    Ask Microsoft Graph (beta directory/onPremisesSynchronization) which sync\n"
	      "    client build last synced, with the credential options below. Needs\n"
	      "    OnPremDirectorySynchronization.Read.All. Not in the Windows build.\n"
	      " -w, --warning=DAYS\n"
	      "    WARNING when the build's end of support is fewer than DAYS away (default 60).\n"
	      " -c, --critical=DAYS\n"
	      "    CRITICAL when fewer than DAYS are left (default 0: the build has retired).\n"
	      " --releases=FILE\n"
	      "    Judge against this release table instead of the built-in one (same format\n"
	      "    as sync-releases.txt in the package's data directory).\n"
	      " --absent-state=STATE\n"
	      "    State when --local finds no sync tool installed (default unknown).\n",
	      stdout);
	version_graph_print_help(stdout);
	fputs("\nStates:\n"
	      "  CRITICAL  DirSync, Azure AD Sync, Azure AD Connect 1.x, or a build below the\n"
	      "            minimum the cloud accepts (2.5.79.0 since 2026-09-30): sync has\n"
	      "            stopped; or a retired build (fewer than -c days left).\n"
	      "  WARNING   the build retires in fewer than -w days.\n"
	      "  OK        a supported build (or one newer than the table, with a note).\n"
	      "  UNKNOWN   no version could be read, a malformed version or table, a Graph or\n"
	      "            network problem; the text says which, with the fix.\n"
	      "\nPerformance data: support_days_left=<days>;<warn>:;<crit>: (omitted while the\n"
	      "end of support is not announced).\n",
	      stdout);
	ds_print_help_footer(stdout);
}

static bool choose_source(version_config *config, version_source source) {
	config->sources_given++;
	config->source = source;
	return true;
}

static bool take_option(int option, const char *value, void *context, ds_error *err) {
	version_config *config = context;
	switch (option) {
		case OPT_INSTALLED_VERSION:
			config->installed_version = value;
			return choose_source(config, SOURCE_GIVEN);
		case OPT_LOCAL:
			return choose_source(config, SOURCE_LOCAL);
		case OPT_GRAPH:
			return choose_source(config, SOURCE_GRAPH);
		case OPT_RELEASES:
			config->releases = value;
			return true;
		case OPT_ABSENT_STATE:
			return ds_state_option("absent-state", value, &config->absent_state, err);
		default:
			return ds_error_set(err, "unhandled option");
	}
}

/* What the options say together, once all are in. */
static bool check_options(version_config *config, ds_version_facts *facts, ds_error *err) {
	if (config->sources_given > 1) {
		return ds_error_set(err, "choose one source: --installed-version, --local or --graph");
	}
	if (!ds_days_options(config->common.warning, config->common.critical, &config->warning_days,
	                     &config->critical_days, err)) {
		return false;
	}
	/* Without a source the host is asked; off Windows that says which option to give. */
	if (config->source == SOURCE_DEFAULT) {
		config->source = SOURCE_LOCAL;
	}
	if (config->source == SOURCE_GIVEN) {
		(void)ds_format_text(facts->source, sizeof facts->source, "--installed-version");
		facts->has_version = ds_version_parse(config->installed_version, &facts->version, err);
		return facts->has_version;
	}
	return true;
}

static bool load_table(const version_config *config, ds_release_table *table, ds_error *err) {
	if (config->releases != NULL) {
		return ds_releases_load(config->releases, table, err);
	}
	return ds_releases_parse(ds_releases_builtin_text, "built-in table", table, err);
}

/* --local: the sync tool on this host. Returns false with err when it cannot be read;
 * *absent is set when nothing is installed. */
static bool read_local(ds_version_facts *facts, bool *absent, ds_error *err) {
	ds_sync_install install;
	*absent = false;
	if (!ds_sync_install_read(&install, err)) {
		return false;
	}
	(void)ds_format_text(facts->source, sizeof facts->source, "%s", install.source);
	if (install.kind == DS_INSTALL_NONE) {
		*absent = true;
		return true;
	}
	if (!install.has_version) {
		facts->dirsync_without_version = install.kind == DS_INSTALL_DIRSYNC;
		if (!facts->dirsync_without_version) {
			return ds_error_set(err,
			                    "a sync tool is installed but its version could not be "
			                    "read (%s): give --installed-version",
			                    install.source);
		}
		return true;
	}
	if (!ds_version_parse(install.version, &facts->version, err)) {
		return ds_error_prefix(err, "the installed sync tool: ");
	}
	facts->has_version = true;
	return true;
}

/* The build from the chosen source; *absent when --local finds nothing installed. */
static bool read_facts(version_config *config, ds_run *run, ds_version_facts *facts, bool *absent,
                       ds_error *err) {
	*absent = false;
	switch (config->source) {
		case SOURCE_LOCAL:
			ds_run_step("reading the installed sync tool");
			return read_local(facts, absent, err);
		case SOURCE_GRAPH:
			ds_run_step("getting a token and asking Microsoft Graph");
			return version_graph_read(config->graph, &run->deadline, config->common.verbosity,
			                          &run->verdict, facts, err);
		default:
			return true; /* --installed-version, read with the options */
	}
}

int main(int argc, char **argv) {
	version_config config = {
	    .common = ds_common_defaults(NULL, NULL),
	    .graph = version_graph_new(),
	    .warning_days = DS_LIFECYCLE_DEFAULT_WARNING_DAYS,
	    .critical_days = DS_LIFECYCLE_DEFAULT_CRITICAL_DAYS,
	    .absent_state = DS_UNKNOWN,
	};
	ds_version_facts facts = {0};
	ds_run run;
	ds_error err = {0};
	bool usable =
	    ds_run_start(&run, &plugin, argc, argv, &config, config.graph, &config.common, &err) &&
	    (config.graph != NULL || ds_error_set(&err, "out of memory")) &&
	    check_options(&config, &facts, &err);
	if (usable && config.source == SOURCE_GRAPH) {
		ds_run_step("reading the credential files");
		usable = version_graph_prepare(config.graph, ds_plugin_user_agent(&plugin), &err);
	}
	if (!usable) {
		version_graph_free(config.graph);
		ds_run_refuse(&run, err.text);
	}
	ds_run_step("reading the release table");
	ds_release_table *table = malloc(sizeof *table);
	bool absent = false;
	if (table == NULL) {
		ds_verdict_set(&run.verdict, DS_UNKNOWN, "out of memory for the release table");
	} else if (!load_table(&config, table, &err) ||
	           !read_facts(&config, &run, &facts, &absent, &err)) {
		ds_run_fail(&run, &err);
	} else if (absent) {
		ds_verdict_set(&run.verdict, config.absent_state,
		               "no sync tool installed on this host (no ADSync service, Azure AD "
		               "Connect, Entra Connect or DirSync found)");
		ds_verdict_detail(&run.verdict, "looked at: %s", facts.source);
	} else {
		ds_version_policy policy = {.warning_days = config.warning_days,
		                            .critical_days = config.critical_days,
		                            .now = ds_now_epoch()};
		ds_version_judge(&facts, table, &policy, &run.verdict);
	}
	free(table);
	version_graph_free(config.graph);
	return ds_run_finish(&run);
}

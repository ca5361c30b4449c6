/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (C) 2026 The dirsync-plugins developers */
/* check_dirsync_os: is this host an OS on which Microsoft Entra Connect Sync can run?
 * 64-bit, and on Windows a supported Windows Server release with the full GUI that is
 * still in extended support. */
#include "config.h"

#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/lifecycle.h"
#include "os/facts.h"
#include "os/judge.h"
#include "core/output.h"
#include "common/plugin.h"
#include "core/sys.h"
#include "core/timestamp.h"
#include "os/winserver.h"

static const ds_plugin plugin = {
    .progname = "check_dirsync_os",
    .check = "OS",
    .usage = "[--arch-only] [-w DAYS] [-c DAYS] [--os-table=FILE] [-t SECONDS[:STATE]] [-v]\n"
             "       [--extra-opts=[SECTION][@FILE]]",
    .about = "Checks that this host runs an operating system on which Microsoft Entra Connect\n"
             "Sync (formerly Azure AD Connect) is supported: a 64-bit OS and, on Windows, a\n"
             "Windows Server release the sync tool supports (2016, 2019, 2022; 2025 is not\n"
             "supported yet), installed with the full GUI (not Server Core), that is still in\n"
             "extended support. On Linux and other POSIX systems only the 64-bit condition is\n"
             "judged, from the kernel's machine type.\n",
};

typedef struct os_config {
	ds_common_options common;
	bool arch_only;
	const char *warning; /* -w and -c as given, read once all options are */
	const char *critical;
	unsigned warning_days;
	unsigned critical_days;
	const char *os_table; /* NULL: the built-in table */
} os_config;

enum { OPT_ARCH_ONLY = DS_OPT_PLUGIN, OPT_OS_TABLE };

static void print_help(void) {
	ds_print_help_header(&plugin, stdout);
	fputs(" --arch-only\n"
	      "    Only require a 64-bit OS; ignore the Windows release, edition and lifecycle.\n"
	      " -w, --warning=DAYS\n"
	      "    WARNING when fewer than DAYS days of extended support are left (default 60).\n"
	      " -c, --critical=DAYS\n"
	      "    CRITICAL when fewer than DAYS days are left (default 0: support has ended).\n"
	      " --os-table=FILE\n"
	      "    Judge against this Windows Server table instead of the built-in one (same\n"
	      "    format as windows-server.txt in the package's data directory).\n",
	      stdout);
	fputs("\nStates (Windows):\n"
	      "  CRITICAL  32-bit Windows; a client edition; Windows Server 2012 R2 or older;\n"
	      "            Server Core; extended support ended (or fewer than -c days left).\n"
	      "  WARNING   Windows Server 2025 (not supported by Microsoft yet; KB5070773);\n"
	      "            fewer than -w days of extended support left.\n"
	      "  UNKNOWN   the version, product type or installation type could not be read, or\n"
	      "            the build is not in the table.\n"
	      "  OK        Windows Server 2016, 2019 or 2022, 64-bit, full GUI, in support.\n"
	      "\nPerformance data: support_days_left=<days>;<warn>:;<crit>: (Windows).\n",
	      stdout);
	ds_print_help_footer(stdout);
}

static bool take_option(int option, const char *value, void *context, ds_error *err) {
	os_config *config = context;
	switch (option) {
		case 'w':
			config->warning = value;
			return true;
		case 'c':
			config->critical = value;
			return true;
		case OPT_ARCH_ONLY:
			config->arch_only = true;
			return true;
		case OPT_OS_TABLE:
			config->os_table = value;
			return true;
		default:
			return ds_error_set(err, "unhandled option");
	}
}

static const struct option long_options[] = {
    DS_COMMON_LONG_OPTIONS,
    {"warning", required_argument, NULL, 'w'},
    {"critical", required_argument, NULL, 'c'},
    {"arch-only", no_argument, NULL, OPT_ARCH_ONLY},
    {"os-table", required_argument, NULL, OPT_OS_TABLE},
    {NULL, 0, NULL, 0},
};

static bool parse_arguments(int argc, char **argv, os_config *config, ds_error *err) {
	ds_option_parser parser = {.short_options = "w:c:",
	                           .long_options = long_options,
	                           .print_help = print_help,
	                           .take = take_option,
	                           .config = config};
	if (!ds_parse_options(&plugin, argc, argv, &parser, &config->common, err)) {
		return false;
	}
	return ds_days_options(config->warning, config->critical, &config->warning_days,
	                       &config->critical_days, err);
}

static bool load_table(const os_config *config, ds_winserver_table *table, ds_error *err) {
	if (config->os_table != NULL) {
		return ds_winserver_load(config->os_table, table, err);
	}
	return ds_winserver_parse(ds_winserver_builtin_text, "built-in table", table, err);
}

int main(int argc, char **argv) {
	ds_argv expanded;
	/* -t counts from here: reading options and files is part of the run. */
	const int64_t started_ms =
	    ds_plugin_begin(&plugin, long_options, NULL, NULL, &argc, &argv, &expanded);

	os_config config = {
	    .common = ds_common_defaults(),
	    .warning_days = DS_LIFECYCLE_DEFAULT_WARNING_DAYS,
	    .critical_days = DS_LIFECYCLE_DEFAULT_CRITICAL_DAYS,
	};
	ds_error err;
	bool usable = parse_arguments(argc, argv, &config, &err);
	ds_plugin_rearm(&plugin, started_ms, &config.common);
	if (!usable) {
		ds_argv_free(&expanded);
		ds_usage_error(&plugin, err.text);
	}

	ds_verdict verdict;
	ds_verdict_init(&verdict, plugin.check);
	ds_winserver_table table;
	ds_os_facts facts;
	ds_plugin_step("reading the Windows Server table");
	if (!load_table(&config, &table, &err)) {
		ds_verdict_set(&verdict, DS_UNKNOWN, "%s", err.text);
	} else if (ds_plugin_step("reading the operating system's version"),
	           !ds_os_facts_read(&facts, &err)) {
		ds_verdict_set(&verdict, DS_UNKNOWN, "%s", err.text);
	} else {
		ds_os_policy policy = ds_os_policy_default(ds_now_epoch());
		policy.arch_only = config.arch_only;
		policy.warning_days = config.warning_days;
		policy.critical_days = config.critical_days;
		ds_os_judge(&facts, &table, &policy, &verdict);
		if (config.common.verbosity >= 2 && facts.is_windows) {
			char as_of[16];
			if (ds_date_format(table.as_of, as_of, sizeof as_of)) {
				ds_verdict_detail(&verdict, "Windows Server table: %s, as of %s, %zu releases",
				                  table.origin, as_of, table.count);
			}
		}
	}
	ds_argv_free(&expanded);
	return ds_plugin_finish(&verdict);
}

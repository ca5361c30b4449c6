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

static void print_help(void);
static bool take_option(int option, const char *value, void *context, ds_error *err);

enum { OPT_ARCH_ONLY = DS_OPT_PLUGIN, OPT_OS_TABLE };

static const struct option long_options[] = {
    DS_COMMON_LONG_OPTIONS,
    {"arch-only", no_argument, NULL, OPT_ARCH_ONLY},
    {"os-table", required_argument, NULL, OPT_OS_TABLE},
    {NULL, 0, NULL, 0},
};

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
    .print_help = print_help,
    .long_options = long_options,
    .take = take_option,
};

typedef struct os_config {
	ds_common_options common;
	bool arch_only;
	unsigned warning_days; /* -w and -c, read once all options are */
	unsigned critical_days;
	const char *os_table; /* NULL: the built-in table */
} os_config;

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

static bool load_table(const os_config *config, ds_winserver_table *table, ds_error *err) {
	if (config->os_table != NULL) {
		return ds_winserver_load(config->os_table, table, err);
	}
	return ds_winserver_parse(ds_winserver_builtin_text, "built-in table", table, err);
}

/* At -vv: which table judged. */
static void describe_table(const ds_winserver_table *table, ds_verdict *verdict) {
	char as_of[16];
	if (ds_date_format(table->as_of, as_of, sizeof as_of)) {
		ds_verdict_detail(verdict, "Windows Server table: %s, as of %s, %zu releases",
		                  table->origin, as_of, table->count);
	}
}

int main(int argc, char **argv) {
	os_config config = {
	    .common = ds_common_defaults(NULL, NULL),
	    .warning_days = DS_LIFECYCLE_DEFAULT_WARNING_DAYS,
	    .critical_days = DS_LIFECYCLE_DEFAULT_CRITICAL_DAYS,
	};
	ds_run run;
	ds_error err = {0};
	if (!ds_run_start(&run, &plugin, argc, argv, &config, NULL, &config.common, &err) ||
	    !ds_days_options(config.common.warning, config.common.critical, &config.warning_days,
	                     &config.critical_days, &err)) {
		ds_run_refuse(&run, err.text);
	}
	ds_winserver_table table;
	ds_os_facts facts;
	ds_run_step("reading the Windows Server table");
	if (!load_table(&config, &table, &err)) {
		ds_run_fail(&run, &err);
	} else if (ds_run_step("reading the operating system's version"),
	           !ds_os_facts_read(&facts, &err)) {
		ds_run_fail(&run, &err);
	} else {
		ds_os_policy policy = ds_os_policy_default(ds_now_epoch());
		policy.arch_only = config.arch_only;
		policy.warning_days = config.warning_days;
		policy.critical_days = config.critical_days;
		ds_os_judge(&facts, &table, &policy, &run.verdict);
		if (config.common.verbosity >= 2 && facts.is_windows) {
			describe_table(&table, &run.verdict);
		}
	}
	return ds_run_finish(&run);
}

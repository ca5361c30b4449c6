/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (C) 2026 The dirsync-plugins developers */
/* check_dirsync_age: how long ago did the tenant last sync from on-premises AD?
 * Reads onPremisesLastSyncDateTime from Microsoft Graph; catches every stopped sync,
 * whatever stopped it. */
#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "age/judge.h"
#include "common/cloud_cli.h"
#include "core/deadline.h"
#include "core/duration.h"
#include "age/graph.h"
#include "core/output.h"
#include "common/plugin.h"
#include "core/sys.h"

#define PERMISSION                                                                                 \
	"the Microsoft Graph application permission Organization.Read.All with admin consent"

static void print_help(void);
static bool take_option(int option, const char *value, void *context, ds_error *err);

enum { OPT_PASSWORD_SYNC = DS_OPT_PLUGIN, OPT_DISABLED_STATE };

static const struct option long_options[] = {
    DS_COMMON_LONG_OPTIONS,
    DS_CLOUD_LONG_OPTIONS,
    {"password-sync", no_argument, NULL, OPT_PASSWORD_SYNC},
    {"disabled-state", required_argument, NULL, OPT_DISABLED_STATE},
    {NULL, 0, NULL, 0},
};

static const ds_plugin plugin = {
    .progname = "check_dirsync_age",
    .check = "AGE",
    .usage =
        DS_CLOUD_USAGE("       [-w RANGE] [-c RANGE] [--password-sync] [--disabled-state=STATE]\n"),
    .about = "Checks how long ago the tenant last synced from on-premises Active Directory\n"
             "(Microsoft Entra Connect Sync, Azure AD Connect, DirSync), from Microsoft Graph's\n"
             "organization resource (onPremisesLastSyncDateTime). It catches every stopped sync,\n"
             "whatever the cause: a retired sync build (Event 109), a stopped service, a dead\n"
             "server, a forgotten staging-mode switch. Runs on the monitoring server. The app\n"
             "needs the Microsoft Graph application permission Organization.Read.All with\n"
             "admin consent.\n",
    .print_help = print_help,
    .long_options = long_options,
    .take = take_option,
    DS_CLOUD_PLUGIN_OPTIONS,
};

typedef struct age_config {
	ds_common_options common;
	ds_cloud_settings cloud;
	bool password_sync;
	ds_state disabled_state;
} age_config;

static void print_help(void) {
	ds_print_help_header(&plugin, stdout);
	fputs(" -w, --warning=RANGE\n"
	      "    WARNING when the sync age is outside RANGE (default 1h). Durations take s, m,\n"
	      "    h, d, w (1h30m); ranges follow the Monitoring Plugins syntax (30m:, ~:2h, @1h:2h).\n"
	      " -c, --critical=RANGE\n"
	      "    CRITICAL when the sync age is outside RANGE (default 3h).\n"
	      " --password-sync\n"
	      "    Also read the last password hash sync (Graph beta) and judge the older of the\n"
	      "    two times. No password sync time is reported, not treated as a failure.\n"
	      " --disabled-state=STATE\n"
	      "    State when directory sync is turned off for the tenant (default critical).\n",
	      stdout);
	ds_cloud_print_help(stdout);
	fputs("\nStates:\n"
	      "  OK/WARNING/CRITICAL  by -w/-c on the age of the last sync;\n"
	      "  --disabled-state     when onPremisesSyncEnabled is false;\n"
	      "  UNKNOWN              no last sync time (missing permission or never synced), a\n"
	      "                       credential, Graph, network or TLS problem: the text says\n"
	      "                       which, with the fix. A timeout reports the -t state.\n"
	      "\nPerformance data: sync_age=<seconds>s;<warn>;<crit>;0 (and password_sync_age).\n",
	      stdout);
	ds_print_help_footer(stdout);
}

static bool take_option(int option, const char *value, void *context, ds_error *err) {
	age_config *config = context;
	switch (option) {
		case OPT_PASSWORD_SYNC:
			config->password_sync = true;
			return true;
		case OPT_DISABLED_STATE:
			return ds_state_option("disabled-state", value, &config->disabled_state, err);
		default:
			return ds_error_set(err, "unhandled option");
	}
}

static bool resolve_thresholds(const age_config *config, ds_thresholds *thresholds, ds_error *err) {
	thresholds->has_warning = true;
	thresholds->has_critical = true;
	if (!ds_duration_range_parse(config->common.warning, &thresholds->warning, err)) {
		return ds_error_prefix(err, "-w: ");
	}
	if (!ds_duration_range_parse(config->common.critical, &thresholds->critical, err)) {
		return ds_error_prefix(err, "-c: ");
	}
	return true;
}

static bool read_organization(ds_cloud_session *session, const age_config *config, ds_run *run,
                              ds_org_sync *facts, ds_error *err) {
	ds_http_response response;
	if (!ds_cloud_graph_get(session, ds_graph_organization_path(config->password_sync), PERMISSION,
	                        &run->deadline, config->common.verbosity, &run->verdict, &response,
	                        err)) {
		return false;
	}
	bool ok = ds_graph_parse_organization(response.body, response.body_len, config->password_sync,
	                                      facts, err);
	ds_http_response_free(&response);
	return ok;
}

int main(int argc, char **argv) {
	age_config config = {
	    .common = ds_common_defaults(DS_AGE_DEFAULT_WARNING, DS_AGE_DEFAULT_CRITICAL),
	    .cloud = {.assertion_alg = DS_ASSERTION_PS256},
	    .disabled_state = DS_CRITICAL,
	};
	ds_run run;
	ds_error err = {0};
	ds_thresholds thresholds;
	ds_cloud_session session = {0};
	bool usable =
	    ds_run_start(&run, &plugin, argc, argv, &config, &config.cloud, &config.common, &err) &&
	    resolve_thresholds(&config, &thresholds, &err) &&
	    ds_cloud_run_start(&run, &config.cloud, &config.common, &session, &err);
	if (!usable) {
		ds_cloud_close(&session);
		ds_run_refuse(&run, err.text);
	}
	ds_org_sync facts;
	ds_run_step("getting a token and asking Microsoft Graph");
	if (!read_organization(&session, &config, &run, &facts, &err)) {
		ds_run_fail(&run, &err);
	} else {
		ds_age_policy policy = {.thresholds = thresholds,
		                        .disabled_state = config.disabled_state,
		                        .now = ds_now_epoch()};
		ds_age_judge(&facts, &policy, &run.verdict);
	}
	ds_cloud_close(&session);
	return ds_run_finish(&run);
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (C) 2026 The dirsync-plugins developers */
/* check_dirsync_errors: which objects has the cloud stopped syncing? A user or group
 * whose userPrincipalName or proxy address another object already has stops syncing,
 * silently, while every sync cycle still succeeds. Reads onPremisesProvisioningErrors
 * of users, groups and organizational contacts from Microsoft Graph. */
#include "config.h"

#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/cloud_cli.h"
#include "common/plugin.h"
#include "core/deadline.h"
#include "core/output.h"
#include "core/range.h"
#include "core/sys.h"
#include "core/text.h"
#include "errors/graph.h"
#include "errors/judge.h"

static void print_help(void);
static bool take_option(int option, const char *value, void *context, ds_error *err);

enum { OPT_TYPE = DS_OPT_PLUGIN };

static const struct option long_options[] = {
    DS_COMMON_LONG_OPTIONS,
    DS_CLOUD_LONG_OPTIONS,
    {"type", required_argument, NULL, OPT_TYPE},
    {NULL, 0, NULL, 0},
};

static const ds_plugin plugin = {
    .progname = "check_dirsync_errors",
    .check = "ERRORS",
    .usage = DS_CLOUD_USAGE("       [--type=user,group,contact] [-w RANGE] [-c RANGE]\n"),
    .about = "Checks that the cloud accepts every synced object. A user, group or contact whose\n"
             "userPrincipalName or proxy address is already taken by another object stops\n"
             "syncing, silently, while every sync cycle still succeeds. Microsoft Graph lists\n"
             "these refusals as onPremisesProvisioningErrors; Graph offers no filter on them, so\n"
             "every object of the chosen types is read, page by page (999 a page), keeping only\n"
             "counts and the first objects in error. Runs on the monitoring server. The app\n"
             "needs the Microsoft Graph application permissions User.Read.All, Group.Read.All\n"
             "and OrgContact.Read.All (or Directory.Read.All) with admin consent.\n",
    .print_help = print_help,
    .long_options = long_options,
    .take = take_option,
    DS_CLOUD_PLUGIN_OPTIONS,
    .timeout_never_ok = true,
};

typedef struct errors_config {
	ds_common_options common;
	ds_cloud_settings cloud;
	const char *types;
} errors_config;

static void print_help(void) {
	ds_print_help_header(&plugin, stdout);
	fputs(" --type=LIST\n"
	      "    The objects to read: user, group, contact, comma-separated (default all\n"
	      "    three). Each type needs its permission (see above).\n"
	      " -w, --warning=RANGE\n"
	      "    WARNING when the number of objects in error is outside RANGE (default 0: any\n"
	      "    object in error). Ranges follow the Monitoring Plugins syntax (5, @1:10).\n"
	      " -c, --critical=RANGE\n"
	      "    CRITICAL when the number is outside RANGE (default: never CRITICAL).\n",
	      stdout);
	ds_cloud_print_help(stdout);
	fputs("\nStates:\n"
	      "  OK/WARNING/CRITICAL  by -w/-c on the number of objects in error, counted over\n"
	      "                       every page of every type chosen;\n"
	      "  UNKNOWN              a scan that did not finish (never OK on a partial count): a\n"
	      "                       missing permission (the text names it), a credential,\n"
	      "                       Graph, network or TLS problem, a paging link to another\n"
	      "                       host (the token is never sent there). A timeout reports\n"
	      "                       the -t state, or UNKNOWN when that is OK, with the pages\n"
	      "                       read.\n"
	      "\nOutput: the first object in error in the summary; the long output lists up to 20\n"
	      "(type, name, property, value, since), -v as many of 1000 as 60 KiB holds.\n"
	      "\nPerformance data: errors=<n>;<warn>;<crit>;0 and users=, groups=, contacts= for\n"
	      "the types read.\n",
	      stdout);
	ds_print_help_footer(stdout);
}

static bool take_option(int option, const char *value, void *context, ds_error *err) {
	errors_config *config = context;
	if (option != OPT_TYPE) {
		return ds_error_set(err, "unhandled option");
	}
	config->types = value;
	return true;
}

/* --type: "user,group,contact" in any order, plurals accepted. */
static bool parse_types(const char *text, bool types[DS_OBJECT_TYPES], ds_error *err) {
	static const char *const names[][2] = {
	    {"user", "users"}, {"group", "groups"}, {"contact", "contacts"}};
	memset(types, 0, DS_OBJECT_TYPES * sizeof types[0]);
	const char *p = text;
	bool any = false;
	for (;;) {
		size_t len = strcspn(p, ",");
		bool known = false;
		for (int t = 0; t < DS_OBJECT_TYPES; t++) {
			for (int form = 0; form < 2; form++) {
				if (strlen(names[t][form]) == len && strncmp(p, names[t][form], len) == 0) {
					types[t] = true;
					known = true;
				}
			}
		}
		if (!known) {
			return ds_error_set(err, "invalid --type: expected a comma-separated list of user, "
			                         "group and contact");
		}
		any = true;
		if (p[len] == '\0') {
			break;
		}
		p += len + 1;
	}
	return any;
}

static bool resolve_policy(const errors_config *config, ds_errors_policy *policy, ds_error *err) {
	memset(policy, 0, sizeof *policy);
	policy->list_max =
	    config->common.verbosity >= 1 ? DS_ERRORS_LIST_VERBOSE : DS_ERRORS_LIST_DEFAULT;
	policy->thresholds.has_warning = true;
	if (!ds_range_parse(config->common.warning, &policy->thresholds.warning, err)) {
		return ds_error_prefix(err, "-w: ");
	}
	if (config->common.critical != NULL) {
		policy->thresholds.has_critical = true;
		if (!ds_range_parse(config->common.critical, &policy->thresholds.critical, err)) {
			return ds_error_prefix(err, "-c: ");
		}
	}
	return parse_types(config->types, policy->types, err);
}

/* The watchdog's prepared line names the step; these live as long as the run. */
static const char *const steps[DS_OBJECT_TYPES] = {
    "reading the users from Microsoft Graph", "reading the groups from Microsoft Graph",
    "reading the organizational contacts from Microsoft Graph"};

/* Reads every page of one type; the first request may fetch the token (-v notes it once). */
static bool scan_type(ds_cloud_session *session, ds_object_type type, const ds_deadline *deadline,
                      unsigned verbosity, ds_verdict *verdict, ds_errors_scan *scan,
                      ds_error *err) {
	char path[DS_ERRORS_LINK_MAX];
	char next[DS_ERRORS_LINK_MAX];
	(void)ds_format_text(path, sizeof path, "%s", ds_errors_first_path(type));
	ds_run_step(steps[type]);
	for (unsigned page = 0;; page++) {
		if (ds_deadline_expired(deadline)) {
			return ds_error_timeout(err, "the time ran out before the next page");
		}
		ds_http_response response;
		if (!ds_cloud_graph_get(session, path, ds_errors_permission(type), deadline,
		                        page == 0 ? verbosity : 0, verdict, &response, err)) {
			return false;
		}
		bool ok = ds_errors_parse_page(response.body, response.body_len, type, scan, next,
		                               sizeof next, err);
		ds_http_response_free(&response);
		if (!ok) {
			return false;
		}
		if (next[0] == '\0') {
			scan->type_scanned[type] = true;
			return true;
		}
		if (!ds_errors_next_path(session->graph, next, path, sizeof path, err)) {
			return false;
		}
	}
}

/* A scan that did not finish says how far it got (never OK: see timeout_never_ok). */
static void report_partial(const ds_errors_scan *scan, ds_object_type type, ds_error *err,
                           ds_run *run) {
	uint64_t read = 0;
	uint64_t in_error = 0;
	for (int t = 0; t < DS_OBJECT_TYPES; t++) {
		read += scan->scanned[t];
		in_error += scan->in_error[t];
	}
	(void)ds_error_prefix(
	    err, "reading the %s (%u page%s read, %" PRIu64 " objects, %" PRIu64 " in error so far): ",
	    ds_object_type_name(type, 2), scan->pages, scan->pages == 1 ? "" : "s", read, in_error);
	ds_run_fail(run, err);
}

int main(int argc, char **argv) {
	errors_config config = {
	    .common = ds_common_defaults(DS_ERRORS_DEFAULT_WARNING, NULL),
	    .cloud = {.assertion_alg = DS_ASSERTION_PS256},
	    .types = "user,group,contact",
	};
	ds_run run;
	ds_error err = {0};
	ds_errors_policy policy;
	ds_cloud_session session = {0};
	bool usable =
	    ds_run_start(&run, &plugin, argc, argv, &config, &config.cloud, &config.common, &err) &&
	    resolve_policy(&config, &policy, &err) &&
	    ds_cloud_run_start(&run, &config.cloud, &config.common, &session, &err);
	if (!usable) {
		ds_cloud_close(&session);
		ds_run_refuse(&run, err.text);
	}
	ds_errors_scan scan = {.kept_max = policy.list_max};
	scan.kept = calloc(scan.kept_max, sizeof scan.kept[0]);
	if (scan.kept == NULL) {
		ds_verdict_set(&run.verdict, DS_UNKNOWN, "out of memory for the list of objects in error");
	} else {
		bool complete = true;
		for (int t = 0; t < DS_OBJECT_TYPES && complete; t++) {
			if (policy.types[t] && !scan_type(&session, (ds_object_type)t, &run.deadline,
			                                  config.common.verbosity, &run.verdict, &scan, &err)) {
				report_partial(&scan, (ds_object_type)t, &err, &run);
				complete = false;
			}
		}
		if (complete) {
			ds_errors_judge(&scan, &policy, &run.verdict);
		}
	}
	free(scan.kept);
	ds_cloud_close(&session);
	return ds_run_finish(&run);
}

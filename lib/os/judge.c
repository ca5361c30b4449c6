/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (C) 2026 The dirsync-plugins developers */
#include "os/judge.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "core/lifecycle.h"
#include "core/timestamp.h"

ds_os_policy ds_os_policy_default(int64_t now) {
	ds_os_policy policy = {
	    .arch_only = false,
	    .warning_days = DS_LIFECYCLE_DEFAULT_WARNING_DAYS,
	    .critical_days = DS_LIFECYCLE_DEFAULT_CRITICAL_DAYS,
	    .now = now,
	};
	return policy;
}

/* Every problem goes to the long output; the most serious one is the summary. */
typedef struct findings {
	ds_verdict *verdict;
	size_t count;
	ds_state worst;
	char summary[DS_SUMMARY_MAX];
} findings;

static void add_finding(findings *f, ds_state state, const char *fmt, ...) DS_PRINTF(3, 4);
static void add_finding(findings *f, ds_state state, const char *fmt, ...) {
	char text[DS_SUMMARY_MAX];
	va_list ap;
	va_start(ap, fmt);
	/* A sentence cut at DS_SUMMARY_MAX is still the right sentence, only shorter. */
	if (vsnprintf(text, sizeof text, fmt, ap) < 0) {
		text[0] = '\0';
	}
	va_end(ap);
	ds_verdict_detail(f->verdict, "%s: %s", ds_state_name(state), text);
	if (f->count == 0 || ds_state_worse(f->worst, state) != f->worst) {
		f->worst = state;
		(void)snprintf(f->summary, sizeof f->summary, "%s", text);
	}
	f->count++;
}

static void judge_posix(const ds_os_facts *facts, ds_verdict *verdict) {
	switch (facts->native_bits) {
		case 64:
			ds_verdict_set(verdict, DS_OK, "%s on %s is a 64-bit OS", facts->system,
			               facts->machine);
			break;
		case 32:
			ds_verdict_set(verdict, DS_CRITICAL,
			               "%s on %s is a 32-bit OS: directory sync tools need a 64-bit OS "
			               "(64-bit Windows Server for Entra Connect Sync)",
			               facts->system, facts->machine);
			break;
		default:
			ds_verdict_set(verdict, DS_UNKNOWN,
			               "cannot tell whether machine type '%s' (%s) is 64-bit: run "
			               "'uname -m' and report it with the plugin version",
			               facts->machine, facts->system);
	}
}

/* "2016, 2019 or 2022", from the rows marked supported. */
static void supported_names(const ds_winserver_table *table, char *buf, size_t size) {
	size_t total = 0;
	for (size_t i = 0; i < table->count; i++) {
		total += table->rows[i].support == DS_SYNC_SUPPORTED;
	}
	buf[0] = '\0';
	size_t seen = 0;
	size_t len = 0;
	for (size_t i = 0; i < table->count && len < size; i++) {
		const ds_winserver_release *row = &table->rows[i];
		if (row->support != DS_SYNC_SUPPORTED) {
			continue;
		}
		const char *year = strrchr(row->name, ' ');
		year = year != NULL && strncmp(row->name, "Windows Server", 14) == 0 ? year + 1 : row->name;
		const char *sep = seen == 0 ? "" : seen + 1 == total ? " or " : ", ";
		int written = snprintf(buf + len, size - len, "%s%s", sep, year);
		if (written < 0) {
			break;
		}
		len += (size_t)written;
		seen++;
	}
}

static void judge_release(const ds_os_facts *facts, const ds_winserver_table *table,
                          const ds_winserver_release *row, const char *name, findings *f) {
	char targets[96];
	supported_names(table, targets, sizeof targets);
	if (row == NULL) {
		const ds_winserver_release *oldest = ds_winserver_oldest_supported(table);
		bool older =
		    oldest != NULL && (facts->major < oldest->major ||
		                       (facts->major == oldest->major && facts->minor < oldest->minor) ||
		                       (facts->major == oldest->major && facts->minor == oldest->minor &&
		                        facts->build < oldest->build));
		if (older) {
			add_finding(f, DS_CRITICAL,
			            "%s is older than %s: Microsoft Entra Connect Sync needs Windows "
			            "Server %s (64-bit, full GUI)",
			            name, oldest->name, targets);
		} else {
			add_finding(f, DS_UNKNOWN,
			            "%s is not a Windows Server release in the %s: if it is new, give "
			            "a current table with --os-table",
			            name, table->origin);
		}
		return;
	}
	switch (row->support) {
		case DS_SYNC_UNSUPPORTED:
			add_finding(f, DS_CRITICAL,
			            "%s is not supported by Microsoft Entra Connect Sync: move to "
			            "Windows Server %s (64-bit, full GUI)",
			            name, targets);
			break;
		case DS_SYNC_NOT_YET:
			add_finding(f, DS_WARNING, "%s: %s", name, row->note);
			break;
		case DS_SYNC_SUPPORTED:
			break;
	}
}

static void judge_installation(const ds_os_facts *facts, findings *f) {
	if (strcmp(facts->installation_type, "Server") == 0) {
		return;
	}
	if (strcmp(facts->installation_type, "Server Core") == 0 ||
	    strcmp(facts->installation_type, "Nano Server") == 0) {
		add_finding(f, DS_CRITICAL,
		            "%s installation: Microsoft Entra Connect Sync needs the full GUI "
		            "(Server with Desktop Experience)",
		            facts->installation_type);
	} else if (facts->installation_type[0] == '\0') {
		add_finding(f, DS_UNKNOWN,
		            "cannot tell Server Core from the full GUI: registry value "
		            "HKLM\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\InstallationType "
		            "is missing");
	} else {
		add_finding(f, DS_UNKNOWN,
		            "unexpected InstallationType '%s' on a server: cannot tell whether "
		            "this is a full GUI installation",
		            facts->installation_type);
	}
}

static void judge_lifecycle(const ds_winserver_release *row, const ds_os_policy *policy,
                            findings *f, ds_verdict *verdict) {
	int64_t days_left = ds_days_until(row->extended_end, policy->now);
	char end[16];
	if (!ds_date_format(row->extended_end, end, sizeof end)) {
		end[0] = '\0';
	}
	ds_thresholds thresholds = ds_days_left_thresholds(policy->warning_days, policy->critical_days);
	ds_perfdata perf = ds_perfdata_make("support_days_left", (double)days_left, "", &thresholds);
	(void)ds_verdict_add_perf(verdict, &perf);

	ds_state state = ds_thresholds_judge(&thresholds, (double)days_left);
	if (days_left < 0) {
		add_finding(f, state, "extended support of %s ended on %s (%lld days ago)", row->name, end,
		            (long long)-days_left);
	} else if (state != DS_OK) {
		add_finding(f, state, "extended support of %s ends on %s, in %lld days", row->name, end,
		            (long long)days_left);
	} else {
		ds_verdict_detail(verdict, "extended support of %s ends on %s, in %lld days", row->name,
		                  end, (long long)days_left);
	}
}

/* "Windows Server table as of 2026-11-25, 7 days old (built-in table)": how far the
 * table may lag behind Microsoft's lifecycle pages. Never a state of its own: keeping
 * the table current is checked when the plugins are built (t/table-age). */
static void describe_table(const ds_winserver_table *table, int64_t now, ds_verdict *verdict) {
	char day[16];
	if (table->as_of < 0 || !ds_date_format(table->as_of, day, sizeof day)) {
		ds_verdict_detail(verdict, "Windows Server table: %s, as-of date unknown", table->origin);
		return;
	}
	long long age = (long long)-ds_days_until(table->as_of, now);
	if (age >= 0) {
		ds_verdict_detail(verdict, "Windows Server table as of %s, %lld day%s old (%s)", day, age,
		                  age == 1 ? "" : "s", table->origin);
	} else {
		ds_verdict_detail(verdict,
		                  "Windows Server table as of %s, %lld day%s after today (is the clock "
		                  "right?) (%s)",
		                  day, -age, age == -1 ? "" : "s", table->origin);
	}
}

static const char *product_word(ds_product_type type) {
	switch (type) {
		case DS_PRODUCT_WORKSTATION:
			return "workstation";
		case DS_PRODUCT_DOMAIN_CONTROLLER:
			return "domain controller";
		case DS_PRODUCT_SERVER:
			return "server";
		case DS_PRODUCT_UNKNOWN:
			break;
	}
	return "unknown product type";
}

static void judge_windows(const ds_os_facts *facts, const ds_winserver_table *table,
                          const ds_os_policy *policy, ds_verdict *verdict) {
	const ds_winserver_release *row =
	    ds_winserver_find(table, facts->major, facts->minor, facts->build);
	bool client = facts->product_type == DS_PRODUCT_WORKSTATION;
	char name[160];
	char bits[16];
	(void)snprintf(bits, sizeof bits, facts->native_bits ? "%d-bit" : "unknown width",
	               facts->native_bits);
	if (row != NULL && !client) {
		(void)snprintf(name, sizeof name, "%s (build %u, %s)", row->name, facts->build, bits);
	} else {
		(void)snprintf(name, sizeof name, "Windows %u.%u build %u (%s%s)", facts->major,
		               facts->minor, facts->build, client ? "client edition, " : "", bits);
	}
	ds_verdict_detail(verdict, "OS: Windows %u.%u.%u.%u, %s, %s, machine %s, installation type %s",
	                  facts->major, facts->minor, facts->build, facts->revision,
	                  product_word(facts->product_type), bits, facts->machine,
	                  facts->installation_type[0] != '\0' ? facts->installation_type : "(none)");
	if (facts->product_name[0] != '\0') {
		ds_verdict_detail(verdict, "product name: %s%s%s", facts->product_name,
		                  facts->edition_id[0] != '\0' ? ", edition " : "", facts->edition_id);
	}

	if (!policy->arch_only) {
		describe_table(table, policy->now, verdict);
	}

	findings f = {.verdict = verdict, .count = 0, .worst = DS_OK, .summary = ""};
	if (facts->native_bits == 32) {
		add_finding(&f, DS_CRITICAL,
		            "%s is 32-bit: Microsoft Entra Connect Sync needs a 64-bit Windows Server",
		            name);
	} else if (facts->native_bits != 64) {
		add_finding(&f, DS_UNKNOWN, "cannot tell whether %s (machine %s) is 64-bit", name,
		            facts->machine);
	}
	if (!policy->arch_only) {
		if (client) {
			char targets[96];
			supported_names(table, targets, sizeof targets);
			add_finding(&f, DS_CRITICAL,
			            "%s is a client edition: Microsoft Entra Connect Sync needs "
			            "Windows Server %s (64-bit, full GUI)",
			            name, targets);
		} else {
			if (facts->product_type == DS_PRODUCT_UNKNOWN) {
				add_finding(&f, DS_UNKNOWN,
				            "RtlGetVersion reported an unknown product type: cannot tell a "
				            "server from a client edition");
			}
			judge_release(facts, table, row, name, &f);
			judge_installation(facts, &f);
			if (row != NULL) {
				judge_lifecycle(row, policy, &f, verdict);
			}
		}
	}
	if (f.count > 0) {
		if (f.count > 1) {
			ds_verdict_set(verdict, f.worst, "%s (and %zu more problem%s below)", f.summary,
			               f.count - 1, f.count == 2 ? "" : "s");
		} else {
			ds_verdict_set(verdict, f.worst, "%s", f.summary);
		}
	} else if (policy->arch_only) {
		ds_verdict_set(verdict, DS_OK, "%s is a 64-bit Windows", name);
	} else {
		ds_verdict_set(verdict, DS_OK, "%s, full GUI, is supported by Microsoft Entra Connect Sync",
		               name);
	}
}

void ds_os_judge(const ds_os_facts *facts, const ds_winserver_table *table,
                 const ds_os_policy *policy, ds_verdict *verdict) {
	if (facts->is_windows) {
		judge_windows(facts, table, policy, verdict);
	} else {
		judge_posix(facts, verdict);
	}
}

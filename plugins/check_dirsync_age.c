/* check_dirsync_age: how long ago did the tenant last sync from on-premises AD?
 * Reads onPremisesLastSyncDateTime from Microsoft Graph; catches every stopped sync,
 * whatever stopped it. */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "age_judge.h"
#include "clouds.h"
#include "deadline.h"
#include "duration.h"
#include "graph.h"
#include "http.h"
#include "identity.h"
#include "output.h"
#include "plugin.h"
#include "sys.h"
#include "token_cache.h"

#define SECRET_FILE_MAX   4096
#define DEFAULT_IMDS_HOST "http://169.254.169.254"

static const ds_plugin plugin = {
    .progname = "check_dirsync_age",
    .check = "AGE",
    .usage = "--tenant=ID --client-id=ID (--client-secret-file=FILE | --certificate=FILE |\n"
             "       --federated-token-file=FILE) | --managed-identity[=CLIENT_ID]\n"
             "       [-w RANGE] [-c RANGE] [--password-sync] [--disabled-state=STATE]\n"
             "       [--cloud=NAME] [--authority-host=URL] [--graph-url=URL] [--ca-file=FILE]\n"
             "       [--proxy=URL] [--token-cache=DIR|none] [-t SECONDS[:STATE]] [-v]\n"
             "       [--extra-opts=[SECTION][@FILE]]",
};

typedef struct age_config {
	ds_common_options common;
	const char *tenant;
	const char *client_id;
	char *secret; /* owned, wiped at exit */
	const char *secret_origin;
	const char *certificate;
	ds_assertion_alg assertion_alg;
	const char *federated_token_file;
	bool managed_identity;
	const char *managed_identity_client_id;
	const char *cloud;
	const char *authority;
	const char *graph_url;
	const char *ca_file;
	const char *proxy;
	const char *token_cache; /* NULL: default directory; "none": off */
	const char *warning;
	const char *critical;
	bool password_sync;
	ds_state disabled_state;
	/* how many credential options the command line / extra-opts gave */
	unsigned explicit_credentials;
	const char *secret_file;
	const char *secret_argument;
} age_config;

enum {
	OPT_TENANT = CHAR_MAX + 1,
	OPT_CLIENT_ID,
	OPT_CLIENT_SECRET,
	OPT_CLIENT_SECRET_FILE,
	OPT_CERTIFICATE,
	OPT_ASSERTION_ALG,
	OPT_FEDERATED_TOKEN_FILE,
	OPT_MANAGED_IDENTITY,
	OPT_CLOUD,
	OPT_AUTHORITY_HOST,
	OPT_GRAPH_URL,
	OPT_CA_FILE,
	OPT_PROXY,
	OPT_TOKEN_CACHE,
	OPT_PASSWORD_SYNC,
	OPT_DISABLED_STATE,
};

static void print_help(void) {
	printf("%s %s (%s)\n\n", plugin.progname, PACKAGE_VERSION, PACKAGE_NAME);
	fputs("Checks how long ago the tenant last synced from on-premises Active Directory\n"
	      "(Microsoft Entra Connect Sync, Azure AD Connect, DirSync), from Microsoft Graph's\n"
	      "organization resource (onPremisesLastSyncDateTime). It catches every stopped sync,\n"
	      "whatever the cause: a retired sync build (Event 109), a stopped service, a dead\n"
	      "server, a forgotten staging-mode switch. Runs on the monitoring server.\n\n",
	      stdout);
	printf("Usage: %s %s\n\nOptions:\n", plugin.progname, plugin.usage);
	ds_print_common_help(stdout);
	fputs(" -w, --warning=RANGE\n"
	      "    WARNING when the sync age is outside RANGE (default 1h). Durations take s, m,\n"
	      "    h, d, w (1h30m); ranges follow the Monitoring Plugins syntax (30m:, ~:2h, @1h:2h).\n"
	      " -c, --critical=RANGE\n"
	      "    CRITICAL when the sync age is outside RANGE (default 3h).\n"
	      " --password-sync\n"
	      "    Also read the last password hash sync (Graph beta) and judge the older of the\n"
	      "    two times. No password sync time is reported, not treated as a failure.\n"
	      " --disabled-state=STATE\n"
	      "    State when directory sync is turned off for the tenant (default critical).\n"
	      "\nTenant and application:\n"
	      " --tenant=ID|DOMAIN\n"
	      "    Directory (tenant) ID or a verified domain (default: $AZURE_TENANT_ID).\n"
	      " --client-id=ID\n"
	      "    Application (client) ID of the app registration (default: $AZURE_CLIENT_ID).\n"
	      "\nCredentials (one of them; the app needs the Microsoft Graph application\n"
	      "permission Organization.Read.All with admin consent):\n"
	      " --client-secret-file=FILE\n"
	      "    Read the client secret's Value from FILE (first line). Preferred for secrets.\n"
	      " --client-secret=SECRET\n"
	      "    The client secret. Visible to other users in the process list (ps) until the\n"
	      "    plugin hides it: prefer the file, $AZURE_CLIENT_SECRET or --extra-opts.\n"
	      " --certificate=FILE\n"
	      "    PEM file with the app's certificate and its unencrypted private key\n"
	      "    (default: $AZURE_CLIENT_CERTIFICATE_PATH). Signs a client assertion.\n"
	      " --assertion-alg=PS256|RS256\n"
	      "    Signature of the client assertion (default PS256 with x5t#S256).\n"
	      " --federated-token-file=FILE\n"
	      "    Workload identity federation: a token issued by a trusted identity provider,\n"
	      "    re-read on every token request (default: $AZURE_FEDERATED_TOKEN_FILE).\n"
	      " --managed-identity[=CLIENT_ID]\n"
	      "    Azure managed identity: system-assigned, or the user-assigned CLIENT_ID. Uses\n"
	      "    IDENTITY_ENDPOINT + IDENTITY_HEADER where set, else the instance metadata\n"
	      "    service ($AZURE_POD_IDENTITY_AUTHORITY_HOST, default http://169.254.169.254).\n"
	      "    Without a credential option: $AZURE_CLIENT_SECRET, then\n"
	      "    $AZURE_CLIENT_CERTIFICATE_PATH, then $AZURE_FEDERATED_TOKEN_FILE.\n"
	      "\nEndpoints and transport:\n"
	      " --cloud=global|usgov|usgovdod|china\n"
	      "    Microsoft cloud of the tenant (default global; GCC uses global).\n"
	      " --authority-host=URL\n"
	      "    Identity platform, e.g. https://login.microsoftonline.com\n"
	      "    (default: $AZURE_AUTHORITY_HOST, else the cloud's).\n"
	      " --graph-url=URL\n"
	      "    Microsoft Graph root, e.g. https://graph.microsoft.com (default: the cloud's).\n"
	      " --ca-file=FILE\n"
	      "    CA certificates to trust (default: the system's, /etc/ssl/certs). TLS\n"
	      "    certificates are always verified.\n"
	      " --proxy=URL\n"
	      "    HTTPS proxy (default: $https_proxy / $no_proxy as libcurl reads them).\n"
	      " --token-cache=DIR|none\n"
	      "    Where access tokens are kept between runs, one per tenant, app and credential,\n"
	      "    reused until 5 minutes before they expire (default:\n"
	      "    $XDG_CACHE_HOME/dirsync-plugins or ~/.cache/dirsync-plugins; directory 0700,\n"
	      "    files 0600). none: fetch a token on every run.\n",
	      stdout);
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

static bool read_secret_file(const char *path, char **out, ds_error *err) {
	FILE *file = fopen(path, "rb");
	if (file == NULL) {
		return ds_error_set(err, "cannot read the client secret file %s: %s", path,
		                    strerror(errno));
	}
	char *text = calloc(1, SECRET_FILE_MAX + 1);
	if (text == NULL) {
		(void)fclose(file);
		return ds_error_set(err, "out of memory");
	}
	size_t len = fread(text, 1, SECRET_FILE_MAX, file);
	(void)fclose(file);
	size_t line = strcspn(text, "\r\n");
	while (line > 0 && (text[line - 1] == ' ' || text[line - 1] == '\t')) {
		line--;
	}
	for (size_t i = line; i < len; i++) {
		text[i] = '\0';
	}
	if (line == 0) {
		free(text);
		return ds_error_set(err,
		                    "the client secret file %s is empty: put the secret's Value "
		                    "on its first line",
		                    path);
	}
	*out = text;
	return true;
}

static char *copy_secret(const char *text) {
	char *copy = strdup(text);
	return copy;
}

static void wipe_secret(char *secret) {
	if (secret != NULL) {
		volatile char *p = secret;
		while (*p != '\0') {
			*p++ = '\0';
		}
		free(secret);
	}
}

static bool take_option(int option, const char *value, age_config *config, ds_error *err) {
	switch (option) {
		case 'w':
			config->warning = value;
			return true;
		case 'c':
			config->critical = value;
			return true;
		case OPT_TENANT:
			config->tenant = value;
			return true;
		case OPT_CLIENT_ID:
			config->client_id = value;
			return true;
		case OPT_CLIENT_SECRET:
			config->secret_argument = value;
			config->secret_file = NULL;
			return true;
		case OPT_CLIENT_SECRET_FILE:
			config->secret_file = value;
			config->secret_argument = NULL;
			return true;
		case OPT_CERTIFICATE:
			config->certificate = value;
			return true;
		case OPT_ASSERTION_ALG:
			if (strcmp(value, "PS256") == 0) {
				config->assertion_alg = DS_ASSERTION_PS256;
			} else if (strcmp(value, "RS256") == 0) {
				config->assertion_alg = DS_ASSERTION_RS256;
			} else {
				return ds_error_set(err, "invalid assertion-alg '%s': expected PS256 or RS256",
				                    value);
			}
			return true;
		case OPT_FEDERATED_TOKEN_FILE:
			config->federated_token_file = value;
			return true;
		case OPT_MANAGED_IDENTITY:
			config->managed_identity = true;
			config->managed_identity_client_id = value;
			return true;
		case OPT_CLOUD:
			config->cloud = value;
			return true;
		case OPT_AUTHORITY_HOST:
			config->authority = value;
			return true;
		case OPT_GRAPH_URL:
			config->graph_url = value;
			return true;
		case OPT_CA_FILE:
			config->ca_file = value;
			return true;
		case OPT_PROXY:
			config->proxy = value;
			return true;
		case OPT_TOKEN_CACHE:
			config->token_cache = value;
			return true;
		case OPT_PASSWORD_SYNC:
			config->password_sync = true;
			return true;
		case OPT_DISABLED_STATE:
			if (!ds_state_parse(value, &config->disabled_state)) {
				return ds_error_set(err,
				                    "invalid disabled-state '%s': expected ok, warning, critical "
				                    "or unknown",
				                    value);
			}
			return true;
		default:
			return ds_error_set(err, "unhandled option");
	}
}

static bool parse_arguments(int argc, char **argv, age_config *config, ds_error *err) {
	static const struct option options[] = {
	    DS_COMMON_LONG_OPTIONS,
	    {"warning", required_argument, NULL, 'w'},
	    {"critical", required_argument, NULL, 'c'},
	    {"tenant", required_argument, NULL, OPT_TENANT},
	    {"client-id", required_argument, NULL, OPT_CLIENT_ID},
	    {"client-secret", required_argument, NULL, OPT_CLIENT_SECRET},
	    {"client-secret-file", required_argument, NULL, OPT_CLIENT_SECRET_FILE},
	    {"certificate", required_argument, NULL, OPT_CERTIFICATE},
	    {"assertion-alg", required_argument, NULL, OPT_ASSERTION_ALG},
	    {"federated-token-file", required_argument, NULL, OPT_FEDERATED_TOKEN_FILE},
	    {"managed-identity", optional_argument, NULL, OPT_MANAGED_IDENTITY},
	    {"cloud", required_argument, NULL, OPT_CLOUD},
	    {"authority-host", required_argument, NULL, OPT_AUTHORITY_HOST},
	    {"graph-url", required_argument, NULL, OPT_GRAPH_URL},
	    {"ca-file", required_argument, NULL, OPT_CA_FILE},
	    {"proxy", required_argument, NULL, OPT_PROXY},
	    {"token-cache", required_argument, NULL, OPT_TOKEN_CACHE},
	    {"password-sync", no_argument, NULL, OPT_PASSWORD_SYNC},
	    {"disabled-state", required_argument, NULL, OPT_DISABLED_STATE},
	    {NULL, 0, NULL, 0},
	};
	opterr = 0;
	int option;
	while ((option = getopt_long(argc, argv, ":" DS_COMMON_SHORT_OPTIONS "w:c:", options, NULL)) !=
	       -1) {
		switch (ds_common_option(option, optarg, &config->common, err)) {
			case DS_OPTION_TAKEN:
				continue;
			case DS_OPTION_HELP:
				print_help();
				exit(DS_UNKNOWN);
			case DS_OPTION_VERSION:
				ds_print_version(&plugin);
			case DS_OPTION_BAD:
				return false;
			case DS_OPTION_NOT_COMMON:
				break;
		}
		if (option == '?' || option == ':') {
			ds_getopt_error(option, optopt, argv[optind - 1], err);
			return false;
		}
		if (!take_option(option, optarg, config, err)) {
			return false;
		}
	}
	if (optind < argc) {
		return ds_error_set(err, "unexpected argument '%s': this plugin takes options only",
		                    argv[optind]);
	}
	return true;
}

static const char *env(const char *name) {
	const char *value = getenv(name);
	return value != NULL && value[0] != '\0' ? value : NULL;
}

/* Command line and extra-opts first; the Azure SDK variables fill what is missing. */
static bool resolve_credentials(age_config *config, ds_identity_config *identity, ds_error *err) {
	unsigned given = (config->secret_file != NULL || config->secret_argument != NULL) +
	                 (config->certificate != NULL) + (config->federated_token_file != NULL) +
	                 config->managed_identity;
	if (given > 1) {
		return ds_error_set(err, "more than one credential given: choose one of "
		                         "--client-secret(-file), --certificate, --federated-token-file "
		                         "and --managed-identity");
	}
	if (given == 0) {
		if (env("AZURE_CLIENT_SECRET") != NULL) {
			config->secret = copy_secret(env("AZURE_CLIENT_SECRET"));
			config->secret_origin = "$AZURE_CLIENT_SECRET";
		} else if (env("AZURE_CLIENT_CERTIFICATE_PATH") != NULL) {
			config->certificate = env("AZURE_CLIENT_CERTIFICATE_PATH");
		} else if (env("AZURE_FEDERATED_TOKEN_FILE") != NULL) {
			config->federated_token_file = env("AZURE_FEDERATED_TOKEN_FILE");
		} else {
			return ds_error_set(err, "no credential: give --client-secret-file, --certificate, "
			                         "--federated-token-file or --managed-identity (or set "
			                         "AZURE_CLIENT_SECRET)");
		}
	} else if (config->secret_file != NULL) {
		if (!read_secret_file(config->secret_file, &config->secret, err)) {
			return false;
		}
		config->secret_origin = config->secret_file;
	} else if (config->secret_argument != NULL) {
		config->secret = copy_secret(config->secret_argument);
		config->secret_origin = "--client-secret";
	}
	if (config->secret_origin != NULL && config->secret == NULL) {
		return ds_error_set(err, "out of memory");
	}
	identity->kind = config->managed_identity      ? DS_CREDENTIAL_MANAGED_IDENTITY
	                 : config->secret != NULL      ? DS_CREDENTIAL_SECRET
	                 : config->certificate != NULL ? DS_CREDENTIAL_CERTIFICATE
	                                               : DS_CREDENTIAL_FEDERATED;
	identity->secret = config->secret;
	identity->certificate_path = config->certificate;
	identity->assertion_alg = config->assertion_alg;
	identity->federated_token_file = config->federated_token_file;
	if (identity->kind == DS_CREDENTIAL_MANAGED_IDENTITY) {
		identity->client_id = config->managed_identity_client_id;
		identity->imds_host = env("AZURE_POD_IDENTITY_AUTHORITY_HOST") != NULL
		                          ? env("AZURE_POD_IDENTITY_AUTHORITY_HOST")
		                          : DEFAULT_IMDS_HOST;
		identity->identity_endpoint = env("IDENTITY_ENDPOINT");
		identity->identity_header = env("IDENTITY_HEADER");
		return true;
	}
	config->tenant = config->tenant != NULL ? config->tenant : env("AZURE_TENANT_ID");
	config->client_id = config->client_id != NULL ? config->client_id : env("AZURE_CLIENT_ID");
	if (config->tenant == NULL) {
		return ds_error_set(err, "no tenant: give --tenant (directory ID or domain) or set "
		                         "AZURE_TENANT_ID");
	}
	if (config->client_id == NULL) {
		return ds_error_set(err, "no application: give --client-id or set AZURE_CLIENT_ID");
	}
	identity->tenant = config->tenant;
	identity->client_id = config->client_id;
	return true;
}

/* "https://host[/...]" without a trailing slash, copied into out. */
static bool https_url(const char *option, const char *value, char *out, size_t size,
                      ds_error *err) {
	if (strncmp(value, "https://", 8) != 0 || value[8] == '\0' || value[8] == '/') {
		return ds_error_set(err, "invalid %s '%s': expected an https:// URL", option, value);
	}
	size_t len = strlen(value);
	while (len > 8 && value[len - 1] == '/') {
		len--;
	}
	if (len >= size) {
		return ds_error_set(err, "the %s URL is too long", option);
	}
	memcpy(out, value, len);
	out[len] = '\0';
	return true;
}

typedef struct endpoints {
	char authority[512];
	char graph[512];
	char cache_dir[1024];
} endpoints;

static bool resolve_endpoints(const age_config *config, endpoints *where, ds_error *err) {
	const ds_cloud *cloud = NULL;
	if (!ds_cloud_find(config->cloud != NULL ? config->cloud : "global", &cloud, err)) {
		return false;
	}
	const char *authority = config->authority != NULL             ? config->authority
	                        : env("AZURE_AUTHORITY_HOST") != NULL ? env("AZURE_AUTHORITY_HOST")
	                                                              : cloud->authority;
	const char *graph = config->graph_url != NULL ? config->graph_url : cloud->graph;
	return https_url("authority-host", authority, where->authority, sizeof where->authority, err) &&
	       https_url("graph-url", graph, where->graph, sizeof where->graph, err);
}

static bool resolve_thresholds(const age_config *config, ds_thresholds *thresholds, ds_error *err) {
	thresholds->has_warning = true;
	thresholds->has_critical = true;
	if (!ds_duration_range_parse(config->warning, &thresholds->warning, err)) {
		return ds_error_prefix(err, "-w: ");
	}
	if (!ds_duration_range_parse(config->critical, &thresholds->critical, err)) {
		return ds_error_prefix(err, "-c: ");
	}
	return true;
}

/* The secret given on the command line is overwritten in this process's argv, so that
 * ps shows it only for the moment before this runs. */
static void hide_secret_argument(int argc, char **argv) {
	static const char option[] = "--client-secret";
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--") == 0) {
			return;
		}
		if (strncmp(argv[i], option, sizeof option - 1) != 0) {
			continue;
		}
		char *value = NULL;
		if (argv[i][sizeof option - 1] == '=') {
			value = argv[i] + sizeof option;
		} else if (argv[i][sizeof option - 1] == '\0' && i + 1 < argc) {
			value = argv[i + 1];
		}
		for (; value != NULL && *value != '\0'; value++) {
			*value = 'x';
		}
	}
}

static void describe_setup(const age_config *config, const ds_identity_config *identity,
                           const endpoints *where, ds_verdict *verdict) {
	static const char *const kinds[] = {"none", "client secret", "certificate", "federated token",
	                                    "managed identity"};
	if (config->common.verbosity < 1) {
		return;
	}
	ds_verdict_detail(verdict, "credential: %s%s%s", kinds[identity->kind],
	                  config->secret_origin != NULL ? " from " : "",
	                  config->secret_origin != NULL ? config->secret_origin : "");
	if (config->common.verbosity >= 2) {
		ds_verdict_detail(verdict, "tenant %s, client %s",
		                  identity->tenant != NULL ? identity->tenant : "-",
		                  identity->client_id != NULL ? identity->client_id : "-");
		ds_verdict_detail(verdict, "authority %s, Graph %s, token cache %s", where->authority,
		                  where->graph, identity->cache_dir != NULL ? identity->cache_dir : "off");
	}
}

typedef struct run {
	age_config *config;
	ds_identity_config *identity;
	const endpoints *where;
	const ds_deadline *deadline;
	ds_http *http;
	ds_verdict *verdict;
} run;

static bool get_token(run *r, ds_access_token *token, bool *timed_out, ds_error *err) {
	ds_identity_trace trace;
	bool ok =
	    ds_identity_get_token(r->http, r->identity, r->deadline, token, &trace, timed_out, err);
	if (r->config->common.verbosity >= 1) {
		ds_verdict_detail(r->verdict, "access token from the %s%s", trace.source,
		                  trace.waited_for_lock ? " (waited for another run to fetch it)" : "");
	}
	if (trace.cache_unusable) {
		ds_verdict_detail(r->verdict, "token cache not used: %s", trace.cache_note);
	}
	return ok;
}

/* Token, then Graph; a cached token that Graph refuses is dropped and replaced once. */
static bool read_organization(run *r, ds_org_sync *facts, bool *timed_out, ds_error *err) {
	for (int attempt = 0; attempt < 2; attempt++) {
		ds_access_token token;
		if (!get_token(r, &token, timed_out, err)) {
			return false;
		}
		ds_graph_result result = ds_graph_fetch_organization(r->http, r->where->graph, token.value,
		                                                     r->config->password_sync, r->deadline,
		                                                     facts, timed_out, err);
		bool retry = result == DS_GRAPH_TOKEN_REFUSED && token.from_cache;
		ds_access_token_free(&token);
		if (result == DS_GRAPH_OK) {
			return true;
		}
		if (result == DS_GRAPH_TOKEN_REFUSED) {
			ds_identity_forget_token(r->identity);
		}
		if (!retry) {
			return false;
		}
		ds_verdict_detail(r->verdict, "Graph refused the cached token; fetching a new one");
	}
	return false;
}

static int finish(age_config *config, ds_argv *expanded, const ds_verdict *verdict) {
	wipe_secret(config->secret);
	config->secret = NULL;
	ds_argv_free(expanded);
	return ds_verdict_emit(verdict);
}

int main(int argc, char **argv) {
	ds_stdout_binary();
	int original_argc = argc;
	char **original_argv = argv;
	ds_argv expanded;
	ds_expand_extra_opts(&plugin, &argc, &argv, &expanded);
	hide_secret_argument(original_argc, original_argv);

	age_config config = {
	    .common = ds_common_defaults(),
	    .warning = DS_AGE_DEFAULT_WARNING,
	    .critical = DS_AGE_DEFAULT_CRITICAL,
	    .disabled_state = DS_CRITICAL,
	    .assertion_alg = DS_ASSERTION_PS256,
	};
	ds_identity_config identity = {0};
	endpoints where;
	ds_thresholds thresholds;
	ds_error err;
	if (!parse_arguments(argc, argv, &config, &err) ||
	    !resolve_thresholds(&config, &thresholds, &err) ||
	    !resolve_credentials(&config, &identity, &err) ||
	    !resolve_endpoints(&config, &where, &err)) {
		wipe_secret(config.secret);
		ds_argv_free(&expanded);
		ds_usage_error(&plugin, err.text);
	}
	ds_deadline deadline =
	    ds_deadline_start(config.common.timeout_seconds, config.common.timeout_state);
	ds_verdict verdict;
	ds_verdict_init(&verdict, plugin.check);

	identity.authority = where.authority;
	identity.resource = where.graph;
	if (config.token_cache == NULL) {
		ds_error cache_err;
		if (ds_token_cache_default_dir(where.cache_dir, sizeof where.cache_dir, &cache_err)) {
			identity.cache_dir = where.cache_dir;
		} else {
			ds_verdict_detail(&verdict, "token cache not used: %s", cache_err.text);
		}
	} else if (strcmp(config.token_cache, "none") != 0) {
		identity.cache_dir = config.token_cache;
	}
	describe_setup(&config, &identity, &where, &verdict);

	char user_agent[64];
	(void)snprintf(user_agent, sizeof user_agent, "%s/%s %s", PACKAGE_NAME, PACKAGE_VERSION,
	               plugin.progname);
	ds_http_options http_options = {
	    .ca_file = config.ca_file, .proxy = config.proxy, .user_agent = user_agent};
	ds_http http;
	if (!ds_http_init(&http, &http_options, &err)) {
		ds_verdict_set(&verdict, DS_UNKNOWN, "%s", err.text);
		return finish(&config, &expanded, &verdict);
	}
	run r = {.config = &config,
	         .identity = &identity,
	         .where = &where,
	         .deadline = &deadline,
	         .http = &http,
	         .verdict = &verdict};
	ds_org_sync facts;
	bool timed_out = false;
	if (!read_organization(&r, &facts, &timed_out, &err)) {
		if (timed_out || ds_deadline_expired(&deadline)) {
			ds_verdict_set(&verdict, deadline.state, "timed out after %u s: %s", deadline.seconds,
			               err.text);
		} else {
			ds_verdict_set(&verdict, DS_UNKNOWN, "%s", err.text);
		}
	} else {
		ds_age_policy policy = {.thresholds = thresholds,
		                        .disabled_state = config.disabled_state,
		                        .now = ds_now_epoch()};
		ds_age_judge(&facts, &policy, &verdict);
	}
	ds_http_cleanup(&http);
	return finish(&config, &expanded, &verdict);
}

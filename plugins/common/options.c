/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (C) 2026 The dirsync-plugins developers */
#include "config.h"

#include "common/options.h"

#include <stdlib.h>
#include <string.h>

#include "core/deadline.h"
#include "core/sys.h"
#include "core/text.h"
#include "core/watchdog.h"

ds_common_options ds_common_defaults(const char *warning, const char *critical) {
	ds_common_options common = {
	    .verbosity = 0,
	    .timeout_seconds = DS_DEFAULT_TIMEOUT_SECONDS,
	    .timeout_state = DS_UNKNOWN,
	    .warning = warning,
	    .critical = critical,
	};
	return common;
}

typedef enum option_result {
	OPTION_NOT_COMMON,
	OPTION_TAKEN,
	OPTION_HELP,
	OPTION_VERSION,
	OPTION_BAD,
} option_result;

/* Takes one common option as returned by getopt_long. */
static option_result common_option(int option, const char *value, ds_common_options *common,
                                   ds_error *err) {
	switch (option) {
		case 'h':
			return OPTION_HELP;
		case 'V':
			return OPTION_VERSION;
		case 'v':
			if (common->verbosity < 3) {
				common->verbosity++;
			}
			return OPTION_TAKEN;
		case 't':
			return ds_timeout_parse(value, &common->timeout_seconds, &common->timeout_state, err)
			           ? OPTION_TAKEN
			           : OPTION_BAD;
		case 'w':
			common->warning = value;
			return OPTION_TAKEN;
		case 'c':
			common->critical = value;
			return OPTION_TAKEN;
		default:
			return OPTION_NOT_COMMON;
	}
}

/* Sentence for what getopt_long rejected ('?' or ':' returned); it names the option and
 * never quotes a value. */
static void getopt_error(int option, int optopt_value, const char *word, ds_error *err) {
	/* getopt_long reports a long option by its value, which may not be a letter. */
	bool is_short = optopt_value > ' ' && optopt_value <= '~' && strncmp(word, "--", 2) != 0;
	/* "--client-secert=S" is quoted as "--client-secert": the value may be a secret. */
	int name_len = (int)strcspn(word, "=");
	if (option == ':') {
		if (is_short) {
			ds_error_set(err, "option -%c needs a value", optopt_value);
		} else {
			ds_error_set(err, "option %.*s needs a value", name_len, word);
		}
	} else if (is_short) {
		ds_error_set(err, "unknown option -%c", optopt_value);
	} else {
		ds_error_set(err, "unknown or ambiguous option %.*s", name_len, word);
	}
}

/* A key name is no secret, but a line of the file may be long: the sentence stays short. */
#define KEY_QUOTE_MAX 64

static int key_len(size_t len) {
	return len > KEY_QUOTE_MAX ? KEY_QUOTE_MAX : (int)len;
}

/* The long option getopt_long would take for the name typed (len bytes): an exact match,
 * else the one option it abbreviates. NULL when none or several that differ match:
 * getopt_long then reports it by name. */
static const struct option *find_long_option(const struct option *options, const char *typed,
                                             size_t len) {
	const struct option *found = NULL;
	bool ambiguous = false;
	for (const struct option *o = options; o != NULL && o->name != NULL; o++) {
		if (len == 0 || strncmp(o->name, typed, len) != 0) {
			continue;
		}
		if (strlen(o->name) == len) {
			return o;
		}
		if (found == NULL) {
			found = o;
		} else if (found->has_arg != o->has_arg || found->flag != o->flag || found->val != o->val) {
			ambiguous = true;
		}
	}
	return ambiguous ? NULL : found;
}

/* -1 when letter is not a short option, 1 when it takes a value, 0 when it does not. */
static int short_option_value(const char *short_options, char letter) {
	const char *at = letter != ':' && letter != '\0' ? strchr(short_options, letter) : NULL;
	return at == NULL ? -1 : at[1] == ':';
}

/* What core/extra_opts.c makes of a key: "-k" for one letter, "--key[=value]" for more. */
static bool is_file_key(const char *arg) {
	if (arg[0] != '-' || arg[1] == '\0') {
		return false;
	}
	return arg[1] == '-' ? arg[2] != '\0' && arg[2] != '=' : arg[2] == '\0';
}

static bool long_key_error(const char *name, size_t len, bool has_value, ds_error *err) {
	return has_value ? ds_error_set(err,
	                                "option --%.*s in the extra-opts file takes no value "
	                                "(write %.*s alone on its line)",
	                                key_len(len), name, key_len(len), name)
	                 : ds_error_set(err,
	                                "option --%.*s in the extra-opts file needs a value "
	                                "(write %.*s = VALUE)",
	                                key_len(len), name, key_len(len), name);
}

/* A file line "v = S" becomes "-v" "S" and "timeout" becomes "--timeout": getopt_long
 * would then take S as a stray argument, or the next line ("--client-secret=S") as the
 * timeout, and the error would quote what may be a secret. So before getopt_long runs,
 * each key from the files is matched with the plugin's options: a value given to an
 * option that takes none, and a key without a value whose option needs one, are errors
 * that name the key only. An unknown key ends the check: getopt_long reports it by name. */
static bool check_file_options(char *const *args, int count, const char *short_options,
                               const struct option *long_options, ds_error *err) {
	for (int i = 0; i < count; i++) {
		const char *arg = args[i];
		const char *next = i + 1 < count ? args[i + 1] : NULL;
		if (!is_file_key(arg)) {
			continue;
		}
		if (arg[1] == '-') {
			const char *name = arg + 2;
			size_t len = strcspn(name, "=");
			const struct option *option = find_long_option(long_options, name, len);
			if (option == NULL) {
				return true;
			}
			bool has_value = name[len] == '=';
			if ((has_value && option->has_arg == no_argument) ||
			    (!has_value && option->has_arg == required_argument)) {
				return long_key_error(name, len, has_value, err);
			}
			continue;
		}
		int takes = short_option_value(short_options, arg[1]);
		if (takes < 0) {
			return true;
		}
		/* A "--key" after "-k" is the next line's key (or a value nobody writes). */
		if (takes && (next == NULL || (next[0] == '-' && next[1] == '-' && next[2] != '\0'))) {
			return ds_error_set(
			    err, "option -%c in the extra-opts file needs a value (write %c = VALUE)", arg[1],
			    arg[1]);
		}
		if (!takes && next != NULL && !is_file_key(next)) {
			return ds_error_set(err,
			                    "option -%c in the extra-opts file takes no value (write %c alone "
			                    "on its line)",
			                    arg[1], arg[1]);
		}
		i += takes; /* its value */
	}
	return true;
}

static bool came_from_file(const char *arg, char *const *file_args, int count) {
	for (int i = 0; i < count; i++) {
		if (file_args[i] == arg) {
			return true;
		}
	}
	return false;
}

/* A parse: the plugin, where its options go, and which arguments came from files. */
typedef struct option_parse {
	const ds_plugin *plugin;
	void *config;
	void *shared_config;
	ds_common_options *common;
	char *const *file_args; /* getopt_long reorders argv: these are kept aside */
	int from_files;
} option_parse;

/* The shared options (DS_OPT_SHARED up to DS_OPT_PLUGIN) go to their own taker. */
static bool take_option(const option_parse *parse, int option, const char *value, ds_error *err) {
	if (option >= DS_OPT_SHARED && option < DS_OPT_PLUGIN) {
		if (parse->plugin->take_shared == NULL) {
			return ds_error_set(err, "unhandled option");
		}
		return parse->plugin->take_shared(option, value, parse->shared_config, err);
	}
	return parse->plugin->take(option, value, parse->config, err);
}

/* -V: "<progname> <version> (dirsync-plugins)" and exit 3, as the guidelines ask. */
static _Noreturn void print_version(const ds_plugin *plugin) {
	ds_watchdog_disarm();
	ds_stdout_binary();
	printf("%s %s (%s)\n", plugin->progname, PACKAGE_VERSION, PACKAGE_NAME);
	(void)fflush(stdout);
	exit(DS_UNKNOWN);
}

static bool run_getopt(const option_parse *parse, int argc, char **argv, ds_error *err) {
	/* A leading ':' makes getopt report a missing value apart from an unknown option. */
	const char *short_options = ":" DS_COMMON_SHORT_OPTIONS;
	opterr = 0;
	int option;
	while ((option = getopt_long(argc, argv, short_options, parse->plugin->long_options, NULL)) !=
	       -1) {
		switch (common_option(option, optarg, parse->common, err)) {
			case OPTION_TAKEN:
				continue;
			case OPTION_HELP:
				ds_watchdog_disarm();
				parse->plugin->print_help();
				exit(DS_UNKNOWN);
			case OPTION_VERSION:
				print_version(parse->plugin);
			case OPTION_BAD:
				return false;
			case OPTION_NOT_COMMON:
				break;
		}
		if (option == '?' || option == ':') {
			getopt_error(option, optopt, argv[optind - 1], err);
			return false;
		}
		if (!take_option(parse, option, optarg, err)) {
			return false;
		}
	}
	if (optind < argc && came_from_file(argv[optind], parse->file_args, parse->from_files)) {
		return ds_error_set(err, "unexpected argument in the extra-opts file: write each option "
		                         "as key = value or key alone on its line");
	}
	if (optind < argc) {
		return ds_error_set(err, "unexpected argument '%s': this plugin takes options only",
		                    argv[optind]);
	}
	return true;
}

bool ds_parse_options(const ds_plugin *plugin, const ds_argv *args, void *config,
                      void *shared_config, ds_common_options *common, ds_error *err) {
	int argc = args->argc;
	char **argv = args->argv;
	int from_files = argc > 1 && args->from_files < argc - 1 ? args->from_files : argc - 1;
	if (!check_file_options(argv + 1, from_files, DS_COMMON_SHORT_OPTIONS, plugin->long_options,
	                        err)) {
		return false;
	}
	option_parse parse = {.plugin = plugin,
	                      .config = config,
	                      .shared_config = shared_config,
	                      .common = common,
	                      .from_files = from_files};
	char **file_args = NULL;
	if (from_files > 0) {
		file_args = malloc((size_t)from_files * sizeof *file_args);
		if (file_args == NULL) {
			return ds_error_set(err, "out of memory while reading the options");
		}
		memcpy(file_args, argv + 1, (size_t)from_files * sizeof *file_args);
		parse.file_args = file_args;
	}
	bool ok = run_getopt(&parse, argc, argv, err);
	free(file_args);
	return ok;
}

bool ds_state_option(const char *option, const char *value, ds_state *state, ds_error *err) {
	if (ds_state_parse(value, state)) {
		return true;
	}
	size_t len = strlen(value);
	return ds_error_set(err, "invalid %s '%.*s%s': expected ok, warning, critical or unknown",
	                    option, ds_quote_len(len), value, ds_quote_cut(len));
}

/* Whether the option name typed (len bytes) is name or an abbreviation getopt_long
 * would take for it. */
static bool spells(const char *typed, size_t len, const char *name) {
	return len > 0 && strncmp(typed, name, len) == 0;
}

static bool listed(const char *typed, size_t len, const char *const *names) {
	for (; names != NULL && *names != NULL; names++) {
		if (spells(typed, len, *names)) {
			return true;
		}
	}
	return false;
}

static void overwrite(char *text, size_t len) {
	memset(text, 'x', len);
}

/* The password of scheme://user:password@host/... */
static void hide_url_password(char *url) {
	char *authority = strstr(url, "://");
	authority = authority != NULL ? authority + 3 : url;
	size_t end = strcspn(authority, "/?#");
	char *at = memchr(authority, '@', end);
	if (at == NULL) {
		return;
	}
	char *colon = memchr(authority, ':', (size_t)(at - authority));
	if (colon != NULL) {
		overwrite(colon + 1, (size_t)(at - colon - 1));
	}
}

void ds_hide_secret_arguments(int argc, char **argv, const struct option *long_options,
                              const char *const *secret_options, const char *const *url_options) {
	for (int i = 1; i < argc; i++) {
		char *arg = argv[i];
		if (strcmp(arg, "--") == 0) {
			return;
		}
		if (strncmp(arg, "--", 2) != 0) {
			continue;
		}
		char *typed = arg + 2;
		size_t len = strcspn(typed, "=");
		char *value = typed[len] == '=' ? typed + len + 1 : NULL;
		/* --extra-opts is expanded before getopt_long sees the options. */
		bool known = spells(typed, len, "extra-opts");
		for (const struct option *o = long_options; o != NULL && o->name != NULL; o++) {
			known = known || spells(typed, len, o->name);
		}
		bool secret = listed(typed, len, secret_options);
		bool url = listed(typed, len, url_options);
		if (value == NULL && (secret || url) && i + 1 < argc) {
			value = argv[++i];
		}
		if (value == NULL) {
			continue;
		}
		if (secret || !known) {
			overwrite(value, strlen(value));
		} else if (url) {
			hide_url_password(value);
		}
	}
}

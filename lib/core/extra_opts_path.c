/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (C) 2026 The dirsync-plugins developers */
/* Where --extra-opts looks when no @FILE is given: $MP_CONFIG_FILE, the names in each
 * directory of $NAGIOS_CONFIG_PATH, then the Monitoring Plugins' standard paths (see
 * ds_extra_opts_default_file in extra_opts.h). */
#include "core/extra_opts.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* A Windows directory list cannot be split at ':' because "C:\dir" holds one. */
#if defined(_WIN32)
#define PATH_LIST_SEPARATOR ';'
#else
#define PATH_LIST_SEPARATOR ':'
#endif

static const char *const config_path_names[] = {
    "monitoring-plugins.ini",
    "plugins.ini",
    "nagios-plugins.ini",
};

static const char *const default_files[] = {
    "/usr/local/etc/monitoring-plugins/monitoring-plugins.ini",
    "/usr/local/etc/monitoring-plugins.ini",
    "/etc/monitoring-plugins/monitoring-plugins.ini",
    "/etc/monitoring-plugins.ini",
    "/etc/nagios/plugins.ini",
    "/usr/local/nagios/etc/plugins.ini",
    "/usr/local/etc/nagios/plugins.ini",
    "/etc/opt/nagios/plugins.ini",
    "/etc/nagios-plugins.ini",
    "/usr/local/etc/nagios-plugins.ini",
    "/etc/opt/nagios-plugins.ini",
};

#define COUNT_OF(array) (sizeof(array) / sizeof((array)[0]))

/* Existence, not readability: a file that is there but unreadable should be reported
 * as such rather than silently skipped in favour of another one. */
static bool file_exists(const char *path) {
	struct stat info;
	return stat(path, &info) == 0 && !S_ISDIR(info.st_mode);
}

static bool copy_path(char *buf, size_t size, const char *path, ds_error *err) {
	size_t len = strlen(path);
	if (len >= size) {
		return ds_error_set(err, "the extra-opts file name is too long (%lu bytes, at most %lu)",
		                    (unsigned long)len, (unsigned long)(size - 1));
	}
	memcpy(buf, path, len + 1);
	return true;
}

static bool is_separator(char c) {
#if defined(_WIN32)
	return c == '/' || c == '\\';
#else
	return c == '/';
#endif
}

/* Looks for the known names in one directory of $NAGIOS_CONFIG_PATH. */
static bool search_directory(const char *dir, size_t dir_len, char *buf, size_t size, bool *found,
                             ds_error *err) {
	bool slash = !is_separator(dir[dir_len - 1]);
	for (size_t i = 0; i < COUNT_OF(config_path_names); i++) {
		size_t name_len = strlen(config_path_names[i]);
		char *path = malloc(dir_len + 1 + name_len + 1);
		if (path == NULL) {
			return ds_error_set(err, "out of memory while looking for the extra-opts file");
		}
		memcpy(path, dir, dir_len);
		if (slash) {
			path[dir_len] = '/';
		}
		memcpy(path + dir_len + (slash ? 1 : 0), config_path_names[i], name_len + 1);
		bool exists = file_exists(path);
		bool ok = !exists || copy_path(buf, size, path, err);
		free(path);
		if (exists) {
			*found = ok;
			return ok;
		}
	}
	return true;
}

/* Splits by hand: strtok modifies the environment's string and strtok_r is not portable. */
static bool search_config_path(const char *list, char *buf, size_t size, bool *found,
                               ds_error *err) {
	const char *dir = list;
	while (!*found) {
		const char *end = strchr(dir, PATH_LIST_SEPARATOR);
		size_t len = end != NULL ? (size_t)(end - dir) : strlen(dir);
		if (len > 0 && !search_directory(dir, len, buf, size, found, err)) {
			return false;
		}
		if (end == NULL) {
			break;
		}
		dir = end + 1;
	}
	return true;
}

bool ds_extra_opts_default_file(char *buf, size_t size, ds_error *err) {
	if (buf == NULL || size == 0) {
		return ds_error_set(err, "internal error: no room for the extra-opts file name");
	}
	/* An explicit choice is taken even if the file is missing, so that the error names it
	 * instead of another file silently being read. */
	const char *explicit_file = getenv("MP_CONFIG_FILE");
	if (explicit_file != NULL && explicit_file[0] != '\0') {
		return copy_path(buf, size, explicit_file, err);
	}
	const char *config_path = getenv("NAGIOS_CONFIG_PATH");
	bool has_config_path = config_path != NULL && config_path[0] != '\0';
	bool found = false;
	if (has_config_path && !search_config_path(config_path, buf, size, &found, err)) {
		return false;
	}
	if (found) {
		return true;
	}
	for (size_t i = 0; i < COUNT_OF(default_files); i++) {
		if (file_exists(default_files[i])) {
			return copy_path(buf, size, default_files[i], err);
		}
	}
	return ds_error_set(err,
	                    "no extra-opts file found: set MP_CONFIG_FILE or give "
	                    "--extra-opts=SECTION@FILE (looked in %s/etc/monitoring-plugins.ini, "
	                    "/etc/nagios/plugins.ini and the other Monitoring Plugins default paths)",
	                    has_config_path ? "$NAGIOS_CONFIG_PATH, " : "");
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (C) 2026 The dirsync-plugins developers */
/* --extra-opts=[section][@file]: options from an ini file, as Monitoring Plugins
 * define it. Each "key=value" line of the section becomes an option, inserted before the
 * command-line arguments so that the command line wins. Values are never copied into error
 * sentences: they may be secrets. */
#ifndef DIRSYNC_CORE_EXTRA_OPTS_H
#define DIRSYNC_CORE_EXTRA_OPTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "core/error.h"

/* An argv whose strings are owned by it. argv[argc] is NULL. A zero-initialised list
 * ({0}) is empty and has argv == NULL until the first push. from_files is set by
 * ds_extra_opts_expand: argv[1] to argv[from_files] came from extra-opts files (they may
 * hold secrets, so a caller must never quote them); ds_argv_push leaves it alone. */
typedef struct ds_argv {
	int argc;
	char **argv;
	size_t capacity;
	int from_files;
} ds_argv;

/* Appends a copy of arg. */
bool ds_argv_push(ds_argv *list, const char *arg, ds_error *err);
/* Wipes and frees the strings (they may hold secrets from a file) and resets the list
 * to {0}, so it can be reused or freed again. */
void ds_argv_free(ds_argv *list);

/* Appends the options of [section] read from stream to out. file_name is only used in
 * error sentences (with the line number). Returns false on a syntax error or when
 * the section does not exist; out is then as it was before the call. Syntax, as the
 * Monitoring Plugins' lib/parse_ini.c reads it: blank lines and lines starting with '#'
 * or ';' are ignored; "[ name ]" starts a section (blanks inside trimmed, a '#' or ';'
 * comment may follow; names are case-sensitive; a section that appears again goes on
 * where it stopped); "key = value" or "key" (a flag) inside a section; in a value (or
 * after a flag) text from '#' on is a comment; whitespace around key and value is
 * trimmed; a value in double quotes has them removed. A key of one letter becomes
 * "-k" + value ("-t" "20"), longer keys "--key=value" ("--key" for a flag). A key with
 * blanks or leading dashes, an option before the first section, a NUL byte, a line over
 * 1 MiB and a file of more than 10 000 lines or 4 MiB are errors. Lines of other
 * sections are skipped unparsed. CRLF line ends and a UTF-8 byte order mark are
 * accepted. What held file text (line buffer, values) is wiped before it is freed. */
bool ds_ini_read_section(FILE *stream, const char *file_name, const char *section, ds_argv *out,
                         ds_error *err);

/* ---- the default file (extra_opts_path.c) ---- */

/* The default ini file: $MP_CONFIG_FILE (even if it does not exist); then
 * monitoring-plugins.ini, plugins.ini or nagios-plugins.ini in each directory of
 * $NAGIOS_CONFIG_PATH (colon-separated, semicolon on Windows);
 * then the Monitoring Plugins default paths (/usr/local/etc/monitoring-plugins/
 * monitoring-plugins.ini, /usr/local/etc/monitoring-plugins.ini,
 * /etc/monitoring-plugins/monitoring-plugins.ini, /etc/monitoring-plugins.ini, and the
 * legacy nagios paths); the first that exists and is not a directory wins. Returns
 * false with a sentence listing where it looked, or when the name does not fit in buf. */
bool ds_extra_opts_default_file(char *buf, size_t size, ds_error *err);

/* ---- expansion (extra_opts.c) ---- */

/* Builds out = argv[0], the options of every --extra-opts occurrence (in order),
 * then the other command-line arguments unchanged; out->from_files counts the options
 * from files. Recognised forms: "--extra-opts",
 * "--extra-opts=", "--extra-opts=SECTION", "--extra-opts=@FILE",
 * "--extra-opts=SECTION@FILE"; an empty section means default_section (the plugin's
 * name). A missing/unreadable file, a missing section or a syntax error is an error; so is
 * "-" (standard input) as the file. Arguments after "--" are passed on verbatim, even
 * --extra-opts. out must be {0} or a list, which is freed and replaced on success and
 * left unchanged on failure. */
bool ds_extra_opts_expand(int argc, char *const argv[], const char *default_section, ds_argv *out,
                          ds_error *err);

#endif

/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (C) 2026 The dirsync-plugins developers */
/* Reading ini sections into an argv and --extra-opts expansion; the default file is
 * found by extra_opts_path.c. */
#include "core/extra_opts.h"
#include "core/buffer.h"
#include "core/text.h"
#include "core/wipe.h"

#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Long enough for any real option (certificate lists, long excludes), short enough that a
 * wrong file such as a device or a binary cannot make us allocate without limit. */
#define INI_LINE_MAX (1024UL * 1024UL)
/* A whole file: more lines or bytes than any plugins.ini holds is a wrong file. Together
 * they bound the memory a file can make us take (what one section yields is a part). */
#define INI_LINES_MAX 10000UL
#define INI_BYTES_MAX (4UL * 1024UL * 1024UL)

#define ARGV_MIN_CAPACITY 8

/* Room for the default file's path; longer names exist only in theory. */
#define DEFAULT_PATH_MAX 4096

#define EXTRA_OPTS_OPTION "--extra-opts"

/* Values may be secrets: every buffer that held file text is overwritten (ds_wipe,
 * ds_wipe_free_string) before it is freed. */

static char *copy_range(const char *text, size_t len) {
	char *copy = malloc(len + 1);
	if (copy == NULL) {
		return NULL;
	}
	memcpy(copy, text, len);
	copy[len] = '\0';
	return copy;
}

/* ---- ds_argv ------------------------------------------------------------------------ */

/* Callers index argv right after a successful reserve, so the failure paths return a
 * literal false rather than relying on what ds_error_set returns. */
static bool argv_out_of_memory(ds_error *err) {
	(void)ds_error_set(err, "out of memory while collecting arguments");
	return false;
}

/* Makes room for `extra` more strings plus the terminating NULL, so that argv is
 * valid (and NULL-terminated) even before the first string is pushed. */
static bool argv_reserve(ds_argv *list, size_t extra, ds_error *err) {
	size_t count = (size_t)list->argc;
	if (extra > (size_t)INT_MAX - count) {
		(void)ds_error_set(err, "too many arguments (more than %d)", INT_MAX);
		return false;
	}
	size_t needed = count + extra + 1;
	if (list->argv != NULL && needed <= list->capacity) {
		return true;
	}
	size_t capacity = list->capacity > 0 ? list->capacity : ARGV_MIN_CAPACITY;
	while (capacity < needed) {
		if (capacity > SIZE_MAX / 2 / sizeof(char *)) {
			return argv_out_of_memory(err);
		}
		capacity *= 2;
	}
	char **grown = realloc(list->argv, capacity * sizeof *grown);
	if (grown == NULL) {
		return argv_out_of_memory(err);
	}
	grown[count] = NULL;
	list->argv = grown;
	list->capacity = capacity;
	return true;
}

/* Takes ownership of arg, also when it fails. */
static bool argv_push_owned(ds_argv *list, char *arg, ds_error *err) {
	if (!argv_reserve(list, 1, err)) {
		ds_wipe_free_string(arg);
		return false;
	}
	list->argv[list->argc++] = arg;
	list->argv[list->argc] = NULL;
	return true;
}

/* Drops what a failed step appended, so that the caller's list is as it was. */
static void argv_truncate(ds_argv *list, int argc) {
	while (list->argc > argc) {
		list->argc--;
		ds_wipe_free_string(list->argv[list->argc]);
		list->argv[list->argc] = NULL;
	}
}

bool ds_argv_push(ds_argv *list, const char *arg, ds_error *err) {
	if (list == NULL || arg == NULL) {
		return ds_error_set(err, "internal error: ds_argv_push called with NULL");
	}
	char *copy = copy_range(arg, strlen(arg));
	if (copy == NULL) {
		return ds_error_set(err, "out of memory while collecting arguments");
	}
	return argv_push_owned(list, copy, err);
}

void ds_argv_free(ds_argv *list) {
	if (list == NULL) {
		return;
	}
	for (int i = 0; i < list->argc; i++) {
		ds_wipe_free_string(list->argv[i]);
	}
	free(list->argv);
	list->argv = NULL;
	list->argc = 0;
	list->capacity = 0;
	list->from_files = 0;
}

/* ---- ini reading -------------------------------------------------------------------- */

typedef enum read_result {
	READ_LINE,
	READ_END,
	READ_FAILED,
} read_result;

typedef struct ini_reader {
	const char *file_name;
	const char *section;
	ds_argv *out;
	unsigned long line_no;
	unsigned long bytes; /* read so far, newlines included */
	bool seen_header;
	bool in_section;
	bool found;
} ini_reader;

/* getc instead of fgets: fgets cannot tell an embedded NUL from the end of the text, and
 * getline does not exist on every target. */
static read_result read_line(FILE *stream, ds_buffer *line, ini_reader *reader, ds_error *err) {
	ds_buffer_truncate(line, 0);
	bool any = false;
	int c;
	while ((c = getc(stream)) != EOF) {
		if (!any && reader->line_no > INI_LINES_MAX) {
			ds_error_set(err,
			             "extra-opts file %s has more than %lu lines: keep the plugins' options "
			             "in a smaller file",
			             reader->file_name, INI_LINES_MAX);
			return READ_FAILED;
		}
		if (++reader->bytes > INI_BYTES_MAX) {
			ds_error_set(err,
			             "extra-opts file %s is larger than %lu bytes: keep the plugins' "
			             "options in a smaller file",
			             reader->file_name, INI_BYTES_MAX);
			return READ_FAILED;
		}
		any = true;
		if (c == '\n') {
			break;
		}
		if (c == '\0') {
			ds_error_set(
			    err, "syntax error in extra-opts file %s line %lu: NUL byte (is it a text file?)",
			    reader->file_name, reader->line_no);
			return READ_FAILED;
		}
		if (line->len >= INI_LINE_MAX) {
			ds_error_set(err, "extra-opts file %s line %lu is longer than %lu bytes",
			             reader->file_name, reader->line_no, INI_LINE_MAX);
			return READ_FAILED;
		}
		char byte = (char)c;
		if (!ds_buffer_append(line, &byte, 1)) {
			ds_error_set(err, "out of memory while reading extra-opts file %s", reader->file_name);
			return READ_FAILED;
		}
	}
	if (ferror(stream)) {
		ds_error_set(err, "cannot read extra-opts file %s: %s", reader->file_name, strerror(errno));
		return READ_FAILED;
	}
	if (!any) {
		return READ_END;
	}
	return READ_LINE;
}

/* Not isspace(): its answer depends on the locale the plugin may have set. '\r' counts
 * as blank so that files written with CRLF line ends read the same. */
#define INI_BLANKS " \t\r\v\f"

static bool is_blank(char c) {
	return c != '\0' && strchr(INI_BLANKS, c) != NULL;
}

static ds_span trim(ds_span s) {
	return ds_span_trim_set(s, INI_BLANKS);
}

/* Editors on Windows like to start UTF-8 files with a byte order mark. */
static ds_span skip_bom(ds_span s) {
	static const char bom[] = "\xEF\xBB\xBF";
	if (s.len >= 3 && memcmp(s.start, bom, 3) == 0) {
		s.start += 3;
		s.len -= 3;
	}
	return s;
}

static bool syntax_error(const ini_reader *reader, const char *what, ds_error *err) {
	return ds_error_set(err, "syntax error in extra-opts file %s line %lu: %s", reader->file_name,
	                    reader->line_no, what);
}

/* "[ name ]", blanks inside trimmed; a comment may follow (the Monitoring Plugins' reader
 * skips the rest of a header line). */
static bool handle_header(ini_reader *reader, ds_span line, ds_error *err) {
	const char *close = memchr(line.start, ']', line.len);
	ds_span rest = close != NULL
	                   ? trim((ds_span){close + 1, line.len - (size_t)(close - line.start) - 1})
	                   : (ds_span){NULL, 0};
	if (close == NULL || (rest.len > 0 && rest.start[0] != '#' && rest.start[0] != ';')) {
		return syntax_error(reader, "a section header must look like [name]", err);
	}
	ds_span name = trim((ds_span){line.start + 1, (size_t)(close - line.start) - 1});
	if (name.len == 0) {
		return syntax_error(reader, "empty section name in []", err);
	}
	reader->seen_header = true;
	reader->in_section =
	    name.len == strlen(reader->section) && memcmp(name.start, reader->section, name.len) == 0;
	reader->found = reader->found || reader->in_section;
	return true;
}

/* One letter becomes "-k" "value" (getopt's short form), more "--key=value". */
static bool append_option(ds_argv *out, ds_span key, const ds_span *value, ds_error *err) {
	if (key.len == 1) {
		char short_option[3] = {'-', key.start[0], '\0'};
		if (!ds_argv_push(out, short_option, err)) {
			return false;
		}
		if (value == NULL) {
			return true;
		}
		char *copy = copy_range(value->start, value->len);
		if (copy == NULL) {
			return ds_error_set(err, "out of memory while collecting arguments");
		}
		return argv_push_owned(out, copy, err);
	}
	size_t len = 2 + key.len + (value != NULL ? 1 + value->len : 0);
	char *arg = malloc(len + 1);
	if (arg == NULL) {
		return ds_error_set(err, "out of memory while collecting arguments");
	}
	memcpy(arg, "--", 2);
	memcpy(arg + 2, key.start, key.len);
	if (value != NULL) {
		arg[2 + key.len] = '=';
		memcpy(arg + 3 + key.len, value->start, value->len);
	}
	arg[len] = '\0';
	return argv_push_owned(out, arg, err);
}

/* A key with blanks or dashes would reach getopt as an unknown option, and getopt's
 * complaint would print the whole argument, value (maybe a password) included. */
static bool check_key(const ini_reader *reader, ds_span key, ds_error *err) {
	if (key.len == 0) {
		return syntax_error(reader, "'=' without a key before it (write key = value)", err);
	}
	for (size_t i = 0; i < key.len; i++) {
		if (is_blank(key.start[i])) {
			return syntax_error(reader, "a key must not contain blanks (write key = value)", err);
		}
	}
	if (key.start[0] == '-') {
		return syntax_error(reader,
		                    "a key is written without leading dashes (write timeout = 10, not "
		                    "--timeout = 10)",
		                    err);
	}
	return true;
}

static bool handle_option(ini_reader *reader, ds_span line, ds_error *err) {
	const char *equals = memchr(line.start, '=', line.len);
	/* As the Monitoring Plugins' lib/parse_ini.c reads a value: text from '#' on is a
	 * comment and the blanks before it go ("since = 48h   # two days" is 48h). A flag
	 * (a key without '=') may carry a comment too. */
	const char *from = equals != NULL ? equals + 1 : line.start;
	const char *hash = memchr(from, '#', line.len - (size_t)(from - line.start));
	if (hash != NULL) {
		line.len = (size_t)(hash - line.start);
	}
	size_t key_len = equals != NULL ? (size_t)(equals - line.start) : line.len;
	ds_span key = trim((ds_span){line.start, key_len});
	if (!check_key(reader, key, err)) {
		return false;
	}
	if (equals == NULL) {
		return append_option(reader->out, key, NULL, err);
	}
	ds_span value = trim((ds_span){equals + 1, line.len - key_len - 1});
	/* Quotes are the only way to keep blanks at either end of a value. */
	if (value.len >= 2 && value.start[0] == '"' && value.start[value.len - 1] == '"') {
		value.start++;
		value.len -= 2;
	}
	return append_option(reader->out, key, &value, err);
}

static bool handle_line(ini_reader *reader, ds_span line, ds_error *err) {
	line = trim(line);
	if (line.len == 0 || line.start[0] == '#' || line.start[0] == ';') {
		return true;
	}
	if (line.start[0] == '[') {
		return handle_header(reader, line, err);
	}
	if (!reader->seen_header) {
		return syntax_error(reader, "option before the first [section] header (move it below one)",
		                    err);
	}
	/* Other sections belong to other plugins: their options are none of our business. */
	if (!reader->in_section) {
		return true;
	}
	return handle_option(reader, line, err);
}

bool ds_ini_read_section(FILE *stream, const char *file_name, const char *section, ds_argv *out,
                         ds_error *err) {
	if (stream == NULL || section == NULL || out == NULL) {
		return ds_error_set(err, "internal error: ds_ini_read_section called with NULL");
	}
	ini_reader reader = {
	    .file_name = file_name != NULL ? file_name : "(unnamed)",
	    .section = section,
	    .out = out,
	};
	int start_argc = out->argc;
	ds_buffer line = {0};
	bool ok = true;
	for (;;) {
		reader.line_no++;
		read_result result = read_line(stream, &line, &reader, err);
		if (result == READ_END) {
			break;
		}
		ds_span text = {line.data, line.len};
		if (result == READ_FAILED ||
		    !handle_line(&reader, reader.line_no == 1 ? skip_bom(text) : text, err)) {
			ok = false;
			break;
		}
	}
	ds_buffer_free(&line); /* an ini line may hold a password */
	if (ok && !reader.found) {
		ok = ds_error_set(err, "section [%s] not found in %s", section, reader.file_name);
	}
	if (!ok) {
		argv_truncate(out, start_argc);
	}
	return ok;
}

/* ---- expansion ---------------------------------------------------------------------- */

/* Only the exact option: getopt-style abbreviations ("--extra") are left to the plugin. */
static bool is_extra_opts(const char *arg, const char **locator) {
	size_t len = strlen(EXTRA_OPTS_OPTION);
	if (strncmp(arg, EXTRA_OPTS_OPTION, len) != 0) {
		return false;
	}
	if (arg[len] == '\0') {
		*locator = "";
		return true;
	}
	if (arg[len] == '=') {
		*locator = arg + len + 1;
		return true;
	}
	return false;
}

static bool read_file_section(const char *file, const char *section, ds_argv *out, ds_error *err) {
	if (strcmp(file, "-") == 0) {
		return ds_error_set(err, "--extra-opts cannot read options from standard input (\"-\"): "
		                         "give the path of an ini file");
	}
	FILE *stream = fopen(file, "r");
	if (stream == NULL) {
		return ds_error_set(err, "cannot read extra-opts file %s: %s", file, strerror(errno));
	}
	/* stdio's own buffer would keep a copy of the file after fclose: it gets ours. */
	char buffer[BUFSIZ];
	bool ok = setvbuf(stream, buffer, _IOFBF, sizeof buffer) == 0
	              ? ds_ini_read_section(stream, file, section, out, err)
	              : ds_error_set(err, "cannot read extra-opts file %s: no buffer", file);
	(void)fclose(stream); /* read only: nothing is lost when closing fails */
	ds_wipe(buffer, sizeof buffer);
	return ok;
}

/* locator is what follows "--extra-opts=": [SECTION][@FILE], split at the first '@'
 * because section names never hold one while paths might. */
static bool append_extra_opts(const char *locator, const char *default_section, ds_argv *out,
                              ds_error *err) {
	const char *at = strchr(locator, '@');
	size_t section_len = at != NULL ? (size_t)(at - locator) : strlen(locator);
	const char *file = at != NULL ? at + 1 : "";
	if (section_len == 0 && (default_section == NULL || default_section[0] == '\0')) {
		return ds_error_set(err, "--extra-opts needs a section name: give "
		                         "--extra-opts=SECTION or --extra-opts=SECTION@FILE");
	}
	char default_path[DEFAULT_PATH_MAX];
	if (file[0] == '\0') {
		if (!ds_extra_opts_default_file(default_path, sizeof default_path, err)) {
			return false;
		}
		file = default_path;
	}
	char *section = section_len > 0 ? copy_range(locator, section_len)
	                                : copy_range(default_section, strlen(default_section));
	if (section == NULL) {
		return ds_error_set(err, "out of memory while reading --extra-opts");
	}
	bool ok = read_file_section(file, section, out, err);
	free(section);
	return ok;
}

static bool append_all_extra_opts(int argc, char *const argv[], const char *default_section,
                                  ds_argv *out, ds_error *err) {
	for (int i = 1; i < argc; i++) {
		const char *locator;
		if (strcmp(argv[i], "--") == 0) {
			break;
		}
		if (is_extra_opts(argv[i], &locator) &&
		    !append_extra_opts(locator, default_section, out, err)) {
			return false;
		}
	}
	return true;
}

/* After "--" everything is an operand, even text that looks like --extra-opts. */
static bool append_command_line(int argc, char *const argv[], ds_argv *out, ds_error *err) {
	bool operands = false;
	for (int i = 1; i < argc; i++) {
		const char *locator;
		if (!operands && strcmp(argv[i], "--") == 0) {
			operands = true;
		} else if (!operands && is_extra_opts(argv[i], &locator)) {
			continue;
		}
		if (!ds_argv_push(out, argv[i], err)) {
			return false;
		}
	}
	return true;
}

bool ds_extra_opts_expand(int argc, char *const argv[], const char *default_section, ds_argv *out,
                          ds_error *err) {
	if (out == NULL || (argc > 0 && argv == NULL)) {
		return ds_error_set(err, "internal error: ds_extra_opts_expand called with NULL");
	}
	/* Built aside so that a failure leaves the caller's list untouched. */
	ds_argv result = {0};
	bool ok = argv_reserve(&result, argc > 0 ? (size_t)argc : 0, err) &&
	          (argc < 1 || ds_argv_push(&result, argv[0], err)) &&
	          append_all_extra_opts(argc, argv, default_section, &result, err);
	/* What follows argv[0] so far came from the files. */
	result.from_files = result.argc > 1 ? result.argc - 1 : 0;
	ok = ok && append_command_line(argc, argv, &result, err);
	if (!ok) {
		ds_argv_free(&result);
		return false;
	}
	ds_argv_free(out);
	*out = result;
	return true;
}

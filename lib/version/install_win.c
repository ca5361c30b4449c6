/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (C) 2026 The dirsync-plugins developers */
/* Where the sync engine is installed and which version it is, from the registry: the
 * ADSync service, the default directories, the uninstall entries and DirSync's key. The
 * version a file carries is read by file_version_win.c. */
#include "version/install.h"
#include "core/text.h"
#include "version/file_version_win.h"
#include "version/version.h"

#include <windows.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

/* Paths and registry strings are read into buffers of this many UTF-16 units; longer
 * ones are passed over with a note. A unit becomes at most 3 bytes of UTF-8 (a
 * surrogate pair, two units, becomes 4), so UTF8_MAX always holds the conversion. */
#define WIDE_MAX 1024
#define UTF8_MAX (WIDE_MAX * 3)
/* Registry key names are at most 255 characters. */
#define KEY_NAME_MAX  256
#define SERVICE_KEY   L"SYSTEM\\CurrentControlSet\\Services\\ADSync"
#define UNINSTALL_KEY L"SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Uninstall"
#define DIRSYNC_KEY   L"SOFTWARE\\Microsoft\\MSOLCoExistence"

/* The state of one search: what answered, what was passed over on the way. */
typedef struct search {
	ds_sync_install *install;
	bool answered;
	char notes[sizeof((ds_sync_install *)NULL)->source];
	/* The first key that could not be opened for another reason than its absence. */
	LONG denied_rc;
	char denied_key[160];
} search;

/* ------------------------------------------------------------------ texts --- */

static void to_utf8(const wchar_t *wide, char *out, size_t size) {
	int limit = size > (size_t)INT_MAX ? INT_MAX : (int)size;
	if (size == 0) {
		return;
	}
	if (WideCharToMultiByte(CP_UTF8, 0, wide, -1, out, limit, NULL, NULL) == 0) {
		(void)ds_format_text(out, size, "%s", "(a name that cannot be shown as UTF-8)");
	}
}

static wchar_t ascii_lower(wchar_t c) {
	return (c >= L'A' && c <= L'Z') ? (wchar_t)(c - L'A' + L'a') : c;
}

static bool starts_with_nocase(const wchar_t *text, const wchar_t *prefix) {
	for (; *prefix != L'\0'; text++, prefix++) {
		if (ascii_lower(*text) != ascii_lower(*prefix)) {
			return false;
		}
	}
	return true;
}

/* The product names are ASCII: an ASCII-only fold needs neither user32 nor a locale. */
static bool contains_nocase(const wchar_t *text, const wchar_t *needle) {
	for (; *text != L'\0'; text++) {
		if (starts_with_nocase(text, needle)) {
			return true;
		}
	}
	return false;
}

/* out = a followed by b; false (and out empty) when it does not fit. */
static bool wide_join(wchar_t *out, size_t size, const wchar_t *a, const wchar_t *b) {
	size_t a_len = wcslen(a);
	size_t b_len = wcslen(b);
	if (size == 0 || a_len >= size || b_len >= size - a_len) {
		if (size > 0) {
			out[0] = L'\0';
		}
		return false;
	}
	memmove(out, a, a_len * sizeof *out);
	memcpy(out + a_len, b, b_len * sizeof *out);
	out[a_len + b_len] = L'\0';
	return true;
}

/* Appends sep and text to out; a cut text ends in "..." after whole UTF-8 characters. */
static void append_cut(char *out, size_t size, const char *sep, const char *text) {
	size_t len = strlen(out);
	if (len + 4 >= size || ds_format_text(out + len, size - len, "%s%s", sep, text)) {
		return;
	}
	/* out[len..size - 1) holds the start of sep and text; "..." takes the last 3 bytes. */
	size_t end = len + ds_utf8_cut(out + len, size - 1 - len, size - 4 - len);
	memcpy(out + end, "...", 4);
}

static void add_note(search *s, const char *note) {
	append_cut(s->notes, sizeof s->notes, s->notes[0] != '\0' ? "; " : "", note);
}

/* A key that exists but cannot be opened: noted, and an error if nothing answers. */
static void note_denied(search *s, const char *key, LONG rc) {
	char note[200];
	if (s->denied_rc == ERROR_SUCCESS) {
		s->denied_rc = rc;
		(void)ds_format_text(s->denied_key, sizeof s->denied_key, "%s", key);
	}
	(void)ds_format_text(note, sizeof note, "HKLM\\%s could not be opened (error %ld)", key,
	                     (long)rc);
	add_note(s, note);
}

/* Fills the answer; a version that is not digits and dots is dropped with a note. */
static void answer(search *s, ds_install_kind kind, const char *version, const char *what) {
	ds_sync_install *install = s->install;
	install->kind = kind;
	install->has_version = false;
	install->version[0] = '\0';
	if (version != NULL) {
		ds_version parsed;
		if (ds_version_parse(version, &parsed, NULL) &&
		    ds_format_text(install->version, sizeof install->version, "%s", version)) {
			install->has_version = true;
		} else {
			char note[120];
			size_t len = strlen(version);
			install->version[0] = '\0';
			(void)ds_format_text(note, sizeof note,
			                     "its version '%.*s%s' is not dotted numbers and was ignored",
			                     ds_quote_len(len), version, ds_quote_cut(len));
			add_note(s, note);
		}
	}
	(void)ds_format_text(install->source, sizeof install->source, "%s", what);
	s->answered = true;
}

/* ------------------------------------------------------------------ files --- */

/* The 64-bit Program Files, also from a 32-bit process (where ProgramFiles is
 * "Program Files (x86)"); 32-bit Windows has no ProgramW6432. */
static bool program_files(wchar_t *out, DWORD size) {
	DWORD n = GetEnvironmentVariableW(L"ProgramW6432", out, size);
	if (n > 0 && n < size) {
		return true;
	}
	n = GetEnvironmentVariableW(L"ProgramFiles", out, size);
	if (n > 0 && n < size) {
		return true;
	}
	HKEY key;
	if (RegOpenKeyExW(HKEY_LOCAL_MACHINE, L"SOFTWARE\\Microsoft\\Windows\\CurrentVersion", 0,
	                  KEY_QUERY_VALUE | KEY_WOW64_64KEY, &key) != ERROR_SUCCESS) {
		out[0] = L'\0';
		return false;
	}
	DWORD bytes = size * (DWORD)sizeof *out;
	LONG rc = RegGetValueW(key, NULL, L"ProgramFilesDir", RRF_RT_REG_SZ, NULL, out, &bytes);
	RegCloseKey(key);
	if (rc != ERROR_SUCCESS || out[0] == L'\0') {
		out[0] = L'\0';
		return false;
	}
	return true;
}

/* Tries one file; on success answers with its version. A file that exists but gives no
 * version is noted; a missing one only when the caller asks (note_missing). */
static bool try_file(search *s, const wchar_t *path, const char *why, bool note_missing) {
	char version[64];
	char path_utf8[UTF8_MAX];
	char text[sizeof s->install->source];
	DWORD error = ERROR_SUCCESS;
	ds_file_status status = ds_file_version_read(path, version, sizeof version, &error);
	to_utf8(path, path_utf8, sizeof path_utf8);
	if (status == DS_FILE_VERSION_OK) {
		(void)ds_format_text(text, sizeof text, "file version of %s (%s)", path_utf8, why);
		answer(s, DS_INSTALL_CONNECT, version, text);
		return true;
	}
	if (status != DS_FILE_MISSING || note_missing) {
		char state[64];
		ds_file_status_describe(status, error, state, sizeof state);
		(void)ds_format_text(text, sizeof text, "%s: %s %s", why, path_utf8, state);
		add_note(s, text);
	}
	return false;
}

/* ---------------------------------------------------------------- registry --- */

/* A REG_SZ or REG_EXPAND_SZ as stored (RegGetValueW refuses RRF_RT_REG_EXPAND_SZ
 * without RRF_NOEXPAND). out is empty unless ERROR_SUCCESS. */
static LONG read_string(HKEY key, const wchar_t *name, wchar_t *out, DWORD chars) {
	DWORD bytes = chars * (DWORD)sizeof *out;
	LONG rc = RegGetValueW(key, NULL, name, RRF_RT_REG_SZ | RRF_RT_REG_EXPAND_SZ | RRF_NOEXPAND,
	                       NULL, out, &bytes);
	if (rc != ERROR_SUCCESS) {
		out[0] = L'\0';
	}
	return rc;
}

/* %ProgramFiles% in a service's command line means the 64-bit directory, whatever this
 * process's own environment says; the rest is expanded as usual. */
static bool expand_command(const wchar_t *raw, const wchar_t *program_dir, wchar_t *out,
                           DWORD size) {
	static const wchar_t variable[] = L"%ProgramFiles%";
	const size_t variable_len = sizeof variable / sizeof variable[0] - 1;
	wchar_t replaced[WIDE_MAX];
	size_t used = 0;
	for (const wchar_t *p = raw; *p != L'\0';) {
		const wchar_t *piece = p;
		size_t piece_len = 1;
		if (program_dir[0] != L'\0' && starts_with_nocase(p, variable)) {
			piece = program_dir;
			piece_len = wcslen(program_dir);
			p += variable_len;
		} else {
			p++;
		}
		if (piece_len >= WIDE_MAX - used) {
			return false;
		}
		memcpy(replaced + used, piece, piece_len * sizeof *piece);
		used += piece_len;
	}
	replaced[used] = L'\0';
	DWORD n = ExpandEnvironmentStringsW(replaced, out, size);
	return n > 0 && n <= size;
}

/* From a service command line to its program: surrounding quotes and arguments go. An
 * unquoted path may hold spaces, so it ends after ".exe". */
static bool command_program(const wchar_t *command, wchar_t *out, size_t size) {
	const wchar_t *start = command;
	const wchar_t *end;
	while (*start == L' ' || *start == L'\t') {
		start++;
	}
	if (*start == L'"') {
		start++;
		end = wcschr(start, L'"');
		if (end == NULL) {
			end = start + wcslen(start);
		}
	} else {
		end = NULL;
		for (const wchar_t *p = start; *p != L'\0'; p++) {
			if (starts_with_nocase(p, L".exe") &&
			    (p[4] == L'\0' || p[4] == L' ' || p[4] == L'\t')) {
				end = p + 4;
				break;
			}
		}
		if (end == NULL) {
			end = start + wcslen(start);
			while (end > start && (end[-1] == L' ' || end[-1] == L'\t')) {
				end--;
			}
		}
	}
	if (starts_with_nocase(start, L"\\??\\") && end - start > 4) {
		start += 4;
	}
	size_t len = (size_t)(end - start);
	if (len == 0 || len >= size) {
		return false;
	}
	memcpy(out, start, len * sizeof *out);
	out[len] = L'\0';
	return true;
}

/* a. The ADSync service's program: the engine that actually runs. */
static void from_service(search *s, const wchar_t *program_dir) {
	HKEY key;
	LONG rc =
	    RegOpenKeyExW(HKEY_LOCAL_MACHINE, SERVICE_KEY, 0, KEY_QUERY_VALUE | KEY_WOW64_64KEY, &key);
	if (rc == ERROR_FILE_NOT_FOUND) {
		return;
	}
	if (rc != ERROR_SUCCESS) {
		note_denied(s, "SYSTEM\\CurrentControlSet\\Services\\ADSync", rc);
		return;
	}
	wchar_t raw[WIDE_MAX];
	rc = read_string(key, L"ImagePath", raw, WIDE_MAX);
	RegCloseKey(key);
	char note[sizeof s->install->source];
	if (rc != ERROR_SUCCESS) {
		(void)ds_format_text(note, sizeof note,
		                     "the ADSync service has no readable ImagePath (error %ld)", (long)rc);
		add_note(s, note);
		return;
	}
	wchar_t expanded[WIDE_MAX];
	wchar_t program[WIDE_MAX];
	if (!expand_command(raw, program_dir, expanded, WIDE_MAX) ||
	    !command_program(expanded, program, WIDE_MAX)) {
		char raw_utf8[UTF8_MAX];
		to_utf8(raw, raw_utf8, sizeof raw_utf8);
		size_t len = strlen(raw_utf8);
		(void)ds_format_text(note, sizeof note,
		                     "the ADSync service's ImagePath '%.*s%s' names no program",
		                     ds_quote_len(len), raw_utf8, ds_quote_cut(len));
		add_note(s, note);
		return;
	}
	(void)try_file(s, program, "ADSync service ImagePath", true);
}

/* b and c: the default install directories. */
static void from_default_paths(search *s, const wchar_t *program_dir) {
	static const wchar_t *const files[] = {
	    L"\\Microsoft Azure AD Sync\\Bin\\miiserver.exe",
	    L"\\Microsoft Azure AD Connect\\AzureADConnect.exe",
	    L"\\Microsoft Azure Active Directory Connect\\AzureADConnect.exe",
	};
	static const char *const whys[] = {
	    "default path of the sync engine",
	    "the Connect wizard",
	    "the Connect wizard",
	};
	if (program_dir[0] == L'\0') {
		add_note(s, "neither ProgramW6432 nor ProgramFiles is set, so the default install "
		            "paths were not searched");
		return;
	}
	for (size_t i = 0; i < sizeof files / sizeof files[0] && !s->answered; i++) {
		wchar_t path[WIDE_MAX];
		if (wide_join(path, WIDE_MAX, program_dir, files[i])) {
			(void)try_file(s, path, whys[i], false);
		}
	}
}

/* d. What an uninstall entry's DisplayName says it is. Agents (Connect Health, the
 * pass-through authentication and cloud provisioning agents) carry "Azure AD Connect" or
 * "Entra Connect" in their names but are other products with their own versions. */
static ds_install_kind classify(const wchar_t *name) {
	static const wchar_t *const connect_names[] = {
	    L"Azure AD Connect",
	    L"Entra Connect",
	    L"Azure AD Sync",
	    L"Azure Active Directory Connect",
	    /* AADSync, the ADSync engine before Connect; not the DirSync tool below. */
	    L"Azure Active Directory Sync Services",
	};
	static const wchar_t *const dirsync_names[] = {
	    L"Azure Active Directory Sync",
	    L"Directory Synchronization",
	    L"DirSync",
	};
	if (contains_nocase(name, L"agent")) {
		return DS_INSTALL_NONE;
	}
	for (size_t i = 0; i < sizeof connect_names / sizeof connect_names[0]; i++) {
		if (contains_nocase(name, connect_names[i])) {
			return DS_INSTALL_CONNECT;
		}
	}
	for (size_t i = 0; i < sizeof dirsync_names / sizeof dirsync_names[0]; i++) {
		if (contains_nocase(name, dirsync_names[i])) {
			return DS_INSTALL_DIRSYNC;
		}
	}
	return DS_INSTALL_NONE;
}

/* The best uninstall entry so far: Connect before DirSync, with a version before
 * without; the first found wins a tie. */
typedef struct entry {
	int score;
	ds_install_kind kind;
	bool version_valid;
	char version[64];
	bool has_version;
	char name[128];
	char key[KEY_NAME_MAX * 3];
	const char *view;
} entry;

static void consider_entry(HKEY uninstall, const wchar_t *key_name, REGSAM view,
                           const char *view_path, entry *best) {
	HKEY key;
	if (RegOpenKeyExW(uninstall, key_name, 0, KEY_QUERY_VALUE | view, &key) != ERROR_SUCCESS) {
		return;
	}
	wchar_t name[512];
	wchar_t version[128];
	LONG name_rc = read_string(key, L"DisplayName", name, sizeof name / sizeof name[0]);
	LONG version_rc =
	    read_string(key, L"DisplayVersion", version, sizeof version / sizeof version[0]);
	RegCloseKey(key);
	if (name_rc != ERROR_SUCCESS) {
		return;
	}
	ds_install_kind kind = classify(name);
	if (kind == DS_INSTALL_NONE) {
		return;
	}
	entry found;
	memset(&found, 0, sizeof found);
	found.kind = kind;
	found.view = view_path;
	found.has_version = version_rc == ERROR_SUCCESS && version[0] != L'\0';
	if (found.has_version) {
		char version_utf8[sizeof version / sizeof version[0] * 3];
		ds_version parsed;
		to_utf8(version, version_utf8, sizeof version_utf8);
		/* A cut text could look like a version: a too long one is replaced, not cut. */
		if (!ds_format_text(found.version, sizeof found.version, "%s", version_utf8)) {
			(void)ds_format_text(found.version, sizeof found.version, "%s",
			                     "(longer than 63 characters)");
		}
		found.version_valid = ds_version_parse(found.version, &parsed, NULL);
	}
	found.score = (kind == DS_INSTALL_CONNECT ? 2 : 0) + (found.version_valid ? 1 : 0);
	if (found.score <= best->score) {
		return;
	}
	char name_utf8[sizeof name / sizeof name[0] * 3];
	to_utf8(name, name_utf8, sizeof name_utf8);
	(void)ds_format_text(found.name, sizeof found.name, "%s", name_utf8);
	to_utf8(key_name, found.key, sizeof found.key);
	*best = found;
}

static void scan_uninstall_view(search *s, REGSAM view, const char *view_path, entry *best) {
	char key_text[160];
	(void)ds_format_text(key_text, sizeof key_text,
	                     "%s\\Microsoft\\Windows\\CurrentVersion\\Uninstall", view_path);
	HKEY uninstall;
	LONG rc = RegOpenKeyExW(HKEY_LOCAL_MACHINE, UNINSTALL_KEY, 0,
	                        KEY_ENUMERATE_SUB_KEYS | KEY_QUERY_VALUE | view, &uninstall);
	if (rc == ERROR_FILE_NOT_FOUND) {
		return;
	}
	if (rc != ERROR_SUCCESS) {
		note_denied(s, key_text, rc);
		return;
	}
	for (DWORD index = 0;; index++) {
		wchar_t key_name[KEY_NAME_MAX];
		DWORD len = KEY_NAME_MAX;
		rc = RegEnumKeyExW(uninstall, index, key_name, &len, NULL, NULL, NULL, NULL);
		if (rc == ERROR_NO_MORE_ITEMS) {
			break;
		}
		if (rc == ERROR_MORE_DATA) {
			continue;
		}
		if (rc != ERROR_SUCCESS) {
			char note[240];
			(void)ds_format_text(note, sizeof note, "listing HKLM\\%s stopped (error %ld)",
			                     key_text, (long)rc);
			add_note(s, note);
			break;
		}
		consider_entry(uninstall, key_name, view, view_path, best);
	}
	RegCloseKey(uninstall);
}

static void from_uninstall_entries(search *s) {
	entry best;
	memset(&best, 0, sizeof best);
	best.score = -1;
	scan_uninstall_view(s, KEY_WOW64_64KEY, "SOFTWARE", &best);
	scan_uninstall_view(s, KEY_WOW64_32KEY, "SOFTWARE\\WOW6432Node", &best);
	if (best.kind == DS_INSTALL_NONE) {
		return;
	}
	char text[sizeof s->install->source];
	(void)ds_format_text(text, sizeof text,
	                     "%s uninstall entry '%s' "
	                     "(HKLM\\%s\\Microsoft\\Windows\\CurrentVersion\\Uninstall\\%s)",
	                     best.has_version ? "DisplayVersion of the" : "the", best.name, best.view,
	                     best.key);
	if (!best.has_version) {
		add_note(s, "the uninstall entry has no DisplayVersion");
	}
	answer(s, best.kind, best.has_version ? best.version : NULL, text);
}

/* e. DirSync's own key; DirSync keeps no version there. */
static void from_dirsync_key(search *s) {
	HKEY key;
	LONG rc =
	    RegOpenKeyExW(HKEY_LOCAL_MACHINE, DIRSYNC_KEY, 0, KEY_QUERY_VALUE | KEY_WOW64_64KEY, &key);
	if (rc == ERROR_FILE_NOT_FOUND) {
		return;
	}
	if (rc != ERROR_SUCCESS) {
		note_denied(s, "SOFTWARE\\Microsoft\\MSOLCoExistence", rc);
		return;
	}
	RegCloseKey(key);
	answer(s, DS_INSTALL_DIRSYNC, NULL,
	       "HKLM\\SOFTWARE\\Microsoft\\MSOLCoExistence exists (DirSync keeps no version there)");
}

bool ds_sync_install_read(ds_sync_install *install, ds_error *err) {
	memset(install, 0, sizeof *install);
	install->kind = DS_INSTALL_NONE;
	search s;
	memset(&s, 0, sizeof s);
	s.install = install;
	s.denied_rc = ERROR_SUCCESS;

	wchar_t program_dir[WIDE_MAX];
	if (!program_files(program_dir, WIDE_MAX)) {
		program_dir[0] = L'\0';
	}
	from_service(&s, program_dir);
	if (!s.answered) {
		from_default_paths(&s, program_dir);
	}
	if (!s.answered) {
		from_uninstall_entries(&s);
	}
	if (!s.answered) {
		from_dirsync_key(&s);
	}
	if (!s.answered) {
		if (s.denied_rc != ERROR_SUCCESS) {
			return ds_error_set(err,
			                    "cannot tell which sync tool is installed: HKLM\\%s could not be "
			                    "opened (error %ld): run the plugin as a user that may read HKLM "
			                    "(the local Users group may), or give --installed-version",
			                    s.denied_key, (long)s.denied_rc);
		}
		install->kind = DS_INSTALL_NONE;
		(void)ds_format_text(
		    install->source, sizeof install->source, "%s",
		    "nothing found (ADSync service, default install paths, uninstall entries, "
		    "HKLM\\SOFTWARE\\Microsoft\\MSOLCoExistence)");
	}
	if (s.notes[0] != '\0') {
		append_cut(install->source, sizeof install->source, "; passed over: ", s.notes);
	}
	return true;
}

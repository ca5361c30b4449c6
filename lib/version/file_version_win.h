/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (C) 2026 The dirsync-plugins developers */
/* The version a Windows file carries in its version resource (Windows only), for
 * install_win.c, which decides which files to ask. */
#ifndef DIRSYNC_VERSION_FILE_VERSION_WIN_H
#define DIRSYNC_VERSION_FILE_VERSION_WIN_H

#include <stddef.h>

#include <windows.h>

typedef enum ds_file_status {
	DS_FILE_VERSION_OK,
	DS_FILE_MISSING,
	DS_FILE_IS_DIRECTORY,
	DS_FILE_NO_VERSION,
	DS_FILE_UNREADABLE,
} ds_file_status;

/* The fixed file version of path as "a.b.c.d" in version (empty unless
 * DS_FILE_VERSION_OK); *error is the Windows error behind a failure, or ERROR_SUCCESS. */
ds_file_status ds_file_version_read(const wchar_t *path, char *version, size_t size, DWORD *error);

/* What the status says of the file, for a note: "does not exist", "has no version
 * resource", "cannot be read (error 5)". */
void ds_file_status_describe(ds_file_status status, DWORD error, char *out, size_t size);

#endif

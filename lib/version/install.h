/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (C) 2026 The dirsync-plugins developers */
/* What directory sync tool is installed on this host, read from the native system
 * (install_win.c: service ImagePath, default directories, uninstall entries, DirSync's
 * keys, with file_version_win.c reading the files' versions; install_posix.c: not
 * available). */
#ifndef DIRSYNC_VERSION_INSTALL_H
#define DIRSYNC_VERSION_INSTALL_H

#include <stdbool.h>

#include "core/error.h"

typedef enum ds_install_kind {
	DS_INSTALL_NONE = 0,
	DS_INSTALL_CONNECT, /* ADSync engine / Azure AD Connect / Entra Connect (any version) */
	DS_INSTALL_DIRSYNC, /* the old DirSync (MSOLCoExistence, its uninstall entry) */
} ds_install_kind;

typedef struct ds_sync_install {
	ds_install_kind kind;
	bool has_version;
	char version[64]; /* as read, e.g. "2.6.92.0" */
	char source[300]; /* which source answered, for the long output */
} ds_sync_install;

/* Fills install; kind DS_INSTALL_NONE when nothing is installed (not an error). An
 * error only when the system could not be asked (or on non-Windows systems). */
bool ds_sync_install_read(ds_sync_install *install, ds_error *err);

#endif

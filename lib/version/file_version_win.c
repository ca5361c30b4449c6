/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (C) 2026 The dirsync-plugins developers */
/* The version resource of a file (GetFileVersionInfoW, VerQueryValueW): apart from the
 * registry search of install_win.c, which only decides which files to ask. */
#include "version/file_version_win.h"
#include "core/text.h"

#include <winver.h>
#include <stdlib.h>
#include <string.h>

/* A version resource is a few KiB; anything larger is not one. */
#define VERSION_INFO_MAX (4u * 1024u * 1024u)

static ds_file_status status_from_error(DWORD error) {
	switch (error) {
		case ERROR_FILE_NOT_FOUND:
		case ERROR_PATH_NOT_FOUND:
			return DS_FILE_MISSING;
		case ERROR_RESOURCE_DATA_NOT_FOUND:
		case ERROR_RESOURCE_TYPE_NOT_FOUND:
		case ERROR_RESOURCE_NAME_NOT_FOUND:
		case ERROR_RESOURCE_LANG_NOT_FOUND:
		case ERROR_BAD_FORMAT:
		case ERROR_BAD_EXE_FORMAT:
			return DS_FILE_NO_VERSION;
		default:
			return DS_FILE_UNREADABLE;
	}
}

/* The fixed file version (VS_FIXEDFILEINFO), not the StringFileInfo text that a build
 * may fill with anything. */
ds_file_status ds_file_version_read(const wchar_t *path, char *version, size_t size, DWORD *error) {
	*error = ERROR_SUCCESS;
	version[0] = '\0';
	DWORD attributes = GetFileAttributesW(path);
	if (attributes == INVALID_FILE_ATTRIBUTES) {
		*error = GetLastError();
		return status_from_error(*error);
	}
	if ((attributes & FILE_ATTRIBUTE_DIRECTORY) != 0) {
		return DS_FILE_IS_DIRECTORY;
	}
	DWORD ignored = 0;
	DWORD info_size = GetFileVersionInfoSizeW(path, &ignored);
	if (info_size == 0) {
		*error = GetLastError();
		ds_file_status status = status_from_error(*error);
		/* GetFileVersionInfoSizeW on a PE file without the resource may leave 0. */
		return status == DS_FILE_UNREADABLE && *error == ERROR_SUCCESS ? DS_FILE_NO_VERSION
		                                                               : status;
	}
	if (info_size > VERSION_INFO_MAX) {
		return DS_FILE_NO_VERSION;
	}
	void *info = malloc(info_size);
	if (info == NULL) {
		*error = ERROR_NOT_ENOUGH_MEMORY;
		return DS_FILE_UNREADABLE;
	}
	ds_file_status status = DS_FILE_NO_VERSION;
	void *value = NULL;
	UINT value_len = 0;
	if (!GetFileVersionInfoW(path, 0, info_size, info)) {
		*error = GetLastError();
		status = status_from_error(*error);
	} else if (VerQueryValueW(info, L"\\", &value, &value_len) && value != NULL &&
	           value_len >= sizeof(VS_FIXEDFILEINFO)) {
		VS_FIXEDFILEINFO fixed;
		memcpy(&fixed, value, sizeof fixed);
		if (fixed.dwSignature == 0xFEEF04BDu &&
		    ds_format_text(version, size, "%u.%u.%u.%u", (unsigned)HIWORD(fixed.dwFileVersionMS),
		                   (unsigned)LOWORD(fixed.dwFileVersionMS),
		                   (unsigned)HIWORD(fixed.dwFileVersionLS),
		                   (unsigned)LOWORD(fixed.dwFileVersionLS))) {
			status = DS_FILE_VERSION_OK;
		}
	}
	free(info);
	return status;
}

void ds_file_status_describe(ds_file_status status, DWORD error, char *out, size_t size) {
	static const char *const said[] = {
	    [DS_FILE_VERSION_OK] = "has a version",
	    [DS_FILE_MISSING] = "does not exist",
	    [DS_FILE_IS_DIRECTORY] = "is a directory",
	    [DS_FILE_NO_VERSION] = "has no version resource",
	};
	if ((size_t)status < sizeof said / sizeof said[0] && said[status] != NULL) {
		(void)ds_format_text(out, size, "%s", said[status]);
	} else {
		(void)ds_format_text(out, size, "cannot be read (error %lu)", (unsigned long)error);
	}
}

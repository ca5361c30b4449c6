/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (C) 2026 The dirsync-plugins developers */
/* explicit_bzero is a BSD and glibc extension, outside POSIX.1-2008. */
#define _DEFAULT_SOURCE 1
#include "core/wipe.h"

#include <stdlib.h>
#include <string.h>

#ifdef _WIN32
#include <windows.h>
#endif

void ds_wipe(void *memory, size_t len) {
	if (memory == NULL || len == 0) {
		return;
	}
#ifdef _WIN32
	SecureZeroMemory(memory, len);
#else
	explicit_bzero(memory, len);
#endif
}

void ds_wipe_free_string(char *text) {
	if (text != NULL) {
		ds_wipe(text, strlen(text));
		free(text);
	}
}

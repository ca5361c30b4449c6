/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (C) 2026 The dirsync-plugins developers */
/* Prints what ds_sync_install_read finds, for t/wine/sync_install.t. */
#include "version/install.h"
#include "core/sys.h"

#include <stdio.h>

static const char *kind_name(ds_install_kind kind) {
	switch (kind) {
		case DS_INSTALL_CONNECT:
			return "connect";
		case DS_INSTALL_DIRSYNC:
			return "dirsync";
		default:
			return "none";
	}
}

int main(void) {
	ds_sync_install install;
	ds_error err = {0};
	ds_stdout_binary();
	if (!ds_sync_install_read(&install, &err)) {
		printf("error=%s\n", err.text);
		return 3;
	}
	printf("kind=%s\n", kind_name(install.kind));
	printf("version=%s\n", install.has_version ? install.version : "");
	printf("source=%s\n", install.source);
	return fflush(stdout) == 0 ? 0 : 3;
}

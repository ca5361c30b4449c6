/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (C) 2026 The dirsync-plugins developers */
#include "version/install.h"

#include <string.h>

/* The sync tools are Windows programs: there is nothing to read on other systems. */
bool ds_sync_install_read(ds_sync_install *install, ds_error *err) {
	memset(install, 0, sizeof *install);
	install->kind = DS_INSTALL_NONE;
	return ds_error_set(err, "the installed sync tool can only be read on Windows: use "
	                         "--installed-version=X.Y.Z.W or --graph here");
}

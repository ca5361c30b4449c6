/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (C) 2026 The dirsync-plugins developers */
#include "os/facts.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/utsname.h>

bool ds_os_facts_read(ds_os_facts *facts, ds_error *err) {
	memset(facts, 0, sizeof *facts);
	struct utsname names;
	if (uname(&names) != 0) {
		return ds_error_set(err, "cannot read the system's machine type: uname() failed: %s",
		                    strerror(errno));
	}
	(void)snprintf(facts->machine, sizeof facts->machine, "%s", names.machine);
	(void)snprintf(facts->system, sizeof facts->system, "%s %s", names.sysname, names.release);
	/* The kernel's machine type tells the OS's width, whatever this binary was built as. */
	facts->native_bits = ds_machine_bits(names.machine);
	return true;
}

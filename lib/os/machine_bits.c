/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (C) 2026 The dirsync-plugins developers */
#include "os/facts.h"

#include <string.h>

static bool in_list(const char *machine, const char *const *list) {
	for (size_t i = 0; list[i] != NULL; i++) {
		if (strcmp(machine, list[i]) == 0) {
			return true;
		}
	}
	return false;
}

int ds_machine_bits(const char *machine) {
	static const char *const wide[] = {"x86_64",  "amd64",      "AMD64",       "aarch64", "arm64",
	                                   "ARM64",   "aarch64_be", "ppc64",       "ppc64le", "s390x",
	                                   "sparc64", "mips64",     "mips64el",    "riscv64", "ia64",
	                                   "IA64",    "alpha",      "loongarch64", NULL};
	static const char *const narrow[] = {
	    "i386",    "i486",   "i586",    "i686", "x86", "armv5tel", "armv6l", "armv7l",
	    "armv7hl", "armv8l", "arm",     "ARM",  "ppc", "ppcle",    "s390",   "sparc",
	    "mips",    "mipsel", "riscv32", "m68k", "sh4", NULL};
	if (machine == NULL) {
		return 0;
	}
	if (in_list(machine, wide)) {
		return 64;
	}
	if (in_list(machine, narrow)) {
		return 32;
	}
	return 0;
}

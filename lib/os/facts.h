/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (C) 2026 The dirsync-plugins developers */
/* What the host's operating system is, as read from the native system. The reading
 * is platform code (os_facts_posix.c, os_facts_win.c); judging it is not. */
#ifndef DIRSYNC_OS_FACTS_H
#define DIRSYNC_OS_FACTS_H

#include <stdbool.h>

#include "core/error.h"

typedef enum ds_product_type {
	DS_PRODUCT_UNKNOWN = 0,
	DS_PRODUCT_WORKSTATION = 1, /* VER_NT_WORKSTATION: a client edition */
	DS_PRODUCT_DOMAIN_CONTROLLER = 2,
	DS_PRODUCT_SERVER = 3,
} ds_product_type;

typedef struct ds_os_facts {
	bool is_windows;
	int native_bits;  /* 64 or 32 for the OS itself, 0 when it cannot be told */
	char machine[72]; /* uname machine ("x86_64", "i686") or "AMD64", "x86", "ARM64" */
	char system[160]; /* POSIX: "Linux 6.1.0-18-amd64" */
	unsigned major;   /* Windows: from RtlGetVersion */
	unsigned minor;
	unsigned build;
	unsigned revision; /* Windows: UBR, 0 when absent */
	ds_product_type product_type;
	char installation_type[32]; /* "Server", "Server Core", "Nano Server", "Client", "" */
	char product_name[96];      /* registry ProductName, for the long output only */
	char edition_id[48];
} ds_os_facts;

/* Reads the facts of the running host. */
bool ds_os_facts_read(ds_os_facts *facts, ds_error *err);

/* 64 or 32 for a machine name as uname or Windows report it, 0 when unknown. */
int ds_machine_bits(const char *machine);

#endif

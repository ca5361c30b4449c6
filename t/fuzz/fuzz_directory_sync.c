/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (C) 2026 The dirsync-plugins developers */
/* Graph beta's onPremisesSynchronization answer, then the client version it names,
 * read as check_dirsync_version --graph reads it. */
#include "version/graph.h"
#include "fuzz.h"
#include "version/version.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
	ds_sync_client client;
	ds_error err = {0};
	if (ds_directory_sync_parse((const char *)data, size, &client, &err)) {
		FUZZ_ASSERT(strnlen(client.version, sizeof client.version) < sizeof client.version);
		FUZZ_ASSERT(strnlen(client.server, sizeof client.server) < sizeof client.server);
		FUZZ_ASSERT(client.has_version || client.version[0] == '\0');
		ds_version version;
		ds_error version_err = {0};
		if (client.has_version && !ds_version_parse(client.version, &version, &version_err)) {
			fuzz_check_error(&version_err);
		}
	} else {
		fuzz_check_error(&err);
	}
	return 0;
}

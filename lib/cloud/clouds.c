/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (C) 2026 The dirsync-plugins developers */
#include "cloud/clouds.h"

#include <string.h>

/* Microsoft Graph national cloud deployments and the identity platform's national
 * clouds; GCC (moderate) tenants use the global endpoints. */
static const ds_cloud clouds[] = {
    {"global", "https://login.microsoftonline.com", "https://graph.microsoft.com"},
    {"usgov", "https://login.microsoftonline.us", "https://graph.microsoft.us"},
    {"usgovdod", "https://login.microsoftonline.us", "https://dod-graph.microsoft.us"},
    {"china", "https://login.partner.microsoftonline.cn",
     "https://microsoftgraph.chinacloudapi.cn"},
};

bool ds_cloud_find(const char *name, const ds_cloud **out, ds_error *err) {
	for (size_t i = 0; i < sizeof clouds / sizeof clouds[0]; i++) {
		if (strcmp(name, clouds[i].name) == 0) {
			*out = &clouds[i];
			return true;
		}
	}
	return ds_error_set(err, "unknown cloud '%s': expected global, usgov, usgovdod or china", name);
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (C) 2026 The dirsync-plugins developers */
/* URLs handed to us by a service (paging links) checked against the root we trust, with
 * libcurl's URL parser rather than string prefixes. */
#ifndef DIRSYNC_CLOUD_URL_H
#define DIRSYNC_CLOUD_URL_H

#include <stdbool.h>
#include <stddef.h>

#include "core/error.h"

/* When url has root's scheme, host and port (the scheme's default port when absent) and
 * its path is root's path or below it, rest is the remainder ("/v1.0/users?x=1") to
 * append to root. Anything else (another host, scheme or port, user info, a fragment,
 * a URL that does not parse) is an error naming what differs; url is never quoted. */
bool ds_url_below_root(const char *root, const char *url, char *rest, size_t size, ds_error *err);

#endif

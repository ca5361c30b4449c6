/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (C) 2026 The dirsync-plugins developers */
/* The options of every check that asks Microsoft Graph (tenant, credential, endpoints,
 * transport, token cache): taking them from the command line into ds_cloud_settings,
 * and their help. What they mean is lib/cloud/session.h's. */
#ifndef DIRSYNC_PLUGINS_COMMON_CLOUD_CLI_H
#define DIRSYNC_PLUGINS_COMMON_CLOUD_CLI_H

#include <stdio.h>

#include "cloud/session.h"
#include "common/cloud_options.h"
#include "core/error.h"

/* A ds_option_taker for the options of DS_CLOUD_LONG_OPTIONS into a ds_cloud_settings. */
bool ds_cloud_take_option(int option, const char *value, void *settings, ds_error *err);

/* The help text for these options. */
void ds_cloud_print_help(FILE *out);

#endif

/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (C) 2026 The dirsync-plugins developers */
/* Reading a plugin's options (for plugin.c's ds_run_start): getopt_long with errors that
 * never quote a value, the checks of the lines from extra-opts files, and hiding the
 * secrets in argv. */
#ifndef DIRSYNC_PLUGINS_COMMON_OPTIONS_H
#define DIRSYNC_PLUGINS_COMMON_OPTIONS_H

#include "common/plugin.h"

/* getopt_long over args: the common options go to common (-h prints the help and exits
 * 3, -V the version), every other option to the plugin's takers with config and
 * shared_config. An unknown option, a missing value or a positional argument is an error
 * sentence; the arguments that came from extra-opts files (args->from_files) are never
 * quoted. */
bool ds_parse_options(const ds_plugin *plugin, const ds_argv *args, void *config,
                      void *shared_config, ds_common_options *common, ds_error *err);

/* Overwrites, in argv itself (what ps shows), the values of the options that may carry a
 * secret, however getopt_long would spell them: the options named in secret_options and
 * any abbreviation of them, the password in the URL of the options named in url_options
 * (user:password@host), and the value of any option that long_options does not know (a
 * mistyped --client-secert=S). Either list may be NULL; both end with NULL. The options
 * must have been copied out of argv first (ds_extra_opts_expand does). */
void ds_hide_secret_arguments(int argc, char **argv, const struct option *long_options,
                              const char *const *secret_options, const char *const *url_options);

#endif

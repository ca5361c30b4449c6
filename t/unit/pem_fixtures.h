/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (C) 2026 The dirsync-plugins developers */
/* PEM files for the certificate and client assertion tests, made once per run by the
 * openssl CLI (independently of the code under test) in a temporary directory. */
#ifndef DIRSYNC_T_UNIT_PEM_FIXTURES_H
#define DIRSYNC_T_UNIT_PEM_FIXTURES_H

#include "cloud/certificate.h"

#define PATH_SIZE 512
#define LINE_SIZE 256

/* Unchecked fixture: key generation costs a few hundred milliseconds, so the files are
 * made once in the parent before the forked tests. */
void make_fixtures(void);
void remove_fixtures(void);

/* The path of fixture name in buf (PATH_SIZE bytes). */
void fixture_path(char *buf, const char *name);

/* Line line_number (from 1) of fixture name, without its newline (LINE_SIZE bytes). */
void read_line(const char *name, int line_number, char *line);

/* Loads fixture name, which must succeed without leaving OpenSSL errors behind. */
ds_certificate *load_ok(const char *name);

/* Fails with a sentence that names the file and contains needle, shows no key
 * material and leaves no stale OpenSSL errors behind. */
void load_fails(const char *name, const char *needle);

#endif

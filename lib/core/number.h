/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (C) 2026 The dirsync-plugins developers */
/* The one bounded unsigned decimal parser: option values, table fields, version parts,
 * timestamp fields and event ids all read their digits here, so that overflow, signs,
 * blanks and locale-dependent digits are handled once. */
#ifndef DIRSYNC_CORE_NUMBER_H
#define DIRSYNC_CORE_NUMBER_H

#include <stddef.h>
#include <stdint.h>

#include "core/text.h"

/* What a parse found; each caller puts it into its own sentence, since only the caller
 * knows what the number is (a timeout, an event id) and which values it allows. */
typedef enum ds_number_result {
	DS_NUMBER_OK,
	DS_NUMBER_NO_DIGITS, /* empty, or the first character is not an ASCII digit */
	DS_NUMBER_TOO_LARGE, /* the digits are a value above max */
	DS_NUMBER_TRAILING,  /* digits followed by something else (ds_number_parse only) */
} ds_number_result;

/* The count of ASCII digits at the start of s. Like both parsers below it reads s only
 * up to the first non-digit, so that a span of a fixed width over a NUL-terminated text
 * ("the next 4 characters") is safe even when the text is shorter. */
size_t ds_number_digits(ds_span s);

/* The leading ASCII digits of s as a value from 0 to max. *used is the number of digits
 * (all of them, also when the value is too large, so that the caller can name them);
 * *value is set only for DS_NUMBER_OK. No sign, no blanks, no other digits than 0 to 9
 * (isdigit() follows the locale); leading zeros count for nothing ("007" is 7). */
ds_number_result ds_number_prefix(ds_span s, uint64_t max, uint64_t *value, size_t *used);

/* The same for the whole of s: anything after the digits is DS_NUMBER_TRAILING (a value
 * that is too large says so first, whatever follows it). */
ds_number_result ds_number_parse(ds_span s, uint64_t max, uint64_t *value);

#endif

/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (C) 2026 The dirsync-plugins developers */
/* The one growable byte buffer. What grows here may be a secret (a token answer, a form
 * holding the client secret, an ini line with a password), so growing copies the bytes
 * into a new block and wipes the old one instead of realloc, which would leave a copy
 * in freed memory, and freeing wipes. The bytes are always followed by a NUL. */
#ifndef DIRSYNC_CORE_BUFFER_H
#define DIRSYNC_CORE_BUFFER_H

#include <stdbool.h>
#include <stddef.h>

typedef struct ds_buffer {
	char *data; /* NULL until the first byte; then data[len] == '\0' */
	size_t len;
	size_t capacity;
} ds_buffer;

/* Room for extra more bytes and the NUL (the capacity at least doubles); false when out
 * of memory, the buffer unchanged. */
bool ds_buffer_reserve(ds_buffer *buffer, size_t extra);

/* Appends len bytes; false when out of memory, the buffer unchanged. */
bool ds_buffer_append(ds_buffer *buffer, const void *bytes, size_t len);

/* Cuts the content to len bytes (len <= buffer->len), wiping what is cut. */
void ds_buffer_truncate(ds_buffer *buffer, size_t len);

/* Wipes and frees; the buffer is empty again. */
void ds_buffer_free(ds_buffer *buffer);

#endif

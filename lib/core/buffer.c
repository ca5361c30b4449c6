/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (C) 2026 The dirsync-plugins developers */
#include "core/buffer.h"

#include <stdlib.h>
#include <string.h>

#include "core/wipe.h"

#define BUFFER_MIN_CAPACITY 256

bool ds_buffer_reserve(ds_buffer *buffer, size_t extra) {
	if (extra > (size_t)-1 / 2 - buffer->len) {
		return false;
	}
	size_t needed = buffer->len + extra + 1;
	if (needed <= buffer->capacity) {
		return true;
	}
	size_t capacity = buffer->capacity > 0 ? buffer->capacity : BUFFER_MIN_CAPACITY;
	while (capacity < needed) {
		capacity *= 2;
	}
	char *grown = malloc(capacity);
	if (grown == NULL) {
		return false;
	}
	if (buffer->data != NULL) {
		memcpy(grown, buffer->data, buffer->len + 1);
		ds_wipe(buffer->data, buffer->capacity);
		free(buffer->data);
	} else {
		grown[0] = '\0';
	}
	buffer->data = grown;
	buffer->capacity = capacity;
	return true;
}

bool ds_buffer_append(ds_buffer *buffer, const void *bytes, size_t len) {
	if (!ds_buffer_reserve(buffer, len)) {
		return false;
	}
	if (len > 0) {
		memcpy(buffer->data + buffer->len, bytes, len);
	}
	buffer->len += len;
	buffer->data[buffer->len] = '\0';
	return true;
}

void ds_buffer_truncate(ds_buffer *buffer, size_t len) {
	if (buffer->data == NULL || len >= buffer->len) {
		return;
	}
	ds_wipe(buffer->data + len, buffer->len - len);
	buffer->len = len;
	buffer->data[len] = '\0';
}

void ds_buffer_free(ds_buffer *buffer) {
	if (buffer->data != NULL) {
		ds_wipe(buffer->data, buffer->capacity);
		free(buffer->data);
	}
	buffer->data = NULL;
	buffer->len = 0;
	buffer->capacity = 0;
}

#include "text.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

bool ds_format_text(char *out, size_t size, const char *fmt, ...) {
	if (size == 0) {
		return false;
	}
	va_list ap;
	va_start(ap, fmt);
	int written = vsnprintf(out, size, fmt, ap);
	va_end(ap);
	if (written < 0) {
		out[0] = '\0';
		return false;
	}
	return (size_t)written < size;
}

bool ds_read_text_file(const char *path, size_t max_bytes, const char *what, char **text,
                       ds_error *err) {
	*text = NULL;
	FILE *file = fopen(path, "rb");
	if (file == NULL) {
		return ds_error_set(err, "cannot read %s %s: %s", what, path, strerror(errno));
	}
	char *buffer = malloc(max_bytes + 1);
	if (buffer == NULL) {
		(void)fclose(file);
		return ds_error_set(err, "out of memory reading %s %s", what, path);
	}
	size_t len = fread(buffer, 1, max_bytes + 1, file);
	bool read_error = ferror(file) != 0;
	(void)fclose(file);
	if (read_error) {
		ds_error_set(err, "cannot read %s %s: read error", what, path);
	} else if (len > max_bytes) {
		ds_error_set(err, "%s %s is larger than %zu KiB", what, path, max_bytes / 1024);
	} else if (memchr(buffer, '\0', len) != NULL) {
		ds_error_set(err, "%s %s is not a text file", what, path);
	} else {
		buffer[len] = '\0';
		*text = buffer;
		return true;
	}
	free(buffer);
	return false;
}

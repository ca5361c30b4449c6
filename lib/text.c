#include "text.h"

#include <stdarg.h>
#include <stdio.h>

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

/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (C) 2026 The dirsync-plugins developers */
/* The Retry-After header of a throttled Graph or token answer: decimal seconds or an
 * HTTP date. */
#include <math.h>

#include "fuzz.h"
#include "cloud/http.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
	char *text = fuzz_text(data, size);
	double seconds = ds_http_parse_retry_after(text, FUZZ_NOW);
	FUZZ_ASSERT(seconds == -1 || (isfinite(seconds) && seconds >= 0));
	free(text);
	return 0;
}

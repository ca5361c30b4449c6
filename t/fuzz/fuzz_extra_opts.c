/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (C) 2026 The dirsync-plugins developers */
/* The --extra-opts ini file: the first line names the section, the rest is the file. */
#include "core/extra_opts.h"
#include "fuzz.h"
#include "core/text.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
	char *text = fuzz_text(data, size);
	fuzz_parts parts = fuzz_split(text, size);
	/* The section name is the administrator's, not the file's: long ones may cut the
	 * sentence that names them, which is not what is tested here. */
	if (strlen(parts.head) > DS_QUOTE_MAX) {
		parts.head[DS_QUOTE_MAX] = '\0';
	}
	/* fmemopen wants a non-empty buffer; the terminator stands in for an empty file. */
	FILE *stream = fmemopen((void *)parts.body, parts.body_len > 0 ? parts.body_len : 1, "r");
	FUZZ_ASSERT(stream != NULL);
	if (parts.body_len == 0) {
		(void)getc(stream);
	}
	ds_argv out = {0};
	FUZZ_ASSERT(ds_argv_push(&out, "check_dirsync_age", NULL));
	ds_error err = {0};
	if (ds_ini_read_section(stream, "fuzz.ini", parts.head, &out, &err)) {
		FUZZ_ASSERT(out.argv[out.argc] == NULL);
		/* Options come first: "-k" (its value may follow) or "--key[=value]". */
		FUZZ_ASSERT(out.argc == 1 || out.argv[1][0] == '-');
		for (int i = 1; i < out.argc; i++) {
			FUZZ_ASSERT(strlen(out.argv[i]) < parts.body_len + 3);
		}
	} else {
		fuzz_check_error(&err);
		FUZZ_ASSERT(out.argc == 1);
	}
	(void)fclose(stream);
	ds_argv_free(&out);
	free(text);
	return 0;
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (C) 2026 The dirsync-plugins developers */
/* mkdtemp, popen and the directory functions are POSIX, not C11. */
#ifndef _DEFAULT_SOURCE
#define _DEFAULT_SOURCE 1
#endif

#include "pem_fixtures.h"

#include <check.h>
#include <dirent.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <openssl/err.h>

#define COMMAND_SIZE 1536

static char fixture_dir[PATH_SIZE];

static void run(const char *format, ...) __attribute__((format(printf, 1, 2)));
void fixture_path(char *buf, const char *name) {
	int written = snprintf(buf, PATH_SIZE, "%s/%s", fixture_dir, name);
	ck_assert(written > 0 && written < PATH_SIZE);
}

void run(const char *format, ...) __attribute__((format(printf, 1, 2)));
void run(const char *format, ...) {
	char command[COMMAND_SIZE];
	int written = snprintf(command, sizeof command, "cd '%s' && ", fixture_dir);
	ck_assert(written > 0 && (size_t)written < sizeof command);
	va_list ap;
	va_start(ap, format);
	int more = vsnprintf(command + written, sizeof command - (size_t)written, format, ap);
	va_end(ap);
	ck_assert(more > 0 && (size_t)more < sizeof command - (size_t)written);
	/* stdin from /dev/null: a command that wanted a passphrase fails instead of waiting. */
	char full[COMMAND_SIZE + 64];
	written = snprintf(full, sizeof full, "(%s) </dev/null >/dev/null 2>&1", command);
	ck_assert(written > 0 && (size_t)written < sizeof full);
	int status = system(full);
	ck_assert_msg(status != -1 && WIFEXITED(status) && WEXITSTATUS(status) == 0,
	              "command failed: %s", command);
}

/* Line line_number (from 1) of a fixture file, without the newline. */
void read_line(const char *name, int line_number, char *line) {
	char path[PATH_SIZE];
	fixture_path(path, name);
	FILE *file = fopen(path, "r");
	ck_assert_ptr_nonnull(file);
	for (int i = 0; i < line_number; i++) {
		ck_assert_ptr_nonnull(fgets(line, LINE_SIZE, file));
	}
	ck_assert_int_eq(fclose(file), 0);
	line[strcspn(line, "\r\n")] = '\0';
}

void make_fixtures(void) {
	int written = snprintf(fixture_dir, sizeof fixture_dir, "/tmp/ds_assertion_XXXXXX");
	ck_assert(written > 0 && (size_t)written < sizeof fixture_dir);
	ck_assert_ptr_nonnull(mkdtemp(fixture_dir));
	run("openssl req -x509 -newkey rsa:2048 -nodes -keyout key.pem -out cert.pem "
	    "-subj /CN=dirsync-test -days 2");
	run("openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out other_key.pem");
	run("openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes "
	    "-keyout ec_key.pem -out ec_cert.pem -subj /CN=dirsync-ec -days 2");
	run("openssl ec -in ec_key.pem -out ec_trad_key.pem");
	run("openssl rsa -in key.pem -traditional -out trad_key.pem");
	run("openssl pkey -in key.pem -aes256 -passout pass:dirsync -out enc_pkcs8_key.pem");
	run("openssl rsa -in key.pem -traditional -aes256 -passout pass:dirsync "
	    "-out enc_trad_key.pem");
	run("openssl pkey -in key.pem -pubout -out pub.pem");
	run("cat key.pem cert.pem > key_first.pem && cat cert.pem key.pem > cert_first.pem && "
	    "cat cert.pem trad_key.pem > traditional.pem && "
	    "cat ec_cert.pem pub.pem cert.pem key.pem > chain.pem && "
	    "cat cert.pem > cert_only.pem && cat key.pem > key_only.pem && "
	    "cat cert.pem other_key.pem > mismatch.pem && "
	    "cat cert.pem enc_pkcs8_key.pem > enc_pkcs8.pem && "
	    "cat enc_trad_key.pem cert.pem > enc_trad.pem && "
	    "cat ec_cert.pem ec_key.pem > ec.pem && cat ec_trad_key.pem ec_cert.pem > ec_trad.pem && "
	    "cat cert.pem key.pem other_key.pem > two_keys.pem && "
	    "cat ec_cert.pem key.pem > wrong_cert.pem && "
	    "printf 'hello, world\\n\\001\\002\\377 no PEM here\\n' > garbage.pem && "
	    "printf -- '-----BEGIN CERTIFICATE-----\\n!!not base64!!\\n"
	    "-----END CERTIFICATE-----\\n' > broken.pem && "
	    ": > empty.pem && mkdir a_directory.pem");
	/* References computed by the openssl CLI, independently of the code under test. */
	run("openssl x509 -in cert.pem -outform DER | openssl dgst -sha1 -binary | base64 | "
	    "tr '+/' '-_' | tr -d '=' > x5t.txt");
	run("openssl x509 -in cert.pem -outform DER | openssl dgst -sha256 -binary | base64 | "
	    "tr '+/' '-_' | tr -d '=' > x5t_s256.txt");
	run("openssl x509 -in cert.pem -outform DER | openssl dgst -sha256 -r | cut -d' ' -f1 "
	    "> fingerprint.txt");
}

void remove_fixtures(void) {
	DIR *dir = opendir(fixture_dir);
	ck_assert_ptr_nonnull(dir);
	struct dirent *entry;
	while ((entry = readdir(dir)) != NULL) {
		if (strcmp(entry->d_name, ".") != 0 && strcmp(entry->d_name, "..") != 0) {
			char path[PATH_SIZE];
			fixture_path(path, entry->d_name);
			ck_assert_int_eq(remove(path), 0);
		}
	}
	ck_assert_int_eq(closedir(dir), 0);
	ck_assert_int_eq(rmdir(fixture_dir), 0);
}

ds_certificate *load_ok(const char *name) {
	char path[PATH_SIZE];
	fixture_path(path, name);
	ds_certificate *cert = NULL;
	ds_error err = {0};
	ck_assert_msg(ds_certificate_load(path, &cert, &err), "%s: %s", name, err.text);
	ck_assert_ptr_nonnull(cert);
	ck_assert_uint_eq(ERR_peek_error(), 0);
	return cert;
}

/* Fails with a sentence that names the file and contains `needle`, shows no key
 * material and leaves no stale OpenSSL errors behind. */
void load_fails(const char *name, const char *needle) {
	char path[PATH_SIZE];
	fixture_path(path, name);
	ds_certificate *cert = (ds_certificate *)&cert; /* must be reset to NULL */
	ds_error err = {0};
	ck_assert(!ds_certificate_load(path, &cert, &err));
	ck_assert_ptr_null(cert);
	ck_assert_msg(strstr(err.text, needle) != NULL, "'%s' not in: %s", needle, err.text);
	ck_assert_msg(strstr(err.text, path) != NULL, "path not in: %s", err.text);
	char key_line[LINE_SIZE];
	read_line("key.pem", 2, key_line);
	ck_assert_ptr_null(strstr(err.text, key_line));
	ck_assert_ptr_null(strstr(err.text, "PRIVATE KEY-----"));
	ck_assert_uint_eq(ERR_peek_error(), 0);
}

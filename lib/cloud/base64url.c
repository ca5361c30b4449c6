/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (C) 2026 The dirsync-plugins developers */
#include "cloud/base64url.h"

#include <stdint.h>
#include <string.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>

/* Bytes per EVP_EncodeBlock call: whole groups of three, far below INT_MAX. */
#define BASE64_CHUNK (3UL * 1024UL * 1024UL)

bool ds_base64url_size(size_t len, size_t *size) {
	if (len / 3 > (SIZE_MAX - 5) / 4) {
		return false;
	}
	*size = DS_BASE64URL_CHARS(len) + 1;
	return true;
}

/* Swaps the two characters base64 and base64url disagree on (RFC 4648 section 5). */
static void to_url_alphabet(char *text, size_t len) {
	for (size_t i = 0; i < len; i++) {
		if (text[i] == '+') {
			text[i] = '-';
		} else if (text[i] == '/') {
			text[i] = '_';
		}
	}
}

bool ds_base64url_encode(const unsigned char *data, size_t len, char *out, size_t out_size) {
	size_t needed = 0;
	if (out == NULL || (data == NULL && len > 0) || !ds_base64url_size(len, &needed) ||
	    out_size < needed) {
		return false;
	}
	/* Whole groups of three bytes need no padding, so OpenSSL writes them straight into
	 * out (4 characters each and a NUL, which needed counts); its length is an int. */
	size_t whole = len - len % 3;
	size_t o = 0;
	for (size_t i = 0; i < whole; i += BASE64_CHUNK) {
		size_t n = whole - i < BASE64_CHUNK ? whole - i : BASE64_CHUNK;
		o += (size_t)EVP_EncodeBlock((unsigned char *)out + o, data + i, (int)n);
	}
	/* The last one or two bytes become a padded group in a buffer of its own, whose
	 * padding is left out: 1 byte gives 2 characters, 2 bytes give 3. */
	if (len % 3 != 0) {
		unsigned char group[5];
		(void)EVP_EncodeBlock(group, data + whole, (int)(len % 3));
		memcpy(out + o, group, len % 3 + 1);
		o += len % 3 + 1;
		OPENSSL_cleanse(group, sizeof group);
	}
	out[o] = '\0';
	to_url_alphabet(out, o);
	return true;
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (C) 2026 The dirsync-plugins developers */
#include "cloud/assertion.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>
#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>

#include "core/text.h"

/* A PEM certificate with its key is a few KiB; a chain a few more. The cap keeps a
 * wrong path (a log, a device) from making us read without limit. */
#define PEM_FILE_MAX   (1024UL * 1024UL)
#define PEM_READ_CHUNK (16UL * 1024UL)
/* Bytes per EVP_EncodeBlock call: whole groups of three, far below INT_MAX. */
#define BASE64_CHUNK (3UL * 1024UL * 1024UL)

/* The identity platform rejects assertions valid for longer than ten minutes; five
 * minutes is what MSAL uses and leaves room for clock skew. */
#define ASSERTION_LIFETIME_S 300

#define SHA256_LEN 32
#define SHA1_LEN   20
#define UUID_BYTES 16
#define UUID_CHARS 36

/* Characters of unpadded base64url for n bytes. */
#define BASE64URL_CHARS(n) (((n) / 3) * 4 + ((n) % 3 == 0 ? 0 : (n) % 3 + 1))

#define ENCRYPTION_HINT                                                                            \
	"export it without a passphrase (openssl pkey -in %s -out key.pem) and protect the file "      \
	"with chmod 600 instead"

struct ds_certificate {
	X509 *x509;
	EVP_PKEY *key;
	char x5t_s256[BASE64URL_CHARS(SHA256_LEN) + 1];
	char x5t[BASE64URL_CHARS(SHA1_LEN) + 1];
	char fingerprint[SHA256_LEN * 2 + 1];
};

/* What the PEM blocks of one file yielded; certificates are kept until the key is
 * known because a chain file may list intermediates before the leaf. */
typedef struct pem_contents {
	const char *path;
	STACK_OF(X509) * certs;
	EVP_PKEY *key;
	size_t blocks;
} pem_contents;

/* ---- helpers -------------------------------------------------------------------------- */

/* The reason of the newest queued error, for the sentence; OpenSSL's reason strings
 * are static and never contain key material. */
static const char *openssl_reason(void) {
	const char *reason = ERR_reason_error_string(ERR_peek_last_error());
	return reason != NULL ? reason : "no details";
}

static void wipe_free(void *data, size_t len) {
	if (data != NULL) {
		OPENSSL_cleanse(data, len);
		free(data);
	}
}

/* Needed size of the output buffer including the NUL; false when it would overflow. */
static bool base64url_size(size_t len, size_t *size) {
	if (len / 3 > (SIZE_MAX - 5) / 4) {
		return false;
	}
	*size = BASE64URL_CHARS(len) + 1;
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
	if (out == NULL || (data == NULL && len > 0) || !base64url_size(len, &needed) ||
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

/* ---- reading the PEM file ---------------------------------------------------------- */

static bool grow_buffer(unsigned char **buf, size_t len, size_t *cap) {
	size_t new_cap = *cap == 0 ? PEM_READ_CHUNK : *cap * 2;
	if (new_cap > PEM_FILE_MAX + 1) {
		new_cap = PEM_FILE_MAX + 1;
	}
	unsigned char *bigger = malloc(new_cap);
	if (bigger == NULL) {
		return false;
	}
	if (len > 0) {
		memcpy(bigger, *buf, len);
	}
	wipe_free(*buf, *cap);
	*buf = bigger;
	*cap = new_cap;
	return true;
}

static bool read_stream(FILE *file, const char *path, unsigned char **buf, size_t *len,
                        ds_error *err) {
	size_t cap = 0;
	for (;;) {
		if (*len == cap && !grow_buffer(buf, *len, &cap)) {
			wipe_free(*buf, cap);
			*buf = NULL;
			return ds_error_set(err, "out of memory while reading the certificate file %s", path);
		}
		errno = 0;
		size_t got = fread(*buf + *len, 1, cap - *len, file);
		*len += got;
		if (*len > PEM_FILE_MAX) {
			wipe_free(*buf, cap);
			*buf = NULL;
			return ds_error_set(err,
			                    "the certificate file %s is larger than 1 MiB, so it is not a PEM "
			                    "certificate with its key: point to the PEM file itself",
			                    path);
		}
		if (got == 0) {
			break;
		}
	}
	if (ferror(file)) {
		int saved = errno != 0 ? errno : EIO;
		wipe_free(*buf, cap);
		*buf = NULL;
		return ds_error_set(err,
		                    "cannot read the certificate file %s: %s: check the path and that "
		                    "the monitoring user may read it",
		                    path, strerror(saved));
	}
	return true;
}

/* Reads the whole file; the buffer holds the private key, so the caller wipes it. */
static bool read_pem_file(const char *path, unsigned char **buf, size_t *len, ds_error *err) {
	*buf = NULL;
	*len = 0;
	FILE *file = fopen(path, "rb");
	if (file == NULL) {
		return ds_error_set(err,
		                    "cannot open the certificate file %s: %s: check the path and that "
		                    "the monitoring user may read it",
		                    path, strerror(errno));
	}
	/* Unbuffered, the key is read straight into our buffer (which is wiped) instead of
	 * also landing in stdio's buffer (which is not). Failure only weakens the wipe. */
	(void)setvbuf(file, NULL, _IONBF, 0);
	bool ok = read_stream(file, path, buf, len, err);
	(void)fclose(file); /* read-only: nothing is lost if closing fails */
	return ok;
}

/* ---- PEM blocks --------------------------------------------------------------------- */

static bool has_suffix(const char *s, const char *suffix) {
	size_t len = strlen(s);
	size_t suffix_len = strlen(suffix);
	return len >= suffix_len && strcmp(s + len - suffix_len, suffix) == 0;
}

static bool is_certificate_block(const char *name) {
	return strcmp(name, PEM_STRING_X509) == 0 || strcmp(name, PEM_STRING_X509_OLD) == 0 ||
	       strcmp(name, PEM_STRING_X509_TRUSTED) == 0;
}

static bool add_certificate(pem_contents *contents, const char *name, const unsigned char *der,
                            long len, ds_error *err) {
	const unsigned char *p = der;
	/* A TRUSTED CERTIFICATE carries trust settings after the certificate itself. */
	X509 *x509 = strcmp(name, PEM_STRING_X509_TRUSTED) == 0 ? d2i_X509_AUX(NULL, &p, len)
	                                                        : d2i_X509(NULL, &p, len);
	if (x509 == NULL) {
		return ds_error_set(err,
		                    "a certificate in %s cannot be decoded (OpenSSL: %s): export the "
		                    "certificate again in PEM format",
		                    contents->path, openssl_reason());
	}
	if (sk_X509_push(contents->certs, x509) <= 0) {
		X509_free(x509);
		return ds_error_set(err, "out of memory while loading the certificate file %s",
		                    contents->path);
	}
	return true;
}

/* Encryption is recognised from the block itself, before anything is decoded, so that
 * OpenSSL is never asked to decrypt and can never prompt for a passphrase. */
static bool add_private_key(pem_contents *contents, const char *name, const char *header,
                            const unsigned char *der, long len, ds_error *err) {
	if (strcmp(name, PEM_STRING_PKCS8) == 0 || strstr(header, "ENCRYPTED") != NULL) {
		return ds_error_set(err, "the private key in %s is encrypted: " ENCRYPTION_HINT,
		                    contents->path, contents->path);
	}
	if (contents->key != NULL) {
		return ds_error_set(err,
		                    "%s holds more than one private key: keep only the key that "
		                    "belongs to the certificate",
		                    contents->path);
	}
	const unsigned char *p = der;
	contents->key = d2i_AutoPrivateKey(NULL, &p, len);
	if (contents->key == NULL) {
		return ds_error_set(err,
		                    "the private key in %s cannot be decoded (OpenSSL: %s): export it "
		                    "again in PEM format (openssl pkey -in OLD -out key.pem)",
		                    contents->path, openssl_reason());
	}
	return true;
}

static bool add_block(pem_contents *contents, const char *name, const char *header,
                      const unsigned char *der, long len, ds_error *err) {
	contents->blocks++;
	if (is_certificate_block(name)) {
		return add_certificate(contents, name, der, len, err);
	}
	if (has_suffix(name, "PRIVATE KEY")) {
		return add_private_key(contents, name, header, der, len, err);
	}
	/* Other blocks (EC PARAMETERS, a CRL, a public key) say nothing about the
	 * credential and are skipped. */
	return true;
}

/* Reads one block; *done is set at the clean end of the file. */
static bool read_block(BIO *bio, pem_contents *contents, bool *done, ds_error *err) {
	char *name = NULL;
	char *header = NULL;
	unsigned char *der = NULL;
	long len = 0;
	/* Secure allocation makes OpenSSL wipe its own copies of the key as it frees them. */
	if (PEM_read_bio_ex(bio, &name, &header, &der, &len,
	                    PEM_FLAG_SECURE | PEM_FLAG_EAY_COMPATIBLE) != 1) {
		unsigned long code = ERR_peek_last_error();
		if (ERR_GET_LIB(code) == ERR_LIB_PEM && ERR_GET_REASON(code) == PEM_R_NO_START_LINE) {
			*done = true;
			return true;
		}
		return ds_error_set(err,
		                    "%s is not a valid PEM file (OpenSSL: %s): export the certificate "
		                    "and its key again in PEM format",
		                    contents->path, openssl_reason());
	}
	bool ok = add_block(contents, name, header, der, len, err);
	OPENSSL_secure_clear_free(der, (size_t)len);
	OPENSSL_secure_free(header);
	OPENSSL_secure_free(name);
	return ok;
}

static bool parse_pem(const unsigned char *data, size_t len, pem_contents *contents,
                      ds_error *err) {
	/* PEM_FILE_MAX keeps len far below INT_MAX. */
	BIO *bio = BIO_new_mem_buf(data, (int)len);
	if (bio == NULL) {
		return ds_error_set(err, "out of memory while loading the certificate file %s",
		                    contents->path);
	}
	bool done = false;
	bool ok = true;
	while (ok && !done) {
		ok = read_block(bio, contents, &done, err);
	}
	BIO_free(bio);
	return ok;
}

/* ---- checking what was found ---------------------------------------------------------- */

static bool check_present(const pem_contents *contents, ds_error *err) {
	if (contents->blocks == 0) {
		return ds_error_set(err,
		                    "%s holds no PEM data: it must be the PEM file with the certificate "
		                    "(-----BEGIN CERTIFICATE-----) and its private key",
		                    contents->path);
	}
	if (sk_X509_num(contents->certs) <= 0) {
		return ds_error_set(err,
		                    "%s holds no certificate: put the certificate next to its private key "
		                    "in one file (cat cert.pem key.pem > credential.pem)",
		                    contents->path);
	}
	if (contents->key == NULL) {
		return ds_error_set(err,
		                    "%s holds no private key: put the unencrypted key next to the "
		                    "certificate in one file (cat cert.pem key.pem > credential.pem)",
		                    contents->path);
	}
	return true;
}

static bool check_rsa(const pem_contents *contents, ds_error *err) {
	if (EVP_PKEY_get_base_id(contents->key) == EVP_PKEY_RSA) {
		return true;
	}
	const char *type = EVP_PKEY_get0_type_name(contents->key);
	return ds_error_set(err,
	                    "the private key in %s is of type %s, but the Microsoft identity platform "
	                    "accepts only RSA certificates: create one with openssl req -x509 "
	                    "-newkey rsa:3072",
	                    contents->path, type != NULL ? type : "unknown");
}

/* The certificate that belongs to the key, so that a chain file works whatever the
 * order of its certificates. */
static X509 *matching_certificate(const pem_contents *contents) {
	for (int i = 0; i < sk_X509_num(contents->certs); i++) {
		X509 *x509 = sk_X509_value(contents->certs, i);
		if (X509_check_private_key(x509, contents->key) == 1) {
			return x509;
		}
	}
	return NULL;
}

static bool compute_thumbprints(ds_certificate *cert, ds_error *err) {
	unsigned char sha256[EVP_MAX_MD_SIZE];
	unsigned char sha1[EVP_MAX_MD_SIZE];
	unsigned int sha256_len = 0;
	unsigned int sha1_len = 0;
	if (X509_digest(cert->x509, EVP_sha256(), sha256, &sha256_len) != 1 ||
	    X509_digest(cert->x509, EVP_sha1(), sha1, &sha1_len) != 1 || sha256_len != SHA256_LEN ||
	    sha1_len != SHA1_LEN) {
		return ds_error_set(err,
		                    "cannot compute the certificate thumbprints (OpenSSL: %s): check "
		                    "that OpenSSL provides SHA-256 and SHA-1",
		                    openssl_reason());
	}
	/* The buffers are sized for exactly these digests, so encoding cannot fail. */
	if (!ds_base64url_encode(sha256, SHA256_LEN, cert->x5t_s256, sizeof cert->x5t_s256) ||
	    !ds_base64url_encode(sha1, SHA1_LEN, cert->x5t, sizeof cert->x5t)) {
		return ds_error_set(err, "internal error: thumbprint buffer too small");
	}
	ds_hex_encode(sha256, SHA256_LEN, cert->fingerprint);
	return true;
}

static bool build_certificate(pem_contents *contents, ds_certificate **out, ds_error *err) {
	X509 *x509 = matching_certificate(contents);
	if (x509 == NULL) {
		return ds_error_set(err,
		                    "the private key in %s does not belong to its certificate: put the "
		                    "key that was created together with the certificate in the file",
		                    contents->path);
	}
	ds_certificate *cert = calloc(1, sizeof *cert);
	if (cert == NULL || X509_up_ref(x509) != 1) {
		free(cert);
		return ds_error_set(err, "out of memory while loading the certificate file %s",
		                    contents->path);
	}
	cert->x509 = x509;
	cert->key = contents->key;
	contents->key = NULL; /* owned by cert now */
	if (!compute_thumbprints(cert, err)) {
		ds_certificate_free(cert);
		return false;
	}
	*out = cert;
	return true;
}

bool ds_certificate_load(const char *path, ds_certificate **out, ds_error *err) {
	if (out == NULL) {
		return ds_error_set(err, "internal error: no place to store the certificate");
	}
	*out = NULL;
	if (path == NULL || path[0] == '\0') {
		return ds_error_set(err, "no certificate file was given: name the PEM file with the "
		                         "certificate and its private key");
	}
	unsigned char *data = NULL;
	size_t len = 0;
	if (!read_pem_file(path, &data, &len, err)) {
		return false;
	}
	pem_contents contents = {.path = path, .certs = sk_X509_new_null()};
	bool ok = contents.certs != NULL;
	if (!ok) {
		(void)ds_error_set(err, "out of memory while loading the certificate file %s", path);
	}
	ok = ok && parse_pem(data, len, &contents, err) && check_present(&contents, err) &&
	     check_rsa(&contents, err) && build_certificate(&contents, out, err);
	sk_X509_pop_free(contents.certs, X509_free);
	EVP_PKEY_free(contents.key);
	wipe_free(data, len);
	/* Expected failures (the end of the file, a mismatch test) leave entries behind
	 * that would otherwise be blamed on the next, unrelated OpenSSL call. */
	ERR_clear_error();
	return ok;
}

void ds_certificate_free(ds_certificate *cert) {
	if (cert == NULL) {
		return;
	}
	X509_free(cert->x509);
	EVP_PKEY_free(cert->key);
	free(cert);
}

/* NULL for a NULL certificate: an empty string would silently collide in cache keys. */
const char *ds_certificate_x5t_s256(const ds_certificate *cert) {
	return cert != NULL ? cert->x5t_s256 : NULL;
}

const char *ds_certificate_x5t(const ds_certificate *cert) {
	return cert != NULL ? cert->x5t : NULL;
}

const char *ds_certificate_fingerprint(const ds_certificate *cert) {
	return cert != NULL ? cert->fingerprint : NULL;
}

/* ---- the assertion -------------------------------------------------------------------- */

static bool random_uuid(char out[UUID_CHARS + 1], ds_error *err) {
	unsigned char bytes[UUID_BYTES];
	if (RAND_bytes(bytes, (int)sizeof bytes) != 1) {
		return ds_error_set(err,
		                    "the random number generator failed (OpenSSL: %s): the client "
		                    "assertion needs a random jti; check that the system has entropy",
		                    openssl_reason());
	}
	/* RFC 9562: version 4 in the high nibble of byte 6, variant 10 in byte 8. */
	bytes[6] = (unsigned char)((bytes[6] & 0x0f) | 0x40);
	bytes[8] = (unsigned char)((bytes[8] & 0x3f) | 0x80);
	char hex[UUID_BYTES * 2 + 1];
	ds_hex_encode(bytes, UUID_BYTES, hex);
	size_t o = 0;
	for (size_t i = 0; i < UUID_BYTES * 2; i++) {
		if (i == 8 || i == 12 || i == 16 || i == 20) {
			out[o++] = '-';
		}
		out[o++] = hex[i];
	}
	out[o] = '\0';
	return true;
}

/* Adds name: value, value owned by object from then on; false when either is missing
 * (json-c returns NULL when memory runs out), value freed then. */
static bool add_member(json_object *object, const char *name, json_object *value) {
	if (value == NULL || json_object_object_add(object, name, value) != 0) {
		json_object_put(value);
		return false;
	}
	return true;
}

/* {alg, typ, x5t#S256 or x5t}, in that order (json-c keeps the order of insertion). */
static json_object *build_header(const ds_certificate *cert, ds_assertion_alg alg) {
	bool pss = alg == DS_ASSERTION_PS256;
	json_object *header = json_object_new_object();
	if (header != NULL &&
	    (!add_member(header, "alg", json_object_new_string(pss ? "PS256" : "RS256")) ||
	     !add_member(header, "typ", json_object_new_string("JWT")) ||
	     !add_member(header, pss ? "x5t#S256" : "x5t",
	                 json_object_new_string(pss ? cert->x5t_s256 : cert->x5t)))) {
		json_object_put(header);
		return NULL;
	}
	return header;
}

static json_object *build_claims(const char *client_id, const char *audience, int64_t now,
                                 const char *jti) {
	json_object *claims = json_object_new_object();
	if (claims != NULL &&
	    (!add_member(claims, "aud", json_object_new_string(audience)) ||
	     !add_member(claims, "exp", json_object_new_int64(now + ASSERTION_LIFETIME_S)) ||
	     !add_member(claims, "iss", json_object_new_string(client_id)) ||
	     !add_member(claims, "jti", json_object_new_string(jti)) ||
	     !add_member(claims, "nbf", json_object_new_int64(now)) ||
	     !add_member(claims, "iat", json_object_new_int64(now)) ||
	     !add_member(claims, "sub", json_object_new_string(client_id)))) {
		json_object_put(claims);
		return NULL;
	}
	return claims;
}

/* The compact JSON text of object (no blanks, '/' not escaped), owned by object; NULL
 * when memory ran out. */
static const char *json_text(json_object *object, size_t *len) {
	return object != NULL
	           ? json_object_to_json_string_length(
	                 object, JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE, len)
	           : NULL;
}

static bool set_padding(EVP_PKEY_CTX *pctx, ds_assertion_alg alg) {
	if (alg == DS_ASSERTION_PS256) {
		/* RFC 7518 3.5: MGF1 with the same hash, salt as long as the hash. */
		return EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PSS_PADDING) > 0 &&
		       EVP_PKEY_CTX_set_rsa_mgf1_md(pctx, EVP_sha256()) > 0 &&
		       EVP_PKEY_CTX_set_rsa_pss_saltlen(pctx, RSA_PSS_SALTLEN_DIGEST) > 0;
	}
	return EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PADDING) > 0;
}

static bool sign_error(ds_error *err) {
	return ds_error_set(err,
	                    "signing the client assertion failed (OpenSSL: %s): check that the "
	                    "certificate file holds a usable RSA key",
	                    openssl_reason());
}

/* Signs data[0..len); *sig_len is the room in sig on entry, the signature's length after. */
static bool sign(const ds_certificate *cert, ds_assertion_alg alg, const char *data, size_t len,
                 unsigned char *sig, size_t *sig_len, ds_error *err) {
	EVP_MD_CTX *md = EVP_MD_CTX_new();
	if (md == NULL) {
		return ds_error_set(err, "out of memory while signing the client assertion");
	}
	EVP_PKEY_CTX *pctx = NULL;
	bool ok = EVP_DigestSignInit(md, &pctx, EVP_sha256(), NULL, cert->key) == 1 &&
	          set_padding(pctx, alg) &&
	          EVP_DigestSign(md, sig, sig_len, (const unsigned char *)data, len) == 1;
	if (!ok) {
		(void)sign_error(err);
	}
	EVP_MD_CTX_free(md);
	return ok;
}

/* Writes header.claims.signature into a fresh buffer: the signing input is its prefix,
 * so no second copy of it exists. */
static bool assemble(const ds_certificate *cert, ds_assertion_alg alg, const char *header,
                     size_t header_len, const char *claims, size_t claims_len, char **jwt,
                     ds_error *err) {
	int key_size = EVP_PKEY_get_size(cert->key);
	size_t header_size = 0;
	size_t claims_size = 0;
	size_t sig_size = 0;
	if (key_size <= 0 || !base64url_size(header_len, &header_size) ||
	    !base64url_size(claims_len, &claims_size) || !base64url_size((size_t)key_size, &sig_size)) {
		return sign_error(err);
	}
	/* Each size counts a NUL; the two dots and the final NUL reuse those bytes. */
	size_t total = header_size + claims_size + sig_size;
	char *out = malloc(total);
	unsigned char *sig = malloc((size_t)key_size);
	if (out == NULL || sig == NULL) {
		free(out);
		free(sig);
		return ds_error_set(err, "out of memory while signing the client assertion");
	}
	bool ok = ds_base64url_encode((const unsigned char *)header, header_len, out, total);
	size_t pos = header_size - 1;
	out[pos++] = '.';
	ok = ok &&
	     ds_base64url_encode((const unsigned char *)claims, claims_len, out + pos, total - pos);
	pos += claims_size - 1;
	size_t sig_len = (size_t)key_size;
	ok = ok && sign(cert, alg, out, pos, sig, &sig_len, err);
	if (ok) {
		out[pos++] = '.';
		ok = ds_base64url_encode(sig, sig_len, out + pos, total - pos) || sign_error(err);
	}
	wipe_free(sig, (size_t)key_size);
	if (!ok) {
		wipe_free(out, total);
		return false;
	}
	*jwt = out;
	return true;
}

static bool check_assertion_arguments(const ds_certificate *cert, const char *client_id,
                                      const char *audience, int64_t now, ds_error *err) {
	if (cert == NULL) {
		return ds_error_set(err, "internal error: no certificate to sign the client assertion");
	}
	if (client_id == NULL || client_id[0] == '\0') {
		return ds_error_set(err, "the client id is empty: give the application (client) id "
		                         "of the app registration");
	}
	if (audience == NULL || audience[0] == '\0') {
		return ds_error_set(err, "internal error: the client assertion has no audience");
	}
	if (now < 0 || now > INT64_MAX - ASSERTION_LIFETIME_S) {
		return ds_error_set(err,
		                    "the current time %" PRId64
		                    " is out of range for a client assertion: check the system clock",
		                    now);
	}
	return true;
}

bool ds_client_assertion(const ds_certificate *cert, ds_assertion_alg alg, const char *client_id,
                         const char *audience, int64_t now, char **jwt, ds_error *err) {
	if (jwt == NULL) {
		return ds_error_set(err, "internal error: no place to store the client assertion");
	}
	*jwt = NULL;
	if (alg != DS_ASSERTION_PS256 && alg != DS_ASSERTION_RS256) {
		return ds_error_set(err, "internal error: unknown client assertion algorithm %d", (int)alg);
	}
	if (!check_assertion_arguments(cert, client_id, audience, now, err)) {
		return false;
	}
	char jti[UUID_CHARS + 1];
	if (!random_uuid(jti, err)) {
		ERR_clear_error();
		return false;
	}
	/* Header and claims are no secret (the signature makes the credential), so json-c's
	 * copies of them need no wiping. */
	json_object *header = build_header(cert, alg);
	json_object *claims = build_claims(client_id, audience, now, jti);
	size_t header_len = 0;
	size_t claims_len = 0;
	const char *header_text = json_text(header, &header_len);
	const char *claims_text = json_text(claims, &claims_len);
	bool ok = header_text != NULL && claims_text != NULL;
	if (!ok) {
		(void)ds_error_set(err, "out of memory while building the client assertion");
	}
	ok = ok && assemble(cert, alg, header_text, header_len, claims_text, claims_len, jwt, err);
	json_object_put(header);
	json_object_put(claims);
	ERR_clear_error();
	return ok;
}

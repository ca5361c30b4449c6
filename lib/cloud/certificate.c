/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (C) 2026 The dirsync-plugins developers */
#include "cloud/certificate.h"

#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include "cloud/base64url.h"
#include "cloud/openssl_error.h"
#include "core/text.h"

/* A PEM certificate with its key is a few KiB; a chain a few more. The cap keeps a
 * wrong path (a log, a device) from making us read without limit. */
#define PEM_FILE_MAX (1024UL * 1024UL)

#define SHA256_LEN 32
#define SHA1_LEN   20

#define ENCRYPTION_HINT                                                                            \
	"export it without a passphrase (openssl pkey -in %s -out key.pem) and protect the file "      \
	"with chmod 600 instead"

struct ds_certificate {
	X509 *x509;
	EVP_PKEY *key;
	char x5t_s256[DS_BASE64URL_CHARS(SHA256_LEN) + 1];
	char x5t[DS_BASE64URL_CHARS(SHA1_LEN) + 1];
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

/* ---- reading the PEM file ---------------------------------------------------------- */

/* The whole file, unbuffered; it holds the private key, so the caller wipes it. */
static bool read_pem_file(const char *path, char **text, size_t *len, ds_error *err) {
	ds_error why = {0};
	if (!ds_read_file(path, PEM_FILE_MAX, "the certificate file", DS_READ_SECRET, text, &why)) {
		return ds_error_set(err, "%s: check the path and that the monitoring user may read it",
		                    why.text);
	}
	*len = strlen(*text);
	return true;
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
		                    contents->path, ds_openssl_reason());
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
		                    contents->path, ds_openssl_reason());
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
		                    contents->path, ds_openssl_reason());
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
		                    ds_openssl_reason());
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
	char *data = NULL;
	size_t len = 0;
	if (!read_pem_file(path, &data, &len, err)) {
		return false;
	}
	pem_contents contents = {.path = path, .certs = sk_X509_new_null()};
	bool ok = contents.certs != NULL;
	if (!ok) {
		(void)ds_error_set(err, "out of memory while loading the certificate file %s", path);
	}
	ok = ok && parse_pem((const unsigned char *)data, len, &contents, err) &&
	     check_present(&contents, err) && check_rsa(&contents, err) &&
	     build_certificate(&contents, out, err);
	sk_X509_pop_free(contents.certs, X509_free);
	EVP_PKEY_free(contents.key);
	OPENSSL_clear_free(data, len);
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

struct evp_pkey_st *ds_certificate_key(const ds_certificate *cert) {
	return cert != NULL ? cert->key : NULL;
}

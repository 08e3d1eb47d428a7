/*
** sha256.c — SHA-256 through OpenSSL's EVP interface, as lowercase hex.
** Allocation failures inside OpenSSL are treated like ours: abort.
*/
#include "util/sha256.h"
#include "util/xalloc.h"

#include <errno.h>
#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct ej_sha256 {
	EVP_MD_CTX *ctx;
};

static void die(const char *what)
{
	fprintf(stderr, "ejournal: OpenSSL %s failed\n", what);
	abort();
}

/* A new hashing context; never NULL. */
struct ej_sha256 *ej_sha256_new(void)
{
	struct ej_sha256 *h = ej_malloc(sizeof(*h));

	h->ctx = EVP_MD_CTX_new();
	if (!h->ctx || EVP_DigestInit_ex(h->ctx, EVP_sha256(), NULL) != 1)
		die("SHA-256 init");
	return h;
}

void ej_sha256_update(struct ej_sha256 *h, const void *p, size_t n)
{
	if (n && EVP_DigestUpdate(h->ctx, p, n) != 1)
		die("SHA-256 update");
}

/* Writes 64 lowercase hex digits and a NUL, then frees h. */
void ej_sha256_final(struct ej_sha256 *h, char hex[65])
{
	static const char digits[] = "0123456789abcdef";
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int len = 0, i;

	if (EVP_DigestFinal_ex(h->ctx, md, &len) != 1 || len != 32)
		die("SHA-256 final");
	for (i = 0; i < 32; i++) {
		hex[2 * i] = digits[md[i] >> 4];
		hex[2 * i + 1] = digits[md[i] & 15];
	}
	hex[64] = '\0';
	EVP_MD_CTX_free(h->ctx);
	free(h);
}

void ej_sha256_hex(const void *p, size_t n, char hex[65])
{
	struct ej_sha256 *h = ej_sha256_new();

	ej_sha256_update(h, p, n);
	ej_sha256_final(h, hex);
}

/* Hash a file in 64 KiB pieces; EJ_EIO with the path and reason on failure. */
int ej_sha256_file(const char *path, char hex[65], struct ej_err *err)
{
	static const size_t chunk = 65536;
	struct ej_sha256 *h;
	unsigned char *buf;
	FILE *f;
	size_t n;
	int rc = EJ_OK;

	f = fopen(path, "rb");
	if (!f)
		return ej_err_set(err, EJ_EIO, "%s: %s", path, strerror(errno));
	buf = ej_malloc(chunk);
	h = ej_sha256_new();
	while ((n = fread(buf, 1, chunk, f)) > 0)
		ej_sha256_update(h, buf, n);
	if (ferror(f))
		rc = ej_err_set(err, EJ_EIO, "%s: read error: %s", path, strerror(errno));
	ej_sha256_final(h, hex);
	if (rc)
		hex[0] = '\0';
	fclose(f);
	free(buf);
	return rc;
}

/*
** sha256.h — SHA-256 over OpenSSL's libcrypto (EVP), hex output.
*/
#ifndef EJ_UTIL_SHA256_H
#define EJ_UTIL_SHA256_H

#include <stddef.h>
#include "util/err.h"

struct ej_sha256;                                  /* opaque */
struct ej_sha256 *ej_sha256_new(void);
void ej_sha256_update(struct ej_sha256 *h, const void *p, size_t n);
/* Finish into 64 hex digits + NUL and free h. */
void ej_sha256_final(struct ej_sha256 *h, char hex[65]);
void ej_sha256_hex(const void *p, size_t n, char hex[65]);
int ej_sha256_file(const char *path, char hex[65], struct ej_err *err);

#endif

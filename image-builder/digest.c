// SPDX-License-Identifier: GPL-2.0
/* The digest of lol-mkimage's inputs (from which the image's UUID, hash seed
 * and salts derive): SHA-256 from OpenSSL's libcrypto. */
#include <openssl/evp.h>
#include <string.h>

#include "mkimage.h"

void digest_init(struct digest *s)
{
	s->ctx = EVP_MD_CTX_new();
	if (!s->ctx || EVP_DigestInit_ex(s->ctx, EVP_sha256(), NULL) != 1)
		die(EXIT_FAIL, "out of memory (digest)");
}

void digest_update(struct digest *s, const void *data, size_t len)
{
	if (len && EVP_DigestUpdate(s->ctx, data, len) != 1)
		die(EXIT_FAIL, "digest update failed");
}

void digest_final(struct digest *s, uint8_t out[DIGEST_SIZE])
{
	unsigned n = 0;
	if (EVP_DigestFinal_ex(s->ctx, out, &n) != 1 || n != DIGEST_SIZE)
		die(EXIT_FAIL, "digest failed");
	EVP_MD_CTX_free(s->ctx);
	s->ctx = NULL;
}

/* Fixed-width little-endian, so the digest does not depend on the host. */
void digest_u64(struct digest *s, uint64_t v)
{
	uint8_t b[8];
	for (int i = 0; i < 8; i++)
		b[i] = (uint8_t)(v >> (8 * i));
	digest_update(s, b, 8);
}

/* Length-prefixed, so ("ab","c") and ("a","bc") differ; NULL is not "". */
void digest_str(struct digest *s, const char *str)
{
	if (!str) {
		digest_u64(s, UINT64_MAX);
		return;
	}
	size_t n = strlen(str);
	digest_u64(s, n);
	digest_update(s, str, n);
}

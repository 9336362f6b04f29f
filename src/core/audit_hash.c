/*-------------------------------------------------------------------------
 *
 * audit_hash.c
 *		SHA-256, HMAC-SHA-256 and the audit row hash.
 *
 * The digests are OpenSSL's (EVP_Digest and the one-shot HMAC, both kept in
 * OpenSSL 3): amb writes no cryptography of its own.  The row encoding is in
 * audit_hash.h.
 *
 * src/core/audit_hash.c
 *
 *-------------------------------------------------------------------------
 */
#include "audit_hash.h"

#include <string.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#define TAG "amb.audit.v1"
#define TAG_LEN 12

/*
 * ambc_sha256
 *		See audit_hash.h.
 */
bool
ambc_sha256(const void *data, size_t len, uint8_t out[AMBC_SHA256_LEN])
{
	unsigned int n = 0;

	if (EVP_Digest(data, len, out, &n, EVP_sha256(), NULL) != 1 ||
		n != AMBC_SHA256_LEN)
	{
		memset(out, 0, AMBC_SHA256_LEN);
		return false;
	}
	return true;
}

/*
 * ambc_hmac_sha256
 *		See audit_hash.h.
 */
bool
ambc_hmac_sha256(const uint8_t *key, size_t keylen, const void *data,
				 size_t len, uint8_t out[AMBC_SHA256_LEN])
{
	unsigned int n = 0;

	if (keylen > INT32_MAX ||
		HMAC(EVP_sha256(), key, (int) keylen, data, len, out, &n) == NULL ||
		n != AMBC_SHA256_LEN)
	{
		memset(out, 0, AMBC_SHA256_LEN);
		return false;
	}
	return true;
}

/*
 * put_be64
 *		Write v big-endian at p.
 */
static void
put_be64(uint8_t *p, int64_t v)
{
	uint64_t	u = (uint64_t) v;
	int			i;

	for (i = 7; i >= 0; i--)
	{
		p[i] = (uint8_t) (u & 0xFF);
		u >>= 8;
	}
}

/*
 * ambc_audit_row_hash
 *		See audit_hash.h.
 */
ambc_status
ambc_audit_row_hash(int64_t chain, int64_t seq, int64_t at, const char *kind,
					size_t kindlen, const uint8_t payload_hash[AMBC_SHA256_LEN],
					const uint8_t *prev, uint8_t out[AMBC_SHA256_LEN])
{
	uint8_t		buf[TAG_LEN + 3 * 8 + 4 + AMBC_AUDIT_KIND_MAX + 2 * AMBC_SHA256_LEN];
	size_t		n = 0;

	if (kindlen > AMBC_AUDIT_KIND_MAX)
		return AMBC_TOO_LONG;
	memcpy(buf, TAG, TAG_LEN);
	n = TAG_LEN;
	put_be64(buf + n, chain);
	n += 8;
	put_be64(buf + n, seq);
	n += 8;
	put_be64(buf + n, at);
	n += 8;
	buf[n++] = (uint8_t) (kindlen >> 24);
	buf[n++] = (uint8_t) (kindlen >> 16);
	buf[n++] = (uint8_t) (kindlen >> 8);
	buf[n++] = (uint8_t) kindlen;
	if (kindlen > 0)
		memcpy(buf + n, kind, kindlen);
	n += kindlen;
	memcpy(buf + n, payload_hash, AMBC_SHA256_LEN);
	n += AMBC_SHA256_LEN;
	if (prev != NULL)
		memcpy(buf + n, prev, AMBC_SHA256_LEN);
	else
		memset(buf + n, 0, AMBC_SHA256_LEN);
	n += AMBC_SHA256_LEN;
	return ambc_sha256(buf, n, out) ? AMBC_OK : AMBC_INVALID;
}

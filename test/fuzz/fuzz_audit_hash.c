/*-------------------------------------------------------------------------
 *
 * fuzz_audit_hash.c
 *		libFuzzer target for SHA-256, HMAC-SHA-256 and the audit row hash
 *		(src/core/audit_hash.c).
 *
 * Input, read front to back (missing bytes read as zero): chain, seq and
 * at (eight bytes each, big-endian), a flag byte (bit 0: no previous row
 * hash), the kind's length (one byte, 0..255, so past AMBC_AUDIT_KIND_MAX
 * too) and its bytes, the payload hash and the previous row hash (32 bytes
 * each), a key length byte and the key; the rest is the message.  Kind,
 * hashes, key and message are exact-size heap copies, so AddressSanitizer
 * sees a read past any of them.  The target aborts unless:
 *	- ambc_audit_row_hash returns AMBC_TOO_LONG exactly when the kind is
 *	  longer than AMBC_AUDIT_KIND_MAX, and AMBC_OK otherwise (libcrypto
 *	  does not fail on a few hundred bytes);
 *	- on AMBC_OK the hash is ambc_sha256 of the encoding audit_hash.h
 *	  gives, built here byte by byte; it is the same on a second call, the
 *	  same for a NULL previous hash as for 32 zero bytes, and changes when
 *	  one bit of chain, seq, at, the kind, the payload hash or the previous
 *	  hash changes, or when the kind grows by one byte;
 *	- ambc_sha256 of the message is deterministic and independent of where
 *	  the bytes lie, and ambc_hmac_sha256 of the message under the key is
 *	  deterministic and equal to RFC 2104's construction from ambc_sha256
 *	  (a key longer than the 64-byte block hashed first, then zero-padded);
 *	- known answers hold: SHA-256 of "" and "abc", RFC 4231 test case 2,
 *	  and the audit_hash.h worked example.
 *
 * test/fuzz/fuzz_audit_hash.c
 *
 *-------------------------------------------------------------------------
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "audit_hash.h"
#include "fuzz_reader.h"

int			LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define BLOCK 64				/* the SHA-256 block, HMAC's key size */


/*
 * take_copy
 *		An exact-size heap copy of the next len bytes (zeros past the end);
 *		NULL if memory ran out.
 */
static uint8_t *
take_copy(reader *r, size_t len)
{
	uint8_t    *p = malloc(len ? len : 1);
	size_t		i;

	if (p == NULL)
		return NULL;
	for (i = 0; i < len; i++)
		p[i] = take8(r);
	return p;
}

static int64_t
take_i64(reader *r)
{
	return (int64_t) take_be(r, 8);
}

static void
hex_to(const char *hex, uint8_t out[AMBC_SHA256_LEN])
{
	int			i;

	for (i = 0; i < AMBC_SHA256_LEN; i++)
	{
		char		two[3] = {hex[2 * i], hex[2 * i + 1], 0};

		out[i] = (uint8_t) strtoul(two, NULL, 16);
	}
}

static void
expect(const uint8_t got[AMBC_SHA256_LEN], const char *hex)
{
	uint8_t		want[AMBC_SHA256_LEN];

	hex_to(hex, want);
	if (memcmp(got, want, AMBC_SHA256_LEN) != 0)
		abort();
}

/*
 * known_answers
 *		SHA-256 of "" and "abc" (FIPS 180-2), HMAC-SHA-256 of RFC 4231 test
 *		case 2, and the worked example of audit_hash.h.
 */
static void
known_answers(void)
{
	static const uint8_t zero[AMBC_SHA256_LEN];
	uint8_t		h[AMBC_SHA256_LEN];

	if (!ambc_sha256("", 0, h))
		abort();
	expect(h, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
	if (!ambc_sha256("abc", 3, h))
		abort();
	expect(h, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	if (!ambc_hmac_sha256((const uint8_t *) "Jefe", 4,
						  "what do ya want for nothing?", 28, h))
		abort();
	expect(h, "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
	if (ambc_audit_row_hash(1, 1, 0, "consent", 7, zero, NULL, h) != AMBC_OK)
		abort();
	expect(h, "cc16542f90b3f70e9cd4a697fa8c176b405cbb2b73c61b8c827d2d21c005cffe");
}

static void
put_be64(uint8_t *p, int64_t v)
{
	uint64_t	u = (uint64_t) v;
	int			i;

	for (i = 7; i >= 0; i--, u >>= 8)
		p[i] = (uint8_t) u;
}

/*
 * row_hash_ok
 *		ambc_audit_row_hash, which must succeed, into out.
 */
static void
row_hash_ok(int64_t chain, int64_t seq, int64_t at, const char *kind,
			size_t kindlen, const uint8_t *payload, const uint8_t *prev,
			uint8_t out[AMBC_SHA256_LEN])
{
	if (ambc_audit_row_hash(chain, seq, at, kind, kindlen, payload, prev,
							out) != AMBC_OK)
		abort();
}

/*
 * check_row
 *		The properties of the row hash of a kind of at most
 *		AMBC_AUDIT_KIND_MAX bytes, whose hash is h.
 */
static void
check_row(int64_t chain, int64_t seq, int64_t at, const uint8_t *kind,
		  size_t kindlen, const uint8_t *payload, const uint8_t *prev,
		  const uint8_t h[AMBC_SHA256_LEN])
{
	static const uint8_t zero[AMBC_SHA256_LEN];
	uint8_t		enc[12 + 3 * 8 + 4 + AMBC_AUDIT_KIND_MAX + 2 * AMBC_SHA256_LEN];
	uint8_t		h2[AMBC_SHA256_LEN];
	uint8_t    *k2 = malloc(kindlen + 1);
	uint8_t    *p2 = malloc(AMBC_SHA256_LEN);
	uint8_t    *v2 = malloc(AMBC_SHA256_LEN);
	size_t		n = 0;

	if (k2 == NULL || p2 == NULL || v2 == NULL)
		abort();

	/* the encoding, by audit_hash.h */
	memcpy(enc, "amb.audit.v1", 12);
	n = 12;
	put_be64(enc + n, chain);
	put_be64(enc + n + 8, seq);
	put_be64(enc + n + 16, at);
	n += 24;
	enc[n++] = (uint8_t) (kindlen >> 24);
	enc[n++] = (uint8_t) (kindlen >> 16);
	enc[n++] = (uint8_t) (kindlen >> 8);
	enc[n++] = (uint8_t) kindlen;
	if (kindlen > 0)
		memcpy(enc + n, kind, kindlen);
	n += kindlen;
	memcpy(enc + n, payload, AMBC_SHA256_LEN);
	n += AMBC_SHA256_LEN;
	memcpy(enc + n, prev ? prev : zero, AMBC_SHA256_LEN);
	n += AMBC_SHA256_LEN;
	if (!ambc_sha256(enc, n, h2) || memcmp(h, h2, AMBC_SHA256_LEN) != 0)
		abort();

	/* deterministic; NULL is 32 zero bytes */
	row_hash_ok(chain, seq, at, (const char *) kind, kindlen, payload, prev, h2);
	if (memcmp(h, h2, AMBC_SHA256_LEN) != 0)
		abort();
	memcpy(v2, prev ? prev : zero, AMBC_SHA256_LEN);
	row_hash_ok(chain, seq, at, (const char *) kind, kindlen, payload,
				prev ? NULL : v2, h2);
	if ((prev == NULL || memcmp(prev, zero, AMBC_SHA256_LEN) == 0) !=
		(memcmp(h, h2, AMBC_SHA256_LEN) == 0))
		abort();

	/* one bit changed anywhere changes the hash */
	row_hash_ok(chain ^ 1, seq, at, (const char *) kind, kindlen, payload,
				prev, h2);
	if (memcmp(h, h2, AMBC_SHA256_LEN) == 0)
		abort();
	row_hash_ok(chain, seq ^ INT64_MIN, at, (const char *) kind, kindlen,
				payload, prev, h2);
	if (memcmp(h, h2, AMBC_SHA256_LEN) == 0)
		abort();
	row_hash_ok(chain, seq, at ^ 0x100, (const char *) kind, kindlen,
				payload, prev, h2);
	if (memcmp(h, h2, AMBC_SHA256_LEN) == 0)
		abort();
	if (kindlen > 0)
	{
		memcpy(k2, kind, kindlen);
		k2[kindlen - 1] ^= 0x80;
		row_hash_ok(chain, seq, at, (const char *) k2, kindlen, payload,
					prev, h2);
		if (memcmp(h, h2, AMBC_SHA256_LEN) == 0)
			abort();
		k2[kindlen - 1] ^= 0x80;
	}
	if (kindlen < AMBC_AUDIT_KIND_MAX)
	{
		if (kindlen > 0)
			memcpy(k2, kind, kindlen);
		k2[kindlen] = 0;
		row_hash_ok(chain, seq, at, (const char *) k2, kindlen + 1, payload,
					prev, h2);
		if (memcmp(h, h2, AMBC_SHA256_LEN) == 0)
			abort();
	}
	memcpy(p2, payload, AMBC_SHA256_LEN);
	p2[AMBC_SHA256_LEN - 1] ^= 1;
	row_hash_ok(chain, seq, at, (const char *) kind, kindlen, p2, prev, h2);
	if (memcmp(h, h2, AMBC_SHA256_LEN) == 0)
		abort();
	memcpy(v2, prev ? prev : zero, AMBC_SHA256_LEN);
	v2[0] ^= 0x40;
	row_hash_ok(chain, seq, at, (const char *) kind, kindlen, payload, v2, h2);
	if (memcmp(h, h2, AMBC_SHA256_LEN) == 0)
		abort();

	free(k2);
	free(p2);
	free(v2);
}

/*
 * check_digests
 *		SHA-256 and HMAC-SHA-256 of msg[0..len) under key[0..keylen).
 */
static void
check_digests(const uint8_t *key, size_t keylen, const uint8_t *msg,
			  size_t len)
{
	uint8_t		h[AMBC_SHA256_LEN];
	uint8_t		h2[AMBC_SHA256_LEN];
	uint8_t		k0[BLOCK];
	uint8_t		inner[AMBC_SHA256_LEN];
	uint8_t    *shifted = malloc(len + 1);
	uint8_t    *pad = malloc(BLOCK + (len > AMBC_SHA256_LEN ? len : AMBC_SHA256_LEN));
	size_t		i;

	if (shifted == NULL || pad == NULL)
		abort();

	/* SHA-256: deterministic, wherever the bytes are */
	if (!ambc_sha256(msg, len, h) || !ambc_sha256(msg, len, h2) ||
		memcmp(h, h2, AMBC_SHA256_LEN) != 0)
		abort();
	if (len > 0)
		memcpy(shifted + 1, msg, len);
	if (!ambc_sha256(shifted + 1, len, h2) ||
		memcmp(h, h2, AMBC_SHA256_LEN) != 0)
		abort();

	/* HMAC: deterministic, and RFC 2104 from ambc_sha256 */
	if (!ambc_hmac_sha256(key, keylen, msg, len, h) ||
		!ambc_hmac_sha256(key, keylen, msg, len, h2) ||
		memcmp(h, h2, AMBC_SHA256_LEN) != 0)
		abort();
	memset(k0, 0, BLOCK);
	if (keylen > BLOCK)
	{
		if (!ambc_sha256(key, keylen, k0))
			abort();
	}
	else if (keylen > 0)
		memcpy(k0, key, keylen);
	for (i = 0; i < BLOCK; i++)
		pad[i] = k0[i] ^ 0x36;
	if (len > 0)
		memcpy(pad + BLOCK, msg, len);
	if (!ambc_sha256(pad, BLOCK + len, inner))
		abort();
	for (i = 0; i < BLOCK; i++)
		pad[i] = k0[i] ^ 0x5c;
	memcpy(pad + BLOCK, inner, AMBC_SHA256_LEN);
	if (!ambc_sha256(pad, BLOCK + AMBC_SHA256_LEN, h2) ||
		memcmp(h, h2, AMBC_SHA256_LEN) != 0)
		abort();

	free(shifted);
	free(pad);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	reader		r = {data, size};
	int64_t		chain = take_i64(&r);
	int64_t		seq = take_i64(&r);
	int64_t		at = take_i64(&r);
	uint8_t		flags = take8(&r);
	size_t		kindlen = take8(&r);
	uint8_t    *kind = take_copy(&r, kindlen);
	uint8_t    *payload = take_copy(&r, AMBC_SHA256_LEN);
	uint8_t    *prev = take_copy(&r, AMBC_SHA256_LEN);
	size_t		keylen = take8(&r);
	uint8_t    *key = take_copy(&r, keylen);
	size_t		msglen = r.n;
	uint8_t    *msg = take_copy(&r, msglen);
	uint8_t		h[AMBC_SHA256_LEN];
	ambc_status st;

	if (kind == NULL || payload == NULL || prev == NULL || key == NULL ||
		msg == NULL)
		abort();

	known_answers();

	st = ambc_audit_row_hash(chain, seq, at, (const char *) kind, kindlen,
							 payload, (flags & 1) ? NULL : prev, h);
	if (kindlen > AMBC_AUDIT_KIND_MAX)
	{
		if (st != AMBC_TOO_LONG)
			abort();
		/* the longest kind that fits still hashes */
		row_hash_ok(chain, seq, at, (const char *) kind, AMBC_AUDIT_KIND_MAX,
					payload, (flags & 1) ? NULL : prev, h);
		check_row(chain, seq, at, kind, AMBC_AUDIT_KIND_MAX, payload,
				  (flags & 1) ? NULL : prev, h);
	}
	else
	{
		if (st != AMBC_OK)
			abort();
		check_row(chain, seq, at, kind, kindlen, payload,
				  (flags & 1) ? NULL : prev, h);
	}

	check_digests(key, keylen, msg, msglen);
	check_digests(msg, msglen, key, keylen);

	free(kind);
	free(payload);
	free(prev);
	free(key);
	free(msg);
	return 0;
}

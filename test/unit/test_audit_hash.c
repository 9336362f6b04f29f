/*-------------------------------------------------------------------------
 *
 * test_audit_hash.c
 *		Unit tests for SHA-256, HMAC-SHA-256 and the audit row hash
 *		(src/core/audit_hash.c).
 *
 * SHA-256 is checked on the FIPS 180-2 examples ("abc", the 448-bit
 * message, one million 'a') plus the empty string and inputs whose lengths
 * straddle the padding boundaries (55, 56, 63, 64, 65, 119, 120, 127, 128
 * bytes); HMAC-SHA-256 on RFC 4231's test cases 1 to 7 (case 5 on the first
 * 16 bytes, as the RFC truncates it) and on keys of 63, 64 and 65 bytes
 * around the block size.  The non-RFC vectors were computed with Python's
 * hashlib and hmac, not with amb.
 *
 * The audit row hash is checked two ways: against a few fixed values
 * computed outside amb (the header's worked example among them), and
 * against the header's byte encoding rebuilt here by hand and hashed with
 * ambc_sha256 (itself pinned by the vectors above), on extreme and random
 * inputs.  Then: a NULL previous hash is the same as 32 zero bytes (the
 * header says the first row hashes 32 zero bytes); a kind of
 * AMBC_AUDIT_KIND_MAX bytes is accepted and one byte more is AMBC_TOO_LONG;
 * flipping any single bit of any input, or changing the kind's length,
 * changes the hash.  Kinds and hashes are exact-size heap copies, so
 * AddressSanitizer sees any read past the end.
 *
 * test/unit/test_audit_hash.c
 *
 *-------------------------------------------------------------------------
 */
#include <stdint.h>

#include "audit_hash.h"
#include "unit.h"

#define LENGTHOF(a) (sizeof(a) / sizeof((a)[0]))

/* "amb.audit.v1" + 3 * 8 + 4 + kind + 2 * 32 */
#define ROW_BYTES_MAX (12 + 24 + 4 + AMBC_AUDIT_KIND_MAX + 2 * AMBC_SHA256_LEN)

/* a small deterministic generator */
static uint32_t
lcg(uint32_t *s)
{
	*s = *s * 1103515245u + 12345u;
	return *s >> 8;
}

/*
 * xmalloc
 *		malloc that fails the test run on NULL; size 0 gives one byte.
 */
static void *
xmalloc(size_t size)
{
	void	   *p = malloc(size ? size : 1);

	if (p == NULL)
	{
		fprintf(stderr, "out of memory\n");
		exit(1);
	}
	return p;
}

/*
 * copy_bytes
 *		An exact-size heap copy of src[0..n); the caller frees it.
 */
static uint8_t *
copy_bytes(const void *src, size_t n)
{
	uint8_t    *p = xmalloc(n);

	if (n > 0)
		memcpy(p, src, n);
	return p;
}

/*
 * unhex
 *		Decode the 64 hex digits hex into out[32]; false if malformed.
 */
static int
unhex(const char *hex, uint8_t out[AMBC_SHA256_LEN])
{
	int			i;

	if (strlen(hex) != 2 * AMBC_SHA256_LEN)
		return 0;
	for (i = 0; i < 2 * AMBC_SHA256_LEN; i++)
	{
		char		c = hex[i];
		int			v;

		if (c >= '0' && c <= '9')
			v = c - '0';
		else if (c >= 'a' && c <= 'f')
			v = c - 'a' + 10;
		else
			return 0;
		if (i % 2 == 0)
			out[i / 2] = (uint8_t) (v << 4);
		else
			out[i / 2] |= (uint8_t) v;
	}
	return 1;
}

/*
 * hex_of
 *		Write the 64 hex digits of h into buf (65 bytes); returns buf.
 */
static const char *
hex_of(const uint8_t h[AMBC_SHA256_LEN], char *buf)
{
	static const char digits[] = "0123456789abcdef";
	int			i;

	for (i = 0; i < AMBC_SHA256_LEN; i++)
	{
		buf[2 * i] = digits[h[i] >> 4];
		buf[2 * i + 1] = digits[h[i] & 15];
	}
	buf[2 * AMBC_SHA256_LEN] = '\0';
	return buf;
}

/*
 * check_digest
 *		Check that got equals the digest written in hex, naming what in the
 *		message.
 */
static void
check_digest(const uint8_t got[AMBC_SHA256_LEN], const char *hex,
			 const char *what)
{
	uint8_t		want[AMBC_SHA256_LEN];
	char		buf[2 * AMBC_SHA256_LEN + 1];

	CHECKF(unhex(hex, want), "%s: bad vector", what);
	CHECKF(memcmp(got, want, AMBC_SHA256_LEN) == 0, "%s: got %s, want %s",
		   what, hex_of(got, buf), hex);
}

/* ---- SHA-256 ------------------------------------------------------------ */

typedef struct sha_case
{
	const char *what;
	const char *msg;			/* NULL: the message is pattern(len) */
	size_t		len;
	const char *hex;
} sha_case;

static const sha_case sha_cases[] = {
	/* FIPS 180-2, appendix B.1 and B.2 */
	{"fips abc", "abc", 3,
	"ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"},
	{"fips 448 bits", "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", 56,
	"248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"},
	{"empty", "", 0,
	"e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"},
	/* byte i is (7 i + 3) mod 256: lengths around the 56- and 64-byte edges */
	{"pattern 55", NULL, 55,
	"e7313d333c272e639f790978283f9eb392e843d0f29b7016828bb1daa4aac70b"},
	{"pattern 56", NULL, 56,
	"4324d65f3c103567f5589c710bc08f8523f929a9272e3af36fc968e52abc6c27"},
	{"pattern 63", NULL, 63,
	"81c80242132f230c3bd41b3e63bbcff16107339549214a99614ff26664625055"},
	{"pattern 64", NULL, 64,
	"39e3d7b6b5d075d37d053ad89b24b41bef4f3c29760c84447cab3f3be1882241"},
	{"pattern 65", NULL, 65,
	"aacca6ff74fdbb296d165a45cecfa04e5127bc008770fbbdd48006f2d2fae95e"},
	{"pattern 119", NULL, 119,
	"9ce7368e4daf32341631b492e80359dc9f594b48453cd0dd5bf0b19279cc177e"},
	{"pattern 120", NULL, 120,
	"7836b787757e95e58b3ca5aec90b1b004e8deba1e50e9675af9cabf1a13a04b5"},
	{"pattern 127", NULL, 127,
	"a8d23e75d936f303d248888d9b165ee543f4cbafcad3c9dd2a79bd84faa11d07"},
	{"pattern 128", NULL, 128,
	"d2742f1f4ac6bb7ca2b239ee18402ba8b3f9f8e652d2a72973c2b9ba11c08cf6"},
	{"pattern 1000", NULL, 1000,
	"1e9bc38cbf860b9ec31918b065f9b52476c549a782e0e7990bed8ce3868d2371"},
};

/*
 * test_sha256_vectors
 *		The table above, each message an exact-size heap copy.
 */
static void
test_sha256_vectors(void)
{
	size_t		i,
				j;

	for (i = 0; i < LENGTHOF(sha_cases); i++)
	{
		const sha_case *c = &sha_cases[i];
		uint8_t    *msg = xmalloc(c->len);
		uint8_t		out[AMBC_SHA256_LEN];

		for (j = 0; j < c->len; j++)
			msg[j] = c->msg ? (uint8_t) c->msg[j] : (uint8_t) (7 * j + 3);
		memset(out, 0x5a, sizeof(out));
		CHECKF(ambc_sha256(msg, c->len, out), "%s: returned false", c->what);
		check_digest(out, c->hex, c->what);
		free(msg);
	}
}

/*
 * test_sha256_million_a
 *		FIPS 180-2 appendix B.3: one million 'a'.
 */
static void
test_sha256_million_a(void)
{
	size_t		n = 1000000;
	uint8_t    *msg = xmalloc(n);
	uint8_t		out[AMBC_SHA256_LEN];

	memset(msg, 'a', n);
	CHECK(ambc_sha256(msg, n, out));
	check_digest(out, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0",
				 "million a");
	/* one 'a' fewer is a different digest */
	CHECK(ambc_sha256(msg, n - 1, out));
	{
		uint8_t		want[AMBC_SHA256_LEN];

		CHECK(unhex("cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0", want));
		CHECK(memcmp(out, want, AMBC_SHA256_LEN) != 0);
	}
	free(msg);
}

/* ---- HMAC-SHA-256 ------------------------------------------------------- */

typedef struct hmac_case
{
	const char *what;
	uint8_t		key_byte;		/* 0: key byte i is i + 1 */
	size_t		keylen;
	const char *key;			/* if not NULL, the key (overrides the
								 * above) */
	uint8_t		data_byte;		/* 0: data is the string data */
	size_t		datalen;
	const char *data;
	size_t		cmplen;			/* bytes of the result to compare */
	const char *hex;			/* 64 hex digits, first cmplen compared */
} hmac_case;

static const hmac_case hmac_cases[] = {
	{"rfc4231 case 1", 0x0b, 20, NULL, 0, 8, "Hi There", 32,
	"b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7"},
	{"rfc4231 case 2", 0, 4, "Jefe", 0, 28, "what do ya want for nothing?", 32,
	"5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"},
	{"rfc4231 case 3", 0xaa, 20, NULL, 0xdd, 50, NULL, 32,
	"773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe"},
	{"rfc4231 case 4", 0, 25, NULL, 0xcd, 50, NULL, 32,
	"82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b"},
	/* the RFC gives only the first 128 bits; the rest is zero-padded here */
	{"rfc4231 case 5 (16 bytes)", 0x0c, 20, NULL, 0, 20, "Test With Truncation", 16,
	"a3b6167473100ee06e0c796c2955552b00000000000000000000000000000000"},
	{"rfc4231 case 6", 0xaa, 131, NULL, 0, 54,
		"Test Using Larger Than Block-Size Key - Hash Key First", 32,
	"60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"},
	{"rfc4231 case 7", 0xaa, 131, NULL, 0, 152,
		"This is a test using a larger than block-size key and a larger "
		"than block-size data. The key needs to be hashed before being "
		"used by the HMAC algorithm.", 32,
	"9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2"},
	/* around the 64-byte block: key byte i is i + 1, data "amb" */
	{"key 63 bytes", 0, 63, NULL, 0, 3, "amb", 32,
	"d82af2ecbe4f5143b1a4b22776bf722b4e4ea7ad575f4c698e25057b8ce6c577"},
	{"key 64 bytes", 0, 64, NULL, 0, 3, "amb", 32,
	"ad29c2f97ccea28666b65be29634ae61fbe41fa4815cdf270ec73f5c1738c5f2"},
	{"key 65 bytes", 0, 65, NULL, 0, 3, "amb", 32,
	"d298ce015bb57e3d23f32c262ed1fd26f7deb9268df3824b6c2715702838c00c"},
	/* empty key (not NULL) and empty data */
	{"empty key and data", 0, 0, "", 0, 0, "", 32,
	"b613679a0814d9ec772f95d778c35fc5ff1697c493715653c6c712144292c5ad"},
};

/*
 * test_hmac_vectors
 *		The table above, keys and data as exact-size heap copies.
 */
static void
test_hmac_vectors(void)
{
	size_t		i,
				j;

	for (i = 0; i < LENGTHOF(hmac_cases); i++)
	{
		const hmac_case *c = &hmac_cases[i];
		uint8_t    *key = xmalloc(c->keylen);
		uint8_t    *data = xmalloc(c->datalen);
		uint8_t		out[AMBC_SHA256_LEN];
		uint8_t		want[AMBC_SHA256_LEN];
		char		buf[2 * AMBC_SHA256_LEN + 1];

		for (j = 0; j < c->keylen; j++)
			key[j] = c->key ? (uint8_t) c->key[j] :
				c->key_byte ? c->key_byte : (uint8_t) (j + 1);
		for (j = 0; j < c->datalen; j++)
			data[j] = c->data ? (uint8_t) c->data[j] : c->data_byte;
		if (c->data)
			CHECKF(strlen(c->data) == c->datalen, "%s: data length", c->what);
		memset(out, 0x5a, sizeof(out));
		CHECKF(ambc_hmac_sha256(key, c->keylen, data, c->datalen, out),
			   "%s: returned false", c->what);
		CHECK(unhex(c->hex, want));
		CHECKF(memcmp(out, want, c->cmplen) == 0, "%s: got %s", c->what,
			   hex_of(out, buf));
		free(key);
		free(data);
	}
}

/*
 * test_hmac_properties
 *		HMAC is not the plain hash, depends on every key byte, and a key
 *		longer than the block is the same as its SHA-256 (RFC 2104).
 */
static void
test_hmac_properties(void)
{
	uint8_t		key[131];
	uint8_t		hkey[AMBC_SHA256_LEN];
	uint8_t		a[AMBC_SHA256_LEN],
				b[AMBC_SHA256_LEN];
	const char *msg = "amb audit";
	size_t		i;

	memset(key, 0xaa, sizeof(key));
	/* RFC 2104: a key longer than 64 bytes is replaced by its hash */
	CHECK(ambc_sha256(key, sizeof(key), hkey));
	CHECK(ambc_hmac_sha256(key, sizeof(key), msg, strlen(msg), a));
	CHECK(ambc_hmac_sha256(hkey, sizeof(hkey), msg, strlen(msg), b));
	CHECK(memcmp(a, b, AMBC_SHA256_LEN) == 0);
	/* not the hash of the message */
	CHECK(ambc_sha256(msg, strlen(msg), b));
	CHECK(memcmp(a, b, AMBC_SHA256_LEN) != 0);
	/* every key bit counts (20-byte key) */
	for (i = 0; i < 20 * 8; i++)
	{
		uint8_t		k2[20];

		memset(k2, 0x0b, sizeof(k2));
		CHECK(ambc_hmac_sha256(k2, sizeof(k2), msg, strlen(msg), a));
		k2[i / 8] ^= (uint8_t) (1u << (i % 8));
		CHECK(ambc_hmac_sha256(k2, sizeof(k2), msg, strlen(msg), b));
		CHECKF(memcmp(a, b, AMBC_SHA256_LEN) != 0, "key bit %zu", i);
	}
}

/* ---- the audit row hash ------------------------------------------------- */

/*
 * put_be
 *		Write the low nbytes bytes of v at p, most significant first.
 */
static size_t
put_be(uint8_t *p, uint64_t v, int nbytes)
{
	int			i;

	for (i = 0; i < nbytes; i++)
		p[i] = (uint8_t) (v >> (8 * (nbytes - 1 - i)));
	return (size_t) nbytes;
}

/*
 * reference_row_hash
 *		The row hash rebuilt from the header's description: the tag, chain,
 *		seq and at as 64-bit big-endian two's complement, the kind's length
 *		as 32-bit big-endian and its bytes, the payload hash, the previous
 *		hash or 32 zero bytes; SHA-256 of all that.
 */
static void
reference_row_hash(int64_t chain, int64_t seq, int64_t at, const uint8_t *kind,
				   size_t kindlen, const uint8_t *payload, const uint8_t *prev,
				   uint8_t out[AMBC_SHA256_LEN])
{
	uint8_t		buf[ROW_BYTES_MAX];
	size_t		n = 0;

	memcpy(buf, "amb.audit.v1", 12);
	n += 12;
	n += put_be(buf + n, (uint64_t) chain, 8);
	n += put_be(buf + n, (uint64_t) seq, 8);
	n += put_be(buf + n, (uint64_t) at, 8);
	n += put_be(buf + n, (uint64_t) kindlen, 4);
	memcpy(buf + n, kind, kindlen);
	n += kindlen;
	memcpy(buf + n, payload, AMBC_SHA256_LEN);
	n += AMBC_SHA256_LEN;
	if (prev)
		memcpy(buf + n, prev, AMBC_SHA256_LEN);
	else
		memset(buf + n, 0, AMBC_SHA256_LEN);
	n += AMBC_SHA256_LEN;
	CHECK(n == 12 + 24 + 4 + kindlen + 64);
	CHECK(ambc_sha256(buf, n, out));
}

/*
 * row_hash
 *		ambc_audit_row_hash with the kind, payload hash and previous hash
 *		passed as exact-size heap copies; returns its status.
 */
static ambc_status
row_hash(int64_t chain, int64_t seq, int64_t at, const uint8_t *kind,
		 size_t kindlen, const uint8_t *payload, const uint8_t *prev,
		 uint8_t out[AMBC_SHA256_LEN])
{
	uint8_t    *k = copy_bytes(kind, kindlen);
	uint8_t    *p = copy_bytes(payload, AMBC_SHA256_LEN);
	uint8_t    *v = prev ? copy_bytes(prev, AMBC_SHA256_LEN) : NULL;
	ambc_status st;

	st = ambc_audit_row_hash(chain, seq, at, (const char *) k, kindlen, p, v, out);
	free(k);
	free(p);
	free(v);
	return st;
}

typedef struct row_case
{
	const char *what;
	int64_t		chain;
	int64_t		seq;
	int64_t		at;
	const char *kind;
	int			payload;		/* 0: zeros, 1: bytes 0..31, 2: all 0xff */
	int			prev;			/* -1: NULL, 0: zeros, 1: bytes 32..63, 2:
								 * all 0xab */
	const char *hex;			/* computed outside amb */
} row_case;

static const row_case row_cases[] = {
	/* the header's worked example */
	{"worked example", 1, 1, 0, "consent", 0, -1,
	"cc16542f90b3f70e9cd4a697fa8c176b405cbb2b73c61b8c827d2d21c005cffe"},
	{"worked example, zero prev", 1, 1, 0, "consent", 0, 0,
	"cc16542f90b3f70e9cd4a697fa8c176b405cbb2b73c61b8c827d2d21c005cffe"},
	{"extremes, empty kind", -1, INT64_MAX, INT64_MIN, "", 1, 1,
	"9ebd66db266c3d92539ec2cbb597d203666ff74080b119d1b46b2d1590fadf76"},
	{"one day before 2000", 42, 7, -INT64_C(86400000000), "x", 2, 2,
	"126c8635f38e69255f36a7dfcd6c6c2fa93f7bd51c07863d8f45c99d412569aa"},
	{"kind of 64 bytes", 9, 1, INT64_C(800000000000000),
		"kkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkk", 1, -1,
	"81fe93fa30cdee0f6061672cdb7f97d4673aeafee83abd52a5a831ceb814add9"},
};

/*
 * table_hash
 *		The 32 bytes a row_case code selects into buf: for the payload 0 is
 *		zeros, 1 bytes 0..31, 2 all 0xff; for prev (is_prev) -1 is NULL, 0
 *		zeros, 1 bytes 32..63, 2 all 0xab.  Returns buf, or NULL for -1.
 */
static const uint8_t *
table_hash(int code, int is_prev, uint8_t buf[AMBC_SHA256_LEN])
{
	int			i;

	if (code < 0)
		return NULL;
	for (i = 0; i < AMBC_SHA256_LEN; i++)
	{
		if (code == 0)
			buf[i] = 0;
		else if (code == 1)
			buf[i] = (uint8_t) (is_prev ? 32 + i : i);
		else
			buf[i] = is_prev ? 0xab : 0xff;
	}
	return buf;
}

/*
 * test_row_hash_fixed
 *		The fixed values above, and the reference encoding agrees with them.
 */
static void
test_row_hash_fixed(void)
{
	size_t		i;

	CHECK(strlen(row_cases[LENGTHOF(row_cases) - 1].kind) == AMBC_AUDIT_KIND_MAX);
	for (i = 0; i < LENGTHOF(row_cases); i++)
	{
		const row_case *c = &row_cases[i];
		uint8_t		pbuf[AMBC_SHA256_LEN],
					vbuf[AMBC_SHA256_LEN];
		const uint8_t *payload = table_hash(c->payload, 0, pbuf);
		const uint8_t *prev = table_hash(c->prev, 1, vbuf);
		uint8_t		out[AMBC_SHA256_LEN],
					ref[AMBC_SHA256_LEN];
		ambc_status st;

		memset(out, 0x5a, sizeof(out));
		st = row_hash(c->chain, c->seq, c->at, (const uint8_t *) c->kind,
					  strlen(c->kind), payload, prev, out);
		CHECKF(st == AMBC_OK, "%s: %s", c->what, ambc_status_name(st));
		check_digest(out, c->hex, c->what);
		reference_row_hash(c->chain, c->seq, c->at, (const uint8_t *) c->kind,
						   strlen(c->kind), payload, prev, ref);
		CHECKF(memcmp(out, ref, AMBC_SHA256_LEN) == 0, "%s: reference", c->what);
	}
}

/*
 * test_row_hash_reference
 *		Against the hand-built encoding: negative, zero and extreme chain,
 *		seq and at; kinds of length 0, 1, 2, 63 and AMBC_AUDIT_KIND_MAX with
 *		every byte value; and 2000 random rows.
 */
static void
test_row_hash_reference(void)
{
	static const int64_t ints[] = {
		0, 1, -1, 2, -2, 255, 256, -256, INT64_C(0x0102030405060708),
		INT32_MAX, INT32_MIN, (int64_t) INT32_MAX + 1, INT64_MAX, INT64_MIN,
		INT64_MIN + 1, -INT64_C(86400000000) * 365 * 30
	};
	static const size_t kindlens[] = {0, 1, 2, 63, AMBC_AUDIT_KIND_MAX};
	uint8_t		kind[AMBC_AUDIT_KIND_MAX];
	uint8_t		payload[AMBC_SHA256_LEN],
				prev[AMBC_SHA256_LEN];
	uint8_t		out[AMBC_SHA256_LEN],
				ref[AMBC_SHA256_LEN];
	uint32_t	seed = 20240229;
	size_t		i,
				j,
				k;
	int			rounds;

	for (i = 0; i < AMBC_SHA256_LEN; i++)
	{
		payload[i] = (uint8_t) (0xc0 + i);
		prev[i] = (uint8_t) (0x30 ^ i);
	}
	/* the three integers each over the interesting values */
	for (i = 0; i < LENGTHOF(ints); i++)
		for (j = 0; j < LENGTHOF(ints); j++)
			for (k = 0; k < LENGTHOF(ints); k += 3)
			{
				int64_t		chain = ints[i],
							seq = ints[j],
							at = ints[(k + i) % LENGTHOF(ints)];

				CHECK(row_hash(chain, seq, at, (const uint8_t *) "consent", 7,
							   payload, prev, out) == AMBC_OK);
				reference_row_hash(chain, seq, at, (const uint8_t *) "consent", 7,
								   payload, prev, ref);
				CHECKF(memcmp(out, ref, AMBC_SHA256_LEN) == 0,
					   "chain %lld seq %lld at %lld", (long long) chain,
					   (long long) seq, (long long) at);
			}
	/* every byte value in the kind, at each length */
	for (rounds = 0; rounds < 256; rounds++)
		for (i = 0; i < LENGTHOF(kindlens); i++)
		{
			size_t		len = kindlens[i];

			for (j = 0; j < len; j++)
				kind[j] = (uint8_t) (rounds + 37 * j);
			CHECK(row_hash(-5, 3, -7, kind, len, payload, NULL, out) == AMBC_OK);
			reference_row_hash(-5, 3, -7, kind, len, payload, NULL, ref);
			CHECKF(memcmp(out, ref, AMBC_SHA256_LEN) == 0, "kind length %zu round %d",
				   len, rounds);
		}
	/* random rows */
	for (rounds = 0; rounds < 2000; rounds++)
	{
		int64_t		v[3];
		size_t		len = lcg(&seed) % (AMBC_AUDIT_KIND_MAX + 1);
		int			use_prev = lcg(&seed) % 2;

		for (i = 0; i < 3; i++)
			v[i] = (int64_t) (((uint64_t) lcg(&seed) << 40) ^
							  ((uint64_t) lcg(&seed) << 20) ^ lcg(&seed));
		if (lcg(&seed) % 2)
			v[2] = -v[2];
		for (j = 0; j < len; j++)
			kind[j] = (uint8_t) lcg(&seed);
		for (j = 0; j < AMBC_SHA256_LEN; j++)
		{
			payload[j] = (uint8_t) lcg(&seed);
			prev[j] = (uint8_t) lcg(&seed);
		}
		CHECK(row_hash(v[0], v[1], v[2], kind, len, payload,
					   use_prev ? prev : NULL, out) == AMBC_OK);
		reference_row_hash(v[0], v[1], v[2], kind, len, payload,
						   use_prev ? prev : NULL, ref);
		CHECKF(memcmp(out, ref, AMBC_SHA256_LEN) == 0, "random row %d", rounds);
	}
}

/*
 * test_row_hash_prev_null
 *		The header: the first row of a chain hashes 32 zero bytes for the
 *		previous hash, and prev may be NULL for it; so NULL and 32 zero bytes
 *		give the same hash, and any other prev a different one.
 */
static void
test_row_hash_prev_null(void)
{
	uint8_t		zeros[AMBC_SHA256_LEN];
	uint8_t		payload[AMBC_SHA256_LEN];
	uint8_t		a[AMBC_SHA256_LEN],
				b[AMBC_SHA256_LEN];
	int			i;

	memset(zeros, 0, sizeof(zeros));
	for (i = 0; i < AMBC_SHA256_LEN; i++)
		payload[i] = (uint8_t) (i * 11);
	for (i = 0; i < 4; i++)
	{
		int64_t		chain = i == 0 ? 1 : i == 1 ? -1 : i == 2 ? INT64_MAX : 0;

		CHECK(row_hash(chain, 1, -i, (const uint8_t *) "consent", 7, payload, NULL, a) == AMBC_OK);
		CHECK(row_hash(chain, 1, -i, (const uint8_t *) "consent", 7, payload, zeros, b) == AMBC_OK);
		CHECK(memcmp(a, b, AMBC_SHA256_LEN) == 0);
	}
	/* a prev of one 1 bit is not the same as none */
	zeros[AMBC_SHA256_LEN - 1] = 1;
	CHECK(row_hash(1, 1, 0, (const uint8_t *) "consent", 7, payload, zeros, b) == AMBC_OK);
	CHECK(memcmp(a, b, AMBC_SHA256_LEN) != 0);
}

/*
 * test_row_hash_kind_limit
 *		A kind of AMBC_AUDIT_KIND_MAX bytes is accepted; AMBC_AUDIT_KIND_MAX
 *		+ 1 and longer are AMBC_TOO_LONG (and the kind is not read past the
 *		limit: the buffer holds only AMBC_AUDIT_KIND_MAX + 1 bytes).
 */
static void
test_row_hash_kind_limit(void)
{
	uint8_t		kind[AMBC_AUDIT_KIND_MAX + 1];
	uint8_t		payload[AMBC_SHA256_LEN];
	uint8_t		out[AMBC_SHA256_LEN],
				ref[AMBC_SHA256_LEN];
	uint8_t    *k;
	static const size_t too_long[] = {
		AMBC_AUDIT_KIND_MAX + 1, AMBC_AUDIT_KIND_MAX + 2, 1000,
		(size_t) UINT32_MAX + 1, SIZE_MAX
	};
	size_t		i;

	memset(kind, 'k', sizeof(kind));
	memset(payload, 0, sizeof(payload));
	CHECK(row_hash(1, 2, 3, kind, AMBC_AUDIT_KIND_MAX, payload, NULL, out) == AMBC_OK);
	reference_row_hash(1, 2, 3, kind, AMBC_AUDIT_KIND_MAX, payload, NULL, ref);
	CHECK(memcmp(out, ref, AMBC_SHA256_LEN) == 0);
	CHECK(row_hash(1, 2, 3, kind, AMBC_AUDIT_KIND_MAX + 1, payload, NULL, out) == AMBC_TOO_LONG);
	k = copy_bytes(kind, sizeof(kind));
	for (i = 0; i < LENGTHOF(too_long); i++)
	{
		ambc_status st = ambc_audit_row_hash(1, 2, 3, (const char *) k, too_long[i],
											 payload, NULL, out);

		CHECKF(st == AMBC_TOO_LONG, "kind length %zu: %s", too_long[i],
			   ambc_status_name(st));
	}
	free(k);
}

/*
 * test_row_hash_bit_flips
 *		Flipping any one bit of chain, seq, at, kind, payload hash or
 *		previous hash, or making the kind one byte shorter or longer, or
 *		swapping chain and seq, changes the hash; for prev the base is both a
 *		real hash and NULL (flipping a bit of 32 zero bytes).
 */
static void
test_row_hash_bit_flips(void)
{
	int64_t		base[3] = {INT64_C(1234567), 89, INT64_C(790000000000000)};
	uint8_t		kind[AMBC_AUDIT_KIND_MAX];
	uint8_t		payload[AMBC_SHA256_LEN],
				prev[AMBC_SHA256_LEN],
				zeros[AMBC_SHA256_LEN];
	uint8_t		h0[AMBC_SHA256_LEN],
				h0null[AMBC_SHA256_LEN],
				h[AMBC_SHA256_LEN];
	size_t		kindlen = 10;
	size_t		i;
	int			f,
				bit;

	for (i = 0; i < sizeof(kind); i++)
		kind[i] = (uint8_t) ('a' + i % 26);
	for (i = 0; i < AMBC_SHA256_LEN; i++)
	{
		payload[i] = (uint8_t) (i * 7 + 1);
		prev[i] = (uint8_t) (255 - i);
	}
	memset(zeros, 0, sizeof(zeros));
	CHECK(row_hash(base[0], base[1], base[2], kind, kindlen, payload, prev, h0) == AMBC_OK);
	CHECK(row_hash(base[0], base[1], base[2], kind, kindlen, payload, NULL, h0null) == AMBC_OK);
	CHECK(memcmp(h0, h0null, AMBC_SHA256_LEN) != 0);

	/* the integers */
	for (f = 0; f < 3; f++)
		for (bit = 0; bit < 64; bit++)
		{
			int64_t		v[3];

			memcpy(v, base, sizeof(v));
			v[f] = (int64_t) ((uint64_t) v[f] ^ ((uint64_t) 1 << bit));
			CHECK(row_hash(v[0], v[1], v[2], kind, kindlen, payload, prev, h) == AMBC_OK);
			CHECKF(memcmp(h, h0, AMBC_SHA256_LEN) != 0, "field %d bit %d", f, bit);
		}
	/* the kind */
	for (i = 0; i < kindlen * 8; i++)
	{
		kind[i / 8] ^= (uint8_t) (1u << (i % 8));
		CHECK(row_hash(base[0], base[1], base[2], kind, kindlen, payload, prev, h) == AMBC_OK);
		CHECKF(memcmp(h, h0, AMBC_SHA256_LEN) != 0, "kind bit %zu", i);
		kind[i / 8] ^= (uint8_t) (1u << (i % 8));
	}
	CHECK(row_hash(base[0], base[1], base[2], kind, kindlen - 1, payload, prev, h) == AMBC_OK);
	CHECK(memcmp(h, h0, AMBC_SHA256_LEN) != 0);
	CHECK(row_hash(base[0], base[1], base[2], kind, kindlen + 1, payload, prev, h) == AMBC_OK);
	CHECK(memcmp(h, h0, AMBC_SHA256_LEN) != 0);
	/* the payload hash and the previous hash */
	for (i = 0; i < AMBC_SHA256_LEN * 8; i++)
	{
		payload[i / 8] ^= (uint8_t) (1u << (i % 8));
		CHECK(row_hash(base[0], base[1], base[2], kind, kindlen, payload, prev, h) == AMBC_OK);
		CHECKF(memcmp(h, h0, AMBC_SHA256_LEN) != 0, "payload bit %zu", i);
		payload[i / 8] ^= (uint8_t) (1u << (i % 8));

		prev[i / 8] ^= (uint8_t) (1u << (i % 8));
		CHECK(row_hash(base[0], base[1], base[2], kind, kindlen, payload, prev, h) == AMBC_OK);
		CHECKF(memcmp(h, h0, AMBC_SHA256_LEN) != 0, "prev bit %zu", i);
		prev[i / 8] ^= (uint8_t) (1u << (i % 8));

		zeros[i / 8] ^= (uint8_t) (1u << (i % 8));
		CHECK(row_hash(base[0], base[1], base[2], kind, kindlen, payload, zeros, h) == AMBC_OK);
		CHECKF(memcmp(h, h0null, AMBC_SHA256_LEN) != 0, "zero prev bit %zu", i);
		zeros[i / 8] ^= (uint8_t) (1u << (i % 8));
	}
	/* unchanged inputs give the same hash again */
	CHECK(row_hash(base[0], base[1], base[2], kind, kindlen, payload, prev, h) == AMBC_OK);
	CHECK(memcmp(h, h0, AMBC_SHA256_LEN) == 0);
	/* the fields are positional */
	CHECK(row_hash(base[1], base[0], base[2], kind, kindlen, payload, prev, h) == AMBC_OK);
	CHECK(memcmp(h, h0, AMBC_SHA256_LEN) != 0);
	CHECK(row_hash(base[0], base[1], base[2], kind, kindlen, prev, payload, h) == AMBC_OK);
	CHECK(memcmp(h, h0, AMBC_SHA256_LEN) != 0);
}

/*
 * test_row_hash_chain
 *		A chain of 100 rows, each prev the hash before: every hash differs,
 *		and recomputing the chain from scratch gives the same head.
 */
static void
test_row_hash_chain(void)
{
	uint8_t		hashes[100][AMBC_SHA256_LEN];
	uint8_t		payload[AMBC_SHA256_LEN];
	uint8_t		head[AMBC_SHA256_LEN];
	int			i,
				j;

	for (i = 0; i < 100; i++)
	{
		memset(payload, i, sizeof(payload));
		CHECK(row_hash(77, i + 1, (int64_t) i * 1000000, (const uint8_t *) "consent", 7,
					   payload, i == 0 ? NULL : hashes[i - 1], hashes[i]) == AMBC_OK);
		for (j = 0; j < i; j++)
			CHECK(memcmp(hashes[i], hashes[j], AMBC_SHA256_LEN) != 0);
	}
	for (i = 0; i < 100; i++)
	{
		uint8_t		ref[AMBC_SHA256_LEN];

		memset(payload, i, sizeof(payload));
		reference_row_hash(77, i + 1, (int64_t) i * 1000000, (const uint8_t *) "consent", 7,
						   payload, i == 0 ? NULL : head, ref);
		memcpy(head, ref, AMBC_SHA256_LEN);
	}
	CHECK(memcmp(head, hashes[99], AMBC_SHA256_LEN) == 0);
}

int
main(void)
{
	static const unit_test tests[] = {
		UNIT(test_sha256_vectors),
		UNIT(test_sha256_million_a),
		UNIT(test_hmac_vectors),
		UNIT(test_hmac_properties),
		UNIT(test_row_hash_fixed),
		UNIT(test_row_hash_reference),
		UNIT(test_row_hash_prev_null),
		UNIT(test_row_hash_kind_limit),
		UNIT(test_row_hash_bit_flips),
		UNIT(test_row_hash_chain),
	};

	return unit_run(tests, (int) LENGTHOF(tests));
}

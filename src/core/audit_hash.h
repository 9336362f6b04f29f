/*-------------------------------------------------------------------------
 *
 * audit_hash.h
 *		SHA-256 and HMAC-SHA-256 (OpenSSL's libcrypto), and the hash of a
 *		row of the tamper-evident audit log.
 *
 * Audit rows form one hash chain per ambassador: each row's hash covers its
 * chain, its position in it, its time, its kind, the hash of its payload and
 * the previous row's hash.  The payload itself is covered only through its
 * hash, so erasing a person can redact a payload without breaking the chain.
 * The hashed bytes, in this order:
 *
 *	"amb.audit.v1" (12 bytes, no terminator)
 *	chain, seq, at		   each a 64-bit big-endian two's complement integer
 *	kind				   its length as a 32-bit big-endian integer, its bytes
 *	payload hash		   32 bytes
 *	previous row's hash	   32 bytes; 32 zero bytes for the first row
 *
 * Worked example (tested in the consent suite, and computed independently
 * with Python's hashlib): chain 1, seq 1, at 0 (2000-01-01 00:00 UTC), kind
 * "consent", a payload hash of 32 zero bytes and no previous row hash
 * hash to cc16542f90b3f70e9cd4a697fa8c176b405cbb2b73c61b8c827d2d21c005cffe.
 *
 * src/core/audit_hash.h
 *
 *-------------------------------------------------------------------------
 */
#ifndef AMBC_AUDIT_HASH_H
#define AMBC_AUDIT_HASH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "status.h"

#define AMBC_SHA256_LEN 32

/* longest kind of an audit row, in bytes */
#define AMBC_AUDIT_KIND_MAX 64

/*
 * ambc_sha256
 *		SHA-256 of data[0..len) into out; false if libcrypto failed (out is
 *		then zeroed).
 */
extern bool ambc_sha256(const void *data, size_t len,
						uint8_t out[AMBC_SHA256_LEN]);

/*
 * ambc_hmac_sha256
 *		HMAC-SHA-256 (RFC 2104) of data[0..len) under key[0..keylen) into
 *		out; false if libcrypto failed (out is then zeroed).
 */
extern bool ambc_hmac_sha256(const uint8_t *key, size_t keylen,
							 const void *data, size_t len,
							 uint8_t out[AMBC_SHA256_LEN]);

/*
 * ambc_audit_row_hash
 *		The hash of an audit row (the encoding above) into out.  prev may be
 *		NULL for the first row of a chain.  Returns AMBC_OK, AMBC_TOO_LONG if
 *		kind is longer than AMBC_AUDIT_KIND_MAX, or AMBC_INVALID if libcrypto
 *		failed.
 */
extern ambc_status ambc_audit_row_hash(int64_t chain, int64_t seq, int64_t at,
									   const char *kind, size_t kindlen,
									   const uint8_t payload_hash[AMBC_SHA256_LEN],
									   const uint8_t *prev,
									   uint8_t out[AMBC_SHA256_LEN]);

#endif							/* AMBC_AUDIT_HASH_H */

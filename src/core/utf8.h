/*-------------------------------------------------------------------------
 *
 * utf8.h
 *		Strict UTF-8 decoding for the amb core.
 *
 * Decoding is utf8proc's (utf8proc_iterate), which rejects overlong forms,
 * surrogates, code points above U+10FFFF and truncated sequences.  These
 * wrappers only add the core's conventions: explicit lengths, caller-owned
 * buffers, ambc_status results.
 *
 * src/core/utf8.h
 *
 *-------------------------------------------------------------------------
 */
#ifndef AMBC_UTF8_H
#define AMBC_UTF8_H

#include <stddef.h>
#include <stdint.h>

#include "status.h"

/*
 * ambc_utf8_next
 *		Decode the code point at src[*pos], advancing *pos past it.
 *
 * Returns AMBC_OK with *cp set, or AMBC_BAD_UTF8 (leaving *pos unchanged) if
 * the bytes at *pos are not a well-formed sequence within srclen.  The caller
 * must ensure *pos < srclen.
 */
extern ambc_status ambc_utf8_next(const char *src, size_t srclen, size_t *pos,
								  int32_t *cp);

/*
 * ambc_utf8_validate
 *		AMBC_OK if src[0..srclen) is well-formed UTF-8, else AMBC_BAD_UTF8.
 */
extern ambc_status ambc_utf8_validate(const char *src, size_t srclen);

/*
 * ambc_utf8_invalid_offset
 *		Byte offset of the first malformed sequence in src[0..srclen), or
 *		srclen if there is none.
 */
extern size_t ambc_utf8_invalid_offset(const char *src, size_t srclen);

/*
 * ambc_utf8_decode
 *		Decode src[0..srclen) into dst, which holds dstcap code points.
 *
 * Returns AMBC_OK with *n set, AMBC_BAD_UTF8 if any of the text is malformed
 * (even past dstcap code points), or else AMBC_LIMIT if it has more than
 * dstcap code points (*n is then unspecified).  Allocates nothing.
 */
extern ambc_status ambc_utf8_decode(const char *src, size_t srclen,
									int32_t *dst, size_t dstcap, size_t *n);

/*
 * ambc_utf8_encode
 *		Write the UTF-8 form of cp (a valid scalar value) to dst, which must
 *		have room for 4 bytes; return the number of bytes written.
 */
extern size_t ambc_utf8_encode(int32_t cp, char *dst);

#endif							/* AMBC_UTF8_H */

/*-------------------------------------------------------------------------
 *
 * utf8.c
 *		Strict UTF-8 decoding on top of utf8proc.
 *
 * src/core/utf8.c
 *
 *-------------------------------------------------------------------------
 */
#include "utf8.h"

#include <utf8proc.h>

/*
 * ambc_utf8_next
 *		Decode one code point; see utf8.h.
 */
ambc_status
ambc_utf8_next(const char *src, size_t srclen, size_t *pos, int32_t *cp)
{
	const unsigned char *p = (const unsigned char *) src + *pos;
	size_t		left = srclen - *pos;
	utf8proc_ssize_t adv;
	utf8proc_int32_t c;

	if (*p < 0x80)
	{
		*cp = *p;
		*pos += 1;
		return AMBC_OK;
	}
	/* utf8proc reads at most 4 bytes; clamp so the length fits its ssize_t */
	adv = utf8proc_iterate(p, (utf8proc_ssize_t) (left > 4 ? 4 : left), &c);
	if (adv <= 0 || c < 0)
		return AMBC_BAD_UTF8;
	*cp = c;
	*pos += (size_t) adv;
	return AMBC_OK;
}

/*
 * ambc_utf8_validate
 *		Check a whole string; see utf8.h.
 */
ambc_status
ambc_utf8_validate(const char *src, size_t srclen)
{
	return ambc_utf8_invalid_offset(src, srclen) == srclen ?
		AMBC_OK : AMBC_BAD_UTF8;
}

/*
 * ambc_utf8_invalid_offset
 *		Find the first malformed sequence; see utf8.h.
 */
size_t
ambc_utf8_invalid_offset(const char *src, size_t srclen)
{
	size_t		pos = 0;
	int32_t		cp;

	while (pos < srclen)
	{
		if (ambc_utf8_next(src, srclen, &pos, &cp) != AMBC_OK)
			return pos;
	}
	return srclen;
}

/*
 * ambc_utf8_decode
 *		Decode into a caller buffer; see utf8.h.
 */
ambc_status
ambc_utf8_decode(const char *src, size_t srclen, int32_t *dst, size_t dstcap,
				 size_t *n)
{
	size_t		pos = 0;
	size_t		count = 0;
	int32_t		cp;

	while (pos < srclen)
	{
		if (ambc_utf8_next(src, srclen, &pos, &cp) != AMBC_OK)
			return AMBC_BAD_UTF8;
		if (count >= dstcap)
		{
			/* malformed input is reported as such wherever it is */
			return ambc_utf8_validate(src + pos, srclen - pos) == AMBC_OK ?
				AMBC_LIMIT : AMBC_BAD_UTF8;
		}
		dst[count++] = cp;
	}
	*n = count;
	return AMBC_OK;
}

/*
 * ambc_utf8_encode
 *		Encode one scalar value; see utf8.h.
 */
size_t
ambc_utf8_encode(int32_t cp, char *dst)
{
	return (size_t) utf8proc_encode_char(cp, (utf8proc_uint8_t *) dst);
}

/*-------------------------------------------------------------------------
 *
 * jaro.h
 *		Jaro and Jaro-Winkler similarity over Unicode code points.
 *
 * src/core/jaro.h
 *
 *-------------------------------------------------------------------------
 */
#ifndef AMBC_JARO_H
#define AMBC_JARO_H

#include <stddef.h>
#include <stdint.h>

#include "status.h"

/* longest string, in code points, that the _utf8 entry point accepts */
#define AMBC_JARO_MAX_CP 1024

/*
 * ambc_jaro
 *		Jaro similarity of a[0..alen) and b[0..blen), in [0, 1].
 *
 * scratch must hold alen + blen bytes; its contents on entry do not matter.
 * Two empty strings are identical (1.0); an empty and a non-empty one share
 * nothing (0.0).
 */
extern double ambc_jaro(const int32_t *a, size_t alen,
						const int32_t *b, size_t blen,
						unsigned char *scratch);

/*
 * ambc_jaro_winkler
 *		Jaro-Winkler similarity (prefix scale 0.1, prefix of at most 4, boost
 *		only above a Jaro similarity of 0.7); arguments as for ambc_jaro.
 */
extern double ambc_jaro_winkler(const int32_t *a, size_t alen,
								const int32_t *b, size_t blen,
								unsigned char *scratch);

/*
 * ambc_jaro_winkler_utf8
 *		Jaro-Winkler similarity of two UTF-8 strings of at most
 *		AMBC_JARO_MAX_CP code points each, decoded on the stack.
 *
 * Returns AMBC_OK with *out set; AMBC_BAD_UTF8 if either string is malformed
 * anywhere; else AMBC_LIMIT if either is too long.
 */
extern ambc_status ambc_jaro_winkler_utf8(const char *a, size_t alen,
										  const char *b, size_t blen,
										  double *out);

#endif							/* AMBC_JARO_H */

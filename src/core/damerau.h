/*-------------------------------------------------------------------------
 *
 * damerau.h
 *		Unrestricted (true) Damerau-Levenshtein distance over Unicode code
 *		points.
 *
 * The distance is the least number of insertions, deletions, substitutions
 * and transpositions of two adjacent characters that turn one string into
 * the other, where, unlike the "optimal string alignment" (OSA, restricted)
 * variant, characters may be edited again after being transposed.  It is
 * the recurrence of R. Lowrance and R. A. Wagner, "An extension of the
 * string-to-string correction problem", JACM 22(2):177-183 (1975), with
 * every operation costing 1; it is a metric.
 *
 * Worked example: "ca" -> "abc" is 2 (transpose to "ac", then insert "b"
 * between the two), whereas OSA gives 3, because it may not insert between
 * two characters it has transposed.
 *
 * See damerau.c for the algorithm and the memory it uses.
 *
 * src/core/damerau.h
 *
 *-------------------------------------------------------------------------
 */
#ifndef AMBC_DAMERAU_H
#define AMBC_DAMERAU_H

#include <stddef.h>
#include <stdint.h>

#include "status.h"

/*
 * Longest string, in code points, that the _utf8 entry point accepts; the
 * same limit as fuzzystrmatch's levenshtein().  It keeps the entry point's
 * stack use near 5 kB.
 */
#define AMBC_DAMERAU_MAX_CP 255

/*
 * Longest string, in code points, that the code-point entry point accepts
 * (2^28): it keeps every intermediate value within an int32_t.
 */
#define AMBC_DAMERAU_MAX_LEN ((size_t) 1 << 28)

/*
 * ambc_damerau_scratch_size
 *		Bytes of scratch ambc_damerau_levenshtein needs for strings of alen
 *		and blen code points.
 *
 * The result is 4 * (3 * blen + 6), two rows and a column array: never a
 * matrix, and no per-character table.  It is SIZE_MAX, which no allocator
 * can satisfy, if either length exceeds AMBC_DAMERAU_MAX_LEN or the size
 * would overflow a size_t.
 */
extern size_t ambc_damerau_scratch_size(size_t alen, size_t blen);

/*
 * ambc_damerau_levenshtein
 *		Unrestricted Damerau-Levenshtein distance of a[0..alen) and
 *		b[0..blen), code points compared as integers.
 *
 * scratch is caller-owned, aligned for int32_t (as any malloc or palloc
 * result is) and holds ambc_damerau_scratch_size(alen, blen) bytes; its
 * contents on entry do not matter and it is clobbered.  Allocates nothing.
 * Returns the distance, which lies in [|alen - blen|, max(alen, blen)], or
 * -1 (touching nothing) if either length exceeds AMBC_DAMERAU_MAX_LEN.
 */
extern int64_t ambc_damerau_levenshtein(const int32_t *a, size_t alen,
										const int32_t *b, size_t blen,
										void *scratch);

/*
 * ambc_damerau_levenshtein_utf8
 *		Unrestricted Damerau-Levenshtein distance of two UTF-8 strings of at
 *		most AMBC_DAMERAU_MAX_CP code points each, decoded on the stack.
 *
 * a and b are not NUL-terminated.  Returns AMBC_OK with *out set;
 * AMBC_BAD_UTF8 if either string is malformed anywhere (even past the
 * limit); else AMBC_LIMIT if either is too long.  *out is untouched unless
 * the result is AMBC_OK.  Allocates nothing.
 */
extern ambc_status ambc_damerau_levenshtein_utf8(const char *a, size_t alen,
												 const char *b, size_t blen,
												 int64_t *out);

#endif							/* AMBC_DAMERAU_H */

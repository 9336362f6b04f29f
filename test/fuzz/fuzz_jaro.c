/*-------------------------------------------------------------------------
 *
 * fuzz_jaro.c
 *		libFuzzer target for Jaro-Winkler (src/core/jaro.c).
 *
 * The input is split at its first NUL byte into two strings a and b, each
 * copied into a buffer of exactly its length.  Aborts unless both argument
 * orders give the same status; a result is in [0, 1] and the same both ways
 * (this variant is symmetric: matching is greedy over a, but the number of
 * matches and of transpositions do not depend on the order); and a string
 * compared with itself scores exactly 1.
 *
 * test/fuzz/fuzz_jaro.c
 *
 *-------------------------------------------------------------------------
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "jaro.h"

int			LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *nul = memchr(data, 0, size);
	size_t		alen = nul ? (size_t) (nul - data) : size;
	size_t		blen = nul ? size - alen - 1 : 0;
	char	   *a = malloc(alen ? alen : 1);
	char	   *b = malloc(blen ? blen : 1);
	double		ab = -1.0;
	double		ba = -1.0;
	double		aa = -1.0;
	ambc_status st1;
	ambc_status st2;

	if (a == NULL || b == NULL)
	{
		free(a);
		free(b);
		return 0;
	}
	memcpy(a, data, alen);
	if (blen > 0)
		memcpy(b, nul + 1, blen);

	st1 = ambc_jaro_winkler_utf8(a, alen, b, blen, &ab);
	st2 = ambc_jaro_winkler_utf8(b, blen, a, alen, &ba);
	if (st1 != st2)
		abort();
	if (st1 == AMBC_OK)
	{
		if (!(ab >= 0.0 && ab <= 1.0))
			abort();
		if (fabs(ab - ba) > 1e-12)
			abort();
		if (ambc_jaro_winkler_utf8(a, alen, a, alen, &aa) != AMBC_OK ||
			aa != 1.0)
			abort();
	}
	else if (st1 != AMBC_BAD_UTF8 && st1 != AMBC_LIMIT)
		abort();
	free(a);
	free(b);
	return 0;
}

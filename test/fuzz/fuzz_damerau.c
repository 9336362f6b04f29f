/*-------------------------------------------------------------------------
 *
 * fuzz_damerau.c
 *		libFuzzer target for the unrestricted Damerau-Levenshtein distance
 *		(src/core/damerau.c).
 *
 * The input is split at its first NUL byte into two strings a and b, each
 * copied into a buffer of exactly its length.  Aborts unless both argument
 * orders give the same status; a distance is the same both ways and lies in
 * [| |a| - |b| |, max(|a|, |b|)] (lengths in code points); a string is at
 * distance 0 from itself; the code-point entry point, given a scratch of
 * exactly the size it asks for, agrees with the UTF-8 one; and a status
 * other than AMBC_OK is AMBC_BAD_UTF8 or AMBC_LIMIT.
 *
 * test/fuzz/fuzz_damerau.c
 *
 *-------------------------------------------------------------------------
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "damerau.h"
#include "utf8.h"

int			LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/*
 * check_code_points
 *		Decode a and b again and compare the code-point entry point, run on
 *		a malloc'd scratch of exactly ambc_damerau_scratch_size bytes, with
 *		the UTF-8 result d; check the bounds.  Aborts on a mismatch.
 */
static void
check_code_points(const char *a, size_t alen, const char *b, size_t blen,
				  int64_t d)
{
	int32_t    *acp = malloc((alen ? alen : 1) * sizeof(int32_t));
	int32_t    *bcp = malloc((blen ? blen : 1) * sizeof(int32_t));
	size_t		an = 0;
	size_t		bn = 0;
	void	   *scratch;
	int64_t		lo;
	int64_t		hi;

	if (acp == NULL || bcp == NULL)
		abort();
	if (ambc_utf8_decode(a, alen, acp, alen, &an) != AMBC_OK ||
		ambc_utf8_decode(b, blen, bcp, blen, &bn) != AMBC_OK)
		abort();
	lo = an > bn ? (int64_t) (an - bn) : (int64_t) (bn - an);
	hi = an > bn ? (int64_t) an : (int64_t) bn;
	if (d < lo || d > hi)
		abort();
	scratch = malloc(ambc_damerau_scratch_size(an, bn));
	if (scratch == NULL)
		abort();
	if (ambc_damerau_levenshtein(acp, an, bcp, bn, scratch) != d)
		abort();
	free(scratch);
	free(acp);
	free(bcp);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *nul = memchr(data, 0, size);
	size_t		alen = nul ? (size_t) (nul - data) : size;
	size_t		blen = nul ? size - alen - 1 : 0;
	char	   *a = malloc(alen ? alen : 1);
	char	   *b = malloc(blen ? blen : 1);
	int64_t		ab = -1;
	int64_t		ba = -1;
	int64_t		aa = -1;
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

	st1 = ambc_damerau_levenshtein_utf8(a, alen, b, blen, &ab);
	st2 = ambc_damerau_levenshtein_utf8(b, blen, a, alen, &ba);
	if (st1 != st2)
		abort();
	if (st1 == AMBC_OK)
	{
		if (ab != ba)
			abort();
		if (ambc_damerau_levenshtein_utf8(a, alen, a, alen, &aa) != AMBC_OK ||
			aa != 0)
			abort();
		if (ambc_damerau_levenshtein_utf8(b, blen, b, blen, &aa) != AMBC_OK ||
			aa != 0)
			abort();
		check_code_points(a, alen, b, blen, ab);
	}
	else if (st1 != AMBC_BAD_UTF8 && st1 != AMBC_LIMIT)
		abort();
	free(a);
	free(b);
	return 0;
}

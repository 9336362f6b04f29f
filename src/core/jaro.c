/*-------------------------------------------------------------------------
 *
 * jaro.c
 *		Jaro and Jaro-Winkler similarity over Unicode code points.
 *
 * M. A. Jaro, "Advances in record-linkage methodology as applied to matching
 * the 1985 census of Tampa, Florida", JASA 84 (1989); W. E. Winkler, "String
 * comparator metrics and enhanced decision rules in the Fellegi-Sunter model
 * of record linkage" (1990).  The variant is the one of strcmp95, jellyfish
 * and pg_similarity, which ../shared/vectors/README.md calls standard:
 *
 *	window = max(|a|, |b|) / 2 - 1, floored at 0 (integer division);
 *	each a[i] takes the first unmatched equal b[j] with |i - j| <= window;
 *	t = (matched characters that differ in order) / 2, integer division;
 *	jaro = (m / |a| + m / |b| + (m - t) / m) / 3;
 *	jw = jaro + l * 0.1 * (1 - jaro) if jaro > 0.7, l = common prefix <= 4.
 *
 * Worked example: "martha" / "marhta": m = 6, the order differs at two
 * positions, t = 1, jaro = (1 + 1 + 5/6) / 3 = 0.9444; l = 3, so
 * jw = 0.9444 + 0.3 * 0.0556 = 0.9611.
 *
 * src/core/jaro.c
 *
 *-------------------------------------------------------------------------
 */
#include "jaro.h"

#include <string.h>

#include "utf8.h"

/*
 * ambc_jaro
 *		See jaro.h.
 */
double
ambc_jaro(const int32_t *a, size_t alen, const int32_t *b, size_t blen,
		  unsigned char *scratch)
{
	unsigned char *amatch = scratch;
	unsigned char *bmatch = scratch + alen;
	size_t		window;
	size_t		m = 0;
	size_t		half_t = 0;
	size_t		i;
	size_t		k;

	if (alen == 0 && blen == 0)
		return 1.0;
	if (alen == 0 || blen == 0)
		return 0.0;

	window = (alen > blen ? alen : blen) / 2;
	window = window > 0 ? window - 1 : 0;
	memset(scratch, 0, alen + blen);

	for (i = 0; i < alen; i++)
	{
		size_t		lo = i > window ? i - window : 0;
		size_t		hi = i + window + 1 < blen ? i + window + 1 : blen;
		size_t		j;

		for (j = lo; j < hi; j++)
		{
			if (!bmatch[j] && a[i] == b[j])
			{
				amatch[i] = bmatch[j] = 1;
				m++;
				break;
			}
		}
	}
	if (m == 0)
		return 0.0;

	k = 0;
	for (i = 0; i < alen; i++)
	{
		if (!amatch[i])
			continue;
		while (!bmatch[k])
			k++;
		if (a[i] != b[k])
			half_t++;
		k++;
	}
	return ((double) m / (double) alen +
			(double) m / (double) blen +
			(double) (m - half_t / 2) / (double) m) / 3.0;
}

/*
 * ambc_jaro_winkler
 *		See jaro.h.
 */
double
ambc_jaro_winkler(const int32_t *a, size_t alen, const int32_t *b,
				  size_t blen, unsigned char *scratch)
{
	double		jaro = ambc_jaro(a, alen, b, blen, scratch);
	size_t		l = 0;

	if (jaro <= 0.7)
		return jaro;
	while (l < 4 && l < alen && l < blen && a[l] == b[l])
		l++;
	return jaro + (double) l * 0.1 * (1.0 - jaro);
}

/*
 * ambc_jaro_winkler_utf8
 *		See jaro.h.
 */
ambc_status
ambc_jaro_winkler_utf8(const char *a, size_t alen, const char *b,
					   size_t blen, double *out)
{
	int32_t		acp[AMBC_JARO_MAX_CP];
	int32_t		bcp[AMBC_JARO_MAX_CP];
	unsigned char scratch[2 * AMBC_JARO_MAX_CP];
	size_t		an;
	size_t		bn;
	ambc_status st;
	ambc_status st2;

	st = ambc_utf8_decode(a, alen, acp, AMBC_JARO_MAX_CP, &an);
	st2 = ambc_utf8_decode(b, blen, bcp, AMBC_JARO_MAX_CP, &bn);
	/* malformed input wins over the size limit, in either argument */
	if (st == AMBC_BAD_UTF8 || st2 == AMBC_BAD_UTF8)
		return AMBC_BAD_UTF8;
	if (st != AMBC_OK)
		return st;
	if (st2 != AMBC_OK)
		return st2;
	*out = ambc_jaro_winkler(acp, an, bcp, bn, scratch);
	return AMBC_OK;
}

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
 * Speed.  Names are short and nearly always ASCII.  For two ASCII strings
 * of 1 to 64 bytes the UTF-8 entry point neither decodes (each byte is a
 * code point, and valid) nor scans windows: it keeps one 64-bit mask per
 * byte value, pm[c] with bit j set where b[j] = c, as bit-parallel string
 * matching does (R. Baeza-Yates and G. H. Gonnet, "A new approach to text
 * searching", CACM 35(10), 1992; rapidfuzz applies it to Jaro the same
 * way).  The first unmatched equal b[j] in the window of a[i] is then the
 * lowest set bit of pm[a[i]] & window & ~bmatched, and the window slides by
 * one bit per step of i.  With a = "martha", b = "marhta" and window 2,
 * a[3] = 't' sees pm['t'] = 010000 (bit 4) inside window bits 1..5, so it
 * takes b[4]; the transpositions then walk the set bits of the two match
 * sets in step (a[3] = 't' against b[3] = 'h', a[4] = 'h' against
 * b[4] = 't': two half-transpositions).  The matching is the same greedy
 * one and the score the same expression, so the results equal those of the
 * code-point path bit for bit; any other input takes that path.
 *
 * src/core/jaro.c
 *
 *-------------------------------------------------------------------------
 */
#include "jaro.h"

#include <string.h>

#include "utf8.h"

/* longest ASCII strings the bit-set path takes: one mask bit per byte */
#define JARO_BITS 64

/*
 * jaro_score
 *		The Jaro formula for m matches, half_t half-transpositions and
 *		lengths alen and blen (m > 0).  Both paths use it, so they round
 *		alike.
 */
static inline double
jaro_score(size_t m, size_t half_t, size_t alen, size_t blen)
{
	return ((double) m / (double) alen +
			(double) m / (double) blen +
			(double) (m - half_t / 2) / (double) m) / 3.0;
}

/*
 * winkler_boost
 *		Jaro-Winkler from the Jaro similarity jaro and the length l of the
 *		common prefix (at most 4).
 */
static inline double
winkler_boost(double jaro, size_t l)
{
	if (jaro <= 0.7)
		return jaro;
	return jaro + (double) l * 0.1 * (1.0 - jaro);
}

/*
 * jaro_winkler_ascii
 *		Jaro-Winkler similarity of a[0..alen) and b[0..blen), each 1 to
 *		JARO_BITS bytes, with bit sets (see the file header); or -1.0 if
 *		either holds a byte above 0x7F, for the caller to take the code-point
 *		path.  Allocates nothing.
 */
static double
jaro_winkler_ascii(const unsigned char *a, size_t alen,
				   const unsigned char *b, size_t blen)
{
	uint64_t	pm[256];		/* set, and read, only at bytes of a and b */
	uint64_t	amatch = 0;
	uint64_t	bmatch = 0;
	uint64_t	bmask;
	uint64_t	win;
	unsigned int bytes = 0;
	size_t		window;
	size_t		m = 0;
	size_t		half_t = 0;
	size_t		n = alen > blen ? alen : blen;
	size_t		minlen;
	size_t		l;
	size_t		i;

	/* one pass over both strings: clear their masks, look for non-ASCII */
	for (i = 0; i < n; i++)
	{
		unsigned char ca = a[i < alen ? i : alen - 1];
		unsigned char cb = b[i < blen ? i : blen - 1];

		bytes |= ca | cb;
		pm[ca] = 0;
		pm[cb] = 0;
	}
	if (bytes >= 0x80)
		return -1.0;
	for (i = 0; i < blen; i++)
		pm[b[i]] |= (uint64_t) 1 << i;

	window = n / 2;
	window = window > 0 ? window - 1 : 0;
	bmask = ~(uint64_t) 0 >> (64 - blen);
	/* the window of a[0]: bits 0 .. window (window < 32, as n <= 64) */
	win = (((uint64_t) 2 << window) - 1) & bmask;
	for (i = 0; i < alen; i++)
	{
		uint64_t	cand = pm[a[i]] & win & ~bmatch;

		/* without branches: whether a[i] matches is unpredictable */
		bmatch |= cand & (~cand + 1);	/* the lowest set bit, if any */
		amatch |= (uint64_t) (cand != 0) << i;
		m += cand != 0;
		/* slide: bit i + window + 1 comes in, bit i - window goes out */
		win = ((win << 1) | (i < window)) & bmask;
		/* (once i - window >= blen the window is empty, as it should be) */
	}
	if (m == 0)
		return 0.0;

	/* the k-th match in a against the k-th in b; both sets hold m bits */
	while (amatch != 0)
	{
		half_t += a[__builtin_ctzll(amatch)] != b[__builtin_ctzll(bmatch)];
		amatch &= amatch - 1;
		bmatch &= bmatch - 1;
	}

	/* common prefix of at most 4, unrolled */
	minlen = alen < blen ? alen : blen;
	l = a[0] == b[0];
	l += l == 1 && minlen > 1 && a[1] == b[1];
	l += l == 2 && minlen > 2 && a[2] == b[2];
	l += l == 3 && minlen > 3 && a[3] == b[3];
	return winkler_boost(jaro_score(m, half_t, alen, blen), l);
}

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
	return jaro_score(m, half_t, alen, blen);
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
	return winkler_boost(jaro, l);
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

	/* two short ASCII strings: bytes are code points, and valid */
	if (alen > 0 && blen > 0 && alen <= JARO_BITS && blen <= JARO_BITS)
	{
		double		r = jaro_winkler_ascii((const unsigned char *) a, alen,
										   (const unsigned char *) b, blen);

		if (r >= 0.0)
		{
			*out = r;
			return AMBC_OK;
		}
	}

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

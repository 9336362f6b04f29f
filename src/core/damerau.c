/*-------------------------------------------------------------------------
 *
 * damerau.c
 *		Unrestricted (true) Damerau-Levenshtein distance over Unicode code
 *		points.
 *
 * R. Lowrance and R. A. Wagner, "An extension of the string-to-string
 * correction problem", JACM 22(2):177-183 (1975), with unit costs (which
 * meet their condition 2 * transpose >= insert + delete, so the recurrence
 * gives the true edit distance).  With 1-based indexes and
 * H[i][j] = d(a[1..i], b[1..j]):
 *
 *	H[i][j] = min(H[i-1][j-1] + (a[i] != b[j]), H[i][j-1] + 1, H[i-1][j] + 1,
 *				  H[k-1][l-1] + (i-k-1) + 1 + (j-l-1))
 *
 * where k is the last row before i with a[k] = b[j] and l the last column
 * before j with b[l] = a[i] (the transposition term is absent if either
 * does not exist).  Worked example, a = "ca", b = "abc": at i = 2 ('a'),
 * j = 3 ('c'), k = 1 and l = 1, so the last term is H[0][0] + 0 + 1 + 1 = 2:
 * transpose "ca" to "ac", then insert 'b' between the two.  Optimal string
 * alignment ("restricted" DL, OSA) only allows a transposition of the two
 * characters just before (i, j) and gives 3.
 *
 * Space.  Lowrance and Wagner keep the whole matrix, since k can be any
 * earlier row.  We follow C. Zhao and S. Sahni, "String correction using
 * the Damerau-Levenshtein distance", BMC Bioinformatics 20 (2019), as
 * rapidfuzz does: with unit costs the last term can only win when
 * j - l = 1 or i - k = 1 (if both gaps p = i-k-1 and q = j-l-1 are at
 * least 1 it costs p + q + 1 >= max(p, q) + 2, which a plain alignment of
 * the same stretch achieves), so two rows suffice, plus for each column j
 * the value H[k-1][j-2] saved when a[k] = b[j] was last seen (FR), and
 * within a row the value H[i-2][l-1] saved when a[i] = b[l] was last seen
 * (T).  Time is O(|a| * |b|), memory 3 * |b| + 6 int32_t of scratch.
 *
 * Last row of a character.  k is "the last row before i where b[j]
 * occurred in a", and a code point can be anything up to U+10FFFF.  No
 * table indexed by code point, hash or sorted alphabet is needed: k depends
 * only on the column j, and it is only ever the row where a[k] = b[j] was
 * last met while filling column j.  So FR[j] is set at exactly those
 * moments and stores H[k-1][j-2] - k, which is all the recurrence needs of
 * k (the term is FR[j] + i); i - k = 1 is tested as a[i-1] = b[j], and
 * j - l = 1 as "l was set in the previous column".  Any int32_t values
 * work, compared for equality only.
 *
 * Speed.  A common prefix and suffix are trimmed first (edits never need to
 * touch them), and a one-character remainder is answered directly: a typo
 * in a name usually leaves a pair such as "i"/"y" or ""/"h".
 *
 * src/core/damerau.c
 *
 *-------------------------------------------------------------------------
 */
#include "damerau.h"

#include "utf8.h"

/* int32_t cells of scratch for a string of m code points in the columns */
#define DL_CELLS(m) (3 * (m) + 6)

/*
 * ambc_damerau_scratch_size
 *		See damerau.h.
 */
size_t
ambc_damerau_scratch_size(size_t alen, size_t blen)
{
	size_t		cells;
	size_t		bytes;

	if (alen > AMBC_DAMERAU_MAX_LEN || blen > AMBC_DAMERAU_MAX_LEN)
		return SIZE_MAX;
	if (__builtin_mul_overflow(blen, (size_t) 3, &cells) ||
		__builtin_add_overflow(cells, (size_t) 6, &cells) ||
		__builtin_mul_overflow(cells, sizeof(int32_t), &bytes))
		return SIZE_MAX;
	return bytes;
}

/*
 * dl_rows
 *		Zhao-Sahni evaluation of the Lowrance-Wagner recurrence for
 *		a[0..n) and b[0..m), both non-empty and at most AMBC_DAMERAU_MAX_LEN
 *		long; cells holds DL_CELLS(m) int32_t.  Returns the distance.
 *
 * Comments use the 1-based notation of the file header: their a[i] is
 * a[i - 1] in the code, and row i of H is computed in iteration i.
 */
static int32_t
dl_rows(const int32_t *a, int32_t n, const int32_t *b, int32_t m,
		int32_t *cells)
{
	/* each array has a slot at index -1, which always holds "infinity" */
	int32_t    *R = cells + 1;
	int32_t    *R1 = cells + (m + 2) + 1;
	int32_t    *FR = cells + 2 * (m + 2) + 1;
	int32_t		maxval = (n > m ? n : m) + 1;
	int32_t		i;
	int32_t		j;

	/*
	 * Row 0 in R, row -1 (all "infinity") in R1.  FR[j] is H[k-1][j-2] - k
	 * for the last row k so far with a[k] = b[j]; "infinity" while there is
	 * none, which maxval stays even once i is added.
	 */
	R[-1] = maxval;
	R1[-1] = maxval;
	FR[-1] = maxval;
	for (j = 0; j <= m; j++)
	{
		R[j] = j;
		R1[j] = maxval;
		FR[j] = maxval;
	}

	for (i = 1; i <= n; i++)
	{
		int32_t    *tmp = R;
		int32_t		ai = a[i - 1];
		/* a[i-1], or a[i] itself in row 1, where it can never fire below */
		int32_t		aprev = i > 1 ? a[i - 2] : ai;
		int32_t		last_col = -1;	/* last j with b[j] = a[i], this row */
		int32_t		last_i2l1;	/* H[i-2][j-1] while computing column j */
		int32_t		T = maxval; /* H[i-2][last_col-1] */

		/* R1 becomes row i - 1; R, holding row i - 2, is overwritten */
		R = R1;
		R1 = tmp;
		last_i2l1 = R[0];
		R[0] = i;

		for (j = 1; j <= m; j++)
		{
			int32_t		bj = b[j - 1];
			int32_t		v = R1[j - 1] + (ai != bj);
			int32_t		t;

			t = R[j - 1] + 1;
			if (t < v)
				v = t;
			t = R1[j] + 1;
			if (t < v)
				v = t;

			if (ai == bj)
			{
				/* k for later rows of column j is i; l for this row is j */
				FR[j] = R1[j - 2] - i;
				last_col = j;
				T = last_i2l1;
			}
			else if (j - last_col == 1)
			{
				/* l = j - 1: H[k-1][j-2] + (i-k-1) + 1 */
				t = FR[j] + i;
				if (t < v)
					v = t;
			}
			else if (aprev == bj)
			{
				/* k = i - 1: H[i-2][l-1] + 1 + (j-l-1) */
				t = T + (j - last_col);
				if (t < v)
					v = t;
			}
			last_i2l1 = R[j];
			R[j] = v;
		}
	}
	return R[m];
}

/*
 * contains
 *		Whether x occurs in v[0..n).
 */
static int
contains(const int32_t *v, size_t n, int32_t x)
{
	size_t		i;

	for (i = 0; i < n; i++)
	{
		if (v[i] == x)
			return 1;
	}
	return 0;
}

/*
 * ambc_damerau_levenshtein
 *		See damerau.h.
 */
int64_t
ambc_damerau_levenshtein(const int32_t *a, size_t alen, const int32_t *b,
						 size_t blen, void *scratch)
{
	if (alen > AMBC_DAMERAU_MAX_LEN || blen > AMBC_DAMERAU_MAX_LEN)
		return -1;

	/* a common prefix or suffix never needs an edit */
	while (alen > 0 && blen > 0 && a[0] == b[0])
	{
		a++;
		b++;
		alen--;
		blen--;
	}
	while (alen > 0 && blen > 0 && a[alen - 1] == b[blen - 1])
	{
		alen--;
		blen--;
	}

	if (alen == 0)
		return (int64_t) blen;
	if (blen == 0)
		return (int64_t) alen;
	/* a transposition needs two characters on each side */
	if (alen == 1)
		return (int64_t) blen - contains(b, blen, a[0]);
	if (blen == 1)
		return (int64_t) alen - contains(a, alen, b[0]);

	return dl_rows(a, (int32_t) alen, b, (int32_t) blen, (int32_t *) scratch);
}

/*
 * ambc_damerau_levenshtein_utf8
 *		See damerau.h.
 */
ambc_status
ambc_damerau_levenshtein_utf8(const char *a, size_t alen, const char *b,
							  size_t blen, int64_t *out)
{
	int32_t		acp[AMBC_DAMERAU_MAX_CP];
	int32_t		bcp[AMBC_DAMERAU_MAX_CP];
	int32_t		scratch[DL_CELLS(AMBC_DAMERAU_MAX_CP)];
	size_t		an = 0;
	size_t		bn = 0;
	ambc_status st;
	ambc_status st2;

	st = ambc_utf8_decode(a, alen, acp, AMBC_DAMERAU_MAX_CP, &an);
	st2 = ambc_utf8_decode(b, blen, bcp, AMBC_DAMERAU_MAX_CP, &bn);
	/* malformed input wins over the size limit, in either argument */
	if (st == AMBC_BAD_UTF8 || st2 == AMBC_BAD_UTF8)
		return AMBC_BAD_UTF8;
	if (st != AMBC_OK)
		return st;
	if (st2 != AMBC_OK)
		return st2;
	*out = ambc_damerau_levenshtein(acp, an, bcp, bn, scratch);
	return AMBC_OK;
}

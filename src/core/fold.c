/*-------------------------------------------------------------------------
 *
 * fold.c
 *		Unicode folding rules shared by the tag and name normalizers.
 *
 * src/core/fold.c
 *
 *-------------------------------------------------------------------------
 */
#include "fold.h"

/*
 * ambc_fold_drops_marks
 *		True if marks attached to cp are dropped: ASCII letters and digits and
 *		the Latin blocks (Latin-1 Supplement through Latin Extended-E,
 *		IPA and phonetic extensions).
 */
int
ambc_fold_drops_marks(int32_t cp)
{
	return cp < 0x80 ||
		(cp >= 0x00C0 && cp <= 0x02AF) ||	/* Latin-1 Sup., Ext-A/B, IPA */
		(cp >= 0x1D00 && cp <= 0x1DBF) ||	/* Phonetic Extensions */
		(cp >= 0x1E00 && cp <= 0x1EFF) ||	/* Latin Extended Additional */
		(cp >= 0x2C60 && cp <= 0x2C7F) ||	/* Latin Extended-C */
		(cp >= 0xA720 && cp <= 0xA7FF) ||	/* Latin Extended-D */
		(cp >= 0xAB30 && cp <= 0xAB6F);		/* Latin Extended-E */
}

/*
 * ambc_fold_latin
 *		Transliteration of lower-case Latin letters that have no Unicode
 *		decomposition to a base letter.  Returns the replacement (1 or 2 ASCII
 *		letters) or NULL if cp is not one of them.
 */
const char *
ambc_fold_latin(int32_t cp)
{
	switch (cp)
	{
		case 0x00E6:			/* æ */
			return "ae";
		case 0x00F0:			/* ð */
			return "d";
		case 0x00F8:			/* ø */
			return "o";
		case 0x00FE:			/* þ */
			return "th";
		case 0x0111:			/* đ */
			return "d";
		case 0x0127:			/* ħ */
			return "h";
		case 0x0131:			/* ı */
			return "i";
		case 0x0142:			/* ł */
			return "l";
		case 0x0153:			/* œ */
			return "oe";
		case 0x0167:			/* ŧ */
			return "t";
		case 0x0192:			/* ƒ */
			return "f";
	}
	return NULL;
}

/*
 * ambc_fold_canonical_order
 *		Stable sort of each run of non-starters by combining class (the
 *		canonical ordering algorithm of UAX #15), in place.
 */
void
ambc_fold_canonical_order(int32_t *w, size_t n)
{
	size_t		i;

	for (i = 1; i < n; i++)
	{
		int32_t		cp = w[i];
		int			cc = utf8proc_get_property(cp)->combining_class;
		size_t		j = i;

		if (cc == 0)
			continue;
		while (j > 0)
		{
			int			prev = utf8proc_get_property(w[j - 1])->combining_class;

			if (prev <= cc)
				break;
			w[j] = w[j - 1];
			j--;
		}
		w[j] = cp;
	}
}

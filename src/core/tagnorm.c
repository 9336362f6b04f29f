/*-------------------------------------------------------------------------
 *
 * tagnorm.c
 *		Canonical form of free-text tags.
 *
 * Design
 * ------
 * The input is read one code point at a time and never copied whole, so the
 * work is linear and needs only fixed stack buffers whatever the input size.
 *
 * ASCII code points (the bulk of real tags) are classified directly: letters
 * and digits are lower-cased into the current word, "&" becomes the word
 * "and", everything else ends the word.  ASCII text is already NFKC and
 * case-folds to its lower case, so this is exactly what the general path
 * gives; test_tagnorm checks the two agree on every ASCII byte.
 *
 * Any other code point goes through utf8proc_decompose_char with COMPAT,
 * CASEFOLD and IGNORE: its compatibility decomposition, full case folding
 * (so "ß" gives "ss") and default-ignorable code points removed.  Each
 * resulting code point is then classified by its Unicode general category:
 *
 *	L*, N*	 part of a word; a few Latin letters that have no decomposition
 *			 (ø æ œ ł đ ð þ ħ ı ŧ ƒ) are transliterated here, because Unicode
 *			 gives them no base letter to fall back to;
 *	Mn, Mc	 kept on letters of other scripts (Devanagari vowel signs, Greek
 *			 tonos, Hangul is algorithmic), dropped on Latin letters and
 *			 digits, which is how "é" becomes "e";
 *	Me		 always dropped (enclosing circles and keycaps are decoration);
 *	rest	 a separator.
 *
 * A word is canonically ordered (UAX #15, by combining class) and recomposed
 * with utf8proc_normalize_utf32(COMPOSE) before it is written, so the result
 * is NFKC: "Ελλάδα" keeps its tonos as one precomposed letter and Hangul
 * syllables come back whole.  A word needing more code points than WORD_CAP
 * cannot recompose to 64 bytes or fewer (a canonical composition folds at
 * most four code points into one), so it is reported as too long.
 *
 * Worked example: "  ÜBER Maker" -> "Ü" decomposes and folds to "u" + U+0308,
 * whose base is Latin, so the mark is dropped; "BER" folds to "ber"; the
 * space ends the word; "Maker" gives "maker": "uber-maker".
 *
 * src/core/tagnorm.c
 *
 *-------------------------------------------------------------------------
 */
#include "tagnorm.h"

#include <stdint.h>
#include <string.h>
#include <utf8proc.h>

#include "fold.h"
#include "utf8.h"

/* code points in one word before recomposition; see the header comment */
#define WORD_CAP (4 * (AMBC_TAG_MAX + 1))


typedef struct TagBuilder
{
	char	   *dst;			/* AMBC_TAG_MAX bytes */
	size_t		len;			/* bytes written to dst */
	int			pending_sep;	/* a separator is due before the next word */
	int			too_long;		/* output exceeded AMBC_TAG_MAX */
	int			with_sep;		/* write "-" separators (0 for tag keys) */
	int32_t		word[WORD_CAP]; /* current word, decomposed */
	size_t		wlen;
	int			wascii;			/* every code point in word is ASCII */
	int			mark_drops;		/* marks after the last base are dropped */
} TagBuilder;

/*
 * put_bytes
 *		Append n bytes to the output, or note that it would be too long.
 */
static void
put_bytes(TagBuilder *b, const char *s, size_t n)
{
	if (b->too_long || n > AMBC_TAG_MAX - b->len)
	{
		b->too_long = 1;
		return;
	}
	memcpy(b->dst + b->len, s, n);
	b->len += n;
}

/*
 * flush_word
 *		Recompose the current word and append it, preceded by a separator if
 *		one is due.
 */
static void
flush_word(TagBuilder *b)
{
	size_t		n = b->wlen;
	size_t		i;

	if (n == 0)
		return;
	b->wlen = 0;
	if (b->len > 0 && b->pending_sep && b->with_sep)
		put_bytes(b, "-", 1);
	b->pending_sep = 0;

	if (b->wascii)
	{
		char		ascii[WORD_CAP];

		for (i = 0; i < n; i++)
			ascii[i] = (char) b->word[i];
		put_bytes(b, ascii, n);
		return;
	}

	ambc_fold_canonical_order(b->word, n);
	{
		utf8proc_ssize_t m = utf8proc_normalize_utf32(b->word,
													  (utf8proc_ssize_t) n,
													  UTF8PROC_COMPOSE |
													  UTF8PROC_STABLE);

		/* cannot fail for valid scalar values; be total anyway */
		if (m < 0)
		{
			b->too_long = 1;
			return;
		}
		n = (size_t) m;
	}
	for (i = 0; i < n && !b->too_long; i++)
	{
		char		enc[4];
		size_t		k = ambc_utf8_encode(b->word[i], enc);

		put_bytes(b, enc, k);
	}
}

/*
 * push_cp
 *		Add one word code point (letter, digit or kept mark).
 */
static void
push_cp(TagBuilder *b, int32_t cp)
{
	if (b->wlen >= WORD_CAP)
	{
		b->too_long = 1;
		return;
	}
	if (cp >= 0x80)
		b->wascii = 0;
	else if (b->wlen == 0)
		b->wascii = 1;
	b->word[b->wlen++] = cp;
}

/*
 * end_word
 *		A separator: finish the current word; a separator is due before the
 *		next one.
 */
static void
end_word(TagBuilder *b)
{
	flush_word(b);
	b->pending_sep = 1;
}

/*
 * add_ampersand
 *		"&" is the word "and", a word of its own.
 */
static void
add_ampersand(TagBuilder *b)
{
	end_word(b);
	push_cp(b, 'a');
	push_cp(b, 'n');
	push_cp(b, 'd');
	end_word(b);
}

/*
 * add_folded
 *		Classify one code point that has already been decomposed and folded.
 */
static void
add_folded(TagBuilder *b, int32_t cp)
{
	const char *tr;

	if (cp < 0x80)
	{
		if ((cp >= 'a' && cp <= 'z') || (cp >= '0' && cp <= '9'))
		{
			push_cp(b, cp);
			b->mark_drops = 1;
		}
		else if (cp >= 'A' && cp <= 'Z')
		{
			/* unreachable after case folding; kept for the fast path */
			push_cp(b, cp + ('a' - 'A'));
			b->mark_drops = 1;
		}
		else if (cp == '&')
			add_ampersand(b);
		else
			end_word(b);
		return;
	}

	switch (utf8proc_category(cp))
	{
		case UTF8PROC_CATEGORY_LU:
		case UTF8PROC_CATEGORY_LL:
		case UTF8PROC_CATEGORY_LT:
		case UTF8PROC_CATEGORY_LM:
		case UTF8PROC_CATEGORY_LO:
		case UTF8PROC_CATEGORY_ND:
		case UTF8PROC_CATEGORY_NL:
		case UTF8PROC_CATEGORY_NO:
			tr = ambc_fold_latin(cp);
			if (tr != NULL)
			{
				while (*tr)
					push_cp(b, *tr++);
				b->mark_drops = 1;
			}
			else
			{
				push_cp(b, cp);
				b->mark_drops = ambc_fold_drops_marks(cp);
			}
			break;
		case UTF8PROC_CATEGORY_MN:
		case UTF8PROC_CATEGORY_MC:
			/* a mark with no base in this word, or on a Latin base, goes */
			if (b->wlen > 0 && !b->mark_drops)
				push_cp(b, cp);
			break;
		case UTF8PROC_CATEGORY_ME:
			break;
		default:
			end_word(b);
			break;
	}
}

/*
 * build
 *		Run the normalizer over src; the shared body of the entry points.
 */
static ambc_status
build(TagBuilder *b, const char *src, size_t srclen)
{
	size_t		pos = 0;

	b->len = 0;
	b->pending_sep = 0;
	b->too_long = 0;
	b->wlen = 0;
	b->wascii = 1;
	b->mark_drops = 1;

	while (pos < srclen && !b->too_long)
	{
		unsigned char c = (unsigned char) src[pos];
		int32_t		cp;

		if (c < 0x80)
		{
			/* ASCII: already NFKC; case folding is lower-casing */
			pos++;
			add_folded(b, (int32_t) c);
			continue;
		}
		if (ambc_utf8_next(src, srclen, &pos, &cp) != AMBC_OK)
			return AMBC_BAD_UTF8;
		{
			int32_t		dec[AMBC_FOLD_DECOMP_CAP];
			utf8proc_ssize_t n;
			utf8proc_ssize_t i;

			n = utf8proc_decompose_char(cp, dec, AMBC_FOLD_DECOMP_CAP,
										AMBC_FOLD_DECOMP_OPTIONS,
										NULL);
			if (n < 0 || n > AMBC_FOLD_DECOMP_CAP)
				return AMBC_BAD_UTF8;	/* not a scalar value: cannot happen */
			for (i = 0; i < n; i++)
				add_folded(b, dec[i]);
		}
	}
	if (b->too_long)
	{
		/* the rest must still be valid UTF-8: report that first */
		if (ambc_utf8_validate(src + pos, srclen - pos) != AMBC_OK)
			return AMBC_BAD_UTF8;
		return AMBC_TOO_LONG;
	}
	flush_word(b);
	if (b->too_long)
		return AMBC_TOO_LONG;
	if (b->len == 0)
		return AMBC_EMPTY;
	return AMBC_OK;
}

/*
 * ambc_tag_normalize
 *		See tagnorm.h.
 */
ambc_status
ambc_tag_normalize(const char *src, size_t srclen, char *dst, size_t *dstlen)
{
	TagBuilder	b;
	ambc_status st;

	b.dst = dst;
	b.with_sep = 1;
	st = build(&b, src, srclen);
	if (st == AMBC_OK)
		*dstlen = b.len;
	return st;
}

/*
 * ambc_tag_key
 *		See tagnorm.h.  The key is the canonical tag with its separators
 *		removed; it is computed from the canonical tag, so a tag that is too
 *		long is too long for a key as well.
 */
ambc_status
ambc_tag_key(const char *src, size_t srclen, char *dst, size_t *dstlen)
{
	char		tag[AMBC_TAG_MAX];
	size_t		taglen;
	size_t		i;
	size_t		k = 0;
	ambc_status st = ambc_tag_normalize(src, srclen, tag, &taglen);

	if (st != AMBC_OK)
		return st;
	for (i = 0; i < taglen; i++)
	{
		if (tag[i] != '-')
			dst[k++] = tag[i];
	}
	*dstlen = k;
	return AMBC_OK;
}

/*
 * ambc_tag_is_canonical
 *		See tagnorm.h.
 */
bool
ambc_tag_is_canonical(const char *src, size_t srclen)
{
	char		tag[AMBC_TAG_MAX];
	size_t		taglen;

	if (srclen > AMBC_TAG_MAX)
		return false;
	if (ambc_tag_normalize(src, srclen, tag, &taglen) != AMBC_OK)
		return false;
	return taglen == srclen && memcmp(tag, src, srclen) == 0;
}

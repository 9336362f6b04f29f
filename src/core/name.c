/*-------------------------------------------------------------------------
 *
 * name.c
 *		Canonical form of person names for record matching.
 *
 * Design
 * ------
 * The rules are in name.h.  The input is read once, one code point at a
 * time, and never copied, so the work is linear and needs only fixed stack
 * buffers whatever the input size.
 *
 * Characters are folded exactly as tagnorm.c folds them: ASCII directly
 * (it is its own NFKC and folds to its lower case), anything else through
 * utf8proc_decompose_char with COMPAT, CASEFOLD and IGNORE, then classified
 * by general category; marks are dropped after Latin letters and digits and
 * kept after other letters; each word is canonically ordered and recomposed
 * with utf8proc_normalize_utf32(COMPOSE) before it is written.  The shared
 * rules (which bases lose their marks, the Latin transliterations, the
 * decomposition options, canonical ordering) live in fold.c, so the two
 * normalizers cannot drift apart; test_name repeats tagnorm's examples.
 * Apostrophes are tested both before decomposition (U+00B4 decomposes to a
 * space and a mark) and after it (U+0149 "n preceded by apostrophe"
 * decomposes to U+02BC and "n"), so that no apostrophe ever reaches the
 * output and the result is idempotent.
 *
 * Words go straight to the caller's buffer, one space before each but the
 * first.  Titles and suffixes need no look-back and one kind of look-ahead:
 *
 *	- a title is dropped if no other word has been seen in its part yet;
 *	- a suffix may be trailing, so it is written tentatively: the offset
 *	  before the first of a run of suffixes is remembered, the next plain
 *	  word confirms the run (it simply stays), and the end of the part
 *	  rolls the output back to that offset.
 *
 * The output length is counted even past dstcap (bytes beyond it are not
 * stored), so a tentative run that overflows and is then rolled back does
 * not make a name that fits too long, and a name that does not fit reports
 * the length it needs.  Every byte below dstcap is rewritten after a
 * rollback before the name is final, so the stored bytes are right whenever
 * the whole name fits.
 *
 * Parts are counted as they end (a part left empty is not counted), and the
 * end of the first is remembered.  If exactly two are counted, the output is
 * "P1 P2" and is turned into "P2 P1" in place by three reversals (the whole,
 * then each part): the bytes of a multi-byte character are reversed twice,
 * so they come back in order.
 *
 * Worked example: "Smith, Dr. Robert J."  "smith" is written (offset 0..5);
 * "," ends the first part (one part, ending at 5); "dr" is a title at the
 * start of the second part and is dropped; " robert" and " j" are written;
 * the end of input ends the second part.  Two parts: "smith robert j" is
 * reversed to "j trebor htims", then "j trebor" and "htims" each back:
 * "robert j smith".
 *
 * src/core/name.c
 *
 *-------------------------------------------------------------------------
 */
#include "name.h"

#include <stdint.h>
#include <string.h>
#include <utf8proc.h>

#include "fold.h"
#include "utf8.h"


typedef enum WordKind
{
	WORD_PLAIN,
	WORD_TITLE,
	WORD_SUFFIX
} WordKind;

/* titles removed at the start of a part; compared after folding */
static const char *const name_titles[] = {
	"mr", "mrs", "ms", "miss", "mx", "dr", "prof"
};

/* suffixes removed at the end of a part; compared after folding */
static const char *const name_suffixes[] = {
	"jr", "jnr", "sr", "snr", "ii", "iii", "iv", "2nd", "3rd", "4th"
};

typedef struct NameBuilder
{
	char	   *dst;			/* caller's buffer, cap bytes */
	size_t		cap;
	size_t		len;			/* length of the name so far; may pass cap */
	int			hopeless;		/* too long for any buffer: a word over
								 * AMBC_NAME_WORD_MAX, or len overflowed */

	/* the current part */
	size_t		part_start;		/* len when it began */
	int			in_body;		/* a word that is not a title was seen */
	int			pending;		/* a run of possibly trailing suffixes */
	size_t		pend_start;		/* len before that run */

	/* the parts that were kept */
	int			nparts;			/* counted up to 3; only 2 matters */
	size_t		part1_end;		/* len at the end of the first */

	/* the current word, decomposed and folded */
	int32_t		word[AMBC_NAME_WORD_MAX];
	size_t		wlen;
	int			wascii;			/* every code point in word is ASCII */
	int			mark_drops;		/* marks after the last base are dropped */

	int			plain;			/* ambc_words_normalize: no name rules */
} NameBuilder;

/*
 * is_apostrophe
 *		True if cp joins the letters around it and is itself dropped.
 */
static int
is_apostrophe(int32_t cp)
{
	switch (cp)
	{
		case 0x0027:			/* ' */
		case 0x0060:			/* ` */
		case 0x00B4:			/* ´ */
		case 0x02BB:			/* ʻ modifier letter turned comma (okina) */
		case 0x02BC:			/* ʼ modifier letter apostrophe */
		case 0x05F3:			/* ׳ Hebrew geresh */
		case 0x2018:			/* ‘ */
		case 0x2019:			/* ’ */
		case 0x201B:			/* ‛ */
		case 0x2032:			/* ′ prime */
			return 1;
	}
	return 0;
}

/*
 * is_comma
 *		True if cp (already decomposed) separates the parts of a name.
 */
static int
is_comma(int32_t cp)
{
	return cp == 0x002C || cp == 0x060C || cp == 0x3001;
}

/*
 * word_kind
 *		Whether the folded word w[0..n) is a title, a suffix or neither.
 */
static WordKind
word_kind(const char *w, size_t n)
{
	size_t		i;

	if (n < 2 || n > 4)
		return WORD_PLAIN;
	for (i = 0; i < sizeof(name_titles) / sizeof(name_titles[0]); i++)
		if (strlen(name_titles[i]) == n && memcmp(name_titles[i], w, n) == 0)
			return WORD_TITLE;
	for (i = 0; i < sizeof(name_suffixes) / sizeof(name_suffixes[0]); i++)
		if (strlen(name_suffixes[i]) == n &&
			memcmp(name_suffixes[i], w, n) == 0)
			return WORD_SUFFIX;
	return WORD_PLAIN;
}

/*
 * put_bytes
 *		Append s[0..n) to the name: store what fits below cap and count all.
 */
static void
put_bytes(NameBuilder *b, const char *s, size_t n)
{
	if (b->len < b->cap && n > 0)
	{
		size_t		room = b->cap - b->len;

		memcpy(b->dst + b->len, s, n < room ? n : room);
	}
	if (__builtin_add_overflow(b->len, n, &b->len))
		b->hopeless = 1;
}

/*
 * emit_word
 *		Apply the title and suffix rules to the finished word w[0..n) (UTF-8,
 *		NFKC) and append it, after a space, unless it is a leading title.
 */
static void
emit_word(NameBuilder *b, const char *w, size_t n, int ascii)
{
	WordKind	kind = (ascii && !b->plain) ? word_kind(w, n) : WORD_PLAIN;

	if (!b->in_body)
	{
		if (kind == WORD_TITLE)
			return;
		b->in_body = 1;
	}
	if (kind == WORD_SUFFIX)
	{
		if (!b->pending)
		{
			b->pending = 1;
			b->pend_start = b->len;
		}
	}
	else
		b->pending = 0;			/* a plain word confirms the run */
	if (b->len > 0)
		put_bytes(b, " ", 1);
	put_bytes(b, w, n);
}

/*
 * flush_word
 *		Recompose the current word, if any, and hand it to emit_word.
 */
static void
flush_word(NameBuilder *b)
{
	char		enc[4 * AMBC_NAME_WORD_MAX];
	size_t		n = b->wlen;
	size_t		elen = 0;
	size_t		i;

	if (n == 0)
		return;
	b->wlen = 0;

	if (b->wascii)
	{
		for (i = 0; i < n; i++)
			enc[i] = (char) b->word[i];
		emit_word(b, enc, n, 1);
		return;
	}

	ambc_fold_canonical_order(b->word, n);
	{
		utf8proc_ssize_t m = utf8proc_normalize_utf32(b->word,
													  (utf8proc_ssize_t) n,
													  UTF8PROC_COMPOSE |
													  UTF8PROC_STABLE);

		/* cannot fail for valid scalar values; be total anyway */
		if (m < 0 || (size_t) m > n)
		{
			b->hopeless = 1;
			return;
		}
		n = (size_t) m;
	}
	for (i = 0; i < n; i++)
		elen += ambc_utf8_encode(b->word[i], enc + elen);
	emit_word(b, enc, elen, 0);
}

/*
 * push_cp
 *		Add one word code point (letter, digit or kept mark).
 */
static void
push_cp(NameBuilder *b, int32_t cp)
{
	if (b->wlen >= AMBC_NAME_WORD_MAX)
	{
		b->hopeless = 1;
		return;
	}
	if (cp >= 0x80)
		b->wascii = 0;
	else if (b->wlen == 0)
		b->wascii = 1;
	b->word[b->wlen++] = cp;
}

/*
 * end_part
 *		A comma or the end of input: finish the word, roll back a trailing
 *		run of suffixes, and count the part if anything is left of it.
 */
static void
end_part(NameBuilder *b)
{
	flush_word(b);
	if (b->pending)
	{
		b->len = b->pend_start;
		b->pending = 0;
	}
	if (b->len > b->part_start)
	{
		if (b->nparts == 0)
			b->part1_end = b->len;
		if (b->nparts < 3)
			b->nparts++;
	}
	b->part_start = b->len;
	b->in_body = 0;
}

/*
 * add_folded
 *		Classify one code point that has already been decomposed and folded.
 */
static void
add_folded(NameBuilder *b, int32_t cp)
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
		else if (is_apostrophe(cp))
		{
			/* join: dropped, and the word goes on */
		}
		else if (is_comma(cp) && !b->plain)
			end_part(b);
		else
			flush_word(b);
		return;
	}
	if (is_apostrophe(cp))
		return;
	if (is_comma(cp) && !b->plain)
	{
		end_part(b);
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
			flush_word(b);
			break;
	}
}

/*
 * reverse
 *		Reverse the bytes s[from..to) in place.
 */
static void
reverse(char *s, size_t from, size_t to)
{
	while (from + 1 < to)
	{
		char		t = s[from];

		s[from] = s[to - 1];
		s[to - 1] = t;
		from++;
		to--;
	}
}

/*
 * normalize_words
 *		The work of ambc_name_normalize (plain = 0) and ambc_words_normalize
 *		(plain = 1); arguments and results as there.
 */
static ambc_status
normalize_words(const char *src, size_t srclen, char *dst, size_t dstcap,
				size_t *dstlen, int plain)
{
	NameBuilder b;
	size_t		pos = 0;

	b.dst = dst;
	b.cap = dst != NULL ? dstcap : 0;
	b.len = 0;
	b.hopeless = 0;
	b.part_start = 0;
	b.in_body = 0;
	b.pending = 0;
	b.pend_start = 0;
	b.nparts = 0;
	b.part1_end = 0;
	b.wlen = 0;
	b.wascii = 1;
	b.mark_drops = 1;
	b.plain = plain;

	while (pos < srclen && !b.hopeless)
	{
		unsigned char c = (unsigned char) src[pos];
		int32_t		cp;

		if (c < 0x80)
		{
			/* ASCII: already NFKC; case folding is lower-casing */
			pos++;
			add_folded(&b, (int32_t) c);
			continue;
		}
		if (ambc_utf8_next(src, srclen, &pos, &cp) != AMBC_OK)
			return AMBC_BAD_UTF8;
		if (is_apostrophe(cp))
			continue;
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
				add_folded(&b, dec[i]);
		}
	}
	if (b.hopeless)
	{
		/* the rest must still be valid UTF-8: report that first */
		if (ambc_utf8_validate(src + pos, srclen - pos) != AMBC_OK)
			return AMBC_BAD_UTF8;
		*dstlen = 0;
		return AMBC_TOO_LONG;
	}
	end_part(&b);
	if (b.hopeless)
	{
		*dstlen = 0;
		return AMBC_TOO_LONG;
	}
	if (b.len == 0)
		return AMBC_EMPTY;
	if (b.len > b.cap)
	{
		*dstlen = b.len;
		return AMBC_TOO_LONG;
	}
	if (b.nparts == 2)
	{
		/* "P1 P2" -> "P2 P1"; see the header comment */
		size_t		p2len = b.len - b.part1_end - 1;

		reverse(dst, 0, b.len);
		reverse(dst, 0, p2len);
		reverse(dst, p2len + 1, b.len);
	}
	*dstlen = b.len;
	return AMBC_OK;
}

/*
 * ambc_name_normalize
 *		See name.h.
 */
ambc_status
ambc_name_normalize(const char *src, size_t srclen, char *dst, size_t dstcap,
					size_t *dstlen)
{
	return normalize_words(src, srclen, dst, dstcap, dstlen, 0);
}

/*
 * ambc_words_normalize
 *		See name.h.
 */
ambc_status
ambc_words_normalize(const char *src, size_t srclen, char *dst, size_t dstcap,
					 size_t *dstlen)
{
	return normalize_words(src, srclen, dst, dstcap, dstlen, 1);
}

/*
 * ambc_name_split
 *		See name.h.  The canonical separator is the ASCII space, which never
 *		occurs inside a multi-byte UTF-8 sequence, so a byte scan suffices.
 */
ambc_status
ambc_name_split(const char *norm, size_t normlen, size_t *first_end,
				size_t *last_start)
{
	size_t		fe = normlen;
	size_t		ls = 0;
	size_t		i;

	if (normlen == 0)
		return AMBC_EMPTY;
	if (ambc_utf8_validate(norm, normlen) != AMBC_OK)
		return AMBC_BAD_UTF8;
	if (norm[0] == ' ' || norm[normlen - 1] == ' ')
		return AMBC_INVALID;
	for (i = 1; i < normlen; i++)
	{
		if (norm[i] != ' ')
			continue;
		if (norm[i - 1] == ' ')
			return AMBC_INVALID;
		if (fe == normlen)
			fe = i;
		ls = i + 1;
	}
	*first_end = fe;
	*last_start = ls;
	return AMBC_OK;
}

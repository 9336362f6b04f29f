/*-------------------------------------------------------------------------
 *
 * test_damerau.c
 *		Unit tests for the unrestricted Damerau-Levenshtein distance
 *		(src/core/damerau.c).
 *
 * Every row of the shared reference vectors is checked (the directory comes
 * from $AMB_VECTORS, else ../shared/vectors relative to the repository
 * root, where the tests run), read with a small RFC 4180 reader written
 * here.  The rest compares the implementation with a deliberately naive
 * one, the Lowrance-Wagner recurrence over a full matrix with the last
 * occurrences found by scanning, on exhaustive and random inputs that mix
 * ASCII with two-, three- and four-byte code points, and checks the
 * properties of a metric, malformed UTF-8, every byte value, the size
 * limits and the scratch-size arithmetic.
 *
 * test/unit/test_damerau.c
 *
 *-------------------------------------------------------------------------
 */
#include <stdint.h>
#include <stdlib.h>

#include "damerau.h"
#include "utf8.h"
#include "unit.h"

/* longest string the naive references take */
#define NAIVE_MAX 400

/* maximum number of fields in one CSV record */
#define CSV_MAX_FIELDS 16

/* one decoded CSV field: malloc'd, NUL-terminated, length explicit */
typedef struct csv_field
{
	char	   *s;
	size_t		len;
} csv_field;

/* a growing byte buffer */
typedef struct strbuf
{
	char	   *s;
	size_t		len;
	size_t		cap;
} strbuf;

/* state of the test's pseudo-random generator (xorshift64), fixed seed */
static uint64_t rng_state = 0x9E3779B97F4A7C15ULL;

/*
 * rng
 *		Next pseudo-random 64-bit value; the sequence is the same every run.
 */
static uint64_t
rng(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return rng_state;
}

/*
 * naive_distance
 *		Lowrance-Wagner over the full (n + 1) x (m + 1) matrix, finding the
 *		last occurrences k and l by scanning back, with the transposition
 *		term for every (k, l) pair as published; if osa, only the OSA
 *		transposition of a[i-1..i] with b[j-1..j] instead.  Cubic time, so
 *		for short strings only (at most NAIVE_MAX).
 */
static int64_t
naive_distance(const int32_t *a, size_t n, const int32_t *b, size_t m,
			   int osa)
{
	int64_t    *h = malloc((n + 1) * (m + 1) * sizeof(int64_t));
	int64_t		d;
	size_t		i;
	size_t		j;

#define H(x, y) h[(x) * (m + 1) + (y)]
	if (h == NULL)
		abort();
	for (i = 0; i <= n; i++)
		H(i, 0) = (int64_t) i;
	for (j = 0; j <= m; j++)
		H(0, j) = (int64_t) j;
	for (i = 1; i <= n; i++)
		for (j = 1; j <= m; j++)
		{
			int64_t		v = H(i - 1, j - 1) + (a[i - 1] != b[j - 1]);
			size_t		k;
			size_t		l;

			if (H(i - 1, j) + 1 < v)
				v = H(i - 1, j) + 1;
			if (H(i, j - 1) + 1 < v)
				v = H(i, j - 1) + 1;
			if (osa)
			{
				if (i > 1 && j > 1 && a[i - 1] == b[j - 2] &&
					a[i - 2] == b[j - 1] && H(i - 2, j - 2) + 1 < v)
					v = H(i - 2, j - 2) + 1;
			}
			else
			{
				for (k = i - 1; k > 0 && a[k - 1] != b[j - 1]; k--)
					;
				for (l = j - 1; l > 0 && b[l - 1] != a[i - 1]; l--)
					;
				if (k > 0 && l > 0)
				{
					int64_t		t = H(k - 1, l - 1) + (int64_t) (i - k - 1) +
					1 + (int64_t) (j - l - 1);

					if (t < v)
						v = t;
				}
			}
			H(i, j) = v;
		}
	d = H(n, m);
#undef H
	free(h);
	return d;
}

/*
 * encode
 *		UTF-8 form of cp[0..n) into dst (room for 4 * n bytes); returns its
 *		length.
 */
static size_t
encode(const int32_t *cp, size_t n, char *dst)
{
	size_t		len = 0;
	size_t		i;

	for (i = 0; i < n; i++)
		len += ambc_utf8_encode(cp[i], dst + len);
	return len;
}

/*
 * cp_distance
 *		ambc_damerau_levenshtein with a scratch of exactly the size it asks
 *		for, malloc'd so that ASan sees any overrun.
 */
static int64_t
cp_distance(const int32_t *a, size_t n, const int32_t *b, size_t m)
{
	size_t		sz = ambc_damerau_scratch_size(n, m);
	void	   *scratch = malloc(sz);
	int64_t		d;

	if (scratch == NULL)
		abort();
	d = ambc_damerau_levenshtein(a, n, b, m, scratch);
	free(scratch);
	return d;
}

/*
 * dl
 *		Distance of two NUL-terminated UTF-8 strings, -1 unless AMBC_OK.
 */
static int64_t
dl(const char *a, const char *b)
{
	int64_t		r = -1;

	if (ambc_damerau_levenshtein_utf8(a, strlen(a), b, strlen(b), &r) !=
		AMBC_OK)
		return -1;
	return r;
}

/*
 * decode_all
 *		Decode s[0..len) into a malloc'd code point array (*n set); NULL if
 *		malformed.
 */
static int32_t *
decode_all(const char *s, size_t len, size_t *n)
{
	int32_t    *cp = malloc((len ? len : 1) * sizeof(int32_t));

	if (cp == NULL)
		abort();
	if (ambc_utf8_decode(s, len, cp, len, n) != AMBC_OK)
	{
		free(cp);
		return NULL;
	}
	return cp;
}

/*
 * check_pair
 *		Check a and b (code points) every way there is: the UTF-8 entry point
 *		when within its limit, both argument orders, the code-point entry
 *		point, the naive reference, the bounds, and DL <= OSA.  expected < 0
 *		means "whatever the naive reference says".  Returns the number of
 *		disagreements (each also a failed CHECK).
 */
static int
check_pair(const int32_t *a, size_t n, const int32_t *b, size_t m,
		   int64_t expected)
{
	int			bad = 0;
	int64_t		ref = naive_distance(a, n, b, m, 0);
	int64_t		osa = naive_distance(a, n, b, m, 1);
	int64_t		ab = cp_distance(a, n, b, m);
	int64_t		ba = cp_distance(b, m, a, n);
	size_t		lo = n > m ? n - m : m - n;
	size_t		hi = n > m ? n : m;

	if (expected >= 0 && ref != expected)
		bad++;
	if (ab != ref || ba != ref)
		bad++;
	if (ab < (int64_t) lo || ab > (int64_t) hi || ab > osa)
		bad++;
	if (n <= AMBC_DAMERAU_MAX_CP && m <= AMBC_DAMERAU_MAX_CP)
	{
		char	   *as = malloc(4 * n + 1);
		char	   *bs = malloc(4 * m + 1);
		size_t		al;
		size_t		bl;
		int64_t		u1 = -1;
		int64_t		u2 = -1;

		if (as == NULL || bs == NULL)
			abort();
		al = encode(a, n, as);
		bl = encode(b, m, bs);
		if (ambc_damerau_levenshtein_utf8(as, al, bs, bl, &u1) != AMBC_OK ||
			ambc_damerau_levenshtein_utf8(bs, bl, as, al, &u2) != AMBC_OK ||
			u1 != ref || u2 != ref)
			bad++;
		free(as);
		free(bs);
	}
	CHECKF(bad == 0, "n=%zu m=%zu expected=%lld naive=%lld ab=%lld ba=%lld",
		   n, m, (long long) expected, (long long) ref, (long long) ab,
		   (long long) ba);
	return bad;
}

/*
 * sb_putc
 *		Append one byte to a strbuf, growing it as needed.
 */
static void
sb_putc(strbuf *sb, char c)
{
	if (sb->len + 1 >= sb->cap)
	{
		sb->cap = sb->cap ? 2 * sb->cap : 64;
		sb->s = realloc(sb->s, sb->cap);
		if (sb->s == NULL)
			abort();
	}
	sb->s[sb->len++] = c;
	sb->s[sb->len] = '\0';
}

/*
 * csv_record
 *		Parse one RFC 4180 record starting at *pp (before end) into f, which
 *		holds maxf fields; advance *pp past its line break.
 *
 * A field is either unquoted (any bytes but comma, quote, CR and LF, spaces
 * included) or quoted (any bytes, a quote written twice).  Returns the
 * number of fields, 0 at the end of the input, or -1 if the record is
 * malformed or has more than maxf fields.  The caller frees each f[i].s.
 */
static int
csv_record(const char **pp, const char *end, csv_field *f, int maxf)
{
	const char *p = *pp;
	int			nf = 0;

	if (p >= end)
		return 0;
	for (;;)
	{
		strbuf		sb = {NULL, 0, 0};

		if (nf == maxf)
			return -1;
		sb_putc(&sb, 'x');		/* allocate, then empty */
		sb.len = 0;
		sb.s[0] = '\0';
		if (p < end && *p == '"')
		{
			p++;
			for (;;)
			{
				if (p >= end)
				{
					free(sb.s);
					return -1;	/* unterminated quoted field */
				}
				if (*p == '"')
				{
					if (p + 1 < end && p[1] == '"')
					{
						sb_putc(&sb, '"');
						p += 2;
						continue;
					}
					p++;
					break;
				}
				sb_putc(&sb, *p++);
			}
		}
		else
		{
			while (p < end && *p != ',' && *p != '"' && *p != '\r' &&
				   *p != '\n')
				sb_putc(&sb, *p++);
		}
		f[nf].s = sb.s;
		f[nf].len = sb.len;
		nf++;

		if (p >= end)
			break;
		if (*p == ',')
		{
			p++;
			continue;
		}
		if (*p == '\r' && p + 1 < end && p[1] == '\n')
		{
			p += 2;
			break;
		}
		if (*p == '\n')
		{
			p++;
			break;
		}
		/* a quote inside an unquoted field, or text after a closing quote */
		while (nf > 0)
			free(f[--nf].s);
		return -1;
	}
	*pp = p;
	return nf;
}

/*
 * read_file
 *		Whole contents of path, malloc'd (*len set); NULL if unreadable.
 */
static char *
read_file(const char *path, size_t *len)
{
	FILE	   *fp = fopen(path, "rb");
	char	   *buf = NULL;
	size_t		cap = 0;
	size_t		n = 0;

	if (fp == NULL)
		return NULL;
	for (;;)
	{
		size_t		got;

		if (n == cap)
		{
			cap = cap ? 2 * cap : 65536;
			buf = realloc(buf, cap);
			if (buf == NULL)
				abort();
		}
		got = fread(buf + n, 1, cap - n, fp);
		if (got == 0)
			break;
		n += got;
	}
	fclose(fp);
	*len = n;
	return buf;
}

/*
 * free_fields
 *		Free the strings of f[0..n).
 */
static void
free_fields(csv_field *f, int n)
{
	int			i;

	for (i = 0; i < n; i++)
		free(f[i].s);
}

/*
 * test_csv_reader
 *		The CSV reader itself: quoting, doubled quotes, spaces, CRLF, errors.
 */
static void
test_csv_reader(void)
{
	static const char text[] =
		"\"a\",\"b\",3\r\n"
		" x ,\"say \"\"hi\"\"\",\"\"\n"
		"\"com,ma\",\"line\nbreak\",  \n"
		"last,no,newline";
	const char *p = text;
	const char *end = text + sizeof(text) - 1;
	csv_field	f[CSV_MAX_FIELDS];
	int			nf;
	const char *bad1 = "\"open,1\n";
	const char *bad2 = "\"x\"y,1\n";
	const char *bad3 = "x\"y,1\n";

	nf = csv_record(&p, end, f, CSV_MAX_FIELDS);
	CHECK(nf == 3 && strcmp(f[0].s, "a") == 0 && strcmp(f[1].s, "b") == 0 &&
		  strcmp(f[2].s, "3") == 0);
	free_fields(f, nf);
	nf = csv_record(&p, end, f, CSV_MAX_FIELDS);
	CHECK(nf == 3 && strcmp(f[0].s, " x ") == 0 &&
		  strcmp(f[1].s, "say \"hi\"") == 0 && f[2].len == 0);
	free_fields(f, nf);
	nf = csv_record(&p, end, f, CSV_MAX_FIELDS);
	CHECK(nf == 3 && strcmp(f[0].s, "com,ma") == 0 &&
		  strcmp(f[1].s, "line\nbreak") == 0 && strcmp(f[2].s, "  ") == 0);
	free_fields(f, nf);
	nf = csv_record(&p, end, f, CSV_MAX_FIELDS);
	CHECK(nf == 3 && strcmp(f[2].s, "newline") == 0);
	free_fields(f, nf);
	CHECK(csv_record(&p, end, f, CSV_MAX_FIELDS) == 0);

	p = bad1;
	CHECK(csv_record(&p, bad1 + strlen(bad1), f, CSV_MAX_FIELDS) == -1);
	p = bad2;
	CHECK(csv_record(&p, bad2 + strlen(bad2), f, CSV_MAX_FIELDS) == -1);
	p = bad3;
	CHECK(csv_record(&p, bad3 + strlen(bad3), f, CSV_MAX_FIELDS) == -1);
}

/*
 * test_vectors
 *		Every row of damerau_levenshtein.csv, both orders, every entry point.
 */
static void
test_vectors(void)
{
	const char *dir = getenv("AMB_VECTORS");
	char		path[4096];
	char	   *text;
	size_t		len = 0;
	const char *p;
	const char *end;
	csv_field	f[CSV_MAX_FIELDS];
	int			nf;
	int			ncols;
	int			ca = -1;
	int			cb = -1;
	int			ce = -1;
	int			i;
	int			rows = 0;
	int			bad = 0;

	if (dir == NULL || dir[0] == '\0')
		dir = "../shared/vectors";
	snprintf(path, sizeof(path), "%s/damerau_levenshtein.csv", dir);
	text = read_file(path, &len);
	CHECKF(text != NULL, "cannot read %s", path);
	if (text == NULL)
		return;
	p = text;
	end = text + len;

	ncols = csv_record(&p, end, f, CSV_MAX_FIELDS);
	CHECKF(ncols > 0, "no header in %s", path);
	for (i = 0; i < ncols; i++)
	{
		if (strcmp(f[i].s, "a") == 0)
			ca = i;
		else if (strcmp(f[i].s, "b") == 0)
			cb = i;
		else if (strcmp(f[i].s, "expected") == 0)
			ce = i;
	}
	free_fields(f, ncols);
	CHECKF(ca >= 0 && cb >= 0 && ce >= 0, "header lacks a, b or expected");
	if (ca < 0 || cb < 0 || ce < 0)
	{
		free(text);
		return;
	}

	while ((nf = csv_record(&p, end, f, CSV_MAX_FIELDS)) != 0)
	{
		char	   *endp = NULL;
		long long	expected;
		int32_t    *acp;
		int32_t    *bcp;
		size_t		an = 0;
		size_t		bn = 0;

		CHECKF(nf == ncols, "record %d has %d fields, not %d", rows + 1, nf,
			   ncols);
		if (nf != ncols)
		{
			if (nf > 0)
				free_fields(f, nf);
			break;
		}
		rows++;
		expected = strtoll(f[ce].s, &endp, 10);
		CHECKF(f[ce].len > 0 && *endp == '\0' && expected >= 0,
			   "row %d: bad expected \"%s\"", rows, f[ce].s);
		acp = decode_all(f[ca].s, f[ca].len, &an);
		bcp = decode_all(f[cb].s, f[cb].len, &bn);
		CHECKF(acp != NULL && bcp != NULL, "row %d: malformed UTF-8", rows);
		if (acp != NULL && bcp != NULL)
		{
			if (check_pair(acp, an, bcp, bn, expected) != 0)
			{
				bad++;
				fprintf(stderr, "  row %d: \"%s\" / \"%s\" expected %lld\n",
						rows, f[ca].s, f[cb].s, expected);
			}
			/* the UTF-8 entry point straight on the file's bytes */
			if (an <= AMBC_DAMERAU_MAX_CP && bn <= AMBC_DAMERAU_MAX_CP)
			{
				int64_t		r = -1;

				CHECK(ambc_damerau_levenshtein_utf8(f[ca].s, f[ca].len,
													f[cb].s, f[cb].len,
													&r) == AMBC_OK &&
					  r == expected);
			}
		}
		free(acp);
		free(bcp);
		free_fields(f, nf);
	}
	free(text);
	CHECKF(rows >= 40, "only %d rows in %s", rows, path);
	printf("# %s: %d rows, %d disagree\n", path, rows, bad);
}

/*
 * test_known_values
 *		Worked examples, including where DL and OSA part ways.
 */
static void
test_known_values(void)
{
	int32_t		ca[] = {'c', 'a'};
	int32_t		abc[] = {'a', 'b', 'c'};

	/* the header's example: DL 2, OSA 3 */
	CHECK(dl("ca", "abc") == 2);
	CHECK(dl("abc", "ca") == 2);
	CHECK(naive_distance(ca, 2, abc, 3, 0) == 2);
	CHECK(naive_distance(ca, 2, abc, 3, 1) == 3);
	CHECK(dl("CA", "ABC") == 2);
	CHECK(dl("ab", "ba") == 1);
	CHECK(dl("abc", "cab") == 2);
	CHECK(dl("kitten", "sitting") == 3);
	CHECK(dl("", "") == 0);
	CHECK(dl("", "abc") == 3);
	CHECK(dl("abc", "") == 3);
	CHECK(dl("a", "b") == 1);
	CHECK(dl("smith", "smyth") == 1);
	CHECK(dl("jon", "john") == 1);
	CHECK(dl("Jonathan", "Jonahtan") == 1);
	/* a transposition across an insertion, in longer strings */
	CHECK(dl("xxcayy", "xxabcyy") == 2);
	/* code points, not bytes */
	CHECK(dl("caf\xC3\xA9", "cafe") == 1);
	CHECK(dl("\xC3\xA9", "e") == 1);
	CHECK(dl("\xC3\xA9t\xC3\xA9", "t\xC3\xA9\xC3\xA9") == 1);
	CHECK(dl("\xE4\xB8\xAD\xE6\x96\x87", "\xE6\x96\x87\xE4\xB8\xAD") == 1);
	CHECK(dl("\xF0\x9F\x98\x80" "a", "a\xF0\x9F\x98\x80") == 1);
	/* one code point that shares a lead byte with another: different */
	CHECK(dl("\xC3\xA9", "\xC3\xA8") == 1);
	/* case-sensitive: callers fold first */
	CHECK(dl("A", "a") == 1);
	/* NUL is a character like another */
	{
		int64_t		r = -1;

		CHECK(ambc_damerau_levenshtein_utf8("a\0b", 3, "ab", 2, &r) ==
			  AMBC_OK && r == 1);
		CHECK(ambc_damerau_levenshtein_utf8("\0", 1, "", 0, &r) ==
			  AMBC_OK && r == 1);
	}
}

/*
 * test_properties
 *		Identity, symmetry, bounds and the triangle inequality (DL is a
 *		metric) over a set of words.
 */
static void
test_properties(void)
{
	static const char *words[] = {"", "a", "ab", "ba", "abc", "ca", "cab",
		"martha", "marhta", "jellyfish", "jellyifhs", "smellyfish", "crate",
		"trace", "dicksonx", "dixon", "Ren\xC3\xA9", "Rene", "eRn\xC3\xA9",
		"\xC3\xA9t\xC3\xA9", "ete", "\xED\x95\x9C\xEA\xB5\xAD",
		"\xEA\xB5\xAD\xED\x95\x9C", "\xF0\x9F\x98\x80\xF0\x9F\x98\x81",
	"abcdefghijklmnopqrstuvwxyz", "zyxwvutsrqponmlkjihgfedcba"};
	size_t		n = sizeof(words) / sizeof(words[0]);
	size_t		i,
				j,
				k;

	for (i = 0; i < n; i++)
		for (j = 0; j < n; j++)
		{
			int64_t		ab = dl(words[i], words[j]);
			int64_t		ba = dl(words[j], words[i]);
			int32_t    *acp;
			int32_t    *bcp;
			size_t		an;
			size_t		bn;
			size_t		lo;
			size_t		hi;

			acp = decode_all(words[i], strlen(words[i]), &an);
			bcp = decode_all(words[j], strlen(words[j]), &bn);
			CHECK(acp != NULL && bcp != NULL);
			lo = an > bn ? an - bn : bn - an;
			hi = an > bn ? an : bn;
			CHECKF(ab == ba, "%s/%s", words[i], words[j]);
			CHECKF(ab >= (int64_t) lo && ab <= (int64_t) hi, "%s/%s",
				   words[i], words[j]);
			CHECKF((ab == 0) == (strcmp(words[i], words[j]) == 0), "%s/%s",
				   words[i], words[j]);
			if (acp != NULL && bcp != NULL)
				CHECKF(ab == naive_distance(acp, an, bcp, bn, 0), "%s/%s",
					   words[i], words[j]);
			for (k = 0; k < n; k++)
				CHECKF(ab <= dl(words[i], words[k]) + dl(words[k], words[j]),
					   "%s/%s/%s", words[i], words[j], words[k]);
			free(acp);
			free(bcp);
		}
}

/*
 * test_exhaustive_small
 *		Every pair of strings of length <= 5 over {a, b, c}, and of length
 *		<= 7 over {a, b}: small alphabets are where transpositions, trimming
 *		and repeated characters interact most.
 */
static void
test_exhaustive_small(void)
{
	static const struct
	{
		int			sigma;
		int			maxlen;
	}			runs[] = {{3, 5}, {2, 7}};
	int			r;

	for (r = 0; r < 2; r++)
	{
		int			sigma = runs[r].sigma;
		int			maxlen = runs[r].maxlen;
		int32_t		strs[4000][8];
		int			lens[4000];
		int			count = 0;
		int			len;
		int			x;
		int			y;
		int			bad = 0;

		for (len = 0; len <= maxlen; len++)
		{
			int			total = 1;
			int			c;

			for (c = 0; c < len; c++)
				total *= sigma;
			for (x = 0; x < total; x++)
			{
				int			v = x;

				for (c = 0; c < len; c++)
				{
					/* U+00E9 stands in for 'c' to mix in a non-ASCII one */
					int			digit = v % sigma;

					strs[count][c] = digit == 2 ? 0xE9 : 'a' + digit;
					v /= sigma;
				}
				lens[count++] = len;
			}
		}
		for (x = 0; x < count; x++)
			for (y = 0; y < count; y++)
			{
				int64_t		ref = naive_distance(strs[x], (size_t) lens[x],
												 strs[y], (size_t) lens[y], 0);
				int64_t		got = cp_distance(strs[x], (size_t) lens[x],
											  strs[y], (size_t) lens[y]);

				if (got != ref)
					bad++;
			}
		CHECKF(bad == 0, "sigma %d: %d of %d pairs disagree", sigma, bad,
			   count * count);
	}
}

/*
 * random_string
 *		Fill s with len code points drawn from the first sigma letters of a
 *		mixed alphabet (ASCII, Latin-1, Greek, CJK, an emoji, U+10FFFF).
 */
static void
random_string(int32_t *s, size_t len, int sigma)
{
	static const int32_t alphabet[] = {'a', 'b', 0xE9, 0x3B1, 0x4E2D,
	0x1F600, 'c', 0x10FFFF};
	size_t		i;

	for (i = 0; i < len; i++)
		s[i] = alphabet[rng() % (uint64_t) sigma];
}

/*
 * test_random_vs_naive
 *		100,000 random pairs, mostly short, one in fifty up to 40 long,
 *		compared with the naive reference.
 */
static void
test_random_vs_naive(void)
{
	int32_t		a[40];
	int32_t		b[40];
	int			iter;
	int			bad = 0;

	for (iter = 0; iter < 100000 && bad < 5; iter++)
	{
		int			sigma = 2 + (int) (rng() % 7);
		size_t		maxlen = iter % 50 == 0 ? 40 : 10;
		size_t		n = (size_t) (rng() % (maxlen + 1));
		size_t		m = (size_t) (rng() % (maxlen + 1));

		random_string(a, n, sigma);
		if (rng() % 3 == 0)
		{
			size_t		i;

			/* b is a lightly edited a: shared affixes, transpositions */
			m = n;
			memcpy(b, a, n * sizeof(int32_t));
			for (i = 0; i + 1 < m; i++)
			{
				if (rng() % 4 == 0)
				{
					int32_t		t = b[i];

					b[i] = b[i + 1];
					b[i + 1] = t;
				}
				else if (rng() % 8 == 0)
					random_string(b + i, 1, sigma);
			}
		}
		else
			random_string(b, m, sigma);
		bad += check_pair(a, n, b, m, -1) != 0;
	}
	CHECKF(bad == 0, "%d random pairs disagree", bad);
}

/*
 * test_long_strings
 *		Beyond the UTF-8 limit: long strings against the naive reference,
 *		and a 1M-code-point pair that trimming reduces to a transposition.
 */
static void
test_long_strings(void)
{
	static int32_t a[NAIVE_MAX];
	static int32_t b[NAIVE_MAX];
	size_t		big = 1024 * 1024;
	int32_t    *x = malloc(big * sizeof(int32_t));
	int32_t    *y = malloc(big * sizeof(int32_t));
	size_t		i;
	int			t;

	for (t = 0; t < 6; t++)
	{
		size_t		n = 256 + (size_t) (rng() % (NAIVE_MAX - 256));
		size_t		m = 200 + (size_t) (rng() % (NAIVE_MAX - 200));

		random_string(a, n, 2 + t);
		random_string(b, m, 2 + t);
		check_pair(a, n, b, m, -1);
	}

	if (x == NULL || y == NULL)
		abort();
	for (i = 0; i < big; i++)
		x[i] = y[i] = (int32_t) (i % 0x10FFFF);
	y[big / 2] = x[big / 2 + 1];
	y[big / 2 + 1] = x[big / 2];
	CHECK(cp_distance(x, big, y, big) == 1);
	CHECK(cp_distance(x, big, x, big) == 0);
	CHECK(cp_distance(x, big, y, 0) == (int64_t) big);
	CHECK(cp_distance(x, 3, y, big) == (int64_t) big - 3);
	free(x);
	free(y);
}

/*
 * test_malformed
 *		Malformed UTF-8 (overlong, surrogate, truncated, above U+10FFFF, lone
 *		continuation) in either argument, and every single byte value.
 */
static void
test_malformed(void)
{
	static const char *const bad[] = {
		"\xC0\xAF",				/* overlong '/' */
		"\xE0\x80\xAF",			/* overlong, three bytes */
		"\xED\xA0\x80",			/* surrogate U+D800 */
		"\xED\xBF\xBF",			/* surrogate U+DFFF */
		"\xE2\x82",				/* truncated */
		"\xF0\x9F\x98",			/* truncated four-byte */
		"\xF4\x90\x80\x80",		/* U+110000 */
		"\x80",					/* lone continuation */
		"\xFF",
		"ab\xC3",				/* truncated at the end */
		"\xC3" "ab",			/* lead byte before ASCII */
	};
	size_t		i;
	int			c;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
	{
		int64_t		r = 42;

		CHECKF(ambc_damerau_levenshtein_utf8(bad[i], strlen(bad[i]), "ab", 2,
											 &r) == AMBC_BAD_UTF8, "%zu", i);
		CHECKF(ambc_damerau_levenshtein_utf8("ab", 2, bad[i], strlen(bad[i]),
											 &r) == AMBC_BAD_UTF8, "%zu", i);
		CHECKF(ambc_damerau_levenshtein_utf8(bad[i], strlen(bad[i]), bad[i],
											 strlen(bad[i]), &r) ==
			   AMBC_BAD_UTF8, "%zu", i);
		CHECKF(ambc_damerau_levenshtein_utf8("", 0, bad[i], strlen(bad[i]),
											 &r) == AMBC_BAD_UTF8, "%zu", i);
		CHECK(r == 42);			/* *out untouched on error */
	}

	for (c = 0; c < 256; c++)
	{
		char		s = (char) c;
		int64_t		r1 = -1;
		int64_t		r2 = -1;
		ambc_status st1 = ambc_damerau_levenshtein_utf8(&s, 1, "a", 1, &r1);
		ambc_status st2 = ambc_damerau_levenshtein_utf8("a", 1, &s, 1, &r2);

		if (c < 0x80)
			CHECKF(st1 == AMBC_OK && st2 == AMBC_OK &&
				   r1 == (c == 'a' ? 0 : 1) && r2 == r1, "byte %d", c);
		else
			CHECKF(st1 == AMBC_BAD_UTF8 && st2 == AMBC_BAD_UTF8, "byte %d", c);
	}
}

/*
 * test_limits
 *		AMBC_DAMERAU_MAX_CP counts code points, not bytes; one more is
 *		AMBC_LIMIT in either argument; malformed input wins over the limit
 *		whichever argument holds which and wherever the bad bytes are.
 */
static void
test_limits(void)
{
	size_t		big = AMBC_DAMERAU_MAX_CP + 1;
	size_t		mb = 1024 * 1024;
	char	   *s = malloc(big + 1);
	char	   *e = malloc(2 * AMBC_DAMERAU_MAX_CP);
	char	   *huge = malloc(mb);
	size_t		i;
	int64_t		r = -1;

	if (s == NULL || e == NULL || huge == NULL)
		abort();
	memset(s, 'a', big);
	for (i = 0; i < AMBC_DAMERAU_MAX_CP; i++)
	{
		e[2 * i] = (char) 0xC3;
		e[2 * i + 1] = (char) 0xA9;
	}
	memset(huge, 'z', mb);

	CHECK(ambc_damerau_levenshtein_utf8(s, AMBC_DAMERAU_MAX_CP, s,
										AMBC_DAMERAU_MAX_CP, &r) == AMBC_OK &&
		  r == 0);
	/* 255 x U+00E9 is 510 bytes but 255 characters */
	CHECK(ambc_damerau_levenshtein_utf8(e, 2 * AMBC_DAMERAU_MAX_CP, s,
										AMBC_DAMERAU_MAX_CP, &r) == AMBC_OK &&
		  r == AMBC_DAMERAU_MAX_CP);
	CHECK(ambc_damerau_levenshtein_utf8(s, big, "a", 1, &r) == AMBC_LIMIT);
	CHECK(ambc_damerau_levenshtein_utf8("a", 1, s, big, &r) == AMBC_LIMIT);
	CHECK(ambc_damerau_levenshtein_utf8(s, big, s, big, &r) == AMBC_LIMIT);
	CHECK(ambc_damerau_levenshtein_utf8(huge, mb, "", 0, &r) == AMBC_LIMIT);
	CHECK(ambc_damerau_levenshtein_utf8("", 0, huge, mb, &r) == AMBC_LIMIT);

	/* malformed past the limit, or in the other argument: BAD_UTF8 */
	s[big] = (char) 0xC3;
	CHECK(ambc_damerau_levenshtein_utf8(s, big + 1, "a", 1, &r) ==
		  AMBC_BAD_UTF8);
	CHECK(ambc_damerau_levenshtein_utf8("a", 1, s, big + 1, &r) ==
		  AMBC_BAD_UTF8);
	CHECK(ambc_damerau_levenshtein_utf8("\xC3", 1, s, big, &r) ==
		  AMBC_BAD_UTF8);
	CHECK(ambc_damerau_levenshtein_utf8(s, big, "\xC3", 1, &r) ==
		  AMBC_BAD_UTF8);
	huge[mb - 1] = (char) 0x80;
	CHECK(ambc_damerau_levenshtein_utf8(huge, mb, "", 0, &r) ==
		  AMBC_BAD_UTF8);
	CHECK(ambc_damerau_levenshtein_utf8("a", 1, huge, mb, &r) ==
		  AMBC_BAD_UTF8);
	free(s);
	free(e);
	free(huge);
}

/*
 * test_scratch_size
 *		The scratch formula, its overflow guard and the length ceiling.
 */
static void
test_scratch_size(void)
{
	int32_t		one = 'a';

	CHECK(ambc_damerau_scratch_size(0, 0) == 6 * sizeof(int32_t));
	CHECK(ambc_damerau_scratch_size(10, 3) == (3 * 3 + 6) * sizeof(int32_t));
	CHECK(ambc_damerau_scratch_size(AMBC_DAMERAU_MAX_LEN,
									AMBC_DAMERAU_MAX_LEN) ==
		  (3 * AMBC_DAMERAU_MAX_LEN + 6) * sizeof(int32_t));
	CHECK(ambc_damerau_scratch_size(AMBC_DAMERAU_MAX_LEN + 1, 0) == SIZE_MAX);
	CHECK(ambc_damerau_scratch_size(0, AMBC_DAMERAU_MAX_LEN + 1) == SIZE_MAX);
	CHECK(ambc_damerau_scratch_size(SIZE_MAX, 1) == SIZE_MAX);
	CHECK(ambc_damerau_scratch_size(1, SIZE_MAX) == SIZE_MAX);
	CHECK(ambc_damerau_scratch_size(SIZE_MAX / 2, SIZE_MAX / 4) == SIZE_MAX);
	/* over the ceiling the distance is -1 and nothing is read or written */
	CHECK(ambc_damerau_levenshtein(&one, AMBC_DAMERAU_MAX_LEN + 1, &one, 1,
								   NULL) == -1);
	CHECK(ambc_damerau_levenshtein(&one, 1, &one, SIZE_MAX, NULL) == -1);
}

int
main(void)
{
	static const unit_test tests[] = {
		UNIT(test_csv_reader),
		UNIT(test_vectors),
		UNIT(test_known_values),
		UNIT(test_properties),
		UNIT(test_exhaustive_small),
		UNIT(test_random_vs_naive),
		UNIT(test_long_strings),
		UNIT(test_malformed),
		UNIT(test_limits),
		UNIT(test_scratch_size),
	};

	return unit_run(tests, (int) (sizeof(tests) / sizeof(tests[0])));
}

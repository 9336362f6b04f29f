/*-------------------------------------------------------------------------
 *
 * test_name.c
 *		Unit tests for the person-name normalizer (src/core/name.c).
 *
 * Every input goes through an exact-size heap copy, so AddressSanitizer
 * sees any read past srclen.  Besides the table of examples, the tests
 * check properties on every byte value, every code point, random names and
 * 1 MB inputs: a result has the canonical shape, is its own normal form,
 * fits in exactly its length, and "Last, First" is "First Last".
 *
 * test/unit/test_name.c
 *
 *-------------------------------------------------------------------------
 */
#include <stdint.h>
#include <time.h>
#include <utf8proc.h>

#include "name.h"
#include "utf8.h"
#include "unit.h"

/* room for any result in the tests but the megabyte ones */
#define OUT_CAP 4096

/* CPU seconds one 1 MB input may take, sanitizers included */
#define MB_SECONDS 5.0

typedef struct name_case
{
	const char *in;
	ambc_status st;
	const char *out;			/* expected name when st == AMBC_OK */
} name_case;

static const name_case cases[] = {
	/* the examples of the specification */
	{"SMITH, Bob", AMBC_OK, "bob smith"},
	{"Smith, Dr. Robert J.", AMBC_OK, "robert j smith"},
	{"Robert Smith, Jr.", AMBC_OK, "robert smith"},
	{"Dr. Robert Smith Jr.", AMBC_OK, "robert smith"},
	{"Mrs. Jane Doe", AMBC_OK, "jane doe"},
	{"Jane   DOE", AMBC_OK, "jane doe"},
	{"O'Brien", AMBC_OK, "obrien"},
	{"O'Brien, Tom", AMBC_OK, "tom obrien"},
	{"St. John", AMBC_OK, "st john"},
	{"J.R.R. Tolkien", AMBC_OK, "j r r tolkien"},
	{"Jos\xC3\xA9 Garc\xC3\xAD" "a-L\xC3\xB3pez", AMBC_OK,
	"jose garcia lopez"},	/* José García-López */
	{"S\xC3\xB8ren \xC3\x98" "deg\xC3\xA5rd", AMBC_OK, "soren odegard"},	/* Søren Ødegård */
	{"M\xC3\xBCller, Lukas", AMBC_OK, "lukas muller"},	/* Müller, Lukas */
	{"Mary-Jane Watson", AMBC_OK, "mary jane watson"},
	{"Chlo\xC3\xA9 Dubois", AMBC_OK, "chloe dubois"},	/* Chloé Dubois */
	{"Ngozi Okafor", AMBC_OK, "ngozi okafor"},
	{"Prof Dr Hans Meyer", AMBC_OK, "hans meyer"},
	{"Jr.", AMBC_EMPTY, NULL},
	/* accents and Latin letters without a decomposition */
	{"Jose\xCC\x81 Garci\xCC\x81" "a", AMBC_OK, "jose garcia"},	/* decomposed accents */
	{"Zo\xC3\xAB Salda\xC3\xB1" "a", AMBC_OK, "zoe saldana"},	/* Zoë Saldaña */
	{"Fran\xC3\xA7ois Dupont-Aignan", AMBC_OK, "francois dupont aignan"},	/* François Dupont-Aignan */
	{"Nguy\xE1\xBB\x85n V\xC4\x83n An", AMBC_OK, "nguyen van an"},	/* Nguyễn Văn An */
	{"\xC4\xB0lker \xC3\x87" "elik", AMBC_OK, "ilker celik"},	/* İlker Çelik */
	{"\xC5\x81ukasz \xC5\xBB\xC3\xB3\xC5\x82\xC4\x87", AMBC_OK, "lukasz zolc"},	/* Łukasz Żółć */
	{"\xC3\x86sa \xC5\x92rsted", AMBC_OK, "aesa oersted"},	/* Æsa Œrsted */
	{"Gro\xC3\x9F" "e, Anna", AMBC_OK, "anna grosse"},	/* Große, Anna */
	{"\xEF\xAC\x81ona", AMBC_OK, "fiona"},	/* fi ligature */
	{"\xEF\xBC\xB3\xEF\xBC\xAD\xEF\xBC\xA9\xEF\xBC\xB4\xEF\xBC\xA8\xEF\xBC\x8C\xEF\xBC\xA2\xEF\xBD\x8F\xEF\xBD\x82", AMBC_OK,
	"bob smith"},	/* fullwidth, fullwidth comma */
	/* other scripts are kept, lower-cased where they have case */
	{"\xCE\x95\xCE\xBB\xCE\xAD\xCE\xBD\xCE\xB7 \xCE\xA0\xCE\xB1\xCF\x80\xCE\xB1\xCE\xB4\xCE\xBF\xCF\x80\xCE\xBF\xCF\x8D\xCE\xBB\xCE\xBF\xCF\x85", AMBC_OK,
	"\xCE\xB5\xCE\xBB\xCE\xAD\xCE\xBD\xCE\xB7 \xCF\x80\xCE\xB1\xCF\x80\xCE\xB1\xCE\xB4\xCE\xBF\xCF\x80\xCE\xBF\xCF\x8D\xCE\xBB\xCE\xBF\xCF\x85"},	/* Ελένη Παπαδοπούλου */
	{"\xD0\x98\xD0\xB2\xD0\xB0\xD0\xBD \xD0\x9F\xD0\xB5\xD1\x82\xD1\x80\xD0\xBE\xD0\xB2", AMBC_OK,
	"\xD0\xB8\xD0\xB2\xD0\xB0\xD0\xBD \xD0\xBF\xD0\xB5\xD1\x82\xD1\x80\xD0\xBE\xD0\xB2"},	/* Иван Петров */
	{"\xD0\x9F\xD0\xB5\xD1\x82\xD1\x80\xD0\xBE\xD0\xB2, \xD0\x98\xD0\xB2\xD0\xB0\xD0\xBD", AMBC_OK,
	"\xD0\xB8\xD0\xB2\xD0\xB0\xD0\xBD \xD0\xBF\xD0\xB5\xD1\x82\xD1\x80\xD0\xBE\xD0\xB2"},	/* Петров, Иван */
	{"\xE7\x8E\x8B\xE5\xB0\x8F\xE6\x98\x8E", AMBC_OK,
	"\xE7\x8E\x8B\xE5\xB0\x8F\xE6\x98\x8E"},	/* 王小明 */
	{"\xE5\xB1\xB1\xE7\x94\xB0\xE3\x80\x80\xE5\xA4\xAA\xE9\x83\x8E", AMBC_OK,
	"\xE5\xB1\xB1\xE7\x94\xB0 \xE5\xA4\xAA\xE9\x83\x8E"},	/* ideographic space */
	{"\xE5\xB1\xB1\xE7\x94\xB0\xE3\x80\x81\xE5\xA4\xAA\xE9\x83\x8E", AMBC_OK,
	"\xE5\xA4\xAA\xE9\x83\x8E \xE5\xB1\xB1\xE7\x94\xB0"},	/* ideographic comma */
	{"\xEA\xB9\x80\xEB\xAF\xBC\xEC\xA4\x80", AMBC_OK,
	"\xEA\xB9\x80\xEB\xAF\xBC\xEC\xA4\x80"},	/* 김민준 */
	{"\xE0\xA4\x85\xE0\xA4\xAE\xE0\xA4\xBF\xE0\xA4\xA4 \xE0\xA4\xB6\xE0\xA4\xB0\xE0\xA5\x8D\xE0\xA4\xAE\xE0\xA4\xBE", AMBC_OK,
	"\xE0\xA4\x85\xE0\xA4\xAE\xE0\xA4\xBF\xE0\xA4\xA4 \xE0\xA4\xB6\xE0\xA4\xB0\xE0\xA5\x8D\xE0\xA4\xAE\xE0\xA4\xBE"},	/* अमित शर्मा */
	{"\xD8\xAE\xD8\xA7\xD9\x86\xD8\x8C \xD8\xA3\xD8\xAD\xD9\x85\xD8\xAF", AMBC_OK,
	"\xD8\xA3\xD8\xAD\xD9\x85\xD8\xAF \xD8\xAE\xD8\xA7\xD9\x86"},	/* Arabic comma */
	{"\xD7\x92\xD7\xB3\xD7\x95\xD7\xA8\xD7\x92\xD7\xB3 \xD7\x9C\xD7\x95\xD7\x99", AMBC_OK,
	"\xD7\x92\xD7\x95\xD7\xA8\xD7\x92 \xD7\x9C\xD7\x95\xD7\x99"},	/* geresh joins */
	/* apostrophes join, everything else separates */
	{"D\xE2\x80\x99" "Angelo", AMBC_OK, "dangelo"},	/* right single quotation mark */
	{"O\xC2\xB4" "Brien", AMBC_OK, "obrien"},	/* acute accent used as apostrophe */
	{"Ka\xCA\xBB" "ahumanu", AMBC_OK, "kaahumanu"},	/* okina */
	{"\xC5\x89", AMBC_OK, "n"},	/* decomposes to U+02BC n */
	{"Mary\xC2\xADJane", AMBC_OK, "maryjane"},	/* soft hyphen is ignorable */
	{"Robert \"Bob\" Smith", AMBC_OK, "robert bob smith"},
	{"Smith (Bob)", AMBC_OK, "smith bob"},
	{"Bob & Jane Smith", AMBC_OK, "bob jane smith"},
	{"\tBob\r\nSmith\n", AMBC_OK, "bob smith"},
	{"Bob \xF0\x9F\x8E\x89 Smith", AMBC_OK, "bob smith"},	/* emoji */
	{"St.John", AMBC_OK, "st john"},
	{"D.R. Smith", AMBC_OK, "d r smith"},	/* initials, not the title */
	/* titles: leading whole words only */
	{"Mx. Sam Lee", AMBC_OK, "sam lee"},
	{"Miss Piggy", AMBC_OK, "piggy"},
	{"PROF. Ada Lovelace", AMBC_OK, "ada lovelace"},
	{"Ms.Iva Novak", AMBC_OK, "iva novak"},
	{"\xEF\xBC\xA4\xEF\xBD\x92\xEF\xBC\x8E Who", AMBC_OK, "who"},	/* fullwidth title */
	{"Doctor Who", AMBC_OK, "doctor who"},	/* not a title */
	{"Farokh Doctor", AMBC_OK, "farokh doctor"},
	{"Robert Dr Smith", AMBC_OK, "robert dr smith"},
	{"Jane Miss", AMBC_OK, "jane miss"},
	{"Drake Ivanov", AMBC_OK, "drake ivanov"},
	{"Dr. Smith, Robert", AMBC_OK, "robert smith"},
	{"Smith, Dr.", AMBC_OK, "smith"},
	{"Sr Mary Smith", AMBC_OK, "sr mary smith"},	/* sr is a suffix, not a title */
	/* suffixes: trailing whole words only */
	{"John Smith III", AMBC_OK, "john smith"},
	{"John Smith Jr. III", AMBC_OK, "john smith"},
	{"John Smith 2nd", AMBC_OK, "john smith"},
	{"Smith Sr.", AMBC_OK, "smith"},
	{"Joe Bloggs Jnr", AMBC_OK, "joe bloggs"},
	{"John Paul II", AMBC_OK, "john paul"},
	{"Henry \xE2\x85\xA7", AMBC_OK, "henry viii"},	/* roman numeral eight */
	{"Louis XIV", AMBC_OK, "louis xiv"},
	{"Robert Smith V", AMBC_OK, "robert smith v"},	/* single letters are initials */
	{"Jr Smith", AMBC_OK, "jr smith"},
	{"Ivan Srinivasan", AMBC_OK, "ivan srinivasan"},
	/* commas */
	{"Smith Jr., Robert", AMBC_OK, "robert smith"},
	{"Smith, Robert, Jr.", AMBC_OK, "robert smith"},
	{"Smith, Robert Jr.", AMBC_OK, "robert smith"},
	{"Smith, Jr Bob", AMBC_OK, "jr bob smith"},	/* jr is not trailing */
	{"Smith,, Bob,", AMBC_OK, "bob smith"},	/* empty parts do not count */
	{", Bob", AMBC_OK, "bob"},
	{"a, b, c", AMBC_OK, "a b c"},	/* three parts keep their order */
	{"Smith,Bob", AMBC_OK, "bob smith"},
	/* nothing left */
	{"", AMBC_EMPTY, NULL},
	{"   ", AMBC_EMPTY, NULL},
	{"---", AMBC_EMPTY, NULL},
	{",,,", AMBC_EMPTY, NULL},
	{"'", AMBC_EMPTY, NULL},
	{"Mr. Jr.", AMBC_EMPTY, NULL},
	{"Dr., Jr.", AMBC_EMPTY, NULL},
	{"DR.", AMBC_EMPTY, NULL},
	{"\xE2\x85\xA1", AMBC_EMPTY, NULL},	/* roman numeral two */
	{"\xF0\x9F\x98\x80", AMBC_EMPTY, NULL},	/* 😀 */
	{"\xCC\x81", AMBC_EMPTY, NULL},	/* a lone combining mark */
	/* malformed UTF-8 */
	{"\x80", AMBC_BAD_UTF8, NULL},	/* lone continuation byte */
	{"Bob \xC3", AMBC_BAD_UTF8, NULL},	/* truncated */
	{"\xC0\x80", AMBC_BAD_UTF8, NULL},	/* overlong NUL */
	{"\xC1\xBF", AMBC_BAD_UTF8, NULL},	/* overlong */
	{"\xE0\x80\xAF", AMBC_BAD_UTF8, NULL},	/* overlong 3-byte */
	{"\xF0\x80\x80\xAF", AMBC_BAD_UTF8, NULL},	/* overlong 4-byte */
	{"\xED\xA0\x80", AMBC_BAD_UTF8, NULL},	/* surrogate U+D800 */
	{"\xED\xBF\xBF", AMBC_BAD_UTF8, NULL},	/* surrogate U+DFFF */
	{"\xF4\x90\x80\x80", AMBC_BAD_UTF8, NULL},	/* above U+10FFFF */
	{"\xF5\x80\x80\x80", AMBC_BAD_UTF8, NULL},
	{"\xFF", AMBC_BAD_UTF8, NULL},
	{"Smith, \xE2\x82", AMBC_BAD_UTF8, NULL},	/* truncated after a comma */
	{"Jr. \xFE", AMBC_BAD_UTF8, NULL},	/* after a suffix */
};

/*
 * normalize
 *		ambc_name_normalize on an exact-size heap copy of src[0..n).
 */
static ambc_status
normalize(const char *src, size_t n, char *dst, size_t cap, size_t *len)
{
	char	   *copy = malloc(n ? n : 1);
	ambc_status st;

	if (copy == NULL)
	{
		CHECK(copy != NULL);
		return AMBC_LIMIT;
	}
	if (n > 0)
		memcpy(copy, src, n);
	st = ambc_name_normalize(copy, n, dst, cap, len);
	free(copy);
	return st;
}

/*
 * canonical_shape
 *		True if t[0..len) looks like a result: non-empty valid UTF-8, single
 *		spaces between words, only lower-case letters, digits and spaces
 *		among its ASCII bytes, and no apostrophe or comma of any kind.
 */
static int
canonical_shape(const char *t, size_t len)
{
	size_t		pos = 0;

	if (len == 0 || t[0] == ' ' || t[len - 1] == ' ')
		return 0;
	if (ambc_utf8_validate(t, len) != AMBC_OK)
		return 0;
	while (pos < len)
	{
		int32_t		cp;
		size_t		at = pos;

		if (ambc_utf8_next(t, len, &pos, &cp) != AMBC_OK)
			return 0;
		if (cp < 0x80)
		{
			if (!((cp >= 'a' && cp <= 'z') || (cp >= '0' && cp <= '9') ||
				  cp == ' '))
				return 0;
			if (cp == ' ' && at > 0 && t[at - 1] == ' ')
				return 0;
		}
		else if (cp == 0x00B4 || cp == 0x02BB || cp == 0x02BC ||
				 cp == 0x05F3 || cp == 0x2018 || cp == 0x2019 ||
				 cp == 0x201B || cp == 0x2032 || cp == 0x060C ||
				 cp == 0x3001)
			return 0;
	}
	return 1;
}

/*
 * check_result
 *		Properties of every successful result out[0..len): its shape; it is
 *		its own normal form; it needs exactly len bytes (one fewer is
 *		AMBC_TOO_LONG reporting len, exactly len gives the same bytes); and
 *		ambc_name_split finds its first and last words.  Returns 1 if all
 *		hold; reports the first failure under the label what.
 */
static int
check_result(const char *what, const char *out, size_t len)
{
	char		again[OUT_CAP];
	size_t		len2 = 0;
	size_t		fe = 0;
	size_t		ls = 0;
	const char *sp;
	ambc_status st;

	if (!canonical_shape(out, len))
	{
		CHECKF(0, "%s: bad shape \"%.*s\"", what, (int) len, out);
		return 0;
	}
	if (len > OUT_CAP)
		return 1;
	st = normalize(out, len, again, OUT_CAP, &len2);
	if (st != AMBC_OK || len2 != len || memcmp(out, again, len) != 0)
	{
		CHECKF(0, "%s: not idempotent: \"%.*s\" -> %s \"%.*s\"", what,
			   (int) len, out, ambc_status_name(st),
			   st == AMBC_OK ? (int) len2 : 0, again);
		return 0;
	}
	len2 = 0;
	st = normalize(out, len, again, len - 1, &len2);
	if (st != AMBC_TOO_LONG || len2 != len)
	{
		CHECKF(0, "%s: capacity %zu: %s, %zu", what, len - 1,
			   ambc_status_name(st), len2);
		return 0;
	}
	sp = memchr(out, ' ', len);
	st = ambc_name_split(out, len, &fe, &ls);
	if (st != AMBC_OK ||
		fe != (sp ? (size_t) (sp - out) : len) ||
		(ls > 0 && out[ls - 1] != ' ') ||
		memchr(out + ls, ' ', len - ls) != NULL ||
		(sp == NULL && ls != 0))
	{
		CHECKF(0, "%s: split \"%.*s\": %s %zu %zu", what, (int) len, out,
			   ambc_status_name(st), fe, ls);
		return 0;
	}
	return 1;
}

/* the table: status, result, and the properties of each result */
static void
test_cases(void)
{
	size_t		i;
	size_t		nok = 0;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
	{
		char		out[OUT_CAP];
		size_t		len = 0;
		ambc_status st = normalize(cases[i].in, strlen(cases[i].in),
								   out, OUT_CAP, &len);

		CHECKF(st == cases[i].st, "case %zu \"%s\": got %s, want %s", i,
			   cases[i].in, ambc_status_name(st),
			   ambc_status_name(cases[i].st));
		if (st == AMBC_OK && cases[i].st == AMBC_OK)
		{
			char		what[32];

			CHECKF(len == strlen(cases[i].out) &&
				   memcmp(out, cases[i].out, len) == 0,
				   "case %zu \"%s\": got \"%.*s\", want \"%s\"", i,
				   cases[i].in, (int) len, out, cases[i].out);
			snprintf(what, sizeof(what), "case %zu", i);
			CHECK(check_result(what, out, len));
			nok++;
		}
	}
	CHECK(nok >= 50);
}

/*
 * Every single byte value, alone and between two letters: ASCII letters
 * and digits are words, apostrophes join, a comma swaps, every other ASCII
 * byte separates, and no byte above 0x7F is UTF-8 on its own.
 */
static void
test_every_byte(void)
{
	int			c;

	for (c = 0; c < 256; c++)
	{
		char		in[3];
		char		out[OUT_CAP];
		size_t		len = 0;
		ambc_status st;
		int			word = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
			(c >= 'A' && c <= 'Z');
		char		low = (char) ((c >= 'A' && c <= 'Z') ? c + 32 : c);

		in[0] = (char) c;
		st = normalize(in, 1, out, OUT_CAP, &len);
		if (c >= 0x80)
			CHECKF(st == AMBC_BAD_UTF8, "byte %d", c);
		else if (word)
			CHECKF(st == AMBC_OK && len == 1 && out[0] == low, "byte %d", c);
		else
			CHECKF(st == AMBC_EMPTY, "byte %d: %s", c, ambc_status_name(st));

		in[0] = 'x';
		in[1] = (char) c;
		in[2] = 'y';
		st = normalize(in, 3, out, OUT_CAP, &len);
		if (c >= 0x80)
			CHECKF(st == AMBC_BAD_UTF8, "x%dy", c);
		else if (word)
			CHECKF(st == AMBC_OK && len == 3 && out[0] == 'x' &&
				   out[1] == low && out[2] == 'y', "x%dy", c);
		else if (c == '\'' || c == '`')
			CHECKF(st == AMBC_OK && len == 2 && memcmp(out, "xy", 2) == 0,
				   "x%dy", c);
		else if (c == ',')
			CHECKF(st == AMBC_OK && len == 3 && memcmp(out, "y x", 3) == 0,
				   "x%dy", c);
		else
			CHECKF(st == AMBC_OK && len == 3 && memcmp(out, "x y", 3) == 0,
				   "x%dy", c);
	}
}

/*
 * The ASCII fast path claims that ASCII is its own NFKC and folds to its
 * lower case; check that claim against utf8proc for every ASCII byte.
 */
static void
test_ascii_fast_path_agrees(void)
{
	int			c;

	for (c = 0; c < 128; c++)
	{
		int32_t		dec[8];
		utf8proc_ssize_t n;
		int32_t		want = (c >= 'A' && c <= 'Z') ? c + 32 : c;

		n = utf8proc_decompose_char(c, dec, 8,
									UTF8PROC_DECOMPOSE | UTF8PROC_COMPAT |
									UTF8PROC_CASEFOLD | UTF8PROC_IGNORE, NULL);
		CHECKF(n == 1 && dec[0] == want, "U+%04X", c);
	}
}

/*
 * Malformed UTF-8 anywhere wins over every other outcome, and leaves
 * *dstlen alone.
 */
static void
test_malformed_everywhere(void)
{
	static const char *const bad[] = {
		"\x80", "\xBF", "\xC3", "\xC0\x80", "\xC1\xBF", "\xE0\x80\xAF",
		"\xE0\x9F\xBF", "\xF0\x80\x80\xAF", "\xF0\x8F\xBF\xBF",
		"\xED\xA0\x80", "\xED\xAF\xBF", "\xED\xBF\xBF", "\xF4\x90\x80\x80",
		"\xF5\x80\x80\x80", "\xF8\x88\x80\x80\x80", "\xFE", "\xFF",
		"\xE2\x82", "\xF0\x9F\x8E", "\xC3\xC3\xA9"
	};
	static const char *const around[][2] = {
		{"", ""},
		{"Bob ", " Smith"},
		{"Smith, ", "Bob"},
		{"Robert Smith Jr ", ""},	/* inside a run of possible suffixes */
		{"Dr ", " Smith"},		/* after a dropped title */
		{"a", "b"},				/* inside a word */
		{"\xCE\xB1", "\xCE\xB2"},	/* inside a Greek word */
		{"jr jr jr jr jr jr jr jr jr jr jr jr ", ""},	/* past capacity */
	};
	size_t		i;
	size_t		j;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		for (j = 0; j < sizeof(around) / sizeof(around[0]); j++)
		{
			char		in[128];
			char		out[8];
			size_t		n = 0;
			size_t		len = 12345;
			ambc_status st;

			memcpy(in + n, around[j][0], strlen(around[j][0]));
			n += strlen(around[j][0]);
			memcpy(in + n, bad[i], strlen(bad[i]));
			n += strlen(bad[i]);
			memcpy(in + n, around[j][1], strlen(around[j][1]));
			n += strlen(around[j][1]);
			CHECK(ambc_utf8_validate(in, n) == AMBC_BAD_UTF8);
			st = normalize(in, n, out, sizeof(out), &len);
			CHECKF(st == AMBC_BAD_UTF8 && len == 12345, "bad %zu around %zu: %s",
				   i, j, ambc_status_name(st));
		}
}

/*
 * Capacity: a result of length L fails with AMBC_TOO_LONG and reports L
 * for every capacity below L, succeeds from L up, and never writes at or
 * past the capacity, even while a run of suffixes that will be dropped
 * overflows it.
 */
static void
test_capacity(void)
{
	static const char *const names[] = {
		"SMITH, Bob",
		"Smith, Dr. Robert J.",
		"Robert Smith Jr Jr Jr Jr Jr Jr Jr Jr",
		"Smith Jr Jr Jr Jr Jr Jr Jr Jr Jr, Bob",
		"\xE7\x8E\x8B\xE5\xB0\x8F\xE6\x98\x8E, \xCE\x95\xCE\xBB\xCE\xAD\xCE\xBD\xCE\xB7",
		"Mary-Jane Watson-O'Neill III"
	};
	size_t		i;
	size_t		len;
	size_t		len2;
	char		ref[OUT_CAP];
	char		buf[OUT_CAP];

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
	{
		size_t		cap;

		CHECK(normalize(names[i], strlen(names[i]), ref, OUT_CAP, &len) ==
			  AMBC_OK);
		for (cap = 0; cap <= len + 2; cap++)
		{
			ambc_status st;
			size_t		k;
			int			clean = 1;

			memset(buf, 0xA5, sizeof(buf));
			len2 = 0;
			st = normalize(names[i], strlen(names[i]), buf, cap, &len2);
			if (cap < len)
				CHECKF(st == AMBC_TOO_LONG && len2 == len,
					   "name %zu cap %zu: %s %zu", i, cap,
					   ambc_status_name(st), len2);
			else
				CHECKF(st == AMBC_OK && len2 == len &&
					   memcmp(buf, ref, len) == 0,
					   "name %zu cap %zu: %s", i, cap, ambc_status_name(st));
			for (k = cap; k < sizeof(buf); k++)
				if ((unsigned char) buf[k] != 0xA5)
					clean = 0;
			CHECKF(clean, "name %zu cap %zu: wrote past the capacity", i, cap);
		}
	}

	/* no buffer at all */
	len = 0;
	CHECK(ambc_name_normalize("Bob", 3, NULL, 0, &len) == AMBC_TOO_LONG &&
		  len == 3);
	CHECK(ambc_name_normalize("Jr.", 3, NULL, 0, &len) == AMBC_EMPTY);
	CHECK(ambc_name_normalize("", 0, NULL, 0, &len) == AMBC_EMPTY);
	CHECK(ambc_name_normalize("\xC3", 1, NULL, 0, &len) == AMBC_BAD_UTF8);
}

/* the per-word limit, in decomposed code points */
static void
test_word_limit(void)
{
	char		in[4 * AMBC_NAME_WORD_MAX + 64];
	char		out[4 * AMBC_NAME_WORD_MAX + 64];
	size_t		len;
	size_t		i;
	ambc_status st;

	/* AMBC_NAME_WORD_MAX ASCII letters are a word, one more is not */
	memset(in, 'a', AMBC_NAME_WORD_MAX + 1);
	st = normalize(in, AMBC_NAME_WORD_MAX, out, sizeof(out), &len);
	CHECK(st == AMBC_OK && len == AMBC_NAME_WORD_MAX);
	len = 99;
	st = normalize(in, AMBC_NAME_WORD_MAX + 1, out, sizeof(out), &len);
	CHECK(st == AMBC_TOO_LONG && len == 0);

	/* dropped marks do not count: precomposed e-acute folds to "e" */
	for (i = 0; i < AMBC_NAME_WORD_MAX; i++)
		memcpy(in + 2 * i, "\xC3\xA9", 2);
	st = normalize(in, 2 * AMBC_NAME_WORD_MAX, out, sizeof(out), &len);
	CHECK(st == AMBC_OK && len == AMBC_NAME_WORD_MAX && out[0] == 'e');

	/* Hangul syllables decompose to two jamo each, and come back whole */
	for (i = 0; i < AMBC_NAME_WORD_MAX / 2 + 1; i++)
		memcpy(in + 3 * i, "\xEA\xB0\x80", 3);
	st = normalize(in, 3 * (AMBC_NAME_WORD_MAX / 2), out, sizeof(out), &len);
	CHECK(st == AMBC_OK && len == 3 * (AMBC_NAME_WORD_MAX / 2) &&
		  memcmp(out, in, len) == 0);
	st = normalize(in, 3 * (AMBC_NAME_WORD_MAX / 2 + 1), out, sizeof(out),
				   &len);
	CHECK(st == AMBC_TOO_LONG && len == 0);

	/* the limit is per word: many long words are fine */
	for (i = 0; i < 4 * AMBC_NAME_WORD_MAX + 64; i++)
		in[i] = (i % (AMBC_NAME_WORD_MAX / 2) == 0) ? ' ' : 'b';
	st = normalize(in, sizeof(in), out, sizeof(out), &len);
	CHECK(st == AMBC_OK && check_result("long words", out, len));
}

/* every Unicode scalar value alone and between two letters */
static void
test_every_code_point(void)
{
	int32_t		cp;
	int			bad = 0;
	int			seen = 0;

	for (cp = 0; cp <= 0x10FFFF && bad < 10; cp++)
	{
		char		in[8];
		char		out[OUT_CAP];
		char		what[32];
		size_t		n;
		size_t		len;
		ambc_status st;

		if (cp >= 0xD800 && cp <= 0xDFFF)
			continue;
		seen++;
		snprintf(what, sizeof(what), "U+%04X", (unsigned) cp);
		in[0] = 'a';
		n = ambc_utf8_encode(cp, in + 1);
		in[n + 1] = 'b';
		st = normalize(in, n + 2, out, OUT_CAP, &len);
		if (st != AMBC_OK)
		{
			bad++;
			CHECKF(0, "%s between letters: %s", what, ambc_status_name(st));
		}
		else if (!check_result(what, out, len))
			bad++;

		st = normalize(in + 1, n, out, OUT_CAP, &len);
		if (st == AMBC_OK)
		{
			if (!check_result(what, out, len))
				bad++;
		}
		else if (st != AMBC_EMPTY)
		{
			bad++;
			CHECKF(0, "%s alone: %s", what, ambc_status_name(st));
		}
	}
	CHECK(bad == 0 && seen == 0x10F800);
}

/*
 * time_normalize
 *		Normalize a megabyte input into a caller buffer and check it takes
 *		at most MB_SECONDS of CPU time.
 */
static ambc_status
time_normalize(const char *src, size_t n, char *dst, size_t cap, size_t *len)
{
	clock_t		t0 = clock();
	ambc_status st = ambc_name_normalize(src, n, dst, cap, len);
	double		secs = (double) (clock() - t0) / CLOCKS_PER_SEC;

	CHECKF(secs <= MB_SECONDS, "%.2f s for %zu bytes", secs, n);
	return st;
}

/* 1 MB inputs: linear time, fixed memory, the right answer */
static void
test_megabyte_inputs(void)
{
	size_t		size = 1024 * 1024;
	char	   *big = malloc(size);
	char	   *out = malloc(size);
	char		small[64];
	size_t		len;
	size_t		i;

	CHECK(big != NULL && out != NULL);
	if (big == NULL || out == NULL)
	{
		free(big);
		free(out);
		return;
	}

	/* one huge word */
	memset(big, 'a', size);
	len = 99;
	CHECK(time_normalize(big, size, out, size, &len) == AMBC_TOO_LONG &&
		  len == 0);

	/*
	 * "ab ab ... ab a" (2^20 = 3 * 349525 + 1): a megabyte of words, the
	 * output is the input and fills the buffer exactly
	 */
	for (i = 0; i < size; i++)
		big[i] = (i % 3 == 2) ? ' ' : "ab"[i % 3];
	CHECK(size % 3 == 1 && big[size - 1] == 'a');
	CHECK(time_normalize(big, size, out, size, &len) == AMBC_OK &&
		  len == size && memcmp(out, big, size) == 0 &&
		  check_result("ab ab ...", out, 62));
	CHECK(time_normalize(big, size, small, sizeof(small), &len) ==
		  AMBC_TOO_LONG && len == size);
	CHECK(time_normalize(big, size, out, size - 1, &len) ==
		  AMBC_TOO_LONG && len == size);

	/* separators around a short name */
	memset(big, '-', size);
	CHECK(time_normalize(big, size, out, size, &len) == AMBC_EMPTY);
	memcpy(big + size / 2, "Big, Name", 9);
	CHECK(time_normalize(big, size, small, sizeof(small), &len) == AMBC_OK &&
		  len == 8 && memcmp(small, "name big", 8) == 0);

	/* a megabyte of commas: no parts at all */
	memset(big, ',', size);
	CHECK(time_normalize(big, size, out, size, &len) == AMBC_EMPTY);

	/* "a,a,a,...": many parts keep their order */
	for (i = 0; i < size; i++)
		big[i] = (i % 2) ? ',' : 'a';
	CHECK(time_normalize(big, size, out, size, &len) == AMBC_OK &&
		  len == size - 1 && out[0] == 'a' && out[1] == ' ');

	/* leading titles: all dropped */
	for (i = 0; i + 3 <= size; i += 3)
		memcpy(big + i, "dr ", 3);
	memcpy(big + i - 3, "Bob", 3);
	CHECK(time_normalize(big, size, small, sizeof(small), &len) == AMBC_OK &&
		  len == 3 && memcmp(small, "bob", 3) == 0);

	/* trailing suffixes far past the capacity: rolled back */
	memcpy(big, "Bob", 3);
	for (i = 3; i + 3 <= size; i += 3)
		memcpy(big + i, " jr", 3);
	CHECK(time_normalize(big, i, small, sizeof(small), &len) == AMBC_OK &&
		  len == 3 && memcmp(small, "bob", 3) == 0);

	/* suffixes that are not trailing: kept, so too long, length reported */
	memcpy(big + i - 3, " al", 3);
	CHECK(time_normalize(big, i, small, sizeof(small), &len) ==
		  AMBC_TOO_LONG && len == i);

	/* a megabyte of emoji (4 bytes each) then a name */
	for (i = 0; i + 4 <= size; i += 4)
		memcpy(big + i, "\xF0\x9F\x8E\x89", 4);
	memcpy(big + size - 8, "Doe,Jan!", 8);
	CHECK(time_normalize(big, size, small, sizeof(small), &len) == AMBC_OK &&
		  len == 7 && memcmp(small, "jan doe", 7) == 0);

	/* "a" then half a million combining acutes: all dropped */
	big[0] = 'a';
	for (i = 1; i + 2 <= size; i += 2)
		memcpy(big + i, "\xCC\x81", 2);
	CHECK(time_normalize(big, i, small, sizeof(small), &len) == AMBC_OK &&
		  len == 1 && small[0] == 'a');

	/* a Devanagari letter with endless vowel signs: kept, so too long */
	memcpy(big, "\xE0\xA4\xB9", 3);
	for (i = 3; i + 3 <= size; i += 3)
		memcpy(big + i, "\xE0\xA4\xBF", 3);
	CHECK(time_normalize(big, i, out, size, &len) == AMBC_TOO_LONG &&
		  len == 0);

	/* too long both ways, but malformed at the very end: malformed wins */
	memset(big, 'b', size);
	big[size - 1] = (char) 0xC3;
	CHECK(time_normalize(big, size, out, size, &len) == AMBC_BAD_UTF8);
	for (i = 0; i < size - 1; i++)
		big[i] = (i % 2) ? ' ' : 'b';
	CHECK(time_normalize(big, size, small, sizeof(small), &len) ==
		  AMBC_BAD_UTF8);

	free(big);
	free(out);
}

/* a small deterministic generator */
static uint32_t
lcg(uint32_t *s)
{
	*s = *s * 1103515245u + 12345u;
	return *s >> 8;
}

/* pieces of names, none of which contains a comma */
static const char *const pieces[] = {
	"Bob", "SMITH", "o'", "Brien", "Dr", "dr.", "Mrs", "Prof", "Jr",
	"jr.", "III", "ii", "2nd", "Sr", "j", "J.", "R.", " ", " ", "  ", "-",
	".", "'", "\xE2\x80\x99", "\xC2\xB4", "\xC5\x89", "\xC3\xA9", "\xCC\x81",
	"\xC3\x9F", "\xC3\xB8", "\xC5\x82", "\xC4\xB0", "\xCE\x91", "\xCE\xAC",
	"\xD0\x99", "\xEA\xB0\x80", "\xE1\x84\x80", "\xE1\x85\xA1",
	"\xE0\xA4\x95", "\xE0\xA4\xBF", "\xE0\xA5\x8D", "\xE7\x8E\x8B",
	"\xD7\x92\xD7\xB3", "\xD8\xA7", "\xD9\x8E", "\xEF\xAC\x81",
	"\xEF\xBC\xA1", "\xC2\xAD", "\xE2\x80\x8D", "\xF0\x9F\x8E\x89", "&",
	"\xE2\x85\xA1", "\xCA\xBC", "\xCA\xBB", "\t"
};

/* separators of parts */
static const char *const commas[] = {
	",", ", ", " , ", "\xEF\xBC\x8C", "\xD8\x8C", "\xE3\x80\x81",
	"\xEF\xB9\x90"
};

/*
 * random_piece_string
 *		Append up to maxpieces random pieces to buf at *n (buf holds 512).
 */
static void
random_piece_string(uint32_t *seed, char *buf, size_t *n, int maxpieces)
{
	int			k = (int) (lcg(seed) % (uint32_t) (maxpieces + 1));
	int			j;

	for (j = 0; j < k; j++)
	{
		const char *p = pieces[lcg(seed) % (sizeof(pieces) / sizeof(pieces[0]))];
		size_t		pl = strlen(p);

		if (*n + pl > 512)
			return;
		memcpy(buf + *n, p, pl);
		*n += pl;
	}
}

/*
 * Random names from the pieces above: results have the canonical shape and
 * are their own normal form, and the parts of "P1, P2" and "P1, P2, P3"
 * are the separately normalized parts, swapped in the first case and in
 * order in the second.
 */
static void
test_random_properties(void)
{
	uint32_t	seed = 42;
	int			iter;
	int			bad = 0;
	int			swapped = 0;

	for (iter = 0; iter < 100000 && bad < 10; iter++)
	{
		char		part[3][512];
		size_t		plen[3] = {0, 0, 0};
		char		norm[3][OUT_CAP];
		size_t		nlen[3] = {0, 0, 0};
		ambc_status pst[3];
		char		in[2048];
		size_t		n = 0;
		char		out[OUT_CAP];
		char		want[3 * OUT_CAP];
		size_t		wlen = 0;
		size_t		len = 0;
		int			nparts = 2 + (int) (lcg(&seed) % 2);
		int			kept = 0;
		int			p;
		ambc_status st;

		for (p = 0; p < nparts; p++)
		{
			const char *c = commas[lcg(&seed) % (sizeof(commas) / sizeof(commas[0]))];

			random_piece_string(&seed, part[p], &plen[p], 8);
			pst[p] = normalize(part[p], plen[p], norm[p], OUT_CAP, &nlen[p]);
			if (pst[p] == AMBC_OK && !check_result("part", norm[p], nlen[p]))
				bad++;
			else if (pst[p] != AMBC_OK && pst[p] != AMBC_EMPTY)
			{
				bad++;
				CHECKF(0, "iteration %d: part %s", iter,
					   ambc_status_name(pst[p]));
			}
			if (p > 0)
			{
				memcpy(in + n, c, strlen(c));
				n += strlen(c);
			}
			memcpy(in + n, part[p], plen[p]);
			n += plen[p];
			if (pst[p] == AMBC_OK)
				kept++;
		}

		/* what the whole should be, from its parts */
		for (p = 0; p < nparts; p++)
		{
			int			q = (kept == 2 && nparts == 3) ? p :
				(kept == 2 ? 1 - p : p);

			if (pst[q] != AMBC_OK)
				continue;
			if (wlen > 0)
				want[wlen++] = ' ';
			memcpy(want + wlen, norm[q], nlen[q]);
			wlen += nlen[q];
		}
		if (kept == 2 && nparts == 3)
		{
			/* two of three parts kept: the two are swapped */
			size_t		w = 0;
			int			first = -1;
			int			second = -1;

			for (p = 0; p < 3; p++)
				if (pst[p] == AMBC_OK)
				{
					if (first < 0)
						first = p;
					else
						second = p;
				}
			memcpy(want, norm[second], nlen[second]);
			w = nlen[second];
			want[w++] = ' ';
			memcpy(want + w, norm[first], nlen[first]);
			wlen = w + nlen[first];
		}
		if (kept == 2)
			swapped++;

		st = normalize(in, n, out, OUT_CAP, &len);
		if (kept == 0)
		{
			if (st != AMBC_EMPTY)
			{
				bad++;
				CHECKF(0, "iteration %d: %s, want empty", iter,
					   ambc_status_name(st));
			}
			continue;
		}
		if (st != AMBC_OK || len != wlen || memcmp(out, want, len) != 0)
		{
			bad++;
			CHECKF(0, "iteration %d: \"%.*s\" -> %s \"%.*s\", want \"%.*s\"",
				   iter, (int) n, in, ambc_status_name(st),
				   st == AMBC_OK ? (int) len : 0, out, (int) wlen, want);
			continue;
		}
		if (!check_result("random", out, len))
			bad++;
	}
	CHECK(bad == 0);
	CHECK(swapped > 1000);
}

/* first and last words of canonical names */
static void
test_split(void)
{
	size_t		fe = 77;
	size_t		ls = 77;

	CHECK(ambc_name_split("bob smith", 9, &fe, &ls) == AMBC_OK &&
		  fe == 3 && ls == 4);
	CHECK(ambc_name_split("robert j smith", 14, &fe, &ls) == AMBC_OK &&
		  fe == 6 && ls == 9);
	CHECK(ambc_name_split("maria garcia lopez", 18, &fe, &ls) == AMBC_OK &&
		  fe == 5 && ls == 13);
	CHECK(ambc_name_split("madonna", 7, &fe, &ls) == AMBC_OK &&
		  fe == 7 && ls == 0);
	CHECK(ambc_name_split("a b", 3, &fe, &ls) == AMBC_OK &&
		  fe == 1 && ls == 2);
	/* 王小明: one word of three characters */
	CHECK(ambc_name_split("\xE7\x8E\x8B\xE5\xB0\x8F\xE6\x98\x8E", 9,
						  &fe, &ls) == AMBC_OK && fe == 9 && ls == 0);
	/* ελένη παπαδοπούλου */
	CHECK(ambc_name_split("\xCE\xB5\xCE\xBB\xCE\xAD\xCE\xBD\xCE\xB7 "
						  "\xCF\x80\xCE\xB1\xCF\x80\xCE\xB1\xCE\xB4\xCE\xBF"
						  "\xCF\x80\xCE\xBF\xCF\x8D\xCE\xBB\xCE\xBF\xCF\x85",
						  35, &fe, &ls) == AMBC_OK && fe == 10 && ls == 11);

	fe = ls = 77;
	CHECK(ambc_name_split("", 0, &fe, &ls) == AMBC_EMPTY);
	CHECK(ambc_name_split(" bob", 4, &fe, &ls) == AMBC_INVALID);
	CHECK(ambc_name_split("bob ", 4, &fe, &ls) == AMBC_INVALID);
	CHECK(ambc_name_split("bob  smith", 10, &fe, &ls) == AMBC_INVALID);
	CHECK(ambc_name_split(" ", 1, &fe, &ls) == AMBC_INVALID);
	CHECK(ambc_name_split("bob\xC3", 4, &fe, &ls) == AMBC_BAD_UTF8);
	CHECK(ambc_name_split("\xED\xA0\x80", 3, &fe, &ls) == AMBC_BAD_UTF8);
	CHECK(fe == 77 && ls == 77);
}

int
main(void)
{
	static const unit_test tests[] = {
		UNIT(test_cases),
		UNIT(test_every_byte),
		UNIT(test_ascii_fast_path_agrees),
		UNIT(test_malformed_everywhere),
		UNIT(test_capacity),
		UNIT(test_word_limit),
		UNIT(test_every_code_point),
		UNIT(test_megabyte_inputs),
		UNIT(test_random_properties),
		UNIT(test_split),
	};

	return unit_run(tests, (int) (sizeof(tests) / sizeof(tests[0])));
}

/*-------------------------------------------------------------------------
 *
 * test_tagnorm.c
 *		Unit tests for the tag normalizer (src/core/tagnorm.c).
 *
 * test/unit/test_tagnorm.c
 *
 *-------------------------------------------------------------------------
 */
#include <stdint.h>
#include <utf8proc.h>

#include "tagnorm.h"
#include "utf8.h"
#include "unit.h"

typedef struct tag_case
{
	const char *in;
	ambc_status st;
	const char *out;			/* expected tag when st == AMBC_OK */
} tag_case;

static const tag_case cases[] = {
	/* the examples */
	{"  Artisan_Ambassador!! ", AMBC_OK, "artisan-ambassador"},
	{"#Brand Ally", AMBC_OK, "brand-ally"},
	{"Home D\xC3\xA9" "cor", AMBC_OK, "home-decor"},
	{"TOP--tier", AMBC_OK, "top-tier"},
	{"Tier 2", AMBC_OK, "tier-2"},
	{"Arts & Crafts", AMBC_OK, "arts-and-crafts"},
	{"\xC3\x9c" "BER Maker", AMBC_OK, "uber-maker"},
	/* separators of every kind collapse to one "-" */
	{"a_b-c.d/e#f", AMBC_OK, "a-b-c-d-e-f"},
	{"a \t\r\n b", AMBC_OK, "a-b"},
	{"...a...", AMBC_OK, "a"},
	{"a\xF0\x9F\x8E\x89" "b", AMBC_OK, "a-b"},	/* emoji */
	{"\xE2\x98\x85star\xE2\x98\x85", AMBC_OK, "star"},	/* symbol */
	{"brand-ally", AMBC_OK, "brand-ally"},
	/* "&" is a word of its own */
	{"R&D", AMBC_OK, "r-and-d"},
	{"&", AMBC_OK, "and"},
	{"\xEF\xBC\x86", AMBC_OK, "and"},	/* fullwidth ampersand, NFKC -> & */
	/* Latin letters fold to their base letters */
	{"\xC3\xA9\xC3\xBC\xC3\xB1", AMBC_OK, "eun"},	/* é ü ñ */
	{"Stra\xC3\x9F" "e", AMBC_OK, "strasse"},	/* ß */
	{"\xE1\xBA\x9E", AMBC_OK, "ss"},	/* capital sharp s */
	{"\xC3\xB8\xC3\xA6\xC5\x93\xC5\x82", AMBC_OK, "oaeoel"},	/* ø æ œ ł */
	{"\xC3\x98\xC3\x86\xC5\x92\xC5\x81", AMBC_OK, "oaeoel"},	/* Ø Æ Œ Ł */
	{"e\xCC\x81", AMBC_OK, "e"},	/* e + combining acute */
	{"\xC4\xB0stanbul", AMBC_OK, "istanbul"},	/* İ */
	{"Ph\xE1\xBB\x9F", AMBC_OK, "pho"},	/* Vietnamese ở */
	{"caf\xC3\xA9 au lait", AMBC_OK, "cafe-au-lait"},
	/* compatibility forms */
	{"\xEF\xBC\xA1\xEF\xBC\xA2\xEF\xBC\xA3", AMBC_OK, "abc"},	/* fullwidth */
	{"\xEF\xAC\x81ne", AMBC_OK, "fine"},	/* fi ligature */
	{"x\xC2\xB2", AMBC_OK, "x2"},	/* superscript two */
	{"arti\xC2\xAD" "san", AMBC_OK, "artisan"},	/* soft hyphen is ignorable */
	{"1\xEF\xB8\x8F\xE2\x83\xA3", AMBC_OK, "1"},	/* keycap */
	/* other scripts are kept, lower-cased where they have case */
	{"\xCE\x95\xCE\xBB\xCE\xBB\xCE\xAC\xCE\xB4\xCE\xB1", AMBC_OK,
	"\xCE\xB5\xCE\xBB\xCE\xBB\xCE\xAC\xCE\xB4\xCE\xB1"},	/* Ελλάδα */
	{"\xD0\x9C\xD0\xBE\xD1\x81\xD0\xBA\xD0\xB2\xD0\xB0", AMBC_OK,
	"\xD0\xBC\xD0\xBE\xD1\x81\xD0\xBA\xD0\xB2\xD0\xB0"},	/* Москва */
	{"\xD0\x99", AMBC_OK, "\xD0\xB9"},	/* Й keeps its breve: й */
	{"\xED\x95\x9C\xEA\xB5\xAD", AMBC_OK, "\xED\x95\x9C\xEA\xB5\xAD"},	/* 한국 */
	{"\xE6\x89\x8B\xE4\xBD\x9C\xE3\x82\x8A", AMBC_OK,
	"\xE6\x89\x8B\xE4\xBD\x9C\xE3\x82\x8A"},	/* 手作り */
	{"\xE0\xA4\xB9\xE0\xA4\xBF\xE0\xA4\xA8\xE0\xA5\x8D\xE0\xA4\xA6\xE0\xA5\x80",
		AMBC_OK,
	"\xE0\xA4\xB9\xE0\xA4\xBF\xE0\xA4\xA8\xE0\xA5\x8D\xE0\xA4\xA6\xE0\xA5\x80"},	/* हिन्दी */
	{"\xE3\x82\xAC", AMBC_OK, "\xE3\x82\xAC"},	/* ガ stays one letter */
	/* nothing left */
	{"", AMBC_EMPTY, NULL},
	{"   ", AMBC_EMPTY, NULL},
	{"!!!", AMBC_EMPTY, NULL},
	{"-_-", AMBC_EMPTY, NULL},
	{"\xF0\x9F\x98\x80", AMBC_EMPTY, NULL},
	{"\xCC\x81", AMBC_EMPTY, NULL},	/* a lone combining mark */
	/* length: 64 bytes fit, 65 do not */
	{"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
		AMBC_OK,
	"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"},
	{"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
	AMBC_TOO_LONG, NULL},
	/* trailing separators do not count against the limit */
	{"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!!!!",
		AMBC_OK,
	"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"},
	/* malformed UTF-8 */
	{"\x80", AMBC_BAD_UTF8, NULL},	/* lone continuation byte */
	{"a\xC3", AMBC_BAD_UTF8, NULL},	/* truncated */
	{"\xC0\x80", AMBC_BAD_UTF8, NULL},	/* overlong NUL */
	{"\xC1\xBF", AMBC_BAD_UTF8, NULL},	/* overlong */
	{"\xE0\x80\xAF", AMBC_BAD_UTF8, NULL},	/* overlong 3-byte */
	{"\xF0\x80\x80\xAF", AMBC_BAD_UTF8, NULL},	/* overlong 4-byte */
	{"\xED\xA0\x80", AMBC_BAD_UTF8, NULL},	/* surrogate U+D800 */
	{"\xED\xBF\xBF", AMBC_BAD_UTF8, NULL},	/* surrogate U+DFFF */
	{"\xF4\x90\x80\x80", AMBC_BAD_UTF8, NULL},	/* above U+10FFFF */
	{"\xF5\x80\x80\x80", AMBC_BAD_UTF8, NULL},
	{"\xFF", AMBC_BAD_UTF8, NULL},
	{"ok\xE2\x82", AMBC_BAD_UTF8, NULL},
};

static void
test_cases(void)
{
	size_t		i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
	{
		char		out[AMBC_TAG_MAX];
		size_t		len = 0;
		ambc_status st = ambc_tag_normalize(cases[i].in, strlen(cases[i].in),
											out, &len);

		CHECKF(st == cases[i].st, "case %zu \"%s\": got %s, want %s", i,
			   cases[i].in, ambc_status_name(st),
			   ambc_status_name(cases[i].st));
		if (st == AMBC_OK && cases[i].st == AMBC_OK)
			CHECKF(len == strlen(cases[i].out) &&
				   memcmp(out, cases[i].out, len) == 0,
				   "case %zu \"%s\": got \"%.*s\", want \"%s\"", i,
				   cases[i].in, (int) len, out, cases[i].out);
	}
}

static void
test_key(void)
{
	char		a[AMBC_TAG_MAX];
	char		b[AMBC_TAG_MAX];
	size_t		alen;
	size_t		blen;

	CHECK(ambc_tag_key("artisan-ambassador", 18, a, &alen) == AMBC_OK);
	CHECK(ambc_tag_key("#ArtisanAmbassador", 18, b, &blen) == AMBC_OK);
	CHECK(alen == 17 && memcmp(a, "artisanambassador", 17) == 0);
	CHECK(alen == blen && memcmp(a, b, alen) == 0);
	CHECK(ambc_tag_key("!!!", 3, a, &alen) == AMBC_EMPTY);
	CHECK(ambc_tag_key("\xC3", 1, a, &alen) == AMBC_BAD_UTF8);
}

/* every single byte value, alone and between two letters */
static void
test_every_byte(void)
{
	int			c;

	for (c = 0; c < 256; c++)
	{
		char		in[3];
		char		out[AMBC_TAG_MAX];
		size_t		len = 0;
		ambc_status st;

		in[0] = (char) c;
		st = ambc_tag_normalize(in, 1, out, &len);
		if (c >= 0x80)
			CHECKF(st == AMBC_BAD_UTF8, "byte %d", c);
		else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))
			CHECKF(st == AMBC_OK && len == 1 && out[0] == c, "byte %d", c);
		else if (c >= 'A' && c <= 'Z')
			CHECKF(st == AMBC_OK && len == 1 && out[0] == c + 32, "byte %d", c);
		else if (c == '&')
			CHECKF(st == AMBC_OK && len == 3, "byte %d", c);
		else
			CHECKF(st == AMBC_EMPTY, "byte %d", c);

		in[0] = 'x';
		in[1] = (char) c;
		in[2] = 'y';
		st = ambc_tag_normalize(in, 3, out, &len);
		if (c >= 0x80)
			CHECKF(st == AMBC_BAD_UTF8, "x%dy", c);
		else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
				 (c >= 'A' && c <= 'Z'))
			CHECKF(st == AMBC_OK && len == 3, "x%dy", c);
		else if (c == '&')
			CHECKF(st == AMBC_OK && len == 7 && memcmp(out, "x-and-y", 7) == 0,
				   "x%dy", c);
		else
			CHECKF(st == AMBC_OK && len == 3 && memcmp(out, "x-y", 3) == 0,
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

static int
valid_tag_shape(const char *t, size_t len)
{
	size_t		i;

	if (len == 0 || len > AMBC_TAG_MAX)
		return 0;
	if (t[0] == '-' || t[len - 1] == '-')
		return 0;
	for (i = 0; i + 1 < len; i++)
		if (t[i] == '-' && t[i + 1] == '-')
			return 0;
	return ambc_utf8_validate(t, len) == AMBC_OK;
}

/*
 * Every Unicode scalar value, alone and after "a": never malformed, the
 * result has a tag's shape and is its own canonical form (idempotence).
 */
static void
test_every_code_point(void)
{
	int32_t		cp;
	int			bad = 0;

	for (cp = 0; cp <= 0x10FFFF && bad < 10; cp++)
	{
		char		in[8];
		char		out[AMBC_TAG_MAX];
		char		again[AMBC_TAG_MAX];
		size_t		n;
		size_t		len;
		size_t		len2;
		ambc_status st;

		if (cp >= 0xD800 && cp <= 0xDFFF)
			continue;
		in[0] = 'a';
		n = ambc_utf8_encode(cp, in + 1);
		st = ambc_tag_normalize(in, n + 1, out, &len);
		if (st != AMBC_OK || !valid_tag_shape(out, len))
		{
			bad++;
			CHECKF(0, "U+%04X: %s", (unsigned) cp, ambc_status_name(st));
			continue;
		}
		st = ambc_tag_normalize(out, len, again, &len2);
		if (st != AMBC_OK || len2 != len || memcmp(out, again, len) != 0)
		{
			bad++;
			CHECKF(0, "U+%04X not idempotent: \"%.*s\" -> \"%.*s\"",
				   (unsigned) cp, (int) len, out, (int) len2, again);
		}
		st = ambc_tag_normalize(in + 1, n, out, &len);
		if (!(st == AMBC_OK || st == AMBC_EMPTY) ||
			(st == AMBC_OK && !valid_tag_shape(out, len)))
		{
			bad++;
			CHECKF(0, "U+%04X alone: %s", (unsigned) cp, ambc_status_name(st));
		}
	}
	CHECK(bad == 0);
}

/* 1 MB inputs: linear time, fixed memory, the right answer */
static void
test_megabyte_inputs(void)
{
	size_t		size = 1024 * 1024;
	char	   *big = malloc(size + 16);
	char		out[AMBC_TAG_MAX];
	size_t		len;
	size_t		i;

	CHECK(big != NULL);
	if (big == NULL)
		return;

	memset(big, 'a', size);
	CHECK(ambc_tag_normalize(big, size, out, &len) == AMBC_TOO_LONG);

	memset(big, '-', size);
	CHECK(ambc_tag_normalize(big, size, out, &len) == AMBC_EMPTY);

	/* a megabyte of separators around a short tag */
	memcpy(big + size / 2, "Big Tag", 7);
	CHECK(ambc_tag_normalize(big, size, out, &len) == AMBC_OK &&
		  len == 7 && memcmp(out, "big-tag", 7) == 0);

	/* a megabyte of emoji (4 bytes each) then a word */
	for (i = 0; i + 4 <= size; i += 4)
		memcpy(big + i, "\xF0\x9F\x8E\x89", 4);
	memcpy(big + size - 4, "word", 4);
	CHECK(ambc_tag_normalize(big, size, out, &len) == AMBC_OK &&
		  len == 4 && memcmp(out, "word", 4) == 0);

	/* "a" then half a million combining acutes: all dropped */
	big[0] = 'a';
	for (i = 1; i + 2 <= size; i += 2)
		memcpy(big + i, "\xCC\x81", 2);
	CHECK(ambc_tag_normalize(big, i, out, &len) == AMBC_OK &&
		  len == 1 && out[0] == 'a');

	/* a Devanagari letter with endless vowel signs: kept, so too long */
	memcpy(big, "\xE0\xA4\xB9", 3);
	for (i = 3; i + 3 <= size; i += 3)
		memcpy(big + i, "\xE0\xA4\xBF", 3);
	CHECK(ambc_tag_normalize(big, i, out, &len) == AMBC_TOO_LONG);

	/* too long, but malformed at the very end: malformed wins */
	memset(big, 'b', size);
	big[size - 1] = (char) 0xC3;
	CHECK(ambc_tag_normalize(big, size, out, &len) == AMBC_BAD_UTF8);

	free(big);
}

/* a small deterministic generator over interesting code points */
static uint32_t
lcg(uint32_t *s)
{
	*s = *s * 1103515245u + 12345u;
	return *s >> 8;
}

static void
test_random_properties(void)
{
	static const int32_t pool[] = {
		'a', 'Z', '0', ' ', '-', '_', '&', '#', '.', 0x00E9, 0x0301, 0x00DF,
		0x00F8, 0x0130, 0x0391, 0x03AC, 0x0419, 0xAC00, 0x1100, 0x1161,
		0x11A8, 0x0915, 0x093F, 0x094D, 0x1F389, 0xFB01, 0xFF21, 0x00AD,
		0x200D, 0x20E3, 0x05D0, 0x05B8, 0x0627, 0x064E, 0x3099, 0x304B
	};
	uint32_t	seed = 42;
	int			iter;
	int			bad = 0;

	for (iter = 0; iter < 200000 && bad < 10; iter++)
	{
		char		in[128];
		size_t		n = 0;
		int			k = (int) (lcg(&seed) % 24);
		int			j;
		char		out[AMBC_TAG_MAX];
		char		again[AMBC_TAG_MAX];
		char		key[AMBC_TAG_MAX];
		size_t		len;
		size_t		len2;
		size_t		klen;
		ambc_status st;

		for (j = 0; j < k; j++)
			n += ambc_utf8_encode(pool[lcg(&seed) % (sizeof(pool) / sizeof(pool[0]))],
								  in + n);
		st = ambc_tag_normalize(in, n, out, &len);
		if (st == AMBC_EMPTY || st == AMBC_TOO_LONG)
			continue;
		if (st != AMBC_OK || !valid_tag_shape(out, len))
		{
			bad++;
			CHECKF(0, "iteration %d: %s", iter, ambc_status_name(st));
			continue;
		}
		st = ambc_tag_normalize(out, len, again, &len2);
		if (st != AMBC_OK || len2 != len || memcmp(out, again, len) != 0)
		{
			bad++;
			CHECKF(0, "iteration %d: not idempotent: \"%.*s\" -> \"%.*s\"",
				   iter, (int) len, out, (int) len2, again);
		}
		CHECK(ambc_tag_is_canonical(out, len));
		/* the key is the tag without its separators */
		if (ambc_tag_key(in, n, key, &klen) == AMBC_OK)
		{
			size_t		i,
						m = 0;

			for (i = 0; i < len; i++)
				if (out[i] != '-')
					m++;
			if (klen != m || memchr(key, '-', klen) != NULL)
			{
				bad++;
				CHECKF(0, "iteration %d: bad key", iter);
			}
		}
		else
		{
			bad++;
			CHECKF(0, "iteration %d: key failed where tag succeeded", iter);
		}
	}
	CHECK(bad == 0);
}

static void
test_is_canonical(void)
{
	CHECK(ambc_tag_is_canonical("brand-ally", 10));
	CHECK(!ambc_tag_is_canonical("Brand-Ally", 10));
	CHECK(!ambc_tag_is_canonical("brand--ally", 11));
	CHECK(!ambc_tag_is_canonical("-brand", 6));
	CHECK(!ambc_tag_is_canonical("", 0));
	CHECK(!ambc_tag_is_canonical("\xC3", 1));
}

static void
test_invalid_offset(void)
{
	CHECK(ambc_utf8_invalid_offset("abc", 3) == 3);
	CHECK(ambc_utf8_invalid_offset("", 0) == 0);
	CHECK(ambc_utf8_invalid_offset("bad\xC3", 4) == 3);
	CHECK(ambc_utf8_invalid_offset("\xC3\xA9\xED\xA0\x80", 5) == 2);
	CHECK(ambc_utf8_invalid_offset("\x80", 1) == 0);
	CHECK(ambc_utf8_validate("\xC3\xA9", 2) == AMBC_OK);
	CHECK(ambc_utf8_validate("\xC3\xA9\xFF", 3) == AMBC_BAD_UTF8);
}

int
main(void)
{
	static const unit_test tests[] = {
		UNIT(test_cases),
		UNIT(test_key),
		UNIT(test_every_byte),
		UNIT(test_ascii_fast_path_agrees),
		UNIT(test_every_code_point),
		UNIT(test_megabyte_inputs),
		UNIT(test_random_properties),
		UNIT(test_is_canonical),
		UNIT(test_invalid_offset),
	};

	return unit_run(tests, (int) (sizeof(tests) / sizeof(tests[0])));
}

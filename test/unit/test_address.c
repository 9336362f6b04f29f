/*-------------------------------------------------------------------------
 *
 * test_address.c
 *		Unit tests for the postal address normalizers (src/core/address.c)
 *		and for ambc_words_normalize (src/core/name.c), which they build on.
 *
 * Every input goes through an exact-size heap copy and every output into
 * an exact-size heap buffer, so AddressSanitizer sees any access past
 * srclen or dstcap.  Besides tables of examples for each rule of address.h,
 * the tests check every byte value, malformed UTF-8 at every position,
 * capacity handling, 1 MB inputs, and, on random inputs, that the street
 * line, city and region normalizers agree with an independent model built
 * from ambc_words_normalize and the abbreviation tables below, and that all
 * four are idempotent.
 *
 * The abbreviation tables are the ones address.h points to ("the full list
 * is in address.c"), written out again here so that a change to the list
 * is a deliberate change to this test as well.
 *
 * test/unit/test_address.c
 *
 *-------------------------------------------------------------------------
 */
#include <stdint.h>
#include <time.h>

#include "address.h"
#include "name.h"
#include "utf8.h"
#include "unit.h"

/* room for any result in the tests but the megabyte ones */
#define OUT_CAP 8192

/* CPU seconds one 1 MB input may take, sanitizers included */
#define MB_SECONDS 5.0

#define LENGTHOF(a) (sizeof(a) / sizeof((a)[0]))

typedef ambc_status (*text_fn) (const char *src, size_t srclen, char *dst,
								size_t dstcap, size_t *dstlen);

typedef struct abbrev
{
	const char *abbr;
	const char *full;
} abbrev;

/* street types, directions and unit designators (USPS Pub. 28 C1, C2) */
static const abbrev street_abbrevs[] = {
	{"aly", "alley"}, {"apt", "apartment"}, {"av", "avenue"},
	{"ave", "avenue"}, {"bldg", "building"}, {"blvd", "boulevard"},
	{"cir", "circle"}, {"cct", "circuit"}, {"cl", "close"},
	{"cres", "crescent"}, {"ct", "court"}, {"ctr", "center"},
	{"cv", "cove"}, {"dr", "drive"}, {"e", "east"},
	{"expy", "expressway"}, {"fl", "floor"}, {"fwy", "freeway"},
	{"hts", "heights"}, {"hwy", "highway"}, {"jct", "junction"},
	{"ln", "lane"}, {"n", "north"}, {"ne", "northeast"},
	{"nw", "northwest"}, {"pde", "parade"}, {"pkwy", "parkway"},
	{"pl", "place"}, {"plz", "plaza"}, {"pt", "point"},
	{"rd", "road"}, {"rm", "room"}, {"s", "south"},
	{"se", "southeast"}, {"sq", "square"}, {"st", "street"},
	{"ste", "suite"}, {"str", "street"}, {"sw", "southwest"},
	{"ter", "terrace"}, {"terr", "terrace"}, {"tpke", "turnpike"},
	{"trl", "trail"}, {"w", "west"}, {"xing", "crossing"}
};

/* first words of city names */
static const abbrev city_abbrevs[] = {
	{"ft", "fort"}, {"mt", "mount"}, {"pt", "port"}, {"st", "saint"},
	{"ste", "sainte"}
};

/* USPS names and codes of the states, DC and the territories */
static const abbrev us_states[] = {
	{"Alabama", "al"}, {"Alaska", "ak"}, {"American Samoa", "as"},
	{"Arizona", "az"}, {"Arkansas", "ar"}, {"California", "ca"},
	{"Colorado", "co"}, {"Connecticut", "ct"}, {"Delaware", "de"},
	{"District of Columbia", "dc"}, {"Florida", "fl"}, {"Georgia", "ga"},
	{"Guam", "gu"}, {"Hawaii", "hi"}, {"Idaho", "id"}, {"Illinois", "il"},
	{"Indiana", "in"}, {"Iowa", "ia"}, {"Kansas", "ks"},
	{"Kentucky", "ky"}, {"Louisiana", "la"}, {"Maine", "me"},
	{"Maryland", "md"}, {"Massachusetts", "ma"}, {"Michigan", "mi"},
	{"Minnesota", "mn"}, {"Mississippi", "ms"}, {"Missouri", "mo"},
	{"Montana", "mt"}, {"Nebraska", "ne"}, {"Nevada", "nv"},
	{"New Hampshire", "nh"}, {"New Jersey", "nj"}, {"New Mexico", "nm"},
	{"New York", "ny"}, {"North Carolina", "nc"}, {"North Dakota", "nd"},
	{"Northern Mariana Islands", "mp"}, {"Ohio", "oh"},
	{"Oklahoma", "ok"}, {"Oregon", "or"}, {"Pennsylvania", "pa"},
	{"Puerto Rico", "pr"}, {"Rhode Island", "ri"},
	{"South Carolina", "sc"}, {"South Dakota", "sd"},
	{"Tennessee", "tn"}, {"Texas", "tx"}, {"Utah", "ut"},
	{"Vermont", "vt"}, {"Virgin Islands", "vi"}, {"Virginia", "va"},
	{"Washington", "wa"}, {"Washington DC", "dc"},
	{"West Virginia", "wv"}, {"Wisconsin", "wi"}, {"Wyoming", "wy"}
};

/* malformed UTF-8 sequences */
static const char *const malformed[] = {
	"\x80",						/* lone continuation byte */
	"\xBF",
	"\xC3",						/* truncated 2-byte */
	"\xE2\x82",					/* truncated 3-byte */
	"\xF0\x9F\x8E",				/* truncated 4-byte */
	"\xC0\x80",					/* overlong NUL */
	"\xC1\xBF",					/* overlong */
	"\xE0\x80\xAF",				/* overlong 3-byte */
	"\xF0\x80\x80\xAF",			/* overlong 4-byte */
	"\xED\xA0\x80",				/* surrogate U+D800 */
	"\xED\xBF\xBF",				/* surrogate U+DFFF */
	"\xF4\x90\x80\x80",			/* above U+10FFFF */
	"\xF5\x80\x80\x80",
	"\xFE",
	"\xFF"
};

/* ------------------------------------------------------------------------
 * helpers
 * ------------------------------------------------------------------------
 */

/*
 * region_us, region_fr
 *		ambc_region_normalize for the United States and for France, with
 *		the signature of the other text normalizers.
 */
static ambc_status
region_us(const char *src, size_t n, char *dst, size_t cap, size_t *len)
{
	return ambc_region_normalize(src, n, "US", 2, dst, cap, len);
}

static ambc_status
region_fr(const char *src, size_t n, char *dst, size_t cap, size_t *len)
{
	return ambc_region_normalize(src, n, "FR", 2, dst, cap, len);
}

/*
 * run
 *		fn on an exact-size heap copy of src[0..n), into an exact-size heap
 *		buffer of cap bytes (none if cap is 0) that is copied to dst.
 */
static ambc_status
run(text_fn fn, const char *src, size_t n, char *dst, size_t cap, size_t *len)
{
	char	   *copy = malloc(n ? n : 1);
	char	   *out = cap ? malloc(cap) : NULL;
	ambc_status st;

	if (copy == NULL || (cap && out == NULL))
	{
		CHECK(copy != NULL && (cap == 0 || out != NULL));
		free(copy);
		free(out);
		return AMBC_LIMIT;
	}
	copy[0] = 0;
	if (n > 0)
		memcpy(copy, src, n);
	st = fn(copy, n, out, cap, len);
	if (cap && dst != NULL)
		memcpy(dst, out, cap);
	free(copy);
	free(out);
	return st;
}

/*
 * postal
 *		ambc_postal_normalize on exact-size heap copies of src and country.
 */
static ambc_status
postal(const char *src, size_t n, const char *country, char *dst,
	   size_t *len, const char **reason)
{
	size_t		cn = strlen(country);
	char	   *copy = malloc(n ? n : 1);
	char	   *ccopy = malloc(cn ? cn : 1);
	char	   *out = malloc(AMBC_POSTAL_MAX);
	ambc_status st;

	if (copy == NULL || ccopy == NULL || out == NULL)
	{
		CHECK(copy != NULL && ccopy != NULL && out != NULL);
		free(copy);
		free(ccopy);
		free(out);
		return AMBC_LIMIT;
	}
	copy[0] = ccopy[0] = 0;
	if (n > 0)
		memcpy(copy, src, n);
	if (cn > 0)
		memcpy(ccopy, country, cn);
	st = ambc_postal_normalize(copy, n, ccopy, cn, out, len, reason);
	memcpy(dst, out, AMBC_POSTAL_MAX);
	free(copy);
	free(ccopy);
	free(out);
	return st;
}

/*
 * canonical_shape
 *		True if t[0..len) is non-empty valid UTF-8 with single spaces
 *		between words, none at either end, and only lower-case letters,
 *		digits and spaces among its ASCII bytes.
 */
static int
canonical_shape(const char *t, size_t len)
{
	size_t		i;

	if (len == 0 || t[0] == ' ' || t[len - 1] == ' ')
		return 0;
	if (ambc_utf8_validate(t, len) != AMBC_OK)
		return 0;
	for (i = 0; i < len; i++)
	{
		unsigned char c = (unsigned char) t[i];

		if (c >= 0x80)
			continue;
		if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == ' '))
			return 0;
		if (c == ' ' && t[i + 1] == ' ')
			return 0;
	}
	return 1;
}

/*
 * check_text
 *		Properties of a result out[0..len) of fn for src[0..n): its shape;
 *		it is its own normal form; and it needs exactly len bytes (one fewer
 *		is AMBC_TOO_LONG reporting len, no buffer at all likewise, exactly
 *		len gives the same bytes).  Returns 1 if all hold, else reports the
 *		first failure under the label what.
 */
static int
check_text(const char *what, text_fn fn, const char *src, size_t n,
		   const char *out, size_t len)
{
	char	   *again = malloc(OUT_CAP);
	size_t		len2 = 0;
	ambc_status st;
	int			ok = 0;

	if (again == NULL)
	{
		CHECK(again != NULL);
		return 0;
	}
	if (!canonical_shape(out, len))
		CHECKF(0, "%s: bad shape \"%.*s\"", what, (int) len, out);
	else if ((st = run(fn, out, len, again, OUT_CAP, &len2)) != AMBC_OK ||
			 len2 != len || memcmp(out, again, len) != 0)
		CHECKF(0, "%s: not idempotent: \"%.*s\" -> %s \"%.*s\"", what,
			   (int) len, out, ambc_status_name(st),
			   st == AMBC_OK ? (int) len2 : 0, again);
	else if ((len2 = 0, st = run(fn, src, n, again, len - 1, &len2)) !=
			 AMBC_TOO_LONG || len2 != len)
		CHECKF(0, "%s: capacity %zu: %s %zu", what, len - 1,
			   ambc_status_name(st), len2);
	else if ((len2 = 0, st = fn(src, n, NULL, 0, &len2)) != AMBC_TOO_LONG ||
			 len2 != len)
		CHECKF(0, "%s: no buffer: %s %zu", what, ambc_status_name(st), len2);
	else if ((st = run(fn, src, n, again, len, &len2)) != AMBC_OK ||
			 len2 != len || memcmp(out, again, len) != 0)
		CHECKF(0, "%s: exact capacity: %s", what, ambc_status_name(st));
	else
		ok = 1;
	free(again);
	return ok;
}

typedef struct text_case
{
	const char *in;
	ambc_status st;
	const char *out;			/* expected text when st == AMBC_OK */
} text_case;

/*
 * check_cases
 *		Run fn over a table of cases, checking each status, result and the
 *		properties of check_text; returns how many results were AMBC_OK.
 */
static size_t
check_cases(const char *label, text_fn fn, const text_case *cases,
			size_t ncases)
{
	size_t		i;
	size_t		nok = 0;

	for (i = 0; i < ncases; i++)
	{
		char		out[OUT_CAP];
		char		what[64];
		size_t		len = 12345;
		ambc_status st = run(fn, cases[i].in, strlen(cases[i].in), out,
							 OUT_CAP, &len);

		snprintf(what, sizeof(what), "%s case %zu", label, i);
		CHECKF(st == cases[i].st, "%s \"%s\": got %s, want %s", what,
			   cases[i].in, ambc_status_name(st),
			   ambc_status_name(cases[i].st));
		if (st != AMBC_OK)
		{
			/* *dstlen is left alone on AMBC_BAD_UTF8 and AMBC_EMPTY */
			if (st == AMBC_BAD_UTF8 || st == AMBC_EMPTY)
				CHECKF(len == 12345, "%s: *dstlen set to %zu", what, len);
			continue;
		}
		if (cases[i].st != AMBC_OK)
			continue;
		CHECKF(len == strlen(cases[i].out) &&
			   memcmp(out, cases[i].out, len) == 0,
			   "%s \"%s\": got \"%.*s\", want \"%s\"", what, cases[i].in,
			   (int) len, out, cases[i].out);
		if (check_text(what, fn, cases[i].in, strlen(cases[i].in), out, len))
			nok++;
	}
	return nok;
}

/* ------------------------------------------------------------------------
 * tables of examples
 * ------------------------------------------------------------------------
 */

static const text_case street_cases[] = {
	/* the examples of address.h and address.c */
	{"123 N. Main St., Apt #4", AMBC_OK, "123 north main street apartment 4"},
	{"St Kilda Road", AMBC_OK, "st kilda road"},
	{"N 5th St", AMBC_OK, "n 5th street"},
	{"42 Pridhamstreet", AMBC_OK, "42 pridhamstreet"},
	/* rule 1: folded into words */
	{"  123   MAIN   STREET  ", AMBC_OK, "123 main street"},
	{"Rue de l'\xC3\x89glise", AMBC_OK, "rue de leglise"},	/* Rue de l'Église */
	{"Stra\xC3\x9F" "e des 17. Juni", AMBC_OK, "strasse des 17 juni"},	/* Straße */
	{"\xC3\x98stergade 12", AMBC_OK, "ostergade 12"},	/* Østergade */
	{"10 Downing St.", AMBC_OK, "10 downing street"},
	{"1600 Pennsylvania Ave NW", AMBC_OK,
	"1600 pennsylvania avenue northwest"},
	{"350 5th Ave, Fl 34", AMBC_OK, "350 5th avenue floor 34"},
	{"221B Baker St", AMBC_OK, "221b baker street"},
	{"PO Box 12", AMBC_OK, "po box 12"},
	{"Unit 4/16 Smith St", AMBC_OK, "unit 4 16 smith street"},
	{"Main St,Apt 4", AMBC_OK, "main street apartment 4"},	/* comma separates */
	{"\xEF\xBC\x91\xEF\xBC\x92 Main St", AMBC_OK, "12 main street"},	/* fullwidth digits */
	{"\xE4\xBA\xAC\xE9\x83\xBD St", AMBC_OK,
	"\xE4\xBA\xAC\xE9\x83\xBD street"},	/* 京都 St */
	/* rule 2: every word after the first, whole words only */
	{"Apt 4, 123 Main St", AMBC_OK, "apt 4 123 main street"},
	{"St St St", AMBC_OK, "st street street"},
	{"N N", AMBC_OK, "n north"},
	{"1 Stanley Ave", AMBC_OK, "1 stanley avenue"},
	{"1 Main Stree", AMBC_OK, "1 main stree"},
	{"1 Main Streets", AMBC_OK, "1 main streets"},
	{"1 Main St-Apt 2", AMBC_OK, "1 main street apartment 2"},
	{"1 Main Str.", AMBC_OK, "1 main street"},
	{"1 Main Street", AMBC_OK, "1 main street"},	/* full forms stay */
	{"1 Rue St-Denis", AMBC_OK, "1 rue street denis"},	/* the rule is blind */
	{"1 E Xing Rd", AMBC_OK, "1 east crossing road"},
	{"1 SE Ter", AMBC_OK, "1 southeast terrace"},
	{"4 Ste 5", AMBC_OK, "4 suite 5"},
	{"Sw 8th St", AMBC_OK, "sw 8th street"},
	{"1 O'Connell St", AMBC_OK, "1 oconnell street"},
	{"1 Main St \xF0\x9F\x8F\xA0", AMBC_OK, "1 main street"},	/* emoji */
	{"1 N\xCC\x81", AMBC_OK, "1 north"},	/* the acute goes first */
	{"1 N\xC2\xAD" "E", AMBC_OK, "1 northeast"},	/* soft hyphen is ignorable */
	/* nothing left */
	{"", AMBC_EMPTY, NULL},
	{"   ", AMBC_EMPTY, NULL},
	{"#", AMBC_EMPTY, NULL},
	{" ,. - / ", AMBC_EMPTY, NULL},
	{"\xF0\x9F\x8F\xA0", AMBC_EMPTY, NULL},
	/* malformed */
	{"123 Main St \xC3", AMBC_BAD_UTF8, NULL},
	{"\xED\xA0\x80 Main", AMBC_BAD_UTF8, NULL},
};

static const text_case city_cases[] = {
	/* the examples of address.h */
	{"St. Louis", AMBC_OK, "saint louis"},
	{"FT WORTH", AMBC_OK, "fort worth"},
	/* every first-word abbreviation, and only as the first word */
	{"Mt Vernon", AMBC_OK, "mount vernon"},
	{"Pt. Pleasant", AMBC_OK, "port pleasant"},
	{"Ste. Genevieve", AMBC_OK, "sainte genevieve"},
	{"St", AMBC_OK, "saint"},
	{"ft.", AMBC_OK, "fort"},
	{"Fort St. John", AMBC_OK, "fort st john"},
	{"Louis St", AMBC_OK, "louis st"},
	{"StLouis", AMBC_OK, "stlouis"},
	{"Ste Ste", AMBC_OK, "sainte ste"},
	{"St-Louis", AMBC_OK, "saint louis"},
	/* street abbreviations are not city abbreviations */
	{"Ave Maria", AMBC_OK, "ave maria"},
	{"N Las Vegas", AMBC_OK, "n las vegas"},
	{"Dr Phillips", AMBC_OK, "dr phillips"},
	/* folded into words */
	{"Saint-\xC3\x89tienne", AMBC_OK, "saint etienne"},	/* Saint-Étienne */
	{"O'Fallon", AMBC_OK, "ofallon"},
	{"  NEW   YORK ", AMBC_OK, "new york"},
	{"M\xC3\xBCnchen", AMBC_OK, "munchen"},	/* München */
	{"\xD0\x9C\xD0\xBE\xD1\x81\xD0\xBA\xD0\xB2\xD0\xB0", AMBC_OK,
	"\xD0\xBC\xD0\xBE\xD1\x81\xD0\xBA\xD0\xB2\xD0\xB0"},	/* Москва */
	{"Winston-Salem", AMBC_OK, "winston salem"},
	{"", AMBC_EMPTY, NULL},
	{"--", AMBC_EMPTY, NULL},
	{"St. \xE2\x82", AMBC_BAD_UTF8, NULL},
};

static const text_case words_cases[] = {
	/* the examples of name.h */
	{"123 N. Main St., Apt 4", AMBC_OK, "123 n main st apt 4"},
	{"Saint-\xC3\x89tienne", AMBC_OK, "saint etienne"},
	{"O'Fallon", AMBC_OK, "ofallon"},
	/* commas are plain separators: nothing is reordered */
	{"SMITH, Bob", AMBC_OK, "smith bob"},
	{"Smith,Bob", AMBC_OK, "smith bob"},
	{"Smith Jr., Robert", AMBC_OK, "smith jr robert"},
	{"a, b, c", AMBC_OK, "a b c"},
	{"\xE5\xB1\xB1\xE7\x94\xB0\xE3\x80\x81\xE5\xA4\xAA\xE9\x83\x8E", AMBC_OK,
	"\xE5\xB1\xB1\xE7\x94\xB0 \xE5\xA4\xAA\xE9\x83\x8E"},	/* ideographic comma */
	{"\xD8\xAE\xD8\xA7\xD9\x86\xD8\x8C \xD8\xA3\xD8\xAD\xD9\x85\xD8\xAF",
		AMBC_OK,
	"\xD8\xAE\xD8\xA7\xD9\x86 \xD8\xA3\xD8\xAD\xD9\x85\xD8\xAF"},	/* Arabic comma */
	{"Smith\xEF\xBC\x8C" "Bob", AMBC_OK, "smith bob"},	/* fullwidth comma */
	/* no title or suffix is removed */
	{"Dr. Robert Smith Jr.", AMBC_OK, "dr robert smith jr"},
	{"Jr.", AMBC_OK, "jr"},
	{"Mr. Jr.", AMBC_OK, "mr jr"},
	{"Prof Dr Hans Meyer III", AMBC_OK, "prof dr hans meyer iii"},
	{"John Smith 2nd", AMBC_OK, "john smith 2nd"},
	/* rule 1 and rule 2 as for names */
	{"Jos\xC3\xA9 Garc\xC3\xAD" "a-L\xC3\xB3pez", AMBC_OK,
	"jose garcia lopez"},
	{"D\xE2\x80\x99" "Angelo", AMBC_OK, "dangelo"},
	{"J.R.R. Tolkien", AMBC_OK, "j r r tolkien"},
	{"\xEF\xAC\x81" "eld", AMBC_OK, "field"},	/* fi ligature */
	{"\tA\r\nB\n", AMBC_OK, "a b"},
	/* nothing left */
	{"", AMBC_EMPTY, NULL},
	{",,,", AMBC_EMPTY, NULL},
	{"Smith,, Bob,", AMBC_OK, "smith bob"},
	{"'", AMBC_EMPTY, NULL},
	{"\xCC\x81", AMBC_EMPTY, NULL},
	{"a\xC0\x80", AMBC_BAD_UTF8, NULL},
};

/* street lines: the table, with the properties of check_text */
static void
test_street_examples(void)
{
	CHECK(check_cases("street", ambc_address_normalize, street_cases,
					  LENGTHOF(street_cases)) >= 35);
}

/*
 * Every abbreviation of the list: written out in full after the first word
 * (in any case, with or without a period), kept as the first word, kept
 * inside a longer word; and its full form is a designator while the
 * abbreviation itself is not.
 */
static void
test_street_abbreviations(void)
{
	size_t		i;

	for (i = 0; i < LENGTHOF(street_abbrevs); i++)
	{
		const char *ab = street_abbrevs[i].abbr;
		const char *full = street_abbrevs[i].full;
		char		in[64];
		char		want[64];
		char		out[OUT_CAP];
		size_t		len = 0;
		size_t		k;
		ambc_status st;

		/* "12 AB." -> "12 full" */
		snprintf(in, sizeof(in), "12 %s.", ab);
		for (k = 3; in[k] != '.'; k++)
			in[k] = (char) (in[k] - 'a' + 'A');
		snprintf(want, sizeof(want), "12 %s", full);
		st = run(ambc_address_normalize, in, strlen(in), out, OUT_CAP, &len);
		CHECKF(st == AMBC_OK && len == strlen(want) &&
			   memcmp(out, want, len) == 0, "\"%s\": %s \"%.*s\"", in,
			   ambc_status_name(st), st == AMBC_OK ? (int) len : 0, out);

		/* "ab 12 ab" -> "ab 12 full" */
		snprintf(in, sizeof(in), "%s 12 %s", ab, ab);
		snprintf(want, sizeof(want), "%s 12 %s", ab, full);
		st = run(ambc_address_normalize, in, strlen(in), out, OUT_CAP, &len);
		CHECKF(st == AMBC_OK && len == strlen(want) &&
			   memcmp(out, want, len) == 0, "\"%s\": %s \"%.*s\"", in,
			   ambc_status_name(st), st == AMBC_OK ? (int) len : 0, out);

		/* "12 xab abx" is not expanded */
		snprintf(in, sizeof(in), "12 x%s %sx", ab, ab);
		st = run(ambc_address_normalize, in, strlen(in), out, OUT_CAP, &len);
		CHECKF(st == AMBC_OK && len == strlen(in) &&
			   memcmp(out, in, len) == 0, "\"%s\": %s \"%.*s\"", in,
			   ambc_status_name(st), st == AMBC_OK ? (int) len : 0, out);

		CHECKF(ambc_address_is_designator(full, strlen(full)),
			   "\"%s\" is not a designator", full);
		CHECKF(!ambc_address_is_designator(ab, strlen(ab)),
			   "\"%s\" is a designator", ab);
	}
}

/*
 * ambc_address_is_designator: the full forms of the list and nothing else;
 * whole folded words only.
 */
static void
test_designators(void)
{
	static const char *const yes[] = {
		"street", "avenue", "road", "drive", "lane", "court", "place",
		"boulevard", "north", "southwest", "apartment", "suite", "alley",
		"crossing", "west", "terrace", "turnpike"
	};
	static const char *const no[] = {
		"", "s", "st", "main", "saint", "fort", "stree", "streets",
		"Street", "STREET", "street ", " street", "northern", "apartments",
		"avenu", "zzzzzz", "a", "\xC3\xA9"
	};
	size_t		i;

	for (i = 0; i < LENGTHOF(yes); i++)
		CHECKF(ambc_address_is_designator(yes[i], strlen(yes[i])), "%s",
			   yes[i]);
	for (i = 0; i < LENGTHOF(no); i++)
		CHECKF(!ambc_address_is_designator(no[i], strlen(no[i])), "\"%s\"",
			   no[i]);
	/* a prefix of the buffer: n counts, not the NUL */
	CHECK(ambc_address_is_designator("streetlight", 6));
	CHECK(!ambc_address_is_designator("street", 5));
}

/* "a city" */
static void
test_city_examples(void)
{
	size_t		i;

	CHECK(check_cases("city", ambc_city_normalize, city_cases,
					  LENGTHOF(city_cases)) >= 20);
	/* every city abbreviation, with a period, in capitals */
	for (i = 0; i < LENGTHOF(city_abbrevs); i++)
	{
		char		in[64];
		char		want[64];
		char		out[OUT_CAP];
		size_t		len = 0;
		size_t		k;
		ambc_status st;

		snprintf(in, sizeof(in), "%s. Marys %s", city_abbrevs[i].abbr,
				 city_abbrevs[i].abbr);
		for (k = 0; in[k] != '.'; k++)
			in[k] = (char) (in[k] - 'a' + 'A');
		snprintf(want, sizeof(want), "%s marys %s", city_abbrevs[i].full,
				 city_abbrevs[i].abbr);
		st = run(ambc_city_normalize, in, strlen(in), out, OUT_CAP, &len);
		CHECKF(st == AMBC_OK && len == strlen(want) &&
			   memcmp(out, want, len) == 0, "\"%s\": %s \"%.*s\"", in,
			   ambc_status_name(st), st == AMBC_OK ? (int) len : 0, out);
	}
}

typedef struct postal_case
{
	const char *in;
	const char *country;
	ambc_status st;
	const char *out;
} postal_case;

static const postal_case postal_cases[] = {
	/* the examples of address.h */
	{"78701-1234", "US", AMBC_OK, "78701"},
	{"sw1a 1aa", "GB", AMBC_OK, "SW1A1AA"},
	{"2134", "US", AMBC_OK, "02134"},
	{"21341234", "US", AMBC_OK, "02134"},
	/* empty country is the US; the country in any case */
	{"78701", "", AMBC_OK, "78701"},
	{"2134", "", AMBC_OK, "02134"},
	{"2134", "us", AMBC_OK, "02134"},
	{"2134", "uS", AMBC_OK, "02134"},
	/* US: 3 to 5, 7 or 8, and 9 digits */
	{"134", "US", AMBC_OK, "00134"},
	{"00134", "US", AMBC_OK, "00134"},
	{"1234567", "US", AMBC_OK, "00123"},
	{"021341234", "US", AMBC_OK, "02134"},
	{"78701 1234", "US", AMBC_OK, "78701"},
	{"78701.1234", "US", AMBC_OK, "78701"},
	{" 7-8-7-0-1 ", "US", AMBC_OK, "78701"},
	{"00000", "US", AMBC_OK, "00000"},
	{"12", "US", AMBC_INVALID, NULL},
	{"1", "US", AMBC_INVALID, NULL},
	{"123456", "US", AMBC_INVALID, NULL},
	{"1234567890", "US", AMBC_INVALID, NULL},
	{"7870A", "US", AMBC_INVALID, NULL},
	{"sw1a 1aa", "US", AMBC_INVALID, NULL},
	{"sw1a 1aa", "", AMBC_INVALID, NULL},
	/* elsewhere: letters and digits, upper-cased, no padding */
	{"K1A 0B1", "ca", AMBC_OK, "K1A0B1"},
	{"75008", "FR", AMBC_OK, "75008"},
	{"2134", "FR", AMBC_OK, "2134"},
	{"2134", "USA", AMBC_OK, "2134"},	/* not "US" */
	{"1234 ab", "NL", AMBC_OK, "1234AB"},
	{"12", "DE", AMBC_OK, "12"},
	{"a", "GB", AMBC_OK, "A"},
	{"ABCDEFGHIJKLMNOP", "GB", AMBC_OK, "ABCDEFGHIJKLMNOP"},	/* 16 */
	{"ABCDEFGH IJKLMNOP", "GB", AMBC_OK, "ABCDEFGHIJKLMNOP"},
	{"ABCDEFGHIJKLMNOPQ", "GB", AMBC_TOO_LONG, NULL},	/* 17 */
	{"12345678901234567", "GB", AMBC_TOO_LONG, NULL},
	/* invalid characters, here and there */
	{"787#01", "US", AMBC_INVALID, NULL},
	{"SW1A_1AA", "GB", AMBC_INVALID, NULL},
	{"SW1A/1AA", "GB", AMBC_INVALID, NULL},
	{"75008,", "FR", AMBC_INVALID, NULL},
	{"78701\xC3\xA9", "FR", AMBC_INVALID, NULL},	/* é */
	{"\xEF\xBC\x97\xEF\xBC\x98\xEF\xBC\x97\xEF\xBC\x90\xEF\xBC\x91", "US",
	AMBC_INVALID, NULL},		/* fullwidth digits */
	{"78701\n", "US", AMBC_INVALID, NULL},
	/* nothing but separators */
	{"", "US", AMBC_EMPTY, NULL},
	{" - . ", "US", AMBC_EMPTY, NULL},
	{"--", "GB", AMBC_EMPTY, NULL},
	/* malformed wins over invalid */
	{"#\xC3", "GB", AMBC_BAD_UTF8, NULL},
	{"78701\xF5\x80\x80\x80", "US", AMBC_BAD_UTF8, NULL},
};

/*
 * Postal codes: the table; a reason exactly on AMBC_INVALID; every result
 * is at most AMBC_POSTAL_MAX upper-case letters and digits, 5 digits for
 * the US, and its own normal form.
 */
static void
test_postal_examples(void)
{
	size_t		i;
	size_t		nok = 0;

	for (i = 0; i < LENGTHOF(postal_cases); i++)
	{
		const postal_case *c = &postal_cases[i];
		char		out[AMBC_POSTAL_MAX];
		char		again[AMBC_POSTAL_MAX];
		size_t		len = 999;
		size_t		len2 = 999;
		const char *reason = "unset";
		ambc_status st = postal(c->in, strlen(c->in), c->country, out, &len,
								&reason);
		size_t		k;
		int			shape = 1;

		CHECKF(st == c->st, "postal %zu \"%s\" (%s): got %s, want %s", i,
			   c->in, c->country, ambc_status_name(st),
			   ambc_status_name(c->st));
		CHECKF((st == AMBC_INVALID) == (reason != NULL && reason[0] != 0),
			   "postal %zu: reason %s", i, reason ? reason : "NULL");
		if (st != AMBC_OK || c->st != AMBC_OK)
			continue;
		CHECKF(len == strlen(c->out) && memcmp(out, c->out, len) == 0,
			   "postal %zu \"%s\": got \"%.*s\", want \"%s\"", i, c->in,
			   (int) len, out, c->out);
		for (k = 0; k < len; k++)
			if (!((out[k] >= 'A' && out[k] <= 'Z') ||
				  (out[k] >= '0' && out[k] <= '9')))
				shape = 0;
		CHECK(shape && len >= 1 && len <= AMBC_POSTAL_MAX);
		st = postal(out, len, c->country, again, &len2, &reason);
		CHECKF(st == AMBC_OK && len2 == len && memcmp(out, again, len) == 0,
			   "postal %zu: not idempotent", i);
		nok++;
	}
	CHECK(nok >= 25);

	/* reason may be NULL */
	{
		char		out[AMBC_POSTAL_MAX];
		size_t		len;

		CHECK(ambc_postal_normalize("#", 1, "US", 2, out, &len, NULL) ==
			  AMBC_INVALID);
		CHECK(ambc_postal_normalize("12", 2, "US", 2, out, &len, NULL) ==
			  AMBC_INVALID);
		CHECK(ambc_postal_normalize("78701", 5, "US", 2, out, &len, NULL) ==
			  AMBC_OK && len == 5);
	}
}

/* a region */
static const text_case region_us_cases[] = {
	/* the examples of address.h */
	{"Texas", AMBC_OK, "tx"},
	{"TX", AMBC_OK, "tx"},
	{"Nouvelle-Aquitaine", AMBC_OK, "nouvelle aquitaine"},
	/* folded first, then looked up as a whole */
	{"  NEW   york ", AMBC_OK, "ny"},
	{"New-York", AMBC_OK, "ny"},
	{"Hawai\xCA\xBBi", AMBC_OK, "hi"},	/* okina joins */
	{"Washington, D.C.", AMBC_OK, "washington d c"},
	{"Washington DC", AMBC_OK, "dc"},
	{"New York City", AMBC_OK, "new york city"},
	{"York", AMBC_OK, "york"},
	{"Ontario", AMBC_OK, "ontario"},
	{"Qu\xC3\xA9" "bec", AMBC_OK, "quebec"},	/* Québec */
	{"tx.", AMBC_OK, "tx"},
	{"", AMBC_EMPTY, NULL},
	{" . ", AMBC_EMPTY, NULL},
	{"Texas\xFF", AMBC_BAD_UTF8, NULL},
};

static const text_case region_fr_cases[] = {
	{"Nouvelle-Aquitaine", AMBC_OK, "nouvelle aquitaine"},
	{"\xC3\x8Ele-de-France", AMBC_OK, "ile de france"},	/* Île-de-France */
	{"Texas", AMBC_OK, "texas"},	/* a state name is kept outside the US */
	{"Georgia", AMBC_OK, "georgia"},
	{"", AMBC_EMPTY, NULL},
	{"\xC3", AMBC_BAD_UTF8, NULL},
};

/*
 * Regions: the tables, and every state, DC and territory name becomes its
 * code for "US", "us" and the empty country, and stays a name for any
 * other country.
 */
static void
test_region_examples(void)
{
	size_t		i;

	CHECK(check_cases("region us", region_us, region_us_cases,
					  LENGTHOF(region_us_cases)) >= 12);
	CHECK(check_cases("region fr", region_fr, region_fr_cases,
					  LENGTHOF(region_fr_cases)) >= 4);

	for (i = 0; i < LENGTHOF(us_states); i++)
	{
		static const char *const countries[] = {"US", "us", "", "CA", "USA",
		"U"};
		const char *name = us_states[i].abbr;
		size_t		c;
		char		folded[256];
		size_t		flen = 0;

		CHECK(ambc_words_normalize(name, strlen(name), folded,
								   sizeof(folded), &flen) == AMBC_OK);
		for (c = 0; c < LENGTHOF(countries); c++)
		{
			const char *want = c < 3 ? us_states[i].full : NULL;
			char		out[256];
			size_t		len = 0;
			ambc_status st;

			st = ambc_region_normalize(name, strlen(name), countries[c],
									   strlen(countries[c]), out,
									   sizeof(out), &len);
			if (want != NULL)
				CHECKF(st == AMBC_OK && len == 2 && memcmp(out, want, 2) == 0,
					   "\"%s\" (%s): %s \"%.*s\", want %s", name,
					   countries[c], ambc_status_name(st),
					   st == AMBC_OK ? (int) len : 0, out, want);
			else
				CHECKF(st == AMBC_OK && len == flen &&
					   memcmp(out, folded, len) == 0,
					   "\"%s\" (%s): %s \"%.*s\"", name, countries[c],
					   ambc_status_name(st), st == AMBC_OK ? (int) len : 0,
					   out);
		}
		/* the code stays the code */
		{
			char		out[8];
			size_t		len = 0;

			CHECK(ambc_region_normalize(us_states[i].full, 2, "US", 2, out,
										sizeof(out), &len) == AMBC_OK &&
				  len == 2 && memcmp(out, us_states[i].full, 2) == 0);
		}
	}
}

/* ambc_words_normalize */
static void
test_words_examples(void)
{
	CHECK(check_cases("words", ambc_words_normalize, words_cases,
					  LENGTHOF(words_cases)) >= 18);
}

/* ------------------------------------------------------------------------
 * bytes, malformed UTF-8, capacity, size
 * ------------------------------------------------------------------------
 */

/*
 * expect_text
 *		CHECK that fn(in[0..n)) gives st and, when OK, want.
 */
static void
expect_text(const char *label, int c, text_fn fn, const char *in, size_t n,
			ambc_status st_want, const char *want)
{
	char		out[OUT_CAP];
	size_t		len = 0;
	ambc_status st = run(fn, in, n, out, OUT_CAP, &len);

	if (st_want != AMBC_OK)
		CHECKF(st == st_want, "%s byte 0x%02X: %s, want %s", label, c,
			   ambc_status_name(st), ambc_status_name(st_want));
	else
		CHECKF(st == AMBC_OK && len == strlen(want) &&
			   memcmp(out, want, len) == 0,
			   "%s byte 0x%02X: %s \"%.*s\", want \"%s\"", label, c,
			   ambc_status_name(st), st == AMBC_OK ? (int) len : 0, out,
			   want);
}

/*
 * Every byte value between two words: letters and digits join the words
 * (upper case folded), the apostrophes ' and ` join and vanish, every
 * other ASCII byte separates, and no byte above 0x7F is UTF-8 on its own.
 * So "12?st" is "12 street" as a street line exactly when ? separates,
 * "st?louis" is "saint louis" as a city, "new?york" is "ny" as a US
 * region; and in a postal code letters and digits are kept, space, tab,
 * hyphen and period dropped, anything else invalid.
 */
static void
test_every_byte(void)
{
	int			c;

	for (c = 0; c < 256; c++)
	{
		char		in[8];
		char		want[16];
		int			alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
			(c >= '0' && c <= '9');
		int			apos = (c == '\'' || c == '`');
		char		low = (char) ((c >= 'A' && c <= 'Z') ? c + 32 : c);
		ambc_status st_text = c >= 0x80 ? AMBC_BAD_UTF8 : AMBC_OK;

		/* street line */
		memcpy(in, "12?st", 5);
		in[2] = (char) c;
		if (alnum)
			snprintf(want, sizeof(want), "12%cst", low);
		else
			snprintf(want, sizeof(want), "%s", apos ? "12st" : "12 street");
		expect_text("street", c, ambc_address_normalize, in, 5, st_text, want);

		/* words */
		if (alnum)
			snprintf(want, sizeof(want), "12%cst", low);
		else
			snprintf(want, sizeof(want), "%s", apos ? "12st" : "12 st");
		expect_text("words", c, ambc_words_normalize, in, 5, st_text, want);

		/* city */
		memcpy(in, "st?louis", 8);
		in[2] = (char) c;
		if (alnum)
			snprintf(want, sizeof(want), "st%clouis", low);
		else
			snprintf(want, sizeof(want), "%s",
					 apos ? "stlouis" : "saint louis");
		expect_text("city", c, ambc_city_normalize, in, 8, st_text, want);

		/* region */
		memcpy(in, "new?york", 8);
		in[3] = (char) c;
		if (alnum)
			snprintf(want, sizeof(want), "new%cyork", low);
		else
			snprintf(want, sizeof(want), "%s", apos ? "newyork" : "ny");
		expect_text("region", c, region_us, in, 8, st_text, want);

		/* the byte alone */
		if (c >= 0x80)
			expect_text("street alone", c, ambc_address_normalize, in + 3, 1,
						AMBC_BAD_UTF8, NULL);
		else if (alnum)
		{
			want[0] = low;
			want[1] = 0;
			expect_text("street alone", c, ambc_address_normalize, in + 3, 1,
						AMBC_OK, want);
		}
		else
			expect_text("street alone", c, ambc_address_normalize, in + 3, 1,
						AMBC_EMPTY, NULL);

		/* postal code, outside the US */
		{
			char		out[AMBC_POSTAL_MAX];
			size_t		len = 0;
			const char *reason = NULL;
			ambc_status st;
			char		up = (char) ((c >= 'a' && c <= 'z') ? c - 32 : c);

			memcpy(in, "12?34", 5);
			in[2] = (char) c;
			st = postal(in, 5, "GB", out, &len, &reason);
			if (c >= 0x80)
				CHECKF(st == AMBC_BAD_UTF8, "postal byte 0x%02X: %s", c,
					   ambc_status_name(st));
			else if (alnum)
				CHECKF(st == AMBC_OK && len == 5 && out[2] == up &&
					   memcmp(out, "12", 2) == 0 &&
					   memcmp(out + 3, "34", 2) == 0,
					   "postal byte 0x%02X: %s", c, ambc_status_name(st));
			else if (c == ' ' || c == '-' || c == '.' || c == '\t')
				CHECKF(st == AMBC_OK && len == 4 &&
					   memcmp(out, "1234", 4) == 0,
					   "postal byte 0x%02X: %s", c, ambc_status_name(st));
			else
				CHECKF(st == AMBC_INVALID && reason != NULL,
					   "postal byte 0x%02X: %s", c, ambc_status_name(st));

			/* and in the US: only digits make a 5-digit code */
			memcpy(in, "787?01", 6);
			in[3] = (char) c;
			st = postal(in, 6, "US", out, &len, &reason);
			if (c >= 0x80)
				CHECK(st == AMBC_BAD_UTF8);
			else if (c == ' ' || c == '-' || c == '.' || c == '\t')
				CHECKF(st == AMBC_OK && len == 5 &&
					   memcmp(out, "78701", 5) == 0,
					   "US postal byte 0x%02X: %s", c, ambc_status_name(st));
			else
				CHECKF(st == AMBC_INVALID && reason != NULL,
					   "US postal byte 0x%02X: %s", c, ambc_status_name(st));
		}
	}
}

/*
 * Malformed UTF-8 alone, at the start, in the middle and at the end of an
 * input is AMBC_BAD_UTF8 for every normalizer, leaves *dstlen alone, and
 * wins over every other outcome (empty, invalid, too long).
 */
static void
test_malformed(void)
{
	static const text_fn fns[] = {
		ambc_address_normalize, ambc_city_normalize, region_us, region_fr,
		ambc_words_normalize
	};
	static const char *const around[][2] = {
		{"", ""},
		{"", " 123 Main St"},
		{"123 Main St ", ""},
		{"123 Main", "St"},
		{"St", "Louis"},
		{"#", "#"},					/* invalid postal character first */
		{"ABCDEFGHIJKLMNOPQRS", ""},	/* too long a postal code first */
		{"-", "-"}					/* empty otherwise */
	};
	size_t		b;

	for (b = 0; b < LENGTHOF(malformed); b++)
	{
		size_t		a;

		for (a = 0; a < LENGTHOF(around); a++)
		{
			char		in[128];
			size_t		n;
			size_t		f;
			char		out[AMBC_POSTAL_MAX];
			size_t		len = 777;
			const char *reason = NULL;

			n = (size_t) snprintf(in, sizeof(in), "%s%s%s", around[a][0],
								  malformed[b], around[a][1]);
			for (f = 0; f < LENGTHOF(fns); f++)
			{
				char		tout[OUT_CAP];
				size_t		tlen = 777;
				ambc_status st = run(fns[f], in, n, tout, OUT_CAP, &tlen);

				CHECKF(st == AMBC_BAD_UTF8 && tlen == 777,
					   "fn %zu, bad %zu around %zu: %s", f, b, a,
					   ambc_status_name(st));
				/* no buffer either */
				st = fns[f] (in, n, NULL, 0, &tlen);
				CHECKF(st == AMBC_BAD_UTF8 && tlen == 777,
					   "fn %zu, bad %zu around %zu, no buffer: %s", f, b, a,
					   ambc_status_name(st));
			}
			CHECKF(postal(in, n, "US", out, &len, &reason) == AMBC_BAD_UTF8,
				   "postal US bad %zu around %zu", b, a);
			CHECKF(postal(in, n, "GB", out, &len, &reason) == AMBC_BAD_UTF8,
				   "postal GB bad %zu around %zu", b, a);
		}
	}

	/* the edges of the valid ranges are not malformed */
	{
		static const char *const good[] = {
			"\xC2\x80", "\xDF\xBF", "\xE0\xA0\x80", "\xED\x9F\xBF",
			"\xEE\x80\x80", "\xEF\xBF\xBD", "\xF0\x90\x80\x80",
			"\xF4\x8F\xBF\xBF"
		};
		size_t		g;

		for (g = 0; g < LENGTHOF(good); g++)
		{
			char		in[64];
			char		out[OUT_CAP];
			size_t		len;
			size_t		n = (size_t) snprintf(in, sizeof(in), "1 Main %s St",
											  good[g]);
			ambc_status st = run(ambc_address_normalize, in, n, out, OUT_CAP,
								 &len);

			CHECKF(st == AMBC_OK && len >= strlen("1 main street"),
				   "good %zu: %s", g, ambc_status_name(st));
		}
	}
}

/*
 * Capacity: a result of length L is AMBC_TOO_LONG reporting L for every
 * capacity below L (NULL buffer and capacity 0 included), succeeds from L
 * up with the same bytes, and never writes at or past the capacity (the
 * buffers are exact-size heap blocks).  Expanded abbreviations count: the
 * capacity is for the result, not the input.
 */
static void
test_capacity(void)
{
	static const struct
	{
		text_fn		fn;
		const char *in;
	}			cases[] = {
		{ambc_address_normalize, "123 N. Main St., Apt #4"},
		{ambc_address_normalize, "x n s e w n s e w"},
		{ambc_address_normalize, "\xC3\x89glise St"},
		{ambc_city_normalize, "St. Louis"},
		{ambc_city_normalize, "Ste"},
		{region_us, "Texas"},
		{region_us, "District of Columbia"},
		{region_us, "Nouvelle-Aquitaine"},
		{region_fr, "Texas"},
		{ambc_words_normalize, "SMITH, Bob"},
	};
	size_t		i;

	for (i = 0; i < LENGTHOF(cases); i++)
	{
		char		ref[OUT_CAP];
		size_t		n = strlen(cases[i].in);
		size_t		len = 0;
		size_t		cap;

		CHECK(run(cases[i].fn, cases[i].in, n, ref, OUT_CAP, &len) ==
			  AMBC_OK);
		for (cap = 0; cap <= len + 2; cap++)
		{
			char		buf[OUT_CAP];
			size_t		len2 = 0;
			ambc_status st = run(cases[i].fn, cases[i].in, n, buf, cap, &len2);

			if (cap < len)
				CHECKF(st == AMBC_TOO_LONG && len2 == len,
					   "case %zu cap %zu: %s %zu", i, cap,
					   ambc_status_name(st), len2);
			else
				CHECKF(st == AMBC_OK && len2 == len &&
					   memcmp(buf, ref, len) == 0,
					   "case %zu cap %zu: %s", i, cap, ambc_status_name(st));
		}
		len = 0;
		CHECK(cases[i].fn(cases[i].in, n, NULL, 0, &len) == AMBC_TOO_LONG &&
			  len > 0);
	}

	/* empty and malformed need no buffer */
	{
		size_t		len = 5;

		CHECK(ambc_address_normalize("--", 2, NULL, 0, &len) == AMBC_EMPTY);
		CHECK(ambc_city_normalize("", 0, NULL, 0, &len) == AMBC_EMPTY);
		CHECK(ambc_region_normalize(".", 1, "", 0, NULL, 0, &len) ==
			  AMBC_EMPTY);
		CHECK(ambc_words_normalize("\xC3", 1, NULL, 0, &len) ==
			  AMBC_BAD_UTF8 && len == 5);
	}

	/*
	 * A street line too long to fold: AMBC_TOO_LONG with 0, no capacity is
	 * enough; "ab " repeated 600 times folds to 1799 bytes
	 */
	{
		size_t		n = 3 * 600;
		char	   *in = malloc(n);
		char	   *out = malloc(4 * n);
		size_t		len = 99;
		size_t		k;

		CHECK(in != NULL && out != NULL);
		if (in != NULL && out != NULL)
		{
			for (k = 0; k < n; k++)
				in[k] = "ab "[k % 3];
			CHECK(ambc_address_normalize(in, n, out, 4 * n, &len) ==
				  AMBC_TOO_LONG && len == 0);
			len = 99;
			CHECK(ambc_city_normalize(in, n, out, 4 * n, &len) ==
				  AMBC_TOO_LONG && len == 0);
			len = 99;
			CHECK(ambc_region_normalize(in, n, "US", 2, out, 4 * n, &len) ==
				  AMBC_TOO_LONG && len == 0);
			/* but these are just words */
			CHECK(ambc_words_normalize(in, n, out, 4 * n, &len) == AMBC_OK &&
				  len == n - 1);
		}
		free(in);
		free(out);
	}
}

/*
 * time_text
 *		fn on a megabyte input, checking it takes at most MB_SECONDS of CPU
 *		time.
 */
static ambc_status
time_text(text_fn fn, const char *src, size_t n, char *dst, size_t cap,
		  size_t *len)
{
	clock_t		t0 = clock();
	ambc_status st = fn(src, n, dst, cap, len);
	double		secs = (double) (clock() - t0) / CLOCKS_PER_SEC;

	CHECKF(secs <= MB_SECONDS, "%.2f s for %zu bytes", secs, n);
	return st;
}

/*
 * 1 MB inputs: linear time, fixed memory, and the right answer: a short
 * line behind a megabyte of separators is found, a megabyte of words is too
 * long for any buffer, a malformed last byte wins.
 */
static void
test_megabyte_inputs(void)
{
	size_t		size = 1024 * 1024;
	char	   *big = malloc(size);
	char	   *out = malloc(4 * size);
	char		small[64];
	size_t		len;
	size_t		i;
	const char *reason;
	char		pc[AMBC_POSTAL_MAX];
	clock_t		t0;

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
	CHECK(time_text(ambc_address_normalize, big, size, out, 4 * size, &len) ==
		  AMBC_TOO_LONG && len == 0);
	len = 99;
	CHECK(time_text(ambc_city_normalize, big, size, out, 4 * size, &len) ==
		  AMBC_TOO_LONG && len == 0);
	len = 99;
	CHECK(time_text(region_us, big, size, out, 4 * size, &len) ==
		  AMBC_TOO_LONG && len == 0);

	/* a megabyte of abbreviations */
	for (i = 0; i < size; i++)
		big[i] = "st "[i % 3];
	len = 99;
	CHECK(time_text(ambc_address_normalize, big, size, out, 4 * size, &len) ==
		  AMBC_TOO_LONG && len == 0);

	/* separators around a short line */
	memset(big, ',', size);
	CHECK(time_text(ambc_address_normalize, big, size, out, 4 * size, &len) ==
		  AMBC_EMPTY);
	memcpy(big + size / 2, "123 N Main St", 13);
	CHECK(time_text(ambc_address_normalize, big, size, small, sizeof(small),
					&len) == AMBC_OK && len == 21 &&
		  memcmp(small, "123 north main street", 21) == 0);
	memcpy(big + size / 2, "St Louis     ", 13);
	CHECK(time_text(ambc_city_normalize, big, size, small, sizeof(small),
					&len) == AMBC_OK && len == 11 &&
		  memcmp(small, "saint louis", 11) == 0);
	memcpy(big + size / 2, "New    York  ", 13);
	CHECK(time_text(region_us, big, size, small, sizeof(small), &len) ==
		  AMBC_OK && len == 2 && memcmp(small, "ny", 2) == 0);

	/* too long, but malformed at the very end: malformed wins */
	for (i = 0; i < size; i++)
		big[i] = "st "[i % 3];
	big[size - 1] = (char) 0xC3;
	CHECK(time_text(ambc_address_normalize, big, size, out, 4 * size, &len) ==
		  AMBC_BAD_UTF8);
	CHECK(time_text(ambc_city_normalize, big, size, out, 4 * size, &len) ==
		  AMBC_BAD_UTF8);
	CHECK(time_text(region_us, big, size, out, 4 * size, &len) ==
		  AMBC_BAD_UTF8);

	/* postal codes */
	t0 = clock();
	memset(big, ' ', size);
	memcpy(big + size - 10, "78701-1234", 10);
	CHECK(ambc_postal_normalize(big, size, "US", 2, pc, &len, &reason) ==
		  AMBC_OK && len == 5 && memcmp(pc, "78701", 5) == 0);
	memset(big, '-', size);
	CHECK(ambc_postal_normalize(big, size, "US", 2, pc, &len, &reason) ==
		  AMBC_EMPTY);
	memset(big, '7', size);
	CHECK(ambc_postal_normalize(big, size, "GB", 2, pc, &len, &reason) ==
		  AMBC_TOO_LONG);
	CHECK(ambc_postal_normalize(big, size, "US", 2, pc, &len, &reason) !=
		  AMBC_OK);
	big[size - 1] = (char) 0xFF;
	CHECK(ambc_postal_normalize(big, size, "GB", 2, pc, &len, &reason) ==
		  AMBC_BAD_UTF8);
	CHECK((double) (clock() - t0) / CLOCKS_PER_SEC <= MB_SECONDS);

	free(big);
	free(out);
}

/* ------------------------------------------------------------------------
 * properties on random inputs
 * ------------------------------------------------------------------------
 */

/* a small deterministic generator */
static uint32_t
lcg(uint32_t *s)
{
	*s = *s * 1103515245u + 12345u;
	return *s >> 8;
}

/* pieces of address text */
static const char *const pieces[] = {
	"123", "4b", "N", "n.", "St", "st.", "ST", "Ste", "Ave", "AV", "Apt",
	"Cir", "CCT", "Blvd", "terr", "tpke",
	"#", "Main", "main", "Kilda", "Rd", "road", "Street", "Ft", "Mt",
	"Pt", "ne", "SW", "xing", "str", "Texas", "New", "York",
	"washington", "DC", "Rhode", "Island", "of", "District", "Columbia",
	" ", " ", "  ", "-", ",", ".", "'", "/", "\t", "&", "\xC3\x89",
	"\xC3\xA9", "\xC3\x9F", "\xC3\xB8", "\xE2\x80\x99", "\xCA\xBB",
	"\xE4\xBA\xAC", "\xC3\xB1", "\xCC\x81", "\xC2\xAD", "\xEF\xBC\xAE",
	"\xEF\xBC\x8C", "\xF0\x9F\x8F\xA0", "\xE3\x80\x81", "\xEF\xAC\x81",
	"\xD0\x94", "\xCE\xA3"
};

/*
 * lookup
 *		The full form of w[0..n) in table, or NULL.
 */
static const char *
lookup(const abbrev *table, size_t ntable, const char *w, size_t n)
{
	size_t		i;

	for (i = 0; i < ntable; i++)
		if (strlen(table[i].abbr) == n && memcmp(table[i].abbr, w, n) == 0)
			return table[i].full;
	return NULL;
}

/*
 * model_expand
 *		The model of a street line or city: the words of folded[0..flen)
 *		with every word but the first (rest) or only the first (!rest)
 *		replaced through table.  Returns the length written to out.
 */
static size_t
model_expand(const char *folded, size_t flen, const abbrev *table,
			 size_t ntable, int rest, char *out)
{
	size_t		i = 0;
	size_t		len = 0;
	int			first = 1;

	while (i < flen)
	{
		size_t		j = i;
		const char *full = NULL;

		while (j < flen && folded[j] != ' ')
			j++;
		if (first != rest)
			full = lookup(table, ntable, folded + i, j - i);
		if (!first)
			out[len++] = ' ';
		if (full != NULL)
		{
			memcpy(out + len, full, strlen(full));
			len += strlen(full);
		}
		else
		{
			memcpy(out + len, folded + i, j - i);
			len += j - i;
		}
		first = 0;
		i = j + 1;
	}
	return len;
}

/*
 * model_region
 *		The model of a US region: folded[0..flen) as a whole is a state
 *		name (folded) or not.
 */
static size_t
model_region(const char *folded, size_t flen, char *out)
{
	size_t		i;

	for (i = 0; i < LENGTHOF(us_states); i++)
	{
		char		f[64];
		size_t		fl = 0;

		if (ambc_words_normalize(us_states[i].abbr,
								 strlen(us_states[i].abbr), f, sizeof(f),
								 &fl) == AMBC_OK &&
			fl == flen && memcmp(f, folded, flen) == 0)
		{
			memcpy(out, us_states[i].full, 2);
			return 2;
		}
	}
	memcpy(out, folded, flen);
	return flen;
}

/*
 * agree
 *		CHECK that fn(in) has status st_want and, when OK, the text
 *		want[0..wlen), and that the result is its own normal form.  Returns
 *		1 if so.
 */
static int
agree(const char *label, int iter, text_fn fn, const char *in, size_t n,
	  ambc_status st_want, const char *want, size_t wlen)
{
	char		out[OUT_CAP];
	char		again[OUT_CAP];
	size_t		len = 0;
	size_t		len2 = 0;
	ambc_status st = run(fn, in, n, out, OUT_CAP, &len);

	int			ok = st == st_want &&
		(st != AMBC_OK || (len == wlen && memcmp(out, want, len) == 0));

	CHECKF(ok, "%s, iteration %d, \"%.*s\": %s \"%.*s\", want %s \"%.*s\"",
		   label, iter, (int) n, in, ambc_status_name(st),
		   st == AMBC_OK ? (int) len : 0, out, ambc_status_name(st_want),
		   st_want == AMBC_OK ? (int) wlen : 0, want);
	if (!ok || st != AMBC_OK)
		return ok;
	st = run(fn, out, len, again, OUT_CAP, &len2);
	ok = st == AMBC_OK && len2 == len && memcmp(out, again, len) == 0;
	CHECKF(ok, "%s, iteration %d: \"%.*s\" is not idempotent: %s", label,
		   iter, (int) len, out, ambc_status_name(st));
	return ok;
}

/*
 * Random lines from the pieces above: the street line, city and region
 * normalizers agree with their model (ambc_words_normalize, then the
 * abbreviation or state table) and every result is its own normal form.
 */
static void
test_random_properties(void)
{
	uint32_t	seed = 7;
	int			iter;
	int			bad = 0;
	int			expanded = 0;
	int			states = 0;

	for (iter = 0; iter < 50000; iter++)
	{
		char		in[512];
		size_t		n = 0;
		int			k = (int) (lcg(&seed) % 9);
		int			j;
		char		folded[OUT_CAP];
		size_t		flen = 0;
		char		want[OUT_CAP];
		size_t		wlen;
		ambc_status fst;

		/* sometimes a whole state name, in any case */
		if (lcg(&seed) % 8 == 0)
		{
			const char *s = us_states[lcg(&seed) % LENGTHOF(us_states)].abbr;

			memcpy(in, s, strlen(s));
			n = strlen(s);
			if (lcg(&seed) % 2)
				for (j = 0; j < (int) n; j++)
					if (in[j] >= 'a' && in[j] <= 'z')
						in[j] = (char) (in[j] - 32);
			k = 0;
		}
		for (j = 0; j < k; j++)
		{
			const char *p = pieces[lcg(&seed) % LENGTHOF(pieces)];

			memcpy(in + n, p, strlen(p));
			n += strlen(p);
		}
		if (lcg(&seed) % 50 == 0 && n > 0)
			in[lcg(&seed) % n] = (char) 0x80;	/* sometimes malformed */

		fst = run(ambc_words_normalize, in, n, folded, OUT_CAP, &flen);
		if (fst != AMBC_OK && fst != AMBC_EMPTY && fst != AMBC_BAD_UTF8)
		{
			bad++;
			CHECKF(0, "words: %s", ambc_status_name(fst));
			continue;
		}
		if (fst == AMBC_OK &&
			!agree("words", iter, ambc_words_normalize, in, n, fst, folded,
				   flen))
			bad++;

		wlen = fst == AMBC_OK ? model_expand(folded, flen, street_abbrevs,
											 LENGTHOF(street_abbrevs), 1,
											 want) : 0;
		if (fst == AMBC_OK && (wlen != flen || memcmp(want, folded, flen)))
			expanded++;
		if (!agree("street", iter, ambc_address_normalize, in, n, fst, want,
				   wlen))
			bad++;

		wlen = fst == AMBC_OK ? model_expand(folded, flen, city_abbrevs,
											 LENGTHOF(city_abbrevs), 0,
											 want) : 0;
		if (!agree("city", iter, ambc_city_normalize, in, n, fst, want, wlen))
			bad++;

		wlen = fst == AMBC_OK ? model_region(folded, flen, want) : 0;
		if (fst == AMBC_OK && wlen == 2 && flen != 2)
			states++;
		if (!agree("region us", iter, region_us, in, n, fst, want, wlen))
			bad++;
		if (!agree("region fr", iter, region_fr, in, n, fst, folded, flen))
			bad++;
	}
	CHECK(bad == 0);
	CHECKF(expanded > 2000, "%d expanded", expanded);
	CHECKF(states > 1000, "%d states", states);
}

/* pieces of postal codes */
static const char *const postal_pieces[] = {
	"0", "1", "2", "7", "9", "a", "Z", "q", " ", "-", ".", "\t", "#", "/",
	"\xC3\xA9", "_", "12345", "6789"
};

/*
 * Random postal codes against a model of the rule: separators dropped,
 * any other non-alphanumeric byte invalid, letters upper-cased, at most
 * AMBC_POSTAL_MAX characters, US codes of 3-5 or 7-9 digits padded with
 * leading zeros and cut to 5; results are their own normal form.
 */
static void
test_random_postal(void)
{
	uint32_t	seed = 11;
	int			iter;
	int			bad = 0;
	int			nok = 0;

	for (iter = 0; iter < 50000; iter++)
	{
		char		in[256];
		size_t		n = 0;
		int			k = (int) (lcg(&seed) % 10);
		int			j;
		int			us = (int) (lcg(&seed) % 2);
		const char *country = us ? "" : "NL";
		char		want[256];
		size_t		wlen = 0;
		int			invalid = 0;
		int			digits = 1;
		ambc_status wst;
		char		out[AMBC_POSTAL_MAX];
		char		again[AMBC_POSTAL_MAX];
		size_t		len = 0;
		size_t		len2 = 0;
		const char *reason;
		ambc_status st;
		int			ok;

		for (j = 0; j < k; j++)
		{
			const char *p = postal_pieces[lcg(&seed) % LENGTHOF(postal_pieces)];

			memcpy(in + n, p, strlen(p));
			n += strlen(p);
		}
		for (j = 0; j < (int) n; j++)
		{
			unsigned char c = (unsigned char) in[j];

			if (c == ' ' || c == '-' || c == '.' || c == '\t')
				continue;
			if ((c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z'))
				want[wlen++] = (char) c;
			else if (c >= 'a' && c <= 'z')
				want[wlen++] = (char) (c - 32);
			else
				invalid = 1;
			if (!(c >= '0' && c <= '9'))
				digits = 0;
		}
		if (invalid)
			wst = AMBC_INVALID;
		else if (wlen > AMBC_POSTAL_MAX)
			wst = AMBC_TOO_LONG;
		else if (wlen == 0)
			wst = AMBC_EMPTY;
		else if (us && (!digits || wlen < 3 || wlen == 6 || wlen > 9))
			wst = AMBC_INVALID;
		else
			wst = AMBC_OK;
		if (wst == AMBC_OK && us)
		{
			size_t		pad = (wlen <= 5 ? 5 : 9) - wlen;

			memmove(want + pad, want, wlen);
			memset(want, '0', pad);
			wlen = 5;
		}
		st = postal(in, n, country, out, &len, &reason);
		/* an invalid character after the 16th kept one may read as too long */
		if (wst == AMBC_INVALID && st == AMBC_TOO_LONG &&
			wlen > AMBC_POSTAL_MAX)
			continue;
		ok = st == wst && (st != AMBC_OK ||
						   (len == wlen && memcmp(out, want, len) == 0));
		CHECKF(ok, "iteration %d \"%.*s\" (%s): %s \"%.*s\", want %s", iter,
				   (int) n, in, country, ambc_status_name(st),
				   st == AMBC_OK ? (int) len : 0, out, ambc_status_name(wst));
		if (!ok)
			bad++;
		if (!ok || st != AMBC_OK)
			continue;
		nok++;
		st = postal(out, len, country, again, &len2, &reason);
		ok = st == AMBC_OK && len2 == len && memcmp(out, again, len) == 0;
		CHECKF(ok, "iteration %d: \"%.*s\" is not idempotent", iter,
			   (int) len, out);
		if (!ok)
			bad++;
	}
	CHECK(bad == 0);
	CHECK(nok > 5000);
}

/*
 * A canonical street line or city is its own normal form whatever its
 * length: a line is either rejected (AMBC_TOO_LONG, no capacity enough) or
 * its result normalizes to itself.  Abbreviations lengthen a line after it
 * has been folded within the normalizer's fold limit, so a result may be
 * longer than that limit: "1" followed by 300 " n" folds to 601 bytes and
 * expands to 1801 ("1 north north ..."), which then does not fold again.
 * The same for a city whose first word "st" becomes "saint" at the limit.
 * Short lines (up to 170 " n", 1021 bytes expanded) must be accepted.
 */
static void
test_long_results_idempotent(void)
{
	size_t		counts[] = {100, 170, 200, 300, 340};
	size_t		c;

	for (c = 0; c < LENGTHOF(counts); c++)
	{
		size_t		n = 1 + 2 * counts[c];
		char	   *in = malloc(n);
		size_t		k;
		char		out[OUT_CAP];
		char		again[OUT_CAP];
		size_t		len = 0;
		size_t		len2 = 0;
		ambc_status st;

		if (in == NULL)
		{
			CHECK(in != NULL);
			return;
		}
		in[0] = '1';
		for (k = 0; k < counts[c]; k++)
			memcpy(in + 1 + 2 * k, " n", 2);
		st = run(ambc_address_normalize, in, n, out, OUT_CAP, &len);
		CHECKF((st == AMBC_OK && len == 1 + 6 * counts[c]) ||
			   (st == AMBC_TOO_LONG && len == 0 && counts[c] > 170),
			   "%zu times \" n\": %s %zu", counts[c], ambc_status_name(st),
			   len);
		if (st == AMBC_OK)
		{
			st = run(ambc_address_normalize, out, len, again, OUT_CAP, &len2);
			CHECKF(st == AMBC_OK && len2 == len &&
				   memcmp(out, again, len) == 0,
				   "%zu times \" n\": the %zu-byte result normalizes to %s %zu",
				   counts[c], len, ambc_status_name(st), len2);
		}
		free(in);
	}

	/* a city: "st" and 1021 more folded bytes */
	{
		char		in[1024];
		char		out[OUT_CAP];
		char		again[OUT_CAP];
		size_t		len = 0;
		size_t		len2 = 0;
		size_t		k;
		ambc_status st;

		memset(in, 'b', sizeof(in));
		memcpy(in, "st ", 3);
		for (k = 100; k < sizeof(in); k += 100)
			in[k] = ' ';
		st = run(ambc_city_normalize, in, sizeof(in), out, OUT_CAP, &len);
		CHECKF((st == AMBC_OK && len == sizeof(in) + 3) ||
			   (st == AMBC_TOO_LONG && len == 0), "city: %s %zu",
			   ambc_status_name(st), len);
		if (st == AMBC_OK)
		{
			st = run(ambc_city_normalize, out, len, again, OUT_CAP, &len2);
			CHECKF(st == AMBC_OK && len2 == len &&
				   memcmp(out, again, len) == 0,
				   "city: the %zu-byte result normalizes to %s %zu", len,
				   ambc_status_name(st), len2);
		}
		/* one byte shorter it fits either way */
		st = run(ambc_city_normalize, in, sizeof(in) - 4, out, OUT_CAP, &len);
		CHECK(st == AMBC_OK && len == sizeof(in) - 1);
	}
}

int
main(void)
{
	static const unit_test tests[] = {
		UNIT(test_street_examples),
		UNIT(test_street_abbreviations),
		UNIT(test_designators),
		UNIT(test_city_examples),
		UNIT(test_postal_examples),
		UNIT(test_region_examples),
		UNIT(test_words_examples),
		UNIT(test_every_byte),
		UNIT(test_malformed),
		UNIT(test_capacity),
		UNIT(test_megabyte_inputs),
		UNIT(test_random_properties),
		UNIT(test_random_postal),
		UNIT(test_long_results_idempotent),
	};

	return unit_run(tests, (int) (sizeof(tests) / sizeof(tests[0])));
}

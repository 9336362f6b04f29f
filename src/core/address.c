/*-------------------------------------------------------------------------
 *
 * address.c
 *		Canonical street line, city, postal code and region for matching.
 *
 * The rules are in address.h.  Street lines and cities are first folded
 * into words by ambc_words_normalize into a stack buffer of
 * AMBC_ADDRESS_FOLD_MAX bytes, then copied word by word to the caller's
 * buffer, replacing abbreviations from the tables below (binary search on
 * sorted tables).  Lengths are counted past the caller's capacity so that a
 * result that does not fit reports the capacity it needs.
 *
 * The abbreviations follow USPS Publication 28 (Postal Addressing
 * Standards), appendix C1 (street suffixes: only the common ones, and only
 * abbreviations that are not themselves words or names) and C2 (secondary
 * unit designators), plus the eight directionals.  Worked example:
 * "123 N. Main St., Apt #4" folds to "123 n main st apt 4"; "n", "st" and
 * "apt" are not first and are expanded: "123 north main street apartment 4".
 *
 * src/core/address.c
 *
 *-------------------------------------------------------------------------
 */
#include "address.h"

#include <string.h>

#include "name.h"
#include "utf8.h"

typedef struct Abbrev
{
	const char *abbr;
	const char *full;
} Abbrev;

/* street types, directions and unit designators; sorted by abbr */
static const Abbrev street_abbrevs[] = {
	{"aly", "alley"},
	{"apt", "apartment"},
	{"av", "avenue"},
	{"ave", "avenue"},
	{"bldg", "building"},
	{"blvd", "boulevard"},
	{"cct", "circuit"},
	{"cir", "circle"},
	{"cl", "close"},
	{"cres", "crescent"},
	{"ct", "court"},
	{"ctr", "center"},
	{"cv", "cove"},
	{"dr", "drive"},
	{"e", "east"},
	{"expy", "expressway"},
	{"fl", "floor"},
	{"fwy", "freeway"},
	{"hts", "heights"},
	{"hwy", "highway"},
	{"jct", "junction"},
	{"ln", "lane"},
	{"n", "north"},
	{"ne", "northeast"},
	{"nw", "northwest"},
	{"pde", "parade"},
	{"pkwy", "parkway"},
	{"pl", "place"},
	{"plz", "plaza"},
	{"pt", "point"},
	{"rd", "road"},
	{"rm", "room"},
	{"s", "south"},
	{"se", "southeast"},
	{"sq", "square"},
	{"st", "street"},
	{"ste", "suite"},
	{"str", "street"},
	{"sw", "southwest"},
	{"ter", "terrace"},
	{"terr", "terrace"},
	{"tpke", "turnpike"},
	{"trl", "trail"},
	{"w", "west"},
	{"xing", "crossing"}
};

/* first words of city names; sorted by abbr */
static const Abbrev city_abbrevs[] = {
	{"ft", "fort"},
	{"mt", "mount"},
	{"pt", "port"},
	{"st", "saint"},
	{"ste", "sainte"}
};

/* US states, DC and territories (folded name -> USPS code); sorted by abbr */
static const Abbrev us_states[] = {
	{"alabama", "al"},
	{"alaska", "ak"},
	{"american samoa", "as"},
	{"arizona", "az"},
	{"arkansas", "ar"},
	{"california", "ca"},
	{"colorado", "co"},
	{"connecticut", "ct"},
	{"delaware", "de"},
	{"district of columbia", "dc"},
	{"florida", "fl"},
	{"georgia", "ga"},
	{"guam", "gu"},
	{"hawaii", "hi"},
	{"idaho", "id"},
	{"illinois", "il"},
	{"indiana", "in"},
	{"iowa", "ia"},
	{"kansas", "ks"},
	{"kentucky", "ky"},
	{"louisiana", "la"},
	{"maine", "me"},
	{"maryland", "md"},
	{"massachusetts", "ma"},
	{"michigan", "mi"},
	{"minnesota", "mn"},
	{"mississippi", "ms"},
	{"missouri", "mo"},
	{"montana", "mt"},
	{"nebraska", "ne"},
	{"nevada", "nv"},
	{"new hampshire", "nh"},
	{"new jersey", "nj"},
	{"new mexico", "nm"},
	{"new york", "ny"},
	{"north carolina", "nc"},
	{"north dakota", "nd"},
	{"northern mariana islands", "mp"},
	{"ohio", "oh"},
	{"oklahoma", "ok"},
	{"oregon", "or"},
	{"pennsylvania", "pa"},
	{"puerto rico", "pr"},
	{"rhode island", "ri"},
	{"south carolina", "sc"},
	{"south dakota", "sd"},
	{"tennessee", "tn"},
	{"texas", "tx"},
	{"utah", "ut"},
	{"vermont", "vt"},
	{"virgin islands", "vi"},
	{"virginia", "va"},
	{"washington", "wa"},
	{"washington dc", "dc"},
	{"west virginia", "wv"},
	{"wisconsin", "wi"},
	{"wyoming", "wy"}
};

/* the full forms of street_abbrevs, sorted: designators, not names */
static const char *const street_words[] = {
	"alley",
	"apartment",
	"avenue",
	"boulevard",
	"building",
	"center",
	"circle",
	"circuit",
	"close",
	"court",
	"cove",
	"crescent",
	"crossing",
	"drive",
	"east",
	"expressway",
	"floor",
	"freeway",
	"heights",
	"highway",
	"junction",
	"lane",
	"north",
	"northeast",
	"northwest",
	"parade",
	"parkway",
	"place",
	"plaza",
	"point",
	"road",
	"room",
	"south",
	"southeast",
	"southwest",
	"square",
	"street",
	"suite",
	"terrace",
	"trail",
	"turnpike",
	"west"
};

#define LENGTHOF(a) (sizeof(a) / sizeof((a)[0]))

/*
 * lookup
 *		The entry of the sorted table whose abbr is w[0..n), or NULL.
 */
static const Abbrev *
lookup(const Abbrev *table, size_t ntable, const char *w, size_t n)
{
	size_t		lo = 0;
	size_t		hi = ntable;

	while (lo < hi)
	{
		size_t		mid = lo + (hi - lo) / 2;
		const char *a = table[mid].abbr;
		size_t		alen = strlen(a);
		int			c = memcmp(a, w, alen < n ? alen : n);

		if (c == 0)
			c = (alen > n) - (alen < n);
		if (c == 0)
			return &table[mid];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

/*
 * is_us
 *		True if country[0..len) is empty or "US" in any case.
 */
static int
is_us(const char *country, size_t len)
{
	return len == 0 ||
		(len == 2 && (country[0] == 'U' || country[0] == 'u') &&
		 (country[1] == 'S' || country[1] == 's'));
}

/*
 * put
 *		Append s[0..n) at *len in dst[0..cap), storing what fits; counts all.
 */
static void
put(char *dst, size_t cap, size_t *len, const char *s, size_t n)
{
	if (*len < cap)
	{
		size_t		room = cap - *len;

		memcpy(dst + *len, s, n < room ? n : room);
	}
	*len += n;
}

/*
 * fold_and_expand
 *		Fold src into words, then write them to dst replacing each word that
 *		the table names (every word but the first if rest, only the first if
 *		!rest).
 */
static ambc_status
fold_and_expand(const char *src, size_t srclen, char *dst, size_t dstcap,
				size_t *dstlen, const Abbrev *table, size_t ntable, int rest)
{
	char		buf[AMBC_ADDRESS_FOLD_MAX];
	size_t		blen;
	size_t		len = 0;
	size_t		i = 0;
	int			first = 1;
	ambc_status st;

	st = ambc_words_normalize(src, srclen, buf, sizeof(buf), &blen);
	if (st == AMBC_TOO_LONG)
	{
		*dstlen = 0;			/* over the fold limit: no capacity suffices */
		return st;
	}
	if (st != AMBC_OK)
		return st;

	if (dst == NULL)
		dstcap = 0;
	while (i < blen)
	{
		size_t		j = i;
		const Abbrev *ab = NULL;

		while (j < blen && buf[j] != ' ')
			j++;
		if (first != rest)
			ab = lookup(table, ntable, buf + i, j - i);
		if (!first)
			put(dst, dstcap, &len, " ", 1);
		if (ab != NULL)
			put(dst, dstcap, &len, ab->full, strlen(ab->full));
		else
			put(dst, dstcap, &len, buf + i, j - i);
		first = 0;
		i = j + 1;
	}
	/* past the fold limit the result would not normalize to itself */
	if (len > AMBC_ADDRESS_FOLD_MAX)
	{
		*dstlen = 0;
		return AMBC_TOO_LONG;
	}
	*dstlen = len;
	return len > dstcap ? AMBC_TOO_LONG : AMBC_OK;
}

/*
 * ambc_address_normalize
 *		See address.h.
 */
ambc_status
ambc_address_normalize(const char *src, size_t srclen, char *dst,
					   size_t dstcap, size_t *dstlen)
{
	return fold_and_expand(src, srclen, dst, dstcap, dstlen, street_abbrevs,
						   LENGTHOF(street_abbrevs), 1);
}

/*
 * ambc_city_normalize
 *		See address.h.
 */
ambc_status
ambc_city_normalize(const char *src, size_t srclen, char *dst, size_t dstcap,
					size_t *dstlen)
{
	return fold_and_expand(src, srclen, dst, dstcap, dstlen, city_abbrevs,
						   LENGTHOF(city_abbrevs), 0);
}

/*
 * ambc_postal_normalize
 *		See address.h.  Works on bytes: any non-ASCII byte is invalid, after
 *		the whole input has been checked to be UTF-8.
 */
ambc_status
ambc_postal_normalize(const char *src, size_t srclen, const char *country,
					  size_t countrylen, char *dst, size_t *dstlen,
					  const char **reason)
{
	size_t		n = 0;
	size_t		i;
	int			digits_only = 1;

	if (reason != NULL)
		*reason = NULL;
	if (ambc_utf8_validate(src, srclen) != AMBC_OK)
		return AMBC_BAD_UTF8;
	for (i = 0; i < srclen; i++)
	{
		unsigned char c = (unsigned char) src[i];

		if (c == ' ' || c == '-' || c == '.' || c == '\t')
			continue;
		if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
			  (c >= 'A' && c <= 'Z')))
		{
			if (reason != NULL)
				*reason = "it may hold only letters, digits, spaces and hyphens";
			return AMBC_INVALID;
		}
		if (n >= AMBC_POSTAL_MAX)
			return AMBC_TOO_LONG;
		if (c >= 'a' && c <= 'z')
			c = (unsigned char) (c - ('a' - 'A'));
		if (c > '9')
			digits_only = 0;
		dst[n++] = (char) c;
	}
	if (n == 0)
		return AMBC_EMPTY;
	if (is_us(country, countrylen))
	{
		size_t		want = (n <= 5) ? 5 : 9;

		if (!digits_only || n < 3 || n > 9 || n == 6)
		{
			if (reason != NULL)
				*reason = "a US ZIP code has 5 digits, or 9 for ZIP+4";
			return AMBC_INVALID;
		}
		/* leading zeros lost in a spreadsheet: 2134 is 02134 */
		if (n < want)
		{
			memmove(dst + (want - n), dst, n);
			memset(dst, '0', want - n);
		}
		n = 5;
	}
	*dstlen = n;
	return AMBC_OK;
}

/*
 * ambc_region_normalize
 *		See address.h.
 */
ambc_status
ambc_region_normalize(const char *src, size_t srclen, const char *country,
					  size_t countrylen, char *dst, size_t dstcap,
					  size_t *dstlen)
{
	char		buf[AMBC_ADDRESS_FOLD_MAX];
	size_t		blen;
	const Abbrev *ab = NULL;
	ambc_status st;

	st = ambc_words_normalize(src, srclen, buf, sizeof(buf), &blen);
	if (st == AMBC_TOO_LONG)
	{
		*dstlen = 0;
		return st;
	}
	if (st != AMBC_OK)
		return st;
	if (is_us(country, countrylen))
		ab = lookup(us_states, LENGTHOF(us_states), buf, blen);
	if (ab != NULL)
	{
		blen = strlen(ab->full);
		memcpy(buf, ab->full, blen);
	}
	*dstlen = blen;
	if (blen > dstcap || (dst == NULL && blen > 0))
		return AMBC_TOO_LONG;
	memcpy(dst, buf, blen);
	return AMBC_OK;
}

/*
 * ambc_address_is_designator
 *		See address.h.
 */
bool
ambc_address_is_designator(const char *w, size_t n)
{
	size_t		lo = 0;
	size_t		hi = LENGTHOF(street_words);

	while (lo < hi)
	{
		size_t		mid = lo + (hi - lo) / 2;
		const char *a = street_words[mid];
		size_t		alen = strlen(a);
		int			c = memcmp(a, w, alen < n ? alen : n);

		if (c == 0)
			c = (alen > n) - (alen < n);
		if (c == 0)
			return true;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return false;
}

/*-------------------------------------------------------------------------
 *
 * phone.c
 *		Canonical E.164 form of telephone numbers; the rules are in phone.h.
 *
 * Design
 * ------
 * One pass over the input collects the digits of the number (at most
 * DIGIT_CAP of them: no valid number, international prefix and trunk prefix
 * included, has more) and notes a leading "+"; it stops at an extension
 * marker, after checking that the extension is a number.  Everything after
 * that works on the short digit string: the international prefix, the
 * country calling code (ITU codes are prefix-free, so at most one of the
 * 1-, 2- and 3-digit prefixes is a code), the trunk prefix, and the
 * per-country checks.  The work is linear in the input and needs a few dozen
 * bytes of stack whatever its size.
 *
 * The tables are constant data.  The list of calling codes and the possible
 * national lengths are libphonenumber's metadata (8.12.57, general
 * description of each region); the NANP checks are the North American
 * Numbering Plan's own format rules, NPA-NXX-XXXX with N = 2..9.
 *
 * Worked example: "(512) 555-0100 ext. 4" with default country "us": the
 * digits are 5125550100 (the parentheses, space and dash are punctuation),
 * "ext." starts the extension "4", which is dropped; there is no "+" and no
 * international prefix, so the NANP's calling code 1 applies; ten digits,
 * area code 512 and exchange code 555 both start with 2..9 and 512 is not
 * N11: "+15125550100".
 *
 * src/core/phone.c
 *
 *-------------------------------------------------------------------------
 */
#include "phone.h"

#include <stdint.h>
#include <string.h>

#include "utf8.h"

/* most digits kept: "0011" + "0" + 15 digits fits with room to spare */
#define DIGIT_CAP 20

/* E.164 bounds on country code plus national number, as phone.h states */
#define E164_MIN 8
#define E164_MAX 15

/* how a calling code's national numbers carry a trunk prefix */
typedef enum TrunkKind
{
	TRUNK_NONE,					/* no trunk prefix; no leading "0" either */
	TRUNK_NONE_ZERO_OK,			/* no trunk prefix; "0" is part of numbers */
	TRUNK_ZERO,					/* trunk prefix "0" */
	TRUNK_NANP,					/* trunk prefix "1"; NPA-NXX-XXXX rules */
	TRUNK_MX					/* Mexico's retired 01/02/044/045 and "1" */
} TrunkKind;

/* rules for one supported calling code */
typedef struct PlanInfo
{
	uint16_t	cc;
	uint8_t		trunk;			/* a TrunkKind */
	uint32_t	lengths;		/* bit n set: n-digit national numbers exist */
} PlanInfo;

#define LEN(n) (UINT32_C(1) << (n))
#define LENS(lo, hi) ((LEN((hi) + 1) - 1) & ~(LEN(lo) - 1))

/* a supported default country */
typedef struct CountryInfo
{
	char		iso[3];			/* upper case */
	uint16_t	cc;
	const char *idd;			/* international prefix besides "00", or NULL */
} CountryInfo;

static const PlanInfo plans[] = {
	{1, TRUNK_NANP, LEN(10)},
	{27, TRUNK_ZERO, LENS(5, 10)},	/* ZA */
	{31, TRUNK_ZERO, LENS(5, 11)},	/* NL */
	{32, TRUNK_ZERO, LENS(8, 9)},	/* BE */
	{33, TRUNK_ZERO, LEN(9)},	/* FR */
	{34, TRUNK_NONE, LEN(9)},	/* ES */
	{39, TRUNK_NONE_ZERO_OK, LENS(6, 12)},	/* IT */
	{41, TRUNK_ZERO, LEN(9) | LEN(12)},	/* CH */
	{43, TRUNK_ZERO, LENS(4, 13)},	/* AT */
	{44, TRUNK_ZERO, LEN(7) | LENS(9, 10)},	/* GB */
	{45, TRUNK_NONE, LEN(8)},	/* DK */
	{46, TRUNK_ZERO, LENS(6, 10) | LEN(12)},	/* SE */
	{47, TRUNK_NONE, LEN(5) | LEN(8)},	/* NO */
	{48, TRUNK_NONE, LENS(6, 10)},	/* PL */
	{49, TRUNK_ZERO, LENS(4, 15)},	/* DE */
	{52, TRUNK_MX, LEN(10)},	/* MX, after its old prefixes are gone */
	{55, TRUNK_ZERO, LENS(8, 11)},	/* BR */
	{61, TRUNK_ZERO, LENS(5, 10) | LEN(12)},	/* AU */
	{64, TRUNK_ZERO, LENS(5, 10)},	/* NZ */
	{65, TRUNK_NONE, LEN(8) | LENS(10, 11)},	/* SG */
	{81, TRUNK_ZERO, LENS(8, 17)},	/* JP */
	{82, TRUNK_ZERO, LENS(5, 6) | LENS(8, 14)},	/* KR */
	{86, TRUNK_ZERO, LENS(7, 12)},	/* CN */
	{91, TRUNK_ZERO, LENS(8, 13)},	/* IN */
	{351, TRUNK_NONE, LEN(9)},	/* PT */
	{353, TRUNK_ZERO, LENS(7, 10)},	/* IE */
	{358, TRUNK_ZERO, LENS(5, 12)},	/* FI */
};

static const CountryInfo countries[] = {
	/* the North American Numbering Plan */
	{"US", 1, "011"}, {"CA", 1, "011"}, {"AG", 1, "011"}, {"AI", 1, "011"},
	{"AS", 1, "011"}, {"BB", 1, "011"}, {"BM", 1, "011"}, {"BS", 1, "011"},
	{"DM", 1, "011"}, {"DO", 1, "011"}, {"GD", 1, "011"}, {"GU", 1, "011"},
	{"JM", 1, "011"}, {"KN", 1, "011"}, {"KY", 1, "011"}, {"LC", 1, "011"},
	{"MP", 1, "011"}, {"MS", 1, "011"}, {"PR", 1, "011"}, {"SX", 1, "011"},
	{"TC", 1, "011"}, {"TT", 1, "011"}, {"VC", 1, "011"}, {"VG", 1, "011"},
	{"VI", 1, "011"},
	/* the rest */
	{"GB", 44, NULL}, {"UK", 44, NULL}, {"AU", 61, "0011"}, {"NZ", 64, NULL},
	{"IE", 353, NULL}, {"DE", 49, NULL}, {"FR", 33, NULL}, {"ES", 34, NULL},
	{"IT", 39, NULL}, {"NL", 31, NULL}, {"BE", 32, NULL}, {"SE", 46, NULL},
	{"NO", 47, NULL}, {"DK", 45, NULL}, {"FI", 358, NULL}, {"PL", 48, NULL},
	{"PT", 351, NULL}, {"CH", 41, NULL}, {"AT", 43, NULL}, {"MX", 52, NULL},
	{"BR", 55, NULL}, {"IN", 91, NULL}, {"JP", 81, "010"}, {"CN", 86, NULL},
	{"KR", 82, NULL}, {"SG", 65, NULL}, {"ZA", 27, NULL},
};

/* every assigned country calling code, ascending (libphonenumber 8.12.57) */
static const uint16_t calling_codes[] = {
	1, 7, 20, 27, 30, 31, 32, 33, 34, 36, 39, 40, 41, 43, 44, 45, 46, 47, 48,
	49, 51, 52, 53, 54, 55, 56, 57, 58, 60, 61, 62, 63, 64, 65, 66, 81, 82,
	84, 86, 90, 91, 92, 93, 94, 95, 98, 211, 212, 213, 216, 218, 220, 221,
	222, 223, 224, 225, 226, 227, 228, 229, 230, 231, 232, 233, 234, 235, 236,
	237, 238, 239, 240, 241, 242, 243, 244, 245, 246, 247, 248, 249, 250, 251,
	252, 253, 254, 255, 256, 257, 258, 260, 261, 262, 263, 264, 265, 266, 267,
	268, 269, 290, 291, 297, 298, 299, 350, 351, 352, 353, 354, 355, 356, 357,
	358, 359, 370, 371, 372, 373, 374, 375, 376, 377, 378, 380, 381, 382, 383,
	385, 386, 387, 389, 420, 421, 423, 500, 501, 502, 503, 504, 505, 506, 507,
	508, 509, 590, 591, 592, 593, 594, 595, 596, 597, 598, 599, 670, 672, 673,
	674, 675, 676, 677, 678, 679, 680, 681, 682, 683, 685, 686, 687, 688, 689,
	690, 691, 692, 800, 808, 850, 852, 853, 855, 856, 870, 878, 880, 881, 882,
	883, 886, 888, 960, 961, 962, 963, 964, 965, 966, 967, 968, 970, 971, 972,
	973, 974, 975, 976, 977, 979, 992, 993, 994, 995, 996, 998
};

/* extension markers, longest first among those sharing a beginning */
static const char *const ext_markers[] = {
	"extension", "extn.", "extn", "ext.", "ext:", "ext", "x", "#", ";ext="
};

#define lengthof(a) (sizeof(a) / sizeof((a)[0]))

/*
 * fail
 *		Set *reason (if wanted) and return st; the common error exit.
 */
static ambc_status
fail(const char **reason, const char *why, ambc_status st)
{
	if (reason != NULL)
		*reason = why;
	return st;
}

/*
 * is_space_cp
 *		True for white space (ASCII and Unicode White_Space) and the
 *		invisible ZERO WIDTH SPACE, WORD JOINER and BOM of pasted text.
 */
static int
is_space_cp(int32_t cp)
{
	return cp == ' ' || (cp >= 0x09 && cp <= 0x0D) || cp == 0x85 ||
		cp == 0xA0 || cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200B) ||
		cp == 0x2028 || cp == 0x2029 || cp == 0x202F || cp == 0x205F ||
		cp == 0x2060 || cp == 0x3000 || cp == 0xFEFF;
}

/*
 * is_punct_cp
 *		True for the punctuation of rule 2 in phone.h (white space included).
 */
static int
is_punct_cp(int32_t cp)
{
	switch (cp)
	{
		case '.':
		case '-':
		case '(':
		case ')':
		case '/':
		case '[':
		case ']':
		case 0x2212:			/* MINUS SIGN */
		case 0xFF08:			/* fullwidth ( ) - . / */
		case 0xFF09:
		case 0xFF0D:
		case 0xFF0E:
		case 0xFF0F:
			return 1;
	}
	return (cp >= 0x2010 && cp <= 0x2015) || is_space_cp(cp);
}

/*
 * digit_value
 *		The value of a decimal digit of rule 2 in phone.h, or -1.
 */
static int
digit_value(int32_t cp)
{
	if (cp >= '0' && cp <= '9')
		return cp - '0';
	if (cp >= 0xFF10 && cp <= 0xFF19)
		return cp - 0xFF10;
	if (cp >= 0x0660 && cp <= 0x0669)
		return cp - 0x0660;
	if (cp >= 0x06F0 && cp <= 0x06F9)
		return cp - 0x06F0;
	return -1;
}

/*
 * ascii_lower
 *		Lower-case an ASCII letter; every other byte is returned unchanged.
 */
static char
ascii_lower(char c)
{
	return (c >= 'A' && c <= 'Z') ? (char) (c + ('a' - 'A')) : c;
}

/*
 * has_prefix_ci
 *		True if s[0..len) starts with the lower-case ASCII literal lit,
 *		ignoring the case of ASCII letters.
 */
static int
has_prefix_ci(const char *s, size_t len, const char *lit)
{
	size_t		n = strlen(lit);
	size_t		i;

	if (len < n)
		return 0;
	for (i = 0; i < n; i++)
		if (ascii_lower(s[i]) != lit[i])
			return 0;
	return 1;
}

/*
 * find_country
 *		The supported country named by s[0..len) (two ASCII letters, any
 *		case), or NULL.
 */
static const CountryInfo *
find_country(const char *s, size_t len)
{
	char		up[2];
	size_t		i;

	if (s == NULL || len != 2)
		return NULL;
	for (i = 0; i < 2; i++)
	{
		char		c = s[i];

		if (c >= 'a' && c <= 'z')
			c = (char) (c - ('a' - 'A'));
		if (c < 'A' || c > 'Z')
			return NULL;
		up[i] = c;
	}
	for (i = 0; i < lengthof(countries); i++)
		if (countries[i].iso[0] == up[0] && countries[i].iso[1] == up[1])
			return &countries[i];
	return NULL;
}

/*
 * find_plan
 *		The rules for calling code cc, or NULL if it is not a supported one.
 */
static const PlanInfo *
find_plan(unsigned cc)
{
	size_t		i;

	for (i = 0; i < lengthof(plans); i++)
		if (plans[i].cc == cc)
			return &plans[i];
	return NULL;
}

/*
 * is_calling_code
 *		True if cc is an assigned country calling code.
 */
static int
is_calling_code(unsigned cc)
{
	size_t		lo = 0;
	size_t		hi = lengthof(calling_codes);

	while (lo < hi)
	{
		size_t		mid = lo + (hi - lo) / 2;

		if (calling_codes[mid] == cc)
			return 1;
		if (calling_codes[mid] < cc)
			lo = mid + 1;
		else
			hi = mid;
	}
	return 0;
}

/*
 * match_marker
 *		Length of the extension marker at s[0..len), or 0 if there is none.
 */
static size_t
match_marker(const char *s, size_t len)
{
	size_t		i;

	for (i = 0; i < lengthof(ext_markers); i++)
		if (has_prefix_ci(s, len, ext_markers[i]))
			return strlen(ext_markers[i]);
	return 0;
}

/*
 * check_extension
 *		Rule 3's condition on the text after an extension marker: digits and
 *		punctuation only, at least one digit.  Returns NULL if it holds, else
 *		the reason.
 */
static const char *
check_extension(const char *src, size_t pos, size_t end)
{
	int			digits = 0;
	int32_t		cp;

	while (pos < end)
	{
		if (ambc_utf8_next(src, end, &pos, &cp) != AMBC_OK)
			return "it is not valid UTF-8";	/* cannot happen */
		if (digit_value(cp) >= 0)
			digits++;
		else if (!is_punct_cp(cp))
			return "the extension is not a number";
	}
	return digits > 0 ? NULL : "the extension is not a number";
}

/*
 * collect_digits
 *		Rules 2 and 3 over src[start..end): store the number's digits (ASCII)
 *		in digits[0..*ndigits) and set *plus if it starts with "+".  Returns
 *		NULL on success, else the reason.
 */
static const char *
collect_digits(const char *src, size_t start, size_t end,
			   char *digits, size_t *ndigits, int *plus)
{
	size_t		pos = start;
	size_t		n = 0;
	int32_t		cp;

	*plus = 0;
	if (has_prefix_ci(src + pos, end - pos, "tel:"))
		pos += 4;
	while (pos < end)
	{
		int			d;

		if (n > 0)
		{
			size_t		mlen = match_marker(src + pos, end - pos);

			if (mlen > 0)
			{
				const char *why = check_extension(src, pos + mlen, end);

				if (why != NULL)
					return why;
				break;
			}
		}
		if (ambc_utf8_next(src, end, &pos, &cp) != AMBC_OK)
			return "it is not valid UTF-8";	/* cannot happen */
		d = digit_value(cp);
		if (d >= 0)
		{
			if (n >= DIGIT_CAP)
				return "it has too many digits";
			digits[n++] = (char) ('0' + d);
			continue;
		}
		if (cp == '+' || cp == 0xFF0B)
		{
			if (n > 0 || *plus)
				return "\"+\" can only come first";
			*plus = 1;
			continue;
		}
		if (is_punct_cp(cp))
			continue;
		if ((cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z'))
			return "it contains letters";
		return "it contains a character that is not allowed";
	}
	if (n == 0)
		return "it has no digits";
	*ndigits = n;
	return NULL;
}

/*
 * split_calling_code
 *		Find the calling code at the start of d[0..n); set *cc and *cclen.
 *		Returns 0 if none of the prefixes is an assigned code.
 */
static int
split_calling_code(const char *d, size_t n, unsigned *cc, size_t *cclen)
{
	unsigned	v = 0;
	size_t		len;

	if (n == 0 || d[0] == '0')
		return 0;
	for (len = 1; len <= 3 && len <= n; len++)
	{
		v = v * 10 + (unsigned) (d[len - 1] - '0');
		if (is_calling_code(v))
		{
			*cc = v;
			*cclen = len;
			return 1;
		}
	}
	return 0;
}

/*
 * check_nanp
 *		Rule 6 for a +1 national number nsn[0..n).  Returns NULL if valid,
 *		else the reason.
 */
static const char *
check_nanp(const char *nsn, size_t n)
{
	if (n < 10)
		return "it has too few digits";
	if (n > 10)
		return "it has too many digits";
	if (nsn[0] < '2')
		return "the area code cannot start with 0 or 1";
	if (nsn[1] == '1' && nsn[2] == '1')
		return "the area code is an N11 service code";
	if (nsn[3] < '2')
		return "the exchange code cannot start with 0 or 1";
	return NULL;
}

/*
 * ambc_phone_normalize
 *		See phone.h.
 */
ambc_status
ambc_phone_normalize(const char *src, size_t srclen,
					 const char *country, size_t countrylen,
					 char *dst, size_t dstcap, size_t *dstlen,
					 const char **reason)
{
	const CountryInfo *ci;
	const PlanInfo *plan;
	char		digits[DIGIT_CAP];
	size_t		ndigits = 0;
	int			plus = 0;
	int			intl;
	const char *d;
	size_t		n;
	const char *nsn;
	size_t		nsnlen;
	unsigned	cc = 0;
	size_t		cclen = 0;
	char		ccbuf[4];
	size_t		start = 0;
	size_t		end = srclen;
	size_t		need;
	size_t		i;
	const char *why;
	int32_t		cp;

	if (reason != NULL)
		*reason = NULL;
	if (ambc_utf8_validate(src, srclen) != AMBC_OK)
		return fail(reason, "it is not valid UTF-8", AMBC_BAD_UTF8);
	ci = find_country(country, countrylen);
	if (ci == NULL)
		return fail(reason, "unknown country", AMBC_INVALID);

	/* trim white space at the start; trailing white space is punctuation */
	while (start < end)
	{
		size_t		pos = start;

		if (ambc_utf8_next(src, end, &pos, &cp) != AMBC_OK || !is_space_cp(cp))
			break;
		start = pos;
	}
	if (start == end)
		return fail(reason, "it is empty", AMBC_EMPTY);

	why = collect_digits(src, start, end, digits, &ndigits, &plus);
	if (why != NULL)
		return fail(reason, why, AMBC_INVALID);

	/* rule 4: international prefix and calling code */
	d = digits;
	n = ndigits;
	intl = plus;
	if (!intl && ci->idd != NULL && n >= strlen(ci->idd) &&
		memcmp(d, ci->idd, strlen(ci->idd)) == 0)
	{
		d += strlen(ci->idd);
		n -= strlen(ci->idd);
		intl = 1;
	}
	else if (!intl && n >= 2 && d[0] == '0' && d[1] == '0')
	{
		d += 2;
		n -= 2;
		intl = 1;
	}
	if (intl)
	{
		if (n == 0)
			return fail(reason,
						"it has no digits after the international prefix",
						AMBC_INVALID);
		if (!split_calling_code(d, n, &cc, &cclen))
			return fail(reason, "unknown country calling code", AMBC_INVALID);
		nsn = d + cclen;
		nsnlen = n - cclen;
		plan = find_plan(cc);
		/* a trunk prefix written after the country code */
		if (plan != NULL && plan->trunk == TRUNK_ZERO &&
			nsnlen > 0 && nsn[0] == '0')
		{
			nsn++;
			nsnlen--;
		}
		else if (plan != NULL && plan->trunk == TRUNK_MX &&
				 nsnlen == 11 && nsn[0] == '1')
		{
			nsn++;
			nsnlen--;
		}
	}
	else
	{
		/* rule 5: a national number of the default country */
		cc = ci->cc;
		cclen = cc >= 100 ? 3 : cc >= 10 ? 2 : 1;
		plan = find_plan(cc);
		nsn = d;
		nsnlen = n;
		if (plan == NULL)		/* cannot happen: every country has a plan */
			return fail(reason, "unknown country", AMBC_INVALID);
		switch ((TrunkKind) plan->trunk)
		{
			case TRUNK_NANP:
				if (nsnlen == 11 && nsn[0] == '1')
				{
					nsn++;
					nsnlen--;
				}
				break;
			case TRUNK_MX:
				if ((nsnlen == 12 && nsn[0] == '0' &&
					 (nsn[1] == '1' || nsn[1] == '2')) ||
					(nsnlen == 13 && nsn[0] == '0' && nsn[1] == '4' &&
					 (nsn[2] == '4' || nsn[2] == '5')))
				{
					nsn += nsnlen - 10;
					nsnlen = 10;
				}
				else if (nsnlen == 11 && nsn[0] == '1')
				{
					nsn++;
					nsnlen--;
				}
				break;
			case TRUNK_ZERO:
				if (nsn[0] == '0')
				{
					nsn++;
					nsnlen--;
				}
				break;
			case TRUNK_NONE:
			case TRUNK_NONE_ZERO_OK:
				break;
		}
	}

	/* rule 6: validation */
	if (plan != NULL && plan->trunk == TRUNK_NANP)
	{
		why = check_nanp(nsn, nsnlen);
		if (why != NULL)
			return fail(reason, why, AMBC_INVALID);
	}
	else if (plan != NULL)
	{
		/* lengths of 32 and more cannot happen: DIGIT_CAP bounds them */
		if (nsnlen >= 32 || (plan->lengths & LEN(nsnlen)) == 0)
		{
			if (nsnlen >= 32 || (plan->lengths >> nsnlen) == 0)
				return fail(reason, "it has too many digits", AMBC_INVALID);
			if ((plan->lengths & (LEN(nsnlen) - 1)) == 0)
				return fail(reason, "it has too few digits", AMBC_INVALID);
			return fail(reason,
						"it has the wrong number of digits for its country",
						AMBC_INVALID);
		}
		if (nsn[0] == '0' && plan->trunk != TRUNK_NONE_ZERO_OK)
			return fail(reason, "the national number cannot start with 0",
						AMBC_INVALID);
	}
	if (cclen + nsnlen < E164_MIN)
		return fail(reason, "it has too few digits", AMBC_INVALID);
	if (cclen + nsnlen > E164_MAX)
		return fail(reason, "it has too many digits", AMBC_INVALID);

	/* write "+", the calling code and the national number */
	need = 1 + cclen + nsnlen;
	if (need > dstcap)
	{
		*dstlen = need;
		return fail(reason, "the result does not fit the output buffer",
					AMBC_TOO_LONG);
	}
	for (i = cclen; i > 0; i--)
	{
		ccbuf[i - 1] = (char) ('0' + cc % 10);
		cc /= 10;
	}
	dst[0] = '+';
	memcpy(dst + 1, ccbuf, cclen);
	memcpy(dst + 1 + cclen, nsn, nsnlen);
	*dstlen = need;
	return AMBC_OK;
}

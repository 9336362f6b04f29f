/*-------------------------------------------------------------------------
 *
 * email.c
 *		Canonical form of email addresses; the rules are in email.h.
 *
 * Design
 * ------
 * The whole input is checked for well-formed UTF-8 first, so every later
 * step may decode without failing and malformed input is reported as such
 * wherever it is.  Each step after that narrows a [start, end) span of the
 * input: trimming, the "Name <addr>" wrapper, "mailto:"; nothing is copied
 * until the address has been fully validated, and then it is written once,
 * lower-cased, with the sub-address (and, for Gmail, the dots) left out.
 * Every pass is linear and uses no memory beyond a few indexes, so a
 * megabyte of input costs a few milliseconds and is rejected by rule 2.
 *
 * Worked example: " Bob.Smith+etsy@GMAIL.com " is trimmed; it has one "@";
 * the local part "Bob.Smith+etsy" is a dot-atom, its sub-address "+etsy"
 * goes; the domain "GMAIL.com" has two valid labels and lower-cases to
 * "gmail.com", so the dots of "Bob.Smith" go too: "bobsmith@gmail.com".
 *
 * src/core/email.c
 *
 *-------------------------------------------------------------------------
 */
#include "email.h"

#include <stdint.h>
#include <string.h>
#include <utf8proc.h>

#include "utf8.h"

/* RFC 5321 limits, in bytes */
#define LOCAL_MAX 64
#define LABEL_MAX 63

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
 *		True for white space: ASCII white space and Unicode White_Space.
 */
static int
is_space_cp(int32_t cp)
{
	return cp == ' ' || (cp >= 0x09 && cp <= 0x0D) || cp == 0x85 ||
		cp == 0xA0 || cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200A) ||
		cp == 0x2028 || cp == 0x2029 || cp == 0x202F || cp == 0x205F ||
		cp == 0x3000;
}

/*
 * is_trimmed_cp
 *		True for what is trimmed from either end: white space and the
 *		invisible ZERO WIDTH SPACE, WORD JOINER and BOM that pasted text
 *		carries.  Every one of them is rejected inside an address, which is
 *		what makes trimming idempotent.
 */
static int
is_trimmed_cp(int32_t cp)
{
	return is_space_cp(cp) || cp == 0x200B || cp == 0x2060 || cp == 0xFEFF;
}

/*
 * trim
 *		Narrow [*start, *end) of the (valid UTF-8) src to exclude leading and
 *		trailing trimmed code points.
 */
static void
trim(const char *src, size_t *start, size_t *end)
{
	size_t		pos = *start;
	size_t		first = *end;
	size_t		last = *start;
	int32_t		cp;

	while (pos < *end)
	{
		size_t		at = pos;

		if (ambc_utf8_next(src, *end, &pos, &cp) != AMBC_OK)
			break;				/* cannot happen: validated by the caller */
		if (!is_trimmed_cp(cp))
		{
			if (first == *end)
				first = at;
			last = pos;
		}
	}
	if (first == *end)
	{
		*start = *end;
		return;
	}
	*start = first;
	*end = last;
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
 *		True if s[0..len) starts with the ASCII literal lit, ignoring the case
 *		of ASCII letters.
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
 * equals_ci
 *		True if s[0..len) is the lower-case ASCII literal lit in any case.
 */
static int
equals_ci(const char *s, size_t len, const char *lit)
{
	return len == strlen(lit) && has_prefix_ci(s, len, lit);
}

/*
 * is_atext
 *		True for the ASCII characters of an RFC 5322 atom (not ".").
 */
static int
is_atext(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		(c >= '0' && c <= '9') ||
		(c != '\0' && strchr("!#$%&'*+-/=?^_`{|}~", c) != NULL);
}

/*
 * unwrap
 *		Apply rule 1 of email.h to [*start, *end): trim, take the inside of a
 *		"Name <addr>" form, drop "mailto:" and its query.
 */
static void
unwrap(const char *src, size_t *start, size_t *end)
{
	size_t		i;

	trim(src, start, end);
	if (*end > *start && src[*end - 1] == '>')
	{
		size_t		lt = *end;

		for (i = *end - 1; i > *start; i--)
		{
			if (src[i - 1] == '<')
			{
				lt = i - 1;
				break;
			}
		}
		if (lt < *end)
		{
			*start = lt + 1;
			*end = *end - 1;
			trim(src, start, end);
		}
	}
	if (has_prefix_ci(src + *start, *end - *start, "mailto:"))
	{
		*start += 7;
		for (i = *start; i < *end; i++)
		{
			if (src[i] == '?')
			{
				*end = i;
				break;
			}
		}
		trim(src, start, end);
	}
}

/*
 * check_chars
 *		Rule 2 over the address span: no white space, control or format
 *		characters; exactly one "@", whose offset is stored in *at.  Returns
 *		NULL if the span passes, else the reason.
 */
static const char *
check_chars(const char *src, size_t start, size_t end, size_t *at)
{
	size_t		pos = start;
	size_t		nat = 0;
	int32_t		cp;

	while (pos < end)
	{
		size_t		here = pos;

		if (ambc_utf8_next(src, end, &pos, &cp) != AMBC_OK)
			return "it is not valid UTF-8";	/* cannot happen */
		if (is_space_cp(cp))
			return "it contains white space";
		if (cp < 0x20 || cp == 0x7F)
			return "it contains a control character";
		if (cp >= 0x80)
		{
			utf8proc_category_t cat = utf8proc_category(cp);

			if (cat == UTF8PROC_CATEGORY_CC)
				return "it contains a control character";
			if (cat == UTF8PROC_CATEGORY_CF)
				return "it contains an invisible formatting character";
		}
		if (cp == '@')
		{
			if (nat == 0)
				*at = here;
			nat++;
		}
	}
	if (nat == 0)
		return "it has no \"@\"";
	if (nat > 1)
		return "it has more than one \"@\"";
	return NULL;
}

/*
 * check_local
 *		Rule 3 over the local part src[start..end) (non-empty); on success
 *		*baseend is the end of the part kept (before the first "+").  Returns
 *		NULL if valid, else the reason.
 */
static const char *
check_local(const char *src, size_t start, size_t end, size_t *baseend)
{
	size_t		i;
	size_t		plus = end;

	if (src[start] == '.')
		return "the local part starts with a dot";
	if (src[end - 1] == '.')
		return "the local part ends with a dot";
	for (i = start; i < end; i++)
	{
		unsigned char c = (unsigned char) src[i];

		if (c >= 0x80)
			continue;			/* UTF-8 text, checked by check_chars */
		if (c == '.')
		{
			if (src[i - 1] == '.')
				return "the local part has two dots in a row";
			continue;
		}
		if (c == '"')
			return "quoted local parts are not supported";
		if (!is_atext((char) c))
			return "the local part has a character that is not allowed";
		if (c == '+' && plus == end)
			plus = i;
	}
	if (plus == start)
		return "the local part has nothing before \"+\"";
	if (src[plus - 1] == '.')
		return "the local part has a dot before \"+\"";
	*baseend = plus;
	return NULL;
}

/*
 * check_domain
 *		Rule 4 over the domain src[start..end) (non-empty, trailing dot
 *		already removed).  Returns NULL if valid, else the reason.
 */
static const char *
check_domain(const char *src, size_t start, size_t end)
{
	size_t		pos = start;
	size_t		label_start = start;
	int			labels = 0;
	int			all_digits = 1;
	int32_t		cp;

	for (;;)
	{
		size_t		here = pos;

		if (pos >= end || src[pos] == '.')
		{
			size_t		len = here - label_start;

			if (len == 0)
				return here == start ? "the domain starts with a dot" :
					"the domain has two dots in a row";
			if (len > LABEL_MAX)
				return "a domain label is longer than 63 bytes";
			if (src[label_start] == '-' || src[here - 1] == '-')
				return "a domain label starts or ends with a hyphen";
			labels++;
			if (pos >= end)
				break;
			pos++;
			label_start = pos;
			all_digits = 1;
			continue;
		}
		if (ambc_utf8_next(src, end, &pos, &cp) != AMBC_OK)
			return "it is not valid UTF-8";	/* cannot happen */
		if (cp < 0x80)
		{
			if (cp >= '0' && cp <= '9')
				continue;
			all_digits = 0;
			if ((cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') ||
				cp == '-')
				continue;
			return "the domain has a character that is not allowed";
		}
		all_digits = 0;
		switch (utf8proc_category(cp))
		{
			case UTF8PROC_CATEGORY_LU:
			case UTF8PROC_CATEGORY_LL:
			case UTF8PROC_CATEGORY_LT:
			case UTF8PROC_CATEGORY_LM:
			case UTF8PROC_CATEGORY_LO:
			case UTF8PROC_CATEGORY_MN:
			case UTF8PROC_CATEGORY_MC:
			case UTF8PROC_CATEGORY_ME:
			case UTF8PROC_CATEGORY_ND:
			case UTF8PROC_CATEGORY_NL:
			case UTF8PROC_CATEGORY_NO:
				break;
			default:
				return "the domain has a character that is not allowed";
		}
	}
	if (labels < 2)
		return "the domain has no dot";
	if (all_digits)
		return "the top-level domain is all digits";
	return NULL;
}

/*
 * ambc_email_normalize
 *		See email.h.
 */
ambc_status
ambc_email_normalize(const char *src, size_t srclen, char *dst, size_t dstcap,
					 size_t *dstlen, const char **reason)
{
	size_t		start = 0;
	size_t		end = srclen;
	size_t		at = 0;
	size_t		baseend = 0;
	size_t		dstart;
	size_t		dend;
	size_t		need;
	size_t		k;
	size_t		i;
	int			gmail;
	const char *why;

	if (reason != NULL)
		*reason = NULL;
	if (ambc_utf8_validate(src, srclen) != AMBC_OK)
		return fail(reason, "it is not valid UTF-8", AMBC_BAD_UTF8);

	trim(src, &start, &end);
	if (start == end)
		return fail(reason, "it is empty", AMBC_EMPTY);
	unwrap(src, &start, &end);
	if (start == end)
		return fail(reason, "it has no \"@\"", AMBC_INVALID);

	/* rule 2: the shape */
	why = check_chars(src, start, end, &at);
	if (why != NULL)
		return fail(reason, why, AMBC_INVALID);
	if (at == start)
		return fail(reason, "the local part is empty", AMBC_INVALID);
	dstart = at + 1;
	dend = end;
	if (dend > dstart && src[dend - 1] == '.')
		dend--;
	if (dend == dstart)
		return fail(reason, "the domain is empty", AMBC_INVALID);
	if (at - start > LOCAL_MAX)
		return fail(reason, "the local part is longer than 64 bytes",
					AMBC_INVALID);
	if (dend - start > AMBC_EMAIL_MAX)
		return fail(reason, "it is longer than 254 bytes", AMBC_INVALID);

	/* rules 3 and 4 */
	why = check_local(src, start, at, &baseend);
	if (why != NULL)
		return fail(reason, why, AMBC_INVALID);
	why = check_domain(src, dstart, dend);
	if (why != NULL)
		return fail(reason, why, AMBC_INVALID);

	/* rule 6, then the length of the result */
	gmail = equals_ci(src + dstart, dend - dstart, "gmail.com") ||
		equals_ci(src + dstart, dend - dstart, "googlemail.com");
	need = 0;
	for (i = start; i < baseend; i++)
		if (!(gmail && src[i] == '.'))
			need++;
	need += 1 + (gmail ? strlen("gmail.com") : dend - dstart);
	if (need > dstcap)
	{
		*dstlen = need;
		return fail(reason, "the result does not fit the output buffer",
					AMBC_TOO_LONG);
	}

	/* write it, lower-casing ASCII (rule 5) */
	k = 0;
	for (i = start; i < baseend; i++)
		if (!(gmail && src[i] == '.'))
			dst[k++] = ascii_lower(src[i]);
	dst[k++] = '@';
	if (gmail)
	{
		memcpy(dst + k, "gmail.com", strlen("gmail.com"));
		k += strlen("gmail.com");
	}
	else
	{
		for (i = dstart; i < dend; i++)
			dst[k++] = ascii_lower(src[i]);
	}
	*dstlen = k;
	return AMBC_OK;
}

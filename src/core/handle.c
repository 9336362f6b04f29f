/*-------------------------------------------------------------------------
 *
 * handle.c
 *		Canonical form of social media handles; the rules are in handle.h.
 *
 * Design
 * ------
 * After a whole-input UTF-8 check and trimming, the value is classified once
 * (rule 2 of handle.h) by looking at the text before its first "/", "?" or
 * "#".  A URL is then cut into host, path and query by byte offsets; only
 * the path's first two segments and, for Facebook, the query are ever
 * looked at, so the work is linear and uses no buffer.  Whatever the route,
 * the result is a span of the input (the NAME) that goes through the same
 * final check: platform character set, at least one letter or digit, length,
 * not a host name; then it is written lower-cased.
 *
 * Why the last check: bare handles may contain dots, so "instagram.com/
 * instagram.com" would otherwise give "instagram.com", which rule 2 reads
 * back as a URL without a profile.  Refusing host names as handles in every
 * route keeps normalization idempotent.
 *
 * Worked example: "https://www.instagram.com/bobsmith_makes/?hl=en": the
 * scheme goes, "www.instagram.com" is an Instagram host, the path
 * "/bobsmith_makes/" has first segment "bobsmith_makes", not a site path,
 * the query "?hl=en" is ignored; the name has only letters and "_":
 * "bobsmith_makes".
 *
 * src/core/handle.c
 *
 *-------------------------------------------------------------------------
 */
#include "handle.h"

#include <stdint.h>
#include <string.h>
#include <utf8proc.h>

#include "utf8.h"

/* longest Facebook numeric profile id accepted */
#define FB_ID_MAX 20

typedef enum Platform
{
	PLAT_UNKNOWN,				/* not a supported host */
	PLAT_BARE,					/* a bare handle, platform unknown */
	PLAT_INSTAGRAM,
	PLAT_TIKTOK,
	PLAT_X,
	PLAT_YOUTUBE,
	PLAT_FACEBOOK,
	PLAT_PINTEREST,
	PLAT_SHORTLINK				/* recognised, never a profile */
} Platform;

/* characters besides ASCII letters and digits a platform allows */
#define CH_UNDERSCORE	0x01
#define CH_DOT			0x02
#define CH_HYPHEN		0x04

typedef struct HostInfo
{
	const char *name;
	Platform	plat;
} HostInfo;

static const HostInfo hosts[] = {
	{"instagram.com", PLAT_INSTAGRAM},
	{"www.instagram.com", PLAT_INSTAGRAM},
	{"m.instagram.com", PLAT_INSTAGRAM},
	{"instagr.am", PLAT_INSTAGRAM},
	{"www.instagr.am", PLAT_INSTAGRAM},
	{"tiktok.com", PLAT_TIKTOK},
	{"www.tiktok.com", PLAT_TIKTOK},
	{"m.tiktok.com", PLAT_TIKTOK},
	{"x.com", PLAT_X},
	{"www.x.com", PLAT_X},
	{"mobile.x.com", PLAT_X},
	{"twitter.com", PLAT_X},
	{"www.twitter.com", PLAT_X},
	{"mobile.twitter.com", PLAT_X},
	{"m.twitter.com", PLAT_X},
	{"youtube.com", PLAT_YOUTUBE},
	{"www.youtube.com", PLAT_YOUTUBE},
	{"m.youtube.com", PLAT_YOUTUBE},
	{"facebook.com", PLAT_FACEBOOK},
	{"www.facebook.com", PLAT_FACEBOOK},
	{"m.facebook.com", PLAT_FACEBOOK},
	{"mobile.facebook.com", PLAT_FACEBOOK},
	{"web.facebook.com", PLAT_FACEBOOK},
	{"mbasic.facebook.com", PLAT_FACEBOOK},
	{"fb.com", PLAT_FACEBOOK},
	{"www.fb.com", PLAT_FACEBOOK},
	{"pin.it", PLAT_SHORTLINK},
	{"vm.tiktok.com", PLAT_SHORTLINK},
	{"vt.tiktok.com", PLAT_SHORTLINK},
	{"youtu.be", PLAT_SHORTLINK},
};

/* first path segments that are site pages, not profiles */
static const char *const instagram_paths[] = {
	"p", "reel", "reels", "tv", "stories", "explore", "accounts", "direct",
	"about", "legal", "developer", "web", "challenge", "emails", "session",
	"oauth", "api", "graphql", "static", "privacy", "terms", "s", "ar",
	"music", "topics", "directory", NULL
};

static const char *const x_paths[] = {
	"i", "home", "explore", "search", "intent", "share", "hashtag",
	"notifications", "messages", "settings", "login", "logout", "signup",
	"tos", "privacy", "compose", "account", "about", "download", "jobs",
	"help", "rules", "communities", NULL
};

static const char *const facebook_paths[] = {
	"pages", "groups", "events", "watch", "marketplace", "gaming",
	"photo.php", "photo", "photos", "story.php", "permalink.php", "sharer",
	"sharer.php", "share", "login", "login.php", "help", "people", "hashtag",
	"reel", "reels", "videos", "messages", "notifications", "settings",
	"friends", "search", "home.php", "l.php", "dialog", "plugins", "stories",
	"fundraisers", "business", "ads", "legal", "policies", "privacy", "p",
	NULL
};

static const char *const pinterest_paths[] = {
	"pin", "search", "ideas", "today", "categories", "business", "settings",
	"login", "_", "explore", "topics", "videos", "news_hub", "resource",
	"create", "password", "signup", "about", "help", NULL
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
 *		invisible U+200B, U+2060 and U+FEFF, all rejected inside a value.
 */
static int
is_trimmed_cp(int32_t cp)
{
	return is_space_cp(cp) || cp == 0x200B || cp == 0x2060 || cp == 0xFEFF;
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
 * is_alnum
 *		True for an ASCII letter or digit.
 */
static int
is_alnum(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		(c >= '0' && c <= '9');
}

/*
 * equals_ci
 *		True if s[0..len) is the lower-case ASCII literal lit in any case.
 */
static int
equals_ci(const char *s, size_t len, const char *lit)
{
	size_t		i;

	if (len != strlen(lit))
		return 0;
	for (i = 0; i < len; i++)
		if (ascii_lower(s[i]) != lit[i])
			return 0;
	return 1;
}

/*
 * has_prefix_ci
 *		True if s[0..len) starts with the lower-case ASCII literal lit in any
 *		case.
 */
static int
has_prefix_ci(const char *s, size_t len, const char *lit)
{
	size_t		n = strlen(lit);

	return len >= n && equals_ci(s, n, lit);
}

/*
 * in_list
 *		True if s[0..len) is, in any case, one of the NULL-terminated list.
 */
static int
in_list(const char *s, size_t len, const char *const *list)
{
	for (; *list != NULL; list++)
		if (equals_ci(s, len, *list))
			return 1;
	return 0;
}

/*
 * is_letters
 *		True if s[0..len) is exactly n ASCII letters.
 */
static int
is_letters(const char *s, size_t len, size_t n)
{
	size_t		i;

	if (len != n)
		return 0;
	for (i = 0; i < n; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z')))
			return 0;
	return 1;
}

/*
 * is_pinterest_host
 *		True for the Pinterest host names of rule 3 in handle.h.
 */
static int
is_pinterest_host(const char *h, size_t len)
{
	const char *tld;
	size_t		tlen;

	if (has_prefix_ci(h, len, "www."))
	{
		h += 4;
		len -= 4;
	}
	else if (len > 3 && h[2] == '.' && is_letters(h, 2, 2) &&
			 has_prefix_ci(h + 3, len - 3, "pinterest."))
	{
		h += 3;
		len -= 3;
	}
	if (!has_prefix_ci(h, len, "pinterest."))
		return 0;
	tld = h + 10;
	tlen = len - 10;
	if (equals_ci(tld, tlen, "com") || is_letters(tld, tlen, 2))
		return 1;
	if (has_prefix_ci(tld, tlen, "co.") && is_letters(tld + 3, tlen - 3, 2))
		return 1;
	if (has_prefix_ci(tld, tlen, "com.") && is_letters(tld + 4, tlen - 4, 2))
		return 1;
	return 0;
}

/*
 * host_platform
 *		The platform of host name h[0..len) (any case), or PLAT_UNKNOWN.
 */
static Platform
host_platform(const char *h, size_t len)
{
	size_t		i;

	for (i = 0; i < lengthof(hosts); i++)
		if (equals_ci(h, len, hosts[i].name))
			return hosts[i].plat;
	if (is_pinterest_host(h, len))
		return PLAT_PINTEREST;
	return PLAT_UNKNOWN;
}

/*
 * platform_chars
 *		The CH_* characters platform p allows in a handle (rule 5).
 */
static int
platform_chars(Platform p)
{
	switch (p)
	{
		case PLAT_INSTAGRAM:
		case PLAT_TIKTOK:
			return CH_UNDERSCORE | CH_DOT;
		case PLAT_X:
		case PLAT_PINTEREST:
			return CH_UNDERSCORE;
		case PLAT_FACEBOOK:
			return CH_DOT;
		case PLAT_YOUTUBE:
		case PLAT_BARE:
			return CH_UNDERSCORE | CH_DOT | CH_HYPHEN;
		case PLAT_UNKNOWN:
		case PLAT_SHORTLINK:
			break;
	}
	return 0;
}

/*
 * next_segment
 *		Find the next non-empty "/"-separated segment of src[*pos..end);
 *		set *seg and *seglen and advance *pos past it.  Returns 0 if there
 *		is none.
 */
static int
next_segment(const char *src, size_t *pos, size_t end, size_t *seg,
			 size_t *seglen)
{
	size_t		p = *pos;
	size_t		s;

	while (p < end && src[p] == '/')
		p++;
	if (p >= end)
	{
		*pos = p;
		return 0;
	}
	s = p;
	while (p < end && src[p] != '/')
		p++;
	*seg = s;
	*seglen = p - s;
	*pos = p;
	return 1;
}

/*
 * facebook_id
 *		Find the value of the "id" parameter in the query src[start..end)
 *		("a=1&id=42"); set *val and *vallen.  Returns 0 if there is none.
 */
static int
facebook_id(const char *src, size_t start, size_t end, size_t *val,
			size_t *vallen)
{
	size_t		p = start;

	while (p < end)
	{
		size_t		s = p;

		while (p < end && src[p] != '&')
			p++;
		if (p - s >= 3 && equals_ci(src + s, 3, "id="))
		{
			*val = s + 3;
			*vallen = p - s - 3;
			return 1;
		}
		p++;
	}
	return 0;
}

/*
 * profile_name
 *		Rule 4 of handle.h: find NAME in the URL whose host is of platform p
 *		and whose path and query are src[pos..end).  On success sets *name,
 *		*namelen and *chars (the CH_* set NAME is checked against) and returns
 *		NULL; else returns the reason.
 */
static const char *
profile_name(Platform p, const char *src, size_t pos, size_t end,
			 size_t *name, size_t *namelen, int *chars)
{
	size_t		pathend = pos;
	size_t		qend;
	size_t		seg = 0;
	size_t		seglen = 0;
	size_t		seg2 = 0;
	size_t		seg2len = 0;
	size_t		i;
	int			has_at;
	const char *const nope = "the URL does not name a profile";

	while (pathend < end && src[pathend] != '?' && src[pathend] != '#')
		pathend++;
	*chars = platform_chars(p);
	if (p == PLAT_SHORTLINK)
		return "a short link does not name a profile";
	if (!next_segment(src, &pos, pathend, &seg, &seglen))
		return nope;
	has_at = src[seg] == '@';

	switch (p)
	{
		case PLAT_INSTAGRAM:
			if (in_list(src + seg, seglen, instagram_paths))
				return nope;
			break;
		case PLAT_X:
			if (in_list(src + seg, seglen, x_paths))
				return nope;
			break;
		case PLAT_PINTEREST:
			if (in_list(src + seg, seglen, pinterest_paths))
				return nope;
			break;
		case PLAT_TIKTOK:
			if (!has_at)
				return nope;
			break;
		case PLAT_YOUTUBE:
			if (has_at)
				break;
			if (equals_ci(src + seg, seglen, "channel"))
				return "a YouTube channel id is not a handle";
			if (!equals_ci(src + seg, seglen, "c") &&
				!equals_ci(src + seg, seglen, "user"))
				return nope;
			if (!next_segment(src, &pos, pathend, &seg2, &seg2len))
				return nope;
			*name = seg2;
			*namelen = seg2len;
			return NULL;
		case PLAT_FACEBOOK:
			if (equals_ci(src + seg, seglen, "profile.php"))
			{
				if (pathend >= end || src[pathend] != '?')
					return nope;
				qend = pathend + 1;
				while (qend < end && src[qend] != '#')
					qend++;
				if (!facebook_id(src, pathend + 1, qend, name, namelen) ||
					*namelen == 0)
					return nope;
				for (i = 0; i < *namelen; i++)
					if (src[*name + i] < '0' || src[*name + i] > '9')
						return "the profile id is not a number";
				if (*namelen > FB_ID_MAX)
					return "the profile id is too long";
				return NULL;
			}
			if (in_list(src + seg, seglen, facebook_paths))
				return nope;
			break;
		case PLAT_UNKNOWN:
		case PLAT_BARE:
		case PLAT_SHORTLINK:
			return "not a supported social profile URL";
	}
	/* NAME is the first segment, less one "@" */
	if (has_at)
	{
		seg++;
		seglen--;
	}
	*name = seg;
	*namelen = seglen;
	return NULL;
}

/*
 * check_name
 *		Rules 5 and 6 (but the length of the output buffer) for NAME
 *		src[name..name+len) under the CH_* set chars.  Returns NULL if it is
 *		a handle, else the reason.
 */
static const char *
check_name(const char *src, size_t name, size_t len, int chars)
{
	size_t		i;
	int			alnum = 0;

	if (len == 0)
		return "the handle is empty";
	for (i = 0; i < len; i++)
	{
		char		c = src[name + i];

		if (is_alnum(c))
			alnum = 1;
		else if (!((c == '_' && (chars & CH_UNDERSCORE)) ||
				   (c == '.' && (chars & CH_DOT)) ||
				   (c == '-' && (chars & CH_HYPHEN))))
			return "the handle has a character that is not allowed";
	}
	if (!alnum)
		return "the handle has no letters or digits";
	if (len > AMBC_HANDLE_MAX)
		return "the handle is longer than 64 characters";
	if (host_platform(src + name, len) != PLAT_UNKNOWN)
		return "it is a site address, not a handle";
	return NULL;
}

/*
 * ambc_handle_normalize
 *		See handle.h.
 */
ambc_status
ambc_handle_normalize(const char *src, size_t srclen, char *dst, size_t dstcap,
					  size_t *dstlen, const char **reason)
{
	size_t		start = 0;
	size_t		end = srclen;
	size_t		pos;
	size_t		p;
	size_t		hostend;
	size_t		name = 0;
	size_t		namelen = 0;
	size_t		i;
	int			chars;
	int			scheme = 0;
	Platform	plat;
	const char *why;
	int32_t		cp;

	if (reason != NULL)
		*reason = NULL;
	if (ambc_utf8_validate(src, srclen) != AMBC_OK)
		return fail(reason, "it is not valid UTF-8", AMBC_BAD_UTF8);

	/* rule 1: trim, then no white space, control or format characters */
	pos = 0;
	start = srclen;
	end = 0;
	while (pos < srclen)
	{
		size_t		here = pos;

		if (ambc_utf8_next(src, srclen, &pos, &cp) != AMBC_OK)
			return fail(reason, "it is not valid UTF-8", AMBC_BAD_UTF8);
		if (!is_trimmed_cp(cp))
		{
			if (start == srclen)
				start = here;
			end = pos;
		}
	}
	if (start >= end)
		return fail(reason, "it is empty", AMBC_EMPTY);
	pos = start;
	while (pos < end)
	{
		if (ambc_utf8_next(src, end, &pos, &cp) != AMBC_OK)
			return fail(reason, "it is not valid UTF-8", AMBC_BAD_UTF8);
		if (is_trimmed_cp(cp))
			return fail(reason, "it contains white space", AMBC_INVALID);
		if (cp < 0x20 || cp == 0x7F)
			return fail(reason, "it contains a control character",
						AMBC_INVALID);
		if (cp >= 0x80)
		{
			utf8proc_category_t cat = utf8proc_category(cp);

			if (cat == UTF8PROC_CATEGORY_CC || cat == UTF8PROC_CATEGORY_CF)
				return fail(reason, "it contains a control character",
							AMBC_INVALID);
		}
	}

	/* rule 2: URL or bare handle */
	p = start;
	if (has_prefix_ci(src + p, end - p, "https://"))
	{
		p += 8;
		scheme = 1;
	}
	else if (has_prefix_ci(src + p, end - p, "http://"))
	{
		p += 7;
		scheme = 1;
	}
	hostend = p;
	while (hostend < end && src[hostend] != '/' && src[hostend] != '?' &&
		   src[hostend] != '#')
		hostend++;
	plat = host_platform(src + p, hostend - p);
	if (plat != PLAT_UNKNOWN)
	{
		why = profile_name(plat, src, hostend, end, &name, &namelen, &chars);
		if (why != NULL)
			return fail(reason, why, AMBC_INVALID);
	}
	else if (scheme || memchr(src + start, '/', end - start) != NULL)
		return fail(reason, "not a supported social profile URL",
					AMBC_INVALID);
	else
	{
		name = start;
		namelen = end - start;
		if (src[name] == '@')
		{
			name++;
			namelen--;
		}
		chars = platform_chars(PLAT_BARE);
	}

	/* rules 5 and 6 */
	why = check_name(src, name, namelen, chars);
	if (why != NULL)
		return fail(reason, why, AMBC_INVALID);
	if (namelen > dstcap)
	{
		*dstlen = namelen;
		return fail(reason, "the result does not fit the output buffer",
					AMBC_TOO_LONG);
	}
	for (i = 0; i < namelen; i++)
		dst[i] = ascii_lower(src[name + i]);
	*dstlen = namelen;
	return AMBC_OK;
}

/*-------------------------------------------------------------------------
 *
 * handle.h
 *		Canonical form of social media handles for contact matching
 *		("@BobSmith_Makes", "https://www.instagram.com/bobsmith_makes/?hl=en"
 *		-> "bobsmith_makes").
 *
 * The canonical handle is the account name alone: no "@", no URL, ASCII
 * lower case.  It does not record the platform; callers that need it keep it
 * in a column of its own.
 *
 * Rules, in the order they apply
 * ------------------------------
 * 1. Wrapping.  Surrounding white space is trimmed (ASCII, Unicode
 *	  White_Space, and the invisible U+200B, U+2060, U+FEFF).  What is left
 *	  must contain no white space and no control or format character.
 *
 * 2. URL or handle.  The value is a URL if it starts with "http://" or
 *	  "https://" (any case), or if the text before its first "/", "?" or
 *	  "#" is a supported host (rule 3).  A URL whose host is not supported,
 *	  or any other value containing "/", is rejected ("not a supported social
 *	  profile URL").  Anything else is a bare handle: one leading "@" is
 *	  dropped.
 *
 * 3. Supported hosts (any case, no port, no user name):
 *	  Instagram	  instagram.com, www., m.; instagr.am, www.instagr.am
 *	  TikTok	  tiktok.com, www., m.
 *	  X/Twitter	  x.com, www., mobile.; twitter.com, www., mobile., m.
 *	  YouTube	  youtube.com, www., m.
 *	  Facebook	  facebook.com, www., m., mobile., web., mbasic.; fb.com, www.
 *	  Pinterest	  pinterest.com and pinterest.<cc>, pinterest.co.<cc>,
 *				  pinterest.com.<cc> (<cc> two letters), each alone, with
 *				  "www." or with a two-letter locale ("uk.pinterest.com")
 *	  Short links (pin.it, vm.tiktok.com, vt.tiktok.com, youtu.be) are
 *	  recognised and rejected: what they point to is not in the URL.
 *
 * 4. Profile paths.  The query ("?...") and fragment ("#...") are ignored,
 *	  except Facebook's profile.php?id=N; empty path segments are skipped
 *	  (so a trailing "/" is fine).  NAME is the first segment; where marked,
 *	  one "@" before it is dropped.  Later segments are ignored, so a link
 *	  to a post under a profile gives the profile's handle
 *	  ("twitter.com/NAME/status/123", "tiktok.com/@NAME/video/1" -> NAME).
 *	  Instagram	  /[@]NAME, unless NAME is a site path such as p, reel,
 *				  reels, tv, stories, explore, accounts (so a post link
 *				  "instagram.com/p/XYZ" is rejected)
 *	  TikTok	  /@NAME only
 *	  X/Twitter	  /[@]NAME, unless NAME is a site path such as i, home,
 *				  search, intent, hashtag, share, settings
 *	  YouTube	  /@NAME, /c/NAME, /user/NAME; /channel/ID is rejected (a
 *				  channel id is case-sensitive and not a handle); anything
 *				  else (watch, shorts, playlist, a bare /NAME) is rejected
 *	  Facebook	  /[@]NAME unless a site path (pages, groups, events, watch,
 *				  people, p, photo.php, permalink.php, sharer, ...);
 *				  /profile.php?id=N gives the numeric id N (1..20 digits)
 *	  Pinterest	  /[@]NAME unless a site path (pin, search, ideas, today,
 *				  categories, business, _, ...); a board
 *				  "pinterest.com/NAME/BOARD" gives its owner NAME
 *	  A URL with no NAME, or whose NAME is a site path, is rejected ("the URL
 *	  does not name a profile").
 *
 * 5. Characters.  ASCII letters and digits, plus, by platform: "_" and "."
 *	  for Instagram and TikTok, "_" for X and Pinterest, "." for Facebook,
 *	  "_", "." and "-" for YouTube and for bare handles (whose platform is
 *	  unknown, so they accept the union).  Non-ASCII letters are not
 *	  accepted, nor percent-encoding.  At least one letter or digit.
 *
 * 6. Result.  ASCII letters lower-cased; 1..64 bytes; and not itself a
 *	  supported host name ("instagram.com" is a site, not a handle), which
 *	  keeps the result its own canonical form.
 *
 * src/core/handle.h
 *
 *-------------------------------------------------------------------------
 */
#ifndef AMBC_HANDLE_H
#define AMBC_HANDLE_H

#include <stddef.h>

#include "status.h"

/* Longest canonical handle, in bytes. */
#define AMBC_HANDLE_MAX 64

/*
 * ambc_handle_normalize
 *		Write the canonical handle for src[0..srclen) (a handle or a profile
 *		URL) into dst, which has room for dstcap bytes.
 *
 * src is UTF-8 of any content and is not NUL-terminated; dst is not
 * NUL-terminated.  Returns:
 *	AMBC_OK			*dstlen is the length written (1..AMBC_HANDLE_MAX);
 *	AMBC_BAD_UTF8	src is not well-formed UTF-8 (anywhere);
 *	AMBC_EMPTY		src is empty or white space only;
 *	AMBC_INVALID	src is not a handle or supported profile URL by the rules
 *					above;
 *	AMBC_TOO_LONG	the handle is valid but dstcap is too small; *dstlen is
 *					the length it needs.
 * Unless the result is AMBC_OK, *reason (if reason is not NULL) is set to a
 * static, lower-case English phrase without a final period saying why, such
 * as "not a supported social profile URL"; on AMBC_OK it is set to NULL.
 * Allocates nothing.
 */
extern ambc_status ambc_handle_normalize(const char *src, size_t srclen,
										 char *dst, size_t dstcap,
										 size_t *dstlen, const char **reason);

#endif							/* AMBC_HANDLE_H */

/*-------------------------------------------------------------------------
 *
 * email.h
 *		Canonical form of email addresses for contact matching
 *		(" Bob.Smith+etsy@GMAIL.com " -> "bobsmith@gmail.com").
 *
 * The canonical address is meant for comparing contacts from spreadsheets,
 * CRMs and email tools, not for sending mail: two spellings of one mailbox
 * should meet on it, and text that is not an address is rejected.
 *
 * Rules, in the order they apply
 * ------------------------------
 * 1. Wrapping.  Surrounding white space is trimmed: ASCII white space, the
 *	  Unicode White_Space characters (NO-BREAK SPACE, the U+2000 spaces,
 *	  IDEOGRAPHIC SPACE, ...) and the invisible U+200B, U+2060 and U+FEFF.
 *	  A value ending in ">" that contains "<" is the "Name <addr>" form:
 *	  the text between the last "<" and the final ">" is used and anything
 *	  before it (the display name, quoted or not) is ignored.  Then a leading
 *	  "mailto:" (any case) is dropped, and with it any "?query" that follows
 *	  (as in "mailto:a@b.com?subject=hi").  White space is trimmed again
 *	  after each step.
 *
 * 2. Shape.  What is left must contain no white space, no control character
 *	  (C0, DEL, C1) and no invisible format character (Unicode category Cf),
 *	  and exactly one "@", with a non-empty local part before it and a
 *	  non-empty domain after it.  One trailing dot on the domain (a sentence's
 *	  full stop, or a fully qualified name) is dropped.  The local part is at
 *	  most 64 bytes and the whole address at most 254 bytes (RFC 5321), both
 *	  measured as written, before the rules below shorten it.
 *
 * 3. Local part.  A dot-atom (RFC 5322, with RFC 6531's UTF-8): ASCII letters,
 *	  digits and ! # $ % & ' * + - / = ? ^ _ ` { | } ~ and ".", plus any
 *	  non-ASCII character that rule 2 allows; no dot first or last and no two
 *	  dots in a row.  Quoted local parts ("john doe"@x.com) are not accepted.
 *	  The sub-address is dropped: everything from the first "+" on
 *	  ("x+y@outlook.com" -> "x@outlook.com"); something must be left before
 *	  the "+", and it must not end with a dot.
 *
 * 4. Domain.  Dot-separated labels, at least two, each 1..63 bytes of ASCII
 *	  letters, digits and hyphens, or non-ASCII letters, marks and digits
 *	  (Unicode categories L, M, N: an internationalized domain kept in UTF-8,
 *	  its length counted in UTF-8 bytes, not Punycode); no hyphen first or
 *	  last in a label; the last label (top-level domain) not all digits, so
 *	  IP addresses ("a@1.2.3.4") and domain literals ("a@[1.2.3.4]") are
 *	  rejected.
 *
 * 5. Case.  ASCII letters are lower-cased in both parts.  Non-ASCII text is
 *	  kept as written (validated, not case-folded or normalized).
 *
 * 6. Gmail.  For gmail.com and googlemail.com the dots in the local part
 *	  are dropped and the domain becomes gmail.com
 *	  ("a.b+x@googlemail.com" -> "ab@gmail.com").
 *
 * The canonical form is its own canonical form (normalizing is idempotent).
 *
 * src/core/email.h
 *
 *-------------------------------------------------------------------------
 */
#ifndef AMBC_EMAIL_H
#define AMBC_EMAIL_H

#include <stddef.h>

#include "status.h"

/* Longest canonical address, in bytes (RFC 5321's path limit less "<>"). */
#define AMBC_EMAIL_MAX 254

/*
 * ambc_email_normalize
 *		Write the canonical form of the address in src[0..srclen) into dst,
 *		which has room for dstcap bytes.
 *
 * src is UTF-8 of any content and is not NUL-terminated; dst is not
 * NUL-terminated.  Returns:
 *	AMBC_OK			*dstlen is the length written (at most AMBC_EMAIL_MAX);
 *	AMBC_BAD_UTF8	src is not well-formed UTF-8 (anywhere);
 *	AMBC_EMPTY		src is empty or white space only;
 *	AMBC_INVALID	src is not an address by the rules above;
 *	AMBC_TOO_LONG	the address is valid but dstcap is too small; *dstlen is
 *					the length it needs.
 * Unless the result is AMBC_OK, *reason (if reason is not NULL) is set to a
 * static, lower-case English phrase without a final period saying why, such
 * as "it has no \"@\""; on AMBC_OK it is set to NULL.  Allocates nothing.
 */
extern ambc_status ambc_email_normalize(const char *src, size_t srclen,
										char *dst, size_t dstcap,
										size_t *dstlen, const char **reason);

#endif							/* AMBC_EMAIL_H */

/*-------------------------------------------------------------------------
 *
 * phone.h
 *		Canonical E.164 form of telephone numbers for contact matching
 *		("(512) 555-0100" with default country US -> "+15125550100").
 *
 * This is a structural normalizer, not a numbering-plan database: it knows
 * the country calling codes and, for the countries listed below, the
 * national trunk prefix and the possible lengths of a national number
 * (libphonenumber's metadata, general description), but not which number
 * ranges are assigned.  So it rejects what cannot be a number and puts what
 * can be one in one canonical form.
 *
 * Rules, in the order they apply
 * ------------------------------
 * 1. Default country.  An ISO 3166-1 alpha-2 code, ASCII letters in any case,
 *	  exactly two of them ("UK" is accepted for GB).  Supported: the NANP
 *	  countries (US CA AG AI AS BB BM BS DM DO GD GU JM KN KY LC MP MS PR SX TC
 *	  TT VC VG VI), GB AU NZ IE DE FR ES IT NL BE SE NO DK FI PL PT CH AT MX
 *	  BR IN JP CN KR SG ZA.  Anything else is invalid ("unknown country"),
 *	  even when the number itself is international.
 *
 * 2. Characters.  Surrounding white space is trimmed and a leading "tel:"
 *	  (any case) is dropped.  Then, in any order: digits (ASCII, fullwidth,
 *	  Arabic-Indic and Eastern Arabic-Indic), and as punctuation white space
 *	  (ASCII and Unicode), ". - ( ) / [ ]", the Unicode hyphens and dashes
 *	  U+2010..U+2015, MINUS SIGN, and the fullwidth forms of ". - ( ) /".
 *	  Punctuation is ignored wherever it is (parentheses need not balance).
 *	  One "+" (or fullwidth "+") may come before the first digit.  ASCII
 *	  letters are accepted only as an extension marker: vanity numbers such
 *	  as "1-800-FLOWERS" are rejected, because spelling them as digits is a
 *	  guess about the keypad.  Every other character is invalid.
 *
 * 3. Extension.  After at least one digit, one of "extension", "extn.",
 *	  "extn", "ext.", "ext:", "ext", "x", "#" or ";ext=" (letters in any
 *	  case) starts an extension, which is dropped.  What follows it must be
 *	  digits and punctuation, with at least one digit ("512-555-0100 x123",
 *	  "ext. 4", "#123", "tel:+1-512-555-0100;ext=12").
 *
 * 4. International prefix.  The number is international if it starts with
 *	  "+", or its digits start with "00" (from any default country, so
 *	  "0015125550100" is "+15125550100"), or with "011" when the default
 *	  country is in the NANP, "0011" for AU or "010" for JP.  The digits
 *	  after it must start with an assigned country calling code (the ITU list
 *	  as libphonenumber has it, non-geographic codes such as 800 and 882
 *	  included); otherwise "unknown country calling code".
 *
 * 5. National numbers.  Otherwise the default country's calling code is
 *	  used and its trunk prefix dropped: for the NANP a leading "1" of an
 *	  11-digit number; for MX the old prefixes "01"/"02" (12 digits),
 *	  "044"/"045" (13 digits) and the old mobile "1" (11 digits); for GB AU
 *	  NZ IE DE FR NL BE SE FI CH AT BR IN JP CN KR ZA one leading "0".  ES IT
 *	  NO DK PL PT SG have none (an Italian "0" is part of the number).  BR
 *	  carrier selection codes are not recognised.
 *	  The "0" trunk prefix is also dropped when written after the country
 *	  code ("+44 (0)20 7946 0018", "+61 0412 345 678"), and the old Mexican
 *	  mobile "1" after +52 ("+52 1 55 1234 5678" -> "+525512345678").
 *
 * 6. Validation.  For +1 (NANP): exactly 10 national digits NPA-NXX-XXXX;
 *	  the area code NPA starts with 2..9 and is not N11 (211, 311, ..., 911
 *	  are service codes, not area codes); the exchange code NXX starts with
 *	  2..9.  Other rules of the NANP plan (N9X expansion codes, 37X/96X,
 *	  555 fictional numbers, N11 exchange codes) are not checked.
 *	  For the other supported calling codes: the national number's length
 *	  is one of the country's possible lengths (for example GB 7, 9 or 10;
 *	  AU 5..10 or 12; FR 9) and, except for IT, does not start with "0".  For
 *	  every number: country code plus national number is 8..15 digits (E.164
 *	  allows 15; 8 is the shortest accepted here).
 *
 * The result matches ^\+[1-9][0-9]{7,14}$ and is its own canonical form
 * (normalizing it again with any supported default country gives it back).
 *
 * src/core/phone.h
 *
 *-------------------------------------------------------------------------
 */
#ifndef AMBC_PHONE_H
#define AMBC_PHONE_H

#include <stddef.h>

#include "status.h"

/* Longest canonical number, in bytes: "+" and 15 digits. */
#define AMBC_PHONE_MAX 16

/*
 * ambc_phone_normalize
 *		Write the E.164 form of the number in src[0..srclen) into dst, which
 *		has room for dstcap bytes, reading national numbers as numbers of the
 *		country named by country[0..countrylen).
 *
 * Neither input is NUL-terminated; dst is not NUL-terminated.  Returns:
 *	AMBC_OK			*dstlen is the length written (at most AMBC_PHONE_MAX);
 *	AMBC_BAD_UTF8	src is not well-formed UTF-8 (anywhere);
 *	AMBC_EMPTY		src is empty or white space only;
 *	AMBC_INVALID	the country is unknown, or src is not a number by the
 *					rules above;
 *	AMBC_TOO_LONG	the number is valid but dstcap is too small; *dstlen is
 *					the length it needs.
 * Unless the result is AMBC_OK, *reason (if reason is not NULL) is set to a
 * static, lower-case English phrase without a final period saying why, such
 * as "unknown country" or "the area code cannot start with 0 or 1"; on
 * AMBC_OK it is set to NULL.  Allocates nothing.
 */
extern ambc_status ambc_phone_normalize(const char *src, size_t srclen,
										const char *country, size_t countrylen,
										char *dst, size_t dstcap,
										size_t *dstlen, const char **reason);

#endif							/* AMBC_PHONE_H */

/*-------------------------------------------------------------------------
 *
 * dmetaphone.h
 *		Double Metaphone phonetic keys (primary and alternate) for blocking.
 *
 * src/core/dmetaphone.h
 *
 *-------------------------------------------------------------------------
 */
#ifndef AMBC_DMETAPHONE_H
#define AMBC_DMETAPHONE_H

#include <stddef.h>

#include "status.h"

/* capacity, in bytes, of each key (the algorithm's standard maximum length) */
#define AMBC_DMETAPHONE_MAX 4

/*
 * bytes of folded text that are encoded; for longer text only this prefix is
 * read (see ambc_double_metaphone)
 */
#define AMBC_DMETAPHONE_MAX_INPUT 255

/*
 * ambc_double_metaphone
 *		Write the Double Metaphone primary and alternate keys of
 *		src[0..srclen) into primary and alternate.
 *
 * src is UTF-8 of any content and is not NUL-terminated.  primary and
 * alternate each have room for AMBC_DMETAPHONE_MAX bytes; the keys are
 * written without a terminating NUL and their lengths (0 to
 * AMBC_DMETAPHONE_MAX) are stored in *plen and *alen.  A key consists of the
 * upper-case ASCII letters A-Z and '0' (theta, the "th" of "thin").
 *
 * Returns AMBC_BAD_UTF8 if src is malformed anywhere (the outputs are then
 * unspecified), else AMBC_OK.  Text that codes to nothing, such as "" or
 * "!!!" or "H", gives two empty keys and AMBC_OK: an empty key means "no
 * phonetic key", and callers must not block on it.
 *
 * Letters: ASCII letters in either case; Ç/ç and Ñ/ñ (precomposed, or C/N
 * directly followed by U+0327 / U+0303) code as S and N on their own, as in
 * commons-codec; other Latin letters lose their diacritics (utf8proc
 * canonical decomposition, marks stripped, case folded; so É is E and ß is
 * SS), and Ø, Ł, Đ, Ð, Æ, Œ, Þ and dotless ı are spelled O, L, D, D, AE, OE,
 * TH and I.  Any other character is not a letter: ASCII ones stay as they
 * are, and the rest read as a space.  Spaces and ASCII controls at either end
 * are ignored (as Java's trim() does in commons-codec).
 *
 * Length: the first AMBC_DMETAPHONE_MAX_INPUT bytes of the folded text are
 * encoded as if they were the whole text; the rest is only checked to be
 * valid UTF-8.  Up to that length the keys are exact.  Allocates nothing.
 */
extern ambc_status ambc_double_metaphone(const char *src, size_t srclen,
										 char *primary, size_t *plen,
										 char *alternate, size_t *alen);

#endif							/* AMBC_DMETAPHONE_H */

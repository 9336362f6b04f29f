/*-------------------------------------------------------------------------
 *
 * tagnorm.h
 *		Canonical form of free-text tags ("Artisan_Ambassador!!" ->
 *		"artisan-ambassador").
 *
 * src/core/tagnorm.h
 *
 *-------------------------------------------------------------------------
 */
#ifndef AMBC_TAGNORM_H
#define AMBC_TAGNORM_H

#include <stdbool.h>
#include <stddef.h>

#include "status.h"

/* Longest canonical tag, in UTF-8 bytes. */
#define AMBC_TAG_MAX 64

/*
 * ambc_tag_normalize
 *		Write the canonical tag for src[0..srclen) into dst (AMBC_TAG_MAX bytes).
 *
 * src is UTF-8 of any content and is not NUL-terminated.  The rules:
 * Unicode compatibility decomposition and full case folding (utf8proc), marks
 * on Latin letters and digits dropped, a few Latin letters that Unicode does
 * not decompose folded by hand (o-slash, ae, oe, l-stroke, ...), canonical
 * recomposition (so the whole is NFKC of the folded text); letters and digits
 * kept, "&" spelled "and", every run of anything else one "-", no "-" at
 * either end.
 *
 * Returns AMBC_OK, AMBC_BAD_UTF8, AMBC_EMPTY or AMBC_TOO_LONG.  dst is not
 * NUL-terminated; *dstlen is set on AMBC_OK only.  Allocates nothing.
 */
extern ambc_status ambc_tag_normalize(const char *src, size_t srclen,
									  char *dst, size_t *dstlen);

/*
 * ambc_tag_key
 *		Like ambc_tag_normalize, but without the "-" separators, so that
 *		"artisan-ambassador" and "#ArtisanAmbassador" share a key.
 */
extern ambc_status ambc_tag_key(const char *src, size_t srclen,
								char *dst, size_t *dstlen);

/*
 * ambc_tag_is_canonical
 *		True if src[0..srclen) is exactly its own canonical form.
 */
extern bool ambc_tag_is_canonical(const char *src, size_t srclen);

#endif							/* AMBC_TAGNORM_H */

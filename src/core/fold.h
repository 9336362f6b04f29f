/*-------------------------------------------------------------------------
 *
 * fold.h
 *		Unicode folding rules shared by the tag and name normalizers.
 *
 * One place for the rules that decide how text folds for matching, so the
 * normalizers cannot drift apart: which bases lose their marks, how the
 * Latin letters without a decomposition are transliterated, the utf8proc
 * options for decomposing one code point, and canonical ordering.
 *
 * src/core/fold.h
 *
 *-------------------------------------------------------------------------
 */
#ifndef AMBC_FOLD_H
#define AMBC_FOLD_H

#include <stddef.h>
#include <stdint.h>
#include <utf8proc.h>

/* utf8proc's longest single-character expansion is 18 (U+FDFA) */
#define AMBC_FOLD_DECOMP_CAP 32

/* compatibility decomposition, full case folding, ignorables removed */
#define AMBC_FOLD_DECOMP_OPTIONS (UTF8PROC_DECOMPOSE | UTF8PROC_COMPAT | \
								  UTF8PROC_CASEFOLD | UTF8PROC_IGNORE)

/*
 * ambc_fold_drops_marks
 *		True if combining marks attached to cp are dropped: ASCII letters and
 *		digits and the Latin blocks (Latin-1 Supplement through Latin
 *		Extended-E, IPA and phonetic extensions).
 */
extern int	ambc_fold_drops_marks(int32_t cp);

/*
 * ambc_fold_latin
 *		Transliteration of a lower-case Latin letter that Unicode does not
 *		decompose to a base letter (ø æ œ ł đ ð þ ħ ı ŧ ƒ): a static string of
 *		1 or 2 ASCII letters, or NULL if cp is not one of them.
 */
extern const char *ambc_fold_latin(int32_t cp);

/*
 * ambc_fold_canonical_order
 *		Stable sort of each run of non-starters in w[0..n) by combining class
 *		(the canonical ordering algorithm of UAX #15), in place.
 */
extern void ambc_fold_canonical_order(int32_t *w, size_t n);

#endif							/* AMBC_FOLD_H */

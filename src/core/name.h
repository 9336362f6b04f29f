/*-------------------------------------------------------------------------
 *
 * name.h
 *		Canonical form of person names for record matching ("SMITH, Bob" ->
 *		"bob smith", "Dr. Robert Smith Jr." -> "robert smith").
 *
 * The canonical name is a list of words, lower case and without accents,
 * separated by single ASCII spaces, given names first.  It is meant for
 * comparing records, not for display: two spellings of the same person from
 * different spreadsheets and CRMs should meet on it.
 *
 * Rules, in the order they apply
 * ------------------------------
 * 1. Characters.  Exactly as ambc_tag_normalize (tagnorm.h) treats them:
 *	  Unicode compatibility decomposition and full case folding, marks on
 *	  Latin letters and digits dropped, ø -> o, æ -> ae, œ -> oe, ł -> l,
 *	  ß -> ss (and the other Latin letters tagnorm transliterates: ð đ þ ħ
 *	  ı ŧ ƒ), default-ignorable code points (soft hyphen, zero-width joiners)
 *	  removed, then canonical recomposition, so every word is NFKC.
 *	  Other scripts are kept, lower-cased where they have case, with their
 *	  marks: "José" -> "jose", "Søren Ødegård" -> "soren odegard",
 *	  "Ελένη" -> "ελένη", "Иван" -> "иван", "王小明" -> "王小明".
 *
 * 2. Words.  Letters, digits and the marks kept by rule 1 make words.
 *	  Apostrophes join: they are dropped and the word goes on, so
 *	  "O'Brien" -> "obrien" and "D’Angelo" -> "dangelo".  The apostrophes are
 *	  ' ` ´ and U+2018, U+2019, U+201B, U+2032, U+02BB, U+02BC, U+05F3
 *	  and their compatibility forms (fullwidth ' and `).
 *	  Every other character (space, period, hyphen, dash, slash, "&",
 *	  parenthesis, quotation mark, other symbol, emoji, control) ends
 *	  the word, and the output has one space between words and none at
 *	  either end: "García-López" -> "garcia lopez", "Jane   DOE" ->
 *	  "jane doe".  A period always separates, including after an initial:
 *	  "J.R.R. Tolkien" -> "j r r tolkien", "St.John" -> "st john"; so "D.R."
 *	  is two initials, never the title "Dr".
 *
 * 3. Parts.  Commas split the name into parts: "," and its compatibility
 *	  forms (fullwidth, small), the Arabic comma U+060C and the ideographic
 *	  comma U+3001.  A comma is a separator as well.
 *
 * 4. Titles and suffixes.  Within each part, the leading words that are
 *	  titles and the trailing words that are suffixes are removed, as whole
 *	  words compared after rule 1 (so "DR.", "Dr" and "dr" are all the title
 *	  "dr"):
 *		titles:	  mr mrs ms miss mx dr prof
 *		suffixes: jr jnr sr snr ii iii iv 2nd 3rd 4th
 *	  Every leading title goes ("Prof Dr Hans Meyer" -> "hans meyer") and
 *	  every trailing suffix ("John Smith Jr. III" -> "john smith").  Elsewhere
 *	  such words stay: "Jr Smith" -> "jr smith", "Jane Miss" -> "jane miss".
 *	  Whole words only: "Drake", "Ivan", "Srinivasan" are untouched, "Ms.Iva"
 *	  -> "iva" (the title goes, "Iva" is not "iv"), and "D.R. Smith" keeps
 *	  its initials.  Since the rule is per part, a title opening the surname
 *	  part goes too ("Dr. Smith, Robert" -> "robert smith"), and a suffix
 *	  ending it ("Smith Jr., Robert" -> "robert smith").  Deliberately not
 *	  in the lists: "doctor", "professor", "mister", "sir", "sister" (real
 *	  surnames exist, e.g. the Parsi "Doctor"), single letters such as "v"
 *	  or "i" (indistinguishable from initials), and post-nominals such as
 *	  "PhD", "MD" or "Esq" (which rule 2 would split or which are initials).
 *	  A part left with no words is dropped, so a comma before a suffix
 *	  ("Robert Smith, Jr.") or with nothing on one side ("Smith,, Bob",
 *	  "Smith, Bob,") does not count in rule 5.
 *
 * 5. Order.  If exactly two parts are left, the name was written "Last,
 *	  First" and the parts are swapped: "SMITH, Bob" -> "bob smith",
 *	  "Smith, Dr. Robert J." -> "robert j smith", "Smith Jr., Robert" ->
 *	  "robert smith", "O'Brien, Tom" -> "tom obrien".  One part, or three or
 *	  more (ambiguous), are kept in the order written.
 *
 * 6. Nothing left.  A name with no words after rule 4 is AMBC_EMPTY: "",
 *	  "---", "Jr.", "Mr. Jr.", "Dr., Jr." carry nothing to match on.
 *
 * The result is its own canonical form (normalizing it again gives it back):
 * it has no comma, its first word is not a title and its last word is not a
 * suffix.
 *
 * src/core/name.h
 *
 *-------------------------------------------------------------------------
 */
#ifndef AMBC_NAME_H
#define AMBC_NAME_H

#include <stddef.h>

#include "status.h"

/*
 * Longest word of a name, in code points after decomposition and case
 * folding (before recomposition; marks dropped from Latin letters do not
 * count).  Real name words are a few dozen code points at most; the limit
 * keeps the normalizer in fixed stack memory for any input.
 */
#define AMBC_NAME_WORD_MAX 256

/*
 * ambc_name_normalize
 *		Write the canonical form of the person name src[0..srclen) into
 *		dst[0..dstcap), following the rules above.
 *
 * src is UTF-8 of any content, any length, and is not NUL-terminated.  dst
 * may be NULL when dstcap is 0.  Returns:
 *	AMBC_OK		  the name is dst[0..*dstlen), not NUL-terminated;
 *	AMBC_BAD_UTF8 src is malformed anywhere (this wins over every other
 *				  outcome);
 *	AMBC_EMPTY	  nothing is left (rule 6);
 *	AMBC_TOO_LONG the name needs more than dstcap bytes, and then *dstlen is
 *				  the number it needs, so the caller may retry with that
 *				  capacity; or a word is longer than AMBC_NAME_WORD_MAX (or
 *				  the length would overflow a size_t), and then *dstlen is 0:
 *				  no capacity is enough.
 * *dstlen is left alone on AMBC_BAD_UTF8 and AMBC_EMPTY; dst's contents are
 * unspecified unless AMBC_OK.  Time is linear in srclen; allocates nothing.
 */
extern ambc_status ambc_name_normalize(const char *src, size_t srclen,
									   char *dst, size_t dstcap,
									   size_t *dstlen);

/*
 * ambc_words_normalize
 *		Rules 1 and 2 alone, for text that is not a person name (street
 *		addresses, city names): folded words separated by single spaces.
 * Commas separate words like any other punctuation, no word is a title or a
 * suffix, and nothing is reordered: "123 N. Main St., Apt 4" -> "123 n main
 * st apt 4", "Saint-Étienne" -> "saint etienne", "O'Fallon" -> "ofallon".
 * Arguments and results as for ambc_name_normalize (AMBC_EMPTY when no word
 * is left).
 */
extern ambc_status ambc_words_normalize(const char *src, size_t srclen,
										char *dst, size_t dstcap,
										size_t *dstlen);

/*
 * ambc_name_split
 *		Find the first and the last word of a canonical name.
 *
 * norm[0..normlen) is a result of ambc_name_normalize.  On AMBC_OK the first
 * word (usually the given name, for nickname comparison) is
 * norm[0..*first_end) and the last word (usually the surname) is
 * norm[*last_start..normlen); any middle words are
 * norm[*first_end + 1..*last_start - 1) when *last_start > *first_end + 1.
 * A one-word name ("madonna", "王小明") is both: *first_end == normlen and
 * *last_start == 0.  Compound surnames are not recognised: the last word of
 * "maria garcia lopez" is "lopez".
 *
 * Returns AMBC_EMPTY if normlen is 0, AMBC_BAD_UTF8 if norm is malformed,
 * AMBC_INVALID if it does not have the canonical shape (a space at either
 * end or two in a row); only the shape is checked, not that norm is
 * normalized.  The outputs are set on AMBC_OK only.
 */
extern ambc_status ambc_name_split(const char *norm, size_t normlen,
								   size_t *first_end, size_t *last_start);

#endif							/* AMBC_NAME_H */

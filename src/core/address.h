/*-------------------------------------------------------------------------
 *
 * address.h
 *		Canonical forms of the parts of a postal address, for matching:
 *		street line, city, postal code, region.
 *
 * Like the name normalizer these are for comparing records, not for
 * printing labels: two spellings of one address from different sources
 * should meet, and text that carries nothing is rejected.  None of them
 * validates that an address exists.
 *
 * Street line ("123 N. Main St., Apt #4" -> "123 north main street apartment 4")
 * ---------------------------------------------------------------------------
 * 1. Folded into words exactly as ambc_words_normalize does it (name.h):
 *	  accents dropped from Latin letters, lower case, punctuation separates.
 * 2. Every word after the first that is a common abbreviation of a street
 *	  type, a direction or a unit designator (after USPS Publication 28,
 *	  appendices C1, C2: "st" "ave" "rd" "dr" "ln" "ct" "pl" "blvd" "n"
 *	  "sw" "apt" "ste" ...; the full list is in address.c) is written out
 *	  in full ("street" "avenue" "road" "drive" "lane" "court" "place"
 *	  "boulevard" "north" "southwest" "apartment" "suite").  Full words are
 *	  the canonical form because sources also glue words together
 *	  ("pridhamstreet"), which a comparison of the text without spaces
 *	  then still recognises.  The first word is never expanded: "St Kilda
 *	  Road" keeps its "st", "N 5th St" its "n".
 *
 * City ("St. Louis" -> "saint louis", "FT WORTH" -> "fort worth")
 * -----------------------------------------------------------------
 * Folded into words; a first word "st", "ste", "ft", "mt", "pt" becomes
 * "saint", "sainte", "fort", "mount", "port".
 *
 * Postal code ("78701-1234" -> "78701", "sw1a 1aa" -> "SW1A1AA")
 * ---------------------------------------------------------------
 * ASCII letters (upper-cased) and digits are kept; spaces, tabs, hyphens
 * and periods are dropped; anything else is invalid.  For the United States
 * (country "US" or empty) the code must be digits: a ZIP+4 keeps its first
 * 5, and the leading zeros a spreadsheet drops from New England and New
 * Jersey ZIP codes are put back ("2134" -> "02134", "21341234" -> "02134");
 * 3 to 5, 7 or 8 and 9 digits are accepted, anything else is invalid.  At
 * most AMBC_POSTAL_MAX characters.
 *
 * Region ("Texas" -> "tx", "TX" -> "tx", "Nouvelle-Aquitaine" ->
 * "nouvelle aquitaine")
 * -------------------------------------------------------------------------
 * Folded into words.  For the United States (country "US" or empty) the name
 * of a state, the District of Columbia or a territory becomes its two-letter
 * USPS code, in lower case.
 *
 * src/core/address.h
 *
 *-------------------------------------------------------------------------
 */
#ifndef AMBC_ADDRESS_H
#define AMBC_ADDRESS_H

#include <stdbool.h>
#include <stddef.h>

#include "status.h"

/* longest folded street line, city or region, and longest result, in bytes */
#define AMBC_ADDRESS_FOLD_MAX 1024

/* longest canonical postal code, in bytes */
#define AMBC_POSTAL_MAX 16

/*
 * ambc_address_normalize
 *		Write the canonical street line for src[0..srclen) into dst[0..dstcap).
 * Results as for ambc_words_normalize (name.h): AMBC_OK, AMBC_BAD_UTF8,
 * AMBC_EMPTY, or AMBC_TOO_LONG with *dstlen the capacity needed (0 when no
 * capacity is enough: the folded text, or the result, is longer than
 * AMBC_ADDRESS_FOLD_MAX bytes, so that every result normalizes to itself).
 * Allocates nothing.
 */
extern ambc_status ambc_address_normalize(const char *src, size_t srclen,
										  char *dst, size_t dstcap,
										  size_t *dstlen);

/*
 * ambc_city_normalize
 *		Write the canonical city name; arguments and results as for
 *		ambc_address_normalize.
 */
extern ambc_status ambc_city_normalize(const char *src, size_t srclen,
									   char *dst, size_t dstcap,
									   size_t *dstlen);

/*
 * ambc_postal_normalize
 *		Write the canonical postal code for country[0..countrylen) (ISO
 *		3166-1 alpha-2, any case; empty means "US") into dst, which must have
 *		room for AMBC_POSTAL_MAX bytes.
 * Returns AMBC_OK; AMBC_BAD_UTF8; AMBC_EMPTY (nothing but separators:
 * space, tab, hyphen, period); AMBC_INVALID with *reason set (a static
 * phrase) for any other character that is not a letter or digit, or a US
 * code of a length the rules above do not accept; AMBC_TOO_LONG if more
 * than AMBC_POSTAL_MAX characters are left.
 */
extern ambc_status ambc_postal_normalize(const char *src, size_t srclen,
										 const char *country, size_t countrylen,
										 char *dst, size_t *dstlen,
										 const char **reason);

/*
 * ambc_region_normalize
 *		Write the canonical region (state, province) for country[0..countrylen)
 *		into dst[0..dstcap); results as for ambc_address_normalize.
 */
extern ambc_status ambc_region_normalize(const char *src, size_t srclen,
										 const char *country, size_t countrylen,
										 char *dst, size_t dstcap,
										 size_t *dstlen);

/*
 * ambc_address_is_designator
 *		True if the folded word w[0..n) is the full form of a street type,
 *		direction or unit designator ("street", "north", "apartment"), the
 *		words a canonical street line spells out: they say little about
 *		which street it is.
 */
extern bool ambc_address_is_designator(const char *w, size_t n);

#endif							/* AMBC_ADDRESS_H */

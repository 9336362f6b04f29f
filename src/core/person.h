/*-------------------------------------------------------------------------
 *
 * person.h
 *		All the normalized fields of one ambassador record, in one call.
 *
 * The trigger that keeps amb.ambassador's normalized columns, match_score
 * on rows built by hand, and the unit tests all prepare a record with this
 * one function, so a stored record and a freshly computed one cannot
 * differ.
 *
 * From the raw fields (each may be absent):
 *	name	 display name -> ambc_name_normalize; given = its first word,
 *			 family = its last word when it has two or more words; given_key
 *			 and family_key = their Double Metaphone primary keys (absent
 *			 when empty).  The display name is required, but one that
 *			 normalizes to nothing ("-", "???") only leaves the name fields
 *			 absent.
 *	email	 ambc_email_normalize
 *	phone	 ambc_phone_normalize with the record's country as the default
 *			 country; a number written with "+" is accepted for any country
 *			 (read as international, as if the default were "US")
 *	handle	 ambc_handle_normalize
 *	address	 ambc_address_normalize
 *	city	 ambc_city_normalize
 *	postal	 ambc_postal_normalize for the record's country
 *	region	 ambc_region_normalize for the record's country
 *	country	 two ASCII letters, upper-cased; absent (NULL) means "US", and
 *			 anything else, the empty string included, is invalid
 * An optional field that is empty after normalization (white space,
 * punctuation only) is absent, not an error.  Any other failure is reported
 * with the field it came from.
 *
 * src/core/person.h
 *
 *-------------------------------------------------------------------------
 */
#ifndef AMBC_PERSON_H
#define AMBC_PERSON_H

#include <stddef.h>

#include "status.h"

typedef enum ambc_person_field
{
	AMBC_P_NAME = 0,
	AMBC_P_EMAIL,
	AMBC_P_PHONE,
	AMBC_P_HANDLE,
	AMBC_P_ADDRESS,
	AMBC_P_CITY,
	AMBC_P_POSTAL,
	AMBC_P_REGION,
	AMBC_P_COUNTRY,
	AMBC_P_NFIELDS
} ambc_person_field;

typedef struct ambc_person
{
	ambc_span	name;			/* canonical full name */
	ambc_span	given;			/* its first word */
	ambc_span	family;			/* its last word, if it has two or more */
	ambc_span	given_key;		/* Double Metaphone of given */
	ambc_span	family_key;		/* Double Metaphone of family */
	ambc_span	email;
	ambc_span	phone;
	ambc_span	handle;
	ambc_span	address;
	ambc_span	city;
	ambc_span	postal;
	ambc_span	region;
	ambc_span	country;
} ambc_person;

/* room ambc_person_prepare needs in its buffer */
#define AMBC_PERSON_BUF 8192

/*
 * ambc_person_prepare
 *		Normalize the raw fields in[0..AMBC_P_NFIELDS) (indexed by
 *		ambc_person_field) into *out, whose spans point into buf, which must
 *		have room for AMBC_PERSON_BUF bytes.
 * Returns AMBC_OK, or the status of the first field that failed, with
 * *bad_field set to it and *reason to the normalizer's static phrase (NULL
 * if it gave none); AMBC_EMPTY only for a name that is absent (NULL).
 * Allocates nothing.
 */
extern ambc_status ambc_person_prepare(const ambc_span *in, char *buf,
									   ambc_person *out, int *bad_field,
									   const char **reason);

/*
 * ambc_person_field_name
 *		Static name of a raw field ("display_name", "email", ...), the
 *		column it comes from.
 */
extern const char *ambc_person_field_name(int field);

#endif							/* AMBC_PERSON_H */

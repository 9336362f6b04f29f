/*-------------------------------------------------------------------------
 *
 * person.c
 *		All the normalized fields of one ambassador record, in one call.
 *
 * The rules are in person.h.  The buffer is carved into fixed regions, one
 * per output, each as large as the normalizer behind it may write, so no
 * output can overrun another and the total is a compile-time constant.
 *
 * src/core/person.c
 *
 *-------------------------------------------------------------------------
 */
#include "person.h"

#include <string.h>

#include "address.h"
#include "dmetaphone.h"
#include "email.h"
#include "handle.h"
#include "name.h"
#include "phone.h"

/* regions of the caller's buffer */
#define CAP_NAME	1024
#define CAP_KEY		AMBC_DMETAPHONE_MAX
#define CAP_EMAIL	256
#define CAP_PHONE	32
#define CAP_HANDLE	128
#define CAP_ADDRESS 2048
#define CAP_CITY	1024
#define CAP_POSTAL	AMBC_POSTAL_MAX
#define CAP_REGION	1024
#define CAP_COUNTRY 2

#define OFF_NAME	0
#define OFF_GKEY	(OFF_NAME + CAP_NAME)
#define OFF_FKEY	(OFF_GKEY + CAP_KEY)
#define OFF_ALT		(OFF_FKEY + CAP_KEY)
#define OFF_EMAIL	(OFF_ALT + CAP_KEY)
#define OFF_PHONE	(OFF_EMAIL + CAP_EMAIL)
#define OFF_HANDLE	(OFF_PHONE + CAP_PHONE)
#define OFF_ADDRESS (OFF_HANDLE + CAP_HANDLE)
#define OFF_CITY	(OFF_ADDRESS + CAP_ADDRESS)
#define OFF_POSTAL	(OFF_CITY + CAP_CITY)
#define OFF_REGION	(OFF_POSTAL + CAP_POSTAL)
#define OFF_COUNTRY (OFF_REGION + CAP_REGION)
#define OFF_END		(OFF_COUNTRY + CAP_COUNTRY)

_Static_assert(OFF_END <= AMBC_PERSON_BUF, "AMBC_PERSON_BUF is too small");

static const char *const field_names[AMBC_P_NFIELDS] = {
	"display_name", "email", "phone", "handle", "address_line", "city",
	"postal_code", "region", "country"
};

/*
 * ambc_person_field_name
 *		See person.h.
 */
const char *
ambc_person_field_name(int field)
{
	if (field < 0 || field >= AMBC_P_NFIELDS)
		return "?";
	return field_names[field];
}

static const ambc_span absent = {NULL, 0};

/*
 * span
 *		A span of buf[off..off+len).
 */
static ambc_span
span(char *buf, size_t off, size_t len)
{
	ambc_span	s;

	s.p = buf + off;
	s.len = len;
	return s;
}

/*
 * optional
 *		Fold the status of an optional field: empty is absent (AMBC_OK with
 *		*out absent), success sets *out, anything else is returned.
 */
static ambc_status
optional(ambc_status st, char *buf, size_t off, size_t len, ambc_span *out,
		 const char **reason)
{
	if (st == AMBC_EMPTY)
	{
		*out = absent;
		*reason = NULL;			/* "it is empty" is not a failure here */
		return AMBC_OK;
	}
	if (st == AMBC_OK)
	{
		*out = span(buf, off, len);
		*reason = NULL;
	}
	return st;
}

/*
 * written_international
 *		True if the phone number src was written in international form: a
 *		"+" (or fullwidth "+") before its first digit, or digits starting
 *		with "00".
 */
static int
written_international(const char *src, size_t len)
{
	size_t		i;

	for (i = 0; i < len; i++)
	{
		unsigned char c = (unsigned char) src[i];

		if (c == '+')
			return 1;
		if (c == 0xEF && i + 2 < len && (unsigned char) src[i + 1] == 0xBC &&
			(unsigned char) src[i + 2] == 0x8B)
			return 1;
		if (c >= '0' && c <= '9')
			return c == '0' && i + 1 < len && src[i + 1] == '0';
	}
	return 0;
}

/*
 * phonetic
 *		Double Metaphone primary key of w into buf[off..off+CAP_KEY); absent
 *		when w is absent or has no key.  buf[OFF_ALT..) is scratch.
 */
static ambc_span
phonetic(ambc_span w, char *buf, size_t off)
{
	size_t		plen;
	size_t		alen;

	if (w.p == NULL ||
		ambc_double_metaphone(w.p, w.len, buf + off, &plen, buf + OFF_ALT,
							  &alen) != AMBC_OK ||
		plen == 0)
		return absent;
	return span(buf, off, plen);
}

/*
 * ambc_person_prepare
 *		See person.h.
 */
ambc_status
ambc_person_prepare(const ambc_span *in, char *buf, ambc_person *out,
					int *bad_field, const char **reason)
{
	ambc_status st;
	size_t		len = 0;
	const char *country = "US";
	size_t		countrylen = 2;
	const ambc_span *f;
	int			i;

	*reason = NULL;
	*bad_field = -1;
	memset(out, 0, sizeof(*out));

	/* country first: phone, postal code and region depend on it */
	f = &in[AMBC_P_COUNTRY];
	if (f->p != NULL)
	{
		if (f->len != 2)
			goto bad_country;
		for (i = 0; i < 2; i++)
		{
			char		c = f->p[i];

			if (c >= 'a' && c <= 'z')
				c = (char) (c - ('a' - 'A'));
			if (c < 'A' || c > 'Z')
				goto bad_country;
			buf[OFF_COUNTRY + i] = c;
		}
		country = buf + OFF_COUNTRY;
	}
	else
		memcpy(buf + OFF_COUNTRY, "US", 2);
	out->country = span(buf, OFF_COUNTRY, 2);

	/* name: required */
	f = &in[AMBC_P_NAME];
	*bad_field = AMBC_P_NAME;
	if (f->p == NULL)
		return AMBC_EMPTY;
	st = ambc_name_normalize(f->p, f->len, buf + OFF_NAME, CAP_NAME, &len);
	if (st == AMBC_EMPTY)
		len = 0;				/* "-", "???": no name to match on */
	else if (st != AMBC_OK)
		return st;
	out->name = span(buf, OFF_NAME, len);
	if (len == 0)
	{
		out->name = absent;
		out->given = absent;
		out->family = absent;
	}
	else
	{
		size_t		first_end;
		size_t		last_start;

		st = ambc_name_split(out->name.p, out->name.len, &first_end,
							 &last_start);
		if (st != AMBC_OK)
			return st;			/* cannot happen for a normalized name */
		out->given = span(buf, OFF_NAME, first_end);
		if (last_start > 0)
			out->family = span(buf, OFF_NAME + last_start,
							   out->name.len - last_start);
		else
			out->family = absent;
	}
	out->given_key = phonetic(out->given, buf, OFF_GKEY);
	out->family_key = phonetic(out->family, buf, OFF_FKEY);

	f = &in[AMBC_P_EMAIL];
	*bad_field = AMBC_P_EMAIL;
	if (f->p != NULL)
	{
		st = ambc_email_normalize(f->p, f->len, buf + OFF_EMAIL, CAP_EMAIL,
								  &len, reason);
		if ((st = optional(st, buf, OFF_EMAIL, len, &out->email, reason)) != AMBC_OK)
			return st;
	}

	f = &in[AMBC_P_PHONE];
	*bad_field = AMBC_P_PHONE;
	if (f->p != NULL)
	{
		st = ambc_phone_normalize(f->p, f->len, country, countrylen,
								  buf + OFF_PHONE, CAP_PHONE, &len, reason);
		if (st == AMBC_INVALID && memcmp(country, "US", 2) != 0 &&
			written_international(f->p, f->len))
		{
			/*
			 * Perhaps a country the phone rules do not know; a number
			 * written in international form reads the same from any
			 * default country, so read it as if from the US.
			 */
			const char *r2 = NULL;
			size_t		len2 = 0;
			ambc_status st2 = ambc_phone_normalize(f->p, f->len, "US", 2,
												   buf + OFF_PHONE, CAP_PHONE,
												   &len2, &r2);

			if (st2 == AMBC_OK)
			{
				st = st2;
				len = len2;
			}
		}
		if ((st = optional(st, buf, OFF_PHONE, len, &out->phone, reason)) != AMBC_OK)
			return st;
	}

	f = &in[AMBC_P_HANDLE];
	*bad_field = AMBC_P_HANDLE;
	if (f->p != NULL)
	{
		st = ambc_handle_normalize(f->p, f->len, buf + OFF_HANDLE, CAP_HANDLE,
								   &len, reason);
		if ((st = optional(st, buf, OFF_HANDLE, len, &out->handle, reason)) != AMBC_OK)
			return st;
	}

	f = &in[AMBC_P_ADDRESS];
	*bad_field = AMBC_P_ADDRESS;
	if (f->p != NULL)
	{
		st = ambc_address_normalize(f->p, f->len, buf + OFF_ADDRESS,
									CAP_ADDRESS, &len);
		if ((st = optional(st, buf, OFF_ADDRESS, len, &out->address, reason)) != AMBC_OK)
			return st;
	}

	f = &in[AMBC_P_CITY];
	*bad_field = AMBC_P_CITY;
	if (f->p != NULL)
	{
		st = ambc_city_normalize(f->p, f->len, buf + OFF_CITY, CAP_CITY, &len);
		if ((st = optional(st, buf, OFF_CITY, len, &out->city, reason)) != AMBC_OK)
			return st;
	}

	f = &in[AMBC_P_POSTAL];
	*bad_field = AMBC_P_POSTAL;
	if (f->p != NULL)
	{
		st = ambc_postal_normalize(f->p, f->len, country, countrylen,
								   buf + OFF_POSTAL, &len, reason);
		if ((st = optional(st, buf, OFF_POSTAL, len, &out->postal, reason)) != AMBC_OK)
			return st;
	}

	f = &in[AMBC_P_REGION];
	*bad_field = AMBC_P_REGION;
	if (f->p != NULL)
	{
		st = ambc_region_normalize(f->p, f->len, country, countrylen,
								   buf + OFF_REGION, CAP_REGION, &len);
		if ((st = optional(st, buf, OFF_REGION, len, &out->region, reason)) != AMBC_OK)
			return st;
	}

	*bad_field = -1;
	return AMBC_OK;

bad_country:
	*bad_field = AMBC_P_COUNTRY;
	*reason = "a country is two letters (ISO 3166-1 alpha-2)";
	return AMBC_INVALID;
}

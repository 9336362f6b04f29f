/*-------------------------------------------------------------------------
 *
 * fuzz_person.c
 *		libFuzzer target for the preparation of a whole ambassador record
 *		(src/core/person.c).
 *
 * Input: two bytes whose low 9 bits mark fields absent (bit i for field i
 * of ambc_person_field), then the raw fields in order, separated by the
 * byte 0x1F; fields past the last separator are absent, and the country
 * takes the rest.  Each field is copied into a buffer of exactly its length
 * (not NUL-terminated, so AddressSanitizer sees any over-read) and the
 * output buffer is exactly AMBC_PERSON_BUF bytes.  The target aborts
 * unless:
 *	- the status is one person.h documents; an error names a field that
 *	  was given (or the absent name, for AMBC_EMPTY), AMBC_BAD_UTF8 names
 *	  a malformed field, and a bad country is AMBC_INVALID with a reason;
 *	- on AMBC_OK every output is absent (NULL, 0) or a non-empty, valid
 *	  UTF-8 span inside the buffer; the outputs do not overlap, but for
 *	  given and family, the first and last words of name; the country is
 *	  two upper-case letters; keys are 1..4 of A-Z and '0'; each output has
 *	  its normalizer's shape (one "@" in an email, E.164 for a phone, ...)
 *	  and is what that normalizer gives for the raw field on its own;
 *	- the prepared record, fed back as raw fields, prepares to itself
 *	  (name, email, phone and handle are their own canonical forms by their
 *	  headers; postal code, region, street line and city are checked too,
 *	  the last two only up to AMBC_FOLD_CHECK bytes: a longer expanded line
 *	  does not fold again, see test_long_results_idempotent in
 *	  test/unit/test_address.c).
 *
 * test/fuzz/fuzz_person.c
 *
 *-------------------------------------------------------------------------
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "address.h"
#include "email.h"
#include "handle.h"
#include "name.h"
#include "person.h"
#include "phone.h"
#include "utf8.h"

int			LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* street lines and cities up to this length must be fixpoints */
#define AMBC_FOLD_CHECK 1024

#define NOUT 13

/* a prepared record and the memory behind it */
typedef struct prepared
{
	ambc_status st;
	ambc_person p;
	int			bad;
	const char *reason;
	char	   *buf;
	char	   *copy[AMBC_P_NFIELDS];
	int			given[AMBC_P_NFIELDS];
} prepared;

/*
 * prepare
 *		ambc_person_prepare on exact-size copies of f[i][0..len[i]) (absent
 *		when f[i] is NULL).  Returns 0 if memory ran out.
 */
static int
prepare(const char *const *f, const size_t *len, prepared *pr)
{
	ambc_span	in[AMBC_P_NFIELDS];
	int			i;

	memset(pr, 0, sizeof(*pr));
	pr->buf = malloc(AMBC_PERSON_BUF);
	if (pr->buf == NULL)
		return 0;
	for (i = 0; i < AMBC_P_NFIELDS; i++)
	{
		in[i].p = NULL;
		in[i].len = 0;
		if (f[i] == NULL)
			continue;
		pr->copy[i] = malloc(len[i] ? len[i] : 1);
		if (pr->copy[i] == NULL)
			return 0;
		if (len[i] > 0)
			memcpy(pr->copy[i], f[i], len[i]);
		in[i].p = pr->copy[i];
		in[i].len = len[i];
		pr->given[i] = 1;
	}
	pr->bad = 12345;
	pr->reason = "unset";
	pr->st = ambc_person_prepare(in, pr->buf, &pr->p, &pr->bad, &pr->reason);
	return 1;
}

static void
release(prepared *pr)
{
	int			i;

	free(pr->buf);
	for (i = 0; i < AMBC_P_NFIELDS; i++)
		free(pr->copy[i]);
}

/*
 * out_span
 *		Output k of p, in struct order.
 */
static ambc_span
out_span(const ambc_person *p, int k)
{
	switch (k)
	{
		case 0:
			return p->name;
		case 1:
			return p->given;
		case 2:
			return p->family;
		case 3:
			return p->given_key;
		case 4:
			return p->family_key;
		case 5:
			return p->email;
		case 6:
			return p->phone;
		case 7:
			return p->handle;
		case 8:
			return p->address;
		case 9:
			return p->city;
		case 10:
			return p->postal;
		case 11:
			return p->region;
		default:
			return p->country;
	}
}

/*
 * words_shape
 *		Abort unless s is a list of words: no space at either end or two in
 *		a row, ASCII bytes lower-case letters, digits and spaces.
 */
static void
words_shape(ambc_span s)
{
	size_t		i;

	if (s.p == NULL)
		return;
	if (s.p[0] == ' ' || s.p[s.len - 1] == ' ')
		abort();
	for (i = 0; i < s.len; i++)
	{
		unsigned char c = (unsigned char) s.p[i];

		if (c >= 0x80)
			continue;
		if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == ' '))
			abort();
		if (c == ' ' && s.p[i + 1] == ' ')
			abort();
	}
}

/*
 * same_as
 *		Abort unless s is absent and the normalizer said AMBC_EMPTY, or s is
 *		out[0..len) and it said AMBC_OK.
 */
static void
same_as(ambc_span s, ambc_status st, const char *out, size_t len)
{
	if (st == AMBC_EMPTY)
	{
		if (s.p != NULL)
			abort();
		return;
	}
	if (st != AMBC_OK || s.p == NULL || s.len != len ||
		memcmp(s.p, out, len) != 0)
		abort();
}

/*
 * check_ok
 *		The properties of a successful preparation pr of raw fields f.
 */
static void
check_ok(const prepared *pr, const char *const *f, const size_t *len)
{
	const ambc_person *p = &pr->p;
	char		tmp[4096];
	size_t		n = 0;
	const char *reason;
	int			k,
				j;
	size_t		i;
	int			us;

	/* spans inside the buffer, valid, not overlapping */
	for (k = 0; k < NOUT; k++)
	{
		ambc_span	s = out_span(p, k);

		if (s.p == NULL)
		{
			if (s.len != 0)
				abort();
			continue;
		}
		if (s.len == 0 || s.p < pr->buf ||
			s.p + s.len > pr->buf + AMBC_PERSON_BUF ||
			ambc_utf8_validate(s.p, s.len) != AMBC_OK)
			abort();
		for (j = 0; j < k; j++)
		{
			ambc_span	t = out_span(p, j);

			if (t.p == NULL || j == 0 || (j == 1 && k == 2))
				continue;		/* name holds given and family */
			if (s.p < t.p + t.len && t.p < s.p + s.len)
				abort();
		}
	}

	/* the country */
	if (p->country.p == NULL || p->country.len != 2 ||
		p->country.p[0] < 'A' || p->country.p[0] > 'Z' ||
		p->country.p[1] < 'A' || p->country.p[1] > 'Z')
		abort();
	us = memcmp(p->country.p, "US", 2) == 0;
	if (f[AMBC_P_COUNTRY] == NULL ? !us :
		((f[AMBC_P_COUNTRY][0] | 32) != (p->country.p[0] | 32) ||
		 (f[AMBC_P_COUNTRY][1] | 32) != (p->country.p[1] | 32)))
		abort();

	/* the name, its words and their keys */
	if (f[AMBC_P_NAME] == NULL)
		abort();
	same_as(p->name, ambc_name_normalize(f[AMBC_P_NAME], len[AMBC_P_NAME],
										 tmp, sizeof(tmp), &n), tmp, n);
	words_shape(p->name);
	if (p->name.p == NULL)
	{
		if (p->given.p || p->family.p || p->given_key.p || p->family_key.p)
			abort();
	}
	else
	{
		const char *sp = memchr(p->name.p, ' ', p->name.len);
		size_t		ls = p->name.len;

		while (ls > 0 && p->name.p[ls - 1] != ' ')
			ls--;
		if (p->given.p != p->name.p ||
			p->given.len != (sp ? (size_t) (sp - p->name.p) : p->name.len))
			abort();
		if (sp == NULL ? (p->family.p != NULL || p->family_key.p != NULL) :
			(p->family.p != p->name.p + ls ||
			 p->family.len != p->name.len - ls))
			abort();
	}
	for (k = 3; k <= 4; k++)
	{
		ambc_span	s = out_span(p, k);

		if (s.p == NULL)
			continue;
		if (s.len > 4)
			abort();
		for (i = 0; i < s.len; i++)
			if (!((s.p[i] >= 'A' && s.p[i] <= 'Z') || s.p[i] == '0'))
				abort();
	}

	/* email: one "@", as the normalizer has it */
	if (f[AMBC_P_EMAIL] != NULL)
		same_as(p->email, ambc_email_normalize(f[AMBC_P_EMAIL],
											   len[AMBC_P_EMAIL], tmp,
											   sizeof(tmp), &n, &reason),
				tmp, n);
	else if (p->email.p != NULL)
		abort();
	if (p->email.p != NULL)
	{
		const char *at = memchr(p->email.p, '@', p->email.len);

		if (at == NULL ||
			memchr(at + 1, '@', p->email.len - (at + 1 - p->email.p)) != NULL)
			abort();
	}

	/* phone: E.164 */
	if (f[AMBC_P_PHONE] == NULL && p->phone.p != NULL)
		abort();
	if (p->phone.p != NULL)
	{
		if (p->phone.len < 9 || p->phone.len > 16 || p->phone.p[0] != '+' ||
			p->phone.p[1] < '1' || p->phone.p[1] > '9')
			abort();
		for (i = 1; i < p->phone.len; i++)
			if (p->phone.p[i] < '0' || p->phone.p[i] > '9')
				abort();
	}
	if (f[AMBC_P_PHONE] != NULL &&
		ambc_phone_normalize(f[AMBC_P_PHONE], len[AMBC_P_PHONE],
							 p->country.p, 2, tmp, sizeof(tmp), &n,
							 &reason) != AMBC_INVALID)
		same_as(p->phone, ambc_phone_normalize(f[AMBC_P_PHONE],
											   len[AMBC_P_PHONE],
											   p->country.p, 2, tmp,
											   sizeof(tmp), &n, &reason),
				tmp, n);

	/* handle */
	if (f[AMBC_P_HANDLE] != NULL)
		same_as(p->handle, ambc_handle_normalize(f[AMBC_P_HANDLE],
												 len[AMBC_P_HANDLE], tmp,
												 sizeof(tmp), &n, &reason),
				tmp, n);
	else if (p->handle.p != NULL)
		abort();
	for (i = 0; p->handle.p != NULL && i < p->handle.len; i++)
	{
		char		c = p->handle.p[i];

		if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
			  c == '_' || c == '.' || c == '-'))
			abort();
	}

	/* street line, city, region: words */
	if (f[AMBC_P_ADDRESS] != NULL)
		same_as(p->address, ambc_address_normalize(f[AMBC_P_ADDRESS],
												   len[AMBC_P_ADDRESS], tmp,
												   sizeof(tmp), &n), tmp, n);
	else if (p->address.p != NULL)
		abort();
	if (f[AMBC_P_CITY] != NULL)
		same_as(p->city, ambc_city_normalize(f[AMBC_P_CITY], len[AMBC_P_CITY],
											 tmp, sizeof(tmp), &n), tmp, n);
	else if (p->city.p != NULL)
		abort();
	if (f[AMBC_P_REGION] != NULL)
		same_as(p->region, ambc_region_normalize(f[AMBC_P_REGION],
												 len[AMBC_P_REGION],
												 p->country.p, 2, tmp,
												 sizeof(tmp), &n), tmp, n);
	else if (p->region.p != NULL)
		abort();
	words_shape(p->address);
	words_shape(p->city);
	words_shape(p->region);

	/* postal code: letters and digits; 5 digits in the US */
	if (f[AMBC_P_POSTAL] != NULL)
		same_as(p->postal, ambc_postal_normalize(f[AMBC_P_POSTAL],
												 len[AMBC_P_POSTAL],
												 p->country.p, 2, tmp, &n,
												 &reason), tmp, n);
	else if (p->postal.p != NULL)
		abort();
	if (p->postal.p != NULL)
	{
		if (p->postal.len > AMBC_POSTAL_MAX || (us && p->postal.len != 5))
			abort();
		for (i = 0; i < p->postal.len; i++)
		{
			char		c = p->postal.p[i];

			if (!((c >= 'A' && c <= 'Z' && !us) || (c >= '0' && c <= '9')))
				abort();
		}
	}
}

/*
 * check_fixpoint
 *		Feed pr's outputs back as raw fields; abort unless they prepare to
 *		the same outputs.
 */
static void
check_fixpoint(const prepared *pr)
{
	static const int out_of[AMBC_P_NFIELDS] = {0, 5, 6, 7, 8, 9, 10, 11, 12};
	const char *f[AMBC_P_NFIELDS];
	size_t		len[AMBC_P_NFIELDS];
	prepared	again;
	int			i,
				k;

	for (i = 0; i < AMBC_P_NFIELDS; i++)
	{
		ambc_span	s = out_span(&pr->p, out_of[i]);

		f[i] = s.p;
		len[i] = s.len;
	}
	if (f[AMBC_P_NAME] == NULL)
		f[AMBC_P_NAME] = "";
	/* the known limit: expanded street lines and cities past the fold size */
	if (len[AMBC_P_ADDRESS] > AMBC_FOLD_CHECK)
		f[AMBC_P_ADDRESS] = NULL;
	if (len[AMBC_P_CITY] > AMBC_FOLD_CHECK)
		f[AMBC_P_CITY] = NULL;
	if (!prepare(f, len, &again))
	{
		release(&again);
		return;
	}
	if (again.st != AMBC_OK)
		abort();
	for (k = 0; k < NOUT; k++)
	{
		ambc_span	a = out_span(&pr->p, k);
		ambc_span	b = out_span(&again.p, k);

		if ((k == 8 && f[AMBC_P_ADDRESS] == NULL) ||
			(k == 9 && f[AMBC_P_CITY] == NULL))
			continue;
		if ((a.p == NULL) != (b.p == NULL) || a.len != b.len ||
			(a.len > 0 && memcmp(a.p, b.p, a.len) != 0))
			abort();
	}
	release(&again);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *f[AMBC_P_NFIELDS];
	size_t		len[AMBC_P_NFIELDS];
	unsigned	absent = 0;
	size_t		pos = 0;
	prepared	pr;
	int			i;

	if (size >= 2)
	{
		absent = data[0] | ((unsigned) data[1] << 8);
		pos = 2;
	}
	for (i = 0; i < AMBC_P_NFIELDS; i++)
	{
		const uint8_t *sep;

		f[i] = NULL;
		len[i] = 0;
		if (pos > size)
			continue;
		sep = i + 1 < AMBC_P_NFIELDS ?
			memchr(data + pos, 0x1F, size - pos) : NULL;
		f[i] = (const char *) data + pos;
		len[i] = sep ? (size_t) (sep - (data + pos)) : size - pos;
		pos += len[i] + 1;
		if (absent & (1u << i))
			f[i] = NULL;
	}

	if (!prepare(f, len, &pr))
	{
		release(&pr);
		return 0;
	}
	if (pr.st == AMBC_OK)
	{
		check_ok(&pr, f, len);
		check_fixpoint(&pr);
	}
	else
	{
		if (pr.st != AMBC_BAD_UTF8 && pr.st != AMBC_EMPTY &&
			pr.st != AMBC_TOO_LONG && pr.st != AMBC_INVALID)
			abort();
		if (pr.bad < 0 || pr.bad >= AMBC_P_NFIELDS)
			abort();
		if (pr.st == AMBC_EMPTY)
		{
			if (pr.bad != AMBC_P_NAME || f[AMBC_P_NAME] != NULL)
				abort();
		}
		else if (f[pr.bad] == NULL)
			abort();
		if (pr.st == AMBC_BAD_UTF8 &&
			(pr.bad == AMBC_P_COUNTRY ||
			 ambc_utf8_validate(f[pr.bad], len[pr.bad]) == AMBC_OK))
			abort();
		if (pr.bad == AMBC_P_COUNTRY &&
			(pr.st != AMBC_INVALID || pr.reason == NULL))
			abort();
		/* the country is read first: a bad one is the error */
		if (f[AMBC_P_COUNTRY] != NULL && pr.bad != AMBC_P_COUNTRY &&
			len[AMBC_P_COUNTRY] != 2)
			abort();
	}
	release(&pr);
	return 0;
}

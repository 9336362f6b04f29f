/*-------------------------------------------------------------------------
 *
 * test_person.c
 *		Unit tests for the preparation of a whole ambassador record
 *		(src/core/person.c).
 *
 * Every raw field is an exact-size heap copy and the output buffer an
 * exact-size heap block of AMBC_PERSON_BUF bytes, so AddressSanitizer sees
 * any access outside them.  The tests check a table of records field by
 * field, the given/family split and phonetic keys, absent and empty fields,
 * the field and reason of each error, the country and its effect on the
 * phone, postal code and region, malformed UTF-8 in each field, and, on
 * many generated records, that each output is exactly what the field's own
 * normalizer gives (person.h's rules applied to ambc_name_normalize,
 * ambc_email_normalize, ...), lies inside the buffer, and is a fixpoint:
 * the prepared record, fed back as raw fields, prepares to itself.
 *
 * test/unit/test_person.c
 *
 *-------------------------------------------------------------------------
 */
#include <stdint.h>
#include <time.h>

#include "address.h"
#include "dmetaphone.h"
#include "email.h"
#include "handle.h"
#include "name.h"
#include "person.h"
#include "phone.h"
#include "utf8.h"
#include "unit.h"

#define LENGTHOF(a) (sizeof(a) / sizeof((a)[0]))

/* the outputs of ambc_person, in struct order */
enum
{
	O_NAME = 0, O_GIVEN, O_FAMILY, O_GKEY, O_FKEY, O_EMAIL, O_PHONE,
	O_HANDLE, O_ADDRESS, O_CITY, O_POSTAL, O_REGION, O_COUNTRY, NOUT
};

static const char *const out_names[NOUT] = {
	"name", "given", "family", "given_key", "family_key", "email", "phone",
	"handle", "address", "city", "postal", "region", "country"
};

/* CPU seconds one record with a 1 MB field may take, sanitizers included */
#define MB_SECONDS 5.0

/* a prepared record and the memory behind it */
typedef struct prepared
{
	ambc_status st;
	ambc_person p;
	int			bad;
	const char *reason;
	char	   *buf;			/* exactly AMBC_PERSON_BUF bytes */
	char	   *copy[AMBC_P_NFIELDS];
} prepared;

/*
 * prepare_n
 *		ambc_person_prepare on exact-size heap copies of f[i][0..len[i])
 *		(absent when f[i] is NULL) into an exact-size buffer.  The caller
 *		releases *pr with release().
 */
static void
prepare_n(const char *const *f, const size_t *len, prepared *pr)
{
	ambc_span	in[AMBC_P_NFIELDS];
	int			i;

	memset(pr, 0, sizeof(*pr));
	pr->buf = malloc(AMBC_PERSON_BUF);
	for (i = 0; i < AMBC_P_NFIELDS; i++)
	{
		in[i].p = NULL;
		in[i].len = 0;
		if (f[i] == NULL)
			continue;
		pr->copy[i] = malloc(len[i] ? len[i] : 1);
		if (pr->copy[i] == NULL)
			continue;
		pr->copy[i][0] = 0;
		if (len[i] > 0)
			memcpy(pr->copy[i], f[i], len[i]);
		in[i].p = pr->copy[i];
		in[i].len = len[i];
	}
	if (pr->buf == NULL)
	{
		CHECK(pr->buf != NULL);
		pr->st = AMBC_LIMIT;
		return;
	}
	pr->bad = 12345;
	pr->reason = "unset";
	pr->st = ambc_person_prepare(in, pr->buf, &pr->p, &pr->bad, &pr->reason);
}

/*
 * prepare
 *		prepare_n for NUL-terminated fields.
 */
static void
prepare(const char *const *f, prepared *pr)
{
	size_t		len[AMBC_P_NFIELDS];
	int			i;

	for (i = 0; i < AMBC_P_NFIELDS; i++)
		len[i] = f[i] ? strlen(f[i]) : 0;
	prepare_n(f, len, pr);
}

static void
release(prepared *pr)
{
	int			i;

	free(pr->buf);
	for (i = 0; i < AMBC_P_NFIELDS; i++)
		free(pr->copy[i]);
	memset(pr, 0, sizeof(*pr));
}

/*
 * out_span
 *		Output k of p.
 */
static ambc_span
out_span(const ambc_person *p, int k)
{
	switch (k)
	{
		case O_NAME:
			return p->name;
		case O_GIVEN:
			return p->given;
		case O_FAMILY:
			return p->family;
		case O_GKEY:
			return p->given_key;
		case O_FKEY:
			return p->family_key;
		case O_EMAIL:
			return p->email;
		case O_PHONE:
			return p->phone;
		case O_HANDLE:
			return p->handle;
		case O_ADDRESS:
			return p->address;
		case O_CITY:
			return p->city;
		case O_POSTAL:
			return p->postal;
		case O_REGION:
			return p->region;
		default:
			return p->country;
	}
}

/*
 * span_is
 *		True if s is absent and want is NULL, or s is want's bytes.
 */
static int
span_is(ambc_span s, const char *want)
{
	if (want == NULL)
		return s.p == NULL && s.len == 0;
	return s.p != NULL && s.len == strlen(want) &&
		memcmp(s.p, want, s.len) == 0;
}

/*
 * check_shape
 *		Properties of every successful preparation: each output is absent
 *		(NULL, 0) or a non-empty valid UTF-8 span inside the buffer; outputs
 *		do not overlap, except that given and family are the first and last
 *		words of name; keys are 1..4 of A-Z and '0'; the country is two
 *		upper-case letters.  Returns 1 if all hold.
 */
static int
check_shape(const char *what, const prepared *pr)
{
	int			k,
				j;
	const ambc_person *p = &pr->p;

	for (k = 0; k < NOUT; k++)
	{
		ambc_span	s = out_span(p, k);

		if (s.p == NULL)
		{
			if (s.len != 0)
			{
				CHECKF(0, "%s: %s absent with length %zu", what, out_names[k],
					   s.len);
				return 0;
			}
			continue;
		}
		if (s.len == 0 || s.p < pr->buf ||
			s.p + s.len > pr->buf + AMBC_PERSON_BUF ||
			ambc_utf8_validate(s.p, s.len) != AMBC_OK)
		{
			CHECKF(0, "%s: %s is not a span of the buffer", what,
				   out_names[k]);
			return 0;
		}
		for (j = 0; j < k; j++)
		{
			ambc_span	t = out_span(p, j);

			if (t.p == NULL || j == O_NAME || (j == O_GIVEN && k == O_FAMILY))
				continue;
			if (s.p < t.p + t.len && t.p < s.p + s.len)
			{
				CHECKF(0, "%s: %s overlaps %s", what, out_names[k],
					   out_names[j]);
				return 0;
			}
		}
	}
	for (k = O_GKEY; k <= O_FKEY; k++)
	{
		ambc_span	s = out_span(p, k);
		size_t		i;

		if (s.p == NULL)
			continue;
		for (i = 0; i < s.len; i++)
			if (!((s.p[i] >= 'A' && s.p[i] <= 'Z') || s.p[i] == '0'))
				s.len = 99;
		if (s.len > AMBC_DMETAPHONE_MAX)
		{
			CHECKF(0, "%s: bad %s", what, out_names[k]);
			return 0;
		}
	}
	if (p->country.p == NULL || p->country.len != 2 ||
		p->country.p[0] < 'A' || p->country.p[0] > 'Z' ||
		p->country.p[1] < 'A' || p->country.p[1] > 'Z')
	{
		CHECKF(0, "%s: bad country", what);
		return 0;
	}
	/* given: the first word of name; family: the last, when there are two */
	if ((p->name.p == NULL) != (p->given.p == NULL) ||
		(p->name.p == NULL && (p->family.p != NULL ||
							   p->given_key.p != NULL ||
							   p->family_key.p != NULL)))
	{
		CHECKF(0, "%s: name fields absent or present together", what);
		return 0;
	}
	if (p->name.p != NULL)
	{
		const char *sp = memchr(p->name.p, ' ', p->name.len);
		size_t		fe = sp ? (size_t) (sp - p->name.p) : p->name.len;
		size_t		ls = p->name.len;

		while (ls > 0 && p->name.p[ls - 1] != ' ')
			ls--;
		if (p->given.p != p->name.p || p->given.len != fe ||
			(sp == NULL ? p->family.p != NULL :
			 (p->family.p != p->name.p + ls ||
			  p->family.len != p->name.len - ls)))
		{
			CHECKF(0, "%s: bad split of \"%.*s\"", what, (int) p->name.len,
				   p->name.p);
			return 0;
		}
		if (p->family.p == NULL && p->family_key.p != NULL)
		{
			CHECKF(0, "%s: a family key without a family name", what);
			return 0;
		}
	}
	return 1;
}

/*
 * check_fixpoint
 *		The prepared record pr, fed back as raw fields (the name as "" when
 *		it is absent, the country always), prepares to the same outputs.
 */
static int
check_fixpoint(const char *what, const prepared *pr)
{
	const char *f[AMBC_P_NFIELDS];
	size_t		len[AMBC_P_NFIELDS];
	static const int raw_of[AMBC_P_NFIELDS] = {
		O_NAME, O_EMAIL, O_PHONE, O_HANDLE, O_ADDRESS, O_CITY, O_POSTAL,
		O_REGION, O_COUNTRY
	};
	prepared	again;
	int			i;
	int			k;
	int			ok = 1;

	for (i = 0; i < AMBC_P_NFIELDS; i++)
	{
		ambc_span	s = out_span(&pr->p, raw_of[i]);

		f[i] = s.p;
		len[i] = s.len;
	}
	if (f[AMBC_P_NAME] == NULL)
		f[AMBC_P_NAME] = "";
	prepare_n(f, len, &again);
	if (again.st != AMBC_OK)
	{
		CHECKF(0, "%s: fed back: %s in %s", what, ambc_status_name(again.st),
			   ambc_person_field_name(again.bad));
		ok = 0;
	}
	else
		for (k = 0; k < NOUT && ok; k++)
		{
			ambc_span	a = out_span(&pr->p, k);
			ambc_span	b = out_span(&again.p, k);

			if ((a.p == NULL) != (b.p == NULL) || a.len != b.len ||
				(a.len > 0 && memcmp(a.p, b.p, a.len) != 0))
			{
				CHECKF(0, "%s: fed back, %s \"%.*s\" became \"%.*s\"", what,
					   out_names[k], (int) a.len, a.p ? a.p : "",
					   (int) b.len, b.p ? b.p : "");
				ok = 0;
			}
		}
	release(&again);
	return ok;
}

/* ------------------------------------------------------------------------
 * a table of records
 * ------------------------------------------------------------------------
 */

typedef struct person_case
{
	const char *in[AMBC_P_NFIELDS];	/* NULL: absent */
	ambc_status st;
	int			bad;			/* the field at fault when st != AMBC_OK */
	const char *out[NOUT];		/* when st == AMBC_OK; NULL: absent */
} person_case;

#define NONE {NULL}

static const person_case cases[] = {
	/* everything, each field normalized by its own rules */
	{{"Dr. Robert J. Smith Jr.", " Bob.Smith+etsy@GMAIL.com ",
			"(512) 555-0100", "@BobSmith_Makes", "123 N. Main St., Apt #4",
		"St. Louis", "63101-1234", "Missouri", NULL},
		AMBC_OK, -1,
		{"robert j smith", "robert", "smith", "RPRT", "SM0",
			"bobsmith@gmail.com", "+15125550100", "bobsmith_makes",
			"123 north main street apartment 4", "saint louis", "63101", "mo",
	"US"}},
	/* "Last, First", and a handle from a profile URL */
	{{"SMITH, Bob", "bob@example.com", NULL,
			"https://www.instagram.com/bob.smith/?hl=en", NULL, "FT WORTH",
		"2134", "TX", "us"},
		AMBC_OK, -1,
		{"bob smith", "bob", "smith", "PP", "SM0", "bob@example.com", NULL,
		"bob.smith", NULL, "fort worth", "02134", "tx", "US"}},
	/* one word: given only */
	{{"Madonna", NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL},
		AMBC_OK, -1,
		{"madonna", "madonna", NULL, "MTN", NULL, NULL, NULL, NULL, NULL,
	NULL, NULL, NULL, "US"}},
	/* middle words are in name only */
	{{"Maria Jos\xC3\xA9 Garc\xC3\xAD" "a L\xC3\xB3pez", NULL, NULL, NULL,
		NULL, NULL, NULL, NULL, NULL},
		AMBC_OK, -1,
		{"maria jose garcia lopez", "maria", "lopez", "MR", "LPS", NULL, NULL,
	NULL, NULL, NULL, NULL, NULL, "US"}},
	/* a name without a sound: no key, the name stays */
	{{"\xE7\x8E\x8B\xE5\xB0\x8F\xE6\x98\x8E", NULL, NULL, NULL, NULL, NULL,
		NULL, "Hawai\xCA\xBBi", NULL},
		AMBC_OK, -1,
		{"\xE7\x8E\x8B\xE5\xB0\x8F\xE6\x98\x8E",
			"\xE7\x8E\x8B\xE5\xB0\x8F\xE6\x98\x8E", NULL, NULL, NULL, NULL,
	NULL, NULL, NULL, NULL, NULL, "hi", "US"}},
	{{"H Smith", NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL},
		AMBC_OK, -1,
		{"h smith", "h", "smith", NULL, "SM0", NULL, NULL, NULL, NULL, NULL,
	NULL, NULL, "US"}},
	/* a name that normalizes to nothing leaves the name fields absent */
	{{"-", "x@y.org", NULL, NULL, NULL, NULL, NULL, NULL, NULL},
		AMBC_OK, -1,
		{NULL, NULL, NULL, NULL, NULL, "x@y.org", NULL, NULL, NULL, NULL,
	NULL, NULL, "US"}},
	{{"Mr. Jr.", NULL, NULL, NULL, NULL, NULL, NULL, NULL, "fr"},
		AMBC_OK, -1,
		{NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
	NULL, "FR"}},
	{{"", NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL},
		AMBC_OK, -1,
		{NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
	NULL, "US"}},
	/* empty optional fields are absent, not errors */
	{{"Jane Doe", "  ", " ", "", ",", "-", " - ", ".", "gb"},
		AMBC_OK, -1,
		{"jane doe", "jane", "doe", "JN", "T", NULL, NULL, NULL, NULL, NULL,
	NULL, NULL, "GB"}},
	{{"Jane Doe", "\t", "\xC2\xA0", "\xE3\x80\x80", "\xF0\x9F\x8F\xA0",
		"''", ".-.", "--", "GB"},
		AMBC_OK, -1,
		{"jane doe", "jane", "doe", "JN", "T", NULL, NULL, NULL, NULL, NULL,
	NULL, NULL, "GB"}},
	/* the country decides the phone, postal code and region rules */
	{{"Jane Doe", NULL, "020 7946 0018", NULL, NULL, "London", "sw1a 1aa",
		"Greater London", "gb"},
		AMBC_OK, -1,
		{"jane doe", "jane", "doe", "JN", "T", NULL, "+442079460018", NULL,
	NULL, "london", "SW1A1AA", "greater london", "GB"}},
	{{"Jane Doe", NULL, "030 123456", NULL, "Stra\xC3\x9F" "e 1", NULL,
		"10115", "Texas", "De"},
		AMBC_OK, -1,
		{"jane doe", "jane", "doe", "JN", "T", NULL, "+4930123456", NULL,
	"strasse 1", NULL, "10115", "texas", "DE"}},
	{{"Jane Doe", NULL, "(512) 555-0100", NULL, NULL, NULL, "78701",
		"Texas", "uS"},
		AMBC_OK, -1,
		{"jane doe", "jane", "doe", "JN", "T", NULL, "+15125550100", NULL,
	NULL, NULL, "78701", "tx", "US"}},
	/* a country the phone rules do not know: "+..." still reads */
	{{"Jane Doe", NULL, "+44 20 7946 0018", NULL, NULL, NULL, "2134",
		"Texas", "ZZ"},
		AMBC_OK, -1,
		{"jane doe", "jane", "doe", "JN", "T", NULL, "+442079460018", NULL,
	NULL, NULL, "2134", "texas", "ZZ"}},
	{{"Jane Doe", NULL, " \t+1 512 555 0100", NULL, NULL, NULL, NULL, NULL,
		"xk"},
		AMBC_OK, -1,
		{"jane doe", "jane", "doe", "JN", "T", NULL, "+15125550100", NULL,
	NULL, NULL, NULL, NULL, "XK"}},
	/* ... but a national number does not */
	{{"Jane Doe", NULL, "020 7946 0018", NULL, NULL, NULL, NULL, NULL, "ZZ"},
	AMBC_INVALID, AMBC_P_PHONE, NONE},
	{{"Jane Doe", NULL, "5125550100", NULL, NULL, NULL, NULL, NULL, "XK"},
	AMBC_INVALID, AMBC_P_PHONE, NONE},
	/* and an invalid "+..." number is still invalid */
	{{"Jane Doe", NULL, "+1 111 555 0100", NULL, NULL, NULL, NULL, NULL,
	"ZZ"}, AMBC_INVALID, AMBC_P_PHONE, NONE},
	/* errors name their field */
	{{NULL, "bob@example.com", NULL, NULL, NULL, NULL, NULL, NULL, NULL},
	AMBC_EMPTY, AMBC_P_NAME, NONE},
	{{"Jane Doe", "not an email", NULL, NULL, NULL, NULL, NULL, NULL, NULL},
	AMBC_INVALID, AMBC_P_EMAIL, NONE},
	{{"Jane Doe", "a@b@c.com", NULL, NULL, NULL, NULL, NULL, NULL, NULL},
	AMBC_INVALID, AMBC_P_EMAIL, NONE},
	{{"Jane Doe", NULL, "123", NULL, NULL, NULL, NULL, NULL, NULL},
	AMBC_INVALID, AMBC_P_PHONE, NONE},
	{{"Jane Doe", NULL, "1-800-FLOWERS", NULL, NULL, NULL, NULL, NULL, NULL},
	AMBC_INVALID, AMBC_P_PHONE, NONE},
	{{"Jane Doe", NULL, NULL, "https://example.com/jane", NULL, NULL, NULL,
	NULL, NULL}, AMBC_INVALID, AMBC_P_HANDLE, NONE},
	{{"Jane Doe", NULL, NULL, "jane doe", NULL, NULL, NULL, NULL, NULL},
	AMBC_INVALID, AMBC_P_HANDLE, NONE},
	{{"Jane Doe", NULL, NULL, NULL, NULL, NULL, "ABCDE", NULL, NULL},
	AMBC_INVALID, AMBC_P_POSTAL, NONE},
	{{"Jane Doe", NULL, NULL, NULL, NULL, NULL, "12", NULL, "US"},
	AMBC_INVALID, AMBC_P_POSTAL, NONE},
	{{"Jane Doe", NULL, NULL, NULL, NULL, NULL, "SW1A#1AA", NULL, "GB"},
	AMBC_INVALID, AMBC_P_POSTAL, NONE},
	{{"Jane Doe", NULL, NULL, NULL, NULL, NULL, NULL, NULL, "USA"},
	AMBC_INVALID, AMBC_P_COUNTRY, NONE},
	{{"Jane Doe", NULL, NULL, NULL, NULL, NULL, NULL, NULL, "U"},
	AMBC_INVALID, AMBC_P_COUNTRY, NONE},
	{{"Jane Doe", NULL, NULL, NULL, NULL, NULL, NULL, NULL, "1A"},
	AMBC_INVALID, AMBC_P_COUNTRY, NONE},
	{{"Jane Doe", NULL, NULL, NULL, NULL, NULL, NULL, NULL, " US"},
	AMBC_INVALID, AMBC_P_COUNTRY, NONE},
	{{"Jane Doe", NULL, NULL, NULL, NULL, NULL, NULL, NULL, "\xC3\x9C"},
	AMBC_INVALID, AMBC_P_COUNTRY, NONE},	/* Ü: two bytes, not letters */
	/* the country is read first */
	{{NULL, "x", "1", NULL, NULL, NULL, NULL, NULL, "U!"},
	AMBC_INVALID, AMBC_P_COUNTRY, NONE},
	/* then the fields in order */
	{{"Jane Doe", "x", "1", NULL, NULL, NULL, "#", NULL, NULL},
	AMBC_INVALID, AMBC_P_EMAIL, NONE},
	{{"Jane Doe", NULL, "1", "x/y", NULL, NULL, "#", NULL, NULL},
	AMBC_INVALID, AMBC_P_PHONE, NONE},
	{{"Jane \xC3", "x", NULL, NULL, NULL, NULL, NULL, NULL, NULL},
	AMBC_BAD_UTF8, AMBC_P_NAME, NONE},
};

/*
 * The table: status, field at fault, and every output; for errors a
 * reason exactly where the field's normalizer gives one; for successes the
 * shape of the outputs and the fixpoint.
 */
static void
test_cases(void)
{
	size_t		i;
	size_t		nok = 0;
	size_t		nerr = 0;

	for (i = 0; i < LENGTHOF(cases); i++)
	{
		const person_case *c = &cases[i];
		prepared	pr;
		char		what[32];
		int			k;

		snprintf(what, sizeof(what), "case %zu", i);
		prepare(c->in, &pr);
		CHECKF(pr.st == c->st, "%s: got %s (%s), want %s", what,
			   ambc_status_name(pr.st), ambc_person_field_name(pr.bad),
			   ambc_status_name(c->st));
		if (pr.st != AMBC_OK && pr.st == c->st)
		{
			int			wants_reason = c->bad != AMBC_P_NAME;

			CHECKF(pr.bad == c->bad, "%s: field %s, want %s", what,
				   ambc_person_field_name(pr.bad),
				   ambc_person_field_name(c->bad));
			if (pr.st == AMBC_BAD_UTF8 || c->bad == AMBC_P_NAME)
				wants_reason = 0;
			if (wants_reason)
				CHECKF(pr.reason != NULL && pr.reason[0] != 0,
					   "%s: no reason", what);
			else if (c->bad == AMBC_P_NAME)
				CHECKF(pr.reason == NULL, "%s: reason \"%s\"", what,
					   pr.reason);
			nerr++;
		}
		if (pr.st == AMBC_OK && c->st == AMBC_OK)
		{
			int			same = 1;

			for (k = 0; k < NOUT; k++)
				if (!span_is(out_span(&pr.p, k), c->out[k]))
				{
					ambc_span	s = out_span(&pr.p, k);

					same = 0;
					CHECKF(0, "%s: %s is \"%.*s\"%s, want %s%s%s", what,
						   out_names[k], (int) s.len, s.p ? s.p : "",
						   s.p ? "" : " (absent)", c->out[k] ? "\"" : "",
						   c->out[k] ? c->out[k] : "absent",
						   c->out[k] ? "\"" : "");
				}
			CHECK(same);
			CHECK(pr.reason == NULL);
			CHECK(check_shape(what, &pr));
			CHECK(check_fixpoint(what, &pr));
			nok++;
		}
		release(&pr);
	}
	CHECK(nok >= 15 && nerr >= 15);
}

/*
 * The phonetic keys are the Double Metaphone primary keys of the given and
 * family names as ambc_double_metaphone computes them.
 */
static void
test_phonetic_keys(void)
{
	static const char *const names[] = {
		"Robert Smith", "Catherine Zeta Jones", "Xavier Schmidt",
		"Ng Wu", "Thomas Thompson", "Bj\xC3\xB6rk Gu\xC3\xB0mundsd\xC3\xB3ttir",
		"\xC3\x87" "elik \xC3\x91" "u\xC3\xB1" "ez", "H Hh", "Aa Bb"
	};
	size_t		i;

	for (i = 0; i < LENGTHOF(names); i++)
	{
		const char *f[AMBC_P_NFIELDS] = {NULL};
		prepared	pr;
		int			k;

		f[AMBC_P_NAME] = names[i];
		prepare(f, &pr);
		CHECKF(pr.st == AMBC_OK, "%s: %s", names[i], ambc_status_name(pr.st));
		if (pr.st == AMBC_OK)
		{
			CHECK(check_shape(names[i], &pr));
			for (k = 0; k < 2; k++)
			{
				ambc_span	w = k == 0 ? pr.p.given : pr.p.family;
				ambc_span	key = k == 0 ? pr.p.given_key : pr.p.family_key;
				char		p[AMBC_DMETAPHONE_MAX];
				char		a[AMBC_DMETAPHONE_MAX];
				size_t		plen = 0;
				size_t		alen = 0;

				CHECK(w.p != NULL);
				if (w.p == NULL)
					continue;
				CHECK(ambc_double_metaphone(w.p, w.len, p, &plen, a, &alen) ==
					  AMBC_OK);
				if (plen == 0)
					CHECKF(key.p == NULL && key.len == 0,
						   "%s: a key for a word without one", names[i]);
				else
					CHECKF(key.p != NULL && key.len == plen &&
						   memcmp(key.p, p, plen) == 0,
						   "%s: key %d is \"%.*s\", want \"%.*s\"", names[i],
						   k, (int) key.len, key.p ? key.p : "", (int) plen,
						   p);
			}
		}
		release(&pr);
	}
}

/*
 * The country: upper-cased; absent is "US"; anything but two ASCII
 * letters is AMBC_INVALID for the country field with a reason.  An empty
 * country string is not absent (the column is NOT NULL and its CHECK wants
 * two letters), so it is invalid too.
 */
static void
test_country(void)
{
	static const char *const good[][2] = {
		{"US", "US"}, {"us", "US"}, {"gB", "GB"}, {"zz", "ZZ"},
		{"Az", "AZ"}, {"aZ", "AZ"}
	};
	static const char *const bad[] = {
		"", " ", "U", "USA", "U ", " U", "U1", "1U", "u-", "@A", "[A",
		"`a", "{a", "\xC3\xA9", "U\xC3", "\xEF\xBC\xB5\xEF\xBC\xB3"
	};
	size_t		i;
	int			c;

	for (i = 0; i < LENGTHOF(good); i++)
	{
		const char *f[AMBC_P_NFIELDS] = {"Ann Lee"};
		prepared	pr;

		f[AMBC_P_COUNTRY] = good[i][0];
		prepare(f, &pr);
		CHECKF(pr.st == AMBC_OK && span_is(pr.p.country, good[i][1]),
			   "\"%s\": %s", good[i][0], ambc_status_name(pr.st));
		release(&pr);
	}
	for (i = 0; i < LENGTHOF(bad); i++)
	{
		const char *f[AMBC_P_NFIELDS] = {"Ann Lee"};
		prepared	pr;

		f[AMBC_P_COUNTRY] = bad[i];
		prepare(f, &pr);
		CHECKF(pr.st == AMBC_INVALID && pr.bad == AMBC_P_COUNTRY &&
			   pr.reason != NULL, "\"%s\": %s", bad[i],
			   ambc_status_name(pr.st));
		release(&pr);
	}
	/* absent: US */
	{
		const char *f[AMBC_P_NFIELDS] = {"Ann Lee"};
		prepared	pr;

		prepare(f, &pr);
		CHECK(pr.st == AMBC_OK && span_is(pr.p.country, "US"));
		release(&pr);
	}
	/* every pair of bytes: exactly the ASCII letters, in any case */
	for (c = 0; c < 256; c++)
	{
		int			d;

		for (d = 0; d < 256; d += 5)
		{
			const char *f[AMBC_P_NFIELDS] = {"Ann Lee"};
			size_t		len[AMBC_P_NFIELDS] = {7, 0, 0, 0, 0, 0, 0, 0, 2};
			char		cc[2];
			prepared	pr;
			int			letters = ((c | 32) >= 'a' && (c | 32) <= 'z') &&
				((d | 32) >= 'a' && (d | 32) <= 'z');

			cc[0] = (char) c;
			cc[1] = (char) d;
			f[AMBC_P_COUNTRY] = cc;
			prepare_n(f, len, &pr);
			if (letters)
				CHECKF(pr.st == AMBC_OK && pr.p.country.len == 2 &&
					   pr.p.country.p[0] == (char) (c & ~32) &&
					   pr.p.country.p[1] == (char) (d & ~32),
					   "country 0x%02X 0x%02X: %s", c, d,
					   ambc_status_name(pr.st));
			else
				CHECKF(pr.st == AMBC_INVALID && pr.bad == AMBC_P_COUNTRY,
					   "country 0x%02X 0x%02X: %s", c, d,
					   ambc_status_name(pr.st));
			release(&pr);
		}
	}
}

/*
 * person.h: for a country the phone rules do not know, "a number written
 * with '+' is accepted", read as if the default were "US".  The phone
 * normalizer (phone.h) reads more spellings of such a number than an ASCII
 * "+" after ASCII blanks: a fullwidth plus, a "tel:" prefix, and Unicode
 * white space before it.  Each is a number written with "+", and each is
 * accepted with the default "US".
 */
static void
test_plus_phone_variants(void)
{
	static const char *const written_with_plus[] = {
		"+1 512 555 0100",
		"  +1 512 555 0100",
		"\xEF\xBC\x8B" "1 512 555 0100",	/* fullwidth plus */
		"tel:+1-512-555-0100",
		"TEL:+15125550100",
		"\xC2\xA0+1 512 555 0100",	/* no-break space */
		"\xE3\x80\x80+1 512 555 0100"	/* ideographic space */
	};
	size_t		i;

	for (i = 0; i < LENGTHOF(written_with_plus); i++)
	{
		const char *f[AMBC_P_NFIELDS] = {"Ann Lee"};
		prepared	pr;
		char		out[64];
		size_t		len = 0;
		const char *reason;

		/* the phone normalizer reads it as this number */
		CHECKF(ambc_phone_normalize(written_with_plus[i],
									strlen(written_with_plus[i]), "US", 2,
									out, sizeof(out), &len, &reason) ==
			   AMBC_OK && len == 12 &&
			   memcmp(out, "+15125550100", 12) == 0,
			   "phone.h does not read \"%s\"", written_with_plus[i]);
		f[AMBC_P_PHONE] = written_with_plus[i];
		f[AMBC_P_COUNTRY] = "ZZ";
		prepare(f, &pr);
		CHECKF(pr.st == AMBC_OK && span_is(pr.p.phone, "+15125550100"),
			   "\"%s\" for ZZ: %s (%s)", written_with_plus[i],
			   ambc_status_name(pr.st),
			   pr.reason ? pr.reason : "no reason");
		release(&pr);
	}
}

/*
 * Malformed UTF-8 in any one field is AMBC_BAD_UTF8 for that field (the
 * country, which must be two ASCII letters, is AMBC_INVALID), wherever it
 * is in the field, even when the other fields are fine.
 */
static void
test_malformed_each_field(void)
{
	static const char *const bad[] = {
		"\x80", "\xC3", "\xE2\x82", "\xF0\x9F\x8E", "\xC0\x80", "\xC1\xBF",
		"\xE0\x80\xAF", "\xF0\x80\x80\xAF", "\xED\xA0\x80", "\xED\xBF\xBF",
		"\xF4\x90\x80\x80", "\xF5\x80\x80\x80", "\xFE", "\xFF"
	};
	static const char *const good[AMBC_P_NFIELDS] = {
		"Jane Doe", "jane@example.com", "+1 512 555 0100", "@jane",
		"1 Main St", "Austin", "78701", "Texas", "US"
	};
	int			field;

	for (field = 0; field < AMBC_P_NFIELDS; field++)
	{
		size_t		b;

		for (b = 0; b < LENGTHOF(bad); b++)
		{
			int			where;

			for (where = 0; where < 3; where++)
			{
				const char *f[AMBC_P_NFIELDS];
				char		v[64];
				prepared	pr;
				ambc_status want = field == AMBC_P_COUNTRY ? AMBC_INVALID :
					AMBC_BAD_UTF8;

				memcpy(f, good, sizeof(f));
				if (where == 0)
					snprintf(v, sizeof(v), "%s", bad[b]);
				else if (where == 1)
					snprintf(v, sizeof(v), "%s%s", bad[b], good[field]);
				else
					snprintf(v, sizeof(v), "%s%s", good[field], bad[b]);
				f[field] = v;
				prepare(f, &pr);
				CHECKF(pr.st == want && pr.bad == field,
					   "%s, bad %zu at %d: %s in %s",
					   ambc_person_field_name(field), b, where,
					   ambc_status_name(pr.st),
					   ambc_person_field_name(pr.bad));
				release(&pr);
			}
		}
	}
}

/*
 * The reason belongs to the field that failed: a field that is empty (and
 * so absent) has had its normalizer say "it is empty", but when a later
 * field then fails with a normalizer that gives no reason (street line,
 * city, region), *reason is NULL, not the earlier field's phrase; and on
 * a later failure with a reason, it is that field's.
 */
static void
test_reason_belongs_to_field(void)
{
	static const struct
	{
		const char *in[AMBC_P_NFIELDS];
		int			bad;
		ambc_status st;
	}			rc[] = {
		{{"Ann Lee", "", NULL, NULL, "\xC0\x80"}, AMBC_P_ADDRESS,
		AMBC_BAD_UTF8},
		{{"Ann Lee", " ", NULL, NULL, NULL, "\xFF"}, AMBC_P_CITY,
		AMBC_BAD_UTF8},
		{{"Ann Lee", NULL, " ", NULL, NULL, NULL, NULL, "\xC3"},
		AMBC_P_REGION, AMBC_BAD_UTF8},
		{{"Ann Lee", NULL, NULL, "", "\xED\xA0\x80"}, AMBC_P_ADDRESS,
		AMBC_BAD_UTF8},
		{{"Ann Lee", "ann@example.com", "", "", "1 Main St", "x\x80"},
		AMBC_P_CITY, AMBC_BAD_UTF8},
	};
	size_t		i;

	for (i = 0; i < LENGTHOF(rc); i++)
	{
		prepared	pr;

		prepare(rc[i].in, &pr);
		CHECKF(pr.st == rc[i].st && pr.bad == rc[i].bad,
			   "case %zu: %s in %s", i, ambc_status_name(pr.st),
			   ambc_person_field_name(pr.bad));
		CHECKF(pr.reason == NULL, "case %zu: %s failed, reason \"%s\"", i,
			   ambc_person_field_name(pr.bad), pr.reason);
		release(&pr);
	}

	/* an empty email, then a bad phone: the phone's reason */
	{
		const char *f[AMBC_P_NFIELDS] = {"Ann Lee", "", "12"};
		prepared	pr;
		const char *reason = NULL;
		char		out[32];
		size_t		len;

		prepare(f, &pr);
		CHECK(ambc_phone_normalize("12", 2, "US", 2, out, sizeof(out), &len,
								   &reason) == AMBC_INVALID);
		CHECK(pr.st == AMBC_INVALID && pr.bad == AMBC_P_PHONE &&
			  pr.reason != NULL && reason != NULL &&
			  strcmp(pr.reason, reason) == 0);
		release(&pr);
	}
}

/* field names, the columns they come from */
static void
test_field_names(void)
{
	static const char *const want[AMBC_P_NFIELDS] = {
		"display_name", "email", "phone", "handle", "address_line", "city",
		"postal_code", "region", "country"
	};
	int			i;

	for (i = 0; i < AMBC_P_NFIELDS; i++)
		CHECKF(strcmp(ambc_person_field_name(i), want[i]) == 0, "%d: %s", i,
			   ambc_person_field_name(i));
	CHECK(ambc_person_field_name(-1) != NULL);
	CHECK(ambc_person_field_name(AMBC_P_NFIELDS) != NULL);
}

/* ------------------------------------------------------------------------
 * the model: each field through its own normalizer
 * ------------------------------------------------------------------------
 */

typedef struct expected
{
	ambc_status st;
	int			bad;
	const char *reason;
	char		out[NOUT][2048];
	size_t		len[NOUT];
	int			present[NOUT];
} expected;

/*
 * set_out
 *		Record output k of the model.
 */
static void
set_out(expected *e, int k, const char *s, size_t n)
{
	memcpy(e->out[k], s, n);
	e->len[k] = n;
	e->present[k] = 1;
}

/*
 * starts_with_plus
 *		True if s[0..n) was written in international form (person.c).
 */
static int
starts_with_plus(const char *s, size_t n)
{
	size_t		i;

	/* person.h: a "+" (or fullwidth "+") before the first digit, or "00" */
	for (i = 0; i < n; i++)
	{
		unsigned char c = (unsigned char) s[i];

		if (c == '+')
			return 1;
		if (c == 0xEF && i + 2 < n && (unsigned char) s[i + 1] == 0xBC &&
			(unsigned char) s[i + 2] == 0x8B)
			return 1;
		if (c >= '0' && c <= '9')
			return c == '0' && i + 1 < n && s[i + 1] == '0';
	}
	return 0;
}

/*
 * model
 *		What person.h says ambc_person_prepare gives for f[0..NFIELDS) with
 *		lengths len: the country first, then the fields in order, each
 *		through its normalizer, empty optional fields absent.
 */
static void
model(const char *const *f, const size_t *len, expected *e)
{
	char		country[2] = {'U', 'S'};
	char		tmp[2048];
	size_t		n = 0;
	ambc_status st;
	int			i;

	memset(e, 0, sizeof(*e));
	e->st = AMBC_OK;
	e->bad = -1;
	if (f[AMBC_P_COUNTRY] != NULL)
	{
		if (len[AMBC_P_COUNTRY] != 2)
			goto bad_country;
		for (i = 0; i < 2; i++)
		{
			char		c = f[AMBC_P_COUNTRY][i];

			if (c >= 'a' && c <= 'z')
				c = (char) (c - 32);
			if (c < 'A' || c > 'Z')
				goto bad_country;
			country[i] = c;
		}
	}
	set_out(e, O_COUNTRY, country, 2);

	if (f[AMBC_P_NAME] == NULL)
	{
		e->st = AMBC_EMPTY;
		e->bad = AMBC_P_NAME;
		return;
	}
	st = ambc_name_normalize(f[AMBC_P_NAME], len[AMBC_P_NAME], tmp,
							 sizeof(tmp), &n);
	if (st != AMBC_OK && st != AMBC_EMPTY)
	{
		e->st = st;
		e->bad = AMBC_P_NAME;
		return;
	}
	if (st == AMBC_OK)
	{
		size_t		fe = 0;
		size_t		ls = 0;
		char		p[AMBC_DMETAPHONE_MAX];
		char		a[AMBC_DMETAPHONE_MAX];
		size_t		plen = 0;
		size_t		alen = 0;

		set_out(e, O_NAME, tmp, n);
		CHECK(ambc_name_split(tmp, n, &fe, &ls) == AMBC_OK);
		set_out(e, O_GIVEN, tmp, fe);
		if (ls > 0)
			set_out(e, O_FAMILY, tmp + ls, n - ls);
		if (ambc_double_metaphone(tmp, fe, p, &plen, a, &alen) == AMBC_OK &&
			plen > 0)
			set_out(e, O_GKEY, p, plen);
		if (ls > 0 &&
			ambc_double_metaphone(tmp + ls, n - ls, p, &plen, a, &alen) ==
			AMBC_OK && plen > 0)
			set_out(e, O_FKEY, p, plen);
	}

	for (i = AMBC_P_EMAIL; i < AMBC_P_COUNTRY; i++)
	{
		const char *s = f[i];
		size_t		sl = len[i];
		const char *reason = NULL;
		static const int out_of[AMBC_P_NFIELDS] = {
			O_NAME, O_EMAIL, O_PHONE, O_HANDLE, O_ADDRESS, O_CITY, O_POSTAL,
			O_REGION, O_COUNTRY
		};

		if (s == NULL)
			continue;
		switch (i)
		{
			case AMBC_P_EMAIL:
				st = ambc_email_normalize(s, sl, tmp, sizeof(tmp), &n,
										  &reason);
				break;
			case AMBC_P_PHONE:
				st = ambc_phone_normalize(s, sl, country, 2, tmp, sizeof(tmp),
										  &n, &reason);
				if (st == AMBC_INVALID && memcmp(country, "US", 2) != 0 &&
					starts_with_plus(s, sl))
				{
					/* the reading from the US counts only if it succeeds */
					const char *r2 = NULL;
					size_t		n2 = 0;

					if (ambc_phone_normalize(s, sl, "US", 2, tmp, sizeof(tmp),
											 &n2, &r2) == AMBC_OK)
					{
						st = AMBC_OK;
						n = n2;
						reason = NULL;
					}
				}
				break;
			case AMBC_P_HANDLE:
				st = ambc_handle_normalize(s, sl, tmp, sizeof(tmp), &n,
										   &reason);
				break;
			case AMBC_P_ADDRESS:
				st = ambc_address_normalize(s, sl, tmp, sizeof(tmp), &n);
				break;
			case AMBC_P_CITY:
				st = ambc_city_normalize(s, sl, tmp, sizeof(tmp), &n);
				break;
			case AMBC_P_POSTAL:
				st = ambc_postal_normalize(s, sl, country, 2, tmp, &n,
										   &reason);
				break;
			default:
				st = ambc_region_normalize(s, sl, country, 2, tmp,
										   sizeof(tmp), &n);
				break;
		}
		if (st == AMBC_EMPTY)
			continue;
		if (st != AMBC_OK)
		{
			e->st = st;
			e->bad = i;
			e->reason = reason;
			return;
		}
		set_out(e, out_of[i], tmp, n);
	}
	return;

bad_country:
	e->st = AMBC_INVALID;
	e->bad = AMBC_P_COUNTRY;
	e->reason = "";
}

/*
 * agrees
 *		CHECK that pr is what the model e says; returns 1 if so.
 */
static int
agrees(const char *what, const prepared *pr, const expected *e)
{
	int			k;

	if (pr->st != e->st || (e->st != AMBC_OK && pr->bad != e->bad))
	{
		CHECKF(0, "%s: %s in %s, want %s in %s", what,
			   ambc_status_name(pr->st), ambc_person_field_name(pr->bad),
			   ambc_status_name(e->st), ambc_person_field_name(e->bad));
		return 0;
	}
	if (e->st != AMBC_OK)
	{
		/*
		 * the normalizer's reason, or one of person.c's own (that no other
		 * reason is left behind is test_reason_belongs_to_field's concern)
		 */
		if ((e->reason != NULL && pr->reason == NULL) ||
			(e->reason != NULL && e->reason[0] != 0 &&
			 strcmp(e->reason, pr->reason) != 0))
		{
			CHECKF(0, "%s: reason \"%s\", want \"%s\"", what,
				   pr->reason ? pr->reason : "NULL",
				   e->reason ? e->reason : "NULL");
			return 0;
		}
		CHECK(1);
		return 1;
	}
	for (k = 0; k < NOUT; k++)
	{
		ambc_span	s = out_span(&pr->p, k);

		if ((s.p != NULL) != e->present[k] ||
			(s.p != NULL && (s.len != e->len[k] ||
							 memcmp(s.p, e->out[k], s.len) != 0)))
		{
			CHECKF(0, "%s: %s \"%.*s\", want \"%.*s\"%s", what, out_names[k],
				   (int) s.len, s.p ? s.p : "", (int) e->len[k], e->out[k],
				   e->present[k] ? "" : " (absent)");
			return 0;
		}
	}
	CHECK(1);
	return 1;
}

/* values of each raw field: ordinary ones, then bad ones (from BAD_FROM) */
#define NVALUES 12
#define BAD_FROM 9
static const char *const values[AMBC_P_NFIELDS][NVALUES] = {
	{"Dr. Robert J. Smith Jr.", "SMITH, Bob", "Madonna",
		"\xE7\x8E\x8B\xE5\xB0\x8F\xE6\x98\x8E", "-", "", "H Ng",
		"Mary-Jane O'Neil", "Jos\xC3\xA9 a b c",
	NULL, "\xC3", "Bob\xED\xA0\x80"},
	{NULL, "", "  ", "bob@example.com", " Bob.Smith+x@GMAIL.com ",
		"Bob <bob@x.org>", "mailto:a@b.co", NULL, "x@y.io",
	"not an email", "\xFF@x.com", "a@b"},
	{NULL, "", " ", "(512) 555-0100", "+44 20 7946 0018", "020 7946 0018",
		" \t+49 30 123456", "0015125550100", NULL,
	"123", "\xC3", "+1 512 555 0100 x1x"},
	{NULL, "", "@BobSmith", "https://www.instagram.com/bob.smith/",
		"twitter.com/jack", "\xE2\x80\x8B", NULL, "x", "a.b-c",
	"https://example.com/x", "bob smith", "\xE2\x82"},
	{NULL, "", ",", "123 N. Main St., Apt #4", "St Kilda Rd",
		"Stra\xC3\x9F" "e 1", NULL, "1 Cct", "\xE4\xBA\xAC Ave",
	"\xC0\x80", "1 Main\xF4\x90\x80\x80", "\x80"},
	{NULL, "-", "St. Louis", "FT WORTH", "M\xC3\xBCnchen", "", NULL,
		"Ste Ste", "mt",
	"\xED\xA0\x80", "\xFE", "a\xC3"},
	{NULL, " - ", "78701-1234", "2134", "sw1a 1aa", "K1A 0B1", NULL,
		"75008", "021341234",
	"#12", "12", "\xF4\x90\x80\x80"},
	{NULL, ".", "Texas", "TX", "Nouvelle-Aquitaine", "new york", NULL,
		"Georgia", "",
	"\xFF", "\xC3", "tx\xE2\x82"},
	{NULL, "US", "us", "GB", "gb", "ZZ", "DE", NULL, "Fr",
	"USA", "", "\xC3\xA9"},
};

/*
 * Records put together from the values above (a bad value in about one
 * field in ten), and every single byte value in each field: the result is
 * the model's, and a successful result has the shape of check_shape and is
 * a fixpoint.
 */
static void
test_against_model(void)
{
	uint32_t	seed = 2024;
	int			iter;
	int			bad = 0;
	int			nok = 0;
	int			nerr[AMBC_P_NFIELDS] = {0};
	int			field;

	for (iter = 0; iter < 20000; iter++)
	{
		const char *f[AMBC_P_NFIELDS];
		size_t		len[AMBC_P_NFIELDS];
		prepared	pr;
		expected   *e = malloc(sizeof(expected));
		char		what[32];
		int			i;

		if (e == NULL)
		{
			CHECK(e != NULL);
			return;
		}
		for (i = 0; i < AMBC_P_NFIELDS; i++)
		{
			uint32_t	r;

			seed = seed * 1103515245u + 12345u;
			r = seed >> 8;
			f[i] = (r % 40 == 0) ? values[i][BAD_FROM + (r / 40) % 3] :
				values[i][(r / 40) % BAD_FROM];
			len[i] = f[i] ? strlen(f[i]) : 0;
		}
		snprintf(what, sizeof(what), "record %d", iter);
		prepare_n(f, len, &pr);
		model(f, len, e);
		if (!agrees(what, &pr, e))
			bad++;
		else if (pr.st == AMBC_OK)
		{
			nok++;
			if (!check_shape(what, &pr) || !check_fixpoint(what, &pr))
				bad++;
		}
		else if (pr.bad >= 0 && pr.bad < AMBC_P_NFIELDS)
			nerr[pr.bad]++;
		release(&pr);
		free(e);
	}
	CHECK(bad == 0);
	CHECKF(nok > 5000, "%d records prepared", nok);
	for (field = 0; field < AMBC_P_NFIELDS; field++)
		CHECKF(nerr[field] > 20, "%d errors in %s", nerr[field],
			   ambc_person_field_name(field));

	/* every byte value in each field */
	for (field = 0; field < AMBC_P_NFIELDS; field++)
	{
		int			c;

		for (c = 0; c < 256; c++)
		{
			const char *f[AMBC_P_NFIELDS] = {"Ann Lee"};
			size_t		len[AMBC_P_NFIELDS] = {7};
			char		one[3] = {'a', 0, 'b'};
			prepared	pr;
			expected   *e = malloc(sizeof(expected));
			char		what[48];

			if (e == NULL)
			{
				CHECK(e != NULL);
				return;
			}
			one[1] = (char) c;
			f[field] = field == AMBC_P_COUNTRY ? one + 1 : one;
			len[field] = field == AMBC_P_COUNTRY ? 2 : 3;
			if (field == AMBC_P_COUNTRY)
				one[2] = 'e';
			snprintf(what, sizeof(what), "%s with 0x%02X",
					 ambc_person_field_name(field), c);
			prepare_n(f, len, &pr);
			model(f, len, e);
			if (agrees(what, &pr, e) && pr.st == AMBC_OK)
				CHECK(check_shape(what, &pr) && check_fixpoint(what, &pr));
			release(&pr);
			free(e);
		}
	}
}

/*
 * A megabyte in any one field: bounded time, no access outside the
 * buffers, and the field's own verdict (a long name does not fit, a short
 * value behind a megabyte of blanks or separators is found).
 */
static void
test_megabyte_fields(void)
{
	size_t		size = 1024 * 1024;
	char	   *big = malloc(size);
	int			field;

	CHECK(big != NULL);
	if (big == NULL)
		return;
	for (field = 0; field < AMBC_P_NFIELDS; field++)
	{
		static const char *const tails[AMBC_P_NFIELDS] = {
			"Ann Lee", "ann@example.com", "+1 512 555 0100", "@ann",
			"1 Main St", "St Louis", "78701", "Texas", "US"
		};
		static const char *const want[AMBC_P_NFIELDS] = {
			"ann lee", "ann@example.com", "+15125550100", "ann",
			"1 main street", "saint louis", "78701", "tx", NULL
		};
		static const int out_of[AMBC_P_NFIELDS] = {
			O_NAME, O_EMAIL, O_PHONE, O_HANDLE, O_ADDRESS, O_CITY, O_POSTAL,
			O_REGION, O_COUNTRY
		};
		const char *f[AMBC_P_NFIELDS] = {"Ann Lee"};
		size_t		len[AMBC_P_NFIELDS] = {7};
		prepared	pr;
		clock_t		t0;
		size_t		tl = strlen(tails[field]);

		/* blanks, then the value */
		memset(big, ' ', size);
		memcpy(big + size - tl, tails[field], tl);
		f[field] = big;
		len[field] = size;
		t0 = clock();
		prepare_n(f, len, &pr);
		CHECK((double) (clock() - t0) / CLOCKS_PER_SEC <= MB_SECONDS);
		if (field == AMBC_P_COUNTRY)
			CHECK(pr.st == AMBC_INVALID && pr.bad == AMBC_P_COUNTRY);
		else
			CHECKF(pr.st == AMBC_OK &&
				   span_is(out_span(&pr.p, out_of[field]), want[field]),
				   "%s: %s", ambc_person_field_name(field),
				   ambc_status_name(pr.st));
		release(&pr);

		/* a megabyte of words: too long or invalid, for this field */
		{
			size_t		i;

			for (i = 0; i < size; i++)
				big[i] = "ab "[i % 3];
			t0 = clock();
			prepare_n(f, len, &pr);
			CHECK((double) (clock() - t0) / CLOCKS_PER_SEC <= MB_SECONDS);
			CHECKF((pr.st == AMBC_TOO_LONG || pr.st == AMBC_INVALID) &&
				   pr.bad == field, "%s: %s in %s",
				   ambc_person_field_name(field), ambc_status_name(pr.st),
				   ambc_person_field_name(pr.bad));
			release(&pr);
		}

		/* malformed at the very end */
		memset(big, ' ', size);
		big[size - 1] = (char) 0xC3;
		prepare_n(f, len, &pr);
		CHECKF(pr.st == (field == AMBC_P_COUNTRY ? AMBC_INVALID :
						 AMBC_BAD_UTF8) && pr.bad == field,
			   "%s: %s", ambc_person_field_name(field),
			   ambc_status_name(pr.st));
		release(&pr);
	}
	free(big);
}

int
main(void)
{
	static const unit_test tests[] = {
		UNIT(test_cases),
		UNIT(test_phonetic_keys),
		UNIT(test_country),
		UNIT(test_plus_phone_variants),
		UNIT(test_malformed_each_field),
		UNIT(test_reason_belongs_to_field),
		UNIT(test_field_names),
		UNIT(test_against_model),
		UNIT(test_megabyte_fields),
	};

	return unit_run(tests, (int) (sizeof(tests) / sizeof(tests[0])));
}

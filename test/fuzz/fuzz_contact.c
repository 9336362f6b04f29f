/*-------------------------------------------------------------------------
 *
 * fuzz_contact.c
 *		libFuzzer target for the contact normalizers (src/core/email.c,
 *		phone.c, handle.c).
 *
 * The first byte selects the default country for the phone normalizer from
 * a small list (and, through its high bits, a smaller output capacity); the
 * rest is copied into a buffer of exactly its length (not NUL-terminated, so
 * AddressSanitizer sees any over-read) and fed to all three normalizers.
 * The target aborts unless, for each:
 *	- the status is one the header documents, AMBC_BAD_UTF8 exactly when the
 *	  input is malformed, and a reason is given exactly when it is not OK;
 *	- on OK, the output is valid UTF-8 within the capacity, and normalizing
 *	  it again gives it back (idempotence);
 *	- on AMBC_TOO_LONG, the needed length is more than the capacity, and
 *	  with a buffer of that length the call succeeds;
 *	- an email output has exactly one "@"; a phone output matches
 *	  ^\+[1-9][0-9]{7,14}$; a handle output is 1..64 bytes of [a-z0-9_.-].
 *
 * test/fuzz/fuzz_contact.c
 *
 *-------------------------------------------------------------------------
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "email.h"
#include "handle.h"
#include "phone.h"
#include "utf8.h"

#define OUTCAP 512

int			LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const countries[] = {
	"US", "GB", "AU", "DE", "FR", "IT", "MX", "BR", "JP", "in", "ca", "XX"
};

/* the capacities tried, chosen by the first byte's high bits */
static const size_t caps[] = {OUTCAP, 0, 5, 12};

/*
 * valid_status
 *		True for the statuses the contact normalizers document.
 */
static int
valid_status(ambc_status st)
{
	return st == AMBC_OK || st == AMBC_BAD_UTF8 || st == AMBC_EMPTY ||
		st == AMBC_INVALID || st == AMBC_TOO_LONG;
}

/*
 * check_common
 *		Abort unless the properties shared by the three normalizers hold.
 */
static void
check_common(ambc_status st, int valid, size_t cap, size_t len,
			 const char *out, const char *reason)
{
	if (!valid_status(st))
		abort();
	if ((st == AMBC_BAD_UTF8) != !valid)
		abort();
	if ((st == AMBC_OK) != (reason == NULL))
		abort();
	if (st == AMBC_TOO_LONG && len <= cap)
		abort();
	if (st == AMBC_OK &&
		(len > cap || ambc_utf8_validate(out, len) != AMBC_OK))
		abort();
}

/*
 * fuzz_email
 *		Run the email normalizer on in[0..n) and check its result.
 */
static void
fuzz_email(const char *in, size_t n, int valid, size_t cap)
{
	char		out[OUTCAP];
	char		again[OUTCAP];
	size_t		len = 0;
	size_t		len2 = 0;
	size_t		i;
	int			ats = 0;
	const char *reason = NULL;
	ambc_status st = ambc_email_normalize(in, n, out, cap, &len, &reason);

	check_common(st, valid, cap, len, out, reason);
	if (st == AMBC_TOO_LONG)
	{
		if (len > OUTCAP ||
			ambc_email_normalize(in, n, out, len, &len2, &reason) != AMBC_OK ||
			len2 != len)
			abort();
		st = AMBC_OK;
	}
	if (st != AMBC_OK)
		return;
	if (len == 0 || len > AMBC_EMAIL_MAX)
		abort();
	for (i = 0; i < len; i++)
		if (out[i] == '@')
			ats++;
	if (ats != 1)
		abort();
	if (ambc_email_normalize(out, len, again, sizeof(again), &len2,
							 NULL) != AMBC_OK ||
		len2 != len || memcmp(out, again, len) != 0)
		abort();
}

/*
 * phone_shape
 *		True if s[0..len) matches ^\+[1-9][0-9]{7,14}$.
 */
static int
phone_shape(const char *s, size_t len)
{
	size_t		i;

	if (len < 9 || len > 16 || s[0] != '+' || s[1] < '1' || s[1] > '9')
		return 0;
	for (i = 2; i < len; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return 1;
}

/*
 * fuzz_phone
 *		Run the phone normalizer on in[0..n) with default country cc and
 *		check its result; the result must also come back unchanged with
 *		another default country.
 */
static void
fuzz_phone(const char *in, size_t n, const char *cc, int valid, size_t cap)
{
	char		out[OUTCAP];
	char		again[OUTCAP];
	size_t		len = 0;
	size_t		len2 = 0;
	const char *reason = NULL;
	ambc_status st = ambc_phone_normalize(in, n, cc, strlen(cc), out, cap,
										  &len, &reason);

	check_common(st, valid, cap, len, out, reason);
	if (strcmp(cc, "XX") == 0 && valid && st != AMBC_INVALID)
		abort();
	if (st == AMBC_TOO_LONG)
	{
		if (len > OUTCAP ||
			ambc_phone_normalize(in, n, cc, strlen(cc), out, len, &len2,
								 &reason) != AMBC_OK || len2 != len)
			abort();
		st = AMBC_OK;
	}
	if (st != AMBC_OK)
		return;
	if (!phone_shape(out, len))
		abort();
	if (ambc_phone_normalize(out, len, cc, strlen(cc), again, sizeof(again),
							 &len2, NULL) != AMBC_OK ||
		len2 != len || memcmp(out, again, len) != 0)
		abort();
	if (ambc_phone_normalize(out, len, "NZ", 2, again, sizeof(again),
							 &len2, NULL) != AMBC_OK ||
		len2 != len || memcmp(out, again, len) != 0)
		abort();
}

/*
 * fuzz_handle
 *		Run the handle normalizer on in[0..n) and check its result.
 */
static void
fuzz_handle(const char *in, size_t n, int valid, size_t cap)
{
	char		out[OUTCAP];
	char		again[OUTCAP];
	size_t		len = 0;
	size_t		len2 = 0;
	size_t		i;
	const char *reason = NULL;
	ambc_status st = ambc_handle_normalize(in, n, out, cap, &len, &reason);

	check_common(st, valid, cap, len, out, reason);
	if (st == AMBC_TOO_LONG)
	{
		if (len > OUTCAP ||
			ambc_handle_normalize(in, n, out, len, &len2, &reason) != AMBC_OK ||
			len2 != len)
			abort();
		st = AMBC_OK;
	}
	if (st != AMBC_OK)
		return;
	if (len == 0 || len > AMBC_HANDLE_MAX)
		abort();
	for (i = 0; i < len; i++)
	{
		char		c = out[i];

		if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
			  c == '_' || c == '.' || c == '-'))
			abort();
	}
	if (ambc_handle_normalize(out, len, again, sizeof(again), &len2,
							  NULL) != AMBC_OK ||
		len2 != len || memcmp(out, again, len) != 0)
		abort();
}

/*
 * LLVMFuzzerTestOneInput
 *		libFuzzer's entry point: split off the selector byte and run the
 *		three normalizers on a private copy of the rest.
 */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *cc;
	size_t		cap;
	char	   *in;
	size_t		n;
	int			valid;

	if (size == 0)
		return 0;
	cc = countries[data[0] % (sizeof(countries) / sizeof(countries[0]))];
	cap = caps[(data[0] >> 6) & 3];
	n = size - 1;
	in = malloc(n ? n : 1);
	if (in == NULL)
		return 0;
	memcpy(in, data + 1, n);
	valid = ambc_utf8_validate(in, n) == AMBC_OK;

	fuzz_email(in, n, valid, cap);
	fuzz_phone(in, n, cc, valid, cap);
	fuzz_handle(in, n, valid, cap);
	free(in);
	return 0;
}

/*-------------------------------------------------------------------------
 *
 * fuzz_name.c
 *		libFuzzer target for the person-name normalizer (src/core/name.c).
 *
 * Feeds raw bytes, copied into a buffer of exactly their length (not
 * NUL-terminated, so AddressSanitizer sees any over-read), and aborts unless:
 *	- the status is one ambc_name_normalize documents;
 *	- it is AMBC_BAD_UTF8 exactly when ambc_utf8_validate rejects the input;
 *	- AMBC_TOO_LONG reports the length needed (or 0 for an over-long word),
 *	  and a buffer of exactly that length then succeeds;
 *	- a name is valid UTF-8 with no space at either end and no two in a row,
 *	  and its ASCII bytes are lower-case letters, digits and spaces;
 *	- normalizing a name gives it back, one byte less of room is
 *	  AMBC_TOO_LONG, and ambc_name_split finds its first and last words;
 *	- with no buffer at all the outcome is the same, except that a name is
 *	  AMBC_TOO_LONG with its length.
 *
 * test/fuzz/fuzz_name.c
 *
 *-------------------------------------------------------------------------
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "name.h"
#include "utf8.h"

int			LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/*
 * check_name
 *		Abort unless out[0..len) has the shape of a canonical name, is its own
 *		canonical form, needs exactly len bytes and splits consistently.
 */
static void
check_name(const char *out, size_t len)
{
	char	   *again;
	size_t		len2 = 0;
	size_t		fe = 0;
	size_t		ls = 0;
	size_t		i;
	const char *sp;

	if (len == 0 || ambc_utf8_validate(out, len) != AMBC_OK)
		abort();
	if (out[0] == ' ' || out[len - 1] == ' ')
		abort();
	for (i = 0; i < len; i++)
	{
		unsigned char c = (unsigned char) out[i];

		if (c >= 0x80)
			continue;
		if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == ' '))
			abort();
		if (c == ' ' && i + 1 < len && out[i + 1] == ' ')
			abort();
	}

	/* idempotent, on an exact-size copy */
	again = malloc(len);
	if (again == NULL)
		return;
	memcpy(again, out, len);
	{
		char	   *third = malloc(len);

		if (third == NULL)
		{
			free(again);
			return;
		}
		if (ambc_name_normalize(again, len, third, len, &len2) != AMBC_OK ||
			len2 != len || memcmp(third, out, len) != 0)
			abort();
		len2 = 0;
		if (ambc_name_normalize(again, len, third, len - 1, &len2) !=
			AMBC_TOO_LONG || len2 != len)
			abort();
		free(third);
	}

	/* first and last words */
	if (ambc_name_split(again, len, &fe, &ls) != AMBC_OK)
		abort();
	sp = memchr(out, ' ', len);
	if (fe != (sp != NULL ? (size_t) (sp - out) : len))
		abort();
	if (sp == NULL ? ls != 0 : (ls == 0 || ls > len || out[ls - 1] != ' ' ||
								memchr(out + ls, ' ', len - ls) != NULL))
		abort();
	free(again);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char	   *in = malloc(size ? size : 1);
	size_t		cap = 4 * size + 64;
	char	   *out = malloc(cap);
	size_t		len = 0;
	size_t		len0 = 0;
	ambc_status st;
	ambc_status st0;
	int			valid;

	if (in == NULL || out == NULL)
	{
		free(in);
		free(out);
		return 0;
	}
	memcpy(in, data, size);
	valid = ambc_utf8_validate(in, size) == AMBC_OK;

	st = ambc_name_normalize(in, size, out, cap, &len);
	if (st != AMBC_OK && st != AMBC_BAD_UTF8 && st != AMBC_EMPTY &&
		st != AMBC_TOO_LONG)
		abort();
	if ((st == AMBC_BAD_UTF8) != !valid)
		abort();

	if (st == AMBC_TOO_LONG && len != 0)
	{
		/* the reported length is needed, and enough */
		if (len <= cap)
			abort();
		free(out);
		cap = len;
		out = malloc(cap);
		if (out == NULL)
		{
			free(in);
			return 0;
		}
		st = ambc_name_normalize(in, size, out, cap, &len);
		if (st != AMBC_OK || len != cap)
			abort();
	}
	if (st == AMBC_TOO_LONG && size == 0)
		abort();
	if (st == AMBC_OK)
	{
		if (len == 0 || len > cap)
			abort();
		check_name(out, len);
	}

	/* no buffer: the same outcome, a name being too long for it */
	st0 = ambc_name_normalize(in, size, NULL, 0, &len0);
	if (st == AMBC_OK)
	{
		if (st0 != AMBC_TOO_LONG || len0 != len)
			abort();
	}
	else if (st0 != st || (st == AMBC_TOO_LONG && len0 != 0))
		abort();

	free(in);
	free(out);
	return 0;
}

/*-------------------------------------------------------------------------
 *
 * fuzz_dmetaphone.c
 *		libFuzzer target for Double Metaphone (src/core/dmetaphone.c).
 *
 * The input is copied into a buffer of exactly its length and encoded, with
 * guard bytes after each key buffer.  Aborts unless the status is AMBC_OK or
 * AMBC_BAD_UTF8, AMBC_BAD_UTF8 comes exactly when ambc_utf8_validate rejects
 * the input, and on AMBC_OK both keys are at most AMBC_DMETAPHONE_MAX bytes
 * of A-Z and '0', nothing is written past them, and a second call gives the
 * same keys.
 *
 * test/fuzz/fuzz_dmetaphone.c
 *
 *-------------------------------------------------------------------------
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "dmetaphone.h"
#include "utf8.h"

/* bytes after each key buffer that must stay untouched */
#define GUARD 8

int			LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/*
 * key_ok
 *		True if key[0..len) is at most AMBC_DMETAPHONE_MAX bytes of A-Z and
 *		'0' and the GUARD bytes after the buffer still hold '#'.
 */
static int
key_ok(const char *key, size_t len)
{
	size_t		i;

	if (len > AMBC_DMETAPHONE_MAX)
		return 0;
	for (i = 0; i < len; i++)
		if (!((key[i] >= 'A' && key[i] <= 'Z') || key[i] == '0'))
			return 0;
	for (i = AMBC_DMETAPHONE_MAX; i < AMBC_DMETAPHONE_MAX + GUARD; i++)
		if (key[i] != '#')
			return 0;
	return 1;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char	   *s = malloc(size ? size : 1);
	char		p[AMBC_DMETAPHONE_MAX + GUARD];
	char		a[AMBC_DMETAPHONE_MAX + GUARD];
	char		p2[AMBC_DMETAPHONE_MAX];
	char		a2[AMBC_DMETAPHONE_MAX];
	size_t		plen = 99;
	size_t		alen = 99;
	size_t		plen2 = 99;
	size_t		alen2 = 99;
	ambc_status st;
	int			valid;

	if (s == NULL)
		return 0;
	memcpy(s, data, size);
	memset(p, '#', sizeof(p));
	memset(a, '#', sizeof(a));

	st = ambc_double_metaphone(s, size, p, &plen, a, &alen);
	valid = ambc_utf8_validate(s, size) == AMBC_OK;
	if (st == AMBC_BAD_UTF8)
	{
		if (valid)
			abort();
	}
	else if (st == AMBC_OK)
	{
		if (!valid)
			abort();
		if (!key_ok(p, plen) || !key_ok(a, alen))
			abort();
		if (ambc_double_metaphone(s, size, p2, &plen2, a2, &alen2) != AMBC_OK ||
			plen2 != plen || alen2 != alen ||
			memcmp(p, p2, plen) != 0 || memcmp(a, a2, alen) != 0)
			abort();
	}
	else
		abort();
	free(s);
	return 0;
}

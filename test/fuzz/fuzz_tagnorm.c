/*-------------------------------------------------------------------------
 *
 * fuzz_tagnorm.c
 *		libFuzzer target for the tag normalizer (src/core/tagnorm.c).
 *
 * Feeds raw bytes, copied into a buffer of exactly their length (not
 * NUL-terminated, so AddressSanitizer sees any over-read), and aborts unless:
 *	- malformed UTF-8 gives AMBC_BAD_UTF8 and well-formed input never does;
 *	- a tag is 1..AMBC_TAG_MAX bytes of valid UTF-8 with no "-" at either end
 *	  and no "--";
 *	- normalizing is idempotent and the result is canonical;
 *	- the key exists exactly when the tag does and is the tag without "-";
 *	- the input is reported canonical exactly when it is its own tag.
 *
 * test/fuzz/fuzz_tagnorm.c
 *
 *-------------------------------------------------------------------------
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "tagnorm.h"
#include "utf8.h"

int			LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char	   *in = malloc(size ? size : 1);
	char		out[AMBC_TAG_MAX];
	char		again[AMBC_TAG_MAX];
	char		key[AMBC_TAG_MAX];
	size_t		len = 0;
	size_t		len2 = 0;
	size_t		klen = 0;
	size_t		i;
	size_t		k;
	ambc_status st;
	ambc_status kst;
	int			valid;

	if (in == NULL)
		return 0;
	memcpy(in, data, size);
	valid = ambc_utf8_validate(in, size) == AMBC_OK;

	st = ambc_tag_normalize(in, size, out, &len);
	kst = ambc_tag_key(in, size, key, &klen);
	if (st != AMBC_OK && st != AMBC_BAD_UTF8 && st != AMBC_EMPTY &&
		st != AMBC_TOO_LONG)
		abort();
	if ((st == AMBC_BAD_UTF8) != !valid)
		abort();
	if (kst != st)
		abort();
	if (ambc_tag_is_canonical(in, size) !=
		(st == AMBC_OK && len == size && memcmp(out, in, size) == 0))
		abort();

	if (st == AMBC_OK)
	{
		if (len == 0 || len > AMBC_TAG_MAX)
			abort();
		if (ambc_utf8_validate(out, len) != AMBC_OK)
			abort();
		if (out[0] == '-' || out[len - 1] == '-')
			abort();
		for (i = 0; i + 1 < len; i++)
			if (out[i] == '-' && out[i + 1] == '-')
				abort();
		if (ambc_tag_normalize(out, len, again, &len2) != AMBC_OK ||
			len2 != len || memcmp(out, again, len) != 0)
			abort();
		if (!ambc_tag_is_canonical(out, len))
			abort();
		for (i = 0, k = 0; i < len; i++)
		{
			if (out[i] == '-')
				continue;
			if (k >= klen || key[k] != out[i])
				abort();
			k++;
		}
		if (k != klen)
			abort();
	}
	free(in);
	return 0;
}

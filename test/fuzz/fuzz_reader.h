/*-------------------------------------------------------------------------
 *
 * fuzz_reader.h
 *		Reading a fuzzer's input bytes as fields: the fuzzers that decode
 *		structured values (consent rules, business days, audit hashes)
 *		share it.  Reads past the end give zero, so every input decodes.
 *
 * test/fuzz/fuzz_reader.h
 *
 *-------------------------------------------------------------------------
 */
#ifndef AMB_FUZZ_READER_H
#define AMB_FUZZ_READER_H

#include <stddef.h>
#include <stdint.h>

/* the bytes not read yet */
typedef struct reader
{
	const uint8_t *p;
	size_t		n;
} reader;

/* the next byte, or 0 past the end */
static inline uint8_t
take8(reader *r)
{
	if (r->n == 0)
		return 0;
	r->n--;
	return *r->p++;
}

/* the next k bytes (k <= 8) as a big-endian unsigned number */
static inline uint64_t
take_be(reader *r, int k)
{
	uint64_t	v = 0;
	int			i;

	for (i = 0; i < k; i++)
		v = (v << 8) | take8(r);
	return v;
}

#endif							/* AMB_FUZZ_READER_H */

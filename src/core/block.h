/*-------------------------------------------------------------------------
 *
 * block.h
 *		Blocking: the candidate pairs of a deduplication, and clusters.
 *
 * Comparing every pair of a million records is 5e11 comparisons; blocking
 * compares only records that share a blocking key, a value that true
 * duplicates are likely to have in common even when most of their fields
 * disagree.  There are AMBC_NRULES rules; a rule gives each record one key,
 * or two for the rules over "a name" (one for the given name's sound, one
 * for the family name's, so that swapped names meet), in AMBC_NKEYS slots:
 *
 *	rule			   slots  fields
 *	 0 email			   0  email
 *	 1 phone			   1  phone
 *	 2 handle			   2  handle
 *	 3 name+postal		 3-4  a name sound, postal code
 *	 4 given+family		   5  both name sounds, in a fixed order
 *	 5 birth+name		 6-7  birth date, a name sound
 *	 6 birth+postal		   8  birth date, postal code
 *	 7 name+city		 9-10 a name sound, city
 *	 8 street			  11  street line without spaces (6+ characters)
 *	 9 postal+street	  12  postal code, first 4 letters of the street line
 *	10 birth+city		  13  birth date, city
 *	11 city+street		  14  city, first 4 letters of the street line
 *	12 birth+region		  15  birth date, region
 *	13 number+street   16-18  the street number (the first word that is all
 *							  digits), the sound of a street word: each of
 *							  the first three words of 3 or more characters,
 *							  without digits, that are not designators
 *							  ("street", "north": address.h)
 *	14 region+street   19-21  region, the sound of a street word (as 13)
 *
 * A name sound is the Double Metaphone primary key; "the street line
 * without spaces" skips spaces, "its first letters" digits as well.  A rule
 * whose fields are missing gives no key.  A key is the 64-bit XXH3 hash of
 * the rule number and its fields, so equal keys mean equal values
 * (collisions only add candidates that scoring then rejects).
 *
 * Candidates are the pairs of records that share at least one key.  A block
 * (the records with one key value) of more than max_block records is not
 * compared all against all: its records are sorted by name
 * (ambc_block_order) and each is paired with the next window - 1 (the
 * sorted-neighbourhood method of Hernandez and Stolfo, 1995), so one very
 * common value ("john smith") costs O(n) pairs, not O(n^2).
 *
 * src/core/block.h
 *
 *-------------------------------------------------------------------------
 */
#ifndef AMBC_BLOCK_H
#define AMBC_BLOCK_H

#include <stddef.h>
#include <stdint.h>

#include "fsmodel.h"
#include "status.h"

#define AMBC_NKEYS 22
#define AMBC_NRULES 15

/*
 * ambc_block_keys
 *		The blocking keys of r, by rule; 0 where the rule gives none.
 */
extern void ambc_block_keys(const ambc_fs_rec *r, uint64_t keys[AMBC_NKEYS]);

/*
 * ambc_block_key_name
 *		Static short name of a rule ("email", "name+postal", ...).
 */
extern const char *ambc_block_key_name(int rule);

/*
 * ambc_block_slot_rule
 *		The rule of a key slot, or -1.
 */
extern int	ambc_block_slot_rule(int slot);

/*
 * ambc_block_order
 *		Sort key of r inside an oversized block: the first bytes of its
 *		family name, then its given name, so that similar names are near.
 */
extern uint64_t ambc_block_order(const ambc_fs_rec *r);

typedef struct ambc_block_stats
{
	uint64_t	pairs;			/* distinct candidate pairs */
	uint64_t	emitted;		/* before removing repeats */
	uint64_t	rule_pairs[AMBC_NRULES];	/* pairs each rule emitted */
	uint64_t	oversized;		/* blocks over max_block */
	uint64_t	largest;		/* records in the largest block */
} ambc_block_stats;

/*
 * ambc_block_candidates
 *		The candidate pairs of n records whose keys are keys[i * AMBC_NKEYS
 *		+ rule] and whose order keys are order[i] (order may be NULL).
 * On AMBC_OK, *pairs is an array of *npairs distinct pairs (i << 32) | j
 * with i < j, sorted, allocated with al (the caller releases it with al),
 * and *stats is filled.  Returns AMBC_LIMIT, allocating nothing that stays,
 * if n exceeds UINT32_MAX, the pairs would exceed max_pairs (counted as
 * they are emitted, before repeats are removed, so the limit also bounds the
 * memory used), or al->alloc returns NULL.  max_block >= 2 and window >= 2.
 */
extern ambc_status ambc_block_candidates(const uint64_t *keys,
										 const uint64_t *order, size_t n,
										 uint32_t max_block, uint32_t window,
										 uint64_t max_pairs,
										 const ambc_alloc *al,
										 uint64_t **pairs, size_t *npairs,
										 ambc_block_stats *stats);

/*
 * ambc_sort_u64
 *		Sort v[0..n) ascending (LSD radix sort); tmp holds n elements.
 */
extern void ambc_sort_u64(uint64_t *v, uint64_t *tmp, size_t n);

/*
 * Union-find over 0..n-1 for clusters (connected components): parent[] is
 * caller memory of n entries.  The root of a set is always its smallest
 * member, so with records in ascending id order the root is the cluster's
 * smallest id.
 */
extern void ambc_uf_init(uint32_t *parent, size_t n);
extern uint32_t ambc_uf_find(uint32_t *parent, uint32_t x);
extern void ambc_uf_union(uint32_t *parent, uint32_t a, uint32_t b);

#endif							/* AMBC_BLOCK_H */

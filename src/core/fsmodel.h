/*-------------------------------------------------------------------------
 *
 * fsmodel.h
 *		Fellegi-Sunter record matching: field comparisons, match weights,
 *		and the estimation of the model by expectation-maximisation.
 *
 * The model (Fellegi and Sunter, "A Theory for Record Linkage", JASA 64,
 * 1969) compares two records field by field.  Each comparison falls into a
 * level (exact, nickname, fuzzy, partial, different), or is missing when
 * either record lacks the field.  For each field f and level l,
 *	m(f,l) = P(level l | the records are the same person),
 *	u(f,l) = P(level l | they are not);
 * a level's weight is log2(m/u), missing fields weigh 0, and with the
 * probability p0 that two random records match, the match probability is
 *	P = 1 / (1 + 2^-W),  W = log2(p0 / (1 - p0)) + sum of the weights.
 *
 * Term frequencies.  An exact agreement on a value shared by a fraction tf
 * of the records is worth log2(m / tf) rather than log2(m / u), u being the
 * average over all values (the adjustment of Winkler, and of Splink): two
 * records agreeing on "smith" is weaker evidence than on "vanderhoeven".
 * It applies to given and family names, city and postal code, when the
 * caller knows the frequencies of both records' values.
 *
 * Fields and levels (similarities on Unicode code points)
 * -------------------------------------------------------
 *	given_name	exact | nickname (the nickname table links them) |
 *				fuzzy (Jaro-Winkler >= 0.92) | partial (Jaro-Winkler >= 0.80,
 *				or one is a one-letter initial of the other) | different
 *	family_name exact | fuzzy (JW >= 0.92) | partial (JW >= 0.80) | different
 *	birth_date	exact | fuzzy (Damerau-Levenshtein <= 1 on YYYYMMDD, or day
 *				and month swapped) | partial (two of year, month, day
 *				equal) | different
 *	email		exact | fuzzy (the same mailbox name at a domain one edit
 *				away: "gmial.com") | different
 *	phone		exact | fuzzy (Damerau-Levenshtein <= 1) | different
 *	handle		exact | different
 *	address_line exact (equal without spaces) | fuzzy (Dice coefficient of
 *				the character bigrams without spaces >= 0.80, and no two
 *				different house numbers: the first all-digit words) |
 *				partial (>= 0.60) | different
 *	city		exact | fuzzy (JW >= 0.92) | different
 *	postal_code exact | fuzzy (Damerau-Levenshtein <= 1) | different
 *	region		exact | different
 * Given and family names are also compared crosswise (each record's given
 * name against the other's family name) when they are not both exact and
 * one of the crosswise pairs starts with the same byte (a cheap test that
 * skips the extra comparisons for nearly every pair of different people).
 * Either crosswise pair can fill the given-name slot; the better reading
 * (by the sum of the level ranks, then the given slot's level, then the
 * smaller word) is taken when it is strictly better than the direct one,
 * and the records are then taken to have their names swapped ("SMITH
 * JOHN").  Every choice depends only on the two records, not on their
 * order: comparing a with b gives the levels of comparing b with a.
 * Thresholds allow for rounding (1e-12), so a similarity that is exactly a
 * threshold in exact arithmetic reaches it.  Malformed UTF-8 (which
 * normalized fields never hold) is compared byte by byte.
 *
 * Email addresses and handles have no "similar" level on purpose: they are
 * made from people's names ("karenking9@", "elizabeth_gonzalez6"), so two
 * similar ones are as often two people with one name as one person, and a
 * level that counted them would add the names' evidence a second time
 * (measured on the generated million: precision fell from 0.995 to 0.78).
 *
 * Estimation (no labels)
 * ----------------------
 * u is estimated from random pairs of records, almost all non-matches:
 * ambc_fs_u_from_counts.  m is estimated by EM over the comparison
 * patterns of the blocked candidate pairs (ambc_fs_em): a two-class latent
 * model with conditional independence, in which the non-match class of the
 * candidates has its own distribution (blocking makes candidate non-matches
 * agree more often than random pairs), so the candidate non-matches do not
 * bias m.  The prior p0 is the expected number of matches among the
 * candidates divided by the number of all pairs.
 *
 * src/core/fsmodel.h
 *
 *-------------------------------------------------------------------------
 */
#ifndef AMBC_FSMODEL_H
#define AMBC_FSMODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "status.h"

typedef enum ambc_fs_field
{
	AMBC_F_GIVEN = 0,
	AMBC_F_FAMILY,
	AMBC_F_BIRTH,
	AMBC_F_EMAIL,
	AMBC_F_PHONE,
	AMBC_F_HANDLE,
	AMBC_F_ADDRESS,
	AMBC_F_CITY,
	AMBC_F_POSTAL,
	AMBC_F_REGION,
	AMBC_NFIELDS
} ambc_fs_field;

typedef enum ambc_fs_level
{
	AMBC_L_EXACT = 0,
	AMBC_L_NICKNAME,
	AMBC_L_FUZZY,
	AMBC_L_PARTIAL,
	AMBC_L_DIFFERENT,
	AMBC_NLEVELS,				/* the levels that carry a weight */
	AMBC_L_MISSING = AMBC_NLEVELS
} ambc_fs_level;

/* comparison thresholds (see the table above) */
#define AMBC_FS_JW_FUZZY	0.92
#define AMBC_FS_JW_PARTIAL	0.80
#define AMBC_FS_DICE_FUZZY	0.80
#define AMBC_FS_DICE_PARTIAL 0.60

/* longest field the comparisons look at, in code points; the rest is cut */
#define AMBC_FS_FIELD_MAX_CP 256

/*
 * Nickname table: given name -> formal name links, as 64-bit hashes of the
 * lower-case names (ambc_fs_name_hash), sorted by nick then name.  A name is
 * its own group; two given names are nicknames of each other when their
 * groups meet: {x} plus every name x is a nickname of.
 */
typedef struct ambc_fs_nicknames
{
	const uint64_t *nick;
	const uint64_t *name;
	size_t		n;
} ambc_fs_nicknames;

/*
 * A record, normalized (person.h); birth_date as the 8 characters YYYYMMDD.
 * The caller fills f, the keys and tf; ambc_fs_rec_prepare then caches what
 * every comparison of the record would otherwise recompute (the names'
 * nickname lookups).  A record that is not prepared compares the same, more
 * slowly.
 */
typedef struct ambc_fs_rec
{
	ambc_span	f[AMBC_NFIELDS];
	ambc_span	given_key;		/* Double Metaphone keys, for blocking */
	ambc_span	family_key;
	float		tf[AMBC_NFIELDS];	/* share of records with this value; 0:
									 * unknown */
	/*
	 * optional: the street line's character bigrams from
	 * ambc_fs_address_grams (addr_ngrams >= 0), kept by the caller
	 */
	const uint16_t *addr_grams;
	int32_t		addr_ngrams;	/* -1: not computed */
	/* set by ambc_fs_rec_prepare: [0] given name, [1] family name */
	bool		prepared;
	uint64_t	name_hash[2];
	uint32_t	nick_lo[2];		/* its entries in the nickname table */
	uint32_t	nick_hi[2];
} ambc_fs_rec;

/* the comparison of two records */
typedef struct ambc_fs_cmp
{
	uint8_t		level[AMBC_NFIELDS];	/* ambc_fs_level */
	float		sim[AMBC_NFIELDS];	/* similarity behind a fuzzy or partial
									 * level; -1 when none was computed */
	bool		swapped;		/* names compared crosswise (cross != 0) */
	uint8_t		cross;			/* 0 direct; 1: the given-name slot compared a's
								 * given with b's family name (and the family
								 * slot a's family with b's given); 2: the
								 * given slot a's family with b's given */
} ambc_fs_cmp;

/*
 * ambc_fs_cmp_name_fields
 *		The fields of a (*fa) and of b (*fb) behind the name slot
 *		AMBC_F_GIVEN or AMBC_F_FAMILY of comparison c.
 */
extern void ambc_fs_cmp_name_fields(const ambc_fs_cmp *c, int slot,
									int *fa, int *fb);

typedef struct ambc_fs_model
{
	double		m[AMBC_NFIELDS][AMBC_NLEVELS];
	double		u[AMBC_NFIELDS][AMBC_NLEVELS];
	double		prior;			/* P(two random records match), (0, 1) */
	double		tf_floor;		/* smallest term frequency believed */
	const ambc_fs_nicknames *nicknames;	/* may be NULL */
} ambc_fs_model;

/* a score and how it was made */
typedef struct ambc_fs_score
{
	double		weight[AMBC_NFIELDS];	/* log2(m/u), 0 when missing */
	double		tf_adjust[AMBC_NFIELDS];	/* included in weight */
	double		prior_weight;	/* log2(p0 / (1 - p0)) */
	double		total;			/* prior_weight + sum of weight */
	double		probability;
} ambc_fs_score;

/* names of fields and levels, as amb.match_param spells them */
extern const char *ambc_fs_field_name(int field);
extern const char *ambc_fs_level_name(int level);
extern int	ambc_fs_field_from_name(const char *s, size_t len);	/* -1 */
extern int	ambc_fs_level_from_name(const char *s, size_t len);	/* -1; also
																	 * for "missing",
																	 * which has no
																	 * parameters */

/*
 * ambc_fs_has_level
 *		True if field has level (see the table above).
 */
extern bool ambc_fs_has_level(int field, int level);

/*
 * ambc_fs_tf_field
 *		True if exact agreements on field are adjusted for term frequency.
 */
extern bool ambc_fs_tf_field(int field);

/*
 * ambc_fs_default_model
 *		The documented defaults, used until amb.train_match_model has run.
 */
extern void ambc_fs_default_model(ambc_fs_model *model);

/*
 * ambc_fs_name_hash
 *		64-bit hash (XXH3) of a lower-case name, for the nickname table.
 */
extern uint64_t ambc_fs_name_hash(const char *s, size_t len);

/*
 * ambc_fs_nickname_match
 *		True if the given names a and b are nicknames of each other, or of a
 *		common name, by the table (see ambc_fs_nicknames).
 */
extern bool ambc_fs_nickname_match(const ambc_fs_nicknames *nk,
								   const char *a, size_t alen,
								   const char *b, size_t blen);

/*
 * ambc_fs_address_grams
 *		The sorted bigram codes of a normalized street line into out (room
 *		for AMBC_FS_FIELD_MAX_CP entries), for ambc_fs_rec.addr_grams; their
 *		number, or -1 when the line is not plain ASCII letters, digits and
 *		spaces (such records compare their street lines the slow way).
 */
extern int	ambc_fs_address_grams(ambc_span address, uint16_t *out);

/*
 * ambc_fs_rec_prepare
 *		Cache r's nickname lookups in nk (which may be NULL) in r; both
 *		records of a comparison must have been prepared with the nk the
 *		comparison uses, or neither.
 */
extern void ambc_fs_rec_prepare(ambc_fs_rec *r, const ambc_fs_nicknames *nk);

/*
 * ambc_fs_prefetch
 *		Hint that r will be compared soon.  Bulk comparisons read records in
 *		an order the cache cannot guess; prefetching the record some pairs
 *		ahead (its struct first, then, a few pairs later, its text) hides
 *		most of the memory latency.  text: also fetch the field text, which
 *		needs the struct in cache to be cheap.
 */
static inline void
ambc_fs_prefetch(const ambc_fs_rec *r, bool text)
{
	const char *p = (const char *) r;
	size_t		i;

	if (!text)
	{
		for (i = 0; i < sizeof(ambc_fs_rec); i += 64)
			__builtin_prefetch(p + i);
		return;
	}
	for (i = 0; i < AMBC_NFIELDS; i++)
		if (r->f[i].p != NULL)
			__builtin_prefetch(r->f[i].p);
}

/*
 * Packed records.  A bulk comparison reads records in an order the cache
 * cannot predict, and an ambc_fs_rec with its text is spread over several
 * places; a packed record is one contiguous block (header, then the text,
 * then the address bigrams), so comparing it touches a few adjacent cache
 * lines.  The format is private to one process and never stored.
 *
 * ambc_fs_pack_size
 *		Bytes ambc_fs_pack needs for r (a multiple of 8); SIZE_MAX if a field
 *		is longer than 65535 bytes or r has more than AMBC_FS_FIELD_MAX_CP
 *		address bigrams (such a record cannot be packed).
 * ambc_fs_pack
 *		Write r to dst (8-byte aligned, ambc_fs_pack_size(r) bytes).
 * ambc_fs_unpack
 *		The record packed at src, its spans pointing into src.
 * ambc_fs_packed_set_tf
 *		Set the term frequency of field (a term-frequency field) in a packed
 *		record.
 */
extern size_t ambc_fs_pack_size(const ambc_fs_rec *r);
extern void ambc_fs_pack(const ambc_fs_rec *r, void *dst);
extern void ambc_fs_unpack(const void *src, ambc_fs_rec *out);
extern void ambc_fs_packed_set_tf(void *dst, int field, float tf);

/*
 * ambc_fs_compare
 *		Compare two records field by field into *out.  nk may be NULL (no
 *		nickname level).  Total: any bytes in the spans are accepted
 *		(malformed UTF-8 is compared byte by byte).
 */
extern void ambc_fs_compare(const ambc_fs_rec *a, const ambc_fs_rec *b,
							const ambc_fs_nicknames *nk, ambc_fs_cmp *out);

/*
 * ambc_fs_score_pair
 *		Score the comparison c of records a and b (whose term frequencies
 *		are used) under model; fills *detail if not NULL and returns the
 *		match probability.
 */
extern double ambc_fs_score_pair(const ambc_fs_model *model,
								 const ambc_fs_rec *a, const ambc_fs_rec *b,
								 const ambc_fs_cmp *c, ambc_fs_score *detail);

/*
 * ambc_fs_pattern
 *		The levels of c as one number (base AMBC_NLEVELS + 1, field 0 lowest),
 *		for counting patterns; ambc_fs_pattern_level takes one level back.
 */
extern uint32_t ambc_fs_pattern(const ambc_fs_cmp *c);
extern int	ambc_fs_pattern_level(uint32_t pattern, int field);

/*
 * ambc_fs_u_from_counts
 *		u(f,l) from the level counts of random pairs, with add-one-half
 *		smoothing over the field's levels, so no level has u = 0.
 */
extern void ambc_fs_u_from_counts(const double counts[AMBC_NFIELDS][AMBC_NLEVELS],
								  double u[AMBC_NFIELDS][AMBC_NLEVELS]);

/* what ambc_fs_em did */
typedef struct ambc_fs_em_result
{
	int			iterations;
	bool		converged;
	double		lambda;			/* share of matches among the patterns */
	double		max_change;		/* of any m or v in the last iteration */
} ambc_fs_em_result;

/*
 * ambc_fs_em
 *		Expectation-maximisation over npat distinct comparison patterns
 *		pattern[i] seen count[i] times.  m (match class) and v (non-match
 *		class of these pairs) start from their values and are re-estimated
 *		in place, lambda likewise; stops after max_iter iterations or when
 *		no probability moves by more than tol.  Probabilities are kept at
 *		or above 1e-6 (then renormalized), so no weight is infinite.
 */
extern void ambc_fs_em(const uint32_t *pattern, const double *count,
					   size_t npat, double m[AMBC_NFIELDS][AMBC_NLEVELS],
					   double v[AMBC_NFIELDS][AMBC_NLEVELS], double *lambda,
					   int max_iter, double tol, ambc_fs_em_result *result);

#endif							/* AMBC_FSMODEL_H */

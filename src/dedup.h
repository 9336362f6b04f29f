/*-------------------------------------------------------------------------
 *
 * dedup.h
 *		Glue shared by the fuzzy-dedup capability: ambassador records, the
 *		match model, blocking, merges.
 *
 * src/dedup.h
 *
 *-------------------------------------------------------------------------
 */
#ifndef AMB_DEDUP_H
#define AMB_DEDUP_H

#include "amb.h"

#include "utils/date.h"

#include "block.h"
#include "fsmodel.h"
#include "person.h"

/* GUCs (amb.c) */
extern double amb_auto_link_score;
extern int	amb_block_max_size;
extern int	amb_block_window;
extern int	amb_max_candidate_pairs;

/*
 * One ambassador prepared for matching: the normalized fields (ambc_person,
 * pointing into buf), the birth date as YYYYMMDD, and the core record.
 * About 8 kB: for single records (triggers, match_score, upsert), not for
 * bulk loads (see AmbRecordSet).
 */
typedef struct AmbPerson
{
	int64		id;
	ambc_person p;
	char		birth[8];
	bool		has_birth;
	ambc_fs_rec rec;
	char		buf[AMBC_PERSON_BUF];
} AmbPerson;

/*
 * The raw fields of an ambassador, in server encoding, by ambc_person_field;
 * isnull[] marks SQL NULLs.  birth is separate (a date).
 */
typedef struct AmbRawPerson
{
	Datum		field[AMBC_P_NFIELDS];
	bool		isnull[AMBC_P_NFIELDS];
	DateADT		birth;
	bool		birth_null;
} AmbRawPerson;

/* ambassador.c */
extern void amb_prepare_person(const AmbRawPerson *raw, AmbPerson *out);
extern void amb_person_from_row(HeapTupleHeader row, AmbPerson *out);
extern bool amb_birth_yyyymmdd(DateADT d, char out[8]);
extern void amb_fs_rec_from_person(AmbPerson *p);
extern ArrayType *amb_block_keys_array(const ambc_fs_rec *r);
extern text *amb_span_text(ambc_span s);

/* match.c */
extern void amb_match_init(void);
extern const ambc_fs_model *amb_match_model(void);
extern bool amb_match_model_trained(void);
extern void amb_lookup_term_freqs(AmbPerson **people, int n);
extern bool amb_term_freq_row(HeapTuple tup, TupleDesc desc, int *field,
							  ambc_span *value, double *freq);
extern double amb_score_people(const ambc_fs_model *model, AmbPerson *a,
							   AmbPerson *b, ambc_fs_cmp *cmp,
							   ambc_fs_score *detail);

/*
 * All active ambassadors, prepared for matching from their stored
 * normalized columns: packed core records (fsmodel.h) in name order, with
 * their ids and creation times, and the model they were prepared for (its
 * nickname table copied into the set's memory context, where everything
 * lives).
 */
typedef struct AmbRecordSet
{
	MemoryContext cxt;
	size_t		n;
	int64	   *ids;
	TimestampTz *created;
	char	  **blob;			/* packed records */
	ambc_fs_model model;
	bool		trained;		/* the model came from training */
} AmbRecordSet;

/* blocking.c */

/* the columns amb_rec_from_tuple reads, in order */
#define AMB_REC_COLUMNS \
	"birth_date, given_norm, family_norm, email_norm, phone_norm, handle_norm," \
	" address_norm, city_norm, postal_norm, region_norm, given_key, family_key"
extern void amb_rec_from_tuple(HeapTuple tup, TupleDesc desc, int first,
							   ambc_fs_rec *rec, char birth[8]);
extern AmbRecordSet *amb_load_records(MemoryContext parent, bool with_tf);
extern uint64 *amb_candidate_pairs(AmbRecordSet *set, size_t *npairs,
								   ambc_block_stats *stats);
extern ambc_alloc amb_palloc_allocator(MemoryContext cxt);

typedef void (*AmbCompareFn) (void *arg, uint32 i, uint32 j,
							  const ambc_fs_rec *ri, const ambc_fs_rec *rj,
							  const ambc_fs_cmp *cmp);
extern void amb_for_each_candidate(AmbRecordSet *set, AmbCompareFn fn,
								   void *arg, ambc_block_stats *stats);

typedef void (*AmbPairFn) (void *arg, uint32 i, uint32 j, double score);
extern void amb_scored_pairs(AmbRecordSet *set, double min_score,
							 AmbPairFn fn, void *arg,
							 ambc_block_stats *stats);
extern uint32 *amb_clusters(AmbRecordSet *set, double min_score);

/* merge.c */
extern int64 amb_merge_pair(int64 survivor, int64 duplicate);
extern bool amb_resolve_id(int64 id, int64 *live);

#endif							/* AMB_DEDUP_H */

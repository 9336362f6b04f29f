/*-------------------------------------------------------------------------
 *
 * blocking.c
 *		Bulk matching: load the active ambassadors, generate blocked
 *		candidate pairs, score them; amb.find_duplicates and
 *		amb.duplicate_clusters.
 *
 * The active ambassadors are read once through an SPI cursor (their stored
 * normalized columns, in id order) into one memory context: the strings in
 * an arena of large chunks, the core records (ambc_fs_rec) pointing into
 * it.  Term frequencies come from amb.match_term_freq, loaded into a hash
 * table.  Candidate generation and scoring are the core's
 * (src/core/block.c, fsmodel.c); nothing here loops over characters.
 *
 * Memory is about 700 bytes per ambassador plus 16 bytes per candidate
 * pair (the pair array and its sort buffer), all released at the end of
 * the call.  Interrupts are checked while scoring.
 *
 * src/blocking.c
 *
 *-------------------------------------------------------------------------
 */
#include "dedup.h"

#include "catalog/pg_type.h"
#include "executor/spi.h"
#include "funcapi.h"
#include "miscadmin.h"
#include "utils/builtins.h"
#include "utils/hsearch.h"
#include "utils/memutils.h"
#include "utils/timestamp.h"

#include "report.h"

#define ARENA_CHUNK (1024 * 1024)
#define FETCH_ROWS 10000
/* how many pairs ahead the scoring loop prefetches a record */
#define PREFETCH_AHEAD 8

typedef struct Arena
{
	MemoryContext cxt;
	char	   *cur;
	size_t		left;
} Arena;

/*
 * arena_alloc
 *		len bytes (a multiple of 8) from the arena, 8-byte aligned.
 */
static char *
arena_alloc(Arena *a, size_t len)
{
	char	   *p;

	if (len > a->left)
	{
		size_t		sz = Max(len, ARENA_CHUNK);

		a->cur = MemoryContextAllocHuge(a->cxt, sz);
		a->left = sz;
	}
	p = a->cur;
	a->cur += len;
	a->left -= len;
	return p;
}

/* palloc-backed ambc_alloc, for the core's blocking */
static void *
alloc_palloc(void *ctx, size_t size)
{
	return MemoryContextAllocHuge((MemoryContext) ctx, Max(size, 1));
}

static void
release_palloc(void *ctx, void *ptr)
{
	pfree(ptr);
}

/*
 * amb_palloc_allocator
 *		An ambc_alloc that allocates in cxt (huge allocations allowed;
 *		out-of-memory is an ERROR, never NULL).
 */
ambc_alloc
amb_palloc_allocator(MemoryContext cxt)
{
	ambc_alloc	al;

	al.alloc = alloc_palloc;
	al.release = release_palloc;
	al.ctx = cxt;
	return al;
}

/*
 * The columns read, in order.  Ordering by name puts records that share
 * name-based blocking keys near each other in memory, which makes their
 * comparisons cache-friendly; ids are kept beside the records.
 */
#define LOAD_QUERY \
	"SELECT id, created_at, " AMB_REC_COLUMNS \
	"  FROM amb.ambassador" \
	" WHERE status OPERATOR(pg_catalog.=) 'active'" \
	" ORDER BY family_norm COLLATE \"C\", given_norm COLLATE \"C\", id"

/* the text columns of AMB_REC_COLUMNS after birth_date, and their fields */
static const int rec_column_field[] = {
	AMBC_F_GIVEN, AMBC_F_FAMILY, AMBC_F_EMAIL, AMBC_F_PHONE, AMBC_F_HANDLE,
	AMBC_F_ADDRESS, AMBC_F_CITY, AMBC_F_POSTAL, AMBC_F_REGION
};

/*
 * amb_rec_from_tuple
 *		Fill rec (zeroed first) from the AMB_REC_COLUMNS of an SPI row,
 *		starting at column first; the spans point into the row (or its
 *		UTF-8 conversion) and the birth date into birth.  Term frequencies
 *		stay 0, and the record is not prepared (ambc_fs_rec_prepare).
 */
void
amb_rec_from_tuple(HeapTuple tup, TupleDesc desc, int first, ambc_fs_rec *rec,
				   char birth[8])
{
	bool		isnull;
	Datum		d;
	int			c;

	memset(rec, 0, sizeof(*rec));
	d = SPI_getbinval(tup, desc, first, &isnull);
	if (!isnull && amb_birth_yyyymmdd(DatumGetDateADT(d), birth))
	{
		rec->f[AMBC_F_BIRTH].p = birth;
		rec->f[AMBC_F_BIRTH].len = 8;
	}
	for (c = 0; c < lengthof(rec_column_field) + 2; c++)
	{
		ambc_span  *s;
		AmbUtf8		u;

		d = SPI_getbinval(tup, desc, first + 1 + c, &isnull);
		if (isnull)
			continue;
		if (c < lengthof(rec_column_field))
			s = &rec->f[rec_column_field[c]];
		else
			s = (c == lengthof(rec_column_field)) ? &rec->given_key : &rec->family_key;
		u = amb_utf8_from_text(DatumGetTextPP(d));
		s->p = u.data;
		s->len = u.len;
	}
}

/* term-frequency hash entry: key = XXH3 of field number and value */
typedef struct TfEntry
{
	uint64		key;
	float		freq;
} TfEntry;

/* the fields whose exact agreements are adjusted for term frequency */
static const int tf_fields[] = {AMBC_F_GIVEN, AMBC_F_FAMILY, AMBC_F_CITY, AMBC_F_POSTAL};

/*
 * tf_key
 *		Hash key of value v of field f.
 */
static uint64
tf_key(int f, ambc_span v)
{
	return ambc_fs_name_hash(v.p, v.len) ^ ((uint64) (f + 1) * UINT64CONST(0x9E3779B97F4A7C15));
}

/*
 * load_term_freqs
 *		amb.match_term_freq as a hash table in cxt (inside SPI).
 */
static HTAB *
load_term_freqs(MemoryContext cxt)
{
	HASHCTL		ctl;
	HTAB	   *h;
	uint64		r;

	memset(&ctl, 0, sizeof(ctl));
	ctl.keysize = sizeof(uint64);
	ctl.entrysize = sizeof(TfEntry);
	ctl.hcxt = cxt;
	h = hash_create("amb term frequencies", 1024, &ctl,
					HASH_ELEM | HASH_BLOBS | HASH_CONTEXT);
	if (SPI_execute("SELECT field, value, frequency FROM amb.match_term_freq", true, 0) != SPI_OK_SELECT)
		elog(ERROR, "could not read amb.match_term_freq");
	for (r = 0; r < SPI_processed; r++)
	{
		int			f;
		ambc_span	sp;
		double		freq;
		uint64		key;
		TfEntry    *e;

		if (!amb_term_freq_row(SPI_tuptable->vals[r], SPI_tuptable->tupdesc, &f, &sp, &freq))
			continue;
		key = tf_key(f, sp);
		e = hash_search(h, &key, HASH_ENTER, NULL);
		e->freq = (float) freq;
	}
	SPI_freetuptable(SPI_tuptable);
	return h;
}

/*
 * copy_model
 *		The current model, its nickname table copied into cxt, so nothing a
 *		cache reload does can pull it away while the set is in use.
 */
static void
copy_model(AmbRecordSet *set)
{
	const ambc_fs_model *m = amb_match_model();
	ambc_fs_nicknames *nk = MemoryContextAlloc(set->cxt, sizeof(ambc_fs_nicknames));
	uint64	   *nick = MemoryContextAllocHuge(set->cxt, Max(m->nicknames->n, 1) * sizeof(uint64));
	uint64	   *name = MemoryContextAllocHuge(set->cxt, Max(m->nicknames->n, 1) * sizeof(uint64));

	memcpy(nick, m->nicknames->nick, m->nicknames->n * sizeof(uint64));
	memcpy(name, m->nicknames->name, m->nicknames->n * sizeof(uint64));
	nk->nick = nick;
	nk->name = name;
	nk->n = m->nicknames->n;
	set->model = *m;
	set->model.nicknames = nk;
	set->trained = amb_match_model_trained();
}

/*
 * amb_load_records
 *		All active ambassadors, packed, in a new context under parent (see
 *		AmbRecordSet).  With with_tf (and a trained model) their term
 *		frequencies come from amb.match_term_freq (values not there get the
 *		model's floor); otherwise they are 0.
 */
AmbRecordSet *
amb_load_records(MemoryContext parent, bool with_tf)
{
	MemoryContext cxt = AllocSetContextCreate(parent, "amb record set",
											  ALLOCSET_DEFAULT_SIZES);
	MemoryContext old = MemoryContextSwitchTo(cxt);
	AmbRecordSet *set = palloc0(sizeof(AmbRecordSet));
	Arena		arena = {cxt, NULL, 0};
	size_t		cap = 1024;
	SPIPlanPtr	plan;
	Portal		portal;
	HTAB	   *tf = NULL;

	set->cxt = cxt;
	set->ids = palloc(cap * sizeof(int64));
	set->created = palloc(cap * sizeof(TimestampTz));
	set->blob = palloc(cap * sizeof(char *));
	MemoryContextSwitchTo(old);
	copy_model(set);

	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed");
	if (with_tf && set->trained)
		tf = load_term_freqs(cxt);
	plan = SPI_prepare(LOAD_QUERY, 0, NULL);
	if (plan == NULL)
		elog(ERROR, "SPI_prepare failed: %s", SPI_result_code_string(SPI_result));
	portal = SPI_cursor_open(NULL, plan, NULL, NULL, true);
	for (;;)
	{
		uint64		r;

		SPI_cursor_fetch(portal, true, FETCH_ROWS);
		if (SPI_processed == 0)
			break;
		for (r = 0; r < SPI_processed; r++)
		{
			HeapTuple	tup = SPI_tuptable->vals[r];
			TupleDesc	desc = SPI_tuptable->tupdesc;
			ambc_fs_rec rec;
			char		birth[8];
			uint16		grams[AMBC_FS_FIELD_MAX_CP];
			bool		isnull;
			Datum		d;
			size_t		i = set->n;
			size_t		size;
			int			c;

			if (i == cap)
			{
				cap *= 2;
				set->ids = repalloc_huge(set->ids, cap * sizeof(int64));
				set->created = repalloc_huge(set->created, cap * sizeof(TimestampTz));
				set->blob = repalloc_huge(set->blob, cap * sizeof(char *));
			}
			set->ids[i] = DatumGetInt64(SPI_getbinval(tup, desc, 1, &isnull));
			d = SPI_getbinval(tup, desc, 2, &isnull);
			set->created[i] = isnull ? 0 : DatumGetTimestampTz(d);
			amb_rec_from_tuple(tup, desc, 3, &rec, birth);
			if (tf != NULL)
				for (c = 0; c < lengthof(tf_fields); c++)
				{
					ambc_span	v = rec.f[tf_fields[c]];
					uint64		key;
					TfEntry    *e;

					if (v.p == NULL || v.len == 0)
						continue;
					key = tf_key(tf_fields[c], v);
					e = hash_search(tf, &key, HASH_FIND, NULL);
					rec.tf[tf_fields[c]] = e != NULL ? e->freq : (float) set->model.tf_floor;
				}
			ambc_fs_rec_prepare(&rec, set->model.nicknames);
			rec.addr_ngrams = ambc_fs_address_grams(rec.f[AMBC_F_ADDRESS], grams);
			rec.addr_grams = rec.addr_ngrams > 0 ? grams : NULL;
			size = ambc_fs_pack_size(&rec);
			if (size == SIZE_MAX)
			{
				/* fields over 64 kB (never from the trigger): drop the grams */
				rec.addr_grams = NULL;
				rec.addr_ngrams = -1;
				size = ambc_fs_pack_size(&rec);
				if (size == SIZE_MAX)
					elog(ERROR, "ambassador " INT64_FORMAT " has a normalized field over 64 kB",
						 set->ids[i]);
			}
			set->blob[i] = arena_alloc(&arena, size);
			ambc_fs_pack(&rec, set->blob[i]);
			set->n++;
		}
		SPI_freetuptable(SPI_tuptable);
		CHECK_FOR_INTERRUPTS();
	}
	SPI_cursor_close(portal);
	SPI_finish();
	if (tf != NULL)
		hash_destroy(tf);
	return set;
}

/*
 * amb_candidate_pairs
 *		The blocked candidate pairs of set (see ambc_block_candidates), in
 *		set's context; a count beyond amb.max_candidate_pairs is 54000.
 */
uint64 *
amb_candidate_pairs(AmbRecordSet *set, size_t *npairs, ambc_block_stats *stats)
{
	uint64	   *keys;
	uint64	   *order;
	uint64	   *pairs;
	ambc_alloc	al = amb_palloc_allocator(set->cxt);
	ambc_status st;
	size_t		i;

	keys = MemoryContextAllocHuge(set->cxt, Max(set->n, 1) * AMBC_NKEYS * sizeof(uint64));
	order = MemoryContextAllocHuge(set->cxt, Max(set->n, 1) * sizeof(uint64));
	for (i = 0; i < set->n; i++)
	{
		ambc_fs_rec r;

		ambc_fs_unpack(set->blob[i], &r);
		ambc_block_keys(&r, &keys[i * AMBC_NKEYS]);
		order[i] = ambc_block_order(&r);
	}
	st = ambc_block_candidates(keys, order, set->n, (uint32) amb_block_max_size,
							   (uint32) amb_block_window,
							   (uint64) amb_max_candidate_pairs, &al,
							   &pairs, npairs, stats);
	pfree(keys);
	pfree(order);
	if (st != AMBC_OK)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("too many candidate pairs"),
				 errdetail("Blocking %zu ambassadors gives more than %d candidate pairs.",
						   set->n, amb_max_candidate_pairs),
				 errhint("Raise amb.max_candidate_pairs, or lower amb.block_max_size or amb.block_window.")));
	return pairs;
}

/*
 * amb_for_each_candidate
 *		Compare every candidate pair of set (under the set's model) and call
 *		fn with the two records and the comparison, in ascending (i, j)
 *		order.  The next pairs' records are prefetched (packed records are a
 *		few adjacent cache lines).
 */
void
amb_for_each_candidate(AmbRecordSet *set, AmbCompareFn fn, void *arg,
					   ambc_block_stats *stats)
{
	size_t		npairs;
	uint64	   *pairs = amb_candidate_pairs(set, &npairs, stats);
	ambc_fs_rec ri;
	ambc_fs_rec rj;
	uint32		last = PG_UINT32_MAX;
	size_t		k;

	for (k = 0; k < npairs; k++)
	{
		uint32		i = (uint32) (pairs[k] >> 32);
		uint32		j = (uint32) pairs[k];
		ambc_fs_cmp cmp;

		if ((k & 0xFFFF) == 0)
			CHECK_FOR_INTERRUPTS();
		if (k + PREFETCH_AHEAD < npairs)
		{
			const char *b = set->blob[(uint32) pairs[k + PREFETCH_AHEAD]];

			__builtin_prefetch(b);
			__builtin_prefetch(b + 64);
			__builtin_prefetch(b + 128);
		}
		if (i != last)
		{
			ambc_fs_unpack(set->blob[i], &ri);
			last = i;
		}
		ambc_fs_unpack(set->blob[j], &rj);
		ambc_fs_compare(&ri, &rj, set->model.nicknames, &cmp);
		fn(arg, i, j, &ri, &rj, &cmp);
	}
	if (pairs != NULL)
		pfree(pairs);
}

typedef struct ScoreState
{
	AmbRecordSet *set;
	double		min_score;
	AmbPairFn	fn;
	void	   *arg;
} ScoreState;

static void
score_one(void *arg, uint32 i, uint32 j, const ambc_fs_rec *ri,
		  const ambc_fs_rec *rj, const ambc_fs_cmp *cmp)
{
	ScoreState *ss = arg;
	double		p = ambc_fs_score_pair(&ss->set->model, ri, rj, cmp, NULL);

	if (p >= ss->min_score)
		ss->fn(ss->arg, i, j, p);
}

/*
 * amb_scored_pairs
 *		Score every candidate pair of set under the set's model and call fn
 *		for those at or above min_score, in ascending (i, j) order.
 */
void
amb_scored_pairs(AmbRecordSet *set, double min_score, AmbPairFn fn, void *arg,
				 ambc_block_stats *stats)
{
	ScoreState	ss;

	ss.set = set;
	ss.min_score = min_score;
	ss.fn = fn;
	ss.arg = arg;
	amb_for_each_candidate(set, score_one, &ss, stats);
}

/*
 * check_min_score
 *		min_score must be a probability.
 */
static void
check_min_score(double min_score)
{
	if (!(min_score >= 0 && min_score <= 1))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("min_score must be between 0 and 1"),
				 errdetail("The value given is %g.", min_score)));
}

typedef struct FindState
{
	AmbRecordSet *set;
	ReturnSetInfo *rsinfo;
} FindState;

static void
emit_pair(void *arg, uint32 i, uint32 j, double score)
{
	FindState  *fs = arg;
	Datum		values[3];
	bool		nulls[3] = {false, false, false};
	int64		a = fs->set->ids[i];
	int64		b = fs->set->ids[j];

	values[0] = Int64GetDatum(Min(a, b));
	values[1] = Int64GetDatum(Max(a, b));
	values[2] = Float8GetDatum(score);
	tuplestore_putvalues(fs->rsinfo->setResult, fs->rsinfo->setDesc, values, nulls);
}

/* amb.find_duplicates(min_score float8) returns table (a, b, score) */
PG_FUNCTION_INFO_V1(amb_find_duplicates);

Datum
amb_find_duplicates(PG_FUNCTION_ARGS)
{
	double		min_score = PG_GETARG_FLOAT8(0);
	FindState	fs;
	ambc_block_stats stats;

	check_min_score(min_score);
	amb_init_materialized_srf(fcinfo);
	fs.rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	fs.set = amb_load_records(CurrentMemoryContext, true);
	amb_scored_pairs(fs.set, min_score, emit_pair, &fs, &stats);
	MemoryContextDelete(fs.set->cxt);
	return (Datum) 0;
}

static void
union_pair(void *arg, uint32 i, uint32 j, double score)
{
	ambc_uf_union((uint32 *) arg, i, j);
}

/*
 * amb_clusters
 *		Union-find roots of set's records after joining every pair scored at
 *		or above min_score: root[i] is the smallest index of i's cluster
 *		(records are in name order, so not its smallest id).  Allocated in
 *		set's context.
 */
uint32 *
amb_clusters(AmbRecordSet *set, double min_score)
{
	uint32	   *parent = MemoryContextAllocHuge(set->cxt, Max(set->n, 1) * sizeof(uint32));
	ambc_block_stats stats;
	size_t		i;

	ambc_uf_init(parent, set->n);
	amb_scored_pairs(set, min_score, union_pair, parent, &stats);
	for (i = 0; i < set->n; i++)
		parent[i] = ambc_uf_find(parent, (uint32) i);
	return parent;
}

/* amb.duplicate_clusters(min_score float8) returns table (ambassador_id, cluster_id) */
PG_FUNCTION_INFO_V1(amb_duplicate_clusters);

Datum
amb_duplicate_clusters(PG_FUNCTION_ARGS)
{
	double		min_score = PG_GETARG_FLOAT8(0);
	ReturnSetInfo *rsinfo;
	AmbRecordSet *set;
	uint32	   *root;
	uint32	   *size;
	int64	   *min_id;
	size_t		i;

	check_min_score(min_score);
	amb_init_materialized_srf(fcinfo);
	rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	set = amb_load_records(CurrentMemoryContext, true);
	root = amb_clusters(set, min_score);
	size = MemoryContextAllocHuge(set->cxt, Max(set->n, 1) * sizeof(uint32));
	min_id = MemoryContextAllocHuge(set->cxt, Max(set->n, 1) * sizeof(int64));
	memset(size, 0, Max(set->n, 1) * sizeof(uint32));
	for (i = 0; i < set->n; i++)
		min_id[i] = PG_INT64_MAX;
	for (i = 0; i < set->n; i++)
	{
		size[root[i]]++;
		min_id[root[i]] = Min(min_id[root[i]], set->ids[i]);
	}
	for (i = 0; i < set->n; i++)
	{
		Datum		values[2];
		bool		nulls[2] = {false, false};

		if (size[root[i]] < 2)
			continue;
		values[0] = Int64GetDatum(set->ids[i]);
		values[1] = Int64GetDatum(min_id[root[i]]);
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
	}
	MemoryContextDelete(set->cxt);
	return (Datum) 0;
}

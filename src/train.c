/*-------------------------------------------------------------------------
 *
 * train.c
 *		amb.train_match_model(sample_pairs): learn the match model from the
 *		ambassadors themselves, without labels.
 *
 * Steps (the method is in src/core/fsmodel.h):
 *	1. load the active ambassadors (blocking.c);
 *	2. term frequencies: the share of ambassadors with each value of given
 *	   name, family name, city and postal code;
 *	3. u: the level counts of sample_pairs random pairs (all pairs when
 *	   there are no more), from a generator with a fixed seed;
 *	4. m and the share of matches among the blocked candidate pairs by EM
 *	   over their distinct comparison patterns, m started from the defaults,
 *	   the candidates' non-match distribution from their level frequencies
 *	   and the share of matches from 5%;
 *	   the prior is that share times the number of candidates over the
 *	   number of all pairs;
 *	5. store m and u in amb.match_param, the prior and the frequency floor
 *	   (one over the number of ambassadors) in amb.match_model, the
 *	   frequencies of values seen at least twice in amb.match_term_freq;
 *	   return a report of what was learned.
 * The same data gives the same model.
 *
 * src/train.c
 *
 *-------------------------------------------------------------------------
 */
#include "dedup.h"

#include <math.h>

#include "catalog/pg_type.h"
#include "executor/spi.h"
#include "lib/stringinfo.h"
#include "miscadmin.h"
#include "utils/builtins.h"
#include "utils/hsearch.h"
#include "utils/jsonb.h"
#include "utils/memutils.h"

#include "report.h"

#define EM_MAX_ITER 200
#define EM_TOL 1e-6
#define EM_START_SHARE 0.05		/* starting share of matches among candidates */
#define RANDOM_SEED UINT64CONST(0x616d62)	/* "amb" */

static const int tf_fields[] = {AMBC_F_GIVEN, AMBC_F_FAMILY, AMBC_F_CITY, AMBC_F_POSTAL};

typedef struct CountEntry
{
	uint64		key;
	uint32		count;
	uint32		first;			/* a record with the value */
} CountEntry;

typedef struct TermFreqs
{
	int			n;				/* values seen at least twice */
	Datum	   *field;
	Datum	   *value;
	Datum	   *freq;
} TermFreqs;

/*
 * compute_term_freqs
 *		Set every record's term frequencies from the set itself and collect
 *		the values seen at least twice, for amb.match_term_freq.
 */
static void
compute_term_freqs(AmbRecordSet *set, TermFreqs *out)
{
	int			cap = 1024;
	int			k;

	out->n = 0;
	out->field = palloc(cap * sizeof(Datum));
	out->value = palloc(cap * sizeof(Datum));
	out->freq = palloc(cap * sizeof(Datum));

	for (k = 0; k < lengthof(tf_fields); k++)
	{
		int			f = tf_fields[k];
		HASHCTL		ctl;
		HTAB	   *h;
		HASH_SEQ_STATUS seq;
		CountEntry *e;
		size_t		i;
		size_t		present = 0;

		memset(&ctl, 0, sizeof(ctl));
		ctl.keysize = sizeof(uint64);
		ctl.entrysize = sizeof(CountEntry);
		ctl.hcxt = CurrentMemoryContext;
		h = hash_create("amb term counts", 4096, &ctl,
						HASH_ELEM | HASH_BLOBS | HASH_CONTEXT);
		for (i = 0; i < set->n; i++)
		{
			ambc_fs_rec r;
			ambc_span	s;
			uint64		key;
			bool		found;

			ambc_fs_unpack(set->blob[i], &r);
			s = r.f[f];
			if (s.p == NULL || s.len == 0)
				continue;
			present++;
			key = ambc_fs_name_hash(s.p, s.len);
			e = hash_search(h, &key, HASH_ENTER, &found);
			if (!found)
			{
				e->count = 0;
				e->first = (uint32) i;
			}
			e->count++;
		}
		for (i = 0; i < set->n; i++)
		{
			ambc_fs_rec r;
			ambc_span	s;
			uint64		key;

			ambc_fs_unpack(set->blob[i], &r);
			s = r.f[f];
			if (s.p == NULL || s.len == 0)
				continue;
			key = ambc_fs_name_hash(s.p, s.len);
			e = hash_search(h, &key, HASH_FIND, NULL);
			ambc_fs_packed_set_tf(set->blob[i], f,
								  (float) ((double) e->count / (double) present));
		}
		hash_seq_init(&seq, h);
		while ((e = hash_seq_search(&seq)) != NULL)
		{
			ambc_fs_rec r;
			ambc_span	s;

			if (e->count < 2)
				continue;
			if (out->n == cap)
			{
				cap *= 2;
				out->field = repalloc_huge(out->field, cap * sizeof(Datum));
				out->value = repalloc_huge(out->value, cap * sizeof(Datum));
				out->freq = repalloc_huge(out->freq, cap * sizeof(Datum));
			}
			ambc_fs_unpack(set->blob[e->first], &r);
			s = r.f[f];
			out->field[out->n] = CStringGetTextDatum(ambc_fs_field_name(f));
			out->value[out->n] = PointerGetDatum(amb_utf8_to_text(s.p, s.len));
			out->freq[out->n] = Float8GetDatum((double) e->count / (double) present);
			out->n++;
		}
		hash_destroy(h);
	}
}

/*
 * count_levels
 *		Add the levels of the comparison of records i and j to counts.
 */
static void
count_levels(AmbRecordSet *set, size_t i, size_t j,
			 double counts[AMBC_NFIELDS][AMBC_NLEVELS])
{
	ambc_fs_rec ri;
	ambc_fs_rec rj;
	ambc_fs_cmp cmp;
	int			f;

	ambc_fs_unpack(set->blob[i], &ri);
	ambc_fs_unpack(set->blob[j], &rj);
	ambc_fs_compare(&ri, &rj, set->model.nicknames, &cmp);
	for (f = 0; f < AMBC_NFIELDS; f++)
		if (cmp.level[f] < AMBC_NLEVELS)
			counts[f][cmp.level[f]] += 1;
}

/* collects the comparison pattern of every candidate pair */
typedef struct PatternState
{
	uint64	   *codes;
	size_t		n;
	size_t		cap;
} PatternState;

static void
collect_pattern(void *arg, uint32 i, uint32 j, const ambc_fs_rec *ri,
				const ambc_fs_rec *rj, const ambc_fs_cmp *cmp)
{
	PatternState *ps = arg;

	if (ps->n == ps->cap)
	{
		ps->cap *= 2;
		ps->codes = repalloc_huge(ps->codes, ps->cap * sizeof(uint64));
	}
	ps->codes[ps->n++] = ambc_fs_pattern(cmp);
}

/*
 * append_num
 *		Append a finite double to a JSON text (full precision).
 */
static void
append_num(StringInfo s, double v)
{
	if (!isfinite(v))
		appendStringInfoString(s, "null");
	else
		appendStringInfo(s, "%.6g", v);
}

/* amb.train_match_model(sample_pairs int) returns jsonb */
PG_FUNCTION_INFO_V1(amb_train_match_model);

Datum
amb_train_match_model(PG_FUNCTION_ARGS)
{
	int32		sample_pairs = PG_GETARG_INT32(0);
	AmbRecordSet *set;
	TermFreqs	tfs;
	ambc_fs_model model;
	double		counts[AMBC_NFIELDS][AMBC_NLEVELS];
	double		v[AMBC_NFIELDS][AMBC_NLEVELS];
	double		all_pairs;
	uint64		random_pairs = 0;
	size_t		npairs;
	ambc_block_stats stats;
	uint32	   *pat_code = NULL;
	double	   *pat_count = NULL;
	size_t		npat = 0;
	double		lambda = EM_START_SHARE;
	ambc_fs_em_result em;
	StringInfoData rep;
	Datum		report;
	int			f,
				l;
	size_t		i;

	if (sample_pairs < 1)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("sample_pairs must be positive"),
				 errdetail("The value given is %d.", sample_pairs)));

	set = amb_load_records(CurrentMemoryContext, false);
	if (set->n < 2)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("cannot train the match model on %zu active ambassadors", set->n),
				 errhint("Load the ambassadors first; training needs at least two.")));
	all_pairs = (double) set->n * (double) (set->n - 1) / 2.0;

	compute_term_freqs(set, &tfs);

	/* training starts from the defaults, with the set's nickname table */
	ambc_fs_default_model(&model);
	model.nicknames = set->model.nicknames;

	/* u from random pairs */
	memset(counts, 0, sizeof(counts));
	if (all_pairs <= (double) sample_pairs)
	{
		size_t		j;

		for (i = 0; i < set->n; i++)
		{
			CHECK_FOR_INTERRUPTS();
			for (j = i + 1; j < set->n; j++)
				count_levels(set, i, j, counts);
		}
		random_pairs = (uint64) all_pairs;
	}
	else
	{
		AmbRandom	rnd;

		amb_random_seed(&rnd, RANDOM_SEED);
		while (random_pairs < (uint64) sample_pairs)
		{
			size_t		a = (size_t) amb_random_below(&rnd, set->n);
			size_t		b = (size_t) amb_random_below(&rnd, set->n);

			if (a == b)
				continue;
			if ((random_pairs & 0xFFFF) == 0)
				CHECK_FOR_INTERRUPTS();
			count_levels(set, a, b, counts);
			random_pairs++;
		}
	}
	ambc_fs_u_from_counts(counts, model.u);

	/* m by EM over the distinct patterns of the candidates */
	{
		PatternState ps;
		size_t		k;
		uint64	   *tmp;

		ps.cap = 1024;
		ps.codes = MemoryContextAllocHuge(set->cxt, ps.cap * sizeof(uint64));
		ps.n = 0;
		amb_for_each_candidate(set, collect_pattern, &ps, &stats);
		npairs = ps.n;
		tmp = MemoryContextAllocHuge(set->cxt, Max(npairs, 1) * sizeof(uint64));
		ambc_sort_u64(ps.codes, tmp, npairs);
		pfree(tmp);
		pat_code = MemoryContextAllocHuge(set->cxt, Max(npairs, 1) * sizeof(uint32));
		pat_count = MemoryContextAllocHuge(set->cxt, Max(npairs, 1) * sizeof(double));
		for (k = 0; k < npairs;)
		{
			size_t		e = k;

			while (e < npairs && ps.codes[e] == ps.codes[k])
				e++;
			pat_code[npat] = (uint32) ps.codes[k];
			pat_count[npat] = (double) (e - k);
			npat++;
			k = e;
		}
		pfree(ps.codes);
	}
	if (npairs > 0)
	{
		double		vcounts[AMBC_NFIELDS][AMBC_NLEVELS];
		size_t		k;

		/*
		 * The non-match class of the candidates starts from the level
		 * frequencies of all candidates (mostly non-matches, but agreeing far
		 * more often than random pairs), the match share from a small value:
		 * started from random-pair frequencies and an even split, EM can
		 * settle on "same name, same city" as its match class.
		 */
		memset(vcounts, 0, sizeof(vcounts));
		for (k = 0; k < npat; k++)
			for (f = 0; f < AMBC_NFIELDS; f++)
			{
				int			lv = ambc_fs_pattern_level(pat_code[k], f);

				if (lv < AMBC_NLEVELS)
					vcounts[f][lv] += pat_count[k];
			}
		ambc_fs_u_from_counts(vcounts, v);
		lambda = EM_START_SHARE;
		ambc_fs_em(pat_code, pat_count, npat, model.m, v, &lambda,
				   EM_MAX_ITER, EM_TOL, &em);
		model.prior = lambda * (double) npairs / all_pairs;
	}
	else
	{
		memset(&em, 0, sizeof(em));
		lambda = 0;
	}
	if (!(model.prior > 1e-15))
		model.prior = 1e-15;
	if (model.prior > 0.5)
		model.prior = 0.5;
	model.tf_floor = 1.0 / (double) set->n;

	/* the report */
	initStringInfo(&rep);
	appendStringInfo(&rep, "{\"records\": %zu, \"random_pairs\": " UINT64_FORMAT
					 ", \"candidate_pairs\": %zu, \"candidate_share\": ",
					 set->n, random_pairs, npairs);
	append_num(&rep, (double) npairs / all_pairs);
	appendStringInfo(&rep, ", \"patterns\": %zu, \"em\": {\"iterations\": %d, \"converged\": %s, \"match_share\": ",
					 npat, em.iterations, em.converged ? "true" : "false");
	append_num(&rep, lambda);
	appendStringInfoString(&rep, "}, \"expected_duplicate_pairs\": ");
	append_num(&rep, lambda * (double) npairs);
	appendStringInfoString(&rep, ", \"prior\": ");
	append_num(&rep, model.prior);
	appendStringInfo(&rep, ", \"term_frequencies\": %d, \"blocking\": {", tfs.n);
	for (l = 0; l < AMBC_NRULES; l++)
		appendStringInfo(&rep, "%s\"%s\": " UINT64_FORMAT, l > 0 ? ", " : "",
						 ambc_block_key_name(l), stats.rule_pairs[l]);
	appendStringInfoString(&rep, "}, \"fields\": {");
	for (f = 0; f < AMBC_NFIELDS; f++)
	{
		bool		first = true;

		appendStringInfo(&rep, "%s\"%s\": {", f > 0 ? ", " : "", ambc_fs_field_name(f));
		for (l = 0; l < AMBC_NLEVELS; l++)
		{
			if (!ambc_fs_has_level(f, l))
				continue;
			appendStringInfo(&rep, "%s\"%s\": {\"m\": ", first ? "" : ", ",
							 ambc_fs_level_name(l));
			append_num(&rep, model.m[f][l]);
			appendStringInfoString(&rep, ", \"u\": ");
			append_num(&rep, model.u[f][l]);
			appendStringInfoString(&rep, ", \"weight\": ");
			append_num(&rep, log2(model.m[f][l] / model.u[f][l]));
			appendStringInfoChar(&rep, '}');
			first = false;
		}
		appendStringInfoChar(&rep, '}');
	}
	appendStringInfoString(&rep, "}}");
	report = DirectFunctionCall1(jsonb_in, CStringGetDatum(rep.data));

	/* store */
	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed");
	if (SPI_execute("DELETE FROM amb.match_term_freq", false, 0) != SPI_OK_DELETE)
		elog(ERROR, "could not clear amb.match_term_freq");
	if (tfs.n > 0)
	{
		Oid			types[3] = {TEXTARRAYOID, TEXTARRAYOID, FLOAT8ARRAYOID};
		Datum		args[3];

		args[0] = PointerGetDatum(construct_array(tfs.field, tfs.n, TEXTOID, -1, false, TYPALIGN_INT));
		args[1] = PointerGetDatum(construct_array(tfs.value, tfs.n, TEXTOID, -1, false, TYPALIGN_INT));
		args[2] = PointerGetDatum(construct_array(tfs.freq, tfs.n, FLOAT8OID, sizeof(float8),
												  FLOAT8PASSBYVAL, TYPALIGN_DOUBLE));
		if (SPI_execute_with_args("INSERT INTO amb.match_term_freq (field, value, frequency)"
								  " SELECT * FROM ROWS FROM (pg_catalog.unnest($1), pg_catalog.unnest($2), pg_catalog.unnest($3))",
								  3, types, args, NULL, false, 0) != SPI_OK_INSERT)
			elog(ERROR, "could not store the term frequencies");
	}
	for (f = 0; f < AMBC_NFIELDS; f++)
		for (l = 0; l < AMBC_NLEVELS; l++)
		{
			Oid			types[4] = {TEXTOID, TEXTOID, FLOAT8OID, FLOAT8OID};
			Datum		args[4];

			if (!ambc_fs_has_level(f, l))
				continue;
			args[0] = CStringGetTextDatum(ambc_fs_field_name(f));
			args[1] = CStringGetTextDatum(ambc_fs_level_name(l));
			args[2] = Float8GetDatum(model.m[f][l]);
			args[3] = Float8GetDatum(model.u[f][l]);
			if (SPI_execute_with_args("INSERT INTO amb.match_param (field, level, m, u)"
									  " VALUES ($1, $2, $3, $4)",
									  4, types, args, NULL, false, 0) != SPI_OK_INSERT)
				elog(ERROR, "could not store the match parameters");
		}
	{
		Oid			types[4] = {FLOAT8OID, FLOAT8OID, INT8OID, JSONBOID};
		Datum		args[4];

		args[0] = Float8GetDatum(model.prior);
		args[1] = Float8GetDatum(model.tf_floor);
		args[2] = Int64GetDatum((int64) set->n);
		args[3] = report;
		if (SPI_execute_with_args("INSERT INTO amb.match_model (id, prior, tf_floor, trained_at, records, report)"
								  " VALUES (true, $1, $2, pg_catalog.now(), $3, $4)",
								  4, types, args, NULL, false, 0) != SPI_OK_INSERT)
			elog(ERROR, "could not store the match model");
	}
	SPI_finish();
	MemoryContextDelete(set->cxt);
	PG_RETURN_DATUM(report);
}

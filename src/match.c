/*-------------------------------------------------------------------------
 *
 * match.c
 *		The match model in SQL: its cached parameters, amb.match_score,
 *		amb.match_explain, amb.train_match_model, and the triggers that keep
 *		the model tables consistent.
 *
 * Cache.  The parameters (amb.match_param, amb.match_model) and the
 * nickname table are read once per session into a child of
 * CacheMemoryContext.  A statement-level trigger on each of those tables
 * calls CacheInvalidateRelcacheByRelid, which reaches every session at its
 * next transaction (and this one at its next command, or at abort); the
 * relcache callback registered by amb_match_init marks the cache stale and
 * the next use reloads it.  Term frequencies are not cached: single records
 * look theirs up (a few index probes), bulk functions load them all.
 *
 * Training.  See fsmodel.h for the method: u from random pairs (all pairs
 * when there are no more than sample_pairs), m and the prior by EM over the
 * distinct comparison patterns of the blocked candidate pairs, started
 * from the documented defaults, so training twice on the same data gives
 * the same model.  Random pairs come from a generator with a fixed seed
 * for the same reason.
 *
 * src/match.c
 *
 *-------------------------------------------------------------------------
 */
#include "dedup.h"

#include <math.h>

#include "access/htup_details.h"
#include "access/xact.h"
#include "catalog/namespace.h"
#include "catalog/pg_type.h"
#include "commands/trigger.h"
#include "executor/spi.h"
#include "funcapi.h"
#include "lib/stringinfo.h"
#include "miscadmin.h"
#include "utils/builtins.h"
#include "utils/hsearch.h"
#include "utils/inval.h"
#include "utils/json.h"
#include "utils/jsonb.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"
#include "utils/rel.h"
#include "utils/timestamp.h"

#include "report.h"
#include "spi_cache.h"

/* the cached model */
static MemoryContext model_cxt = NULL;
static ambc_fs_model cached_model;
static ambc_fs_nicknames cached_nicknames;
static bool model_valid = false;
static bool model_trained = false;
static Oid	watched_relid[3];

/*
 * model_inval_callback
 *		Relcache callback: a watched table changed (or everything was
 *		reset); reload the model on next use.
 */
static void
model_inval_callback(Datum arg, Oid relid)
{
	int			i;

	if (relid == InvalidOid)
	{
		model_valid = false;
		return;
	}
	for (i = 0; i < lengthof(watched_relid); i++)
		if (watched_relid[i] == relid)
			model_valid = false;
}

/*
 * amb_match_init
 *		Called from _PG_init: register the invalidation callback.
 */
void
amb_match_init(void)
{
	CacheRegisterRelcacheCallback(model_inval_callback, (Datum) 0);
}

static int
cmp_nick_pair(const void *x, const void *y)
{
	const uint64 *a = x;
	const uint64 *b = y;

	if (a[0] != b[0])
		return a[0] < b[0] ? -1 : 1;
	return (a[1] > b[1]) - (a[1] < b[1]);
}

/*
 * load_model
 *		Read the model tables into the cache.
 */
static void
load_model(void)
{
	Oid			nsp = get_namespace_oid("amb", false);
	uint64		i;
	uint64	   *pairs;
	uint64	   *nick;
	uint64	   *name;
	size_t		n;

	if (model_cxt == NULL)
		model_cxt = AllocSetContextCreate(CacheMemoryContext, "amb match model",
										  ALLOCSET_SMALL_SIZES);
	MemoryContextReset(model_cxt);
	model_valid = false;
	watched_relid[0] = get_relname_relid("match_param", nsp);
	watched_relid[1] = get_relname_relid("match_model", nsp);
	watched_relid[2] = get_relname_relid("nickname", nsp);

	ambc_fs_default_model(&cached_model);
	model_trained = false;

	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed");

	if (SPI_execute("SELECT field, level, m, u FROM amb.match_param", true, 0) != SPI_OK_SELECT)
		elog(ERROR, "could not read amb.match_param");
	for (i = 0; i < SPI_processed; i++)
	{
		HeapTuple	tup = SPI_tuptable->vals[i];
		TupleDesc	desc = SPI_tuptable->tupdesc;
		char	   *field = SPI_getvalue(tup, desc, 1);
		char	   *level = SPI_getvalue(tup, desc, 2);
		bool		n1,
					n2;
		double		m = DatumGetFloat8(SPI_getbinval(tup, desc, 3, &n1));
		double		u = DatumGetFloat8(SPI_getbinval(tup, desc, 4, &n2));
		int			f = ambc_fs_field_from_name(field, strlen(field));
		int			l = ambc_fs_level_from_name(level, strlen(level));

		if (f >= 0 && l >= 0 && ambc_fs_has_level(f, l) && !n1 && !n2)
		{
			cached_model.m[f][l] = m;
			cached_model.u[f][l] = u;
		}
	}

	if (SPI_execute("SELECT prior, tf_floor, trained_at IS NOT NULL FROM amb.match_model",
					true, 1) != SPI_OK_SELECT)
		elog(ERROR, "could not read amb.match_model");
	if (SPI_processed == 1)
	{
		HeapTuple	tup = SPI_tuptable->vals[0];
		TupleDesc	desc = SPI_tuptable->tupdesc;
		bool		isnull;

		cached_model.prior = DatumGetFloat8(SPI_getbinval(tup, desc, 1, &isnull));
		cached_model.tf_floor = DatumGetFloat8(SPI_getbinval(tup, desc, 2, &isnull));
		model_trained = DatumGetBool(SPI_getbinval(tup, desc, 3, &isnull));
	}

	if (SPI_execute("SELECT name, nickname FROM amb.nickname", true, 0) != SPI_OK_SELECT)
		elog(ERROR, "could not read amb.nickname");
	n = (size_t) SPI_processed;
	pairs = MemoryContextAlloc(model_cxt, Max(n, 1) * 2 * sizeof(uint64));
	for (i = 0; i < n; i++)
	{
		HeapTuple	tup = SPI_tuptable->vals[i];
		TupleDesc	desc = SPI_tuptable->tupdesc;
		bool		isnull;
		AmbUtf8		nm = amb_utf8_from_text(DatumGetTextPP(SPI_getbinval(tup, desc, 1, &isnull)));
		AmbUtf8		nk = amb_utf8_from_text(DatumGetTextPP(SPI_getbinval(tup, desc, 2, &isnull)));

		pairs[2 * i] = ambc_fs_name_hash(nk.data, nk.len);
		pairs[2 * i + 1] = ambc_fs_name_hash(nm.data, nm.len);
	}
	qsort(pairs, n, 2 * sizeof(uint64), cmp_nick_pair);
	nick = MemoryContextAlloc(model_cxt, Max(n, 1) * sizeof(uint64));
	name = MemoryContextAlloc(model_cxt, Max(n, 1) * sizeof(uint64));
	for (i = 0; i < n; i++)
	{
		nick[i] = pairs[2 * i];
		name[i] = pairs[2 * i + 1];
	}
	pfree(pairs);
	cached_nicknames.nick = nick;
	cached_nicknames.name = name;
	cached_nicknames.n = n;
	cached_model.nicknames = &cached_nicknames;

	SPI_finish();
	model_valid = true;
}

/*
 * amb_match_model
 *		The current model (cached; see the header comment).  Valid until the
 *		next call that may reload it; callers copy what they keep.
 */
const ambc_fs_model *
amb_match_model(void)
{
	if (!model_valid)
		load_model();
	return &cached_model;
}

/*
 * amb_match_model_trained
 *		True once amb.train_match_model has stored a model: term-frequency
 *		adjustments apply only then.
 */
bool
amb_match_model_trained(void)
{
	(void) amb_match_model();
	return model_trained;
}

/* the fields whose exact agreements are adjusted for term frequency */
static const int tf_fields[] = {AMBC_F_GIVEN, AMBC_F_FAMILY, AMBC_F_CITY, AMBC_F_POSTAL};

/*
 * amb_term_freq_row
 *		Read an SPI row (field, value, frequency) of amb.match_term_freq;
 *		false (the row is to be skipped) for a field amb does not know.
 */
bool
amb_term_freq_row(HeapTuple tup, TupleDesc desc, int *field, ambc_span *value,
				  double *freq)
{
	bool		isnull;
	char	   *name = SPI_getvalue(tup, desc, 1);
	AmbUtf8		v = amb_utf8_from_text(DatumGetTextPP(SPI_getbinval(tup, desc, 2, &isnull)));

	*field = ambc_fs_field_from_name(name, strlen(name));
	value->p = v.data;
	value->len = v.len;
	*freq = DatumGetFloat8(SPI_getbinval(tup, desc, 3, &isnull));
	return *field >= 0;
}

/*
 * amb_lookup_term_freqs
 *		Fill the term frequencies of people[0..n) from amb.match_term_freq in
 *		one query.  Before any training they stay 0 (no adjustment); after
 *		it, a value not in the table was seen at most once and gets the
 *		model's tf_floor.
 */
void
amb_lookup_term_freqs(AmbPerson **people, int n)
{
	const ambc_fs_model *model = amb_match_model();
	Datum	   *fields;
	Datum	   *values;
	int			nq = 0;
	int			i,
				k;
	static SPIPlanPtr plan = NULL;
	Oid			argtypes[2] = {TEXTARRAYOID, TEXTARRAYOID};
	Datum		args[2];
	uint64		r;

	if (!model_trained)
		return;
	fields = palloc(sizeof(Datum) * n * lengthof(tf_fields));
	values = palloc(sizeof(Datum) * n * lengthof(tf_fields));
	for (i = 0; i < n; i++)
		for (k = 0; k < lengthof(tf_fields); k++)
		{
			ambc_span	s = people[i]->rec.f[tf_fields[k]];

			people[i]->rec.tf[tf_fields[k]] = 0;
			if (s.p == NULL || s.len == 0)
				continue;
			people[i]->rec.tf[tf_fields[k]] = (float) model->tf_floor;
			fields[nq] = CStringGetTextDatum(ambc_fs_field_name(tf_fields[k]));
			values[nq] = PointerGetDatum(amb_utf8_to_text(s.p, s.len));
			nq++;
		}
	if (nq == 0)
		return;
	args[0] = PointerGetDatum(construct_array(fields, nq, TEXTOID, -1, false, TYPALIGN_INT));
	args[1] = PointerGetDatum(construct_array(values, nq, TEXTOID, -1, false, TYPALIGN_INT));

	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed");
	amb_kept_plan(&plan,
				  "SELECT t.field, t.value, t.frequency"
				  "  FROM ROWS FROM (pg_catalog.unnest($1), pg_catalog.unnest($2)) AS q(field, value)"
				  "  JOIN amb.match_term_freq t"
				  "    ON t.field OPERATOR(pg_catalog.=) q.field"
				  "   AND t.value OPERATOR(pg_catalog.=) q.value",
				  2, argtypes);
	if (SPI_execute_plan(plan, args, NULL, true, 0) != SPI_OK_SELECT)
		elog(ERROR, "could not read amb.match_term_freq");
	for (r = 0; r < SPI_processed; r++)
	{
		int			f;
		ambc_span	v;
		double		freq;

		if (!amb_term_freq_row(SPI_tuptable->vals[r], SPI_tuptable->tupdesc, &f, &v, &freq))
			continue;
		for (i = 0; i < n; i++)
		{
			ambc_span	s = people[i]->rec.f[f];

			if (s.p != NULL && s.len == v.len && memcmp(s.p, v.p, v.len) == 0)
				people[i]->rec.tf[f] = (float) freq;
		}
	}
	SPI_finish();
}

/*
 * amb_score_people
 *		Compare and score two prepared people under model.
 */
double
amb_score_people(const ambc_fs_model *model, AmbPerson *a, AmbPerson *b,
				 ambc_fs_cmp *cmp, ambc_fs_score *detail)
{
	ambc_fs_compare(&a->rec, &b->rec, model->nicknames, cmp);
	return ambc_fs_score_pair(model, &a->rec, &b->rec, cmp, detail);
}

/*
 * prepare_pair
 *		Prepare the two amb.ambassador arguments and their frequencies.
 */
static void
prepare_pair(FunctionCallInfo fcinfo, AmbPerson **a, AmbPerson **b)
{
	AmbPerson  *people[2];

	*a = palloc(sizeof(AmbPerson));
	*b = palloc(sizeof(AmbPerson));
	amb_person_from_row(PG_GETARG_HEAPTUPLEHEADER(0), *a);
	amb_person_from_row(PG_GETARG_HEAPTUPLEHEADER(1), *b);
	people[0] = *a;
	people[1] = *b;
	amb_lookup_term_freqs(people, 2);
}

/* amb.match_score(a amb.ambassador, b amb.ambassador) returns float8 */
PG_FUNCTION_INFO_V1(amb_match_score);

Datum
amb_match_score(PG_FUNCTION_ARGS)
{
	AmbPerson  *a;
	AmbPerson  *b;
	ambc_fs_cmp cmp;
	double		p;

	prepare_pair(fcinfo, &a, &b);
	p = amb_score_people(amb_match_model(), a, b, &cmp, NULL);
	PG_RETURN_FLOAT8(p);
}

/*
 * append_json_number
 *		Append v rounded to 4 decimals (finite; the model keeps them so).
 */
static void
append_json_number(StringInfo s, double v)
{
	if (!isfinite(v))
		appendStringInfoString(s, "null");
	else
	{
		double		r = round(v * 10000.0) / 10000.0;

		if (r == 0)
			r = 0;				/* no "-0" */
		appendStringInfo(s, "%.4f", r);
	}
}

/*
 * append_json_span
 *		Append a UTF-8 span as a JSON string in the database encoding, or
 *		null.
 */
static void
append_json_span(StringInfo s, ambc_span v)
{
	if (v.p == NULL || v.len == 0)
		appendStringInfoString(s, "null");
	else
		escape_json(s, text_to_cstring(amb_utf8_to_text(v.p, v.len)));
}

/* amb.match_explain(a amb.ambassador, b amb.ambassador) returns jsonb */
PG_FUNCTION_INFO_V1(amb_match_explain);

Datum
amb_match_explain(PG_FUNCTION_ARGS)
{
	AmbPerson  *a;
	AmbPerson  *b;
	ambc_fs_cmp cmp;
	ambc_fs_score sc;
	StringInfoData s;
	int			f;

	prepare_pair(fcinfo, &a, &b);
	(void) amb_score_people(amb_match_model(), a, b, &cmp, &sc);

	initStringInfo(&s);
	appendStringInfoString(&s, "{\"score\": ");
	append_json_number(&s, sc.probability);
	appendStringInfoString(&s, ", \"total_weight\": ");
	append_json_number(&s, sc.total);
	appendStringInfoString(&s, ", \"prior_weight\": ");
	append_json_number(&s, sc.prior_weight);
	appendStringInfo(&s, ", \"names_swapped\": %s, \"fields\": [",
					 cmp.swapped ? "true" : "false");
	for (f = 0; f < AMBC_NFIELDS; f++)
	{
		int			fa = f;
		int			fb = f;
		ambc_span	va;
		ambc_span	vb;

		if (f <= AMBC_F_FAMILY)
			ambc_fs_cmp_name_fields(&cmp, f, &fa, &fb);
		va = a->rec.f[fa];
		vb = b->rec.f[fb];
		if (f > 0)
			appendStringInfoString(&s, ", ");
		appendStringInfo(&s, "{\"field\": \"%s\", \"level\": \"%s\", \"a\": ",
						 ambc_fs_field_name(f), ambc_fs_level_name(cmp.level[f]));
		append_json_span(&s, va);
		appendStringInfoString(&s, ", \"b\": ");
		append_json_span(&s, vb);
		if (cmp.sim[f] >= 0 && cmp.level[f] != AMBC_L_EXACT &&
			cmp.level[f] != AMBC_L_MISSING)
		{
			appendStringInfoString(&s, ", \"similarity\": ");
			append_json_number(&s, cmp.sim[f]);
		}
		appendStringInfoString(&s, ", \"weight\": ");
		append_json_number(&s, sc.weight[f]);
		if (sc.tf_adjust[f] != 0)
		{
			appendStringInfoString(&s, ", \"tf_adjustment\": ");
			append_json_number(&s, sc.tf_adjust[f]);
		}
		appendStringInfoChar(&s, '}');
	}
	appendStringInfoString(&s, "]}");
	PG_RETURN_DATUM(DirectFunctionCall1(jsonb_in, CStringGetDatum(s.data)));
}

/* amb._default_match_params() returns setof (field, level, m, u) */
PG_FUNCTION_INFO_V1(amb_default_match_params);

Datum
amb_default_match_params(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	ambc_fs_model model;
	int			f,
				l;

	amb_init_materialized_srf(fcinfo);
	ambc_fs_default_model(&model);
	for (f = 0; f < AMBC_NFIELDS; f++)
		for (l = 0; l < AMBC_NLEVELS; l++)
		{
			Datum		values[4];
			bool		nulls[4] = {false, false, false, false};

			if (!ambc_fs_has_level(f, l))
				continue;
			values[0] = CStringGetTextDatum(ambc_fs_field_name(f));
			values[1] = CStringGetTextDatum(ambc_fs_level_name(l));
			values[2] = Float8GetDatum(model.m[f][l]);
			values[3] = Float8GetDatum(model.u[f][l]);
			tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
		}
	return (Datum) 0;
}

/* amb._default_match_prior() returns float8 */
PG_FUNCTION_INFO_V1(amb_default_match_prior);

Datum
amb_default_match_prior(PG_FUNCTION_ARGS)
{
	ambc_fs_model model;

	ambc_fs_default_model(&model);
	PG_RETURN_FLOAT8(model.prior);
}

/*
 * amb._invalidate_match_cache() trigger: AFTER ... FOR EACH STATEMENT on a
 * model table.
 */
PG_FUNCTION_INFO_V1(amb_invalidate_match_cache);

Datum
amb_invalidate_match_cache(PG_FUNCTION_ARGS)
{
	TriggerData *td = (TriggerData *) fcinfo->context;

	if (!CALLED_AS_TRIGGER(fcinfo) || !TRIGGER_FIRED_AFTER(td->tg_event) ||
		!TRIGGER_FIRED_FOR_STATEMENT(td->tg_event))
		ereport(ERROR,
				(errcode(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED),
				 errmsg("amb._invalidate_match_cache() must be an AFTER ... FOR EACH STATEMENT trigger")));
	CacheInvalidateRelcacheByRelid(RelationGetRelid(td->tg_relation));
	return PointerGetDatum(NULL);
}

/*
 * amb._replace_on_insert(key columns...) trigger: BEFORE INSERT FOR EACH ROW.
 * An INSERT of a row whose key columns equal an existing row's updates that
 * row to the new values instead (and inserts nothing), so that a pg_restore
 * of dumped rows replaces the shipped defaults, and rows that other tables
 * refer to are never deleted on the way.
 */
PG_FUNCTION_INFO_V1(amb_replace_on_insert);

Datum
amb_replace_on_insert(PG_FUNCTION_ARGS)
{
	TriggerData *td = (TriggerData *) fcinfo->context;
	Trigger    *tg;
	Relation	rel;
	TupleDesc	desc;
	StringInfoData q;
	Datum	   *vals;
	Oid		   *types;
	char	   *nulls;
	int			nparams = 0;
	int			i;
	bool		first = true;
	uint64		updated;

	if (!CALLED_AS_TRIGGER(fcinfo) || !TRIGGER_FIRED_BEFORE(td->tg_event) ||
		!TRIGGER_FIRED_FOR_ROW(td->tg_event) || !TRIGGER_FIRED_BY_INSERT(td->tg_event))
		ereport(ERROR,
				(errcode(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED),
				 errmsg("amb._replace_on_insert() must be a BEFORE INSERT ... FOR EACH ROW trigger")));
	tg = td->tg_trigger;
	rel = td->tg_relation;
	desc = RelationGetDescr(rel);
	if (tg->tgnargs < 1)
		ereport(ERROR,
				(errcode(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED),
				 errmsg("trigger \"%s\" on table \"%s\" must name its key columns",
						tg->tgname, RelationGetRelationName(rel))));

	/* UPDATE rel SET every column = its new value WHERE the keys match */
	vals = palloc(sizeof(Datum) * (desc->natts + tg->tgnargs));
	types = palloc(sizeof(Oid) * (desc->natts + tg->tgnargs));
	nulls = palloc(desc->natts + tg->tgnargs);
	initStringInfo(&q);
	appendStringInfo(&q, "UPDATE %s SET ",
					 quote_qualified_identifier(get_namespace_name(RelationGetNamespace(rel)),
												RelationGetRelationName(rel)));
	for (i = 0; i < desc->natts; i++)
	{
		Form_pg_attribute att = TupleDescAttr(desc, i);
		bool		isnull;

		if (att->attisdropped)
			continue;
		vals[nparams] = heap_getattr(td->tg_trigtuple, i + 1, desc, &isnull);
		nulls[nparams] = isnull ? 'n' : ' ';
		types[nparams] = att->atttypid;
		nparams++;
		appendStringInfo(&q, "%s%s = $%d", first ? "" : ", ",
						 quote_identifier(NameStr(att->attname)), nparams);
		first = false;
	}
	appendStringInfoString(&q, " WHERE ");
	for (i = 0; i < tg->tgnargs; i++)
	{
		int			att = SPI_fnumber(desc, tg->tgargs[i]);
		bool		isnull;

		if (att <= 0)
			ereport(ERROR,
					(errcode(ERRCODE_UNDEFINED_COLUMN),
					 errmsg("column \"%s\" of relation \"%s\" does not exist",
							tg->tgargs[i], RelationGetRelationName(rel)),
					 errdetail("Trigger \"%s\" names it as a key column.", tg->tgname)));
		vals[nparams] = heap_getattr(td->tg_trigtuple, att, desc, &isnull);
		nulls[nparams] = isnull ? 'n' : ' ';
		types[nparams] = TupleDescAttr(desc, att - 1)->atttypid;
		nparams++;
		appendStringInfo(&q, "%s%s IS NOT DISTINCT FROM $%d",
						 i > 0 ? " AND " : "", quote_identifier(tg->tgargs[i]), nparams);
	}
	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed");
	if (SPI_execute_with_args(q.data, nparams, types, vals, nulls, false, 0) != SPI_OK_UPDATE)
		elog(ERROR, "could not replace a row of \"%s\"", RelationGetRelationName(rel));
	updated = SPI_processed;
	SPI_finish();
	return updated > 0 ? PointerGetDatum(NULL) : PointerGetDatum(td->tg_trigtuple);
}

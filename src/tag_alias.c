/*-------------------------------------------------------------------------
 *
 * tag_alias.c
 *		Tag synonyms: amb.tag_alias rules, canonical_tag(s), merge suggestions.
 *
 * amb.tag_alias maps an alias to its canonical tag in one step.  Chains are
 * refused rather than followed (a canonical is never itself an alias), so a
 * lookup is a single probe of the primary key and the mapping is the same
 * whatever order rows were inserted in.  The _tag_alias_check trigger
 * enforces that; writers are serialized by an advisory lock and the check
 * reads the latest committed state, as the RI triggers do, so two concurrent
 * transactions cannot build a chain between them.
 *
 * src/tag_alias.c
 *
 *-------------------------------------------------------------------------
 */
#include "amb.h"

#include <math.h>

#include "access/htup_details.h"
#include "catalog/pg_type.h"
#include "commands/trigger.h"
#include "executor/spi.h"
#include "utils/builtins.h"
#include "utils/lsyscache.h"
#include "utils/snapmgr.h"

#include "spi_cache.h"

#include "jaro.h"
#include "report.h"
#include "tagnorm.h"
#include "utf8.h"

/* distinct tags suggest_tag_merges compares pairwise */
#define SUGGEST_MAX_TAGS 20000

static SPIPlanPtr alias_lookup_plan = NULL;
static SPIPlanPtr alias_target_plan = NULL;
static SPIPlanPtr alias_source_plan = NULL;

/*
 * cmp_text_ptr
 *		qsort comparator over text pointers in tag (bytewise) order.
 */
static int
cmp_text_ptr(const void *pa, const void *pb)
{
	const text *a = *(text *const *) pa;
	const text *b = *(text *const *) pb;

	return amb_tag_cmp_bytes(VARDATA_ANY(a), VARSIZE_ANY_EXHDR(a),
							 VARDATA_ANY(b), VARSIZE_ANY_EXHDR(b));
}

static bool
text_equal(const text *a, const text *b)
{
	return cmp_text_ptr(&a, &b) == 0;
}

/*
 * sort_unique
 *		Sort tags[0..n) and drop duplicates in place; returns the new count.
 */
static int
sort_unique(text **tags, int n)
{
	int			i;
	int			k = 0;

	if (n <= 1)
		return n;
	qsort(tags, n, sizeof(text *), cmp_text_ptr);
	for (i = 0; i < n; i++)
	{
		if (k == 0 || !text_equal(tags[k - 1], tags[i]))
			tags[k++] = tags[i];
	}
	return k;
}

/*
 * map_aliases
 *		Replace each of tags[0..n) (canonical tag values, in any order, with
 *		repeats) by its alias target where amb.tag_alias has one.  The new
 *		values are palloc'd in the caller's memory context.  read_only is
 *		passed to SPI: true from STABLE functions.
 */
static void
map_aliases(text **tags, int n, bool read_only)
{
	MemoryContext caller = CurrentMemoryContext;
	text	  **distinct;
	int			nd;
	Datum	   *elems;
	ArrayType  *arr;
	Datum		values[1];
	Oid			argtypes[1] = {TEXTARRAYOID};
	int			ret;
	uint64		row;
	int			i;

	if (n == 0)
		return;

	distinct = palloc(sizeof(text *) * n);
	memcpy(distinct, tags, sizeof(text *) * n);
	nd = sort_unique(distinct, n);
	elems = palloc(sizeof(Datum) * nd);
	for (i = 0; i < nd; i++)
		elems[i] = PointerGetDatum(distinct[i]);
	arr = construct_array(elems, nd, TEXTOID, -1, false, TYPALIGN_INT);
	values[0] = PointerGetDatum(arr);

	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed");
	ret = SPI_execute_plan(amb_kept_plan(&alias_lookup_plan,
									"SELECT a.alias::pg_catalog.text, a.canonical::pg_catalog.text"
									"  FROM amb.tag_alias a"
									" WHERE a.alias OPERATOR(amb.=) ANY ($1::amb.tag[])",
									1, argtypes),
						   values, NULL, read_only, 0);
	if (ret != SPI_OK_SELECT)
		elog(ERROR, "alias lookup failed: %s", SPI_result_code_string(ret));

	for (row = 0; row < SPI_processed; row++)
	{
		HeapTuple	tup = SPI_tuptable->vals[row];
		TupleDesc	desc = SPI_tuptable->tupdesc;
		bool		isnull;
		text	   *alias = DatumGetTextPP(SPI_getbinval(tup, desc, 1, &isnull));
		text	   *canon;
		MemoryContext spi = MemoryContextSwitchTo(caller);

		canon = DatumGetTextPCopy(SPI_getbinval(tup, desc, 2, &isnull));
		for (i = 0; i < n; i++)
		{
			if (text_equal(tags[i], alias))
				tags[i] = canon;
		}
		MemoryContextSwitchTo(spi);
	}
	SPI_finish();
}

/*
 * amb_canonicalize_array
 *		The canonical tag set of a one-dimensional text[] or amb.tag[]:
 *		elements normalized, aliases mapped, NULLs and duplicates dropped,
 *		sorted.  The result's element type is elemtype (text or amb.tag,
 *		which share a representation).  Errors: 2202E for a multi-dimensional
 *		array, 22023 for an element that is not a tag.
 */
ArrayType *
amb_canonicalize_array(ArrayType *in, Oid elemtype, bool read_only)
{
	Datum	   *elems;
	bool	   *nulls;
	int			n;
	int			k = 0;
	int			i;
	text	  **tags;

	if (ARR_NDIM(in) > 1)
		ereport(ERROR,
				(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
				 errmsg("tag array must have one dimension"),
				 errdetail("The array has %d dimensions.", ARR_NDIM(in))));

	deconstruct_array(in, ARR_ELEMTYPE(in), -1, false, TYPALIGN_INT,
					  &elems, &nulls, &n);
	tags = palloc(sizeof(text *) * Max(n, 1));
	for (i = 0; i < n; i++)
	{
		text	   *t;

		if (nulls[i])
			continue;
		t = DatumGetTextPP(elems[i]);
		tags[k++] = amb_tag_from_cstring_len(VARDATA_ANY(t),
											 VARSIZE_ANY_EXHDR(t), NULL);
	}
	k = sort_unique(tags, k);
	map_aliases(tags, k, read_only);
	k = sort_unique(tags, k);

	for (i = 0; i < k; i++)
		elems[i] = PointerGetDatum(tags[i]);
	return construct_array(elems, k, elemtype, -1, false, TYPALIGN_INT);
}

/* amb.canonical_tags(text[]) returns amb.tag[] */
PG_FUNCTION_INFO_V1(amb_canonical_tags);

Datum
amb_canonical_tags(PG_FUNCTION_ARGS)
{
	ArrayType  *in = PG_GETARG_ARRAYTYPE_P(0);

	PG_RETURN_ARRAYTYPE_P(amb_canonicalize_array(in, amb_tag_type_oid(), true));
}

/* amb.canonical_tag(text) returns amb.tag */
PG_FUNCTION_INFO_V1(amb_canonical_tag);

Datum
amb_canonical_tag(PG_FUNCTION_ARGS)
{
	text	   *t = PG_GETARG_TEXT_PP(0);
	text	   *tag[1];

	tag[0] = amb_tag_from_cstring_len(VARDATA_ANY(t), VARSIZE_ANY_EXHDR(t),
									  NULL);
	map_aliases(tag, 1, true);
	PG_RETURN_TEXT_P(tag[0]);
}

/*
 * run_check
 *		Run a kept check query.  Under REPEATABLE READ or SERIALIZABLE the
 *		transaction snapshot may predate a concurrent writer that held the
 *		alias lock before us, so the check reads the latest committed state
 *		(as ri_triggers.c does for its cross-checks).
 */
static void
run_check(SPIPlanPtr plan, Datum *args, const char *nulls)
{
	Snapshot	snap = IsolationUsesXactSnapshot() ? GetLatestSnapshot() : InvalidSnapshot;
	int			ret = SPI_execute_snapshot(plan, args, nulls, snap,
										   InvalidSnapshot, false, false, 1);

	if (ret != SPI_OK_SELECT)
		elog(ERROR, "alias check failed: %s", SPI_result_code_string(ret));
}

/*
 * amb._tag_alias_check() trigger, BEFORE INSERT OR UPDATE on amb.tag_alias
 *		Refuse alias chains: the new canonical must not be an alias, and the
 *		new alias must not be the canonical of another alias.
 */
PG_FUNCTION_INFO_V1(amb_tag_alias_check);

Datum
amb_tag_alias_check(PG_FUNCTION_ARGS)
{
	TriggerData *td = amb_check_before_row_trigger(fcinfo, "amb._tag_alias_check");
	bool		is_update = TRIGGER_FIRED_BY_UPDATE(td->tg_event);
	HeapTuple	newtup = is_update ? td->tg_newtuple : td->tg_trigtuple;
	TupleDesc	desc = RelationGetDescr(td->tg_relation);
	int			alias_att = SPI_fnumber(desc, "alias");
	int			canon_att = SPI_fnumber(desc, "canonical");
	bool		anull;
	bool		cnull;
	Datum		alias;
	Datum		canon;
	Datum		args[2];
	char		nulls[2] = {' ', ' '};
	Oid			argtypes[2] = {TEXTOID, TIDOID};

	if (alias_att <= 0 || canon_att <= 0)
		elog(ERROR, "amb.tag_alias lacks its alias or canonical column");
	alias = heap_getattr(newtup, alias_att, desc, &anull);
	canon = heap_getattr(newtup, canon_att, desc, &cnull);
	if (anull || cnull)
		return PointerGetDatum(newtup);	/* NOT NULL constraints report it */

	amb_advisory_xact_lock(AMB_LOCK_TAG_ALIAS);
	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed");

	/* the new canonical must not itself be an alias */
	args[0] = canon;
	run_check(amb_kept_plan(&alias_target_plan,
						"SELECT a.canonical::pg_catalog.text FROM amb.tag_alias a"
						" WHERE a.alias OPERATOR(amb.=) $1::amb.tag",
						1, argtypes),
			  args, nulls);
	if (SPI_processed > 0)
	{
		char	   *a = TextDatumGetCString(alias);
		char	   *c = TextDatumGetCString(canon);
		char	   *cc = SPI_getvalue(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1);

		ereport(ERROR,
				(errcode(ERRCODE_CHECK_VIOLATION),
				 errmsg("tag alias \"%s\" cannot point to \"%s\"", a, c),
				 errdetail("\"%s\" is itself an alias of \"%s\"; aliases are not chained.",
						   c, cc),
				 errhint("Point \"%s\" at \"%s\" directly.", a, cc)));
	}

	/* the new alias must not be the canonical of another alias */
	args[0] = alias;
	if (is_update)
		args[1] = PointerGetDatum(&td->tg_trigtuple->t_self);
	else
	{
		args[1] = (Datum) 0;
		nulls[1] = 'n';
	}
	run_check(amb_kept_plan(&alias_source_plan,
						"SELECT a.alias::pg_catalog.text FROM amb.tag_alias a"
						" WHERE a.canonical OPERATOR(amb.=) $1::amb.tag"
						"   AND ($2 IS NULL OR a.ctid OPERATOR(pg_catalog.<>) $2)"
						" ORDER BY a.alias LIMIT 1",
						2, argtypes),
			  args, nulls);
	if (SPI_processed > 0)
	{
		char	   *a = TextDatumGetCString(alias);
		char	   *other = SPI_getvalue(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1);

		ereport(ERROR,
				(errcode(ERRCODE_CHECK_VIOLATION),
				 errmsg("tag \"%s\" cannot become an alias", a),
				 errdetail("\"%s\" is the canonical tag of the alias \"%s\"; aliases are not chained.",
						   a, other),
				 errhint("Point the aliases of \"%s\" at its new canonical tag first.",
						 a)));
	}
	SPI_finish();
	return PointerGetDatum(newtup);
}

/* one distinct tag seen by suggest_tag_merges */
typedef struct SuggestTag
{
	text	   *tag;
	int64		count;			/* occurrences in the input */
	int			nsep;			/* "-" separators: more reads better */
	int32	   *key;			/* code points of the tag key */
	size_t		keylen;
	int			best;			/* preferred similar tag, or -1 */
	double		best_sim;		/* its similarity; 1.0 for the same key */
} SuggestTag;

/*
 * preferred
 *		True if a is the better spelling: more frequent, then more readable
 *		(more separators), then first in tag order.
 */
static bool
preferred(const SuggestTag *a, const SuggestTag *b)
{
	if (a->count != b->count)
		return a->count > b->count;
	if (a->nsep != b->nsep)
		return a->nsep > b->nsep;
	return cmp_text_ptr(&a->tag, &b->tag) < 0;
}

/*
 * amb.suggest_tag_merges(tags amb.tag[], min_similarity float8)
 *		returns table(tag amb.tag, suggested amb.tag, reason text)
 *
 * tags is the tags seen in the data, with repeats (array_agg over a table).
 * They are first mapped through amb.tag_alias, so pairs an alias already
 * covers are not suggested again.  Two distinct tags are probably the same
 * when their keys are equal, or the Jaro-Winkler similarity of their keys is
 * at least min_similarity.  Each tag is suggested for the preferred tag it is
 * most similar to, followed to the end (so the suggestions never form an
 * alias chain); a tag with no preferred neighbour is not listed.
 */
PG_FUNCTION_INFO_V1(amb_suggest_tag_merges);

Datum
amb_suggest_tag_merges(PG_FUNCTION_ARGS)
{
	ArrayType  *in = PG_GETARG_ARRAYTYPE_P(0);
	float8		min_sim = PG_GETARG_FLOAT8(1);
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	Datum	   *elems;
	bool	   *nulls;
	int			n;
	int			k = 0;
	int			nd = 0;
	int			i;
	int			j;
	text	  **tags;
	SuggestTag *st;
	size_t		maxkey = 0;
	unsigned char *scratch;

	if (isnan(min_sim) || min_sim < 0.0 || min_sim > 1.0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("min_similarity must be between 0 and 1"),
				 errdetail("The value given is %g.", min_sim)));
	if (ARR_NDIM(in) > 1)
		ereport(ERROR,
				(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
				 errmsg("tag array must have one dimension"),
				 errdetail("The array has %d dimensions.", ARR_NDIM(in))));

	amb_init_materialized_srf(fcinfo);

	deconstruct_array(in, ARR_ELEMTYPE(in), -1, false, TYPALIGN_INT,
					  &elems, &nulls, &n);
	tags = palloc(sizeof(text *) * Max(n, 1));
	for (i = 0; i < n; i++)
		if (!nulls[i])
			tags[k++] = DatumGetTextPP(elems[i]);
	map_aliases(tags, k, true);
	if (k > 1)
		qsort(tags, k, sizeof(text *), cmp_text_ptr);

	/* distinct tags with their counts */
	st = palloc0(sizeof(SuggestTag) * Max(k, 1));
	for (i = 0; i < k; i++)
	{
		if (nd > 0 && text_equal(st[nd - 1].tag, tags[i]))
		{
			st[nd - 1].count++;
			continue;
		}
		if (nd >= SUGGEST_MAX_TAGS)
			ereport(ERROR,
					(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
					 errmsg("too many distinct tags to compare"),
					 errdetail("The input has more than %d distinct tags.",
							   SUGGEST_MAX_TAGS),
					 errhint("Pass the tags of one category or source at a time.")));
		st[nd].tag = tags[i];
		st[nd].count = 1;
		st[nd].best = -1;
		nd++;
	}

	for (i = 0; i < nd; i++)
	{
		AmbUtf8		u = amb_utf8_from_text(st[i].tag);
		char		keybuf[AMBC_TAG_MAX];
		size_t		keylen;
		size_t		c;

		if (ambc_tag_key(u.data, u.len, keybuf, &keylen) != AMBC_OK)
			elog(ERROR, "stored tag is not canonical");
		st[i].key = palloc(sizeof(int32) * (keylen + 1));
		if (ambc_utf8_decode(keybuf, keylen, st[i].key, keylen + 1,
							 &st[i].keylen) != AMBC_OK)
			elog(ERROR, "stored tag is not valid UTF-8");
		for (c = 0; c < u.len; c++)
			if (u.data[c] == '-')
				st[i].nsep++;
		maxkey = Max(maxkey, st[i].keylen);
	}

	scratch = palloc(2 * maxkey + 2);
	for (i = 0; i < nd; i++)
	{
		for (j = i + 1; j < nd; j++)
		{
			double		sim;
			int			lo;
			int			hi;

			if (st[i].keylen == st[j].keylen &&
				memcmp(st[i].key, st[j].key, sizeof(int32) * st[i].keylen) == 0)
				sim = 1.0;
			else
			{
				sim = ambc_jaro_winkler(st[i].key, st[i].keylen,
										st[j].key, st[j].keylen, scratch);
				if (sim < min_sim || sim >= 1.0)
					continue;
			}
			/* lo is the less preferred of the two */
			if (preferred(&st[i], &st[j]))
				lo = j, hi = i;
			else
				lo = i, hi = j;
			if (st[lo].best < 0 || sim > st[lo].best_sim ||
				(sim == st[lo].best_sim && preferred(&st[hi], &st[st[lo].best])))
			{
				st[lo].best = hi;
				st[lo].best_sim = sim;
			}
		}
	}

	for (i = 0; i < nd; i++)
	{
		int			root;
		Datum		values[3];
		bool		rnulls[3] = {false, false, false};
		char	   *reason;

		if (st[i].best < 0)
			continue;
		/* each step goes to a strictly preferred tag, so this ends */
		root = st[i].best;
		while (st[root].best >= 0)
			root = st[root].best;

		if (st[i].best_sim >= 1.0)
			reason = psprintf("same key as \"%s\"",
							  text_to_cstring(st[st[i].best].tag));
		else
			reason = psprintf("similar to \"%s\" (%.2f)",
							  text_to_cstring(st[st[i].best].tag),
							  st[i].best_sim);
		if (root != st[i].best)
			reason = psprintf("%s, which merges into \"%s\"", reason,
							  text_to_cstring(st[root].tag));
		values[0] = PointerGetDatum(st[i].tag);
		values[1] = PointerGetDatum(st[root].tag);
		values[2] = CStringGetTextDatum(reason);
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, rnulls);
	}
	return (Datum) 0;
}

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
static SPIPlanPtr established_plan = NULL;

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
 * query_tag_set
 *		SPI_connect, then run the kept query in *slot (text: its one
 *		parameter is a text[]) with tags[0..n) as that array.  The caller
 *		reads SPI_tuptable and calls SPI_finish.
 */
static void
query_tag_set(SPIPlanPtr *slot, const char *query, text **tags, int n,
			  bool read_only)
{
	Datum	   *elems = palloc(sizeof(Datum) * Max(n, 1));
	Datum		values[1];
	Oid			argtypes[1] = {TEXTARRAYOID};
	int			i;
	int			ret;

	for (i = 0; i < n; i++)
		elems[i] = PointerGetDatum(tags[i]);
	values[0] = PointerGetDatum(construct_array(elems, n, TEXTOID, -1, false,
												TYPALIGN_INT));
	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed");
	ret = SPI_execute_plan(amb_kept_plan(slot, query, 1, argtypes),
						   values, NULL, read_only, 0);
	if (ret != SPI_OK_SELECT)
		elog(ERROR, "alias lookup failed: %s", SPI_result_code_string(ret));
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
	text	  **mapped;
	int			nd;
	uint64		row;
	int			i;

	if (n == 0)
		return;

	distinct = palloc(sizeof(text *) * n);
	memcpy(distinct, tags, sizeof(text *) * n);
	nd = sort_unique(distinct, n);
	mapped = palloc0(sizeof(text *) * nd);	/* before SPI_connect: outlives it */
	query_tag_set(&alias_lookup_plan,
				  "SELECT a.alias::pg_catalog.text, a.canonical::pg_catalog.text"
				  "  FROM amb.tag_alias a"
				  " WHERE a.alias OPERATOR(amb.=) ANY ($1::amb.tag[])",
				  distinct, nd, read_only);
	for (row = 0; row < SPI_processed; row++)
	{
		HeapTuple	tup = SPI_tuptable->vals[row];
		TupleDesc	desc = SPI_tuptable->tupdesc;
		bool		isnull;
		text	   *alias = DatumGetTextPP(SPI_getbinval(tup, desc, 1, &isnull));
		text	  **hit = bsearch(&alias, distinct, nd, sizeof(text *), cmp_text_ptr);
		MemoryContext spi;

		if (hit == NULL)
			continue;			/* cannot happen: the query asked for these */
		spi = MemoryContextSwitchTo(caller);
		mapped[hit - distinct] = DatumGetTextPCopy(SPI_getbinval(tup, desc, 2, &isnull));
		MemoryContextSwitchTo(spi);
	}
	SPI_finish();

	for (i = 0; i < n; i++)
	{
		text	  **hit = bsearch(&tags[i], distinct, nd, sizeof(text *), cmp_text_ptr);

		if (hit != NULL && mapped[hit - distinct] != NULL)
			tags[i] = mapped[hit - distinct];
	}
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

	amb_advisory_xact_lock(AMB_LOCK_TAG_ALIAS, ExclusiveLock);
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

/* one distinct spelling seen by suggest_tag_merges */
typedef struct SuggestSpelling
{
	text	   *tag;			/* as seen (canonical form) */
	int			node;			/* index of its alias target in nodes[] */
	int32	   *key;			/* code points of the tag key */
	size_t		keylen;
	int32	   *digits;			/* the key's digits, in order */
	size_t		ndigits;
} SuggestSpelling;

/* one canonical tag (alias target) in suggest_tag_merges */
typedef struct SuggestNode
{
	text	   *tag;
	int64		count;			/* occurrences of all its spellings */
	int			nsep;			/* "-" separators: more reads better */
	bool		established;	/* a canonical in amb.tag_alias */
	int			best;			/* preferred similar node, or -1 */
	double		best_sim;		/* its similarity; 1.0 for the same key */
	int			via;			/* spelling of best that matched */
} SuggestNode;

/*
 * preferred
 *		True if node a is the better canonical: already an alias target, then
 *		more frequent, then more readable (more separators), then first in
 *		tag order.  A strict total order, so following "best" links ends.
 */
static bool
preferred(const SuggestNode *a, const SuggestNode *b)
{
	if (a->established != b->established)
		return a->established;
	if (a->count != b->count)
		return a->count > b->count;
	if (a->nsep != b->nsep)
		return a->nsep > b->nsep;
	return cmp_text_ptr(&a->tag, &b->tag) < 0;
}

/*
 * find_node
 *		Binary search of the sorted, distinct nodes[0..n) for t.
 */
static int
find_node(SuggestNode *nodes, int n, text *t)
{
	int			lo = 0;
	int			hi = n - 1;

	while (lo <= hi)
	{
		int			mid = lo + (hi - lo) / 2;
		int			c = cmp_text_ptr(&nodes[mid].tag, &t);

		if (c == 0)
			return mid;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid - 1;
	}
	elog(ERROR, "alias target missing from its own list");
	return -1;					/* keep compiler quiet */
}

/*
 * mark_established
 *		Set established on each of nodes[0..n) (sorted, distinct) that
 *		amb.tag_alias already uses as a canonical tag.
 */
static void
mark_established(SuggestNode *nodes, int n)
{
	text	  **tags;
	uint64		row;
	int			i;

	if (n == 0)
		return;
	tags = palloc(sizeof(text *) * n);
	for (i = 0; i < n; i++)
		tags[i] = nodes[i].tag;
	query_tag_set(&established_plan,
				  "SELECT DISTINCT a.canonical::pg_catalog.text"
				  "  FROM amb.tag_alias a"
				  " WHERE a.canonical OPERATOR(amb.=) ANY ($1::amb.tag[])",
				  tags, n, true);
	for (row = 0; row < SPI_processed; row++)
	{
		bool		isnull;
		text	   *c = DatumGetTextPP(SPI_getbinval(SPI_tuptable->vals[row],
													 SPI_tuptable->tupdesc, 1,
													 &isnull));

		nodes[find_node(nodes, n, c)].established = true;
	}
	SPI_finish();
}

/*
 * amb.suggest_tag_merges(tags amb.tag[], min_similarity float8)
 *		returns table(tag amb.tag, suggested amb.tag, reason text)
 *
 * tags is the tags seen in the data, with repeats (array_agg over a table).
 * Each distinct spelling is mapped through amb.tag_alias to its canonical
 * tag (a "node"); spellings of one node are already covered.  Two spellings
 * of different nodes are probably the same tag when their keys are equal,
 * or when their keys have the same digits (tier-2 is not tier-3) and a
 * Jaro-Winkler similarity of at least min_similarity.  Comparing spellings,
 * not nodes, lets "#ArtisanAmbassador" find the node that the alias
 * "artisan-ambassador" already points to.  Each node is suggested for the
 * preferred node it is most similar to, followed to the end, so the
 * suggestions never form an alias chain; a node with no preferred
 * neighbour is not listed.
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
	int			ns = 0;
	int			nn = 0;
	int			i;
	int			j;
	text	  **tags;
	text	  **canon;
	int64	   *counts;
	SuggestSpelling *sp;
	SuggestNode *nodes;
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

	/* distinct spellings with their counts */
	deconstruct_array(in, ARR_ELEMTYPE(in), -1, false, TYPALIGN_INT,
					  &elems, &nulls, &n);
	tags = palloc(sizeof(text *) * Max(n, 1));
	for (i = 0; i < n; i++)
		if (!nulls[i])
			tags[k++] = DatumGetTextPP(elems[i]);
	if (k > 1)
		qsort(tags, k, sizeof(text *), cmp_text_ptr);
	counts = palloc(sizeof(int64) * Max(k, 1));
	for (i = 0; i < k; i++)
	{
		if (ns > 0 && text_equal(tags[ns - 1], tags[i]))
		{
			counts[ns - 1]++;
			continue;
		}
		if (ns >= SUGGEST_MAX_TAGS)
			ereport(ERROR,
					(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
					 errmsg("too many distinct tags to compare"),
					 errdetail("The input has more than %d distinct tags.",
							   SUGGEST_MAX_TAGS),
					 errhint("Pass the tags of one category or source at a time.")));
		tags[ns] = tags[i];
		counts[ns] = 1;
		ns++;
	}

	/* their alias targets, as sorted distinct nodes */
	canon = palloc(sizeof(text *) * Max(ns, 1));
	memcpy(canon, tags, sizeof(text *) * ns);
	map_aliases(canon, ns, true);
	{
		text	  **targets = palloc(sizeof(text *) * Max(ns, 1));

		memcpy(targets, canon, sizeof(text *) * ns);
		nn = sort_unique(targets, ns);
		nodes = palloc0(sizeof(SuggestNode) * Max(nn, 1));
		for (i = 0; i < nn; i++)
		{
			nodes[i].tag = targets[i];
			nodes[i].best = -1;
		}
	}

	sp = palloc0(sizeof(SuggestSpelling) * Max(ns, 1));
	for (i = 0; i < ns; i++)
	{
		AmbUtf8		u = amb_utf8_from_text(tags[i]);
		char		keybuf[AMBC_TAG_MAX];
		size_t		keylen;
		size_t		c;
		SuggestNode *node;

		sp[i].tag = tags[i];
		sp[i].node = find_node(nodes, nn, canon[i]);
		node = &nodes[sp[i].node];
		node->count += counts[i];

		if (ambc_tag_key(u.data, u.len, keybuf, &keylen) != AMBC_OK)
			elog(ERROR, "stored tag is not canonical");
		sp[i].key = palloc(sizeof(int32) * (keylen + 1));
		sp[i].digits = palloc(sizeof(int32) * (keylen + 1));
		if (ambc_utf8_decode(keybuf, keylen, sp[i].key, keylen + 1,
							 &sp[i].keylen) != AMBC_OK)
			elog(ERROR, "stored tag is not valid UTF-8");
		for (c = 0; c < sp[i].keylen; c++)
			if (sp[i].key[c] >= '0' && sp[i].key[c] <= '9')
				sp[i].digits[sp[i].ndigits++] = sp[i].key[c];
		maxkey = Max(maxkey, sp[i].keylen);
	}
	mark_established(nodes, nn);
	for (i = 0; i < nn; i++)
	{
		AmbUtf8		u = amb_utf8_from_text(nodes[i].tag);
		size_t		c;

		for (c = 0; c < u.len; c++)
			if (u.data[c] == '-')
				nodes[i].nsep++;
	}

	scratch = palloc(2 * maxkey + 2);
	for (i = 0; i < ns; i++)
	{
		for (j = i + 1; j < ns; j++)
		{
			double		sim;
			int			lo;
			int			hi;
			int			hi_spelling;

			if (sp[i].node == sp[j].node)
				continue;
			if (sp[i].keylen == sp[j].keylen &&
				memcmp(sp[i].key, sp[j].key, sizeof(int32) * sp[i].keylen) == 0)
				sim = 1.0;
			else
			{
				/* numbers in tags carry meaning: tier-2 is not tier-3 */
				if (sp[i].ndigits != sp[j].ndigits ||
					memcmp(sp[i].digits, sp[j].digits,
						   sizeof(int32) * sp[i].ndigits) != 0)
					continue;
				sim = ambc_jaro_winkler(sp[i].key, sp[i].keylen,
										sp[j].key, sp[j].keylen, scratch);
				if (sim < min_sim || sim >= 1.0)
					continue;
			}
			/* lo is the less preferred node */
			if (preferred(&nodes[sp[i].node], &nodes[sp[j].node]))
				lo = sp[j].node, hi = sp[i].node, hi_spelling = i;
			else
				lo = sp[i].node, hi = sp[j].node, hi_spelling = j;
			if (nodes[lo].best < 0 || sim > nodes[lo].best_sim ||
				(sim == nodes[lo].best_sim &&
				 preferred(&nodes[hi], &nodes[nodes[lo].best])))
			{
				nodes[lo].best = hi;
				nodes[lo].best_sim = sim;
				nodes[lo].via = hi_spelling;
			}
		}
	}

	for (i = 0; i < nn; i++)
	{
		int			root;
		Datum		values[3];
		bool		rnulls[3] = {false, false, false};
		char	   *reason;
		char	   *matched;

		if (nodes[i].best < 0)
			continue;
		/* each step goes to a strictly preferred node, so this ends */
		root = nodes[i].best;
		while (nodes[root].best >= 0)
			root = nodes[root].best;

		matched = text_to_cstring(sp[nodes[i].via].tag);
		if (nodes[i].best_sim >= 1.0)
			reason = psprintf("same key as \"%s\"", matched);
		else
			reason = psprintf("similar to \"%s\" (%.2f)", matched,
							  nodes[i].best_sim);
		if (!text_equal(sp[nodes[i].via].tag, nodes[root].tag))
			reason = psprintf("%s, which is \"%s\"", reason,
							  text_to_cstring(nodes[root].tag));
		values[0] = PointerGetDatum(nodes[i].tag);
		values[1] = PointerGetDatum(nodes[root].tag);
		values[2] = CStringGetTextDatum(reason);
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, rnulls);
	}
	return (Datum) 0;
}

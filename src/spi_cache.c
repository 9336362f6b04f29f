/*-------------------------------------------------------------------------
 *
 * spi_cache.c
 *		Kept SPI plans, the trigger-call check, per-trigger column caches.
 *
 * src/spi_cache.c
 *
 *-------------------------------------------------------------------------
 */
#include "spi_cache.h"

#include "catalog/pg_type.h"
#include "utils/array.h"

#include "utils/guc.h"

#include "utils/builtins.h"
#include "utils/hsearch.h"
#include "utils/memutils.h"
#include "utils/rel.h"

static HTAB *trigger_columns = NULL;

/*
 * amb_kept_plan
 *		Prepare query once per backend and keep it; *slot caches the plan.
 *		Kept plans are revalidated by the plan cache after DDL, and the query
 *		text is fully qualified, so the caller's search_path cannot change
 *		what it means.  Must be called between SPI_connect and SPI_finish.
 */
SPIPlanPtr
amb_kept_plan(SPIPlanPtr *slot, const char *query, int nargs, Oid *argtypes)
{
	return amb_kept_plan_opts(slot, query, nargs, argtypes, 0);
}

/*
 * amb_kept_plan_opts
 *		amb_kept_plan with cursor options: CURSOR_OPT_GENERIC_PLAN for a
 *		query run per row whose custom plans would be no better than the
 *		generic one (the plan cache may otherwise plan it on every call).
 */
SPIPlanPtr
amb_kept_plan_opts(SPIPlanPtr *slot, const char *query, int nargs, Oid *argtypes,
				   int cursor_options)
{
	if (*slot == NULL)
	{
		SPIPlanPtr	plan = SPI_prepare_cursor(query, nargs, argtypes, cursor_options);

		if (plan == NULL)
			elog(ERROR, "SPI_prepare failed: %s",
				 SPI_result_code_string(SPI_result));
		if (SPI_keepplan(plan) != 0)
			elog(ERROR, "SPI_keepplan failed");
		*slot = plan;
	}
	return *slot;
}

/*
 * amb_check_before_row_trigger
 *		Return the TriggerData if called by the trigger manager as a BEFORE
 *		ROW trigger on INSERT or UPDATE; raise 39P01 naming funcname and the
 *		table otherwise.
 */
TriggerData *
amb_check_before_row_trigger(FunctionCallInfo fcinfo, const char *funcname)
{
	TriggerData *td = (TriggerData *) fcinfo->context;

	if (!CALLED_AS_TRIGGER(fcinfo))
		ereport(ERROR,
				(errcode(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED),
				 errmsg("%s() was not called by the trigger manager", funcname)));
	if (!TRIGGER_FIRED_BEFORE(td->tg_event) ||
		!TRIGGER_FIRED_FOR_ROW(td->tg_event) ||
		!(TRIGGER_FIRED_BY_INSERT(td->tg_event) ||
		  TRIGGER_FIRED_BY_UPDATE(td->tg_event)))
		ereport(ERROR,
				(errcode(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED),
				 errmsg("trigger \"%s\" on table \"%s\" must be BEFORE INSERT OR UPDATE FOR EACH ROW",
						td->tg_trigger->tgname,
						RelationGetRelationName(td->tg_relation)),
				 errhint("%s() rewrites rows before they are stored.", funcname)));
	return td;
}

/*
 * amb_trigger_column
 *		The column colname of the trigger's relation, from the per-backend
 *		cache (in a child of CacheMemoryContext) when the cached attnum still
 *		has that name and type.  entry->valid is false if there is no such
 *		live column; the caller reports that.
 */
AmbTriggerColumn *
amb_trigger_column(TriggerData *td, const char *colname)
{
	TupleDesc	desc = RelationGetDescr(td->tg_relation);
	Oid			tgoid = td->tg_trigger->tgoid;
	AmbTriggerColumn *entry;
	bool		found;
	int			attnum;

	if (trigger_columns == NULL)
	{
		HASHCTL		ctl;
		MemoryContext cxt = AllocSetContextCreate(CacheMemoryContext,
												  "amb trigger columns",
												  ALLOCSET_SMALL_SIZES);

		memset(&ctl, 0, sizeof(ctl));
		ctl.keysize = sizeof(Oid);
		ctl.entrysize = sizeof(AmbTriggerColumn);
		ctl.hcxt = cxt;
		trigger_columns = hash_create("amb trigger columns", 64, &ctl,
									  HASH_ELEM | HASH_BLOBS | HASH_CONTEXT);
	}
	entry = hash_search(trigger_columns, &tgoid, HASH_ENTER, &found);
	if (found && entry->valid &&
		entry->relid == RelationGetRelid(td->tg_relation) &&
		entry->attnum <= desc->natts)
	{
		Form_pg_attribute att = TupleDescAttr(desc, entry->attnum - 1);

		if (!att->attisdropped && att->atttypid == entry->atttypid &&
			strcmp(NameStr(att->attname), colname) == 0)
			return entry;
	}

	entry->tgoid = tgoid;
	entry->relid = RelationGetRelid(td->tg_relation);
	entry->valid = false;
	entry->checked = false;
	entry->elemtype = InvalidOid;
	namestrcpy(&entry->attname, colname);
	attnum = SPI_fnumber(desc, colname);
	if (attnum > 0)
	{
		entry->attnum = attnum;
		entry->atttypid = TupleDescAttr(desc, attnum - 1)->atttypid;
		entry->valid = true;
	}
	return entry;
}

/*
 * amb_index_plans_begin, amb_index_plans_end
 *		Plan the statements run between the two with index scans and nested
 *		loops (enable_seqscan, enable_hashjoin, enable_mergejoin off, then
 *		restored; an error restores them as the (sub)transaction aborts).
 *		For lookups of a set of keys in a table whose statistics may say
 *		nothing yet (a migration filling it in one transaction): without
 *		them, "key = ANY (1,000 keys)" is estimated to match the whole table
 *		and a scan of it is chosen, per statement.
 */
int
amb_index_plans_begin(void)
{
	int			level = NewGUCNestLevel();

	(void) set_config_option("enable_seqscan", "off", PGC_USERSET, PGC_S_SESSION,
							 GUC_ACTION_SAVE, true, 0, false);
	(void) set_config_option("enable_hashjoin", "off", PGC_USERSET, PGC_S_SESSION,
							 GUC_ACTION_SAVE, true, 0, false);
	(void) set_config_option("enable_mergejoin", "off", PGC_USERSET, PGC_S_SESSION,
							 GUC_ACTION_SAVE, true, 0, false);
	return level;
}

void
amb_index_plans_end(int level)
{
	AtEOXact_GUC(true, level);
}

/*
 * amb_int8_array
 *		v[0..n) as a bigint[] datum (palloc'd), for "= ANY ($1)".
 */
Datum
amb_int8_array(const int64 *v, int n)
{
	Datum	   *d = palloc(sizeof(Datum) * Max(n, 1));
	int			i;

	for (i = 0; i < n; i++)
		d[i] = Int64GetDatum(v[i]);
	return PointerGetDatum(construct_array(d, n, INT8OID, 8, FLOAT8PASSBYVAL, TYPALIGN_DOUBLE));
}

/*
 * amb_cmp_int64
 *		qsort/bsearch comparator of int64 values (or of structs that begin
 *		with one).
 */
int
amb_cmp_int64(const void *a, const void *b)
{
	int64		x = *(const int64 *) a;
	int64		y = *(const int64 *) b;

	return (x > y) - (x < y);
}

/*-------------------------------------------------------------------------
 *
 * bulk.c
 *		Bulk insertion of rows amb computes into its own tables, the way
 *		COPY FROM inserts: straight into the heap and its indexes, without
 *		planning or running an INSERT.
 *
 * The consent trigger writes up to a head per ambassador and purpose and
 * an audit row per ambassador for every statement; through INSERT ...
 * SELECT unnest(...) those cost more than the events themselves.  Here a
 * row costs a heap insertion (with a bulk-insert state, as COPY uses) and
 * its index entries.  Only for amb's own tables that have no INSERT
 * triggers, rules or partitions, and whose rows amb builds itself: the
 * caller guarantees what a CHECK constraint of the table would check, as
 * the table's constraints are not evaluated here (unique indexes are).
 *
 * src/bulk.c
 *
 *-------------------------------------------------------------------------
 */
#include "bulk.h"

#include "access/heapam.h"
#include "access/table.h"
#include "access/tableam.h"
#include "access/xact.h"
#include "catalog/namespace.h"
#include "executor/executor.h"
#include "nodes/execnodes.h"
#include "parser/parse_relation.h"
#include "utils/lsyscache.h"
#include "utils/rel.h"

struct AmbBulkInsert
{
	Relation	rel;
	int			ncols;
	AttrNumber *attnums;		/* of the caller's columns */
	Datum	   *values;			/* a row in the table's order */
	bool	   *nulls;
	EState	   *estate;
	ResultRelInfo *rri;
	TupleTableSlot *slot;
	BulkInsertState bis;
	CommandId	cid;
};

/*
 * amb_bulk_begin
 *		Start inserting into amb.<relname> (RowExclusiveLock, kept to the end
 *		of the transaction) rows of the columns cols[0..ncols), which must be
 *		all of the table's columns (in any order).  The caller must hold
 *		INSERT on it (amb runs as its tables' owner when it calls this).
 */
AmbBulkInsert *
amb_bulk_begin(const char *relname, const char *const *cols, int ncols)
{
	AmbBulkInsert *b = palloc0(sizeof(AmbBulkInsert));
	Oid			relid = get_relname_relid(relname, get_namespace_oid("amb", false));
	TupleDesc	desc;
	int			live = 0;
	int			i;

	if (!OidIsValid(relid))
		elog(ERROR, "relation amb.%s does not exist", relname);
	b->rel = table_open(relid, RowExclusiveLock);
	if (b->rel->rd_rel->relkind != RELKIND_RELATION ||
		(b->rel->trigdesc != NULL &&
		 (b->rel->trigdesc->trig_insert_before_row || b->rel->trigdesc->trig_insert_after_row ||
		  b->rel->trigdesc->trig_insert_instead_row ||
		  b->rel->trigdesc->trig_insert_before_statement ||
		  b->rel->trigdesc->trig_insert_after_statement)) ||
		b->rel->rd_rules != NULL)
		ereport(ERROR,
				(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
				 errmsg("amb.%s has INSERT triggers or rules, or is not a plain table", relname),
				 errhint("amb writes this table itself; drop what was added to it.")));
	desc = RelationGetDescr(b->rel);
	for (i = 0; i < desc->natts; i++)
		if (!TupleDescAttr(desc, i)->attisdropped)
			live++;
	b->ncols = ncols;
	b->attnums = palloc(sizeof(AttrNumber) * ncols);
	for (i = 0; i < ncols; i++)
	{
		AttrNumber	a = attnameAttNum(b->rel, cols[i], false);

		if (a == InvalidAttrNumber || a < 1)
			live = -1;
		b->attnums[i] = a;
	}
	if (live != ncols)
		ereport(ERROR,
				(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
				 errmsg("the columns of amb.%s are not the ones amb writes", relname),
				 errhint("amb writes this table itself; undo the change to its columns.")));
	b->values = palloc0(sizeof(Datum) * desc->natts);
	b->nulls = palloc(sizeof(bool) * desc->natts);
	for (i = 0; i < desc->natts; i++)
		b->nulls[i] = true;
	b->estate = CreateExecutorState();
	b->rri = makeNode(ResultRelInfo);
	InitResultRelInfo(b->rri, b->rel, 1, NULL, 0);
	ExecOpenIndices(b->rri, false);
	b->slot = table_slot_create(b->rel, NULL);
	b->bis = GetBulkInsertState();
	b->cid = GetCurrentCommandId(true);
	return b;
}

/*
 * amb_bulk_row
 *		Insert one row: values[i] and nulls[i] for the column cols[i] given
 *		to amb_bulk_begin.
 */
void
amb_bulk_row(AmbBulkInsert *b, const Datum *values, const bool *nulls)
{
	TupleDesc	desc = RelationGetDescr(b->rel);
	int			i;

	for (i = 0; i < b->ncols; i++)
	{
		b->values[b->attnums[i] - 1] = values[i];
		b->nulls[b->attnums[i] - 1] = nulls[i];
	}
	ExecClearTuple(b->slot);
	memcpy(b->slot->tts_values, b->values, sizeof(Datum) * desc->natts);
	memcpy(b->slot->tts_isnull, b->nulls, sizeof(bool) * desc->natts);
	ExecStoreVirtualTuple(b->slot);
	table_tuple_insert(b->rel, b->slot, b->cid, 0, b->bis);
	if (b->rri->ri_NumIndices > 0)
		(void) amb_insert_index_tuples(b->rri, b->slot, b->estate);
	ResetPerTupleExprContext(b->estate);
}

/*
 * amb_bulk_end
 *		Finish, and make the rows visible to the commands that follow.
 */
void
amb_bulk_end(AmbBulkInsert *b)
{
	ExecDropSingleTupleTableSlot(b->slot);
	FreeBulkInsertState(b->bis);
	ExecCloseIndices(b->rri);
	FreeExecutorState(b->estate);
	table_close(b->rel, NoLock);
	pfree(b);
	CommandCounterIncrement();
}

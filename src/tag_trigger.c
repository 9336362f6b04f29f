/*-------------------------------------------------------------------------
 *
 * tag_trigger.c
 *		amb.canonicalize_tags(column): keep a tag column canonical.
 *
 * CREATE TRIGGER t BEFORE INSERT OR UPDATE ON my_table FOR EACH ROW
 *	   EXECUTE FUNCTION amb.canonicalize_tags('tags');
 *
 * The argument names a text[] or amb.tag[] column, rewritten on every insert
 * and update to its canonical set (amb.canonical_tags).  The column is looked
 * up once per trigger and cached; a missing or wrongly typed column is an
 * error on first use naming the table and column.
 *
 * src/tag_trigger.c
 *
 *-------------------------------------------------------------------------
 */
#include "amb.h"

#include "access/htup_details.h"
#include "catalog/pg_type.h"
#include "utils/builtins.h"
#include "utils/lsyscache.h"
#include "utils/rel.h"

#include "spi_cache.h"

PG_FUNCTION_INFO_V1(amb_canonicalize_tags);

/* amb.canonicalize_tags() trigger */
Datum
amb_canonicalize_tags(PG_FUNCTION_ARGS)
{
	TriggerData *td = amb_check_before_row_trigger(fcinfo, "amb.canonicalize_tags");
	Trigger    *tg = td->tg_trigger;
	Relation	rel = td->tg_relation;
	HeapTuple	tuple = TRIGGER_FIRED_BY_UPDATE(td->tg_event) ?
		td->tg_newtuple : td->tg_trigtuple;
	AmbTriggerColumn *col;
	Oid			elemtype;
	bool		isnull;
	Datum		value;
	int			attnum;
	Datum		newval[1];
	bool		newnull[1] = {false};

	if (tg->tgnargs != 1)
		ereport(ERROR,
				(errcode(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED),
				 errmsg("trigger \"%s\" on table \"%s\" must name one tag column",
						tg->tgname, RelationGetRelationName(rel)),
				 errhint("Use EXECUTE FUNCTION amb.canonicalize_tags('column_name').")));

	col = amb_trigger_column(td, tg->tgargs[0]);
	if (!col->valid)
		ereport(ERROR,
				(errcode(ERRCODE_UNDEFINED_COLUMN),
				 errmsg("column \"%s\" of relation \"%s\" does not exist",
						tg->tgargs[0], RelationGetRelationName(rel)),
				 errdetail("Trigger \"%s\" names it as its tag column.", tg->tgname)));
	if (!col->checked)
	{
		/* once per trigger (and after the table changes shape) */
		elemtype = get_element_type(col->atttypid);
		if (elemtype != TEXTOID && elemtype != amb_tag_type_oid())
			ereport(ERROR,
					(errcode(ERRCODE_DATATYPE_MISMATCH),
					 errmsg("column \"%s\" of relation \"%s\" is of type %s",
							tg->tgargs[0], RelationGetRelationName(rel),
							format_type_be(col->atttypid)),
					 errdetail("Trigger \"%s\" names it as its tag column.", tg->tgname),
					 errhint("amb.canonicalize_tags() needs a text[] or amb.tag[] column.")));
		col->elemtype = elemtype;
		col->checked = true;
	}
	elemtype = col->elemtype;

	attnum = col->attnum;
	value = heap_getattr(tuple, attnum, RelationGetDescr(rel), &isnull);
	if (isnull)
		return PointerGetDatum(tuple);	/* NOT NULL, if wanted, is a constraint */

	newval[0] = PointerGetDatum(amb_canonicalize_array(DatumGetArrayTypeP(value),
													   elemtype, false));
	return PointerGetDatum(heap_modify_tuple_by_cols(tuple, RelationGetDescr(rel),
													 1, &attnum, newval, newnull));
}

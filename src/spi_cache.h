/*-------------------------------------------------------------------------
 *
 * spi_cache.h
 *		Kept SPI plans and per-trigger caches.
 *
 * src/spi_cache.h
 *
 *-------------------------------------------------------------------------
 */
#ifndef AMB_SPI_CACHE_H
#define AMB_SPI_CACHE_H

#include "compat.h"

#include "commands/trigger.h"
#include "executor/spi.h"

extern SPIPlanPtr amb_kept_plan(SPIPlanPtr *slot, const char *query,
								int nargs, Oid *argtypes);
extern SPIPlanPtr amb_kept_plan_opts(SPIPlanPtr *slot, const char *query,
									 int nargs, Oid *argtypes, int cursor_options);

extern TriggerData *amb_check_before_row_trigger(FunctionCallInfo fcinfo,
												 const char *funcname);

/*
 * A trigger argument that names a column, resolved once per trigger and
 * checked cheaply on every call (the entry is rebuilt when the relation's
 * row type changes under it, e.g. after ALTER TABLE).
 */
typedef struct AmbTriggerColumn
{
	Oid			tgoid;			/* hash key: the trigger */
	Oid			relid;
	AttrNumber	attnum;
	Oid			atttypid;
	NameData	attname;
	bool		valid;
	/* for the caller's own checks of the column, reset when it is rebuilt */
	bool		checked;
	Oid			elemtype;
} AmbTriggerColumn;

extern AmbTriggerColumn *amb_trigger_column(TriggerData *td, const char *colname);

extern Datum amb_int8_array(const int64 *v, int n);
extern int	amb_cmp_int64(const void *a, const void *b);

extern int	amb_index_plans_begin(void);
extern void amb_index_plans_end(int level);

#endif							/* AMB_SPI_CACHE_H */

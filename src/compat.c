/*-------------------------------------------------------------------------
 *
 * compat.c
 *		Shims for older PostgreSQL releases; see compat.h.
 *
 * src/compat.c
 *
 *-------------------------------------------------------------------------
 */
#include "compat.h"

#if PG_VERSION_NUM < 150000

#include "miscadmin.h"
#include "utils/tuplestore.h"

/*
 * amb_init_materialized_srf
 *		Set up a materialize-mode set-returning function on 13 and 14: check
 *		the caller accepts a tuplestore, build one in the per-query context
 *		with the expected tuple descriptor, and hang it on the ReturnSetInfo.
 */
void
amb_init_materialized_srf(FunctionCallInfo fcinfo)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	MemoryContext per_query;
	MemoryContext old;
	TupleDesc	tupdesc;

	if (rsinfo == NULL || !IsA(rsinfo, ReturnSetInfo))
		ereport(ERROR,
				(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
				 errmsg("set-valued function called in context that cannot accept a set")));
	if (!(rsinfo->allowedModes & SFRM_Materialize))
		ereport(ERROR,
				(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
				 errmsg("materialize mode required, but it is not allowed in this context")));

	per_query = rsinfo->econtext->ecxt_per_query_memory;
	old = MemoryContextSwitchTo(per_query);
	if (get_call_result_type(fcinfo, NULL, &tupdesc) != TYPEFUNC_COMPOSITE)
		elog(ERROR, "return type must be a row type");
	rsinfo->returnMode = SFRM_Materialize;
	rsinfo->setResult = tuplestore_begin_heap(true, false, work_mem);
	rsinfo->setDesc = CreateTupleDescCopy(tupdesc);
	MemoryContextSwitchTo(old);
}

#endif

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

/*
 * amb_random_seed
 *		Start r from seed.
 */
void
amb_random_seed(AmbRandom *r, uint64 seed)
{
#if PG_VERSION_NUM >= 150000
	pg_prng_seed(&r->state, seed);
#else
	r->xseed[0] = (unsigned short) seed;
	r->xseed[1] = (unsigned short) (seed >> 16);
	r->xseed[2] = (unsigned short) (seed >> 32);
#endif
}

/*
 * amb_random_below
 *		A uniform integer in [0, n); n must be positive.
 */
uint64
amb_random_below(AmbRandom *r, uint64 n)
{
#if PG_VERSION_NUM >= 150000
	return pg_prng_uint64_range(&r->state, 0, n - 1);
#else
	/* 48 random bits are enough for the sample sizes amb draws */
	uint64		hi = (uint64) (uint32) pg_jrand48(r->xseed);
	uint64		lo = (uint64) (uint32) pg_jrand48(r->xseed);

	return ((hi << 32) | lo) % n;
#endif
}

/*-------------------------------------------------------------------------
 *
 * compat.h
 *		The one place that tests PG_VERSION_NUM.
 *
 * amb supports PostgreSQL 13 to 17.  Differences handled here:
 *	- varatt.h split out of postgres.h (16);
 *	- soft input errors, errsave / escontext (16), so that
 *	  pg_input_is_valid(..., 'amb.tag') works there;
 *	- MarkGUCPrefixReserved (15; EmitWarningsOnPlaceholders before);
 *	- InitMaterializedSRF (15.x; a shim in compat.c for 13 and 14);
 *	- a seeded random generator with caller-held state: pg_prng (15), the
 *	  erand48 family of src/port before (AmbRandom, compat.c);
 *	- ExecInsertIndexTuples' arguments: the result relation in EState (13),
 *	  as an argument (14), with onlySummarizing (16).
 *
 * src/compat.h
 *
 *-------------------------------------------------------------------------
 */
#ifndef AMB_COMPAT_H
#define AMB_COMPAT_H

#include "postgres.h"

#include "fmgr.h"
#include "funcapi.h"

#if PG_VERSION_NUM < 130000
#error "amb needs PostgreSQL 13 or later"
#endif

#if PG_VERSION_NUM >= 160000
#include "varatt.h"
#include "nodes/miscnodes.h"
#define AMB_ERRSAVE(ctx, ...) errsave(ctx, __VA_ARGS__)
#define AMB_SOFT_ERROR_OCCURRED(ctx) SOFT_ERROR_OCCURRED(ctx)
#else
#define AMB_ERRSAVE(ctx, ...) ereport(ERROR, __VA_ARGS__)
#define AMB_SOFT_ERROR_OCCURRED(ctx) false
#endif

#if PG_VERSION_NUM < 150000
#define MarkGUCPrefixReserved(prefix) EmitWarningsOnPlaceholders(prefix)
#endif

/*
 * InitMaterializedSRF arrived in a 15 minor release (SetSingleFuncCall in
 * 15.0); 13 and 14 get amb_init_materialized_srf from compat.c.
 */
#if PG_VERSION_NUM >= 150000 && defined(MAT_SRF_USE_EXPECTED_DESC)
#define amb_init_materialized_srf(fcinfo) InitMaterializedSRF(fcinfo, 0)
#elif PG_VERSION_NUM >= 150000
#define amb_init_materialized_srf(fcinfo) SetSingleFuncCall(fcinfo, 0)
#else
extern void amb_init_materialized_srf(FunctionCallInfo fcinfo);
#endif

/*
 * A seeded pseudo-random generator whose state the caller holds, so that a
 * computation (sampling random pairs for training) is repeatable and does
 * not disturb random()'s state.
 */
#if PG_VERSION_NUM >= 150000
#include "common/pg_prng.h"
typedef struct AmbRandom
{
	pg_prng_state state;
} AmbRandom;
#else
typedef struct AmbRandom
{
	unsigned short xseed[3];
} AmbRandom;
#endif

/*
 * amb_insert_index_tuples
 *		Insert the index entries of the row in slot, just inserted into the
 *		result relation rri (bulk.c).
 */
#if PG_VERSION_NUM >= 160000
#define amb_insert_index_tuples(rri, slot, estate) \
	ExecInsertIndexTuples((rri), (slot), (estate), false, false, NULL, NIL, false)
#elif PG_VERSION_NUM >= 140000
#define amb_insert_index_tuples(rri, slot, estate) \
	ExecInsertIndexTuples((rri), (slot), (estate), false, false, NULL, NIL)
#else
#define amb_insert_index_tuples(rri, slot, estate) \
	((estate)->es_result_relation_info = (rri), \
	 ExecInsertIndexTuples((slot), (estate), false, NULL, NIL))
#endif

extern void amb_random_seed(AmbRandom *r, uint64 seed);
extern uint64 amb_random_below(AmbRandom *r, uint64 n);	/* [0, n), n > 0 */

#endif							/* AMB_COMPAT_H */

/*-------------------------------------------------------------------------
 *
 * simulate.c
 *		Analysts' incentive functions: amb.milestone_credits, the arithmetic
 *		of a rule, and amb.simulate_incentives, what every ambassador would
 *		have earned under another rule over the real referral history.
 *
 * With a cap period, simulate_incentives scans amb.referral once, in
 * physical order, and counts successes per ambassador and period in a
 * simplehash keyed by ambassador (each holding its last two periods in the
 * entry and older ones in arrival order; rows come in about time order, so
 * most rows bump one of the two; buckets are prefetched a batch at a time);
 * then, per ambassador in id order, ambc_simulate_credits turns the counts
 * of consecutive periods into credits.  Only the counts matter: the j-th
 * milestone falls in the period where the running count passes
 * j * every_n, so the order of successes within a period does not.  A
 * window-function query computing the same sorts every referral
 * (bench/incentive_simulate.sh compares the two).  Without a period the
 * count per ambassador is all there is, and a GROUP BY gets it best.
 *
 * src/simulate.c
 *
 *-------------------------------------------------------------------------
 */
#include "compat.h"

#include "access/htup_details.h"
#include "access/table.h"
#include "access/tableam.h"
#include "catalog/namespace.h"
#include "catalog/pg_enum.h"
#include "catalog/pg_type.h"
#include "executor/executor.h"
#include "executor/spi.h"
#include "funcapi.h"
#include "miscadmin.h"
#include "utils/acl.h"
#include "utils/builtins.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"
#include "utils/snapmgr.h"
#include "utils/syscache.h"
#include "utils/timestamp.h"

#include "milestone.h"

#define FETCH_ROWS 10000
#define SIM_BATCH 32

/*
 * report_status
 *		Error for a core status of the incentive arithmetic.
 */
static void
report_status(ambc_status st, const char *what)
{
	if (st == AMBC_OVERFLOW)
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("%s out of range", what),
				 errhint("Amounts are bigint cents; give a cap or smaller amounts.")));
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("invalid argument for %s", what)));
}

/*
 * check_rule_args
 *		The arguments a rule shares: every_n positive, credit and cap not
 *		negative.
 */
static void
check_rule_args(int64 every_n, int64 credit, bool has_cap, int64 cap)
{
	if (every_n < 1)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("every_n must be positive"),
				 errdetail("every_n is " INT64_FORMAT ".", every_n)));
	if (credit < 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("credit_cents cannot be negative"),
				 errdetail("credit_cents is " INT64_FORMAT ".", credit)));
	if (has_cap && cap < 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("a cap cannot be negative"),
				 errdetail("The cap is " INT64_FORMAT ".", cap)));
}

/*
 * amb.milestone_credits(successes int, every_n int, credit_cents bigint,
 * cap_cents bigint DEFAULT NULL) returns bigint
 */
PG_FUNCTION_INFO_V1(amb_milestone_credits);

Datum
amb_milestone_credits(PG_FUNCTION_ARGS)
{
	int64		successes;
	int64		every_n;
	int64		credit;
	int64		cap = AMBC_NO_CAP;
	int64		out;
	ambc_status st;

	if (PG_ARGISNULL(0) || PG_ARGISNULL(1) || PG_ARGISNULL(2))
		PG_RETURN_NULL();
	successes = PG_GETARG_INT32(0);
	every_n = PG_GETARG_INT32(1);
	credit = PG_GETARG_INT64(2);
	if (!PG_ARGISNULL(3))
		cap = PG_GETARG_INT64(3);
	if (successes < 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("successes cannot be negative"),
				 errdetail("successes is " INT64_FORMAT ".", successes)));
	check_rule_args(every_n, credit, !PG_ARGISNULL(3), cap);
	st = ambc_milestone_credits(successes, every_n, credit, cap, &out);
	if (st != AMBC_OK)
		report_status(st, "milestone credits");
	PG_RETURN_INT64(out);
}

/* ------------------------------------------------------------------------
 * simulate_incentives
 * ------------------------------------------------------------------------
 */

/* successes of one ambassador in one cap period */
typedef struct SimPeriod
{
	int64		period;			/* index k of the period */
	int64		count;
} SimPeriod;

/*
 * One ambassador's successes per period.  The two periods seen last are
 * kept in the entry itself (one cache line with the key): rows come in
 * about time order, and a confirmation lag spreads one ambassador's rows
 * over two neighbouring periods at a time, so almost every row bumps one
 * of them; an older period moves to the array per (in arrival order, may
 * repeat; sorted and merged at the end).
 */
typedef struct SimAmb
{
	int64		id;
	int64		p0;				/* the latest period, count c0 (0: none) */
	int64		c0;
	int64		p1;				/* the one before, count c1 */
	int64		c1;
	SimPeriod  *per;			/* older periods (NULL: none yet) */
	int32		n;
	int32		cap;
	char		status;			/* simplehash's */
} SimAmb;

/* a 64-bit mix (the splitmix64 finalizer), for ids that are sequential */
static inline uint32
sim_hash(int64 id)
{
	uint64		x = (uint64) id;

	x ^= x >> 30;
	x *= UINT64CONST(0xbf58476d1ce4e5b9);
	x ^= x >> 27;
	x *= UINT64CONST(0x94d049bb133111eb);
	x ^= x >> 31;
	return (uint32) x;
}

#define SH_PREFIX		simamb
#define SH_ELEMENT_TYPE	SimAmb
#define SH_KEY_TYPE		int64
#define SH_KEY			id
#define SH_HASH_KEY(tb, key)	sim_hash(key)
#define SH_EQUAL(tb, a, b)		((a) == (b))
#define SH_SCOPE		static inline
#define SH_DECLARE
#define SH_DEFINE
#include "lib/simplehash.h"

static int
cmp_amb(const void *a, const void *b)
{
	int64		x = (*(SimAmb *const *) a)->id;
	int64		y = (*(SimAmb *const *) b)->id;

	return (x > y) - (x < y);
}

static int
cmp_period(const void *a, const void *b)
{
	int64		x = ((const SimPeriod *) a)->period;
	int64		y = ((const SimPeriod *) b)->period;

	return (x > y) - (x < y);
}

/*
 * sim_push
 *		Append (period, count) to e's older periods (memory from cxt).
 */
static void
sim_push(SimAmb *e, int64 period, int64 count, MemoryContext cxt)
{
	if (e->n == e->cap)
	{
		int32		nc = e->cap == 0 ? 4 : e->cap * 2;
		SimPeriod  *np;

		if (e->cap >= PG_INT32_MAX / 2 || (Size) nc * sizeof(SimPeriod) >= MaxAllocSize)
			ereport(ERROR,
					(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
					 errmsg("ambassador " INT64_FORMAT " has too many cap periods to simulate", e->id),
					 errhint("Use a longer period.")));
		np = MemoryContextAlloc(cxt, sizeof(SimPeriod) * nc);
		if (e->per != NULL)
		{
			memcpy(np, e->per, sizeof(SimPeriod) * e->n);
			pfree(e->per);
		}
		e->per = np;
		e->cap = nc;
	}
	e->per[e->n].period = period;
	e->per[e->n].count = count;
	e->n++;
}

/*
 * sim_add
 *		Count one success of e in period k.
 */
static inline void
sim_add(SimAmb *e, int64 k, MemoryContext cxt)
{
	if (e->c0 > 0 && e->p0 == k)
		e->c0++;
	else if (e->c1 > 0 && e->p1 == k)
		e->c1++;
	else
	{
		if (e->c1 > 0)
			sim_push(e, e->p1, e->c1, cxt);
		e->p1 = e->p0;
		e->c1 = e->c0;
		e->p0 = k;
		e->c0 = 1;
	}
}

/* what the scan needs of amb.referral */
typedef struct SimScan
{
	Relation	rel;
	AttrNumber	a_amb;
	AttrNumber	a_status;
	AttrNumber	a_occurred;
	AttrNumber	a_confirmed;
	AttrNumber	maxatt;
	Oid			confirmed;		/* the enum value 'confirmed' */
} SimScan;

static AttrNumber
sim_attnum(Relation rel, const char *name, Oid typid)
{
	AttrNumber	a = get_attnum(RelationGetRelid(rel), name);

	if (a == InvalidAttrNumber || (OidIsValid(typid) &&
								   TupleDescAttr(RelationGetDescr(rel), a - 1)->atttypid != typid))
		elog(ERROR, "amb.referral has no column \"%s\" of the expected type", name);
	return a;
}

/*
 * sim_open
 *		Open amb.referral for reading, with the caller's SELECT privilege
 *		checked as a query would.
 */
static void
sim_open(SimScan *sc)
{
	Oid			nsp = get_namespace_oid("amb", false);
	Oid			relid = get_relname_relid("referral", nsp);
	AclResult	acl;
	HeapTuple	tup;
	Oid			statustype;

	if (!OidIsValid(relid))
		elog(ERROR, "relation amb.referral does not exist");
	acl = pg_class_aclcheck(relid, GetUserId(), ACL_SELECT);
	if (acl != ACLCHECK_OK)
		aclcheck_error(acl, OBJECT_TABLE, "referral");
	sc->rel = table_open(relid, AccessShareLock);
	sc->a_amb = sim_attnum(sc->rel, "ambassador_id", INT8OID);
	sc->a_status = sim_attnum(sc->rel, "status", InvalidOid);
	sc->a_occurred = sim_attnum(sc->rel, "occurred_at", TIMESTAMPTZOID);
	sc->a_confirmed = sim_attnum(sc->rel, "confirmed_at", TIMESTAMPTZOID);
	sc->maxatt = Max(Max(sc->a_amb, sc->a_status), Max(sc->a_occurred, sc->a_confirmed));
	statustype = TupleDescAttr(RelationGetDescr(sc->rel), sc->a_status - 1)->atttypid;
	tup = SearchSysCache2(ENUMTYPOIDNAME, ObjectIdGetDatum(statustype), CStringGetDatum("confirmed"));
	if (!HeapTupleIsValid(tup))
		elog(ERROR, "amb.referral_status has no value \"confirmed\"");
	sc->confirmed = ((Form_pg_enum) GETSTRUCT(tup))->oid;
	ReleaseSysCache(tup);
}

/*
 * counts_by_period
 *		One sequential scan of amb.referral (the statement's snapshot):
 *		successes that occurred at or after since, per ambassador and cap
 *		period.  Returns the table; *cxt holds its memory.
 */
static simamb_hash *
counts_by_period(TimestampTz since, int64 origin, const ambc_period *period,
				 MemoryContext cxt)
{
	SimScan		sc;
	TableScanDesc scan;
	TupleTableSlot *slot;
	simamb_hash *tab = simamb_create(cxt, 65536, NULL);

	sim_open(&sc);
	slot = table_slot_create(sc.rel, NULL);
	scan = table_beginscan(sc.rel, GetActiveSnapshot(), 0, NULL);
	for (;;)
	{
		/*
		 * In batches: the hash buckets of a batch are prefetched before any
		 * is touched, so their cache misses overlap instead of adding up.
		 */
		int64		ids[SIM_BATCH];
		int64		ks[SIM_BATCH];
		uint32		hashes[SIM_BATCH];
		int			nb = 0;
		int			b;
		bool		more = true;

		while (nb < SIM_BATCH &&
			   (more = table_scan_getnextslot(scan, ForwardScanDirection, slot)))
		{
			Datum	   *v;
			bool	   *nul;
			int64		start;
			ambc_status st;

			slot_getsomeattrs(slot, sc.maxatt);
			v = slot->tts_values;
			nul = slot->tts_isnull;
			if (nul[sc.a_status - 1] || DatumGetObjectId(v[sc.a_status - 1]) != sc.confirmed ||
				nul[sc.a_amb - 1] || nul[sc.a_occurred - 1] || nul[sc.a_confirmed - 1] ||
				DatumGetTimestampTz(v[sc.a_occurred - 1]) < since)
				continue;
			st = ambc_period_start(origin, period, DatumGetTimestampTz(v[sc.a_confirmed - 1]),
								   &start, &ks[nb]);
			if (st != AMBC_OK)
				ereport(ERROR,
						(errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE),
						 errmsg("cap period out of range"),
						 errdetail("A referral was confirmed at %s.",
								   pstrdup(timestamptz_to_str(DatumGetTimestampTz(v[sc.a_confirmed - 1]))))));
			ids[nb] = DatumGetInt64(v[sc.a_amb - 1]);
			hashes[nb] = sim_hash(ids[nb]);
			__builtin_prefetch(&tab->data[hashes[nb] & tab->sizemask]);
			nb++;
		}
		for (b = 0; b < nb; b++)
		{
			bool		found;
			SimAmb	   *e = simamb_insert_hash(tab, ids[b], hashes[b], &found);

			if (!found)
			{
				e->c0 = e->c1 = 0;
				e->p0 = e->p1 = 0;
				e->per = NULL;
				e->n = e->cap = 0;
			}
			sim_add(e, ks[b], cxt);
		}
		CHECK_FOR_INTERRUPTS();
		if (!more)
			break;
	}
	table_endscan(scan);
	ExecDropSingleTupleTableSlot(slot);
	table_close(sc.rel, AccessShareLock);
	return tab;
}

/*
 * amb.simulate_incentives(every_n int, credit_cents bigint,
 *   cap_cents_per_period bigint DEFAULT NULL, period interval DEFAULT NULL,
 *   since timestamptz DEFAULT '-infinity')
 *   returns table (ambassador_id bigint, successes bigint, credits_cents bigint)
 *
 * Without a period each ambassador's count is all that matters: one
 * GROUP BY, which the planner answers from amb.referral's index on
 * (ambassador_id, rule_id, status) when since is -infinity.  With one, a
 * scan of the table counts per ambassador and period in a hash table.
 */
PG_FUNCTION_INFO_V1(amb_simulate_incentives);

Datum
amb_simulate_incentives(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	int64		every_n;
	int64		credit;
	bool		has_cap = !PG_ARGISNULL(2);
	int64		cap = has_cap ? PG_GETARG_INT64(2) : AMBC_NO_CAP;
	bool		has_period = !PG_ARGISNULL(3);
	ambc_period period = {0, 0, 0};
	TimestampTz since = PG_ARGISNULL(4) ? DT_NOBEGIN : PG_GETARG_TIMESTAMPTZ(4);
	int64		origin;
	MemoryContext work;

	if (PG_ARGISNULL(0) || PG_ARGISNULL(1))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("every_n and credit_cents cannot be NULL")));
	every_n = PG_GETARG_INT32(0);
	credit = PG_GETARG_INT64(1);
	check_rule_args(every_n, credit, has_cap, cap);
	if (has_period)
	{
		Interval   *iv = PG_GETARG_INTERVAL_P(3);

		period.months = iv->month;
		period.days = iv->day;
		period.usecs = iv->time;
		if (!ambc_period_valid(&period))
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("invalid period \"%s\"",
							DatumGetCString(DirectFunctionCall1(interval_out, PG_GETARG_DATUM(3)))),
					 errhint("Use a positive interval such as '1 month' or '7 days', with no negative part.")));
		if (!has_cap)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("a period needs a cap"),
					 errhint("Give cap_cents_per_period, or leave period NULL.")));
	}
	origin = TIMESTAMP_NOT_FINITE(since) ? 0 : since;

	amb_init_materialized_srf(fcinfo);
	work = AllocSetContextCreate(CurrentMemoryContext, "amb simulate", ALLOCSET_DEFAULT_SIZES);

	if (!has_period)
	{
		Oid			argtypes[1] = {TIMESTAMPTZOID};
		Datum		arg = TimestampTzGetDatum(since);
		SPIPlanPtr	plan;
		Portal		portal;

		if (SPI_connect() != SPI_OK_CONNECT)
			elog(ERROR, "SPI_connect failed");
		plan = SPI_prepare(TIMESTAMP_IS_NOBEGIN(since) ?
						   "SELECT ambassador_id, pg_catalog.count(*) FROM amb.referral"
						   " WHERE status OPERATOR(pg_catalog.=) 'confirmed'"
						   " GROUP BY ambassador_id ORDER BY ambassador_id" :
						   "SELECT ambassador_id, pg_catalog.count(*) FROM amb.referral"
						   " WHERE status OPERATOR(pg_catalog.=) 'confirmed'"
						   "   AND occurred_at OPERATOR(pg_catalog.>=) $1"
						   " GROUP BY ambassador_id ORDER BY ambassador_id",
						   TIMESTAMP_IS_NOBEGIN(since) ? 0 : 1, argtypes);
		if (plan == NULL)
			elog(ERROR, "SPI_prepare failed: %s", SPI_result_code_string(SPI_result));
		portal = SPI_cursor_open(NULL, plan, TIMESTAMP_IS_NOBEGIN(since) ? NULL : &arg, NULL, true);
		for (;;)
		{
			uint64		r;

			SPI_cursor_fetch(portal, true, FETCH_ROWS);
			if (SPI_processed == 0)
				break;
			for (r = 0; r < SPI_processed; r++)
			{
				HeapTuple	tup = SPI_tuptable->vals[r];
				TupleDesc	desc = SPI_tuptable->tupdesc;
				bool		isnull;
				Datum		values[3];
				bool		nulls[3] = {false, false, false};
				int64		successes;
				int64		credits;
				ambc_status st;

				values[0] = SPI_getbinval(tup, desc, 1, &isnull);
				successes = DatumGetInt64(SPI_getbinval(tup, desc, 2, &isnull));
				st = ambc_milestone_credits(successes, every_n, credit, cap, &credits);
				if (st != AMBC_OK)
					report_status(st, "simulated credits");
				values[1] = Int64GetDatum(successes);
				values[2] = Int64GetDatum(credits);
				tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
			}
			SPI_freetuptable(SPI_tuptable);
			CHECK_FOR_INTERRUPTS();
		}
		SPI_cursor_close(portal);
		SPI_finish();
	}
	else
	{
		simamb_hash *tab = counts_by_period(since, origin, &period, work);
		simamb_iterator it;
		SimAmb	  **all;
		SimAmb	   *e;
		uint64		nall = 0;
		uint64		i;
		int64	   *counts = NULL;
		int32		ncounts = 0;

		if ((Size) tab->members * sizeof(SimAmb *) >= MaxAllocHugeSize)
			elog(ERROR, "too many ambassadors");
		all = MemoryContextAllocHuge(work, sizeof(SimAmb *) * Max(tab->members, 1));
		simamb_start_iterate(tab, &it);
		while ((e = simamb_iterate(tab, &it)) != NULL)
			all[nall++] = e;
		qsort(all, nall, sizeof(SimAmb *), cmp_amb);
		for (i = 0; i < nall; i++)
		{
			Datum		values[3];
			bool		nulls[3] = {false, false, false};
			int64		successes = 0;
			int64		credits;
			int32		j;
			int32		m = 0;
			bool		sorted = true;
			SimPeriod  *per;
			ambc_status st;

			e = all[i];
			if (e->c1 > 0)
				sim_push(e, e->p1, e->c1, work);
			if (e->c0 > 0)
				sim_push(e, e->p0, e->c0, work);
			per = e->per;
			for (j = 1; j < e->n && sorted; j++)
				sorted = per[j - 1].period < per[j].period;
			if (!sorted)
				qsort(per, e->n, sizeof(SimPeriod), cmp_period);
			if (e->n > ncounts)
			{
				ncounts = e->n;
				counts = MemoryContextAlloc(work, sizeof(int64) * ncounts);
			}
			/* equal periods (out-of-order arrivals) add up */
			for (j = 0; j < e->n; j++)
			{
				if (j > 0 && per[j].period == per[j - 1].period)
					counts[m - 1] += per[j].count;
				else
					counts[m++] = per[j].count;
				successes += per[j].count;
			}
			st = ambc_simulate_credits(counts, m, every_n, credit, cap, &credits);
			if (st != AMBC_OK)
				report_status(st, "simulated credits");
			values[0] = Int64GetDatum(e->id);
			values[1] = Int64GetDatum(successes);
			values[2] = Int64GetDatum(credits);
			tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
		}
	}
	MemoryContextDelete(work);
	return (Datum) 0;
}

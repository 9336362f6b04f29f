/*-------------------------------------------------------------------------
 *
 * simulate.c
 *		Analysts' incentive functions: amb.milestone_credits, the arithmetic
 *		of a rule, and amb.simulate_incentives, what every ambassador would
 *		have earned under another rule over the real referral history.
 *
 * simulate_incentives reads the confirmed referrals once, in any order, and
 * counts successes per ambassador, or per ambassador and cap period (a
 * hash table); then, per ambassador in id order, ambc_simulate_credits
 * turns the counts of consecutive periods into credits.  Only the counts
 * matter: the j-th milestone falls in the period where the running count
 * passes j * every_n, so the order of successes within a period does not.
 * A window-function query computing the same sorts every referral
 * (bench/incentive_simulate.sh compares the two).
 *
 * src/simulate.c
 *
 *-------------------------------------------------------------------------
 */
#include "compat.h"

#include "access/htup_details.h"
#include "catalog/pg_type.h"
#include "executor/spi.h"
#include "funcapi.h"
#include "miscadmin.h"
#include "utils/builtins.h"
#include "utils/hsearch.h"
#include "utils/memutils.h"
#include "utils/timestamp.h"

#include "milestone.h"

#define FETCH_ROWS 10000

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

/* successes of one ambassador, or of one ambassador in one period */
typedef struct SimKey
{
	int64		ambassador_id;
	int64		period;			/* period index; 0 without periods */
} SimKey;

typedef struct SimEntry
{
	SimKey		key;
	int64		count;
} SimEntry;

static int
cmp_entry(const void *a, const void *b)
{
	const SimEntry *x = *(SimEntry *const *) a;
	const SimEntry *y = *(SimEntry *const *) b;

	if (x->key.ambassador_id != y->key.ambassador_id)
		return x->key.ambassador_id < y->key.ambassador_id ? -1 : 1;
	if (x->key.period != y->key.period)
		return x->key.period < y->key.period ? -1 : 1;
	return 0;
}

/*
 * amb.simulate_incentives(every_n int, credit_cents bigint,
 *   cap_cents_per_period bigint DEFAULT NULL, period interval DEFAULT NULL,
 *   since timestamptz DEFAULT '-infinity')
 *   returns table (ambassador_id bigint, successes bigint, credits_cents bigint)
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
	HTAB	   *counts;
	HASHCTL		ctl;
	SPIPlanPtr	plan;
	Portal		portal;
	Oid			argtypes[1] = {TIMESTAMPTZOID};
	Datum		arg;
	SimEntry  **all;
	long		nall;
	long		i;
	long		j;
	HASH_SEQ_STATUS seq;
	SimEntry   *e;
	int64	   *group;
	MemoryContext work;
	MemoryContext old;

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
	memset(&ctl, 0, sizeof(ctl));
	ctl.keysize = sizeof(SimKey);
	ctl.entrysize = sizeof(SimEntry);
	ctl.hcxt = work;
	counts = hash_create("amb simulate counts", 65536, &ctl,
						 HASH_ELEM | HASH_BLOBS | HASH_CONTEXT);

	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed");
	plan = SPI_prepare("SELECT ambassador_id, confirmed_at FROM amb.referral"
					   " WHERE status OPERATOR(pg_catalog.=) 'confirmed'"
					   "   AND occurred_at OPERATOR(pg_catalog.>=) $1",
					   1, argtypes);
	if (plan == NULL)
		elog(ERROR, "SPI_prepare failed: %s", SPI_result_code_string(SPI_result));
	arg = TimestampTzGetDatum(since);
	portal = SPI_cursor_open(NULL, plan, &arg, NULL, true);
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
			bool		found;
			SimKey		key;

			key.ambassador_id = DatumGetInt64(SPI_getbinval(tup, desc, 1, &isnull));
			key.period = 0;
			if (has_period)
			{
				TimestampTz at = DatumGetTimestampTz(SPI_getbinval(tup, desc, 2, &isnull));
				int64		start;
				ambc_status st;

				if (isnull)
					continue;	/* cannot happen: a CHECK constraint */
				st = ambc_period_start(origin, &period, at, &start, &key.period);
				if (st != AMBC_OK)
					ereport(ERROR,
							(errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE),
							 errmsg("cap period out of range"),
							 errdetail("A referral was confirmed at %s.", pstrdup(timestamptz_to_str(at)))));
			}
			e = hash_search(counts, &key, HASH_ENTER, &found);
			if (!found)
				e->count = 0;
			e->count++;
		}
		SPI_freetuptable(SPI_tuptable);
		CHECK_FOR_INTERRUPTS();
	}
	SPI_cursor_close(portal);
	SPI_finish();

	/* per ambassador, its periods in order */
	old = MemoryContextSwitchTo(work);
	nall = hash_get_num_entries(counts);
	all = palloc(sizeof(SimEntry *) * Max(nall, 1));
	i = 0;
	hash_seq_init(&seq, counts);
	while ((e = hash_seq_search(&seq)) != NULL)
		all[i++] = e;
	qsort(all, nall, sizeof(SimEntry *), cmp_entry);
	group = palloc(sizeof(int64) * Max(nall, 1));
	MemoryContextSwitchTo(old);

	for (i = 0; i < nall; i = j)
	{
		int64		successes = 0;
		int64		credits;
		ambc_status st;
		Datum		values[3];
		bool		nulls[3] = {false, false, false};

		for (j = i; j < nall && all[j]->key.ambassador_id == all[i]->key.ambassador_id; j++)
		{
			group[j - i] = all[j]->count;
			successes += all[j]->count;
		}
		if (has_period)
			st = ambc_simulate_credits(group, j - i, every_n, credit, cap, &credits);
		else
			st = ambc_milestone_credits(successes, every_n, credit, cap, &credits);
		if (st != AMBC_OK)
			report_status(st, "simulated credits");
		values[0] = Int64GetDatum(all[i]->key.ambassador_id);
		values[1] = Int64GetDatum(successes);
		values[2] = Int64GetDatum(credits);
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
	}
	MemoryContextDelete(work);
	return (Datum) 0;
}

/*-------------------------------------------------------------------------
 *
 * incentive.c
 *		Referral micro-incentives: the referral and rule triggers, booking
 *		credits exactly once, clawbacks, the idempotent entry point, and the
 *		hooks merges, consent and erasure call.
 *
 * Booking.  A referral counts as a success while its status is
 * "confirmed".  Whenever a statement changes which referrals of an
 * ambassador are successes under a rule (an insert of a confirmed referral,
 * a confirmation, a refund or cancellation of a confirmed one), the
 * statement-level trigger amb_20_book_* brings that ambassador's ledger
 * under that rule in line with the count (ambc_incentive_plan, see
 * src/core/milestone.h): credits for milestones reached, clawbacks for
 * milestones lost (rules with clawback), withheld notes while the
 * financial_incentive consent is not granted.  Granting that consent books
 * what was withheld (amb_incentive_consent_granted, from the consent
 * trigger).
 *
 * Exactly once.  The trigger locks the statement's ambassadors FOR NO KEY
 * UPDATE in id order and reads the referrals and the ledger with a snapshot
 * taken after the lock (amb_locked_snapshot), so of two sessions booking
 * for one ambassador the second sees the first's referrals and entries and
 * books only the difference; a plan depends only on the ledger and the
 * count, so the result equals a serial run's.  Behind that, the ledger's
 * unique constraint on (ambassador, rule, milestone, kind, occurrence) makes
 * a double booking impossible to commit whatever happens.
 *
 * Rules.  A referral is governed by the rule in force for its program and
 * the ambassador's tier when it occurred, fixed on insert (rule_id): rules
 * never apply retroactively.  A rule that governs referrals can only be
 * ended (valid_to), and not before the last of them.
 *
 * Caps.  A rule with cap_cents_per_period pays at most that much per period
 * (valid_from + k * period, in UTC; without a period, over the rule's
 * life).  The j-th milestone reached belongs to the period of the
 * confirmation of the (j * every_n)-th success; a milestone the cap cuts is
 * booked with what is left (possibly 0) and the cut in capped_cents.
 *
 * src/incentive.c
 *
 *-------------------------------------------------------------------------
 */
#include "amb.h"
#include "consent.h"
#include "dedup.h"
#include "incentive.h"
#include "report.h"

#include "access/htup_details.h"
#include "access/xact.h"
#include "catalog/pg_collation.h"
#include "catalog/pg_type.h"
#include "commands/trigger.h"
#include "executor/spi.h"
#include "lib/stringinfo.h"
#include "miscadmin.h"
#include "utils/builtins.h"
#include "utils/datum.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"
#include "utils/timestamp.h"
#include "common/hashfn.h"
#include "storage/lmgr.h"
#include "storage/lock.h"

#include "email.h"
#include "milestone.h"
#include "phone.h"

#define NORM_BUF 512

/* ------------------------------------------------------------------------
 * small helpers
 * ------------------------------------------------------------------------
 */

/*
 * read_locked
 *		Run a query that reads what the ambassador locks protect, with the
 *		snapshot for that (amb_locked_snapshot); errors unless it is a
 *		SELECT.
 */
static void
read_locked(SPIPlanPtr plan, Datum *args, const char *nulls, const char *what)
{
	if (SPI_execute_snapshot(plan, args, nulls, amb_locked_snapshot(), InvalidSnapshot,
							 false, false, 0) != SPI_OK_SELECT)
		elog(ERROR, "could not read %s", what);
}

/*
 * normalize_contact
 *		The normalized form of a referee's email (phone when is_phone, in
 *		country) as a palloc'd C string, or NULL when absent or not valid:
 *		a referral keeps what it was given either way.
 */
static char *
normalize_contact(Datum value, bool isnull, bool is_phone, const char *country)
{
	AmbUtf8		in;
	char		buf[NORM_BUF];
	size_t		len = 0;
	const char *reason;
	ambc_status st;

	if (isnull)
		return NULL;
	in = amb_utf8_from_text(DatumGetTextPP(value));
	if (is_phone)
		st = ambc_phone_normalize(in.data, in.len, country, strlen(country),
								  buf, sizeof(buf), &len, &reason);
	else
		st = ambc_email_normalize(in.data, in.len, buf, sizeof(buf), &len, &reason);
	if (st != AMBC_OK)
		return NULL;
	return text_to_cstring(amb_utf8_to_text(buf, len));
}

static const char *const status_names[] = {
	"pending", "confirmed", "rejected", "refunded", "cancelled"
};

static int
status_of(Datum d)
{
	char	   *s = DatumGetCString(DirectFunctionCall1(enum_out, d));
	int			i;

	for (i = 0; i < lengthof(status_names); i++)
		if (strcmp(s, status_names[i]) == 0)
			return i;
	elog(ERROR, "amb.referral_status has a value amb does not know: \"%s\"", s);
	return -1;
}

#define ST_PENDING 0
#define ST_CONFIRMED 1

/*
 * Rule changes and referral inserts of one program serialize on an advisory
 * lock of their own space (locktag field4, as merge.c's match keys), keyed
 * by a hash of the program: an insert takes it shared, so inserts do not
 * wait for each other, and a rule change exclusive, so no referral picks a
 * rule a concurrent change is ending, and no rule ends before a referral a
 * concurrent insert gave it.
 */
#define AMB_LOCK_PROGRAM_SPACE 0x616e

static void
lock_program(const char *program, LOCKMODE mode)
{
	LOCKTAG		tag;

	SET_LOCKTAG_ADVISORY(tag, MyDatabaseId, (uint32) AMB_LOCK_CLASS,
						 hash_bytes((const unsigned char *) program, (int) strlen(program)),
						 AMB_LOCK_PROGRAM_SPACE);
	(void) LockAcquire(&tag, mode, false, false);
}

/* ------------------------------------------------------------------------
 * rules
 * ------------------------------------------------------------------------
 */

/* what booking needs of a rule */
typedef struct RuleInfo
{
	int64		id;
	int64		every_n;
	int64		credit;
	char		currency[4];
	int64		cap;			/* AMBC_NO_CAP for none */
	bool		has_period;
	ambc_period period;
	int64		origin;			/* of the periods */
	bool		clawback;
} RuleInfo;

/*
 * interval_period
 *		An interval as a core period; false if a part is negative or all are
 *		zero.
 */
static bool
interval_period(const Interval *iv, ambc_period *p)
{
	p->months = iv->month;
	p->days = iv->day;
	p->usecs = iv->time;
	return ambc_period_valid(p);
}

/*
 * amb._incentive_rule_check() trigger: BEFORE INSERT OR UPDATE FOR EACH ROW
 * on amb.incentive_rule.
 */
PG_FUNCTION_INFO_V1(amb_incentive_rule_check);

Datum
amb_incentive_rule_check(PG_FUNCTION_ARGS)
{
	TriggerData *td = amb_check_before_row_trigger(fcinfo, "amb._incentive_rule_check");
	TupleDesc	desc = RelationGetDescr(td->tg_relation);
	HeapTuple	newtup = TRIGGER_FIRED_BY_UPDATE(td->tg_event) ? td->tg_newtuple : td->tg_trigtuple;
	int			a_id = SPI_fnumber(desc, "id");
	int			a_period = SPI_fnumber(desc, "period");
	int			a_hold = SPI_fnumber(desc, "hold");
	int			a_to = SPI_fnumber(desc, "valid_to");
	int			a_from = SPI_fnumber(desc, "valid_from");
	int			a_program = SPI_fnumber(desc, "program");
	int			a_tier = SPI_fnumber(desc, "tier");
	bool		isnull;
	Datum		d;
	int64		id;

	if (a_id <= 0 || a_period <= 0 || a_hold <= 0 || a_to <= 0 || a_from <= 0 ||
		a_program <= 0 || a_tier <= 0)
		ereport(ERROR,
				(errcode(ERRCODE_UNDEFINED_COLUMN),
				 errmsg("relation \"%s\" is not an incentive rule table",
						RelationGetRelationName(td->tg_relation)),
				 errhint("amb._incentive_rule_check() belongs on amb.incentive_rule only.")));
	id = DatumGetInt64(heap_getattr(newtup, a_id, desc, &isnull));

	d = heap_getattr(newtup, a_period, desc, &isnull);
	if (!isnull)
	{
		ambc_period p;

		if (!interval_period(DatumGetIntervalP(d), &p))
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("invalid period for incentive rule " INT64_FORMAT, id),
					 errdetail("The period is \"%s\".",
							   DatumGetCString(DirectFunctionCall1(interval_out, d))),
					 errhint("Use a positive interval such as '1 month' or '7 days', with no negative part.")));
	}
	d = heap_getattr(newtup, a_hold, desc, &isnull);
	if (!isnull)
	{
		Interval   *iv = DatumGetIntervalP(d);

		if (iv->month < 0 || iv->day < 0 || iv->time < 0)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("invalid hold for incentive rule " INT64_FORMAT, id),
					 errdetail("The hold is \"%s\".",
							   DatumGetCString(DirectFunctionCall1(interval_out, d))),
					 errhint("Use an interval with no negative part, such as '30 days' or '0'.")));
	}

	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed");

	/*
	 * Serialize with referral inserts of the program (they resolve rules
	 * under its lock, shared) and read referrals as committed once the lock
	 * is held.
	 */
	d = heap_getattr(newtup, a_program, desc, &isnull);
	if (!isnull)
		lock_program(TextDatumGetCString(d), ExclusiveLock);
	if (TRIGGER_FIRED_BY_UPDATE(td->tg_event))
	{
		d = heap_getattr(td->tg_trigtuple, a_program, desc, &isnull);
		if (!isnull)
			lock_program(TextDatumGetCString(d), ExclusiveLock);
	}

	if (TRIGGER_FIRED_BY_UPDATE(td->tg_event))
	{
		HeapTuple	oldtup = td->tg_trigtuple;
		int			i;
		const char *changed = NULL;
		Oid			one[1] = {INT8OID};
		Datum		arg = Int64GetDatum(DatumGetInt64(heap_getattr(oldtup, a_id, desc, &isnull)));

		/* what changed besides valid_to */
		for (i = 1; i <= desc->natts; i++)
		{
			Form_pg_attribute att = TupleDescAttr(desc, i - 1);
			bool		n1,
						n2;
			Datum		v1,
						v2;

			if (att->attisdropped || i == a_to)
				continue;
			v1 = heap_getattr(oldtup, i, desc, &n1);
			v2 = heap_getattr(newtup, i, desc, &n2);
			if (n1 != n2 || (!n1 && !datumIsEqual(v1, v2, att->attbyval, att->attlen)))
			{
				changed = NameStr(att->attname);
				break;
			}
		}
		(void) amb_exec_locked("SELECT r.id, r.occurred_at FROM amb.referral r"
						   " WHERE r.rule_id OPERATOR(pg_catalog.=) $1"
						   " ORDER BY r.occurred_at DESC, r.id DESC LIMIT 1",
						   1, one, &arg, SPI_OK_SELECT, false);
		if (SPI_processed > 0)
		{
			int64		rid = DatumGetInt64(SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1, &isnull));
			TimestampTz last = DatumGetTimestampTz(SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 2, &isnull));
			Datum		to;

			if (changed != NULL)
				ereport(ERROR,
						(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
						 errmsg("incentive rule " INT64_FORMAT " cannot be changed", id),
						 errdetail("Column \"%s\" would change, and the rule governs referrals (referral " INT64_FORMAT " among them).",
								   changed, rid),
						 errhint("End the rule by setting valid_to, and add a new rule from then: rules never apply retroactively.")));
			to = heap_getattr(newtup, a_to, desc, &isnull);
			if (!isnull && DatumGetTimestampTz(to) <= last)
				ereport(ERROR,
						(errcode(ERRCODE_CHECK_VIOLATION),
						 errmsg("cannot end incentive rule " INT64_FORMAT " before a referral it governs", id),
						 errdetail("Referral " INT64_FORMAT " occurred at %s.", rid,
								   pstrdup(timestamptz_to_str(last))),
						 errhint("Set valid_to later than %s.", pstrdup(timestamptz_to_str(last)))));
		}
	}

	/*
	 * Rules never apply retroactively: a rule may not come into force (a
	 * new rule, or one reopened) over referrals already recorded without it
	 * that it would have governed.  For a tier's rule, those of ambassadors
	 * of the tier recorded under the program's rule or none.
	 */
	{
		Oid			types[5] = {TEXTOID, TIMESTAMPTZOID, TIMESTAMPTZOID, INT8OID, TEXTOID};
		Datum		vals[5];
		char		nulls[5] = {' ', ' ', ' ', ' ', ' '};
		SPIPlanPtr	plan;

		vals[0] = heap_getattr(newtup, a_program, desc, &isnull);
		vals[1] = heap_getattr(newtup, a_from, desc, &isnull);
		vals[2] = heap_getattr(newtup, a_to, desc, &isnull);
		nulls[2] = isnull ? 'n' : ' ';
		vals[3] = Int64GetDatum(id);
		vals[4] = heap_getattr(newtup, a_tier, desc, &isnull);
		nulls[4] = isnull ? 'n' : ' ';
		plan = SPI_prepare("SELECT r.id, r.occurred_at FROM amb.referral r"
						   " WHERE r.program OPERATOR(pg_catalog.=) $1"
						   "   AND r.occurred_at OPERATOR(pg_catalog.>=) $2"
						   "   AND ($3 IS NULL OR r.occurred_at OPERATOR(pg_catalog.<) $3)"
						   "   AND r.rule_id IS DISTINCT FROM $4"
						   "   AND (r.rule_id IS NULL"
						   "        OR ($5 IS NOT NULL AND EXISTS (SELECT FROM amb.incentive_rule g"
						   "             WHERE g.id OPERATOR(pg_catalog.=) r.rule_id AND g.tier IS NULL)))"
						   "   AND ($5 IS NULL OR EXISTS (SELECT FROM amb.ambassador a"
						   "        WHERE a.id OPERATOR(pg_catalog.=) r.ambassador_id"
						   "          AND $5 OPERATOR(pg_catalog.=) ANY (a.tags::text[])))"
						   " ORDER BY r.occurred_at, r.id LIMIT 1",
						   5, types);
		if (plan == NULL)
			elog(ERROR, "SPI_prepare failed: %s", SPI_result_code_string(SPI_result));
		if (SPI_execute_snapshot(plan, vals, nulls, amb_locked_snapshot(), InvalidSnapshot,
								 false, false, 1) != SPI_OK_SELECT)
			elog(ERROR, "could not read amb.referral");
		if (SPI_processed > 0)
		{
			int64		rid = DatumGetInt64(SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1, &isnull));
			TimestampTz at = DatumGetTimestampTz(SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 2, &isnull));

			ereport(ERROR,
					(errcode(ERRCODE_CHECK_VIOLATION),
					 errmsg("incentive rule " INT64_FORMAT " would apply to referrals recorded before it", id),
					 errdetail("Referral " INT64_FORMAT " occurred at %s, in the rule's window, and was recorded under another rule or none.",
							   rid, pstrdup(timestamptz_to_str(at))),
					 errhint("Rules never apply retroactively: start the rule after %s.",
							 pstrdup(timestamptz_to_str(at)))));
		}
		SPI_freeplan(plan);
	}
	SPI_finish();
	return PointerGetDatum(newtup);
}

/*
 * load_rules
 *		RuleInfo for the rules ids[0..n) (sorted, distinct), in that order
 *		(inside SPI).
 */
static RuleInfo *
load_rules(const int64 *ids, int n)
{
	static SPIPlanPtr plan = NULL;
	Oid			argtypes[1] = {INT8ARRAYOID};
	Datum		arg = amb_int8_array(ids, n);
	RuleInfo   *rules = palloc0(sizeof(RuleInfo) * Max(n, 1));
	uint64		r;

	amb_kept_plan(&plan,
				  "SELECT id, every_n, credit_cents, currency::text, cap_cents_per_period, period,"
				  "       valid_from, clawback"
				  "  FROM amb.incentive_rule WHERE id OPERATOR(pg_catalog.=) ANY ($1) ORDER BY id",
				  1, argtypes);
	/* as committed: a REPEATABLE READ snapshot may predate a rule in use */
	read_locked(plan, &arg, NULL, "amb.incentive_rule");
	if (SPI_processed != (uint64) n)
		elog(ERROR, "incentive rules disappeared while booking");
	for (r = 0; r < SPI_processed; r++)
	{
		HeapTuple	tup = SPI_tuptable->vals[r];
		TupleDesc	desc = SPI_tuptable->tupdesc;
		RuleInfo   *g = &rules[r];
		bool		isnull;
		Datum		d;
		char	   *cur;
		TimestampTz from;

		g->id = DatumGetInt64(SPI_getbinval(tup, desc, 1, &isnull));
		g->every_n = DatumGetInt32(SPI_getbinval(tup, desc, 2, &isnull));
		g->credit = DatumGetInt64(SPI_getbinval(tup, desc, 3, &isnull));
		cur = SPI_getvalue(tup, desc, 4);
		strlcpy(g->currency, cur, sizeof(g->currency));
		d = SPI_getbinval(tup, desc, 5, &isnull);
		g->cap = isnull ? AMBC_NO_CAP : DatumGetInt64(d);
		d = SPI_getbinval(tup, desc, 6, &isnull);
		g->has_period = !isnull;
		if (!isnull && !interval_period(DatumGetIntervalP(d), &g->period))
			elog(ERROR, "incentive rule " INT64_FORMAT " has an invalid period", g->id);
		from = DatumGetTimestampTz(SPI_getbinval(tup, desc, 7, &isnull));
		g->origin = TIMESTAMP_NOT_FINITE(from) ? 0 : from;
		g->clawback = DatumGetBool(SPI_getbinval(tup, desc, 8, &isnull));
	}
	SPI_freetuptable(SPI_tuptable);
	return rules;
}

/* ------------------------------------------------------------------------
 * booking
 * ------------------------------------------------------------------------
 */

/* an (ambassador, rule) whose successes changed */
typedef struct BookPair
{
	int64		ambassador_id;
	int64		rule_id;
	int64		cause;			/* the one referral that changed, or 0 */
} BookPair;

static int
cmp_pair(const void *a, const void *b)
{
	const BookPair *x = a;
	const BookPair *y = b;

	if (x->ambassador_id != y->ambassador_id)
		return x->ambassador_id < y->ambassador_id ? -1 : 1;
	if (x->rule_id != y->rule_id)
		return x->rule_id < y->rule_id ? -1 : 1;
	return 0;
}

/* a milestone's ledger history, as booking reads it */
typedef struct MilestoneRow
{
	int32		k;
	int32		credits;
	int32		clawbacks;
	int32		withheld;
	int64		last_credit_id;
	int64		last_withheld_id;
	int64		last_amount;	/* of the latest credit */
	bool		last_has_period;
	TimestampTz last_period;
} MilestoneRow;

/* what a cap period has paid so far */
typedef struct PeriodUse
{
	bool		has;
	TimestampTz start;
	int64		used;
} PeriodUse;

/* entries to insert into amb.credit_ledger, as arrays */
typedef struct LedgerBatch
{
	MemoryContext cxt;			/* the arrays and values live here */
	int			n;
	int			cap;
	Datum	   *amb;
	Datum	   *rule;
	Datum	   *milestone;
	Datum	   *kind;
	Datum	   *occurrence;
	Datum	   *amount;
	Datum	   *capped;
	Datum	   *currency;
	Datum	   *period;
	bool	   *period_null;
	Datum	   *referral;
	bool	   *referral_null;
} LedgerBatch;

static void
batch_add(LedgerBatch *b, int64 amb, const RuleInfo *g, int32 k, const char *kind,
		  int32 occurrence, int64 amount, int64 capped, bool has_period,
		  TimestampTz period, int64 referral)
{
	MemoryContext old = MemoryContextSwitchTo(b->cxt);

	if (b->n == b->cap)
	{
		int			nc = b->cap == 0 ? 64 : b->cap * 2;

#define GROW(f, t) b->f = b->cap == 0 ? palloc(sizeof(t) * nc) : repalloc(b->f, sizeof(t) * nc)
		GROW(amb, Datum);
		GROW(rule, Datum);
		GROW(milestone, Datum);
		GROW(kind, Datum);
		GROW(occurrence, Datum);
		GROW(amount, Datum);
		GROW(capped, Datum);
		GROW(currency, Datum);
		GROW(period, Datum);
		GROW(period_null, bool);
		GROW(referral, Datum);
		GROW(referral_null, bool);
#undef GROW
		b->cap = nc;
	}
	b->amb[b->n] = Int64GetDatum(amb);
	b->rule[b->n] = Int64GetDatum(g->id);
	b->milestone[b->n] = Int32GetDatum(k);
	b->kind[b->n] = CStringGetTextDatum(kind);
	b->occurrence[b->n] = Int32GetDatum(occurrence);
	b->amount[b->n] = Int64GetDatum(amount);
	b->capped[b->n] = Int64GetDatum(capped);
	b->currency[b->n] = CStringGetTextDatum(g->currency);
	b->period[b->n] = TimestampTzGetDatum(period);
	b->period_null[b->n] = !has_period;
	b->referral[b->n] = Int64GetDatum(referral);
	b->referral_null[b->n] = (referral == 0);
	b->n++;
	MemoryContextSwitchTo(old);
}

static Datum
batch_array(Datum *d, bool *nulls, int n, Oid typ)
{
	int16		typlen;
	bool		typbyval;
	char		typalign;
	int			dims[1];
	int			lbs[1] = {1};

	get_typlenbyvalalign(typ, &typlen, &typbyval, &typalign);
	dims[0] = n;
	return PointerGetDatum(construct_md_array(d, nulls, 1, dims, lbs, typ, typlen,
											  typbyval, typalign));
}

/*
 * batch_write
 *		Insert the batch's entries and append one audit row per ambassador
 *		listing them (inside SPI, as the tables' owner, the ambassadors
 *		locked).
 */
static void
batch_write(LedgerBatch *b)
{
	static SPIPlanPtr plan = NULL;
	Oid			types[10] = {INT8ARRAYOID, INT8ARRAYOID, INT4ARRAYOID, TEXTARRAYOID,
		INT4ARRAYOID, INT8ARRAYOID, INT8ARRAYOID, TEXTARRAYOID, TIMESTAMPTZARRAYOID,
	INT8ARRAYOID};
	Datum		args[10];
	AmbAuditRow *audit;
	int			naudit = 0;
	StringInfoData s;
	int			i;

	if (b->n == 0)
		return;
	args[0] = batch_array(b->amb, NULL, b->n, INT8OID);
	args[1] = batch_array(b->rule, NULL, b->n, INT8OID);
	args[2] = batch_array(b->milestone, NULL, b->n, INT4OID);
	args[3] = batch_array(b->kind, NULL, b->n, TEXTOID);
	args[4] = batch_array(b->occurrence, NULL, b->n, INT4OID);
	args[5] = batch_array(b->amount, NULL, b->n, INT8OID);
	args[6] = batch_array(b->capped, NULL, b->n, INT8OID);
	args[7] = batch_array(b->currency, NULL, b->n, TEXTOID);
	args[8] = batch_array(b->period, b->period_null, b->n, TIMESTAMPTZOID);
	args[9] = batch_array(b->referral, b->referral_null, b->n, INT8OID);
	amb_kept_plan(&plan,
				  "INSERT INTO amb.credit_ledger (ambassador_id, rule_id, milestone, kind, occurrence,"
				  "       amount_cents, capped_cents, currency, period_start, referral_id)"
				  " SELECT a, r, m, k::amb.credit_kind, o, x, c, cu::bpchar, p, f"
				  "   FROM ROWS FROM (pg_catalog.unnest($1), pg_catalog.unnest($2), pg_catalog.unnest($3),"
				  "        pg_catalog.unnest($4), pg_catalog.unnest($5), pg_catalog.unnest($6),"
				  "        pg_catalog.unnest($7), pg_catalog.unnest($8), pg_catalog.unnest($9),"
				  "        pg_catalog.unnest($10)) AS q(a, r, m, k, o, x, c, cu, p, f)",
				  10, types);
	if (SPI_execute_plan(plan, args, NULL, false, 0) != SPI_OK_INSERT)
		elog(ERROR, "could not write amb.credit_ledger");

	/* the audit trail: the entries of each ambassador, in booking order */
	audit = palloc(sizeof(AmbAuditRow) * b->n);
	i = 0;
	while (i < b->n)
	{
		int64		who = DatumGetInt64(b->amb[i]);

		initStringInfo(&s);
		appendStringInfoString(&s, "{\"fields\": [\"rule\", \"milestone\", \"kind\", \"occurrence\","
							   " \"amount_cents\", \"capped_cents\", \"currency\", \"referral\"],"
							   " \"entries\": [");
		for (; i < b->n && DatumGetInt64(b->amb[i]) == who; i++)
		{
			char	   *kind = TextDatumGetCString(b->kind[i]);
			char	   *cur = TextDatumGetCString(b->currency[i]);

			if (s.data[s.len - 1] == ']')
				appendStringInfoString(&s, ", ");
			appendStringInfo(&s, "[" INT64_FORMAT ", %d, \"%s\", %d, " INT64_FORMAT ", " INT64_FORMAT ", \"%s\", ",
							 DatumGetInt64(b->rule[i]), DatumGetInt32(b->milestone[i]), kind,
							 DatumGetInt32(b->occurrence[i]), DatumGetInt64(b->amount[i]),
							 DatumGetInt64(b->capped[i]), cur);
			if (b->referral_null[i])
				appendStringInfoString(&s, "null]");
			else
				appendStringInfo(&s, INT64_FORMAT "]", DatumGetInt64(b->referral[i]));
		}
		appendStringInfoString(&s, "]}");
		audit[naudit].chain = who;
		audit[naudit].kind = "credit";
		audit[naudit].payload = s.data;
		naudit++;
	}
	amb_audit_append(audit, naudit);
	b->n = 0;
}

/*
 * book_pair
 *		Plan and queue the entries that bring one ambassador's ledger under
 *		one rule in line with its successes (inside SPI, the ambassador
 *		locked).  consent: financial_incentive is granted.
 */
static void
book_pair(const BookPair *pp, const RuleInfo *g, bool consent, LedgerBatch *batch)
{
	static SPIPlanPtr succ_plan = NULL;
	static SPIPlanPtr ledger_plan = NULL;
	Oid			two[2] = {INT8OID, INT8OID};
	Datum		args[2];
	int64	   *succ_id;
	TimestampTz *succ_at;
	int64		nsucc;
	MilestoneRow *rows;
	int			nrows = 0;
	PeriodUse  *uses;
	int			nuses = 0;
	ambc_milestone *ms;
	ambc_booking *plan;
	size_t		nplan;
	size_t		plancap;
	ambc_status st;
	uint64		r;
	size_t		i;

	args[0] = Int64GetDatum(pp->ambassador_id);
	args[1] = Int64GetDatum(pp->rule_id);

	/* the successes, in the order they were confirmed */
	amb_kept_plan(&succ_plan,
				  "SELECT id, confirmed_at FROM amb.referral"
				  " WHERE ambassador_id OPERATOR(pg_catalog.=) $1 AND rule_id OPERATOR(pg_catalog.=) $2"
				  "   AND status OPERATOR(pg_catalog.=) 'confirmed'"
				  " ORDER BY confirmed_at, id",
				  2, two);
	read_locked(succ_plan, args, NULL, "amb.referral");
	nsucc = (int64) SPI_processed;
	succ_id = palloc(sizeof(int64) * Max(nsucc, 1));
	succ_at = palloc(sizeof(TimestampTz) * Max(nsucc, 1));
	for (r = 0; r < SPI_processed; r++)
	{
		bool		isnull;

		succ_id[r] = DatumGetInt64(SPI_getbinval(SPI_tuptable->vals[r], SPI_tuptable->tupdesc, 1, &isnull));
		succ_at[r] = DatumGetTimestampTz(SPI_getbinval(SPI_tuptable->vals[r], SPI_tuptable->tupdesc, 2, &isnull));
	}
	SPI_freetuptable(SPI_tuptable);

	/* the ledger, by milestone in booking order */
	amb_kept_plan(&ledger_plan,
				  "SELECT milestone, kind::text, amount_cents, period_start, id FROM amb.credit_ledger"
				  " WHERE ambassador_id OPERATOR(pg_catalog.=) $1 AND rule_id OPERATOR(pg_catalog.=) $2"
				  " ORDER BY milestone, id",
				  2, two);
	read_locked(ledger_plan, args, NULL, "amb.credit_ledger");
	rows = palloc0(sizeof(MilestoneRow) * Max(SPI_processed, 1));
	uses = palloc0(sizeof(PeriodUse) * (SPI_processed + 1 + (size_t) nsucc / Max(g->every_n, 1) + 1));
	for (r = 0; r < SPI_processed; r++)
	{
		HeapTuple	tup = SPI_tuptable->vals[r];
		TupleDesc	desc = SPI_tuptable->tupdesc;
		bool		isnull;
		bool		pnull;
		int32		k = DatumGetInt32(SPI_getbinval(tup, desc, 1, &isnull));
		char	   *kind = SPI_getvalue(tup, desc, 2);
		int64		amount = DatumGetInt64(SPI_getbinval(tup, desc, 3, &isnull));
		Datum		pd = SPI_getbinval(tup, desc, 4, &pnull);
		int64		id = DatumGetInt64(SPI_getbinval(tup, desc, 5, &isnull));
		MilestoneRow *m;
		int			u;

		if (nrows == 0 || rows[nrows - 1].k != k)
		{
			rows[nrows].k = k;
			nrows++;
		}
		m = &rows[nrows - 1];
		if (strcmp(kind, "credit") == 0)
		{
			m->credits++;
			m->last_credit_id = id;
			m->last_amount = amount;
			m->last_has_period = !pnull;
			m->last_period = pnull ? 0 : DatumGetTimestampTz(pd);
		}
		else if (strcmp(kind, "clawback") == 0)
			m->clawbacks++;
		else
		{
			m->withheld++;
			m->last_withheld_id = id;
		}
		if (strcmp(kind, "withheld") == 0)
			continue;
		/* what each period paid, net */
		for (u = 0; u < nuses; u++)
			if (uses[u].has == !pnull && (pnull || uses[u].start == DatumGetTimestampTz(pd)))
				break;
		if (u == nuses)
		{
			uses[u].has = !pnull;
			uses[u].start = pnull ? 0 : DatumGetTimestampTz(pd);
			uses[u].used = 0;
			nuses++;
		}
		if (pg_add_s64_overflow(uses[u].used, amount, &uses[u].used))
			ereport(ERROR,
					(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
					 errmsg("credits of ambassador " INT64_FORMAT " under incentive rule " INT64_FORMAT " are out of range",
							pp->ambassador_id, g->id)));
	}
	SPI_freetuptable(SPI_tuptable);

	ms = palloc(sizeof(ambc_milestone) * Max(nrows, 1));
	for (i = 0; i < (size_t) nrows; i++)
	{
		ms[i].k = rows[i].k;
		ms[i].held = rows[i].credits > rows[i].clawbacks;
		ms[i].open_withheld = rows[i].withheld > 0 &&
			rows[i].last_withheld_id > rows[i].last_credit_id;
	}
	plancap = (size_t) nrows + (size_t) (nsucc / g->every_n) + 1;
	plan = palloc(sizeof(ambc_booking) * plancap);
	st = ambc_incentive_plan(nsucc / g->every_n, g->clawback, consent, ms, nrows,
							 plan, plancap, &nplan);
	if (st != AMBC_OK)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("cannot book the milestones of ambassador " INT64_FORMAT " under incentive rule " INT64_FORMAT,
						pp->ambassador_id, g->id),
				 errdetail("The ledger is beyond what amb can plan (%s).", ambc_status_name(st))));

	for (i = 0; i < nplan; i++)
	{
		const ambc_booking *bk = &plan[i];
		MilestoneRow *m = NULL;
		int			lo = 0,
					hi = nrows - 1;

		while (lo <= hi)
		{
			int			mid = (lo + hi) / 2;

			if (rows[mid].k == bk->k)
			{
				m = &rows[mid];
				break;
			}
			if (rows[mid].k < bk->k)
				lo = mid + 1;
			else
				hi = mid - 1;
		}

		if (bk->kind == AMBC_BOOK_CLAWBACK)
		{
			int			u;

			if (m == NULL)
				elog(ERROR, "clawback planned for a milestone with no credit");
			batch_add(batch, pp->ambassador_id, g, bk->k, "clawback", m->clawbacks + 1,
					  -m->last_amount, 0, m->last_has_period, m->last_period, pp->cause);
			for (u = 0; u < nuses; u++)
				if (uses[u].has == m->last_has_period &&
					(!m->last_has_period || uses[u].start == m->last_period))
					uses[u].used -= m->last_amount;
		}
		else
		{
			/* the success that reaches it: the (reach * every_n)-th */
			int64		idx = bk->reach * g->every_n - 1;
			int64		reached_by;
			TimestampTz reached_at;

			if (idx < 0 || idx >= nsucc)
				elog(ERROR, "milestone planned beyond the successes");
			reached_by = succ_id[idx];
			reached_at = succ_at[idx];
			if (bk->kind == AMBC_BOOK_WITHHELD)
				batch_add(batch, pp->ambassador_id, g, bk->k, "withheld",
						  (m ? m->withheld : 0) + 1, 0, 0, false, 0, reached_by);
			else
			{
				bool		has_period = false;
				TimestampTz start = 0;
				int64		amount;
				int			u;

				if (g->cap != AMBC_NO_CAP && g->has_period)
				{
					int64		index;

					st = ambc_period_start(g->origin, &g->period, reached_at, &start, &index);
					if (st != AMBC_OK)
						ereport(ERROR,
								(errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE),
								 errmsg("cap period of incentive rule " INT64_FORMAT " out of range", g->id),
								 errdetail("Referral " INT64_FORMAT " was confirmed at %s.", reached_by,
										   pstrdup(timestamptz_to_str(reached_at)))));
					has_period = true;
				}
				for (u = 0; u < nuses; u++)
					if (uses[u].has == has_period && (!has_period || uses[u].start == start))
						break;
				if (u == nuses)
				{
					uses[u].has = has_period;
					uses[u].start = start;
					uses[u].used = 0;
					nuses++;
				}
				st = ambc_capped_amount(g->credit, g->cap, uses[u].used, &amount);
				if (st != AMBC_OK)
					elog(ERROR, "invalid incentive rule " INT64_FORMAT, g->id);
				uses[u].used += amount;
				batch_add(batch, pp->ambassador_id, g, bk->k, "credit", (m ? m->credits : 0) + 1,
						  amount, g->credit - amount, has_period, start, reached_by);
			}
		}
	}
}

/*
 * granted_set
 *		Of ids[0..n) (sorted), those whose financial_incentive consent is
 *		granted now, as a sorted palloc'd array (inside SPI, locked).
 */
static int64 *
granted_set(const int64 *ids, int n, int *nout)
{
	static SPIPlanPtr plan = NULL;
	Oid			argtypes[1] = {INT8ARRAYOID};
	Datum		arg = amb_int8_array(ids, n);
	int64	   *out;
	uint64		r;

	amb_kept_plan(&plan,
				  "SELECT h.ambassador_id FROM amb.consent_head h,"
				  "       ROWS FROM (pg_catalog.unnest(h.purposes), pg_catalog.unnest(h.states)) AS u(p, s)"
				  " WHERE h.ambassador_id OPERATOR(pg_catalog.=) ANY ($1)"
				  "   AND u.p OPERATOR(pg_catalog.=) '" AMB_INCENTIVE_PURPOSE "'"
				  "   AND u.s OPERATOR(pg_catalog.=) 'granted'"
				  " ORDER BY 1",
				  1, argtypes);
	read_locked(plan, &arg, NULL, "amb.consent_head");
	out = palloc(sizeof(int64) * Max(SPI_processed, 1));
	for (r = 0; r < SPI_processed; r++)
	{
		bool		isnull;

		out[r] = DatumGetInt64(SPI_getbinval(SPI_tuptable->vals[r], SPI_tuptable->tupdesc, 1, &isnull));
	}
	*nout = (int) SPI_processed;
	SPI_freetuptable(SPI_tuptable);
	return out;
}

/*
 * book_pairs
 *		Book for pairs[0..n) (inside SPI, as the tables' owner, the
 *		ambassadors locked).  Sorts pairs.
 */
static void
book_pairs(BookPair *pairs, int n)
{
	int64	   *ambs;
	int			nambs = 0;
	int64	   *rule_ids;
	int			nrules = 0;
	RuleInfo   *rules;
	int64	   *granted;
	int			ngranted;
	LedgerBatch batch;
	MemoryContext pair_cxt;
	MemoryContext old;
	int			i;

	if (n == 0)
		return;
	qsort(pairs, n, sizeof(BookPair), cmp_pair);
	ambs = palloc(sizeof(int64) * n);
	rule_ids = palloc(sizeof(int64) * n);
	for (i = 0; i < n; i++)
	{
		if (nambs == 0 || ambs[nambs - 1] != pairs[i].ambassador_id)
			ambs[nambs++] = pairs[i].ambassador_id;
		rule_ids[nrules++] = pairs[i].rule_id;
	}
	qsort(rule_ids, nrules, sizeof(int64), amb_cmp_int64);
	{
		int			j = 0;

		for (i = 0; i < nrules; i++)
			if (j == 0 || rule_ids[j - 1] != rule_ids[i])
				rule_ids[j++] = rule_ids[i];
		nrules = j;
	}
	rules = load_rules(rule_ids, nrules);
	granted = granted_set(ambs, nambs, &ngranted);

	memset(&batch, 0, sizeof(batch));
	batch.cxt = AllocSetContextCreate(CurrentMemoryContext, "amb ledger batch", ALLOCSET_DEFAULT_SIZES);
	pair_cxt = AllocSetContextCreate(CurrentMemoryContext, "amb booking", ALLOCSET_DEFAULT_SIZES);
	for (i = 0; i < n; i++)
	{
		RuleInfo	key;
		RuleInfo   *g;
		bool		consent;

		if (i > 0 && cmp_pair(&pairs[i - 1], &pairs[i]) == 0)
			continue;
		key.id = pairs[i].rule_id;
		g = bsearch(&key, rules, nrules, sizeof(RuleInfo), amb_cmp_int64);
		if (g == NULL)
			elog(ERROR, "incentive rule " INT64_FORMAT " not loaded", pairs[i].rule_id);
		consent = bsearch(&pairs[i].ambassador_id, granted, ngranted, sizeof(int64), amb_cmp_int64) != NULL;
		old = MemoryContextSwitchTo(pair_cxt);
		book_pair(&pairs[i], g, consent, &batch);
		if (batch.n >= 10000)
		{
			batch_write(&batch);
			MemoryContextReset(batch.cxt);
			batch.cap = 0;
		}
		MemoryContextSwitchTo(old);
		MemoryContextReset(pair_cxt);
		CHECK_FOR_INTERRUPTS();
	}
	old = MemoryContextSwitchTo(pair_cxt);
	batch_write(&batch);
	MemoryContextSwitchTo(old);
	MemoryContextDelete(batch.cxt);
	MemoryContextDelete(pair_cxt);
}

/*
 * pairs_from_query
 *		Run a query giving (ambassador_id, rule_id, cause) rows and return
 *		them as BookPairs (inside SPI, the ambassadors locked: it reads with
 *		the locked snapshot).
 */
static BookPair *
pairs_from_query(const char *sql, int nargs, Oid *types, Datum *args, int *n)
{
	BookPair   *pairs;
	uint64		r;

	/* the snapshot for what the ambassador locks protect */
	(void) amb_exec_locked(sql, nargs, types, args, SPI_OK_SELECT, false);
	pairs = palloc(sizeof(BookPair) * Max(SPI_processed, 1));
	for (r = 0; r < SPI_processed; r++)
	{
		HeapTuple	tup = SPI_tuptable->vals[r];
		TupleDesc	desc = SPI_tuptable->tupdesc;
		bool		isnull;
		Datum		c;

		pairs[r].ambassador_id = DatumGetInt64(SPI_getbinval(tup, desc, 1, &isnull));
		pairs[r].rule_id = DatumGetInt64(SPI_getbinval(tup, desc, 2, &isnull));
		c = SPI_getbinval(tup, desc, 3, &isnull);
		pairs[r].cause = isnull ? 0 : DatumGetInt64(c);
	}
	*n = (int) SPI_processed;
	SPI_freetuptable(SPI_tuptable);
	return pairs;
}

/*
 * lock_pairs
 *		Lock the ambassadors of pairs[0..n) in id order (inside SPI).
 */
static void
lock_pairs(const BookPair *pairs, int n)
{
	int64	   *ids = palloc(sizeof(int64) * Max(n, 1));
	int			nids = 0;
	int			i;

	for (i = 0; i < n; i++)
		ids[i] = pairs[i].ambassador_id;
	qsort(ids, n, sizeof(int64), amb_cmp_int64);
	for (i = 0; i < n; i++)
		if (nids == 0 || ids[nids - 1] != ids[i])
			ids[nids++] = ids[i];
	amb_lock_ambassadors(ids, nids);
}

/*
 * amb._referral_book() trigger: AFTER INSERT or AFTER UPDATE FOR EACH
 * STATEMENT on amb.referral, with transition tables amb_new_referrals (and
 * amb_old_referrals).
 */
PG_FUNCTION_INFO_V1(amb_referral_book);

Datum
amb_referral_book(PG_FUNCTION_ARGS)
{
	TriggerData *td = (TriggerData *) fcinfo->context;
	bool		is_update;
	AmbUserSave caller;
	BookPair   *pairs;
	int			n;
	Oid			one[1] = {TIMESTAMPTZOID};
	Datum		arg;

	if (!CALLED_AS_TRIGGER(fcinfo) || !TRIGGER_FIRED_AFTER(td->tg_event) ||
		!TRIGGER_FIRED_FOR_STATEMENT(td->tg_event) ||
		!(TRIGGER_FIRED_BY_INSERT(td->tg_event) || TRIGGER_FIRED_BY_UPDATE(td->tg_event)) ||
		td->tg_newtable == NULL ||
		(TRIGGER_FIRED_BY_UPDATE(td->tg_event) && td->tg_oldtable == NULL))
		ereport(ERROR,
				(errcode(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED),
				 errmsg("amb._referral_book() must be an AFTER INSERT or UPDATE ... FOR EACH STATEMENT trigger with transition tables")));
	/* merges and erasure move and redact referrals; they book themselves */
	if (amb_internal_writing())
		return PointerGetDatum(NULL);
	is_update = TRIGGER_FIRED_BY_UPDATE(td->tg_event);

	amb_become_owner(&caller);
	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed");
	if (SPI_register_trigger_data(td) != SPI_OK_TD_REGISTER)
		elog(ERROR, "could not register the changed referrals");

	arg = TimestampTzGetDatum(GetCurrentTransactionStartTimestamp());
	if (is_update)
		pairs = pairs_from_query("SELECT n.ambassador_id, n.rule_id,"
								 "       CASE WHEN pg_catalog.count(*) OPERATOR(pg_catalog.=) 1"
								 "            THEN pg_catalog.min(n.id) END"
								 "  FROM amb_new_referrals n JOIN amb_old_referrals o"
								 "       ON o.id OPERATOR(pg_catalog.=) n.id"
								 " WHERE n.rule_id IS NOT NULL"
								 "   AND (o.status OPERATOR(pg_catalog.=) 'confirmed')"
								 "       OPERATOR(pg_catalog.<>) (n.status OPERATOR(pg_catalog.=) 'confirmed')"
								 " GROUP BY 1, 2",
								 0, NULL, NULL, &n);
	else
		pairs = pairs_from_query("SELECT n.ambassador_id, n.rule_id,"
								 "       CASE WHEN pg_catalog.count(*) OPERATOR(pg_catalog.=) 1"
								 "            THEN pg_catalog.min(n.id) END"
								 "  FROM amb_new_referrals n"
								 " WHERE n.rule_id IS NOT NULL"
								 "   AND n.status OPERATOR(pg_catalog.=) 'confirmed'"
								 "   AND n.recorded_at OPERATOR(pg_catalog.>=) $1"	/* not a replay */
								 " GROUP BY 1, 2",
								 1, one, &arg, &n);
	if (n > 0)
	{
		lock_pairs(pairs, n);
		book_pairs(pairs, n);
	}
	SPI_finish();
	amb_restore_user(&caller);
	return PointerGetDatum(NULL);
}

/* ------------------------------------------------------------------------
 * the referral row trigger
 * ------------------------------------------------------------------------
 */

/* attribute numbers of amb.referral, looked up per call */
typedef struct RefAtts
{
	int			id,
				ambassador_id,
				code,
				program,
				rule_id,
				order_ref,
				referee_email,
				referee_phone,
				amount,
				currency,
				occurred_at,
				status,
				status_reason,
				confirmed_at,
				recorded_at,
				email_norm,
				phone_norm,
				referee_removed;
} RefAtts;

static void
ref_atts(TupleDesc desc, Relation rel, RefAtts *a)
{
	a->id = SPI_fnumber(desc, "id");
	a->ambassador_id = SPI_fnumber(desc, "ambassador_id");
	a->code = SPI_fnumber(desc, "code");
	a->program = SPI_fnumber(desc, "program");
	a->rule_id = SPI_fnumber(desc, "rule_id");
	a->order_ref = SPI_fnumber(desc, "order_ref");
	a->referee_email = SPI_fnumber(desc, "referee_email");
	a->referee_phone = SPI_fnumber(desc, "referee_phone");
	a->amount = SPI_fnumber(desc, "amount_cents");
	a->currency = SPI_fnumber(desc, "currency");
	a->occurred_at = SPI_fnumber(desc, "occurred_at");
	a->status = SPI_fnumber(desc, "status");
	a->status_reason = SPI_fnumber(desc, "status_reason");
	a->confirmed_at = SPI_fnumber(desc, "confirmed_at");
	a->recorded_at = SPI_fnumber(desc, "recorded_at");
	a->email_norm = SPI_fnumber(desc, "referee_email_norm");
	a->phone_norm = SPI_fnumber(desc, "referee_phone_norm");
	a->referee_removed = SPI_fnumber(desc, "referee_removed");
	if (a->id <= 0 || a->ambassador_id <= 0 || a->code <= 0 || a->program <= 0 ||
		a->rule_id <= 0 || a->order_ref <= 0 || a->referee_email <= 0 ||
		a->referee_phone <= 0 || a->amount <= 0 || a->currency <= 0 ||
		a->occurred_at <= 0 || a->status <= 0 || a->status_reason <= 0 ||
		a->confirmed_at <= 0 || a->recorded_at <= 0 || a->email_norm <= 0 ||
		a->phone_norm <= 0 || a->referee_removed <= 0)
		ereport(ERROR,
				(errcode(ERRCODE_UNDEFINED_COLUMN),
				 errmsg("relation \"%s\" is not a referral table", RelationGetRelationName(rel)),
				 errhint("amb._referral_check() belongs on amb.referral only.")));
}

/*
 * self_referral
 *		Whether a referee (normalized email and phone, raw values for the
 *		match model) is the ambassador (row: the amb.ambassador composite):
 *		the same email or phone, or a match score at or above
 *		amb.auto_link_score.
 */
static bool
self_referral(HeapTupleHeader row, const char *amb_email, const char *amb_phone,
			  const char *email_norm, const char *phone_norm,
			  Datum email, Datum phone, const char *country)
{
	AmbPerson  *a;
	AmbPerson  *b;
	AmbPerson  *people[2];
	AmbRawPerson raw;
	ambc_fs_cmp cmp;
	const ambc_fs_model *model;
	int			f;

	if (email_norm != NULL && amb_email != NULL && strcmp(email_norm, amb_email) == 0)
		return true;
	if (phone_norm != NULL && amb_phone != NULL && strcmp(phone_norm, amb_phone) == 0)
		return true;
	if (email_norm == NULL && phone_norm == NULL)
		return false;

	a = palloc(sizeof(AmbPerson));
	b = palloc(sizeof(AmbPerson));
	amb_person_from_row(row, a);
	for (f = 0; f < AMBC_P_NFIELDS; f++)
		raw.isnull[f] = true;
	raw.birth_null = true;
	raw.birth = 0;
	if (email_norm != NULL)
	{
		raw.field[AMBC_P_EMAIL] = email;
		raw.isnull[AMBC_P_EMAIL] = false;
	}
	if (phone_norm != NULL)
	{
		raw.field[AMBC_P_PHONE] = phone;
		raw.isnull[AMBC_P_PHONE] = false;
	}
	raw.field[AMBC_P_COUNTRY] = CStringGetTextDatum(country);
	raw.isnull[AMBC_P_COUNTRY] = false;
	/* a referee has no name: a placeholder, compared as missing below */
	raw.field[AMBC_P_NAME] = CStringGetTextDatum("referee");
	raw.isnull[AMBC_P_NAME] = false;
	amb_prepare_person(&raw, b);
	people[0] = a;
	people[1] = b;
	amb_lookup_term_freqs(people, 2);
	model = amb_match_model();
	ambc_fs_compare(&a->rec, &b->rec, model->nicknames, &cmp);
	cmp.level[AMBC_F_GIVEN] = AMBC_L_MISSING;
	cmp.level[AMBC_F_FAMILY] = AMBC_L_MISSING;
	return ambc_fs_score_pair(model, &a->rec, &b->rec, &cmp, NULL) >= amb_auto_link_score;
}

/*
 * lock_live_ambassador
 *		Lock ambassador id FOR KEY SHARE, following merges to the live
 *		record (inside SPI); returns its id.  The lock waits for a merge or
 *		an erasure in progress (they lock FOR UPDATE), and each step reads
 *		the row as committed then, so a referral recorded during a merge
 *		goes to the survivor and one recorded during an erasure is refused;
 *		under REPEATABLE READ a row changed since the snapshot is a
 *		serialization failure (40001).
 */
static int64
lock_live_ambassador(int64 id)
{
	static SPIPlanPtr plan = NULL;
	Oid			one[1] = {INT8OID};
	int			hops;

	amb_kept_plan(&plan,
				  "SELECT merged_into FROM amb.ambassador WHERE id OPERATOR(pg_catalog.=) $1"
				  " FOR KEY SHARE",
				  1, one);
	for (hops = 0; hops < 10000; hops++)
	{
		Datum		arg = Int64GetDatum(id);
		bool		isnull;
		Datum		m;

		if (SPI_execute_plan(plan, &arg, NULL, false, 1) != SPI_OK_SELECT)
			elog(ERROR, "could not lock ambassador " INT64_FORMAT, id);
		if (SPI_processed == 0)
			elog(ERROR, "ambassador " INT64_FORMAT " of a referral code does not exist", id);
		m = SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1, &isnull);
		if (isnull)
			return id;
		id = DatumGetInt64(m);
	}
	elog(ERROR, "ambassador " INT64_FORMAT " is at the end of too long a chain of merges", id);
	return 0;
}

/* the columns a BEFORE trigger sets in the row it returns */
typedef struct ColChanges
{
	int			n;
	int			cols[16];
	Datum		vals[16];
	bool		nulls[16];
} ColChanges;

static void
set_col(ColChanges *c, int att, Datum value, bool isnull)
{
	if (c->n >= lengthof(c->cols))
		elog(ERROR, "too many columns changed");
	c->cols[c->n] = att;
	c->vals[c->n] = value;
	c->nulls[c->n] = isnull;
	c->n++;
}

/*
 * referral_insert
 *		The BEFORE INSERT work: resolve the code, the rule, the referee's
 *		normalized contacts, and reject a self-referral.  Returns the row to
 *		insert.  caller_admin: the inserting role is in amb_admin (checked
 *		before the trigger switched to the owner).
 */
static HeapTuple
referral_insert(TriggerData *td, const RefAtts *at, bool caller_admin)
{
	static SPIPlanPtr code_plan = NULL;
	static SPIPlanPtr amb_plan = NULL;
	static SPIPlanPtr rule_plan = NULL;
	Relation	rel = td->tg_relation;
	TupleDesc	desc = RelationGetDescr(rel);
	HeapTuple	tup = td->tg_trigtuple;
	bool		isnull;
	bool		enull,
				pnull;
	Datum		code;
	Datum		email;
	Datum		phone;
	int64		owner;
	int64		live;
	char	   *program;
	int			status;
	TimestampTz occurred;
	Datum		args[3];
	Oid			types[3];
	HeapTupleHeader amb_row;
	char	   *country;
	char	   *amb_email;
	char	   *amb_phone;
	char	   *email_norm;
	char	   *phone_norm;
	bool		has_rule = false;
	int64		rule_id = 0;
	ColChanges	changes = {0};
	bool		removed = false;
	Datum		recorded;
	MemoryContext caller_cxt = CurrentMemoryContext;

	/* a replay (pg_restore): checked when it was first recorded */
	recorded = heap_getattr(tup, at->recorded_at, desc, &isnull);
	if (!isnull && DatumGetTimestampTz(recorded) < GetCurrentTransactionStartTimestamp())
	{
		if (!caller_admin)
			ereport(ERROR,
					(errcode(ERRCODE_INSUFFICIENT_PRIVILEGE),
					 errmsg("only amb_admin may restore referrals"),
					 errdetail("The referral's recorded_at is before this transaction began."),
					 errhint("Leave recorded_at to its default.")));
		if (heap_attisnull(tup, at->ambassador_id, desc) || heap_attisnull(tup, at->program, desc))
			ereport(ERROR,
					(errcode(ERRCODE_NOT_NULL_VIOLATION),
					 errmsg("a restored referral needs its ambassador_id and program")));
		return tup;
	}

	code = heap_getattr(tup, at->code, desc, &isnull);
	if (isnull)
		ereport(ERROR,
				(errcode(ERRCODE_NOT_NULL_VIOLATION),
				 errmsg("a referral needs a code"),
				 errhint("Give the referral code the order was placed with.")));
	email = heap_getattr(tup, at->referee_email, desc, &enull);
	phone = heap_getattr(tup, at->referee_phone, desc, &pnull);
	{
		Datum		sd = heap_getattr(tup, at->status, desc, &isnull);

		/* NULL fails the column's NOT NULL constraint after this trigger */
		status = isnull ? ST_PENDING : status_of(sd);
	}
	occurred = DatumGetTimestampTz(heap_getattr(tup, at->occurred_at, desc, &isnull));
	if (isnull)
		ereport(ERROR,
				(errcode(ERRCODE_NOT_NULL_VIOLATION),
				 errmsg("a referral needs occurred_at")));

	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed");

	/* the code's ambassador, live */
	types[0] = TEXTOID;
	args[0] = code;
	amb_kept_plan(&code_plan,
				  "SELECT ambassador_id, program, code FROM amb.referral_code"
				  " WHERE pg_catalog.lower(code) OPERATOR(pg_catalog.=) pg_catalog.lower($1 COLLATE \"C\")",
				  1, types);
	if (SPI_execute_plan(code_plan, args, NULL, true, 1) != SPI_OK_SELECT)
		elog(ERROR, "could not read amb.referral_code");
	if (SPI_processed == 0)
	{
		text	   *t = DatumGetTextPP(code);

		ereport(ERROR,
				(errcode(ERRCODE_FOREIGN_KEY_VIOLATION),
				 errmsg("referral code \"%s\" does not exist",
						amb_quote_input(VARDATA_ANY(t), VARSIZE_ANY_EXHDR(t))),
				 errhint("Add the code to amb.referral_code first.")));
	}
	owner = DatumGetInt64(SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1, &isnull));
	program = SPI_getvalue(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 2);
	/* the code as it was issued, however it was typed */
	set_col(&changes, at->code,
			datumCopy(SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 3, &isnull), false, -1),
			false);
	/* no rule of the program changes, nor the ambassador merges, under us */
	lock_program(program, ShareLock);
	live = lock_live_ambassador(owner);

	/* the ambassador */
	types[0] = INT8OID;
	args[0] = Int64GetDatum(live);
	amb_kept_plan(&amb_plan,
				  "SELECT a, a.status::text, a.country, a.email_norm, a.phone_norm, a.tags::text[]"
				  "  FROM amb.ambassador a WHERE a.id OPERATOR(pg_catalog.=) $1",
				  1, types);
	if (SPI_execute_plan(amb_plan, args, NULL, false, 1) != SPI_OK_SELECT || SPI_processed != 1)
		elog(ERROR, "could not read ambassador " INT64_FORMAT, live);
	{
		HeapTuple	atup = SPI_tuptable->vals[0];
		TupleDesc	adesc = SPI_tuptable->tupdesc;
		Datum		tags;

		amb_row = (HeapTupleHeader) PG_DETOAST_DATUM_COPY(SPI_getbinval(atup, adesc, 1, &isnull));
		if (strcmp(SPI_getvalue(atup, adesc, 2), "erased") == 0)
			ereport(ERROR,
					(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
					 errmsg("ambassador " INT64_FORMAT " is erased", live),
					 errdetail("Referral codes of erased ambassadors earn nothing.")));
		country = SPI_getvalue(atup, adesc, 3);
		amb_email = SPI_getvalue(atup, adesc, 4);
		amb_phone = SPI_getvalue(atup, adesc, 5);
		tags = SPI_getbinval(atup, adesc, 6, &isnull);

		/* the rule in force when the referral occurred: its tier's, else the program's */
		types[0] = TEXTOID;
		types[1] = TEXTARRAYOID;
		types[2] = TIMESTAMPTZOID;
		args[0] = CStringGetTextDatum(program);
		args[1] = tags;
		args[2] = TimestampTzGetDatum(occurred);
		amb_kept_plan(&rule_plan,
					  "SELECT id FROM amb.incentive_rule"
					  " WHERE program OPERATOR(pg_catalog.=) $1"
					  "   AND (tier IS NULL OR tier::text OPERATOR(pg_catalog.=) ANY ($2))"
					  "   AND valid_from OPERATOR(pg_catalog.<=) $3"
					  "   AND (valid_to IS NULL OR valid_to OPERATOR(pg_catalog.>) $3)"
					  " ORDER BY tier IS NULL, id LIMIT 1",
					  3, types);
		if (SPI_execute_snapshot(rule_plan, args, NULL, amb_locked_snapshot(), InvalidSnapshot,
								 false, false, 1) != SPI_OK_SELECT)
			elog(ERROR, "could not read amb.incentive_rule");
		if (SPI_processed == 1)
		{
			has_rule = true;
			rule_id = DatumGetInt64(SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1, &isnull));
		}

		/*
		 * Under REPEATABLE READ the rule in force as committed may be one
		 * the transaction cannot see (a rule change committed since its
		 * snapshot): a serialization failure, to retry, rather than the
		 * wrong rule or a foreign-key error.
		 */
		if (IsolationUsesXactSnapshot())
		{
			bool		seen = false;
			int64		seen_id = 0;

			if (SPI_execute_plan(rule_plan, args, NULL, true, 1) != SPI_OK_SELECT)
				elog(ERROR, "could not read amb.incentive_rule");
			if (SPI_processed == 1)
			{
				seen = true;
				seen_id = DatumGetInt64(SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1, &isnull));
			}
			if (seen != has_rule || seen_id != rule_id)
				ereport(ERROR,
						(errcode(ERRCODE_T_R_SERIALIZATION_FAILURE),
						 errmsg("could not serialize access due to a concurrent change of incentive rules"),
						 errdetail("The rule in force for program \"%s\" changed after this transaction began.",
								   program),
						 errhint("Retry the transaction.")));
		}
	}
	if (country == NULL)
		country = "US";
	email_norm = normalize_contact(email, enull, false, country);
	phone_norm = normalize_contact(phone, pnull, true, country);
	if (self_referral(amb_row, amb_email, amb_phone, email_norm, phone_norm, email, phone, country))
	{
		Oid			status_type = TupleDescAttr(desc, at->status - 1)->atttypid;

		set_col(&changes, at->status,
				DirectFunctionCall2(enum_in, CStringGetDatum("rejected"), ObjectIdGetDatum(status_type)),
				false);
		set_col(&changes, at->status_reason, CStringGetTextDatum("self_referral"), false);
		set_col(&changes, at->confirmed_at, (Datum) 0, true);
	}
	else if (status == ST_CONFIRMED && heap_attisnull(tup, at->confirmed_at, desc))
		set_col(&changes, at->confirmed_at, TimestampTzGetDatum(GetCurrentTransactionStartTimestamp()), false);

	/*
	 * A referee who was erased is not stored again: the order and its
	 * money stay, the person's contacts do not (as erasure clears them from
	 * referrals recorded before).  Under the referee locks, an erasure of
	 * the referee either committed before the check or clears this row.
	 */
	amb_lock_referee(email_norm, ShareLock);
	amb_lock_referee(phone_norm, ShareLock);
	if ((email_norm != NULL || phone_norm != NULL) &&
		amb_contacts_suppressed(email_norm ? cstring_to_text(email_norm) : NULL,
								phone_norm ? cstring_to_text(phone_norm) : NULL))
	{
		removed = true;
		email_norm = NULL;
		phone_norm = NULL;
		set_col(&changes, at->referee_email, (Datum) 0, true);
		set_col(&changes, at->referee_phone, (Datum) 0, true);
	}
	set_col(&changes, at->referee_removed, BoolGetDatum(removed), false);

	set_col(&changes, at->ambassador_id, Int64GetDatum(live), false);
	set_col(&changes, at->program, CStringGetTextDatum(program), false);
	set_col(&changes, at->rule_id, Int64GetDatum(rule_id), !has_rule);
	set_col(&changes, at->email_norm, email_norm ? CStringGetTextDatum(email_norm) : (Datum) 0, email_norm == NULL);
	set_col(&changes, at->phone_norm, phone_norm ? CStringGetTextDatum(phone_norm) : (Datum) 0, phone_norm == NULL);

	/* the new row outlives SPI's memory */
	MemoryContextSwitchTo(caller_cxt);
	tup = heap_modify_tuple_by_cols(tup, desc, changes.n, changes.cols, changes.vals, changes.nulls);
	SPI_finish();
	return tup;
}

/* status changes a referral may make (rows: from, columns: to) */
static const bool status_moves[5][5] = {
	/* pending */ {true, true, true, true, true},
	/* confirmed */ {false, true, false, true, true},
	/* rejected */ {false, false, true, false, false},
	/* refunded */ {false, false, false, true, false},
	/* cancelled */ {false, false, false, false, true},
};

/*
 * referral_update
 *		The BEFORE UPDATE work: what a referral records never changes; its
 *		status moves forward only.  Returns the row to store.
 */
static HeapTuple
referral_update(TriggerData *td, const RefAtts *at)
{
	TupleDesc	desc = RelationGetDescr(td->tg_relation);
	HeapTuple	oldtup = td->tg_trigtuple;
	HeapTuple	newtup = td->tg_newtuple;
	const int	fixed[] = {at->id, at->ambassador_id, at->code, at->program, at->rule_id,
		at->order_ref, at->referee_email, at->referee_phone, at->amount, at->currency,
	at->occurred_at, at->recorded_at, at->email_norm, at->phone_norm, at->referee_removed};
	bool		isnull;
	int64		id = DatumGetInt64(heap_getattr(oldtup, at->id, desc, &isnull));
	int			from;
	int			to;
	int			i;

	for (i = 0; i < lengthof(fixed); i++)
	{
		Form_pg_attribute att = TupleDescAttr(desc, fixed[i] - 1);
		bool		n1,
					n2;
		Datum		v1 = heap_getattr(oldtup, fixed[i], desc, &n1);
		Datum		v2 = heap_getattr(newtup, fixed[i], desc, &n2);

		if (n1 != n2 || (!n1 && !datumIsEqual(v1, v2, att->attbyval, att->attlen)))
			ereport(ERROR,
					(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
					 errmsg("column \"%s\" of referral " INT64_FORMAT " cannot be changed",
							NameStr(att->attname), id),
					 errdetail("A referral records an order as it happened; only its status moves."),
					 errhint("Cancel the referral and record the corrected one under a new order_ref.")));
	}
	from = status_of(heap_getattr(oldtup, at->status, desc, &isnull));
	{
		Datum		sd = heap_getattr(newtup, at->status, desc, &isnull);

		if (isnull)
			ereport(ERROR,
					(errcode(ERRCODE_NOT_NULL_VIOLATION),
					 errmsg("status of referral " INT64_FORMAT " cannot be NULL", id)));
		to = status_of(sd);
	}
	if (!status_moves[from][to])
		ereport(ERROR,
				(errcode(ERRCODE_CHECK_VIOLATION),
				 errmsg("invalid status change for referral " INT64_FORMAT, id),
				 errdetail("The status is \"%s\"; it cannot become \"%s\".",
						   status_names[from], status_names[to]),
				 from == ST_CONFIRMED ?
				 errhint("A confirmed referral can be refunded or cancelled.") :
				 errhint("Rejected, refunded and cancelled referrals are final.")));
	if (from != ST_PENDING)
	{
		/* when it was confirmed is history too */
		bool		n1,
					n2;
		Datum		v1 = heap_getattr(oldtup, at->confirmed_at, desc, &n1);
		Datum		v2 = heap_getattr(newtup, at->confirmed_at, desc, &n2);

		if (n1 != n2 || (!n1 && DatumGetTimestampTz(v1) != DatumGetTimestampTz(v2)))
			ereport(ERROR,
					(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
					 errmsg("column \"confirmed_at\" of referral " INT64_FORMAT " cannot be changed", id),
					 errdetail("The referral is \"%s\".", status_names[from])));
	}
	else if (to == ST_CONFIRMED && heap_attisnull(newtup, at->confirmed_at, desc))
	{
		int			col = at->confirmed_at;
		Datum		v = TimestampTzGetDatum(GetCurrentTransactionStartTimestamp());
		bool		n = false;

		newtup = heap_modify_tuple_by_cols(newtup, desc, 1, &col, &v, &n);
	}
	else if (to != ST_CONFIRMED && !heap_attisnull(newtup, at->confirmed_at, desc))
	{
		/* only a confirmation sets it */
		int			col = at->confirmed_at;
		Datum		v = (Datum) 0;
		bool		n = true;

		newtup = heap_modify_tuple_by_cols(newtup, desc, 1, &col, &v, &n);
	}
	return newtup;
}

/*
 * amb._referral_check() trigger: BEFORE INSERT OR UPDATE FOR EACH ROW on
 * amb.referral.
 */
PG_FUNCTION_INFO_V1(amb_referral_check);

Datum
amb_referral_check(PG_FUNCTION_ARGS)
{
	TriggerData *td = amb_check_before_row_trigger(fcinfo, "amb._referral_check");
	RefAtts		at;

	ref_atts(RelationGetDescr(td->tg_relation), td->tg_relation, &at);
	if (amb_internal_writing())
		return PointerGetDatum(TRIGGER_FIRED_BY_UPDATE(td->tg_event) ? td->tg_newtuple : td->tg_trigtuple);
	if (TRIGGER_FIRED_BY_INSERT(td->tg_event))
	{
		HeapTuple	tup;
		AmbUserSave caller;
		bool		admin = amb_is_admin();

		/*
		 * The lookups run as the tables' owner, as foreign-key checks do: an
		 * application that may insert referrals need not read ambassadors.
		 */
		amb_become_owner(&caller);
		tup = referral_insert(td, &at, admin);
		amb_restore_user(&caller);
		return PointerGetDatum(tup);
	}
	if (TRIGGER_FIRED_BY_UPDATE(td->tg_event))
		return PointerGetDatum(referral_update(td, &at));
	ereport(ERROR,
			(errcode(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED),
			 errmsg("amb._referral_check() must be fired by INSERT or UPDATE")));
	return (Datum) 0;
}

/* ------------------------------------------------------------------------
 * amb.record_referral: the idempotent entry point
 * ------------------------------------------------------------------------
 */

/* amb.record_referral(order_ref, code, referee_email, referee_phone, amount_cents, currency, occurred_at) */
PG_FUNCTION_INFO_V1(amb_record_referral);

Datum
amb_record_referral(PG_FUNCTION_ARGS)
{
	static const char *const names[7] = {
		"order_ref", "code", "referee_email", "referee_phone", "amount_cents",
		"currency", "occurred_at"
	};
	/* the personal ones: a difference is named, never shown */
	static const bool personal[7] = {false, false, true, true, false, false, false};
	Oid			types[7] = {TEXTOID, TEXTOID, TEXTOID, TEXTOID, INT8OID, BPCHAROID, TIMESTAMPTZOID};
	Datum		args[7];
	char		nulls[7];
	int			i;
	int64		id;
	bool		isnull;
	HeapTuple	tup;
	TupleDesc	desc;
	int			attempt;
	bool		code_erased;
	bool		referee_removed;

	for (i = 0; i < 7; i++)
	{
		args[i] = PG_ARGISNULL(i) ? (Datum) 0 : PG_GETARG_DATUM(i);
		nulls[i] = PG_ARGISNULL(i) ? 'n' : ' ';
	}
	for (i = 0; i < 7; i++)
		if (PG_ARGISNULL(i) && i != 2 && i != 3)
			ereport(ERROR,
					(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
					 errmsg("%s cannot be NULL", names[i])));

	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed");

	/*
	 * A retry is looked for first: inserting would run the referral trigger,
	 * which refuses a code that is gone (an erased ambassador's), before
	 * ON CONFLICT could find the row.  Two first tries at once meet in the
	 * unique index: the second waits, does nothing, and finds the first's.
	 */
	for (attempt = 0;; attempt++)
	{
		if (attempt == 2)
			elog(ERROR, "order_ref neither inserted nor found");
		if (SPI_execute_with_args("SELECT 1 FROM amb.referral WHERE order_ref OPERATOR(pg_catalog.=) $1",
								  1, types, args, NULL, false, 1) != SPI_OK_SELECT)
			elog(ERROR, "could not read amb.referral");
		if (SPI_processed > 0)
			break;
		if (SPI_execute_with_args("INSERT INTO amb.referral (order_ref, code, referee_email, referee_phone,"
								  "       amount_cents, currency, occurred_at)"
								  " VALUES ($1, $2, $3, $4, $5, $6, $7)"
								  " ON CONFLICT (order_ref) DO NOTHING RETURNING id",
								  7, types, args, nulls, false, 0) != SPI_OK_INSERT_RETURNING)
			elog(ERROR, "could not insert into amb.referral");
		if (SPI_processed == 1)
		{
			id = DatumGetInt64(SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1, &isnull));
			SPI_finish();
			PG_RETURN_INT64(id);
		}
	}

	/* a retry: the same fields, or an error naming the first that differs */
	if (SPI_execute_with_args("SELECT id, order_ref, code, referee_email, referee_phone, amount_cents,"
							  "       currency, occurred_at, code IS NULL, referee_removed"
							  "  FROM amb.referral WHERE order_ref OPERATOR(pg_catalog.=) $1",
							  1, types, args, NULL, false, 1) != SPI_OK_SELECT || SPI_processed != 1)
		elog(ERROR, "could not read the referral of an order_ref");
	tup = SPI_tuptable->vals[0];
	desc = SPI_tuptable->tupdesc;
	id = DatumGetInt64(SPI_getbinval(tup, desc, 1, &isnull));
	/* erasure removed what identified people; what is left must match */
	code_erased = DatumGetBool(SPI_getbinval(tup, desc, 9, &isnull));
	referee_removed = DatumGetBool(SPI_getbinval(tup, desc, 10, &isnull));
	for (i = 1; i < 7; i++)
	{
		bool		snull;
		Datum		stored = SPI_getbinval(tup, desc, i + 2, &snull);
		bool		same;

		if (snull && ((code_erased && i == 1) || (referee_removed && (i == 2 || i == 3))))
			continue;
		if (snull || PG_ARGISNULL(i))
			same = snull && PG_ARGISNULL(i);
		else if (types[i] == INT8OID)
			same = DatumGetInt64(stored) == DatumGetInt64(args[i]);
		else if (types[i] == TIMESTAMPTZOID)
			same = DatumGetTimestampTz(stored) == DatumGetTimestampTz(args[i]);
		else if (i == 1)
		{
			/* codes match whatever the case (they are ASCII) */
			char	   *a = TextDatumGetCString(stored);
			char	   *b = TextDatumGetCString(args[i]);

			same = strlen(a) == strlen(b) && pg_strcasecmp(a, b) == 0;
		}
		else
			same = DatumGetBool(DirectFunctionCall2Coll(types[i] == BPCHAROID ? bpchareq : texteq,
														C_COLLATION_OID, stored, args[i]));
		if (!same)
		{
			char	   *was = snull ? "NULL" : SPI_getvalue(tup, desc, i + 2);

			if (personal[i])
				ereport(ERROR,
						(errcode(ERRCODE_UNIQUE_VIOLATION),
						 errmsg("order_ref was already recorded with a different %s", names[i]),
						 errdetail("Referral " INT64_FORMAT " has this order_ref; its %s differs from the one given.",
								   id, names[i]),
						 errhint("A retry must send the same fields; a different order needs its own order_ref.")));
			ereport(ERROR,
					(errcode(ERRCODE_UNIQUE_VIOLATION),
					 errmsg("order_ref was already recorded with a different %s", names[i]),
					 errdetail("Referral " INT64_FORMAT " has %s \"%s\".", id, names[i],
							   amb_quote_input(was, (int) strlen(was))),
					 errhint("A retry must send the same fields; a different order needs its own order_ref.")));
		}
	}
	SPI_finish();
	PG_RETURN_INT64(id);
}

/* ------------------------------------------------------------------------
 * hooks: merges, consent, erasure
 * ------------------------------------------------------------------------
 */

/*
 * amb_merge_incentives
 *		Move duplicate's codes, referrals and ledger to survivor, and book
 *		what the survivor's combined successes call for (inside SPI, both
 *		ambassadors locked by the merge).  The duplicate's milestones under
 *		a rule are renumbered after the survivor's highest, so what either
 *		record was paid stays paid once: the sum of two counts reaches at
 *		least as many milestones as the two did apart, and booking adds only
 *		the difference.
 */
void
amb_merge_incentives(int64 survivor, int64 duplicate)
{
	Oid			two[2] = {INT8OID, INT8OID};
	Datum		args[2];
	AmbUserSave caller;
	BookPair   *pairs;
	int			n;

	amb_become_owner(&caller);
	args[0] = Int64GetDatum(survivor);
	args[1] = Int64GetDatum(duplicate);
	(void) amb_exec_locked("UPDATE amb.referral_code SET ambassador_id = $1"
					   " WHERE ambassador_id OPERATOR(pg_catalog.=) $2",
					   2, two, args, SPI_OK_UPDATE, false);
	(void) amb_exec_locked("UPDATE amb.referral SET ambassador_id = $1"
					   " WHERE ambassador_id OPERATOR(pg_catalog.=) $2",
					   2, two, args, SPI_OK_UPDATE, true);
	(void) amb_exec_locked("UPDATE amb.credit_ledger l SET ambassador_id = $1, milestone = m.renumbered"
					   "  FROM (SELECT d.rule_id, d.milestone,"
					   "               COALESCE((SELECT pg_catalog.max(s.milestone) FROM amb.credit_ledger s"
					   "                          WHERE s.ambassador_id OPERATOR(pg_catalog.=) $1"
					   "                            AND s.rule_id OPERATOR(pg_catalog.=) d.rule_id), 0)"
					   "               OPERATOR(pg_catalog.+) pg_catalog.dense_rank() OVER"
					   "                 (PARTITION BY d.rule_id ORDER BY d.milestone) AS renumbered"
					   "          FROM (SELECT DISTINCT rule_id, milestone FROM amb.credit_ledger"
					   "                 WHERE ambassador_id OPERATOR(pg_catalog.=) $2) d) m"
					   " WHERE l.ambassador_id OPERATOR(pg_catalog.=) $2"
					   "   AND l.rule_id OPERATOR(pg_catalog.=) m.rule_id"
					   "   AND l.milestone OPERATOR(pg_catalog.=) m.milestone",
					   2, two, args, SPI_OK_UPDATE, true);
	pairs = pairs_from_query("SELECT DISTINCT ambassador_id, rule_id, NULL::bigint FROM amb.referral"
							 " WHERE ambassador_id OPERATOR(pg_catalog.=) $1 AND rule_id IS NOT NULL"
							 " UNION SELECT ambassador_id, rule_id, NULL::bigint FROM amb.credit_ledger"
							 " WHERE ambassador_id OPERATOR(pg_catalog.=) $1",
							 1, two, args, &n);
	book_pairs(pairs, n);
	amb_restore_user(&caller);
}

/*
 * amb_incentive_consent_granted
 *		ids[0..n) were just granted financial_incentive consent: book what
 *		was withheld from them (inside SPI, as the owner, the ambassadors
 *		locked by the consent trigger).
 */
void
amb_incentive_consent_granted(const int64 *ids, int n)
{
	Oid			argtypes[1] = {INT8ARRAYOID};
	Datum		arg;
	BookPair   *pairs;
	int			npairs;

	if (n == 0)
		return;
	arg = amb_int8_array(ids, n);
	pairs = pairs_from_query("SELECT DISTINCT ambassador_id, rule_id, NULL::bigint FROM amb.credit_ledger"
							 " WHERE ambassador_id OPERATOR(pg_catalog.=) ANY ($1)"
							 "   AND kind OPERATOR(pg_catalog.=) 'withheld'",
							 1, argtypes, &arg, &npairs);
	book_pairs(pairs, npairs);
}

/*
 * amb_erase_incentives
 *		Erasure of the records ids (an int8[]; inside SPI, locked, before
 *		their contacts are cleared): their codes go, and their referrals,
 *		and any referral naming one of them as the referee, keep the
 *		accounting without anything that identifies a person.
 */
void
amb_erase_incentives(Datum ids)
{
	Oid			argtypes[1] = {INT8ARRAYOID};

	(void) amb_exec_locked("DELETE FROM amb.referral_code WHERE ambassador_id OPERATOR(pg_catalog.=) ANY ($1)",
					   1, argtypes, &ids, SPI_OK_DELETE, false);
	/* their own referrals: the code (it may be their name) and the referee */
	(void) amb_exec_locked("UPDATE amb.referral r SET code = NULL, referee_email = NULL, referee_phone = NULL,"
					   "       referee_email_norm = NULL, referee_phone_norm = NULL, referee_removed = true"
					   " WHERE r.ambassador_id OPERATOR(pg_catalog.=) ANY ($1)",
					   1, argtypes, &ids, SPI_OK_UPDATE, true);
	/* others' referrals of them: the referee only */
	(void) amb_exec_locked("UPDATE amb.referral r SET referee_email = NULL, referee_phone = NULL,"
					   "       referee_email_norm = NULL, referee_phone_norm = NULL, referee_removed = true"
					   " WHERE r.referee_email_norm IN (SELECT a.email_norm FROM amb.ambassador a"
					   "                                 WHERE a.id OPERATOR(pg_catalog.=) ANY ($1))"
					   "    OR r.referee_phone_norm IN (SELECT a.phone_norm FROM amb.ambassador a"
					   "                                 WHERE a.id OPERATOR(pg_catalog.=) ANY ($1))",
					   1, argtypes, &ids, SPI_OK_UPDATE, true);
}

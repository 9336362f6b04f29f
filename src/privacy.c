/*-------------------------------------------------------------------------
 *
 * privacy.c
 *		Privacy requests (CCPA): their legal deadlines, their extension, how
 *		long they are kept, their audit trail; business-day arithmetic.
 *
 * Trigger function amb._privacy_deadlines() serves three triggers on
 * amb.privacy_request:
 *	- BEFORE INSERT OR UPDATE: computes ack_due_at and due_at, whatever was
 *	  typed in.  Days are counted in amb.privacy_timezone (the business's
 *	  local calendar); the day of receipt does not count.  Cal. Code Regs.
 *	  tit. 11:
 *		acknowledgement of delete, know, correct	10 business days, 7021(a)
 *		response to delete, know, correct			45 calendar days, 7021(b)
 *		  extended once by 45 more, with a reason	  given within the first 45
 *		response to opt_out							15 business days, 7026(f)
 *	  Business days skip Saturdays, Sundays and amb.holiday.  On UPDATE the
 *	  deadlines are recomputed only when what they depend on changes
 *	  (received_at, kind, extended_at): a holiday added later does not move
 *	  a deadline already set.
 *	- BEFORE DELETE: a request is kept until 24 months after its completion
 *	  (section 7101); earlier, deleting it is an error.
 *	- AFTER INSERT OR UPDATE: appends the row to its ambassador's audit
 *	  chain.
 * A request inserted with a recorded_at before the transaction began is a
 * replay (pg_restore): amb_admin only, its deadlines kept, not audited.
 *
 * src/privacy.c
 *
 *-------------------------------------------------------------------------
 */
#include "consent.h"

#include "access/htup_details.h"
#include "catalog/pg_type.h"
#include "commands/trigger.h"
#include "executor/spi.h"
#include "funcapi.h"
#include "miscadmin.h"
#include "utils/builtins.h"
#include "utils/datum.h"
#include "utils/date.h"
#include "utils/datetime.h"
#include "utils/timestamp.h"

#include "bizdays.h"

#define ACK_BUSINESS_DAYS 10
#define RESPONSE_DAYS 45
#define EXTENSION_DAYS 45
#define OPT_OUT_BUSINESS_DAYS 15
#define KEEP_MONTHS 24

/*
 * ts_text
 *		A timestamp as text, for messages (palloc: timestamptz_to_str reuses
 *		one static buffer, so two in one message would print the same).
 */
static char *
ts_text(TimestampTz t)
{
	return pstrdup(timestamptz_to_str(t));
}

/*
 * load_holidays
 *		The days of amb.holiday after start, ascending (palloc; inside SPI).
 */
static int32 *
load_holidays(DateADT start, int *n)
{
	static SPIPlanPtr plan = NULL;
	Oid			argtypes[1] = {DATEOID};
	Datum		arg = DateADTGetDatum(start);
	int32	   *days;
	uint64		r;

	amb_kept_plan(&plan,
				  "SELECT day FROM amb.holiday WHERE day OPERATOR(pg_catalog.>) $1 ORDER BY day",
				  1, argtypes);
	if (SPI_execute_plan(plan, &arg, NULL, true, 0) != SPI_OK_SELECT)
		elog(ERROR, "could not read amb.holiday");
	days = palloc(sizeof(int32) * Max(SPI_processed, 1));
	for (r = 0; r < SPI_processed; r++)
	{
		bool		isnull;

		days[r] = DatumGetDateADT(SPI_getbinval(SPI_tuptable->vals[r], SPI_tuptable->tupdesc,
												1, &isnull));
	}
	*n = (int) SPI_processed;
	SPI_freetuptable(SPI_tuptable);
	return days;
}

/*
 * business_days_after
 *		The n-th business day after day (inside SPI).
 */
static DateADT
business_days_after(DateADT day, int32 n)
{
	int			nh;
	int32	   *holidays;
	int32		out;
	ambc_status st;

	if (DATE_NOT_FINITE(day))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("cannot count business days from an infinite date")));
	holidays = load_holidays(day, &nh);
	st = ambc_add_business_days(day, n, holidays, nh, &out);
	if (st == AMBC_INVALID)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("number of business days must be between 0 and %d, not %d",
						AMBC_BIZDAYS_MAX, n)));
	if (st != AMBC_OK)
		ereport(ERROR,
				(errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE),
				 errmsg("date out of range")));
	if (!IS_VALID_DATE(out))
		ereport(ERROR,
				(errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE),
				 errmsg("date out of range")));
	pfree(holidays);
	return out;
}

/* amb.add_business_days(day date, n int) returns date */
PG_FUNCTION_INFO_V1(amb_add_business_days);

Datum
amb_add_business_days(PG_FUNCTION_ARGS)
{
	DateADT		day = PG_GETARG_DATEADT(0);
	int32		n = PG_GETARG_INT32(1);
	DateADT		out;

	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed");
	out = business_days_after(day, n);
	SPI_finish();
	PG_RETURN_DATEADT(out);
}

/*
 * amb_local_date
 *		The date of t in amb.privacy_timezone.
 */
DateADT
amb_local_date(TimestampTz t)
{
	Datum		local;
	Timestamp	ts;

	if (TIMESTAMP_NOT_FINITE(t))
		ereport(ERROR,
				(errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE),
				 errmsg("timestamp out of range"),
				 errdetail("A privacy request's times must be finite.")));
	local = DirectFunctionCall2(timestamptz_zone,
								CStringGetTextDatum(amb_privacy_timezone),
								TimestampTzGetDatum(t));
	ts = DatumGetTimestamp(local);
	return DatumGetDateADT(DirectFunctionCall1(timestamp_date, TimestampGetDatum(ts)));
}

/* the columns the trigger reads and writes */
typedef struct ReqCols
{
	int			id,
				ambassador_id,
				kind,
				received_at,
				ack_due_at,
				due_at,
				extended_at,
				extension_reason,
				completed_at,
				recorded_at;
} ReqCols;

static int
req_col(Relation rel, const char *name)
{
	int			att = SPI_fnumber(RelationGetDescr(rel), name);

	if (att <= 0)
		ereport(ERROR,
				(errcode(ERRCODE_UNDEFINED_COLUMN),
				 errmsg("column \"%s\" of relation \"%s\" does not exist",
						name, RelationGetRelationName(rel)),
				 errdetail("amb._privacy_deadlines() needs it.")));
	return att;
}

static void
req_cols(Relation rel, ReqCols *c)
{
	c->id = req_col(rel, "id");
	c->ambassador_id = req_col(rel, "ambassador_id");
	c->kind = req_col(rel, "kind");
	c->received_at = req_col(rel, "received_at");
	c->ack_due_at = req_col(rel, "ack_due_at");
	c->due_at = req_col(rel, "due_at");
	c->extended_at = req_col(rel, "extended_at");
	c->extension_reason = req_col(rel, "extension_reason");
	c->completed_at = req_col(rel, "completed_at");
	c->recorded_at = req_col(rel, "recorded_at");
}

/*
 * is_replay
 *		Whether an inserted request was recorded before this transaction
 *		began (recorded_at defaults to now(), its start), as pg_restore
 *		reloads them: its deadlines are kept as they were computed, and it
 *		is not audited again (the audit log comes with the dump).  Only
 *		amb_admin may insert one (42501).
 */
static bool
is_replay(TriggerData *td, const ReqCols *c)
{
	bool		isnull;
	Datum		d;

	if (!TRIGGER_FIRED_BY_INSERT(td->tg_event))
		return false;
	d = heap_getattr(td->tg_trigtuple, c->recorded_at, RelationGetDescr(td->tg_relation), &isnull);
	if (isnull || DatumGetTimestampTz(d) >= GetCurrentTransactionStartTimestamp())
		return false;
	if (!amb_is_admin())
		ereport(ERROR,
				(errcode(ERRCODE_INSUFFICIENT_PRIVILEGE),
				 errmsg("privacy request was recorded in the past"),
				 errdetail("Its recorded_at is %s.", ts_text(DatumGetTimestampTz(d))),
				 errhint("Leave recorded_at to its default; only amb_admin reloads recorded requests.")));
	return true;
}

/*
 * text_col
 *		A text column of tup as a C string, or NULL.
 */
static char *
text_col(HeapTuple tup, TupleDesc desc, int att)
{
	bool		isnull;
	Datum		d = heap_getattr(tup, att, desc, &isnull);

	return isnull ? NULL : TextDatumGetCString(d);
}

/*
 * same_col
 *		Whether column att is the same (by its binary image) in a and b.
 */
static bool
same_col(HeapTuple a, HeapTuple b, TupleDesc desc, int att)
{
	bool		an,
				bn;
	Datum		ad = heap_getattr(a, att, desc, &an);
	Datum		bd = heap_getattr(b, att, desc, &bn);
	Form_pg_attribute fa = TupleDescAttr(desc, att - 1);

	if (an || bn)
		return an == bn;
	return datumIsEqual(ad, bd, fa->attbyval, fa->attlen);
}

/*
 * deadlines
 *		The BEFORE INSERT OR UPDATE part: the row with its deadlines.
 */
static HeapTuple
deadlines(TriggerData *td)
{
	Relation	rel = td->tg_relation;
	TupleDesc	desc = RelationGetDescr(rel);
	bool		is_update = TRIGGER_FIRED_BY_UPDATE(td->tg_event);
	HeapTuple	tup = is_update ? td->tg_newtuple : td->tg_trigtuple;
	ReqCols		c;
	bool		isnull;
	int64		id;
	char	   *kind;
	TimestampTz received;
	DateADT		received_day;
	bool		has_ext;
	TimestampTz extended = 0;
	char	   *reason;
	bool		opt_out;
	DateADT		ack_due;
	DateADT		due;
	int			cols[2];
	Datum		vals[2];
	bool		nulls[2] = {false, false};
	Datum		d;

	req_cols(rel, &c);
	if (is_replay(td, &c))
		return tup;
	d = heap_getattr(tup, c.id, desc, &isnull);
	id = isnull ? 0 : DatumGetInt64(d);
	kind = text_col(tup, desc, c.kind);
	d = heap_getattr(tup, c.received_at, desc, &isnull);
	if (isnull || kind == NULL)
		return tup;				/* NOT NULL constraints report it */
	received = DatumGetTimestampTz(d);
	opt_out = (strcmp(kind, "opt_out") == 0);
	d = heap_getattr(tup, c.extended_at, desc, &has_ext);
	has_ext = !has_ext;
	if (has_ext)
		extended = DatumGetTimestampTz(d);
	reason = text_col(tup, desc, c.extension_reason);

	/* unchanged inputs: the deadlines stay what they were */
	if (is_update &&
		same_col(td->tg_trigtuple, tup, desc, c.kind) &&
		same_col(td->tg_trigtuple, tup, desc, c.received_at) &&
		same_col(td->tg_trigtuple, tup, desc, c.extended_at))
	{
		int			keep[2] = {c.ack_due_at, c.due_at};

		vals[0] = heap_getattr(td->tg_trigtuple, c.ack_due_at, desc, &nulls[0]);
		vals[1] = heap_getattr(td->tg_trigtuple, c.due_at, desc, &nulls[1]);
		return heap_modify_tuple_by_cols(tup, desc, 2, keep, vals, nulls);
	}

	if (is_update && !heap_attisnull(td->tg_trigtuple, c.extended_at, desc) &&
		!same_col(td->tg_trigtuple, tup, desc, c.extended_at))
		ereport(ERROR,
				(errcode(ERRCODE_CHECK_VIOLATION),
				 errmsg("privacy request " INT64_FORMAT " was already extended", id),
				 errdetail("A response deadline can be extended once (Cal. Code Regs. tit. 11, section 7021(b))."),
				 errhint("Leave extended_at as it is.")));

	received_day = amb_local_date(received);
	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed");
	ack_due = business_days_after(received_day, ACK_BUSINESS_DAYS);
	if (opt_out)
		due = business_days_after(received_day, OPT_OUT_BUSINESS_DAYS);
	else
		due = received_day + RESPONSE_DAYS;
	SPI_finish();

	if (has_ext)
	{
		DateADT		ext_day;

		if (opt_out)
			ereport(ERROR,
					(errcode(ERRCODE_CHECK_VIOLATION),
					 errmsg("privacy request " INT64_FORMAT " cannot be extended", id),
					 errdetail("It is an opt-out request, due in %d business days with no extension (Cal. Code Regs. tit. 11, section 7026(f)).",
							   OPT_OUT_BUSINESS_DAYS),
					 errhint("Set extended_at to NULL.")));
		if (reason == NULL || reason[strspn(reason, " \t\r\n")] == '\0')
			ereport(ERROR,
					(errcode(ERRCODE_CHECK_VIOLATION),
					 errmsg("privacy request " INT64_FORMAT " cannot be extended without a reason", id),
					 errdetail("The extension at %s has no extension_reason.", ts_text(extended)),
					 errhint("Give the reason the consumer is told (Cal. Code Regs. tit. 11, section 7021(b)).")));
		ext_day = amb_local_date(extended);
		if (extended < received || ext_day > due)
			ereport(ERROR,
					(errcode(ERRCODE_CHECK_VIOLATION),
					 errmsg("privacy request " INT64_FORMAT " cannot be extended at %s", id,
							ts_text(extended)),
					 errdetail("An extension is given between receipt (%s) and the original deadline (%s).",
							   ts_text(received),
							   DatumGetCString(DirectFunctionCall1(date_out, DateADTGetDatum(due)))),
					 errhint("The deadline has passed; complete the request.")));
		due += EXTENSION_DAYS;
	}

	cols[0] = c.ack_due_at;
	cols[1] = c.due_at;
	vals[0] = DateADTGetDatum(opt_out ? due : ack_due);
	vals[1] = DateADTGetDatum(due);
	/* an opt-out has no separate acknowledgement: it is acted on */
	nulls[0] = opt_out;
	return heap_modify_tuple_by_cols(tup, desc, 2, cols, vals, nulls);
}

/*
 * keep_until
 *		The BEFORE DELETE part: refuse to delete a request within 24 months
 *		of its completion.
 */
static HeapTuple
keep_until(TriggerData *td)
{
	Relation	rel = td->tg_relation;
	TupleDesc	desc = RelationGetDescr(rel);
	ReqCols		c;
	bool		isnull;
	Datum		d;
	int64		id;
	TimestampTz until;
	Interval	keep;

	req_cols(rel, &c);
	id = DatumGetInt64(heap_getattr(td->tg_trigtuple, c.id, desc, &isnull));
	d = heap_getattr(td->tg_trigtuple, c.completed_at, desc, &isnull);
	if (isnull)
		ereport(ERROR,
				(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
				 errmsg("cannot delete privacy request " INT64_FORMAT, id),
				 errdetail("It is not completed."),
				 errhint("Records of privacy requests are kept for 24 months after they are completed (Cal. Code Regs. tit. 11, section 7101).")));
	memset(&keep, 0, sizeof(keep));
	keep.month = KEEP_MONTHS;
	until = DatumGetTimestampTz(DirectFunctionCall2(timestamptz_pl_interval, d,
													IntervalPGetDatum(&keep)));
	if (GetCurrentTransactionStartTimestamp() < until)
		ereport(ERROR,
				(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
				 errmsg("cannot delete privacy request " INT64_FORMAT, id),
				 errdetail("It was completed at %s and must be kept until %s.",
						   ts_text(DatumGetTimestampTz(d)), ts_text(until)),
				 errhint("Records of privacy requests are kept for 24 months after they are completed (Cal. Code Regs. tit. 11, section 7101).")));
	return td->tg_trigtuple;
}

/*
 * audit_request
 *		The AFTER INSERT OR UPDATE part: append the row to its ambassador's
 *		audit chain (and, when a request moves to another ambassador in a
 *		merge, to both).
 */
static void
audit_request(TriggerData *td)
{
	static SPIPlanPtr plan = NULL;
	Relation	rel = td->tg_relation;
	TupleDesc	desc = RelationGetDescr(rel);
	bool		is_update = TRIGGER_FIRED_BY_UPDATE(td->tg_event);
	HeapTuple	tup = is_update ? td->tg_newtuple : td->tg_trigtuple;
	ReqCols		c;
	bool		isnull;
	int64		ids[2];
	int			nids = 1;
	Oid			argtypes[2] = {TEXTOID, RECORDOID};
	Datum		args[2];
	char	   *payload;
	int			i;
	AmbUserSave caller;

	req_cols(rel, &c);
	if (is_replay(td, &c))
		return;
	ids[0] = DatumGetInt64(heap_getattr(tup, c.ambassador_id, desc, &isnull));
	if (is_update)
	{
		int64		old = DatumGetInt64(heap_getattr(td->tg_trigtuple, c.ambassador_id, desc, &isnull));

		if (old != ids[0])
			ids[nids++] = old;
	}
	amb_become_owner(&caller);
	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed");
	amb_lock_ambassadors(ids, nids);
	amb_kept_plan(&plan,
				  "SELECT pg_catalog.json_build_object('op', $1, 'request', pg_catalog.row_to_json($2))::text",
				  2, argtypes);
	args[0] = CStringGetTextDatum(is_update ? "update" : "insert");
	args[1] = heap_copy_tuple_as_datum(tup, desc);
	if (SPI_execute_plan(plan, args, NULL, true, 1) != SPI_OK_SELECT || SPI_processed != 1)
		elog(ERROR, "could not describe a privacy request");
	payload = SPI_getvalue(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1);
	for (i = 0; i < nids; i++)
		amb_audit_one(ids[i], "privacy_request", payload);
	SPI_finish();
	amb_restore_user(&caller);
}

/* amb._privacy_deadlines() trigger */
PG_FUNCTION_INFO_V1(amb_privacy_deadlines);

Datum
amb_privacy_deadlines(PG_FUNCTION_ARGS)
{
	TriggerData *td = (TriggerData *) fcinfo->context;

	if (!CALLED_AS_TRIGGER(fcinfo) || !TRIGGER_FIRED_FOR_ROW(td->tg_event) ||
		TRIGGER_FIRED_BY_TRUNCATE(td->tg_event) ||
		(TRIGGER_FIRED_AFTER(td->tg_event) && TRIGGER_FIRED_BY_DELETE(td->tg_event)))
		ereport(ERROR,
				(errcode(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED),
				 errmsg("amb._privacy_deadlines() must be a FOR EACH ROW trigger: BEFORE INSERT, UPDATE or DELETE, or AFTER INSERT or UPDATE")));
	if (TRIGGER_FIRED_AFTER(td->tg_event))
	{
		audit_request(td);
		return PointerGetDatum(NULL);
	}
	if (TRIGGER_FIRED_BY_DELETE(td->tg_event))
		return PointerGetDatum(keep_until(td));
	return PointerGetDatum(deadlines(td));
}

/*-------------------------------------------------------------------------
 *
 * consent.c
 *		The consent ledger's rules, enforced by a statement-level trigger on
 *		amb.consent_event; amb.consent_head; can_contact and
 *		can_request_consent; merging consent histories.
 *
 * Trigger amb_10_consent_rules (AFTER INSERT FOR EACH STATEMENT, with the
 * new rows as a transition table) checks a whole statement at once, so a
 * million events loaded by one INSERT ... SELECT cost a few set-based
 * queries, not a query per row:
 *	1. the ambassadors of the new events are locked FOR NO KEY UPDATE in id
 *	   order: events of one ambassador serialize, of different ones do not
 *	   wait on each other; unknown ambassadors and purposes are 23503;
 *	2. their heads (amb.consent_head: the current state per purpose) are
 *	   read;
 *	3. the new events are read in (ambassador, purpose, occurred_at, id)
 *	   order and each is checked against its head and applied to it
 *	   (src/core/consent_rules.c has the rules); the first violation is an
 *	   error naming the ambassador and purpose, with the offending values
 *	   in DETAIL and the fix in HINT, and the statement is undone;
 *	4. the heads are written back and every event is appended to its
 *	   ambassador's audit chain.
 * Under REPEATABLE READ, a head another transaction changed since the
 * snapshot makes step 4's upsert fail with a serialization error, as it
 * should: the checks were made against a state that is no longer current.
 *
 * Replays.  pg_restore (and any reload of dumped events) inserts events
 * recorded before.  An event whose recorded_at is before the transaction
 * began (the default, now(), is its start) is a replay: only amb_admin (or
 * a superuser) may insert one, the rules are not applied again (they held
 * when it was recorded, possibly in import mode, and erasure may have
 * redacted its evidence since) and it is not audited again (the audit log is restored from the
 * dump); the heads are rebuilt.
 *
 * src/consent.c
 *
 *-------------------------------------------------------------------------
 */
#include "consent.h"

#include "access/htup_details.h"
#include "catalog/pg_authid.h"
#include "catalog/pg_collation.h"
#include "catalog/pg_type.h"
#include "commands/trigger.h"
#include "executor/spi.h"
#include "miscadmin.h"
#include "utils/acl.h"
#include "utils/builtins.h"
#include "utils/date.h"
#include "utils/datetime.h"
#include "utils/hsearch.h"
#include "utils/json.h"
#include "utils/jsonb.h"
#include "utils/memutils.h"
#include "utils/timestamp.h"

#include "bulk.h"
#include "consent_rules.h"
#include "incentive.h"
#include "report.h"

#define EVENT_FETCH 10000
#define AUDIT_FLUSH 10000

static const char *const state_names[AMBC_CS_NSTATES] = {
	"granted", "denied", "withdrawn", "pending"
};

/*
 * state_of
 *		The ambc_consent_state of a state's name.
 */
static int
state_of(const char *s)
{
	int			i;

	for (i = 0; i < AMBC_CS_NSTATES; i++)
		if (strcmp(s, state_names[i]) == 0)
			return i;
	return AMBC_CS_NONE;
}

/*
 * amb_is_admin
 *		True if the current user is a superuser or has the privileges of
 *		amb_admin.
 */
bool
amb_is_admin(void)
{
	Oid			admin = get_role_oid("amb_admin", true);

	return superuser() || (OidIsValid(admin) && has_privs_of_role(GetUserId(), admin));
}

/*
 * amb_lock_ambassadors
 *		Lock the ambassador rows ids[0..n) FOR NO KEY UPDATE in ascending id
 *		order (inside SPI); missing ids are skipped.
 */
void
amb_lock_ambassadors(const int64 *ids, int n)
{
	static SPIPlanPtr plan = NULL;
	Oid			argtypes[1] = {INT8ARRAYOID};
	Datum	   *d = palloc(sizeof(Datum) * Max(n, 1));
	Datum		arg;
	int			i;

	for (i = 0; i < n; i++)
		d[i] = Int64GetDatum(ids[i]);
	arg = PointerGetDatum(construct_array(d, n, INT8OID, 8, FLOAT8PASSBYVAL, TYPALIGN_DOUBLE));
	amb_kept_plan(&plan,
				  "SELECT id FROM amb.ambassador WHERE id OPERATOR(pg_catalog.=) ANY ($1)"
				  " ORDER BY id FOR NO KEY UPDATE",
				  1, argtypes);
	if (SPI_execute_plan(plan, &arg, NULL, false, 0) != SPI_OK_SELECT)
		elog(ERROR, "could not lock ambassadors");
}

/* what the trigger knows of an ambassador */
typedef struct AmbInfo
{
	int64		id;
	bool		erased;
	bool		has_birth;
	DateADT		birth;
} AmbInfo;

static int
cmp_info(const void *a, const void *b)
{
	return amb_cmp_int64(&((const AmbInfo *) a)->id, &((const AmbInfo *) b)->id);
}

/* a head in the trigger's hash table */
typedef struct HeadKey
{
	int64		ambassador_id;
	char		purpose[NAMEDATALEN];
} HeadKey;

typedef struct HeadEntry
{
	HeadKey		key;
	ambc_consent_head head;
	bool		dirty;
	bool		stored;			/* amb.consent_head has a row for it */
	bool		incentive;		/* a financial_incentive grant, not a replay */
} HeadEntry;

/*
 * fmt_ts
 *		A timestamp as text in the session's style, for messages (palloc).
 */
static const char *
fmt_ts(int64 t)
{
	if (t == AMBC_NO_TIME)
		return "never";
	/* a copy: timestamptz_to_str reuses one static buffer */
	return pstrdup(timestamptz_to_str((TimestampTz) t));
}

/*
 * next_states
 *		The states allowed after from, as a sentence fragment.
 */
static const char *
next_states(int from)
{
	switch (from)
	{
		case AMBC_CS_PENDING:
			return "Record \"granted\" with evidence, or \"denied\".";
		case AMBC_CS_GRANTED:
			return "Record \"withdrawn\" or \"denied\", or \"granted\" again to re-confirm.";
		default:
			return "Record \"granted\" with evidence, or \"pending\" to ask again.";
	}
}

/*
 * report_verdict
 *		The error for an event the rules refuse; does not return.
 */
static void
report_verdict(ambc_consent_verdict v, const ambc_consent_head *h,
			   const ambc_consent_event *e, int64 ambassador_id,
			   const char *purpose, const char *source, const char *method,
			   const char *evidence)
{
	const char *state = state_names[e->state >= 0 && e->state < AMBC_CS_NSTATES ? e->state : 0];
	const char *cur = h->state == AMBC_CS_NONE ? "none" : state_names[h->state];

	switch (v)
	{
		case AMBC_CR_ERASED:
			ereport(ERROR,
					(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
					 errmsg("cannot record consent for ambassador " INT64_FORMAT " and purpose \"%s\"",
							ambassador_id, purpose),
					 errdetail("Ambassador " INT64_FORMAT " is erased.", ambassador_id),
					 errhint("Nothing is recorded for an erased person.")));
			break;
		case AMBC_CR_FUTURE:
			ereport(ERROR,
					(errcode(ERRCODE_CHECK_VIOLATION),
					 errmsg("consent event for ambassador " INT64_FORMAT " and purpose \"%s\" is in the future",
							ambassador_id, purpose),
					 errdetail("It occurred at %s; the allowed clock skew is %d ms.",
							   fmt_ts(e->occurred), amb_consent_clock_skew_ms),
					 errhint("Record events when they have happened, or raise amb.consent_clock_skew if clocks differ.")));
			break;
		case AMBC_CR_BACKWARDS:
			ereport(ERROR,
					(errcode(ERRCODE_CHECK_VIOLATION),
					 errmsg("consent event for ambassador " INT64_FORMAT " and purpose \"%s\" goes back in time",
							ambassador_id, purpose),
					 errdetail("It occurred at %s, before the latest event, at %s.",
							   fmt_ts(e->occurred), fmt_ts(h->since)),
					 errhint("To load history out of order, amb_admin sets amb.consent_import_mode = on.")));
			break;
		case AMBC_CR_TRANSITION:
			ereport(ERROR,
					(errcode(ERRCODE_CHECK_VIOLATION),
					 errmsg("invalid consent transition for ambassador " INT64_FORMAT " and purpose \"%s\"",
							ambassador_id, purpose),
					 errdetail("The current state is \"%s\"; a \"%s\" event cannot follow it.", cur, state),
					 errhint("%s", next_states(h->state))));
			break;
		case AMBC_CR_NO_EVIDENCE:
			ereport(ERROR,
					(errcode(ERRCODE_CHECK_VIOLATION),
					 errmsg("consent grant for ambassador " INT64_FORMAT " and purpose \"%s\" cannot be demonstrated",
							ambassador_id, purpose),
					 errdetail("A \"granted\" event needs a source, a method and evidence of what was shown; it has source \"%s\", method \"%s\" and evidence %s.",
							   source, method, evidence ? evidence : "NULL"),
					 errhint("Add evidence such as {\"shown\": \"the notice or its version\"}.")));
			break;
		case AMBC_CR_MINOR_PARENTAL:
			ereport(ERROR,
					(errcode(ERRCODE_CHECK_VIOLATION),
					 errmsg("consent to sale or sharing for ambassador " INT64_FORMAT " needs a parent",
							ambassador_id),
					 errdetail("The ambassador was %d at the event; under 13 a grant of \"%s\" needs method \"parental\" and evidence of how the parent was verified (method was \"%s\").",
							   e->age, purpose, method),
					 errhint("Record method \"parental\" with evidence such as {\"shown\": \"...\", \"parent_verification\": \"...\"}.")));
			break;
		case AMBC_CR_MINOR_TWO_STEP:
		case AMBC_CR_GPC_TWO_STEP:
			ereport(ERROR,
					(errcode(ERRCODE_CHECK_VIOLATION),
					 errmsg("consent to sale or sharing for ambassador " INT64_FORMAT " needs two steps",
							ambassador_id),
					 v == AMBC_CR_MINOR_TWO_STEP ?
					 errdetail("The ambassador was %d at the event; from 13 to 15 a grant of \"%s\" must confirm the person's own \"pending\" request (the current state is \"%s\").",
							   e->age, purpose, cur) :
					 errdetail("A Global Privacy Control opt-out of \"%s\" was recorded; only the person's own \"pending\" request and a confirmation revert it (the current state is \"%s\").",
							   purpose, cur),
					 errhint("Record the person's request as \"pending\", then the confirmation as \"granted\".")));
			break;
		case AMBC_CR_REASK:
			ereport(ERROR,
					(errcode(ERRCODE_CHECK_VIOLATION),
					 errmsg("cannot ask ambassador " INT64_FORMAT " again about purpose \"%s\" yet",
							ambassador_id, purpose),
					 errdetail("The latest opt-out was at %s; asking again is allowed from %s.",
							   fmt_ts(h->last_optout), fmt_ts(ambc_add_months(h->last_optout, 12))),
					 errhint("Wait 12 months, unless the person started a transaction that needs it: evidence {\"reason\": \"consumer_initiated\"}.")));
			break;
		case AMBC_CR_GPC_SHAPE:
			ereport(ERROR,
					(errcode(ERRCODE_CHECK_VIOLATION),
					 errmsg("Global Privacy Control event for ambassador " INT64_FORMAT " and purpose \"%s\" is not an opt-out of sale or sharing",
							ambassador_id, purpose),
					 errdetail("A \"gpc\" event must be \"denied\" or \"withdrawn\" of \"sale_sharing\"; it is \"%s\" of \"%s\".",
							   state, purpose),
					 errhint("Record the signal as \"denied\" of \"sale_sharing\".")));
			break;
		default:
			break;
	}
	elog(ERROR, "unexpected consent verdict %d", (int) v);
}

/*
 * new_heads
 *		An empty hash table of heads, in the current memory context.
 */
static HTAB *
new_heads(void)
{
	HASHCTL		ctl;

	memset(&ctl, 0, sizeof(ctl));
	ctl.keysize = sizeof(HeadKey);
	ctl.entrysize = sizeof(HeadEntry);
	ctl.hcxt = CurrentMemoryContext;
	return hash_create("amb consent heads", 1024, &ctl,
					   HASH_ELEM | HASH_BLOBS | HASH_CONTEXT);
}

/*
 * head_entry
 *		The entry of (ambassador_id, purpose) in heads, created empty if new.
 */
static HeadEntry *
head_entry(HTAB *heads, int64 ambassador_id, const char *purpose)
{
	HeadKey		key;
	HeadEntry  *he;
	bool		found;

	memset(&key, 0, sizeof(key));
	key.ambassador_id = ambassador_id;
	if (strlen(purpose) >= NAMEDATALEN)
		ereport(ERROR,
				(errcode(ERRCODE_FOREIGN_KEY_VIOLATION),
				 errmsg("consent purpose \"%.40s...\" does not exist", purpose)));
	strlcpy(key.purpose, purpose, NAMEDATALEN);
	he = hash_search(heads, &key, HASH_ENTER, &found);
	if (!found)
	{
		ambc_consent_head_init(&he->head);
		he->dirty = false;
		he->stored = false;
		he->incentive = false;
	}
	return he;
}

static const char *const head_cols[] = {
	"ambassador_id", "purposes", "states", "since", "event_ids", "last_optouts", "gpc", "pending_own"
};

/*
 * state_type
 *		The OID of the type amb.consent_state.
 */
static Oid
state_type(void)
{
	return DatumGetObjectId(DirectFunctionCall1(regtypein, CStringGetDatum("amb.consent_state")));
}

/*
 * state_datum
 *		The amb.consent_state value of a state (its enum label's OID).
 */
static Datum
state_datum(int state)
{
	return DirectFunctionCall2(enum_in, CStringGetDatum(state_names[state]),
							   ObjectIdGetDatum(state_type()));
}

/*
 * state_of_datum
 *		The ambc_consent_state of an amb.consent_state value, given the
 *		values of the states (state_datum).
 */
static int
state_of_datum(const Datum *states, Datum d)
{
	int			i;

	for (i = 0; i < AMBC_CS_NSTATES; i++)
		if (DatumGetObjectId(states[i]) == DatumGetObjectId(d))
			return i;
	return AMBC_CS_NONE;
}

static int
cmp_head_key(const void *a, const void *b)
{
	const HeadEntry *x = *(const HeadEntry *const *) a;
	const HeadEntry *y = *(const HeadEntry *const *) b;

	if (x->key.ambassador_id != y->key.ambassador_id)
		return x->key.ambassador_id < y->key.ambassador_id ? -1 : 1;
	return strcmp(x->key.purpose, y->key.purpose);
}

/*
 * head_row
 *		The columns (head_cols) of an ambassador's row from its heads
 *		e[0..n), sorted by purpose.  states are the amb.consent_state
 *		values (state_datum), typ the type's OID.
 */
static void
head_row(HeadEntry **e, int n, const Datum *states, Oid typ, Datum *vals, bool *nulls)
{
	Datum	   *purposes = palloc(sizeof(Datum) * n);
	Datum	   *st = palloc(sizeof(Datum) * n);
	Datum	   *since = palloc(sizeof(Datum) * n);
	Datum	   *events = palloc(sizeof(Datum) * n);
	Datum	   *optouts = palloc(sizeof(Datum) * n);
	bool	   *optout_null = palloc(sizeof(bool) * n);
	Datum	   *gpc = palloc(sizeof(Datum) * n);
	Datum	   *own = palloc(sizeof(Datum) * n);
	int			dims[1];
	int			lbs[1] = {1};
	int			i;

	for (i = 0; i < n; i++)
	{
		purposes[i] = CStringGetTextDatum(e[i]->key.purpose);
		st[i] = states[e[i]->head.state];
		since[i] = TimestampTzGetDatum((TimestampTz) e[i]->head.since);
		events[i] = Int64GetDatum(e[i]->head.since_id);
		optout_null[i] = (e[i]->head.last_optout == AMBC_NO_TIME);
		optouts[i] = optout_null[i] ? (Datum) 0 : TimestampTzGetDatum((TimestampTz) e[i]->head.last_optout);
		gpc[i] = BoolGetDatum(e[i]->head.gpc);
		own[i] = BoolGetDatum(e[i]->head.pending_own);
	}
	dims[0] = n;
	memset(nulls, 0, sizeof(bool) * lengthof(head_cols));
	vals[0] = Int64GetDatum(e[0]->key.ambassador_id);
	vals[1] = PointerGetDatum(construct_array(purposes, n, TEXTOID, -1, false, TYPALIGN_INT));
	vals[2] = PointerGetDatum(construct_array(st, n, typ, sizeof(Oid), true, TYPALIGN_INT));
	vals[3] = PointerGetDatum(construct_array(since, n, TIMESTAMPTZOID, 8, FLOAT8PASSBYVAL, TYPALIGN_DOUBLE));
	vals[4] = PointerGetDatum(construct_array(events, n, INT8OID, 8, FLOAT8PASSBYVAL, TYPALIGN_DOUBLE));
	vals[5] = PointerGetDatum(construct_md_array(optouts, optout_null, 1, dims, lbs, TIMESTAMPTZOID,
												 8, FLOAT8PASSBYVAL, TYPALIGN_DOUBLE));
	vals[6] = PointerGetDatum(construct_array(gpc, n, BOOLOID, 1, true, TYPALIGN_CHAR));
	vals[7] = PointerGetDatum(construct_array(own, n, BOOLOID, 1, true, TYPALIGN_CHAR));
}

/*
 * delete_heads
 *		Delete the head rows of the ambassadors ids[0..n), which were read
 *		under their locks (inside SPI).  Under REPEATABLE READ the heads were
 *		read with the latest snapshot (amb_locked_snapshot): a row that a
 *		transaction committed after ours began is not there for this
 *		DELETE, and the state we checked against is newer than our
 *		snapshot: a serialization failure.
 */
static void
delete_heads(const int64 *ids, int n)
{
	Oid			argtypes[1] = {INT8ARRAYOID};
	Datum	   *d = palloc(sizeof(Datum) * n);
	Datum		arg;
	int			level;
	int			i;

	for (i = 0; i < n; i++)
		d[i] = Int64GetDatum(ids[i]);
	arg = PointerGetDatum(construct_array(d, n, INT8OID, 8, FLOAT8PASSBYVAL, TYPALIGN_DOUBLE));
	level = amb_index_plans_begin();
	if (SPI_execute_with_args("DELETE FROM amb.consent_head WHERE ambassador_id OPERATOR(pg_catalog.=) ANY ($1)",
							  1, argtypes, &arg, NULL, false, 0) != SPI_OK_DELETE)
		elog(ERROR, "could not write amb.consent_head");
	amb_index_plans_end(level);
	if (SPI_processed != (uint64) n)
		ereport(ERROR,
				(errcode(ERRCODE_T_R_SERIALIZATION_FAILURE),
				 errmsg("could not serialize access due to concurrent update"),
				 errdetail("The consent state of an ambassador was recorded by a transaction that committed after this one began."),
				 errhint("Retry the transaction.")));
}

/*
 * write_heads
 *		Write the heads of every ambassador with a dirty head into
 *		amb.consent_head (inside SPI, as the table's owner; the ambassadors
 *		are locked, so no one else writes their heads): the rows that exist
 *		are deleted with one statement, then every row goes straight into
 *		the table (bulk.c).  (A set-based UPDATE ... FROM unnest(...) is at
 *		the planner's mercy when the table has no statistics yet, as in a
 *		migration, and it once chose to rescan the array for every row; an
 *		UPDATE per row costs tens of microseconds through SPI.)
 */
static void
write_heads(HTAB *heads)
{
	HASH_SEQ_STATUS seq;
	HeadEntry  *e;
	long		n = hash_get_num_entries(heads);
	Datum		states[AMBC_CS_NSTATES];
	Oid			typ = state_type();
	AmbBulkInsert *bulk;
	HeadEntry **all;
	long		nall = 0;
	long	   *group;			/* start of each ambassador's group to write */
	long		ngroups = 0;
	int64	   *stored;
	int			nstored = 0;
	long		j;
	long		k;
	int			i;
	MemoryContext row_cxt;

	if (n == 0)
		return;
	for (i = 0; i < AMBC_CS_NSTATES; i++)
		states[i] = state_datum(i);

	/* in key order: rows by ambassador (the index grows at its right edge) */
	all = palloc(sizeof(HeadEntry *) * n);
	hash_seq_init(&seq, heads);
	while ((e = hash_seq_search(&seq)) != NULL)
		if (e->head.state != AMBC_CS_NONE)
			all[nall++] = e;
	qsort(all, nall, sizeof(HeadEntry *), cmp_head_key);

	group = palloc(sizeof(long) * (nall + 1));
	stored = palloc(sizeof(int64) * Max(nall, 1));
	for (j = 0; j < nall; j = k)
	{
		bool		dirty = false;
		bool		was_stored = false;

		for (k = j; k < nall && all[k]->key.ambassador_id == all[j]->key.ambassador_id; k++)
		{
			dirty |= all[k]->dirty;
			was_stored |= all[k]->stored;
		}
		if (!dirty)
			continue;
		group[ngroups++] = j;
		if (was_stored)
			stored[nstored++] = all[j]->key.ambassador_id;
	}
	if (ngroups == 0)
		return;
	if (nstored > 0)
		delete_heads(stored, nstored);

	row_cxt = AllocSetContextCreate(CurrentMemoryContext, "amb consent head row",
									ALLOCSET_SMALL_SIZES);
	bulk = amb_bulk_begin("consent_head", head_cols, lengthof(head_cols));
	for (i = 0; i < ngroups; i++)
	{
		Datum		vals[lengthof(head_cols)];
		bool		nulls[lengthof(head_cols)];
		MemoryContext old = MemoryContextSwitchTo(row_cxt);

		j = group[i];
		for (k = j; k < nall && all[k]->key.ambassador_id == all[j]->key.ambassador_id; k++)
			;
		head_row(&all[j], (int) (k - j), states, typ, vals, nulls);
		MemoryContextSwitchTo(old);
		amb_bulk_row(bulk, vals, nulls);
		MemoryContextReset(row_cxt);
	}
	amb_bulk_end(bulk);
	MemoryContextDelete(row_cxt);
}

/*
 * load_heads
 *		The heads of the ambassadors ids (a bigint[]) into a hash table.
 */
static HTAB *
load_heads(Datum ids)
{
	HTAB	   *heads = new_heads();
	uint64		r;
	Oid			argtypes[1] = {INT8ARRAYOID};
	SPIPlanPtr	plan;

	int			level = amb_index_plans_begin();

	/* prepared for this array (a custom plan), not kept */
	plan = SPI_prepare("SELECT h.ambassador_id, u.purpose, u.state::text, u.since, u.event_id,"
					   "       u.last_optout, u.gpc, u.pending_own"
					   "  FROM amb.consent_head h,"
					   "       ROWS FROM (pg_catalog.unnest(h.purposes), pg_catalog.unnest(h.states),"
					   "                  pg_catalog.unnest(h.since), pg_catalog.unnest(h.event_ids),"
					   "                  pg_catalog.unnest(h.last_optouts), pg_catalog.unnest(h.gpc),"
					   "                  pg_catalog.unnest(h.pending_own))"
					   "         AS u(purpose, state, since, event_id, last_optout, gpc, pending_own)"
					   " WHERE h.ambassador_id OPERATOR(pg_catalog.=) ANY ($1)",
					   1, argtypes);

	if (plan == NULL)
		elog(ERROR, "SPI_prepare failed: %s", SPI_result_code_string(SPI_result));
	/* after the ambassadors' locks: see what the previous holder wrote */
	if (SPI_execute_snapshot(plan, &ids, NULL, amb_locked_snapshot(), InvalidSnapshot,
							 false, false, 0) != SPI_OK_SELECT)
		elog(ERROR, "could not read amb.consent_head");
	amb_index_plans_end(level);
	for (r = 0; r < SPI_processed; r++)
	{
		HeapTuple	tup = SPI_tuptable->vals[r];
		TupleDesc	desc = SPI_tuptable->tupdesc;
		bool		isnull;
		HeadKey		key;
		HeadEntry  *e;
		char	   *purpose = SPI_getvalue(tup, desc, 2);
		Datum		d;

		memset(&key, 0, sizeof(key));
		key.ambassador_id = DatumGetInt64(SPI_getbinval(tup, desc, 1, &isnull));
		strlcpy(key.purpose, purpose, NAMEDATALEN);
		e = hash_search(heads, &key, HASH_ENTER, NULL);
		e->dirty = false;
		e->stored = true;
		e->incentive = false;
		e->head.state = state_of(SPI_getvalue(tup, desc, 3));
		e->head.since = DatumGetTimestampTz(SPI_getbinval(tup, desc, 4, &isnull));
		e->head.since_id = DatumGetInt64(SPI_getbinval(tup, desc, 5, &isnull));
		d = SPI_getbinval(tup, desc, 6, &isnull);
		e->head.last_optout = isnull ? AMBC_NO_TIME : DatumGetTimestampTz(d);
		e->head.gpc = DatumGetBool(SPI_getbinval(tup, desc, 7, &isnull));
		e->head.pending_own = DatumGetBool(SPI_getbinval(tup, desc, 8, &isnull));
	}
	SPI_freetuptable(SPI_tuptable);
	return heads;
}

/*
 * lock_and_describe
 *		Lock the ambassadors of the new events and return what the rules need
 *		of them, sorted by id (an event whose ambassador is missing from it
 *		names one that does not exist); *ids is set to their ids, a bigint[].
 */
static AmbInfo *
lock_and_describe(int *n, Datum *ids)
{
	bool		isnull;
	AmbInfo    *info;
	uint64		r;
	Oid			argtypes[1] = {INT8ARRAYOID};

	/*
	 * The ids first, as an array: a plan made for the array's size (an
	 * index scan for a few ids, a scan for many), not a guess about the
	 * transition table.
	 */
	if (SPI_execute("SELECT pg_catalog.array_agg(DISTINCT ambassador_id) FROM amb_new_events",
					true, 1) != SPI_OK_SELECT || SPI_processed != 1)
		elog(ERROR, "could not read the new consent events");
	*ids = SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1, &isnull);
	if (isnull)
		*ids = PointerGetDatum(construct_empty_array(INT8OID));
	*ids = PointerGetDatum(DatumGetArrayTypePCopy(*ids));
	SPI_freetuptable(SPI_tuptable);
	if (SPI_execute_with_args("SELECT a.id, a.status OPERATOR(pg_catalog.=) 'erased', a.birth_date"
							  "  FROM amb.ambassador a"
							  " WHERE a.id OPERATOR(pg_catalog.=) ANY ($1)"
							  " ORDER BY a.id FOR NO KEY UPDATE",
							  1, argtypes, ids, NULL, false, 0) != SPI_OK_SELECT)
		elog(ERROR, "could not lock the ambassadors");
	*n = (int) SPI_processed;
	info = palloc(sizeof(AmbInfo) * Max(*n, 1));
	for (r = 0; r < SPI_processed; r++)
	{
		HeapTuple	tup = SPI_tuptable->vals[r];
		TupleDesc	desc = SPI_tuptable->tupdesc;
		bool		isnull;
		Datum		d;

		info[r].id = DatumGetInt64(SPI_getbinval(tup, desc, 1, &isnull));
		info[r].erased = DatumGetBool(SPI_getbinval(tup, desc, 2, &isnull));
		d = SPI_getbinval(tup, desc, 3, &isnull);
		info[r].has_birth = !isnull;
		info[r].birth = isnull ? 0 : DatumGetDateADT(d);
	}
	SPI_freetuptable(SPI_tuptable);

	return info;
}

/* columns of the trigger's event query */
enum
{
	EV_ID = 1, EV_AMBASSADOR, EV_PURPOSE, EV_STATE, EV_OCCURRED, EV_RECORDED,
	EV_SOURCE, EV_METHOD, EV_EVIDENCE
};

/*
 * load_purposes
 *		The names of amb.consent_purpose, sorted (palloc; inside SPI).
 */
static char **
load_purposes(int *n)
{
	char	  **names;
	uint64		r;

	if (SPI_execute("SELECT purpose FROM amb.consent_purpose ORDER BY purpose COLLATE \"C\"",
					true, 0) != SPI_OK_SELECT)
		elog(ERROR, "could not read amb.consent_purpose");
	names = palloc(sizeof(char *) * Max(SPI_processed, 1));
	for (r = 0; r < SPI_processed; r++)
		names[r] = SPI_getvalue(SPI_tuptable->vals[r], SPI_tuptable->tupdesc, 1);
	*n = (int) SPI_processed;
	SPI_freetuptable(SPI_tuptable);
	return names;
}

static int
cmp_cstr(const void *a, const void *b)
{
	return strcmp(*(const char *const *) a, *(const char *const *) b);
}

/*
 * evidence_has
 *		Whether the evidence object has key with a non-empty string value
 *		(equal to want, if want is not NULL).
 */
static bool
evidence_has(Jsonb *ev, const char *key, const char *want)
{
	JsonbValue	k;
	JsonbValue *v;

	if (ev == NULL || !JB_ROOT_IS_OBJECT(ev))
		return false;
	k.type = jbvString;
	k.val.string.val = (char *) key;
	k.val.string.len = strlen(key);
	v = findJsonbValueFromContainer(&ev->root, JB_FOBJECT, &k);
	if (v == NULL || v->type != jbvString || v->val.string.len == 0)
		return false;
	if (want == NULL)
		return true;
	return v->val.string.len == (int) strlen(want) &&
		memcmp(v->val.string.val, want, v->val.string.len) == 0;
}

/*
 * append_utc
 *		Append t as an ISO 8601 UTC time with microseconds.
 */
static void
append_utc(StringInfo buf, TimestampTz t)
{
	struct pg_tm tm;
	fsec_t		fsec;

	if (TIMESTAMP_NOT_FINITE(t) || timestamp2tm(t, NULL, &tm, &fsec, NULL, NULL) != 0)
	{
		appendStringInfoString(buf, TIMESTAMP_IS_NOBEGIN(t) ? "\"-infinity\"" : "\"infinity\"");
		return;
	}
	if (fsec == 0)
		appendStringInfo(buf, "\"%04d-%02d-%02dT%02d:%02d:%02dZ\"",
						 tm.tm_year, tm.tm_mon, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
	else
		appendStringInfo(buf, "\"%04d-%02d-%02dT%02d:%02d:%02d.%06dZ\"",
						 tm.tm_year, tm.tm_mon, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
						 (int) fsec);
}

/*
 * The audit payload of the events one statement recorded for one
 * ambassador: {"fields": [...], "events": [[...], ...]}, each event an
 * array in the order of "fields" (compact: a migration writes millions).
 */
#define PAYLOAD_HEAD "{\"fields\": [\"event\", \"purpose\", \"state\", \"occurred_at\", " \
	"\"source\", \"method\", \"evidence\"], \"events\": ["

/*
 * append_event_json
 *		Append one event to an audit payload's "events" list.
 */
static void
append_event_json(StringInfo buf, int64 id, const char *purpose, int state,
				  TimestampTz occurred, const char *source, const char *method,
				  Jsonb *evidence)
{
	appendStringInfo(buf, "[" INT64_FORMAT ", ", id);
	escape_json(buf, purpose);
	appendStringInfo(buf, ", \"%s\", ", state_names[state]);
	append_utc(buf, occurred);
	appendStringInfoString(buf, ", ");
	escape_json(buf, source);
	appendStringInfoString(buf, ", ");
	escape_json(buf, method);
	appendStringInfoString(buf, ", ");
	if (evidence == NULL)
		appendStringInfoString(buf, "null");
	else
		(void) JsonbToCString(buf, &evidence->root, VARSIZE(evidence));
	appendStringInfoChar(buf, ']');
}

/*
 * book_granted_incentives
 *		Ambassadors granted financial_incentive consent by this statement
 *		(and still granted at its end) get what was withheld from them
 *		(incentive.c; inside SPI, as the owner, the ambassadors locked).
 */
static void
book_granted_incentives(HTAB *heads)
{
	HASH_SEQ_STATUS seq;
	HeadEntry  *e;
	int64	   *ids = NULL;
	int			n = 0;

	hash_seq_init(&seq, heads);
	while ((e = hash_seq_search(&seq)) != NULL)
	{
		if (!e->incentive || e->head.state != AMBC_CS_GRANTED)
			continue;
		if (ids == NULL)
			ids = palloc(sizeof(int64) * hash_get_num_entries(heads));
		ids[n++] = e->key.ambassador_id;
	}
	if (n == 0)
		return;
	qsort(ids, n, sizeof(int64), amb_cmp_int64);
	amb_incentive_consent_granted(ids, n);
}

/* amb._consent_rules() trigger: AFTER INSERT FOR EACH STATEMENT */
PG_FUNCTION_INFO_V1(amb_consent_rules);

Datum
amb_consent_rules(PG_FUNCTION_ARGS)
{
	TriggerData *td = (TriggerData *) fcinfo->context;
	bool		internal = amb_internal_writing();
	bool		import_mode = amb_consent_import_mode;
	TimestampTz now = GetCurrentTimestamp();
	TimestampTz xact_start = GetCurrentTransactionStartTimestamp();
	int64		skew = (int64) amb_consent_clock_skew_ms * 1000;
	AmbInfo    *info;
	int			ninfo;
	char	  **purposes;
	int			npurposes;
	HTAB	   *heads;
	Datum		ids;
	SPIPlanPtr	plan;
	Portal		portal;
	AmbAuditRow *audit;
	int			naudit = 0;
	bool		caller_admin;
	AmbUserSave caller;
	MemoryContext batch_cxt;
	MemoryContext row_cxt;
	MemoryContext fn_cxt;
	StringInfoData payload;		/* the events of one ambassador */
	int64		payload_amb = 0;
	bool		have_payload = false;
	HeadEntry  *last_head = NULL;
	Datum		states[AMBC_CS_NSTATES];
	int			i;

	if (!CALLED_AS_TRIGGER(fcinfo) || !TRIGGER_FIRED_AFTER(td->tg_event) ||
		!TRIGGER_FIRED_FOR_STATEMENT(td->tg_event) || !TRIGGER_FIRED_BY_INSERT(td->tg_event) ||
		td->tg_newtable == NULL)
		ereport(ERROR,
				(errcode(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED),
				 errmsg("amb._consent_rules() must be an AFTER INSERT ... FOR EACH STATEMENT trigger with a NEW TABLE")));
	caller_admin = amb_is_admin();
	if (import_mode && !internal && !caller_admin)
		ereport(ERROR,
				(errcode(ERRCODE_INSUFFICIENT_PRIVILEGE),
				 errmsg("only amb_admin may load consent history in import mode"),
				 errhint("SET amb.consent_import_mode = off, or run the migration as a member of amb_admin.")));
	amb_become_owner(&caller);

	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed");
	if (SPI_register_trigger_data(td) != SPI_OK_TD_REGISTER)
		elog(ERROR, "could not register the new consent events");

	for (i = 0; i < AMBC_CS_NSTATES; i++)
		states[i] = state_datum(i);
	info = lock_and_describe(&ninfo, &ids);
	purposes = load_purposes(&npurposes);
	heads = load_heads(ids);
	audit = palloc(sizeof(AmbAuditRow) * AUDIT_FLUSH);
	fn_cxt = CurrentMemoryContext;
	/* audit payloads of one batch; reset after each flush */
	batch_cxt = AllocSetContextCreate(fn_cxt, "amb consent batch", ALLOCSET_DEFAULT_SIZES);
	/* what one event needs; reset after each */
	row_cxt = AllocSetContextCreate(fn_cxt, "amb consent event", ALLOCSET_DEFAULT_SIZES);

	plan = SPI_prepare("SELECT n.id, n.ambassador_id, n.purpose, n.state, n.occurred_at, n.recorded_at,"
					   "       n.source, n.method, n.evidence"
					   "  FROM amb_new_events n"
					   " ORDER BY n.ambassador_id, n.purpose COLLATE \"C\", n.occurred_at, n.id",
					   0, NULL);
	if (plan == NULL)
		elog(ERROR, "SPI_prepare failed: %s", SPI_result_code_string(SPI_result));
	portal = SPI_cursor_open(NULL, plan, NULL, NULL, false);
	for (;;)
	{
		uint64		r;
		uint64		nrows;
		SPITupleTable *tt;

		SPI_cursor_fetch(portal, true, EVENT_FETCH);
		if (SPI_processed == 0)
			break;
		/* the batch: flushing the audit rows runs queries, which reset these */
		tt = SPI_tuptable;
		nrows = SPI_processed;
		for (r = 0; r < nrows; r++)
		{
			HeapTuple	tup = tt->vals[r];
			TupleDesc	desc = tt->tupdesc;
			bool		isnull;
			HeadEntry  *he;
			AmbInfo		ikey;
			AmbInfo    *ai;
			ambc_consent_event ev;
			ambc_consent_verdict v;
			int64		ambassador_id;
			char	   *purpose;
			char	   *source;
			char	   *method;
			Datum		evd;
			Jsonb	   *evidence;
			TimestampTz recorded;
			bool		replay;
			MemoryContext old = MemoryContextSwitchTo(row_cxt);

			memset(&ev, 0, sizeof(ev));
			ev.id = DatumGetInt64(SPI_getbinval(tup, desc, EV_ID, &isnull));
			ambassador_id = DatumGetInt64(SPI_getbinval(tup, desc, EV_AMBASSADOR, &isnull));
			purpose = TextDatumGetCString(SPI_getbinval(tup, desc, EV_PURPOSE, &isnull));
			source = TextDatumGetCString(SPI_getbinval(tup, desc, EV_SOURCE, &isnull));
			method = TextDatumGetCString(SPI_getbinval(tup, desc, EV_METHOD, &isnull));
			evd = SPI_getbinval(tup, desc, EV_EVIDENCE, &isnull);
			evidence = isnull ? NULL : DatumGetJsonbP(evd);
			ev.state = state_of_datum(states, SPI_getbinval(tup, desc, EV_STATE, &isnull));
			if (ev.state == AMBC_CS_NONE)
				elog(ERROR, "amb.consent_state has a value amb does not know");
			ev.occurred = DatumGetTimestampTz(SPI_getbinval(tup, desc, EV_OCCURRED, &isnull));
			recorded = DatumGetTimestampTz(SPI_getbinval(tup, desc, EV_RECORDED, &isnull));

			ikey.id = ambassador_id;
			ai = bsearch(&ikey, info, ninfo, sizeof(AmbInfo), cmp_info);
			if (ai == NULL)
				ereport(ERROR,
						(errcode(ERRCODE_FOREIGN_KEY_VIOLATION),
						 errmsg("ambassador " INT64_FORMAT " does not exist", ambassador_id),
						 errdetail("Consent event " INT64_FORMAT " names it.", ev.id)));
			if (bsearch(&purpose, purposes, npurposes, sizeof(char *), cmp_cstr) == NULL)
				ereport(ERROR,
						(errcode(ERRCODE_FOREIGN_KEY_VIOLATION),
						 errmsg("consent purpose \"%s\" does not exist", amb_quote_input(purpose, (int) strlen(purpose))),
						 errhint("Add it to amb.consent_purpose first.")));

			ev.sale_sharing = (strcmp(purpose, "sale_sharing") == 0);
			ev.has_source = source[strspn(source, " \t\r\n")] != '\0';
			ev.has_method = method[strspn(method, " \t\r\n")] != '\0';
			ev.gpc = (strcmp(method, "gpc") == 0);
			ev.parental = (strcmp(method, "parental") == 0);
			/* the evidence keys the rules read, only where they read them */
			if (ev.state == AMBC_CS_GRANTED)
			{
				ev.shown = evidence_has(evidence, "shown", NULL);
				ev.parent_verified = ev.sale_sharing &&
					evidence_has(evidence, "parent_verification", NULL);
			}
			else if (ev.state == AMBC_CS_PENDING && ev.sale_sharing)
				ev.consumer_initiated = evidence_has(evidence, "reason", "consumer_initiated");
			ev.erased = ai->erased;
			ev.age = ai->has_birth ? ambc_age_years(ai->birth, ev.occurred) : -1;

			/*
			 * A replay: an event recorded before this transaction began
			 * (recorded_at defaults to now(), the transaction's start), as
			 * pg_restore loads them.  It was checked when it was recorded,
			 * before any erasure, and its audit row is restored with the
			 * audit log.
			 */
			replay = (recorded < xact_start);
			if (replay && !internal && !caller_admin)
				ereport(ERROR,
						(errcode(ERRCODE_INSUFFICIENT_PRIVILEGE),
						 errmsg("consent event for ambassador " INT64_FORMAT " and purpose \"%s\" was recorded in the past",
								ambassador_id, purpose),
						 errdetail("Its recorded_at is %s.", fmt_ts(recorded)),
						 errhint("Leave recorded_at to its default; only amb_admin reloads recorded history.")));

			/* events come sorted by ambassador and purpose: mostly the last head */
			if (last_head == NULL || last_head->key.ambassador_id != ambassador_id ||
				strcmp(last_head->key.purpose, purpose) != 0)
			{
				MemoryContextSwitchTo(fn_cxt);
				last_head = head_entry(heads, ambassador_id, purpose);
				MemoryContextSwitchTo(row_cxt);
			}
			he = last_head;
			/* a replay was checked when it was recorded (before a redaction) */
			v = replay ? AMBC_CR_OK :
				ambc_consent_check(&he->head, &ev, now, skew, import_mode || internal);
			if (v != AMBC_CR_OK)
				report_verdict(v, &he->head, &ev, ambassador_id, purpose, source, method,
							   evidence ? JsonbToCString(NULL, &evidence->root, VARSIZE(evidence)) : NULL);
			ambc_consent_apply(&he->head, &ev);
			he->dirty = true;
			if (!replay && ev.state == AMBC_CS_GRANTED &&
				strcmp(purpose, AMB_INCENTIVE_PURPOSE) == 0)
				he->incentive = true;

			/* one audit row per ambassador and statement lists its events */
			if (!replay)
			{
				MemoryContextSwitchTo(batch_cxt);
				if (have_payload && payload_amb != ambassador_id)
				{
					appendStringInfoString(&payload, "]}");
					audit[naudit].chain = payload_amb;
					audit[naudit].kind = "consent";
					audit[naudit].payload = payload.data;
					naudit++;
					have_payload = false;
				}
				if (!have_payload)
				{
					initStringInfo(&payload);
					appendStringInfoString(&payload, PAYLOAD_HEAD);
					payload_amb = ambassador_id;
					have_payload = true;
				}
				else
					appendStringInfoString(&payload, ", ");
				append_event_json(&payload, ev.id, purpose, ev.state, ev.occurred, source, method,
								  evidence);
			}
			MemoryContextSwitchTo(old);
			MemoryContextReset(row_cxt);
			if (naudit == AUDIT_FLUSH)
			{
				amb_audit_append(audit, naudit);
				naudit = 0;
				if (!have_payload)
					MemoryContextReset(batch_cxt);
			}
		}
		SPI_freetuptable(tt);
		CHECK_FOR_INTERRUPTS();
	}
	SPI_cursor_close(portal);
	if (have_payload)
	{
		appendStringInfoString(&payload, "]}");
		audit[naudit].chain = payload_amb;
		audit[naudit].kind = "consent";
		audit[naudit].payload = payload.data;
		naudit++;
	}
	amb_audit_append(audit, naudit);
	write_heads(heads);
	book_granted_incentives(heads);
	SPI_finish();
	amb_restore_user(&caller);
	return PointerGetDatum(NULL);
}

/* amb._purpose_in_use() trigger: BEFORE DELETE OR UPDATE OF purpose */
PG_FUNCTION_INFO_V1(amb_purpose_in_use);

Datum
amb_purpose_in_use(PG_FUNCTION_ARGS)
{
	static SPIPlanPtr plan = NULL;
	TriggerData *td = (TriggerData *) fcinfo->context;
	bool		isnull;
	int			att;
	Datum		purpose;
	Oid			argtypes[1] = {TEXTOID};

	if (!CALLED_AS_TRIGGER(fcinfo) || !TRIGGER_FIRED_BEFORE(td->tg_event) ||
		!TRIGGER_FIRED_FOR_ROW(td->tg_event))
		ereport(ERROR,
				(errcode(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED),
				 errmsg("amb._purpose_in_use() must be a BEFORE ... FOR EACH ROW trigger")));
	att = SPI_fnumber(RelationGetDescr(td->tg_relation), "purpose");
	if (att <= 0)
		ereport(ERROR,
				(errcode(ERRCODE_UNDEFINED_COLUMN),
				 errmsg("column \"purpose\" of relation \"%s\" does not exist",
						RelationGetRelationName(td->tg_relation))));
	purpose = heap_getattr(td->tg_trigtuple, att, RelationGetDescr(td->tg_relation), &isnull);
	if (TRIGGER_FIRED_BY_UPDATE(td->tg_event))
	{
		bool		newnull;
		Datum		np = heap_getattr(td->tg_newtuple, att, RelationGetDescr(td->tg_relation), &newnull);

		if (!newnull && !isnull && DatumGetBool(DirectFunctionCall2Coll(texteq, C_COLLATION_OID, np, purpose)))
			return PointerGetDatum(td->tg_newtuple);
	}
	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed");
	amb_kept_plan(&plan, "SELECT 1 FROM amb.consent_event WHERE purpose OPERATOR(pg_catalog.=) $1 LIMIT 1",
				  1, argtypes);
	if (SPI_execute_plan(plan, &purpose, NULL, true, 1) != SPI_OK_SELECT)
		elog(ERROR, "could not read amb.consent_event");
	if (SPI_processed > 0)
		ereport(ERROR,
				(errcode(ERRCODE_FOREIGN_KEY_VIOLATION),
				 errmsg("consent purpose \"%s\" is in use", TextDatumGetCString(purpose)),
				 errdetail("Consent events record it, and the ledger is kept for good.")));
	SPI_finish();
	return TRIGGER_FIRED_BY_UPDATE(td->tg_event) ? PointerGetDatum(td->tg_newtuple) :
		PointerGetDatum(td->tg_trigtuple);
}

/*
 * read_head
 *		The head of (id, purpose) and what the rules need of the ambassador
 *		and purpose (inside SPI); false if the ambassador does not exist.
 *		*basis_opt_in is set when the purpose is opt-in; a purpose that does
 *		not exist is 23503.
 */
static bool
read_head(int64 id, text *purpose, ambc_consent_head *h, bool *erased,
		  bool *has_birth, DateADT *birth, bool *basis_opt_in)
{
	static SPIPlanPtr plan = NULL;
	Oid			argtypes[2] = {INT8OID, TEXTOID};
	Datum		args[2];
	HeapTuple	tup;
	TupleDesc	desc;
	bool		isnull;
	Datum		d;

	amb_kept_plan(&plan,
				  "SELECT a.status OPERATOR(pg_catalog.=) 'erased', a.birth_date,"
				  "       (SELECT p.basis OPERATOR(pg_catalog.=) 'opt_in' FROM amb.consent_purpose p"
				  "         WHERE p.purpose OPERATOR(pg_catalog.=) $2),"
				  "       u.state::text, u.since, u.event_id, u.last_optout, u.gpc, u.pending_own"
				  "  FROM amb.ambassador a"
				  "  LEFT JOIN amb.consent_head h ON h.ambassador_id OPERATOR(pg_catalog.=) a.id"
				  "  LEFT JOIN LATERAL ROWS FROM (pg_catalog.unnest(h.purposes), pg_catalog.unnest(h.states),"
				  "            pg_catalog.unnest(h.since), pg_catalog.unnest(h.event_ids),"
				  "            pg_catalog.unnest(h.last_optouts), pg_catalog.unnest(h.gpc),"
				  "            pg_catalog.unnest(h.pending_own))"
				  "         AS u(purpose, state, since, event_id, last_optout, gpc, pending_own)"
				  "    ON u.purpose OPERATOR(pg_catalog.=) $2"
				  " WHERE a.id OPERATOR(pg_catalog.=) $1",
				  2, argtypes);
	args[0] = Int64GetDatum(id);
	args[1] = PointerGetDatum(purpose);
	if (SPI_execute_plan(plan, args, NULL, true, 1) != SPI_OK_SELECT)
		elog(ERROR, "could not read the consent state");
	ambc_consent_head_init(h);
	if (SPI_processed == 0)
		return false;
	tup = SPI_tuptable->vals[0];
	desc = SPI_tuptable->tupdesc;
	*erased = DatumGetBool(SPI_getbinval(tup, desc, 1, &isnull));
	d = SPI_getbinval(tup, desc, 2, &isnull);
	*has_birth = !isnull;
	*birth = isnull ? 0 : DatumGetDateADT(d);
	d = SPI_getbinval(tup, desc, 3, &isnull);
	if (isnull)
		ereport(ERROR,
				(errcode(ERRCODE_FOREIGN_KEY_VIOLATION),
				 errmsg("consent purpose \"%s\" does not exist", text_to_cstring(purpose))));
	*basis_opt_in = DatumGetBool(d);
	d = SPI_getbinval(tup, desc, 4, &isnull);
	if (!isnull)
	{
		h->state = state_of(TextDatumGetCString(d));
		h->since = DatumGetTimestampTz(SPI_getbinval(tup, desc, 5, &isnull));
		h->since_id = DatumGetInt64(SPI_getbinval(tup, desc, 6, &isnull));
		d = SPI_getbinval(tup, desc, 7, &isnull);
		h->last_optout = isnull ? AMBC_NO_TIME : DatumGetTimestampTz(d);
		h->gpc = DatumGetBool(SPI_getbinval(tup, desc, 8, &isnull));
		h->pending_own = DatumGetBool(SPI_getbinval(tup, desc, 9, &isnull));
	}
	return true;
}

/*
 * live_id
 *		The live ambassador an id stands for (merges followed), inside SPI;
 *		an id that does not exist stands for itself.
 */
static int64
live_id(int64 id)
{
	int64		live;

	return amb_resolve_id(id, &live) ? live : id;
}

/* amb.can_contact(ambassador_id, purpose) returns boolean */
PG_FUNCTION_INFO_V1(amb_can_contact);

Datum
amb_can_contact(PG_FUNCTION_ARGS)
{
	int64		id = PG_GETARG_INT64(0);
	text	   *purpose = PG_GETARG_TEXT_PP(1);
	ambc_consent_head h;
	bool		erased = false;
	bool		has_birth = false;
	DateADT		birth = 0;
	bool		opt_in = true;
	bool		exists;
	bool		ok;

	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed");
	exists = read_head(live_id(id), purpose, &h, &erased, &has_birth, &birth, &opt_in);
	SPI_finish();
	if (!exists || erased)
		PG_RETURN_BOOL(false);
	if (opt_in)
		ok = (h.state == AMBC_CS_GRANTED);
	else
	{
		int			age = has_birth ? ambc_age_years(birth, GetCurrentTransactionStartTimestamp()) : -1;
		bool		sale = (VARSIZE_ANY_EXHDR(purpose) == 12 &&
							memcmp(VARDATA_ANY(purpose), "sale_sharing", 12) == 0);

		if (sale && age >= 0 && age < 16)
			ok = (h.state == AMBC_CS_GRANTED);	/* opt-in under 16 */
		else
			ok = (h.state != AMBC_CS_DENIED && h.state != AMBC_CS_WITHDRAWN);
	}
	PG_RETURN_BOOL(ok);
}

/* amb.can_request_consent(ambassador_id, purpose, reason) returns boolean */
PG_FUNCTION_INFO_V1(amb_can_request_consent);

Datum
amb_can_request_consent(PG_FUNCTION_ARGS)
{
	int64		id;
	text	   *purpose;
	ambc_consent_head h;
	ambc_consent_event ev;
	bool		erased = false;
	bool		has_birth = false;
	DateADT		birth = 0;
	bool		opt_in = true;
	bool		exists;

	if (PG_ARGISNULL(0) || PG_ARGISNULL(1))
		PG_RETURN_NULL();
	id = PG_GETARG_INT64(0);
	purpose = PG_GETARG_TEXT_PP(1);
	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed");
	exists = read_head(live_id(id), purpose, &h, &erased, &has_birth, &birth, &opt_in);
	SPI_finish();
	if (!exists)
		PG_RETURN_BOOL(false);
	memset(&ev, 0, sizeof(ev));
	ev.state = AMBC_CS_PENDING;
	ev.occurred = GetCurrentTimestamp();
	ev.sale_sharing = (VARSIZE_ANY_EXHDR(purpose) == 12 &&
					   memcmp(VARDATA_ANY(purpose), "sale_sharing", 12) == 0);
	ev.has_source = ev.has_method = true;
	ev.consumer_initiated = !PG_ARGISNULL(2) &&
		strcmp(text_to_cstring(PG_GETARG_TEXT_PP(2)), "consumer_initiated") == 0;
	ev.erased = erased;
	ev.age = has_birth ? ambc_age_years(birth, ev.occurred) : -1;
	PG_RETURN_BOOL(ambc_consent_check(&h, &ev, ev.occurred, 0, false) == AMBC_CR_OK);
}

/*
 * restrictiveness
 *		How restrictive a state is, for merges: an opt-out (denied,
 *		withdrawn) over pending over granted; nothing recorded counts for
 *		nothing.
 */
static int
restrictiveness(int state)
{
	switch (state)
	{
		case AMBC_CS_DENIED:
		case AMBC_CS_WITHDRAWN:
			return 3;
		case AMBC_CS_PENDING:
			return 2;
		case AMBC_CS_GRANTED:
			return 1;
		default:
			return 0;
	}
}

/*
 * amb_merge_consent
 *		Merge the consent history of duplicate into survivor (inside SPI,
 *		both ambassadors locked FOR UPDATE, duplicate already marked
 *		merged):
 *	1. the duplicate's consent events move to the survivor (an internal
 *	   write: the ledger's one other exception besides erasure, and one
 *	   that changes nothing but whose record they are), and so do its
 *	   privacy requests;
 *	2. the survivor's heads are rebuilt from the merged ledger;
 *	3. for each purpose, where the merged ledger's latest state is less
 *	   restrictive than the most restrictive of the two heads before the
 *	   merge (an opt-out on either record wins), an event with that state,
 *	   source "amb.merge_ambassadors" and method "merge" is recorded, so the
 *	   ledger itself says why the state changed;
 *	4. both audit chains get a "merge" row.
 */
void
amb_merge_consent(int64 survivor, int64 duplicate)
{
	Oid			two[2] = {INT8OID, INT8OID};
	Datum		args[2];
	HTAB	   *before;
	HTAB	   *after;
	HASH_SEQ_STATUS seq;
	HeadEntry  *e;
	uint64		moved;
	uint64		r;
	char	   *payload;
	int64		ids[2];
	int			i;

	AmbUserSave caller;

	amb_become_owner(&caller);
	args[0] = Int64GetDatum(survivor);
	args[1] = Int64GetDatum(duplicate);

	/* the heads before: the most restrictive per purpose */
	before = new_heads();
	/*
	 * Reads and moves use the snapshot taken after the merge locked both
	 * records: under REPEATABLE READ, events committed since the
	 * transaction's snapshot move too.
	 */
	(void) amb_exec_locked("SELECT h.ambassador_id, u.purpose, u.state::text, u.since, u.event_id"
						   "  FROM amb.consent_head h,"
						   "       ROWS FROM (pg_catalog.unnest(h.purposes), pg_catalog.unnest(h.states),"
						   "                  pg_catalog.unnest(h.since), pg_catalog.unnest(h.event_ids))"
						   "         AS u(purpose, state, since, event_id)"
						   " WHERE h.ambassador_id OPERATOR(pg_catalog.=) $1"
						   "    OR h.ambassador_id OPERATOR(pg_catalog.=) $2",
						   2, two, args, SPI_OK_SELECT, false);
	for (r = 0; r < SPI_processed; r++)
	{
		HeapTuple	tup = SPI_tuptable->vals[r];
		TupleDesc	desc = SPI_tuptable->tupdesc;
		bool		isnull;
		int64		who = DatumGetInt64(SPI_getbinval(tup, desc, 1, &isnull));
		int			state = state_of(SPI_getvalue(tup, desc, 3));
		TimestampTz since = DatumGetTimestampTz(SPI_getbinval(tup, desc, 4, &isnull));
		int64		event = DatumGetInt64(SPI_getbinval(tup, desc, 5, &isnull));

		e = head_entry(before, survivor, SPI_getvalue(tup, desc, 2));
		if (restrictiveness(state) > restrictiveness(e->head.state) ||
			(restrictiveness(state) == restrictiveness(e->head.state) && since > e->head.since))
		{
			e->head.state = state;
			e->head.since = since;
			e->head.since_id = event;
			e->dirty = (who == duplicate);	/* here: the state came from the
											 * duplicate */
		}
	}
	SPI_freetuptable(SPI_tuptable);

	/* 1. the events and requests move */
	moved = amb_exec_locked("UPDATE amb.consent_event SET ambassador_id = $1"
							" WHERE ambassador_id OPERATOR(pg_catalog.=) $2",
							2, two, args, SPI_OK_UPDATE, true);
	(void) amb_exec_locked("UPDATE amb.privacy_request SET ambassador_id = $1"
						   " WHERE ambassador_id OPERATOR(pg_catalog.=) $2",
						   2, two, args, SPI_OK_UPDATE, false);

	/* 2. the survivor's heads, rebuilt from its ledger */
	(void) amb_exec_locked("DELETE FROM amb.consent_head"
						   " WHERE ambassador_id OPERATOR(pg_catalog.=) $1"
						   "    OR ambassador_id OPERATOR(pg_catalog.=) $2",
						   2, two, args, SPI_OK_DELETE, false);
	after = new_heads();
	(void) amb_exec_locked("SELECT e.id, e.purpose, e.state::text, e.occurred_at,"
						   "       e.method OPERATOR(pg_catalog.=) 'gpc',"
						   "       e.method OPERATOR(pg_catalog.=) 'parental'"
						   "  FROM amb.consent_event e"
						   " WHERE e.ambassador_id OPERATOR(pg_catalog.=) $1"
						   " ORDER BY e.purpose, e.occurred_at, e.id",
						   1, two, args, SPI_OK_SELECT, false);
	for (r = 0; r < SPI_processed; r++)
	{
		HeapTuple	tup = SPI_tuptable->vals[r];
		TupleDesc	desc = SPI_tuptable->tupdesc;
		bool		isnull;
		ambc_consent_event ev;

		memset(&ev, 0, sizeof(ev));
		ev.id = DatumGetInt64(SPI_getbinval(tup, desc, 1, &isnull));
		ev.state = state_of(SPI_getvalue(tup, desc, 3));
		ev.occurred = DatumGetTimestampTz(SPI_getbinval(tup, desc, 4, &isnull));
		ev.gpc = DatumGetBool(SPI_getbinval(tup, desc, 5, &isnull));
		ev.parental = DatumGetBool(SPI_getbinval(tup, desc, 6, &isnull));
		e = head_entry(after, survivor, SPI_getvalue(tup, desc, 2));
		ambc_consent_apply(&e->head, &ev);
		e->dirty = true;
	}
	SPI_freetuptable(SPI_tuptable);
	write_heads(after);

	/* 3. the most restrictive state wins */
	hash_seq_init(&seq, before);
	while ((e = hash_seq_search(&seq)) != NULL)
	{
		static const Oid types[6] = {INT8OID, TEXTOID, TEXTOID, TIMESTAMPTZOID, INT8OID, INT8OID};
		Datum		vals[6];
		HeadEntry  *now_head = hash_search(after, &e->key, HASH_FIND, NULL);
		TimestampTz at = GetCurrentTransactionStartTimestamp();

		if (now_head == NULL || e->head.state == AMBC_CS_NONE ||
			restrictiveness(now_head->head.state) >= restrictiveness(e->head.state))
			continue;
		if (now_head->head.since > at)
			at = now_head->head.since;
		vals[0] = Int64GetDatum(survivor);
		vals[1] = CStringGetTextDatum(e->key.purpose);
		vals[2] = CStringGetTextDatum(state_names[e->head.state]);
		vals[3] = TimestampTzGetDatum(at);
		vals[4] = Int64GetDatum(e->dirty ? duplicate : survivor);
		vals[5] = Int64GetDatum(e->head.since_id);
		amb_internal_exec("INSERT INTO amb.consent_event (ambassador_id, purpose, state,"
					  "       occurred_at, source, method, evidence)"
					  " VALUES ($1, $2, $3::amb.consent_state, $4, 'amb.merge_ambassadors', 'merge',"
					  "         pg_catalog.jsonb_build_object('most_restrictive_of', $5::bigint,"
					  "                                       'event', $6::bigint))",
					  6, (Oid *) types, vals, SPI_OK_INSERT);
	}

	/* 4. the audit trail */
	payload = psprintf("{\"survivor\": " INT64_FORMAT ", \"duplicate\": " INT64_FORMAT
					   ", \"moved_events\": " UINT64_FORMAT "}", survivor, duplicate, moved);
	ids[0] = Min(survivor, duplicate);
	ids[1] = Max(survivor, duplicate);
	for (i = 0; i < 2; i++)
		amb_audit_one(ids[i], "merge", payload);
	amb_restore_user(&caller);
}

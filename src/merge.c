/*-------------------------------------------------------------------------
 *
 * merge.c
 *		Merges and resolution of ambassadors, and the entry point for
 *		applications and imports: amb.merge_ambassadors,
 *		amb.merge_duplicates, amb.resolve_ambassador, amb.resolve_legacy,
 *		amb.upsert_ambassador.
 *
 * Merging.  The two rows are locked FOR UPDATE in ascending id order (so
 * two merges of the same pair, in either direction, cannot deadlock), the
 * duplicate's legacy identifiers move to the survivor, the survivor gets
 * the union of the tags and the fields it lacks, and the duplicate is
 * marked merged with merged_into; nothing is deleted, so every id and every
 * legacy identifier still resolves.  Consent events and privacy requests
 * move too, and the survivor's consent becomes the most restrictive of
 * the two (amb_merge_consent in consent.c); later capabilities move their
 * own rows (referrals, credits) in amb_merge_pair.
 *
 * Upsert and concurrency.  Two sessions upserting the same new person must
 * not both create an ambassador.  Before looking for a match, an upsert
 * takes a transaction-scoped advisory lock on every blocking key of the
 * incoming record and on its (source, legacy id): any two records that
 * could match share a blocking key (matching only ever looks at records
 * that do), so the second upsert waits for the first to commit and then
 * finds its row.  Keys are locked in ascending order, so two upserts never
 * deadlock on them.  The locks live in their own advisory space
 * (locktag field4 = AMB_LOCK_MATCH_SPACE), apart from the application's
 * pg_advisory_xact_lock keys.
 *
 * A transaction that upserts many records (an import) would otherwise
 * hold thousands of locks and exhaust the shared lock table, so after
 * AMB_UPSERT_ESCALATE key locks it escalates: every upsert holds one
 * "all upserts" advisory lock in RowExclusiveLock mode, and an escalating
 * transaction takes it in ExclusiveLock mode instead and stops locking
 * keys.  It then excludes every other upsert until it ends; two imports
 * that escalate at once deadlock, and PostgreSQL aborts one (40P01).
 *
 * The lookups after the locks run with read_only = false, so that under
 * READ COMMITTED each takes a new snapshot and sees what the session it
 * waited for committed.
 *
 * Under REPEATABLE READ or SERIALIZABLE the transaction's snapshot cannot
 * see a record committed after it began, lock or no lock; the lookups then
 * use the latest snapshot, and linking to a record the transaction cannot
 * see is a serialization failure (40001) for the caller to retry, as an
 * UPDATE of such a row would be.
 *
 * src/merge.c
 *
 *-------------------------------------------------------------------------
 */
#include "dedup.h"

#include "access/xact.h"
#include "catalog/pg_type.h"
#include "executor/spi.h"
#include "lib/stringinfo.h"
#include "miscadmin.h"
#include "storage/lock.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/lsyscache.h"
#include "utils/snapmgr.h"

#include "consent.h"
#include "incentive.h"
#include "report.h"
#include "spi_cache.h"

/* locktag field4 of amb's match-key locks (pg_locks.objsubid) */
#define AMB_LOCK_MATCH_SPACE 0x616d
/* the "all upserts" lock, in the AMB_LOCK_CLASS space of amb.h */
#define AMB_LOCK_ALL_UPSERTS 2
/* key locks a transaction takes before it escalates */
#define AMB_UPSERT_ESCALATE 256
/* candidates read per blocking key for online matching */
#define ONLINE_PER_KEY 200
/* longest merge chain followed before giving up */
#define MAX_CHAIN 10000

/* per-transaction state of the upsert locks */
static TransactionId lock_xid = InvalidTransactionId;
static int	lock_count = 0;
static bool lock_escalated = false;

/* ------------------------------------------------------------------------
 * resolution
 * ------------------------------------------------------------------------
 */

/*
 * resolve_id
 *		Follow merged_into from id to a record that is not merged; returns
 *		false if id does not exist.  Must be called inside SPI.
 */
static bool
resolve_id(int64 id, bool read_only, int64 *live)
{
	static SPIPlanPtr plan = NULL;
	Oid			argtypes[1] = {INT8OID};
	int			steps;

	amb_kept_plan(&plan,
				  "SELECT merged_into FROM amb.ambassador WHERE id OPERATOR(pg_catalog.=) $1",
				  1, argtypes);
	for (steps = 0; steps < MAX_CHAIN; steps++)
	{
		Datum		arg = Int64GetDatum(id);
		bool		isnull;
		Datum		next;

		if (SPI_execute_plan(plan, &arg, NULL, read_only, 1) != SPI_OK_SELECT)
			elog(ERROR, "could not read amb.ambassador");
		if (SPI_processed == 0)
			return false;
		next = SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1, &isnull);
		if (isnull)
		{
			*live = id;
			return true;
		}
		id = DatumGetInt64(next);
	}
	elog(ERROR, "merge chain from ambassador " INT64_FORMAT " is longer than %d",
		 id, MAX_CHAIN);
	return false;
}

/*
 * amb_resolve_id
 *		The live ambassador id stands for (inside SPI, with a new snapshot);
 *		false if id does not exist.
 */
bool
amb_resolve_id(int64 id, int64 *live)
{
	return resolve_id(id, false, live);
}

/* amb.resolve_ambassador(bigint) returns bigint */
PG_FUNCTION_INFO_V1(amb_resolve_ambassador);

Datum
amb_resolve_ambassador(PG_FUNCTION_ARGS)
{
	int64		live;
	bool		found;

	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed");
	found = resolve_id(PG_GETARG_INT64(0), true, &live);
	SPI_finish();
	if (!found)
		PG_RETURN_NULL();
	PG_RETURN_INT64(live);
}

/*
 * legacy_owner
 *		The ambassador a legacy id was recorded for, if any (inside SPI).
 *		read_only as for SPI: false takes a new snapshot (after a lock).
 */
static bool
legacy_owner(Datum source, Datum legacy_id, Snapshot snap, bool read_only,
			 int64 *id)
{
	static SPIPlanPtr plan = NULL;
	Oid			argtypes[2] = {TEXTOID, TEXTOID};
	Datum		args[2];
	bool		isnull;
	int			rc;

	amb_kept_plan(&plan,
				  "SELECT ambassador_id FROM amb.source_id"
				  " WHERE source OPERATOR(pg_catalog.=) $1"
				  "   AND legacy_id OPERATOR(pg_catalog.=) $2",
				  2, argtypes);
	args[0] = source;
	args[1] = legacy_id;
	rc = SPI_execute_snapshot(plan, args, NULL, snap, InvalidSnapshot, read_only,
							  false, 1);
	if (rc != SPI_OK_SELECT)
		elog(ERROR, "could not read amb.source_id");
	if (SPI_processed == 0)
		return false;
	*id = DatumGetInt64(SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1, &isnull));
	return true;
}

/* amb.resolve_legacy(source text, legacy_id text) returns bigint */
PG_FUNCTION_INFO_V1(amb_resolve_legacy);

Datum
amb_resolve_legacy(PG_FUNCTION_ARGS)
{
	int64		id;
	int64		live = 0;
	bool		found;

	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed");
	found = legacy_owner(PG_GETARG_DATUM(0), PG_GETARG_DATUM(1), InvalidSnapshot, true, &id) &&
		resolve_id(id, true, &live);
	SPI_finish();
	if (!found)
		PG_RETURN_NULL();
	PG_RETURN_INT64(live);
}

/* ------------------------------------------------------------------------
 * merging
 * ------------------------------------------------------------------------
 */

/*
 * amb_merge_pair
 *		Merge duplicate into survivor (see the header comment); errors for
 *		a merge that cannot be done.  Returns survivor.  Inside or outside
 *		SPI.
 */
int64
amb_merge_pair(int64 survivor, int64 duplicate)
{
	static SPIPlanPtr lock_plan = NULL;
	static SPIPlanPtr move_plan = NULL;
	static SPIPlanPtr fill_plan = NULL;
	static SPIPlanPtr mark_plan = NULL;
	Oid			two[2] = {INT8OID, INT8OID};
	Datum		args[2];
	bool		seen[2] = {false, false};
	char	   *status[2] = {NULL, NULL};
	int64		into[2] = {0, 0};
	uint64		r;

	if (survivor == duplicate)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("cannot merge ambassador " INT64_FORMAT " into itself", survivor)));

	/*
	 * The fill below may give the survivor a contact, which is checked
	 * against the suppression list under its lock: taken before the records
	 * are, as an erasure takes it (else the two could deadlock).
	 */
	amb_lock_suppression(ShareLock);
	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed");
	amb_kept_plan(&lock_plan,
				  "SELECT id, status::text, merged_into FROM amb.ambassador"
				  " WHERE id OPERATOR(pg_catalog.=) $1 OR id OPERATOR(pg_catalog.=) $2"
				  " ORDER BY id FOR UPDATE",
				  2, two);
	args[0] = Int64GetDatum(survivor);
	args[1] = Int64GetDatum(duplicate);
	if (SPI_execute_plan(lock_plan, args, NULL, false, 0) != SPI_OK_SELECT)
		elog(ERROR, "could not lock the ambassadors");
	for (r = 0; r < SPI_processed; r++)
	{
		HeapTuple	tup = SPI_tuptable->vals[r];
		TupleDesc	desc = SPI_tuptable->tupdesc;
		bool		isnull;
		int64		id = DatumGetInt64(SPI_getbinval(tup, desc, 1, &isnull));
		int			k = (id == survivor) ? 0 : 1;
		Datum		m;

		seen[k] = true;
		status[k] = SPI_getvalue(tup, desc, 2);
		m = SPI_getbinval(tup, desc, 3, &isnull);
		into[k] = isnull ? 0 : DatumGetInt64(m);
	}
	if (!seen[0] || !seen[1])
		ereport(ERROR,
				(errcode(ERRCODE_FOREIGN_KEY_VIOLATION),
				 errmsg("ambassador " INT64_FORMAT " does not exist",
						seen[0] ? duplicate : survivor)));
	if (strcmp(status[0], "merged") == 0)
		ereport(ERROR,
				(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
				 errmsg("cannot merge into ambassador " INT64_FORMAT, survivor),
				 errdetail("Ambassador " INT64_FORMAT " was merged into ambassador " INT64_FORMAT ".",
						   survivor, into[0]),
				 errhint("Merge into amb.resolve_ambassador(" INT64_FORMAT ") instead.", survivor)));
	if (strcmp(status[0], "erased") == 0)
		ereport(ERROR,
				(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
				 errmsg("cannot merge into ambassador " INT64_FORMAT, survivor),
				 errdetail("Ambassador " INT64_FORMAT " is erased.", survivor)));
	if (strcmp(status[1], "merged") == 0)
		ereport(ERROR,
				(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
				 errmsg("ambassador " INT64_FORMAT " is already merged", duplicate),
				 errdetail("It was merged into ambassador " INT64_FORMAT ".", into[1]),
				 errhint("Merge amb.resolve_ambassador(" INT64_FORMAT ") instead.", duplicate)));
	if (strcmp(status[1], "erased") == 0)
		ereport(ERROR,
				(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
				 errmsg("cannot merge erased ambassador " INT64_FORMAT, duplicate)));

	/* legacy identifiers */
	amb_kept_plan(&move_plan,
				  "UPDATE amb.source_id SET ambassador_id = $1"
				  " WHERE ambassador_id OPERATOR(pg_catalog.=) $2",
				  2, two);
	if (SPI_execute_plan(move_plan, args, NULL, false, 0) != SPI_OK_UPDATE)
		elog(ERROR, "could not move legacy identifiers");

	/* tags, and what the survivor lacks; the address only as a whole */
	amb_kept_plan(&fill_plan,
				  "UPDATE amb.ambassador s SET"
				  "  email = COALESCE(s.email, d.email),"
				  "  phone = COALESCE(s.phone, d.phone),"
				  "  handle = COALESCE(s.handle, d.handle),"
				  "  birth_date = COALESCE(s.birth_date, d.birth_date),"
				  "  address_line = CASE WHEN s.address_line IS NULL AND s.city IS NULL AND s.postal_code IS NULL"
				  "                      THEN d.address_line ELSE s.address_line END,"
				  "  city = CASE WHEN s.address_line IS NULL AND s.city IS NULL AND s.postal_code IS NULL"
				  "              THEN d.city ELSE s.city END,"
				  "  postal_code = CASE WHEN s.address_line IS NULL AND s.city IS NULL AND s.postal_code IS NULL"
				  "                     THEN d.postal_code ELSE s.postal_code END,"
				  "  region = CASE WHEN s.address_line IS NULL AND s.city IS NULL AND s.postal_code IS NULL"
				  "                THEN COALESCE(d.region, s.region) ELSE COALESCE(s.region, d.region) END,"
				  "  tags = (SELECT COALESCE(pg_catalog.array_agg(DISTINCT t ORDER BY t), '{}')"
				  "            FROM pg_catalog.unnest(s.tags OPERATOR(pg_catalog.||) d.tags) t)"
				  "  FROM amb.ambassador d"
				  " WHERE s.id OPERATOR(pg_catalog.=) $1 AND d.id OPERATOR(pg_catalog.=) $2",
				  2, two);
	if (SPI_execute_plan(fill_plan, args, NULL, false, 0) != SPI_OK_UPDATE)
		elog(ERROR, "could not update the surviving ambassador");

	amb_kept_plan(&mark_plan,
				  "UPDATE amb.ambassador SET status = 'merged', merged_into = $1"
				  " WHERE id OPERATOR(pg_catalog.=) $2",
				  2, two);
	if (SPI_execute_plan(mark_plan, args, NULL, false, 0) != SPI_OK_UPDATE)
		elog(ERROR, "could not mark the merged ambassador");

	/* consent histories, privacy requests, the audit trail */
	amb_merge_consent(survivor, duplicate);
	/* referral codes, referrals, credits: then what the survivor earns */
	amb_merge_incentives(survivor, duplicate);
	SPI_finish();
	return survivor;
}

/* amb.merge_ambassadors(survivor bigint, duplicate bigint) returns bigint */
PG_FUNCTION_INFO_V1(amb_merge_ambassadors);

Datum
amb_merge_ambassadors(PG_FUNCTION_ARGS)
{
	PG_RETURN_INT64(amb_merge_pair(PG_GETARG_INT64(0), PG_GETARG_INT64(1)));
}

/* qsort_arg comparator: record indexes by their ids in the set arg */
static int
cmp_by_id(const void *x, const void *y, void *arg)
{
	const AmbRecordSet *set = arg;
	int64		a = set->ids[*(const uint32 *) x];
	int64		b = set->ids[*(const uint32 *) y];

	return (a > b) - (a < b);
}

/* amb.merge_duplicates(min_score float8) returns bigint */
PG_FUNCTION_INFO_V1(amb_merge_duplicates);

Datum
amb_merge_duplicates(PG_FUNCTION_ARGS)
{
	double		min_score = PG_GETARG_FLOAT8(0);
	AmbRecordSet *set;
	uint32	   *root;
	uint32	   *oldest;
	uint32	   *order;
	size_t		i;
	size_t		k;
	int64		merged = 0;

	if (!(min_score >= 0 && min_score <= 1))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("min_score must be between 0 and 1"),
				 errdetail("The value given is %g.", min_score)));
	set = amb_load_records(CurrentMemoryContext, true);
	root = amb_clusters(set, min_score);

	/* the survivor of each cluster: earliest created_at, then smallest id */
	oldest = MemoryContextAllocHuge(set->cxt, Max(set->n, 1) * sizeof(uint32));
	for (i = 0; i < set->n; i++)
		oldest[i] = (uint32) i;
	for (i = 0; i < set->n; i++)
	{
		uint32		r = root[i];
		uint32		o = oldest[r];

		if (set->created[i] < set->created[o] ||
			(set->created[i] == set->created[o] && set->ids[i] < set->ids[o]))
			oldest[r] = (uint32) i;
	}
	/* merge in ascending id order, so the result does not depend on names */
	order = MemoryContextAllocHuge(set->cxt, Max(set->n, 1) * sizeof(uint32));
	for (i = 0; i < set->n; i++)
		order[i] = (uint32) i;
	qsort_arg(order, set->n, sizeof(uint32), cmp_by_id, set);
	for (k = 0; k < set->n; k++)
	{
		size_t		i2 = order[k];
		uint32		s = oldest[root[i2]];

		if (s == i2)
			continue;
		CHECK_FOR_INTERRUPTS();
		amb_merge_pair(set->ids[s], set->ids[i2]);
		merged++;
	}
	MemoryContextDelete(set->cxt);
	PG_RETURN_INT64(merged);
}

/* ------------------------------------------------------------------------
 * upsert
 * ------------------------------------------------------------------------
 */

/*
 * lock_match_key
 *		Transaction-scoped exclusive lock on one 64-bit match key.
 */
static void
lock_match_key(uint64 key)
{
	LOCKTAG		tag;

	SET_LOCKTAG_ADVISORY(tag, MyDatabaseId, (uint32) (key >> 32), (uint32) key,
						 AMB_LOCK_MATCH_SPACE);
	(void) LockAcquire(&tag, ExclusiveLock, false, false);
}

static int
cmp_uint64(const void *x, const void *y)
{
	uint64		a = *(const uint64 *) x;
	uint64		b = *(const uint64 *) y;

	return (a > b) - (a < b);
}

/*
 * lock_upsert_keys
 *		Serialize this upsert against every other that could match the same
 *		person (see the header comment).
 */
static void
lock_upsert_keys(const AmbPerson *p, const char *source, const char *legacy_id)
{
	uint64		keys[AMBC_NKEYS + 1];
	int			n = 0;
	int			i;
	TransactionId xid = GetTopTransactionId();
	LOCKTAG		all;

	if (xid != lock_xid)
	{
		lock_xid = xid;
		lock_count = 0;
		lock_escalated = false;
	}
	SET_LOCKTAG_ADVISORY(all, MyDatabaseId, (uint32) AMB_LOCK_CLASS,
						 (uint32) AMB_LOCK_ALL_UPSERTS, 2);
	if (lock_escalated)
		return;
	if (lock_count >= AMB_UPSERT_ESCALATE)
	{
		(void) LockAcquire(&all, ExclusiveLock, false, false);
		lock_escalated = true;
		return;
	}
	(void) LockAcquire(&all, RowExclusiveLock, false, false);

	ambc_block_keys(&p->rec, keys);
	for (i = 0; i < AMBC_NKEYS; i++)
		if (keys[i] != 0)
			keys[n++] = keys[i];
	{
		StringInfoData s;

		initStringInfo(&s);
		appendStringInfo(&s, "%s%c%s", source, 0x1F, legacy_id);
		keys[n++] = ambc_fs_name_hash(s.data, s.len);
		pfree(s.data);
	}
	qsort(keys, n, sizeof(uint64), cmp_uint64);
	for (i = 0; i < n; i++)
	{
		if (i > 0 && keys[i] == keys[i - 1])
			continue;
		lock_match_key(keys[i]);
		lock_count++;
	}
}

/* the snapshot lookups use: see the header comment */
static Snapshot
lookup_snapshot(void)
{
	return IsolationUsesXactSnapshot() ? GetLatestSnapshot() : InvalidSnapshot;
}

/*
 * lock_live
 *		Lock ambassador id FOR UPDATE with the transaction's snapshot and
 *		return its status; a row that the lookups saw but this snapshot does
 *		not is a serialization failure.
 */
static char *
lock_live(int64 id)
{
	static SPIPlanPtr plan = NULL;
	Oid			argtypes[1] = {INT8OID};
	Datum		arg = Int64GetDatum(id);

	amb_kept_plan(&plan,
				  "SELECT status::text FROM amb.ambassador WHERE id OPERATOR(pg_catalog.=) $1 FOR UPDATE",
				  1, argtypes);
	if (SPI_execute_plan(plan, &arg, NULL, false, 1) != SPI_OK_SELECT)
		elog(ERROR, "could not lock ambassador " INT64_FORMAT, id);
	if (SPI_processed == 0)
		ereport(ERROR,
				(errcode(ERRCODE_T_R_SERIALIZATION_FAILURE),
				 errmsg("could not serialize access due to a concurrent upsert"),
				 errdetail("Ambassador " INT64_FORMAT " was created after this transaction began.", id),
				 errhint("Retry the transaction.")));
	return SPI_getvalue(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1);
}

/* upsert arguments, by position */
enum
{
	ARG_SOURCE, ARG_LEGACY_ID, ARG_DISPLAY_NAME, ARG_EMAIL, ARG_PHONE,
	ARG_HANDLE, ARG_CITY, ARG_POSTAL_CODE, ARG_REGION, ARG_BIRTH_DATE,
	ARG_TAGS, ARG_ADDRESS_LINE, ARG_COUNTRY, NARGS
};

/* the ambassador columns written from the arguments, in this order */
static const int write_arg[] = {
	ARG_DISPLAY_NAME, ARG_EMAIL, ARG_PHONE, ARG_HANDLE, ARG_ADDRESS_LINE,
	ARG_CITY, ARG_POSTAL_CODE, ARG_REGION, ARG_COUNTRY, ARG_BIRTH_DATE, ARG_TAGS
};

/*
 * write_values
 *		The arguments as $1..$11 for the insert and update statements
 *		(display_name, email, phone, handle, address_line, city,
 *		postal_code, region, country, birth_date, tags); tags as amb.tag[].
 */
static void
write_values(FunctionCallInfo fcinfo, Datum *vals, char *nulls)
{
	int			i;

	for (i = 0; i < lengthof(write_arg); i++)
	{
		int			a = write_arg[i];

		nulls[i] = PG_ARGISNULL(a) ? 'n' : ' ';
		vals[i] = PG_ARGISNULL(a) ? (Datum) 0 : PG_GETARG_DATUM(a);
	}
	/* tags: canonical amb.tag[]; NULL is none */
	if (PG_ARGISNULL(ARG_TAGS))
	{
		vals[10] = PointerGetDatum(construct_empty_array(amb_tag_type_oid()));
		nulls[10] = ' ';
	}
	else
		vals[10] = PointerGetDatum(amb_canonicalize_array(PG_GETARG_ARRAYTYPE_P(ARG_TAGS),
														  amb_tag_type_oid(), true));
}

static Oid	write_types[11];

static void
init_write_types(void)
{
	Oid			tagarr = get_array_type(amb_tag_type_oid());

	write_types[0] = TEXTOID;
	write_types[1] = TEXTOID;
	write_types[2] = TEXTOID;
	write_types[3] = TEXTOID;
	write_types[4] = TEXTOID;
	write_types[5] = TEXTOID;
	write_types[6] = TEXTOID;
	write_types[7] = TEXTOID;
	write_types[8] = TEXTOID;
	write_types[9] = DATEOID;
	write_types[10] = tagarr;
}

/*
 * update_with_id
 *		Run one of the upsert's UPDATE statements (sql, kept in *slot) with the
 *		eleven written values as $1..$11 and id as $12.
 */
static void
update_with_id(SPIPlanPtr *slot, const char *sql, const Datum *vals,
			   const char *nulls, int64 id)
{
	Oid			types[12];
	Datum		uvals[12];
	char		unulls[12];

	memcpy(types, write_types, sizeof(write_types));
	types[11] = INT8OID;
	amb_kept_plan(slot, sql, 12, types);
	memcpy(uvals, vals, 11 * sizeof(Datum));
	memcpy(unulls, nulls, 11);
	uvals[11] = Int64GetDatum(id);
	unulls[11] = ' ';
	if (SPI_execute_plan(*slot, uvals, unulls, false, 0) != SPI_OK_UPDATE)
		elog(ERROR, "could not update ambassador " INT64_FORMAT, id);
}

/*
 * exact_contact_match
 *		The oldest active ambassador with the same normalized email, else
 *		phone, else handle (inside SPI); false if none.
 */
static bool
exact_contact_match(const AmbPerson *p, Snapshot snap, int64 *id)
{
	static SPIPlanPtr plans[3] = {NULL, NULL, NULL};
	static const char *const queries[3] = {
		"SELECT id FROM amb.ambassador WHERE email_norm OPERATOR(pg_catalog.=) $1"
		" AND status OPERATOR(pg_catalog.=) 'active' ORDER BY id LIMIT 1",
		"SELECT id FROM amb.ambassador WHERE phone_norm OPERATOR(pg_catalog.=) $1"
		" AND status OPERATOR(pg_catalog.=) 'active' ORDER BY id LIMIT 1",
		"SELECT id FROM amb.ambassador WHERE handle_norm OPERATOR(pg_catalog.=) $1"
		" AND status OPERATOR(pg_catalog.=) 'active' ORDER BY id LIMIT 1"
	};
	ambc_span	v[3];
	Oid			argtypes[1] = {TEXTOID};
	int			k;

	v[0] = p->p.email;
	v[1] = p->p.phone;
	v[2] = p->p.handle;
	for (k = 0; k < 3; k++)
	{
		Datum		arg;
		bool		isnull;

		if (v[k].p == NULL)
			continue;
		amb_kept_plan(&plans[k], queries[k], 1, argtypes);
		arg = PointerGetDatum(amb_span_text(v[k]));
		if (SPI_execute_snapshot(plans[k], &arg, NULL, snap, InvalidSnapshot,
								 false, false, 1) != SPI_OK_SELECT)
			elog(ERROR, "could not search amb.ambassador");
		if (SPI_processed > 0)
		{
			*id = DatumGetInt64(SPI_getbinval(SPI_tuptable->vals[0],
											  SPI_tuptable->tupdesc, 1, &isnull));
			return true;
		}
	}
	return false;
}

/*
 * candidate_tf
 *		Term frequencies for a candidate: a value equal to the incoming
 *		record's (in the same field, or the other name field) has its
 *		frequency, else the model's floor.  Only exact agreements use them.
 */
static void
candidate_tf(const AmbPerson *p, ambc_fs_rec *c, double tf_floor)
{
	static const int fields[] = {AMBC_F_GIVEN, AMBC_F_FAMILY, AMBC_F_CITY, AMBC_F_POSTAL};
	int			k;

	for (k = 0; k < lengthof(fields); k++)
	{
		int			f = fields[k];
		ambc_span	s = c->f[f];
		int			g;

		c->tf[f] = 0;
		if (s.p == NULL || p->rec.tf[f] == 0)
			continue;
		c->tf[f] = (float) tf_floor;
		for (g = 0; g < AMBC_NFIELDS; g++)
		{
			ambc_span	t = p->rec.f[g];

			if (p->rec.tf[g] > 0 && t.p != NULL && t.len == s.len &&
				memcmp(t.p, s.p, s.len) == 0 &&
				(g == f || (f <= AMBC_F_FAMILY && g <= AMBC_F_FAMILY)))
				c->tf[f] = p->rec.tf[g];
		}
	}
}

/*
 * fuzzy_match
 *		The best-scoring active ambassador that shares a blocking key with p
 *		(at most ONLINE_PER_KEY read per key), if it scores at least
 *		amb.auto_link_score; ties go to the smaller id.  Inside SPI.
 */
static bool
fuzzy_match(AmbPerson *p, Snapshot snap, int64 *id, double *best_score)
{
	static SPIPlanPtr plan = NULL;
	Oid			argtypes[2] = {INT8ARRAYOID, INT4OID};
	Datum		args[2];
	const ambc_fs_model *model;
	ambc_fs_model m;
	uint64		r;
	bool		found = false;
	ArrayType  *keys = amb_block_keys_array(&p->rec);

	if (ArrayGetNItems(ARR_NDIM(keys), ARR_DIMS(keys)) == 0)
		return false;
	amb_kept_plan(&plan,
				  "SELECT DISTINCT ON (a.id) a.id, " AMB_REC_COLUMNS
				  "  FROM pg_catalog.unnest($1) AS k(key)"
				  " CROSS JOIN LATERAL ("
				  "   SELECT * FROM amb.ambassador x"
				  "    WHERE x.block_keys OPERATOR(pg_catalog.@>) ARRAY[k.key]"
				  "      AND x.status OPERATOR(pg_catalog.=) 'active'"
				  "    LIMIT $2) a"
				  " ORDER BY a.id",
				  2, argtypes);
	args[0] = PointerGetDatum(keys);
	args[1] = Int32GetDatum(ONLINE_PER_KEY);
	if (SPI_execute_snapshot(plan, args, NULL, snap, InvalidSnapshot, false,
							 false, 0) != SPI_OK_SELECT)
		elog(ERROR, "could not search amb.ambassador");

	model = amb_match_model();
	m = *model;
	*best_score = -1;
	for (r = 0; r < SPI_processed; r++)
	{
		HeapTuple	tup = SPI_tuptable->vals[r];
		TupleDesc	desc = SPI_tuptable->tupdesc;
		ambc_fs_rec c;
		char		birth[8];
		bool		isnull;
		ambc_fs_cmp cmp;
		double		score;
		int64		cid;

		cid = DatumGetInt64(SPI_getbinval(tup, desc, 1, &isnull));
		amb_rec_from_tuple(tup, desc, 2, &c, birth);
		candidate_tf(p, &c, m.tf_floor);
		ambc_fs_compare(&p->rec, &c, m.nicknames, &cmp);
		score = ambc_fs_score_pair(&m, &p->rec, &c, &cmp, NULL);
		if (score > *best_score)
		{
			*best_score = score;
			*id = cid;
		}
	}
	found = *best_score >= amb_auto_link_score;
	return found;
}

/* amb.upsert_ambassador(source, legacy_id, display_name, ...) returns bigint */
PG_FUNCTION_INFO_V1(amb_upsert_ambassador);

Datum
amb_upsert_ambassador(PG_FUNCTION_ARGS)
{
	static SPIPlanPtr insert_plan = NULL;
	static SPIPlanPtr update_plan = NULL;
	static SPIPlanPtr fill_plan = NULL;
	static SPIPlanPtr source_plan = NULL;
	AmbRawPerson raw;
	AmbPerson  *p;
	Datum		vals[11];
	char		nulls[11];
	Snapshot	snap;
	int64		id = 0;
	int64		live;
	bool		found;
	char	   *status;
	int			i;

	if (PG_ARGISNULL(ARG_SOURCE) || PG_ARGISNULL(ARG_LEGACY_ID) ||
		PG_ARGISNULL(ARG_DISPLAY_NAME))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("source, legacy_id and display_name cannot be NULL")));

	/* normalize first: bad input is an error before anything is locked */
	for (i = 0; i < AMBC_P_NFIELDS; i++)
	{
		static const int arg_of[AMBC_P_NFIELDS] = {
			ARG_DISPLAY_NAME, ARG_EMAIL, ARG_PHONE, ARG_HANDLE, ARG_ADDRESS_LINE,
			ARG_CITY, ARG_POSTAL_CODE, ARG_REGION, ARG_COUNTRY
		};

		raw.isnull[i] = PG_ARGISNULL(arg_of[i]);
		raw.field[i] = raw.isnull[i] ? (Datum) 0 : PG_GETARG_DATUM(arg_of[i]);
	}
	raw.birth_null = PG_ARGISNULL(ARG_BIRTH_DATE);
	raw.birth = raw.birth_null ? 0 : PG_GETARG_DATEADT(ARG_BIRTH_DATE);
	p = palloc(sizeof(AmbPerson));
	amb_prepare_person(&raw, p);
	if (write_types[0] == InvalidOid)
		init_write_types();
	write_values(fcinfo, vals, nulls);

	/* an erased person is not imported again */
	amb_check_suppressed(amb_span_text(p->p.email), amb_span_text(p->p.phone),
						 amb_span_text(p->p.handle), PG_GETARG_TEXT_PP(ARG_SOURCE),
						 PG_GETARG_TEXT_PP(ARG_LEGACY_ID));

	lock_upsert_keys(p, TextDatumGetCString(PG_GETARG_DATUM(ARG_SOURCE)),
					 TextDatumGetCString(PG_GETARG_DATUM(ARG_LEGACY_ID)));
	{
		AmbPerson  *one[1] = {p};

		amb_lookup_term_freqs(one, 1);
	}

	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed");
	snap = lookup_snapshot();

	/* 1. a legacy id seen before: update its (live) ambassador */
	if (legacy_owner(PG_GETARG_DATUM(ARG_SOURCE), PG_GETARG_DATUM(ARG_LEGACY_ID), snap, false, &id))
	{
		if (!resolve_id(id, false, &live))
			elog(ERROR, "legacy identifier points at missing ambassador " INT64_FORMAT, id);
		status = lock_live(live);
		if (strcmp(status, "erased") == 0)
			ereport(ERROR,
					(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
					 errmsg("ambassador " INT64_FORMAT " is erased", live),
					 errdetail("The legacy identifier belongs to an erased ambassador."),
					 errhint("An erased ambassador cannot be updated or re-imported.")));
		update_with_id(&update_plan,
					   "UPDATE amb.ambassador SET"
					   "  display_name = $1,"
					   "  email = COALESCE($2, email), phone = COALESCE($3, phone),"
					   "  handle = COALESCE($4, handle), address_line = COALESCE($5, address_line),"
					   "  city = COALESCE($6, city), postal_code = COALESCE($7, postal_code),"
					   "  region = COALESCE($8, region), country = COALESCE($9, country),"
					   "  birth_date = COALESCE($10, birth_date),"
					   "  tags = (SELECT COALESCE(pg_catalog.array_agg(DISTINCT t ORDER BY t), '{}')"
					   "            FROM pg_catalog.unnest(tags OPERATOR(pg_catalog.||) $11) t)"
					   " WHERE id OPERATOR(pg_catalog.=) $12",
					   vals, nulls, live);
		SPI_finish();
		PG_RETURN_INT64(live);
	}

	/* 2. an exact contact, 3. a match at amb.auto_link_score */
	{
		double		best;

		found = exact_contact_match(p, snap, &id) || fuzzy_match(p, snap, &id, &best);
	}
	if (found)
	{
		status = lock_live(id);
		if (strcmp(status, "active") != 0)
			ereport(ERROR,
					(errcode(ERRCODE_T_R_SERIALIZATION_FAILURE),
					 errmsg("could not serialize access due to a concurrent merge"),
					 errdetail("Ambassador " INT64_FORMAT " was merged or erased while this upsert ran.", id),
					 errhint("Retry the transaction.")));
		update_with_id(&fill_plan,
					   "UPDATE amb.ambassador SET"
					   "  email = COALESCE(email, $2), phone = COALESCE(phone, $3),"
					   "  handle = COALESCE(handle, $4),"
					   "  address_line = CASE WHEN address_line IS NULL AND city IS NULL AND postal_code IS NULL"
					   "                      THEN $5 ELSE address_line END,"
					   "  city = CASE WHEN address_line IS NULL AND city IS NULL AND postal_code IS NULL"
					   "              THEN $6 ELSE city END,"
					   "  postal_code = CASE WHEN address_line IS NULL AND city IS NULL AND postal_code IS NULL"
					   "                     THEN $7 ELSE postal_code END,"
					   "  region = COALESCE(region, $8),"
					   "  birth_date = COALESCE(birth_date, $10),"
					   "  tags = (SELECT COALESCE(pg_catalog.array_agg(DISTINCT t ORDER BY t), '{}')"
					   "            FROM pg_catalog.unnest(tags OPERATOR(pg_catalog.||) $11) t)"
					   " WHERE id OPERATOR(pg_catalog.=) $12",
					   vals, nulls, id);
	}
	else
	{
		bool		isnull;

		amb_kept_plan(&insert_plan,
					  "INSERT INTO amb.ambassador (display_name, email, phone, handle, address_line,"
					  "       city, postal_code, region, country, birth_date, tags)"
					  " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, COALESCE($9, 'US'), $10, $11)"
					  " RETURNING id",
					  11, write_types);
		if (SPI_execute_plan(insert_plan, vals, nulls, false, 0) != SPI_OK_INSERT_RETURNING ||
			SPI_processed != 1)
			elog(ERROR, "could not insert an ambassador");
		id = DatumGetInt64(SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1, &isnull));
	}

	amb_kept_plan(&source_plan,
				  "INSERT INTO amb.source_id (source, legacy_id, ambassador_id) VALUES ($1, $2, $3)",
				  3, (Oid[]) {TEXTOID, TEXTOID, INT8OID});
	{
		Datum		sargs[3];

		sargs[0] = PG_GETARG_DATUM(ARG_SOURCE);
		sargs[1] = PG_GETARG_DATUM(ARG_LEGACY_ID);
		sargs[2] = Int64GetDatum(id);
		if (SPI_execute_plan(source_plan, sargs, NULL, false, 0) != SPI_OK_INSERT)
			elog(ERROR, "could not record the legacy identifier");
	}
	SPI_finish();
	PG_RETURN_INT64(id);
}

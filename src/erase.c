/*-------------------------------------------------------------------------
 *
 * erase.c
 *		The right to delete: amb.erase_ambassador, and the suppression list
 *		that keeps an erased person from being imported again.
 *
 * Erasure, in one transaction, of an ambassador and every record merged
 * into it (they are the same person):
 *	1. the records are locked FOR UPDATE, in id order;
 *	2. their normalized email, phone and handle, and their legacy
 *	   identifiers (source and legacy id), go into amb.suppression as
 *	   HMAC-SHA-256 under the database's secret (amb.secret, readable only
 *	   by amb_admin): a plain hash of an email is reversed by hashing a
 *	   list of emails, a keyed hash is not without the key.  Keeping them is
 *	   allowed to make sure the data stays deleted (Cal. Code Regs. tit. 11,
 *	   section 7022(e));
 *	3. the legacy identifiers are deleted; names, contacts, address and
 *	   birth date are cleared (trigger amb_10_normalize clears the
 *	   normalized columns and keeps an erased record empty from then on);
 *	   the live record is marked erased;
 *	4. the evidence of their consent events and the payloads of their audit
 *	   rows are redacted to {"redacted": true}, and each audit chain gets an
 *	   "erasure" row listing the seqs it redacted (amb.verify_audit accepts
 *	   a redacted payload only if so listed; the chain's hashes still hold,
 *	   as they cover the payload only through its hash);
 *	5. the person's open delete requests are completed (or, if there is
 *	   none, a completed one is recorded), so the fact and date of the
 *	   request are kept.
 * Kept, in pseudonymous form: the ids, tags, status, consent states and
 * times, privacy requests, and the audit chains.
 *
 * A record matching a suppressed identifier is refused with SQLSTATE 23M01
 * (class 23, integrity constraint violation): by amb.upsert_ambassador, by
 * inserts into amb.ambassador and amb.source_id, by imports.  The message
 * gives the date of the erasure and never which identifier matched.
 *
 * src/erase.c
 *
 *-------------------------------------------------------------------------
 */
#include "consent.h"
#include "incentive.h"

#include "access/htup_details.h"
#include "access/table.h"
#include "catalog/namespace.h"
#include "catalog/pg_type.h"
#include "executor/spi.h"
#include "lib/stringinfo.h"
#include "miscadmin.h"
#include "utils/builtins.h"
#include "utils/json.h"
#include "utils/lsyscache.h"
#include "utils/snapmgr.h"
#include "utils/rel.h"
#include "common/hashfn.h"
#include "storage/bufmgr.h"
#include "storage/lock.h"
#include "utils/date.h"
#include "utils/timestamp.h"

#include "audit_hash.h"

/* SQLSTATE of a record that matches an erased identity */
#define ERRCODE_AMB_IDENTITY_ERASED MAKE_SQLSTATE('2','3','M','0','1')

#define SUPPRESSION_KINDS 4
static const char *const kind_names[SUPPRESSION_KINDS] = {
	"email", "phone", "handle", "legacy_id"
};

/* set while erase_ambassador rewrites the records of the person */
static int	erasing = 0;

/*
 * amb_erasing
 *		True while amb.erase_ambassador clears records (trigger
 *		amb_10_normalize then clears their normalized columns too).
 */
bool
amb_erasing(void)
{
	return erasing > 0;
}

/* amb._random_bytes(n int) returns bytea: n bytes from a strong source */
PG_FUNCTION_INFO_V1(amb_random_bytes);

Datum
amb_random_bytes(PG_FUNCTION_ARGS)
{
	int32		n = PG_GETARG_INT32(0);
	bytea	   *b;

	if (n < 1 || n > 1024)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("number of random bytes must be between 1 and 1024, not %d", n)));
	b = palloc(VARHDRSZ + n);
	SET_VARSIZE(b, VARHDRSZ + n);
	if (!pg_strong_random(VARDATA(b), n))
		ereport(ERROR,
				(errcode(ERRCODE_INTERNAL_ERROR),
				 errmsg("could not generate random bytes")));
	PG_RETURN_BYTEA_P(b);
}

/*
 * read_key_result
 *		The HMAC key from the result of "SELECT hmac_key FROM amb.secret"
 *		just run (palloc).
 */
static bytea *
read_key_result(void)
{
	bool		isnull;
	Datum		d;

	if (SPI_processed != 1)
		ereport(ERROR,
				(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
				 errmsg("amb.secret has no key"),
				 errhint("Restore amb.secret from the dump this database came from; without it erased people are not recognized.")));
	d = SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1, &isnull);
	return (bytea *) PG_DETOAST_DATUM_COPY(d);
}

/*
 * read_key
 *		The suppression list's HMAC key (palloc; inside SPI, as a role that
 *		may read amb.secret).
 */
static bytea *
read_key(void)
{
	if (SPI_execute("SELECT hmac_key FROM amb.secret", true, 1) != SPI_OK_SELECT)
		elog(ERROR, "could not read amb.secret");
	return read_key_result();
}

/*
 * identifier_hmac
 *		The keyed hash of an identifier of a kind: for a legacy id, of
 *		source, a NUL byte and legacy_id; otherwise of the normalized value.
 */
static Datum
identifier_hmac(const bytea *key, const char *a, size_t alen, const char *b, size_t blen)
{
	bytea	   *out = palloc(VARHDRSZ + AMBC_SHA256_LEN);
	char	   *buf;
	size_t		len = alen;

	if (b != NULL)
		len = alen + 1 + blen;
	buf = palloc(Max(len, 1));
	memcpy(buf, a, alen);
	if (b != NULL)
	{
		buf[alen] = '\0';
		memcpy(buf + alen + 1, b, blen);
	}
	if (!ambc_hmac_sha256((const uint8 *) VARDATA_ANY(key), VARSIZE_ANY_EXHDR(key),
						  buf, len, (uint8 *) VARDATA(out)))
		elog(ERROR, "could not compute an HMAC");
	SET_VARSIZE(out, VARHDRSZ + AMBC_SHA256_LEN);
	pfree(buf);
	return PointerGetDatum(out);
}

/*
 * suppressed_on
 *		Whether any of the identifiers (email, phone, handle, source and
 *		legacy id; any may be NULL) belongs to an erased person, and if so
 *		the earliest day one was erased (inside SPI, as a role that may read
 *		amb.secret), as committed now if latest, else as the active snapshot
 *		sees it.
 */
static bool
suppressed_on(text *const in[5], DateADT *day, bool latest)
{
	static SPIPlanPtr key_plan = NULL;
	static SPIPlanPtr plan = NULL;
	Oid			argtypes[2] = {TEXTARRAYOID, BYTEAARRAYOID};
	Datum		kinds[SUPPRESSION_KINDS];
	Datum		hmacs[SUPPRESSION_KINDS];
	int			n = 0;
	int			i;
	bytea	   *key;
	Datum		args[2];
	Datum		d;
	bool		isnull;

	amb_kept_plan(&key_plan, "SELECT hmac_key FROM amb.secret", 0, NULL);
	if (SPI_execute_plan(key_plan, NULL, NULL, true, 1) != SPI_OK_SELECT)
		elog(ERROR, "could not read amb.secret");
	key = read_key_result();
	for (i = 0; i < 3; i++)
	{
		if (in[i] == NULL)
			continue;
		kinds[n] = CStringGetTextDatum(kind_names[i]);
		hmacs[n] = identifier_hmac(key, VARDATA_ANY(in[i]), VARSIZE_ANY_EXHDR(in[i]), NULL, 0);
		n++;
	}
	if (in[3] != NULL && in[4] != NULL)
	{
		kinds[n] = CStringGetTextDatum(kind_names[3]);
		hmacs[n] = identifier_hmac(key, VARDATA_ANY(in[3]), VARSIZE_ANY_EXHDR(in[3]),
								   VARDATA_ANY(in[4]), VARSIZE_ANY_EXHDR(in[4]));
		n++;
	}
	if (n == 0)
		return false;
	/* run per imported row: one generic plan (a custom one was made per call) */
	amb_kept_plan_opts(&plan,
					   "SELECT pg_catalog.min(s.erased_on) FROM amb.suppression s,"
					   "       ROWS FROM (pg_catalog.unnest($1), pg_catalog.unnest($2)) AS q(kind, hmac)"
					   " WHERE s.kind OPERATOR(pg_catalog.=) q.kind AND s.hmac OPERATOR(pg_catalog.=) q.hmac",
					   2, argtypes, CURSOR_OPT_GENERIC_PLAN);
	args[0] = PointerGetDatum(construct_array(kinds, n, TEXTOID, -1, false, TYPALIGN_INT));
	args[1] = PointerGetDatum(construct_array(hmacs, n, BYTEAOID, -1, false, TYPALIGN_INT));
	if (SPI_execute_snapshot(plan, args, NULL, latest ? GetLatestSnapshot() : InvalidSnapshot,
							 InvalidSnapshot, true, false, 1) != SPI_OK_SELECT ||
		SPI_processed != 1)
		elog(ERROR, "could not read amb.suppression");
	d = SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1, &isnull);
	if (isnull)
		return false;
	*day = DatumGetDateADT(d);
	return true;
}

/* amb._suppressed_on(email_norm, phone_norm, handle_norm, source, legacy_id) returns date */
PG_FUNCTION_INFO_V1(amb_suppressed_on);

Datum
amb_suppressed_on(PG_FUNCTION_ARGS)
{
	text	   *in[5];
	DateADT		day = 0;
	bool		found;
	int			i;

	for (i = 0; i < 5; i++)
		in[i] = PG_ARGISNULL(i) ? NULL : PG_GETARG_TEXT_PP(i);
	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed");
	found = suppressed_on(in, &day, false);
	SPI_finish();
	if (!found)
		PG_RETURN_NULL();
	PG_RETURN_DATEADT(day);
}

/*
 * suppression_is_empty
 *		True if amb.suppression has no pages at all: then no row of it is
 *		visible to anyone (a row this transaction inserted would have made
 *		one), and there is nothing to look up.
 */
static bool
suppression_is_empty(void)
{
	Oid			relid = get_relname_relid("suppression", get_namespace_oid("amb", false));
	Relation	rel;
	BlockNumber nblocks;

	if (!OidIsValid(relid))
		return true;
	rel = table_open(relid, AccessShareLock);
	nblocks = RelationGetNumberOfBlocks(rel);
	table_close(rel, AccessShareLock);
	return nblocks == 0;
}

/* whether in (as for suppressed_on) holds anything to look up */
static bool
has_identifiers(text *const in[5])
{
	return in[0] != NULL || in[1] != NULL || in[2] != NULL ||
		(in[3] != NULL && in[4] != NULL);
}

/*
 * lookup_suppressed
 *		Whether any of the identifiers (as for suppressed_on; any may be
 *		NULL) belongs to an erased person, and the day, as committed now.
 *		Inside or outside SPI, as any role.
 */
static bool
lookup_suppressed(text *const in[5], DateADT *day)
{
	bool		found;
	AmbUserSave caller;

	if (!has_identifiers(in) || suppression_is_empty())
		return false;
	amb_become_owner(&caller);
	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed");
	found = suppressed_on(in, day, true);
	SPI_finish();
	amb_restore_user(&caller);
	return found;
}

/*
 * amb_lock_suppression
 *		Take the lock that orders erasures (mode ExclusiveLock, before they
 *		lock any record) against imports of identifiers (ShareLock): an
 *		ambassador inserted, updated or upserted, a legacy id.  What is
 *		imported before an erasure commits is a record of its own; what is
 *		imported after it sees its suppression rows (the checks read the
 *		latest snapshot).
 */
void
amb_lock_suppression(LOCKMODE mode)
{
	amb_advisory_xact_lock(AMB_LOCK_SUPPRESSION, mode);
}

/*
 * Referrals are written at checkout, all day: they do not take the
 * database-wide lock above (an erasure waiting behind a long import would
 * hold every checkout up) but one of AMB_REFEREE_BUCKETS locks per
 * normalized referee contact, by its hash, in a space of their own
 * (locktag field4).  An erasure takes the buckets of its people's email
 * and phone exclusively once their records are locked, before it clears
 * the referrals that name them: a referral recorded before that is
 * cleared, one recorded after sees the suppression rows.  A bulk insert
 * takes at most AMB_REFEREE_BUCKETS locks.
 */
#define AMB_REFEREE_BUCKETS 128
#define AMB_LOCK_REFEREE_SPACE 0x7265

void
amb_lock_referee(const char *contact_norm, LOCKMODE mode)
{
	LOCKTAG		tag;
	uint32		bucket;

	if (contact_norm == NULL)
		return;
	bucket = hash_bytes((const unsigned char *) contact_norm, (int) strlen(contact_norm)) %
		AMB_REFEREE_BUCKETS;
	SET_LOCKTAG_ADVISORY(tag, MyDatabaseId, (uint32) AMB_LOCK_CLASS, bucket, AMB_LOCK_REFEREE_SPACE);
	(void) LockAcquire(&tag, mode, false, false);
}

/*
 * amb_contacts_suppressed
 *		Whether a normalized email or phone (either may be NULL) belongs to
 *		an erased person, as committed now: for records that mention a
 *		person without being theirs (a referral's referee), which keep the
 *		record and drop the contact.  The caller holds amb_lock_referee
 *		(ShareLock) for each.  Inside or outside SPI.
 */
bool
amb_contacts_suppressed(text *email, text *phone)
{
	text	   *in[5] = {email, phone, NULL, NULL, NULL};
	DateADT		day = 0;

	return lookup_suppressed(in, &day);
}

/*
 * amb_check_suppressed
 *		Refuse (23M01) a record whose normalized email, phone or handle, or
 *		whose legacy identifier (source and legacy_id), belongs to an erased
 *		person, as committed now: an import waits for an erasure in progress
 *		(amb_lock_suppression) and then sees it, whatever its snapshot.  Any
 *		argument may be NULL.  Inside or outside SPI.
 */
void
amb_check_suppressed(text *email, text *phone, text *handle, text *source,
					 text *legacy_id)
{
	text	   *in[5] = {email, phone, handle, source, legacy_id};
	DateADT		day = 0;

	if (!has_identifiers(in))
		return;
	amb_lock_suppression(ShareLock);
	if (lookup_suppressed(in, &day))
		ereport(ERROR,
				(errcode(ERRCODE_AMB_IDENTITY_ERASED),
				 errmsg("record identifies a person erased on %s",
						DatumGetCString(DirectFunctionCall1(date_out, DateADTGetDatum(day)))),
				 errdetail("amb keeps keyed hashes of the identifiers of erased people so that they are not imported again."),
				 errhint("Leave the record out of the import; a person who comes back signs up anew, with new consent.")));
}

/*
 * suppress
 *		Put the person's identifiers into amb.suppression (inside SPI).
 */
static void
suppress(Datum tree, DateADT today)
{
	bytea	   *key = read_key();
	Datum	   *kinds;
	Datum	   *hmacs;
	int			n = 0;
	int			cap;
	uint64		r;
	Oid			argtypes[1] = {INT8ARRAYOID};
	Oid			instypes[3] = {TEXTARRAYOID, BYTEAARRAYOID, DATEOID};
	Datum		args[3];

	/* with the locked snapshot: a legacy id committed since ours is theirs too */
	(void) amb_exec_locked("SELECT 0, email_norm, NULL FROM amb.ambassador"
						   " WHERE id OPERATOR(pg_catalog.=) ANY ($1) AND email_norm IS NOT NULL"
						   " UNION ALL SELECT 1, phone_norm, NULL FROM amb.ambassador"
						   " WHERE id OPERATOR(pg_catalog.=) ANY ($1) AND phone_norm IS NOT NULL"
						   " UNION ALL SELECT 2, handle_norm, NULL FROM amb.ambassador"
						   " WHERE id OPERATOR(pg_catalog.=) ANY ($1) AND handle_norm IS NOT NULL"
						   " UNION ALL SELECT 3, source, legacy_id FROM amb.source_id"
						   " WHERE ambassador_id OPERATOR(pg_catalog.=) ANY ($1)",
						   1, argtypes, &tree, SPI_OK_SELECT, false);
	cap = Max((int) SPI_processed, 1);
	kinds = palloc(sizeof(Datum) * cap);
	hmacs = palloc(sizeof(Datum) * cap);
	for (r = 0; r < SPI_processed; r++)
	{
		HeapTuple	tup = SPI_tuptable->vals[r];
		TupleDesc	desc = SPI_tuptable->tupdesc;
		bool		isnull;
		int			k = DatumGetInt32(SPI_getbinval(tup, desc, 1, &isnull));
		text	   *a = DatumGetTextPP(SPI_getbinval(tup, desc, 2, &isnull));
		Datum		bd = SPI_getbinval(tup, desc, 3, &isnull);
		text	   *b = isnull ? NULL : DatumGetTextPP(bd);

		if (k < 0 || k >= SUPPRESSION_KINDS)
			elog(ERROR, "unexpected identifier kind %d", k);
		/* referrals naming them as the referee: see amb_lock_referee */
		if (k == 0 || k == 1)
			amb_lock_referee(text_to_cstring(a), ExclusiveLock);
		kinds[n] = CStringGetTextDatum(kind_names[k]);
		hmacs[n] = identifier_hmac(key, VARDATA_ANY(a), VARSIZE_ANY_EXHDR(a),
								   b ? VARDATA_ANY(b) : NULL, b ? VARSIZE_ANY_EXHDR(b) : 0);
		n++;
	}
	if (n == 0)
		return;
	args[0] = PointerGetDatum(construct_array(kinds, n, TEXTOID, -1, false, TYPALIGN_INT));
	args[1] = PointerGetDatum(construct_array(hmacs, n, BYTEAOID, -1, false, TYPALIGN_INT));
	args[2] = DateADTGetDatum(today);
	if (SPI_execute_with_args("INSERT INTO amb.suppression (kind, hmac, erased_on)"
							  " SELECT k, h, $3 FROM ROWS FROM (pg_catalog.unnest($1), pg_catalog.unnest($2)) AS q(k, h)"
							  " ON CONFLICT (kind, hmac) DO NOTHING",
							  3, instypes, args, NULL, false, 0) != SPI_OK_INSERT)
		elog(ERROR, "could not write amb.suppression");
}

/*
 * redact
 *		Redact the evidence of the person's consent events and the payloads
 *		of their audit rows, and append an erasure row to each chain
 *		(inside SPI, the records locked).
 */
static void
redact(const int64 *ids, int nids, Datum tree, int64 live, const char *reference)
{
	Oid			argtypes[1] = {INT8ARRAYOID};
	StringInfoData *lists;
	AmbAuditRow *rows;
	uint64		r;
	int			i;

	amb_internal_exec("UPDATE amb.consent_event SET evidence = '{\"redacted\": true}'"
					  " WHERE ambassador_id OPERATOR(pg_catalog.=) ANY ($1)"
					  "   AND evidence IS NOT NULL"
					  "   AND evidence OPERATOR(pg_catalog.<>) '{\"redacted\": true}'",
					  1, argtypes, &tree, SPI_OK_UPDATE);
	amb_internal_exec("UPDATE amb.audit_log SET payload = '{\"redacted\": true}'"
					  " WHERE chain OPERATOR(pg_catalog.=) ANY ($1)"
					  "   AND payload::text OPERATOR(pg_catalog.<>) '{\"redacted\": true}'"
					  " RETURNING chain, seq",
					  1, argtypes, &tree, SPI_OK_UPDATE_RETURNING);

	/* the seqs redacted in each chain, as JSON lists */
	lists = palloc(sizeof(StringInfoData) * nids);
	for (i = 0; i < nids; i++)
		initStringInfo(&lists[i]);
	for (r = 0; r < SPI_processed; r++)
	{
		bool		isnull;
		int64		chain = DatumGetInt64(SPI_getbinval(SPI_tuptable->vals[r], SPI_tuptable->tupdesc, 1, &isnull));
		int64		seq = DatumGetInt64(SPI_getbinval(SPI_tuptable->vals[r], SPI_tuptable->tupdesc, 2, &isnull));

		for (i = 0; i < nids; i++)
			if (ids[i] == chain)
			{
				appendStringInfo(&lists[i], "%s" INT64_FORMAT, lists[i].len ? ", " : "", seq);
				break;
			}
	}
	rows = palloc(sizeof(AmbAuditRow) * nids);
	for (i = 0; i < nids; i++)
	{
		StringInfoData p;

		initStringInfo(&p);
		appendStringInfo(&p, "{\"erased\": " INT64_FORMAT ", \"redacted_seqs\": [%s]",
						 live, lists[i].data);
		if (reference != NULL)
		{
			appendStringInfoString(&p, ", \"reference\": ");
			escape_json(&p, reference);
		}
		appendStringInfoChar(&p, '}');
		rows[i].chain = ids[i];
		rows[i].kind = "erasure";
		rows[i].payload = p.data;
	}
	amb_audit_append(rows, nids);
}

/*
 * clear_records
 *		Clear the personal fields of the records in tree and mark live
 *		erased (inside SPI, the records locked).
 */
static void
clear_records(Datum tree, int64 live)
{
	Oid			types[2] = {INT8ARRAYOID, INT8OID};
	Datum		args[2];
	volatile int rc = 0;

	args[0] = tree;
	args[1] = Int64GetDatum(live);
	erasing++;
	PG_TRY();
	{
		rc = SPI_execute_with_args("UPDATE amb.ambassador SET display_name = '', email = NULL,"
								   "  phone = NULL, handle = NULL, address_line = NULL, city = NULL,"
								   "  postal_code = NULL, region = NULL, birth_date = NULL,"
								   "  status = CASE WHEN id OPERATOR(pg_catalog.=) $2 THEN 'erased' ELSE status END"
								   " WHERE id OPERATOR(pg_catalog.=) ANY ($1)",
								   2, types, args, NULL, false, 0);
	}
	PG_FINALLY();
	{
		erasing--;
	}
	PG_END_TRY();
	if (rc != SPI_OK_UPDATE)
		elog(ERROR, "could not clear the ambassador");
}

/* amb.erase_ambassador(ambassador_id bigint, reference text) returns void */
PG_FUNCTION_INFO_V1(amb_erase_ambassador);

Datum
amb_erase_ambassador(PG_FUNCTION_ARGS)
{
	Oid			one[1] = {INT8OID};
	Oid			argtypes[1] = {INT8ARRAYOID};
	Oid			reqtypes[3] = {INT8ARRAYOID, INT8OID, TEXTOID};
	Datum		reqargs[3];
	char		reqnulls[3] = {' ', ' ', ' '};
	int64		id;
	int64		live;
	int64	   *ids;
	int			nids;
	Datum		tree;
	char	   *reference = NULL;
	uint64		r;
	bool		isnull;
	Datum		arg;

	if (PG_ARGISNULL(0))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("ambassador_id cannot be NULL")));
	id = PG_GETARG_INT64(0);
	if (!PG_ARGISNULL(1))
		reference = text_to_cstring(PG_GETARG_TEXT_PP(1));

	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed");
	if (!amb_resolve_id(id, &live))
		ereport(ERROR,
				(errcode(ERRCODE_FOREIGN_KEY_VIOLATION),
				 errmsg("ambassador " INT64_FORMAT " does not exist", id)));
	/* before any record lock: see amb_lock_suppression */
	amb_lock_suppression(ExclusiveLock);

	/* 1. the person's records, locked */
	arg = Int64GetDatum(live);
	if (SPI_execute_with_args("WITH RECURSIVE t(id) AS ("
							  "   SELECT $1::bigint"
							  "   UNION SELECT a.id FROM amb.ambassador a, t"
							  "    WHERE a.merged_into OPERATOR(pg_catalog.=) t.id)"
							  " SELECT a.id, a.status::text FROM amb.ambassador a"
							  "  WHERE a.id IN (SELECT t.id FROM t) ORDER BY a.id FOR UPDATE",
							  1, one, &arg, NULL, false, 0) != SPI_OK_SELECT)
		elog(ERROR, "could not lock the ambassador");
	nids = (int) SPI_processed;
	ids = palloc(sizeof(int64) * Max(nids, 1));
	for (r = 0; r < SPI_processed; r++)
	{
		HeapTuple	tup = SPI_tuptable->vals[r];
		int64		rid = DatumGetInt64(SPI_getbinval(tup, SPI_tuptable->tupdesc, 1, &isnull));

		ids[r] = rid;
		if (rid == live && strcmp(SPI_getvalue(tup, SPI_tuptable->tupdesc, 2), "erased") == 0)
			ereport(ERROR,
					(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
					 errmsg("ambassador " INT64_FORMAT " is already erased", live)));
	}
	tree = amb_int8_array(ids, nids);

	/* 2. the identifiers, suppressed */
	suppress(tree, amb_local_date(GetCurrentTransactionStartTimestamp()));

	/* 3. legacy identifiers and personal fields */
	(void) amb_exec_locked("DELETE FROM amb.source_id WHERE ambassador_id OPERATOR(pg_catalog.=) ANY ($1)",
						   1, argtypes, &tree, SPI_OK_DELETE, false);
	/* referrals keep the accounting, not who */
	amb_erase_incentives(tree);
	clear_records(tree, live);

	/* 4. consent evidence and audit payloads */
	redact(ids, nids, tree, live, reference);

	/* 5. the delete request, completed */
	reqargs[0] = tree;
	reqargs[1] = Int64GetDatum(live);
	reqargs[2] = reference ? CStringGetTextDatum(reference) : (Datum) 0;
	reqnulls[2] = reference ? ' ' : 'n';
	if (SPI_execute_with_args("UPDATE amb.privacy_request SET completed_at = pg_catalog.now(),"
							  "  outcome = 'complied', reference = COALESCE(reference, $3)"
							  " WHERE ambassador_id OPERATOR(pg_catalog.=) ANY ($1)"
							  "   AND kind OPERATOR(pg_catalog.=) 'delete' AND completed_at IS NULL",
							  3, reqtypes, reqargs, reqnulls, false, 0) != SPI_OK_UPDATE)
		elog(ERROR, "could not complete the delete request");
	if (SPI_processed == 0 &&
		SPI_execute_with_args("INSERT INTO amb.privacy_request (ambassador_id, kind, received_at,"
							  "  channel, acknowledged_at, completed_at, outcome, reference)"
							  " SELECT $2, 'delete', pg_catalog.now(), 'amb.erase_ambassador',"
							  "        pg_catalog.now(), pg_catalog.now(), 'complied', $3",
							  3, reqtypes, reqargs, reqnulls, false, 0) != SPI_OK_INSERT)
		elog(ERROR, "could not record the delete request");
	SPI_finish();
	PG_RETURN_VOID();
}

/*
 * amb._source_suppressed() trigger: BEFORE INSERT OR UPDATE FOR EACH ROW on
 * amb.source_id: a legacy identifier of an erased person is refused.
 */
PG_FUNCTION_INFO_V1(amb_source_suppressed);

Datum
amb_source_suppressed(PG_FUNCTION_ARGS)
{
	TriggerData *td = amb_check_before_row_trigger(fcinfo, "amb._source_suppressed");
	HeapTuple	tup = TRIGGER_FIRED_BY_UPDATE(td->tg_event) ? td->tg_newtuple : td->tg_trigtuple;
	TupleDesc	desc = RelationGetDescr(td->tg_relation);
	int			satt = SPI_fnumber(desc, "source");
	int			latt = SPI_fnumber(desc, "legacy_id");
	bool		snull,
				lnull;
	Datum		s,
				l;

	if (satt <= 0 || latt <= 0)
		ereport(ERROR,
				(errcode(ERRCODE_UNDEFINED_COLUMN),
				 errmsg("relation \"%s\" has no columns \"source\" and \"legacy_id\"",
						RelationGetRelationName(td->tg_relation)),
				 errhint("amb._source_suppressed() belongs on amb.source_id only.")));
	s = heap_getattr(tup, satt, desc, &snull);
	l = heap_getattr(tup, latt, desc, &lnull);
	if (!snull && !lnull)
		amb_check_suppressed(NULL, NULL, NULL, DatumGetTextPP(s), DatumGetTextPP(l));
	return PointerGetDatum(tup);
}

/*-------------------------------------------------------------------------
 *
 * audit.c
 *		The tamper-evident audit log: appending rows to the per-ambassador
 *		hash chains, verifying them, and the append-only trigger.
 *
 * A row's hash covers its chain, seq, time, kind, the SHA-256 of its
 * payload and the previous row's hash (src/core/audit_hash.h).  The payload
 * is json, not jsonb, so that its text is kept as written and its hash can
 * be checked again.  Erasure redacts a payload to {"redacted": true} and
 * appends an "erasure" row listing the redacted seqs; verification accepts a
 * redacted payload only if a later erasure row in its chain lists it.
 *
 * Appending: callers hold a lock on every chain they append to (the
 * ambassador's row, FOR NO KEY UPDATE or stronger), so reading a chain's
 * head and writing after it cannot race.  Rows go straight into the heap
 * and the primary key (bulk.c), as COPY would insert them.
 *
 * Verifying: each chain is read in seq order; the first row whose seq is not
 * the next one, whose prev_hash is not the previous row's hash, whose
 * payload hash does not match its payload (unless redacted as above) or
 * whose row hash does not match its content is the chain's first bad seq.
 * With exported heads, a chain must also still hold each head (same seq,
 * same hash): a superuser who edits a row and recomputes every hash after
 * it passes the first test but not that one.
 *
 * src/audit.c
 *
 *-------------------------------------------------------------------------
 */
#include "consent.h"

#include "access/htup_details.h"
#include "catalog/pg_type.h"
#include "commands/trigger.h"
#include "executor/spi.h"
#include "funcapi.h"
#include "lib/stringinfo.h"
#include "miscadmin.h"
#include "catalog/namespace.h"
#include "catalog/pg_class.h"
#include "access/xact.h"
#include "utils/builtins.h"
#include "utils/snapmgr.h"
#include "utils/lsyscache.h"
#include "utils/syscache.h"
#include "utils/jsonb.h"
#include "utils/timestamp.h"

#include "audit_hash.h"
#include "bulk.h"

#define REDACTED_PAYLOAD "{\"redacted\": true}"

static const char *const audit_cols[] = {
	"chain", "seq", "at", "kind", "payload", "payload_hash", "prev_hash", "row_hash"
};

/* set while amb itself rewrites append-only rows (erasure, merges) */
static int	internal_writes = 0;

/*
 * amb_internal_write_begin, amb_internal_write_end
 *		Bracket amb's own updates of append-only rows (call _end from
 *		PG_FINALLY); nesting is counted.
 */
void
amb_internal_write_begin(void)
{
	internal_writes++;
}

void
amb_internal_write_end(void)
{
	if (internal_writes > 0)
		internal_writes--;
}

bool
amb_internal_writing(void)
{
	return internal_writes > 0;
}

/*
 * amb_internal_exec
 *		Run a statement that rewrites append-only rows, as amb itself
 *		(between amb_internal_write_begin and _end); returns SPI_processed.
 *		Inside SPI; expect is the SPI result code it must give.
 */
uint64
amb_internal_exec(const char *sql, int nargs, Oid *types, Datum *vals, int expect)
{
	volatile int rc = 0;

	amb_internal_write_begin();
	PG_TRY();
	{
		rc = SPI_execute_with_args(sql, nargs, types, vals, NULL, false, 0);
	}
	PG_FINALLY();
	{
		amb_internal_write_end();
	}
	PG_END_TRY();
	if (rc != expect)
		elog(ERROR, "could not rewrite append-only rows: %s", SPI_result_code_string(rc));
	return SPI_processed;
}

/*
 * amb_exec_locked
 *		Run sql (inside SPI) with the snapshot for what a lock protects
 *		(amb_locked_snapshot): under REPEATABLE READ a write must reach the
 *		rows others committed before the lock was granted, or a merge would
 *		leave them on the merged record and an erasure would miss them.
 *		internal: as one of amb's own writes (past the append-only and
 *		referral triggers).  Returns SPI_processed; errors unless the
 *		result code is expect.
 */
uint64
amb_exec_locked(const char *sql, int nargs, Oid *types, Datum *vals, int expect, bool internal)
{
	SPIPlanPtr	plan = SPI_prepare(sql, nargs, types);
	volatile int rc = 0;

	if (plan == NULL)
		elog(ERROR, "SPI_prepare failed: %s", SPI_result_code_string(SPI_result));
	if (internal)
		amb_internal_write_begin();
	PG_TRY();
	{
		rc = SPI_execute_snapshot(plan, vals, NULL, amb_locked_snapshot(), InvalidSnapshot,
								  false, true, 0);
	}
	PG_FINALLY();
	{
		if (internal)
			amb_internal_write_end();
	}
	PG_END_TRY();
	if (rc != expect)
		elog(ERROR, "could not run \"%.40s...\": %s", sql, SPI_result_code_string(rc));
	SPI_freeplan(plan);
	return SPI_processed;
}

/*
 * amb_become_owner
 *		Run as the owner of amb's tables (the role that created the
 *		extension) until amb_restore_user, as PostgreSQL's foreign-key
 *		triggers run as the owner of the referenced table: the ledger's
 *		triggers keep tables (amb.consent_head, amb.audit_log) that the
 *		users whose writes fire them may not write directly.  Privileges and
 *		amb_admin membership are checked against the caller before.  An
 *		error restores the user as the transaction or subtransaction aborts.
 */
void
amb_become_owner(AmbUserSave *save)
{
	Oid			nsp = get_namespace_oid("amb", false);
	Oid			relid = get_relname_relid("audit_log", nsp);
	HeapTuple	tp;
	Oid			owner;

	if (!OidIsValid(relid))
		elog(ERROR, "relation amb.audit_log does not exist");
	tp = SearchSysCache1(RELOID, ObjectIdGetDatum(relid));
	if (!HeapTupleIsValid(tp))
		elog(ERROR, "cache lookup failed for relation %u", relid);
	owner = ((Form_pg_class) GETSTRUCT(tp))->relowner;
	ReleaseSysCache(tp);
	GetUserIdAndSecContext(&save->userid, &save->sec_context);
	SetUserIdAndSecContext(owner, save->sec_context | SECURITY_LOCAL_USERID_CHANGE);
}

void
amb_restore_user(const AmbUserSave *save)
{
	SetUserIdAndSecContext(save->userid, save->sec_context);
}

/*
 * amb_locked_snapshot
 *		The snapshot for reading what a lock protects (a chain's head, a
 *		consent head), once the lock is held: under READ COMMITTED the
 *		statement's own (InvalidSnapshot: SPI takes a new one); under
 *		REPEATABLE READ and SERIALIZABLE the latest, since the transaction's
 *		snapshot may predate what the lock holder before us committed (then
 *		writing over that row is a serialization failure, as it should be).
 */
Snapshot
amb_locked_snapshot(void)
{
	return IsolationUsesXactSnapshot() ? GetLatestSnapshot() : InvalidSnapshot;
}

/* amb._append_only() trigger */
PG_FUNCTION_INFO_V1(amb_append_only);

Datum
amb_append_only(PG_FUNCTION_ARGS)
{
	TriggerData *td = (TriggerData *) fcinfo->context;
	const char *what;

	if (!CALLED_AS_TRIGGER(fcinfo) || !TRIGGER_FIRED_BEFORE(td->tg_event))
		ereport(ERROR,
				(errcode(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED),
				 errmsg("amb._append_only() must be a BEFORE UPDATE, DELETE or TRUNCATE trigger")));
	if (internal_writes > 0 && !TRIGGER_FIRED_BY_TRUNCATE(td->tg_event))
		return TRIGGER_FIRED_BY_UPDATE(td->tg_event) ?
			PointerGetDatum(td->tg_newtuple) : PointerGetDatum(td->tg_trigtuple);
	what = TRIGGER_FIRED_BY_UPDATE(td->tg_event) ? "updated" :
		TRIGGER_FIRED_BY_DELETE(td->tg_event) ? "deleted" : "truncated";
	/* argument 'keep': rows change (a status) but are never removed */
	if (td->tg_trigger->tgnargs > 0 && strcmp(td->tg_trigger->tgargs[0], "keep") == 0)
		ereport(ERROR,
				(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
				 errmsg("rows of %s cannot be %s", RelationGetRelationName(td->tg_relation), what),
				 errdetail("amb.%s keeps every row: it is an accounting record.",
						   RelationGetRelationName(td->tg_relation)),
				 errhint("Set the status to \"cancelled\" instead.")));
	ereport(ERROR,
			(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
			 errmsg("rows of %s cannot be %s", RelationGetRelationName(td->tg_relation), what),
			 errdetail("amb.%s is append-only.", RelationGetRelationName(td->tg_relation)),
			 errhint("Record a new event instead; erasure is the one exception (amb.erase_ambassador).")));
	return PointerGetDatum(NULL);
}

/* a chain's last row, while appending */
typedef struct ChainHead
{
	int64		chain;
	int64		seq;
	uint8		hash[AMBC_SHA256_LEN];
} ChainHead;

static int
cmp_head(const void *a, const void *b)
{
	return amb_cmp_int64(&((const ChainHead *) a)->chain, &((const ChainHead *) b)->chain);
}

/*
 * bytea_of
 *		A bytea datum (palloc) holding len bytes.
 */
static Datum
bytea_of(const uint8 *p, size_t len)
{
	bytea	   *b = palloc(VARHDRSZ + len);

	SET_VARSIZE(b, VARHDRSZ + len);
	memcpy(VARDATA(b), p, len);
	return PointerGetDatum(b);
}

/*
 * amb_audit_append
 *		Append rows[0..n) to their chains, in this order within each chain
 *		(inside SPI; the caller holds the chains' locks).  Payloads are JSON
 *		texts, hashed as given.
 */
void
amb_audit_append(const AmbAuditRow *rows, int n)
{
	static SPIPlanPtr head_plan = NULL;
	int64	   *chains;
	int			nchains = 0;
	ChainHead  *heads;
	int			i;
	Oid			argtypes[1] = {INT8ARRAYOID};
	Datum		arg;
	TimestampTz at = GetCurrentTransactionStartTimestamp();
	AmbBulkInsert *bulk;
	uint64		r;

	if (n <= 0)
		return;

	/* the distinct chains, and their heads */
	chains = palloc(sizeof(int64) * n);
	for (i = 0; i < n; i++)
		chains[i] = rows[i].chain;
	qsort(chains, n, sizeof(int64), amb_cmp_int64);
	for (i = 0; i < n; i++)
		if (nchains == 0 || chains[nchains - 1] != chains[i])
			chains[nchains++] = chains[i];
	heads = palloc0(sizeof(ChainHead) * nchains);
	for (i = 0; i < nchains; i++)
		heads[i].chain = chains[i];
	{
		Datum	   *d = palloc(sizeof(Datum) * nchains);

		for (i = 0; i < nchains; i++)
			d[i] = Int64GetDatum(chains[i]);
		arg = PointerGetDatum(construct_array(d, nchains, INT8OID, 8, FLOAT8PASSBYVAL,
											  TYPALIGN_DOUBLE));
	}
	/* each chain's last row, by the primary key whatever the number of chains */
	amb_kept_plan(&head_plan,
				  "SELECT c.c, l.seq, l.row_hash FROM pg_catalog.unnest($1) AS c(c),"
				  "  LATERAL (SELECT a.seq, a.row_hash FROM amb.audit_log a"
				  "            WHERE a.chain OPERATOR(pg_catalog.=) c.c ORDER BY a.seq DESC LIMIT 1) l",
				  1, argtypes);
	if (SPI_execute_snapshot(head_plan, &arg, NULL, amb_locked_snapshot(), InvalidSnapshot,
							 false, false, 0) != SPI_OK_SELECT)
		elog(ERROR, "could not read amb.audit_log");
	for (r = 0; r < SPI_processed; r++)
	{
		HeapTuple	tup = SPI_tuptable->vals[r];
		TupleDesc	desc = SPI_tuptable->tupdesc;
		bool		isnull;
		ChainHead	key;
		ChainHead  *h;
		bytea	   *hb;

		key.chain = DatumGetInt64(SPI_getbinval(tup, desc, 1, &isnull));
		h = bsearch(&key, heads, nchains, sizeof(ChainHead), cmp_head);
		if (h == NULL)
			continue;
		h->seq = DatumGetInt64(SPI_getbinval(tup, desc, 2, &isnull));
		hb = DatumGetByteaPP(SPI_getbinval(tup, desc, 3, &isnull));
		if (VARSIZE_ANY_EXHDR(hb) == AMBC_SHA256_LEN)
			memcpy(h->hash, VARDATA_ANY(hb), AMBC_SHA256_LEN);
	}
	SPI_freetuptable(SPI_tuptable);

	bulk = amb_bulk_begin("audit_log", audit_cols, lengthof(audit_cols));
	for (i = 0; i < n; i++)
	{
		ChainHead	key;
		ChainHead  *h;
		uint8		phash[AMBC_SHA256_LEN];
		uint8		rhash[AMBC_SHA256_LEN];
		size_t		plen = strlen(rows[i].payload);
		size_t		klen = strlen(rows[i].kind);
		Datum		vals[8];
		bool		nulls[8] = {false, false, false, false, false, false, false, false};

		key.chain = rows[i].chain;
		h = bsearch(&key, heads, nchains, sizeof(ChainHead), cmp_head);
		if (klen < 1 || klen > AMBC_AUDIT_KIND_MAX ||
			!ambc_sha256(rows[i].payload, plen, phash) ||
			ambc_audit_row_hash(h->chain, h->seq + 1, (int64) at, rows[i].kind, klen,
								phash, h->seq > 0 ? h->hash : NULL, rhash) != AMBC_OK)
			elog(ERROR, "could not hash an audit row");
		vals[0] = Int64GetDatum(h->chain);
		vals[1] = Int64GetDatum(h->seq + 1);
		vals[2] = TimestampTzGetDatum(at);
		vals[3] = CStringGetTextDatum(rows[i].kind);
		/* json has text's representation; amb wrote the payload, valid JSON */
		vals[4] = CStringGetTextDatum(rows[i].payload);
		vals[5] = bytea_of(phash, AMBC_SHA256_LEN);
		nulls[6] = (h->seq == 0);
		vals[6] = h->seq > 0 ? bytea_of(h->hash, AMBC_SHA256_LEN) : (Datum) 0;
		vals[7] = bytea_of(rhash, AMBC_SHA256_LEN);
		amb_bulk_row(bulk, vals, nulls);
		pfree(DatumGetPointer(vals[3]));
		pfree(DatumGetPointer(vals[4]));
		pfree(DatumGetPointer(vals[5]));
		if (!nulls[6])
			pfree(DatumGetPointer(vals[6]));
		pfree(DatumGetPointer(vals[7]));
		h->seq++;
		memcpy(h->hash, rhash, AMBC_SHA256_LEN);
	}
	amb_bulk_end(bulk);
}

/*
 * amb_audit_one
 *		Append one row (inside SPI; the caller holds the chain's lock).
 */
void
amb_audit_one(int64 chain, const char *kind, const char *payload)
{
	AmbAuditRow row;

	row.chain = chain;
	row.kind = kind;
	row.payload = payload;
	amb_audit_append(&row, 1);
}

/* amb._audit_row_hash(chain, seq, at, kind, payload_hash, prev_hash) returns bytea */
PG_FUNCTION_INFO_V1(amb_audit_row_hash);

Datum
amb_audit_row_hash(PG_FUNCTION_ARGS)
{
	text	   *kind;
	bytea	   *ph;
	uint8		out[AMBC_SHA256_LEN];
	const uint8 *prev = NULL;
	ambc_status st;
	int			i;

	for (i = 0; i < 5; i++)
		if (PG_ARGISNULL(i))
			PG_RETURN_NULL();
	kind = PG_GETARG_TEXT_PP(3);
	ph = PG_GETARG_BYTEA_PP(4);
	if (VARSIZE_ANY_EXHDR(ph) != AMBC_SHA256_LEN)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("a payload hash has 32 bytes, not %d", (int) VARSIZE_ANY_EXHDR(ph))));
	if (!PG_ARGISNULL(5))
	{
		bytea	   *pv = PG_GETARG_BYTEA_PP(5);

		if (VARSIZE_ANY_EXHDR(pv) != AMBC_SHA256_LEN)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("a previous row hash has 32 bytes, not %d", (int) VARSIZE_ANY_EXHDR(pv))));
		prev = (const uint8 *) VARDATA_ANY(pv);
	}
	st = ambc_audit_row_hash(PG_GETARG_INT64(0), PG_GETARG_INT64(1),
							 (int64) PG_GETARG_TIMESTAMPTZ(2),
							 VARDATA_ANY(kind), VARSIZE_ANY_EXHDR(kind),
							 (const uint8 *) VARDATA_ANY(ph), prev, out);
	if (st == AMBC_TOO_LONG)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("an audit kind is at most %d bytes", AMBC_AUDIT_KIND_MAX)));
	if (st != AMBC_OK)
		elog(ERROR, "could not hash an audit row");
	PG_RETURN_BYTEA_P(DatumGetByteaPP(bytea_of(out, AMBC_SHA256_LEN)));
}

/* exported heads: chain -> (seq, hash) */
typedef struct HeadMark
{
	int64		chain;
	int64		seq;
	uint8		hash[AMBC_SHA256_LEN];
	bool		seen;			/* the row at seq was read, with its hash */
	bool		chain_read;		/* the chain has rows at all */
} HeadMark;

/*
 * parse_heads
 *		The heads of amb.audit_heads()'s output; 22023 for anything else.
 */
static HeadMark *
parse_heads(Jsonb *heads, int *n)
{
	JsonbIterator *it = JsonbIteratorInit(&heads->root);
	JsonbValue	v;
	JsonbIteratorToken tok;
	HeadMark   *marks;
	int			cap = 16;
	int			count = 0;
	int			depth = 0;
	HeadMark   *cur = NULL;
	char	   *field = NULL;

	marks = palloc0(sizeof(HeadMark) * cap);
	if (!JB_ROOT_IS_OBJECT(heads))
		goto bad;
	while ((tok = JsonbIteratorNext(&it, &v, false)) != WJB_DONE)
	{
		if (tok == WJB_BEGIN_OBJECT)
		{
			depth++;
			continue;
		}
		if (tok == WJB_END_OBJECT)
		{
			depth--;
			continue;
		}
		if (tok == WJB_KEY && depth == 1)
		{
			char	   *k = pnstrdup(v.val.string.val, v.val.string.len);
			char	   *end;
			long long	c = strtoll(k, &end, 10);

			if (*k == '\0' || *end != '\0')
				goto bad;
			if (count == cap)
			{
				cap *= 2;
				marks = repalloc(marks, sizeof(HeadMark) * cap);
			}
			cur = &marks[count++];
			memset(cur, 0, sizeof(*cur));
			cur->chain = c;
			cur->seq = -1;
			continue;
		}
		if (tok == WJB_KEY && depth == 2)
		{
			field = pnstrdup(v.val.string.val, v.val.string.len);
			continue;
		}
		if (tok == WJB_VALUE && depth == 2 && cur != NULL && field != NULL)
		{
			if (strcmp(field, "seq") == 0 && v.type == jbvNumeric)
				cur->seq = DatumGetInt64(DirectFunctionCall1(numeric_int8,
															 NumericGetDatum(v.val.numeric)));
			else if (strcmp(field, "hash") == 0 && v.type == jbvString &&
					 v.val.string.len == 2 * AMBC_SHA256_LEN)
				hex_decode(v.val.string.val, v.val.string.len, (char *) cur->hash);
			else
				goto bad;
			continue;
		}
		if (tok == WJB_VALUE || tok == WJB_ELEM || tok == WJB_BEGIN_ARRAY ||
			(tok == WJB_KEY && depth > 2))
			goto bad;
	}
	for (int i = 0; i < count; i++)
		if (marks[i].seq < 1)
			goto bad;
	*n = count;
	return marks;

bad:
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("invalid audit heads"),
			 errdetail("Heads are an object of chains, each {\"seq\": n, \"hash\": \"64 hex digits\"}."),
			 errhint("Pass what amb.audit_heads() returned.")));
	return NULL;
}

static int
cmp_mark(const void *a, const void *b)
{
	return amb_cmp_int64(&((const HeadMark *) a)->chain, &((const HeadMark *) b)->chain);
}

/* what verify knows of the chain it is reading */
typedef struct ChainCheck
{
	int64		chain;
	int64		rows;
	int64		expect_seq;
	int64		first_bad;		/* 0: none yet */
	uint8		prev[AMBC_SHA256_LEN];
	HeadMark   *mark;			/* its exported head, if any */
	int64	   *redacted;		/* seqs whose payload is redacted */
	int			nredacted;
	int			cap_redacted;
	int64	   *listed;			/* seqs that erasure rows list */
	int			nlisted;
	int			cap_listed;
	MemoryContext cxt;			/* where the arrays live */
} ChainCheck;

/*
 * push_seq
 *		Append seq to a growing array (first allocated in cxt).
 */
static void
push_seq(MemoryContext cxt, int64 **arr, int *n, int *cap, int64 seq)
{
	if (*n == *cap)
	{
		*cap = *cap ? *cap * 2 : 16;
		*arr = *arr ? repalloc(*arr, sizeof(int64) * *cap) :
			MemoryContextAlloc(cxt, sizeof(int64) * *cap);
	}
	(*arr)[(*n)++] = seq;
}

/*
 * finish_chain
 *		Emit the result row of the chain just read: a redacted payload that
 *		no erasure row lists, or an exported head that is not there, makes
 *		the chain bad if nothing earlier did.
 */
static void
finish_chain(ReturnSetInfo *rsinfo, ChainCheck *cc)
{
	Datum		vals[3];
	bool		nulls[3] = {false, false, false};
	int			k;

	if (cc->nlisted > 0)
		qsort(cc->listed, cc->nlisted, sizeof(int64), amb_cmp_int64);
	for (k = 0; k < cc->nredacted && cc->first_bad == 0; k++)
		if (cc->nlisted == 0 ||
			bsearch(&cc->redacted[k], cc->listed, cc->nlisted, sizeof(int64), amb_cmp_int64) == NULL)
			cc->first_bad = cc->redacted[k];
	if (cc->mark != NULL)
	{
		cc->mark->chain_read = true;
		if (!cc->mark->seen && cc->first_bad == 0)
			cc->first_bad = cc->mark->seq;
	}
	vals[0] = Int64GetDatum(cc->chain);
	vals[1] = Int64GetDatum(cc->rows);
	vals[2] = Int64GetDatum(cc->first_bad);
	nulls[2] = (cc->first_bad == 0);
	tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, vals, nulls);
}

/*
 * erasure_lists
 *		Add the seqs that an erasure row's payload lists ("redacted_seqs").
 */
static void
erasure_lists(ChainCheck *cc, const char *payload)
{
	Jsonb	   *j = DatumGetJsonbP(DirectFunctionCall1(jsonb_in, CStringGetDatum(payload)));
	JsonbValue	key;
	JsonbValue *arr;
	JsonbIterator *it;
	JsonbValue	v;
	JsonbIteratorToken tok;

	if (!JB_ROOT_IS_OBJECT(j))
		return;
	key.type = jbvString;
	key.val.string.val = "redacted_seqs";
	key.val.string.len = strlen("redacted_seqs");
	arr = findJsonbValueFromContainer(&j->root, JB_FOBJECT, &key);
	if (arr == NULL || arr->type != jbvBinary)
		return;
	it = JsonbIteratorInit(arr->val.binary.data);
	while ((tok = JsonbIteratorNext(&it, &v, true)) != WJB_DONE)
		if (tok == WJB_ELEM && v.type == jbvNumeric)
			push_seq(cc->cxt, &cc->listed, &cc->nlisted, &cc->cap_listed,
					 DatumGetInt64(DirectFunctionCall1(numeric_int8,
													   NumericGetDatum(v.val.numeric))));
}

/*
 * check_row
 *		Whether one audit row is sound after the rows before it in its chain
 *		(see the file header); records what later checks need.
 */
static bool
check_row(ChainCheck *cc, int64 seq, TimestampTz at, text *kind, const char *payload,
		  bytea *ph, bytea *pv, bytea *rh)
{
	uint8		phash[AMBC_SHA256_LEN];
	uint8		rhash[AMBC_SHA256_LEN];

	if (seq != cc->expect_seq || VARSIZE_ANY_EXHDR(ph) != AMBC_SHA256_LEN ||
		VARSIZE_ANY_EXHDR(rh) != AMBC_SHA256_LEN)
		return false;
	/* the link to the previous row */
	if (seq == 1 ? pv != NULL :
		(pv == NULL || VARSIZE_ANY_EXHDR(pv) != AMBC_SHA256_LEN ||
		 memcmp(VARDATA_ANY(pv), cc->prev, AMBC_SHA256_LEN) != 0))
		return false;
	/* the payload, unless redacted (and then listed by a later erasure row) */
	if (strcmp(payload, REDACTED_PAYLOAD) == 0)
		push_seq(cc->cxt, &cc->redacted, &cc->nredacted, &cc->cap_redacted, seq);
	else if (!ambc_sha256(payload, strlen(payload), phash) ||
			 memcmp(phash, VARDATA_ANY(ph), AMBC_SHA256_LEN) != 0)
		return false;
	/* the row itself */
	if (ambc_audit_row_hash(cc->chain, seq, (int64) at, VARDATA_ANY(kind),
							VARSIZE_ANY_EXHDR(kind), (const uint8 *) VARDATA_ANY(ph),
							seq > 1 ? cc->prev : NULL, rhash) != AMBC_OK ||
		memcmp(rhash, VARDATA_ANY(rh), AMBC_SHA256_LEN) != 0)
		return false;
	/* the exported head of this chain: same seq, same hash */
	if (cc->mark != NULL && cc->mark->seq == seq)
	{
		cc->mark->seen = true;
		if (memcmp(cc->mark->hash, rhash, AMBC_SHA256_LEN) != 0)
			return false;
	}
	if (VARSIZE_ANY_EXHDR(kind) == 7 && memcmp(VARDATA_ANY(kind), "erasure", 7) == 0)
		erasure_lists(cc, payload);
	memcpy(cc->prev, rhash, AMBC_SHA256_LEN);
	cc->expect_seq = seq + 1;
	return true;
}

/*
 * verify
 *		The work of both verify_audit functions; marks (sorted here) may be
 *		NULL.
 */
static void
verify(FunctionCallInfo fcinfo, HeadMark *marks, int nmarks)
{
	ReturnSetInfo *rsinfo;
	Portal		portal;
	SPIPlanPtr	plan;
	ChainCheck	cc;
	bool		have = false;
	MemoryContext row_cxt;
	MemoryContext chain_cxt;
	int			i;

	amb_init_materialized_srf(fcinfo);
	rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	if (nmarks > 0)
		qsort(marks, nmarks, sizeof(HeadMark), cmp_mark);
	memset(&cc, 0, sizeof(cc));
	chain_cxt = CurrentMemoryContext;
	row_cxt = AllocSetContextCreate(CurrentMemoryContext, "amb verify row", ALLOCSET_DEFAULT_SIZES);

	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed");
	plan = SPI_prepare("SELECT chain, seq, at, kind, payload::text, payload_hash, prev_hash, row_hash"
					   "  FROM amb.audit_log ORDER BY chain, seq", 0, NULL);
	if (plan == NULL)
		elog(ERROR, "SPI_prepare failed");
	portal = SPI_cursor_open(NULL, plan, NULL, NULL, true);
	for (;;)
	{
		uint64		r;

		SPI_cursor_fetch(portal, true, 10000);
		if (SPI_processed == 0)
			break;
		for (r = 0; r < SPI_processed; r++)
		{
			HeapTuple	tup = SPI_tuptable->vals[r];
			TupleDesc	desc = SPI_tuptable->tupdesc;
			bool		isnull;
			bool		pv_null;
			int64		c = DatumGetInt64(SPI_getbinval(tup, desc, 1, &isnull));
			int64		seq = DatumGetInt64(SPI_getbinval(tup, desc, 2, &isnull));
			Datum		pvd;
			MemoryContext old;

			if (!have || c != cc.chain)
			{
				HeadMark	key;

				if (have)
					finish_chain(rsinfo, &cc);
				memset(&cc, 0, sizeof(cc));
				cc.cxt = chain_cxt;
				cc.chain = c;
				cc.expect_seq = 1;
				key.chain = c;
				cc.mark = nmarks > 0 ? bsearch(&key, marks, nmarks, sizeof(HeadMark), cmp_mark) : NULL;
				have = true;
			}
			cc.rows++;
			if (cc.first_bad != 0)
				continue;
			old = MemoryContextSwitchTo(row_cxt);
			pvd = SPI_getbinval(tup, desc, 7, &pv_null);
			if (!check_row(&cc, seq,
						   DatumGetTimestampTz(SPI_getbinval(tup, desc, 3, &isnull)),
						   DatumGetTextPP(SPI_getbinval(tup, desc, 4, &isnull)),
						   TextDatumGetCString(SPI_getbinval(tup, desc, 5, &isnull)),
						   DatumGetByteaPP(SPI_getbinval(tup, desc, 6, &isnull)),
						   pv_null ? NULL : DatumGetByteaPP(pvd),
						   DatumGetByteaPP(SPI_getbinval(tup, desc, 8, &isnull))))
				cc.first_bad = seq;
			MemoryContextSwitchTo(old);
			MemoryContextReset(row_cxt);
		}
		SPI_freetuptable(SPI_tuptable);
		CHECK_FOR_INTERRUPTS();
	}
	if (have)
		finish_chain(rsinfo, &cc);
	SPI_cursor_close(portal);
	SPI_finish();

	/* a chain the heads name that has no rows left at all */
	for (i = 0; i < nmarks; i++)
	{
		Datum		vals[3];
		bool		nulls[3] = {false, false, false};

		if (marks[i].chain_read || (i > 0 && marks[i - 1].chain == marks[i].chain))
			continue;
		vals[0] = Int64GetDatum(marks[i].chain);
		vals[1] = Int64GetDatum(0);
		vals[2] = Int64GetDatum(1);
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, vals, nulls);
	}
}

/* amb.verify_audit() returns setof (chain, rows, first_bad_seq) */
PG_FUNCTION_INFO_V1(amb_verify_audit);

Datum
amb_verify_audit(PG_FUNCTION_ARGS)
{
	verify(fcinfo, NULL, 0);
	return (Datum) 0;
}

/* amb.verify_audit(heads jsonb) returns setof (chain, rows, first_bad_seq) */
PG_FUNCTION_INFO_V1(amb_verify_audit_heads);

Datum
amb_verify_audit_heads(PG_FUNCTION_ARGS)
{
	int			n = 0;
	HeadMark   *marks = parse_heads(PG_GETARG_JSONB_P(0), &n);

	verify(fcinfo, marks, n);
	return (Datum) 0;
}

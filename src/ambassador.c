/*-------------------------------------------------------------------------
 *
 * ambassador.c
 *		amb.ambassador rows: preparing them for matching, and the trigger
 *		that keeps their normalized columns.
 *
 * Trigger amb_10_normalize (BEFORE INSERT OR UPDATE FOR EACH ROW) runs
 * ambc_person_prepare (src/core/person.c) on the raw columns and writes
 * name_norm ... region_norm, the blocking keys (src/core/block.c), the
 * upper-cased country and, on UPDATE, updated_at.  A contact that is not
 * valid (an email without "@", a phone number of the wrong length) is an
 * error naming the column: the row is not stored with a silent NULL.
 * Because the normalized columns are recomputed from the raw ones on every
 * write, a restore (which inserts what pg_dump wrote) reproduces them.
 *
 * src/ambassador.c
 *
 *-------------------------------------------------------------------------
 */
#include "dedup.h"

#include "access/htup_details.h"
#include "catalog/pg_collation.h"
#include "catalog/pg_type.h"
#include "commands/trigger.h"
#include "executor/executor.h"
#include "executor/spi.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/datetime.h"
#include "utils/rel.h"
#include "utils/timestamp.h"

#include "consent.h"
#include "report.h"
#include "spi_cache.h"

/* the columns of amb.ambassador the trigger reads and writes */
typedef enum AmbCol
{
	COL_DISPLAY_NAME,
	COL_EMAIL,
	COL_PHONE,
	COL_HANDLE,
	COL_ADDRESS_LINE,
	COL_CITY,
	COL_POSTAL_CODE,
	COL_REGION,
	COL_COUNTRY,
	COL_BIRTH_DATE,
	COL_UPDATED_AT,
	COL_NAME_NORM,
	COL_GIVEN_NORM,
	COL_FAMILY_NORM,
	COL_GIVEN_KEY,
	COL_FAMILY_KEY,
	COL_EMAIL_NORM,
	COL_PHONE_NORM,
	COL_HANDLE_NORM,
	COL_ADDRESS_NORM,
	COL_CITY_NORM,
	COL_POSTAL_NORM,
	COL_REGION_NORM,
	COL_BLOCK_KEYS,
	COL_ID,
	COL_STATUS,
	NCOLS
} AmbCol;

static const char *const col_names[NCOLS] = {
	"display_name", "email", "phone", "handle", "address_line", "city",
	"postal_code", "region", "country", "birth_date", "updated_at",
	"name_norm", "given_norm", "family_norm", "given_key", "family_key",
	"email_norm", "phone_norm", "handle_norm", "address_norm", "city_norm",
	"postal_norm", "region_norm", "block_keys", "id", "status"
};

/* raw person field -> column */
static const AmbCol field_col[AMBC_P_NFIELDS] = {
	COL_DISPLAY_NAME, COL_EMAIL, COL_PHONE, COL_HANDLE, COL_ADDRESS_LINE,
	COL_CITY, COL_POSTAL_CODE, COL_REGION, COL_COUNTRY
};

/* what a raw field is called in a message */
static const char *const field_kind[AMBC_P_NFIELDS] = {
	"display name", "email address", "phone number", "social handle",
	"street address", "city", "postal code", "region", "country code"
};

/* attnums of the columns, for the relation that cached them */
static Oid	cached_relid = InvalidOid;
static AttrNumber cached_attnum[NCOLS];

/*
 * ambassador_attnums
 *		The attnums of the trigger's relation's columns, checked by name on
 *		every call (cheap) and looked up again when they no longer fit; a
 *		missing column is 42703 (the trigger is on the wrong table).
 */
static const AttrNumber *
ambassador_attnums(Relation rel, const char *tgname)
{
	TupleDesc	desc = RelationGetDescr(rel);
	int			i;

	if (cached_relid == RelationGetRelid(rel))
	{
		for (i = 0; i < NCOLS; i++)
		{
			AttrNumber	a = cached_attnum[i];
			Form_pg_attribute att;

			if (a < 1 || a > desc->natts)
				break;
			att = TupleDescAttr(desc, a - 1);
			if (att->attisdropped || strcmp(NameStr(att->attname), col_names[i]) != 0)
				break;
		}
		if (i == NCOLS)
			return cached_attnum;
	}
	cached_relid = InvalidOid;
	for (i = 0; i < NCOLS; i++)
	{
		int			a = SPI_fnumber(desc, col_names[i]);

		if (a <= 0)
			ereport(ERROR,
					(errcode(ERRCODE_UNDEFINED_COLUMN),
					 errmsg("column \"%s\" of relation \"%s\" does not exist",
							col_names[i], RelationGetRelationName(rel)),
					 errdetail("Trigger \"%s\" keeps the normalized columns of amb.ambassador.",
							   tgname),
					 errhint("amb.normalize_ambassador() belongs on amb.ambassador only.")));
		cached_attnum[i] = (AttrNumber) a;
	}
	cached_relid = RelationGetRelid(rel);
	return cached_attnum;
}

/*
 * amb_birth_yyyymmdd
 *		Write d as the 8 characters YYYYMMDD; false for infinite dates and
 *		years outside 1..9999 (compared as missing).
 */
bool
amb_birth_yyyymmdd(DateADT d, char out[8])
{
	int			y,
				m,
				day;
	char		tmp[16];

	if (DATE_NOT_FINITE(d))
		return false;
	j2date(d + POSTGRES_EPOCH_JDATE, &y, &m, &day);
	if (y < 1 || y > 9999)
		return false;
	snprintf(tmp, sizeof(tmp), "%04d%02d%02d", y, m, day);
	memcpy(out, tmp, 8);
	return true;
}

/*
 * amb_fs_rec_from_person
 *		Point p->rec at p's normalized fields; term frequencies unknown (0).
 */
void
amb_fs_rec_from_person(AmbPerson *p)
{
	ambc_fs_rec *r = &p->rec;

	memset(r, 0, sizeof(*r));
	r->f[AMBC_F_GIVEN] = p->p.given;
	r->f[AMBC_F_FAMILY] = p->p.family;
	if (p->has_birth)
	{
		r->f[AMBC_F_BIRTH].p = p->birth;
		r->f[AMBC_F_BIRTH].len = 8;
	}
	r->f[AMBC_F_EMAIL] = p->p.email;
	r->f[AMBC_F_PHONE] = p->p.phone;
	r->f[AMBC_F_HANDLE] = p->p.handle;
	r->f[AMBC_F_ADDRESS] = p->p.address;
	r->f[AMBC_F_CITY] = p->p.city;
	r->f[AMBC_F_POSTAL] = p->p.postal;
	r->f[AMBC_F_REGION] = p->p.region;
	r->given_key = p->p.given_key;
	r->family_key = p->p.family_key;
}

/*
 * amb_prepare_person
 *		Normalize raw into *out (see AmbPerson); a field that cannot be
 *		normalized is an error (22023, 22021) naming the value and column.
 */
void
amb_prepare_person(const AmbRawPerson *raw, AmbPerson *out)
{
	ambc_span	in[AMBC_P_NFIELDS];
	AmbUtf8		u[AMBC_P_NFIELDS];
	int			bad;
	const char *reason;
	ambc_status st;
	int			i;

	for (i = 0; i < AMBC_P_NFIELDS; i++)
	{
		if (raw->isnull[i])
		{
			in[i].p = NULL;
			in[i].len = 0;
			memset(&u[i], 0, sizeof(u[i]));
			continue;
		}
		u[i] = amb_utf8_from_text(DatumGetTextPP(raw->field[i]));
		in[i].p = u[i].data;
		in[i].len = u[i].len;
	}
	st = ambc_person_prepare(in, out->buf, &out->p, &bad, &reason);
	if (st != AMBC_OK)
	{
		if (bad == AMBC_P_NAME && raw->isnull[AMBC_P_NAME])
			ereport(ERROR,
					(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
					 errmsg("an ambassador needs a display name")));
		if (bad < 0 || bad >= AMBC_P_NFIELDS)
			elog(ERROR, "ambc_person_prepare failed without naming a field");
		amb_report_field_status(st, field_kind[bad], ambc_person_field_name(bad),
								u[bad], reason);
	}
	out->has_birth = !raw->birth_null && amb_birth_yyyymmdd(raw->birth, out->birth);
	amb_fs_rec_from_person(out);
}

/*
 * amb_person_from_row
 *		Prepare an amb.ambassador composite value (from the table or built by
 *		hand; its normalized columns are ignored and recomputed).
 */
void
amb_person_from_row(HeapTupleHeader row, AmbPerson *out)
{
	AmbRawPerson raw;
	bool		isnull;
	Datum		d;
	int			i;

	for (i = 0; i < AMBC_P_NFIELDS; i++)
		raw.field[i] = GetAttributeByName(row, col_names[field_col[i]],
										  &raw.isnull[i]);
	d = GetAttributeByName(row, "birth_date", &raw.birth_null);
	raw.birth = raw.birth_null ? 0 : DatumGetDateADT(d);
	d = GetAttributeByName(row, "id", &isnull);
	out->id = isnull ? 0 : DatumGetInt64(d);
	amb_prepare_person(&raw, out);
}

/*
 * amb_span_text
 *		A text datum (palloc) for a UTF-8 span; NULL if the span is absent.
 */
text *
amb_span_text(ambc_span s)
{
	if (s.p == NULL)
		return NULL;
	return amb_utf8_to_text(s.p, s.len);
}

static int
cmp_int64(const void *x, const void *y)
{
	int64		a = *(const int64 *) x;
	int64		b = *(const int64 *) y;

	return (a > b) - (a < b);
}

/*
 * amb_block_keys_array
 *		The distinct non-zero blocking keys of r as a sorted bigint[]
 *		(palloc), for the GIN index that online matching searches.
 */
ArrayType *
amb_block_keys_array(const ambc_fs_rec *r)
{
	uint64		keys[AMBC_NKEYS];
	int64		v[AMBC_NKEYS];
	Datum		d[AMBC_NKEYS];
	int			n = 0;
	int			k = 0;
	int			i;

	ambc_block_keys(r, keys);
	for (i = 0; i < AMBC_NKEYS; i++)
		if (keys[i] != 0)
			v[n++] = (int64) keys[i];
	qsort(v, n, sizeof(int64), cmp_int64);
	for (i = 0; i < n; i++)
		if (k == 0 || v[i] != DatumGetInt64(d[k - 1]))
			d[k++] = Int64GetDatum(v[i]);
	return construct_array(d, k, INT8OID, sizeof(int64), FLOAT8PASSBYVAL,
						   TYPALIGN_DOUBLE);
}

/*
 * status_is
 *		Whether the status of tup is the label.
 */
static bool
status_is(HeapTuple tup, TupleDesc desc, const AttrNumber *att, const char *label)
{
	bool		isnull;
	Datum		d = heap_getattr(tup, att[COL_STATUS], desc, &isnull);

	if (isnull)
		return false;
	return strcmp(DatumGetCString(DirectFunctionCall1(enum_out, d)), label) == 0;
}

/*
 * cleared
 *		tup with its personal data cleared: an erased ambassador (or one being
 *		erased) keeps only its id, country, tags, status and times.
 */
static HeapTuple
cleared(HeapTuple tup, TupleDesc desc, const AttrNumber *att, bool is_update)
{
	static const AmbCol clear[] = {
		COL_EMAIL, COL_PHONE, COL_HANDLE, COL_ADDRESS_LINE, COL_CITY, COL_POSTAL_CODE,
		COL_REGION, COL_BIRTH_DATE, COL_NAME_NORM, COL_GIVEN_NORM, COL_FAMILY_NORM,
		COL_GIVEN_KEY, COL_FAMILY_KEY, COL_EMAIL_NORM, COL_PHONE_NORM, COL_HANDLE_NORM,
		COL_ADDRESS_NORM, COL_CITY_NORM, COL_POSTAL_NORM, COL_REGION_NORM
	};
	int			cols[NCOLS];
	Datum		vals[NCOLS];
	bool		nulls[NCOLS];
	int			n = 0;
	int			i;

	for (i = 0; i < lengthof(clear); i++)
	{
		cols[n] = att[clear[i]];
		vals[n] = (Datum) 0;
		nulls[n] = true;
		n++;
	}
	cols[n] = att[COL_DISPLAY_NAME];
	vals[n] = CStringGetTextDatum("");
	nulls[n++] = false;
	cols[n] = att[COL_BLOCK_KEYS];
	vals[n] = PointerGetDatum(construct_empty_array(INT8OID));
	nulls[n++] = false;
	if (is_update)
	{
		cols[n] = att[COL_UPDATED_AT];
		vals[n] = TimestampTzGetDatum(GetCurrentTransactionStartTimestamp());
		nulls[n++] = false;
	}
	return heap_modify_tuple_by_cols(tup, desc, n, cols, vals, nulls);
}

/*
 * new_contact
 *		The normalized contact span as text if it is set and, on UPDATE,
 *		differs from the row's old value; NULL otherwise.
 */
static text *
new_contact(TriggerData *td, TupleDesc desc, const AttrNumber *att, AmbCol col,
			ambc_span span)
{
	text	   *t;
	bool		isnull;
	Datum		old;

	if (span.p == NULL)
		return NULL;
	t = amb_span_text(span);
	if (!TRIGGER_FIRED_BY_UPDATE(td->tg_event))
		return t;
	old = heap_getattr(td->tg_trigtuple, att[col], desc, &isnull);
	if (!isnull && DatumGetBool(DirectFunctionCall2Coll(texteq, C_COLLATION_OID, old, PointerGetDatum(t))))
		return NULL;
	return t;
}

/* amb.normalize_ambassador() trigger */
PG_FUNCTION_INFO_V1(amb_normalize_ambassador);

Datum
amb_normalize_ambassador(PG_FUNCTION_ARGS)
{
	TriggerData *td = amb_check_before_row_trigger(fcinfo, "amb.normalize_ambassador");
	Relation	rel = td->tg_relation;
	TupleDesc	desc = RelationGetDescr(rel);
	bool		is_update = TRIGGER_FIRED_BY_UPDATE(td->tg_event);
	HeapTuple	tuple = is_update ? td->tg_newtuple : td->tg_trigtuple;
	const AttrNumber *att = ambassador_attnums(rel, td->tg_trigger->tgname);
	AmbRawPerson raw;
	AmbPerson  *p = palloc(sizeof(AmbPerson));
	int			cols[NCOLS];
	Datum		vals[NCOLS];
	bool		nulls[NCOLS];
	int			ncols = 0;
	int			i;
	Datum		d;
	bool		isnull;

	/* an erased ambassador stays erased, and empty */
	if (is_update && status_is(td->tg_trigtuple, desc, att, "erased") &&
		!status_is(tuple, desc, att, "erased"))
		ereport(ERROR,
				(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
				 errmsg("ambassador " INT64_FORMAT " is erased",
						DatumGetInt64(heap_getattr(tuple, att[COL_ID], desc, &isnull))),
				 errdetail("Erasure cannot be undone."),
				 errhint("A person who comes back signs up anew.")));
	if (amb_erasing() || status_is(tuple, desc, att, "erased"))
		return PointerGetDatum(cleared(tuple, desc, att, is_update));

	for (i = 0; i < AMBC_P_NFIELDS; i++)
		raw.field[i] = heap_getattr(tuple, att[field_col[i]], desc,
									&raw.isnull[i]);
	d = heap_getattr(tuple, att[COL_BIRTH_DATE], desc, &raw.birth_null);
	raw.birth = raw.birth_null ? 0 : DatumGetDateADT(d);

	amb_prepare_person(&raw, p);

	/* a contact of an erased person is refused (only new ones are checked) */
	amb_check_suppressed(new_contact(td, desc, att, COL_EMAIL_NORM, p->p.email),
						 new_contact(td, desc, att, COL_PHONE_NORM, p->p.phone),
						 new_contact(td, desc, att, COL_HANDLE_NORM, p->p.handle),
						 NULL, NULL);

#define SET_SPAN(col, span) \
	do { \
		text	   *t_ = amb_span_text(span); \
		cols[ncols] = att[col]; \
		nulls[ncols] = (t_ == NULL); \
		vals[ncols] = t_ ? PointerGetDatum(t_) : (Datum) 0; \
		ncols++; \
	} while (0)

	/* the country, upper-cased (the CHECK constraint then sees it) */
	if (!raw.isnull[AMBC_P_COUNTRY])
		SET_SPAN(COL_COUNTRY, p->p.country);
	SET_SPAN(COL_NAME_NORM, p->p.name);
	SET_SPAN(COL_GIVEN_NORM, p->p.given);
	SET_SPAN(COL_FAMILY_NORM, p->p.family);
	SET_SPAN(COL_GIVEN_KEY, p->p.given_key);
	SET_SPAN(COL_FAMILY_KEY, p->p.family_key);
	SET_SPAN(COL_EMAIL_NORM, p->p.email);
	SET_SPAN(COL_PHONE_NORM, p->p.phone);
	SET_SPAN(COL_HANDLE_NORM, p->p.handle);
	SET_SPAN(COL_ADDRESS_NORM, p->p.address);
	SET_SPAN(COL_CITY_NORM, p->p.city);
	SET_SPAN(COL_POSTAL_NORM, p->p.postal);
	SET_SPAN(COL_REGION_NORM, p->p.region);
#undef SET_SPAN

	cols[ncols] = att[COL_BLOCK_KEYS];
	nulls[ncols] = false;
	vals[ncols] = PointerGetDatum(amb_block_keys_array(&p->rec));
	ncols++;

	if (is_update)
	{
		cols[ncols] = att[COL_UPDATED_AT];
		nulls[ncols] = false;
		vals[ncols] = TimestampTzGetDatum(GetCurrentTransactionStartTimestamp());
		ncols++;
	}

	tuple = heap_modify_tuple_by_cols(tuple, desc, ncols, cols, vals, nulls);
	pfree(p);
	return PointerGetDatum(tuple);
}

/*
 * amb._check_merged_into() trigger on amb.ambassador, the foreign key of
 * merged_into done by hand (see the table's definition):
 *	- as a deferred AFTER INSERT OR UPDATE constraint trigger, a merged_into
 *	  that is set must name an existing ambassador (23503);
 *	- BEFORE DELETE, an ambassador others were merged into cannot be deleted
 *	  (23503), or their ids would no longer resolve.
 */
PG_FUNCTION_INFO_V1(amb_check_merged_into);

Datum
amb_check_merged_into(PG_FUNCTION_ARGS)
{
	static SPIPlanPtr exists_plan = NULL;
	static SPIPlanPtr referenced_plan = NULL;
	TriggerData *td = (TriggerData *) fcinfo->context;
	TupleDesc	desc;
	int			att;
	bool		isnull;
	Datum		arg;
	Oid			argtypes[1] = {INT8OID};

	if (!CALLED_AS_TRIGGER(fcinfo) || !TRIGGER_FIRED_FOR_ROW(td->tg_event))
		ereport(ERROR,
				(errcode(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED),
				 errmsg("amb._check_merged_into() must be a row trigger on amb.ambassador")));
	desc = RelationGetDescr(td->tg_relation);

	if (TRIGGER_FIRED_BY_DELETE(td->tg_event))
	{
		if (!TRIGGER_FIRED_BEFORE(td->tg_event))
			ereport(ERROR,
					(errcode(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED),
					 errmsg("amb._check_merged_into() must run BEFORE DELETE")));
		att = SPI_fnumber(desc, "id");
		if (att <= 0)
			ereport(ERROR,
					(errcode(ERRCODE_UNDEFINED_COLUMN),
					 errmsg("column \"id\" of relation \"%s\" does not exist",
							RelationGetRelationName(td->tg_relation))));
		arg = heap_getattr(td->tg_trigtuple, att, desc, &isnull);
		if (SPI_connect() != SPI_OK_CONNECT)
			elog(ERROR, "SPI_connect failed");
		amb_kept_plan(&referenced_plan,
					  "SELECT 1 FROM amb.ambassador WHERE merged_into OPERATOR(pg_catalog.=) $1",
					  1, argtypes);
		if (SPI_execute_plan(referenced_plan, &arg, NULL, false, 1) != SPI_OK_SELECT)
			elog(ERROR, "could not read amb.ambassador");
		if (SPI_processed > 0)
			ereport(ERROR,
					(errcode(ERRCODE_FOREIGN_KEY_VIOLATION),
					 errmsg("cannot delete ambassador " INT64_FORMAT, DatumGetInt64(arg)),
					 errdetail("Other ambassadors were merged into it."),
					 errhint("Keep it: the ids merged into it resolve through it.")));
		SPI_finish();
		return PointerGetDatum(td->tg_trigtuple);
	}

	if (!TRIGGER_FIRED_AFTER(td->tg_event))
		ereport(ERROR,
				(errcode(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED),
				 errmsg("amb._check_merged_into() must run AFTER INSERT OR UPDATE")));
	att = SPI_fnumber(desc, "merged_into");
	if (att <= 0)
		ereport(ERROR,
				(errcode(ERRCODE_UNDEFINED_COLUMN),
				 errmsg("column \"merged_into\" of relation \"%s\" does not exist",
						RelationGetRelationName(td->tg_relation))));
	arg = heap_getattr(TRIGGER_FIRED_BY_UPDATE(td->tg_event) ? td->tg_newtuple :
					   td->tg_trigtuple, att, desc, &isnull);
	if (isnull)
		return PointerGetDatum(NULL);
	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed");
	amb_kept_plan(&exists_plan,
				  "SELECT 1 FROM amb.ambassador WHERE id OPERATOR(pg_catalog.=) $1 FOR KEY SHARE",
				  1, argtypes);
	if (SPI_execute_plan(exists_plan, &arg, NULL, false, 1) != SPI_OK_SELECT)
		elog(ERROR, "could not read amb.ambassador");
	if (SPI_processed == 0)
		ereport(ERROR,
				(errcode(ERRCODE_FOREIGN_KEY_VIOLATION),
				 errmsg("ambassador " INT64_FORMAT " does not exist", DatumGetInt64(arg)),
				 errdetail("merged_into must name an ambassador.")));
	SPI_finish();
	return PointerGetDatum(NULL);
}

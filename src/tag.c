/*-------------------------------------------------------------------------
 *
 * tag.c
 *		amb.normalize_tag, amb.tag_key and the amb.tag base type.
 *
 * An amb.tag is stored like text: a varlena holding the canonical tag in the
 * database encoding.  Input normalizes, so every stored value is canonical
 * and equality is plain byte equality; ordering is bytewise (code point order
 * in UTF-8), independent of collation, so the btree and hash operator classes
 * agree with each other on every platform.  Because the representation is
 * text's, the cast to text needs no function.
 *
 * src/tag.c
 *
 *-------------------------------------------------------------------------
 */
#include "amb.h"

#include "access/hash.h"
#include "catalog/namespace.h"
#include "catalog/pg_type.h"
#include "common/hashfn.h"
#include "libpq/pqformat.h"
#include "utils/builtins.h"
#include "utils/lsyscache.h"
#include "utils/syscache.h"

#include "report.h"
#include "tagnorm.h"

/*
 * amb_tag_from_cstring_len
 *		Normalize server-encoded data[0..len) into a new amb.tag (palloc).
 *		On failure reports through escontext (NULL: ERROR) and returns NULL.
 */
text *
amb_tag_from_cstring_len(const char *data, int len, Node *escontext)
{
	AmbUtf8		in = amb_utf8_from_bytes(data, len);
	char		buf[AMBC_TAG_MAX];
	size_t		outlen;
	ambc_status st = ambc_tag_normalize(in.data, in.len, buf, &outlen);

	if (st != AMBC_OK)
	{
		amb_report_tag_status(st, in, escontext);
		return NULL;
	}
	return amb_utf8_to_text(buf, outlen);
}

/*
 * amb_tag_type_oid
 *		OID of amb.tag, looked up by name (the extension's schema is fixed).
 */
Oid
amb_tag_type_oid(void)
{
	Oid			nsp = get_namespace_oid("amb", false);
	Oid			typ = GetSysCacheOid2(TYPENAMENSP, Anum_pg_type_oid,
									  CStringGetDatum("tag"),
									  ObjectIdGetDatum(nsp));

	if (!OidIsValid(typ))
		elog(ERROR, "type amb.tag does not exist");
	return typ;
}

/* amb.normalize_tag(text) returns text */
PG_FUNCTION_INFO_V1(amb_normalize_tag);

Datum
amb_normalize_tag(PG_FUNCTION_ARGS)
{
	text	   *t = PG_GETARG_TEXT_PP(0);

	PG_RETURN_TEXT_P(amb_tag_from_cstring_len(VARDATA_ANY(t),
											  VARSIZE_ANY_EXHDR(t), NULL));
}

/*
 * amb.tag(text) returns amb.tag: the cast from text.  The same bytes as
 * normalize_tag, under the name the cast documents.
 */
PG_FUNCTION_INFO_V1(amb_tag_from_text);

Datum
amb_tag_from_text(PG_FUNCTION_ARGS)
{
	return amb_normalize_tag(fcinfo);
}

/* amb.tag_key(text) returns text */
PG_FUNCTION_INFO_V1(amb_tag_key);

Datum
amb_tag_key(PG_FUNCTION_ARGS)
{
	AmbUtf8		in = amb_utf8_from_text(PG_GETARG_TEXT_PP(0));
	char		buf[AMBC_TAG_MAX];
	size_t		len;
	ambc_status st = ambc_tag_key(in.data, in.len, buf, &len);

	if (st != AMBC_OK)
		amb_report_tag_status(st, in, NULL);
	PG_RETURN_TEXT_P(amb_utf8_to_text(buf, len));
}

/* amb.tag_in(cstring) returns amb.tag */
PG_FUNCTION_INFO_V1(amb_tag_in);

Datum
amb_tag_in(PG_FUNCTION_ARGS)
{
	char	   *s = PG_GETARG_CSTRING(0);
	text	   *t = amb_tag_from_cstring_len(s, strlen(s), fcinfo->context);

	if (t == NULL)
		PG_RETURN_NULL();
	PG_RETURN_TEXT_P(t);
}

/* amb.tag_out(amb.tag) returns cstring */
PG_FUNCTION_INFO_V1(amb_tag_out);

Datum
amb_tag_out(PG_FUNCTION_ARGS)
{
	PG_RETURN_CSTRING(text_to_cstring(PG_GETARG_TEXT_PP(0)));
}

/*
 * amb.tag_recv(internal) returns amb.tag
 *		Binary input is untrusted: it is normalized exactly like text input.
 */
PG_FUNCTION_INFO_V1(amb_tag_recv);

Datum
amb_tag_recv(PG_FUNCTION_ARGS)
{
	StringInfo	buf = (StringInfo) PG_GETARG_POINTER(0);
	int			nbytes;
	char	   *s = pq_getmsgtext(buf, buf->len - buf->cursor, &nbytes);

	PG_RETURN_TEXT_P(amb_tag_from_cstring_len(s, nbytes, NULL));
}

/* amb.tag_send(amb.tag) returns bytea */
PG_FUNCTION_INFO_V1(amb_tag_send);

Datum
amb_tag_send(PG_FUNCTION_ARGS)
{
	text	   *t = PG_GETARG_TEXT_PP(0);
	StringInfoData buf;

	pq_begintypsend(&buf);
	pq_sendtext(&buf, VARDATA_ANY(t), VARSIZE_ANY_EXHDR(t));
	PG_RETURN_BYTEA_P(pq_endtypsend(&buf));
}

/*
 * amb_tag_cmp_bytes
 *		Bytewise order of two tags: memcmp, then the shorter first.
 */
int
amb_tag_cmp_bytes(const char *a, int alen, const char *b, int blen)
{
	int			r = memcmp(a, b, Min(alen, blen));

	if (r != 0)
		return r < 0 ? -1 : 1;
	return (alen > blen) - (alen < blen);
}

/*
 * tag_cmp_args
 *		Compare arguments 0 and 1, freeing detoasted copies (the btree and
 *		hash support functions must not leak into long-lived contexts).
 */
static int
tag_cmp_args(FunctionCallInfo fcinfo)
{
	text	   *a = PG_GETARG_TEXT_PP(0);
	text	   *b = PG_GETARG_TEXT_PP(1);
	int			r = amb_tag_cmp_bytes(VARDATA_ANY(a), VARSIZE_ANY_EXHDR(a),
									  VARDATA_ANY(b), VARSIZE_ANY_EXHDR(b));

	PG_FREE_IF_COPY(a, 0);
	PG_FREE_IF_COPY(b, 1);
	return r;
}

PG_FUNCTION_INFO_V1(amb_tag_cmp);
PG_FUNCTION_INFO_V1(amb_tag_eq);
PG_FUNCTION_INFO_V1(amb_tag_ne);
PG_FUNCTION_INFO_V1(amb_tag_lt);
PG_FUNCTION_INFO_V1(amb_tag_le);
PG_FUNCTION_INFO_V1(amb_tag_gt);
PG_FUNCTION_INFO_V1(amb_tag_ge);

/* amb.tag_cmp(amb.tag, amb.tag) returns int4: btree support 1 */
Datum
amb_tag_cmp(PG_FUNCTION_ARGS)
{
	PG_RETURN_INT32(tag_cmp_args(fcinfo));
}

/* amb.tag_eq(amb.tag, amb.tag) returns bool */
Datum
amb_tag_eq(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(tag_cmp_args(fcinfo) == 0);
}

/* amb.tag_ne(amb.tag, amb.tag) returns bool */
Datum
amb_tag_ne(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(tag_cmp_args(fcinfo) != 0);
}

/* amb.tag_lt(amb.tag, amb.tag) returns bool */
Datum
amb_tag_lt(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(tag_cmp_args(fcinfo) < 0);
}

/* amb.tag_le(amb.tag, amb.tag) returns bool */
Datum
amb_tag_le(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(tag_cmp_args(fcinfo) <= 0);
}

/* amb.tag_gt(amb.tag, amb.tag) returns bool */
Datum
amb_tag_gt(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(tag_cmp_args(fcinfo) > 0);
}

/* amb.tag_ge(amb.tag, amb.tag) returns bool */
Datum
amb_tag_ge(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(tag_cmp_args(fcinfo) >= 0);
}

/* amb.tag_hash(amb.tag) returns int4: hash support 1 */
PG_FUNCTION_INFO_V1(amb_tag_hash);

Datum
amb_tag_hash(PG_FUNCTION_ARGS)
{
	text	   *t = PG_GETARG_TEXT_PP(0);
	Datum		h = hash_any((const unsigned char *) VARDATA_ANY(t),
							 VARSIZE_ANY_EXHDR(t));

	PG_FREE_IF_COPY(t, 0);
	return h;
}

/* amb.tag_hash_extended(amb.tag, int8) returns int8: hash support 2 */
PG_FUNCTION_INFO_V1(amb_tag_hash_extended);

Datum
amb_tag_hash_extended(PG_FUNCTION_ARGS)
{
	text	   *t = PG_GETARG_TEXT_PP(0);
	Datum		h = hash_any_extended((const unsigned char *) VARDATA_ANY(t),
									  VARSIZE_ANY_EXHDR(t),
									  PG_GETARG_INT64(1));

	PG_FREE_IF_COPY(t, 0);
	return h;
}

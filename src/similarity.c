/*-------------------------------------------------------------------------
 *
 * similarity.c
 *		SQL string-similarity primitives over Unicode code points.
 *
 * src/similarity.c
 *
 *-------------------------------------------------------------------------
 */
#include "amb.h"

#include "utils/builtins.h"

#include "damerau.h"
#include "dmetaphone.h"
#include "jaro.h"
#include "report.h"

/*
 * amb.jaro_winkler(text, text) returns float8
 *		Jaro-Winkler similarity in [0, 1], case-sensitive, on code points;
 *		each argument at most AMBC_JARO_MAX_CP characters.
 */
PG_FUNCTION_INFO_V1(amb_jaro_winkler);

Datum
amb_jaro_winkler(PG_FUNCTION_ARGS)
{
	AmbUtf8		a = amb_utf8_from_text(PG_GETARG_TEXT_PP(0));
	AmbUtf8		b = amb_utf8_from_text(PG_GETARG_TEXT_PP(1));
	double		r;
	ambc_status st = ambc_jaro_winkler_utf8(a.data, a.len, b.data, b.len, &r);

	if (st != AMBC_OK)
		amb_report_pair_status(st, "jaro_winkler", AMBC_JARO_MAX_CP);
	PG_RETURN_FLOAT8(r);
}

/*
 * phonetic_key
 *		Double Metaphone of argument 0; the primary key if primary, else the
 *		alternate.  Input with no letters has the empty key.
 */
static Datum
phonetic_key(FunctionCallInfo fcinfo, bool primary)
{
	AmbUtf8		in = amb_utf8_from_text(PG_GETARG_TEXT_PP(0));
	char		p[AMBC_DMETAPHONE_MAX];
	char		a[AMBC_DMETAPHONE_MAX];
	size_t		plen;
	size_t		alen;
	ambc_status st = ambc_double_metaphone(in.data, in.len, p, &plen, a, &alen);

	if (st != AMBC_OK)
		amb_report_value_status(st, "name", in, NULL);
	if (primary)
		PG_RETURN_TEXT_P(cstring_to_text_with_len(p, (int) plen));
	PG_RETURN_TEXT_P(cstring_to_text_with_len(a, (int) alen));
}

/*
 * amb.phonetic(text) returns text
 *		Double Metaphone primary key (at most 4 letters), for blocking names.
 */
PG_FUNCTION_INFO_V1(amb_phonetic);

Datum
amb_phonetic(PG_FUNCTION_ARGS)
{
	return phonetic_key(fcinfo, true);
}

/*
 * amb.phonetic_alt(text) returns text
 *		Double Metaphone alternate key.
 */
PG_FUNCTION_INFO_V1(amb_phonetic_alt);

Datum
amb_phonetic_alt(PG_FUNCTION_ARGS)
{
	return phonetic_key(fcinfo, false);
}

/*
 * amb.damerau_levenshtein(text, text) returns int
 *		Unrestricted Damerau-Levenshtein distance on code points; each
 *		argument at most AMBC_DAMERAU_MAX_CP characters.
 */
PG_FUNCTION_INFO_V1(amb_damerau_levenshtein);

Datum
amb_damerau_levenshtein(PG_FUNCTION_ARGS)
{
	AmbUtf8		a = amb_utf8_from_text(PG_GETARG_TEXT_PP(0));
	AmbUtf8		b = amb_utf8_from_text(PG_GETARG_TEXT_PP(1));
	int64_t		d;
	ambc_status st = ambc_damerau_levenshtein_utf8(a.data, a.len, b.data,
												   b.len, &d);

	if (st != AMBC_OK)
		amb_report_pair_status(st, "damerau_levenshtein", AMBC_DAMERAU_MAX_CP);
	PG_RETURN_INT32((int32) d);
}

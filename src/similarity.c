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

/*-------------------------------------------------------------------------
 *
 * contact.c
 *		Contact normalizers (so far amb.normalize_name).
 *
 * Each is a thin wrapper over its core function (src/core/name.c): UTF-8
 * in, a stack buffer out, a status mapped by amb_report_value_status to
 * 22023 naming the value.
 *
 * src/contact.c
 *
 *-------------------------------------------------------------------------
 */
#include "amb.h"

#include "name.h"
#include "report.h"

/* longest normalized name; the core reports AMBC_TOO_LONG beyond */
#define NAME_CAP	1024

/* amb.normalize_name(text) returns text */
PG_FUNCTION_INFO_V1(amb_normalize_name);

Datum
amb_normalize_name(PG_FUNCTION_ARGS)
{
	AmbUtf8		in = amb_utf8_from_text(PG_GETARG_TEXT_PP(0));
	char		buf[NAME_CAP];
	size_t		len;
	ambc_status st = ambc_name_normalize(in.data, in.len, buf, sizeof(buf),
										 &len);

	if (st != AMBC_OK)
		amb_report_value_status(st, "name", in, NULL);
	PG_RETURN_TEXT_P(amb_utf8_to_text(buf, len));
}

/*-------------------------------------------------------------------------
 *
 * contact.c
 *		Contact normalizers: amb.normalize_email, normalize_phone,
 *		normalize_handle, normalize_name.
 *
 * Each is a thin wrapper over its core function (src/core/email.c, phone.c,
 * handle.c, name.c): UTF-8 in, a stack buffer out, a status mapped by
 * amb_report_value_status to 22023 naming the value.
 *
 * src/contact.c
 *
 *-------------------------------------------------------------------------
 */
#include "amb.h"

#include "email.h"
#include "handle.h"
#include "name.h"
#include "phone.h"
#include "report.h"

/* longest normalized outputs; the core reports AMBC_TOO_LONG beyond */
#define EMAIL_CAP	256
#define PHONE_CAP	32
#define HANDLE_CAP	128
#define NAME_CAP	1024

/* amb.normalize_email(text) returns text */
PG_FUNCTION_INFO_V1(amb_normalize_email);

Datum
amb_normalize_email(PG_FUNCTION_ARGS)
{
	AmbUtf8		in = amb_utf8_from_text(PG_GETARG_TEXT_PP(0));
	char		buf[EMAIL_CAP];
	size_t		len;
	const char *reason = NULL;
	ambc_status st = ambc_email_normalize(in.data, in.len, buf, sizeof(buf),
										  &len, &reason);

	if (st != AMBC_OK)
		amb_report_value_status(st, "email address", in, reason);
	PG_RETURN_TEXT_P(amb_utf8_to_text(buf, len));
}

/* amb.normalize_phone(text, default_country text) returns text */
PG_FUNCTION_INFO_V1(amb_normalize_phone);

Datum
amb_normalize_phone(PG_FUNCTION_ARGS)
{
	AmbUtf8		in = amb_utf8_from_text(PG_GETARG_TEXT_PP(0));
	AmbUtf8		country = amb_utf8_from_text(PG_GETARG_TEXT_PP(1));
	char		buf[PHONE_CAP];
	size_t		len;
	const char *reason = NULL;
	ambc_status st = ambc_phone_normalize(in.data, in.len,
										  country.data, country.len,
										  buf, sizeof(buf), &len, &reason);

	if (st != AMBC_OK)
		amb_report_value_status(st, "phone number", in, reason);
	PG_RETURN_TEXT_P(amb_utf8_to_text(buf, len));
}

/* amb.normalize_handle(text) returns text */
PG_FUNCTION_INFO_V1(amb_normalize_handle);

Datum
amb_normalize_handle(PG_FUNCTION_ARGS)
{
	AmbUtf8		in = amb_utf8_from_text(PG_GETARG_TEXT_PP(0));
	char		buf[HANDLE_CAP];
	size_t		len;
	const char *reason = NULL;
	ambc_status st = ambc_handle_normalize(in.data, in.len, buf, sizeof(buf),
										   &len, &reason);

	if (st != AMBC_OK)
		amb_report_value_status(st, "social handle", in, reason);
	PG_RETURN_TEXT_P(amb_utf8_to_text(buf, len));
}

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

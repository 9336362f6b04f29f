/*-------------------------------------------------------------------------
 *
 * report.c
 *		Encoding conversion at the core boundary, and core status -> ereport.
 *
 * src/report.c
 *
 *-------------------------------------------------------------------------
 */
#include "report.h"

#include "mb/pg_wchar.h"
#include "utils/builtins.h"

#include "tagnorm.h"
#include "utf8.h"

/* how much of an input an error message echoes, in characters */
#define ECHO_CHARS 40

/*
 * amb_utf8_from_bytes
 *		UTF-8 view of server-encoded bytes; converts (palloc) only when the
 *		database encoding is neither UTF-8 nor SQL_ASCII.
 */
AmbUtf8
amb_utf8_from_bytes(const char *data, int len)
{
	AmbUtf8		r;
	int			enc = GetDatabaseEncoding();

	r.orig = data;
	r.origlen = len;
	if (enc == PG_UTF8 || enc == PG_SQL_ASCII)
	{
		r.data = data;
		r.len = (size_t) len;
	}
	else
	{
		char	   *conv = pg_server_to_any(data, len, PG_UTF8);

		r.data = conv;
		r.len = (conv == data) ? (size_t) len : strlen(conv);
	}
	return r;
}

/*
 * amb_utf8_from_text
 *		UTF-8 view of a (detoasted) text datum.
 */
AmbUtf8
amb_utf8_from_text(text *t)
{
	return amb_utf8_from_bytes(VARDATA_ANY(t), VARSIZE_ANY_EXHDR(t));
}

/*
 * amb_utf8_to_text
 *		A new text datum (palloc) holding UTF-8 data[0..len) in the database
 *		encoding; raises 22P05 if a character has no equivalent there.
 */
text *
amb_utf8_to_text(const char *data, size_t len)
{
	int			enc = GetDatabaseEncoding();

	if (enc != PG_UTF8 && enc != PG_SQL_ASCII)
	{
		char	   *z = pnstrdup(data, len);
		char	   *conv = pg_any_to_server(z, (int) len, PG_UTF8);

		return cstring_to_text(conv);
	}
	return cstring_to_text_with_len(data, (int) len);
}

/*
 * amb_quote_input
 *		A palloc'd copy of server-encoded input cut to ECHO_CHARS characters
 *		on a character boundary, with "..." when cut, for DETAIL lines.
 */
char *
amb_quote_input(const char *data, int len)
{
	int			cut;

	if (GetDatabaseEncoding() == PG_SQL_ASCII)
		cut = Min(len, ECHO_CHARS);
	else
		cut = pg_mbcharcliplen(data, len, ECHO_CHARS);
	if (cut < len)
		return psprintf("%.*s...", cut, data);
	return pnstrdup(data, len);
}

/*
 * amb_report_tag_status
 *		See report.h.
 */
void
amb_report_tag_status(ambc_status st, AmbUtf8 in, Node *escontext)
{
	char	   *shown = amb_quote_input(in.orig, in.origlen);

	switch (st)
	{
		case AMBC_EMPTY:
			AMB_ERRSAVE(escontext,
						errcode(ERRCODE_INVALID_PARAMETER_VALUE),
						errmsg("tag is empty after normalization"),
						errdetail("The input \"%s\" has no letters or digits.",
								  shown),
						errhint("A tag needs at least one letter or digit."));
			break;
		case AMBC_TOO_LONG:
			AMB_ERRSAVE(escontext,
						errcode(ERRCODE_INVALID_PARAMETER_VALUE),
						errmsg("tag is too long"),
						errdetail("The input \"%s\" normalizes to more than %d bytes.",
								  shown, AMBC_TAG_MAX),
						errhint("Use a shorter tag."));
			break;
		case AMBC_BAD_UTF8:
			AMB_ERRSAVE(escontext,
						errcode(ERRCODE_CHARACTER_NOT_IN_REPERTOIRE),
						errmsg("invalid UTF-8 in tag"),
						errdetail("The byte sequence at offset %zu is not valid UTF-8.",
								  ambc_utf8_invalid_offset(in.data, in.len)),
						errhint("In a SQL_ASCII database, amb reads text as UTF-8."));
			break;
		default:
			elog(ERROR, "unexpected tag normalization status %d", (int) st);
	}
}

/*
 * amb_report_pair_status
 *		See report.h.
 */
void
amb_report_pair_status(ambc_status st, const char *funcname, int max_chars)
{
	switch (st)
	{
		case AMBC_LIMIT:
			ereport(ERROR,
					(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
					 errmsg("argument of %s exceeds the maximum length of %d characters",
							funcname, max_chars),
					 errhint("Compare shorter strings, such as a name or a normalized address.")));
			break;
		case AMBC_BAD_UTF8:
			ereport(ERROR,
					(errcode(ERRCODE_CHARACTER_NOT_IN_REPERTOIRE),
					 errmsg("invalid UTF-8 in argument of %s", funcname),
					 errhint("In a SQL_ASCII database, amb reads text as UTF-8.")));
			break;
		default:
			break;
	}
	elog(ERROR, "unexpected status %d from %s", (int) st, funcname);
}

/*
 * amb_report_value_status
 *		See report.h: amb_report_field_status without a column.
 */
void
amb_report_value_status(ambc_status st, const char *kind, AmbUtf8 in,
						const char *reason)
{
	amb_report_field_status(st, kind, NULL, in, reason);
}

/*
 * amb_report_field_status
 *		See report.h.
 */
void
amb_report_field_status(ambc_status st, const char *kind, const char *column,
						AmbUtf8 in, const char *reason)
{
	char	   *shown = amb_quote_input(in.orig, in.origlen);

	switch (st)
	{
		case AMBC_BAD_UTF8:
			ereport(ERROR,
					(errcode(ERRCODE_CHARACTER_NOT_IN_REPERTOIRE),
					 errmsg("invalid UTF-8 in %s", kind),
					 column != NULL ?
					 errdetail("The byte sequence at offset %zu of column \"%s\" is not valid UTF-8.",
							   ambc_utf8_invalid_offset(in.data, in.len), column) :
					 errdetail("The byte sequence at offset %zu is not valid UTF-8.",
							   ambc_utf8_invalid_offset(in.data, in.len)),
					 errhint("In a SQL_ASCII database, amb reads text as UTF-8.")));
			break;
		case AMBC_EMPTY:
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("invalid %s \"%s\"", kind, shown),
					 errdetail("Nothing is left after normalization."),
					 column != NULL ?
					 errhint("Column \"%s\" needs at least one letter or digit.", column) : 0));
			break;
		case AMBC_TOO_LONG:
		case AMBC_LIMIT:
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("invalid %s \"%s\"", kind, shown),
					 errdetail("It is too long."),
					 column != NULL ?
					 errhint("Shorten the value of column \"%s\".", column) : 0));
			break;
		case AMBC_INVALID:
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("invalid %s \"%s\"", kind, shown),
					 reason != NULL && reason[0] != '\0' ?
					 errdetail("%c%s.", pg_ascii_toupper((unsigned char) reason[0]),
							   reason + 1) : 0,
					 column != NULL ?
					 errhint("Correct the value of column \"%s\", or leave it NULL.",
							 column) : 0));
			break;
		default:
			break;
	}
	elog(ERROR, "unexpected status %d normalizing %s", (int) st, kind);
}

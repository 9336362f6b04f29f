/*-------------------------------------------------------------------------
 *
 * report.h
 *		The boundary between the core and the server: encodings, statuses.
 *
 * The core works on UTF-8 only.  In a UTF-8 database text passes through
 * untouched; in SQL_ASCII its bytes are taken as UTF-8 (and the core
 * validates them); in any other encoding it is converted.  Results go back
 * the same way, which can fail with 22P05 when the database encoding cannot
 * represent a character the normalization produced.
 *
 * src/report.h
 *
 *-------------------------------------------------------------------------
 */
#ifndef AMB_REPORT_H
#define AMB_REPORT_H

#include "compat.h"

#include "status.h"

/* A UTF-8 view of a text argument; data is not NUL-terminated. */
typedef struct AmbUtf8
{
	const char *data;
	size_t		len;
	const char *orig;			/* the server-encoded input, for messages */
	int			origlen;
} AmbUtf8;

extern AmbUtf8 amb_utf8_from_text(text *t);
extern AmbUtf8 amb_utf8_from_bytes(const char *data, int len);
extern text *amb_utf8_to_text(const char *data, size_t len);
extern char *amb_quote_input(const char *data, int len);

/*
 * amb_report_tag_status
 *		Report a failed tag normalization of in; with escontext (type input on
 *		PostgreSQL 16+) as a soft error, else as an ERROR that does not return.
 */
extern void amb_report_tag_status(ambc_status st, AmbUtf8 in, Node *escontext);

/*
 * amb_report_pair_status
 *		Report a failed two-string comparison (bad UTF-8 in a SQL_ASCII
 *		database, or an argument over max_chars characters); does not return.
 */
extern void amb_report_pair_status(ambc_status st, const char *funcname,
								   int max_chars) pg_attribute_noreturn();

/*
 * amb_report_value_status
 *		Report a value that could not be normalized: kind names it ("email
 *		address"), reason (may be NULL) is the core's short explanation.
 *		Does not return.
 */
extern void amb_report_value_status(ambc_status st, const char *kind,
									AmbUtf8 in, const char *reason) pg_attribute_noreturn();

/*
 * amb_report_field_status
 *		As amb_report_value_status, for a value stored in column of an amb
 *		table, with a HINT naming the column (none when column is NULL).
 *		Does not return.
 */
extern void amb_report_field_status(ambc_status st, const char *kind,
									const char *column, AmbUtf8 in,
									const char *reason) pg_attribute_noreturn();

#endif							/* AMB_REPORT_H */

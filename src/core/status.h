/*-------------------------------------------------------------------------
 *
 * status.h
 *		Result codes shared by every amb core function.
 *
 * The core never reports errors itself: each entry point returns an
 * ambc_status and the backend glue (src/report.c) turns it into an ereport
 * with the SQLSTATE the project's error table assigns, so the same condition
 * reads the same from every SQL function.
 *
 * src/core/status.h
 *
 *-------------------------------------------------------------------------
 */
#ifndef AMBC_STATUS_H
#define AMBC_STATUS_H

typedef enum ambc_status
{
	AMBC_OK = 0,
	AMBC_BAD_UTF8,				/* input is not well-formed UTF-8 (22021) */
	AMBC_EMPTY,					/* input normalizes to nothing (22023) */
	AMBC_TOO_LONG,				/* result exceeds a documented length (22023) */
	AMBC_INVALID,				/* value is malformed for its kind (22023) */
	AMBC_LIMIT					/* input beyond a size limit (54000) */
} ambc_status;

/*
 * ambc_status_name
 *		Static, human-readable name of a status, for test output.
 */
extern const char *ambc_status_name(ambc_status st);

#endif							/* AMBC_STATUS_H */

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

#include <stddef.h>

typedef enum ambc_status
{
	AMBC_OK = 0,
	AMBC_BAD_UTF8,				/* input is not well-formed UTF-8 (22021) */
	AMBC_EMPTY,					/* input normalizes to nothing (22023) */
	AMBC_TOO_LONG,				/* result exceeds a documented length (22023) */
	AMBC_INVALID,				/* value is malformed for its kind (22023) */
	AMBC_LIMIT,					/* input beyond a size limit (54000) */
	AMBC_OVERFLOW				/* amount or count out of range (22003) */
} ambc_status;

/* a piece of UTF-8 text, not NUL-terminated; p == NULL means absent */
typedef struct ambc_span
{
	const char *p;
	size_t		len;
} ambc_span;

/*
 * An allocator the caller passes to the few core functions that need
 * memory proportional to their input (blocking, clustering): the backend
 * glue passes palloc in a memory context, the tests malloc.  alloc returns
 * NULL or does not return on failure; the core checks sizes for overflow
 * before it asks.
 */
typedef struct ambc_alloc
{
	void	   *(*alloc) (void *ctx, size_t size);
	void		(*release) (void *ctx, void *ptr);
	void	   *ctx;
} ambc_alloc;

/*
 * ambc_status_name
 *		Static, human-readable name of a status, for test output.
 */
extern const char *ambc_status_name(ambc_status st);

#endif							/* AMBC_STATUS_H */

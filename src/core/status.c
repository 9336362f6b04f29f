/*-------------------------------------------------------------------------
 *
 * status.c
 *		Names of the core's result codes.
 *
 * src/core/status.c
 *
 *-------------------------------------------------------------------------
 */
#include "status.h"

/*
 * ambc_status_name
 *		Return a static string naming st; never NULL.
 */
const char *
ambc_status_name(ambc_status st)
{
	switch (st)
	{
		case AMBC_OK:
			return "ok";
		case AMBC_BAD_UTF8:
			return "bad_utf8";
		case AMBC_EMPTY:
			return "empty";
		case AMBC_TOO_LONG:
			return "too_long";
		case AMBC_INVALID:
			return "invalid";
		case AMBC_LIMIT:
			return "limit";
		case AMBC_OVERFLOW:
			return "overflow";
	}
	return "unknown";
}

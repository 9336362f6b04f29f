/*-------------------------------------------------------------------------
 *
 * amb.c
 *		Module entry point: PG_MODULE_MAGIC, _PG_init and shared helpers.
 *
 * src/amb.c
 *
 *-------------------------------------------------------------------------
 */
#include "amb.h"

#include "miscadmin.h"
#include "storage/lock.h"
#include "utils/guc.h"

PG_MODULE_MAGIC;

void		_PG_init(void);

/*
 * _PG_init
 *		Reserve the "amb." GUC prefix, so a misspelt amb setting is an error
 *		rather than a silently ignored placeholder.
 */
void
_PG_init(void)
{
	MarkGUCPrefixReserved("amb");
}

/*
 * amb_advisory_xact_lock
 *		Take the exclusive transaction-scoped advisory lock (AMB_LOCK_CLASS,
 *		key2), exactly as pg_advisory_xact_lock(int4, int4) would; it is
 *		released at commit or abort.
 */
void
amb_advisory_xact_lock(int32 key2)
{
	LOCKTAG		tag;

	SET_LOCKTAG_ADVISORY(tag, MyDatabaseId, (uint32) AMB_LOCK_CLASS,
						 (uint32) key2, 2);
	(void) LockAcquire(&tag, ExclusiveLock, false, false);
}

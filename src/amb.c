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

#include <float.h>
#include <limits.h>

#include "miscadmin.h"
#include "storage/lock.h"
#include "utils/guc.h"

#include "consent.h"
#include "dedup.h"
#include "pgtime.h"

PG_MODULE_MAGIC;

void		_PG_init(void);

/* GUCs; see _PG_init for their documentation */
double		amb_auto_link_score = 0.95;
int			amb_block_max_size = 50;
int			amb_block_window = 10;
int			amb_max_candidate_pairs = 200000000;
int			amb_consent_clock_skew_ms = 300000;
bool		amb_consent_import_mode = false;
char	   *amb_privacy_timezone = NULL;

/*
 * check_privacy_timezone
 *		GUC check hook: amb.privacy_timezone names a time zone.
 */
static bool
check_privacy_timezone(char **newval, void **extra, GucSource source)
{
	if (*newval == NULL || (*newval)[0] == '\0' || pg_tzset(*newval) == NULL)
	{
		GUC_check_errdetail("\"%s\" is not a time zone name.", *newval ? *newval : "");
		return false;
	}
	return true;
}

/*
 * _PG_init
 *		Define the amb.* settings, reserve the "amb." prefix (so a misspelt
 *		setting is an error rather than a silently ignored placeholder), and
 *		register the match-model cache's invalidation callback.
 */
void
_PG_init(void)
{
	DefineCustomRealVariable("amb.auto_link_score",
							 "Match score at or above which amb.upsert_ambassador links a record to an existing ambassador.",
							 NULL, &amb_auto_link_score, 0.95, 0.0, 1.0,
							 PGC_USERSET, 0, NULL, NULL, NULL);
	DefineCustomIntVariable("amb.block_max_size",
							"Largest block of ambassadors sharing a blocking key that is compared all against all.",
							"Larger blocks are compared through a sliding window of amb.block_window records sorted by name.",
							&amb_block_max_size, 50, 2, 100000,
							PGC_USERSET, 0, NULL, NULL, NULL);
	DefineCustomIntVariable("amb.block_window",
							"Window of the sorted-neighbourhood comparison inside blocks larger than amb.block_max_size.",
							NULL, &amb_block_window, 10, 2, 10000,
							PGC_USERSET, 0, NULL, NULL, NULL);
	DefineCustomIntVariable("amb.max_candidate_pairs",
							"Most candidate pairs one call of find_duplicates, duplicate_clusters or train_match_model may generate (16 bytes of memory each).",
							NULL, &amb_max_candidate_pairs, 200000000, 1000, INT_MAX,
							PGC_USERSET, 0, NULL, NULL, NULL);
	DefineCustomIntVariable("amb.consent_clock_skew",
							"How far in the future a consent event's occurred_at may be, for clocks that differ.",
							NULL, &amb_consent_clock_skew_ms, 300000, 0, 86400000,
							PGC_USERSET, GUC_UNIT_MS, NULL, NULL, NULL);
	DefineCustomBoolVariable("amb.consent_import_mode",
							 "Load consent history out of order (members of amb_admin only).",
							 "The time-order and sequence rules of the consent ledger are not applied; the current state is still the latest event.",
							 &amb_consent_import_mode, false,
							 PGC_USERSET, 0, NULL, NULL, NULL);
	DefineCustomStringVariable("amb.privacy_timezone",
							   "Time zone of the calendar in which privacy-request deadlines are counted.",
							   NULL, &amb_privacy_timezone, "America/Los_Angeles",
							   PGC_SUSET, 0, check_privacy_timezone, NULL, NULL);
	MarkGUCPrefixReserved("amb");
	amb_match_init();
}

/*
 * amb_advisory_xact_lock
 *		Take the transaction-scoped advisory lock (AMB_LOCK_CLASS, key2) in
 *		mode, exactly as pg_advisory_xact_lock(int4, int4) (ExclusiveLock)
 *		or pg_advisory_xact_lock_shared (ShareLock) would; it is released at
 *		commit or abort.
 */
void
amb_advisory_xact_lock(int32 key2, LOCKMODE mode)
{
	LOCKTAG		tag;

	SET_LOCKTAG_ADVISORY(tag, MyDatabaseId, (uint32) AMB_LOCK_CLASS,
						 (uint32) key2, 2);
	(void) LockAcquire(&tag, mode, false, false);
}

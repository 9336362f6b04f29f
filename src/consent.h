/*-------------------------------------------------------------------------
 *
 * consent.h
 *		Glue shared by the consent capability: the audit log, the consent
 *		ledger, privacy requests, erasure.
 *
 * src/consent.h
 *
 *-------------------------------------------------------------------------
 */
#ifndef AMB_CONSENT_H
#define AMB_CONSENT_H

#include "dedup.h"

#include "spi_cache.h"
#include "utils/date.h"
#include "utils/snapshot.h"

/* GUCs (amb.c) */
extern int	amb_consent_clock_skew_ms;
extern bool amb_consent_import_mode;
extern char *amb_privacy_timezone;

/* one row for the audit log: payload is a JSON text, hashed as given */
typedef struct AmbAuditRow
{
	int64		chain;
	const char *kind;
	const char *payload;
} AmbAuditRow;

/* the caller's identity while amb runs as its tables' owner */
typedef struct AmbUserSave
{
	Oid			userid;
	int			sec_context;
} AmbUserSave;

/* audit.c */
extern Snapshot amb_locked_snapshot(void);
extern void amb_become_owner(AmbUserSave *save);
extern void amb_restore_user(const AmbUserSave *save);
extern void amb_audit_append(const AmbAuditRow *rows, int n);
extern void amb_audit_one(int64 chain, const char *kind, const char *payload);
extern void amb_internal_write_begin(void);
extern void amb_internal_write_end(void);
extern bool amb_internal_writing(void);
extern uint64 amb_internal_exec(const char *sql, int nargs, Oid *types,
								 Datum *vals, int expect);
extern uint64 amb_exec_locked(const char *sql, int nargs, Oid *types, Datum *vals,
							  int expect, bool internal);

/* consent.c */
extern bool amb_is_admin(void);
extern void amb_lock_ambassadors(const int64 *ids, int n);
extern void amb_merge_consent(int64 survivor, int64 duplicate);

/* privacy.c */
extern DateADT amb_local_date(TimestampTz t);

/* erase.c */
extern bool amb_erasing(void);
extern void amb_check_suppressed(text *email, text *phone, text *handle,
								 text *source, text *legacy_id);
extern void amb_lock_suppression(LOCKMODE mode);
extern void amb_lock_referee(const char *contact_norm, LOCKMODE mode);
extern bool amb_contacts_suppressed(text *email, text *phone);

#endif							/* AMB_CONSENT_H */

/*-------------------------------------------------------------------------
 *
 * amb.h
 *		Declarations shared by amb's backend glue.
 *
 * src/amb.h
 *
 *-------------------------------------------------------------------------
 */
#ifndef AMB_H
#define AMB_H

#include "compat.h"

#include "storage/lockdefs.h"
#include "utils/array.h"

/*
 * Advisory lock keys.  amb takes transaction-scoped advisory locks
 * (pg_advisory_xact_lock(int4, int4) semantics) with AMB_LOCK_CLASS as the
 * first key, so they are easy to tell apart in pg_locks (classid = 0x616d62,
 * "amb") and cannot collide with an application's single-bigint locks.
 */
#define AMB_LOCK_CLASS		0x616d62
#define AMB_LOCK_TAG_ALIAS	1	/* serializes writers of amb.tag_alias */
#define AMB_LOCK_SUPPRESSION 2	/* erasures (exclusive) against imports of
								 * identifiers (shared) */

extern void amb_advisory_xact_lock(int32 key2, LOCKMODE mode);

/* tag.c */
extern Oid	amb_tag_type_oid(void);
extern int	amb_tag_cmp_bytes(const char *a, int alen, const char *b, int blen);
extern text *amb_tag_from_cstring_len(const char *data, int len, Node *escontext);

/* tag_alias.c */
extern ArrayType *amb_canonicalize_array(ArrayType *in, Oid elemtype, bool read_only);

#endif							/* AMB_H */

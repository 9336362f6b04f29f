/*-------------------------------------------------------------------------
 *
 * bulk.h
 *		Bulk insertion of rows amb computes into its own tables.
 *
 * src/bulk.h
 *
 *-------------------------------------------------------------------------
 */
#ifndef AMB_BULK_H
#define AMB_BULK_H

#include "compat.h"

typedef struct AmbBulkInsert AmbBulkInsert;

extern AmbBulkInsert *amb_bulk_begin(const char *relname, const char *const *cols,
									 int ncols);
extern void amb_bulk_row(AmbBulkInsert *b, const Datum *values, const bool *nulls);
extern void amb_bulk_end(AmbBulkInsert *b);

#endif							/* AMB_BULK_H */

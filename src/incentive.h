/*-------------------------------------------------------------------------
 *
 * incentive.h
 *		Referral incentives: what other capabilities call (merges, consent,
 *		erasure).
 *
 * src/incentive.h
 *
 *-------------------------------------------------------------------------
 */
#ifndef AMB_INCENTIVE_H
#define AMB_INCENTIVE_H

#include "compat.h"

/* the consent purpose a financial incentive program needs (opt-in) */
#define AMB_INCENTIVE_PURPOSE "financial_incentive"

extern void amb_merge_incentives(int64 survivor, int64 duplicate);
extern void amb_incentive_consent_granted(const int64 *ids, int n);
extern void amb_erase_incentives(Datum ids);

#endif							/* AMB_INCENTIVE_H */

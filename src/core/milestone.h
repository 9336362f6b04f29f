/*-------------------------------------------------------------------------
 *
 * milestone.h
 *		The arithmetic of referral micro-incentives, as pure functions: what
 *		a rule "credit_cents after every every_n successful referrals" pays,
 *		which ledger entries bring an ambassador's ledger in line with the
 *		count of successes, cap periods, and the accumulation behind
 *		amb.simulate_incentives.
 *
 * The ledger of one ambassador under one rule is a list of milestones, each
 * with its history: credit, clawback, credit again (a later success that
 * re-reaches it), and "withheld" notes for milestones reached while the
 * person's financial-incentive consent was not granted.  A milestone is
 * *held* while it has one more credit than clawbacks.  With E = successes /
 * every_n milestones earned and H held, ambc_incentive_plan brings the
 * ledger to the state the rules ask for:
 *
 *	- H > E and the rule claws back: claw back the highest held milestones
 *	  until H = E (what was paid for each, cap cuts included).  Without
 *	  clawback a held milestone stays held, so re-reaching it pays nothing.
 *	- H < E and consent is granted: credit the lowest milestones not held,
 *	  until H = E.  The j-th milestone (in the order milestones are reached)
 *	  is reached by the (j * every_n)-th success; its cap period is the one
 *	  that success's confirmation falls in (the glue's business).
 *	- H < E and consent is not granted: note each missing milestone as
 *	  withheld, once: not again while its latest note is still open (no
 *	  credit after it).  Granting consent later credits them.
 *
 * The plan depends only on the ledger and the count, never on how the count
 * got there.  Under a rule with clawback the held milestones are then
 * always 1..E however the count moved, so a run that books after every
 * change and one that books once after many end alike.  Without clawback a
 * ledger keeps what it held at the count's peak, which only a run that
 * booked at the peak saw: the order of bookings matters there, and the
 * triggers book after every statement that changes the count.
 *
 * Amounts are int64 minor units (cents); every sum and product is checked
 * and AMBC_OVERFLOW returned rather than a wrapped value.  Times are
 * microseconds since 2000-01-01 00:00 UTC (PostgreSQL's TimestampTz);
 * periods are computed in UTC (a day is 24 hours).
 *
 * src/core/milestone.h
 *
 *-------------------------------------------------------------------------
 */
#ifndef AMBC_MILESTONE_H
#define AMBC_MILESTONE_H

#include <stdbool.h>
#include <stdint.h>

#include "status.h"

/* "no cap" for the cap arguments */
#define AMBC_NO_CAP (-1)

/* the largest milestone number (the ledger's column is an int) */
#define AMBC_MILESTONE_MAX INT32_MAX

/*
 * ambc_milestone_credits
 *		What `successes` successful referrals earn under "credit after every
 *		every_n": (successes / every_n) * credit, at most cap (AMBC_NO_CAP
 *		for none).  Returns AMBC_INVALID for successes < 0, every_n < 1,
 *		credit < 0 or cap < -1, AMBC_OVERFLOW if the product leaves int64
 *		(only when it is not capped: min(huge, cap) is cap).
 */
extern ambc_status ambc_milestone_credits(int64_t successes, int64_t every_n,
										  int64_t credit, int64_t cap,
										  int64_t *out);

/*
 * ambc_capped_amount
 *		The part of a milestone's credit that a period's cap still allows:
 *		min(credit, cap - used), never below 0 and never above cap (a used
 *		below 0 counts as 0: clawbacks only undo what the period paid).
 *		used is what the period has paid so far (credits less clawbacks);
 *		cap AMBC_NO_CAP pays credit.  Returns AMBC_INVALID for credit < 0 or
 *		cap < -1.
 */
extern ambc_status ambc_capped_amount(int64_t credit, int64_t cap, int64_t used,
									  int64_t *out);

/* a positive interval, as PostgreSQL's: months, then days, then usecs */
typedef struct ambc_period
{
	int32_t		months;
	int32_t		days;
	int64_t		usecs;
} ambc_period;

/*
 * ambc_period_valid
 *		Whether p is a usable period: no part negative, not all zero.
 */
extern bool ambc_period_valid(const ambc_period *p);

/*
 * ambc_period_start
 *		The start of the period holding t, for periods origin + k * p
 *		(k any integer; k * p multiplies each part, as SQL's k * interval,
 *		and the months are added first, the day clamped to the month's
 *		length).  *index is k.  Returns AMBC_INVALID for an invalid p,
 *		AMBC_OVERFLOW when a period boundary near t is not a representable
 *		time.
 */
extern ambc_status ambc_period_start(int64_t origin, const ambc_period *p, int64_t t,
									 int64_t *start, int64_t *index);

/* one milestone of a ledger, as ambc_incentive_plan reads it */
typedef struct ambc_milestone
{
	int32_t		k;				/* milestone number, >= 1 */
	bool		held;			/* one more credit than clawbacks */
	bool		open_withheld;	/* its latest withheld note has no credit
								 * after it */
} ambc_milestone;

typedef enum ambc_booking_kind
{
	AMBC_BOOK_CREDIT,
	AMBC_BOOK_CLAWBACK,
	AMBC_BOOK_WITHHELD
} ambc_booking_kind;

/* one ledger entry to book */
typedef struct ambc_booking
{
	ambc_booking_kind kind;
	int32_t		k;				/* milestone number */
	int64_t		reach;			/* credit, withheld: the milestone's place
								 * in reach order (H + 1, H + 2, ...);
								 * clawback: 0 */
} ambc_booking;

/*
 * ambc_incentive_plan
 *		The entries that bring a ledger in line with `earned` milestones
 *		(see the header comment).  ms[0..nms) are the milestones with any
 *		entry, k strictly increasing.  Bookings go to out[0..outcap), in
 *		booking order: clawbacks from the highest milestone down, credits and
 *		withheld notes from the lowest up; *nout is how many.  At most
 *		nms + earned entries are ever needed.  Returns AMBC_INVALID for
 *		earned < 0 or ms out of order, AMBC_LIMIT when out is too small or a
 *		milestone number would pass AMBC_MILESTONE_MAX.  Allocates nothing.
 */
extern ambc_status ambc_incentive_plan(int64_t earned, bool clawback, bool consent,
									   const ambc_milestone *ms, size_t nms,
									   ambc_booking *out, size_t outcap,
									   size_t *nout);

/*
 * ambc_simulate_credits
 *		What an ambassador would earn under "credit after every every_n, at
 *		most cap per period" from counts[0..n) successes in consecutive
 *		periods (in time order; only periods with successes need appear, as
 *		each period is capped alone): the sum over periods of
 *		min(cap, credit * milestones first reached in that period), where
 *		the running total reaches a milestone at each multiple of every_n.
 *		cap AMBC_NO_CAP: no cap.  Returns AMBC_INVALID for a negative count,
 *		every_n < 1, credit < 0 or cap < -1, AMBC_OVERFLOW on overflow.
 */
extern ambc_status ambc_simulate_credits(const int64_t *counts, size_t n,
										 int64_t every_n, int64_t credit,
										 int64_t cap, int64_t *out);

#endif							/* AMBC_MILESTONE_H */

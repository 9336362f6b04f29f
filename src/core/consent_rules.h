/*-------------------------------------------------------------------------
 *
 * consent_rules.h
 *		The rules of the consent ledger, as pure functions: whether an event
 *		may follow the current state of its ambassador and purpose, and the
 *		state it leaves.
 *
 * The ledger keeps, per ambassador and purpose, a head: the latest state
 * and when it took effect, the time of the latest opt-out, whether a Global
 * Privacy Control signal was ever recorded, and whether the latest event is
 * the person's own request (a "pending" not made by a parent).  An event is
 * checked against the head, then applied to it.  The rules (the citations
 * are to Cal. Code Regs. tit. 11 and the Civil Code):
 *
 *	1. Nothing is recorded for an erased ambassador.
 *	2. Time: an event is not in the future (beyond the allowed clock skew),
 *	   and does not go back before the head (equal times are fine: events
 *	   then follow their ids).  Import mode waives the second part, so a
 *	   migration can load history in any order; the head is still the
 *	   latest event.
 *	3. Transitions (none -> any):
 *		  pending	-> granted, denied
 *		  granted	-> withdrawn, denied, granted (re-confirmation)
 *		  denied	-> granted, pending
 *		  withdrawn -> granted, pending
 *	   A "granted" event needs a non-empty source and method, and evidence
 *	   of what was shown (GDPR Art. 7(1): consent must be demonstrable).
 *	4. Minors (Civ. Code 1798.120(c); sections 7028, 7070, 7071), by the age
 *	   at the event: a grant of sale_sharing at 13 to 15 must follow the
 *	   person's own "pending" request (two steps); under 13 it needs method
 *	   "parental" with evidence of how the parent was verified.
 *	5. Re-asking: a "pending" for sale_sharing less than 12 months after its
 *	   latest opt-out is refused, unless the person started a transaction
 *	   that needs it (section 7028(b)).
 *	6. Global Privacy Control (section 7025): a "gpc" event is an opt-out of
 *	   sale_sharing ("denied" or "withdrawn"), accepted after any state
 *	   (browsers send the signal again and again); once one is recorded, a
 *	   grant of sale_sharing needs the two steps of rule 4, at any age.
 *	   Under 13, a "pending" by the person or a parent, then the parental
 *	   grant of rule 4, are the two steps.
 * An event that breaks several rules gets the first verdict of: erased,
 * future (an occurred time of -infinity, AMBC_NO_TIME, is backwards),
 * GPC shape, no evidence, parental, backwards, transition, two steps,
 * re-ask.
 * Import mode waives rules 3, 4's two-step part, 5 and 6's two-step part:
 * history arrives out of order, so sequence rules cannot be judged.  Rules
 * 1, 2's future part, 3's evidence part, 4's parental part and 6's shape
 * still hold for each event.
 *
 * Times are microseconds since 2000-01-01 00:00 UTC (PostgreSQL's
 * TimestampTz), days since 2000-01-01 (DateADT).
 *
 * src/core/consent_rules.h
 *
 *-------------------------------------------------------------------------
 */
#ifndef AMBC_CONSENT_RULES_H
#define AMBC_CONSENT_RULES_H

#include <stdbool.h>
#include <stdint.h>

/* the states, in the order of SQL's amb.consent_state */
typedef enum ambc_consent_state
{
	AMBC_CS_GRANTED = 0,
	AMBC_CS_DENIED,
	AMBC_CS_WITHDRAWN,
	AMBC_CS_PENDING,
	AMBC_CS_NSTATES,
	AMBC_CS_NONE = -1			/* nothing recorded */
} ambc_consent_state;

#define AMBC_NO_TIME INT64_MIN

typedef struct ambc_consent_head
{
	int			state;			/* ambc_consent_state, or AMBC_CS_NONE */
	int64_t		since;			/* when it took effect; AMBC_NO_TIME */
	int64_t		since_id;		/* the event that set it (for ties) */
	int64_t		last_optout;	/* latest denied/withdrawn; AMBC_NO_TIME */
	bool		gpc;			/* a GPC opt-out was ever recorded */
	bool		pending_own;	/* the state is "pending", asked by the person */
} ambc_consent_head;

typedef struct ambc_consent_event
{
	int64_t		id;
	int			state;			/* ambc_consent_state */
	int64_t		occurred;
	bool		sale_sharing;	/* the purpose is sale_sharing */
	bool		has_source;		/* non-empty source */
	bool		has_method;		/* non-empty method */
	bool		gpc;			/* method "gpc" */
	bool		parental;		/* method "parental" */
	bool		shown;			/* evidence says what was shown */
	bool		parent_verified;	/* evidence says how the parent was
									 * verified */
	bool		consumer_initiated; /* evidence: the person asked */
	int			age;			/* whole years at the event; -1 unknown */
	bool		erased;			/* the ambassador is erased */
} ambc_consent_event;

/* why an event is refused */
typedef enum ambc_consent_verdict
{
	AMBC_CR_OK = 0,
	AMBC_CR_ERASED,				/* rule 1 */
	AMBC_CR_FUTURE,				/* rule 2 */
	AMBC_CR_BACKWARDS,			/* rule 2 */
	AMBC_CR_TRANSITION,			/* rule 3 */
	AMBC_CR_NO_EVIDENCE,		/* rule 3: a grant without source, method or
								 * evidence */
	AMBC_CR_MINOR_PARENTAL,		/* rule 4, under 13 */
	AMBC_CR_MINOR_TWO_STEP,		/* rule 4, 13 to 15 */
	AMBC_CR_REASK,				/* rule 5 */
	AMBC_CR_GPC_SHAPE,			/* rule 6: gpc is only an opt-out of
								 * sale_sharing */
	AMBC_CR_GPC_TWO_STEP		/* rule 6 */
} ambc_consent_verdict;

/*
 * ambc_consent_transition_allowed
 *		Rule 3's table; from may be AMBC_CS_NONE.
 */
extern bool ambc_consent_transition_allowed(int from, int to);

/*
 * ambc_consent_check
 *		Whether e may follow head h, given the time now and the allowed clock
 *		skew (microseconds), in import mode or not.
 */
extern ambc_consent_verdict ambc_consent_check(const ambc_consent_head *h,
											   const ambc_consent_event *e,
											   int64_t now, int64_t skew,
											   bool import_mode);

/*
 * ambc_consent_apply
 *		The head after e (which ambc_consent_check accepted).  An event older
 *		than the head (import mode) leaves the state alone but still counts
 *		for the latest opt-out and for GPC.
 */
extern void ambc_consent_apply(ambc_consent_head *h,
							   const ambc_consent_event *e);

/*
 * ambc_consent_head_init
 *		The head of a purpose with nothing recorded.
 */
extern void ambc_consent_head_init(ambc_consent_head *h);

/*
 * ambc_add_months
 *		The time t plus n calendar months, as PostgreSQL adds an interval of
 *		months (the day clamped to the month's length: 2024-02-29 plus 12
 *		months is 2025-02-28).  AMBC_NO_TIME stays AMBC_NO_TIME.
 */
extern int64_t ambc_add_months(int64_t t, int n);

/*
 * ambc_age_years
 *		Whole years from the day birth to the time t (UTC); -1 if t is before
 *		birth.
 */
extern int	ambc_age_years(int32_t birth, int64_t t);

/*
 * ambc_consent_verdict_name
 *		Static short name of a verdict, for tests.
 */
extern const char *ambc_consent_verdict_name(ambc_consent_verdict v);

#endif							/* AMBC_CONSENT_RULES_H */

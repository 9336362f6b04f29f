/*-------------------------------------------------------------------------
 *
 * test_consent_rules.c
 *		Unit tests for the rules of the consent ledger
 *		(src/core/consent_rules.c).
 *
 * The expectations are written from consent_rules.h alone: rule 3's table
 * is restated here (from "none" and from each state to each state) and an
 * independent model of ambc_consent_check lists, for an event and a head,
 * every rule the event breaks.  The tests then take each rule to its
 * boundary from both sides: the clock skew exactly at the limit and one
 * microsecond past it; a re-ask at 12 months minus one microsecond and at
 * exactly 12 months (the end of the window worked by hand, month-end and
 * leap-day opt-outs included); ages 12, 13, 15 and 16 at the event, with
 * the birthday on the day of the event and on the day after, and a birth on
 * 2008-02-29.  Import mode is shown to accept history out of order and to
 * waive the sequence rules but not the erased, future, evidence, parental
 * and GPC-shape rules.  ambc_consent_apply is checked on older events
 * (import mode), ties broken by id, the latest opt-out, GPC and the
 * person's own "pending".
 *
 * A randomized test (100000 heads and events) compares ambc_consent_check
 * with the model: the verdict is AMBC_CR_OK exactly when the model finds
 * nothing wrong, and otherwise one of the rules the model found broken (so
 * the test does not depend on the order in which rules are tried, except
 * that an erased ambassador is always AMBC_CR_ERASED).  It also checks that
 * check is deterministic and that replaying random ledgers through check
 * and apply keeps "since" monotone and the head equal to a model head.  The
 * last test fails unless every verdict was reached at least once.
 *
 * Times are microseconds since 2000-01-01 00:00 UTC, days since 2000-01-01,
 * built with ambc_ymd_to_day (src/core/bizdays.h, tested on its own).
 *
 * test_extreme_times holds the inputs on which an earlier ambc_add_months
 * and the future check had undefined behaviour (out-of-range months,
 * overflow), found by this test's first version.
 *
 * test/unit/test_consent_rules.c
 *
 *-------------------------------------------------------------------------
 */
#include <limits.h>
#include <stdbool.h>
#include <stdint.h>

#include "bizdays.h"
#include "consent_rules.h"
#include "unit.h"

#define LENGTHOF(a) (sizeof(a) / sizeof((a)[0]))

#define USECS_PER_SEC INT64_C(1000000)
#define USECS_PER_HOUR (INT64_C(3600) * USECS_PER_SEC)
#define USECS_PER_DAY (INT64_C(86400) * USECS_PER_SEC)

/* the verdicts, first to last */
#define NVERDICTS ((int) AMBC_CR_GPC_TWO_STEP + 1)

/* shorter names for the tables */
#define NONE AMBC_CS_NONE
#define GRANTED AMBC_CS_GRANTED
#define DENIED AMBC_CS_DENIED
#define WITHDRAWN AMBC_CS_WITHDRAWN
#define PENDING AMBC_CS_PENDING

/* which verdicts some test reached (as expected), for the last test */
static bool verdict_seen[NVERDICTS];

/* a small deterministic generator */
static uint32_t
lcg(uint32_t *s)
{
	*s = *s * 1103515245u + 12345u;
	return *s >> 8;
}

/*
 * rnd
 *		A number in 0..n-1 (n > 0).
 */
static uint32_t
rnd(uint32_t *s, uint32_t n)
{
	return lcg(s) % n;
}

/*
 * rnd64
 *		A number in -span..span.
 */
static int64_t
rnd64(uint32_t *s, int64_t span)
{
	uint64_t	r = ((uint64_t) lcg(s) << 40) ^ ((uint64_t) lcg(s) << 20) ^ lcg(s);

	if (span <= 0)
		return 0;
	return (int64_t) (r % (uint64_t) (2 * span + 1)) - span;
}

/*
 * day_of
 *		Day number of y-m-d; a failed check and 0 if the date is invalid.
 */
static int32_t
day_of(int y, int m, int d)
{
	int32_t		day = 0;
	ambc_status st = ambc_ymd_to_day(y, m, d, &day);

	CHECKF(st == AMBC_OK, "date %04d-%02d-%02d: %s", y, m, d, ambc_status_name(st));
	return day;
}

/*
 * ts
 *		The time y-m-d hh:mi:ss.us UTC.
 */
static int64_t
ts(int y, int m, int d, int hh, int mi, int ss, int us)
{
	return (int64_t) day_of(y, m, d) * USECS_PER_DAY +
		((int64_t) hh * 3600 + mi * 60 + ss) * USECS_PER_SEC + us;
}

/*
 * state_name
 *		Name of a state, for messages.
 */
static const char *
state_name(int s)
{
	switch (s)
	{
		case NONE:
			return "none";
		case GRANTED:
			return "granted";
		case DENIED:
			return "denied";
		case WITHDRAWN:
			return "withdrawn";
		case PENDING:
			return "pending";
	}
	return "?";
}

/*
 * vname
 *		Name of a verdict, for messages.
 */
static const char *
vname(int v)
{
	return ambc_consent_verdict_name((ambc_consent_verdict) v);
}

/*
 * ev
 *		An event that breaks no rule by itself: not sale_sharing, with
 *		source, method and evidence of what was shown, age unknown.
 */
static ambc_consent_event
ev(int64_t id, int state, int64_t occurred)
{
	ambc_consent_event e;

	memset(&e, 0, sizeof(e));
	e.id = id;
	e.state = state;
	e.occurred = occurred;
	e.has_source = true;
	e.has_method = true;
	e.shown = true;
	e.age = -1;
	return e;
}

/*
 * ss_ev
 *		ev for sale_sharing at the given age.
 */
static ambc_consent_event
ss_ev(int64_t id, int state, int64_t occurred, int age)
{
	ambc_consent_event e = ev(id, state, occurred);

	e.sale_sharing = true;
	e.age = age;
	return e;
}

/*
 * hd
 *		A head in state since the time since (event since_id), with the
 *		given latest opt-out, GPC flag and own-pending flag.
 */
static ambc_consent_head
hd(int state, int64_t since, int64_t since_id, int64_t last_optout, bool gpc,
   bool pending_own)
{
	ambc_consent_head h;

	memset(&h, 0, sizeof(h));
	h.state = state;
	h.since = since;
	h.since_id = since_id;
	h.last_optout = last_optout;
	h.gpc = gpc;
	h.pending_own = pending_own;
	return h;
}

/*
 * empty_head
 *		ambc_consent_head_init's head.
 */
static ambc_consent_head
empty_head(void)
{
	ambc_consent_head h;

	memset(&h, 0x7f, sizeof(h));
	ambc_consent_head_init(&h);
	return h;
}

/*
 * expect
 *		Check that ambc_consent_check gives want for h and e (and gives it
 *		again), and that it left h and e alone; record the verdict as
 *		reached.  what names the case.
 */
static void
expect(const char *what, const ambc_consent_head *h, const ambc_consent_event *e,
	   int64_t now, int64_t skew, bool import_mode, ambc_consent_verdict want)
{
	ambc_consent_head hc = *h;
	ambc_consent_event ec = *e;
	ambc_consent_verdict got = ambc_consent_check(&hc, &ec, now, skew, import_mode);
	ambc_consent_verdict again = ambc_consent_check(&hc, &ec, now, skew, import_mode);

	CHECKF(got == want, "%s%s: want %s, got %s", what,
		   import_mode ? " (import)" : "", vname(want), vname(got));
	CHECKF(again == got, "%s: not deterministic", what);
	CHECKF(hc.state == h->state && hc.since == h->since &&
		   hc.since_id == h->since_id && hc.last_optout == h->last_optout &&
		   hc.gpc == h->gpc && hc.pending_own == h->pending_own &&
		   ec.id == e->id && ec.state == e->state && ec.occurred == e->occurred,
		   "%s: check changed its arguments", what);
	if (got == want && (int) got >= 0 && (int) got < NVERDICTS)
		verdict_seen[got] = true;
}

/*
 * expect_both
 *		expect, outside import mode and in it.
 */
static void
expect_both(const char *what, const ambc_consent_head *h,
			const ambc_consent_event *e, int64_t now, int64_t skew,
			ambc_consent_verdict want, ambc_consent_verdict want_import)
{
	expect(what, h, e, now, skew, false, want);
	expect(what, h, e, now, skew, true, want_import);
}

/* ---- the model, from consent_rules.h ------------------------------------ */

/*
 * Rule 3's table, restated from the header: row = from (none, granted,
 * denied, withdrawn, pending), column = to in the enum's order (granted,
 * denied, withdrawn, pending).
 */
static const bool rule3[5][4] = {
	/* granted denied withdrawn pending */
	{true, true, true, true},	/* none -> any */
	{true, true, true, false},	/* granted -> withdrawn, denied, granted */
	{true, false, false, true}, /* denied -> granted, pending */
	{true, false, false, true}, /* withdrawn -> granted, pending */
	{true, true, false, false}	/* pending -> granted, denied */
};

/*
 * model_allowed
 *		rule3 for from (AMBC_CS_NONE or a state) and to (a state).
 */
static bool
model_allowed(int from, int to)
{
	if (to < 0 || to > 3 || from < -1 || from > 3)
		return false;
	return rule3[from + 1][to];
}

/*
 * model_days_in_month
 *		Days in month m of year y (proleptic Gregorian).
 */
static int
model_days_in_month(int y, int m)
{
	static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	bool		leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;

	return days[m - 1] + (m == 2 && leap ? 1 : 0);
}

/*
 * model_add_months
 *		t plus n months, the day clamped; for t in years 1..9999 and results
 *		in range (the random tests stay well inside).
 */
static int64_t
model_add_months(int64_t t, int n)
{
	int64_t		day = t / USECS_PER_DAY;
	int64_t		rest;
	int			y,
				m,
				d;
	int64_t		months;
	int32_t		nd = 0;

	if (t % USECS_PER_DAY < 0)
		day--;
	rest = t - day * USECS_PER_DAY;
	ambc_day_to_ymd((int32_t) day, &y, &m, &d);
	months = (int64_t) y * 12 + (m - 1) + n;
	y = (int) (months / 12);
	m = (int) (months % 12) + 1;
	if (d > model_days_in_month(y, m))
		d = model_days_in_month(y, m);
	if (ambc_ymd_to_day(y, m, d, &nd) != AMBC_OK)
		return INT64_MIN;
	return (int64_t) nd * USECS_PER_DAY + rest;
}

/*
 * model_violations
 *		The rules e breaks after h, as a bit set over the verdicts (bit v for
 *		verdict v).  Times must be far from the int64 limits and now +
 *		skew must not overflow; skew >= 0.
 */
static unsigned
model_violations(const ambc_consent_head *h, const ambc_consent_event *e,
				 int64_t now, int64_t skew, bool import_mode)
{
	unsigned	v = 0;
	bool		grant = e->state == GRANTED;
	bool		optout = e->state == DENIED || e->state == WITHDRAWN;
	bool		is_state = e->state >= 0 && e->state <= 3;
	/* the first of the two steps: the person's own request, or under 13 the parent's */
	bool		own_pending = h->state == PENDING &&
		(h->pending_own || (e->age >= 0 && e->age < 13));

	/* rule 1 */
	if (e->erased)
		v |= 1u << AMBC_CR_ERASED;
	/* rule 2, future */
	if (e->occurred > now + skew)
		v |= 1u << AMBC_CR_FUTURE;
	/* something that is not a state is never a valid transition */
	if (!is_state)
		v |= 1u << AMBC_CR_TRANSITION;
	/* rule 3, evidence */
	if (grant && (!e->has_source || !e->has_method || !e->shown))
		v |= 1u << AMBC_CR_NO_EVIDENCE;
	/* rule 4, under 13 */
	if (grant && e->sale_sharing && e->age >= 0 && e->age < 13 &&
		!(e->parental && e->parent_verified))
		v |= 1u << AMBC_CR_MINOR_PARENTAL;
	/* rule 6, shape */
	if (e->gpc && (!e->sale_sharing || !optout))
		v |= 1u << AMBC_CR_GPC_SHAPE;
	if (import_mode)
		return v;

	/* rule 2, order */
	if (h->since != AMBC_NO_TIME && e->occurred < h->since)
		v |= 1u << AMBC_CR_BACKWARDS;
	/* rule 3, table; a well-formed GPC opt-out follows any state */
	if (!model_allowed(h->state, e->state) &&
		!(e->gpc && e->sale_sharing && optout))
		v |= 1u << AMBC_CR_TRANSITION;
	/* rule 4, 13 to 15 */
	if (grant && e->sale_sharing && e->age >= 13 && e->age <= 15 && !own_pending)
		v |= 1u << AMBC_CR_MINOR_TWO_STEP;
	/* rule 6, two steps at any age */
	if (grant && e->sale_sharing && h->gpc && !own_pending)
		v |= 1u << AMBC_CR_GPC_TWO_STEP;
	/* rule 5 */
	if (e->state == PENDING && e->sale_sharing && !e->consumer_initiated &&
		h->last_optout != AMBC_NO_TIME &&
		e->occurred < model_add_months(h->last_optout, 12))
		v |= 1u << AMBC_CR_REASK;
	return v;
}

/* ---- rule 3 ------------------------------------------------------------- */

/*
 * test_transition_table
 *		ambc_consent_transition_allowed against rule3, from none and from each
 *		state to each state; "none" and non-states are never a target.
 */
static void
test_transition_table(void)
{
	static const int bogus[] = {-2, 4, 5, 100, INT_MIN, INT_MAX};
	int			from,
				to;
	int			allowed = 0;
	size_t		i;

	/* the enum is SQL's amb.consent_state order */
	CHECK(GRANTED == 0 && DENIED == 1 && WITHDRAWN == 2 && PENDING == 3);
	CHECK(AMBC_CS_NSTATES == 4 && NONE == -1);

	for (from = -1; from < 4; from++)
		for (to = 0; to < 4; to++)
		{
			bool		got = ambc_consent_transition_allowed(from, to);

			CHECKF(got == rule3[from + 1][to], "%s -> %s: got %d",
				   state_name(from), state_name(to), got);
			allowed += got;
		}
	/* 4 from none, 3 from granted, 2 each from the others */
	CHECK(allowed == 4 + 3 + 2 + 2 + 2);

	for (from = -1; from < 4; from++)
	{
		CHECKF(!ambc_consent_transition_allowed(from, NONE), "%s -> none",
			   state_name(from));
		for (i = 0; i < LENGTHOF(bogus); i++)
		{
			CHECK(!ambc_consent_transition_allowed(from, bogus[i]));
			if (from >= 0)
				CHECK(!ambc_consent_transition_allowed(bogus[i], from));
		}
	}
}

/*
 * test_transitions_checked
 *		ambc_consent_check applies rule 3 (AMBC_CR_TRANSITION) outside import
 *		mode and waives it in import mode, for each pair; once for a purpose
 *		that is not sale_sharing and once for an adult's sale_sharing with
 *		the person asking (so that rules 4 to 6 stay quiet).
 */
static void
test_transitions_checked(void)
{
	int64_t		t0 = ts(2024, 6, 1, 12, 0, 0, 0);
	int64_t		now = t0 + 30 * USECS_PER_DAY;
	int			from,
				to,
				ss;

	for (ss = 0; ss < 2; ss++)
		for (from = -1; from < 4; from++)
			for (to = 0; to < 4; to++)
			{
				ambc_consent_head h;
				ambc_consent_event e;
				char		what[80];
				bool		optout_head = from == DENIED || from == WITHDRAWN;

				if (from == NONE)
					h = empty_head();
				else
					h = hd(from, t0, 10, optout_head ? t0 : AMBC_NO_TIME,
						   false, from == PENDING);
				e = ss ? ss_ev(11, to, t0 + USECS_PER_HOUR, 30) :
					ev(11, to, t0 + USECS_PER_HOUR);
				e.consumer_initiated = true;
				snprintf(what, sizeof(what), "%s%s -> %s", ss ? "sale_sharing " : "",
						 state_name(from), state_name(to));
				expect_both(what, &h, &e, now, 0,
							rule3[from + 1][to] ? AMBC_CR_OK : AMBC_CR_TRANSITION,
							AMBC_CR_OK);
			}
}

/* ---- rules 1 and 2 ------------------------------------------------------ */

/*
 * test_erased
 *		Nothing is recorded for an erased ambassador, in any state, in either
 *		mode, even when the event is otherwise fine, and whatever else it
 *		breaks.
 */
static void
test_erased(void)
{
	int64_t		t0 = ts(2024, 6, 1, 12, 0, 0, 0);
	int			from,
				to;

	for (from = -1; from < 4; from++)
		for (to = 0; to < 4; to++)
		{
			ambc_consent_head h = from == NONE ? empty_head() :
				hd(from, t0, 1, AMBC_NO_TIME, false, false);
			ambc_consent_event e = ev(2, to, t0 + 1);

			e.erased = true;
			expect_both("erased", &h, &e, t0 + USECS_PER_DAY, 0,
						AMBC_CR_ERASED, AMBC_CR_ERASED);
			/* in the future, backwards, without evidence, gpc-shaped wrong */
			e.occurred = t0 + 2 * USECS_PER_DAY;
			expect_both("erased, future", &h, &e, t0, 0, AMBC_CR_ERASED, AMBC_CR_ERASED);
			e.occurred = t0 - 1;
			e.has_source = e.shown = false;
			e.gpc = true;
			expect_both("erased, backwards", &h, &e, t0, 0, AMBC_CR_ERASED, AMBC_CR_ERASED);
		}
}

/*
 * test_future
 *		Rule 2: the event may be up to skew after now, not a microsecond more;
 *		in import mode too.
 */
static void
test_future(void)
{
	static const int64_t skews[] = {0, 1, 5 * 60 * USECS_PER_SEC, USECS_PER_DAY};
	int64_t		nows[3];
	size_t		i,
				j;
	ambc_consent_head h = empty_head();

	nows[0] = ts(2024, 6, 1, 12, 0, 0, 0);
	nows[1] = ts(1999, 12, 31, 23, 59, 59, 999999);	/* -1: before 2000 */
	nows[2] = ts(1970, 1, 1, 0, 0, 0, 0);
	for (i = 0; i < LENGTHOF(nows); i++)
		for (j = 0; j < LENGTHOF(skews); j++)
		{
			int64_t		now = nows[i],
						skew = skews[j];
			ambc_consent_event e = ev(1, GRANTED, now + skew);

			expect_both("at now + skew", &h, &e, now, skew, AMBC_CR_OK, AMBC_CR_OK);
			e.occurred = now + skew + 1;
			expect_both("1us past now + skew", &h, &e, now, skew,
						AMBC_CR_FUTURE, AMBC_CR_FUTURE);
			e.occurred = now;
			expect_both("at now", &h, &e, now, skew, AMBC_CR_OK, AMBC_CR_OK);
			e.occurred = now - 20 * 366 * USECS_PER_DAY;
			expect_both("long ago", &h, &e, now, skew, AMBC_CR_OK, AMBC_CR_OK);
			e.occurred = now + 400 * USECS_PER_DAY;
			expect_both("next year", &h, &e, now, skew, AMBC_CR_FUTURE, AMBC_CR_FUTURE);
		}
	CHECK(nows[1] == -1);
}

/*
 * test_backwards
 *		Rule 2: an event may not go back before the head's time; an equal
 *		time is fine; import mode waives it.
 */
static void
test_backwards(void)
{
	int64_t		sinces[3];
	size_t		i;

	sinces[0] = ts(2024, 6, 1, 12, 0, 0, 0);
	sinces[1] = ts(1999, 12, 31, 23, 59, 59, 999999);
	sinces[2] = ts(1987, 3, 4, 5, 6, 7, 8);
	for (i = 0; i < LENGTHOF(sinces); i++)
	{
		int64_t		s = sinces[i];
		int64_t		now = s + USECS_PER_DAY;
		ambc_consent_head h = hd(GRANTED, s, 100, AMBC_NO_TIME, false, false);
		ambc_consent_event e = ev(101, WITHDRAWN, s);

		expect_both("same time as head", &h, &e, now, 0, AMBC_CR_OK, AMBC_CR_OK);
		e.id = 99;				/* a lower id at the same time: still not
								 * backwards */
		expect_both("same time, lower id", &h, &e, now, 0, AMBC_CR_OK, AMBC_CR_OK);
		e.occurred = s + 1;
		expect_both("1us after head", &h, &e, now, 0, AMBC_CR_OK, AMBC_CR_OK);
		e.occurred = s - 1;
		expect_both("1us before head", &h, &e, now, 0, AMBC_CR_BACKWARDS, AMBC_CR_OK);
		e.occurred = s - 10 * 366 * USECS_PER_DAY;
		expect_both("years before head", &h, &e, now, 0, AMBC_CR_BACKWARDS, AMBC_CR_OK);
	}
	/* nothing recorded: any past time is fine */
	{
		ambc_consent_head h = empty_head();
		ambc_consent_event e = ev(1, DENIED, ts(1900, 1, 1, 0, 0, 0, 0));

		expect_both("first event, 1900", &h, &e, 0, 0, AMBC_CR_OK, AMBC_CR_OK);
	}
}

/* ---- rule 3, evidence --------------------------------------------------- */

/*
 * test_evidence
 *		A grant needs source, method and evidence of what was shown (in
 *		either mode); the other states need none of them.
 */
static void
test_evidence(void)
{
	int64_t		t0 = ts(2024, 6, 1, 12, 0, 0, 0);
	int64_t		now = t0 + USECS_PER_DAY;
	ambc_consent_head none = empty_head();
	int			mask,
				to;

	for (mask = 0; mask < 8; mask++)
	{
		ambc_consent_event e = ev(1, GRANTED, t0);
		char		what[64];

		e.has_source = (mask & 1) != 0;
		e.has_method = (mask & 2) != 0;
		e.shown = (mask & 4) != 0;
		snprintf(what, sizeof(what), "grant source %d method %d shown %d",
				 e.has_source, e.has_method, e.shown);
		expect_both(what, &none, &e, now, 0,
					mask == 7 ? AMBC_CR_OK : AMBC_CR_NO_EVIDENCE,
					mask == 7 ? AMBC_CR_OK : AMBC_CR_NO_EVIDENCE);
		/* the same for sale_sharing, for an adult */
		e.sale_sharing = true;
		e.age = 40;
		expect_both(what, &none, &e, now, 0,
					mask == 7 ? AMBC_CR_OK : AMBC_CR_NO_EVIDENCE,
					mask == 7 ? AMBC_CR_OK : AMBC_CR_NO_EVIDENCE);
	}
	/* re-confirmation: granted -> granted needs it too */
	{
		ambc_consent_head h = hd(GRANTED, t0 - 1, 1, AMBC_NO_TIME, false, false);
		ambc_consent_event e = ev(2, GRANTED, t0);

		expect_both("re-confirmation", &h, &e, now, 0, AMBC_CR_OK, AMBC_CR_OK);
		e.shown = false;
		expect_both("re-confirmation, nothing shown", &h, &e, now, 0,
					AMBC_CR_NO_EVIDENCE, AMBC_CR_NO_EVIDENCE);
	}
	/* other states: no source, no method, no evidence at all */
	for (to = 1; to < 4; to++)
	{
		ambc_consent_event e = ev(1, to, t0);

		e.has_source = e.has_method = e.shown = false;
		expect_both(state_name(to), &none, &e, now, 0, AMBC_CR_OK, AMBC_CR_OK);
	}
}

/* ---- rule 4 ------------------------------------------------------------- */

typedef struct age_case
{
	int			by,
				bm,
				bd;				/* birth */
	int			y,
				m,
				d,
				hh,
				mi,
				ss,
				us;				/* the event */
	int			age;			/* whole years at the event */
} age_case;

static const age_case age_cases[] = {
	/* 13th birthday on the day of the event, the day after, the instant before */
	{2011, 6, 15, 2024, 6, 15, 0, 0, 0, 0, 13},
	{2011, 6, 15, 2024, 6, 15, 23, 59, 59, 999999, 13},
	{2011, 6, 16, 2024, 6, 15, 12, 0, 0, 0, 12},
	{2011, 6, 15, 2024, 6, 14, 23, 59, 59, 999999, 12},
	/* 16th birthday */
	{2008, 6, 15, 2024, 6, 15, 12, 0, 0, 0, 16},
	{2008, 6, 16, 2024, 6, 15, 12, 0, 0, 0, 15},
	{2008, 6, 15, 2024, 6, 14, 23, 59, 59, 999999, 15},
	/* a birthday at the turn of the year */
	{2010, 1, 1, 2023, 1, 1, 0, 0, 0, 0, 13},
	{2010, 1, 1, 2022, 12, 31, 23, 59, 59, 999999, 12},
	{2007, 12, 31, 2023, 12, 31, 0, 0, 0, 0, 16},
	{2008, 1, 1, 2023, 12, 31, 12, 0, 0, 0, 15},
	/* born on 2008-02-29: in common years the birthday is March 1 */
	{2008, 2, 29, 2020, 2, 28, 12, 0, 0, 0, 11},
	{2008, 2, 29, 2020, 2, 29, 0, 0, 0, 0, 12},
	{2008, 2, 29, 2021, 2, 28, 23, 59, 59, 999999, 12},
	{2008, 2, 29, 2021, 3, 1, 0, 0, 0, 0, 13},
	{2008, 2, 29, 2023, 2, 28, 12, 0, 0, 0, 14},
	{2008, 2, 29, 2023, 3, 1, 0, 0, 0, 0, 15},
	{2008, 2, 29, 2024, 2, 28, 23, 59, 59, 999999, 15},
	{2008, 2, 29, 2024, 2, 29, 0, 0, 0, 0, 16},
	/* well inside each band */
	{2020, 7, 7, 2024, 6, 1, 12, 0, 0, 0, 3},
	{2009, 9, 9, 2024, 6, 1, 12, 0, 0, 0, 14},
	{1980, 5, 5, 2024, 6, 1, 12, 0, 0, 0, 44},
};

/*
 * expect_minor
 *		The rule 4 verdicts for a sale_sharing grant at age (from the model's
 *		reading of the header): from nothing, after the person's own pending,
 *		after a parent's pending, with method "parental" (verified or not),
 *		and in import mode.  at is the time of the grant.
 */
static void
expect_minor(int age, int64_t at, const char *what)
{
	int64_t		now = at + USECS_PER_HOUR;
	ambc_consent_head none = empty_head();
	ambc_consent_head own = hd(PENDING, at - USECS_PER_DAY, 1, AMBC_NO_TIME, false, true);
	ambc_consent_head parents = hd(PENDING, at - USECS_PER_DAY, 1, AMBC_NO_TIME, false, false);
	ambc_consent_event e = ss_ev(2, GRANTED, at, age);
	ambc_consent_event p = e;
	ambc_consent_event pu;
	bool		under13 = age >= 0 && age < 13;
	bool		teen = age >= 13 && age <= 15;
	char		buf[96];

	p.parental = true;
	p.parent_verified = true;
	pu = p;
	pu.parent_verified = false;

#define W(s) (snprintf(buf, sizeof(buf), "%s age %d: %s", what, age, s), buf)
	expect_both(W("grant from none"), &none, &e, now, 0,
				under13 ? AMBC_CR_MINOR_PARENTAL : teen ? AMBC_CR_MINOR_TWO_STEP : AMBC_CR_OK,
				under13 ? AMBC_CR_MINOR_PARENTAL : AMBC_CR_OK);
	expect_both(W("grant after own pending"), &own, &e, now, 0,
				under13 ? AMBC_CR_MINOR_PARENTAL : AMBC_CR_OK,
				under13 ? AMBC_CR_MINOR_PARENTAL : AMBC_CR_OK);
	expect_both(W("grant after parent's pending"), &parents, &e, now, 0,
				under13 ? AMBC_CR_MINOR_PARENTAL : teen ? AMBC_CR_MINOR_TWO_STEP : AMBC_CR_OK,
				under13 ? AMBC_CR_MINOR_PARENTAL : AMBC_CR_OK);
	expect_both(W("parental grant from none"), &none, &p, now, 0,
				teen ? AMBC_CR_MINOR_TWO_STEP : AMBC_CR_OK, AMBC_CR_OK);
	expect_both(W("parental grant after own pending"), &own, &p, now, 0,
				AMBC_CR_OK, AMBC_CR_OK);
	expect_both(W("unverified parental grant"), &none, &pu, now, 0,
				under13 ? AMBC_CR_MINOR_PARENTAL : teen ? AMBC_CR_MINOR_TWO_STEP : AMBC_CR_OK,
				under13 ? AMBC_CR_MINOR_PARENTAL : AMBC_CR_OK);
	/* parent verified without method "parental" is not enough */
	pu = e;
	pu.parent_verified = true;
	expect_both(W("verified, method not parental"), &none, &pu, now, 0,
				under13 ? AMBC_CR_MINOR_PARENTAL : teen ? AMBC_CR_MINOR_TWO_STEP : AMBC_CR_OK,
				under13 ? AMBC_CR_MINOR_PARENTAL : AMBC_CR_OK);
	/* other purposes and other states are not touched by rule 4 */
	pu = ev(2, GRANTED, at);
	pu.age = age;
	expect_both(W("grant of another purpose"), &none, &pu, now, 0, AMBC_CR_OK, AMBC_CR_OK);
	pu = ss_ev(2, DENIED, at, age);
	expect_both(W("denied"), &none, &pu, now, 0, AMBC_CR_OK, AMBC_CR_OK);
	pu = ss_ev(2, PENDING, at, age);
	expect_both(W("pending"), &none, &pu, now, 0, AMBC_CR_OK, AMBC_CR_OK);
#undef W
}

/*
 * test_minors
 *		The age at the event (ambc_age_years at the birthday boundaries and
 *		for a leap-day birth) and rule 4 at that age; then ages 0 to 20 and
 *		unknown.
 */
static void
test_minors(void)
{
	size_t		i;
	int			age;

	for (i = 0; i < LENGTHOF(age_cases); i++)
	{
		const age_case *c = &age_cases[i];
		int32_t		birth = day_of(c->by, c->bm, c->bd);
		int64_t		at = ts(c->y, c->m, c->d, c->hh, c->mi, c->ss, c->us);
		int			got = ambc_age_years(birth, at);
		char		what[64];

		CHECKF(got == c->age, "born %04d-%02d-%02d, at %04d-%02d-%02d %02d:%02d:%02d.%06d: "
			   "want %d, got %d", c->by, c->bm, c->bd, c->y, c->m, c->d,
			   c->hh, c->mi, c->ss, c->us, c->age, got);
		snprintf(what, sizeof(what), "born %04d-%02d-%02d", c->by, c->bm, c->bd);
		expect_minor(got, at, what);
	}
	for (age = -1; age <= 20; age++)
		expect_minor(age, ts(2024, 6, 1, 12, 0, 0, 0), "band");
	expect_minor(120, ts(2024, 6, 1, 12, 0, 0, 0), "band");
}

/* ---- rule 5 ------------------------------------------------------------- */

typedef struct reask_case
{
	int			y,
				m,
				d,
				hh,
				mi,
				ss,
				us;				/* the latest opt-out */
	int			ey,
				em,
				ed;				/* 12 months later (same time of day) */
} reask_case;

static const reask_case reask_cases[] = {
	{2023, 3, 15, 10, 0, 0, 0, 2024, 3, 15},
	{2024, 2, 29, 12, 0, 0, 0, 2025, 2, 28},	/* leap day: clamped */
	{2023, 2, 28, 12, 0, 0, 0, 2024, 2, 28},	/* not to the 29th */
	{2023, 1, 31, 23, 59, 59, 999999, 2024, 1, 31},
	{2024, 12, 31, 0, 0, 0, 0, 2025, 12, 31},
	{1999, 5, 31, 8, 30, 0, 1, 2000, 5, 31},	/* before 2000 */
	{1999, 12, 31, 23, 59, 59, 999999, 2000, 12, 31},
	{1995, 6, 30, 0, 0, 0, 0, 1996, 6, 30},
};

/*
 * test_reask
 *		Rule 5 at the end of the 12-month window, for each opt-out state; the
 *		consumer_initiated exception; other purposes; import mode.
 */
static void
test_reask(void)
{
	size_t		i;
	int			st;

	for (i = 0; i < LENGTHOF(reask_cases); i++)
		for (st = DENIED; st <= WITHDRAWN; st++)
		{
			const reask_case *c = &reask_cases[i];
			int64_t		out = ts(c->y, c->m, c->d, c->hh, c->mi, c->ss, c->us);
			int64_t		end = ts(c->ey, c->em, c->ed, c->hh, c->mi, c->ss, c->us);
			int64_t		now = end + USECS_PER_DAY;
			ambc_consent_head h = hd(st, out, 7, out, false, false);
			ambc_consent_event e = ss_ev(8, PENDING, end - 1, 30);
			char		what[80];

			snprintf(what, sizeof(what), "%s %04d-%02d-%02d", state_name(st),
					 c->y, c->m, c->d);
			CHECKF(ambc_add_months(out, 12) == end, "%s: add_months", what);
			expect_both(what, &h, &e, now, 0, AMBC_CR_REASK, AMBC_CR_OK);
			e.occurred = end;
			expect_both(what, &h, &e, now, 0, AMBC_CR_OK, AMBC_CR_OK);
			e.occurred = end + 1;
			expect_both(what, &h, &e, now, 0, AMBC_CR_OK, AMBC_CR_OK);
			e.occurred = out;	/* at the opt-out itself */
			expect_both(what, &h, &e, now, 0, AMBC_CR_REASK, AMBC_CR_OK);
			e.occurred = out + 1;
			expect_both(what, &h, &e, now, 0, AMBC_CR_REASK, AMBC_CR_OK);
			/* the person started a transaction that needs it */
			e.consumer_initiated = true;
			e.occurred = end - 1;
			expect_both(what, &h, &e, now, 0, AMBC_CR_OK, AMBC_CR_OK);
			e.occurred = out;
			expect_both(what, &h, &e, now, 0, AMBC_CR_OK, AMBC_CR_OK);
			/* rule 5 is about sale_sharing only */
			e = ev(8, PENDING, out + 1);
			expect_both(what, &h, &e, now, 0, AMBC_CR_OK, AMBC_CR_OK);
			/* and about "pending" only: a grant may come at once */
			e = ss_ev(8, GRANTED, out + 1, 30);
			expect_both(what, &h, &e, now, 0, AMBC_CR_OK, AMBC_CR_OK);
		}

	/* the window runs from the latest opt-out, not from the head's time */
	{
		int64_t		old = ts(2022, 1, 10, 9, 0, 0, 0);
		int64_t		recent = ts(2023, 1, 10, 9, 0, 0, 0);
		ambc_consent_head h = hd(WITHDRAWN, recent, 5, old, false, false);
		ambc_consent_event e = ss_ev(6, PENDING, recent, 30);

		expect_both("opt-out 12 months before", &h, &e, recent, 0, AMBC_CR_OK, AMBC_CR_OK);
		h.last_optout = old + 1;
		expect_both("opt-out 12 months - 1us before", &h, &e, recent, 0,
					AMBC_CR_REASK, AMBC_CR_OK);
		/* never opted out: no window */
		h = empty_head();
		expect_both("never opted out", &h, &e, recent, 0, AMBC_CR_OK, AMBC_CR_OK);
	}
}

/* ---- rule 6 ------------------------------------------------------------- */

/*
 * test_gpc
 *		A GPC event is an opt-out of sale_sharing (either mode), accepted
 *		after any state but not backwards; once one is recorded, a
 *		sale_sharing grant needs the person's own pending first, at any age
 *		(import mode waives that).
 */
static void
test_gpc(void)
{
	int64_t		t0 = ts(2024, 6, 1, 12, 0, 0, 0);
	int64_t		now = t0 + USECS_PER_DAY;
	int			from,
				to,
				own;

	/* shape */
	for (to = 0; to < 4; to++)
	{
		ambc_consent_head h = empty_head();
		ambc_consent_event e = ss_ev(1, to, t0, 30);
		bool		optout = to == DENIED || to == WITHDRAWN;

		e.gpc = true;
		expect_both(state_name(to), &h, &e, now, 0,
					optout ? AMBC_CR_OK : AMBC_CR_GPC_SHAPE,
					optout ? AMBC_CR_OK : AMBC_CR_GPC_SHAPE);
		e.sale_sharing = false;
		expect_both("gpc, other purpose", &h, &e, now, 0,
					AMBC_CR_GPC_SHAPE, AMBC_CR_GPC_SHAPE);
	}
	/* after any state, own pending or not, gpc set or not */
	for (from = -1; from < 4; from++)
		for (own = 0; own < 2; own++)
			for (to = DENIED; to <= WITHDRAWN; to++)
			{
				ambc_consent_head h = from == NONE ? empty_head() :
					hd(from, t0, 1, from == DENIED || from == WITHDRAWN ? t0 : AMBC_NO_TIME,
					   own != 0, from == PENDING && own);
				ambc_consent_event e = ss_ev(2, to, t0 + 1, 30);
				char		what[64];

				e.gpc = true;
				snprintf(what, sizeof(what), "gpc %s after %s", state_name(to),
						 state_name(from));
				expect_both(what, &h, &e, now, 0, AMBC_CR_OK, AMBC_CR_OK);
				e.occurred = t0;
				expect_both(what, &h, &e, now, 0, AMBC_CR_OK, AMBC_CR_OK);
				if (from != NONE)
				{
					e.occurred = t0 - 1;
					expect_both(what, &h, &e, now, 0, AMBC_CR_BACKWARDS, AMBC_CR_OK);
				}
				e.occurred = now + 1;
				expect_both(what, &h, &e, now, 0, AMBC_CR_FUTURE, AMBC_CR_FUTURE);
			}

	/* two steps after a GPC opt-out, at any age */
	{
		static const int ages[] = {-1, 12, 16, 30, 90};
		size_t		i;

		for (i = 0; i < LENGTHOF(ages); i++)
		{
			int			age = ages[i];
			ambc_consent_head denied = hd(DENIED, t0, 1, t0, true, false);
			ambc_consent_head withdrawn = hd(WITHDRAWN, t0, 1, t0, true, false);
			ambc_consent_head own_p = hd(PENDING, t0, 1, t0 - 1, true, true);
			ambc_consent_head parents_p = hd(PENDING, t0, 1, t0 - 1, true, false);
			ambc_consent_event e = ss_ev(2, GRANTED, t0 + 1, age);
			char		what[64];

			if (age >= 0 && age < 13)
				e.parental = e.parent_verified = true;
			snprintf(what, sizeof(what), "grant after gpc, age %d", age);
			expect_both(what, &denied, &e, now, 0, AMBC_CR_GPC_TWO_STEP, AMBC_CR_OK);
			expect_both(what, &withdrawn, &e, now, 0, AMBC_CR_GPC_TWO_STEP, AMBC_CR_OK);
			expect_both(what, &own_p, &e, now, 0, AMBC_CR_OK, AMBC_CR_OK);
			/* under 13, the parent's request is the first step */
			expect_both(what, &parents_p, &e, now, 0,
						age >= 0 && age < 13 ? AMBC_CR_OK : AMBC_CR_GPC_TWO_STEP, AMBC_CR_OK);
			/* another purpose is not affected by a sale_sharing GPC flag */
			e.sale_sharing = false;
			expect_both(what, &denied, &e, now, 0, AMBC_CR_OK, AMBC_CR_OK);
		}
	}
	/* 13 to 15 after GPC without the two steps: either two-step verdict */
	{
		ambc_consent_head h = hd(DENIED, t0, 1, t0, true, false);
		ambc_consent_event e = ss_ev(2, GRANTED, t0 + 1, 14);
		ambc_consent_verdict v = ambc_consent_check(&h, &e, now, 0, false);

		CHECKF(v == AMBC_CR_MINOR_TWO_STEP || v == AMBC_CR_GPC_TWO_STEP, "got %s", vname(v));
		h = hd(PENDING, t0, 1, t0 - 1, true, true);
		expect("14 after gpc and own pending", &h, &e, now, 0, false, AMBC_CR_OK);
	}
}

/*
 * test_gpc_ledger
 *		A GPC story through check and apply: a sale_sharing grant, GPC
 *		withdraws it, GPC again (after withdrawn), a grant is refused, a
 *		pending within 12 months is refused unless the person asked, the
 *		person's pending, then the grant.
 */
static void
test_gpc_ledger(void)
{
	int64_t		t = ts(2024, 1, 10, 9, 0, 0, 0);
	int64_t		skew = 0;
	ambc_consent_head h = empty_head();
	ambc_consent_event e;

#define STEP(what, ev_, want) \
	do { \
		e = (ev_); \
		expect(what, &h, &e, e.occurred, skew, false, want); \
		if ((want) == AMBC_CR_OK) \
			ambc_consent_apply(&h, &e); \
	} while (0)

	STEP("grant", ss_ev(1, GRANTED, t, 30), AMBC_CR_OK);
	CHECK(h.state == GRANTED && !h.gpc && h.last_optout == AMBC_NO_TIME);
	e = ss_ev(2, WITHDRAWN, t + USECS_PER_DAY, 30);
	e.gpc = true;
	STEP("gpc withdraws", e, AMBC_CR_OK);
	CHECK(h.state == WITHDRAWN && h.gpc && h.last_optout == t + USECS_PER_DAY);
	e = ss_ev(3, WITHDRAWN, t + 2 * USECS_PER_DAY, 30);
	e.gpc = true;
	STEP("gpc again", e, AMBC_CR_OK);
	CHECK(h.state == WITHDRAWN && h.since == t + 2 * USECS_PER_DAY &&
		  h.last_optout == t + 2 * USECS_PER_DAY);
	STEP("grant at once", ss_ev(4, GRANTED, t + 3 * USECS_PER_DAY, 30), AMBC_CR_GPC_TWO_STEP);
	STEP("business re-asks", ss_ev(4, PENDING, t + 3 * USECS_PER_DAY, 30), AMBC_CR_REASK);
	e = ss_ev(4, PENDING, t + 3 * USECS_PER_DAY, 30);
	e.consumer_initiated = true;
	STEP("person asks", e, AMBC_CR_OK);
	CHECK(h.state == PENDING && h.pending_own && h.gpc);
	STEP("grant", ss_ev(5, GRANTED, t + 3 * USECS_PER_DAY, 30), AMBC_CR_OK);
	CHECK(h.state == GRANTED && h.gpc && !h.pending_own && h.since_id == 5);
	/* the flag stays: the next grant cycle needs the two steps again */
	STEP("withdraw", ss_ev(6, WITHDRAWN, t + 4 * USECS_PER_DAY, 30), AMBC_CR_OK);
	STEP("grant again", ss_ev(7, GRANTED, t + 5 * USECS_PER_DAY, 30), AMBC_CR_GPC_TWO_STEP);
#undef STEP
}

/* ---- import mode -------------------------------------------------------- */

/*
 * test_import_mode
 *		Import mode accepts out-of-order history and waives rules 3 (table),
 *		4 (two steps), 5 and 6 (two steps); it still refuses erased, future,
 *		no evidence, parental and GPC shape.
 */
static void
test_import_mode(void)
{
	int64_t		t0 = ts(2024, 6, 1, 12, 0, 0, 0);
	int64_t		now = t0 + USECS_PER_DAY;
	ambc_consent_head h = hd(DENIED, t0, 50, t0, false, false);
	ambc_consent_head hg = hd(DENIED, t0, 50, t0, true, false);
	ambc_consent_event e;

	/* waived (each event breaks one rule only) */
	e = ev(10, GRANTED, t0 - 5 * 366 * USECS_PER_DAY);
	expect_both("out of order", &h, &e, now, 0, AMBC_CR_BACKWARDS, AMBC_CR_OK);
	e = ev(10, GRANTED, t0 - 1);
	expect_both("1us out of order", &h, &e, now, 0, AMBC_CR_BACKWARDS, AMBC_CR_OK);
	e = ev(51, WITHDRAWN, t0 + 1);
	expect_both("denied -> withdrawn", &h, &e, now, 0, AMBC_CR_TRANSITION, AMBC_CR_OK);
	e = ss_ev(51, GRANTED, t0 + 1, 14);
	expect_both("14, one step", &h, &e, now, 0, AMBC_CR_MINOR_TWO_STEP, AMBC_CR_OK);
	e = ss_ev(51, PENDING, t0 + 1, 30);
	expect_both("re-ask", &h, &e, now, 0, AMBC_CR_REASK, AMBC_CR_OK);
	e = ss_ev(51, GRANTED, t0 + 1, 30);
	expect_both("after gpc, one step", &hg, &e, now, 0, AMBC_CR_GPC_TWO_STEP, AMBC_CR_OK);
	e = ss_ev(10, GRANTED, t0 - 1, 14);
	expect("old one-step grant at 14", &h, &e, now, 0, true, AMBC_CR_OK);

	/* still refused */
	e = ev(51, GRANTED, t0 - 1);
	e.erased = true;
	expect_both("erased", &h, &e, now, 0, AMBC_CR_ERASED, AMBC_CR_ERASED);
	e = ev(51, GRANTED, now + 1);
	expect_both("future", &h, &e, now, 0, AMBC_CR_FUTURE, AMBC_CR_FUTURE);
	e = ev(10, GRANTED, t0 - 1);
	e.has_method = false;
	expect("old grant without method", &h, &e, now, 0, true, AMBC_CR_NO_EVIDENCE);
	e = ss_ev(10, GRANTED, t0 - 1, 9);
	expect("old grant at 9, not parental", &h, &e, now, 0, true, AMBC_CR_MINOR_PARENTAL);
	e.parental = e.parent_verified = true;
	expect("old grant at 9, parental", &h, &e, now, 0, true, AMBC_CR_OK);
	e = ss_ev(10, PENDING, t0 - 1, 30);
	e.gpc = true;
	expect("old gpc pending", &h, &e, now, 0, true, AMBC_CR_GPC_SHAPE);
	e = ev(10, DENIED, t0 - 1);
	e.gpc = true;
	expect("old gpc of another purpose", &h, &e, now, 0, true, AMBC_CR_GPC_SHAPE);
}

/* ---- apply -------------------------------------------------------------- */

/*
 * heads_equal
 *		Field by field.
 */
static bool
heads_equal(const ambc_consent_head *a, const ambc_consent_head *b)
{
	return a->state == b->state && a->since == b->since &&
		a->since_id == b->since_id && a->last_optout == b->last_optout &&
		a->gpc == b->gpc && a->pending_own == b->pending_own;
}

/*
 * test_head_init
 *		Nothing recorded: no state, no time, no opt-out, no GPC, no pending.
 */
static void
test_head_init(void)
{
	ambc_consent_head h = empty_head();

	CHECK(h.state == NONE);
	CHECK(h.since == AMBC_NO_TIME);
	CHECK(h.last_optout == AMBC_NO_TIME);
	CHECK(!h.gpc);
	CHECK(!h.pending_own);
}

/*
 * test_apply
 *		The head after each event: state, since, since_id; the latest
 *		opt-out; GPC; pending_own (false for method "parental"); older events
 *		(import mode) leave the state but count for the opt-out and GPC.
 */
static void
test_apply(void)
{
	int64_t		t0 = ts(2024, 6, 1, 12, 0, 0, 0);
	ambc_consent_head h = empty_head();
	ambc_consent_head before;
	ambc_consent_event e;

	e = ev(1, PENDING, t0);
	ambc_consent_apply(&h, &e);
	CHECK(h.state == PENDING && h.since == t0 && h.since_id == 1);
	CHECK(h.pending_own);
	CHECK(h.last_optout == AMBC_NO_TIME && !h.gpc);

	e = ev(2, GRANTED, t0 + 10);
	ambc_consent_apply(&h, &e);
	CHECK(h.state == GRANTED && h.since == t0 + 10 && h.since_id == 2);
	CHECK(!h.pending_own);
	CHECK(h.last_optout == AMBC_NO_TIME);

	e = ev(3, WITHDRAWN, t0 + 20);
	ambc_consent_apply(&h, &e);
	CHECK(h.state == WITHDRAWN && h.last_optout == t0 + 20 && !h.pending_own);

	/* a parent's pending is not the person's own */
	e = ev(4, PENDING, t0 + 30);
	e.parental = true;
	ambc_consent_apply(&h, &e);
	CHECK(h.state == PENDING && !h.pending_own && h.last_optout == t0 + 20);
	e = ev(5, DENIED, t0 + 40);
	ambc_consent_apply(&h, &e);
	CHECK(h.state == DENIED && h.last_optout == t0 + 40);
	e = ev(6, PENDING, t0 + 50);
	e.sale_sharing = true;
	e.consumer_initiated = true;
	ambc_consent_apply(&h, &e);
	CHECK(h.state == PENDING && h.pending_own && h.last_optout == t0 + 40);
	/* a grant keeps the latest opt-out */
	e = ev(7, GRANTED, t0 + 60);
	ambc_consent_apply(&h, &e);
	CHECK(h.state == GRANTED && h.last_optout == t0 + 40 && !h.pending_own);

	/* older opt-out (import mode): state kept, last opt-out not moved back */
	before = h;
	e = ev(8, DENIED, t0 + 5);
	ambc_consent_apply(&h, &e);
	CHECK(heads_equal(&h, &before));
	/* an older GPC opt-out: state kept, GPC recorded */
	e = ev(9, WITHDRAWN, t0 + 6);
	e.sale_sharing = e.gpc = true;
	ambc_consent_apply(&h, &e);
	CHECK(h.state == GRANTED && h.since == t0 + 60 && h.since_id == 7);
	CHECK(h.gpc && h.last_optout == t0 + 40);
	/* an older pending does not touch pending_own */
	e = ev(10, PENDING, t0 + 7);
	ambc_consent_apply(&h, &e);
	CHECK(h.state == GRANTED && !h.pending_own);

	/* older than the head but later than the latest opt-out */
	h = hd(GRANTED, t0, 3, t0 - 100, false, false);
	e = ev(4, WITHDRAWN, t0 - 50);
	ambc_consent_apply(&h, &e);
	CHECK(h.state == GRANTED && h.since == t0 && h.since_id == 3);
	CHECK(h.last_optout == t0 - 50);
	/* the first opt-out of all, older than the head */
	h = hd(GRANTED, t0, 3, AMBC_NO_TIME, false, false);
	e = ev(1, DENIED, t0 - 1000);
	ambc_consent_apply(&h, &e);
	CHECK(h.state == GRANTED && h.last_optout == t0 - 1000);

	/* a GPC opt-out that is the latest event */
	h = empty_head();
	e = ss_ev(1, DENIED, t0, -1);
	e.gpc = true;
	ambc_consent_apply(&h, &e);
	CHECK(h.state == DENIED && h.gpc && h.last_optout == t0 && h.since_id == 1);

	/* times before 2000 */
	h = empty_head();
	e = ev(1, DENIED, ts(1990, 1, 1, 0, 0, 0, 0));
	ambc_consent_apply(&h, &e);
	CHECK(h.state == DENIED && h.since == e.occurred && h.last_optout == e.occurred);
	e = ev(2, GRANTED, ts(1991, 1, 1, 0, 0, 0, 0));
	ambc_consent_apply(&h, &e);
	CHECK(h.state == GRANTED && h.last_optout == ts(1990, 1, 1, 0, 0, 0, 0));
}

/*
 * test_ties
 *		Events at the same time follow their ids: apply keeps the one with
 *		the higher id, in whichever order they arrive (import mode), and
 *		check accepts both outside import mode (equal times are fine).
 */
static void
test_ties(void)
{
	int64_t		t0 = ts(2024, 6, 1, 12, 0, 0, 0);
	ambc_consent_head h;
	ambc_consent_event lo = ev(5, DENIED, t0);
	ambc_consent_event hi = ev(9, GRANTED, t0);
	ambc_consent_event mid = ev(7, PENDING, t0);

	/* in id order */
	h = empty_head();
	ambc_consent_apply(&h, &lo);
	ambc_consent_apply(&h, &hi);
	CHECK(h.state == GRANTED && h.since_id == 9 && h.since == t0);
	CHECK(h.last_optout == t0);
	/* in reverse: the lower id does not win */
	h = empty_head();
	ambc_consent_apply(&h, &hi);
	ambc_consent_apply(&h, &lo);
	CHECK(h.state == GRANTED && h.since_id == 9 && h.since == t0);
	CHECK(h.last_optout == t0);
	/* three at once, every order gives the head of id 9 */
	{
		const ambc_consent_event *evs[3] = {&lo, &mid, &hi};
		static const int orders[6][3] = {
			{0, 1, 2}, {0, 2, 1}, {1, 0, 2}, {1, 2, 0}, {2, 0, 1}, {2, 1, 0}
		};
		int			o,
					k;

		for (o = 0; o < 6; o++)
		{
			h = empty_head();
			for (k = 0; k < 3; k++)
				ambc_consent_apply(&h, evs[orders[o][k]]);
			CHECKF(h.state == GRANTED && h.since_id == 9 && !h.pending_own,
				   "order %d: state %s id %lld", o, state_name(h.state),
				   (long long) h.since_id);
		}
	}
	/* pending_own follows the winner of the tie */
	h = empty_head();
	ambc_consent_apply(&h, &mid);
	ambc_consent_apply(&h, &lo);
	CHECK(h.state == PENDING && h.since_id == 7 && h.pending_own);

	/* outside import mode a tie is not backwards, whatever the ids */
	h = hd(DENIED, t0, 9, t0, false, false);
	lo = ev(10, GRANTED, t0);
	expect("tie, higher id", &h, &lo, t0, 0, false, AMBC_CR_OK);
	lo.id = 8;
	expect("tie, lower id", &h, &lo, t0, 0, false, AMBC_CR_OK);
}

/* ---- ambc_add_months and ambc_age_years --------------------------------- */

typedef struct months_case
{
	int			y,
				m,
				d;
	int			n;
	int			ey,
				em,
				ed;
} months_case;

static const months_case months_cases[] = {
	{2024, 1, 31, 1, 2024, 2, 29},
	{2023, 1, 31, 1, 2023, 2, 28},
	{2024, 2, 29, 12, 2025, 2, 28},
	{2024, 2, 29, 48, 2028, 2, 29},
	{2024, 2, 29, -12, 2023, 2, 28},
	{2024, 2, 29, 0, 2024, 2, 29},
	{2024, 3, 31, -1, 2024, 2, 29},
	{2024, 3, 31, -13, 2023, 2, 28},
	{2024, 5, 31, 1, 2024, 6, 30},
	{2024, 1, 30, 1, 2024, 2, 29},
	{2024, 1, 29, 1, 2024, 2, 29},
	{2024, 1, 28, 1, 2024, 2, 28},
	{2024, 12, 15, 1, 2025, 1, 15},
	{2025, 1, 15, -1, 2024, 12, 15},
	{2024, 12, 31, 2, 2025, 2, 28},
	{2024, 10, 31, -8, 2024, 2, 29},
	{2000, 1, 31, 1, 2000, 2, 29},	/* divisible by 400: leap */
	{1900, 1, 31, 1, 1900, 2, 28},	/* by 100: not */
	{2100, 1, 31, 1, 2100, 2, 28},
	{1600, 3, 31, -1, 1600, 2, 29},
	{2000, 3, 31, -1200, 1900, 3, 31},
	{1999, 12, 31, -24, 1997, 12, 31},
	{1999, 12, 31, 2, 2000, 2, 29},
	{1970, 1, 31, 1, 1970, 2, 28},
	{2000, 1, 1, -1, 1999, 12, 1},
	{2000, 1, 1, -12 * 1999, 1, 1, 1},
	{1, 3, 31, -1, 1, 2, 28},
	{9999, 11, 30, 1, 9999, 12, 30},
	{9998, 12, 31, 12, 9999, 12, 31},
	{2024, 7, 31, 11, 2025, 6, 30},
	{2024, 8, 31, 1, 2024, 9, 30},
	{2024, 1, 15, 120, 2034, 1, 15},
};

/*
 * test_add_months
 *		The table, at several times of day (negative times before 2000
 *		included); AMBC_NO_TIME passes through; random times and counts
 *		against the model.
 */
static void
test_add_months(void)
{
	static const int64_t tods[] = {
		0, 1, 12 * USECS_PER_HOUR + 34 * 60 * USECS_PER_SEC + 56789012,
		USECS_PER_DAY - 1
	};
	static const int ns[] = {0, 1, -1, 12, -12, 1000, -1000, 24000};
	size_t		i,
				j;
	uint32_t	seed = 1798120;
	int			k;

	for (i = 0; i < LENGTHOF(months_cases); i++)
		for (j = 0; j < LENGTHOF(tods); j++)
		{
			const months_case *c = &months_cases[i];
			int64_t		t = (int64_t) day_of(c->y, c->m, c->d) * USECS_PER_DAY + tods[j];
			int64_t		want = (int64_t) day_of(c->ey, c->em, c->ed) * USECS_PER_DAY + tods[j];
			int64_t		got = ambc_add_months(t, c->n);

			CHECKF(got == want, "%04d-%02d-%02d + %lld us, %+d months: want %lld, got %lld",
				   c->y, c->m, c->d, (long long) tods[j], c->n,
				   (long long) want, (long long) got);
		}
	/* 1999-12-31 23:59:59.999999 is -1 */
	CHECK(ambc_add_months(-1, 2) == ts(2000, 2, 29, 23, 59, 59, 999999));
	CHECK(ambc_add_months(-1, 0) == -1);
	CHECK(ambc_add_months(0, 0) == 0);
	CHECK(ambc_add_months(ts(1969, 7, 20, 20, 17, 40, 123456), -12) ==
		  ts(1968, 7, 20, 20, 17, 40, 123456));
	CHECK(ambc_add_months(ts(1969, 7, 20, 20, 17, 40, 123456), 12 * 31) ==
		  ts(2000, 7, 20, 20, 17, 40, 123456));
	for (j = 0; j < LENGTHOF(ns); j++)
		CHECKF(ambc_add_months(AMBC_NO_TIME, ns[j]) == AMBC_NO_TIME, "no time %+d", ns[j]);

	/* random: 1900..2100, -600..600 months */
	for (k = 0; k < 20000; k++)
	{
		int64_t		lo = ts(1900, 1, 1, 0, 0, 0, 0);
		int64_t		span = ts(2100, 1, 1, 0, 0, 0, 0) - lo;
		int64_t		t = lo + (rnd64(&seed, span / 2) + span / 2);
		int			n = (int) rnd(&seed, 1201) - 600;
		int64_t		got = ambc_add_months(t, n);
		int64_t		want = model_add_months(t, n);

		CHECKF(got == want, "t %lld %+d: want %lld got %lld", (long long) t, n,
			   (long long) want, (long long) got);
		/* the time of day is kept */
		CHECK(((got % USECS_PER_DAY) + USECS_PER_DAY) % USECS_PER_DAY ==
			  ((t % USECS_PER_DAY) + USECS_PER_DAY) % USECS_PER_DAY);
	}
}

typedef struct years_case
{
	int			by,
				bm,
				bd;
	int64_t		t;				/* INT64_MIN: at the time (y,m,d) below */
	int			y,
				m,
				d,
				hh;
	int			age;
} years_case;

static const years_case years_cases[] = {
	{2000, 1, 1, INT64_MIN, 2000, 1, 1, 0, 0},
	{2000, 1, 1, INT64_MIN, 1999, 12, 31, 23, -1},
	{2000, 1, 2, 0, 0, 0, 0, 0, -1},
	{2000, 1, 2, -1, 0, 0, 0, 0, -1},
	{2000, 1, 1, 0, 0, 0, 0, 0, 0},
	{2000, 1, 1, -1, 0, 0, 0, 0, -1},
	{1999, 12, 31, -1, 0, 0, 0, 0, 0},
	{1999, 12, 31, 0, 0, 0, 0, 0, 0},
	{1990, 5, 17, INT64_MIN, 1999, 5, 17, 0, 9},
	{1990, 5, 17, INT64_MIN, 1999, 5, 16, 23, 8},
	{1900, 3, 1, INT64_MIN, 2000, 2, 29, 12, 99},
	{1900, 3, 1, INT64_MIN, 2000, 3, 1, 0, 100},
	{2024, 2, 29, INT64_MIN, 2024, 2, 29, 0, 0},
	{2024, 2, 29, INT64_MIN, 2025, 2, 28, 23, 0},
	{2024, 2, 29, INT64_MIN, 2025, 3, 1, 0, 1},
	{2024, 2, 29, INT64_MIN, 2028, 2, 29, 0, 4},
	{2024, 2, 29, INT64_MIN, 2024, 2, 28, 23, -1},
	{1, 1, 1, INT64_MIN, 9999, 12, 31, 23, 9998},
	{2010, 6, 15, INT64_MIN, 2023, 6, 15, 0, 13},
	{2010, 6, 15, INT64_MIN, 2023, 6, 14, 23, 12},
};

/*
 * test_age_years
 *		The table; -1 before birth (down to the first microsecond of the
 *		birthday); a random check that the age grows by one exactly on each
 *		birthday.
 */
static void
test_age_years(void)
{
	size_t		i;
	uint32_t	seed = 7028;
	int			k;

	for (i = 0; i < LENGTHOF(years_cases); i++)
	{
		const years_case *c = &years_cases[i];
		int32_t		birth = day_of(c->by, c->bm, c->bd);
		int64_t		t = c->t != INT64_MIN ? c->t :
			ts(c->y, c->m, c->d, c->hh, c->hh ? 59 : 0, c->hh ? 59 : 0, c->hh ? 999999 : 0);
		int			got = ambc_age_years(birth, t);

		CHECKF(got == c->age, "case %zu: born %04d-%02d-%02d t %lld: want %d, got %d",
			   i, c->by, c->bm, c->bd, (long long) t, c->age, got);
	}
	CHECK(ambc_age_years(0, AMBC_NO_TIME) == -1);
	CHECK(ambc_age_years(0, INT64_MIN + 1) == -1);

	/* random births 1900..2030: 1 us before the n-th birthday, and at it */
	for (k = 0; k < 20000; k++)
	{
		int			by = 1900 + (int) rnd(&seed, 131);
		int			bm = 1 + (int) rnd(&seed, 12);
		int			bd = 1 + (int) rnd(&seed, (uint32_t) model_days_in_month(by, bm));
		int			n = (int) rnd(&seed, 100);
		int32_t		birth = day_of(by, bm, bd);
		int			y = by + n;
		int			m = bm,
					d = bd;
		int64_t		bday;

		/* a 29 February birthday falls on 1 March in common years */
		if (d > model_days_in_month(y, m))
		{
			m = 3;
			d = 1;
		}
		bday = ts(y, m, d, 0, 0, 0, 0);
		CHECKF(ambc_age_years(birth, bday) == n, "%04d-%02d-%02d + %d", by, bm, bd, n);
		CHECKF(ambc_age_years(birth, bday - 1) == n - 1, "%04d-%02d-%02d + %d - 1us",
			   by, bm, bd, n);
		CHECK(ambc_age_years(birth, bday + USECS_PER_DAY - 1) == n);
	}
}

/*
 * test_verdict_names
 *		Every verdict has its own non-empty name.
 */
static void
test_verdict_names(void)
{
	int			i,
				j;

	for (i = 0; i < NVERDICTS; i++)
	{
		const char *a = vname(i);

		CHECKF(a != NULL && a[0] != '\0', "verdict %d", i);
		if (a == NULL)
			continue;
		for (j = 0; j < i; j++)
			CHECKF(strcmp(a, vname(j)) != 0, "verdicts %d and %d: %s", i, j, a);
	}
	CHECK(strcmp(vname(AMBC_CR_OK), "ok") == 0);
	/* out of range: some string, not a crash */
	CHECK(vname(-1) != NULL);
	CHECK(vname(NVERDICTS) != NULL);
	CHECK(vname(1000) != NULL);
}

/* ---- randomized --------------------------------------------------------- */

/*
 * random_time
 *		A time near base: often exactly on base or a microsecond away, else
 *		up to about two years either side.
 */
static int64_t
random_time(uint32_t *s, int64_t base)
{
	switch (rnd(s, 5))
	{
		case 0:
			return base;
		case 1:
			return base + (int64_t) rnd(s, 3) - 1;
		case 2:
			return base + rnd64(s, USECS_PER_HOUR);
		default:
			return base + rnd64(s, 2 * 366 * USECS_PER_DAY);
	}
}

/*
 * random_event
 *		An event whose fields are each usually right and sometimes wrong.
 */
static ambc_consent_event
random_event(uint32_t *s, int64_t id, int64_t base)
{
	ambc_consent_event e;

	memset(&e, 0, sizeof(e));
	e.id = id;
	e.state = rnd(s, 200) == 0 ? (int) rnd(s, 9) - 3 : (int) rnd(s, 4);
	e.occurred = random_time(s, base);
	e.sale_sharing = rnd(s, 3) != 0;
	e.has_source = rnd(s, 12) != 0;
	e.has_method = rnd(s, 12) != 0;
	e.shown = rnd(s, 12) != 0;
	e.gpc = rnd(s, 6) == 0;
	e.parental = rnd(s, 4) == 0;
	e.parent_verified = rnd(s, 3) != 0;
	e.consumer_initiated = rnd(s, 3) == 0;
	e.age = rnd(s, 3) == 0 ? -1 : (int) rnd(s, 22);
	e.erased = rnd(s, 40) == 0;
	return e;
}

/*
 * test_random_check
 *		100000 random heads and events against the model: OK exactly when
 *		the model finds nothing wrong, else one of the broken rules (ERASED
 *		whenever erased); always an in-range verdict; deterministic; import
 *		mode never refuses what normal mode accepts.
 */
static void
test_random_check(void)
{
	uint32_t	seed = 20251121;
	int64_t		base0 = ts(2024, 6, 1, 12, 0, 0, 0);
	int			k;
	int			mismatches = 0;
	long		ok_count = 0;

	for (k = 0; k < 100000; k++)
	{
		int64_t		base = base0 + rnd64(&seed, 30 * 366 * USECS_PER_DAY);
		ambc_consent_head h;
		ambc_consent_event e;
		int64_t		now;
		int64_t		skew;
		bool		imp = rnd(&seed, 4) == 0;
		ambc_consent_verdict v,
					v2;
		unsigned	model;

		memset(&h, 0, sizeof(h));
		h.state = (int) rnd(&seed, 5) - 1;
		h.since = h.state == NONE && rnd(&seed, 2) ? AMBC_NO_TIME : random_time(&seed, base);
		h.since_id = (int64_t) rnd(&seed, 1000);
		switch (rnd(&seed, 4))
		{
			case 0:
				h.last_optout = AMBC_NO_TIME;
				break;
			case 1:				/* right at the end of the window */
				h.last_optout = model_add_months(base, -12) + (int64_t) rnd(&seed, 3) - 1;
				break;
			default:
				h.last_optout = random_time(&seed, base);
				break;
		}
		h.gpc = rnd(&seed, 4) == 0;
		h.pending_own = rnd(&seed, 2) == 0;
		e = random_event(&seed, (int64_t) rnd(&seed, 1000), base);
		if (rnd(&seed, 4) == 0)
			e.occurred = base;
		skew = rnd(&seed, 3) == 0 ? 0 : (int64_t) rnd(&seed, 600) * USECS_PER_SEC;
		switch (rnd(&seed, 4))
		{
			case 0:
				now = e.occurred - skew;	/* exactly at the limit */
				break;
			case 1:
				now = e.occurred - skew - 1;	/* 1us past it */
				break;
			default:
				now = e.occurred + rnd64(&seed, USECS_PER_DAY);
				break;
		}

		v = ambc_consent_check(&h, &e, now, skew, imp);
		v2 = ambc_consent_check(&h, &e, now, skew, imp);
		model = model_violations(&h, &e, now, skew, imp);
		CHECK((int) v >= 0 && (int) v < NVERDICTS);
		CHECK(v == v2);
		if ((int) v >= 0 && (int) v < NVERDICTS)
		{
			bool		good = model == 0 ? v == AMBC_CR_OK :
				v != AMBC_CR_OK && ((model >> v) & 1) != 0;

			if (e.erased)
				good = good && v == AMBC_CR_ERASED;
			if (!good)
			{
				mismatches++;
				CHECKF(good, "case %d: verdict %s, model 0x%x (head %s since %lld "
					   "optout %lld gpc %d own %d; event %s at %lld ss %d gpc %d age %d "
					   "import %d)", k, vname(v), model, state_name(h.state),
					   (long long) h.since, (long long) h.last_optout, h.gpc,
					   h.pending_own, state_name(e.state), (long long) e.occurred,
					   e.sale_sharing, e.gpc, e.age, imp);
			}
			else
				verdict_seen[v] = true;
		}
		if (v == AMBC_CR_OK)
			ok_count++;
		/* what normal mode accepts, import mode accepts too */
		if (!imp && v == AMBC_CR_OK)
			CHECK(ambc_consent_check(&h, &e, now, skew, true) == AMBC_CR_OK);
	}
	CHECK(mismatches == 0);
	/* the generator reaches both outcomes often */
	CHECKF(ok_count > 5000 && ok_count < 95000, "%ld accepted", ok_count);
}

/*
 * test_random_ledgers
 *		2000 ledgers of 50 random events each (100000 events): each accepted
 *		event is applied.  Outside import mode events come in time order (as
 *		a trigger sees them, ids rising) and since never goes back; the head
 *		is the last accepted event.  In import mode events come in any order
 *		and the head is the accepted event latest by (time, id).  In both,
 *		last_optout is the latest accepted opt-out, gpc whether any accepted
 *		event was GPC, and pending_own follows the head's event.
 */
static void
test_random_ledgers(void)
{
	uint32_t	seed = 7025;
	int			l;
	long		applied = 0;
	int64_t		base0 = ts(2020, 1, 1, 0, 0, 0, 0);

	for (l = 0; l < 2000; l++)
	{
		bool		imp = (l % 3) == 0;
		ambc_consent_head h = empty_head();
		ambc_consent_event top;	/* the head's event, by the model */
		bool		have_top = false;
		int64_t		max_optout = AMBC_NO_TIME;
		bool		any_gpc = false;
		int64_t		clock = base0 + rnd64(&seed, 5 * 366 * USECS_PER_DAY);
		int			k;

		memset(&top, 0, sizeof(top));
		for (k = 0; k < 50; k++)
		{
			ambc_consent_event e;
			ambc_consent_head before = h;
			int64_t		now;
			ambc_consent_verdict v;

			/* time goes on, by nothing, a microsecond, hours or months */
			switch (rnd(&seed, 4))
			{
				case 0:
					break;
				case 1:
					clock += 1;
					break;
				case 2:
					clock += (int64_t) rnd(&seed, 48) * USECS_PER_HOUR;
					break;
				default:
					clock += (int64_t) rnd(&seed, 400) * USECS_PER_DAY;
					break;
			}
			e = random_event(&seed, k + 1, clock);
			e.erased = false;
			/* mostly consumer-initiated and well-formed, so ledgers move */
			if (rnd(&seed, 2))
			{
				e.has_source = e.has_method = e.shown = true;
				e.consumer_initiated = true;
			}
			if (!imp)
				e.occurred = clock - (rnd(&seed, 20) == 0 ? 1 : 0);
			now = clock + USECS_PER_HOUR;
			v = ambc_consent_check(&h, &e, now, 0, imp);
			CHECK((int) v >= 0 && (int) v < NVERDICTS);
			CHECK((v == AMBC_CR_OK) == (model_violations(&h, &e, now, 0, imp) == 0));
			if (v != AMBC_CR_OK)
				continue;
			applied++;
			ambc_consent_apply(&h, &e);

			/* the model head */
			if (e.state == DENIED || e.state == WITHDRAWN)
				if (max_optout == AMBC_NO_TIME || e.occurred > max_optout)
					max_optout = e.occurred;
			any_gpc = any_gpc || e.gpc;
			if (!have_top || e.occurred > top.occurred ||
				(e.occurred == top.occurred && e.id > top.id))
			{
				top = e;
				have_top = true;
			}
			CHECK(h.state == top.state && h.since == top.occurred && h.since_id == top.id);
			CHECK(h.pending_own == (top.state == PENDING && !top.parental));
			CHECK(h.last_optout == max_optout);
			CHECK(h.gpc == any_gpc);
			/* since never goes back */
			CHECK(before.since == AMBC_NO_TIME || h.since >= before.since);
			if (!imp)
				CHECK(h.since == e.occurred && h.state == e.state);
		}
	}
	CHECKF(applied > 20000, "%ld events applied", applied);
}

/*
 * test_every_verdict_reached
 *		Runs last: the tests above reached every verdict (as expected) at
 *		least once.
 */
static void
test_every_verdict_reached(void)
{
	int			v;

	for (v = 0; v < NVERDICTS; v++)
		CHECKF(verdict_seen[v], "verdict %s never reached", vname(v));
}

/*
 * test_extreme_times
 *		Months and times at the ends of their ranges: no undefined
 *		behaviour (UBSan aborts the run), and the rules still hold before
 *		1 BC and at the far future.
 */
static void
test_extreme_times(void)
{
	volatile int64_t sink;
	int64_t		bc = ts(100, 6, 15, 0, 0, 0, 0) - (int64_t) 200 * 366 * USECS_PER_DAY;
	ambc_consent_head h;
	ambc_consent_event e;

	/* month index below 0: reads mdays[-1] */
	sink = ambc_add_months(0, -24001);
	/* int overflow of the month count */
	sink = ambc_add_months(0, INT_MAX);
	sink = ambc_add_months(0, INT_MIN);
	/* a time before 1 BC: mdays[negative] */
	sink = ambc_add_months(bc, 12);
	(void) sink;
	CHECK(1);

	/* an opt-out in 101 BC: a pending a day later is within 12 months */
	h = hd(DENIED, bc, 1, bc, false, false);
	e = ss_ev(2, PENDING, bc + USECS_PER_DAY, 30);
	expect("re-ask after an opt-out BC", &h, &e, bc + 2 * USECS_PER_DAY, 0, false,
		   AMBC_CR_REASK);

	/* occurred - now overflows */
	h = empty_head();
	e = ev(1, DENIED, INT64_MAX);
	expect("far future", &h, &e, INT64_MIN + 1, 0, false, AMBC_CR_FUTURE);
	/* -infinity (AMBC_NO_TIME) is before everything */
	h = empty_head();
	e = ev(1, DENIED, AMBC_NO_TIME);
	expect("minus infinity", &h, &e, 0, 0, false, AMBC_CR_BACKWARDS);
	CHECK(ambc_add_months(INT64_MAX - 1, 1) == INT64_MAX);
	CHECK(ambc_add_months(INT64_MIN + 1, -1) == INT64_MIN + 1);
	/* the first day of the range (found by fuzz_consent_rules) */
	CHECK(ambc_add_months(INT64_MIN + 1, 0) == INT64_MIN + 1);
	CHECK(ambc_add_months(INT64_C(-9223372022400000001), 0) == INT64_C(-9223372022400000001));
	CHECK(ambc_add_months(INT64_MIN + 1, 12) > INT64_MIN + 1);
	h = hd(WITHDRAWN, 0, 1, INT64_MIN + 1, false, false);
	e = ss_ev(2, PENDING, 0, 30);
	expect("re-ask long after an opt-out at the start of time", &h, &e, 0, 0, false, AMBC_CR_OK);
}

int
main(void)
{
	static const unit_test tests[] = {
		UNIT(test_transition_table),
		UNIT(test_transitions_checked),
		UNIT(test_erased),
		UNIT(test_future),
		UNIT(test_backwards),
		UNIT(test_evidence),
		UNIT(test_minors),
		UNIT(test_reask),
		UNIT(test_gpc),
		UNIT(test_gpc_ledger),
		UNIT(test_import_mode),
		UNIT(test_head_init),
		UNIT(test_apply),
		UNIT(test_ties),
		UNIT(test_add_months),
		UNIT(test_age_years),
		UNIT(test_verdict_names),
		UNIT(test_random_check),
		UNIT(test_random_ledgers),
		UNIT(test_extreme_times),
		UNIT(test_every_verdict_reached),
	};

	return unit_run(tests, (int) LENGTHOF(tests));
}

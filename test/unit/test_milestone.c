/*-------------------------------------------------------------------------
 *
 * test_milestone.c
 *		Unit tests for the arithmetic of referral micro-incentives
 *		(src/core/milestone.c).
 *
 * The expectations are written from milestone.h and from PostgreSQL:
 *
 *	- ambc_milestone_credits and ambc_simulate_credits are compared with
 *	  models in 128-bit arithmetic, on tables (the seed case, "1000
 *	  cents after every 3": 7 successes earn 2000) and on random values
 *	  taken mostly from the ends of the int64 range.
 *	- ambc_period_start is compared with what PostgreSQL 15 gives for
 *	  origin + k * interval in UTC (the tables below were printed by
 *	  psql: month ends clamp, 2024-01-31 plus 1 month is 2024-02-29), then
 *	  with an independent reference: a civil calendar written here
 *	  (Hinnant's days_from_civil / civil_from_days), the boundary
 *	  origin + k * p computed exactly in 128 bits, and k found by stepping
 *	  up from far below t.  On extreme times the function must either
 *	  give the reference's answer or AMBC_OVERFLOW, and AMBC_OVERFLOW only
 *	  when a boundary near t is not a representable time.
 *	- ambc_incentive_plan is compared with a model of the header's rules on
 *	  tables (the seed case: held {1, 2}, one refund leaves 1 earned, one
 *	  clawback of milestone 2; a new success credits it again with reach 2)
 *	  and on random ledgers; the bookings are then applied to the ledger
 *	  (a credit makes a milestone held and closes its withheld note, a
 *	  clawback makes it not held, a withheld note opens) and planning again
 *	  must book nothing.
 *
 * test_period_regress holds the inputs on which an earlier
 * ambc_period_start returned AMBC_OVERFLOW for representable boundaries:
 * its first guess of k, a double, was off by thousands of periods for
 * periods of a few microseconds far from the origin (year 200000 with a
 * 1 microsecond period), and it refused any guess beyond 9e18 periods.
 * Periods without months now get k in exact integer arithmetic; the cases
 * fuzz_milestone found against a first fix are there too.
 *
 * test/unit/test_milestone.c
 *
 *-------------------------------------------------------------------------
 */
#include <limits.h>
#include <stdbool.h>
#include <stdint.h>

#include "bizdays.h"
#include "milestone.h"
#include "unit.h"

#define LENGTHOF(a) (sizeof(a) / sizeof((a)[0]))

#define USECS_PER_SEC INT64_C(1000000)
#define USECS_PER_HOUR (INT64_C(3600) * USECS_PER_SEC)
#define USECS_PER_DAY (INT64_C(86400) * USECS_PER_SEC)

#define NO_CAP AMBC_NO_CAP

#include "milestone_ref.h"

/* a ledger in the random tests holds at most this many milestones */
#define MAX_MS 96
/* and a plan books at most this many entries */
#define MAX_BOOK (MAX_MS + 64)

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
 * rnd_u64
 *		64 random bits.
 */
static uint64_t
rnd_u64(uint32_t *s)
{
	return ((uint64_t) lcg(s) << 40) ^ ((uint64_t) lcg(s) << 20) ^ lcg(s);
}

/*
 * rnd_between
 *		A number in lo..hi (lo <= hi).
 */
static int64_t
rnd_between(uint32_t *s, int64_t lo, int64_t hi)
{
	uint64_t	span = (uint64_t) hi - (uint64_t) lo;
	uint64_t	r = rnd_u64(s);

	if (span != UINT64_MAX)
		r %= span + 1;
	return (int64_t) ((uint64_t) lo + r);
}

/*
 * rnd_i64
 *		An int64 for the arithmetic tests: often an extreme or a neighbour
 *		of one, else small, else any 64 bits.
 */
static int64_t
rnd_i64(uint32_t *s)
{
	static const int64_t extremes[] = {
		0, 1, 2, 3, -1, -2, INT64_MAX, INT64_MAX - 1, INT64_MIN, INT64_MIN + 1,
		INT64_MAX / 2, INT64_MAX / 2 + 1, INT64_MAX / 3, INT32_MAX,
		(int64_t) INT32_MAX + 1, INT64_C(3037000499), INT64_C(3037000500),
		1000, 7
	};

	switch (rnd(s, 4))
	{
		case 0:
			return extremes[rnd(s, LENGTHOF(extremes))];
		case 1:
			return (int64_t) rnd(s, 64) - 2;
		case 2:
			return (int64_t) rnd(s, 1u << 20);
		default:
			return (int64_t) rnd_u64(s);
	}
}

/*
 * sname
 *		Name of a status, for messages.
 */
static const char *
sname(ambc_status st)
{
	return ambc_status_name(st);
}

/*
 * day_of
 *		Day number of y-m-d (days since 2000-01-01); a failed check and 0 if
 *		the date is invalid.
 */
static int32_t
day_of(int y, int m, int d)
{
	int32_t		day = 0;
	ambc_status st = ambc_ymd_to_day(y, m, d, &day);

	CHECKF(st == AMBC_OK, "date %04d-%02d-%02d: %s", y, m, d, sname(st));
	return day;
}

/*
 * ts
 *		The time y-m-d hh:mi:ss.us UTC, in microseconds since 2000-01-01.
 */
static int64_t
ts(int y, int m, int d, int hh, int mi, int ss, int us)
{
	return (int64_t) day_of(y, m, d) * USECS_PER_DAY +
		((int64_t) hh * 3600 + mi * 60 + ss) * USECS_PER_SEC + us;
}

static ambc_period
per(int32_t months, int32_t days, int64_t usecs)
{
	ambc_period p;

	p.months = months;
	p.days = days;
	p.usecs = usecs;
	return p;
}

/* ---- the reference calendar and boundaries ------------------------------ */


/*
 * ref_index
 *		The k with boundary k <= t < boundary k + 1: a first guess from the
 *		average period (a Gregorian month is 30.436875 days exactly), then
 *		steps.  *steps counts them, for a check that the guess is near.
 */
static i128
ref_index(int64_t origin, const ambc_period *p, int64_t t, int *steps)
{
	i128		len = (i128) p->months * INT64_C(2629746000000) +
		(i128) p->days * USECS_PER_DAY + p->usecs;
	i128		k = floor_div128((i128) t - origin, len);

	*steps = 0;
	while (ref_boundary(origin, p, k, NULL) > t)
	{
		k--;
		(*steps)++;
	}
	while (ref_boundary(origin, p, k + 1, NULL) <= t)
	{
		k++;
		(*steps)++;
	}
	return k;
}

/*
 * check_start
 *		ambc_period_start(origin, p, t) against the reference: AMBC_OK with
 *		the reference's k and start, start <= t < the next boundary, or
 *		AMBC_OVERFLOW when a boundary within 8 periods of t is not clear.
 *		must_ok: the case is one where AMBC_OVERFLOW is wrong.  Returns the
 *		status.
 */
static ambc_status
check_start(const char *what, int64_t origin, const ambc_period *p, int64_t t,
			bool must_ok)
{
	int64_t		start = 0x5A5A;
	int64_t		index = 0x5A5A;
	int64_t		start2 = 0;
	int64_t		index2 = 0;
	ambc_status st = ambc_period_start(origin, p, t, &start, &index);
	ambc_status st2 = ambc_period_start(origin, p, t, &start2, &index2);
	int			steps;
	i128		k = ref_index(origin, p, t, &steps);
	i128		b = ref_boundary(origin, p, k, NULL);
	i128		next = ref_boundary(origin, p, k + 1, NULL);
	i128		j;
	bool		near_ok = true;

	CHECKF(steps <= 3, "%s: the reference's guess took %d steps", what, steps);
	CHECKF(b <= t && t < next, "%s: reference boundaries do not hold t", what);
	CHECKF(st2 == st && (st != AMBC_OK || (start2 == start && index2 == index)),
		   "%s: not deterministic", what);
	for (j = k - 8; j <= k + 9; j++)
		near_ok = near_ok && ref_clear(origin, p, j);
	if (st == AMBC_OK)
	{
		CHECKF(index == k && start == b,
			   "%s: origin %lld t %lld: got k %lld start %lld, want k %.0f start %.0f",
			   what, (long long) origin, (long long) t, (long long) index,
			   (long long) start, (double) k, (double) b);
		CHECKF(start <= t && t < next, "%s: start %lld does not hold t %lld",
			   what, (long long) start, (long long) t);
		CHECKF(next <= INT64_MAX && start != INT64_MIN,
			   "%s: OK with a boundary out of range", what);
	}
	else if (st == AMBC_OVERFLOW)
		CHECKF(!near_ok && !must_ok,
			   "%s: origin %lld t %lld p {%d, %d, %lld}: overflow, but every boundary near t is a time (k %.0f)",
			   what, (long long) origin, (long long) t, p->months, p->days,
			   (long long) p->usecs, (double) k);
	else
		CHECKF(false, "%s: unexpected status %s", what, sname(st));
	return st;
}

/* ---- ambc_milestone_credits --------------------------------------------- */

/*
 * model_credits
 *		milestone.h's formula in 128 bits.
 */
static ambc_status
model_credits(int64_t successes, int64_t every_n, int64_t credit, int64_t cap,
			  int64_t *out)
{
	i128		total;

	if (successes < 0 || every_n < 1 || credit < 0 || cap < -1)
		return AMBC_INVALID;
	total = (i128) (successes / every_n) * credit;
	if (cap != NO_CAP && total > cap)
		total = cap;
	if (total > INT64_MAX)
		return AMBC_OVERFLOW;
	*out = (int64_t) total;
	return AMBC_OK;
}

static void
test_credits_table(void)
{
	static const struct
	{
		int64_t		successes,
					every_n,
					credit,
					cap;
		ambc_status st;
		int64_t		out;
	}			cases[] = {
		/* the seed case: 7 successes, 1000 cents after every 3 */
		{7, 3, 1000, NO_CAP, AMBC_OK, 2000},
		{6, 3, 1000, NO_CAP, AMBC_OK, 2000},
		{5, 3, 1000, NO_CAP, AMBC_OK, 1000},
		{3, 3, 1000, NO_CAP, AMBC_OK, 1000},
		{2, 3, 1000, NO_CAP, AMBC_OK, 0},
		{0, 3, 1000, NO_CAP, AMBC_OK, 0},
		{9, 3, 1000, NO_CAP, AMBC_OK, 3000},
		{1, 1, 0, NO_CAP, AMBC_OK, 0},
		/* caps: below, at, above the total; a cap of 0 pays nothing */
		{7, 3, 1000, 2500, AMBC_OK, 2000},
		{7, 3, 1000, 2000, AMBC_OK, 2000},
		{7, 3, 1000, 1999, AMBC_OK, 1999},
		{7, 3, 1000, 1500, AMBC_OK, 1500},
		{7, 3, 1000, 0, AMBC_OK, 0},
		{2, 3, 1000, 0, AMBC_OK, 0},
		/* invalid arguments */
		{-1, 3, 1000, NO_CAP, AMBC_INVALID, 0},
		{INT64_MIN, 3, 1000, NO_CAP, AMBC_INVALID, 0},
		{7, 0, 1000, NO_CAP, AMBC_INVALID, 0},
		{7, -3, 1000, NO_CAP, AMBC_INVALID, 0},
		{7, INT64_MIN, 1000, NO_CAP, AMBC_INVALID, 0},
		{7, 3, -1, NO_CAP, AMBC_INVALID, 0},
		{7, 3, INT64_MIN, NO_CAP, AMBC_INVALID, 0},
		{7, 3, 1000, -2, AMBC_INVALID, 0},
		{7, 3, 1000, INT64_MIN, AMBC_INVALID, 0},
		/* the ends of int64 */
		{INT64_MAX, 1, 1, NO_CAP, AMBC_OK, INT64_MAX},
		{INT64_MAX, INT64_MAX, INT64_MAX, NO_CAP, AMBC_OK, INT64_MAX},
		{INT64_MAX - 1, INT64_MAX, INT64_MAX, NO_CAP, AMBC_OK, 0},
		{INT64_MAX, 2, 2, NO_CAP, AMBC_OK, INT64_MAX - 1},
		{INT64_MAX, 1, 2, NO_CAP, AMBC_OVERFLOW, 0},
		{INT64_MAX, 1, INT64_MAX, NO_CAP, AMBC_OVERFLOW, 0},
		{2, 1, INT64_MAX, NO_CAP, AMBC_OVERFLOW, 0},
		{1, 1, INT64_MAX, NO_CAP, AMBC_OK, INT64_MAX},
		{INT64_C(3037000500), 1, INT64_C(3037000500), NO_CAP, AMBC_OVERFLOW, 0},
		{INT64_C(3037000499), 1, INT64_C(3037000499), NO_CAP, AMBC_OK,
		INT64_C(9223372030926249001)},
		{INT64_MAX, 1, 0, NO_CAP, AMBC_OK, 0},
		{0, 1, INT64_MAX, NO_CAP, AMBC_OK, 0},
		/* an overflow that is capped is the cap */
		{INT64_MAX, 1, 2, 5, AMBC_OK, 5},
		{INT64_MAX, 1, INT64_MAX, 0, AMBC_OK, 0},
		{INT64_MAX, 1, INT64_MAX, INT64_MAX, AMBC_OK, INT64_MAX},
		{2, 1, INT64_MAX, INT64_MAX - 1, AMBC_OK, INT64_MAX - 1},
	};
	size_t		i;

	for (i = 0; i < LENGTHOF(cases); i++)
	{
		int64_t		out = -12345;
		ambc_status st = ambc_milestone_credits(cases[i].successes, cases[i].every_n,
												cases[i].credit, cases[i].cap, &out);

		CHECKF(st == cases[i].st, "case %zu: want %s, got %s", i,
			   sname(cases[i].st), sname(st));
		if (st == AMBC_OK && cases[i].st == AMBC_OK)
			CHECKF(out == cases[i].out, "case %zu: want %lld, got %lld", i,
				   (long long) cases[i].out, (long long) out);
	}
}

static void
test_credits_random(void)
{
	uint32_t	seed = 20250101;
	int			i;
	int			nok = 0,
				noverflow = 0,
				ninvalid = 0,
				ncapped = 0;

	for (i = 0; i < 200000; i++)
	{
		int64_t		successes = rnd_i64(&seed);
		int64_t		every_n = rnd(&seed, 3) == 0 ? 1 : rnd_i64(&seed);
		int64_t		credit = rnd_i64(&seed);
		int64_t		cap = rnd(&seed, 3) == 0 ? NO_CAP : rnd_i64(&seed);
		int64_t		out = 0,
					want = 0;
		ambc_status st = ambc_milestone_credits(successes, every_n, credit, cap, &out);
		ambc_status wst = model_credits(successes, every_n, credit, cap, &want);

		CHECKF(st == wst, "credits(%lld, %lld, %lld, %lld): want %s, got %s",
			   (long long) successes, (long long) every_n, (long long) credit,
			   (long long) cap, sname(wst), sname(st));
		if (st == AMBC_OK && wst == AMBC_OK)
		{
			CHECKF(out == want, "credits(%lld, %lld, %lld, %lld): want %lld, got %lld",
				   (long long) successes, (long long) every_n, (long long) credit,
				   (long long) cap, (long long) want, (long long) out);
			CHECK(out >= 0 && (cap == NO_CAP || out <= cap));
			ncapped += cap != NO_CAP && out == cap;
		}
		nok += st == AMBC_OK;
		noverflow += st == AMBC_OVERFLOW;
		ninvalid += st == AMBC_INVALID;
	}
	/* every outcome came up often */
	CHECKF(nok > 10000 && noverflow > 1000 && ninvalid > 10000 && ncapped > 1000,
		   "ok %d, overflow %d, invalid %d, capped %d", nok, noverflow, ninvalid,
		   ncapped);
}

/* ---- ambc_capped_amount ------------------------------------------------- */

static void
test_capped_table(void)
{
	static const struct
	{
		int64_t		credit,
					cap,
					used;
		ambc_status st;
		int64_t		out;
	}			cases[] = {
		/* no cap: the credit, whatever was used */
		{1000, NO_CAP, 0, AMBC_OK, 1000},
		{1000, NO_CAP, INT64_MAX, AMBC_OK, 1000},
		{1000, NO_CAP, INT64_MIN, AMBC_OK, 1000},
		{INT64_MAX, NO_CAP, 5, AMBC_OK, INT64_MAX},
		{0, NO_CAP, 5, AMBC_OK, 0},
		/* room left */
		{1000, 5000, 0, AMBC_OK, 1000},
		{1000, 5000, 4000, AMBC_OK, 1000},
		{1000, 5000, 4001, AMBC_OK, 999},
		{1000, 5000, 4500, AMBC_OK, 500},
		{1000, 5000, 4999, AMBC_OK, 1},
		/* at the cap and above it: nothing, never below 0 */
		{1000, 5000, 5000, AMBC_OK, 0},
		{1000, 5000, 5001, AMBC_OK, 0},
		{1000, 5000, INT64_MAX, AMBC_OK, 0},
		{1000, 0, 0, AMBC_OK, 0},
		{0, 5000, 0, AMBC_OK, 0},

		/*
		 * used below 0 (the period's clawbacks exceed its credits): the code
		 * counts it as nothing used, so a period never pays more than the
		 * cap; the header's min(credit, cap - used) would give 1500 and
		 * 2000 for the first two (reported, behaviour kept).
		 */
		{2000, 1000, -500, AMBC_OK, 1000},
		{5000, 1000, INT64_MIN, AMBC_OK, 1000},
		{500, 1000, -500, AMBC_OK, 500},
		{INT64_MAX, INT64_MAX, -1, AMBC_OK, INT64_MAX},
		{INT64_MAX, INT64_MAX, 1, AMBC_OK, INT64_MAX - 1},
		{INT64_MAX, INT64_MAX, INT64_MIN, AMBC_OK, INT64_MAX},
		/* invalid */
		{-1, 5000, 0, AMBC_INVALID, 0},
		{INT64_MIN, NO_CAP, 0, AMBC_INVALID, 0},
		{1000, -2, 0, AMBC_INVALID, 0},
		{1000, INT64_MIN, 0, AMBC_INVALID, 0},
	};
	size_t		i;

	for (i = 0; i < LENGTHOF(cases); i++)
	{
		int64_t		out = -12345;
		ambc_status st = ambc_capped_amount(cases[i].credit, cases[i].cap,
											cases[i].used, &out);

		CHECKF(st == cases[i].st, "case %zu: want %s, got %s", i,
			   sname(cases[i].st), sname(st));
		if (st == AMBC_OK && cases[i].st == AMBC_OK)
			CHECKF(out == cases[i].out, "case %zu: want %lld, got %lld", i,
				   (long long) cases[i].out, (long long) out);
	}
}

static void
test_capped_random(void)
{
	uint32_t	seed = 77;
	int			i;
	int			nexact = 0;

	for (i = 0; i < 200000; i++)
	{
		int64_t		credit = rnd_i64(&seed);
		int64_t		cap = rnd(&seed, 4) == 0 ? NO_CAP : rnd_i64(&seed);
		int64_t		used = rnd(&seed, 2) ? rnd_between(&seed, -5, cap > 0 ? cap : 5) :
			rnd_i64(&seed);
		int64_t		out = -12345;
		ambc_status st = ambc_capped_amount(credit, cap, used, &out);

		if (credit < 0 || cap < -1)
		{
			CHECK(st == AMBC_INVALID);
			continue;
		}
		CHECK(st == AMBC_OK);
		if (st != AMBC_OK)
			continue;
		CHECK(out >= 0 && out <= credit);
		if (cap == NO_CAP)
		{
			CHECK(out == credit);
			continue;
		}
		CHECK(out <= cap);
		/* the header's formula wherever used is a period's usage, 0..cap */
		if (used >= 0 && used <= cap)
		{
			CHECK(out == (credit < cap - used ? credit : cap - used));
			nexact++;
		}
		else if (used > cap)
			CHECK(out == 0);
		else
			CHECK(out == (credit < cap ? credit : cap));
	}
	CHECKF(nexact > 50000, "only %d cases with 0 <= used <= cap", nexact);
}

/* ---- periods ------------------------------------------------------------ */

static void
test_period_valid(void)
{
	static const struct
	{
		int32_t		months,
					days;
		int64_t		usecs;
		bool		valid;
	}			cases[] = {
		{0, 0, 0, false},
		{1, 0, 0, true},
		{0, 1, 0, true},
		{0, 0, 1, true},
		{-1, 0, 0, false},
		{0, -1, 0, false},
		{0, 0, -1, false},
		{1, 1, -1, false},
		{-1, 1, 1, false},
		{1, -1, 1, false},
		{INT32_MIN, 0, 0, false},
		{0, 0, INT64_MIN, false},
		{INT32_MAX, INT32_MAX, INT64_MAX, true},
		{0, INT32_MAX, 0, true},
		{0, 0, INT64_MAX, true},
		{12, 0, 0, true},
		{1, 1, 43200000000, true},
	};
	size_t		i;

	for (i = 0; i < LENGTHOF(cases); i++)
	{
		ambc_period p = per(cases[i].months, cases[i].days, cases[i].usecs);
		int64_t		start = 0,
					index = 0;

		CHECKF(ambc_period_valid(&p) == cases[i].valid, "case %zu", i);
		if (!cases[i].valid)
		{
			CHECKF(ambc_period_start(0, &p, 0, &start, &index) == AMBC_INVALID,
				   "case %zu", i);
			CHECKF(ambc_period_start(INT64_MAX, &p, INT64_MIN, &start, &index) ==
				   AMBC_INVALID, "case %zu", i);
		}
	}
}

/* a boundary PostgreSQL printed: origin + k * period = y-m-d hh:mi:ss.us */
typedef struct pg_row
{
	int			k;
	int			y,
				m,
				d,
				hh,
				mi,
				ss,
				us;
} pg_row;

/*
 * check_pg_rows
 *		For each of rows, with origin and p: the reference boundary is
 *		PostgreSQL's; t at the boundary, an hour after it and halfway to the
 *		next row's boundary are in period k; one microsecond before it is in
 *		period k - 1.
 */
static void
check_pg_rows(const char *what, int64_t origin, ambc_period p,
			  const pg_row *rows, size_t nrows)
{
	size_t		i;

	for (i = 0; i < nrows; i++)
	{
		const pg_row *r = &rows[i];
		int64_t		b = ts(r->y, r->m, r->d, r->hh, r->mi, r->ss, r->us);
		int64_t		start = 0,
					index = 0;
		ambc_status st;

		CHECKF(ref_boundary(origin, &p, r->k, NULL) == b,
			   "%s: reference boundary %d is not PostgreSQL's %04d-%02d-%02d",
			   what, r->k, r->y, r->m, r->d);
		st = ambc_period_start(origin, &p, b, &start, &index);
		CHECKF(st == AMBC_OK && start == b && index == r->k,
			   "%s: t = boundary %d (%04d-%02d-%02d): %s k %lld start %lld",
			   what, r->k, r->y, r->m, r->d, sname(st), (long long) index,
			   (long long) start);
		st = ambc_period_start(origin, &p, b + USECS_PER_HOUR, &start, &index);
		CHECKF(st == AMBC_OK && start == b && index == r->k,
			   "%s: an hour after boundary %d: %s k %lld", what, r->k, sname(st),
			   (long long) index);
		st = ambc_period_start(origin, &p, b - 1, &start, &index);
		CHECKF(st == AMBC_OK && index == r->k - 1 && start < b &&
			   start == ref_boundary(origin, &p, r->k - 1, NULL),
			   "%s: just before boundary %d: %s k %lld", what, r->k, sname(st),
			   (long long) index);
		if (i + 1 < nrows && rows[i + 1].k == r->k + 1)
		{
			int64_t		b2 = ts(rows[i + 1].y, rows[i + 1].m, rows[i + 1].d,
								rows[i + 1].hh, rows[i + 1].mi, rows[i + 1].ss,
								rows[i + 1].us);

			st = ambc_period_start(origin, &p, b + (b2 - b) / 2, &start, &index);
			CHECKF(st == AMBC_OK && start == b && index == r->k,
				   "%s: halfway after boundary %d", what, r->k);
			st = ambc_period_start(origin, &p, b2 - 1, &start, &index);
			CHECKF(st == AMBC_OK && start == b && index == r->k,
				   "%s: the last microsecond of period %d", what, r->k);
		}
	}
}

/*
 * test_period_months_pg
 *		Monthly periods from 2024-01-31 00:00 UTC, against
 *		SELECT k, o + k * interval '1 month' (PostgreSQL 15, TimeZone UTC).
 */
static void
test_period_months_pg(void)
{
	static const pg_row rows[] = {
		{-25, 2021, 12, 31, 0, 0, 0, 0}, {-24, 2022, 1, 31, 0, 0, 0, 0}, {-23, 2022, 2, 28, 0, 0, 0, 0},
		{-13, 2022, 12, 31, 0, 0, 0, 0}, {-12, 2023, 1, 31, 0, 0, 0, 0}, {-11, 2023, 2, 28, 0, 0, 0, 0},
		{-2, 2023, 11, 30, 0, 0, 0, 0}, {-1, 2023, 12, 31, 0, 0, 0, 0}, {0, 2024, 1, 31, 0, 0, 0, 0},
		{1, 2024, 2, 29, 0, 0, 0, 0}, {2, 2024, 3, 31, 0, 0, 0, 0}, {3, 2024, 4, 30, 0, 0, 0, 0}, {4, 2024, 5, 31, 0, 0, 0, 0},
		{11, 2024, 12, 31, 0, 0, 0, 0}, {12, 2025, 1, 31, 0, 0, 0, 0}, {13, 2025, 2, 28, 0, 0, 0, 0},
		{25, 2026, 2, 28, 0, 0, 0, 0}, {49, 2028, 2, 29, 0, 0, 0, 0}, {50, 2028, 3, 31, 0, 0, 0, 0},
	};
	int64_t		origin = ts(2024, 1, 31, 0, 0, 0, 0);
	ambc_period month = per(1, 0, 0);
	int64_t		start = 0,
				index = 0;
	ambc_status st;

	/* ts() agrees with the microseconds psql printed for three rows */
	CHECK(origin == INT64_C(759974400000000));
	CHECK(ts(2024, 2, 29, 0, 0, 0, 0) == INT64_C(762480000000000));
	CHECK(ts(2028, 3, 31, 0, 0, 0, 0) == INT64_C(891388800000000));

	check_pg_rows("1 month from 2024-01-31", origin, month, rows, LENGTHOF(rows));

	/* the cases worked by hand in the brief */
	st = ambc_period_start(origin, &month, ts(2024, 2, 29, 12, 0, 0, 0), &start, &index);
	CHECK(st == AMBC_OK && index == 1 && start == ts(2024, 2, 29, 0, 0, 0, 0));
	st = ambc_period_start(origin, &month, ts(2024, 3, 30, 0, 0, 0, 0), &start, &index);
	CHECK(st == AMBC_OK && index == 1 && start == ts(2024, 2, 29, 0, 0, 0, 0));
	st = ambc_period_start(origin, &month, ts(2024, 3, 30, 23, 59, 59, 999999), &start, &index);
	CHECK(st == AMBC_OK && index == 1 && start == ts(2024, 2, 29, 0, 0, 0, 0));
	st = ambc_period_start(origin, &month, ts(2024, 3, 31, 0, 0, 0, 0), &start, &index);
	CHECK(st == AMBC_OK && index == 2 && start == ts(2024, 3, 31, 0, 0, 0, 0));
	st = ambc_period_start(origin, &month, ts(2024, 2, 28, 23, 59, 59, 999999), &start, &index);
	CHECK(st == AMBC_OK && index == 0 && start == origin);
	/* before the origin: negative k */
	st = ambc_period_start(origin, &month, ts(2024, 1, 30, 0, 0, 0, 0), &start, &index);
	CHECK(st == AMBC_OK && index == -1 && start == ts(2023, 12, 31, 0, 0, 0, 0));
	st = ambc_period_start(origin, &month, origin - 1, &start, &index);
	CHECK(st == AMBC_OK && index == -1 && start == ts(2023, 12, 31, 0, 0, 0, 0));
	st = ambc_period_start(origin, &month, ts(2023, 12, 30, 23, 0, 0, 0), &start, &index);
	CHECK(st == AMBC_OK && index == -2 && start == ts(2023, 11, 30, 0, 0, 0, 0));
	st = ambc_period_start(origin, &month, origin, &start, &index);
	CHECK(st == AMBC_OK && index == 0 && start == origin);
	/* a century later: 2124-01-31 is boundary 1200 */
	st = ambc_period_start(origin, &month, ts(2124, 2, 15, 0, 0, 0, 0), &start, &index);
	CHECK(st == AMBC_OK && index == 1200 && start == ts(2124, 1, 31, 0, 0, 0, 0));
	st = ambc_period_start(origin, &month, ts(2124, 2, 29, 0, 0, 0, 0), &start, &index);
	CHECK(st == AMBC_OK && index == 1201 && start == ts(2124, 2, 29, 0, 0, 0, 0));
	/* far back: 1600-02-29 is a leap day, 1700-02-28 is not */
	st = ambc_period_start(origin, &month, ts(1600, 3, 1, 0, 0, 0, 0), &start, &index);
	CHECK(st == AMBC_OK && index == -(424 * 12) + 1 && start == ts(1600, 2, 29, 0, 0, 0, 0));
	st = ambc_period_start(origin, &month, ts(1700, 3, 1, 0, 0, 0, 0), &start, &index);
	CHECK(st == AMBC_OK && index == -(324 * 12) + 1 && start == ts(1700, 2, 28, 0, 0, 0, 0));
}

/*
 * test_period_mixed_pg
 *		Periods with days and microseconds, and other origins, against
 *		PostgreSQL 15's o + k * i (TimeZone UTC).
 */
static void
test_period_mixed_pg(void)
{
	/* interval '1 month 1 day' from 2024-01-31 00:00 */
	static const pg_row month_day[] = {
		{-3, 2023, 10, 28, 0, 0, 0, 0}, {-2, 2023, 11, 28, 0, 0, 0, 0}, {-1, 2023, 12, 30, 0, 0, 0, 0},
		{0, 2024, 1, 31, 0, 0, 0, 0}, {1, 2024, 3, 1, 0, 0, 0, 0}, {2, 2024, 4, 2, 0, 0, 0, 0}, {3, 2024, 5, 3, 0, 0, 0, 0},
	};
	/* interval '2 months 1 day 12:00:00.000001' from 2024-01-31 06:30 */
	static const pg_row mixed[] = {
		{-3, 2023, 7, 26, 18, 29, 59, 999997},
		{-2, 2023, 9, 27, 6, 29, 59, 999998},
		{-1, 2023, 11, 28, 18, 29, 59, 999999},
		{0, 2024, 1, 31, 6, 30, 0, 0},
		{1, 2024, 4, 1, 18, 30, 0, 1},
		{2, 2024, 6, 3, 6, 30, 0, 2},
		{3, 2024, 8, 4, 18, 30, 0, 3},
	};
	/* interval '6 months' from 2023-08-31 23:59:59.999999 */
	static const pg_row half_year[] = {
		{-3, 2022, 2, 28, 23, 59, 59, 999999},
		{-2, 2022, 8, 31, 23, 59, 59, 999999},
		{-1, 2023, 2, 28, 23, 59, 59, 999999},
		{0, 2023, 8, 31, 23, 59, 59, 999999},
		{1, 2024, 2, 29, 23, 59, 59, 999999},
		{2, 2024, 8, 31, 23, 59, 59, 999999},
		{3, 2025, 2, 28, 23, 59, 59, 999999},
	};
	/* interval '12 months' from 2024-02-29 */
	static const pg_row year[] = {
		{-4, 2020, 2, 29, 0, 0, 0, 0}, {-3, 2021, 2, 28, 0, 0, 0, 0}, {-2, 2022, 2, 28, 0, 0, 0, 0},
		{-1, 2023, 2, 28, 0, 0, 0, 0}, {0, 2024, 2, 29, 0, 0, 0, 0}, {1, 2025, 2, 28, 0, 0, 0, 0},
		{2, 2026, 2, 28, 0, 0, 0, 0}, {3, 2027, 2, 28, 0, 0, 0, 0}, {4, 2028, 2, 29, 0, 0, 0, 0},
	};
	/* interval '1 month' from 1999-12-31, across the epoch */
	static const pg_row epoch[] = {
		{-3, 1999, 9, 30, 0, 0, 0, 0}, {-2, 1999, 10, 31, 0, 0, 0, 0}, {-1, 1999, 11, 30, 0, 0, 0, 0},
		{0, 1999, 12, 31, 0, 0, 0, 0}, {1, 2000, 1, 31, 0, 0, 0, 0}, {2, 2000, 2, 29, 0, 0, 0, 0},
		{3, 2000, 3, 31, 0, 0, 0, 0},
	};

	check_pg_rows("1 month 1 day", ts(2024, 1, 31, 0, 0, 0, 0), per(1, 1, 0),
				  month_day, LENGTHOF(month_day));
	check_pg_rows("2 months 1 day 12:00:00.000001", ts(2024, 1, 31, 6, 30, 0, 0),
				  per(2, 1, INT64_C(43200000001)), mixed, LENGTHOF(mixed));
	check_pg_rows("6 months", ts(2023, 8, 31, 23, 59, 59, 999999), per(6, 0, 0),
				  half_year, LENGTHOF(half_year));
	check_pg_rows("12 months", ts(2024, 2, 29, 0, 0, 0, 0), per(12, 0, 0),
				  year, LENGTHOF(year));
	check_pg_rows("1 month across 2000-01-01", ts(1999, 12, 31, 0, 0, 0, 0),
				  per(1, 0, 0), epoch, LENGTHOF(epoch));
}

/*
 * test_period_days_usecs
 *		Periods without months are plain arithmetic: weeks, days, hours,
 *		one microsecond.
 */
static void
test_period_days_usecs(void)
{
	/* weeks from Monday 2024-01-01 */
	int64_t		monday = ts(2024, 1, 1, 0, 0, 0, 0);
	ambc_period week = per(0, 7, 0);
	ambc_period day = per(0, 1, 0);
	ambc_period quarter_hour = per(0, 0, 15 * 60 * USECS_PER_SEC);
	ambc_period usec = per(0, 0, 1);
	ambc_period day_and_hour = per(0, 1, USECS_PER_HOUR);
	int64_t		start = 0,
				index = 0;
	ambc_status st;
	int64_t		t;

	st = ambc_period_start(monday, &week, ts(2024, 1, 10, 9, 0, 0, 0), &start, &index);
	CHECK(st == AMBC_OK && index == 1 && start == ts(2024, 1, 8, 0, 0, 0, 0));
	st = ambc_period_start(monday, &week, ts(2024, 1, 8, 0, 0, 0, 0), &start, &index);
	CHECK(st == AMBC_OK && index == 1 && start == ts(2024, 1, 8, 0, 0, 0, 0));
	st = ambc_period_start(monday, &week, ts(2024, 1, 7, 23, 59, 59, 999999), &start, &index);
	CHECK(st == AMBC_OK && index == 0 && start == monday);
	st = ambc_period_start(monday, &week, ts(2023, 12, 31, 12, 0, 0, 0), &start, &index);
	CHECK(st == AMBC_OK && index == -1 && start == ts(2023, 12, 25, 0, 0, 0, 0));
	st = ambc_period_start(monday, &week, ts(2023, 12, 25, 0, 0, 0, 0), &start, &index);
	CHECK(st == AMBC_OK && index == -1 && start == ts(2023, 12, 25, 0, 0, 0, 0));
	st = ambc_period_start(monday, &week, ts(2023, 12, 24, 23, 59, 59, 999999), &start, &index);
	CHECK(st == AMBC_OK && index == -2 && start == ts(2023, 12, 18, 0, 0, 0, 0));
	/* a day is 24 hours in UTC, leap years included */
	st = ambc_period_start(monday, &day, ts(2025, 1, 1, 0, 0, 0, 0), &start, &index);
	CHECK(st == AMBC_OK && index == 366 && start == ts(2025, 1, 1, 0, 0, 0, 0));
	st = ambc_period_start(monday, &day, ts(2024, 12, 31, 23, 0, 0, 0), &start, &index);
	CHECK(st == AMBC_OK && index == 365 && start == ts(2024, 12, 31, 0, 0, 0, 0));
	/* an origin at 06:30: periods start at 06:30 */
	st = ambc_period_start(ts(2024, 1, 1, 6, 30, 0, 0), &day, ts(2024, 1, 1, 6, 29, 0, 0),
						   &start, &index);
	CHECK(st == AMBC_OK && index == -1 && start == ts(2023, 12, 31, 6, 30, 0, 0));
	st = ambc_period_start(ts(2024, 1, 1, 6, 30, 0, 0), &day, ts(2024, 1, 3, 6, 30, 0, 0),
						   &start, &index);
	CHECK(st == AMBC_OK && index == 2 && start == ts(2024, 1, 3, 6, 30, 0, 0));
	/* quarter hours */
	st = ambc_period_start(0, &quarter_hour, ts(2000, 1, 1, 1, 44, 59, 999999), &start, &index);
	CHECK(st == AMBC_OK && index == 6 && start == ts(2000, 1, 1, 1, 30, 0, 0));
	st = ambc_period_start(0, &quarter_hour, -1, &start, &index);
	CHECK(st == AMBC_OK && index == -1 && start == -15 * 60 * USECS_PER_SEC);
	/* 1 day 1 hour: boundary k is k days and k hours on */
	st = ambc_period_start(monday, &day_and_hour, ts(2024, 1, 11, 10, 0, 0, 0), &start, &index);
	CHECK(st == AMBC_OK && index == 10 && start == ts(2024, 1, 11, 10, 0, 0, 0));
	st = ambc_period_start(monday, &day_and_hour, ts(2024, 1, 11, 9, 59, 59, 999999), &start, &index);
	CHECK(st == AMBC_OK && index == 9 && start == ts(2024, 1, 10, 9, 0, 0, 0));
	/* one microsecond: every t starts its own period, k = t - origin */
	for (t = -3; t <= 3; t++)
	{
		st = ambc_period_start(5, &usec, t, &start, &index);
		CHECK(st == AMBC_OK && start == t && index == t - 5);
	}
	st = ambc_period_start(monday, &usec, ts(2100, 1, 1, 0, 0, 0, 1), &start, &index);
	CHECK(st == AMBC_OK && start == ts(2100, 1, 1, 0, 0, 0, 1) &&
		  index == ts(2100, 1, 1, 0, 0, 0, 1) - monday);
}

/*
 * rnd_period
 *		A valid period: mostly the usual ones (a month, a quarter, a year, a
 *		week, a day), else a random mix, sometimes of a few microseconds.
 */
static ambc_period
rnd_period(uint32_t *s)
{
	static const ambc_period usual[] = {
		{1, 0, 0}, {3, 0, 0}, {12, 0, 0}, {0, 7, 0}, {0, 1, 0}, {1, 1, 0},
		{0, 0, INT64_C(3600000000)}, {2, 1, INT64_C(43200000001)}, {0, 0, 1},
		{0, 30, 0}, {6, 0, 0}, {0, 0, USECS_PER_DAY - 1}, {0, 0, USECS_PER_DAY + 1},
	};
	ambc_period p;

	if (rnd(s, 2) == 0)
		return usual[rnd(s, LENGTHOF(usual))];
	do
	{
		p.months = rnd(s, 3) == 0 ? (int32_t) rnd(s, 25) : 0;
		p.days = rnd(s, 3) == 0 ? (int32_t) rnd(s, 62) : 0;
		switch (rnd(s, 4))
		{
			case 0:
				p.usecs = 0;
				break;
			case 1:
				p.usecs = rnd(s, 1000);
				break;
			case 2:
				p.usecs = (int64_t) rnd(s, 1u << 22) * 1000;
				break;
			default:
				p.usecs = (int64_t) (rnd_u64(s) % (uint64_t) (3 * USECS_PER_DAY));
				break;
		}
	} while (!ambc_period_valid(&p));
	return p;
}

/*
 * rnd_moment
 *		A time in 1800..2200 (microsecond resolution); a third of them at
 *		midnight on the 28th to 31st, where clamping happens.
 */
static int64_t
rnd_moment(uint32_t *s)
{
	int			y = 1800 + (int) rnd(s, 401);
	int			m = 1 + (int) rnd(s, 12);
	int			last = m == 2 ? ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0 ? 29 : 28) :
		(m == 4 || m == 6 || m == 9 || m == 11) ? 30 : 31;

	if (rnd(s, 3) == 0)
		return ts(y, m, 28 + (int) rnd(s, (uint32_t) (last - 27)), 0, 0, 0, 0);
	return ts(y, m, 1 + (int) rnd(s, (uint32_t) last), 0, 0, 0, 0) +
		(int64_t) (rnd_u64(s) % (uint64_t) USECS_PER_DAY);
}

/*
 * test_period_random
 *		Random origins, periods and t up to 300 periods from the origin:
 *		the start and k are those of a brute force that steps k up from
 *		far below t with the reference boundary; start <= t < next.  A
 *		third of the t are a boundary or a microsecond before one.
 */
static void
test_period_random(void)
{
	uint32_t	seed = 4242;
	int			i;
	int			nneg = 0,
				on_boundary = 0,
				nmonths = 0;

	for (i = 0; i < 20000; i++)
	{
		int64_t		origin = rnd_moment(&seed);
		ambc_period p = rnd_period(&seed);
		int			n = 1 + (int) rnd(&seed, 300);
		i128		len = (i128) p.months * 31 * USECS_PER_DAY + (i128) p.days * USECS_PER_DAY + p.usecs;
		int64_t		t;
		i128		k;
		i128		lo = -2 * n - 4;	/* a month may be 28 days, not 31 */
		int64_t		start = 0,
					index = 0;
		ambc_status st;

		switch (rnd(&seed, 3))
		{
			case 0:
				t = (int64_t) ref_boundary(origin, &p, rnd_between(&seed, -n, n), NULL);
				on_boundary++;
				break;
			case 1:
				t = (int64_t) ref_boundary(origin, &p, rnd_between(&seed, -n, n), NULL) - 1;
				break;
			default:
				t = origin + (int64_t) ((i128) rnd_between(&seed, -(int64_t) n * 1000000,
														   (int64_t) n * 1000000) * len / 1000000);
				break;
		}
		/* the brute force: from far below, step while the next is <= t */
		CHECKF(ref_boundary(origin, &p, lo, NULL) <= t, "the brute force starts above t");
		for (k = lo; ref_boundary(origin, &p, k + 1, NULL) <= t; k++)
			;
		st = ambc_period_start(origin, &p, t, &start, &index);
		CHECKF(st == AMBC_OK && index == k && start == ref_boundary(origin, &p, k, NULL),
			   "origin %lld p {%d, %d, %lld} t %lld: %s k %lld start %lld, want k %lld",
			   (long long) origin, p.months, p.days, (long long) p.usecs,
			   (long long) t, sname(st), (long long) index, (long long) start,
			   (long long) k);
		CHECK(start <= t && t < ref_boundary(origin, &p, k + 1, NULL));
		/* the start is its own period's start; the microsecond before is not */
		if (st == AMBC_OK)
		{
			int64_t		s2 = 0,
						k2 = 0;

			st = ambc_period_start(origin, &p, start, &s2, &k2);
			CHECK(st == AMBC_OK && s2 == start && k2 == index);
			st = ambc_period_start(origin, &p, start - 1, &s2, &k2);
			CHECK(st == AMBC_OK && k2 == index - 1 && s2 < start);
		}
		nneg += k < 0;
		nmonths += p.months > 0;
	}
	CHECKF(nneg > 5000 && on_boundary > 5000 && nmonths > 5000,
		   "negative k %d, on a boundary %d, with months %d", nneg, on_boundary, nmonths);
}

/*
 * test_period_extremes
 *		The ends of the int64 range: AMBC_OVERFLOW when a boundary near t is
 *		not a time, never a crash or a wrong start.
 */
static void
test_period_extremes(void)
{
	static const int64_t times[] = {
		INT64_MIN, INT64_MIN + 1, INT64_MIN + 2, INT64_MIN / 2, -1, 0, 1,
		INT64_MAX / 2, INT64_MAX - 1, INT64_MAX,
		/* PostgreSQL's range: 4714-11-24 BC and 294277-01-01 */
		INT64_C(-211813488000000000), INT64_C(9223371331200000000),
		INT64_MAX - USECS_PER_DAY, INT64_MIN + USECS_PER_DAY,
		INT64_C(-9223372022400000001), INT64_C(9223372036800000000)
	};
	static const ambc_period periods[] = {
		{0, 0, 1}, {0, 0, 2}, {0, 0, 1000}, {0, 1, 0}, {1, 0, 0}, {12, 0, 0},
		{INT32_MAX, 0, 0}, {0, INT32_MAX, 0}, {0, 0, INT64_MAX},
		{INT32_MAX, INT32_MAX, INT64_MAX}, {1, 1, 1}, {0, 0, INT64_MAX / 2},
		{0, 106751991, 0}, {1200000, 0, 0},
	};
	size_t		i,
				j,
				l;
	int			nok = 0,
				noverflow = 0;
	int64_t		start = 0,
				index = 0;
	ambc_period month = per(1, 0, 0);
	ambc_period day = per(0, 1, 0);
	uint32_t	seed = 99;
	int			r;

	for (i = 0; i < LENGTHOF(times); i++)
		for (j = 0; j < LENGTHOF(times); j++)
			for (l = 0; l < LENGTHOF(periods); l++)
			{
				ambc_status st = check_start("extremes", times[i], &periods[l],
											 times[j], false);

				nok += st == AMBC_OK;
				noverflow += st == AMBC_OVERFLOW;
			}
	CHECKF(nok > 100 && noverflow > 100, "ok %d, overflow %d", nok, noverflow);

	/* named cases: the next boundary of the last period is not a time */
	CHECK(ambc_period_start(0, &month, INT64_MAX, &start, &index) == AMBC_OVERFLOW);
	CHECK(ambc_period_start(0, &day, INT64_MAX, &start, &index) == AMBC_OVERFLOW);
	/* nor the start of the first */
	CHECK(ambc_period_start(0, &day, INT64_MIN, &start, &index) == AMBC_OVERFLOW);
	CHECK(ambc_period_start(0, &month, INT64_MIN + 1, &start, &index) == AMBC_OVERFLOW);
	/* a huge period: t before the origin needs boundary -1, out of range */
	CHECK(ambc_period_start(INT64_MIN + 1, &periods[8], INT64_MIN + 1, &start, &index) == AMBC_OK &&
		  start == INT64_MIN + 1 && index == 0);
	CHECK(ambc_period_start(0, &periods[8], -1, &start, &index) == AMBC_OK &&
		  start == -INT64_MAX && index == -1);
	CHECK(ambc_period_start(0, &periods[8], INT64_MIN + 1, &start, &index) == AMBC_OK &&
		  start == -INT64_MAX && index == -1);
	/*
	 * the ends of PostgreSQL's range with monthly periods: from 2024-01-01
	 * the last microsecond before 294277-01-01 is in period
	 * (294277 - 2024) * 12 - 1, whose end is a time; from 2024-01-31 the
	 * next boundary, 294277-01-31, is past INT64_MAX
	 */
	CHECK(ambc_period_start(ts(2024, 1, 31, 0, 0, 0, 0), &month,
							INT64_C(-211813488000000000), &start, &index) == AMBC_OK &&
		  start <= INT64_C(-211813488000000000) &&
		  start == ref_boundary(ts(2024, 1, 31, 0, 0, 0, 0), &month, index, NULL));
	CHECK(ambc_period_start(ts(2024, 1, 1, 0, 0, 0, 0), &month,
							INT64_C(9223371331200000000) - 1, &start, &index) == AMBC_OK &&
		  index == (294277 - 2024) * 12 - 1 &&
		  start == ref_boundary(ts(2024, 1, 1, 0, 0, 0, 0), &month, index, NULL) &&
		  ref_boundary(ts(2024, 1, 1, 0, 0, 0, 0), &month, index + 1, NULL) ==
		  INT64_C(9223371331200000000));
	CHECK(ambc_period_start(ts(2024, 1, 31, 0, 0, 0, 0), &month,
							INT64_C(9223371331200000000) - 1, &start, &index) == AMBC_OVERFLOW);

	/* random raw 64-bit times and periods */
	for (r = 0; r < 100000; r++)
	{
		int64_t		origin = rnd(&seed, 4) == 0 ? times[rnd(&seed, LENGTHOF(times))] :
			(int64_t) rnd_u64(&seed);
		int64_t		t = rnd(&seed, 4) == 0 ? times[rnd(&seed, LENGTHOF(times))] :
			(int64_t) rnd_u64(&seed);
		ambc_period p;

		do
		{
			p.months = rnd(&seed, 2) ? 0 : rnd(&seed, 2) ? (int32_t) rnd(&seed, 100) :
				(int32_t) (rnd_u64(&seed) & INT32_MAX);
			p.days = rnd(&seed, 2) ? 0 : rnd(&seed, 2) ? (int32_t) rnd(&seed, 100) :
				(int32_t) (rnd_u64(&seed) & INT32_MAX);
			p.usecs = rnd(&seed, 2) ? 0 : rnd(&seed, 2) ? (int64_t) rnd(&seed, 100) :
				(int64_t) (rnd_u64(&seed) & INT64_MAX);
		} while (!ambc_period_valid(&p));
		(void) check_start("random extremes", origin, &p, t, false);
	}
}

/*
 * test_period_regress
 *		Periods of a few microseconds far from the origin, which an earlier
 *		version refused with AMBC_OVERFLOW: its first guess of k, a double,
 *		was off by up to ~2^11 periods (or beyond 9e18 and refused), and it
 *		stepped at most 64 times.  Every boundary here is a time.
 */
static void
test_period_regress(void)
{
	ambc_period us1 = per(0, 0, 1);
	ambc_period us3 = per(0, 0, 3);
	ambc_period us7 = per(0, 0, 7);
	ambc_period us5 = per(0, 0, 5);
	ambc_period day_us = per(0, 1, 59456);
	int64_t		start = 0,
				index = 0;
	int64_t		y200000 = INT64_C(6311390400000000000);	/* about 200000-01-01 */
	int			i;
	uint32_t	seed = 5;

	CHECK(ambc_period_start(0, &us1, (INT64_C(1) << 62) + 511, &start, &index) == AMBC_OK &&
		  start == (INT64_C(1) << 62) + 511 && index == start);
	CHECK(ambc_period_start(0, &us1, y200000 + 777, &start, &index) == AMBC_OK &&
		  start == y200000 + 777 && index == start);
	CHECK(ambc_period_start(0, &us3, (INT64_C(1) << 62) + 1500, &start, &index) == AMBC_OK &&
		  index == ((INT64_C(1) << 62) + 1500) / 3 && start == index * 3 &&
		  start == (INT64_C(1) << 62) + 1499);
	CHECK(ambc_period_start(-(INT64_C(1) << 61), &us7, (INT64_C(1) << 62), &start, &index) ==
		  AMBC_OK && index == ((INT64_C(1) << 62) + (INT64_C(1) << 61)) / 7 &&
		  start == -(INT64_C(1) << 61) + index * 7);

	/*
	 * t - origin = 2^63: boundary k + 1 is 2^62 + 6, a time, but k + 1
	 * times 7 microseconds is not an int64 (SQL's (k + 1) * interval
	 * '7 microseconds' is "interval out of range"), so this one is an
	 * overflow
	 */
	CHECK(ambc_period_start(-(INT64_C(1) << 62), &us7, (INT64_C(1) << 62), &start, &index) ==
		  AMBC_OVERFLOW);
	/* k beyond 9e18, still an int64 */
	CHECK(ambc_period_start(0, &us1, INT64_C(9100000000000000000), &start, &index) == AMBC_OK &&
		  start == INT64_C(9100000000000000000) && index == start);
	CHECK(ambc_period_start(INT64_C(-4600000000000000000), &us1, INT64_C(4500000000000000000),
							&start, &index) == AMBC_OK &&
		  start == INT64_C(4500000000000000000) && index == INT64_C(9100000000000000000));
	CHECK(ambc_period_start(INT64_C(4600000000000000000), &us1, INT64_C(-4500000000000000000),
							&start, &index) == AMBC_OK &&
		  start == INT64_C(-4500000000000000000) && index == INT64_C(-9100000000000000000));
	/*
	 * found by fuzz_milestone against a first fix that corrected the double
	 * guess: t - origin near -2^63, where the guess itself named a boundary
	 * out of range
	 */
	CHECK(ambc_period_start(INT64_MAX - 1, &us5, 511, &start, &index) == AMBC_OK &&
		  start == 511 && index == INT64_C(-1844674407370955059));
	CHECK(ambc_period_start(INT64_MAX - 1, &us5, 515, &start, &index) == AMBC_OK &&
		  start == 511 && index == INT64_C(-1844674407370955059));
	CHECK(ambc_period_start(INT64_MAX - 1, &us5, 510, &start, &index) == AMBC_OK &&
		  start == 506 && index == INT64_C(-1844674407370955060));
	(void) check_start("fuzz: near -2^63", INT64_MAX - 1, &us5, 511, true);

	/*
	 * an origin of INT64_MIN (-infinity), a period of 1 day and 59456
	 * microseconds: t's period is 1 and so is its start's (the double guess
	 * gave 0 for the start, boundary 0 being -infinity: overflow)
	 */
	CHECK(ambc_period_start(INT64_MIN, &day_us, INT64_C(-9223371864054679296), &start,
							&index) == AMBC_OK && index == 1 &&
		  start == INT64_MIN + USECS_PER_DAY + 59456);
	CHECK(ambc_period_start(INT64_MIN, &day_us, INT64_MIN + USECS_PER_DAY + 59456, &start,
							&index) == AMBC_OK && index == 1 &&
		  start == INT64_MIN + USECS_PER_DAY + 59456);

	/* k itself beyond int64: overflow */
	CHECK(ambc_period_start(INT64_MIN + 1, &us1, INT64_MAX - 1, &start, &index) == AMBC_OVERFLOW);
	for (i = 0; i < 20000; i++)
	{
		ambc_period p = per(0, 0, 1 + (int64_t) rnd(&seed, 40));
		int64_t		origin = rnd_between(&seed, -(INT64_C(1) << 61), INT64_C(1) << 61);
		int64_t		t = rnd_between(&seed, INT64_C(1) << 62,
									(INT64_C(1) << 62) + (INT64_C(1) << 60));

		(void) check_start("small periods far out", origin, &p, t, true);
	}
}

/* ---- ambc_incentive_plan ------------------------------------------------ */

static ambc_milestone
msn(int32_t k, bool held, bool open_withheld)
{
	ambc_milestone m;

	m.k = k;
	m.held = held;
	m.open_withheld = open_withheld;
	return m;
}

static const char *
kind_name(ambc_booking_kind kind)
{
	switch (kind)
	{
		case AMBC_BOOK_CREDIT:
			return "credit";
		case AMBC_BOOK_CLAWBACK:
			return "clawback";
		case AMBC_BOOK_WITHHELD:
			return "withheld";
	}
	return "?";
}

/* one expected booking of a table case: kind, k, reach */
typedef struct want_booking
{
	ambc_booking_kind kind;
	int32_t		k;
	int64_t		reach;
} want_booking;

#define CREDIT AMBC_BOOK_CREDIT
#define CLAWBACK AMBC_BOOK_CLAWBACK
#define WITHHELD AMBC_BOOK_WITHHELD

/*
 * expect_plan
 *		ambc_incentive_plan gives want[0..nwant) with room for exactly
 *		that many (and for more), and AMBC_LIMIT with one less.
 */
static void
expect_plan(const char *what, int64_t earned, bool clawback, bool consent,
			const ambc_milestone *ms, size_t nms, const want_booking *want,
			size_t nwant)
{
	ambc_booking out[MAX_BOOK];
	size_t		nout = 999;
	size_t		i;
	ambc_status st = ambc_incentive_plan(earned, clawback, consent, ms, nms, out,
										 MAX_BOOK, &nout);

	CHECKF(st == AMBC_OK, "%s: %s", what, sname(st));
	CHECKF(nout == nwant, "%s: %zu bookings, want %zu", what, nout, nwant);
	for (i = 0; i < nout && i < nwant; i++)
		CHECKF(out[i].kind == want[i].kind && out[i].k == want[i].k &&
			   out[i].reach == want[i].reach,
			   "%s: booking %zu is %s %d reach %lld, want %s %d reach %lld", what, i,
			   kind_name(out[i].kind), out[i].k, (long long) out[i].reach,
			   kind_name(want[i].kind), want[i].k, (long long) want[i].reach);
	nout = 999;
	st = ambc_incentive_plan(earned, clawback, consent, ms, nms, out, nwant, &nout);
	CHECKF(st == AMBC_OK && nout == nwant, "%s: exact room: %s", what, sname(st));
	if (nwant > 0)
	{
		nout = 999;
		st = ambc_incentive_plan(earned, clawback, consent, ms, nms, out, nwant - 1, &nout);
		CHECKF(st == AMBC_LIMIT && nout == 0, "%s: one short: %s, nout %zu", what,
			   sname(st), nout);
	}
}

/*
 * test_plan_seed
 *		The seed case and its neighbours.
 */
static void
test_plan_seed(void)
{
	ambc_milestone held12[] = {msn(1, true, false), msn(2, true, false)};
	ambc_milestone after_clawback[] = {msn(1, true, false), msn(2, false, false)};
	want_booking clawback2[] = {{CLAWBACK, 2, 0}};
	want_booking credit2_reach2[] = {{CREDIT, 2, 2}};
	want_booking credit3_reach3[] = {{CREDIT, 3, 3}};
	want_booking credit12[] = {{CREDIT, 1, 1}, {CREDIT, 2, 2}};
	want_booking clawback21[] = {{CLAWBACK, 2, 0}, {CLAWBACK, 1, 0}};
	int64_t		credits = 0;

	/* 7 successes, 1000 cents after every 3: 2 milestones, 2000 cents */
	CHECK(ambc_milestone_credits(7, 3, 1000, NO_CAP, &credits) == AMBC_OK && credits == 2000);
	/* from nothing, 7 successes book milestones 1 and 2 */
	expect_plan("empty, 2 earned", 7 / 3, true, true, NULL, 0, credit12, 2);
	/* two refunds (5 successes, 1 earned): one clawback, of milestone 2 */
	expect_plan("held {1, 2}, 1 earned", 5 / 3, true, true, held12, 2, clawback2, 1);
	/* a new confirmation (6, 2 earned): milestone 2 again, reach 2 */
	expect_plan("{1, 2 clawed back}, 2 earned", 6 / 3, true, true, after_clawback, 2,
				credit2_reach2, 1);
	/* nothing to do when the ledger is in line */
	expect_plan("held {1, 2}, 2 earned", 2, true, true, held12, 2, NULL, 0);
	expect_plan("{1, 2 clawed back}, 1 earned", 1, true, true, after_clawback, 2, NULL, 0);
	/* everything refunded */
	expect_plan("held {1, 2}, 0 earned", 0, true, true, held12, 2, clawback21, 2);
	/* no clawback rule: held milestones stay held, re-reaching pays nothing */
	expect_plan("no clawback, 1 earned", 1, false, true, held12, 2, NULL, 0);
	expect_plan("no clawback, 0 earned", 0, false, true, held12, 2, NULL, 0);
	expect_plan("no clawback, 2 earned", 2, false, true, held12, 2, NULL, 0);
	expect_plan("no clawback, 3 earned", 3, false, true, held12, 2, credit3_reach3, 1);
	/* clawbacks do not need consent */
	expect_plan("no consent, 1 earned", 1, true, false, held12, 2, clawback2, 1);
	/* nothing earned, nothing held */
	expect_plan("empty, 0 earned", 0, true, true, NULL, 0, NULL, 0);
	expect_plan("empty, 0 earned, no consent", 0, false, false, NULL, 0, NULL, 0);
}

/*
 * test_plan_consent
 *		Withheld notes: once per milestone while open, credited when consent
 *		comes.
 */
static void
test_plan_consent(void)
{
	ambc_milestone open12[] = {msn(1, false, true), msn(2, false, true)};
	ambc_milestone open1[] = {msn(1, false, true)};
	ambc_milestone held1_open3[] = {msn(1, true, false), msn(2, false, false),
	msn(3, false, true)};
	ambc_milestone gap_open[] = {msn(1, true, false), msn(2, false, true),
	msn(3, true, false)};
	want_booking withheld12[] = {{WITHHELD, 1, 1}, {WITHHELD, 2, 2}};
	want_booking withheld2[] = {{WITHHELD, 2, 2}};
	want_booking credit12[] = {{CREDIT, 1, 1}, {CREDIT, 2, 2}};
	want_booking credit1[] = {{CREDIT, 1, 1}};
	want_booking h1o3_withheld[] = {{WITHHELD, 2, 2}, {WITHHELD, 4, 4}};
	want_booking h1o3_credit[] = {{CREDIT, 2, 2}, {CREDIT, 3, 3}, {CREDIT, 4, 4}};
	want_booking gap_withheld[] = {{WITHHELD, 4, 4}};
	want_booking gap_credit[] = {{CREDIT, 2, 3}, {CREDIT, 4, 4}};

	/* without consent: a withheld note per missing milestone */
	expect_plan("no consent, empty, 2 earned", 2, true, false, NULL, 0, withheld12, 2);
	/* not again while the notes are open */
	expect_plan("no consent, notes open, 2 earned", 2, true, false, open12, 2, NULL, 0);
	expect_plan("no consent, notes open, 1 earned", 1, true, false, open12, 2, NULL, 0);
	/* note 1 open, milestone 2 new: only 2 is noted, its reach still 2 */
	expect_plan("no consent, note 1 open, 2 earned", 2, true, false, open1, 1, withheld2, 1);
	/* consent granted later: credited, lowest first */
	expect_plan("consent, notes open, 2 earned", 2, true, true, open12, 2, credit12, 2);
	expect_plan("consent, notes open, 1 earned", 1, true, true, open12, 2, credit1, 1);
	expect_plan("consent, notes open, 1 earned, no clawback", 1, false, true, open12, 2,
				credit1, 1);
	/* a mix: 1 held, 2 with a closed note, 3 with an open one */
	expect_plan("no consent, mixed, 4 earned", 4, true, false, held1_open3, 3,
				h1o3_withheld, 2);
	expect_plan("consent, mixed, 4 earned", 4, true, true, held1_open3, 3, h1o3_credit, 3);
	/* a gap whose note is open: skipped but counted in reach */
	expect_plan("no consent, gap open, 4 earned", 4, true, false, gap_open, 3,
				gap_withheld, 1);
	expect_plan("consent, gap open, 4 earned", 4, true, true, gap_open, 3, gap_credit, 2);
}

/*
 * test_plan_gaps
 *		Ledgers whose held milestones are not 1..H (merged ambassadors,
 *		history): credits fill the lowest gaps, clawbacks take the highest.
 */
static void
test_plan_gaps(void)
{
	ambc_milestone held13[] = {msn(1, true, false), msn(3, true, false)};
	ambc_milestone held2_5[] = {msn(2, true, false), msn(5, true, false),
	msn(7, false, false)};
	ambc_milestone top[] = {msn(AMBC_MILESTONE_MAX, true, false)};
	want_booking credit2_r3[] = {{CREDIT, 2, 3}};
	want_booking credit2_4[] = {{CREDIT, 2, 3}, {CREDIT, 4, 4}};
	want_booking clawback3[] = {{CLAWBACK, 3, 0}};
	want_booking clawback31[] = {{CLAWBACK, 3, 0}, {CLAWBACK, 1, 0}};
	want_booking h25_credit[] = {{CREDIT, 1, 3}, {CREDIT, 3, 4}, {CREDIT, 4, 5},
	{CREDIT, 6, 6}, {CREDIT, 7, 7}};
	want_booking h25_clawback[] = {{CLAWBACK, 5, 0}};
	want_booking top_credit[] = {{CREDIT, 1, 2}};
	want_booking top_clawback[] = {{CLAWBACK, AMBC_MILESTONE_MAX, 0}};

	expect_plan("held {1, 3}, 3 earned", 3, true, true, held13, 2, credit2_r3, 1);
	expect_plan("held {1, 3}, 4 earned", 4, true, true, held13, 2, credit2_4, 2);
	expect_plan("held {1, 3}, 2 earned", 2, true, true, held13, 2, NULL, 0);
	expect_plan("held {1, 3}, 1 earned", 1, true, true, held13, 2, clawback3, 1);
	expect_plan("held {1, 3}, 0 earned", 0, true, true, held13, 2, clawback31, 2);
	expect_plan("held {1, 3}, 1 earned, no clawback", 1, false, true, held13, 2, NULL, 0);
	expect_plan("held {2, 5}, 7 earned", 7, true, true, held2_5, 3, h25_credit, 5);
	expect_plan("held {2, 5}, 1 earned", 1, true, true, held2_5, 3, h25_clawback, 1);
	expect_plan("held {max}, 2 earned", 2, true, true, top, 1, top_credit, 1);
	expect_plan("held {max}, 0 earned", 0, true, true, top, 1, top_clawback, 1);
	expect_plan("held {max}, 1 earned", 1, true, true, top, 1, NULL, 0);
}

static void
test_plan_invalid(void)
{
	ambc_milestone dup[] = {msn(1, true, false), msn(1, true, false)};
	ambc_milestone down[] = {msn(3, true, false), msn(1, true, false)};
	ambc_milestone zero[] = {msn(0, false, false)};
	ambc_milestone neg[] = {msn(-5, true, false), msn(2, true, false)};
	ambc_milestone min[] = {msn(INT32_MIN, false, false)};
	ambc_milestone late_dup[] = {msn(1, true, false), msn(4, true, false),
	msn(9, false, true), msn(9, true, false)};
	ambc_milestone held12[] = {msn(1, true, false), msn(2, true, false)};
	ambc_booking out[MAX_BOOK];
	ambc_booking *big;
	size_t		nout;
	size_t		i;
	bool		ok;

	nout = 7;
	CHECK(ambc_incentive_plan(-1, true, true, NULL, 0, out, MAX_BOOK, &nout) == AMBC_INVALID &&
		  nout == 0);
	nout = 7;
	CHECK(ambc_incentive_plan(INT64_MIN, true, true, held12, 2, out, MAX_BOOK, &nout) ==
		  AMBC_INVALID && nout == 0);
	nout = 7;
	CHECK(ambc_incentive_plan(1, true, true, dup, 2, out, MAX_BOOK, &nout) == AMBC_INVALID &&
		  nout == 0);
	nout = 7;
	CHECK(ambc_incentive_plan(1, true, true, down, 2, out, MAX_BOOK, &nout) == AMBC_INVALID &&
		  nout == 0);
	nout = 7;
	CHECK(ambc_incentive_plan(1, true, true, zero, 1, out, MAX_BOOK, &nout) == AMBC_INVALID &&
		  nout == 0);
	nout = 7;
	CHECK(ambc_incentive_plan(1, true, true, neg, 2, out, MAX_BOOK, &nout) == AMBC_INVALID &&
		  nout == 0);
	nout = 7;
	CHECK(ambc_incentive_plan(1, false, false, min, 1, out, MAX_BOOK, &nout) == AMBC_INVALID &&
		  nout == 0);
	/* the disorder is found even when nothing would be booked */
	nout = 7;
	CHECK(ambc_incentive_plan(3, true, true, late_dup, 4, out, MAX_BOOK, &nout) ==
		  AMBC_INVALID && nout == 0);

	/* out too small: AMBC_LIMIT, *nout 0 */
	nout = 7;
	CHECK(ambc_incentive_plan(3, true, true, NULL, 0, out, 2, &nout) == AMBC_LIMIT && nout == 0);
	nout = 7;
	CHECK(ambc_incentive_plan(0, true, true, held12, 2, out, 1, &nout) == AMBC_LIMIT && nout == 0);
	nout = 7;
	CHECK(ambc_incentive_plan(0, true, true, held12, 2, NULL, 0, &nout) == AMBC_LIMIT && nout == 0);
	/* room 0 is fine when nothing is booked */
	nout = 7;
	CHECK(ambc_incentive_plan(2, true, true, held12, 2, NULL, 0, &nout) == AMBC_OK && nout == 0);
	nout = 7;
	CHECK(ambc_incentive_plan(0, false, true, held12, 2, NULL, 0, &nout) == AMBC_OK && nout == 0);
	/* an absurd count stops at the room, quickly */
	nout = 7;
	CHECK(ambc_incentive_plan(INT64_MAX, true, true, held12, 2, out, MAX_BOOK, &nout) ==
		  AMBC_LIMIT && nout == 0);
	nout = 7;
	CHECK(ambc_incentive_plan(INT64_MAX, true, false, held12, 2, out, MAX_BOOK, &nout) ==
		  AMBC_LIMIT && nout == 0);

	/* a large plan: 100000 credits, 1..100000 in order */
	big = malloc(100000 * sizeof(ambc_booking));
	CHECK(big != NULL);
	if (big == NULL)
		return;
	CHECK(ambc_incentive_plan(100000, true, true, NULL, 0, big, 100000, &nout) == AMBC_OK &&
		  nout == 100000);
	ok = true;
	for (i = 0; i < nout; i++)
		ok = ok && big[i].kind == AMBC_BOOK_CREDIT && big[i].k == (int32_t) i + 1 &&
			big[i].reach == (int64_t) i + 1;
	CHECK(ok);
	CHECK(ambc_incentive_plan(100001, true, true, NULL, 0, big, 100000, &nout) == AMBC_LIMIT);
	free(big);
}

/*
 * apply
 *		Book b into the ledger ms[0..*nms) (kept in order of k): a credit
 *		makes the milestone held and closes its withheld note, a clawback
 *		makes it not held, a withheld note opens.
 */
static void
apply(ambc_milestone *ms, size_t *nms, const ambc_booking *b, size_t nb)
{
	size_t		i,
				j;

	for (i = 0; i < nb; i++)
	{
		for (j = 0; j < *nms && ms[j].k < b[i].k; j++)
			;
		if (j == *nms || ms[j].k != b[i].k)
		{
			CHECKF(*nms < MAX_MS, "ledger full");
			if (*nms >= MAX_MS)
				return;
			memmove(&ms[j + 1], &ms[j], (*nms - j) * sizeof(ambc_milestone));
			ms[j] = msn(b[i].k, false, false);
			(*nms)++;
		}
		switch (b[i].kind)
		{
			case AMBC_BOOK_CREDIT:
				CHECKF(!ms[j].held, "credit of held milestone %d", b[i].k);
				ms[j].held = true;
				ms[j].open_withheld = false;
				break;
			case AMBC_BOOK_CLAWBACK:
				CHECKF(ms[j].held, "clawback of milestone %d, not held", b[i].k);
				ms[j].held = false;
				break;
			case AMBC_BOOK_WITHHELD:
				CHECKF(!ms[j].held && !ms[j].open_withheld,
					   "withheld note on milestone %d, held or noted", b[i].k);
				ms[j].open_withheld = true;
				break;
		}
	}
}

static int64_t
count_held(const ambc_milestone *ms, size_t nms)
{
	int64_t		n = 0;
	size_t		i;

	for (i = 0; i < nms; i++)
		n += ms[i].held ? 1 : 0;
	return n;
}

/*
 * rnd_ledger
 *		A random ledger: up to 12 milestones with gaps, each held or not, its
 *		note open or not (held and open together only when any is true: a
 *		ledger the glue writes never has them, a hostile caller may).
 */
static size_t
rnd_ledger(uint32_t *s, ambc_milestone *ms, bool any)
{
	size_t		n = rnd(s, 13);
	size_t		i;
	int32_t		k = 0;
	bool		prefix = rnd(s, 4) == 0;

	for (i = 0; i < n; i++)
	{
		k += prefix ? 1 : 1 + (int32_t) rnd(s, 4);
		ms[i].k = k;
		ms[i].held = prefix ? true : rnd(s, 2) == 0;
		ms[i].open_withheld = !ms[i].held || any ? rnd(s, 3) == 0 : false;
	}
	return n;
}

/*
 * test_plan_random
 *		Random ledgers and counts: the plan is the model's, fits in
 *		nms + earned entries, AMBC_LIMIT with one entry less; after booking
 *		it, the held count is what the rules ask for and planning again
 *		books nothing.
 */
static void
test_plan_random(void)
{
	uint32_t	seed = 31337;
	int			i;
	int			nclaw = 0,
				ncredit = 0,
				nwithheld = 0,
				nempty = 0;

	for (i = 0; i < 50000; i++)
	{
		ambc_milestone ms[MAX_MS];
		ambc_milestone before[MAX_MS];
		size_t		nms = rnd_ledger(&seed, ms, rnd(&seed, 5) == 0);
		int64_t		earned = (int64_t) rnd(&seed, 20);
		bool		clawback = rnd(&seed, 2) == 0;
		bool		consent = rnd(&seed, 3) != 0;
		ambc_booking out[MAX_BOOK];
		ambc_booking want[MAX_BOOK];
		size_t		nout = 999;
		size_t		nwant = model_plan(earned, clawback, consent, ms, nms, want);
		int64_t		h0 = count_held(ms, nms);
		int64_t		h1;
		ambc_status st;
		size_t		j;
		bool		same = true;

		memcpy(before, ms, sizeof(ms));
		st = ambc_incentive_plan(earned, clawback, consent, ms, nms, out, MAX_BOOK, &nout);
		CHECK(st == AMBC_OK);
		CHECK(memcmp(before, ms, nms * sizeof(ambc_milestone)) == 0);
		if (st != AMBC_OK)
			continue;
		CHECKF(nout == nwant, "case %d: %zu bookings, the model %zu", i, nout, nwant);
		for (j = 0; j < nout && j < nwant; j++)
			same = same && out[j].kind == want[j].kind && out[j].k == want[j].k &&
				out[j].reach == want[j].reach;
		CHECKF(same, "case %d: the plan is not the model's", i);
		CHECK(nout <= nms + (size_t) earned);
		if (nout > 0)
		{
			size_t		n2 = 999;

			CHECK(ambc_incentive_plan(earned, clawback, consent, ms, nms, out,
									  nout - 1, &n2) == AMBC_LIMIT && n2 == 0);
			/* the call with too little room wrote within it; plan again */
			st = ambc_incentive_plan(earned, clawback, consent, ms, nms, out, MAX_BOOK, &nout);
			CHECK(st == AMBC_OK && nout == nwant);
		}
		for (j = 0; j < nout; j++)
		{
			nclaw += out[j].kind == AMBC_BOOK_CLAWBACK;
			ncredit += out[j].kind == AMBC_BOOK_CREDIT;
			nwithheld += out[j].kind == AMBC_BOOK_WITHHELD;
		}
		nempty += nout == 0;

		/* book it */
		apply(ms, &nms, out, nout);
		h1 = count_held(ms, nms);
		if (consent && clawback)
			CHECKF(h1 == earned, "case %d: held %lld, earned %lld", i, (long long) h1,
				   (long long) earned);
		else if (consent)
			CHECKF(h1 >= earned && h1 == (h0 > earned ? h0 : earned),
				   "case %d: held %lld, earned %lld", i, (long long) h1, (long long) earned);
		else if (clawback)
			CHECK(h1 == (h0 > earned ? earned : h0));
		else
			CHECK(h1 == h0);
		/* idempotence: the same count again books nothing */
		nout = 999;
		st = ambc_incentive_plan(earned, clawback, consent, ms, nms, out, MAX_BOOK, &nout);
		CHECKF(st == AMBC_OK && nout == 0, "case %d: replanning gives %s and %zu bookings",
			   i, sname(st), nout);
		/* and granting consent afterwards leaves exactly earned held (with clawback) */
		if (!consent)
		{
			nout = 999;
			st = ambc_incentive_plan(earned, clawback, true, ms, nms, out, MAX_BOOK, &nout);
			CHECK(st == AMBC_OK);
			apply(ms, &nms, out, nout);
			h1 = count_held(ms, nms);
			CHECK(clawback ? h1 == earned : h1 >= earned);
			nout = 999;
			st = ambc_incentive_plan(earned, clawback, true, ms, nms, out, MAX_BOOK, &nout);
			CHECK(st == AMBC_OK && nout == 0);
		}
	}
	CHECKF(nclaw > 5000 && ncredit > 5000 && nwithheld > 5000 && nempty > 1000,
		   "clawbacks %d, credits %d, withheld %d, empty plans %d", nclaw, ncredit,
		   nwithheld, nempty);
}

/*
 * test_plan_path
 *		With a clawback rule and consent, booking after every change of the
 *		count and booking once at the end hold the same milestones (1..E):
 *		the plan depends on the ledger and the count, not the path.
 */
static void
test_plan_path(void)
{
	uint32_t	seed = 2024;
	int			i;

	for (i = 0; i < 5000; i++)
	{
		ambc_milestone every[MAX_MS];
		ambc_milestone once[MAX_MS];
		size_t		nevery = 0;
		size_t		nonce = 0;
		ambc_booking out[MAX_BOOK];
		size_t		nout;
		int			steps = 1 + (int) rnd(&seed, 12);
		int			s;
		int64_t		earned = 0;
		size_t		j;
		bool		same = true;

		for (s = 0; s < steps; s++)
		{
			bool		consent = rnd(&seed, 4) != 0 || s == steps - 1;

			earned = (int64_t) rnd(&seed, 30);
			CHECK(ambc_incentive_plan(earned, true, consent, every, nevery, out,
									  MAX_BOOK, &nout) == AMBC_OK);
			apply(every, &nevery, out, nout);
		}
		CHECK(ambc_incentive_plan(earned, true, true, once, nonce, out, MAX_BOOK,
								  &nout) == AMBC_OK);
		apply(once, &nonce, out, nout);
		CHECK(count_held(every, nevery) == earned && count_held(once, nonce) == earned);
		for (j = 0; j < nevery; j++)
			same = same && every[j].held == (every[j].k <= earned);
		for (j = 0; j < nonce; j++)
			same = same && once[j].held == (once[j].k <= earned);
		CHECKF(same, "path %d: held milestones differ from 1..%lld", i, (long long) earned);
	}
}

/* ---- ambc_simulate_credits ---------------------------------------------- */

/*
 * model_simulate
 *		The header's sum, in 128 bits: per period, min(cap, credit *
 *		milestones first reached in it).  Negative counts are refused before
 *		anything else; overflow is any 128-bit value beyond int64 (a running
 *		total or the sum), except a capped product.
 */
static ambc_status
model_simulate(const int64_t *counts, size_t n, int64_t every_n, int64_t credit,
			   int64_t cap, int64_t *out, bool *overflow_first)
{
	i128		running = 0;
	i128		total = 0;
	size_t		i;
	bool		overflow = false;
	bool		invalid = false;

	*overflow_first = false;
	if (every_n < 1 || credit < 0 || cap < -1)
		return AMBC_INVALID;
	for (i = 0; i < n; i++)
	{
		i128		before = running / every_n;
		i128		amount;

		if (counts[i] < 0)
		{
			invalid = true;
			break;
		}
		running += counts[i];
		if (running > INT64_MAX)
			overflow = true;
		amount = (running / every_n - before) * credit;
		if (cap != NO_CAP && amount > cap)
			amount = cap;
		if (amount > INT64_MAX)
			overflow = true;
		total += amount;
		if (total > INT64_MAX)
			overflow = true;
		if (overflow)
			break;
	}
	if (overflow)
	{
		/* an overflow found before a negative count comes later */
		for (; i < n; i++)
			if (counts[i] < 0)
				*overflow_first = true;
		return AMBC_OVERFLOW;
	}
	if (invalid)
		return AMBC_INVALID;
	*out = (int64_t) total;
	return AMBC_OK;
}

static void
test_simulate_table(void)
{
	static const int64_t seven[] = {7};
	static const int64_t two_two[] = {2, 2};
	static const int64_t threes[] = {3, 3, 3};
	static const int64_t nine[] = {9};
	static const int64_t mixed[] = {1, 0, 4, 0, 0, 5, 2};
	static const int64_t neg[] = {3, -1, 3};
	static const int64_t huge[] = {INT64_MAX, 1};
	static const int64_t max1[] = {INT64_MAX};
	static const int64_t ones[] = {1, 1};
	int64_t		out;
	bool		dummy;

	/* the seed case in one period */
	CHECK(ambc_simulate_credits(seven, 1, 3, 1000, NO_CAP, &out) == AMBC_OK && out == 2000);
	/* milestones are reached by the running total: 2 + 2 reaches 3 in period 2 */
	CHECK(ambc_simulate_credits(two_two, 2, 3, 1000, NO_CAP, &out) == AMBC_OK && out == 1000);
	CHECK(ambc_simulate_credits(two_two, 2, 3, 1000, 400, &out) == AMBC_OK && out == 400);
	/* a cap per period */
	CHECK(ambc_simulate_credits(threes, 3, 3, 1000, 500, &out) == AMBC_OK && out == 1500);
	CHECK(ambc_simulate_credits(threes, 3, 3, 1000, NO_CAP, &out) == AMBC_OK && out == 3000);
	CHECK(ambc_simulate_credits(nine, 1, 3, 1000, 2500, &out) == AMBC_OK && out == 2500);
	CHECK(ambc_simulate_credits(nine, 1, 3, 1000, 0, &out) == AMBC_OK && out == 0);
	CHECK(ambc_simulate_credits(nine, 1, 3, 1000, NO_CAP, &out) == AMBC_OK && out == 3000);
	/* running 1, 1, 5, 5, 5, 10, 12: milestones at 3 (period 3), 6 and 9 (period 6), 12 (period 7) */
	CHECK(ambc_simulate_credits(mixed, 7, 3, 1000, NO_CAP, &out) == AMBC_OK && out == 4000);
	CHECK(ambc_simulate_credits(mixed, 7, 3, 1000, 1500, &out) == AMBC_OK && out == 3500);
	/* nothing */
	CHECK(ambc_simulate_credits(NULL, 0, 3, 1000, NO_CAP, &out) == AMBC_OK && out == 0);
	CHECK(ambc_simulate_credits(seven, 1, 8, 1000, NO_CAP, &out) == AMBC_OK && out == 0);
	/* invalid */
	CHECK(ambc_simulate_credits(neg, 3, 3, 1000, NO_CAP, &out) == AMBC_INVALID);
	CHECK(ambc_simulate_credits(seven, 1, 0, 1000, NO_CAP, &out) == AMBC_INVALID);
	CHECK(ambc_simulate_credits(seven, 1, -1, 1000, NO_CAP, &out) == AMBC_INVALID);
	CHECK(ambc_simulate_credits(seven, 1, 3, -1, NO_CAP, &out) == AMBC_INVALID);
	CHECK(ambc_simulate_credits(seven, 1, 3, 1000, -2, &out) == AMBC_INVALID);
	CHECK(ambc_simulate_credits(NULL, 0, 0, 1000, NO_CAP, &out) == AMBC_INVALID);
	/* overflow: the running count, the product, the sum */
	CHECK(ambc_simulate_credits(huge, 2, 1, 0, NO_CAP, &out) == AMBC_OVERFLOW);
	CHECK(ambc_simulate_credits(max1, 1, 1, 2, NO_CAP, &out) == AMBC_OVERFLOW);
	CHECK(ambc_simulate_credits(max1, 1, 1, 2, 5, &out) == AMBC_OK && out == 5);
	CHECK(ambc_simulate_credits(max1, 1, 1, 1, NO_CAP, &out) == AMBC_OK && out == INT64_MAX);
	CHECK(ambc_simulate_credits(ones, 2, 1, INT64_MAX, NO_CAP, &out) == AMBC_OVERFLOW);
	CHECK(ambc_simulate_credits(ones, 2, 1, INT64_MAX, INT64_MAX, &out) == AMBC_OVERFLOW);
	CHECK(ambc_simulate_credits(ones, 2, 1, INT64_MAX, INT64_MAX / 2, &out) == AMBC_OK &&
		  out == INT64_MAX / 2 * 2);
	/* the model agrees on the table's hardest row */
	CHECK(model_simulate(mixed, 7, 3, 1000, 1500, &out, &dummy) == AMBC_OK && out == 3500);
}

/*
 * test_simulate_random
 *		Against the model; with every running total before a period a
 *		multiple of every_n, the sum of ambc_milestone_credits per period;
 *		without a cap, ambc_milestone_credits of the total; one period,
 *		ambc_milestone_credits itself.
 */
static void
test_simulate_random(void)
{
	uint32_t	seed = 8080;
	int			i;
	int			nok = 0,
				noverflow = 0,
				nper_period = 0;

	for (i = 0; i < 50000; i++)
	{
		int64_t		counts[40];
		size_t		n = rnd(&seed, 41);
		bool		extreme = rnd(&seed, 4) == 0;
		int64_t		every_n = extreme ? rnd_i64(&seed) : 1 + (int64_t) rnd(&seed, 10);
		int64_t		credit = extreme ? rnd_i64(&seed) : (int64_t) rnd(&seed, 5000);
		int64_t		cap = rnd(&seed, 3) == 0 ? NO_CAP :
			extreme ? rnd_i64(&seed) : (int64_t) rnd(&seed, 10000);
		bool		blocks = !extreme && rnd(&seed, 3) == 0;
		int64_t		out = 0,
					want = 0,
					sum = 0,
					one = 0;
		bool		overflow_first;
		ambc_status st,
					wst;
		size_t		j;
		int64_t		total_count = 0;

		for (j = 0; j < n; j++)
		{
			if (blocks)
				counts[j] = every_n * (int64_t) rnd(&seed, 6);
			else if (extreme)
				counts[j] = rnd(&seed, 8) == 0 ? rnd_i64(&seed) : (int64_t) rnd(&seed, 20);
			else
				counts[j] = (int64_t) rnd(&seed, 12);
		}
		st = ambc_simulate_credits(counts, n, every_n, credit, cap, &out);
		wst = model_simulate(counts, n, every_n, credit, cap, &want, &overflow_first);
		/* both a negative count and an earlier overflow: either is right */
		if (overflow_first)
			CHECK(st == AMBC_OVERFLOW || st == AMBC_INVALID);
		else
			CHECKF(st == wst, "case %d: want %s, got %s", i, sname(wst), sname(st));
		if (st == AMBC_OK && wst == AMBC_OK)
			CHECKF(out == want, "case %d: want %lld, got %lld", i, (long long) want,
				   (long long) out);
		nok += st == AMBC_OK;
		noverflow += st == AMBC_OVERFLOW;
		if (st != AMBC_OK || extreme)
			continue;

		for (j = 0; j < n; j++)
		{
			CHECK(ambc_milestone_credits(counts[j], every_n, credit, cap, &one) == AMBC_OK);
			sum += one;
			total_count += counts[j];
		}
		if (blocks)
		{
			CHECKF(out == sum, "case %d: %lld, per period %lld", i, (long long) out,
				   (long long) sum);
			nper_period++;
		}
		else
			CHECK(out >= sum);	/* a period may finish a milestone begun before */
		if (cap == NO_CAP)
		{
			CHECK(ambc_milestone_credits(total_count, every_n, credit, NO_CAP, &one) ==
				  AMBC_OK && out == one);
		}
		else
		{
			CHECK(ambc_milestone_credits(total_count, every_n, credit, NO_CAP, &one) ==
				  AMBC_OK && out <= one);
			CHECK(cap == 0 || out <= (int64_t) n * cap);
		}
		if (n == 1)
			CHECK(ambc_milestone_credits(counts[0], every_n, credit, cap, &one) == AMBC_OK &&
				  out == one);
		/* periods without successes change nothing */
		if (n > 0 && n < 40)
		{
			int64_t		padded[41];
			int64_t		out2 = -1;

			memcpy(padded, counts, n * sizeof(int64_t));
			padded[n] = padded[n - 1];
			padded[n - 1] = 0;
			CHECK(ambc_simulate_credits(padded, n + 1, every_n, credit, cap, &out2) ==
				  AMBC_OK && out2 == out);
		}
	}
	CHECKF(nok > 20000 && noverflow > 200 && nper_period > 5000,
		   "ok %d, overflow %d, per-period cases %d", nok, noverflow, nper_period);
}

int
main(void)
{
	static const unit_test tests[] = {
		UNIT(test_credits_table),
		UNIT(test_credits_random),
		UNIT(test_capped_table),
		UNIT(test_capped_random),
		UNIT(test_period_valid),
		UNIT(test_period_months_pg),
		UNIT(test_period_mixed_pg),
		UNIT(test_period_days_usecs),
		UNIT(test_period_random),
		UNIT(test_period_extremes),
		UNIT(test_period_regress),
		UNIT(test_plan_seed),
		UNIT(test_plan_consent),
		UNIT(test_plan_gaps),
		UNIT(test_plan_invalid),
		UNIT(test_plan_random),
		UNIT(test_plan_path),
		UNIT(test_simulate_table),
		UNIT(test_simulate_random),
	};

	return unit_run(tests, (int) LENGTHOF(tests));
}

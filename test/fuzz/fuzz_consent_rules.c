/*-------------------------------------------------------------------------
 *
 * fuzz_consent_rules.c
 *		libFuzzer target for the rules of the consent ledger
 *		(src/core/consent_rules.c).
 *
 * Input, read front to back (missing bytes read as zero): a flag byte
 * (bit 0: import mode; bit 1: the head is decoded rather than initialized);
 * now and the clock skew; a calendar probe (a time, a month count, a birth
 * day); the head, if decoded (state, since, since id, latest opt-out, GPC,
 * own pending); then up to MAX_EVENTS events (id, state, occurred, two flag
 * bytes, an age byte), each checked against the head and applied to it when
 * accepted.  A time is one selector byte then: one of the extremes
 * (AMBC_NO_TIME, INT64_MIN + 1, INT64_MAX, ...), eight raw bytes, or the
 * previous time plus a signed number of days or of microseconds (so ties,
 * skew boundaries and re-ask windows come up).  States may be out of range
 * (INT_MIN, 4, 100, ...), ages are -1..200.  The target aborts unless:
 *	- the verdict is an ambc_consent_verdict whose name is not "?";
 *	- check is deterministic and leaves the head and the event alone;
 *	- an erased event is AMBC_CR_ERASED; for any other event with a valid
 *	  state the verdict is the first rule, in the order consent_rules.h
 *	  gives, that an independent restatement of the rules finds broken,
 *	  AMBC_CR_OK when none is (an out-of-range state must give a broken
 *	  rule's verdict; a "now" of AMBC_NO_TIME is read as "no clock");
 *	- a verdict refused in import mode is the same verdict outside it, and
 *	  one accepted outside import mode is accepted in it;
 *	- ambc_consent_transition_allowed is rule 3's table, false for an
 *	  out-of-range target;
 *	- apply gives the head a model computes: the latest opt-out and GPC
 *	  only grow, the state follows the event unless the event is older
 *	  (by time, then id) than the head, and "since" never decreases;
 *	- ambc_add_months(AMBC_NO_TIME, n) is AMBC_NO_TIME, adding 0 months is
 *	  the identity, any other result is not AMBC_NO_TIME, is monotone in n
 *	  and, unless saturated, moves the calendar month by exactly n, keeps
 *	  the time of day and clamps the day of the month;
 *	- ambc_age_years is -1 exactly when the time is before the birth day,
 *	  0 on the birth day, and otherwise within the bounds that 365- and
 *	  366-day years allow.
 * UndefinedBehaviorSanitizer catches any overflow in the time arithmetic.
 *
 * test/fuzz/fuzz_consent_rules.c
 *
 *-------------------------------------------------------------------------
 */
#include <limits.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "bizdays.h"
#include "consent_rules.h"
#include "fuzz_reader.h"

int			LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MAX_EVENTS 256

#define USECS_PER_DAY INT64_C(86400000000)

/* 2025-01-01 00:00 UTC (day 9132) */
#define T0 (INT64_C(9132) * USECS_PER_DAY)

#define NVERDICTS ((int) AMBC_CR_GPC_TWO_STEP + 1)


/* a + b with two's complement wrap-around, no undefined behaviour */
static int64_t
wrap_add(int64_t a, int64_t b)
{
	return (int64_t) ((uint64_t) a + (uint64_t) b);
}

/*
 * take_time
 *		A time: an extreme, raw, or base plus days or microseconds.
 */
static int64_t
take_time(reader *r, int64_t base)
{
	static const int64_t extremes[] = {
		AMBC_NO_TIME, INT64_MIN + 1, INT64_MAX, INT64_MAX - 1, 0, -1, 1,
		T0, INT64_MIN / 2, INT64_MAX / 2,
		/* the first and last whole days of the int64 range */
		(INT64_MIN / USECS_PER_DAY) * USECS_PER_DAY,
		(INT64_MAX / USECS_PER_DAY) * USECS_PER_DAY,
		/* 0001-01-01 and 9999-12-31 */
		INT64_C(-730119) * USECS_PER_DAY, INT64_C(2921939) * USECS_PER_DAY,
		/* 2024-02-29 12:00 */
		INT64_C(8825) * USECS_PER_DAY + USECS_PER_DAY / 2,
		/* 2025-01-31 */
		INT64_C(9162) * USECS_PER_DAY
	};
	uint8_t		sel = take8(r);

	switch (sel & 3)
	{
		case 0:
			return extremes[(sel >> 2) % (sizeof(extremes) / sizeof(extremes[0]))];
		case 1:
			return (int64_t) take_be(r, 8);
		case 2:
			return wrap_add(base, (int64_t) (int16_t) take_be(r, 2) * USECS_PER_DAY);
		default:
			return wrap_add(base, (int64_t) (int32_t) take_be(r, 4));
	}
}

/* a state, mostly -1..3, sometimes out of range */
static int
take_state(reader *r)
{
	static const int odd[] = {INT_MIN, INT_MAX, 4, 5, -2, 100, INT_MIN + 1};
	uint8_t		b = take8(r);

	if (b < 0xE0)
		return (int) (b % 5) - 1;
	return odd[b % (sizeof(odd) / sizeof(odd[0]))];
}

/* an id: a small signed number or an extreme */
static int64_t
take_id(reader *r)
{
	uint8_t		b = take8(r);

	if (b == 0x80)
		return INT64_MIN;
	if (b == 0x7F)
		return INT64_MAX;
	return (int8_t) b;
}

static bool
valid_state(int s)
{
	return s >= 0 && s < AMBC_CS_NSTATES;
}

static bool
is_optout(int s)
{
	return s == AMBC_CS_DENIED || s == AMBC_CS_WITHDRAWN;
}

/*
 * table_allows
 *		Rule 3's table as consent_rules.h writes it; from is valid or
 *		AMBC_CS_NONE, to is valid.
 */
static bool
table_allows(int from, int to)
{
	switch (from)
	{
		case AMBC_CS_NONE:
			return true;
		case AMBC_CS_PENDING:
			return to == AMBC_CS_GRANTED || to == AMBC_CS_DENIED;
		case AMBC_CS_GRANTED:
			return to == AMBC_CS_WITHDRAWN || to == AMBC_CS_DENIED ||
				to == AMBC_CS_GRANTED;
		default:				/* denied, withdrawn */
			return to == AMBC_CS_GRANTED || to == AMBC_CS_PENDING;
	}
}

static void
check_transition_table(int from, int to)
{
	bool		got = ambc_consent_transition_allowed(from, to);

	if (!valid_state(to))
	{
		if (got)
			abort();
		return;
	}
	if ((valid_state(from) || from == AMBC_CS_NONE) &&
		got != table_allows(from, to))
		abort();
}

/*
 * broken
 *		Whether e, against h, breaks the rule whose verdict is v, restated
 *		from consent_rules.h.  For AMBC_CR_BACKWARDS an occurred time of
 *		-infinity counts in either mode (expected_verdict ranks it at the
 *		"future" position).
 */
static bool
broken(ambc_consent_verdict v, const ambc_consent_head *h,
	   const ambc_consent_event *e, int64_t now, int64_t skew, bool imp)
{
	bool		grant = (e->state == AMBC_CS_GRANTED);
	bool		minor = (e->age >= 0 && e->age < 13);
	bool		teen = (e->age >= 13 && e->age < 16);

	switch (v)
	{
		case AMBC_CR_OK:
			return false;
		case AMBC_CR_ERASED:
			return e->erased;
		case AMBC_CR_FUTURE:
			if (now == AMBC_NO_TIME || e->occurred <= now)
				return false;
			/* occurred > now, so the unsigned difference is exact */
			return skew < 0 ||
				(uint64_t) e->occurred - (uint64_t) now > (uint64_t) skew;
		case AMBC_CR_BACKWARDS:
			return e->occurred == AMBC_NO_TIME ||
				(!imp && h->since != AMBC_NO_TIME && e->occurred < h->since);
		case AMBC_CR_TRANSITION:
			return !valid_state(e->state) ||
				(!imp && !e->gpc &&
				 !ambc_consent_transition_allowed(h->state, e->state));
		case AMBC_CR_NO_EVIDENCE:
			return grant && (!e->has_source || !e->has_method || !e->shown);
		case AMBC_CR_MINOR_PARENTAL:
			return grant && e->sale_sharing && minor &&
				(!e->parental || !e->parent_verified);
		case AMBC_CR_MINOR_TWO_STEP:
			return !imp && grant && e->sale_sharing && teen &&
				!(h->state == AMBC_CS_PENDING && h->pending_own);
		case AMBC_CR_REASK:
			return !imp && e->state == AMBC_CS_PENDING && e->sale_sharing &&
				h->last_optout != AMBC_NO_TIME && !e->consumer_initiated &&
				e->occurred < ambc_add_months(h->last_optout, 12);
		case AMBC_CR_GPC_SHAPE:
			return e->gpc && (!e->sale_sharing || !is_optout(e->state));
		case AMBC_CR_GPC_TWO_STEP:
			return !imp && grant && e->sale_sharing && h->gpc &&
				!(h->state == AMBC_CS_PENDING && (h->pending_own || minor));
	}
	abort();
}

/*
 * expected_verdict
 *		The first broken rule in the order of consent_rules.h: erased,
 *		future (with -infinity as backwards), GPC shape, no evidence,
 *		parental, backwards, transition, two steps, re-ask.  For the two
 *		steps *alt is set to the other two-step verdict when both are
 *		broken (the header does not rank them), else to the result.
 */
static ambc_consent_verdict
expected_verdict(const ambc_consent_head *h, const ambc_consent_event *e,
				 int64_t now, int64_t skew, bool imp,
				 ambc_consent_verdict *alt)
{
	static const ambc_consent_verdict order[] = {
		AMBC_CR_GPC_SHAPE, AMBC_CR_NO_EVIDENCE, AMBC_CR_MINOR_PARENTAL,
		AMBC_CR_BACKWARDS, AMBC_CR_TRANSITION
	};
	size_t		i;
	bool		teen2;
	bool		gpc2;

	*alt = AMBC_CR_OK;
	if (e->erased)
		return *alt = AMBC_CR_ERASED;
	if (e->occurred == AMBC_NO_TIME)
		return *alt = AMBC_CR_BACKWARDS;
	if (broken(AMBC_CR_FUTURE, h, e, now, skew, imp))
		return *alt = AMBC_CR_FUTURE;
	for (i = 0; i < sizeof(order) / sizeof(order[0]); i++)
		if (broken(order[i], h, e, now, skew, imp))
			return *alt = order[i];
	teen2 = broken(AMBC_CR_MINOR_TWO_STEP, h, e, now, skew, imp);
	gpc2 = broken(AMBC_CR_GPC_TWO_STEP, h, e, now, skew, imp);
	if (teen2 || gpc2)
	{
		*alt = gpc2 ? AMBC_CR_GPC_TWO_STEP : AMBC_CR_MINOR_TWO_STEP;
		return teen2 ? AMBC_CR_MINOR_TWO_STEP : AMBC_CR_GPC_TWO_STEP;
	}
	if (broken(AMBC_CR_REASK, h, e, now, skew, imp))
		return *alt = AMBC_CR_REASK;
	return AMBC_CR_OK;
}

static bool
heads_equal(const ambc_consent_head *a, const ambc_consent_head *b)
{
	return a->state == b->state && a->since == b->since &&
		a->since_id == b->since_id && a->last_optout == b->last_optout &&
		a->gpc == b->gpc && a->pending_own == b->pending_own;
}

static bool
events_equal(const ambc_consent_event *a, const ambc_consent_event *b)
{
	return a->id == b->id && a->state == b->state &&
		a->occurred == b->occurred && a->sale_sharing == b->sale_sharing &&
		a->has_source == b->has_source && a->has_method == b->has_method &&
		a->gpc == b->gpc && a->parental == b->parental &&
		a->shown == b->shown && a->parent_verified == b->parent_verified &&
		a->consumer_initiated == b->consumer_initiated &&
		a->age == b->age && a->erased == b->erased;
}

/*
 * check_verdict
 *		Run ambc_consent_check on (h, e) in the mode imp and check it;
 *		returns the verdict.
 */
static ambc_consent_verdict
check_verdict(const ambc_consent_head *h, const ambc_consent_event *e,
			  int64_t now, int64_t skew, bool imp)
{
	ambc_consent_head hc = *h;
	ambc_consent_event ec = *e;
	ambc_consent_verdict v;
	ambc_consent_verdict want;
	ambc_consent_verdict alt;
	const char *name;

	v = ambc_consent_check(h, e, now, skew, imp);
	if ((int) v < 0 || (int) v >= NVERDICTS)
		abort();
	name = ambc_consent_verdict_name(v);
	if (name == NULL || strcmp(name, "?") == 0)
		abort();
	if (!heads_equal(h, &hc) || !events_equal(e, &ec))
		abort();
	if (ambc_consent_check(&hc, &ec, now, skew, imp) != v)
		abort();

	if (e->erased)
	{
		if (v != AMBC_CR_ERASED)
			abort();
	}
	else if (valid_state(e->state))
	{
		want = expected_verdict(h, e, now, skew, imp, &alt);
		if (v != want && v != alt)
			abort();
	}
	else if (v == AMBC_CR_OK || !broken(v, h, e, now, skew, imp))
		abort();
	return v;
}

/*
 * check_apply
 *		Apply e (accepted) to *h and compare with the model.
 */
static void
check_apply(ambc_consent_head *h, const ambc_consent_event *e)
{
	ambc_consent_head before = *h;
	ambc_consent_head want = *h;
	ambc_consent_event ec = *e;
	bool		older;
	bool		tie;

	ambc_consent_apply(h, e);
	if (!events_equal(e, &ec))
		abort();

	if (is_optout(e->state) && e->occurred > want.last_optout)
		want.last_optout = e->occurred;
	if (e->gpc)
		want.gpc = true;
	older = before.since != AMBC_NO_TIME &&
		(e->occurred < before.since ||
		 (e->occurred == before.since && e->id < before.since_id));
	tie = before.since != AMBC_NO_TIME && e->occurred == before.since &&
		e->id == before.since_id;
	if (!older)
	{
		want.state = e->state;
		want.since = e->occurred;
		want.since_id = e->id;
		want.pending_own = (e->state == AMBC_CS_PENDING && !e->parental);
	}
	/* the same (time, id) again: either reading is the latest event */
	if (!heads_equal(h, &want) && !(tie && heads_equal(h, &before)))
		abort();

	if (h->since < before.since || h->last_optout < before.last_optout ||
		(before.gpc && !h->gpc))
		abort();
}

/* a / b and a mod b rounded towards minus infinity (b > 0), no overflow */
static int64_t
floor_div(int64_t a, int64_t b)
{
	int64_t		q = a / b;

	if (a % b < 0)
		q--;
	return q;
}

static int64_t
floor_mod(int64_t a, int64_t b)
{
	int64_t		m = a % b;

	return m < 0 ? m + b : m;
}

static int
days_in_month(int64_t y, int m)
{
	static const int mdays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

	if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		return 29;
	return mdays[m - 1];
}

/*
 * check_add_months
 *		The properties of ambc_add_months(t, n).
 */
static void
check_add_months(int64_t t, int n)
{
	int64_t		r = ambc_add_months(t, n);
	int64_t		td,
				rd;
	int			ty,
				tm,
				tdd,
				ry,
				rm,
				rdd;

	if (ambc_add_months(t, n) != r)
		abort();
	if (t == AMBC_NO_TIME)
	{
		if (r != AMBC_NO_TIME)
			abort();
		return;
	}
	if (r == AMBC_NO_TIME)
		abort();
	if (n == 0 && r != t)
		abort();
	if ((n > 0 && r < t) || (n < 0 && r > t))
		abort();
	if (n < INT_MAX && ambc_add_months(t, n + 1) < r)
		abort();
	if (r == INT64_MAX || r == INT64_MIN + 1)
		return;					/* saturated */
	td = floor_div(t, USECS_PER_DAY);
	rd = floor_div(r, USECS_PER_DAY);
	if (floor_mod(t, USECS_PER_DAY) != floor_mod(r, USECS_PER_DAY))
		abort();
	ambc_day_to_ymd((int32_t) td, &ty, &tm, &tdd);
	ambc_day_to_ymd((int32_t) rd, &ry, &rm, &rdd);
	if (((int64_t) ry * 12 + rm - 1) - ((int64_t) ty * 12 + tm - 1) != n)
		abort();
	if (rdd != (tdd < days_in_month(ry, rm) ? tdd : days_in_month(ry, rm)))
		abort();
}

/*
 * check_age
 *		The properties of ambc_age_years(birth, t).
 */
static void
check_age(int32_t birth, int64_t t)
{
	int			age = ambc_age_years(birth, t);
	int64_t		day = floor_div(t, USECS_PER_DAY);
	int64_t		span = day - birth;
	int64_t		at;

	if (ambc_age_years(birth, t) != age)
		abort();
	if (span < 0)
	{
		if (age != -1)
			abort();
	}
	else if (age < 0 || (int64_t) age * 365 > span ||
			 span > ((int64_t) age + 1) * 366)
		abort();
	/* on the birth day itself, and the microsecond before it */
	if (!__builtin_mul_overflow((int64_t) birth, USECS_PER_DAY, &at))
	{
		if (ambc_age_years(birth, at) != 0)
			abort();
		if (at != INT64_MIN && ambc_age_years(birth, at - 1) != -1)
			abort();
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	reader		r = {data, size};
	uint8_t		flags = take8(&r);
	bool		imp = (flags & 1) != 0;
	int64_t		now = take_time(&r, T0);
	int64_t		skew = take_time(&r, 0);
	int64_t		t;
	int64_t		prev;
	int			n;
	int32_t		birth;
	ambc_consent_head h;
	int			k;

	/* the calendar probe */
	t = take_time(&r, T0);
	n = (int) (int32_t) take_be(&r, 4);
	if ((n & 0x300) != 0x300)
		n = (int8_t) n;			/* mostly a small count */
	birth = (int32_t) take_be(&r, 4);
	if ((birth & 0x30000) != 0x30000)
		birth = 9132 - (int16_t) birth * 16;
	check_add_months(AMBC_NO_TIME, n);
	check_add_months(t, n);
	check_add_months(t, 12);
	check_add_months(t, -12);
	check_add_months(t, INT_MAX);
	check_add_months(t, INT_MIN);
	check_age(birth, t);
	check_age(birth, now);

	for (k = -2; k <= AMBC_CS_NSTATES; k++)
	{
		check_transition_table(AMBC_CS_NONE, k);
		check_transition_table(k, AMBC_CS_GRANTED);
		check_transition_table(k, k);
	}

	ambc_consent_head_init(&h);
	if (h.state != AMBC_CS_NONE || h.since != AMBC_NO_TIME ||
		h.last_optout != AMBC_NO_TIME || h.gpc || h.pending_own)
		abort();
	if (flags & 2)
	{
		uint8_t		b;

		h.state = take_state(&r);
		h.since = take_time(&r, T0);
		h.since_id = take_id(&r);
		h.last_optout = take_time(&r, h.since);
		b = take8(&r);
		h.gpc = (b & 1) != 0;
		h.pending_own = (b & 2) != 0;
	}

	prev = h.since != AMBC_NO_TIME ? h.since : T0;
	for (k = 0; k < MAX_EVENTS && r.n > 0; k++)
	{
		ambc_consent_event e;
		unsigned	f;
		bool		mode;
		ambc_consent_verdict v;
		ambc_consent_verdict vi;
		ambc_consent_verdict vn;

		memset(&e, 0, sizeof(e));
		e.id = take_id(&r);
		e.state = take_state(&r);
		e.occurred = take_time(&r, prev);
		f = (unsigned) take_be(&r, 2);
		e.sale_sharing = (f & 0x001) != 0;
		e.has_source = (f & 0x002) != 0;
		e.has_method = (f & 0x004) != 0;
		e.gpc = (f & 0x008) != 0;
		e.parental = (f & 0x010) != 0;
		e.shown = (f & 0x020) != 0;
		e.parent_verified = (f & 0x040) != 0;
		e.consumer_initiated = (f & 0x080) != 0;
		e.erased = (f & 0x100) != 0;
		mode = imp != ((f & 0x200) != 0);
		e.age = (int) (take8(&r) % 202) - 1;
		if (e.occurred != AMBC_NO_TIME)
			prev = e.occurred;

		check_add_months(e.occurred, 12);
		check_age(birth, e.occurred);

		vi = check_verdict(&h, &e, now, skew, true);
		vn = check_verdict(&h, &e, now, skew, false);
		if ((vi != AMBC_CR_OK && vn != vi) || (vn == AMBC_CR_OK && vi != AMBC_CR_OK))
			abort();
		v = mode ? vi : vn;
		if (v == AMBC_CR_OK)
		{
			int64_t		since = h.since;

			check_apply(&h, &e);
			if (h.since < since)
				abort();
		}
	}
	return 0;
}

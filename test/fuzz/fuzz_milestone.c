/*-------------------------------------------------------------------------
 *
 * fuzz_milestone.c
 *		libFuzzer target for the arithmetic of referral micro-incentives
 *		(src/core/milestone.c).
 *
 * Input, read front to back (missing bytes read as zero): a flag byte
 * (bit 0: the rule claws back; bit 1: consent is granted; bit 2: the plan
 * gets less room than it asks for); the credit arguments (successes,
 * every_n, credit, cap, used); a period (origin, months, days, usecs, t);
 * a plan (earned, then up to MAX_MS milestones of one byte each: a gap to
 * the previous number, 0 giving a duplicate, and held / open bits, or a
 * raw int32 number after a 0xFF byte); a simulation (every_n, credit, cap,
 * then up to MAX_COUNTS counts).  A 64-bit value is one selector byte then
 * one of the extremes (INT64_MIN, -1, INT64_MAX, ...), eight raw bytes, one
 * byte or two bytes; a time is an extreme, eight raw bytes, or 2024-01-31
 * (or the origin) plus a signed number of days and microseconds.  Arrays
 * are allocated at exactly their size, so AddressSanitizer sees a read
 * past one.  The target aborts unless:
 *	- ambc_milestone_credits and ambc_capped_amount equal models in 128-bit
 *	  arithmetic (capped: min(credit, cap - used) for 0 <= used <= cap, 0
 *	  above the cap, min(credit, cap) below 0, credit without a cap);
 *	- ambc_period_valid is "no part negative, not all zero", and
 *	  ambc_period_start refuses an invalid period with AMBC_INVALID; on a
 *	  valid one it returns AMBC_OK with the k and start of a reference
 *	  (origin + k * p computed here in 128 bits with its own calendar,
 *	  months first and the day clamped, as PostgreSQL adds an interval)
 *	  with start <= t < next boundary, the start giving itself back and
 *	  the microsecond before it the previous period; or AMBC_OVERFLOW,
 *	  only when a boundary within 8 periods of t is not a representable
 *	  time;
 *	- ambc_incentive_plan refuses a negative count or an unordered ledger
 *	  with AMBC_INVALID and *nout 0, else gives exactly the entries of a
 *	  restatement of the header's rules, AMBC_LIMIT (and *nout 0) exactly
 *	  when they do not fit, never more than nms + earned of them; after
 *	  they are booked (a credit makes a milestone held and closes its
 *	  note, a clawback makes it not held, a withheld note opens) the held
 *	  count is the rules' and planning again books nothing;
 *	- ambc_simulate_credits equals a 128-bit model (either error when a
 *	  negative count follows an overflow), and a simulation of one period
 *	  is ambc_milestone_credits.
 * UndefinedBehaviorSanitizer catches any overflow in the arithmetic.
 *
 * test/fuzz/fuzz_milestone.c
 *
 *-------------------------------------------------------------------------
 */
#include <limits.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_reader.h"
#include "milestone.h"

int			LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MAX_MS 48
#define MAX_EARNED 64
#define MAX_COUNTS 32

#define USECS_PER_DAY INT64_C(86400000000)
/* 2024-01-31 00:00 UTC */
#define T_2024_01_31 INT64_C(759974400000000)

#include "../unit/milestone_ref.h"

#define LENGTHOF(a) (sizeof(a) / sizeof((a)[0]))

static int64_t
take_i64(reader *r)
{
	static const int64_t extremes[] = {
		0, 1, 2, 3, -1, -2, INT64_MIN, INT64_MIN + 1, INT64_MAX, INT64_MAX - 1,
		INT64_MAX / 2, INT32_MAX, (int64_t) INT32_MAX + 1, INT64_C(3037000500),
		1000, 7, AMBC_NO_CAP
	};
	uint8_t		sel = take8(r);

	switch (sel & 3)
	{
		case 0:
			return extremes[(sel >> 2) % LENGTHOF(extremes)];
		case 1:
			return (int64_t) take_be(r, 8);
		case 2:
			return take8(r);
		default:
			return (int64_t) take_be(r, 2);
	}
}

static int32_t
take_i32(reader *r)
{
	static const int32_t extremes[] = {
		0, 1, 2, 3, 6, 12, -1, INT32_MIN, INT32_MAX, INT32_MAX - 1, 1200000,
		106751991
	};
	uint8_t		sel = take8(r);

	switch (sel & 3)
	{
		case 0:
			return extremes[(sel >> 2) % LENGTHOF(extremes)];
		case 1:
			return (int32_t) take_be(r, 4);
		default:
			return (int32_t) (take8(r) % 32);
	}
}

/* a + b wrapped to int64, no undefined behaviour */
static int64_t
wrap64(int64_t a, int64_t b)
{
	return (int64_t) ((uint64_t) a + (uint64_t) b);
}

static int64_t
take_time(reader *r, int64_t base)
{
	static const int64_t extremes[] = {
		INT64_MIN, INT64_MIN + 1, INT64_MIN + 2, -1, 0, 1, INT64_MAX,
		INT64_MAX - 1, INT64_C(-211813488000000000),
		INT64_C(9223371331200000000), INT64_C(6311390400000000000),
		INT64_C(1) << 62, T_2024_01_31
	};
	uint8_t		sel = take8(r);
	int64_t		days;
	int64_t		us;

	switch (sel & 3)
	{
		case 0:
			return extremes[(sel >> 2) % LENGTHOF(extremes)];
		case 1:
			return (int64_t) take_be(r, 8);
		default:
			days = (int16_t) take_be(r, 2);
			us = (int32_t) take_be(r, 4);
			return wrap64((sel & 3) == 2 ? T_2024_01_31 : base,
						  wrap64(days * USECS_PER_DAY, us));
	}
}

/* ---- the reference calendar: shared with the unit test ------------------ */


static i128
ref_index(int64_t origin, const ambc_period *p, int64_t t)
{
	i128		len = (i128) p->months * INT64_C(2629746000000) +
		(i128) p->days * USECS_PER_DAY + p->usecs;
	i128		k = floor_div128((i128) t - origin, len);
	int			steps = 0;

	while (ref_boundary(origin, p, k, NULL) > t)
	{
		k--;
		if (++steps > 100)
			abort();
	}
	while (ref_boundary(origin, p, k + 1, NULL) <= t)
	{
		k++;
		if (++steps > 100)
			abort();
	}
	return k;
}

/* ---- the checks ---------------------------------------------------------- */

static void
check_credits(int64_t successes, int64_t every_n, int64_t credit, int64_t cap)
{
	int64_t		out = 0;
	ambc_status st = ambc_milestone_credits(successes, every_n, credit, cap, &out);
	i128		total;

	if (successes < 0 || every_n < 1 || credit < 0 || cap < AMBC_NO_CAP)
	{
		if (st != AMBC_INVALID)
			abort();
		return;
	}
	total = (i128) (successes / every_n) * credit;
	if (cap != AMBC_NO_CAP && total > cap)
		total = cap;
	if (total > INT64_MAX)
	{
		if (st != AMBC_OVERFLOW)
			abort();
		return;
	}
	if (st != AMBC_OK || out != (int64_t) total)
		abort();
}

static void
check_capped(int64_t credit, int64_t cap, int64_t used)
{
	int64_t		out = -1;
	ambc_status st = ambc_capped_amount(credit, cap, used, &out);
	int64_t		want;

	if (credit < 0 || cap < AMBC_NO_CAP)
	{
		if (st != AMBC_INVALID)
			abort();
		return;
	}
	if (cap == AMBC_NO_CAP)
		want = credit;
	else if (used > cap)
		want = 0;
	else if (used >= 0)
		want = credit < cap - used ? credit : cap - used;
	else
		want = credit < cap ? credit : cap;
	if (st != AMBC_OK || out != want || out < 0 || out > credit)
		abort();
}

/*
 * check_start
 *		ambc_period_start(origin, p, t) for a valid p against the reference:
 *		AMBC_OK with its k and start, start <= t < the next boundary, or
 *		AMBC_OVERFLOW when a boundary within 8 periods of t is not clear.
 *		Returns the status; *start and *index get the result.
 */
static ambc_status
check_start(int64_t origin, const ambc_period *p, int64_t t, int64_t *start,
			int64_t *index)
{
	ambc_status st = ambc_period_start(origin, p, t, start, index);
	i128		k = ref_index(origin, p, t);
	i128		j;
	bool		near_ok = true;

	for (j = k - 8; j <= k + 9; j++)
		near_ok = near_ok && ref_clear(origin, p, j);
	if (st == AMBC_OVERFLOW)
	{
		if (near_ok)
			abort();
		return st;
	}
	if (st != AMBC_OK || *index != k || *start != ref_boundary(origin, p, k, NULL) ||
		*start > t || ref_boundary(origin, p, k + 1, NULL) <= t ||
		ref_boundary(origin, p, k + 1, NULL) > INT64_MAX || *start == INT64_MIN)
		abort();
	return st;
}

static void
check_period(int64_t origin, const ambc_period *p, int64_t t)
{
	bool		valid = p->months >= 0 && p->days >= 0 && p->usecs >= 0 &&
		(p->months > 0 || p->days > 0 || p->usecs > 0);
	int64_t		start = 0,
				index = 0,
				s2 = 0,
				k2 = 0;

	if (ambc_period_valid(p) != valid)
		abort();
	if (!valid)
	{
		if (ambc_period_start(origin, p, t, &start, &index) != AMBC_INVALID)
			abort();
		return;
	}
	if (check_start(origin, p, t, &start, &index) != AMBC_OK)
		return;
	/* the start is in its own period; the microsecond before it, in k - 1 */
	if (check_start(origin, p, start, &s2, &k2) == AMBC_OK &&
		(s2 != start || k2 != index))
		abort();
	if (check_start(origin, p, start - 1, &s2, &k2) == AMBC_OK &&
		(k2 != index - 1 || s2 >= start))
		abort();
}

/*
 * apply
 *		Book b[0..nb) into ms (room for cap milestones), kept in order of k.
 */
static void
apply(ambc_milestone *ms, size_t *nms, size_t cap, const ambc_booking *b, size_t nb)
{
	size_t		i,
				j;

	for (i = 0; i < nb; i++)
	{
		for (j = 0; j < *nms && ms[j].k < b[i].k; j++)
			;
		if (j == *nms || ms[j].k != b[i].k)
		{
			if (*nms >= cap)
				abort();
			memmove(&ms[j + 1], &ms[j], (*nms - j) * sizeof(ambc_milestone));
			ms[j].k = b[i].k;
			ms[j].held = false;
			ms[j].open_withheld = false;
			(*nms)++;
		}
		switch (b[i].kind)
		{
			case AMBC_BOOK_CREDIT:
				if (ms[j].held)
					abort();
				ms[j].held = true;
				ms[j].open_withheld = false;
				break;
			case AMBC_BOOK_CLAWBACK:
				if (!ms[j].held)
					abort();
				ms[j].held = false;
				break;
			case AMBC_BOOK_WITHHELD:
				if (ms[j].held || ms[j].open_withheld)
					abort();
				ms[j].open_withheld = true;
				break;
			default:
				abort();
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

static void
check_plan(int64_t earned, bool clawback, bool consent, bool short_room,
		   const ambc_milestone *ms, size_t nms)
{
	bool		ordered = true;
	size_t		i;
	size_t		room = nms + (earned > 0 && earned <= MAX_EARNED ? (size_t) earned : 0);
	ambc_booking *out = malloc((room ? room : 1) * sizeof(ambc_booking));
	ambc_booking *want = malloc((room ? room : 1) * sizeof(ambc_booking));
	ambc_milestone *ledger = malloc((room ? room : 1) * sizeof(ambc_milestone));
	size_t		nout = 999;
	size_t		nwant;
	size_t		nledger = nms;
	size_t		outcap;
	ambc_status st;
	int64_t		h0,
				h1;

	if (out == NULL || want == NULL || ledger == NULL)
		abort();
	for (i = 0; i < nms; i++)
		ordered = ordered && ms[i].k >= 1 && (i == 0 || ms[i].k > ms[i - 1].k);

	if (earned < 0 || !ordered || earned > MAX_EARNED)
	{
		/* room for nms entries only: a huge count stops at the room */
		st = ambc_incentive_plan(earned, clawback, consent, ms, nms, out, room, &nout);
		if (earned < 0 || !ordered)
		{
			if (st != AMBC_INVALID || nout != 0)
				abort();
		}
		else if (st == AMBC_OK ? nout > room : (st != AMBC_LIMIT || nout != 0))
			abort();
		goto done;
	}

	nwant = model_plan(earned, clawback, consent, ms, nms, want);
	if (nwant > room)
		abort();				/* the header's bound */
	outcap = short_room && nwant > 0 ? nwant - 1 : room;
	st = ambc_incentive_plan(earned, clawback, consent, ms, nms, out, outcap, &nout);
	if (nwant > outcap)
	{
		if (st != AMBC_LIMIT || nout != 0)
			abort();
		st = ambc_incentive_plan(earned, clawback, consent, ms, nms, out, room, &nout);
	}
	if (st != AMBC_OK || nout != nwant)
		abort();
	for (i = 0; i < nout; i++)
		if (out[i].kind != want[i].kind || out[i].k != want[i].k ||
			out[i].reach != want[i].reach)
			abort();

	/* book it: the held count is the rules', and a second plan is empty */
	memcpy(ledger, ms, nms * sizeof(ambc_milestone));
	h0 = count_held(ledger, nledger);
	apply(ledger, &nledger, room, out, nout);
	h1 = count_held(ledger, nledger);
	if (consent && clawback ? h1 != earned :
		consent ? h1 != (h0 > earned ? h0 : earned) :
		clawback ? h1 != (h0 > earned ? earned : h0) :
		h1 != h0)
		abort();
	st = ambc_incentive_plan(earned, clawback, consent, ledger, nledger, out, room, &nout);
	if (st != AMBC_OK || nout != 0)
		abort();
done:
	free(out);
	free(want);
	free(ledger);
}

static void
check_simulate(const int64_t *counts, size_t n, int64_t every_n, int64_t credit,
			   int64_t cap)
{
	int64_t		out = 0;
	ambc_status st = ambc_simulate_credits(counts, n, every_n, credit, cap, &out);
	i128		running = 0;
	i128		total = 0;
	size_t		i;
	bool		overflow = false;
	bool		negative_later = false;

	if (every_n < 1 || credit < 0 || cap < AMBC_NO_CAP)
	{
		if (st != AMBC_INVALID)
			abort();
		return;
	}
	for (i = 0; i < n; i++)
	{
		i128		before = running / every_n;
		i128		amount;

		if (counts[i] < 0)
		{
			if (st != AMBC_INVALID)
				abort();
			return;
		}
		running += counts[i];
		amount = (running / every_n - before) * credit;
		if (cap != AMBC_NO_CAP && amount > cap)
			amount = cap;
		total += amount;
		if (running > INT64_MAX || amount > INT64_MAX || total > INT64_MAX)
		{
			overflow = true;
			break;
		}
	}
	if (overflow)
	{
		for (; i < n; i++)
			negative_later = negative_later || counts[i] < 0;
		if (st != AMBC_OVERFLOW && !(negative_later && st == AMBC_INVALID))
			abort();
		return;
	}
	if (st != AMBC_OK || out != (int64_t) total)
		abort();
	if (n == 1)
	{
		int64_t		one = 0;

		if (ambc_milestone_credits(counts[0], every_n, credit, cap, &one) != AMBC_OK ||
			one != out)
			abort();
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	reader		r = {data, size};
	uint8_t		flags = take8(&r);
	int64_t		successes = take_i64(&r);
	int64_t		every_n = take_i64(&r);
	int64_t		credit = take_i64(&r);
	int64_t		cap = take_i64(&r);
	int64_t		used = take_i64(&r);
	int64_t		origin = take_time(&r, T_2024_01_31);
	ambc_period p;
	int64_t		t;
	int64_t		earned;
	uint8_t		nms;
	ambc_milestone *ms;
	int32_t		k = 0;
	size_t		i;
	int64_t		s_every,
				s_credit,
				s_cap;
	uint8_t		ncounts;
	int64_t    *counts;

	p.months = take_i32(&r);
	p.days = take_i32(&r);
	p.usecs = take_i64(&r);
	t = take_time(&r, origin);

	check_credits(successes, every_n, credit, cap);
	check_credits(successes, 3, 1000, AMBC_NO_CAP);
	check_capped(credit, cap, used);
	check_capped(credit, cap, successes);
	check_period(origin, &p, t);
	/* the seed cases */
	{
		int64_t		out = 0;
		ambc_period month = {1, 0, 0};
		int64_t		start = 0,
					index = 0;

		if (ambc_milestone_credits(7, 3, 1000, AMBC_NO_CAP, &out) != AMBC_OK || out != 2000)
			abort();
		/* 2024-03-30 is in the period of 2024-02-29 (k 1) */
		if (ambc_period_start(T_2024_01_31, &month, T_2024_01_31 + 59 * USECS_PER_DAY,
							  &start, &index) != AMBC_OK || index != 1 ||
			start != T_2024_01_31 + 29 * USECS_PER_DAY)
			abort();
	}

	/* the plan */
	earned = take8(&r) < 0xF0 ? take8(&r) % (MAX_EARNED + 1) : take_i64(&r);
	nms = take8(&r) % (MAX_MS + 1);
	ms = malloc((nms ? nms : 1) * sizeof(ambc_milestone));
	if (ms == NULL)
		return 0;
	for (i = 0; i < nms; i++)
	{
		uint8_t		b = take8(&r);

		if (b == 0xFF)
			k = (int32_t) take_be(&r, 4);
		else
			k = (int32_t) (((uint32_t) k + (b & 7)) & 0x7FFFFFFF);
		if (k == 0 && b != 0xFF)
			k = 1;
		ms[i].k = k;
		ms[i].held = (b & 0x08) != 0;
		ms[i].open_withheld = (b & 0x30) == 0x30;
	}
	check_plan(earned, flags & 1, (flags & 2) != 0, (flags & 4) != 0, ms, nms);
	free(ms);

	/* the simulation */
	s_every = take_i64(&r);
	if (s_every == 0)
		s_every = 3;
	s_credit = take_i64(&r);
	s_cap = take_i64(&r);
	ncounts = take8(&r) % (MAX_COUNTS + 1);
	counts = malloc((ncounts ? ncounts : 1) * sizeof(int64_t));
	if (counts == NULL)
		return 0;
	for (i = 0; i < ncounts; i++)
		counts[i] = take8(&r) < 0xF8 ? take8(&r) : take_i64(&r);
	check_simulate(ncounts ? counts : NULL, ncounts, s_every, s_credit, s_cap);
	free(counts);
	return 0;
}

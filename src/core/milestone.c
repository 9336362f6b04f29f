/*-------------------------------------------------------------------------
 *
 * milestone.c
 *		Milestone arithmetic, cap periods and ledger plans for referral
 *		incentives (see milestone.h).
 *
 * Worked example, the seed case: "$10 (1000 cents) after every 3".
 * Seven confirmed referrals earn 7 / 3 = 2 milestones, 2000 cents.  A ledger
 * holding milestones 1 and 2 when two are refunded (5 successes, 1 earned)
 * is planned one clawback, of milestone 2; a new confirmation (6, 2 earned)
 * is planned a credit of milestone 2, its second occurrence.
 *
 * src/core/milestone.c
 *
 *-------------------------------------------------------------------------
 */
#include "milestone.h"

#include "consent_rules.h"		/* ambc_add_months */

#define USECS_PER_DAY INT64_C(86400000000)

ambc_status
ambc_milestone_credits(int64_t successes, int64_t every_n, int64_t credit,
					   int64_t cap, int64_t *out)
{
	int64_t		reached;
	int64_t		total;

	if (successes < 0 || every_n < 1 || credit < 0 || cap < AMBC_NO_CAP)
		return AMBC_INVALID;
	reached = successes / every_n;
	if (__builtin_mul_overflow(reached, credit, &total))
	{
		if (cap == AMBC_NO_CAP)
			return AMBC_OVERFLOW;
		*out = cap;
		return AMBC_OK;
	}
	*out = (cap != AMBC_NO_CAP && total > cap) ? cap : total;
	return AMBC_OK;
}

ambc_status
ambc_capped_amount(int64_t credit, int64_t cap, int64_t used, int64_t *out)
{
	int64_t		room;

	if (credit < 0 || cap < AMBC_NO_CAP)
		return AMBC_INVALID;
	if (cap == AMBC_NO_CAP)
	{
		*out = credit;
		return AMBC_OK;
	}
	/* used may exceed cap (a cap lowered by a new rule is not our case, but
	 * a hostile caller's is); cap - used cannot overflow when used >= 0 */
	if (used >= cap)
		room = 0;
	else if (used <= 0)
		room = cap;
	else
		room = cap - used;
	*out = credit < room ? credit : room;
	return AMBC_OK;
}

bool
ambc_period_valid(const ambc_period *p)
{
	return p->months >= 0 && p->days >= 0 && p->usecs >= 0 &&
		(p->months > 0 || p->days > 0 || p->usecs > 0);
}

/*
 * boundary
 *		origin + k * p into *out; false if it is not a representable time
 *		(ambc_add_months saturates at the ends of the int64 range).
 */
static bool
boundary(int64_t origin, const ambc_period *p, int64_t k, int64_t *out)
{
	int64_t		months;
	int64_t		t;
	int64_t		dd;
	int64_t		uu;

	if (__builtin_mul_overflow(k, (int64_t) p->months, &months) ||
		months > INT32_MAX || months < -INT32_MAX)
		return false;
	t = origin;
	if (months != 0)
	{
		t = ambc_add_months(origin, (int) months);
		if (t == INT64_MAX || t == INT64_MIN + 1 || t == AMBC_NO_TIME)
			return false;
	}
	if (__builtin_mul_overflow(k, (int64_t) p->days, &dd) ||
		__builtin_mul_overflow(dd, USECS_PER_DAY, &dd) ||
		__builtin_add_overflow(t, dd, &t) ||
		__builtin_mul_overflow(k, p->usecs, &uu) ||
		__builtin_add_overflow(t, uu, &t) ||
		t == AMBC_NO_TIME)
		return false;
	*out = t;
	return true;
}

ambc_status
ambc_period_start(int64_t origin, const ambc_period *p, int64_t t,
				  int64_t *start, int64_t *index)
{
	int64_t		plen;
	int64_t		k;
	int64_t		b;
	int64_t		next;
	int			steps;

	if (!ambc_period_valid(p))
		return AMBC_INVALID;
	if (p->months == 0 &&
		!__builtin_mul_overflow((int64_t) p->days, USECS_PER_DAY, &plen) &&
		!__builtin_add_overflow(plen, p->usecs, &plen))
	{
		/*
		 * Without months the boundaries are origin + k * plen, and k is
		 * exact in integers (a double's guess is off by thousands of periods
		 * of a few microseconds far from the origin).  t - origin may leave
		 * int64, so each is divided first: t = tq * plen + tr with
		 * 0 <= tr < plen, likewise origin, and k = tq - oq - (tr < orr).
		 */
		int64_t		tq = t / plen;
		int64_t		tr = t % plen;
		int64_t		oq = origin / plen;
		int64_t		orr = origin % plen;

		if (tr < 0)
		{
			tr += plen;
			tq--;				/* plen > 1 here, so tq > INT64_MIN */
		}
		if (orr < 0)
		{
			orr += plen;
			oq--;
		}
		if (__builtin_sub_overflow(tq, oq, &k) ||
			(tr < orr && __builtin_sub_overflow(k, 1, &k)))
			return AMBC_OVERFLOW;
	}
	else
	{
		/* an average length, for the first guess: a month is 30.436875 days */
		double		len = (double) p->months * 30.436875 * 86400e6 +
			(double) p->days * 86400e6 + (double) p->usecs;
		double		guess = ((double) t - (double) origin) / len;

		if (guess > 9.0e18 || guess < -9.0e18)
			return AMBC_OVERFLOW;
		k = (int64_t) guess;
	}
	/* month lengths vary, so the guess can be off by a few periods */
	for (steps = 0;; steps++)
	{
		if (steps > 64)
			return AMBC_OVERFLOW;	/* cannot happen for a valid period */
		if (!boundary(origin, p, k, &b))
			return AMBC_OVERFLOW;
		if (b > t)
		{
			if (k == INT64_MIN)
				return AMBC_OVERFLOW;
			k--;
			continue;
		}
		if (k == INT64_MAX || !boundary(origin, p, k + 1, &next))
			return AMBC_OVERFLOW;
		if (next <= t)
		{
			k++;
			continue;
		}
		break;
	}
	*start = b;
	*index = k;
	return AMBC_OK;
}

ambc_status
ambc_incentive_plan(int64_t earned, bool clawback, bool consent,
					const ambc_milestone *ms, size_t nms,
					ambc_booking *out, size_t outcap, size_t *nout)
{
	size_t		i;
	size_t		n = 0;
	int64_t		held = 0;
	int64_t		want;
	int64_t		reach;
	int64_t		k;
	size_t		j;

	*nout = 0;
	if (earned < 0)
		return AMBC_INVALID;
	for (i = 0; i < nms; i++)
	{
		if (ms[i].k < 1 || (i > 0 && ms[i].k <= ms[i - 1].k))
			return AMBC_INVALID;
		held += ms[i].held;
	}

	/* too many held: claw back from the top */
	if (held > earned && clawback)
	{
		for (i = nms; i-- > 0 && held > earned;)
		{
			if (!ms[i].held)
				continue;
			if (n >= outcap)
				return AMBC_LIMIT;
			out[n].kind = AMBC_BOOK_CLAWBACK;
			out[n].k = ms[i].k;
			out[n].reach = 0;
			n++;
			held--;
		}
	}
	if (held >= earned)
	{
		*nout = n;
		return AMBC_OK;
	}

	/* too few: the lowest milestones not held, in order */
	want = earned - held;
	reach = held;
	j = 0;
	for (k = 1; want > 0; k++)
	{
		bool		is_held = false;
		bool		open = false;

		if (k > AMBC_MILESTONE_MAX)
			return AMBC_LIMIT;
		while (j < nms && ms[j].k < k)
			j++;
		if (j < nms && ms[j].k == k)
		{
			is_held = ms[j].held;
			open = ms[j].open_withheld;
		}
		if (is_held)
			continue;
		want--;
		reach++;
		if (!consent && open)
			continue;			/* noted already */
		if (n >= outcap)
			return AMBC_LIMIT;
		out[n].kind = consent ? AMBC_BOOK_CREDIT : AMBC_BOOK_WITHHELD;
		out[n].k = (int32_t) k;
		out[n].reach = reach;
		n++;
	}
	*nout = n;
	return AMBC_OK;
}

ambc_status
ambc_simulate_credits(const int64_t *counts, size_t n, int64_t every_n,
					  int64_t credit, int64_t cap, int64_t *out)
{
	int64_t		running = 0;
	int64_t		total = 0;
	size_t		i;

	if (every_n < 1 || credit < 0 || cap < AMBC_NO_CAP)
		return AMBC_INVALID;
	for (i = 0; i < n; i++)
	{
		int64_t		before;
		int64_t		reached;
		int64_t		amount;

		if (counts[i] < 0)
			return AMBC_INVALID;
		before = running / every_n;
		if (__builtin_add_overflow(running, counts[i], &running))
			return AMBC_OVERFLOW;
		reached = running / every_n - before;
		if (__builtin_mul_overflow(reached, credit, &amount))
		{
			if (cap == AMBC_NO_CAP)
				return AMBC_OVERFLOW;
			amount = cap;
		}
		else if (cap != AMBC_NO_CAP && amount > cap)
			amount = cap;
		if (__builtin_add_overflow(total, amount, &total))
			return AMBC_OVERFLOW;
	}
	*out = total;
	return AMBC_OK;
}

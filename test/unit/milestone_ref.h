/*-------------------------------------------------------------------------
 *
 * milestone_ref.h
 *		References for the tests of src/core/milestone.c (included by
 *		test/unit/test_milestone.c and test/fuzz/fuzz_milestone.c): cap
 *		period boundaries origin + k * period computed exactly in 128-bit
 *		integers, by a different route from the core's, and the header's
 *		ledger-plan rules restated as plainly as possible.
 *
 * test/unit/milestone_ref.h
 *
 *-------------------------------------------------------------------------
 */
#ifndef MILESTONE_REF_H
#define MILESTONE_REF_H

#include <stdbool.h>
#include <stdint.h>

#include "milestone.h"

#ifndef USECS_PER_DAY
#define USECS_PER_DAY INT64_C(86400000000)
#endif

typedef __int128 i128;

static i128
floor_div128(i128 a, i128 b)
{
	i128		q = a / b;

	if (a % b != 0 && ((a < 0) != (b < 0)))
		q--;
	return q;
}

/*
 * ref_days_from_civil
 *		Days from 2000-01-01 to y-m-d, proleptic Gregorian (H. Hinnant,
 *		"chrono-Compatible Low-Level Date Algorithms"; 1970-01-01 is day
 *		10957 before 2000-01-01).
 */
static i128
ref_days_from_civil(i128 y, int m, int d)
{
	i128		era;
	int64_t		yoe;
	int64_t		doy;
	int64_t		doe;

	y -= m <= 2;
	era = floor_div128(y, 400);
	yoe = (int64_t) (y - era * 400);
	doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468 - 10957;
}

/*
 * ref_civil_from_days
 *		The date of day z (days from 2000-01-01).
 */
static void
ref_civil_from_days(i128 z, i128 *y, int *m, int *d)
{
	i128		era;
	int64_t		doe;
	int64_t		yoe;
	int64_t		doy;
	int64_t		mp;

	z += 719468 + 10957;
	era = floor_div128(z, 146097);
	doe = (int64_t) (z - era * 146097);
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = (int) (doy - (153 * mp + 2) / 5 + 1);
	*m = (int) (mp < 10 ? mp + 3 : mp - 9);
	*y = yoe + era * 400 + (*m <= 2);
}

static int
ref_days_in_month(i128 y, int m)
{
	static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	bool		leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;

	return days[m - 1] + (m == 2 && leap ? 1 : 0);
}

/* far beyond any time; a reference boundary saturates here */
#define REF_BIG (((i128) 1) << 100)
#define REF_LIM (((i128) 1) << 40)

/*
 * ref_add_months
 *		t plus n months, the day clamped to the month's length, the time of
 *		day kept, in 128 bits (|n| <= REF_LIM).
 */
static i128
ref_add_months(i128 t, i128 n)
{
	i128		day = floor_div128(t, USECS_PER_DAY);
	i128		tod = t - day * USECS_PER_DAY;
	i128		y;
	int			m,
				d;
	i128		total;
	i128		ny;
	int			nm;
	int			last;

	ref_civil_from_days(day, &y, &m, &d);
	total = y * 12 + (m - 1) + n;
	ny = floor_div128(total, 12);
	nm = (int) (total - ny * 12) + 1;
	last = ref_days_in_month(ny, nm);
	if (d > last)
		d = last;
	return ref_days_from_civil(ny, nm, d) * USECS_PER_DAY + tod;
}

/*
 * ref_boundary
 *		origin + k * p exactly, as PostgreSQL adds an interval: k * months
 *		months first (day clamped), then k * days days of 24 hours, then
 *		k * usecs.  Saturates at +-REF_BIG when a part is far beyond any
 *		time, so the result stays monotone in k.  When parts is not NULL,
 *		it receives the time after the months and the products k * days *
 *		USECS_PER_DAY and k * usecs.
 */
static i128
ref_boundary(int64_t origin, const ambc_period *p, i128 k, i128 parts[3])
{
	i128		mo = k * p->months;
	i128		dd = k * p->days;
	i128		uu = k * p->usecs;
	i128		t;

	if (mo > REF_LIM || dd > REF_LIM || uu > REF_LIM * REF_LIM)
		return REF_BIG;
	if (mo < -REF_LIM || dd < -REF_LIM || uu < -REF_LIM * REF_LIM)
		return -REF_BIG;
	t = mo != 0 ? ref_add_months(origin, mo) : origin;
	if (parts != NULL)
	{
		parts[0] = t;
		parts[1] = dd * USECS_PER_DAY;
		parts[2] = uu;
	}
	return t + dd * USECS_PER_DAY + uu;
}

/*
 * ref_clear
 *		Whether boundary k is a time ambc_period_start must be able to
 *		compute: k an int64, k * months within int32, the products within
 *		int64, and the boundary (and the time after the months) inside the
 *		int64 range and off its ends (INT64_MIN is -infinity, also as an
 *		origin that months are added to; the month arithmetic saturates at
 *		INT64_MAX and INT64_MIN + 1).
 */
static bool
ref_clear(int64_t origin, const ambc_period *p, i128 k)
{
	i128		parts[3];
	i128		b;

	if (k < INT64_MIN || k > INT64_MAX)
		return false;
	if (k * p->months > INT32_MAX || k * p->months < -(i128) INT32_MAX)
		return false;
	/* to the month arithmetic an origin of INT64_MIN is -infinity */
	if (origin == INT64_MIN && k * p->months != 0)
		return false;
	b = ref_boundary(origin, p, k, parts);
	if (b >= REF_BIG || b <= -REF_BIG)
		return false;
	return parts[0] > (i128) INT64_MIN + 1 && parts[0] < INT64_MAX &&
		parts[1] >= INT64_MIN && parts[1] <= INT64_MAX &&
		parts[2] >= INT64_MIN && parts[2] <= INT64_MAX &&
		b > (i128) INT64_MIN + 1 && b < INT64_MAX;
}

/*
 * model_plan
 *		The header's rules, restated: H held, E earned.  H > E and clawback:
 *		the H - E highest held, highest first.  H < E: the E - H lowest
 *		numbers (from 1) not held, each with reach H + i: a credit with
 *		consent, else a withheld note unless its note is open.  Returns the
 *		count.
 */
static size_t
model_plan(int64_t earned, bool clawback, bool consent, const ambc_milestone *ms,
		   size_t nms, ambc_booking *out)
{
	int64_t		held = 0;
	size_t		n = 0;
	size_t		i;
	int64_t		k;
	int64_t		reach;

	for (i = 0; i < nms; i++)
		held += ms[i].held ? 1 : 0;
	if (held > earned)
	{
		int64_t		drop = clawback ? held - earned : 0;

		for (i = nms; i > 0 && drop > 0; i--)
			if (ms[i - 1].held)
			{
				out[n].kind = AMBC_BOOK_CLAWBACK;
				out[n].k = ms[i - 1].k;
				out[n].reach = 0;
				n++;
				drop--;
			}
		return n;
	}
	reach = held;
	for (k = 1; reach < earned; k++)
	{
		const ambc_milestone *m = NULL;

		for (i = 0; i < nms; i++)
			if (ms[i].k == k)
				m = &ms[i];
		if (m != NULL && m->held)
			continue;
		reach++;
		if (consent)
			out[n].kind = AMBC_BOOK_CREDIT;
		else if (m != NULL && m->open_withheld)
			continue;
		else
			out[n].kind = AMBC_BOOK_WITHHELD;
		out[n].k = (int32_t) k;
		out[n].reach = reach;
		n++;
	}
	return n;
}

#endif							/* MILESTONE_REF_H */

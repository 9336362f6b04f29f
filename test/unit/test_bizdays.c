/*-------------------------------------------------------------------------
 *
 * test_bizdays.c
 *		Unit tests for dates and business-day arithmetic (src/core/bizdays.c).
 *
 * Dates are checked against known day numbers and weekdays and, for every
 * day of 1900..2100 and of 1..9999, against a calendar that counts one day
 * at a time.  Business days are checked on a table of deadlines worked by
 * hand and, on random starts and holiday lists (sparse, dense, runs of
 * consecutive holidays, duplicates), against a model that walks day by day
 * with a linear search of the holidays: the result is a business day,
 * exactly n business days lie between start and the result, and the result
 * grows with n.  Holiday arrays are exact-size heap copies, so
 * AddressSanitizer sees any read past nholidays.
 *
 * test/unit/test_bizdays.c
 *
 *-------------------------------------------------------------------------
 */
#include <limits.h>
#include <stdint.h>

#include "bizdays.h"
#include "unit.h"

#define LENGTHOF(a) (sizeof(a) / sizeof((a)[0]))

/* most holidays in one case of the table */
#define CASE_HOLIDAYS_MAX 6

/* most holidays in one random list */
#define RANDOM_HOLIDAYS_MAX 64

/* a date written as the number yyyymmdd, for readable tables */
#define YMD_Y(v) ((v) / 10000)
#define YMD_M(v) ((v) / 100 % 100)
#define YMD_D(v) ((v) % 100)

/* a small deterministic generator */
static uint32_t
lcg(uint32_t *s)
{
	*s = *s * 1103515245u + 12345u;
	return *s >> 8;
}

/*
 * day_of
 *		Day number of the date yyyymmdd v; records a failed check and returns
 *		INT32_MIN if the date is invalid.
 */
static int32_t
day_of(int v)
{
	int32_t		day = INT32_MIN;
	ambc_status st = ambc_ymd_to_day(YMD_Y(v), YMD_M(v), YMD_D(v), &day);

	if (st != AMBC_OK)
	{
		CHECKF(st == AMBC_OK, "date %d: %s", v, ambc_status_name(st));
		return INT32_MIN;
	}
	return day;
}

/*
 * model_is_holiday
 *		True if day is one of holidays[0..n), by linear search.
 */
static int
model_is_holiday(int32_t day, const int32_t *holidays, size_t n)
{
	size_t		i;

	for (i = 0; i < n; i++)
	{
		if (holidays[i] == day)
			return 1;
	}
	return 0;
}

/*
 * model_weekday
 *		Day of the week (0 = Monday), counted from Monday 2000-01-03 (day 2)
 *		without ambc_weekday.
 */
static int
model_weekday(int32_t day)
{
	int64_t		r = ((int64_t) day - 2) % 7;

	return (int) (r < 0 ? r + 7 : r);
}

/*
 * model_add
 *		The n-th business day after start, walking one day at a time, or
 *		INT64_MAX if it would pass the last int32 day.
 */
static int64_t
model_add(int32_t start, int32_t n, const int32_t *holidays, size_t nh)
{
	int64_t		day = start;
	int32_t		counted = 0;

	while (counted < n)
	{
		day++;
		if (day > INT32_MAX)
			return INT64_MAX;
		if (model_weekday((int32_t) day) < 5 &&
			!model_is_holiday((int32_t) day, holidays, nh))
			counted++;
	}
	return day;
}

/*
 * copy_days
 *		An exact-size heap copy of src[0..n) (one element when n is 0), so
 *		AddressSanitizer catches reads past the end; the caller frees it.
 */
static int32_t *
copy_days(const int32_t *src, size_t n)
{
	int32_t    *copy = malloc((n ? n : 1) * sizeof(int32_t));

	if (copy == NULL)
	{
		CHECK(copy != NULL);
		exit(1);
	}
	if (n > 0)
		memcpy(copy, src, n * sizeof(int32_t));
	return copy;
}

/*
 * add_days
 *		ambc_add_business_days with the holidays in an exact-size heap copy.
 */
static ambc_status
add_days(int32_t start, int32_t n, const int32_t *holidays, size_t nh,
		 int32_t *out)
{
	int32_t    *copy = copy_days(holidays, nh);
	ambc_status st = ambc_add_business_days(start, n, copy, nh, out);

	free(copy);
	return st;
}

/*
 * count_business_days
 *		Number of business days in (from, to], by ambc_is_business_day.
 */
static int64_t
count_business_days(int32_t from, int32_t to, const int32_t *holidays,
					size_t nh)
{
	int64_t		count = 0;
	int64_t		day;

	for (day = (int64_t) from + 1; day <= to; day++)
	{
		if (ambc_is_business_day((int32_t) day, holidays, nh))
			count++;
	}
	return count;
}

/* dates with known day numbers and weekdays (0 = Monday) */
typedef struct known_day
{
	int			ymd;
	int32_t		day;
	int			weekday;
} known_day;

static const known_day known_days[] = {
	{20000101, 0, 5},			/* Saturday: PostgreSQL's day 0 */
	{19991231, -1, 4},
	{20000103, 2, 0},
	{20000229, 59, 1},
	{20000301, 60, 2},
	{19700101, -10957, 3},		/* the Unix epoch was a Thursday */
	{19000101, -36524, 0},
	{19690720, -11122, 6},		/* Apollo 11 landed on a Sunday */
	{17760704, -81629, 3},
	{20010911, 619, 1},
	{20240229, 8825, 3},
	{20251121, 9456, 4},
	{20251127, 9462, 3},
	{20251208, 9473, 0},
	{21000228, 36583, 6},
	{21000301, 36584, 0},
	{21001231, 36889, 4},
	{10101, -730119, 0},		/* 0001-01-01, proleptic Gregorian */
	{99991231, 2921939, 4},
};

/* known dates: day number both ways, and the weekday */
static void
test_known_days(void)
{
	size_t		i;

	for (i = 0; i < LENGTHOF(known_days); i++)
	{
		const known_day *k = &known_days[i];
		int32_t		day = INT32_MIN;
		int			y = 0;
		int			m = 0;
		int			d = 0;
		ambc_status st = ambc_ymd_to_day(YMD_Y(k->ymd), YMD_M(k->ymd),
										 YMD_D(k->ymd), &day);

		CHECKF(st == AMBC_OK && day == k->day, "%d: %s %d, want %d", k->ymd,
			   ambc_status_name(st), (int) day, (int) k->day);
		ambc_day_to_ymd(k->day, &y, &m, &d);
		CHECKF(y * 10000 + m * 100 + d == k->ymd, "day %d: %d-%d-%d, want %d",
			   (int) k->day, y, m, d, k->ymd);
		CHECKF(ambc_weekday(k->day) == k->weekday, "%d: weekday %d, want %d",
			   k->ymd, ambc_weekday(k->day), k->weekday);
	}
	CHECK(LENGTHOF(known_days) >= 15);
}

/*
 * next_date
 *		Advance y-m-d by one day, the way a wall calendar does.
 */
static void
next_date(int *y, int *m, int *d)
{
	int			len;
	int			leap = (*y % 4 == 0 && *y % 100 != 0) || *y % 400 == 0;

	if (*m == 2)
		len = leap ? 29 : 28;
	else if (*m == 4 || *m == 6 || *m == 9 || *m == 11)
		len = 30;
	else
		len = 31;
	if (++*d > len)
	{
		*d = 1;
		if (++*m > 12)
		{
			*m = 1;
			++*y;
		}
	}
}

/*
 * walk_calendar
 *		From y0-01-01 to y1-12-31, check that consecutive days are
 *		consecutive dates both ways and that weekdays cycle; count the days
 *		and the leap days seen.  Reports at most one failure per kind.
 */
static void
walk_calendar(int y0, int y1, int64_t *ndays, int64_t *nleap)
{
	int32_t		first = INT32_MIN;
	int32_t		last = INT32_MIN;
	int32_t		day;
	int			y = y0;
	int			m = 1;
	int			d = 1;
	int			bad_to_ymd = 0;
	int			bad_to_day = 0;
	int			bad_weekday = 0;

	*ndays = 0;
	*nleap = 0;
	CHECK(ambc_ymd_to_day(y0, 1, 1, &first) == AMBC_OK);
	CHECK(ambc_ymd_to_day(y1, 12, 31, &last) == AMBC_OK);
	for (day = first; day <= last && day != INT32_MIN; day++)
	{
		int			gy = 0;
		int			gm = 0;
		int			gd = 0;
		int32_t		back = INT32_MIN;

		ambc_day_to_ymd(day, &gy, &gm, &gd);
		if ((gy != y || gm != m || gd != d) && !bad_to_ymd++)
			CHECKF(0, "day %d: %d-%d-%d, want %d-%d-%d", (int) day,
				   gy, gm, gd, y, m, d);
		if ((ambc_ymd_to_day(y, m, d, &back) != AMBC_OK || back != day) &&
			!bad_to_day++)
			CHECKF(0, "%d-%d-%d: %d, want %d", y, m, d, (int) back,
				   (int) day);
		if (day > first &&
			ambc_weekday(day) != (ambc_weekday(day - 1) + 1) % 7 &&
			!bad_weekday++)
			CHECKF(0, "day %d: weekday %d after %d", (int) day,
				   ambc_weekday(day), ambc_weekday(day - 1));
		if (m == 2 && d == 29)
			(*nleap)++;
		(*ndays)++;
		next_date(&y, &m, &d);
		if (day == last)
			break;
	}
	CHECK(bad_to_ymd == 0);
	CHECK(bad_to_day == 0);
	CHECK(bad_weekday == 0);
	/* the walk ended exactly on y1-12-31 */
	CHECKF(y == y1 + 1 && m == 1 && d == 1, "walk ended at %d-%d-%d", y, m, d);
}

/* every day of 1900..2100, and of the whole range 1..9999 */
static void
test_round_trip(void)
{
	int64_t		ndays;
	int64_t		nleap;

	/* 201 years, 49 leap days: 1904..2096 (not 1900, not 2100) */
	walk_calendar(1900, 2100, &ndays, &nleap);
	CHECKF(ndays == 201 * 365 + 49 && nleap == 49, "%lld days, %lld leap",
		   (long long) ndays, (long long) nleap);

	/* 9999 years with 2499 - 99 + 24 = 2424 leap days */
	walk_calendar(AMBC_YEAR_MIN, AMBC_YEAR_MAX, &ndays, &nleap);
	CHECKF(ndays == INT64_C(9999) * 365 + 2424 && nleap == 2424,
		   "%lld days, %lld leap", (long long) ndays, (long long) nleap);
}

/* ambc_day_to_ymd is total: days outside 1..9999 get a date of some shape */
static void
test_day_to_ymd_extremes(void)
{
	static const int32_t days[] = {
		INT32_MIN, INT32_MIN + 1, -730120, -730119 - 366, -1000000000,
		2921940, 1000000000, INT32_MAX - 1, INT32_MAX,
	};
	size_t		i;
	int			y;
	int			m;
	int			d;

	for (i = 0; i < LENGTHOF(days); i++)
	{
		y = m = d = 0;
		ambc_day_to_ymd(days[i], &y, &m, &d);
		CHECKF(m >= 1 && m <= 12 && d >= 1 && d <= 31 &&
			   (y < AMBC_YEAR_MIN || y > AMBC_YEAR_MAX),
			   "day %d: %d-%d-%d", (int) days[i], y, m, d);
	}
	/* the day before 0001-01-01 is 0000-12-31 (1 BC), a leap year */
	ambc_day_to_ymd(-730120, &y, &m, &d);
	CHECK(y == 0 && m == 12 && d == 31);
	ambc_day_to_ymd(-730119 - 366, &y, &m, &d);
	CHECK(y == 0 && m == 1 && d == 1);
	ambc_day_to_ymd(2921940, &y, &m, &d);
	CHECK(y == 10000 && m == 1 && d == 1);
}

/* impossible dates and years out of range; *out is left alone */
static void
test_invalid_dates(void)
{
	static const int bad[][3] = {
		{2023, 2, 29}, {2100, 2, 29}, {1900, 2, 29}, {2024, 2, 30},
		{2023, 4, 31}, {2023, 6, 31}, {2023, 9, 31}, {2023, 11, 31},
		{2023, 1, 32}, {2023, 12, 32}, {2023, 1, 0}, {2023, 0, 1},
		{2023, 13, 1}, {2023, -1, 1}, {2023, 1, -1}, {0, 1, 1},
		{-1, 12, 31}, {10000, 1, 1}, {INT_MIN, 1, 1}, {INT_MAX, 1, 1},
		{2023, INT_MIN, 1}, {2023, INT_MAX, 1}, {2023, 1, INT_MIN},
		{2023, 1, INT_MAX},
	};
	static const int good[][3] = {
		{2000, 2, 29}, {2024, 2, 29}, {1600, 2, 29}, {2023, 2, 28},
		{2023, 4, 30}, {2023, 12, 31}, {1, 1, 1}, {9999, 12, 31},
	};
	size_t		i;

	for (i = 0; i < LENGTHOF(bad); i++)
	{
		int32_t		day = 12345;
		ambc_status st = ambc_ymd_to_day(bad[i][0], bad[i][1], bad[i][2],
										 &day);

		CHECKF(st == AMBC_INVALID && day == 12345, "%d-%d-%d: %s %d",
			   bad[i][0], bad[i][1], bad[i][2], ambc_status_name(st),
			   (int) day);
	}
	for (i = 0; i < LENGTHOF(good); i++)
	{
		int32_t		day = 0;
		int			y = 0;
		int			m = 0;
		int			d = 0;

		CHECKF(ambc_ymd_to_day(good[i][0], good[i][1], good[i][2], &day) ==
			   AMBC_OK, "%d-%d-%d", good[i][0], good[i][1], good[i][2]);
		ambc_day_to_ymd(day, &y, &m, &d);
		CHECK(y == good[i][0] && m == good[i][1] && d == good[i][2]);
	}
}

/* weekdays of negative days and of the ends of the int32 range */
static void
test_weekday(void)
{
	int32_t		day;

	CHECK(ambc_weekday(0) == 5);
	CHECK(ambc_weekday(1) == 6);
	CHECK(ambc_weekday(-1) == 4);
	CHECK(ambc_weekday(-5) == 0);
	CHECK(ambc_weekday(-6) == 6);
	CHECK(ambc_weekday(-7) == 5);
	/* (2^31 - 1 + 5) mod 7 = 6, (-2^31 + 5) mod 7 = 3 */
	CHECK(ambc_weekday(INT32_MAX) == 6);
	CHECK(ambc_weekday(INT32_MAX - 2) == 4);
	CHECK(ambc_weekday(INT32_MIN) == 3);
	CHECK(ambc_weekday(INT32_MIN + 1) == 4);
	for (day = -100000; day <= 100000; day++)
	{
		if (ambc_weekday(day) != model_weekday(day))
		{
			CHECKF(0, "day %d: %d, want %d", (int) day, ambc_weekday(day),
				   model_weekday(day));
			break;
		}
	}
	CHECK(day == 100001);
}

/* weekends, holidays, duplicates, NULL and the int32 ends */
static void
test_is_business_day(void)
{
	static const int32_t hol[] = {INT32_MIN, -3, 9462, 9462, 9463, INT32_MAX};
	int32_t    *h = copy_days(hol, LENGTHOF(hol));
	uint32_t	seed = 3;
	int			i;

	CHECK(ambc_is_business_day(day_of(20251121), NULL, 0));	/* Friday */
	CHECK(!ambc_is_business_day(day_of(20251122), NULL, 0));	/* Saturday */
	CHECK(!ambc_is_business_day(day_of(20251123), NULL, 0));	/* Sunday */
	CHECK(ambc_is_business_day(day_of(20251124), NULL, 0));	/* Monday */
	CHECK(ambc_is_business_day(9462, NULL, 7));	/* NULL is no holidays */
	CHECK(!ambc_is_business_day(9462, h, LENGTHOF(hol)));	/* Thanksgiving */
	CHECK(!ambc_is_business_day(9463, h, LENGTHOF(hol)));
	CHECK(ambc_is_business_day(9461, h, LENGTHOF(hol)));
	CHECK(ambc_is_business_day(9462, h, 2));	/* only the first two count */
	CHECK(!ambc_is_business_day(-3, h, LENGTHOF(hol)));	/* 1999-12-29, Wed */
	CHECK(ambc_is_business_day(-3, h, 1));
	CHECK(!ambc_is_business_day(INT32_MIN, h, LENGTHOF(hol)));	/* Thursday */
	CHECK(ambc_is_business_day(INT32_MIN, h + 1, LENGTHOF(hol) - 1));
	CHECK(!ambc_is_business_day(INT32_MAX, NULL, 0));	/* Sunday */
	CHECK(ambc_is_business_day(INT32_MAX - 2, h, LENGTHOF(hol)));
	free(h);

	/* random sorted lists with duplicates against a linear search */
	for (i = 0; i < 20000; i++)
	{
		int32_t		buf[RANDOM_HOLIDAYS_MAX];
		size_t		n = lcg(&seed) % RANDOM_HOLIDAYS_MAX;
		int32_t		base = (int32_t) (lcg(&seed) % 2000000) - 1000000;
		int32_t		probe = base + (int32_t) (lcg(&seed) % 100);
		size_t		k;

		for (k = 0; k < n; k++)
		{
			buf[k] = (k == 0 ? base : buf[k - 1]) +
				(int32_t) (lcg(&seed) % 4);
		}
		h = copy_days(buf, n);
		CHECKF(ambc_is_business_day(probe, h, n) ==
			   (model_weekday(probe) < 5 && !model_is_holiday(probe, buf, n)),
			   "case %d: day %d", i, (int) probe);
		free(h);
	}
}

/* deadlines worked by hand; dates as yyyymmdd, 0 ends a holiday list */
typedef struct biz_case
{
	const char *what;
	int			start;
	int32_t		n;
	int			holidays[CASE_HOLIDAYS_MAX];
	int			want;
} biz_case;

static const biz_case biz_cases[] = {
	{"the worked example: Thanksgiving 2025", 20251121, 10, {20251127},
	20251208},
	{"the worked example without the holiday", 20251121, 10, {0}, 20251205},
	{"holidays outside the walk change nothing", 20251121, 10,
	{20251101, 20251127, 20260101}, 20251208},
	{"duplicate holidays count once", 20251121, 10,
	{20251127, 20251127, 20251127}, 20251208},
	{"n = 0 on a Friday", 20251121, 0, {0}, 20251121},
	{"n = 0 on a Saturday", 20251122, 0, {0}, 20251122},
	{"n = 0 on a holiday", 20251127, 0, {20251127}, 20251127},
	{"Friday + 1 is Monday", 20251121, 1, {0}, 20251124},
	{"from a Saturday", 20251122, 1, {0}, 20251124},
	{"from a Sunday", 20251123, 1, {0}, 20251124},
	{"from a Saturday, a full week", 20251122, 5, {0}, 20251128},
	{"from a holiday", 20251127, 1, {20251127}, 20251128},
	{"three holidays in a row", 20251223, 1,
	{20251224, 20251225, 20251226}, 20251229},
	{"three holidays in a row, then 3", 20251223, 3,
	{20251224, 20251225, 20251226}, 20251231},
	{"into the new year past New Year's Day", 20251223, 4,
	{20251224, 20251225, 20251226, 20260101}, 20260102},
	{"a holiday on a Saturday counts once", 20251128, 1, {20251129}, 20251201},
	{"year boundary, New Year's Day 2025", 20241231, 1, {20250101}, 20250102},
	{"New Year's Day 2022 observed in 2021", 20211230, 1, {20211231},
	20220103},
	{"year boundary 2000-2001", 20001229, 1, {20010101}, 20010102},
	{"before 2000 into 2000 (day -1 to 2)", 19991231, 1, {0}, 20000103},
	{"Christmas 1969", 19691224, 2, {19691225}, 19691229},
	{"1900-01-01, a Monday", 19000101, 5, {0}, 19000108},
	{"2000 is a leap year", 20000225, 2, {0}, 20000229},
	{"2024 is a leap year", 20240228, 1, {0}, 20240229},
	{"2024 leap day to March", 20240228, 2, {0}, 20240301},
	{"2100 is not a leap year", 21000226, 1, {0}, 21000301},
	{"1900 is not a leap year", 19000227, 2, {0}, 19000301},
	{"the largest n: 730 weeks", 20000103, AMBC_BIZDAYS_MAX, {0}, 20131230},
};

/* the table, each case also against the model */
static void
test_cases(void)
{
	size_t		i;

	for (i = 0; i < LENGTHOF(biz_cases); i++)
	{
		const biz_case *c = &biz_cases[i];
		int32_t		hol[CASE_HOLIDAYS_MAX];
		size_t		nh = 0;
		int32_t		out = INT32_MIN;
		int32_t		start = day_of(c->start);
		int32_t		want = day_of(c->want);
		ambc_status st;

		while (nh < CASE_HOLIDAYS_MAX && c->holidays[nh] != 0)
		{
			hol[nh] = day_of(c->holidays[nh]);
			nh++;
		}
		st = add_days(start, c->n, hol, nh, &out);
		CHECKF(st == AMBC_OK && out == want, "%s: %s %d, want %d", c->what,
			   ambc_status_name(st), (int) out, (int) want);
		CHECKF(model_add(start, c->n, hol, nh) == want, "%s: model",
			   c->what);
		if (c->n > 0)
			CHECKF(count_business_days(start, out, hol, nh) == c->n &&
				   ambc_is_business_day(out, hol, nh), "%s: count", c->what);
	}
	CHECK(LENGTHOF(biz_cases) >= 25);
}

/*
 * random_holidays
 *		Fill buf with a sorted list of up to RANDOM_HOLIDAYS_MAX days near
 *		start: sparse single days, runs of consecutive days, duplicates,
 *		some before start.  Returns the count.
 */
static size_t
random_holidays(uint32_t *seed, int32_t start, int32_t *buf)
{
	size_t		n = 0;
	int64_t		day = (int64_t) start - (int64_t) (lcg(seed) % 30);
	int			kind = (int) (lcg(seed) % 4);
	size_t		want = lcg(seed) % RANDOM_HOLIDAYS_MAX;

	if (day < INT32_MIN)
		day = INT32_MIN;
	while (n < want)
	{
		uint32_t	r = lcg(seed);

		if (kind == 0)
			day += r % 40;		/* sparse */
		else if (kind == 1)
			day += (r % 3 == 0) ? 0 : 1;	/* dense, with duplicates */
		else if (r % 8 == 0)
			day += r % 60;		/* runs of consecutive days */
		else
			day += (r % 16 == 1) ? 0 : 1;
		if (day > INT32_MAX)
			break;
		buf[n++] = (int32_t) day;
	}
	return n;
}

/*
 * Random starts (before and after 2000, near both ends of int32) and
 * holiday lists against the model, with the properties of every result.
 */
static void
test_random_properties(void)
{
	uint32_t	seed = 17;
	int			i;
	int			nchecked = 0;
	int			nlong = 0;

	for (i = 0; i < 30000; i++)
	{
		int32_t		buf[RANDOM_HOLIDAYS_MAX];
		uint32_t	where = lcg(&seed) % 10;
		int32_t		start;
		int32_t		n;
		size_t		nh;
		int32_t		out = INT32_MIN;
		int64_t		want;
		ambc_status st;

		if (where == 0)
			start = INT32_MIN + (int32_t) (lcg(&seed) % 1000);
		else if (where == 1)
			start = INT32_MAX - (int32_t) (lcg(&seed) % 1000);
		else
			start = (int32_t) (lcg(&seed) % 4000000) - 1000000;
		if (lcg(&seed) % 100 == 0)
		{
			n = (int32_t) (lcg(&seed) % (AMBC_BIZDAYS_MAX + 1));
			nlong++;
		}
		else
			n = (int32_t) (lcg(&seed) % 60);
		nh = random_holidays(&seed, start, buf);

		st = add_days(start, n, buf, nh, &out);
		want = model_add(start, n, buf, nh);
		if (want == INT64_MAX)
		{
			CHECKF(st == AMBC_LIMIT, "case %d: start %d n %d: %s", i,
				   (int) start, (int) n, ambc_status_name(st));
			continue;
		}
		CHECKF(st == AMBC_OK && out == want,
			   "case %d: start %d n %d: %s %d, want %lld", i, (int) start,
			   (int) n, ambc_status_name(st), (int) out, (long long) want);
		if (st != AMBC_OK)
			continue;
		if (n > 0)
			CHECKF(ambc_is_business_day(out, buf, nh), "case %d: %d", i,
				   (int) out);
		else
			CHECKF(out == start, "case %d", i);
		CHECKF(count_business_days(start, out, buf, nh) == n,
			   "case %d: count", i);
		nchecked++;
	}
	CHECKF(nchecked > 25000 && nlong > 100, "%d checked, %d long", nchecked,
		   nlong);
}

/*
 * The result grows with n: for n = 0..80 each result is the first business
 * day after the one before.
 */
static void
test_monotonic(void)
{
	uint32_t	seed = 23;
	int			i;

	for (i = 0; i < 2000; i++)
	{
		int32_t		buf[RANDOM_HOLIDAYS_MAX];
		int32_t		start = (int32_t) (lcg(&seed) % 4000000) - 1000000;
		size_t		nh = random_holidays(&seed, start, buf);
		int32_t    *h = copy_days(buf, nh);
		int32_t		prev = start;
		int32_t		n;

		for (n = 0; n <= 80; n++)
		{
			int32_t		out = INT32_MIN;
			ambc_status st = ambc_add_business_days(start, n, h, nh, &out);

			if (st != AMBC_OK)
			{
				CHECKF(st == AMBC_OK, "case %d n %d: %s", i, (int) n,
					   ambc_status_name(st));
				break;
			}
			if (n == 0)
				CHECK(out == start);
			else
				CHECKF(out > prev &&
					   count_business_days(prev, out, h, nh) == 1 &&
					   ambc_is_business_day(out, h, nh),
					   "case %d n %d: %d after %d", i, (int) n, (int) out,
					   (int) prev);
			prev = out;
		}
		free(h);
	}
}

/* n out of range, unsorted holidays, the end of int32; *out left alone */
static void
test_bad_inputs(void)
{
	static const int32_t bad_n[] = {-1, -10, INT32_MIN, AMBC_BIZDAYS_MAX + 1,
	INT32_MAX};
	static const int32_t unsorted[] = {10, 5000, 4000};
	static const int32_t descending[] = {3, 2, 1};
	static const int32_t dups[] = {3, 3, 3, 4, 4};
	static const int32_t last_friday[] = {INT32_MAX - 2};
	size_t		i;
	int32_t		out;
	int32_t		n;

	for (i = 0; i < LENGTHOF(bad_n); i++)
	{
		out = 77;
		CHECKF(add_days(0, bad_n[i], NULL, 0, &out) == AMBC_INVALID &&
			   out == 77, "n %d", (int) bad_n[i]);
	}
	/* the order is checked whole, even when the walk would not reach it */
	out = 77;
	CHECK(add_days(0, 1, unsorted, 3, &out) == AMBC_LIMIT && out == 77);
	CHECK(add_days(0, 0, descending, 3, &out) == AMBC_LIMIT && out == 77);
	CHECK(add_days(0, 1, unsorted, 2, &out) == AMBC_OK && out == 2);
	CHECK(add_days(0, 1, dups, 5, &out) == AMBC_OK && out == 2);
	CHECK(add_days(0, 5, dups, 5, &out) == AMBC_OK && out == 10);
	/* a bad n is reported before unsorted holidays */
	CHECK(add_days(0, -1, descending, 3, &out) == AMBC_INVALID);
	/* NULL holidays are none */
	CHECK(ambc_add_business_days(9456, 10, NULL, 3, &out) == AMBC_OK &&
		  out == 9470);

	/* INT32_MAX - 3 is a Thursday, INT32_MAX - 2 the last Friday */
	out = 77;
	CHECK(add_days(INT32_MAX - 3, 1, NULL, 0, &out) == AMBC_OK &&
		  out == INT32_MAX - 2);
	out = 77;
	CHECK(add_days(INT32_MAX - 3, 2, NULL, 0, &out) == AMBC_LIMIT &&
		  out == 77);
	CHECK(add_days(INT32_MAX - 3, 1, last_friday, 1, &out) == AMBC_LIMIT &&
		  out == 77);
	CHECK(add_days(INT32_MAX, 0, NULL, 0, &out) == AMBC_OK &&
		  out == INT32_MAX);
	CHECK(add_days(INT32_MAX, 1, NULL, 0, &out) == AMBC_LIMIT);
	/* 3650 business days take 5110 days */
	CHECK(add_days(INT32_MAX - 5110, AMBC_BIZDAYS_MAX, NULL, 0, &out) ==
		  AMBC_OK && out == model_add(INT32_MAX - 5110, AMBC_BIZDAYS_MAX,
									  NULL, 0));
	CHECK(add_days(INT32_MAX - 5000, AMBC_BIZDAYS_MAX, NULL, 0, &out) ==
		  AMBC_LIMIT);
	/* the first days of int32 are fine: INT32_MIN is a Thursday */
	CHECK(add_days(INT32_MIN, 1, NULL, 0, &out) == AMBC_OK &&
		  out == INT32_MIN + 1);
	CHECK(add_days(INT32_MIN, 2, NULL, 0, &out) == AMBC_OK &&
		  out == INT32_MIN + 4);
	/* n just inside the limit, everywhere the int32 range allows it */
	for (n = AMBC_BIZDAYS_MAX - 1; n <= AMBC_BIZDAYS_MAX; n++)
	{
		CHECK(add_days(-1000000, n, NULL, 0, &out) == AMBC_OK &&
			  out == model_add(-1000000, n, NULL, 0));
		CHECK(add_days(INT32_MIN, n, NULL, 0, &out) == AMBC_OK &&
			  out == model_add(INT32_MIN, n, NULL, 0));
	}
}

/*
 * Every weekday a holiday for 10980 weekdays (42 years): the walk passes
 * them all in linear time; a list that covers every weekday to the end of
 * int32 ends at AMBC_LIMIT.
 */
static void
test_dense_holidays(void)
{
	size_t		cap = 30 * 366;
	int32_t    *buf = malloc(cap * sizeof(int32_t));
	int32_t    *h;
	size_t		nh = 0;
	int32_t		start = day_of(20000103);	/* a Monday */
	int32_t		day;
	int32_t		out = 77;

	if (buf == NULL)
	{
		CHECK(buf != NULL);
		return;
	}
	for (day = start; nh < cap; day++)
	{
		if (ambc_weekday(day) < 5)
			buf[nh++] = day;
	}
	h = copy_days(buf, nh);
	/* the last holiday is a weekday; the first business day is after it */
	CHECK(add_days(start - 3, 1, h, nh, &out) == AMBC_OK &&
		  out == model_add(h[nh - 1], 1, NULL, 0));
	CHECK(add_days(start - 3, 10, h, nh, &out) == AMBC_OK &&
		  out == model_add(h[nh - 1], 10, NULL, 0));
	CHECK(count_business_days(start - 3, out, h, nh) == 10);
	free(h);

	/* every weekday from INT32_MAX - 5000 on */
	nh = 0;
	for (day = INT32_MAX - 5000; nh < cap; day++)
	{
		if (ambc_weekday(day) < 5)
			buf[nh++] = day;
		if (day == INT32_MAX)
			break;
	}
	h = copy_days(buf, nh);
	out = 77;
	CHECK(add_days(INT32_MAX - 5001, 1, h, nh, &out) == AMBC_LIMIT &&
		  out == 77);
	free(h);
	free(buf);
}

int
main(void)
{
	static const unit_test tests[] = {
		UNIT(test_known_days),
		UNIT(test_round_trip),
		UNIT(test_day_to_ymd_extremes),
		UNIT(test_invalid_dates),
		UNIT(test_weekday),
		UNIT(test_is_business_day),
		UNIT(test_cases),
		UNIT(test_random_properties),
		UNIT(test_monotonic),
		UNIT(test_bad_inputs),
		UNIT(test_dense_holidays),
	};

	return unit_run(tests, (int) (sizeof(tests) / sizeof(tests[0])));
}

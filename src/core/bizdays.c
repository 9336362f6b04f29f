/*-------------------------------------------------------------------------
 *
 * bizdays.c
 *		Day numbers, dates and business-day arithmetic.
 *
 * Dates and day numbers convert with the days-from-civil and
 * civil-from-days algorithms of Howard Hinnant, "chrono-Compatible
 * Low-Level Date Algorithms" (2013, http://howardhinnant.github.io/
 * date_algorithms.html).  Both count the year from March, so that the leap
 * day is the last day of its year, and split time into 400-year eras of
 * exactly 146097 days; within an era the day of the year gives the month
 * through the line m = (5 * doy + 2) / 153, since March..January alternate
 * 31 and 30 days in a pattern of period 153 days per 5 months.  Worked
 * example, 2000-01-01: counted from March it is day 306 of the year 1999,
 * which is year 399 of the era that starts on 1600-03-01, so its
 * era day is 399 * 365 + 99 - 3 + 306 = 146037; that era starts 146097 *
 * 4 = 584388 days after 0000-03-01, and 2000-01-01 is 730425 days after
 * 0000-03-01, hence the offset below.  Arithmetic is in int64, so no int32
 * day overflows.
 *
 * ambc_add_business_days walks forward one day at a time with a cursor
 * into the sorted holidays, so it costs O(n + holidays passed) after one
 * binary search: every step either counts a business day, passes a
 * weekend day (at most 2 of every 7) or passes a holiday.
 *
 * src/core/bizdays.c
 *
 *-------------------------------------------------------------------------
 */
#include "bizdays.h"

/* days from 0000-03-01 to 2000-01-01 (day 0) */
#define DAY0_FROM_MARCH_0000 INT64_C(730425)

/* days in a 400-year era of the Gregorian calendar */
#define DAYS_PER_ERA INT64_C(146097)

/*
 * floor_div
 *		a / b rounded toward minus infinity; b > 0.
 */
static int64_t
floor_div(int64_t a, int64_t b)
{
	int64_t		q = a / b;

	if (a % b < 0)
		q--;
	return q;
}

/*
 * is_leap
 *		True if y is a leap year of the Gregorian calendar.
 */
static bool
is_leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

/*
 * days_in_month
 *		Days in month m (1..12) of year y.
 */
static int
days_in_month(int y, int m)
{
	static const int mdays[12] = {
		31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31
	};

	if (m == 2 && is_leap(y))
		return 29;
	return mdays[m - 1];
}

/*
 * upper_bound
 *		Index of the first of holidays[0..n) that is greater than day, or n;
 *		holidays sorted ascending.
 */
static size_t
upper_bound(int32_t day, const int32_t *holidays, size_t n)
{
	size_t		lo = 0;
	size_t		hi = n;

	while (lo < hi)
	{
		size_t		mid = lo + (hi - lo) / 2;

		if (holidays[mid] <= day)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/*
 * ambc_weekday
 *		Day of the week of day, 0 = Monday ... 6 = Sunday.
 */
int
ambc_weekday(int32_t day)
{
	/* day 0 was a Saturday (5) */
	int64_t		w = ((int64_t) day + 5) % 7;

	if (w < 0)
		w += 7;
	return (int) w;
}

/*
 * ambc_is_business_day
 *		True unless day is a Saturday, a Sunday or in the sorted holidays.
 */
bool
ambc_is_business_day(int32_t day, const int32_t *holidays, size_t nholidays)
{
	size_t		i;

	if (ambc_weekday(day) >= 5)
		return false;
	if (holidays == NULL || nholidays == 0)
		return true;
	/* the last holiday not after day, if any, is the one to look at */
	i = upper_bound(day, holidays, nholidays);
	return !(i > 0 && holidays[i - 1] == day);
}

/*
 * ambc_add_business_days
 *		Set *out to the n-th business day after start; see bizdays.h.
 */
ambc_status
ambc_add_business_days(int32_t start, int32_t n, const int32_t *holidays,
					   size_t nholidays, int32_t *out)
{
	size_t		i;
	size_t		next;
	int32_t		day = start;
	int32_t		counted = 0;
	int			wd;

	if (n < 0 || n > AMBC_BIZDAYS_MAX)
		return AMBC_INVALID;
	if (holidays == NULL)
		nholidays = 0;
	for (i = 1; i < nholidays; i++)
	{
		if (holidays[i - 1] > holidays[i])
			return AMBC_LIMIT;
	}

	next = upper_bound(start, holidays, nholidays);
	wd = ambc_weekday(start);
	while (counted < n)
	{
		if (day == INT32_MAX)
			return AMBC_LIMIT;
		day++;
		wd = (wd + 1) % 7;
		/* holidays[next] is the first holiday >= day; duplicates pass here */
		while (next < nholidays && holidays[next] < day)
			next++;
		if (wd < 5 && !(next < nholidays && holidays[next] == day))
			counted++;
	}
	*out = day;
	return AMBC_OK;
}

/*
 * ambc_ymd_to_day
 *		Day number of y-m-d; AMBC_INVALID for a date that does not exist or
 *		a year outside AMBC_YEAR_MIN..AMBC_YEAR_MAX.
 */
ambc_status
ambc_ymd_to_day(int y, int m, int d, int32_t *out)
{
	int64_t		year;
	int64_t		era;
	int64_t		year_of_era;
	int64_t		month_from_march;
	int64_t		day_of_year;
	int64_t		day_of_era;

	if (y < AMBC_YEAR_MIN || y > AMBC_YEAR_MAX || m < 1 || m > 12 ||
		d < 1 || d > days_in_month(y, m))
		return AMBC_INVALID;

	/* January and February belong to the year before, counted from March */
	year = (m <= 2) ? (int64_t) y - 1 : (int64_t) y;
	month_from_march = (m <= 2) ? m + 9 : m - 3;	/* March = 0 */
	era = floor_div(year, 400);
	year_of_era = year - era * 400;	/* 0..399 */
	day_of_year = (153 * month_from_march + 2) / 5 + d - 1;	/* 0..365 */
	day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 +
		day_of_year;			/* 0..146096 */

	*out = (int32_t) (era * DAYS_PER_ERA + day_of_era - DAY0_FROM_MARCH_0000);
	return AMBC_OK;
}

/*
 * ambc_day_to_ymd
 *		Date of day into *y, *m, *d; every int32 has one.
 */
void
ambc_day_to_ymd(int32_t day, int *y, int *m, int *d)
{
	int64_t		z = (int64_t) day + DAY0_FROM_MARCH_0000;
	int64_t		era = floor_div(z, DAYS_PER_ERA);
	int64_t		day_of_era = z - era * DAYS_PER_ERA;	/* 0..146096 */
	int64_t		year_of_era;
	int64_t		day_of_year;
	int64_t		month_from_march;
	int64_t		month;

	/*
	 * Take out one leap day per 4 years, put back one per 100 and take out
	 * the era's last day, so that 365-day division gives the year.
	 */
	year_of_era = (day_of_era - day_of_era / 1460 + day_of_era / 36524 -
				   day_of_era / 146096) / 365;	/* 0..399 */
	day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 -
								year_of_era / 100);	/* 0..365 */
	month_from_march = (5 * day_of_year + 2) / 153;	/* 0..11 */
	month = (month_from_march < 10) ? month_from_march + 3 :
		month_from_march - 9;

	*d = (int) (day_of_year - (153 * month_from_march + 2) / 5 + 1);
	*m = (int) month;
	*y = (int) (era * 400 + year_of_era + (month <= 2 ? 1 : 0));
}

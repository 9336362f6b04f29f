/*-------------------------------------------------------------------------
 *
 * bizdays.h
 *		Calendar days and business-day arithmetic for legal deadlines.
 *
 * California's privacy regulations set some deadlines in business days
 * (Cal. Code Regs. tit. 11, sec. 7021(a): a business confirms receipt of a
 * request to delete, to correct or to know within 10 business days): a
 * business day is a day that is not a Saturday, not a Sunday and not a
 * holiday.  Which days are holidays is the
 * caller's business: it passes them as a sorted array (amb's holiday table
 * holds the US federal holidays on their observed dates).
 *
 * Days are counted as PostgreSQL counts a DateADT: day 0 is 2000-01-01 (a
 * Saturday), day -1 is 1999-12-31, and every int32 is a day.  Dates are
 * proleptic Gregorian.
 *
 * Worked example: a request received on Friday 2025-11-21, answered within
 * 10 business days, with Thanksgiving (Thursday 2025-11-27) a holiday.  The
 * day of receipt does not count; then Mon 24 (1), Tue 25 (2), Wed 26 (3),
 * Thu 27 is the holiday, Fri 28 (4), Sat 29 and Sun 30 are the weekend,
 * Mon Dec 1 (5), Tue 2 (6), Wed 3 (7), Thu 4 (8), Fri 5 (9), Mon 8 (10):
 * the deadline is 2025-12-08.  In days, ambc_add_business_days(9456, 10,
 * {9462}, 1, &out) sets out to 9473.
 *
 * src/core/bizdays.h
 *
 *-------------------------------------------------------------------------
 */
#ifndef AMBC_BIZDAYS_H
#define AMBC_BIZDAYS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "status.h"

/* most business days ambc_add_business_days adds: about 14 years */
#define AMBC_BIZDAYS_MAX 3650

/* the years ambc_ymd_to_day accepts (AD only, as in ISO dates) */
#define AMBC_YEAR_MIN 1
#define AMBC_YEAR_MAX 9999

/*
 * ambc_weekday
 *		Day of the week of day: 0 = Monday ... 5 = Saturday, 6 = Sunday.
 * Defined for every int32, negative days included.
 */
extern int	ambc_weekday(int32_t day);

/*
 * ambc_is_business_day
 *		True if day is neither a Saturday nor a Sunday nor one of
 *		holidays[0..nholidays).
 * holidays must be sorted ascending (it is binary-searched); duplicates are
 * allowed, and a NULL holidays means none, whatever nholidays.  On an
 * unsorted array the answer is unspecified but nothing outside the array
 * is read.
 */
extern bool ambc_is_business_day(int32_t day, const int32_t *holidays,
								 size_t nholidays);

/*
 * ambc_add_business_days
 *		Set *out to the n-th business day after start.
 * start itself never counts, whether or not it is a business day; n = 0
 * gives start.  holidays[0..nholidays) as for ambc_is_business_day.
 * Returns AMBC_OK; AMBC_INVALID if n < 0 or n > AMBC_BIZDAYS_MAX;
 * AMBC_LIMIT if holidays are not sorted ascending, or if the result would
 * be past the last int32 day.  *out is set only on AMBC_OK.  Time is
 * linear in n plus the number of holidays after start that it passes, plus
 * one pass over the array to check its order.  Allocates nothing.
 */
extern ambc_status ambc_add_business_days(int32_t start, int32_t n,
										  const int32_t *holidays,
										  size_t nholidays, int32_t *out);

/*
 * ambc_ymd_to_day
 *		Set *out to the day number of the date y-m-d (proleptic Gregorian).
 * Returns AMBC_OK, or AMBC_INVALID (and leaves *out alone) unless y is in
 * AMBC_YEAR_MIN..AMBC_YEAR_MAX, m in 1..12 and d a day of that month, so
 * 2023-02-29 and 2100-02-29 are invalid and 2000-02-29 and 2024-02-29 are
 * valid.
 */
extern ambc_status ambc_ymd_to_day(int y, int m, int d, int32_t *out);

/*
 * ambc_day_to_ymd
 *		Set *y, *m, *d to the date of day (proleptic Gregorian).
 * Total: for days before 0001-01-01 the year is astronomical (0 is 1 BC,
 * -1 is 2 BC), which ambc_ymd_to_day does not accept back; from 0001-01-01
 * (day -730119) to 9999-12-31 (day 2921939) the two are inverses.
 */
extern void ambc_day_to_ymd(int32_t day, int *y, int *m, int *d);

#endif							/* AMBC_BIZDAYS_H */

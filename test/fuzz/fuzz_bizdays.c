/*-------------------------------------------------------------------------
 *
 * fuzz_bizdays.c
 *		libFuzzer target for day numbers, dates and business-day arithmetic
 *		(src/core/bizdays.c).
 *
 * Input, read front to back (missing bytes read as zero): a flag byte
 * (bit 0: sort the holidays; bit 1: pass holidays as NULL with the count
 * kept), the start day (an extreme such as INT32_MIN, 0001-01-01 or
 * INT32_MAX - k, four raw bytes, or near the worked example's 2025-11-21),
 * n (mostly 0..511, sometimes up to 4095 or an extreme such as -1 or
 * INT32_MAX), a date y-m-d (y any int16, m -1..14, d -1..32), then the
 * holidays: each the start plus a signed 16-bit offset or four raw bytes,
 * at most MAX_HOLIDAYS, in an array of exactly their size (so
 * AddressSanitizer sees a read past it).  The target aborts unless:
 *	- ambc_add_business_days returns AMBC_INVALID exactly when n is out of
 *	  0..AMBC_BIZDAYS_MAX, else AMBC_LIMIT when the holidays are not
 *	  sorted, else AMBC_OK or AMBC_LIMIT, and sets *out only on AMBC_OK;
 *	- on AMBC_OK the result is start when n = 0, and otherwise a business
 *	  day after start with exactly n business days in (start, out], counted
 *	  by walking with a reference weekday and a bsearch of the holidays
 *	  (and ambc_is_business_day agrees with the reference on every day
 *	  walked); AMBC_LIMIT on sorted holidays means fewer than n business
 *	  days are left before INT32_MAX;
 *	- ambc_weekday is (day + 5) mod 7 and moves by one a day;
 *	- ambc_day_to_ymd gives a real date (month 1..12, day within the
 *	  month), the next day gives the next date, and from 0001-01-01
 *	  (day -730119) to 9999-12-31 (day 2921939) ambc_ymd_to_day takes the
 *	  date back to the day, outside that range it refuses it;
 *	- ambc_ymd_to_day accepts exactly the dates of years 1..9999 and then
 *	  round-trips, and leaves *out alone when it refuses;
 *	- the header's worked example (9456 plus 10 business days with 9462 a
 *	  holiday is 9473) holds.
 * ambc_is_business_day is also run on unsorted arrays, where only the
 * reads are checked.
 *
 * test/fuzz/fuzz_bizdays.c
 *
 *-------------------------------------------------------------------------
 */
#include <limits.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "bizdays.h"
#include "fuzz_reader.h"

int			LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MAX_HOLIDAYS 1024

#define DAY_0001_01_01 (-730119)
#define DAY_9999_12_31 2921939

/* what *out holds until the call under test sets it */
#define SENTINEL ((int32_t) 0x5A5A5A5A)


/* a + b wrapped to int32, no undefined behaviour */
static int32_t
wrap32(int64_t a, int64_t b)
{
	return (int32_t) (uint32_t) ((uint64_t) a + (uint64_t) b);
}

static int32_t
take_start(reader *r)
{
	static const int32_t extremes[] = {
		INT32_MIN, INT32_MIN + 1, DAY_0001_01_01 - 1, DAY_0001_01_01, -1, 0,
		1, 9456, DAY_9999_12_31, DAY_9999_12_31 + 1, INT32_MAX,
		INT32_MAX - 1, INT32_MAX - 2, INT32_MAX - 3, INT32_MAX - 7,
		INT32_MAX - 14, INT32_MAX - 400, INT32_MAX - 5110
	};
	uint8_t		sel = take8(r);

	switch (sel & 3)
	{
		case 0:
			return extremes[(sel >> 2) % (sizeof(extremes) / sizeof(extremes[0]))];
		case 1:
			return (int32_t) take_be(r, 4);
		case 2:
			return wrap32(9456, (int16_t) take_be(r, 2));
		default:
			return wrap32(INT32_MAX, -(int64_t) take_be(r, 2));
	}
}

static int32_t
take_n(reader *r)
{
	static const int32_t extremes[] = {
		-1, INT32_MIN, INT32_MAX, AMBC_BIZDAYS_MAX, AMBC_BIZDAYS_MAX + 1, 0,
		1, 5, 10
	};
	uint32_t	v = take_be(r, 2);

	switch (v >> 14)
	{
		case 0:
		case 1:
			return (int32_t) (v & 0x1FF);
		case 2:
			return (int32_t) (v & 0xFFF);
		default:
			return extremes[(v & 0xFF) % (sizeof(extremes) / sizeof(extremes[0]))];
	}
}

static int
cmp_int32(const void *a, const void *b)
{
	int32_t		x = *(const int32_t *) a;
	int32_t		y = *(const int32_t *) b;

	return (x > y) - (x < y);
}

/* (day + 5) mod 7, 0 = Monday: day 0 is a Saturday */
static int
ref_weekday(int32_t day)
{
	int64_t		w = ((int64_t) day + 5) % 7;

	return (int) (w < 0 ? w + 7 : w);
}

static bool
ref_business(int32_t day, const int32_t *hol, size_t nhol)
{
	if (ref_weekday(day) >= 5)
		return false;
	return hol == NULL || nhol == 0 ||
		bsearch(&day, hol, nhol, sizeof(int32_t), cmp_int32) == NULL;
}

static bool
is_leap(int64_t y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int
days_in_month(int64_t y, int m)
{
	static const int mdays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

	return m == 2 && is_leap(y) ? 29 : mdays[m - 1];
}

/*
 * check_day
 *		The date of day: a real date, followed by the next date, and
 *		round-tripping in years 1..9999.
 */
static void
check_day(int32_t day)
{
	int			y,
				m,
				d,
				ny,
				nm,
				nd;
	int32_t		back = SENTINEL;
	ambc_status st;

	ambc_day_to_ymd(day, &y, &m, &d);
	if (m < 1 || m > 12 || d < 1 || d > days_in_month(y, m))
		abort();
	if (ambc_weekday(day) != ref_weekday(day))
		abort();
	st = ambc_ymd_to_day(y, m, d, &back);
	if (day >= DAY_0001_01_01 && day <= DAY_9999_12_31)
	{
		if (st != AMBC_OK || back != day || y < 1 || y > 9999)
			abort();
	}
	else if (st != AMBC_INVALID || back != SENTINEL || (y >= 1 && y <= 9999))
		abort();
	if (day == INT32_MAX)
		return;
	ambc_day_to_ymd(day + 1, &ny, &nm, &nd);
	if (ambc_weekday(day + 1) != (ambc_weekday(day) + 1) % 7)
		abort();
	if (d < days_in_month(y, m))
	{
		if (ny != y || nm != m || nd != d + 1)
			abort();
	}
	else if (m < 12)
	{
		if (ny != y || nm != m + 1 || nd != 1)
			abort();
	}
	else if ((int64_t) ny != (int64_t) y + 1 || nm != 1 || nd != 1)
		abort();
}

/*
 * check_ymd
 *		ambc_ymd_to_day on any y, m, d.
 */
static void
check_ymd(int y, int m, int d)
{
	int32_t		out = SENTINEL;
	bool		real = y >= AMBC_YEAR_MIN && y <= AMBC_YEAR_MAX &&
		m >= 1 && m <= 12 && d >= 1 && d <= days_in_month(y, m);
	ambc_status st = ambc_ymd_to_day(y, m, d, &out);
	int			yy,
				mm,
				dd;

	if (!real)
	{
		if (st != AMBC_INVALID || out != SENTINEL)
			abort();
		return;
	}
	if (st != AMBC_OK || out < DAY_0001_01_01 || out > DAY_9999_12_31)
		abort();
	ambc_day_to_ymd(out, &yy, &mm, &dd);
	if (yy != y || mm != m || dd != d)
		abort();
}

static bool
sorted(const int32_t *hol, size_t nhol)
{
	size_t		i;

	for (i = 1; hol != NULL && i < nhol; i++)
		if (hol[i - 1] > hol[i])
			return false;
	return true;
}

/*
 * check_add
 *		ambc_add_business_days(start, n, hol, nhol) against a walk.
 */
static void
check_add(int32_t start, int32_t n, const int32_t *hol, size_t nhol)
{
	int32_t		out = SENTINEL;
	int32_t		again = SENTINEL;
	ambc_status st = ambc_add_business_days(start, n, hol, nhol, &out);
	size_t		used = hol == NULL ? 0 : nhol;
	int64_t		bound;
	int64_t		day;
	int32_t		counted = 0;

	if (ambc_add_business_days(start, n, hol, nhol, &again) != st ||
		again != out)
		abort();
	if (n < 0 || n > AMBC_BIZDAYS_MAX)
	{
		if (st != AMBC_INVALID || out != SENTINEL)
			abort();
		return;
	}
	if (!sorted(hol, nhol))
	{
		if (st != AMBC_LIMIT || out != SENTINEL)
			abort();
		return;
	}
	/* n business days lie within 2n + 3 days plus one per holiday */
	bound = 2 * (int64_t) n + 3 + (int64_t) used;
	if (st == AMBC_LIMIT)
	{
		if (out != SENTINEL || (int64_t) INT32_MAX - start > bound)
			abort();
		for (day = (int64_t) start + 1; day <= INT32_MAX; day++)
			counted += ref_business((int32_t) day, hol, used);
		if (counted >= n)
			abort();
		return;
	}
	if (st != AMBC_OK)
		abort();
	if (n == 0)
	{
		if (out != start)
			abort();
		return;
	}
	if (out <= start || (int64_t) out - start > bound ||
		!ref_business(out, hol, used))
		abort();
	for (day = (int64_t) start + 1; day <= out; day++)
	{
		bool		b = ref_business((int32_t) day, hol, used);

		if (ambc_is_business_day((int32_t) day, hol, nhol) != b)
			abort();
		counted += b;
	}
	if (counted != n)
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const int32_t thanksgiving[] = {9462};
	reader		r = {data, size};
	uint8_t		flags = take8(&r);
	int32_t		start = take_start(&r);
	int32_t		n = take_n(&r);
	int			y = (int16_t) take_be(&r, 2);
	int			m = (int) (take8(&r) % 16) - 1;
	int			d = (int) (take8(&r) % 34) - 1;
	size_t		nhol = r.n / 3 < MAX_HOLIDAYS ? r.n / 3 : MAX_HOLIDAYS;
	int32_t    *hol = malloc((nhol ? nhol : 1) * sizeof(int32_t));
	int32_t		out = SENTINEL;
	size_t		i;

	if (hol == NULL)
		return 0;
	for (i = 0; i < nhol; i++)
	{
		uint8_t		sel = take8(&r);

		if (sel < 0xF0)
			hol[i] = wrap32(start, (int16_t) take_be(&r, 2));
		else
			hol[i] = (int32_t) take_be(&r, 4);
	}
	if (flags & 1)
		qsort(hol, nhol, sizeof(int32_t), cmp_int32);

	/* the worked example and the ends of the round-trip range */
	if (ambc_add_business_days(9456, 10, thanksgiving, 1, &out) != AMBC_OK ||
		out != 9473)
		abort();
	check_ymd(1, 1, 1);
	check_ymd(9999, 12, 31);
	check_ymd(2000, 1, 1);
	if (ambc_ymd_to_day(2000, 1, 1, &out) != AMBC_OK || out != 0 ||
		ambc_ymd_to_day(1, 1, 1, &out) != AMBC_OK || out != DAY_0001_01_01 ||
		ambc_ymd_to_day(9999, 12, 31, &out) != AMBC_OK || out != DAY_9999_12_31)
		abort();

	check_ymd(y, m, d);
	check_ymd(y, 2, 29);
	check_day(start);
	check_day(wrap32(start, n));
	check_day((int32_t) (y * 366));

	if (flags & 2)
		check_add(start, n, NULL, nhol);
	else
		check_add(start, n, hol, nhol);

	/* on any array, sorted or not, only the reads are checked */
	(void) ambc_is_business_day(start, hol, nhol);
	for (i = 0; i < nhol && i < 16; i++)
		(void) ambc_is_business_day(hol[i], hol, nhol);
	free(hol);
	return 0;
}

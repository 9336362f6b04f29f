#!/usr/bin/env python3
"""Print the rows of amb's holiday table: US federal holidays, observed dates.

Usage: python3 scripts/holidays_sql.py
It prints a comment line, then the VALUES rows that amb--1.1--1.2.sql
inserts into amb.holiday (pasted there; the script checks its own output
against dates it knows and stops on a weekend or a repeated date).

The holidays are the eleven of 5 U.S.C. 6103(a), on the day federal
employees with a Monday-to-Friday workweek get off (5 U.S.C. 6103(b) and
OPM's rules): a holiday that falls on a Saturday is observed on the Friday
before, one that falls on a Sunday on the Monday after.  Juneteenth
National Independence Day exists from 2021 (Pub. L. 117-17, signed
2021-06-17; first observed Friday 2021-06-18).

Edges of the range: a row is printed for every observed date that falls in
FIRST_YEAR..LAST_YEAR, whichever year's holiday it is.  New Year's Day 2022
(a Saturday) is observed on Friday 2021-12-31, so 2021 has two New Year's
Day rows (2021-01-01 and 2021-12-31) and 2022 none; likewise 2027-12-31 and
2032-12-31.  The years on either side are computed too, so that a holiday of
LAST_YEAR + 1 observed in LAST_YEAR would appear and one of FIRST_YEAR
observed in FIRST_YEAR - 1 would not; for 2020..2035 neither happens
(2020-01-01 is a Wednesday, 2036-01-01 a Tuesday).

Not included: Inauguration Day (a holiday only in the Washington, D.C. area,
5 U.S.C. 6103(c)) and days off granted by executive order (such as
Christmas Eve in some years), which are not fixed in advance.

Rows are written one per line, sorted by date, as
    ('2020-01-01', 'New Year''s Day', true),
with the last one ending in ');'.  Python 3 standard library only.
"""

import datetime
import sys

FIRST_YEAR = 2020
LAST_YEAR = 2035

MONDAY, THURSDAY = 0, 3

# Dates this script must reproduce, checked on every run.
KNOWN_OBSERVED = {
    datetime.date(2021, 6, 18): "Juneteenth National Independence Day",
    datetime.date(2021, 12, 24): "Christmas Day",  # Saturday 2021-12-25
    datetime.date(2021, 12, 31): "New Year's Day",  # Saturday 2022-01-01
    datetime.date(2022, 6, 20): "Juneteenth National Independence Day",
    datetime.date(2023, 1, 2): "New Year's Day",  # Sunday 2023-01-01
    datetime.date(2025, 11, 27): "Thanksgiving Day",
    datetime.date(2026, 7, 3): "Independence Day",  # Saturday 2026-07-04
    datetime.date(2027, 12, 24): "Christmas Day",
    datetime.date(2027, 12, 31): "New Year's Day",
    datetime.date(2028, 11, 10): "Veterans Day",  # Saturday 2028-11-11
    datetime.date(2030, 5, 27): "Memorial Day",
}


def nth_weekday(year, month, weekday, n):
    """The n-th (1-based) given weekday (0 = Monday) of a month."""
    first = datetime.date(year, month, 1)
    offset = (weekday - first.weekday()) % 7
    return first + datetime.timedelta(days=offset + 7 * (n - 1))


def last_weekday(year, month, weekday):
    """The last given weekday (0 = Monday) of a month."""
    if month == 12:
        next_first = datetime.date(year + 1, 1, 1)
    else:
        next_first = datetime.date(year, month + 1, 1)
    last = next_first - datetime.timedelta(days=1)
    return last - datetime.timedelta(days=(last.weekday() - weekday) % 7)


def observed(day):
    """The day off for a holiday on day: Saturday -> Friday, Sunday -> Monday."""
    if day.weekday() == 5:
        return day - datetime.timedelta(days=1)
    if day.weekday() == 6:
        return day + datetime.timedelta(days=1)
    return day


def holidays_of(year):
    """(legal date, name) of each federal holiday of a year, in order."""
    days = [
        (datetime.date(year, 1, 1), "New Year's Day"),
        (nth_weekday(year, 1, MONDAY, 3), "Birthday of Martin Luther King, Jr."),
        (nth_weekday(year, 2, MONDAY, 3), "Washington's Birthday"),
        (last_weekday(year, 5, MONDAY), "Memorial Day"),
    ]
    if year >= 2021:
        days.append((datetime.date(year, 6, 19),
                     "Juneteenth National Independence Day"))
    days += [
        (datetime.date(year, 7, 4), "Independence Day"),
        (nth_weekday(year, 9, MONDAY, 1), "Labor Day"),
        (nth_weekday(year, 10, MONDAY, 2), "Columbus Day"),
        (datetime.date(year, 11, 11), "Veterans Day"),
        (nth_weekday(year, 11, THURSDAY, 4), "Thanksgiving Day"),
        (datetime.date(year, 12, 25), "Christmas Day"),
    ]
    return days


def observed_rows(first_year, last_year):
    """Sorted (observed date, name) for every observed date in the range."""
    lo = datetime.date(first_year, 1, 1)
    hi = datetime.date(last_year, 12, 31)
    rows = []
    for year in range(first_year - 1, last_year + 2):
        for day, name in holidays_of(year):
            obs = observed(day)
            if lo <= obs <= hi:
                rows.append((obs, name))
    rows.sort()
    return rows


def check(rows):
    """Fail loudly if the rows break a rule or miss a known date."""
    dates = [day for day, _ in rows]
    if len(set(dates)) != len(dates):
        sys.exit("holidays_sql.py: two holidays on one observed date")
    for day in dates:
        if day.weekday() >= 5:
            sys.exit("holidays_sql.py: %s is observed on a weekend" % day)
    found = dict(rows)
    for day, name in KNOWN_OBSERVED.items():
        if found.get(day) != name:
            sys.exit("holidays_sql.py: %s should be %s, is %r"
                     % (day, name, found.get(day)))


def sql_quote(text):
    """text as an SQL string literal."""
    return "'" + text.replace("'", "''") + "'"


def main():
    rows = observed_rows(FIRST_YEAR, LAST_YEAR)
    check(rows)
    print("-- generated by scripts/holidays_sql.py; US federal holidays, "
          "observed dates, %d-%d" % (FIRST_YEAR, LAST_YEAR))
    for i, (day, name) in enumerate(rows):
        end = ";" if i == len(rows) - 1 else ","
        print("\t(%s, %s, true)%s" % (sql_quote(day.isoformat()),
                                      sql_quote(name), end))


if __name__ == "__main__":
    main()

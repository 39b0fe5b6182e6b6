"""Calendar arithmetic for time expressions: which year a month or day falls in, Hijri conversion.

Relative words decide the year as an analyst reads them in an article of date `pub`:
"past" is the latest occurrence strictly before the publication month (أكتوبر الماضي),
"current" the one of the publication year (الجاري), "next" the first strictly after (المقبل);
without a relative word the occurrence closest to the publication date wins (ties go to the past).
"""
from __future__ import annotations

import datetime as dt
from functools import lru_cache

from hijridate import Gregorian, Hijri


def iso(year: int, month: int | None = None, day: int | None = None) -> str:
    """ISO 8601 at the precision given (YYYY, YYYY-MM or YYYY-MM-DD)."""
    if month is None:
        return f"{year:04d}"
    if day is None:
        return f"{year:04d}-{month:02d}"
    return f"{year:04d}-{month:02d}-{day:02d}"


def valid_day(year: int, month: int, day: int) -> bool:
    try:
        dt.date(year, month, day)
    except ValueError:
        return False
    return True


# Month and day years are pure functions of few values that recur (the same months and days in
# the articles of a day): cached.
@lru_cache(maxsize=8192)
def month_year(month: int, relation: str | None, pub: dt.date) -> int:
    """The year of `month` said with `relation` (past/current/next/None) in an article of `pub`."""
    if relation == "past":
        return pub.year if month < pub.month else pub.year - 1
    if relation == "next":
        return pub.year if month > pub.month else pub.year + 1
    if relation == "current":
        return pub.year
    distance = {y: abs((y - pub.year) * 12 + month - pub.month) for y in (pub.year - 1, pub.year, pub.year + 1)}
    return min(distance, key=lambda y: (distance[y], -1 if y <= pub.year else 1, -y))


@lru_cache(maxsize=8192)
def day_year(month: int, day: int, relation: str | None, pub: dt.date, weekday: int | None = None) -> int | None:
    """The year of day/month in an article of `pub`; a named weekday picks among nearby years."""
    if relation is not None:
        year = month_year(month, relation, pub)
        return year if valid_day(year, month, day) else None
    years = [y for y in (pub.year - 1, pub.year, pub.year + 1) if valid_day(y, month, day)]
    if weekday is not None:
        years = [y for y in years if dt.date(y, month, day).isoweekday() == weekday] or years
    if not years:
        return None
    return min(years, key=lambda y: (abs((dt.date(y, month, day) - pub).days), dt.date(y, month, day) > pub))


def shift_months(pub: dt.date, months: int) -> tuple[int, int]:
    index = pub.year * 12 + pub.month - 1 + months
    return index // 12, index % 12 + 1


def weekday_date(weekday: int, relation: str | None, pub: dt.date, future: bool = False) -> dt.date:
    """The date of a weekday: the last one (الماضي), the next one (المقبل), or for a bare weekday
    the latest on or before publication (news reports the past), the next on or after when the
    sentence speaks of the future."""
    back = (pub.isoweekday() - weekday) % 7
    if relation == "past":
        return pub - dt.timedelta(days=back or 7)
    ahead = (weekday - pub.isoweekday()) % 7
    if relation == "next":
        return pub + dt.timedelta(days=ahead or 7)
    if future:
        return pub + dt.timedelta(days=ahead)
    return pub - dt.timedelta(days=back)


# Converting through hijridate validates against its tables: slow, and the same few months recur
# in every article of a season, so conversions are cached.
@lru_cache(maxsize=4096)
def hijri_to_gregorian(year: int, month: int, day: int) -> dt.date | None:
    try:
        return Hijri(year, month, day).to_gregorian()
    except (ValueError, OverflowError):
        return None


@lru_cache(maxsize=1024)
def hijri_month_span(year: int, month: int) -> tuple[dt.date, dt.date] | None:
    """First and last Gregorian day of a Hijri month."""
    try:
        first = Hijri(year, month, 1)
        return first.to_gregorian(), Hijri(year, month, first.month_length()).to_gregorian()
    except (ValueError, OverflowError):
        return None


@lru_cache(maxsize=256)
def hijri_year_span(year: int) -> tuple[dt.date, dt.date] | None:
    start, end = hijri_month_span(year, 1), hijri_month_span(year, 12)
    return (start[0], end[1]) if start and end else None


@lru_cache(maxsize=256)
def hijri_year_of(pub: dt.date) -> int | None:
    try:
        return Gregorian(pub.year, pub.month, pub.day).to_hijri().year
    except (ValueError, OverflowError):
        return None


@lru_cache(maxsize=1024)
def hijri_month_year(month: int, relation: str | None, pub: dt.date) -> int | None:
    """The Hijri year of a Hijri month named without its year (شهر رمضان، شوال الجاري) in an
    article of `pub`: as for Gregorian months, past/current/next or else the nearest one."""
    now = hijri_year_of(pub)
    if now is None:
        return None
    if relation == "current":
        return now
    spans = {y: span for y in (now - 1, now, now + 1) if (span := hijri_month_span(y, month))}
    if relation == "past":
        return max((y for y, (_, end) in spans.items() if end < pub), default=None)
    if relation == "next":
        return min((y for y, (start, _) in spans.items() if start > pub), default=None)
    distance = {
        y: 0 if start <= pub <= end else min(abs((start - pub).days), abs((end - pub).days))
        for y, (start, end) in spans.items()
    }
    return min(distance, key=lambda y: (distance[y], y > now)) if distance else None

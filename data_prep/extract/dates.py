"""Time expressions resolved to ISO 8601 at their own precision, against the publication date.

Each rule reads one family of expressions on the folded copy of the text (numeric dates, day and
month names of the three Gregorian systems, Hijri dates, years and year ranges, relative days,
weeks, months and years, weekdays, "N units ago", clock times) and proposes candidates; where
candidates overlap the longest wins, then a weekday written next to an explicit date is checked
against it and joined to it. Relative expressions stay unresolved (value None, kind kept) when the
publication date is unknown. Durations (7 أيام) are figures, not dates: they are not emitted here.
"""
from __future__ import annotations

import bisect
import datetime as dt
import re
from dataclasses import dataclass

from data_prep.extract import dates_calendar as cal
from data_prep.extract.dates_anchors import anchors
from data_prep.extract.dates_patterns import CLITICS, key, patterns, words
from data_prep.extract.numbers import ordinal_value, parse_number
from data_prep.normalize import folded_once

_SANE_YEARS = (100, 9900)
_GAP_TO_DATE = re.compile(r"\s*[,،]?\s*(?:الموافق\s+)?")
# Compiled once (the module-level cache of `re` is shared with every other library, and
# evicted by those that use many patterns).
_WORD_LAST = re.compile(r"(\w+)\s+$")  # the word just before a span
_WORD_NEXT = re.compile(r"\s+(\w+)")  # the word just after a span
_DEFINITE_WORD_LAST = re.compile(r"(?<!\w)(ال\w+)\s+$")
_MONTH_CUE_LAST = re.compile(r"(?<!\w)(?:في|منذ|حتي|خلال)\s+$")
_COUNTED_FROM = re.compile(r"\s+(?:من|علي)\s")  # قبل ثلاثة أيام من / على


@dataclass(slots=True)
class _Candidate:
    start: int  # in the folded text
    end: int
    value: str | None
    kind: str = "date"
    value_end: str | None = None
    calendar: str = "gregorian"
    weekday: int | None = None  # a weekday named in the expression, to check an explicit date against
    explicit_day: bool = False  # a day-precision date written out (not resolved from a relative word)
    extra: dict | None = None  # day and month read, for a weekday to pick the year


def _day(text: str) -> int | None:
    value = int(text) if text.isdigit() else ordinal_value(text)
    return value if value and 1 <= value <= 31 else None


def _relation(word: str | None) -> str | None:
    return words().relations.get(word) if word else None


def _numeric(ftext: str, pub: dt.date | None, at: dict[str, list[int]]):
    for m in patterns().numeric.finditer(ftext, at):
        if m.group("d"):
            day, month, year = int(m.group("d")), int(m.group("mo")), int(m.group("y"))
        else:
            day, month, year = int(m.group("d2")), int(m.group("mo2")), int(m.group("y2"))
        if month > 12 and day <= 12:
            day, month = month, day
        if m.group("hsuf") or 1343 <= year <= 1500:
            date = cal.hijri_to_gregorian(year, month, day)
            if date:
                yield _Candidate(m.start(), m.end(), date.isoformat(), calendar="hijri", explicit_day=True)
        elif 1900 <= year <= 2100 and cal.valid_day(year, month, day):
            yield _Candidate(m.start(), m.end(), cal.iso(year, month, day), explicit_day=True)


def _month(name: str) -> tuple[int, str, bool]:
    """(month, calendar, ambiguous) of a matched month name (its words maybe apart by several spaces)."""
    months = words().months
    return months.get(name) or months[key(name)]


def _day_month(ftext: str, pub: dt.date | None, at: dict[str, list[int]]):
    for m in patterns().day_month.finditer(ftext, at):
        start, end = m.span("x")
        name, paired_a, paired_b, day_text, day2_text, year_text, mrel, yrel, shahr = m.group(
            "m1", "m2", "m3", "day", "day2", "year", "mrel", "yrel", "shahr"
        )
        month, _, ambiguous = _month(name)
        second = paired_a or paired_b  # كانون الأول/ديسمبر، أغسطس (آب)، يوليو تموز
        paired = second is not None and _month(second)[0] == month
        ambiguous = ambiguous and not paired
        day = _day(day_text) if day_text else None
        if day_text and (day is None or _ordinal_of_a_noun(ftext, m)):
            continue
        day2 = int(day2_text) if day2_text else None
        explicit_year = int(year_text) if year_text else None
        relation = _relation(mrel)
        if second and not paired:  # two different months: the first ends here
            end, explicit_year, relation = m.end("m1"), None, None
        yrel = yrel if end == m.end("x") else None
        anchored = day or explicit_year or relation or yrel or shahr
        if ambiguous and not anchored and not _month_context(ftext, start):
            continue
        if explicit_year:
            year = explicit_year
        elif pub is None:
            year = None
        elif yrel:
            year = pub.year + _UNIT_SHIFT[_relation(yrel)]
        elif day:
            year = cal.day_year(month, day, relation, pub)
        else:
            year = cal.month_year(month, relation, pub)
        if year is None:
            yield _Candidate(start, end, None, kind="range" if day2 else "date")
        elif day2 and day and day2 > day and cal.valid_day(year, month, day2):
            yield _Candidate(start, end, cal.iso(year, month, day), kind="range", value_end=cal.iso(year, month, day2))
        elif day and cal.valid_day(year, month, day):
            yield _Candidate(
                start, end, cal.iso(year, month, day), explicit_day=True,
                extra={"month": month, "day": day, "year_given": bool(explicit_year), "relation": relation},
            )
        elif not day:
            yield _Candidate(start, end, cal.iso(year, month))


def _ordinal_of_a_noun(ftext: str, m: re.Match) -> bool:
    """الأسبوع الأول من أغسطس: an ordinal after a definite noun (not a weekday, not اليوم) ranks
    that noun; it is no day of the month."""
    if m.group("day").isdigit():
        return False
    before = _DEFINITE_WORD_LAST.search(ftext[max(0, m.start("x") - 15):m.start("x")])
    return before is not None and before.group(1) not in ("اليوم", "الموافق") and before.group(1) not in words().weekdays


def _month_context(ftext: str, start: int) -> bool:
    """An ambiguous month name (مارس، آب) standing alone counts after في / منذ / حتى / خلال."""
    return _MONTH_CUE_LAST.search(ftext[max(0, start - 8):start]) is not None


def _hijri(ftext: str, pub: dt.date | None, at: dict[str, list[int]]):
    for m in patterns().hijri.finditer(ftext, at):
        start, end = m.span("x")
        month = _month(m.group("m1"))[0]
        day = _day(m.group("day")) if m.group("day") else None
        year = int(m.group("year")) if m.group("year") else None
        relation = _relation(m.group("mrel"))
        if not (day or year or relation or m.group("shahr")):
            continue  # رمضان، رجب، شعبان alone are also names
        if year is None and pub is not None:
            year = cal.hijri_month_year(month, relation, pub)
        if year is None:
            yield _Candidate(start, end, None, calendar="hijri")
        elif day:
            date = cal.hijri_to_gregorian(year, month, day)
            if date:
                yield _Candidate(start, end, date.isoformat(), calendar="hijri", explicit_day=True)
        else:
            span = cal.hijri_month_span(year, month)
            if span:
                yield _Candidate(start, end, span[0].isoformat(), kind="range", value_end=span[1].isoformat(), calendar="hijri")
    for m in patterns().hijri_year.finditer(ftext, at):
        span = cal.hijri_year_span(int(m.group("year")))
        if span:
            yield _Candidate(m.start("x"), m.end("x"), span[0].isoformat(), kind="range", value_end=span[1].isoformat(), calendar="hijri")


def _years(ftext: str, pub: dt.date | None, at: dict[str, list[int]]):
    # Both years of a range have their anchor: with one year in the text there is no range.
    for m in patterns().year_range.finditer(ftext, at) if len(at["year"]) > 1 else ():
        pairs = [(m.group(a), m.group(b)) for a, b in (("a", "b"), ("c", "d"), ("e", "f")) if m.group(a)]
        first, last = (int(v) for v in pairs[0])
        if first < last:
            yield _Candidate(m.start("x"), m.end("x"), cal.iso(first), kind="range", value_end=cal.iso(last))
    for m in patterns().year.finditer(ftext, at):
        year = int(m.group("year"))
        if m.group("cue") or m.group("suffix") or (m.group("weak") and 1900 <= year <= 2100):
            yield _Candidate(m.start("x"), m.end("x"), cal.iso(year))


_UNIT_SHIFT = {"past": -1, "current": 0, "next": 1, None: 0}


def _relative_units(ftext: str, pub: dt.date | None, at: dict[str, list[int]]):
    """الأسبوع الماضي، الشهر الجاري، العام المقبل، هذا العام."""
    for m in patterns().relative_unit.finditer(ftext, at):
        relation = "current" if m.group("this") else _relation(m.group("rel"))
        if relation is None:
            continue
        unit = words().units[m.group("unit")][0]
        start, end = m.span("x")
        day = _day(m.group("day")) if m.group("day") else None
        if pub is None:
            yield _Candidate(start, end, None, kind="range" if unit == "week" else "date")
        elif day and unit == "month":  # الثامن من الشهر المقبل
            year, month = cal.shift_months(pub, _UNIT_SHIFT[relation])
            if cal.valid_day(year, month, day):
                yield _Candidate(start, end, cal.iso(year, month, day))
        elif unit == "year":
            yield _Candidate(start, end, cal.iso(pub.year + _UNIT_SHIFT[relation]))
        elif unit == "month":
            yield _Candidate(start, end, cal.iso(*cal.shift_months(pub, _UNIT_SHIFT[relation])))
        else:  # a week: Monday to Sunday of the week meant
            monday = pub - dt.timedelta(days=pub.isoweekday() - 1) + dt.timedelta(weeks=_UNIT_SHIFT[relation])
            yield _Candidate(start, end, monday.isoformat(), kind="range", value_end=(monday + dt.timedelta(days=6)).isoformat())


def _relative_days(ftext: str, pub: dt.date | None, at: dict[str, list[int]]):
    w = words()
    for m in patterns().relative_day.finditer(ftext, at):
        start, end = m.span("x")
        word = key(m.group("rday"))
        if word == "اليوم" and not m.group("wd") and not _is_today(ftext, start, end):
            continue
        before = _WORD_LAST.search(ftext[max(0, start - 12):start])
        if before and before.group(1) in w.day_qualifiers:
            start = before.start(1) + max(0, start - 12)
        weekday = w.weekdays[m.group("wd")] if m.group("wd") else None
        value = None
        if pub:
            date = pub + dt.timedelta(days=w.days[word])
            if weekday:  # أمس الثلاثاء: the named weekday wins over a publication date a day off
                date += dt.timedelta(days=min(range(-3, 4), key=lambda d: ((date.isoweekday() + d - weekday) % 7 != 0, abs(d))))
            value = date.isoformat()
        yield _Candidate(start, end, value, weekday=weekday)


def _is_today(ftext: str, start: int, end: int) -> bool:
    """اليوم is today, not "the day" (اليوم التالي، ذلك اليوم، اليوم نفسه), not "nowadays" (شباب اليوم،
    في عالم اليوم، اليوم أكثر من أي وقت مضى) and not part of a name (عين اليوم)."""
    w = words()
    after = _WORD_NEXT.match(ftext[end:end + 20])
    if after:
        word = after.group(1)
        if word in w.not_today_after or (word.startswith("ال") and word not in w.weekdays and word not in w.today_after):
            return False
    if patterns().nowadays_after.match(ftext, end):
        return False
    before = _WORD_LAST.search(ftext[max(0, start - 12):start])
    if before is None:
        return True
    word = before.group(1)
    if word in w.not_today_before:
        return False
    return not any(word.startswith(clitic) and word[len(clitic):] in w.nowadays_before for clitic in CLITICS)


def _weekdays(ftext: str, pub: dt.date | None, at: dict[str, list[int]]):
    w = words()
    for m in patterns().weekday.finditer(ftext, at):
        start, end = m.span("x")
        before = _WORD_LAST.search(ftext[max(0, start - 12):start])
        if before and before.group(1) in w.weekday_generic_before:
            continue  # صلاة الجمعة، أيام السبت: any such day
        weekday = w.weekdays[m.group("wd")]
        relation = _relation(m.group("rel"))
        if relation == "current":
            relation = None
        if pub is None:
            yield _Candidate(start, end, None, weekday=weekday)
            continue
        floor = max(0, start - 80)  # a sentence end further back than that is not looked for
        sentence_start = max(ftext.rfind(".", floor, start), ftext.rfind("\n", floor, start), floor)
        future = patterns().future_word.search(ftext[sentence_start:start]) is not None
        date = cal.weekday_date(weekday, relation, pub, future)
        yield _Candidate(start, end, date.isoformat(), weekday=weekday)


def _ago(ftext: str, pub: dt.date | None, at: dict[str, list[int]]):
    """منذ ثلاثة أيام، قبل أسبوعين، قبل عام: counted back from publication."""
    for m in patterns().ago.finditer(ftext, at):
        unit, implied = words().units[m.group("unit")]
        if m.group("n"):
            count = parse_number(m.group("n"))
        else:
            count = implied or None  # قبل أسبوع is one week; منذ سنوات is no date
        if count is None or count != int(count):
            continue
        if _COUNTED_FROM.match(ftext[m.end():m.end() + 6]) or patterns().month_name.match(ftext, m.end()):
            continue  # قبل ثلاثة أيام من الانتخابات: counted from another event; منذ شهر محرم: a month
        start, end = m.span("x")
        count = int(count)
        if count > {"day": 3660, "week": 520, "month": 1200}.get(unit, pub.year - 1000 if pub else 1000):
            continue  # منذ عشرة آلاف عام: history, not a date of the news
        if pub is None:
            yield _Candidate(start, end, None)
        elif unit in ("day", "week"):
            yield _Candidate(start, end, (pub - dt.timedelta(days=count * (7 if unit == "week" else 1))).isoformat())
        elif unit == "month":
            yield _Candidate(start, end, cal.iso(*cal.shift_months(pub, -count)))
        else:
            yield _Candidate(start, end, cal.iso(pub.year - count))


def _times(ftext: str, pub: dt.date | None, at: dict[str, list[int]]):
    for m in patterns().time.finditer(ftext, at):
        yield _Candidate(m.start("x"), m.end("x"), None, kind="time")


# Each rule with the anchor families that wake it (dates_anchors.py): the others are not called.
_RULES = (
    (_numeric, ("numeric",)), (_day_month, ("day_month",)), (_hijri, ("hijri", "hijri_year")), (_years, ("year",)),
    (_relative_units, ("relative_unit",)), (_relative_days, ("relative_day",)), (_weekdays, ("weekday",)),
    (_ago, ("ago",)), (_times, ("time",)),
)


def _longest_first(candidates: list[_Candidate]) -> list[_Candidate]:
    """Where candidates overlap, the longest wins (kept spans are disjoint, so a bisect on their
    starts finds the only one that could overlap)."""
    starts: list[int] = []
    kept: list[_Candidate] = []
    for c in sorted(candidates, key=lambda c: (-(c.end - c.start), c.start)):
        i = bisect.bisect_left(starts, c.end)
        if (i == 0 or kept[i - 1].end <= c.start):
            starts.insert(i, c.start)
            kept.insert(i, c)
    return kept


def _join_weekdays(ftext: str, found: list[_Candidate], pub: dt.date | None) -> list[_Candidate]:
    """A weekday written just before an explicit date (الخميس 7 ديسمبر) is checked against it and
    joined to it; when the year was inferred the weekday picks it. A weekday that contradicts an
    explicit date is dropped: the written date is the stronger evidence."""
    out: list[_Candidate] = []
    i = 0
    while i < len(found):
        c = found[i]
        nxt = found[i + 1] if i + 1 < len(found) else None
        if c.weekday and nxt and nxt.explicit_day and _GAP_TO_DATE.fullmatch(ftext[c.end:nxt.start]):
            info = nxt.extra
            if pub and info and not info["year_given"]:
                year = cal.day_year(info["month"], info["day"], info["relation"], pub, c.weekday)
                nxt.value = cal.iso(year, info["month"], info["day"]) if year else nxt.value
            nxt.start = c.start
            out.append(nxt)
            i += 2
            continue
        out.append(c)
        i += 1
    return out


def _with_part(ftext: str, c: _Candidate) -> _Candidate:
    """بداية/مطلع/منتصف/أواخر + a month or a year: the span grows, the precision stays."""
    # The part word stands before white space, so a span after any other character has none.
    if c.value and len(c.value) < 10 and c.start and ftext[c.start - 1].isspace():
        m = patterns().part_before.search(ftext, max(0, c.start - 20), c.start)
        if m:
            c.start = m.start("part")
    return c


def extract_dates(text: str, published: dt.date | None) -> list[dict]:
    """Date rows (start, end, text, value, kind, value_end, calendar) of `text`."""
    if published is not None and not _SANE_YEARS[0] <= published.year <= _SANE_YEARS[1]:
        published = None  # no calendar arithmetic at the ends of the calendar (0001-01-01)
    fold = folded_once(text)
    ftext = fold.text
    at = anchors(ftext)
    if not at:
        return []
    candidates = [
        c for rule, families in _RULES if not at.keys().isdisjoint(families) for c in rule(ftext, published, at)
    ]
    found = _join_weekdays(ftext, _longest_first(candidates), published)
    rows = []
    for c in found:
        c = _with_part(ftext, c)
        start, end = fold.to_original(c.start, c.end)
        rows.append({
            "start": start, "end": end, "text": text[start:end], "value": c.value, "kind": c.kind,
            "value_end": c.value_end, "calendar": c.calendar,
        })
    return rows

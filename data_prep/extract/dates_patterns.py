"""The regular expressions of time expressions, built once from the lexicons.

All patterns run on the folded copy of a text (alef/ya/ta-marbuta unified, digits ASCII,
diacritics and tatweel gone). Words come from `months.tsv` and `dates_words.tsv`; ordinal days
come from the shared number reader (`numbers.ordinal_pattern`).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from data_prep.extract.numbers import alternation, lexicon_rows, ordinal_pattern
from data_prep.normalize import fold

# A clitic in front of a word (وأمس، بداية، للعام): kept out of the expression's span.
CLITIC = r"(?<!\w)(?:[وفبلك]|وب|ول|فب|فل|وك)?"
CLITICS = ("", "و", "ف", "ب", "ل", "ك", "وب", "ول", "فب", "فل")  # those a trigger word is looked for with
YEAR_SUFFIX = r"(?:\s*م(?!\w)|\s*ميلادي\w*)"
HIJRI_SUFFIX = r"(?:\s*ه(?!\w)|\s*هجري\w*|\s*للهجره)"
_WORD_REST = re.compile(r"\w*")


@dataclass(frozen=True)
class Words:
    months: dict[str, tuple[int, str, bool]]  # folded name -> (month, calendar, ambiguous)
    weekdays: dict[str, int]
    days: dict[str, int]
    relations: dict[str, str]
    parts: dict[str, str]
    units: dict[str, tuple[str, int]]  # folded word -> (unit, count the word implies; 0 for a plural)
    future: frozenset[str]
    day_qualifiers: frozenset[str]
    not_today_after: frozenset[str]
    not_today_before: frozenset[str]
    today_after: frozenset[str]
    nowadays_before: frozenset[str]
    nowadays_after: tuple[str, ...]
    weekday_generic_before: frozenset[str]
    month_epithets: frozenset[str]


def key(text: str) -> str:
    """A matched phrase as a lexicon key (single spaces)."""
    return " ".join(text.split())


@lru_cache(maxsize=None)
def words() -> Words:
    months = {
        fold(r["name"]): (int(r["month"]), r["calendar"], r["ambiguous"] == "1") for r in lexicon_rows("months.tsv")
    }
    rows = [(fold(r["word"]), r["kind"], r["value"]) for r in lexicon_rows("dates_words.tsv")]
    of = lambda kind: {w: v for w, k, v in rows if k == kind}  # noqa: E731
    units = (
        {w: (v, 1) for w, v in of("unit").items()} | {w: (v, 2) for w, v in of("unit2").items()}
        | {w: (v, 0) for w, v in of("unit_plural").items()}
    )
    return Words(
        months=months,
        weekdays={w: int(v) for w, v in of("weekday").items()},
        days={w: int(v) for w, v in of("day").items()},
        relations=of("relation"),
        parts=of("part"),
        units=units,
        future=frozenset(of("future")),
        day_qualifiers=frozenset(of("day_qualifier")),
        not_today_after=frozenset(of("not_today")),
        not_today_before=frozenset(of("not_today_before")),
        today_after=frozenset(of("today_after")),
        nowadays_before=frozenset(of("nowadays_before")),
        nowadays_after=tuple(of("nowadays_after")),
        weekday_generic_before=frozenset(of("weekday_generic_before")),
        month_epithets=frozenset(of("month_epithet")),
    )


@dataclass(frozen=True)
class Rule:
    """A pattern searched only in windows around its anchors (see dates_anchors.py): an article
    without month names never pays for the month pattern."""

    pattern: re.Pattern
    anchor: str  # the anchor family that wakes it
    before: int  # how far before an anchor an expression can start
    after: int  # how far after an anchor it can end

    def finditer(self, ftext: str, anchors: dict[str, list[int]]):
        windows: list[list[int]] = []
        for at in sorted(anchors.get(self.anchor, ())):
            start, end = max(0, at - self.before), at + self.after
            if windows and start <= windows[-1][1]:
                windows[-1][1] = max(windows[-1][1], end)
            else:
                windows.append([start, end])
        for start, end in windows:
            end = _WORD_REST.match(ftext, end).end()  # type: ignore[union-attr]  # \w* always matches; a window never ends inside a word
            yield from self.pattern.finditer(ftext, start, end)


def with_clitics(words, article: bool = True) -> frozenset[str]:
    """The words as they can be written with a clitic or (when `article`) the article in front
    (والشهر، للعام، بأمس، الغد)."""
    forms = set()
    for word in words:
        bare = word[2:] if word.startswith("ال") else None
        for clitic in CLITICS:
            forms.add(clitic + word)
            if bare is not None and clitic.endswith("ل"):
                forms.add(clitic + "ل" + bare)  # ل + العام is written للعام
            if bare is None and article:
                forms.update({clitic + "ال" + word, clitic + "لل" + word})
    return frozenset(forms)


def first_words(names) -> tuple[str, ...]:
    return tuple(sorted({n.split()[0] for n in names}))


@dataclass(frozen=True)
class Patterns:
    numeric: Rule
    day_month: Rule
    hijri: Rule
    hijri_year: Rule
    year_range: Rule
    year: Rule
    relative_unit: Rule
    relative_day: Rule
    weekday: Rule
    ago: Rule
    time: Rule
    part_before: re.Pattern
    month_name: re.Pattern
    nowadays_after: re.Pattern
    future_word: re.Pattern


@lru_cache(maxsize=None)
def patterns() -> Patterns:
    w = words()
    gregorian = [m for m, (_, cal, _) in w.months.items() if cal == "gregorian"]
    hijri_names = [m for m, (_, cal, _) in w.months.items() if cal == "hijri"]
    greg, hijri = alternation(gregorian), alternation(hijri_names)
    rel = alternation(w.relations)
    weekday = alternation(w.weekdays)
    ordinal = ordinal_pattern()
    year_word = r"(?:ال|ل|لل)?(?:عام|سنه)"
    return Patterns(
        numeric=Rule(re.compile(
            r"(?<![\d.,/:-])(?:(?P<d>\d{1,2})\s*(?P<s1>[-/.])\s*(?P<mo>\d{1,2})\s*(?P=s1)\s*(?P<y>\d{4})"
            r"|(?P<y2>\d{4})(?P<s2>[-/.])(?P<mo2>\d{1,2})(?P=s2)(?P<d2>\d{1,2}))(?![\d])"
            rf"(?P<hsuf>{HIJRI_SUFFIX})?"
        ), "numeric", 14, 18),
        day_month=Rule(re.compile(
            rf"{CLITIC}(?P<x>(?:(?:ال\s*)?(?P<day>\d{{1,2}}|{ordinal})"
            rf"(?:\s*(?:-|–|الي|حتي|و)\s*(?P<day2>\d{{1,2}}))?\s*(?:من\s+)?(?:شهر\s+)?)?"
            rf"(?P<shahr>شهر\s+)?(?P<m1>{greg})(?!\w)(?:\s*\(\s*(?P<m2>{greg})\s*\)|(?:\s*[/-]\s*|\s+)(?P<m3>{greg})(?!\w))?"
            rf"(?:\s*[,،]?\s*(?:من\s+|في\s+)?(?:{year_word}\s+)?(?P<year>[12]\d{{3}})(?!\d){YEAR_SUFFIX}?"
            rf"|\s+(?:من\s+)?{year_word}\s+(?P<yrel>{rel})(?!\w)"
            rf"|\s+(?P<mrel>{rel})(?!\w))?)"
        ), "day_month", 40, 45),
        hijri=Rule(re.compile(
            rf"{CLITIC}(?P<x>(?:(?P<day>\d{{1,2}}|{ordinal})\s*(?:من\s+)?(?:شهر\s+)?)?(?P<shahr>شهر\s+)?"
            rf"(?P<m1>{hijri})(?!\w)(?:\s+(?:{alternation(w.month_epithets)})(?!\w))?"
            rf"(?:\s*[,،]?\s*(?:من\s+)?(?:{year_word}\s+)?(?P<year>1[34]\d{{2}})(?!\d){HIJRI_SUFFIX}?"
            rf"|\s+(?P<mrel>{rel})(?!\w))?)"
        ), "hijri", 35, 35),
        hijri_year=Rule(
            re.compile(rf"{CLITIC}(?P<x>(?:{year_word}\s+)?(?P<year>1[34]\d{{2}})(?!\d){HIJRI_SUFFIX})"), "hijri_year", 30, 20,
        ),
        year_range=Rule(re.compile(
            rf"{CLITIC}(?P<x>(?:بين\s+(?:ال)?(?:عامي|سنتي|العامين|السنتين)\s+(?P<a>[12]\d{{3}})\s*و\s*(?P<b>[12]\d{{3}})"
            rf"|(?:من|منذ)\s+(?:{year_word}\s+)?(?P<c>[12]\d{{3}})\s*(?:الي|حتي|و)\s*(?:{year_word}\s+)?(?P<d>[12]\d{{3}})"
            rf"|(?<![\d/-])(?P<e>(?:19|20)\d{{2}})\s*[-–/]\s*(?P<f>(?:19|20)\d{{2}}))(?!\d){YEAR_SUFFIX}?)"
        ), "year", 30, 30),
        year=Rule(re.compile(
            rf"{CLITIC}(?P<x>(?:(?:(?P<cue>{year_word})"
            rf"|(?P<weak>منذ|حتي|خلال|في|قبل|بعد|مطلع|بدايه|نهايه|منتصف|اواخر|اوايل))\s+)?"
            rf"(?<![\d.,/:-])(?P<year>[12]\d{{3}})(?![\d.,/:-]\d)(?P<suffix>{YEAR_SUFFIX})?)"
        ), "year", 25, 20),
        relative_unit=Rule(re.compile(
            rf"{CLITIC}(?P<x>(?:(?:ال\s*)?(?P<day>\d{{1,2}}|{ordinal})\s*(?:من\s+)?(?=الشهر))?"
            rf"(?:(?P<this>هذا|هذه)\s+)?(?P<unit>ال(?:اسبوع|شهر|عام|سنه))(?:\s+(?P<rel>{rel}))?)(?!\w)"
        ), "relative_unit", 25, 20),
        relative_day=Rule(re.compile(
            rf"{CLITIC}(?P<x>(?P<rday>{alternation(w.days)})"
            rf"(?:\s*[,،]?\s*\(?\s*(?:يوم\s+)?(?P<wd>{weekday})(?:\s*\))?)?)(?!\w)"
        ), "relative_day", 15, 30),
        weekday=Rule(re.compile(rf"{CLITIC}(?P<x>(?:يوم\s+)?(?P<wd>{weekday})(?:\s+(?P<rel>{rel}))?)(?!\w)"), "weekday", 12, 20),
        ago=Rule(re.compile(
            rf"{CLITIC}(?P<x>(?P<ago>منذ|قبل)\s+(?:(?:نحو|حوالي)\s+)?(?:(?P<n>\d+|[^\s\d]+(?:\s+و?\s*[^\s\d]+)?)\s+)?"
            rf"(?P<unit>{alternation(w.units)}))(?!\w)"
        ), "ago", 3, 45),
        time=Rule(re.compile(
            r"(?<![\d:])(?P<x>(?:(?:ال)?ساعه\s+)?\d{1,2}:\d{2}(?![\d:])(?:\s*(?:صباحا|مساء|ظهرا|عصرا|ليلا|فجرا)(?!\w))?"
            r"|(?:ال)?ساعه\s+(?:\d{1,2}(?!\d)|ال\w+)(?:\s+(?:صباحا|مساء|ظهرا|عصرا|ليلا|فجرا|بتوقيت\s+\w+))?"
            r"|(?<![\d.,])\d{1,2}\s+(?:صباحا|مساء|ظهرا|عصرا|ليلا|فجرا)(?!\w))"
        ), "time", 12, 30),
        month_name=re.compile(rf"\s+(?:{greg}|{hijri})(?!\w)"),
        part_before=re.compile(rf"{CLITIC}(?P<part>{alternation(w.parts)})\s+(?:شهر\s+)?$"),
        nowadays_after=re.compile(rf"\s+(?:{alternation(w.nowadays_after)})(?!\w)"),
        future_word=re.compile(rf"(?<!\w)(?:{alternation(w.future)})(?!\w)"),
    )

"""Where each date rule has to look, found in one pass over the folded text.

A rule's regex is costly to run over a whole article, so each rule runs only in short windows
around its anchors: its trigger words (month and weekday names, relative days, units, منذ/قبل,
clock words, هجري), written as whole words with their clitics, and the digits that can start a
year, a numeric date or a clock time. All trigger words of all rules are found by one whole-word
regex (`numbers.whole_words`: a trie, so that a word that starts no trigger is dropped at its
first letter, tried only after a character that is no letter or digit).
"""
from __future__ import annotations

import re
from functools import lru_cache

from data_prep.extract.dates_patterns import first_words, with_clitics, words
from data_prep.extract.numbers import whole_words

# The other anchors, digits: a year (1999, 1445 with هـ after it is also a Hijri year), the
# separator of a numeric date (12/5, 2023-12), the colon of a clock time (10:30). Each
# alternative starts with a literal, so the engine only stops at those characters.
_DIGIT_ANCHORS = re.compile(r"1(?=\d{3}(?!\d))|2(?=\d{3}(?!\d))|-(?=\s?\d)|/(?=\s?\d)|\.(?=\s?\d)|:(?=\d)")
_HIJRI_YEAR = re.compile(r"1[34]\d\d\s?ه(?!\w)")


# Month names take a clitic but never the article in the month patterns: الذي، الصفر، الاب are
# no anchors.
_NAMES_WITHOUT_ARTICLE = frozenset({"day_month", "hijri"})


def _trigger_words() -> dict[str, tuple[str, ...]]:
    """Anchor family -> its trigger words (folded), before clitics are added."""
    w = words()
    months = lambda calendar: [m for m, (_, c, _) in w.months.items() if c == calendar]  # noqa: E731
    return {
        "day_month": first_words(months("gregorian")),
        "hijri": first_words(months("hijri")),
        "hijri_year": ("هجري", "الهجري", "هجريه", "الهجره"),
        "relative_unit": ("الاسبوع", "الشهر", "العام", "السنه"),
        "relative_day": ("اليوم", "امس", "الامس", "البارحه", "غدا", "الغد", "غد"),
        "weekday": tuple(w.weekdays),
        "ago": ("منذ", "قبل"),
        "time": ("الساعه", "ساعه", "صباحا", "مساء", "ظهرا", "عصرا", "ليلا", "فجرا"),
    }


@lru_cache(maxsize=None)
def _forms() -> dict[str, tuple[str, ...]]:
    """Every written form of a trigger word (with its clitics) -> the families it anchors."""
    forms: dict[str, list[str]] = {}
    for family, triggers in _trigger_words().items():
        for form in with_clitics(triggers, article=family not in _NAMES_WITHOUT_ARTICLE):
            forms.setdefault(form, []).append(family)
    return {form: tuple(families) for form, families in forms.items()}


@lru_cache(maxsize=None)
def _word_anchors() -> re.Pattern:
    return whole_words(_forms())


def anchors(ftext: str) -> dict[str, list[int]]:
    """Anchor family -> the positions of its anchors in the folded text `ftext`."""
    found: dict[str, list[int]] = {}
    forms = _forms()
    for m in _word_anchors().finditer(" " + ftext):
        at = m.start()
        for family in forms[m.group(1)]:
            found.setdefault(family, []).append(at)
    for m in _DIGIT_ANCHORS.finditer(ftext):
        at, char = m.start(), m.group()
        if char in "12":
            found.setdefault("year", []).append(at)
            if _HIJRI_YEAR.match(ftext, at):
                found.setdefault("hijri_year", []).append(at)
        elif char != ":":
            found.setdefault("numeric", []).append(at)
        elif at and ftext[at - 1].isdigit():
            found.setdefault("time", []).append(at - 1)
    return found


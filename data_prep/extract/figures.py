"""Figures: numbers that count something, with what they count, how sure the text is, and who.

Numbers come from the shared reader (data_prep.extract.numbers). A number is a figure when the
text says what it counts: a noun after it (19 ألف قتيل، 7 أيام، 5 ملايين دولار, or any other noun:
a plain count), a percent sign, a cue before it (بمقتل نحو 1200 إسرائيلي، أسر نحو 250 آخرين), or
a toll noun earlier in the same clause tied to it by a linking word (ارتفع عدد الشهداء إلى 20،
قتلى بلغ عددهم 12). Not figures: numbers inside dates and times (the date rows), bare years, list
markers (1. / 3-), phone numbers and codes, numbers that name a page, an article or a resolution,
numbers glued to a name (كوفيد-19), a lone "one" (عام واحد is an adjective), and ordinals (the
reader never reads them as counts).
"""
from __future__ import annotations

import bisect
import itertools
import re

from data_prep.extract.figures_lexicon import PERSON_CATEGORIES, Noun, lexicon
from data_prep.extract.numbers import Number, is_number_word, read_numbers
from data_prep.normalize import Folded, folded_once

_TO_LAST_CLAUSE_END = re.compile(r".*[.!?؟؛:\n]", re.DOTALL)
_LIST_MARKER = re.compile(r"(?:^|\n)[ \t]*\(?$")
_LIST_MARKER_AFTER = re.compile(r"\s*[-.)–]\s")
_PERCENT = re.compile(r"\s*[%٪]")
_WORD = re.compile(r"[ \t]*(\w+)")
_ARABIC_WORD = re.compile(r"[\u0621-\u064a]+")
_DEFINITE_WORD_BEFORE = re.compile(r"(?<!\w)ال(\w+)\s+$")
# After digits, what makes them no count: more digits (920 000 890, 2-1: codes or scores), the
# year letter (1450م), a Latin letter (1440X1560, 5G: codes and sizes).
_NOT_A_COUNT_AFTER = re.compile(r"[ -]\d|\s?م(?!\w)|[a-zA-Z]")
# Read leftwards from the number on the reversed text: digits a space or a dash before it (2-1,
# 920 000: codes and scores), or a letter glued to it, maybe by a dash (كوفيد-19, F-16: part of a
# name), unless that letter is a clitic standing alone (و5). A number opening a line is glued to nothing.
_GLUED_LEFTWARDS = re.compile(r"[ -]\d|-[^\W\d_]|[^\W\d_وفبلك]|[وفبلك](?=\w)")
# A word carrying a conjunction, a preposition or the article, or a verb in the imperfect.
_NOT_A_COUNTED_NOUN = re.compile(r"(?:[وف]\w{3}|(?:[وفبلك]?ال|لل)|ل[يتن]|ي\w\w\w)")


def _key(text: str) -> str:
    return " ".join(text.split())


class _Article:
    """The text of one article, its folded copy and the spans already taken by dates."""

    def __init__(self, text: str, dates: list[dict]):
        self.text = text
        self.lex = lexicon()
        self.fold: Folded = folded_once(text)
        self.f = self.fold.text
        self.leftwards = self.f[::-1]  # the folded text reversed, read leftwards from a number
        # Nothing after a number can be a percent sign or a qualifier whose words are absent.
        self.has_percent = "%" in self.f or "٪" in self.f
        self.has_qualifier_after = any(all(w in self.f for w in q.split()) for q in self.lex.qualifiers_after)
        self.dates = _Spans((d["start"], d["end"]) for d in dates)
        # A folded offset lies at most `slack` characters (those the fold dropped) before its
        # verbatim one, so a folded span that does not overlap any date widened by the slack
        # overlaps no date: most numbers are ruled out without mapping their span back. The
        # widened dates are marked on a byte per folded offset (date rows are never empty).
        slack = len(text) - len(self.f)
        self.near_dates = near = bytearray(len(self.f) + 1)
        for s, e in self.dates.spans:
            s, e = max(0, s - slack), min(e, len(near))
            near[s:e] = b"\x01" * (e - s)

    def original(self, start: int, end: int) -> tuple[int, int]:
        return self.fold.to_original(start, end)

    def in_date(self, start: int, end: int) -> bool:
        return self.near_dates.find(1, start, end) != -1 and self.dates.overlaps(*self.original(start, end))


class _Spans:
    """Spans (verbatim offsets) to test others against, in log time however many there are."""

    def __init__(self, spans):
        self.spans = sorted(spans)
        spans = self.spans
        self.starts = [s for s, _ in spans]
        self.reach = list(itertools.accumulate((e for _, e in spans), max))  # furthest end so far

    def overlaps(self, start: int, end: int) -> bool:
        i = bisect.bisect_left(self.starts, end)
        return i > 0 and self.reach[i - 1] > start


def _ending_at(a: _Article, leftwards: re.Pattern, forwards: re.Pattern, at: int, reach: int, group: str):
    """(text, start) of `group` in the match of a pattern that ends at `at` and starts at most `reach`
    characters earlier (the leftmost such match), or None: one anchored match leftwards on the
    reversed text; the forward twin decides a match that fills the whole window."""
    length = len(a.f)
    window_start = max(0, at - reach)
    m = leftwards.match(a.leftwards, length - at, length - window_start)
    if m is None:
        return None
    if window_start and m.end() == length - window_start:
        m = forwards.search(a.f, window_start, at)
        return (m.group(group), m.start(group)) if m else None
    return m.group(group)[::-1], length - m.end(group)


def _skip(a: _Article, n: Number) -> bool:
    """Numbers that name, date or mark rather than count."""
    f = a.f
    raw = f[n.start:n.end]
    before = f[max(0, n.start - 30):n.start]
    length = len(f)
    if n.value == 1 and n.words:
        return True  # واحد after a noun is an adjective (عام واحد)
    if raw.isdigit():
        if _LIST_MARKER_AFTER.match(f, n.end) and _LIST_MARKER.search(before):
            return True
        if (raw.startswith("0") and len(raw) > 1) or len(raw) >= 8 or before.endswith("+"):
            return True  # phone numbers, codes
        if _NOT_A_COUNT_AFTER.match(f, n.end) or _GLUED_LEFTWARDS.match(a.leftwards, length - n.start):
            return True  # codes, scores, years, sizes; كوفيد-19, F-16: part of a name
    else:
        definite = _DEFINITE_WORD_BEFORE.search(before)
        if definite and is_number_word(definite.group(1)):
            return True  # الخمس عشرة: the rest of a definite number
    # The pattern ends at the number and starts inside `before`.
    return a.lex.not_before_leftwards.match(a.leftwards, length - n.start, length - n.start + len(before)) is not None


def _noun_after(a: _Article, n: Number, end: int) -> tuple[Noun | None, int]:
    lex = a.lex
    m = lex.noun_after.match(a.f, end)
    if not m or a.in_date(m.start("noun"), m.end()):
        return None, end
    if m.group("al") and not (n.vague or m.group("of")):
        return None, end  # 24 الإماراتي: a definite word after a number is a name or an adjective
    noun = m.group("noun")
    return lex.nouns.get(noun) or lex.nouns[_key(noun)], m.end()


def _qualifier_before(a: _Article, start: int) -> tuple[str | None, int]:
    """نحو 20، أكثر من 20: the qualifier and where the figure then starts."""
    lex = a.lex
    found = _ending_at(a, lex.qualifier_before_leftwards, lex.qualifier_before, start, 25, "q")
    if found:
        return lex.qualifiers[_key(found[0])][0], found[1]
    return None, start


def _qualifier_after(a: _Article, end: int) -> tuple[str | None, int]:
    """20 على الأقل، 20 فقط: the qualifier and where the figure then ends."""
    lex = a.lex
    m = lex.qualifier_after.match(a.f, end) if a.has_qualifier_after else None
    if m:
        return lex.qualifiers[_key(m.group("q"))][0], m.end()
    return None, end


def _toll_before(a: _Article, start: int, floor: int) -> str | None:
    """A toll noun earlier in the clause, tied to the number by a linking word:
    ارتفع عدد الشهداء إلى 20، قتلى بلغ عددهم 12."""
    f, lex = a.f, a.lex
    window_start = max(floor, start - 80)
    last_end = _TO_LAST_CLAUSE_END.match(f, window_start, start)
    clause_start = last_end.end() if last_end else window_start
    found = list(lex.category_noun.finditer(f, clause_start, start))
    if not found:
        return None
    noun = found[-1]
    around = f[max(clause_start, noun.start() - 15):start]
    if not lex.links.search(around):
        return None
    return lex.nouns[_key(noun.group("noun"))].category


def _other_noun(a: _Article, end: int) -> tuple[str | None, int]:
    """Any other noun right after the number: what a plain count counts (50 منزلا، 3 مناطق).
    Not a particle, not a word carrying a conjunction, a preposition or the article
    (وربما، بالسعودية، المشاركة), not a verb in the imperfect (يتنافسون)."""
    m = _WORD.match(a.f, end)
    if not m or a.in_date(*m.span(1)):
        return None, end
    word = m.group(1)
    if (
        len(word) < 3 or not _ARABIC_WORD.fullmatch(word) or word in a.lex.not_after
        or _NOT_A_COUNTED_NOUN.match(word)
    ):
        return None, end
    return word, m.end()


def _figure(a: _Article, n: Number, floor: int) -> dict | None:
    lex, f = a.lex, a.f
    qualifier, start = _qualifier_before(a, n.start)
    end = n.end
    if qualifier is None:
        qualifier, end = _qualifier_after(a, end)
    noun, noun_end = _noun_after(a, n, n.end)
    category, unit, who = None, None, None
    percent = _PERCENT.match(f, n.end) if a.has_percent else None
    if percent:
        category, unit, noun_end = "percent", "%", percent.end()
    elif noun and noun.category:
        category, unit = noun.category, noun.unit
        who_after, who_end = _noun_after(a, n, noun_end)
        if who_after and who_after.who:
            who, noun_end = who_after.who, who_end
    elif noun:
        who = noun.who
    else:
        if n.value == int(n.value) and 1900 <= n.value <= 2100 and not n.words:
            return None  # a bare year (كأس العالم 2018، يورو 2016)
        other, other_end = _other_noun(a, n.end)
        if other:
            s, e = a.original(other_end - len(other), other_end)
            who, noun_end = a.text[s:e], other_end
    # A cue only decides what counted people (or nothing yet said) went through.
    person = category is None or category in PERSON_CATEGORIES
    cue = _ending_at(a, lex.cue_before_leftwards, lex.cue_before, start, 45, "cue") if person else None
    if cue:
        # الإفراج عن 39 أسيرة: the event before the number says what happened to those counted.
        category = lex.cues[_key(cue[0])]
    elif category is None and (noun is not None or who is None):
        category = _toll_before(a, start, floor)  # not when the number counts another noun (4 خلايا)
    if category is None and who is None and not (noun and noun.other):
        return None  # nothing says what the number counts
    end = max(end, noun_end)
    if qualifier is None and end > n.end:  # after the noun: 20 قتيلا على الأقل (right after the number: looked at)
        qualifier, end = _qualifier_after(a, end)
    s, e = a.original(start, end)
    return {
        "start": s, "end": e, "text": a.text[s:e], "value": float(n.value), "unit": unit,
        "category": category or "count", "qualifier": qualifier or ("approx" if n.vague else "exact"),
        "who": who, "vague": n.vague, "folded_end": end,
    }


def _dual_matches(a: _Article):
    """The matches of `lex.duals` over " " + the folded text, as its `finditer` gives them, tried
    only where they can start: a match is one character, at most two clitic letters, then a dual,
    so it starts 0 to 2 characters before an occurrence of a dual (found by `str.find`, far
    cheaper than the regex's pass over the whole text)."""
    f, lex = a.f, a.lex
    starts: set[int] = set()
    for dual in lex.dual_nouns:
        at = f.find(dual)
        while at != -1:
            starts.update(range(max(0, at - 2), at + 1))
            at = f.find(dual, at + 1)
    padded, resume = " " + f, 0
    for start in sorted(starts):
        if start >= resume and (m := lex.duals.match(padded, start)):
            resume = m.end()
            yield m


def _dual_figures(a: _Article, taken: _Spans) -> list[dict]:
    """A dual noun is a figure of two on its own: هدنة لمدة يومين، مقتل جنديين."""
    rows = []
    lex = a.lex
    for m in _dual_matches(a):
        form = m.group(1)
        dual = lex.dual_of[form]
        s, e = a.original(m.start() + len(form) - len(dual), m.start() + len(form))
        if taken.overlaps(s, e):
            continue
        noun = lex.nouns[dual]
        rows.append({
            "start": s, "end": e, "text": a.text[s:e], "value": noun.count, "unit": noun.unit,
            "category": noun.category, "qualifier": "exact", "who": None, "vague": False,
        })
    return rows


def extract_figures(text: str, dates: list[dict]) -> list[dict]:
    """Figure rows (start, end, text, value, unit, category, qualifier, who, vague) of `text`;
    `dates` are the date rows of the same text, whose numbers are not figures."""
    a = _Article(text, dates)
    rows = []
    floor = 0  # a clause never reaches back past the previous figure
    for n in read_numbers(a.f):
        if a.in_date(n.start, n.end) or _skip(a, n):
            continue
        row = _figure(a, n, floor)
        if row:
            floor = row.pop("folded_end")
            rows.append(row)
    taken = _Spans(a.dates.spans + [(r["start"], r["end"]) for r in rows])
    rows += _dual_figures(a, taken)
    return sorted(rows, key=lambda r: r["start"])

"""Figures: numbers that count something, with what they count, how sure the text is, and who.

Numbers come from the shared reader (data_prep.extract.numbers). A number is a figure when the
text says what it counts: a noun after it (19 ألف قتيل، 7 أيام، 5 ملايين دولار), a cue before it
(بمقتل نحو 1200 إسرائيلي، أسر نحو 250 آخرين), a category noun earlier in the same clause
(ارتفع عدد الشهداء إلى 20، قتلى بلغ عددهم 12), a percent sign, or another noun after it (a plain
count). Not figures: numbers inside dates and times (the date rows), bare years, list markers
(1. / 3-), phone numbers, numbers that name a page, an article or a resolution, numbers glued to a
name (كوفيد-19), and ordinals (the reader never reads them as counts).
"""
from __future__ import annotations

import re

from data_prep.extract.figures_lexicon import Noun, lexicon
from data_prep.extract.numbers import Number, read_numbers
from data_prep.normalize import folded

_CLAUSE_END = re.compile(r"[.!?؟؛:\n]")
_LIST_MARKER = re.compile(r"(?:^|\n)[ \t]*\(?$")
_LIST_MARKER_AFTER = re.compile(r"\s*[-.)–]\s")
_PERCENT = re.compile(r"\s*[%٪]")
_WORD = re.compile(r"\s*(?:ال)?(\w+)")


def _skip(ftext: str, n: Number) -> bool:
    """Numbers that name or mark rather than count."""
    raw = ftext[n.start:n.end]
    before = ftext[max(0, n.start - 30):n.start]
    if raw.isdigit():
        if _LIST_MARKER.search(before) and _LIST_MARKER_AFTER.match(ftext, n.end):
            return True
        if (raw.startswith("0") and len(raw) > 1) or len(raw) >= 8 or before.endswith("+"):
            return True  # phone numbers, codes
        if re.search(r"\d[ -]$", before) or re.match(r"[ -]\d", ftext[n.end:n.end + 2]):
            return True  # 920 000 890, 2-1: digits in a row are codes or scores
        if re.search(r"[^\W\d_]-?$", before) and not re.search(r"(?<!\w)[وفبلك]$", before):
            return True  # كوفيد-19, F-16: part of a name
    return lexicon().not_before.search(before) is not None


def _noun_after(ftext: str, end: int) -> tuple[Noun | None, int]:
    m = lexicon().noun_after.match(ftext, end)
    if not m:
        return None, end
    return lexicon().nouns[" ".join(m.group("noun").split())], m.end()


def _qualifier(ftext: str, start: int, end: int) -> tuple[str | None, int, int]:
    lex = lexicon()
    m = lex.qualifier_before.search(ftext, max(0, start - 25), start)
    if m:
        return lex.qualifiers[" ".join(m.group("q").split())][0], m.start("q"), end
    m = lex.qualifier_after.match(ftext, end)
    if m:
        return lex.qualifiers[" ".join(m.group("q").split())][0], start, m.end()
    return None, start, end


def _clause_start(ftext: str, position: int, floor: int) -> int:
    window_start = max(floor, position - 120)
    ends = list(_CLAUSE_END.finditer(ftext, window_start, position))
    return ends[-1].end() if ends else window_start


def _category_before(ftext: str, start: int, floor: int) -> str | None:
    """A category noun earlier in the clause: عدد الشهداء إلى 20، قتلى بلغ عددهم 12."""
    found = list(lexicon().category_noun.finditer(ftext, _clause_start(ftext, start, floor), start))
    return lexicon().nouns[" ".join(found[-1].group("noun").split())].category if found else None


def _fallback_noun(ftext: str, end: int) -> tuple[str | None, int]:
    """Any other noun after the number makes it a plain count (50 منزلا، 3 مناطق)."""
    m = _WORD.match(ftext, end)
    if not m or m.group(1).isdigit() or m.group(1) in lexicon().not_after or m.group(0).startswith("\n"):
        return None, end
    return m.group(1), m.end()


def _figure(ftext: str, fold, text: str, n: Number, floor: int) -> dict | None:
    lex = lexicon()
    qualifier, start, end = _qualifier(ftext, n.start, n.end)
    noun, noun_end = _noun_after(ftext, n.end)
    category, unit, who = None, None, None
    if _PERCENT.match(ftext, n.end):
        category, unit, noun_end = "percent", "%", _PERCENT.match(ftext, n.end).end()
    elif noun and noun.category:
        category, unit = noun.category, noun.unit
        who_after, who_end = _noun_after(ftext, noun_end)
        if who_after and who_after.who:
            who, noun_end = who_after.who, who_end
    elif noun:
        who = noun.who
    if category is None:
        cue = lex.cue_before.search(ftext, max(0, start - 30), start)
        category = lex.cues[" ".join(cue.group("cue").split())] if cue else _category_before(ftext, start, floor)
    if category is None and noun is None:
        if n.value == int(n.value) and 1900 <= n.value <= 2100 and not n.words:
            return None  # a bare year
        who, noun_end = _fallback_noun(ftext, n.end)
        if who is None:
            return None
        category, who = "count", text[slice(*fold.to_original(noun_end - len(who), noun_end))]
    category = category or "count"
    end = max(end, noun_end)
    if qualifier is None:
        qualifier, _, q_end = _qualifier(ftext, start, end)
        end = max(end, q_end)
    s, e = fold.to_original(start, end)
    return {
        "start": s, "end": e, "text": text[s:e], "value": float(n.value), "unit": unit,
        "category": category, "qualifier": qualifier or ("approx" if n.vague else "exact"),
        "who": who, "vague": n.vague, "folded_end": end,
    }


def _dual_figures(ftext: str, fold, text: str, taken: list[tuple[int, int]]) -> list[dict]:
    """A dual noun is a figure of two on its own: هدنة لمدة يومين، مقتل جنديين."""
    rows = []
    for m in lexicon().duals.finditer(ftext):
        s, e = fold.to_original(*m.span("noun"))
        if any(s < te and ts < e for ts, te in taken):
            continue
        noun = lexicon().nouns[m.group("noun")]
        rows.append({
            "start": s, "end": e, "text": text[s:e], "value": noun.count, "unit": noun.unit,
            "category": noun.category, "qualifier": "exact", "who": None, "vague": False,
        })
    return rows


def extract_figures(text: str, dates: list[dict]) -> list[dict]:
    """Figure rows (start, end, text, value, unit, category, qualifier, who, vague) of `text`;
    `dates` are the date rows of the same text, whose numbers are not figures."""
    fold = folded(text)
    ftext = fold.text
    taken = [(d["start"], d["end"]) for d in dates]
    rows = []
    floor = 0  # a clause never reaches back past the previous figure
    for n in read_numbers(ftext):
        s, e = fold.to_original(n.start, n.end)
        if any(s < te and ts < e for ts, te in taken) or _skip(ftext, n):
            continue
        row = _figure(ftext, fold, text, n, floor)
        if row:
            floor = row.pop("folded_end")
            rows.append(row)
    rows += _dual_figures(ftext, fold, text, taken + [(r["start"], r["end"]) for r in rows])
    return sorted(rows, key=lambda r: r["start"])

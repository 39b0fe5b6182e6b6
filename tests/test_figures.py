"""Figures: hand-written news sentences (tests/cases/figures.tsv) in, figure rows out."""
from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from data_prep.extract.dates import extract_dates
from data_prep.extract.figures import extract_figures

CASES = Path(__file__).parent / "cases" / "figures.tsv"


def _cases():
    with open(CASES, encoding="utf-8") as handle:
        lines = [line for line in handle if not line.startswith("#")]
    rows = list(csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE))
    for row in rows:
        row["sentence"] = row["sentence"].replace("\\n", "\n")
    return rows


def _figures(text):
    return extract_figures(text, extract_dates(text, dt.date(2023, 12, 20)))


@pytest.mark.parametrize("case", _cases(), ids=lambda c: f"{c['style']}:{c['expected']}")
def test_case(case):
    sentence, expected = case["sentence"], case["expected"]
    start = sentence.index(expected)
    end = start + len(expected)
    rows = _figures(sentence)
    found = [r for r in rows if r["start"] < end and start < r["end"]]
    if case["value"] == "NONE":
        assert not found, f"no figure expected, found {[(r['text'], r['value']) for r in found]}"
        return
    assert len(found) == 1, f"expected one figure at {expected!r}; found {[(r['text'], r['value']) for r in rows]}"
    row = found[0]
    assert row["value"] == pytest.approx(float(case["value"]))
    assert (row["category"], row["qualifier"]) == (case["category"], case["qualifier"])
    assert row["unit"] == (case["unit"] or None)
    assert row["vague"] == (case["vague"] == "1")
    if case["who"]:
        assert row["who"] == case["who"]


def test_enough_cases():
    cases = _cases()
    assert sum(c["value"] != "NONE" for c in cases) >= 100
    assert {c["category"] for c in cases} >= {
        "killed", "injured", "captive", "detained", "released", "displaced", "missing", "aid", "munitions",
        "duration", "money", "percent", "count",
    }


def test_rows_point_into_the_verbatim_text():
    text = "وأسفر القصف عن استشهاد ٢٥ فلسطينيًّا، فضلًا عن أكثر من 52 ألف مصاب."
    rows = _figures(text)
    assert [(r["value"], r["category"]) for r in rows] == [(25.0, "killed"), (52000.0, "injured")]
    for r in rows:
        assert text[r["start"]:r["end"]] == r["text"]


def test_dates_given_are_never_figures():
    text = "وفي 7 أكتوبر قتل 12 شخصا."
    dates = extract_dates(text, dt.date(2023, 12, 20))
    assert [r["value"] for r in extract_figures(text, dates)] == [12.0]
    assert [r["value"] for r in extract_figures(text, [])] == [7.0, 12.0]  # without them the day is read


PIECES = [
    "قتيل", "مصاب", "أيام", "دولار", "نحو", "أكثر من", "ألف", "آلاف", "مليون", "و", "ثلاثة", "عشر", "عشرات",
    "12", "٣٫٥", "1,200", "2023", "%", "في المائة", "بمقتل", "عدد", "الشهداء", "إلى", "-", ".", "\n", " ", "،",
    "كوفيد", "0501234567", "ً",
]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=40))
def test_any_mix_of_figure_words_gives_verbatim_spans_and_numbers(pieces):
    text = "".join(pieces)
    for row in _figures(text):
        assert text[row["start"]:row["end"]] == row["text"] != ""
        assert isinstance(row["value"], float) and row["value"] == row["value"]


DUAL_PIECES = ["يومين", "قتيلين", "شهرين", "عامين", "و", "ب", "ل", "ال", "فب", "ين", " ", "  ", "\n", ".", "_", "x", "2", "ً"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(DUAL_PIECES), max_size=14).map("".join))
def test_duals_are_found_where_the_whole_word_regex_finds_them(text):
    """Duals are looked for only around the places where a dual occurs (str.find): the same matches
    as the whole-word regex run over the whole text, clitics, the article and glued letters included."""
    from data_prep.extract.figures import _Article, _dual_matches

    article = _Article(text, [])
    expected = [(m.start(), m.group(1)) for m in article.lex.duals.finditer(" " + article.f)]
    assert [(m.start(), m.group(1)) for m in _dual_matches(article)] == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("وأصيب و5 جرحى في الهجوم.", ["5 جرحى"]),  # a clitic standing alone before the number
        ("وصل 12 شخصا إلى المدينة.", ["12 شخصا"]),
        ("وصل الوفد\n12 شخصا إلى المدينة.", ["12 شخصا"]),  # a line ending in a letter before it
        ("حلقت طائرات إف-16 فوق المدينة.", []),  # a letter glued by a dash: part of a name
        ("حلقت طائرات F16 فوق المدينة.", []),  # a letter glued to it
        ("وفاز الفريق بنتيجة 2-1 على ضيفه.", []),  # digits a dash before it: a score
        ("اتصلوا على 920 000 890 للاستفسار.", []),  # digits a space before it: a phone number
    ],
)
def test_what_is_glued_before_a_number_decides_whether_it_counts(text, expected):
    assert [r["text"] for r in _figures(text)] == expected

"""Dates: hand-written news sentences (tests/cases/dates.tsv) in, resolved date rows out."""
from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from data_prep.extract.dates import extract_dates

CASES = Path(__file__).parent / "cases" / "dates.tsv"


def _cases():
    with open(CASES, encoding="utf-8") as handle:
        lines = [line for line in handle if not line.startswith("#")]
    return list(csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE))


def _overlapping(rows, sentence, expected):
    start = sentence.index(expected)
    end = start + len(expected)
    return [r for r in rows if r["start"] < end and start < r["end"]]


@pytest.mark.parametrize("case", _cases(), ids=lambda c: f"{c['style']}:{c['expected']}")
def test_case(case):
    published = dt.date.fromisoformat(case["published"]) if case["published"] else None
    rows = extract_dates(case["sentence"], published)
    found = _overlapping(rows, case["sentence"], case["expected"])
    if case["value"] == "NONE":
        assert not found, f"no date expected, found {[(r['text'], r['value']) for r in found]}"
        return
    assert found, f"missed {case['expected']!r}; found {[(r['text'], r['value']) for r in rows]}"
    wanted = None if case["value"] == "null" else case["value"]
    assert [r["value"] for r in found] == [wanted]
    assert found[0]["kind"] == case["kind"]


def test_enough_cases_of_every_kind():
    cases = _cases()
    styles = {c["style"] for c in cases}
    assert sum(c["value"] not in ("NONE",) for c in cases) >= 150
    assert {"aljazeera", "asharq", "anadolu", "maghreb", "levant", "saudi"} <= styles
    assert any("هـ" in c["expected"] for c in cases)
    assert any(any("٠" <= ch <= "٩" for ch in c["expected"]) for c in cases)


def test_rows_point_into_the_verbatim_text():
    text = "وقالت الوزارة أمس (الثلاثاء)، إن الهدنة التي بدأت في 24 تشرين الثاني/نوفمبر انتهت في ١/١٢/٢٠٢٣."
    rows = extract_dates(text, dt.date(2023, 12, 20))
    assert [r["value"] for r in rows] == ["2023-12-19", "2023-11-24", "2023-12-01"]
    for r in rows:
        assert text[r["start"]:r["end"]] == r["text"]
        assert set(r) >= {"start", "end", "text", "value", "kind", "value_end", "calendar"}


def test_ranges_keep_both_ends():
    (row,) = extract_dates("وشهدت البلاد حربا بين عامي 2014 و2017.", None)
    assert (row["kind"], row["value"], row["value_end"]) == ("range", "2014", "2017")
    (row,) = extract_dates("وتقام الفعاليات من 1 إلى 7 ديسمبر.", dt.date(2023, 12, 20))
    assert (row["value"], row["value_end"]) == ("2023-12-01", "2023-12-07")


def test_hijri_dates_keep_their_calendar_and_text():
    (row,) = extract_dates("وتقام الاحتفالية في 15 رمضان 1445 هـ.", None)
    assert (row["calendar"], row["value"], row["text"]) == ("hijri", "2024-03-25", "15 رمضان 1445 هـ")


def test_month_names_resolve_against_the_publication_year():
    text = "وكانت الهدنة في أكتوبر الماضي، والقمة في يناير المقبل."
    assert [r["value"] for r in extract_dates(text, dt.date(2023, 12, 20))] == ["2023-10", "2024-01"]
    assert [r["value"] for r in extract_dates(text, dt.date(2023, 9, 1))] == ["2022-10", "2024-01"]


def test_unknown_publication_keeps_relative_expressions_unresolved():
    rows = extract_dates("وقال المتحدث أمس إن القصف بدأ الأحد الماضي.", None)
    assert [(r["text"], r["value"]) for r in rows] == [("أمس", None), ("الأحد الماضي", None)]


@pytest.mark.parametrize("before", ["", "قال المتحدث. "])
def test_a_future_word_before_a_weekday_reads_the_coming_one_at_the_start_of_a_text_too(before):
    """The future word is looked for back to the sentence's start, which is the text's start when no
    sentence comes before (it was lost there: the weekday read as the past one)."""
    text = before + "سوف يعقد مجلس الأمن جلسة طارئة يوم الخميس لبحث الأزمة."
    rows = extract_dates(text, dt.date(2023, 12, 20))  # a Wednesday
    assert [(r["text"], r["value"]) for r in rows] == [("يوم الخميس", "2023-12-21")]


def test_a_duration_is_not_a_date():
    assert extract_dates("واستمرت الهدنة 7 أيام.", dt.date(2023, 12, 20)) == []


PIECES = [
    "أمس", "اليوم", "الأحد", "الماضي", "المقبل", "ديسمبر", "كانون الأول", "رمضان", "هـ", "عام", "منذ",
    "قبل", "أيام", "من", "إلى", "بين", "عامي", "و", "/", "-", ".", "(", ")", "،", " ", "\n", "الأول", "السابع",
    "2023", "٢٠", "12", "1445", "۷", "ً", "ـ",
]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=40), st.sampled_from([None, dt.date(2023, 12, 20), dt.date(1, 1, 1)]))
def test_any_mix_of_date_words_gives_verbatim_spans_and_iso_values(pieces, published):
    text = "".join(pieces)
    for row in extract_dates(text, published):
        assert text[row["start"]:row["end"]] == row["text"] != ""
        assert row["value"] is None or len(row["value"]) in (4, 7, 10)

"""The shared number reader: digits in both digit sets, separators, words, mixed and vague forms."""
from __future__ import annotations

import re

import pytest

from data_prep.extract.numbers import ordinal_pattern, ordinal_value, parse_number, read_numbers
from data_prep.normalize import fold


@pytest.mark.parametrize(
    "text, value",
    [
        ("1200", 1200), ("١٢٠٠", 1200), ("۱۲۰۰", 1200), ("12,500", 12500), ("١٢٬٥٠٠", 12500),
        ("3.5", 3.5), ("٣٫٥", 3.5), ("3,5 مليار", 3.5e9), ("1.234.611", 1_234_611),
        ("واحد", 1), ("ثلاثة", 3), ("ثلاث", 3), ("عشرة", 10), ("أحد عشر", 11), ("إحدى عشرة", 11),
        ("خمسة عشر", 15), ("ثلاثة وعشرون", 23), ("ثلاث وعشرين", 23), ("تسعون", 90),
        ("مئة", 100), ("مائة", 100), ("مئتان", 200), ("مئتي ألف", 200_000), ("ثلاثمئة", 300),
        ("ثلاث مئة", 300), ("خمسمائة", 500), ("ثلاثمئة وخمسون", 350),
        ("ألف", 1000), ("ألفان", 2000), ("ألفين", 2000), ("ثلاثة آلاف", 3000), ("19 ألف", 19_000),
        ("20 ألفا", 20_000), ("٥٢ ألف", 52_000), ("3.5 مليون", 3.5e6), ("مليونين", 2e6),
        ("ألفان و500", 2500), ("ألفين وخمسمئة", 2500), ("مليون و200 ألف", 1.2e6),
        ("20 ألفا و57", 20_057), ("نصف مليون", 5e5), ("ثلاثة ملايين", 3e6), ("مليار", 1e9),
    ],
)
def test_reads_one_number(text, value):
    assert parse_number(text) == pytest.approx(value)


@pytest.mark.parametrize(
    "text, value",
    [("عشرات", 10), ("مئات", 100), ("آلاف", 1000), ("ملايين", 1e6), ("عشرات الآلاف", 1e4), ("مئات الآلاف", 1e5)],
)
def test_vague_plurals_are_marked_vague_at_their_order_of_magnitude(text, value):
    (number,) = read_numbers(fold(text))
    assert number.vague and number.value == value


def test_a_plural_multiplier_after_a_number_is_exact():
    (number,) = read_numbers(fold("ثلاثة آلاف"))
    assert not number.vague and number.value == 3000


def test_numbers_in_a_sentence_keep_their_own_spans():
    text = fold("قتل 5 وأصيب 3 بين عامي 2014 و2017")
    found = [(text[n.start:n.end], n.value) for n in read_numbers(text)]
    assert found == [("5", 5), ("3", 3), ("2014", 2014), ("2017", 2017)]


@pytest.mark.parametrize("text", ["لست أدري", "كميات كبيرة", "القوى الثلاث", "الثلاثاء", "سبعينيات", "أحد المسؤولين"])
def test_words_that_only_look_like_numbers_are_not_read(text):
    assert read_numbers(fold(text)) == []


@pytest.mark.parametrize(
    "text, value",
    [("الأول", 1), ("الأولى", 1), ("السابع", 7), ("العاشرة", 10), ("الحادي عشر", 11), ("الحادية عشرة", 11),
     ("الثاني عشر", 12), ("العشرين", 20), ("الحادي والعشرين", 21), ("الثالث والثلاثين", 33)],
)
def test_ordinals_are_read_apart(text, value):
    match = re.fullmatch(ordinal_pattern(), fold(text))
    assert match and ordinal_value(match.group()) == value
    assert not any(n.value == value for n in read_numbers(fold(text)))

"""Property tests: any Unicode string, any bytes - frames with offsets in range, no exception."""
from __future__ import annotations

import datetime as dt

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import data_prep
from data_prep.ingest import InputFile, read_input
from data_prep.frames import SPAN_FRAMES
from data_prep.normalize import folded
from data_prep.segment import segment_page
from data_prep.sentences import sentence_spans

ARABIC_WORDS = ["غزة", "حماس", "إسرائيل", "قتيل", "أكثر من", "نحو", "ألف", "أمس", "الثلاثاء", "أكتوبر",
                "الماضي", "كانون الأول", "1445هـ", "رمضان", "١٢", "٣٫٥", "19.5", "20-12-2023", "قال", "الرئيس",
                "المصدر:", "اقرأ أيضا", "مقالات مشابهة", "•", "القاهرة -", "«", "»", '"', "(", ")", "،", ".", "؟"]
CONTROL = ["\u200f", "\u200e", "\u202b", "\u202e", "\u2066", "\u2069", "\ufeff", "\u0640", "\u064b", "\u0651", "\x00",
           "\r", "\t", "\u2028", "\n", "\n\n"]
pieces = st.one_of(st.sampled_from(ARABIC_WORDS), st.sampled_from(CONTROL), st.text(max_size=12),
                   st.integers(min_value=0, max_value=10**7).map(str))
news_like = st.lists(pieces, max_size=60).map(" ".join)
any_text = st.one_of(st.text(), news_like, st.builds(lambda s, n: s * n, news_like, st.integers(1, 40)))
published = st.one_of(st.none(), st.dates(min_value=dt.date(1950, 1, 1), max_value=dt.date(2100, 12, 31)))
SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def assert_spans_point_into(text: str, frames: dict) -> None:
    for name in SPAN_FRAMES:
        for row in frames[name].to_dict("records"):
            start, end = int(row["start"]), int(row["end"])
            assert 0 <= start <= end <= len(text), (name, row)
            if name in ("sentences", "mentions", "dates", "figures"):
                assert row["text"] == text[start:end], (name, row)


@SETTINGS
@given(any_text, published)
def test_analyze_text_offsets_are_in_range_and_verbatim(text, when):
    frames = data_prep.analyze_text(text, published=when)
    assert_spans_point_into(text, frames)


@SETTINGS
@given(any_text)
def test_segmentation_slices_the_page_verbatim(page):
    for article in segment_page(page):
        assert page[article.start:article.start + len(article.text)] == article.text
        assert article.text == article.text.strip() and article.text


@SETTINGS
@given(any_text)
def test_sentences_are_trimmed_slices_in_order(text):
    previous_end = 0
    for start, end in sentence_spans(text):
        assert previous_end <= start < end <= len(text)
        assert text[start:end] == text[start:end].strip()
        previous_end = end


@SETTINGS
@given(any_text, st.data())
def test_folded_spans_map_back_into_the_original(text, data):
    copy = folded(text)
    if not copy.text:
        return
    start = data.draw(st.integers(0, len(copy.text) - 1))
    end = data.draw(st.integers(start + 1, len(copy.text)))
    s, e = copy.to_original(start, end)
    assert 0 <= s < e <= len(text)


@SETTINGS
@given(st.binary(max_size=3000), st.sampled_from(["txt", "html", "json", "jsonl", "csv", None]))
def test_any_bytes_in_any_format_give_entries_not_exceptions(data, fmt):
    item = InputFile(origin=f"x.{fmt}", fmt=fmt, size=len(data), path="unused")
    for entry in read_input(item, data):
        assert "reason" in entry or entry["text"].strip()

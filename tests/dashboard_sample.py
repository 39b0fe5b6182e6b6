"""A small written-for-the-tests corpus with every frame filled, for the dashboard tests.

The three articles are short news-style texts composed for these tests. Extracted rows are located
in the text by searching their surface form, so every start/end is a real offset and
`text[start:end]` is the row's text. Written with the corpus store, so `data_prep.load` reads it.
"""
from __future__ import annotations

import bisect
import datetime as dt
import json
import re
from pathlib import Path

import pyarrow.parquet as pq

from data_prep.frames import make_frame
from data_prep.sentences import sentence_spans
from data_prep.store import frame_file, to_table

ARTICLES = [
    {
        "article_id": "a-cairo", "published": dt.date(2023, 12, 20), "source": "وكالة الأناضول",
        "title": "هنية يصل إلى القاهرة لبحث التهدئة",
        "text": ("القاهرة - وصل رئيس المكتب السياسي لحركة حماس إسماعيل هنية إلى القاهرة لإجراء مباحثات "
                 "مع المسؤولين المصريين.\n\nوقالت وزارة الصحة في غزة إن أكثر من 19 ألف فلسطيني قتلوا "
                 "منذ السابع من أكتوبر.\n\nوأعلنت إسرائيل استعدادها لهدنة إنسانية جديدة."),
        "related": ["قطر: المفاوضات مستمرة", "=HYPERLINK(\"http://x\") عنوان"],
    },
    {
        "article_id": "a-doha", "published": dt.date(2023, 11, 24), "source": "الجزيرة",
        "title": "بدء الهدنة الإنسانية في غزة",
        "text": ("الدوحة - أعلنت قطر بدء هدنة إنسانية في قطاع غزة لمدة أربعة أيام.\n\nوأفرجت حماس عن 13 "
                 "محتجزا إسرائيليا مقابل إطلاق سراح 39 أسيرا فلسطينيا.\n\nودخلت نحو 200 شاحنة مساعدات إلى القطاع."),
        "related": [],
    },
    {
        "article_id": "a-gaza", "published": dt.date(2023, 10, 8), "source": "وكالة الأناضول",
        "title": "طوفان الأقصى: صواريخ وغارات",
        "text": ("غزة - أطلقت حركة حماس آلاف الصواريخ على إسرائيل في عملية طوفان الأقصى.\n\nوقال الجيش "
                 "الإسرائيلي إن أكثر من 700 إسرائيلي قتلوا.\n\nوردت إسرائيل بغارات على قطاع غزة أسفرت عن "
                 "مقتل نحو 400 فلسطيني."),
        "related": ["غارات مكثفة على شمال القطاع"],
    },
]

ENTITIES = [
    {"entity_id": "hamas", "name": "حماس", "name_en": "Hamas", "type": "ORG", "aliases": ["حركة حماس"]},
    {"entity_id": "haniyeh", "name": "إسماعيل هنية", "name_en": "Ismail Haniyeh", "type": "PER", "aliases": []},
    {"entity_id": "cairo", "name": "القاهرة", "name_en": "Cairo", "type": "LOC", "aliases": [], "lat": 30.04, "lon": 31.24},
    {"entity_id": "doha", "name": "الدوحة", "name_en": "Doha", "type": "LOC", "aliases": [], "lat": 25.29, "lon": 51.53},
    {"entity_id": "gaza", "name": "غزة", "name_en": "Gaza", "type": "LOC", "aliases": ["قطاع غزة"], "lat": 31.5, "lon": 34.47},
    {"entity_id": "israel", "name": "إسرائيل", "name_en": "Israel", "type": "LOC", "aliases": [], "lat": 31.0, "lon": 35.0},
    {"entity_id": "qatar", "name": "قطر", "name_en": "Qatar", "type": "LOC", "aliases": [], "lat": 25.3, "lon": 51.2},
    {"entity_id": "moh", "name": "وزارة الصحة", "name_en": "Ministry of Health", "type": "ORG", "aliases": []},
]
# (article, surface, entity_id) — every occurrence of the surface is a mention
MENTIONS = [
    ("a-cairo", "حماس", "hamas"), ("a-cairo", "إسماعيل هنية", "haniyeh"), ("a-cairo", "القاهرة", "cairo"),
    ("a-cairo", "وزارة الصحة", "moh"), ("a-cairo", "غزة", "gaza"), ("a-cairo", "إسرائيل", "israel"),
    ("a-doha", "الدوحة", "doha"), ("a-doha", "قطر", "qatar"), ("a-doha", "غزة", "gaza"), ("a-doha", "حماس", "hamas"),
    ("a-gaza", "غزة", "gaza"), ("a-gaza", "حماس", "hamas"), ("a-gaza", "إسرائيل", "israel"),
]
DATES = [("a-cairo", "السابع من أكتوبر", "2023-10-07")]
FIGURES = [  # article, surface, value, category, qualifier, unit
    ("a-cairo", "أكثر من 19 ألف", 19000, "killed", "more_than", None),
    ("a-doha", "أربعة أيام", 4, "duration", "exact", "day"),
    ("a-doha", "13", 13, "released", "exact", None),
    ("a-doha", "39", 39, "released", "exact", None),
    ("a-doha", "نحو 200", 200, "aid", "approx", None),
    ("a-gaza", "أكثر من 700", 700, "killed", "more_than", None),
    ("a-gaza", "نحو 400", 400, "killed", "approx", None),
]
EVENTS = [  # article, trigger, type, date, actors
    ("a-cairo", "وصل", "meeting", "2023-12-20", ["haniyeh"]),
    ("a-doha", "هدنة", "agreement", "2023-11-24", ["qatar"]),
    ("a-doha", "وأفرجت", "release", "2023-11-24", ["hamas"]),
    ("a-gaza", "أطلقت", "attack", "2023-10-07", ["hamas"]),
    ("a-gaza", "بغارات", "attack", "2023-10-08", ["israel"]),
]


def _texts() -> dict[str, str]:
    return {a["article_id"]: a["text"] for a in ARTICLES}


def _sentence_id(text: str, start: int) -> int:
    starts = [s for s, _ in sentence_spans(text)]
    return max(bisect.bisect_right(starts, start) - 1, 0)


def _occurrences(text: str, surface: str) -> list[int]:
    """Starts of `surface` as a whole word (an optional one-letter prefix و/ب/ل is allowed)."""
    pattern = rf"(?:(?<=\W)|(?<=^)|(?<=\W[وبل])|(?<=^[وبل])){re.escape(surface)}(?!\w)"
    return [m.start() for m in re.finditer(pattern, text)]


def _span(article_id: str, surface: str, first_only: bool = True) -> list[dict]:
    text = _texts()[article_id]
    starts = _occurrences(text, surface)
    assert starts, f"{surface!r} not in {article_id}"
    return [{"article_id": article_id, "start": s, "end": s + len(surface), "text": surface,
             "sentence_id": _sentence_id(text, s)} for s in (starts[:1] if first_only else starts)]


def rows() -> dict[str, list[dict]]:
    articles = [{**{k: v for k, v in a.items() if k != "related"}, "origin": "tests/sample.txt", "tags": []}
                for a in ARTICLES]
    related = [{"article_id": a["article_id"], "position": i, "text": t}
               for a in ARTICLES for i, t in enumerate(a["related"])]
    sentences = [{"article_id": a["article_id"], "sentence_id": i, "start": s, "end": e, "text": a["text"][s:e]}
                 for a in ARTICLES for i, (s, e) in enumerate(sentence_spans(a["text"]))]
    types = {e["entity_id"]: e["type"] for e in ENTITIES}
    mentions = [{**span, "type": types[eid], "entity_id": eid, "method": "gazetteer"}
                for aid, surface, eid in MENTIONS for span in _span(aid, surface, first_only=False)]
    dates = [{**_span(aid, s)[0], "value": v, "kind": "date", "calendar": "gregorian"} for aid, s, v in DATES]
    figures = [{**_span(aid, s)[0], "figure_id": f"{aid}:F{i}", "value": float(v), "category": c,
                "qualifier": q, "unit": u, "vague": False} for i, (aid, s, v, c, q, u) in enumerate(FIGURES)]
    events = [{**_span(aid, t)[0], "event_id": f"{aid}:E{i}", "type": ty, "trigger": t, "date": d,
               "date_source": "text", "actors": actors, "targets": [], "figures": []}
              for i, (aid, t, ty, d, actors) in enumerate(EVENTS)]
    quote = _span("a-gaza", "أكثر من 700 إسرائيلي قتلوا")[0]
    quotes = [{**quote, "quote_id": "a-gaza:Q0", "speaker": None, "date": "2023-10-08"}]
    return {"articles": articles, "related": related, "sentences": sentences, "mentions": mentions,
            "dates": dates, "figures": figures, "events": events, "quotes": quotes, "errors": []}


def entities_frame(mentions: list[dict]):
    frame = make_frame("entities", ENTITIES)
    counts = make_frame("mentions", mentions).groupby("entity_id").agg(
        mentions=("article_id", "size"), articles=("article_id", "nunique"))
    frame["mentions"] = frame["entity_id"].map(counts["mentions"]).fillna(0).astype(int)
    frame["articles"] = frame["entity_id"].map(counts["articles"]).fillna(0).astype(int)
    return frame


def write_sample_corpus(out: Path) -> Path:
    """Write the sample corpus to `out` in the corpus layout (<frame>.parquet + manifest.json)."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    frames = sample_frames()
    for name, frame in frames.items():
        pq.write_table(to_table(name, frame), frame_file(out, name))
    counts = {name: len(frame) for name, frame in frames.items()}
    (out / "manifest.json").write_text(json.dumps({"version": "tests-sample", "inputs": [], "counts": counts}))
    return out


def sample_frames() -> dict:
    """The sample corpus as frames, without going through disk."""
    data = rows()
    frames = {name: make_frame(name, found) for name, found in data.items()}
    frames["entities"] = entities_frame(data["mentions"])
    return frames


if __name__ == "__main__":  # write one for a manual look: python tests/dashboard_sample.py OUT
    import sys
    print(json.dumps(str(write_sample_corpus(Path(sys.argv[1])))))

"""Analysis of one article's text: every extractor run once, rows tied to their sentences.

Extractors are pure functions of the text (and of the publication date, for dates); this module
only orders them, passes each the rows it depends on, and attaches a `sentence_id` to every row
from its start offset.
"""
from __future__ import annotations

import bisect
import datetime as dt

import pandas as pd

from data_prep.extract.dates import extract_dates
from data_prep.extract.entities import entity_table, extract_mentions
from data_prep.extract.events import extract_events
from data_prep.extract.figures import extract_figures
from data_prep.frames import SPAN_FRAMES, make_frame
from data_prep.sentences import sentence_spans


def parse_published(published: object) -> dt.date | None:
    """A publication date from an ISO string, a date or datetime, or None / NaT (unknown)."""
    if published is None or published is pd.NaT:
        return None
    if isinstance(published, dt.datetime):
        return published.date()
    if isinstance(published, dt.date):
        return published
    if isinstance(published, str):
        text = published.strip()
        if not text:
            return None
        try:
            return dt.date.fromisoformat(text[:10])
        except ValueError:
            raise ValueError(f"published must be an ISO date such as 2023-12-20, not {published!r}") from None
    if isinstance(published, float) and published != published:  # NaN from a frame
        return None
    raise TypeError(f"published must be a str, a date or None, not {type(published).__name__}")


def analyze_rows(text: str, published: dt.date | None) -> dict[str, list[dict]]:
    """The rows of every analysis frame for one text, each with its `sentence_id`."""
    spans = sentence_spans(text)
    sentences = [
        {"sentence_id": i, "start": s, "end": e, "text": text[s:e]} for i, (s, e) in enumerate(spans)
    ]
    dates = extract_dates(text, published)
    figures = extract_figures(text, dates)
    for i, row in enumerate(figures):
        row["figure_id"] = f"F{i}"  # local to the text; the build prefixes the article id
    mentions = extract_mentions(text)
    events, quotes = extract_events(text, sentences, mentions, dates, figures, published)
    for i, row in enumerate(events):
        row["event_id"] = f"E{i}"
    for i, row in enumerate(quotes):
        row["quote_id"] = f"Q{i}"
    rows = {
        "sentences": sentences, "mentions": mentions, "dates": dates, "figures": figures,
        "events": events, "quotes": quotes,
    }
    starts = [s for s, _ in spans]
    for name in ("mentions", "dates", "figures", "events", "quotes"):
        for row in rows[name]:
            row["sentence_id"] = max(bisect.bisect_right(starts, row["start"]) - 1, 0) if starts else None
    return rows


def analyze_text(text: str, published: object = None) -> dict[str, pd.DataFrame]:
    """The frames of DESIGN.md for one text, without `article_id` (there is no article)."""
    if not isinstance(text, str):
        raise TypeError(f"text must be a str, not {type(text).__name__}")
    rows = analyze_rows(text, parse_published(published))
    frames = {name: make_frame(name, rows[name], with_article=False) for name in SPAN_FRAMES}
    frames["entities"] = entity_table(frames["mentions"])
    return frames

"""The tidy frames: their names, their columns, and how rows become frames.

Every producer of rows (extractors, segmentation, the build) goes through `make_frame`, so a
frame always has its full set of columns in a fixed order, also when it has no rows. The column
lists extend DESIGN.md's minimum; never remove or rename a column other code relies on.
"""
from __future__ import annotations

import hashlib
from typing import Iterable, Mapping

import pandas as pd

# Columns of each frame, in order. "article_id" is first wherever an article is the owner.
COLUMNS: dict[str, list[str]] = {
    "articles": [
        "article_id", "title", "published", "source", "dateline", "tags", "text", "origin",
        "url", "author", "published_from",
    ],
    "related": ["article_id", "position", "text"],
    "sentences": ["article_id", "sentence_id", "start", "end", "text"],
    "mentions": ["article_id", "sentence_id", "start", "end", "text", "type", "entity_id", "method"],
    "entities": [
        "entity_id", "name", "name_en", "type", "aliases", "mentions", "articles", "lat", "lon",
        "country",
    ],
    "dates": [
        "article_id", "sentence_id", "start", "end", "text", "value", "kind", "value_end",
        "calendar",
    ],
    "figures": [
        "figure_id", "article_id", "sentence_id", "start", "end", "text", "value", "unit",
        "category", "qualifier", "who", "vague",
    ],
    "events": [
        "event_id", "article_id", "sentence_id", "start", "end", "type", "trigger", "date",
        "date_source", "actors", "targets", "location", "figures",
    ],
    "quotes": ["quote_id", "article_id", "sentence_id", "start", "end", "speaker", "date", "text"],
    "errors": ["origin", "reason"],
}

_SPAN = {"sentence_id": "int", "start": "int", "end": "int"}
# Column types other than "str" (the default), per frame: the Parquet schema derives from these.
TYPES: dict[str, dict[str, str]] = {
    "articles": {"published": "date", "tags": "list"},
    "related": {"position": "int"},
    "sentences": _SPAN,
    "mentions": _SPAN,
    "entities": {"aliases": "list", "mentions": "int", "articles": "int", "lat": "float", "lon": "float"},
    "dates": _SPAN,
    "figures": {**_SPAN, "value": "float", "vague": "bool"},
    "events": {**_SPAN, "actors": "list", "targets": "list", "figures": "list"},
    "quotes": _SPAN,
    "errors": {},
}

# Frames that analysis produces per article, each row pointing into its text with start/end offsets.
SPAN_FRAMES = ("sentences", "mentions", "dates", "figures", "events", "quotes")


def make_frame(name: str, rows: Iterable[Mapping] = (), *, with_article: bool = True) -> pd.DataFrame:
    """A frame with exactly the columns of `name` (missing keys become null, extra keys dropped)."""
    columns = COLUMNS[name] if with_article else [c for c in COLUMNS[name] if c != "article_id"]
    rows = list(rows)
    if not rows:
        return pd.DataFrame({c: pd.Series(dtype="object") for c in columns})
    return pd.DataFrame.from_records([{c: row.get(c) for c in columns} for row in rows], columns=columns)


def content_id(*parts: object, length: int = 16) -> str:
    """A stable id derived from content only (never from order, time or path)."""
    digest = hashlib.blake2b(digest_size=16)
    for part in parts:
        digest.update(str(part if part is not None else "").encode("utf-8"))
        digest.update(b"\x1f")
    return digest.hexdigest()[:length]

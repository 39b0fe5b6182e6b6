"""The filters shared by every page: their URL form, and the filtered view of the corpus.

Article-level filters (entities, source, text, publication date) choose the articles; every frame
that belongs to an article keeps the rows of the chosen articles. Events are the exception for the
date range: an event is kept when its own date (else its article's) falls in the range, so a
timeline selection keeps exactly the events it shows. Event type narrows events only, figure
category figures only. Everything is vectorised: a filter change is a handful of numpy operations.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, fields
from typing import Mapping, Sequence

import numpy as np
import pandas as pd

from data_prep.frames import COLUMNS

from dashboard.logic.corpus import Prepared
from dashboard.logic.texts import DEFERRED
from dashboard.logic.search import variant_pattern

# URL parameter of each filter field.
PARAMS = {
    "entities": "entity", "date_from": "from", "date_to": "to", "event_types": "event",
    "figure_categories": "category", "sources": "source", "text": "q",
}


@dataclass(frozen=True)
class Filters:
    entities: tuple[str, ...] = ()  # entity_id; an article must mention all of them
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    event_types: tuple[str, ...] = ()
    figure_categories: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    text: str = ""

    def to_params(self) -> dict[str, list[str]]:
        """Query parameters for the URL (only the filters that are set)."""
        params = {}
        for f in fields(self):
            value = getattr(self, f.name)
            if isinstance(value, tuple):
                values = list(value)
            elif isinstance(value, dt.date):
                values = [value.isoformat()]
            else:
                values = [value.strip()] if value and value.strip() else []
            if values:
                params[PARAMS[f.name]] = values
        return params

    @classmethod
    def from_params(cls, params: Mapping[str, Sequence[str] | str]) -> "Filters":
        """Filters from query parameters; unreadable values are ignored rather than fatal."""
        def values(name: str) -> tuple[str, ...]:
            raw = params.get(PARAMS[name], ())
            raw = [raw] if isinstance(raw, str) else raw
            return tuple(dict.fromkeys(v for v in raw if v))

        text = values("text")
        return cls(
            entities=values("entities"), date_from=_date(values("date_from")),
            date_to=_date(values("date_to")), event_types=values("event_types"),
            figure_categories=values("figure_categories"), sources=values("sources"),
            text=text[0].strip() if text else "",
        )

    def key(self) -> str:
        """A stable string for cache keys."""
        return repr(sorted(self.to_params().items()))

    @property
    def active(self) -> bool:
        return bool(self.to_params())


def _date(values: tuple[str, ...]) -> dt.date | None:
    try:
        return dt.date.fromisoformat(values[0]) if values else None
    except ValueError:
        return None


def _in_range(days: np.ndarray, start: dt.date | None, end: dt.date | None) -> np.ndarray:
    keep = np.ones(len(days), dtype=bool)
    if start is not None:
        keep &= days >= np.datetime64(start, "D")
    if end is not None:
        keep &= days <= np.datetime64(end, "D")
    return keep  # NaT compares False: undated rows drop out once a bound is set


@dataclass
class View:
    """The corpus seen through filters. Frames are cut on first use and kept."""

    prepared: Prepared
    filters: Filters
    article_mask: np.ndarray  # per article, all article-level filters
    undated_mask: np.ndarray  # per article, all article-level filters but the date range
    _cache: dict = field(default_factory=dict)

    def row_mask(self, name: str) -> np.ndarray:
        p, f = self.prepared, self.filters
        if name == "articles":
            return self.article_mask
        if name == "entities":
            return self.entity_counts()[1] > 0
        if name == "errors":
            return np.ones(len(p.frames["errors"]), dtype=bool)
        codes = p.codes[name]
        if name == "events":
            keep = _lookup(self.undated_mask, codes) & _in_range(p.event_day, f.date_from, f.date_to)
            if f.event_types:
                keep &= p.frames["events"]["type"].isin(f.event_types).to_numpy()
            return keep
        keep = _lookup(self.article_mask, codes)
        if name == "figures" and f.figure_categories:
            keep &= p.frames["figures"]["category"].isin(f.figure_categories).to_numpy()
        return keep

    def entity_counts(self) -> tuple[np.ndarray, np.ndarray]:
        """(mentions, articles) of every entity within the filtered articles, by entity position."""
        if "_entity_counts" not in self._cache:
            p = self.prepared
            size = len(p.frames["entities"])
            pairs = p.entity_articles
            in_view = self.article_mask[pairs["code"].to_numpy()]
            articles = np.bincount(pairs["entity"].to_numpy()[in_view], minlength=size)
            mentions = np.bincount(p.mention_entity[self.row_mask("mentions") & (p.mention_entity >= 0)],
                                   minlength=size)
            self._cache["_entity_counts"] = (mentions, articles)
        return self._cache["_entity_counts"]

    def count(self, name: str) -> int:
        return int(self.row_mask(name).sum())

    def __getitem__(self, name: str) -> pd.DataFrame:
        if name not in self._cache:
            mask = self.row_mask(name)
            frame = self.prepared.frames[name][mask]
            if name == "entities":
                mentions, articles = self.entity_counts()
                frame = frame.assign(mentions_in_view=mentions[mask], articles_in_view=articles[mask])
            self._cache[name] = frame
        return self._cache[name]

    def full(self, name: str) -> pd.DataFrame:
        """The filtered frame with its deferred columns read back (export: every column, every row)."""
        frame = self[name]
        if name not in DEFERRED:
            return frame
        deferred = self.prepared.texts.deferred(name, self.row_mask(name))
        return frame.assign(**{c: deferred[c].to_numpy() for c in deferred.columns}).reindex(columns=COLUMNS[name])

    def frames(self) -> dict[str, pd.DataFrame]:
        """Every filtered frame in full (export)."""
        return {name: self.full(name) for name in self.prepared.frames}


def _lookup(mask: np.ndarray, codes: np.ndarray) -> np.ndarray:
    """mask[codes], with rows whose article is unknown (code -1) dropped."""
    if len(codes) == 0:
        return np.zeros(0, dtype=bool)
    return mask[codes] & (codes >= 0)


def apply_filters(prepared: Prepared, filters: Filters) -> View:
    articles = prepared.articles
    keep = np.ones(len(articles), dtype=bool)
    if filters.sources:
        keep &= articles["source"].isin(filters.sources).to_numpy()
    if filters.text.strip():
        keep &= articles["article_id"].isin(prepared.texts.search(variant_pattern(filters.text))).to_numpy()
    if filters.entities:
        pairs = prepared.entity_articles
        chosen = pairs[pairs["entity_id"].isin(filters.entities)]  # few rows: the chosen entities
        hits = np.bincount(chosen["code"].to_numpy(dtype=np.int64), minlength=len(articles))
        keep &= hits >= len(set(filters.entities))
    dated = keep & _in_range(prepared.published, filters.date_from, filters.date_to)
    return View(prepared, filters, dated, keep)


def entity_options(prepared: Prepared, limit: int = 2000, keep: Sequence[str] = ()) -> pd.DataFrame:
    """Entities for the picker, most widespread first, labelled in Arabic and English with counts.

    Aliases are part of the label so typing any spelling finds the merged entity.
    """
    entities = prepared.frames["entities"]
    counts = prepared.entity_articles["entity_id"].value_counts()
    table = entities[["entity_id", "name", "name_en", "type", "aliases"]].copy()
    table["count"] = table["entity_id"].map(counts).fillna(0).astype(int)
    table = table.sort_values(["count", "name"], ascending=[False, True])
    table = pd.concat([table.head(limit), table[table["entity_id"].isin(keep)]]).drop_duplicates("entity_id")
    table["label"] = _labels(table)
    return table.reset_index(drop=True)


def _labels(table: pd.DataFrame) -> pd.Series:
    def spellings(row) -> str:
        others = [a for a in (row.aliases if row.aliases is not None else ()) if a and a != row.name][:3]
        return " / ".join([str(row.name)] + others)

    names = [spellings(row) for row in table.itertuples()]  # bounded by `limit`, not by corpus size
    english = table["name_en"].fillna("").astype(str)
    english = np.where(english != "", " · " + english, "")
    return pd.Series(names, index=table.index) + english + " (" + table["count"].astype(str) + ")"

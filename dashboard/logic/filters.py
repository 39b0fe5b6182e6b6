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
from typing import Iterator, Mapping, Sequence

import numpy as np
import pandas as pd
import pyarrow as pa

from data_prep.frames import COLUMNS
from data_prep.store import schema as corpus_schema

from dashboard.logic.corpus import Prepared, positions
from dashboard.logic.texts import DEFERRED
from dashboard.logic.search import variant_pattern

# URL parameter of each filter field.
PARAMS = {
    "entities": "entity", "date_from": "from", "date_to": "to", "event_types": "event",
    "figure_categories": "category", "sources": "source", "text": "q",
}
CHUNK_ROWS = 32_768  # frame rows per export chunk: bounds the memory an export takes
MAX_SEARCH_CHARS = 500  # a longer query is no search an analyst types; it would only cost a long scan


class FilterError(ValueError):
    """A filter parameter that cannot be read (its message is shown as it is)."""


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
    def from_params(cls, params: Mapping[str, Sequence[str] | str], strict: bool = False) -> "Filters":
        """Filters from query parameters.

        The app's URL is lenient: unreadable values are ignored rather than fatal. `strict` (the
        export route) raises `FilterError` instead, naming the first problem, and refuses parameters
        that are not filters.
        """
        problems = [f"unknown parameter {key!r} (filters: {', '.join(PARAMS.values())})"
                    for key in params if key not in PARAMS.values()] if strict else []

        def values(name: str) -> tuple[str, ...]:
            raw = params.get(PARAMS[name], ())
            raw = [raw] if isinstance(raw, str) else raw
            return tuple(dict.fromkeys(v for v in raw if v))

        def single(name: str) -> str | None:
            found = values(name)
            if len(found) > 1:
                problems.append(f"{PARAMS[name]!r} is given {len(found)} times; give it once")
            return found[0] if found else None

        def day(name: str) -> dt.date | None:
            value = single(name)
            try:
                return dt.date.fromisoformat(value) if value else None
            except ValueError:
                problems.append(f"{PARAMS[name]!r} is not a date like 2023-10-07: {value!r}")
                return None

        text = (single("text") or "").strip()
        if len(text) > MAX_SEARCH_CHARS:
            problems.append(f"{PARAMS['text']!r} is longer than {MAX_SEARCH_CHARS} characters")
        filters = cls(
            entities=values("entities"), date_from=day("date_from"), date_to=day("date_to"),
            event_types=values("event_types"), figure_categories=values("figure_categories"),
            sources=values("sources"), text=text[:MAX_SEARCH_CHARS],
        )
        if strict and problems:
            raise FilterError(problems[0])
        return filters

    def key(self) -> str:
        """A stable string for cache keys."""
        return repr(sorted(self.to_params().items()))

    @property
    def active(self) -> bool:
        return bool(self.to_params())


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
                keep &= p.values_in("events", "type", f.event_types)
            return keep
        keep = _lookup(self.article_mask, codes)
        if name == "figures" and f.figure_categories:
            keep &= p.values_in("figures", "category", f.figure_categories)
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

    def in_view_columns(self, name: str) -> dict[str, np.ndarray]:
        """Columns the view adds to frame `name`, by frame row: the entities' counts within the view."""
        if name != "entities":
            return {}
        mentions, articles = self.entity_counts()
        return {"mentions_in_view": mentions, "articles_in_view": articles}

    def __getitem__(self, name: str) -> pd.DataFrame:
        """The whole filtered frame (small frames, the reader); pages over big frames use `columns`."""
        if name not in self._cache:
            self._cache[name] = self.columns(name, self.prepared.frames.names(name))
        return self._cache[name]

    def columns(self, name: str, columns: Sequence[str]) -> pd.DataFrame:
        """Some columns of the filtered frame `name`, cut from the corpus without copying the other columns
        (and without any copy when the filters keep every row)."""
        mask = self.row_mask(name)
        everything = bool(mask.all())
        frame = self.prepared.frames.columns(name, columns, rows=None if everything else mask)
        extra = {column: values if everything else values[mask] for column, values in self.in_view_columns(name).items()}
        return frame.assign(**extra) if extra else frame

    def article_rows(self, name: str, article_id: str) -> pd.DataFrame:
        """The rows in view of frame `name` that belong to one article (the reader), found by article code:
        no filtered copy of the whole frame."""
        p = self.prepared
        found = np.flatnonzero(p.articles["article_id"].to_numpy(dtype=object) == article_id)
        rows = np.flatnonzero(p.codes[name] == found[0]) if len(found) else np.zeros(0, dtype=np.int64)
        return p.frames.columns(name, p.frames.names(name), rows=rows[self.row_mask(name)[rows]])

    def chunks(self, name: str, rows: int = CHUNK_ROWS) -> Iterator[pa.Table]:
        """The filtered frame with every column (export), as Arrow tables of at most `rows` frame rows.

        Columns have the corpus's own types (`export_schema`). The deferred ones are read back
        from the Parquet file a batch at a time (`Texts.deferred_chunks`) and stay in Arrow, so
        memory does not grow with the frame. There is always at least one table, empty when no
        row is kept, so writers know the columns.
        """
        keep = self.row_mask(name)
        frame = self.prepared.frames[name]
        extra = self.in_view_columns(name)
        schema = export_schema(name, extra)
        deferred_columns = DEFERRED.get(name, ())
        in_memory = pa.schema([f for f in schema if f.name in COLUMNS[name] and f.name not in deferred_columns])
        if deferred_columns:
            windows = self.prepared.texts.deferred_chunks(name, keep, rows)
        else:
            windows = ((start, min(start + rows, len(keep)), None) for start in range(0, len(keep), rows))
        empty = True
        for start, stop, deferred in windows:
            local = keep[start:stop]
            if not local.any():
                continue
            part = frame.iloc[start:stop][local].reindex(columns=in_memory.names)
            table = pa.Table.from_pandas(part, schema=in_memory, preserve_index=False)
            for column, values in extra.items():
                table = table.append_column(schema.field(column), pa.array(values[start:stop][local]))
            for column in deferred_columns:
                table = table.append_column(schema.field(column), deferred.column(column).cast(schema.field(column).type))
            empty = False
            yield table.select(schema.names)
        if empty:
            yield schema.empty_table()


def export_schema(name: str, extra: Mapping[str, np.ndarray]) -> pa.Schema:
    """The columns of an export of frame `name`: the corpus's schema, then the view's counts (integers)."""
    return pa.schema(list(corpus_schema(name)) + [pa.field(column, pa.int64()) for column in extra])


def check_entities(prepared: Prepared, filters: Filters) -> None:
    """`FilterError` when a chosen entity is not in the corpus (the export route must not widen the view)."""
    unknown = set(filters.entities) - set(prepared.frames["entities"]["entity_id"])
    if unknown:
        raise FilterError(f"the corpus has no entity {sorted(unknown)[0]!r}")


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
        wanted = positions(pd.Series(list(set(filters.entities)), dtype=object), prepared.frames["entities"]["entity_id"])
        chosen = pairs["code"].to_numpy()[np.isin(pairs["entity"].to_numpy(), wanted)]  # the chosen entities' articles
        hits = np.bincount(chosen, minlength=len(articles))
        keep &= hits >= len(set(filters.entities))
    dated = keep & _in_range(prepared.published, filters.date_from, filters.date_to)
    return View(prepared, filters, dated, keep)


def entity_options(prepared: Prepared, limit: int = 2000, keep: Sequence[str] = ()) -> pd.DataFrame:
    """Entities for the picker, most widespread first, labelled in Arabic and English with counts.

    Aliases are part of the label so typing any spelling finds the merged entity.
    """
    entities = prepared.frames["entities"]
    counts = np.bincount(prepared.entity_articles["entity"].to_numpy(), minlength=len(entities))
    table = entities[["entity_id", "name", "name_en", "type", "aliases"]].copy()
    table["count"] = counts[:len(entities)].astype(int)
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

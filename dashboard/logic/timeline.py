"""Events on a time axis, and the date range a chart selection stands for."""
from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from dashboard.logic.figures import figure_days, over_time
from dashboard.logic.joins import sentences_of, with_context
from dashboard.logic.texts import Texts


# Above this many events a chart of single points is neither readable nor quick: count per day.
MAX_POINTS = 3000


# Columns of the events the pages show (read from the corpus only for the rows shown).
EVENT_COLUMNS = ["event_id", "article_id", "sentence_id", "start", "end", "type", "trigger", "date"]


def timeline_data(view) -> dict:
    """The Timeline page: its events (with counts per day on a large view) and figures over time.

    The rows shown are chosen from the event days first; only their columns and sentences are read.
    """
    p, keep = view.prepared, view.row_mask("events")
    chosen = latest_positions(p.event_day, keep, MAX_POINTS)
    shown = np.ones(len(chosen), dtype=bool)
    return {
        "events": events_timeline(p.frames.columns("events", EVENT_COLUMNS, rows=chosen), p.event_day[chosen], shown,
                                  sentences_of(p, chosen, "events"), p.articles, p.texts),
        "per_day": (events_per_day(None, p.event_day, keep, types=p.frames.factorized("events", "type"))
                    if keep.sum() > MAX_POINTS else None),
        "figures": over_time(view.columns("figures", ["category", "value", "vague"]), figure_days(view)),
    }


def events_timeline(events: pd.DataFrame, event_day: np.ndarray, keep: np.ndarray, sentences: pd.DataFrame,
                    articles: pd.DataFrame, texts: Texts, limit: int = MAX_POINTS) -> pd.DataFrame:
    """The latest `limit` kept dated events, oldest first, with what the hover shows: sentence, title."""
    columns = ["day", "type", "trigger", "sentence", "title", "article_id", "event_id", "sentence_id"]
    frame = latest(events, event_day, keep, limit)
    if frame.empty:
        return pd.DataFrame(columns=columns)
    frame = with_context(frame, sentences, articles, texts)
    return frame[columns].sort_values("day").reset_index(drop=True)


def latest_positions(event_day: np.ndarray, keep: np.ndarray, limit: int) -> np.ndarray:
    """Positions of the `limit` latest kept, dated events, latest first (ties: the first rows)."""
    kept = np.flatnonzero(keep & ~np.isnat(event_day))
    if len(kept) > limit:  # cut to the latest days in linear time before the sort
        days = event_day[kept].astype("int64")
        threshold = np.partition(days, len(days) - limit)[len(days) - limit]
        kept = kept[days >= threshold]
    order = np.lexsort((kept, -event_day[kept].astype("int64")))
    return kept[order][:limit]


def latest(events: pd.DataFrame, event_day: np.ndarray, keep: np.ndarray, limit: int) -> pd.DataFrame:
    """The `limit` latest kept, dated events with their `day`, picked before any row is copied."""
    chosen = latest_positions(event_day, keep, limit)
    return events.iloc[chosen].assign(day=pd.to_datetime(event_day[chosen]))


def events_per_day(events: pd.DataFrame | None, event_day: np.ndarray, keep: np.ndarray,
                   types: tuple[np.ndarray, np.ndarray] | None = None) -> pd.DataFrame:
    """Number of kept events per day and type (the timeline of a large view), by day then type.

    Counted with one `np.bincount` over (day, type) cells: a groupby over a million events is
    ten times slower. `types` (code per event, distinct types) spares reading the type strings.
    """
    codes, distinct = types if types is not None else pd.factorize(events["type"].to_numpy(), use_na_sentinel=True)
    distinct = np.asarray(distinct, dtype=object)
    order = np.argsort(distinct.astype(str), kind="stable")
    rank = np.empty(len(distinct) + 1, dtype=np.int64)
    rank[order], rank[-1] = np.arange(len(distinct)), -1
    types, names = rank[codes[keep]], distinct[order]
    days = event_day[keep]
    known = ~np.isnat(days) & (types >= 0)
    if not known.any():
        return pd.DataFrame({"day": pd.Series(dtype="datetime64[ns]"), "type": pd.Series(dtype=object),
                             "events": pd.Series(dtype="int64")})
    day_numbers = days[known].astype("int64")
    first = day_numbers.min()
    counts = np.bincount((day_numbers - first) * len(names) + types[known])
    cells = np.flatnonzero(counts)
    return pd.DataFrame({"day": pd.to_datetime((cells // len(names) + first).astype("datetime64[D]")),
                         "type": np.asarray(names, dtype=object)[cells % len(names)], "events": counts[cells]})


def selected_range(selection: dict) -> tuple[dt.date, dt.date] | None:
    """The date range of a plotly selection: a box's x extent, or the span of the clicked points."""
    boxes = selection.get("box") or []
    if boxes and boxes[0].get("x"):
        xs = pd.to_datetime(pd.Series(boxes[0]["x"]), errors="coerce").dropna()
        if len(xs):
            return xs.min().date(), xs.max().date()
    points = selection.get("points") or []
    xs = pd.to_datetime(pd.Series([p.get("x") for p in points]), errors="coerce").dropna()
    if len(xs):
        return xs.min().date(), xs.max().date()
    return None

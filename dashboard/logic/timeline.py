"""Events on a time axis, and the date range a chart selection stands for."""
from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from dashboard.logic.figures import figure_days, over_time
from dashboard.logic.joins import with_context
from dashboard.logic.texts import Texts


# Above this many events a chart of single points is neither readable nor quick: count per day.
MAX_POINTS = 3000


def timeline_data(view) -> dict:
    """The Timeline page: its events (with counts per day on a large view) and figures over time."""
    p, keep = view.prepared, view.row_mask("events")
    events = p.frames["events"]
    return {
        "events": events_timeline(events, p.event_day, keep, p.frames["sentences"], p.articles, p.texts),
        "per_day": events_per_day(events, p.event_day, keep) if keep.sum() > MAX_POINTS else None,
        "figures": over_time(view["figures"], figure_days(view)),
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


def latest(events: pd.DataFrame, event_day: np.ndarray, keep: np.ndarray, limit: int) -> pd.DataFrame:
    """The `limit` latest kept, dated events with their `day`, picked before any row is copied."""
    days = pd.Series(event_day)[keep].dropna()
    chosen = days.nlargest(limit).index.to_numpy()
    return events.iloc[chosen].assign(day=pd.to_datetime(event_day[chosen]))


def events_per_day(events: pd.DataFrame, event_day: np.ndarray, keep: np.ndarray) -> pd.DataFrame:
    """Number of kept events per day and type (the timeline of a large view), by day then type.

    Counted with one `np.bincount` over (day, type) cells: a groupby over a million events is
    ten times slower.
    """
    types, names = pd.factorize(events["type"].to_numpy()[keep], sort=True)
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

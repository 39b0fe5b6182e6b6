"""Events on a time axis, and the date range a chart selection stands for."""
from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from dashboard.logic.joins import with_context


def events_timeline(events: pd.DataFrame, event_day: np.ndarray, sentences: pd.DataFrame,
                    articles: pd.DataFrame) -> pd.DataFrame:
    """Dated events with what the hover shows: type, trigger, sentence, article title."""
    columns = ["day", "type", "trigger", "sentence", "title", "article_id", "event_id", "sentence_id"]
    if events.empty:
        return pd.DataFrame(columns=columns)
    frame = events.assign(day=pd.to_datetime(event_day))
    frame = with_context(frame[frame["day"].notna()], sentences, articles)
    return frame[columns].sort_values("day").reset_index(drop=True)


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

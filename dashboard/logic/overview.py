"""The overview: how much is in view, over which dates, who is named most, what happened last."""
from __future__ import annotations

import numpy as np
import pandas as pd

from dashboard.logic.figures import SUMMED, by_category
from dashboard.logic.joins import sentences_of, with_context
from dashboard.logic.texts import Texts
from dashboard.logic.timeline import EVENT_COLUMNS, latest, latest_positions

LATEST = 15  # events listed


def date_span(published: np.ndarray) -> tuple[pd.Timestamp, pd.Timestamp] | None:
    days = published[~np.isnat(published)]
    if not len(days):
        return None
    return pd.Timestamp(days.min()), pd.Timestamp(days.max())


def top_entities(entities: pd.DataFrame, per_type: int = 10) -> pd.DataFrame:
    """The most widespread entities of each type, with English names."""
    columns = ["type", "name", "name_en", "articles_in_view", "mentions_in_view", "entity_id"]
    if entities.empty:
        return pd.DataFrame(columns=columns)
    ranked = entities.sort_values(["articles_in_view", "mentions_in_view"], ascending=False)
    return ranked.groupby("type").head(per_type).sort_values(
        ["type", "articles_in_view"], ascending=[True, False])[columns].reset_index(drop=True)


def overview_data(view, words: dict[str, str]) -> dict:
    """The Overview page: date span, top entities, figures by category, latest events."""
    p = view.prepared
    keep = view.row_mask("events")
    chosen = latest_positions(p.event_day, keep, LATEST)
    return {
        "span": date_span(p.published[view.article_mask]),
        "top": top_entities(view["entities"]),
        "figures": by_category(view.columns("figures", SUMMED), words),
        "latest": latest_events(p.frames.columns("events", EVENT_COLUMNS, rows=chosen), p.event_day[chosen],
                                np.ones(len(chosen), dtype=bool), sentences_of(p, chosen, "events"), p.articles,
                                p.texts, LATEST),
    }


def latest_events(events: pd.DataFrame, event_day: np.ndarray, keep: np.ndarray, sentences: pd.DataFrame,
                  articles: pd.DataFrame, texts: Texts, limit: int = LATEST) -> pd.DataFrame:
    """The `limit` latest kept events with their sentence and article."""
    columns = ["day", "type", "trigger", "sentence", "title", "article_id"]
    frame = latest(events, event_day, keep, limit)
    if frame.empty:
        return pd.DataFrame(columns=columns)
    return with_context(frame, sentences, articles, texts)[columns].reset_index(drop=True)

"""The overview: how much is in view, over which dates, who is named most, what happened last."""
from __future__ import annotations

import numpy as np
import pandas as pd

from dashboard.logic.figures import by_category
from dashboard.logic.joins import with_context
from dashboard.logic.texts import Texts
from dashboard.logic.timeline import latest

COUNTED = ("articles", "sentences", "mentions", "entities", "dates", "figures", "events", "quotes", "related")


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
    return {
        "span": date_span(p.published[view.article_mask]),
        "top": top_entities(view["entities"]),
        "figures": by_category(view["figures"], words),
        "latest": latest_events(p.frames["events"], p.event_day, view.row_mask("events"),
                                p.frames["sentences"], p.articles, p.texts),
    }


def latest_events(events: pd.DataFrame, event_day: np.ndarray, keep: np.ndarray, sentences: pd.DataFrame,
                  articles: pd.DataFrame, texts: Texts, limit: int = 15) -> pd.DataFrame:
    """The `limit` latest kept events with their sentence and article."""
    columns = ["day", "type", "trigger", "sentence", "title", "article_id"]
    frame = latest(events, event_day, keep, limit)
    if frame.empty:
        return pd.DataFrame(columns=columns)
    return with_context(frame, sentences, articles, texts)[columns].reset_index(drop=True)

"""Joins every page needs: a row with its source sentence and its article's title and date."""
from __future__ import annotations

import pandas as pd


def with_context(rows: pd.DataFrame, sentences: pd.DataFrame, articles: pd.DataFrame) -> pd.DataFrame:
    """`rows` plus `sentence` (the text of its sentence), `title` and `published` of its article."""
    sentence_text = sentences[["article_id", "sentence_id", "text"]].rename(columns={"text": "sentence"})
    sentence_text = sentence_text.astype({"sentence_id": "float64"})
    rows = rows.astype({"sentence_id": "float64"})
    if "sentence" in rows.columns:
        rows = rows.drop(columns="sentence")
    joined = rows.merge(sentence_text, on=["article_id", "sentence_id"], how="left")
    return joined.merge(articles[["article_id", "title", "published"]], on="article_id", how="left")

"""Joins every page needs: a row with its source sentence and its article's title and date."""
from __future__ import annotations

import pandas as pd


def headlines(articles: pd.DataFrame, width: int = 90) -> pd.Series:
    """The title of each article, or the start of its text when it has none (many pages have none)."""
    title = articles["title"].astype("string").str.strip()
    opening = articles["text"].astype("string").str.strip().str.slice(0, width).str.split("\n").str[0]
    return title.where(title.notna() & (title != ""), opening + "…").fillna("")


def with_context(rows: pd.DataFrame, sentences: pd.DataFrame, articles: pd.DataFrame) -> pd.DataFrame:
    """`rows` plus `sentence` (the text of its sentence), `title` and `published` of its article.

    Callers pass few rows (a page's worth); sentences and articles are cut to those rows' articles
    before joining, so the cost does not grow with the corpus.
    """
    owners = rows["article_id"].unique()
    sentences = sentences[sentences["article_id"].isin(owners)]
    articles = articles[articles["article_id"].isin(owners)]
    sentence_text = sentences[["article_id", "sentence_id", "text"]].rename(columns={"text": "sentence"})
    sentence_text = sentence_text.astype({"sentence_id": "float64"})
    rows = rows.astype({"sentence_id": "float64"})
    if "sentence" in rows.columns:
        rows = rows.drop(columns="sentence")
    joined = rows.merge(sentence_text, on=["article_id", "sentence_id"], how="left")
    titles = articles[["article_id", "published"]].assign(title=headlines(articles))
    return joined.merge(titles, on="article_id", how="left")

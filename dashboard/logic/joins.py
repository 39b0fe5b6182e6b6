"""Joins every page needs: a row with its source sentence and its article's title and date.

Texts are not held in the frames (`texts.py`): the sentences and openings of the rows shown are
fetched here, so the cost follows the rows shown, not the corpus.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from dashboard.logic.texts import Texts

SENTENCE_BOUNDS = ["article_id", "sentence_id", "start", "end"]


def sentences_of(prepared, rows: np.ndarray, name: str) -> pd.DataFrame:
    """The sentences of rows `rows` of frame `name`, with `row`, their position in the sentences frame
    (so `with_context` reads the texts of the sentences shown, and nothing else)."""
    sentence_ids = prepared.frames.columns(name, ["sentence_id"], rows=rows)["sentence_id"]
    found = prepared.sentence_positions(prepared.codes[name][rows], sentence_ids.fillna(-1).to_numpy(dtype=np.int64))
    found = np.unique(found[found >= 0])
    return prepared.frames.columns("sentences", SENTENCE_BOUNDS, rows=found).assign(row=found)


def headlines(articles: pd.DataFrame, texts: Texts, width: int = 90) -> pd.Series:
    """The title of each article, or the start of its text when it has none (many pages have none)."""
    title = articles["title"].astype("string").str.strip()
    titled = title.notna() & (title != "")
    openings = texts.openings(articles.loc[~titled, "article_id"])
    opening = articles["article_id"].map(openings).astype("string")
    opening = opening.str.strip().str.slice(0, width).str.split("\n").str[0]
    return title.where(titled, opening + "…").fillna("")


def with_context(rows: pd.DataFrame, sentences: pd.DataFrame, articles: pd.DataFrame, texts: Texts) -> pd.DataFrame:
    """`rows` plus `sentence` (the text of its sentence), `title` and `published` of its article.

    Callers pass few rows (a page's worth); sentences and articles are cut to those rows' articles
    before joining, so the cost does not grow with the corpus. Sentences given with their `row`
    (`sentences_of`) get their text from the sentences file; otherwise it is cut from the article text.
    """
    owners = rows["article_id"].unique()
    sentences = sentences[sentences["article_id"].isin(owners)]
    articles = articles[articles["article_id"].isin(owners)]
    bounds = sentences[SENTENCE_BOUNDS + (["row"] if "row" in sentences else [])].astype({"sentence_id": "float64"})
    rows = rows.astype({"sentence_id": "float64"})
    if "sentence" in rows.columns:
        rows = rows.drop(columns="sentence")
    joined = rows.merge(bounds, on=["article_id", "sentence_id"], how="left", suffixes=("", "_sentence"))
    if "row" in joined:
        found = joined["row"].dropna()
        joined["sentence"] = pd.Series(texts.sentences(found.astype("int64").to_numpy()), index=found.index,
                                       dtype="string").reindex(joined.index)
        joined = joined.drop(columns="row")
    else:
        spans = joined[["article_id", "start_sentence", "end_sentence"]].dropna()
        spans = spans.set_axis(["article_id", "start", "end"], axis=1)
        joined["sentence"] = texts.spans(spans).reindex(joined.index)
    joined = joined.drop(columns=["start_sentence", "end_sentence"])
    titles = articles[["article_id", "published"]].assign(title=headlines(articles, texts))
    return joined.merge(titles, on="article_id", how="left")

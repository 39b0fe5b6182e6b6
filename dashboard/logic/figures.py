"""Figures as an analyst reads them: honest totals, qualifiers kept, source sentences attached."""
from __future__ import annotations

import numpy as np
import pandas as pd

from dashboard.logic.joins import with_context
from dashboard.logic.texts import Texts

# A sum of bounds stays a bound: "more than 10" + "more than 9" is "more than 19".
LOWER_BOUNDS = {"more_than", "at_least"}
UPPER_BOUNDS = {"less_than", "up_to"}


def figures_data(view, words: dict[str, str]) -> dict:
    """The Figures page: the table (sentences and titles joined on the rows shown) and the summary."""
    figures = view["figures"]
    p = view.prepared
    return {"table": figures_table(figures, figure_days(view), p.frames["sentences"], p.articles, p.texts, words),
            "summary": by_category(figures, words)}


def figure_days(view) -> np.ndarray:
    """The publication day of each figure in view (datetime64[D], NaT when unknown)."""
    p = view.prepared
    return p.published[p.codes["figures"][view.row_mask("figures")]]


def combined_qualifiers(groups: pd.Series, qualifiers: pd.Series) -> pd.Series:
    """Per group, the qualifier a sum of its figures honestly carries (vectorised over groups).

    Only exact figures: exact. Exact and lower bounds: "more than" (or "at least" when no figure says
    "more than"); likewise for upper bounds. Any approximation, or lower and upper bounds mixed: approx.
    """
    q = qualifiers.fillna("exact").to_numpy()
    seen = pd.DataFrame({name: q == name for name in ("more_than", "at_least", "less_than", "up_to")})
    seen["other"] = ~pd.Series(q).isin(LOWER_BOUNDS | UPPER_BOUNDS | {"exact"}).to_numpy()
    found = seen.groupby(groups.to_numpy()).any()
    lower, upper = found["more_than"] | found["at_least"], found["less_than"] | found["up_to"]
    approx = found["other"] | (lower & upper)
    choice = np.select([approx, found["more_than"], lower, found["less_than"], upper],
                       ["approx", "more_than", "at_least", "less_than", "up_to"], "exact")
    return pd.Series(choice, index=found.index)


def format_number(value: float) -> str:
    if pd.isna(value):
        return ""
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.2f}".rstrip("0").rstrip(".")


def qualified(value: float, qualifier: str, words: dict[str, str]) -> str:
    """'more than 19,000': the number with its qualifier in the interface language."""
    word = words.get(qualifier or "exact", "")
    return f"{word} {format_number(value)}".strip()


def by_category(figures: pd.DataFrame, words: dict[str, str]) -> pd.DataFrame:
    """Per category: reports, the sum of precise reports with its qualifier, the largest report.

    Vague figures ("hundreds") are counted as reports but never summed.
    """
    columns = ["category", "reports", "vague", "total", "total_text", "largest", "largest_text"]
    if figures.empty:
        return pd.DataFrame(columns=columns)
    frame = figures.assign(
        value=pd.to_numeric(figures["value"], errors="coerce"),
        vague=figures["vague"].fillna(False).astype(bool),
        qualifier=figures["qualifier"].fillna("exact"),
        category=figures["category"].fillna("count"),
    )
    precise = frame[~frame["vague"] & frame["value"].notna()]
    summary = frame.groupby("category").agg(reports=("category", "size"), vague=("vague", "sum"))
    totals = precise.groupby("category").agg(total=("value", "sum"))
    totals["total_qualifier"] = combined_qualifiers(precise["category"], precise["qualifier"])
    largest = precise.sort_values("value").groupby("category").tail(1).set_index("category")
    summary = summary.join(totals).join(largest[["value", "qualifier"]].rename(
        columns={"value": "largest", "qualifier": "largest_qualifier"}))
    summary["total_text"] = [qualified(v, q, words) if pd.notna(v) else "" for v, q in
                             zip(summary["total"], summary["total_qualifier"])]
    summary["largest_text"] = [qualified(v, q, words) if pd.notna(v) else "" for v, q in
                               zip(summary["largest"], summary["largest_qualifier"])]
    return summary.reset_index().sort_values("reports", ascending=False)[columns].reset_index(drop=True)


MAX_TABLE_ROWS = 5000


def figures_table(figures: pd.DataFrame, days: np.ndarray, sentences: pd.DataFrame, articles: pd.DataFrame,
                  texts: Texts, words: dict[str, str], limit: int = MAX_TABLE_ROWS) -> pd.DataFrame:
    """One row per figure with its qualified reading, article date and title, and source sentence.

    At most `limit` rows, from the latest articles by `days` (the export page has every row).
    """
    if len(figures) > limit:
        undated_last = np.where(np.isnat(days), np.datetime64("0001-01-01"), days)
        figures = figures.iloc[np.argsort(undated_last, kind="stable")[::-1][:limit]]
    table = with_context(figures, sentences, articles, texts)
    table["reading"] = [qualified(v, q, words) for v, q in zip(table["value"], table["qualifier"].fillna("exact"))]
    columns = ["figure_id", "category", "reading", "text", "qualifier", "who", "unit", "published",
               "title", "sentence", "article_id", "sentence_id", "value", "vague"]
    return table[columns]


def over_time(figures: pd.DataFrame, days: np.ndarray) -> pd.DataFrame:
    """Largest precise figure per category and publication day (tolls are running totals: never summed)."""
    frame = pd.DataFrame({"day": pd.to_datetime(days), "category": figures["category"].to_numpy(),
                          "value": pd.to_numeric(figures["value"], errors="coerce").to_numpy()})
    precise = ~figures["vague"].fillna(False).astype(bool).to_numpy()
    frame = frame[precise & frame["day"].notna().to_numpy() & frame["value"].notna().to_numpy()]
    return frame.groupby(["day", "category"], as_index=False)["value"].max()

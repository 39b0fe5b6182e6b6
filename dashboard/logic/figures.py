"""Figures as an analyst reads them: honest totals, qualifiers kept, source sentences attached."""
from __future__ import annotations

import numpy as np
import pandas as pd

from dashboard.logic.joins import sentences_of, with_context
from dashboard.logic.texts import Texts

# A sum of bounds stays a bound: "more than 10" + "more than 9" is "more than 19".
LOWER_BOUNDS = {"more_than", "at_least"}
UPPER_BOUNDS = {"less_than", "up_to"}


SUMMED = ["category", "value", "vague", "qualifier"]  # what `by_category` reads
TABLE_COLUMNS = ["figure_id", "article_id", "sentence_id", "start", "end", "text", "value", "unit", "category",
                 "qualifier", "who", "vague"]


def figures_data(view, words: dict[str, str]) -> dict:
    """The Figures page: the table (sentences and titles joined on the rows shown) and the summary.

    The table's rows are chosen first (`latest_rows`); only their columns and sentences are read.
    """
    p = view.prepared
    rows = np.flatnonzero(view.row_mask("figures"))
    days = p.published[p.codes["figures"][rows]]
    chosen = latest_rows(days, MAX_TABLE_ROWS)
    rows, days = rows[chosen], days[chosen]
    table = figures_table(p.frames.columns("figures", TABLE_COLUMNS, rows=rows), days,
                          sentences_of(p, rows, "figures"), p.articles, p.texts, words)
    return {"table": table, "summary": by_category(view.columns("figures", SUMMED), words)}


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

    Vague figures ("hundreds") are counted as reports but never summed. Millions of figures are
    first reduced to one row per (category, qualifier, vagueness) (`_cells`).
    """
    columns = ["category", "reports", "vague", "total", "total_text", "largest", "largest_text"]
    if figures.empty:
        return pd.DataFrame(columns=columns)
    cells, sums = _cells(figures)
    summary = cells.groupby("category").agg(reports=("rows", "sum"))
    summary["vague"] = cells[cells["vague"]].groupby("category")["rows"].sum().reindex(summary.index, fill_value=0)
    precise = cells[cells["precise"] > 0]
    totals = sums.to_frame("total")
    totals["total_qualifier"] = combined_qualifiers(precise["category"], precise["qualifier"])
    largest = precise.sort_values("largest", kind="stable").groupby("category").tail(1).set_index("category")
    summary = summary.join(totals).join(largest[["largest", "qualifier"]].rename(
        columns={"qualifier": "largest_qualifier"}))
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
        figures = figures.iloc[latest_rows(days, limit)]
    table = with_context(figures, sentences, articles, texts)
    table["reading"] = [qualified(v, q, words) for v, q in zip(table["value"], table["qualifier"].fillna("exact"))]
    columns = ["figure_id", "category", "reading", "text", "qualifier", "who", "unit", "published",
               "title", "sentence", "article_id", "sentence_id", "value", "vague"]
    return table[columns]


def latest_rows(days: np.ndarray, limit: int) -> np.ndarray:
    """Positions of at most `limit` rows, latest day first (undated last; same day: the last rows first)."""
    if len(days) <= limit:
        return np.arange(len(days))
    undated_last = np.where(np.isnat(days), np.datetime64("0001-01-01"), days)
    return np.argsort(undated_last, kind="stable")[::-1][:limit]


def _cells(figures: pd.DataFrame) -> tuple[pd.DataFrame, pd.Series]:
    """One row per (category, qualifier, vague) of `figures`: rows, precise rows and their largest value;
    and the sum of the precise values per category.

    Counted with `np.bincount` over integer cell keys: no copy or sort of the millions of figures.
    Sums are pandas' compensated sums over each category's values in frame order.
    """
    categories, category_names = _codes(figures["category"], "count")
    qualifiers, qualifier_names = _codes(figures["qualifier"], "exact")
    value = pd.to_numeric(figures["value"], errors="coerce").to_numpy(dtype=float)
    vague = figures["vague"].fillna(False).astype(bool).to_numpy()
    key = (categories * len(qualifier_names) + qualifiers) * 2 + vague
    size = len(category_names) * len(qualifier_names) * 2
    precise = ~vague & ~np.isnan(value)
    largest = np.full(size, -np.inf)
    np.maximum.at(largest, key[precise], value[precise])
    cells = np.flatnonzero(np.bincount(key, minlength=size))
    pair = cells // 2
    sums = pd.Series(value[precise]).groupby(categories[precise]).sum()
    sums = sums.set_axis(category_names[sums.index.to_numpy()]).groupby(level=0).sum()
    return pd.DataFrame({
        "category": category_names[pair // len(qualifier_names)], "qualifier": qualifier_names[pair % len(qualifier_names)],
        "vague": (cells % 2).astype(bool), "rows": np.bincount(key, minlength=size)[cells],
        "precise": np.bincount(key[precise], minlength=size)[cells], "largest": largest[cells]}), sums


def _codes(values: pd.Series, missing: str) -> tuple[np.ndarray, np.ndarray]:
    """Integer code per value and the distinct values, a missing value read as `missing`."""
    codes, names = pd.factorize(values, use_na_sentinel=True)
    names = np.append(np.asarray(names, dtype=object), missing)
    return np.where(codes < 0, len(names) - 1, codes), names


def over_time(figures: pd.DataFrame, days: np.ndarray) -> pd.DataFrame:
    """Largest precise figure per category and publication day (tolls are running totals: never summed).

    Grouped on one integer key per (day, category), in day then category order.
    """
    categories, names = pd.factorize(figures["category"], sort=True, use_na_sentinel=True)
    value = pd.to_numeric(figures["value"], errors="coerce").to_numpy(dtype=float)
    vague = figures["vague"].fillna(False).astype(bool).to_numpy()
    keep = ~vague & ~np.isnat(days) & ~np.isnan(value) & (categories >= 0)
    width = max(len(names), 1)
    largest = pd.Series(value[keep]).groupby(days[keep].astype("int64") * width + categories[keep]).max()
    keys = largest.index.to_numpy()
    return pd.DataFrame({"day": pd.to_datetime((keys // width).astype("datetime64[D]")),
                         "category": names.take(keys % width), "value": largest.to_numpy()})

"""Entities in view: their table, who is mentioned with whom, where the places are."""
from __future__ import annotations

import numpy as np
import pandas as pd


def entities_data(view, top: int, min_weight: int) -> dict:
    """The Entities page: the table, the co-mention links among the `top` entities, the places."""
    return {"table": entity_table(view["entities"]),
            "edges": co_mentions(view["mentions"], top=top, min_weight=min_weight),
            "places": places(view["entities"])}


MAX_TABLE_ROWS = 2000


def entity_table(entities: pd.DataFrame, limit: int = MAX_TABLE_ROWS) -> pd.DataFrame:
    """The `limit` most widespread entities of the view, with counts in the view and in the corpus."""
    columns = ["entity_id", "type", "name", "name_en", "articles_in_view", "mentions_in_view",
               "articles", "mentions", "aliases"]
    table = entities.reindex(columns=columns)
    ranked = table.sort_values(["articles_in_view", "mentions_in_view"], ascending=False, kind="stable")
    return ranked.head(limit).reset_index(drop=True)


def co_mentions(mentions: pd.DataFrame, top: int = 40, min_weight: int = 1, max_links: int = 150) -> pd.DataFrame:
    """Pairs of entities named in the same article, with the number of such articles.

    Restricted to the `top` most-mentioned entities first, so the self-join stays small on any corpus,
    and to the `max_links` strongest pairs, so the drawing stays readable.
    """
    columns = ["source", "target", "weight"]
    pairs = mentions[["article_id", "entity_id"]].dropna().drop_duplicates()
    if pairs.empty:
        return pd.DataFrame(columns=columns)
    leaders = pairs["entity_id"].value_counts().head(top).index
    pairs = pairs[pairs["entity_id"].isin(leaders)]
    joined = pairs.merge(pairs, on="article_id", suffixes=("_a", "_b"))
    joined = joined[joined["entity_id_a"] < joined["entity_id_b"]]
    edges = joined.groupby(["entity_id_a", "entity_id_b"]).size().reset_index(name="weight")
    edges = edges.rename(columns={"entity_id_a": "source", "entity_id_b": "target"})
    edges = edges[edges["weight"] >= min_weight]
    return edges.nlargest(max_links, "weight").reset_index(drop=True)[columns]


def circle_layout(nodes: pd.DataFrame) -> pd.DataFrame:
    """Nodes on a circle grouped by type: readable without a graph library, stable between runs."""
    nodes = nodes.sort_values(["type", "entity_id"]).reset_index(drop=True)
    angle = 2 * np.pi * np.arange(len(nodes)) / max(len(nodes), 1)
    return nodes.assign(x=np.cos(angle), y=np.sin(angle))


def edge_lines(edges: pd.DataFrame, layout: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """x and y arrays for one plotly line trace: each edge's two ends followed by a gap."""
    pos = layout.set_index("entity_id")[["x", "y"]]
    a, b = pos.reindex(edges["source"]).to_numpy(), pos.reindex(edges["target"]).to_numpy()
    gap = np.full((len(edges), 1), np.nan)
    xs = np.hstack([a[:, :1], b[:, :1], gap]).ravel()
    ys = np.hstack([a[:, 1:], b[:, 1:], gap]).ravel()
    return xs, ys


def places(entities: pd.DataFrame) -> pd.DataFrame:
    """Places with coordinates (for a plain lon/lat scatter: no tile server needed)."""
    frame = entities.assign(lat=pd.to_numeric(entities["lat"], errors="coerce"),
                            lon=pd.to_numeric(entities["lon"], errors="coerce"))
    return frame[frame["lat"].notna() & frame["lon"].notna()].reset_index(drop=True)

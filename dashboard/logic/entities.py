"""Entities in view: their table, who is mentioned with whom, where the places are."""
from __future__ import annotations

import numpy as np
import pandas as pd


def entities_data(view, top: int, min_weight: int) -> dict:
    """The Entities page: the table, the co-mention links among the `top` entities, the places."""
    p = view.prepared
    pairs = p.entity_articles
    in_view = view.article_mask[pairs["code"].to_numpy()]
    return {"table": entity_table(view["entities"]),
            "edges": linked_pairs(pairs["code"].to_numpy()[in_view], pairs["entity"].to_numpy()[in_view],
                                  p.frames["entities"]["entity_id"].to_numpy(dtype=object), top, min_weight),
            "places": places(view["entities"])}


MAX_TABLE_ROWS = 2000


def entity_table(entities: pd.DataFrame, limit: int = MAX_TABLE_ROWS) -> pd.DataFrame:
    """The `limit` most widespread entities of the view, with counts in the view and in the corpus."""
    columns = ["entity_id", "type", "name", "name_en", "articles_in_view", "mentions_in_view",
               "articles", "mentions", "aliases"]
    table = entities.reindex(columns=columns)
    ranked = table.sort_values(["articles_in_view", "mentions_in_view"], ascending=False, kind="stable")
    return ranked.head(limit).reset_index(drop=True)


def linked_pairs(articles: np.ndarray, entities: np.ndarray, ids: np.ndarray, top: int = 40, min_weight: int = 1,
                 max_links: int = 150) -> pd.DataFrame:
    """Pairs of entities named in the same article, with the number of such articles, from the
    distinct (article, entity) pairs as integer codes (`ids`: the id of each entity code).

    Restricted to the `top` entities in the most articles, and to the `max_links` strongest pairs,
    so the drawing stays readable. The leaders' articles form a 0/1 matrix whose product with itself counts the shared articles
    of every pair at once (no self-join of millions of rows).
    """
    columns = ["source", "target", "weight"]
    if len(articles) == 0:
        return pd.DataFrame(columns=columns)
    counts = np.bincount(entities, minlength=len(ids))
    present = np.flatnonzero(counts)
    leaders = present[np.lexsort((ids[present].astype(str), -counts[present]))][:top]  # most articles; ties by id
    slot = np.full(len(ids), -1)
    slot[leaders] = np.arange(len(leaders))
    kept = slot[entities] >= 0
    rows = pd.factorize(articles[kept])[0]
    matrix = np.zeros((rows.max() + 1 if len(rows) else 0, len(leaders)), dtype=np.float32)
    matrix[rows, slot[entities[kept]]] = 1
    shared = np.rint(matrix.T @ matrix).astype(np.int64)
    a, b = np.triu_indices(len(leaders), 1)
    first, second = ids[leaders[a]].astype(str), ids[leaders[b]].astype(str)
    swap = first > second
    edges = pd.DataFrame({"source": np.where(swap, second, first), "target": np.where(swap, first, second),
                          "weight": shared[a, b]})
    edges = edges[edges["weight"] >= max(min_weight, 1)].sort_values(["source", "target"])
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

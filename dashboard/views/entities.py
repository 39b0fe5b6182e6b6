"""Entities: the table (selecting rows filters by them), the co-mention network, the map of places."""
from __future__ import annotations

import plotly.express as px
import plotly.graph_objects as go
import streamlit as st

from dashboard import ui
from dashboard.logic import entities as entity_logic
from dashboard.logic.literal import plotly_literal

ctx = ui.context()
T, view = ctx.labels, ctx.view
COLUMNS = ui.column_labels(T)
TYPE_COLOURS = {"PER": "#1f77b4", "ORG": "#ff7f0e", "LOC": "#2ca02c", "EVENT": "#9467bd"}


@st.cache_data(max_entries=32, show_spinner=False)
def page_data(key: tuple, top: int, min_weight: int):
    return entity_logic.entities_data(view, top, min_weight)


def filter_by_selected_rows() -> None:
    """Callback: selected table rows join the entity filter."""
    rows = st.session_state["entity_table"]["selection"]["rows"]
    table = st.session_state["_entity_table_ids"]
    chosen = [table[i] for i in rows if i < len(table)]
    if chosen:
        current = list(st.session_state.get("f_entities") or [])
        ui.set_filter("entities", tuple(dict.fromkeys(current + chosen)))


st.title(T["page.entities"])
top = st.sidebar.slider(T["network_size"], 10, 80, 30, step=5, key="network_size")
min_weight = st.sidebar.slider(T["network_min_weight"], 1, 20, 1, key="network_min_weight")
data = page_data(ctx.cache_key, top, min_weight)
table = data["table"]
if table.empty:
    st.info(T["empty_entities"])
    st.stop()

st.caption(T["entity_table_hint"])
if len(table) < view.count("entities"):
    st.caption(T["table_limited_top"].format(shown=len(table), total=view.count("entities")))
st.session_state["_entity_table_ids"] = table["entity_id"].tolist()
st.dataframe(table.drop(columns="entity_id"), hide_index=True, width="stretch", column_config=COLUMNS, key="entity_table",
             on_select=filter_by_selected_rows, selection_mode="multi-row")

left, right = st.columns(2)
with left:
    st.subheader(T["network"])
    edges = data["edges"]
    if edges.empty:
        st.info(T["empty_network"])
    else:
        ids = set(edges["source"]) | set(edges["target"])
        layout = entity_logic.circle_layout(table[table["entity_id"].isin(ids)])
        xs, ys = entity_logic.edge_lines(edges, layout)
        fig = go.Figure(go.Scatter(x=xs, y=ys, mode="lines", hoverinfo="skip",
                                   line={"width": 1, "color": "rgba(120,120,120,0.5)"}))
        fig.add_trace(go.Scatter(
            x=layout["x"], y=layout["y"], mode="markers+text", text=plotly_literal(layout["name"]), textposition="top center",
            marker={"size": 8 + 20 * layout["articles_in_view"] / max(layout["articles_in_view"].max(), 1),
                    "color": layout["type"].map(TYPE_COLOURS).fillna("#7f7f7f")},
            hovertext=plotly_literal(layout["name_en"].fillna("") + " · " + layout["type"]), hoverinfo="text"))
        fig.update_layout(showlegend=False, height=520, xaxis={"visible": False},
                          yaxis={"visible": False, "scaleanchor": "x"})
        st.plotly_chart(fig, key="network_chart")
        st.caption(T["network_note"].format(links=len(edges)))
with right:
    st.subheader(T["map"])
    places = data["places"]
    if places.empty:
        st.info(T["empty_places"])
    else:
        places = places.assign(name=plotly_literal(places["name"]), name_en=plotly_literal(places["name_en"]))
        fig = px.scatter(places, x="lon", y="lat", size="articles_in_view", text="name",
                         hover_data=["name_en", "articles_in_view"])
        fig.update_traces(textposition="top center")
        fig.update_layout(height=520, xaxis_title="lon", yaxis_title="lat", yaxis={"scaleanchor": "x"})
        st.plotly_chart(fig, key="places_chart")
        st.caption(T["map_note"])

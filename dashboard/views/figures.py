"""Figures: the table with qualifier, who is counted, date and source sentence; a chart by category."""
from __future__ import annotations

import plotly.express as px
import streamlit as st

from dashboard import ui
from dashboard.logic import figures as figure_logic

ctx = ui.context()
T, view = ctx.labels, ctx.view


@st.cache_data(max_entries=32, show_spinner=False)
def page_data(key: tuple, lang: str):
    return figure_logic.figures_data(view, T.words("qualifier"))


def filter_by_clicked_category() -> None:
    """Callback: clicking a bar filters by its category."""
    points = st.session_state["category_chart"]["selection"]["points"]
    chosen = [p.get("customdata", [None])[0] for p in points]
    chosen = tuple(c for c in chosen if c)
    if chosen:
        ui.set_filter("figure_categories", chosen)


data = page_data(ctx.cache_key, T.lang)
st.title(T["page.figures"])
summary = data["summary"]
if summary.empty:
    st.info(T["empty_figures"])
    st.stop()

chart = summary.assign(label=T.terms("category", summary["category"]))
fig = px.bar(chart, x="label", y="reports", custom_data=["category"], hover_data=["total_text", "largest_text"])
fig.update_layout(height=320, xaxis_title=None, yaxis_title=T["reports"])
st.plotly_chart(fig, key="category_chart", on_select=filter_by_clicked_category, selection_mode="points")
table = data["table"].assign(category=T.terms("category", data["table"]["category"]))
st.dataframe(table, hide_index=True, width="stretch",
             column_config={**ui.column_labels(T), "reading": T["reading"]})
if len(data["table"]) < view.count("figures"):
    st.caption(T["table_limited"].format(shown=len(data["table"]), total=view.count("figures")))
st.caption(T["figures_note"])

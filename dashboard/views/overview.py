"""Overview: counts, date span, top entities by type, figures by category, latest events, word cloud."""
from __future__ import annotations

import streamlit as st

from dashboard import ui
from dashboard.logic import overview
from dashboard.logic.summary_png import word_cloud_png

ctx = ui.context()
T, view = ctx.labels, ctx.view
COLUMNS = ui.column_labels(T)


@st.cache_data(max_entries=32, show_spinner=False)
def page_data(key: tuple, lang: str):
    return overview.overview_data(view, T.words("qualifier"))


data = page_data(ctx.cache_key, T.lang)
st.title(T["page.overview"])
cols = st.columns(6)
for col, name in zip(cols, ("articles", "entities", "mentions", "figures", "events", "quotes")):
    col.metric(T[f"frame.{name}"], f"{view.count(name):,}")
if data["span"]:
    st.caption(T["date_span"].format(start=data["span"][0].date(), end=data["span"][1].date()))
else:
    st.caption(T["no_dates"])

left, right = st.columns(2)
with left:
    st.subheader(T["top_entities"])
    if data["top"].empty:
        st.info(T["empty_entities"])
    else:
        st.dataframe(data["top"].drop(columns="entity_id"), hide_index=True, width="stretch", column_config=COLUMNS)
with right:
    st.subheader(T["figures_by_category"])
    if data["figures"].empty:
        st.info(T["empty_figures"])
    else:
        table = data["figures"].assign(category=T.terms("category", data["figures"]["category"]))
        st.dataframe(table[["category", "reports", "total_text", "largest_text", "vague"]], hide_index=True,
                     width="stretch", column_config={**COLUMNS, "total_text": T["sum_of_reports"],
                                                     "largest_text": T["largest_report"],
                                                     "vague": T["vague_reports"]})
        st.caption(T["figures_note"])

st.subheader(T["latest_events"])
if data["latest"].empty:
    st.info(T["empty_events"])
else:
    latest = data["latest"].assign(type=T.terms("event", data["latest"]["type"]))
    st.dataframe(latest.drop(columns="article_id"), hide_index=True, width="stretch", column_config=COLUMNS)


@st.cache_data(max_entries=16, show_spinner=False)
def cloud(key: tuple) -> bytes | None:
    entities = view["entities"]
    return word_cloud_png(dict(zip(entities["name"].astype(str), entities["mentions_in_view"].fillna(0))))


# A toggle, not an expander: Streamlit runs an expander's body even when it is closed, and drawing
# the cloud costs most of a rerun of this page on a large corpus.
if st.toggle(T["word_cloud"], key="show_word_cloud"):
    png = cloud(ctx.cache_key)
    if png:
        st.image(png)
        st.download_button(T["download_png"], png, "summary.png", "image/png")
    else:
        st.info(T["empty_entities"])

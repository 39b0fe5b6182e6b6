"""Reader: one article right to left with its spans highlighted, its extracted rows beside it.

Choosing a row marks its sentence and scrolls the text to it. The article text only reaches the
browser escaped (`logic.reader.article_html`).
"""
from __future__ import annotations

import html

import streamlit as st

from dashboard import ui
from dashboard.logic import reader
from dashboard.logic.joins import headlines

ctx = ui.context()
T, view = ctx.labels, ctx.view
COLUMNS = ui.column_labels(T)

st.title(T["page.reader"])
articles = view["articles"]
if articles.empty:
    st.info(T["empty_articles"])
    st.stop()

ids = articles["article_id"].tolist()
titles = dict(zip(ids, articles["published"].astype("string").fillna("—") + " · " + headlines(articles, view.prepared.texts)))
if st.session_state.get("article") not in titles:
    st.session_state["article"] = ids[0]
article_id = st.selectbox(T["pick_article"], ids, key="article", format_func=lambda a: titles[a])
article = articles[articles["article_id"] == article_id].iloc[0]


def rows_of(name: str):
    return view.article_rows(name, article_id)


sentences, mentions, dates, figures = rows_of("sentences"), rows_of("mentions"), rows_of("dates"), rows_of("figures")
quotes = rows_of("quotes")
quotes = quotes.assign(text=view.prepared.texts.spans(quotes))
rows = reader.extracted_rows(mentions, dates, figures, rows_of("events"), quotes,
                             view.prepared.frames["entities"])

text_col, rows_col = st.columns([3, 2])
with rows_col:
    st.subheader(T["extracted_rows"])
    if rows.empty:
        st.info(T["empty_rows"])
        selected = None
    else:
        event = st.dataframe(rows.drop(columns=["start", "end"]), hide_index=True, width="stretch", column_config=COLUMNS,
                             key=f"reader_rows_{article_id}", on_select="rerun", selection_mode="single-row")
        chosen = event.selection.rows
        selected = int(rows.iloc[chosen[0]]["sentence_id"]) if chosen else None

with text_col:
    st.html(reader.source_line_html(article))
    if isinstance(article["title"], str) and article["title"].strip():
        st.html(f'<h3 dir="rtl" lang="ar">{html.escape(article["title"])}</h3>')
    legend = "".join(f'<mark class="hl hl-{k}">{html.escape(T[f"kind.{k}"])}</mark>' for k in reader.KINDS)
    st.html(f'<div class="legend">{legend}</div>')
    spans = reader.spans_of(mentions, dates, figures)
    text = view.prepared.texts.articles([article_id]).get(article_id, "")
    st.html(reader.article_html(str(text), sentences, spans, selected))
    if selected is not None:  # our own script, no article text in it
        st.html(f"<script>document.getElementById('s-{selected}')"
                f"?.scrollIntoView({{block: 'center', behavior: 'smooth'}});</script>",
                unsafe_allow_javascript=True)
    related = rows_of("related")
    if not related.empty:
        st.subheader(T["related"])
        st.html(reader.related_html(related["text"]))

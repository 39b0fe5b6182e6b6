"""Export: every filtered frame as CSV for Excel, plain CSV or Parquet, and a ZIP of all.

The links lead to the streamed export route (`dashboard/download.py`) with the current filters, so
a download of any size is written while it is sent and never held in memory.
"""
from __future__ import annotations

import html

import streamlit as st

from dashboard import ui
from dashboard.download import export_url
from dashboard.logic import export

ctx = ui.context()
T, view = ctx.labels, ctx.view


def link(file: str, label: str, disabled: bool = False) -> str:
    """A download link (an <a download>: the browser saves the stream to disk as it arrives)."""
    if disabled:
        return f'<span class="export-link disabled">{html.escape(label)}</span>'
    return (f'<a class="export-link" href="{html.escape(export_url(file, ctx.filters))}" '
            f'download="{html.escape(file)}">{html.escape(label)}</a>')


st.title(T["page.export"])
st.caption(T["export_hint"])
for name in view.prepared.frames:
    count = view.count(name)
    cols = st.columns([2, 1, 1, 1])
    cols[0].markdown(f"**{T[f'frame.{name}']}** · {T['rows'].format(n=count)}")
    for col, fmt in zip(cols[1:], export.FORMATS):
        with col.container(key=f"dl_{name}_{fmt}"):
            st.html(link(export.file_name(name, fmt), T[f"format.{fmt}"], disabled=count == 0))
st.divider()
total = sum(view.count(name) for name in view.prepared.frames)
with st.container(key="dl_zip"):
    st.html(link(export.ZIP_NAME, T["download_zip"].format(n=total)))

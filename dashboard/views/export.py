"""Export: every filtered frame as CSV for Excel, plain CSV or Parquet, and a ZIP of all."""
from __future__ import annotations

import streamlit as st

from dashboard import ui
from dashboard.logic import export

ctx = ui.context()
T, view = ctx.labels, ctx.view
FORMATS = {
    "excel": (export.excel_csv, "csv", "text/csv"),
    "csv": (export.plain_csv, "csv", "text/csv"),
    "parquet": (export.parquet, "parquet", "application/octet-stream"),
}


@st.cache_data(max_entries=16, show_spinner=False)
def file_bytes(key: tuple, name: str, fmt: str) -> bytes:
    return FORMATS[fmt][0](view.full(name))


@st.cache_data(max_entries=4, show_spinner=False)
def zip_bytes(key: tuple) -> bytes:
    return export.zip_all(view.frames(), ctx.filters.to_params())


st.title(T["page.export"])
st.caption(T["export_hint"])
for name in view.prepared.frames:
    count = view.count(name)
    cols = st.columns([2, 1, 1, 1])
    cols[0].markdown(f"**{T[f'frame.{name}']}** · {T['rows'].format(n=count)}")
    for col, fmt in zip(cols[1:], FORMATS):
        suffix = "_excel" if fmt == "excel" else ""
        col.download_button(T[f"format.{fmt}"], data=lambda name=name, fmt=fmt: file_bytes(ctx.cache_key, name, fmt),
                            file_name=f"{name}{suffix}.{FORMATS[fmt][1]}", mime=FORMATS[fmt][2],
                            key=f"dl_{name}_{fmt}", disabled=count == 0, on_click="ignore")
st.divider()
total = sum(view.count(name) for name in view.prepared.frames)
st.download_button(T["download_zip"].format(n=total), data=lambda: zip_bytes(ctx.cache_key),
                   file_name="corpus_export.zip", mime="application/zip", key="dl_zip", on_click="ignore")

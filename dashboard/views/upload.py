"""Add articles: uploaded files are kept next to the corpus, then the corpus is rebuilt with progress."""
from __future__ import annotations

import streamlit as st

from dashboard import ui
from dashboard.logic import corpus as corpus_logic
from dashboard.logic.literal import markdown_literal
from dashboard.logic.uploads import ACCEPTED, from_files, save_uploads

ctx = ui.context()
T, cfg = ctx.labels, ctx.settings
COLUMNS = ui.column_labels(T)

st.title(T["page.upload"])
st.caption(T["upload_hint"].format(types=", ".join(ACCEPTED), mb=cfg.max_upload_mb))
with st.form("upload_form", clear_on_submit=True):
    files = st.file_uploader(T["upload_files"], type=list(ACCEPTED), accept_multiple_files=True)
    submitted = st.form_submit_button(T["upload_button"])

if submitted and files:
    saved = save_uploads(((f.name, f.getvalue()) for f in files), cfg.uploads, cfg.max_upload_mb * 2**20)
    try:
        if saved.paths:
            ui.build_with_progress(cfg, T)
    except FileNotFoundError as error:  # a corpus built elsewhere whose inputs are not here
        st.error(T["upload_cannot_rebuild"].format(reason=markdown_literal(error)))
        st.stop()
    st.session_state["_upload_report"] = {"files": [p.name for p in saved.paths], "problems": saved.problems}
    st.rerun()  # the sidebar and counts pick up the rebuilt corpus

report = st.session_state.get("_upload_report")
if report:
    for name, problem in report["problems"]:
        st.error(T[problem].format(name=markdown_literal(name), mb=cfg.max_upload_mb))
    if report["files"]:
        corpus = ui.prepared(str(cfg.corpus), corpus_logic.manifest_key(cfg.corpus)).frames
        added, errors = from_files(corpus["articles"], report["files"]), from_files(corpus["errors"], report["files"])
        st.success(T["upload_done"].format(n=len(added)))
        if not added.empty:
            st.dataframe(added[["title", "published", "source", "origin"]], hide_index=True, width="stretch", column_config=COLUMNS)
        for origin, reason in errors[["origin", "reason"]].itertuples(index=False):
            st.warning(T["upload_error"].format(origin=markdown_literal(origin), reason=markdown_literal(reason)))

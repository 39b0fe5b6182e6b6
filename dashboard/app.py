"""Entry point: `streamlit run dashboard/app.py [-- --corpus DIR --input PATH...]`.

Builds the corpus on first start (progress shown), then runs the selected page with the shared
filter sidebar. Pages read what this script computed through `dashboard.ui.context()`.
"""
from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # `streamlit run` puts only dashboard/ on the path
    sys.path.insert(0, str(ROOT))

import streamlit as st  # noqa: E402

from dashboard import ui  # noqa: E402
from dashboard.logic.corpus import manifest_key  # noqa: E402
from dashboard.logic.i18n import Labels  # noqa: E402

PAGES = ("overview", "timeline", "entities", "figures", "reader", "export", "upload")
HERE = Path(__file__).resolve().parent

st.set_page_config(page_title="Arabic news", layout="wide")
ui.init_state_from_url()
labels = Labels(st.session_state.get("lang", "en"))
cfg = ui.settings()
ui.ensure_corpus(cfg, labels)
mkey = manifest_key(cfg.corpus)
filters, view = ui.sidebar_filters(cfg, labels, mkey)
ui.inject_style(labels.lang)
st.session_state["_context"] = ui.Context(cfg, labels, filters, view, mkey)
ui.sync_url(filters)

pages = [st.Page(HERE / "views" / f"{name}.py", title=labels[f"page.{name}"], url_path=name,
                 default=name == "overview") for name in PAGES]
st.navigation(pages).run()

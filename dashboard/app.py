"""Entry point: `streamlit run dashboard/app.py [-- --corpus DIR --input PATH...]`.

This file has two roles. `streamlit run` finds the `st.App` below and serves it: the pages plus
the streamed export route (`dashboard/download.py`). That server then runs this same file as the
page script (`__name__ == "__main__"`, as for every Streamlit script): it builds the corpus on first
start (progress shown), then runs the selected page with the shared filter sidebar. Pages read what
the script computed through `dashboard.ui.context()`.
"""
from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # `streamlit run` puts only dashboard/ on the path
    sys.path.insert(0, str(ROOT))

import streamlit as st  # noqa: E402

from dashboard import download  # noqa: E402

PAGES = ("overview", "timeline", "entities", "figures", "reader", "export", "upload")
HERE = Path(__file__).resolve().parent


def run_page() -> None:
    """One run of the page script: settings, build on first start, sidebar, the chosen page."""
    from dashboard import ui
    from dashboard.logic.corpus import manifest_key
    from dashboard.logic.i18n import Labels

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
    ui.warm_pages(str(cfg.corpus), mkey)


if __name__ == "__main__":  # a run of the page script (AppTest runs it the same way)
    run_page()
else:  # imported by `streamlit run` (uvicorn): the server, with the export route beside the pages
    def export_view(filters):
        """The server's filtered view. `ui` is imported on first use: its caches need the running server."""
        from dashboard import ui
        return ui.export_view(filters)

    app = st.App(Path(__file__), routes=download.routes(export_view, st.get_option("server.baseUrlPath")))

"""Streamlit glue shared by the pages: settings, the cached corpus and view, the filter sidebar.

Filters live in session state (widget keys `f_*`), are read from the URL once per session and
written back to the URL on every run, so a link reproduces the view and page switches keep it.
Pages change filters from chart and table selections through callbacks (`set_filter`), which run
before the sidebar widgets are drawn.
"""
from __future__ import annotations

import base64
import sys
import threading
from dataclasses import dataclass
from pathlib import Path

import streamlit as st

from dashboard.logic import corpus as corpus_logic
from dashboard.download import CorpusMissing
from dashboard.logic.filters import MAX_SEARCH_CHARS, Filters, View, apply_filters, check_entities, entity_options
from dashboard.logic.figures import TABLE_COLUMNS
from dashboard.logic.i18n import LANGUAGES, Labels
from dashboard.logic.joins import SENTENCE_BOUNDS
from dashboard.logic.timeline import EVENT_COLUMNS
from dashboard.logic.settings import Settings, resolve_settings

STATIC = Path(__file__).resolve().parent / "static"
FONT_FILE = "NotoNaskhArabic-Regular.ttf"
EVENT_TYPES = ("statement", "meeting", "agreement", "attack", "casualties", "arrest", "release",
               "protest", "aid", "other")
FIGURE_CATEGORIES = ("killed", "injured", "captive", "detained", "released", "displaced", "missing",
                     "aid", "munitions", "duration", "money", "percent", "count")
WIDGETS = {  # Filters field -> widget key
    "entities": "f_entities", "date_from": "f_from", "date_to": "f_to", "event_types": "f_events",
    "figure_categories": "f_categories", "sources": "f_sources", "text": "f_text",
}
_build_lock = threading.Lock()


@dataclass
class Context:
    settings: Settings
    labels: Labels
    filters: Filters
    view: View
    manifest_key: str

    @property
    def prepared(self):
        return self.view.prepared

    @property
    def cache_key(self) -> tuple[str, str, str]:
        """What page data caches are keyed on: corpus path, manifest, filters."""
        return str(self.settings.corpus), self.manifest_key, self.filters.key()


def settings() -> Settings:
    return resolve_settings(sys.argv[1:])


@st.cache_resource(max_entries=2, show_spinner=False)
def prepared(path: str, manifest_key: str):
    return corpus_logic.open_corpus(path)


@st.cache_resource(max_entries=2, show_spinner=False)
def warm_pages(path: str, manifest_key: str) -> threading.Thread:
    """Once per corpus, after the first page is shown: read in the background the columns the other
    pages use, so their first opening does not wait for them (a page needing one meanwhile waits
    only for that column)."""
    columns = {"events": EVENT_COLUMNS, "figures": TABLE_COLUMNS, "sentences": SENTENCE_BOUNDS}
    thread = threading.Thread(target=prepared(path, manifest_key).warm, args=(columns,), daemon=True)
    thread.start()
    return thread


@st.cache_resource(max_entries=32, show_spinner=False)
def filtered_view(path: str, manifest_key: str, filters_key: str, _filters: Filters) -> View:
    return apply_filters(prepared(path, manifest_key), _filters)


def export_view(filters: Filters) -> View:
    """The server's corpus seen through `filters`, for the export route (same caches as the pages)."""
    cfg = settings()
    mkey = corpus_logic.manifest_key(cfg.corpus)
    if not mkey:
        raise CorpusMissing("the dashboard has no corpus yet: open it once to build it")
    check_entities(prepared(str(cfg.corpus), mkey), filters)
    return filtered_view(str(cfg.corpus), mkey, filters.key(), filters)


@st.cache_data(max_entries=2, show_spinner=False)
def picker_options(path: str, manifest_key: str, selected: tuple[str, ...]):
    return entity_options(prepared(path, manifest_key), keep=selected)


@st.cache_data(max_entries=2, show_spinner=False)
def present_values(path: str, manifest_key: str) -> dict[str, list[str]]:
    """Event types, figure categories and sources found in the corpus (picker options)."""
    frames = prepared(path, manifest_key).frames

    def distinct(name: str, column: str) -> list[str]:
        return sorted({str(value) for value in frames.factorized(name, column)[1] if value is not None})

    return {"events": distinct("events", "type"), "categories": distinct("figures", "category"),
            "sources": distinct("articles", "source")}


def build_with_progress(cfg: Settings, labels: Labels) -> None:
    """Build the corpus with a progress bar (one build at a time per server)."""
    bar = st.progress(0.0, text=labels["building"])

    def progress(done: int, total: int, label: str) -> None:
        bar.progress(min(done / total, 1.0) if total else 1.0, text=f"{labels['building']} {done}/{total} · {label}")

    with _build_lock:
        corpus_logic.build(cfg, progress=progress)
    bar.empty()


def ensure_corpus(cfg: Settings, labels: Labels) -> None:
    """Build on first start, reuse after; checked once per session."""
    if st.session_state.get("_corpus_checked") == str(cfg.corpus):
        return
    if corpus_logic.needs_build(cfg):
        build_with_progress(cfg, labels)
    st.session_state["_corpus_checked"] = str(cfg.corpus)


def _url_params() -> dict[str, list[str]]:
    return {key: st.query_params.get_all(key) for key in st.query_params.keys()}


def init_state_from_url() -> None:
    """Once per session: filters, language and article from the URL."""
    state = st.session_state
    if state.get("_url_loaded"):
        return
    params = _url_params()
    filters = Filters.from_params(params)
    for name, key in WIDGETS.items():
        value = getattr(filters, name)
        state[key] = list(value) if isinstance(value, tuple) else value
    lang = (params.get("lang") or ["en"])[0]
    state["lang"] = lang if lang in LANGUAGES else "en"
    if params.get("article"):
        state["article"] = params["article"][0]
    state["_url_loaded"] = True


def current_filters() -> Filters:
    state = st.session_state
    values = {name: state.get(key) for name, key in WIDGETS.items()}
    return Filters(
        entities=tuple(values["entities"] or ()), date_from=values["date_from"], date_to=values["date_to"],
        event_types=tuple(values["event_types"] or ()), figure_categories=tuple(values["figure_categories"] or ()),
        sources=tuple(values["sources"] or ()), text=values["text"] or "",
    )


def set_filter(name: str, value) -> None:
    """Change a filter from a callback (chart or table selection)."""
    st.session_state[WIDGETS[name]] = list(value) if isinstance(value, tuple) else value


def sync_url(filters: Filters) -> None:
    params = {**filters.to_params(), "lang": st.session_state.get("lang", "en")}
    if st.session_state.get("article"):
        params["article"] = st.session_state["article"]
    if params != _url_params():
        st.query_params.from_dict(params)


def _clear_filters() -> None:
    for name in WIDGETS:
        set_filter(name, getattr(Filters(), name))


def sidebar_filters(cfg: Settings, labels: Labels, mkey: str) -> tuple[Filters, View]:
    """The filter widgets, the rows they leave, and the filtered view."""
    state = st.session_state
    prep = prepared(str(cfg.corpus), mkey)
    with st.sidebar:
        st.radio(labels["language"], LANGUAGES, key="lang", horizontal=True,
                 format_func=lambda code: {"en": "English", "ar": "العربية"}[code])
        st.subheader(labels["filters"])
        selected = tuple(state.get("f_entities") or ())
        options = picker_options(str(cfg.corpus), mkey, selected)
        known = set(options["entity_id"])
        state["f_entities"] = [e for e in selected if e in known]
        names = dict(zip(options["entity_id"], options["label"]))
        st.multiselect(labels["entity"], list(options["entity_id"]), key="f_entities",
                       format_func=lambda e: names.get(e, e), placeholder=labels["entity_hint"])
        st.date_input(labels["date_from"], key="f_from", format="YYYY-MM-DD")
        st.date_input(labels["date_to"], key="f_to", format="YYYY-MM-DD")
        present = present_values(str(cfg.corpus), mkey)
        st.multiselect(labels["event_type"], _vocabulary(EVENT_TYPES, present["events"], state.get("f_events")),
                       key="f_events", format_func=lambda v: labels.term("event", v))
        st.multiselect(labels["figure_category"],
                       _vocabulary(FIGURE_CATEGORIES, present["categories"], state.get("f_categories")),
                       key="f_categories", format_func=lambda v: labels.term("category", v))
        st.multiselect(labels["source"], _vocabulary((), present["sources"], state.get("f_sources")), key="f_sources")
        st.text_input(labels["search"], key="f_text", placeholder=labels["search_hint"], max_chars=MAX_SEARCH_CHARS)
        filters = current_filters()
        view = filtered_view(str(cfg.corpus), mkey, filters.key(), filters)
        st.container(key="rows_left").caption(labels["rows_left"].format(
            articles=view.count("articles"), total=len(prep.articles), events=view.count("events"),
            figures=view.count("figures"), mentions=view.count("mentions")))
        if filters.active:
            st.button(labels["clear_filters"], on_click=_clear_filters)
    return filters, view


def _vocabulary(known: tuple[str, ...], present: list[str], selected) -> list[str]:
    """Options: the documented vocabulary, then values found in the corpus, then any selected from a URL."""
    return list(dict.fromkeys([*known, *present, *(selected or ())]))


def inject_style(lang: str) -> None:
    """The shipped Arabic font and reader colours; right-to-left layout for Arabic labels."""
    if st.get_option("server.enableStaticServing"):
        font_url = f"app/static/{FONT_FILE}"
    else:  # static serving off (config not picked up): inline the font once per run
        font_url = "data:font/ttf;base64," + base64.b64encode((STATIC / FONT_FILE).read_bytes()).decode()
    rtl = ('[data-testid="stMainBlockContainer"], [data-testid="stSidebar"] {direction: rtl;}'
           if lang == "ar" else "")
    st.html(f"<style>@font-face {{font-family: 'Noto Naskh Arabic Shipped'; src: url('{font_url}');}}"
            + (STATIC / "style.css").read_text(encoding="utf-8") + rtl + "</style>")


def column_labels(labels: Labels) -> dict:
    """Column headings in the interface language, dates without a time of day (for st.dataframe)."""
    config: dict = labels.words("col")
    config["day"] = st.column_config.DateColumn(labels["col.day"], format="YYYY-MM-DD")
    config["sentence"] = st.column_config.TextColumn(labels["col.sentence"], width="large")
    return config


def context() -> Context:
    """The context app.py computed for this run (pages call this)."""
    return st.session_state["_context"]

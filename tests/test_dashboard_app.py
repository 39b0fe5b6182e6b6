"""The dashboard's pages and shared filters, run headless with Streamlit's AppTest."""
from __future__ import annotations

import datetime as dt
import html
import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tests.dashboard_sample import write_sample_corpus

APP = str(Path(__file__).resolve().parents[1] / "dashboard" / "app.py")
PAGES = ["overview", "timeline", "entities", "figures", "reader", "export", "upload"]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    return write_sample_corpus(tmp_path_factory.mktemp("dash") / "corpus")


@pytest.fixture
def app(corpus, monkeypatch):
    monkeypatch.setenv("ARABIC_NEWS_CORPUS", str(corpus))
    monkeypatch.delenv("ARABIC_NEWS_INPUTS", raising=False)
    return AppTest.from_file(APP, default_timeout=60)


def metric(at, label: str) -> str:
    return next(m.value for m in at.metric if m.label == label)


def rows_left(at) -> str:
    return next(c.value for c in at.sidebar.caption if " of " in c.value or " من " in c.value)


def param(at, key: str) -> list[str] | None:
    value = at.query_params.get(key)
    return [value] if isinstance(value, str) else value


def html_bodies(at) -> list[str]:
    return [el.proto.body for el in at.get("html")]


def test_overview_shows_counts_of_the_corpus(app):
    at = app.run()
    assert not at.exception
    assert at.title[0].value == "Overview"
    assert metric(at, "Articles") == "3" and metric(at, "Figures") == "7"
    assert param(at, "lang") == ["en"]


def test_word_cloud_is_drawn_only_when_asked_for(app):
    at = app.run()
    assert not at.get("image")
    at.toggle(key="show_word_cloud").set_value(True).run()
    assert not at.exception
    assert len(at.get("image")) == 1


@pytest.mark.parametrize("page", PAGES[1:])
def test_every_page_runs(app, page):
    at = app.run()
    at.switch_page(f"views/{page}.py").run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.title[0].value != "Overview"


def test_filters_come_from_the_url(app):
    app.query_params["entity"] = ["qatar"]
    app.query_params["from"] = "2023-11-01"
    at = app.run()
    assert at.multiselect(key="f_entities").value == ["qatar"]
    assert at.date_input(key="f_from").value == dt.date(2023, 11, 1)
    assert metric(at, "Articles") == "1"
    assert rows_left(at).startswith("1 of 3 articles")


def test_filter_changes_go_to_the_url_and_survive_page_switches(app):
    at = app.run()
    at.multiselect(key="f_entities").set_value(["hamas", "israel"]).run()
    assert param(at, "entity") == ["hamas", "israel"]
    assert metric(at, "Articles") == "2"
    at.switch_page("views/figures.py").run()
    assert at.multiselect(key="f_entities").value == ["hamas", "israel"]
    assert param(at, "entity") == ["hamas", "israel"]
    assert rows_left(at).startswith("2 of 3 articles")
    table = at.dataframe[0].value
    assert set(table["article_id"]) == {"a-cairo", "a-gaza"}


def test_arabic_search_matches_spelling_variants(app):
    at = app.run()
    at.text_input(key="f_text").input("هدنه").run()  # ta marbuta written as ha
    assert rows_left(at).startswith("2 of 3 articles")
    assert param(at, "q") == ["هدنه"]


def test_event_type_and_category_filters(app):
    at = app.run()
    at.multiselect(key="f_events").set_value(["attack"]).run()
    at.multiselect(key="f_categories").set_value(["killed"]).run()
    assert metric(at, "Events") == "2" and metric(at, "Figures") == "3"
    at.switch_page("views/timeline.py").run()
    assert set(at.dataframe[0].value["type"]) == {"Attack"}


def test_clear_filters(app):
    app.query_params["entity"] = ["qatar"]
    at = app.run()
    next(b for b in at.button if b.label == "Clear filters").click().run()
    assert at.multiselect(key="f_entities").value == [] and "entity" not in at.query_params
    assert metric(at, "Articles") == "3"


def test_language_switch(app):
    at = app.run()
    at.radio(key="lang").set_value("ar").run()
    assert at.title[0].value == "نظرة عامة"
    assert param(at, "lang") == ["ar"]
    assert any("direction: rtl" in body for body in html_bodies(at))


def test_reader_highlights_escaped_text(app):
    app.query_params["article"] = "a-gaza"
    at = app.run()
    at.switch_page("views/reader.py").run()
    assert at.selectbox(key="article").value == "a-gaza"
    body = next(b for b in html_bodies(at) if "reader-text" in b)
    assert 'dir="rtl"' in body and '<mark class="hl hl-ORG"' in body and "hl-FIGURE" in body
    assert "غارات مكثفة على شمال القطاع" in "".join(html_bodies(at))  # related headline
    assert param(at, "article") == ["a-gaza"]


def test_export_shows_row_counts_of_the_filtered_view(app):
    app.query_params["entity"] = ["qatar"]
    at = app.run()
    at.switch_page("views/export.py").run()
    texts = [m.value for m in at.markdown]
    assert any(t.startswith("**Articles** · 1 rows") for t in texts)
    assert any(t.startswith("**Figures** · 4 rows") for t in texts)
    links = [re.search(r'href="([^"]+)" download="([^"]+)"', body) for body in html_bodies(at)]
    links = {m.group(2): html.unescape(m.group(1)) for m in links if m}
    empty = sum(bool(re.search(r"· 0 rows$", t)) for t in texts)
    assert 0 < empty < 10
    assert len(links) == 3 * (10 - empty) + 1  # three formats of every frame with rows, and the ZIP
    assert links["figures_excel.csv"] == "api/export/figures_excel.csv?entity=qatar"  # the route, with the filters
    assert links["corpus_export.zip"] == "api/export/corpus_export.zip?entity=qatar"
    disabled = [b for b in html_bodies(at) if "export-link disabled" in b]
    assert len(disabled) == 3 * empty and all("href" not in b for b in disabled)  # no rows, nothing to download


def test_entities_page_tables_and_charts(app):
    at = app.run()
    at.switch_page("views/entities.py").run()
    table = at.dataframe[0].value
    assert table.iloc[0]["name_en"] in {"Gaza", "Hamas"} and table.iloc[0]["articles_in_view"] == 3
    assert len(at.get("plotly_chart")) == 2  # network and places

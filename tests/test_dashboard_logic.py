"""Dashboard data logic on the sample corpus, without Streamlit."""
from __future__ import annotations

import asyncio
import datetime as dt
import html
import io
import json
import re
import urllib.parse
import zipfile
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from dashboard.logic import entities as entity_logic
from dashboard import download
from dashboard.logic import export, reader
from dashboard.logic import texts as texts_module
from dashboard.logic import figures as figure_logic
from dashboard.logic.corpus import open_corpus, parse_days, prepare
from dashboard.logic.filters import Filters, FilterError, apply_filters, check_entities, entity_options
from dashboard.logic.i18n import Labels
from dashboard.logic.literal import markdown_literal
from dashboard.logic.settings import DEFAULT_CORPUS, DEFAULT_INPUTS, resolve_settings
from dashboard.logic.search import variant_pattern
from dashboard.logic.summary_png import visual_order, word_cloud_png
from dashboard.logic.timeline import events_per_day, events_timeline, selected_range
from dashboard.logic.uploads import from_files, save_uploads
from tests.dashboard_sample import sample_frames, write_sample_corpus

WORDS = Labels("en").words("qualifier")


@pytest.fixture(scope="module")
def prepared():
    return prepare(sample_frames())


def view_of(prepared, **filters):
    return apply_filters(prepared, Filters(**filters))


# --- filters ---------------------------------------------------------------------------------

def test_no_filter_keeps_everything(prepared):
    view = view_of(prepared)
    for name, frame in prepared.frames.items():
        assert view.count(name) == len(frame) or name == "entities"
    assert set(view["entities"]["entity_id"]) == set(prepared.frames["mentions"]["entity_id"])


def test_entity_filter_keeps_articles_naming_all_chosen_entities(prepared):
    hamas = view_of(prepared, entities=("hamas",))
    assert set(hamas["articles"]["article_id"]) == {"a-cairo", "a-doha", "a-gaza"}
    both = view_of(prepared, entities=("hamas", "qatar"))
    assert set(both["articles"]["article_id"]) == {"a-doha"}
    assert set(both["figures"]["article_id"]) == {"a-doha"}
    assert set(both["sentences"]["article_id"]) == {"a-doha"}
    counts = both["entities"].set_index("entity_id")["articles_in_view"]
    assert counts["hamas"] == 1 and "haniyeh" not in counts.index


def test_date_range_on_articles_and_event_dates(prepared):
    view = view_of(prepared, date_from=dt.date(2023, 11, 1), date_to=dt.date(2023, 11, 30))
    assert list(view["articles"]["article_id"]) == ["a-doha"]
    assert set(view["events"]["date"]) == {"2023-11-24"}
    october = view_of(prepared, date_from=dt.date(2023, 10, 7), date_to=dt.date(2023, 10, 7))
    assert october.count("articles") == 0  # published on the 8th
    assert list(october["events"]["trigger"]) == ["أطلقت"]  # the event itself is dated the 7th


def test_text_search_matches_through_spelling_variants(prepared):
    # "اسماعيل" without hamza, "هدنه" with ha for ta marbuta, diacritics in the query
    assert set(view_of(prepared, text="اسماعيل")["articles"]["article_id"]) == {"a-cairo"}
    assert view_of(prepared, text="اسرائيل").count("articles") == 3  # also inside إسرائيليا
    assert set(view_of(prepared, text="هدنه")["articles"]["article_id"]) == {"a-cairo", "a-doha"}
    assert view_of(prepared, text="هُدْنَة").count("articles") == 2
    assert view_of(prepared, text="لا يوجد هذا").count("articles") == 0


def test_row_level_filters_narrow_their_frame_only(prepared):
    view = view_of(prepared, event_types=("attack",), figure_categories=("killed",))
    assert set(view["events"]["type"]) == {"attack"}
    assert set(view["figures"]["category"]) == {"killed"}
    assert view.count("articles") == 3


def test_source_filter(prepared):
    view = view_of(prepared, sources=("الجزيرة",))
    assert list(view["articles"]["article_id"]) == ["a-doha"]


def test_filters_round_trip_through_url_params():
    filters = Filters(entities=("hamas", "qatar"), date_from=dt.date(2023, 10, 1), event_types=("attack",),
                      text="هدنة", sources=("الجزيرة",))
    params = filters.to_params()
    assert params["entity"] == ["hamas", "qatar"] and params["from"] == ["2023-10-01"]
    assert Filters.from_params(params) == filters
    assert Filters.from_params({"from": ["not a date"], "q": "  "}) == Filters()
    assert Filters().key() != filters.key()


def test_entity_options_label_both_languages_and_aliases(prepared):
    options = entity_options(prepared)
    hamas = options.set_index("entity_id").loc["hamas"]
    assert "حماس" in hamas["label"] and "حركة حماس" in hamas["label"] and "Hamas" in hamas["label"]
    assert hamas["count"] == 3
    assert list(options["count"]) == sorted(options["count"], reverse=True)


def test_parse_days_handles_partial_iso_dates():
    days = parse_days(pd.Series(["2023", "2023-10", "2023-10-07", None, dt.date(2024, 1, 2)]))
    assert list(days[:3].astype(str)) == ["2023-01-01", "2023-10-01", "2023-10-07"]
    assert np.isnat(days[3]) and str(days[4]) == "2024-01-02"


# --- figures, overview, timeline, entities ----------------------------------------------------

def test_qualifiers_are_kept_in_sums():
    groups = pd.Series(["a", "a", "b", "b", "c", "c", "d", "e", "e", "f"])
    qualifiers = pd.Series(["more_than", "exact", "exact", None, "more_than", "up_to", "approx", "at_least",
                            "exact", "up_to"])
    combined = figure_logic.combined_qualifiers(groups, qualifiers).to_dict()
    assert combined == {"a": "more_than", "b": "exact", "c": "approx", "d": "approx", "e": "at_least",
                        "f": "up_to"}
    assert figure_logic.qualified(19000.0, "more_than", WORDS) == "more than 19,000"


def test_figures_by_category(prepared):
    table = figure_logic.by_category(prepared.frames["figures"], WORDS).set_index("category")
    assert table.loc["killed", "reports"] == 3
    assert table.loc["killed", "largest_text"] == "more than 19,000"
    assert table.loc["released", "total_text"] == "52"
    vague = prepared.frames["figures"].assign(vague=True)
    assert figure_logic.by_category(vague, WORDS)["total"].isna().all()


def test_figures_table_has_source_sentence(prepared):
    days = figure_logic.figure_days(view_of(prepared))
    table = figure_logic.figures_table(prepared.frames["figures"], days, prepared.frames["sentences"],
                                       prepared.articles, prepared.texts, WORDS)
    row = table[table["value"] == 19000].iloc[0]
    assert row["text"] in row["sentence"] and row["reading"] == "more than 19,000"
    latest = figure_logic.figures_table(prepared.frames["figures"], days, prepared.frames["sentences"],
                                        prepared.articles, prepared.texts, WORDS, limit=2)
    assert list(latest["published"].astype(str)) == ["2023-12-20", "2023-11-24"]
    over = figure_logic.over_time(prepared.frames["figures"], days)
    killed = over[over["category"] == "killed"].set_index("day")["value"]
    assert killed[pd.Timestamp("2023-12-20")] == 19000 and killed[pd.Timestamp("2023-10-08")] == 700


def test_timeline_and_selection_range(prepared):
    view = view_of(prepared)
    keep = view.row_mask("events")
    timeline = events_timeline(prepared.frames["events"], prepared.event_day, keep, prepared.frames["sentences"],
                               prepared.articles, prepared.texts)
    assert len(timeline) == 5 and timeline["day"].is_monotonic_increasing
    first = timeline.iloc[0]
    assert first["trigger"] in first["sentence"]
    assert selected_range({"box": [{"x": ["2023-11-30", "2023-10-01"]}]}) == (dt.date(2023, 10, 1), dt.date(2023, 11, 30))
    assert selected_range({"points": [{"x": "2023-11-24"}]}) == (dt.date(2023, 11, 24),) * 2
    assert selected_range({"points": [], "box": []}) is None


def test_co_mentions_and_places(prepared):
    edges = entity_logic.entities_data(view_of(prepared), top=40, min_weight=1)["edges"]
    pair = edges[(edges["source"] == "gaza") & (edges["target"] == "hamas")]
    assert pair["weight"].tolist() == [3]
    assert (edges["source"] < edges["target"]).all()
    assert entity_logic.entities_data(view_of(prepared), top=40, min_weight=3)["edges"]["weight"].min() == 3
    pairs = prepared.entity_articles
    strongest = entity_logic.linked_pairs(pairs["code"].to_numpy(), pairs["entity"].to_numpy(),
                                          prepared.frames["entities"]["entity_id"].to_numpy(dtype=object), max_links=2)
    assert len(strongest) == 2 and strongest["weight"].tolist() == sorted(edges["weight"], reverse=True)[:2]
    layout = entity_logic.circle_layout(prepared.frames["entities"])
    xs, ys = entity_logic.edge_lines(edges, layout)
    assert len(xs) == 3 * len(edges) and np.isnan(xs[2::3]).all()
    places = entity_logic.places(prepared.frames["entities"])
    assert set(places["entity_id"]) == {"cairo", "doha", "gaza", "israel", "qatar"}


# --- reader ----------------------------------------------------------------------------------

def test_reader_escapes_text_and_highlights_spans():
    text = 'قال <b>هنية</b> إن "حماس" & غيرها وصلت في 20-12-2023.'
    start = text.index("حماس")
    sentences = pd.DataFrame({"sentence_id": [0], "start": [0], "end": [len(text)]})
    spans = pd.DataFrame({"start": [start, text.index("20-12")], "end": [start + 4, text.index("20-12") + 10],
                          "kind": ["ORG", "DATE"], "label": ["حماس", "2023-12-20"]})
    html = reader.article_html(text, sentences, spans, selected_sentence=0)
    assert "<b>" not in html and "&lt;b&gt;" in html and "&amp;" in html
    assert '<mark class="hl hl-ORG" title="ORG: حماس">حماس</mark>' in html
    assert 'hl-DATE' in html and 'dir="rtl"' in html and 'class="sent selected" id="s-0"' in html


def test_reader_on_sample_article_keeps_every_character(prepared):
    aid = "a-gaza"
    pick = lambda name: prepared.frames[name][prepared.frames[name]["article_id"] == aid]
    text = prepared.texts.articles([aid])[aid]
    spans = reader.spans_of(pick("mentions"), pick("dates"), pick("figures"))
    html = reader.article_html(text, pick("sentences"), spans, selected_sentence=1)
    plain = pd.Series([html]).str.replace(r"<[^>]+>", "", regex=True)[0]
    import html as html_lib
    assert html_lib.unescape(plain).endswith(text) or html_lib.unescape(plain) == text
    assert html.count("<mark") == len(spans) and 'id="s-1"' in html
    rows = reader.extracted_rows(pick("mentions"), pick("dates"), pick("figures"), pick("events"), pick("quotes"),
                                 prepared.frames["entities"])
    assert set(rows["frame"]) == {"mention", "figure", "event", "quote"}
    assert {"Hamas", "Gaza", "Israel"} <= set(rows.loc[rows["frame"] == "mention", "value"])
    assert rows["start"].is_monotonic_increasing


def test_overlapping_spans_keep_the_longest():
    spans = pd.DataFrame({"start": [0, 0, 3], "end": [2, 6, 5], "kind": ["LOC", "ORG", "PER"], "label": ["a", "b", "c"]})
    kept = reader._non_overlapping(spans)
    assert kept == [(0, 6, "ORG", "b")]


# --- export ----------------------------------------------------------------------------------

def test_excel_csv_has_bom_arabic_and_neutralised_formulas(prepared):
    data = b"".join(export.excel_csv(view_of(prepared).chunks("related", rows=1)))
    assert data.startswith(b"\xef\xbb\xbf") and data.count(b"\xef\xbb\xbf") == 1
    text = data.decode("utf-8-sig")
    assert text.count("article_id") == 1  # one header for all the chunks
    assert "قطر: المفاوضات مستمرة" in text
    assert "'=HYPERLINK" in text and "\n=HYPERLINK" not in text and '\n"=HYPERLINK' not in text
    cells = pa.table({"c": ["+1", "-2", "@x", "\tx", "\rx", "a=b", None], "n": [-5, 1, 2, 3, 4, 5, 6]})
    out = export.for_csv(cells, formula_safe=True)
    assert out["c"].to_pylist() == ["'+1", "'-2", "'@x", "'\tx", "'\rx", "a=b", None]
    assert out["n"].to_pylist() == cells["n"].to_pylist()  # numbers stay numbers
    assert export.for_csv(cells, formula_safe=False)["c"].to_pylist() == cells["c"].to_pylist()


def test_plain_csv_and_parquet_round_trip(prepared):
    events = view_of(prepared).chunks("events", rows=2)  # with the list columns the dashboard reads only for export
    plain = b"".join(export.plain_csv(events))
    assert not plain.startswith(b"\xef\xbb\xbf")
    back = pd.read_csv(io.BytesIO(plain))
    assert len(back) == len(prepared.frames["events"]) and "hamas" in set(back["actors"])
    parquet = pd.read_parquet(io.BytesIO(b"".join(export.parquet(view_of(prepared).chunks("events", rows=2)))))
    full = sample_frames()["events"]
    assert [list(a) for a in parquet["actors"]] == [list(a) for a in full["actors"]]


def test_zip_holds_only_filtered_rows(prepared):
    view = view_of(prepared, entities=("qatar",))
    archive = zipfile.ZipFile(io.BytesIO(b"".join(export.zip_all(view, view.filters.to_params()))))
    names = set(archive.namelist())
    assert {"excel/articles.csv", "csv/figures.csv", "parquet/events.parquet", "filters.json"} <= names
    articles = pd.read_csv(io.BytesIO(archive.read("excel/articles.csv")), encoding="utf-8-sig")
    assert list(articles["article_id"]) == ["a-doha"]
    assert json.loads(archive.read("filters.json")) == {"entity": ["qatar"]}


@pytest.fixture(scope="module")
def seed_corpus(tmp_path_factory):
    """The seed page built by the real pipeline into Parquet, as the dashboard reads it."""
    import data_prep
    folder = tmp_path_factory.mktemp("seed") / "corpus"
    data_prep.build([Path(__file__).resolve().parents[1] / "seeds"], folder)
    return folder


def _as_text(frame: pd.DataFrame) -> pd.DataFrame:
    """Cells as a CSV holds them (lists '; '-joined, missing empty), to compare a frame with a CSV read back."""
    def cell(value) -> str:
        if isinstance(value, (list, tuple, np.ndarray)):
            return "; ".join(map(str, value))
        return "" if value is None or value is pd.NA or (isinstance(value, float) and np.isnan(value)) else str(value)
    return frame.reset_index(drop=True).astype(object).map(cell)


def test_streaming_writers_on_a_built_corpus_give_exactly_the_filtered_rows(seed_corpus):
    import data_prep
    full = data_prep.load(seed_corpus)
    opened = open_corpus(seed_corpus)
    source = full["articles"]["source"].dropna().iloc[0]
    view = view_of(opened, sources=(source,))
    for name in ("articles", "sentences", "events", "quotes", "mentions"):
        keep = view.row_mask(name)
        expected = full[name][keep]
        assert 0 < len(expected) < len(full[name])
        pieces = list(export.plain_csv(view.chunks(name, rows=3)))
        assert len(pieces) == len({i // 3 for i in np.flatnonzero(keep)})  # one piece per 3 rows with a kept row
        back = pd.read_csv(io.BytesIO(b"".join(pieces)), dtype=str, keep_default_na=False)
        assert list(back.columns) == list(full[name].columns)
        pd.testing.assert_frame_equal(back, _as_text(expected), check_dtype=False)
        excel = b"".join(export.excel_csv(view.chunks(name, rows=3)))
        assert excel.startswith(export.BOM) and excel.count(export.BOM) == 1
        assert len(pd.read_csv(io.BytesIO(excel), encoding="utf-8-sig")) == len(expected)
        parquet = pq.read_table(io.BytesIO(b"".join(export.parquet(view.chunks(name, rows=3)))))
        assert parquet.schema.equals(pq.read_schema(seed_corpus / f"{name}.parquet"))
        assert parquet.num_rows == len(expected)
        assert parquet.column(0).to_pylist() == list(expected.iloc[:, 0])


def test_deferred_columns_are_read_a_batch_at_a_time(seed_corpus, monkeypatch):
    opened = open_corpus(seed_corpus)
    articles = np.ones(len(opened.articles), dtype=bool)
    assert [(a, b) for a, b, _ in opened.texts.deferred_chunks("articles", articles, rows=100)] == [(0, len(articles))]
    monkeypatch.setattr(texts_module, "BATCH_BYTES", 100)  # less than one article's text: one article per batch
    assert [(a, b) for a, b, _ in opened.texts.deferred_chunks("articles", articles, rows=100)] == [
        (i, i + 1) for i in range(len(articles))]
    monkeypatch.undo()
    keep = np.zeros(len(opened.frames["sentences"]), dtype=bool)
    keep[[0, 5, 6, 7, 20]] = True
    windows = list(opened.texts.deferred_chunks("sentences", keep, rows=4))
    assert [(start, stop) for start, stop, _ in windows] == [(0, 4), (4, 8), (20, 22)]  # batches without a kept row skipped
    assert sum(len(texts) for _, _, texts in windows) == 5
    texts = [text for _, _, table in windows for text in table["text"].to_pylist()]
    assert texts == list(opened.texts.spans(opened.frames["sentences"][keep]))  # text == article[start:end]
    empty = apply_filters(opened, Filters(sources=("no such source",)))
    chunks = list(empty.chunks("events"))
    assert len(chunks) == 1 and chunks[0].num_rows == 0
    assert chunks[0].column_names == list(sample_frames()["events"].columns)


def test_export_request_reads_file_and_filters_strictly():
    wanted = download.parse_request("events_excel.csv", {"entity": ["hamas"], "from": ["2023-10-07"]})
    assert (wanted.frame, wanted.fmt) == ("events", "excel")
    assert wanted.filters == Filters(entities=("hamas",), date_from=dt.date(2023, 10, 7))
    assert (download.parse_request("events.csv", {}).fmt, download.parse_request("events.parquet", {}).fmt) == (
        "csv", "parquet")
    assert download.parse_request("corpus_export.zip", {}).frame is None
    bad = {"../articles.csv": {}, "articles.txt": {}, "secrets_excel.csv": {},
           "articles.csv": {"from": ["2023-02-30"]}, "events.csv": {"to": ["2023-01-01", "2023-02-01"]},
           "figures.csv": {"path": ["/etc/passwd"]}, "quotes.csv": {"q": ["ب" * 501]}}
    for file, params in bad.items():
        with pytest.raises(FilterError):
            download.parse_request(file, params)
    # the app's own URL stays lenient: the same parser ignores what it cannot read
    assert Filters.from_params({"from": ["2023-02-30"], "lang": ["ar"]}) == Filters()
    url = download.export_url("events.csv", Filters(entities=("حماس",), text="هدنة"))
    assert url.startswith("api/export/events.csv?")
    assert download.parse_request("events.csv", urllib.parse.parse_qs(url.split("?", 1)[1])).filters == Filters(
        entities=("حماس",), text="هدنة")


def _get(app, path: str, query: str = "") -> tuple[int, dict, list[bytes]]:
    """One GET through the ASGI app (status, headers, body pieces as sent)."""
    sent = []

    async def receive():
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message):
        sent.append(message)

    scope = {"type": "http", "asgi": {"version": "3.0", "spec_version": "2.4"}, "http_version": "1.1",
             "method": "GET", "scheme": "http", "path": path, "raw_path": path.encode(), "root_path": "",
             "query_string": query.encode(), "headers": [], "client": ("127.0.0.1", 1), "server": ("test", 80)}
    asyncio.run(app(scope, receive, send))
    start = next(m for m in sent if m["type"] == "http.response.start")
    headers = {k.decode(): v.decode() for k, v in start["headers"]}
    return start["status"], headers, [m["body"] for m in sent if m["type"] == "http.response.body" and m["body"]]


def test_export_route_streams_filtered_rows_and_refuses_bad_values(seed_corpus):
    from starlette.applications import Starlette

    opened = open_corpus(seed_corpus)

    def open_view(filters):
        check_entities(opened, filters)
        return apply_filters(opened, filters)

    app = Starlette(routes=download.routes(open_view))
    source = opened.articles["source"].dropna().iloc[0]
    status, headers, pieces = _get(app, "/api/export/articles_excel.csv", urllib.parse.urlencode({"source": source}))
    assert status == 200 and headers["content-disposition"] == 'attachment; filename="articles_excel.csv"'
    rows = pd.read_csv(io.BytesIO(b"".join(pieces)), encoding="utf-8-sig")
    assert list(rows["article_id"]) == list(opened.articles.loc[opened.articles["source"] == source, "article_id"])
    status, _, pieces = _get(app, "/api/export/corpus_export.zip")
    assert status == 200 and len(pieces) > 10  # sent while written, not as one block
    assert "parquet/events.parquet" in zipfile.ZipFile(io.BytesIO(b"".join(pieces))).namelist()
    for path, query, message in [("/api/export/articles.csv", "from=yesterday", "'from' is not a date"),
                                 ("/api/export/articles.csv", "entity=nobody", "no entity 'nobody'"),
                                 ("/api/export/passwd", "", "no export is called 'passwd'")]:
        status, headers, pieces = _get(app, path, query)
        assert status == 400 and headers["content-type"].startswith("text/plain"), path
        assert message in b"".join(pieces).decode()


# --- settings, uploads, summary image, labels --------------------------------------------------

def test_settings_from_arguments_and_environment(tmp_path):
    default = resolve_settings([], {})
    assert default.corpus == DEFAULT_CORPUS and default.inputs == DEFAULT_INPUTS
    assert default.uploads == DEFAULT_CORPUS.parent / "uploads"
    from_args = resolve_settings(["--corpus", str(tmp_path / "c"), "--input", "a", "b"], {})
    assert from_args.corpus == tmp_path / "c" and [p.name for p in from_args.inputs] == ["a", "b"]
    env = resolve_settings([], {"ARABIC_NEWS_CORPUS": str(tmp_path / "c"), "ARABIC_NEWS_MAX_UPLOAD_MB": "3"})
    assert env.corpus == tmp_path / "c" and env.max_upload_mb == 3 and env.inputs == DEFAULT_INPUTS
    (tmp_path / "c").mkdir()
    (tmp_path / "c" / "manifest.json").write_text("{}")
    assert resolve_settings(["--corpus", str(tmp_path / "c")], {}).inputs == ()  # prebuilt: used as is


def test_uploads_are_checked_and_kept(tmp_path):
    saved = save_uploads([("../../etc/خبر.txt", "نص".encode()), ("big.txt", b"x" * 11), ("a.exe", b"x"),
                          ("empty.csv", b"")], tmp_path, max_bytes=10)
    assert [p.parent for p in saved.paths] == [tmp_path] and saved.paths[0].name.endswith("خبر.txt")
    assert dict(saved.problems) == {"big.txt": "upload_too_large", "a.exe": "upload_bad_type",
                                    "empty.csv": "upload_empty"}
    again = save_uploads([("خبر.txt", "نص".encode())], tmp_path, max_bytes=10)
    assert again.paths == saved.paths and len(list(tmp_path.iterdir())) == 1
    frame = pd.DataFrame({"origin": [str(saved.paths[0]) + "#2", "other.txt"]})
    assert len(from_files(frame, [saved.paths[0].name])) == 1


def test_word_cloud_shapes_arabic_for_pil():
    shaped = visual_order("حماس")
    assert shaped != "حماس" and len(shaped) == 4  # presentation forms, drawing order
    png = word_cloud_png({"حماس": 3, "غزة": 2})
    assert png.startswith(b"\x89PNG")
    assert word_cloud_png({}) is None


def test_every_label_exists_in_both_languages():
    used = set()
    for path in (Path(__file__).resolve().parents[1] / "dashboard").rglob("*.py"):
        used |= set(pd.Series([path.read_text(encoding="utf-8")]).str.findall(r'(?:T|labels)\["([a-z_.]+)"\]')[0])
    for lang in ("en", "ar"):
        labels = Labels(lang)
        assert all(labels[key] != key for key in used), [k for k in used if labels[k] == k]
    assert Labels("ar")["page.reader"] == "القارئ" and Labels("xx").lang == "en"


def test_variant_pattern_matches_spellings_in_the_original_text():
    texts = pd.Series(["وصل إسماعيل هنيّة", "هُدْنَة إنسانية", "قتل ١٩ شخصا", "غزة (القطاع)", "نص آخر"], dtype="string")
    hits = lambda query: list(texts.str.contains(variant_pattern(query), regex=True))
    assert hits("اسماعيل هنيه") == [True, False, False, False, False]
    assert hits("هدنه") == [False, True, False, False, False]
    assert hits("19") == [False, False, True, False, False]
    assert hits("(القطاع") == [False, False, False, True, False]  # regex characters are literal


def test_rebuild_of_a_corpus_opened_without_inputs_keeps_its_recorded_inputs(tmp_path, monkeypatch):
    from dashboard.logic import corpus as corpus_logic
    from dashboard.logic.settings import Settings
    calls = []
    monkeypatch.setattr(corpus_logic.data_prep, "build", lambda inputs, out, progress=None: calls.append(inputs))
    folder = tmp_path / "corpus"
    folder.mkdir()
    settings = Settings(corpus=folder, inputs=())
    (settings.uploads).mkdir()
    (settings.uploads / "new.txt").write_text("نص", encoding="utf-8")
    (folder / "manifest.json").write_text('{"paths": []}')
    with pytest.raises(FileNotFoundError, match="--input"):
        corpus_logic.build(settings)  # would otherwise rebuild from the uploads alone
    source = tmp_path / "articles"
    source.mkdir()
    (folder / "manifest.json").write_text(f'{{"paths": ["{source}", "{settings.uploads}"]}}')
    corpus_logic.build(settings)
    assert calls == [[source, settings.uploads]]


def test_page_data_follows_the_filters(prepared):
    from dashboard.logic.overview import overview_data
    from dashboard.logic.timeline import timeline_data
    view = view_of(prepared, entities=("qatar",))
    data = overview_data(view, WORDS)
    assert data["span"][0] == data["span"][1] == pd.Timestamp("2023-11-24")
    assert set(data["latest"]["article_id"]) == {"a-doha"} and data["latest"]["sentence"].notna().all()
    assert set(data["top"]["entity_id"]) == {"doha", "qatar", "gaza", "hamas"}
    assert set(data["figures"]["category"]) == {"released", "duration", "aid"}
    timeline = timeline_data(view)
    assert set(timeline["events"]["trigger"]) == {"هدنة", "وأفرجت"} and timeline["per_day"] is None
    figures = figure_logic.figures_data(view, WORDS)
    assert set(figures["table"]["article_id"]) == {"a-doha"} and figures["table"]["title"].notna().all()
    entities = entity_logic.entities_data(view, top=10, min_weight=1)
    assert entities["table"]["articles_in_view"].max() == 1
    assert set(entities["places"]["entity_id"]) == {"doha", "qatar", "gaza"}


def test_markdown_literal_escapes_every_markdown_character():
    hostile = "[click](javascript:alert(1)) **bold** # h $$x$$ `c` <img src=x> :red[x] a_b_c \\ غزة"
    escaped = markdown_literal(hostile)
    assert re.sub(r"\\(.)", r"\1", escaped) == hostile  # CommonMark drops each escaping backslash
    assert not re.search(r"(?<!\\)[\[\]()*#$`<>:_]", re.sub(r"\\.", "", escaped))  # none left unescaped
    assert "غزة" in escaped


def test_source_line_and_related_are_escaped():
    source = '<img src=x onerror="x()"> [a](javascript:b)'
    article = pd.Series({"source": source, "dateline": "غزة", "published": None, "tags": ["<b>وسم</b>", "@x"]})
    line = reader.source_line_html(article)
    assert "<img" not in line and "<b>" not in line
    assert html.escape(source) in line and html.escape("<b>وسم</b>") in line and "غزة" in line
    assert "<script>" not in reader.related_html(["<script>x</script>"])


def test_corpus_opened_from_parquet_fetches_texts_like_the_frames_in_memory(prepared, tmp_path):
    opened = open_corpus(write_sample_corpus(tmp_path / "corpus"))
    assert "text" not in opened.articles.columns and "text" not in opened.frames["sentences"].columns
    for query in ("هدنه", "اسرائيل", "لا يوجد هذا"):
        assert view_of(opened, text=query).count("articles") == view_of(prepared, text=query).count("articles")
    ids = list(prepared.articles["article_id"])
    assert dict(opened.texts.articles(ids)) == dict(prepared.texts.articles(ids))
    sentences = sample_frames()["sentences"]
    assert list(opened.texts.spans(sentences)) == list(sentences["text"])  # text == article text[start:end]
    source = view_of(opened, text="هدنه")
    exported = pa.concat_tables(source.chunks("articles")).to_pandas()
    assert list(exported.columns) == list(sample_frames()["articles"].columns)
    assert dict(zip(exported["article_id"], exported["text"])) == dict(opened.texts.articles(exported["article_id"]))
    days = figure_logic.figure_days(view_of(opened))
    table = figure_logic.figures_table(opened.frames["figures"], days, opened.frames["sentences"], opened.articles,
                                       opened.texts, WORDS)
    assert all(text in sentence for text, sentence in zip(table["text"], table["sentence"]))


def test_events_per_day_counts_each_day_and_type(prepared):
    keep = view_of(prepared).row_mask("events")
    counted = events_per_day(prepared.frames["events"], prepared.event_day, keep)
    dated = pd.DataFrame({"day": pd.to_datetime(prepared.event_day[keep]),
                          "type": prepared.frames["events"]["type"].to_numpy()[keep]}).dropna()
    expected = dated.value_counts().sort_index()
    assert list(zip(counted["day"], counted["type"], counted["events"])) == [
        (day, kind, n) for (day, kind), n in expected.items()]
    assert events_per_day(prepared.frames["events"], prepared.event_day, np.zeros(len(keep), bool)).empty


def test_pages_read_from_parquet_column_by_column_match_the_frames_in_memory(prepared, tmp_path):
    """Columns read lazily, ids read dictionary-encoded, rows chosen before copying: the same page data."""
    from dashboard.logic import overview
    from dashboard.logic.timeline import timeline_data

    opened = open_corpus(write_sample_corpus(tmp_path / "corpus"))
    assert opened.frames.length("events") == len(prepared.frames["events"])
    for filters in ({}, {"entities": ("hamas",)}, {"date_from": dt.date(2023, 11, 1)}, {"figure_categories": ("killed",)}):
        lazy, held = view_of(opened, **filters), view_of(prepared, **filters)
        for name in ("articles", "sentences", "mentions", "dates", "figures", "events", "quotes"):
            assert lazy.count(name) == held.count(name), (filters, name)
        pages = [(overview.overview_data, (WORDS,)), (timeline_data, ()), (entity_logic.entities_data, (30, 1)),
                 (figure_logic.figures_data, (WORDS,))]
        for page, args in pages:
            for key, value in page(lazy, *args).items():
                expected = page(held, *args)[key]
                if isinstance(value, pd.DataFrame):  # missing values: NaN from Parquet, None in memory
                    same = [frame.reset_index(drop=True).astype(object) for frame in (value, expected)]
                    pd.testing.assert_frame_equal(*(f.where(f.notna(), None) for f in same), check_dtype=False)
                else:
                    assert value == expected, (page.__name__, key)
        for article_id in prepared.articles["article_id"]:
            rows = lazy.article_rows("mentions", article_id)
            whole = held["mentions"]
            assert sorted(rows["start"]) == sorted(whole[whole["article_id"] == article_id]["start"])
            assert (rows["article_id"] == article_id).all()
    events = prepared.frames["events"]
    positions = prepared.sentence_positions(prepared.codes["events"], events["sentence_id"].to_numpy())
    sentences = prepared.frames["sentences"]
    assert list(sentences["sentence_id"].to_numpy()[positions]) == list(events["sentence_id"])
    assert list(sentences["article_id"].to_numpy()[positions]) == list(events["article_id"])

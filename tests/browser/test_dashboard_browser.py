"""The dashboard in a real Chromium: the seed corpus built on first start, filters, export, reader,
shared links and uploads. Expectations come from the corpus the app built, never from a fixed list,
so the checks follow the extractors as they improve. A screenshot of every page is saved to
artifacts/screenshots/.
"""
from __future__ import annotations

import io
import re
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pandas as pd
import pytest

from tests.browser.harness import (NEEDS_CHROMIUM, ROOT, SHOTS, chromium, open_page, pick_entity, rows_left_caption,
                                   settle, streamlit_app)

PAGES = ["overview", "timeline", "entities", "figures", "reader", "export", "upload"]

pytestmark = [pytest.mark.browser, NEEDS_CHROMIUM]
sync_api = pytest.importorskip("playwright.sync_api", reason="needs the playwright Python package")


@pytest.fixture(scope="module")
def app_server(tmp_path_factory):
    """The app on a corpus folder that does not exist yet: its first start builds it from seeds/."""
    folder = tmp_path_factory.mktemp("dashboard")
    env = {"ARABIC_NEWS_CORPUS": str(folder / "corpus"), "ARABIC_NEWS_INPUTS": str(ROOT / "seeds"),
           "ARABIC_NEWS_MAX_UPLOAD_MB": "1"}
    with streamlit_app(folder, env) as url:
        yield {"url": url, "corpus": folder / "corpus", "folder": folder}


@pytest.fixture(scope="module")
def browser():
    with chromium() as instance:
        yield instance


@pytest.fixture(scope="module")
def server(app_server, browser):
    """The app opened once: its first start builds the corpus from seeds/, showing a progress bar."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    first = context.new_page()
    first.goto(app_server["url"])
    progress = first.locator("[data-testid='stProgress']")
    progress.wait_for(timeout=60_000)
    SHOTS.mkdir(parents=True, exist_ok=True)
    first.screenshot(path=str(SHOTS / "first_start_building.png"))
    first.wait_for_selector("[data-testid='stSidebar']", timeout=120_000)
    settle(first)
    context.close()
    return {**app_server, "progress_seen": True}


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
    yield context.new_page()
    context.close()


def rows_left(page) -> str:
    return rows_left_caption(page).inner_text()


def metric(page, label: str) -> int:
    box = page.locator("[data-testid='stMetric']").filter(has_text=label).first
    return int(box.locator("[data-testid='stMetricValue']").inner_text().replace(",", ""))


def url_params(page) -> dict[str, list[str]]:
    return urllib.parse.parse_qs(urllib.parse.urlsplit(page.url).query)


def box_select(page, area: dict) -> None:
    """Drag a box over a chart's plot area, corner to corner, as a reader selects a range."""
    start, end = (area["x"] + 2, area["y"] + 2), (area["x"] + area["width"] - 2, area["y"] + area["height"] - 2)
    page.mouse.move(*start)
    page.mouse.down()
    page.mouse.move((start[0] + end[0]) / 2, (start[1] + end[1]) / 2, steps=5)
    page.mouse.move(*end, steps=5)
    page.mouse.up()


def corpus(server):
    import data_prep
    return data_prep.load(server["corpus"])


def test_builds_on_first_start_and_screenshots_every_page(server, page):
    open_page(page, server["url"])
    assert (server["corpus"] / "manifest.json").exists()
    built = corpus(server)
    assert metric(page, "Articles") == len(built["articles"]) > 0
    SHOTS.mkdir(parents=True, exist_ok=True)
    for name in PAGES:
        open_page(page, f"{server['url']}/{'' if name == 'overview' else name}")  # overview is the default page
        assert not page.get_by_text("Page not found").count()
        assert not page.locator("[data-testid='stException']").count(), page.locator(
            "[data-testid='stException']").first.inner_text()
        page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)
    open_page(page, f"{server['url']}/reader?lang=ar")
    page.screenshot(path=str(SHOTS / "reader_ar.png"), full_page=True)


def test_entity_filter_and_date_range(server, page):
    built = corpus(server)
    if built["entities"].empty:
        pytest.skip("the seed corpus has no entities yet (entity extractor not landed)")
    entity = built["entities"].sort_values("articles", ascending=False).iloc[0]
    mentioned = set(built["mentions"].loc[built["mentions"]["entity_id"] == entity["entity_id"], "article_id"])
    open_page(page, f"{server['url']}/entities")
    pick_entity(page, str(entity["name"]))
    assert url_params(page)["entity"] == [entity["entity_id"]]
    assert rows_left(page).startswith(f"{len(mentioned)} of {len(built['articles'])} articles")
    # date range: the first publication day only
    published = pd.to_datetime(built["articles"]["published"].astype("string"), errors="coerce").dropna()
    if published.empty:
        pytest.skip("the seed articles carry no publication date")
    day = published.min().date().isoformat()
    for label in ("From", "To"):  # a segmented date field: year, month and day spin buttons
        field = page.locator("[data-testid='stSidebar'] [data-testid='stDateInput']").filter(has_text=label)
        field.locator("[role='spinbutton'][data-type='year']").click()
        page.keyboard.type(day.replace("-", ""))
        page.keyboard.press("Tab")
        page.locator("h1").first.click()  # leaving the field commits the date
        settle(page)
    assert url_params(page)["from"] == [day] and url_params(page)["to"] == [day]
    expected = built["articles"][pd.to_datetime(built["articles"]["published"].astype("string"), errors="coerce")
                                 .dt.date.astype("string") == day]
    expected = expected[expected["article_id"].isin(mentioned)]
    assert rows_left(page).startswith(f"{len(expected)} of {len(built['articles'])} articles")
    page.screenshot(path=str(SHOTS / "entities_filtered.png"), full_page=True)


def test_csv_export_has_bom_arabic_and_only_filtered_rows(server, page):
    built = corpus(server)
    articles = built["articles"]
    source = articles["source"].dropna().iloc[0] if articles["source"].notna().any() else None
    query = f"?source={urllib.parse.quote(source)}" if source else ""
    expected = articles[articles["source"] == source] if source else articles
    open_page(page, f"{server['url']}/export{query}")
    assert page.get_by_text(re.compile(rf"Articles\s*·\s*{len(expected)} rows")).count()
    with page.expect_download() as download:
        page.locator(".st-key-dl_articles_excel a").click()
    assert download.value.suggested_filename == "articles_excel.csv"
    data = Path(download.value.path()).read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    frame = pd.read_csv(io.BytesIO(data), encoding="utf-8-sig")
    assert sorted(frame["article_id"]) == sorted(expected["article_id"])
    assert list(frame.set_index("article_id").loc[expected["article_id"], "text"]) == list(expected["text"])
    assert str(expected["text"].iloc[0])[:30].encode("utf-8") in data  # Arabic bytes intact


def test_streamed_export_follows_a_filter_chosen_in_the_sidebar(server, page):
    """Filter by an entity in the sidebar, then download the events CSV: the file streams from the
    export route of the real server and holds exactly the filtered rows."""
    built = corpus(server)
    if built["entities"].empty or built["events"].empty:
        pytest.skip("the seed corpus has no entities or no events yet")
    entities = built["entities"].set_index("entity_id")
    names = entities["name"].astype(str)
    distinct = [e for e, name in names.items() if sum(name in other for other in names) == 1]  # one option matches
    counts = built["mentions"].groupby("entity_id")["article_id"].nunique().reindex(distinct).dropna()
    entity = entities.loc[counts.sort_values().index[0]]  # the narrowest filter
    mentioned = set(built["mentions"].loc[built["mentions"]["entity_id"] == entity.name, "article_id"])
    expected = built["events"][built["events"]["article_id"].isin(mentioned)]
    open_page(page, f"{server['url']}/export")
    pick_entity(page, str(entity["name"]))
    assert url_params(page)["entity"] == [entity.name]
    link = page.locator(".st-key-dl_events_csv a")
    assert urllib.parse.parse_qs(urllib.parse.urlsplit(link.get_attribute("href")).query) == {"entity": [entity.name]}
    with page.expect_download() as download:
        link.click()
    assert download.value.suggested_filename == "events.csv"
    got = pd.read_csv(download.value.path(), dtype=str, keep_default_na=False)
    assert list(got.columns) == list(built["events"].columns)
    assert sorted(got["event_id"]) == sorted(expected["event_id"])
    flat = expected.set_index("event_id").loc[got["event_id"]]
    assert list(got["trigger"]) == list(flat["trigger"])
    assert list(got["actors"]) == ["; ".join(a) for a in flat["actors"]]
    page.screenshot(path=str(SHOTS / "export_filtered.png"), full_page=True)
    bad = f"{server['url']}/api/export/events.csv?from=2023-02-30"
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(bad, timeout=30)
    assert refused.value.code == 400 and b"'from' is not a date" in refused.value.read()


def test_reader_highlights_right_to_left(server, page):
    built = corpus(server)
    article = built["articles"].iloc[0]
    open_page(page, f"{server['url']}/reader?article={article['article_id']}")
    text = page.locator(".reader-text")
    assert text.get_attribute("dir") == "rtl"
    assert page.evaluate("getComputedStyle(document.querySelector('.reader-text')).direction") == "rtl"
    shown = text.inner_text()
    assert str(article["text"])[:40] in shown
    spans = sum(int((built[n]["article_id"] == article["article_id"]).sum()) for n in ("mentions", "dates", "figures"))
    marks = text.locator("mark.hl").count()
    assert (marks > 0) == (spans > 0) and marks <= spans
    page.wait_for_function("[...document.fonts].some(f => f.family.includes('Noto Naskh Arabic Shipped')"
                           " && f.status === 'loaded')", timeout=10_000)  # the shipped font, not the machine's
    served = urllib.request.urlopen(f"{server['url']}/app/static/NotoNaskhArabic-Regular.ttf", timeout=5)
    assert served.status == 200 and len(served.read()) > 100_000
    if spans:  # choose the last row: its sentence is far down, so the text must scroll to it
        grid = page.locator("[data-testid='stDataFrame'] .dvn-scroller").first
        grid.hover()
        page.mouse.wheel(0, 5000)
        page.wait_for_timeout(500)
        grid.click(position={"x": 15, "y": grid.bounding_box()["height"] - 30})
        settle(page, 1500)
        assert page.locator(".reader-text .sent.selected").count() == 1
        assert page.evaluate("""() => {
            const box = document.querySelector('.reader-text').getBoundingClientRect();
            const sentence = document.querySelector('.reader-text .sent.selected').getBoundingClientRect();
            return sentence.bottom > box.top && sentence.top < box.bottom; }""")
    page.screenshot(path=str(SHOTS / "reader_selected.png"), full_page=True)


def test_shared_url_reproduces_the_view(server, page, browser):
    built = corpus(server)
    open_page(page, f"{server['url']}/figures")
    search = page.locator(".st-key-f_text input")
    word = next(w for w in str(built["articles"]["text"].iloc[0]).split() if re.fullmatch("[\u0621-\u064A]{4,}", w))
    for _ in range(3):  # a busy machine may redraw the input while typing: retype until the app has it
        search.fill(word)
        search.press("Enter")
        try:
            page.wait_for_function("new URLSearchParams(location.search).has('q')", timeout=10_000)
            break
        except sync_api.TimeoutError:
            continue
    settle(page, 1000)
    shared, before = page.url, rows_left(page)
    assert url_params(page)["q"] == [word] and int(before.split()[0]) >= 1  # at least the article it came from
    other = browser.new_context(viewport={"width": 1400, "height": 1000}).new_page()
    open_page(other, shared)
    sync_api.expect(rows_left_caption(other)).to_have_text(before)
    sync_api.expect(other.locator(".st-key-f_text input")).to_have_value(word)
    sync_api.expect(other.locator("h1").first).to_have_text(page.locator("h1").first.inner_text())
    other.context.close()


def test_upload_adds_an_article(server, page, tmp_path):
    title = "افتتاح معرض للكتاب في مدينة الخليل"
    body = (f"{title}\n\nالخليل - افتتحت بلدية الخليل صباح اليوم معرضا للكتاب يضم أكثر من 300 عنوان، "
            "بمشاركة عشرين دار نشر محلية وعربية.\n")
    upload = tmp_path / "khalil_book_fair.txt"
    upload.write_text(body, encoding="utf-8")
    broken = tmp_path / "broken.json"
    broken.write_text('{"title": "عنوان", "text": ', encoding="utf-8")
    too_big = tmp_path / "too_big.txt"
    too_big.write_bytes(("نص " * 400_000).encode())
    open_page(page, f"{server['url']}/upload")
    page.locator("[data-testid='stFileUploaderDropzoneInput']").set_input_files([str(upload), str(broken), str(too_big)])
    page.wait_for_timeout(1500)
    page.get_by_role("button", name="Add to corpus").click()
    page.get_by_text(re.compile("Corpus rebuilt")).wait_for(timeout=120_000)
    settle(page)
    page.screenshot(path=str(SHOTS / "upload_done.png"), full_page=True)
    after = corpus(server)
    added = after["articles"][after["articles"]["origin"].astype("string").str.contains("khalil_book_fair")]
    assert len(added) == 1
    assert page.get_by_text(re.compile("too_big.txt is larger than 1 MB")).count() == 1
    unreadable = after["errors"][after["errors"]["origin"].astype("string").str.contains("broken.json")]
    assert len(unreadable) >= 1  # ingest's reason, shown in plain words:
    assert page.get_by_text(re.compile("Could not read .*broken.json")).count() >= 1
    open_page(page, f"{server['url']}/reader?article={added['article_id'].iloc[0]}")
    assert "معرضا للكتاب" in page.locator(".reader-text").inner_text()


def test_chart_box_and_table_row_set_the_filters(server, page):
    built = corpus(server)
    if built["events"]["date"].dropna().empty or built["entities"].empty:
        pytest.skip("the seed corpus has no dated events or no entities yet")
    open_page(page, f"{server['url']}/timeline")
    chart = page.locator("[data-testid='stPlotlyChart']").first.locator(".nsewdrag").first
    for _ in range(3):  # a chart just drawn may not take a drag yet: the box is drawn again then
        box_select(page, chart.bounding_box())
        try:  # the server reruns and writes the range into the URL
            page.wait_for_function("new URLSearchParams(location.search).has('from')", timeout=10_000)
            break
        except sync_api.TimeoutError:
            pass  # the drag was not taken: drag again
    settle(page)
    params = url_params(page)
    assert params.get("from") and params.get("to") and params["from"][0] <= params["to"][0]
    page.screenshot(path=str(SHOTS / "timeline_selected.png"), full_page=True)
    page.locator("[data-testid='stSidebarNavLink']").filter(has_text="Entities").click()  # same session
    settle(page)
    page.locator("[data-testid='stDataFrame'] .dvn-scroller").first.click(position={"x": 15, "y": 52})  # first row
    settle(page)
    assert len(url_params(page).get("entity", [])) == 1
    assert url_params(page)["from"] == params["from"]  # the date range survived the page switch

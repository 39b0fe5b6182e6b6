"""Hostile article content in a real Chromium: no script runs, nothing is injected, and the hostile
strings are shown literally as text on every page. Also: CSV for Excel neutralises formula cells.

The article is written here (not taken from any corpus): its title, text, source line, tags and
related headlines carry HTML, script, Markdown, entity and bidi-override tricks.
"""
from __future__ import annotations

import io
from pathlib import Path

import pandas as pd
import pytest

from tests.browser.harness import NEEDS_CHROMIUM, SHOTS, chromium, open_page, streamlit_app

pytestmark = [pytest.mark.browser, NEEDS_CHROMIUM]
sync_api = pytest.importorskip("playwright.sync_api", reason="needs the playwright Python package")

SCRIPT = "<script>window.__pwned=1</script>"
IMG = '<img src=x onerror="window.__pwned=1">'
SVG = '<svg onload="window.__pwned=1">'
LINK = "[click](javascript:alert(1))"
TRICKS = [SCRIPT, IMG, SVG, '<a href="javascript:window.__pwned=1">رابط</a>', LINK, "**bold**", "$$x$$",
          "`code`", "&lt;b&gt;", "\u202eevil\u202c"]
TITLE = f"عنوان خبيث {SCRIPT} **bold** {LINK}"
SOURCE = f'=HYPERLINK("http://x") وكالة {IMG} **مصدر** {LINK}'
TAGS = [SVG, "+وسم", "-وسم", "@وسم", "**وسم**", "`وسم`"]
RELATED = [f"خبر {SCRIPT} متعلق", f"{LINK} **عريض** $$x$$"]
PAGE = (f"{TITLE}\n\n"
        "غزة - قال المتحدث باسم وزارة الصحة في غزة يوم الأحد 12 نوفمبر 2023 إن 30 شخصا قتلوا في قصف. "
        + " ".join(TRICKS) + "\n\n# heading عنوان فرعي\n\nوأضاف أن أكثر من 100 شخص أصيبوا.\n\n"
        f"المصدر: {SOURCE}\n"
        f"كلمات دلالية: {'، '.join(TAGS)}\n"
        "مقالات ذات صلة\n" + "".join(f"- {r}\n" for r in RELATED))
INJECTED = ["img[src='x']", "svg[onload]", "[onerror]", "a[href^='javascript']"]


@pytest.fixture(scope="module")
def hostile_server(tmp_path_factory):
    """`streamlit run dashboard/app.py` on a corpus built (beforehand) from the hostile page alone."""
    import data_prep
    folder = tmp_path_factory.mktemp("hostile")
    inputs = folder / "inputs"
    inputs.mkdir()
    (inputs / "hostile.txt").write_text(PAGE, encoding="utf-8")
    data_prep.build([inputs], folder / "corpus")
    env = {"ARABIC_NEWS_CORPUS": str(folder / "corpus"), "ARABIC_NEWS_INPUTS": str(inputs)}
    with streamlit_app(folder, env) as url:
        yield {"url": url, "frames": data_prep.load(folder / "corpus")}


@pytest.fixture(scope="module")
def browser():
    with chromium() as instance:
        yield instance


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
    page = context.new_page()
    page.dialogs = []
    page.on("dialog", lambda dialog: (page.dialogs.append(dialog.message), dialog.dismiss()))
    yield page
    context.close()


def assert_harmless(page, where: str):
    assert page.evaluate("typeof window.__pwned") == "undefined", f"a script ran on {where}"
    assert page.dialogs == [], f"a dialog opened on {where}: {page.dialogs}"
    scripts = page.evaluate("[...document.querySelectorAll('script')].filter(s => s.text.includes('__pwned')).length")
    assert scripts == 0, f"a script element from the article was injected on {where}"
    for selector in INJECTED:
        found = page.evaluate(f"[...document.querySelectorAll(\"{selector}\")].map(e => e.outerHTML.slice(0, 120))")
        assert found == [], f"{selector} injected on {where}: {found}"
    rendered = page.evaluate("""() => [
        ...[...document.querySelectorAll('strong, b, em, code, .katex')].map(e => e.textContent),
        ...[...document.querySelectorAll('h1, h2, h3, h4, h5, h6')].map(e => e.textContent).filter(t => /^heading/.test(t)),
      ].filter(t => /bold|عريض|وسم|مصدر|heading|code|^x$/.test(t))""")
    assert rendered == [], f"Markdown rendered on {where}: {rendered}"


@pytest.mark.parametrize("name", ["overview", "timeline", "entities", "figures", "reader", "export", "upload"])
def test_every_page_shows_hostile_content_inertly(hostile_server, page, name):
    article_id = hostile_server["frames"]["articles"]["article_id"].iloc[0]
    open_page(page, f"{hostile_server['url']}/{name}?article={article_id}")
    page.mouse.move(700, 500)  # hover over a chart, if any, so its hover labels are drawn too
    page.wait_for_timeout(300)
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"hostile_{name}.png"), full_page=True)
    assert_harmless(page, name)


def test_reader_shows_every_hostile_field_as_text(hostile_server, page):
    frames = hostile_server["frames"]
    article = frames["articles"].iloc[0]
    open_page(page, f"{hostile_server['url']}/reader?article={article['article_id']}")
    text = page.locator(".reader-text").inner_text()
    for trick in TRICKS[:-1]:
        assert trick in text, trick
    assert "\u202eevil\u202c" in page.locator(".reader-text").text_content()
    assert "# heading" in text
    main = page.locator("[data-testid='stMain']").inner_text()
    assert article["title"] in main
    assert article["source"] in main
    for tag in article["tags"]:
        assert tag in main, tag
    for headline in frames["related"]["text"]:
        assert headline in main, headline
    assert_harmless(page, "reader")


def test_excel_csv_neutralises_formula_cells(hostile_server, page):
    frames = hostile_server["frames"]
    open_page(page, f"{hostile_server['url']}/export")
    with page.expect_download() as download:
        page.locator(".st-key-dl_articles_excel a").click()
    data = Path(download.value.path()).read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    cells = pd.read_csv(io.BytesIO(data), encoding="utf-8-sig", dtype=str, keep_default_na=False)
    assert cells["source"].iloc[0] == "'" + frames["articles"]["source"].iloc[0]
    for column in cells.columns:  # no cell Excel would run as a formula
        assert not cells[column].str.match(r"[=+\-@\t\r]").any(), column
    with page.expect_download() as download:
        page.locator(".st-key-dl_articles_csv a").click()
    plain = pd.read_csv(io.BytesIO(Path(download.value.path()).read_bytes()), dtype=str, keep_default_na=False)
    assert plain["source"].iloc[0] == frames["articles"]["source"].iloc[0]  # plain CSV keeps the value as it is


def test_timeline_hover_shows_the_title_literally(hostile_server, page):
    open_page(page, f"{hostile_server['url']}/timeline")
    point = page.locator("[data-testid='stPlotlyChart'] .scatterlayer .point").first
    point.hover(force=True)
    hover = page.locator("[data-testid='stPlotlyChart'] .hoverlayer").first
    sync_api.expect(hover).to_contain_text(SCRIPT, timeout=10_000)
    assert hover.locator("a").count() == 0
    assert_harmless(page, "timeline hover")


def test_upload_problem_shows_a_hostile_file_name_literally(hostile_server, page, tmp_path):
    name = "[click](javascript:alert(1)) **bold**.txt"
    empty = tmp_path / name
    empty.write_bytes(b"")
    open_page(page, f"{hostile_server['url']}/upload")
    page.locator("[data-testid='stFileUploaderDropzoneInput']").set_input_files([str(empty)])
    page.wait_for_timeout(1000)
    page.get_by_role("button", name="Add to corpus").click()
    alert = page.locator("[data-testid='stAlert']").filter(has_text="javascript")
    sync_api.expect(alert).to_contain_text(name, timeout=30_000)
    page.screenshot(path=str(SHOTS / "hostile_upload_name.png"), full_page=True)
    assert_harmless(page, "upload")

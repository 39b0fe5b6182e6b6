"""What the browser tests share: Debian's Chromium, a real `streamlit run` on a free port, page waits."""
from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
ROOT = Path(__file__).resolve().parents[2]
SHOTS = ROOT / "artifacts" / "screenshots"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
NEEDS_CHROMIUM = pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium at /usr/bin/chromium (.ci/run installs it)")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def streamlit_server(folder: Path, env: dict[str, str]):
    """`streamlit run dashboard/app.py` headless on a free port, with `env` added, its output in
    `folder/streamlit.log`; yields (URL, process) once it answers. Also used by bench/bench_dashboard.py."""
    port = free_port()
    log_path = folder / "streamlit.log"
    with log_path.open("w") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", "dashboard/app.py", "--server.headless", "true",
             "--server.port", str(port), "--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false"],
            cwd=ROOT, env={**os.environ, **env}, stdout=log, stderr=subprocess.STDOUT)
        url = f"http://127.0.0.1:{port}"
        try:
            for _ in range(120):
                try:
                    urllib.request.urlopen(f"{url}/_stcore/health", timeout=1)
                    break
                except OSError:
                    time.sleep(0.25)
            else:
                raise RuntimeError(f"streamlit did not start: {log_path.read_text()}")
            yield url, process
        finally:
            process.terminate()
            process.wait(timeout=30)


@contextlib.contextmanager
def streamlit_app(folder: Path, env: dict[str, str]):
    """The dashboard's server for a test (see `streamlit_server`); yields its URL."""
    with streamlit_server(folder, env) as (url, _):
        yield url


@contextlib.contextmanager
def chromium():
    from playwright import sync_api

    with sync_api.sync_playwright() as p:
        instance = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        try:
            yield instance
        finally:
            instance.close()


def settle(page, extra_ms: int = 500):
    """Wait until the app has finished its run (no 'running' status widget) and drawn."""
    page.wait_for_timeout(300)
    page.wait_for_function("!document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=120_000)
    page.wait_for_timeout(extra_ms)


def rows_left_caption(page):
    return page.locator(".st-key-rows_left [data-testid='stCaptionContainer']").first


def open_page(page, url: str):
    page.goto(url)
    page.wait_for_selector("[data-testid='stSidebar']", timeout=120_000)
    settle(page)
    rows_left_caption(page).wait_for(timeout=60_000)  # the sidebar is drawn to its end


def pick_entity(page, name: str):
    """Choose `name` in the sidebar's entity picker, as a reader does (type, click the option)."""
    page.locator("[data-testid='stSidebar'] [data-testid='stMultiSelect']").first.click()
    page.keyboard.type(name)
    page.get_by_role("option").filter(has_text=name).first.click()
    page.keyboard.press("Escape")
    settle(page)

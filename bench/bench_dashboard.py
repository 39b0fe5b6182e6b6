"""Times the dashboard's data logic on a large GENERATED corpus (default 100,000 articles).

The corpus is generated, not collected: every article of a base corpus (default: seeds/ built into
a temporary folder) is copied many times with new ids, publication dates spread over two years,
varied sources, and entity ids spread over a pool (so there are thousands of distinct entities).
Its text is the base corpus's text repeated; only sizes and cardinalities are realistic.

    .venv/bin/python bench/bench_dashboard.py [--articles 100000] [--base CORPUS_DIR] [--keep DIR] [--server]

Prints wall and CPU time of: generation; opening the corpus as the app's first page does (load,
indexes, sidebar picker and counts, Overview data), with the load average; then for several filter
changes the time of the filter itself and of each page's data (what a rerun recomputes when the
filter changes; Streamlit caches it afterwards). A page's first use reads the columns it needs, so
the first filter case includes those reads. Then the streamed export of the events in this process. With
`--server` it also starts `streamlit run dashboard/app.py` on the corpus and downloads the events
export over HTTP, printing its time, the server's CPU time and the server's peak memory growth.
`--keep DIR` reuses any built corpus, e.g. the 100k one of bench/bench_pipeline.py.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import data_prep  # noqa: E402
from data_prep.frames import COLUMNS  # noqa: E402
from data_prep.store import frame_file, to_table  # noqa: E402
import pyarrow.parquet as pq  # noqa: E402

from dashboard.logic import entities as entity_logic  # noqa: E402
from dashboard.logic import export, overview  # noqa: E402
from dashboard.logic import figures as figure_logic  # noqa: E402
from dashboard.logic.corpus import load, prepare  # noqa: E402
from dashboard.logic.filters import Filters, apply_filters, entity_options  # noqa: E402
from dashboard.logic.i18n import Labels  # noqa: E402
from dashboard.logic.timeline import timeline_data  # noqa: E402

ENTITY_POOL = 500  # copies of each base entity
SOURCES = [f"مصدر {i}" for i in range(20)]
ID_COLUMNS = {"events": "event_id", "figures": "figure_id", "quotes": "quote_id"}


def timed(label: str, fn, *args, **kwargs):
    """Runs fn and prints its wall and CPU time (CPU time is what a busy shared machine distorts least)."""
    started, cpu = time.perf_counter(), time.process_time()
    result = fn(*args, **kwargs)
    print(f"  {label:<46} {1000 * (time.perf_counter() - started):9.1f} ms  (CPU {1000 * (time.process_time() - cpu):8.1f} ms)")
    return result


def _ranges(starts: np.ndarray, lengths: np.ndarray) -> np.ndarray:
    """Concatenated ranges starts[i] .. starts[i] + lengths[i] (vectorised)."""
    total = int(lengths.sum())
    offsets = np.repeat(starts - np.concatenate([[0], np.cumsum(lengths)[:-1]]), lengths)
    return offsets + np.arange(total)


def generate(base, n_articles: int, seed: int = 7) -> dict[str, pd.DataFrame]:
    rng = np.random.default_rng(seed)
    articles = base["articles"].reset_index(drop=True)
    n_base = len(articles)
    source_of = np.tile(np.arange(n_base), -(-n_articles // n_base))[:n_articles]
    copy_of = np.repeat(np.arange(-(-n_articles // n_base)), n_base)[:n_articles]
    new_ids = articles["article_id"].to_numpy(dtype=object)[source_of] + "~" + copy_of.astype(str)
    days = pd.Timestamp("2023-01-01") + pd.to_timedelta(rng.integers(0, 730, n_articles), unit="D")
    out = {"articles": articles.iloc[source_of].assign(
        article_id=new_ids, published=days.date, source=np.array(SOURCES, dtype=object)[rng.integers(0, 20, n_articles)],
    ).reset_index(drop=True)}
    index = pd.Index(articles["article_id"])
    for name in COLUMNS:
        frame = base[name]
        if name in ("articles", "entities", "errors"):
            continue
        pos = index.get_indexer(frame["article_id"])
        order = np.argsort(pos, kind="stable")
        frame, pos = frame.iloc[order].reset_index(drop=True), pos[order]
        counts = np.bincount(pos[pos >= 0], minlength=n_base)
        starts = np.concatenate([[0], np.cumsum(counts)[:-1]])
        lengths = counts[source_of]
        rows = frame.iloc[_ranges(starts[source_of], lengths)].reset_index(drop=True)
        owner = np.repeat(new_ids, lengths)
        rows["article_id"] = owner
        if name in ID_COLUMNS:
            column = ID_COLUMNS[name]
            rows[column] = owner + ":" + rows[column].astype(str).str.rsplit(":", n=1).str[-1]
        if name == "mentions":
            rows["entity_id"] = rows["entity_id"] + "~" + (np.repeat(copy_of, lengths) % ENTITY_POOL).astype(str)
        if name == "events":
            rows["date"] = np.where(rows["date"].notna(), np.repeat(days.strftime("%Y-%m-%d"), lengths), None)
        out[name] = rows
    mentions = out["mentions"]
    counts = mentions.groupby("entity_id").agg(mentions=("article_id", "size"), articles=("article_id", "nunique"))
    counts = counts.reset_index()
    counts["base"] = counts["entity_id"].str.rsplit("~", n=1).str[0]
    entities = base["entities"].drop(columns=["mentions", "articles"]).rename(columns={"entity_id": "base"})
    out["entities"] = counts.merge(entities, on="base").drop(columns="base")[COLUMNS["entities"]]
    out["errors"] = base["errors"]
    return out


def write(frames: dict[str, pd.DataFrame], folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, frame in frames.items():
        pq.write_table(to_table(name, frame.reindex(columns=COLUMNS[name])), frame_file(folder, name))
    counts = {name: len(frame) for name, frame in frames.items()}
    (folder / "manifest.json").write_text(json.dumps({"version": "generated", "inputs": [], "counts": counts}))
    return folder


def page_data(view, words) -> None:
    """What each page computes from the filtered view (the same functions the pages call)."""
    timed("overview", overview.overview_data, view, words)
    timed("timeline", timeline_data, view)
    timed("entities (table, network, places)", entity_logic.entities_data, view, 30, 1)
    timed("figures", figure_logic.figures_data, view, words)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--base", help="a built corpus to replicate (default: seeds/ built now)")
    parser.add_argument("--apptest", action="store_true", help="also time whole page reruns with AppTest")
    parser.add_argument("--keep", type=Path, help="write the generated corpus here, or reuse it when it is there")
    parser.add_argument("--server", action="store_true",
                        help="also download the events export from a real `streamlit run` and report its memory")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = args.keep or Path(tmp) / "big"
        if not (folder / "manifest.json").exists():
            base = data_prep.load(args.base) if args.base else data_prep.build([ROOT / "seeds"], Path(tmp) / "base")
            print(f"base corpus: {dict((k, len(v)) for k, v in base.items())}")
            print(f"generating {args.articles:,} articles (GENERATED by replication, see docstring)")
            frames = timed("generate", generate, base, args.articles)
            print("  rows: " + ", ".join(f"{k}={len(v):,}" for k, v in frames.items()))
            timed("write Parquet", write, frames, folder)
            del frames
        print(f"open the corpus as the first page does (load average {' '.join(f'{x:.1f}' for x in os.getloadavg())})")
        opened, opened_cpu = time.perf_counter(), time.process_time()
        corpus = timed("load (columns are read when first used)", load, folder)
        prepared = timed("prepare indexes", prepare, *corpus)
        words = Labels("en").words("qualifier")
        timed("sidebar: entity picker options", entity_options, prepared)
        first = timed("sidebar: filter + counts", lambda: _with_counts(apply_filters(prepared, Filters())))
        timed("overview data", overview.overview_data, first, words)
        print(f"  {'OPEN (load + indexes + sidebar + overview)':<46} {1000 * (time.perf_counter() - opened):9.1f} ms  "
              f"(CPU {1000 * (time.process_time() - opened_cpu):8.1f} ms)")
        top_entity = prepared.frames["entities"].sort_values("articles").iloc[-1]["entity_id"] \
            if len(prepared.frames["entities"]) else None
        cases = {
            "no filter": Filters(),
            "one entity": Filters(entities=(top_entity,) if top_entity else ()),
            "date range (one month)": Filters(date_from=dt.date(2023, 6, 1), date_to=dt.date(2023, 6, 30)),
            "text search 'هدنه'": Filters(text="هدنه"),
            "entity + dates + source + event type": Filters(
                entities=(top_entity,) if top_entity else (), date_from=dt.date(2023, 1, 1),
                date_to=dt.date(2023, 12, 31), sources=tuple(SOURCES[:5]), event_types=("statement", "attack")),
        }
        for label, filters in cases.items():
            print(f"filter change: {label}")
            started, cpu = time.perf_counter(), time.process_time()
            view = timed("apply filters + sidebar counts", lambda: _with_counts(apply_filters(prepared, filters)))
            print(f"  -> {view.count('articles'):,} articles, {view.count('mentions'):,} mentions, "
                  f"{view.count('events'):,} events")
            page_data(view, words)
            print(f"  {'TOTAL (filter + every page)':<46} {1000 * (time.perf_counter() - started):9.1f} ms  "
                  f"(CPU {1000 * (time.process_time() - cpu):8.1f} ms)")
        print("export, in this process (the streaming writer, bytes thrown away)")
        for label in ("no filter", "date range (one month)"):
            view = apply_filters(prepared, cases[label])
            size = timed(f"events CSV for Excel, {label}", lambda: sum(map(len, export.excel_csv(view.chunks("events")))))
            print(f"  {'':<46} {size / 1e6:9.1f} MB, {view.count('events'):,} rows")
        if args.server:
            del corpus, prepared, view
            server_export(folder)
        if args.apptest:
            print("whole page reruns in Streamlit (AppTest)")
            apptest(folder, top_entity)



def apptest(folder: Path, entity: str | None) -> None:
    """Whole Streamlit reruns (server side: script, caches, element serialisation; not browser paint)."""
    from streamlit.testing.v1 import AppTest

    os.environ["ARABIC_NEWS_CORPUS"] = str(folder)
    at = AppTest.from_file(str(ROOT / "dashboard" / "app.py"), default_timeout=600)
    timed("first run (load + index + overview)", at.run)
    for page in ("timeline", "entities", "figures", "reader", "export"):
        timed(f"open {page} (no filter, first time)", lambda: at.switch_page(f"views/{page}.py").run())
    changes = {"entity": lambda: at.multiselect(key="f_entities").set_value([entity] if entity else []),
               "date range": lambda: at.date_input(key="f_from").set_value(dt.date(2023, 6, 1)),
               "text search": lambda: at.text_input(key="f_text").set_value("هدنه")}
    for page in ("overview", "timeline", "entities", "figures", "reader"):
        at.switch_page(f"views/{page}.py").run()
        for label, change in changes.items():
            change()
            timed(f"{page}: filter change ({label})", at.run)
        at.multiselect(key="f_entities").set_value([])
        at.date_input(key="f_from").set_value(None)
        at.text_input(key="f_text").set_value("")
        at.run()
    assert not at.exception, [e.value for e in at.exception]


def server_export(folder: Path) -> None:
    """The events export through the real server: `streamlit run dashboard/app.py` on the corpus,
    downloaded over HTTP. Prints the time, the size, the server's CPU time and its peak memory growth
    (Linux: VmHWM after the download, the peak having been reset just before, minus VmRSS before)."""
    import tempfile
    import urllib.request

    from tests.browser.harness import streamlit_server  # the browser tests' server start (needs the test extra)

    def download(url: str, path: str, gzip: bool = False) -> int:
        request = urllib.request.Request(f"{url}/api/export/{path}", headers={"Accept-Encoding": "gzip"} if gzip else {})
        size = 0
        with urllib.request.urlopen(request, timeout=600) as response:
            while block := response.read(1 << 20):
                size += len(block)
        return size

    with tempfile.TemporaryDirectory() as logs, \
            streamlit_server(Path(logs), {"ARABIC_NEWS_CORPUS": str(folder)}) as (url, server):
        proc = Path(f"/proc/{server.pid}")

        def memory_mb(key: str) -> float:
            line = next(line for line in (proc / "status").read_text().splitlines() if line.startswith(key + ":"))
            return int(line.split()[1]) / 1024

        def cpu_seconds() -> float:
            fields = (proc / "stat").read_text().rsplit(")", 1)[1].split()
            return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

        print(f"export through the server (streamlit run, pid {server.pid}, {url})")
        timed("warm-up: open the corpus (errors.csv, first export)", download, url, "errors.csv")
        month = "from=2023-06-01&to=2023-06-30"
        for label, path, gzip in [("events CSV for Excel, no filter", "events_excel.csv", False),
                                  ("same, gzip as a browser asks", "events_excel.csv", True),
                                  ("events Parquet, no filter", "events.parquet", False),
                                  ("events CSV for Excel, one month", f"events_excel.csv?{month}", False)]:
            before = memory_mb("VmRSS")
            (proc / "clear_refs").write_text("5")  # resets VmHWM to the current RSS
            cpu, started = cpu_seconds(), time.perf_counter()
            size = download(url, path, gzip)
            wall, cpu = time.perf_counter() - started, cpu_seconds() - cpu
            print(f"  {label:<46} {wall:7.1f} s, server CPU {cpu:5.1f} s, {size / 1e6:7.1f} MB sent, "
                  f"server peak memory +{max(0.0, memory_mb('VmHWM') - before):.0f} MB (RSS before {before:.0f} MB)")


def _with_counts(view):
    for name in ("articles", "events", "figures", "mentions"):
        view.count(name)
    return view


if __name__ == "__main__":
    main()

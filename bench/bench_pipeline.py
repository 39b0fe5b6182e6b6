"""Benchmark the pipeline on generated corpora of 1k, 10k and 100k articles; print a table, write JSON.

    .venv/bin/python bench/bench_pipeline.py                       # 1k, 10k, 100k (100k takes a while)
    .venv/bin/python bench/bench_pipeline.py --sizes 1000 10000 --workers 1 2
    .venv/bin/python bench/bench_pipeline.py --sizes --news ../shared/data/news/saudinewsnet   # a real archive only

Per size: build throughput (articles/s) and peak memory of a fresh build process, corpus size on disk,
`load` time, and the dashboard's query time for common filters. On a 1000-article sample: the
throughput of each step alone, on one core. The corpora are GENERATED (bench/generate.py) from the
repository's own sentences; figures on real archives will differ. `--news FOLDER` also builds a
real archive you have (read in place, never copied) and prints its rate in words per CPU-second too,
since real articles vary in length: the throughput goal is stated for articles of ~500 words.
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.generate import generate  # noqa: E402
from data_prep import native  # noqa: E402
from data_prep.store import frame_file, read_manifest  # noqa: E402

_BUILD = """
import json, re, resource, sys, time
import data_prep
started = time.perf_counter()
corpus = data_prep.build([sys.argv[1]], out=sys.argv[2], workers=int(sys.argv[3]), incremental=False)
seconds = time.perf_counter() - started
me, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
try:  # this program's own peak: ru_maxrss keeps the RSS of the process that started it (the bench)
    own_kb = int(re.search(r"VmHWM:\\s+(\\d+)", open("/proc/self/status").read()).group(1))
except (OSError, AttributeError):
    own_kb = me.ru_maxrss
print(json.dumps({"seconds": seconds, "cpu_seconds": me.ru_utime + me.ru_stime + children.ru_utime + children.ru_stime,
                  "peak_mb": max(own_kb, children.ru_maxrss) / 1024, "articles": corpus.manifest["counts"]["articles"]}))
"""


def build_in_fresh_process(inputs: Path, out: Path, workers: int) -> dict:
    result = subprocess.run([sys.executable, "-c", _BUILD, str(inputs), str(out), str(workers)],
                            capture_output=True, text=True, cwd=ROOT)
    if result.returncode != 0:
        raise SystemExit(f"the build of {inputs} failed:\n{result.stderr[-3000:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def disk_mb(folder: Path) -> float:
    return sum(p.stat().st_size for p in folder.iterdir() if p.is_file()) / 2**20


def load_seconds(out: Path) -> float:
    import data_prep

    started = time.perf_counter()
    corpus = data_prep.load(out)
    for name in corpus:
        corpus[name]
    return time.perf_counter() - started


def query_seconds(out: Path) -> dict:
    """Common dashboard filters as DuckDB queries over the Parquet files (no frame loaded whole).

    The dashboard's own page timings are measured by bench/bench_dashboard.py.
    """
    import duckdb

    def timed(sql: str) -> float:
        started = time.perf_counter()
        duckdb.sql(sql).fetchall()
        return time.perf_counter() - started

    files = {name: f"read_parquet('{frame_file(out, name)}')" for name in ("articles", "mentions", "entities", "events", "figures")}
    top = next(iter(duckdb.sql(f"SELECT entity_id FROM {files['entities']} ORDER BY mentions DESC LIMIT 1").fetchall()), None)
    entity = top[0].replace("'", "''") if top else ""
    return {
        "entity_filter_s": timed(f"SELECT count(DISTINCT article_id) FROM {files['mentions']} WHERE entity_id = '{entity}'"),
        "date_range_s": timed(f"SELECT type, count(*) FROM {files['events']} WHERE date BETWEEN '2023-06' AND '2023-08-31' GROUP BY type"),
        "figures_by_category_s": timed(f"SELECT category, qualifier, sum(value) FROM {files['figures']} GROUP BY ALL"),
        "text_search_s": timed(f"SELECT count(*) FROM {files['articles']} WHERE text LIKE '%غزة%'"),
    }


def step_throughput(inputs: Path, sample: int = 1000) -> dict:
    """Articles per CPU-second of each step alone, in this process (one core; CPU time, so other load matters little)."""
    from data_prep.analyze import parse_published
    from data_prep.extract.dates import extract_dates
    from data_prep.extract.entities import extract_mentions
    from data_prep.extract.events import extract_events
    from data_prep.extract.figures import extract_figures
    from data_prep.frames import COLUMNS
    from data_prep.ingest import is_error, iter_inputs, read_input
    from data_prep.pipeline import rows_of_entries
    from data_prep.segment import segment_page
    from data_prep.sentences import sentence_spans
    from data_prep.store import CorpusWriter

    files = list(iter_inputs([inputs]))[:max(1, sample // 1000)]
    started = time.process_time()
    entries = [e for f in files for e in read_input(f, f.read())][:sample]
    timings = {"ingest": time.process_time() - started}
    records = [e for e in entries if not is_error(e)]
    rows_of_entries(records[:1])  # warm-up: lexicons and the model load once, not inside the first step timed

    def timed(name, items, fn):
        started = time.process_time()
        out = [fn(*item) for item in items]
        timings[name] = time.process_time() - started
        return out

    pages = timed("segmentation", [(r,) for r in records],
                  lambda r: segment_page(r["text"], parse_published(r.get("published")), r.get("title")))
    articles = [(a,) for found in pages for a in found]
    spans = timed("sentences", articles, lambda a: sentence_spans(a.text))
    sentences = [[{"sentence_id": i, "start": s, "end": e, "text": a.text[s:e]} for i, (s, e) in enumerate(found)]
                 for (a,), found in zip(articles, spans)]
    dates = timed("dates", articles, lambda a: extract_dates(a.text, a.published))
    figures = timed("figures", [(a, d) for (a,), d in zip(articles, dates)],
                    lambda a, d: [dict(f, figure_id=f"F{i}") for i, f in enumerate(extract_figures(a.text, d))])
    mentions = timed("entities", articles, lambda a: extract_mentions(a.text))
    timed("events", [(a, s, m, d, f) for (a,), s, m, d, f in zip(articles, sentences, mentions, dates, figures)],
          lambda a, s, m, d, f: extract_events(a.text, s, m, d, f, a.published))
    rows = rows_of_entries(entries)
    writer = CorpusWriter(inputs.parent / "step-store")
    started = time.process_time()
    for name in COLUMNS:
        if name in rows:
            writer.add(name, rows[name])
            writer.finish(name)  # the Parquet file written and closed
    writer.abandon()
    timings["store"] = time.process_time() - started
    return {name: round(len(articles) / seconds, 1) if seconds else None for name, seconds in timings.items()}


def per_100_words(out: Path, words: float) -> dict:
    """Rows of the content frames per 100 words of text: how dense in facts a corpus is, since
    the extractors' cost grows with what they find (the generated corpus is denser than news)."""
    counts = read_manifest(out)["counts"]
    text_words = max(counts["articles"] * words, 1)
    return {name: round(100 * counts[name] / text_words, 2) for name in ("mentions", "dates", "figures", "events")}


def words_per_article(out: Path) -> float:
    """Mean whitespace-separated words of a built corpus's article texts."""
    import pyarrow.parquet as pq

    texts = pq.read_table(frame_file(out, "articles"), columns=["text"]).column("text").to_pylist()
    return sum(len(text.split()) for text in texts) / max(len(texts), 1)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="*", default=[1000, 10000, 100000],
                        help="generated corpus sizes (none: only --news)")
    parser.add_argument("--news", type=Path, help="also build this real archive (read in place), one worker")
    parser.add_argument("--workers", type=int, nargs="+", default=[1], help="worker counts to compare (e.g. 1 2)")
    parser.add_argument("--workdir", type=Path, default=Path(os.environ.get("TMPDIR", "/tmp")) / "arabic-news-bench")
    parser.add_argument("--json", type=Path, default=ROOT / "bench" / "results" / "pipeline.json")
    args = parser.parse_args()

    print(f"machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} at start "
          "(art/cpu-s divides by the build's CPU time, which other load changes least)")
    print(f"extractors: {native.mode()}")
    results = {"generated": True, "cpu_count": os.cpu_count(), "extractors": native.mode(), "sizes": {}}
    if args.sizes:
        print("NOTE: the sized corpora are GENERATED from the repository's own sentences (bench/generate.py), "
              "not real archives.")
        smallest = generate(min(args.sizes), args.workdir / f"inputs-{min(args.sizes)}")
        results["steps_articles_per_s"] = step_throughput(smallest)
        print("per step, one core, articles per CPU-second:", json.dumps(results["steps_articles_per_s"]))
        print(f"{'articles':>9} {'workers':>7} {'build s':>8} {'art/s':>7} {'art/cpu-s':>9} {'peak MB':>8} "
              f"{'disk MB':>8} {'load s':>7}  queries (s)")
    for size in args.sizes:
        inputs = generate(size, args.workdir / f"inputs-{size}")
        for workers in args.workers:
            out = args.workdir / f"corpus-{size}-w{workers}"
            run = build_in_fresh_process(inputs, out, workers)
            row = {**run, "workers": workers, "articles_per_s": run["articles"] / run["seconds"],
                   "articles_per_cpu_s": run["articles"] / run["cpu_seconds"],
                   "disk_mb": disk_mb(out), "load_s": load_seconds(out), "queries": query_seconds(out)}
            if workers == args.workers[0]:
                row["words_per_article"] = words_per_article(out)
                row["per_100_words"] = per_100_words(out, row["words_per_article"])
            results["sizes"].setdefault(str(size), []).append(row)
            queries = " ".join(f"{k}={v:.3f}" for k, v in row["queries"].items() if isinstance(v, float))
            print(f"{size:>9} {workers:>7} {run['seconds']:>8.1f} {row['articles_per_s']:>7.1f} "
                  f"{row['articles_per_cpu_s']:>9.1f} {run['peak_mb']:>8.0f} "
                  f"{row['disk_mb']:>8.1f} {row['load_s']:>7.2f}  {queries}")
        first = results["sizes"][str(size)][0]
        print(f"{'':>9} {first['words_per_article']:.0f} words per article; per 100 words:",
              ", ".join(f"{k} {v}" for k, v in first["per_100_words"].items()))
    if args.news:
        results["news"] = news_row(args.news, args.workdir / "corpus-news")
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(results, indent=1, default=str), encoding="utf-8")
    print(f"written: {args.json}")
    return 0


def news_row(folder: Path, out: Path) -> dict:
    """Build a real archive in a fresh one-worker process and print its rate per article and per word."""
    run = build_in_fresh_process(folder, out, 1)
    words = words_per_article(out)
    words_per_cpu_s = run["articles"] * words / run["cpu_seconds"]
    row = {**run, "source": str(folder), "words_per_article": words, "words_per_cpu_s": words_per_cpu_s,
           "articles_per_cpu_s": run["articles"] / run["cpu_seconds"],
           "articles_of_500_words_per_cpu_s": words_per_cpu_s / 500, "per_100_words": per_100_words(out, words)}
    print(f"REAL archive {folder} (read in place): {run['articles']} articles of {words:.0f} words on average, "
          f"build {run['seconds']:.1f} s, {row['articles_per_cpu_s']:.0f} articles/cpu-s, "
          f"{words_per_cpu_s:,.0f} words/cpu-s = {row['articles_of_500_words_per_cpu_s']:.0f} articles of 500 words "
          f"per cpu-s, peak {run['peak_mb']:.0f} MB; per 100 words: "
          + ", ".join(f"{k} {v}" for k, v in row["per_100_words"].items()))
    return row


if __name__ == "__main__":
    sys.exit(main())

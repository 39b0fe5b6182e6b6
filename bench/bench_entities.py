"""Throughput of the entity step (extract_mentions; entity_table apart) on one core.

    .venv/bin/python bench/bench_entities.py [--articles 2000]

Reads real articles from ../shared/data/news (SaudiNewsNet zips) when present; prints articles/s,
ms per article and per 500 words of extract_mentions (what the corpus build runs per article),
the cost of entity_table on one article's mentions (what analyze_text adds), the share of mentions
by method, the first-call load time and whether the CRF decoder ran compiled (numba).
Skips (exit 0) when the folder is absent. Prints figures only; asserts nothing.
"""
from __future__ import annotations

import argparse
import collections
import json
import sys
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
NEWS = ROOT.parent / "shared" / "data" / "news" / "saudinewsnet"


def articles(limit: int) -> list[str]:
    texts: list[str] = []
    for archive in sorted(NEWS.glob("*.zip")):
        with zipfile.ZipFile(archive) as z:
            for name in z.namelist():
                if name.endswith(".json"):
                    texts += [a["content"] for a in json.loads(z.read(name)) if a.get("content")]
        if len(texts) >= limit:
            break
    return texts[:limit]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--articles", type=int, default=2000)
    args = parser.parse_args()
    if not NEWS.exists():
        print(f"skipped: {NEWS} is not here")
        return
    import pandas as pd

    started = time.perf_counter()
    from data_prep.extract.entities import entity_table, extract_mentions
    from data_prep.extract.entities.decoder import compiled_decode, decode

    extract_mentions("تحميل")  # loads the gazetteer and the CRF once (and compiles or loads the decoder)
    load = time.perf_counter() - started
    texts = articles(args.articles)
    words = sum(len(t.split()) for t in texts)
    methods: collections.Counter = collections.Counter()
    started, cpu_started = time.perf_counter(), time.process_time()
    found = []
    for text in texts:
        rows = extract_mentions(text)
        found.append(rows)
        methods.update(r["method"] for r in rows)
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu_started
    cpu_started = time.process_time()
    for rows in found:
        entity_table(pd.DataFrame(rows, columns=["start", "end", "text", "type", "entity_id", "method"]))
    table_cpu = time.process_time() - cpu_started
    print(f"load (gazetteer + CRF, first call): {load:.2f} s; CRF decoder: "
          + ("compiled (numba)" if compiled_decode() is not decode else "UNCOMPILED (numba missing)"))
    print(f"{len(texts)} articles, {words / len(texts):.0f} words on average;"
          f" {seconds:.2f} s wall clock, {cpu:.2f} s CPU (the machine may be shared: CPU time is the one-core figure)")
    print(f"extract_mentions on one core: {len(texts) / cpu:.0f} articles/s, {1000 * cpu / len(texts):.2f} ms/article,"
          f" {1000 * cpu / words * 500:.2f} ms per 500 words (wall clock: {len(texts) / seconds:.0f} articles/s)")
    print(f"entity_table of one article's mentions (analyze_text; the corpus build makes one table per"
          f" bucket instead): {1000 * table_cpu / len(texts):.2f} ms/article")
    total = sum(methods.values())
    print(f"{total / len(texts):.1f} mentions per article; by method: "
          + ", ".join(f"{m} {n / total:.0%}" for m, n in methods.most_common()))


if __name__ == "__main__":
    main()

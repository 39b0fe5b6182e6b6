"""Our date extractor against dateparser's `search_dates(languages=['ar'])`, in one run.

    .venv/bin/python bench/bench_dates.py                # gold scores + throughput on the gold texts
    .venv/bin/python bench/bench_dates.py --news 300     # also throughput on 300 real articles,
                                                         # when ../shared/data/news is present

Both run on the same texts with the same publication date (dateparser gets it as RELATIVE_BASE).
Scores: the seed gold (../shared/eval/gold/seed.json, when present) and the project's own cases
(tests/cases/dates.tsv), scored the way ../shared/eval/score.py scores dates: a prediction counts
when its span overlaps a gold span and its value equals the gold value; gold items whose value is
null must stay unresolved. dateparser only returns datetimes, so it is scored leniently: its
value counts when it falls inside the gold value (2023-10-27 is right for a gold 2023-10).
Real articles are read in place from the shared folder and used for throughput only; nothing of
them is written anywhere. Throughput is CPU time per article (one core), after a warm-up, measured
with the extractors taking turns on each article and in blocks (see `timed`); the share of ours
spent in the shared normaliser (data_prep.normalize.folded) is printed beside it.
"""
from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import random
import sys
import time
import zipfile
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
SHARED = ROOT.parent / "shared"
SEED_GOLD = SHARED / "eval" / "gold" / "seed.json"
NEWS = SHARED / "data" / "news" / "saudinewsnet"
CASES = ROOT / "tests" / "cases" / "dates.tsv"


@dataclass
class Gold:
    text: str
    published: dt.date | None
    items: list[tuple[int, int, str | None]]  # span and value (None: must stay unresolved)
    ignored: list[tuple[int, int]]


def _spans(text: str, surface: str) -> list[tuple[int, int]]:
    spans, start = [], text.find(surface)
    while start != -1:
        spans.append((start, start + len(surface)))
        start = text.find(surface, start + 1)
    return spans


def seed_gold() -> list[Gold]:
    if not SEED_GOLD.exists():
        return []
    golds = []
    for article in json.loads(SEED_GOLD.read_text(encoding="utf-8"))["articles"]:
        text = article["text"]
        items = []
        for item in article["dates"]:
            spans = _spans(text, item["text"])
            spans = [spans[item["nth"]]] if "nth" in item else spans
            items += [(s, e, item["value"]) for s, e in spans]
        ignored = [s for surface in article.get("dates_ignore", []) for s in _spans(text, surface)]
        published = dt.date.fromisoformat(article["published"]) if article.get("published") else None
        golds.append(Gold(text, published, items, ignored))
    return golds


def case_gold() -> list[Gold]:
    """tests/cases/dates.tsv: one sentence per case; NONE cases become spans where nothing may be found."""
    with open(CASES, encoding="utf-8") as handle:
        rows = list(csv.DictReader([l for l in handle if not l.startswith("#")], delimiter="\t", quoting=csv.QUOTE_NONE))
    golds = []
    for row in rows:
        text = row["sentence"]
        start = text.index(row["expected"])
        span = (start, start + len(row["expected"]))
        published = dt.date.fromisoformat(row["published"]) if row["published"] else None
        if row["value"] == "NONE":
            golds.append(Gold(text, published, [], []))
        else:
            golds.append(Gold(text, published, [(*span, None if row["value"] == "null" else row["value"])], []))
    return golds


def news_articles(limit: int) -> list[tuple[str, dt.date | None]]:
    articles = []
    for archive in sorted(NEWS.glob("*.zip")):
        with zipfile.ZipFile(archive) as zipped:
            for name in zipped.namelist():
                for record in json.loads(zipped.read(name)):
                    articles.append((record["content"], dt.date.fromisoformat(record["date_extracted"][:10])))
    random.Random(0).shuffle(articles)
    return articles[:limit]


def ours(text: str, published: dt.date | None) -> list[tuple[int, int, str | None]]:
    from data_prep.extract.dates import extract_dates

    return [(r["start"], r["end"], r["value"]) for r in extract_dates(text, published)]


def theirs(text: str, published: dt.date | None) -> list[tuple[int, int, str | None]]:
    from dateparser.search import search_dates

    settings = {"RELATIVE_BASE": dt.datetime.combine(published, dt.time())} if published else {}
    found = search_dates(text, languages=["ar"], settings=settings) or []
    rows, cursor = [], 0
    for surface, when in found:
        start = text.find(surface, cursor)
        start = text.find(surface) if start == -1 else start
        if start != -1:
            rows.append((start, start + len(surface), when.date().isoformat()))
            cursor = start + len(surface)
    return rows


def score(golds: list[Gold], extract, lenient: bool) -> tuple[int, int, int]:
    """(true positives, false positives, false negatives) as ../shared/eval/score.py counts dates."""
    tp = fp = fn = 0
    for gold in golds:
        matched: set[int] = set()
        for start, end, value in extract(gold.text, gold.published):
            hits = [i for i, (s, e, _) in enumerate(gold.items) if start < e and s < end]
            if not hits:
                if value is not None and not any(start < e and s < end for s, e in gold.ignored):
                    fp += 1
                continue
            good = [i for i in hits if _same(value, gold.items[i][2], lenient)]
            fresh = [i for i in good if i not in matched]
            if fresh:
                matched.add(fresh[0])
                tp += gold.items[fresh[0]][2] is not None
            elif not good and value is not None:
                fp += 1
        fn += sum(1 for i, item in enumerate(gold.items) if i not in matched and item[2] is not None)
    return tp, fp, fn


def _same(value: str | None, wanted: str | None, lenient: bool) -> bool:
    if value is None or wanted is None:
        return value is None and wanted is None
    return value.startswith(wanted) if lenient else value == wanted


def f1(tp: int, fp: int, fn: int) -> float:
    return 2 * tp / (2 * tp + fp + fn) if tp else 0.0


def timed(articles, extractors) -> dict[str, list[float]]:
    """CPU milliseconds per article of each extractor (process time, not wall time), measured two ways.

    "in turn": the extractors take turns on every article, so a machine shared with other jobs slows
    them alike; but each then starts with caches the other one filled (dateparser touches a lot of
    memory), which costs ours ~0.08 ms per article. "in blocks": each extractor over all articles,
    the blocks in A B B A order so that a drift in load is shared: throughput as a pipeline sees it.
    """
    for extract in extractors:
        for text, published in articles[:3]:
            extract(text, published)  # warm-up: compiled patterns, dateparser's language data
    in_turn = [0.0] * len(extractors)
    for text, published in articles:
        for i, extract in enumerate(extractors):
            started = time.process_time()
            extract(text, published)
            in_turn[i] += time.process_time() - started
    in_blocks = [0.0] * len(extractors)
    for i in list(range(len(extractors))) + list(reversed(range(len(extractors)))):
        started = time.process_time()
        for text, published in articles:
            extractors[i](text, published)
        in_blocks[i] += (time.process_time() - started) / 2
    per_article = lambda totals: [total * 1000 / len(articles) for total in totals]  # noqa: E731
    return {"in turn": per_article(in_turn), "in blocks": per_article(in_blocks)}


def folded(text: str):
    from data_prep.normalize import folded as make_folded

    return make_folded(text)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--news", type=int, default=0, help="also time N real articles from ../shared/data/news")
    args = parser.parse_args()

    print(f"{'gold':28} {'extractor':12} {'P':>6} {'R':>6} {'F1':>6} {'TP':>4} {'FP':>4} {'FN':>4}")
    for name, golds in (("seed (../shared)", seed_gold()), ("tests/cases/dates.tsv", case_gold())):
        if not golds:
            print(f"{name:28} (absent)")
            continue
        for label, extract, lenient in (("ours", ours, False), ("dateparser", theirs, True)):
            tp, fp, fn = score(golds, extract, lenient)
            p = tp / (tp + fp) if tp + fp else 0.0
            r = tp / (tp + fn) if tp + fn else 0.0
            print(f"{name:28} {label:12} {p:6.3f} {r:6.3f} {f1(tp, fp, fn):6.3f} {tp:4d} {fp:4d} {fn:4d}")

    samples = [("gold texts", [(g.text, g.published) for g in seed_gold() + case_gold()])]
    if args.news and NEWS.exists():
        samples.append((f"{args.news} real articles", news_articles(args.news)))
    print()
    print(f"{'texts':24} {'timing':10} {'ours ms/article':>16} {'of it folding':>14} {'dateparser ms/article':>22} {'ratio':>8}")
    for name, articles in samples:
        for how, (mine, folding, other) in timed(articles, [ours, lambda text, _: folded(text), theirs]).items():
            print(f"{name:24} {how:10} {mine:16.3f} {folding:14.3f} {other:22.2f} {other / mine:7.0f}x")
    print("(folding: data_prep.normalize.folded, the shared folded copy with its offset map, made once per article)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

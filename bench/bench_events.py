"""Throughput of the event step alone (events and quotes), on one core; prints a small table.

    .venv/bin/python bench/bench_events.py                 # the seed page's articles, repeated
    .venv/bin/python bench/bench_events.py --news 2000     # also 2000 real articles, when
                                                           # ../shared/data/news is present

The upstream rows (sentences, dates, figures, mentions) are computed first and not timed, so the
figures are those of `extract_events` only. Times are CPU time of this process (the machine may be
shared), so they hold for one core whatever else runs. Real articles are read in place from the shared folder
for the measurement; nothing of them is written anywhere.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import statistics
import sys
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
NEWS = ROOT.parent / "shared" / "data" / "news" / "saudinewsnet"


def seed_articles() -> list[tuple[str, dt.date | None]]:
    from data_prep.segment import segment_page

    articles = []
    for page in sorted((ROOT / "seeds").glob("*.txt")):
        articles += [(a.text, a.published) for a in segment_page(page.read_text(encoding="utf-8"))]
    return articles


def news_articles(limit: int) -> list[tuple[str, dt.date | None]]:
    articles: list[tuple[str, dt.date | None]] = []
    for archive in sorted(NEWS.glob("*.zip")):
        with zipfile.ZipFile(archive) as zipped:
            for name in zipped.namelist():
                for record in json.loads(zipped.read(name)):
                    published = dt.date.fromisoformat(record["date_extracted"][:10])
                    articles.append((record["content"].strip(), published))
                    if len(articles) >= limit:
                        return articles
    return articles


def upstream_rows(text: str, published: dt.date | None) -> tuple:
    from data_prep.extract.dates import extract_dates
    from data_prep.extract.entities import extract_mentions
    from data_prep.extract.figures import extract_figures
    from data_prep.sentences import sentence_spans

    sentences = [{"sentence_id": i, "start": s, "end": e, "text": text[s:e]}
                 for i, (s, e) in enumerate(sentence_spans(text))]
    dates = extract_dates(text, published)
    figures = [dict(f, figure_id=f"F{i}") for i, f in enumerate(extract_figures(text, dates))]
    return text, sentences, extract_mentions(text), dates, figures, published


def measure(label: str, articles: list[tuple[str, dt.date | None]], repeat: int) -> dict:
    from data_prep.extract.events import extract_events

    inputs = [upstream_rows(text, published) for text, published in articles]
    extract_events(*inputs[0])  # load and compile the lexicons outside the timing
    per_article, events, quotes = [], 0, 0
    for _ in range(repeat):
        for item in inputs:
            started = time.process_time()
            found, said = extract_events(*item)
            per_article.append(time.process_time() - started)
            events, quotes = events + len(found), quotes + len(said)
    words = sum(len(text.split()) for text, _ in articles) * repeat
    total = sum(per_article)
    return {
        "corpus": label, "articles": len(per_article), "words/article": round(words / len(per_article)),
        "articles/s": round(len(per_article) / total), "ms/article": round(1000 * total / len(per_article), 2),
        "ms/500 words": round(1000 * total / words * 500, 2),
        "p95 ms": round(1000 * statistics.quantiles(per_article, n=20)[-1], 2) if len(per_article) > 1 else None,
        "events/article": round(events / len(per_article), 1), "quotes/article": round(quotes / len(per_article), 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=50, help="times the seed articles are run")
    parser.add_argument("--news", type=int, default=0, help="real articles from ../shared/data/news (0: none)")
    args = parser.parse_args()
    rows = [measure("seed page", seed_articles(), args.repeat)]
    if args.news and NEWS.is_dir():
        rows.append(measure("saudinewsnet", news_articles(args.news), 1))
    elif args.news:
        print(f"({NEWS} is absent: real articles skipped)")
    columns = list(rows[0])
    print("  ".join(f"{c:>14}" for c in columns))
    for row in rows:
        print("  ".join(f"{str(row[c]):>14}" for c in columns))


if __name__ == "__main__":
    main()

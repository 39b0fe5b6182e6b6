"""Command line: `python -m data_prep build PATH... --out DIR` and `python -m data_prep info DIR`."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from tqdm import tqdm

from data_prep.frames import COLUMNS
from data_prep.pipeline import build
from data_prep.store import load
from data_prep.terminal import for_terminal
from data_prep.version import RELEASE



def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m data_prep",
        description="Turn Arabic news files into a corpus of tidy Parquet frames, and look at one.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {RELEASE}")
    commands = parser.add_subparsers(dest="command", required=True)

    build_cmd = commands.add_parser(
        "build", help="read files, folders or zips and write the corpus",
        description="Read PATHs (files, folders read recursively, .zip archives; formats .txt, .html/.htm, "
                    ".json, .jsonl, .csv) and write one Parquet file per frame plus manifest.json into --out.",
    )
    build_cmd.add_argument("paths", nargs="+", metavar="PATH", help="input file, folder or .zip archive")
    build_cmd.add_argument("--out", default="data/corpus", metavar="DIR",
                           help="corpus folder to write (replaced atomically when the build ends; default: %(default)s)")
    build_cmd.add_argument("--workers", type=int, default=1, metavar="N",
                           help="run in N worker processes on this machine (default: %(default)s)")
    build_cmd.add_argument("--scheduler", metavar="ADDRESS",
                           help="run on a Dask distributed cluster, e.g. tcp://10.0.0.5:8786; the workers read the inputs "
                                "themselves, so the paths must be readable on every worker")
    build_cmd.add_argument("--full", action="store_true",
                           help="process every input again, even those unchanged since the corpus in --out was built")
    build_cmd.add_argument("--quiet", action="store_true", help="no progress bar; only the one-line account")
    build_cmd.add_argument("--show-errors", type=int, default=10, metavar="N",
                           help="list up to N inputs that could not be read (default: %(default)s; 0: none)")

    info_cmd = commands.add_parser("info", help="print the counts and top entities of a built corpus",
                                   description="Print a built corpus's counts, date span and most-mentioned entities.")
    info_cmd.add_argument("corpus", metavar="DIR", help="corpus folder written by `build`")
    info_cmd.add_argument("--top", type=int, default=10, metavar="N", help="entities to list (default: %(default)s)")

    args = parser.parse_args(argv)
    if args.command == "build":
        return _build(args)
    return _info(args)


def _build(args) -> int:
    bar = None if args.quiet else tqdm(total=0, unit="file", desc="building", file=sys.stderr, dynamic_ncols=True)

    def progress(done: int, total: int, _label: str) -> None:
        if bar is not None:
            bar.total = total
            bar.update(done - bar.n)

    try:
        corpus = build(args.paths, out=args.out, progress=progress, workers=args.workers,
                       scheduler=args.scheduler, incremental=not args.full)
    finally:
        if bar is not None:
            bar.close()
    manifest = corpus.manifest
    counts = manifest["counts"]
    if not args.quiet:
        _print_table(counts, manifest["seconds"])
    errors = corpus["errors"]
    for row in errors.head(args.show_errors).itertuples():
        print(f"  not read: {for_terminal(row.origin)}: {row.reason}", file=sys.stderr)
    if len(errors) > args.show_errors > 0:
        print(f"  … and {len(errors) - args.show_errors} more in {Path(args.out) / 'errors.parquet'}", file=sys.stderr)
    print(f"files read: {manifest['files']} ({manifest['files_with_articles']} with articles, "
          f"{manifest['files_without_articles']} without), records: {manifest['records']}, "
          f"articles: {counts['articles']}, errors: {counts['errors']} -> {args.out}")
    return 0 if counts["articles"] > 0 else 1


def _print_table(counts: dict, seconds: float) -> None:
    width = max(len(name) for name in COLUMNS)
    print(f"{'frame':<{width}}  {'rows':>9}")
    for name in COLUMNS:
        print(f"{name:<{width}}  {counts.get(name, 0):>9,}")
    print(f"built in {seconds:.1f} s")


def _info(args) -> int:
    try:
        corpus = load(args.corpus)
    except FileNotFoundError as error:
        print(error, file=sys.stderr)
        return 2
    counts = corpus.manifest["counts"]
    _print_table(counts, corpus.manifest.get("seconds", 0.0))
    published = corpus["articles"]["published"].dropna()
    if len(published):
        print(f"published: {published.min()} to {published.max()}")
    entities = corpus["entities"].sort_values("mentions", ascending=False).head(args.top)
    for row in entities.itertuples():
        english = f" ({row.name_en})" if isinstance(row.name_en, str) and row.name_en else ""
        print(f"{row.type:<5} {row.mentions:>6}  {for_terminal(row.name)}{english}")
    return 0

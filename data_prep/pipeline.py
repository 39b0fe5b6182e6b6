"""The whole pipeline: input paths -> entries -> articles -> analysis rows -> corpus on disk.

The unit of work is a slice of one input file's entries (records and error rows, in file order),
so a single large JSON export spreads over workers as well as a folder of small pages does. A unit
is a pure function of the file, run in this process, in worker processes (`workers`), or on a Dask
cluster (`scheduler`), the workers reading the inputs themselves. Results are written in input
order, so every way of running gives the same corpus. A rebuild reuses the rows of inputs whose
content hash and pipeline version are unchanged and processes only the rest.
"""
from __future__ import annotations

import datetime as dt
import gc
import hashlib
import os
import time
from collections import deque
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from email.utils import parsedate_to_datetime
from functools import lru_cache
from pathlib import Path
from typing import Callable, Iterable, Iterator

import duckdb
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.dataset as ds

from data_prep.analyze import analyze_rows
from data_prep.extract.entities import entity_table
from data_prep.frames import COLUMNS, content_id
from data_prep.ingest import InputFile, InputProblem, is_error, iter_inputs, read_input
from data_prep.segment import first_day_in, segment_page
from data_prep.store import Corpus, CorpusWriter, frame_file, read_manifest, to_table
from data_prep.version import pipeline_version

Progress = Callable[[int, int, str], None]
SLICE_ENTRIES = 250          # entries per unit of work when running in parallel
MAX_ARTICLE_CHARS = 2_000_000  # no news page is longer; a longer one is a dump to split first
_LOCAL_IDS = {"figures": "figure_id", "events": "event_id", "quotes": "quote_id"}
_ARTICLE_FRAMES = [name for name in COLUMNS if "article_id" in COLUMNS[name] and name != "articles"]


# ---- one unit of work ---------------------------------------------------------------------------

def read_file(item: InputFile) -> tuple[str | None, list[dict]]:
    """The content hash and the entries of one input file (an unreadable file: one error entry).

    The last file read is remembered (until it is modified): a worker handed several slices of one
    large export in a row parses it once, not once per slice. Callers must not change the entries.
    """
    try:
        modified = os.stat(item.path).st_mtime_ns
    except OSError:
        modified = None
    return _read_file(item, modified)


@lru_cache(maxsize=1)
def _read_file(item: InputFile, modified: int | None) -> tuple[str | None, list[dict]]:
    try:
        data = item.read()
    except OSError as error:
        return None, [{"origin": item.origin, "reason": f"cannot be read ({error.strerror or error})"}]
    return _content_hash(data), read_input(item, data)


def hash_input(item: InputFile) -> str | None:
    """The content hash of one input file (None when it cannot be read)."""
    try:
        return _content_hash(item.read())
    except OSError:
        return None


def _content_hash(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def plan_input(item: InputFile) -> tuple[str | None, int]:
    """The content hash and number of entries of one input file (to cut it into slices)."""
    digest, entries = read_file(item)
    return digest, len(entries)


def process_slice(item: InputFile, first: int = 0, last: int | None = None) -> tuple[str | None, dict[str, list[dict]]]:
    """The file's content hash and the rows of every frame from its entries [first, last)."""
    digest, entries = read_file(item)
    with _rare_collections():
        return digest, rows_of_entries(entries[first:last])


@contextmanager
def _rare_collections():
    """Run the cycle collector rarely while rows are made.

    A slice makes hundreds of thousands of small dicts and lists that live until they are
    written and form no cycles; at the default thresholds (a pass every 700 new objects) the
    collector ran ~900 times per 1,000 generated articles and took ~7% of the build, rescanning
    them. Ten thousand objects between passes: ~60 passes, ~1% (bench/bench_pipeline.py).
    At the end the survivors move to the oldest generation unscanned (freeze, then unfreeze):
    restoring the thresholds alone started a pass over all of them (~0.1 ms per article).
    """
    before = gc.get_threshold()
    gc.set_threshold(10_000, 50, 1_000)
    try:
        yield
    finally:
        gc.freeze()
        gc.unfreeze()
        gc.set_threshold(*before)


def rows_of_entries(entries: list[dict]) -> dict[str, list[dict]]:
    """Rows of every frame (entities aside) from entries: records become articles, errors stay errors.

    `rows["records"]` says, per entry, how many articles it gave (0: it is reported in errors).
    """
    rows: dict[str, list[dict]] = {name: [] for name in COLUMNS if name != "entities"}
    rows["records"] = []
    ids: set[str] = set()
    for entry in entries:
        if is_error(entry):
            rows["errors"].append(entry)
            rows["records"].append(0)
        else:
            rows["records"].append(_add_record(entry, rows, ids))
    return rows


def _add_record(record: dict, rows: dict[str, list[dict]], ids: set[str]) -> int:
    """Add the articles of one record not already in `ids`; return how many."""
    if len(record["text"]) > MAX_ARTICLE_CHARS:
        rows["errors"].append({"origin": record["origin"], "reason": (
            f"text of {len(record['text']):,} characters, over the {MAX_ARTICLE_CHARS:,} limit for one page: "
            "split the file into its articles")})
        return 0
    articles = segment_page(record["text"], parse_metadata_date(record.get("published")), record.get("title"))
    if not articles:
        rows["errors"].append({"origin": record["origin"], "reason": "no article text found"})
        return 0
    added = 0
    for position, article in enumerate(articles):
        article_id = content_id(article.title, article.text)
        if article_id in ids:
            rows["errors"].append({"origin": record["origin"], "reason": "the same article appears twice in this input"})
            continue
        ids.add(article_id)
        added += 1
        first = position == 0
        rows["articles"].append({
            "article_id": article_id, "title": article.title, "published": article.published,
            "published_from": article.published_from, "source": article.source or record.get("source"),
            "dateline": article.dateline, "tags": article.tags, "text": article.text,
            "origin": record["origin"], "url": record.get("url") if first else None,
            "author": record.get("author") if first else None,
        })
        rows["related"] += [{"article_id": article_id, "position": i, "text": headline}
                            for i, headline in enumerate(article.related)]
        for name, found in analyze_rows(article.text, article.published).items():
            _tie_to_article(name, found, article_id)
            rows[name] += found
    return added


def _tie_to_article(name: str, rows: list[dict], article_id: str) -> None:
    """Set the rows' article_id; local ids ("F0", "E1") become corpus-wide ("<article_id>:F0"),
    references included."""
    key = _LOCAL_IDS.get(name)
    for row in rows:
        row["article_id"] = article_id
        if key:
            row[key] = f"{article_id}:{row[key]}"
        if name == "events" and row.get("figures"):
            row["figures"] = [f"{article_id}:{fid}" for fid in row["figures"]]


def parse_metadata_date(value: object) -> dt.date | None:
    """A publication date from a metadata field: ISO, `YYYY-MM-DD hh:mm:ss`, RFC 2822, or Arabic text."""
    if value is None or not str(value).strip():
        return None
    text = str(value).strip()
    try:
        return dt.date.fromisoformat(text[:10])
    except ValueError:
        pass
    try:
        return parsedate_to_datetime(text).date()
    except (TypeError, ValueError, IndexError):
        return first_day_in(text)


# ---- running units ------------------------------------------------------------------------------

@contextmanager
def _submitter(workers: int, scheduler: str | None):
    """A `submit(fn, *args) -> future` running elsewhere (worker processes or Dask), or None (here)."""
    if scheduler:
        from distributed import Client

        with Client(scheduler) as client:
            yield lambda fn, *args: client.submit(fn, *args, pure=False)
    elif workers > 1:
        with ProcessPoolExecutor(max_workers=workers) as pool:
            yield pool.submit
    else:
        yield None


def _ordered(submit, fn, calls: Iterable[tuple], window: int) -> Iterator:
    """fn(*args) for each call, results in call order, at most `window` running at once."""
    if submit is None:
        for args in calls:
            yield fn(*args)
        return
    pending: deque = deque()
    for args in calls:
        pending.append(submit(fn, *args))
        if len(pending) >= window:
            yield pending.popleft().result()
    while pending:
        yield pending.popleft().result()


# ---- the build ----------------------------------------------------------------------------------

def scan(paths: Iterable) -> tuple[list[InputFile], list[InputProblem]]:
    files, problems = [], []
    for found in iter_inputs(paths):
        (files if isinstance(found, InputFile) else problems).append(found)
    return files, problems


def build(paths, out: str | Path = "data/corpus", *, progress: Progress | None = None,
          workers: int = 1, scheduler: str | None = None, incremental: bool = True) -> Corpus:
    """Run the whole pipeline on `paths` (files, folders, zips) and write the corpus to `out`.

    `workers` > 1 runs units in that many processes; `scheduler` (a Dask scheduler address such
    as tcp://host:8786) runs them on a Dask cluster. With `incremental`, inputs whose content and
    pipeline version are unchanged since the corpus at `out` was built are not processed again.
    """
    started = time.perf_counter()
    paths = [paths] if isinstance(paths, (str, Path)) else list(paths)
    files, problems = scan(paths)
    previous = _previous_inputs(out) if incremental else {}
    writer = CorpusWriter(out)
    try:
        writer.add("errors", [{"origin": p.origin, "reason": p.reason} for p in problems])
        with _submitter(workers, scheduler) as submit:
            window = 4 * max(workers, 2)
            plans = list(_ordered(submit, plan_input, ((f,) for f in files), window)) if submit else None
            hashes = [p[0] for p in plans] if plans else [hash_input(f) if previous else None for f in files]
            reused = [previous[f.origin] if f.origin in previous and previous[f.origin]["hash"] == h else None
                      for f, h in zip(files, hashes)]
            seen = _copy_reused(writer, Path(out), [r for r in reused if r])
            inputs = _process(writer, submit, files, plans, reused, seen, progress, window)
        for entities in _entity_tables(writer.finish("mentions"), writer.counts["mentions"]):
            writer.add_table("entities", to_table("entities", entities))
        writer.publish({
            "version": pipeline_version(), "built": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
            "paths": [str(p) for p in paths], "inputs": inputs, "counts": dict(writer.counts),
            "files": len(files) + len(problems),
            "files_with_articles": sum(1 for entry in inputs if entry["articles"]),
            "files_without_articles": len(problems) + sum(1 for entry in inputs if not entry["articles"]),
            "records": sum(entry["records"] for entry in inputs),
            "reused": sum(1 for r in reused if r),
            "seconds": round(time.perf_counter() - started, 3),
        })
    except BaseException:
        writer.abandon()
        raise
    return Corpus(out)


def _process(writer, submit, files, plans, reused, seen, progress, window) -> list[dict]:
    """Process every input not reused (whole files here, slices elsewhere); return the manifest's inputs."""
    inputs = [dict(r) if r else {"origin": f.origin, "hash": None, "size": f.size, "records": 0,
                                 "records_with_articles": 0, "articles": [], "errors": 0}
              for f, r in zip(files, reused)]
    todo = [i for i, r in enumerate(reused) if r is None]
    if plans is None:
        calls, owners = [(files[i],) for i in todo], todo
    else:
        calls, owners = [], []
        for i in todo:
            for first in range(0, max(plans[i][1], 1), SLICE_ENTRIES):
                calls.append((files[i], first, first + SLICE_ENTRIES))
                owners.append(i)
    results = _ordered(submit, process_slice, calls, window)
    for done, (owner, (digest, rows)) in enumerate(zip(owners, results), start=1):
        inputs[owner]["hash"] = digest
        _write_rows(writer, rows, seen, inputs[owner])
        if progress:
            progress(done, len(calls), files[owner].origin)
    return inputs


def _write_rows(writer: CorpusWriter, rows: dict[str, list[dict]], seen: dict[str, str], entry: dict) -> None:
    """Add one unit's rows; an article already read from another input is reported, not repeated."""
    kept = set()
    for article in rows["articles"]:
        first = seen.setdefault(article["article_id"], article["origin"])
        if first == article["origin"]:
            kept.add(article["article_id"])
        else:
            rows["errors"].append({"origin": article["origin"], "reason": f"duplicate of an article already read from {first}"})
    records = rows.pop("records")
    for name, found in rows.items():
        if name != "errors":
            found = [row for row in found if row["article_id"] in kept]
        writer.add(name, found)
    entry["articles"] += [a["article_id"] for a in rows["articles"] if a["article_id"] in kept]
    entry["errors"] += len(rows["errors"])
    entry["records"] += len(records)
    entry["records_with_articles"] += sum(1 for n in records if n)


def _previous_inputs(out) -> dict[str, dict]:
    """Inputs of the corpus at `out` by origin, when it was built by this pipeline version."""
    manifest = read_manifest(out)
    if manifest is None or manifest.get("version") != pipeline_version():
        return {}
    return {entry["origin"]: entry for entry in manifest.get("inputs", []) if entry.get("hash")}


def _copy_reused(writer: CorpusWriter, out: Path, reused: list[dict]) -> dict[str, str]:
    """Copy the rows of unchanged inputs from the previous corpus; return article_id -> origin seen."""
    seen: dict[str, str] = {}
    if not reused:
        return seen
    ids = sorted({article_id for entry in reused for article_id in entry["articles"]})
    origins = {entry["origin"] for entry in reused}
    articles = ds.dataset(frame_file(out, "articles")).to_table(filter=pc.field("article_id").isin(ids))
    seen.update(zip(articles.column("article_id").to_pylist(), articles.column("origin").to_pylist()))
    writer.add_table("articles", articles)
    for name in _ARTICLE_FRAMES:
        writer.add_table(name, ds.dataset(frame_file(out, name)).to_table(filter=pc.field("article_id").isin(ids)))
    errors = ds.dataset(frame_file(out, "errors")).to_table()
    belongs = [bool(_input_of(o) & origins) for o in errors.column("origin").to_pylist()]
    writer.add_table("errors", errors.filter(pa.array(belongs, type=pa.bool_())))
    return seen


def _input_of(origin: str) -> set[str]:
    """The input origins an error origin may belong to: itself, before `#record N`, before `!member`."""
    candidates = {origin, origin.split("#", 1)[0]}
    candidates.update(origin[:i] for i, ch in enumerate(origin) if ch == "!")
    return candidates


def _entity_tables(mentions: Path, count: int, bucket_rows: int = 1_000_000) -> Iterator[pd.DataFrame]:
    """The entities frame in parts: mentions split by a hash of entity_id, so memory stays bounded."""
    buckets = max(1, -(-count // bucket_rows))
    for bucket in range(buckets):
        part = duckdb.sql(
            f"SELECT article_id, entity_id, type, text FROM read_parquet('{_sql_path(mentions)}') "
            f"WHERE hash(entity_id) % {buckets} = {bucket}").df()
        yield entity_table(part)


def _sql_path(path: Path) -> str:
    return str(path).replace("'", "''")


def is_current(out: str | Path, paths) -> bool:
    """Whether the corpus at `out` was built from these inputs' exact contents by this pipeline version."""
    manifest = read_manifest(out)
    if manifest is None or manifest.get("version") != pipeline_version():
        return False
    files, _ = scan([paths] if isinstance(paths, (str, Path)) else paths)
    wanted = sorted((item.origin, hash_input(item)) for item in files)
    return wanted == sorted((i["origin"], i["hash"]) for i in manifest.get("inputs", []))

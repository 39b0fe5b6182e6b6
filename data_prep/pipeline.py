"""The whole pipeline: input paths -> records -> articles -> analysis rows -> corpus on disk.

`process_input` turns one input file into rows of every frame; it is a pure function of the
file, so it can run in this process, in worker processes, or on Dask workers. `build` streams
its results into the corpus writer and adds what needs the whole corpus (entities).
"""
from __future__ import annotations

import datetime as dt
import hashlib
import time
from pathlib import Path
from typing import Callable, Iterable

import pandas as pd

from data_prep.analyze import analyze_rows
from data_prep.extract.dates import extract_dates
from data_prep.extract.entities import entity_table
from data_prep.frames import content_id
from data_prep.ingest import InputFile, InputProblem, iter_inputs, read_input
from data_prep.segment import segment_page
from data_prep.store import Corpus, CorpusWriter, read_manifest
from data_prep.version import pipeline_version

Progress = Callable[[int, int, str], None]
_LOCAL_IDS = {"figures": "figure_id", "events": "event_id", "quotes": "quote_id"}


def process_input(item: InputFile) -> dict:
    """Rows of every frame from one input file, and the file's line for the manifest."""
    rows: dict[str, list[dict]] = {"articles": [], "related": [], "errors": [], "sentences": [],
                                   "mentions": [], "dates": [], "figures": [], "events": [], "quotes": []}
    data_hash = None
    try:
        data = item.read()
    except OSError as error:
        rows["errors"].append({"origin": item.origin, "reason": f"cannot be read ({error.strerror or error})"})
    else:
        data_hash = _hash(data)
        records, errors = read_input(item, data)
        rows["errors"] += errors
        for record in records:
            _add_record(record, rows)
    return {"rows": rows, "input": {"origin": item.origin, "hash": data_hash, "size": item.size,
                                    "articles": len(rows["articles"]), "errors": len(rows["errors"])}}


def _add_record(record: dict, rows: dict[str, list[dict]]) -> None:
    articles = segment_page(record["text"], parse_metadata_date(record.get("published")), record.get("title"))
    if not articles:
        rows["errors"].append({"origin": record["origin"], "reason": "no article text found"})
        return
    for position, article in enumerate(articles):
        article_id = content_id(article.title, article.text)
        if any(row["article_id"] == article_id for row in rows["articles"]):
            rows["errors"].append({"origin": record["origin"], "reason": "the same article appears twice in this input"})
            continue
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
            for row in found:
                row["article_id"] = article_id
                _globalise_ids(name, row, article_id)
            rows[name] += found


def _globalise_ids(name: str, row: dict, article_id: str) -> None:
    """Local ids ("F0", "E1") become corpus-wide ("<article_id>:F0"), references included."""
    if name in _LOCAL_IDS:
        key = _LOCAL_IDS[name]
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
        from email.utils import parsedate_to_datetime

        return parsedate_to_datetime(text).date()
    except (TypeError, ValueError, IndexError):
        pass
    for row in extract_dates(text, None):
        if row.get("value") and len(row["value"]) == 10:
            return dt.date.fromisoformat(row["value"])
    return None


def _hash(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def scan(paths: Iterable) -> tuple[list[InputFile], list[InputProblem]]:
    files, problems = [], []
    for found in iter_inputs(paths):
        (files if isinstance(found, InputFile) else problems).append(found)
    return files, problems


def build(paths, out: str | Path = "data/corpus", *, progress: Progress | None = None) -> Corpus:
    """Run the whole pipeline on `paths` (files, folders, zips) and write the corpus to `out`."""
    started = time.perf_counter()
    paths = [paths] if isinstance(paths, (str, Path)) else list(paths)
    files, problems = scan(paths)
    writer = CorpusWriter(out)
    inputs, seen = [], {}
    try:
        writer.add("errors", [{"origin": p.origin, "reason": p.reason} for p in problems])
        for done, item in enumerate(files, start=1):
            result = process_input(item)
            _write_result(writer, result["rows"], seen)
            inputs.append(result["input"])
            if progress:
                progress(done, len(files), item.origin)
        mentions = pd.read_parquet(writer.finish("mentions"))
        writer.write_frame("entities", entity_table(mentions))
        manifest = {
            "version": pipeline_version(), "built": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
            "paths": [str(p) for p in paths], "inputs": inputs,
            "counts": dict(writer.counts), "files": len(files) + len(problems),
            "seconds": round(time.perf_counter() - started, 3),
        }
        writer.publish(manifest)
    except BaseException:
        writer.abandon()
        raise
    return Corpus(out)


def _write_result(writer: CorpusWriter, rows: dict[str, list[dict]], seen: dict[str, str]) -> None:
    """Add one file's rows; an article already read from another input is reported, not repeated."""
    kept = set()
    for article in rows["articles"]:
        first = seen.setdefault(article["article_id"], article["origin"])
        if first == article["origin"]:
            kept.add(article["article_id"])
        else:
            rows["errors"].append({"origin": article["origin"], "reason": f"duplicate of an article already read from {first}"})
    for name, found in rows.items():
        if name != "errors":
            found = [row for row in found if row["article_id"] in kept]
        writer.add(name, found)


def is_current(out: str | Path, paths) -> bool:
    """Whether the corpus at `out` was built from these inputs' exact contents by this pipeline version."""
    manifest = read_manifest(out)
    if manifest is None or manifest.get("version") != pipeline_version():
        return False
    files, _ = scan([paths] if isinstance(paths, (str, Path)) else paths)
    try:
        wanted = sorted((item.origin, _hash(item.read())) for item in files)
    except OSError:
        return False
    return wanted == sorted((i["origin"], i["hash"]) for i in manifest.get("inputs", []))

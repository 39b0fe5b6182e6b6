"""Records from decoded files, by format: txt, html, json, jsonl, csv.

A file gives a list of entries in input order. An entry is a record - a dict with `text` and, where
the input has them, `title`, `published` (raw string), `source`, `url`, `author`, plus `origin` (file,
and record number where there is one) - or, for what cannot be used, an error `{origin, reason}` with
a plain reason, so nothing is silently lost. Keeping both in one ordered list lets a large file be
split into slices of entries that workers process independently.
"""
from __future__ import annotations

import csv
import io
import json
from functools import lru_cache
from pathlib import Path

from data_prep.ingest.html import read_html

FORMATS = {".txt": "txt", ".text": "txt", ".md": "txt", ".html": "html", ".htm": "html",
           ".xhtml": "html", ".json": "json", ".jsonl": "jsonl", ".ndjson": "jsonl", ".csv": "csv",
           ".tsv": "csv"}
_CONTAINER_KEYS = ("articles", "items", "data", "results", "entries", "posts", "records")


@lru_cache(maxsize=1)
def field_names() -> dict[str, tuple[str, ...]]:
    """The recognised field names of each record field (data file `fields.json`)."""
    data = json.loads((Path(__file__).with_name("fields.json")).read_text(encoding="utf-8"))
    return {key: tuple(names) for key, names in data.items() if not key.startswith("_")}


def is_error(entry: dict) -> bool:
    return "reason" in entry


def read_entries(text: str, fmt: str, origin: str) -> list[dict]:
    """The entries (records and errors, in input order) of one decoded file of format `fmt`."""
    if fmt == "txt":
        return _single({"text": text}, origin)
    if fmt == "html":
        return _single(read_html(text), origin)
    if fmt == "json":
        return _read_json(text, origin)
    if fmt == "jsonl":
        return _read_jsonl(text, origin)
    if fmt == "csv":
        return _read_csv(text, origin)
    raise ValueError(f"unknown format {fmt!r}")


def _single(record: dict, origin: str) -> list[dict]:
    if not (record.get("text") or "").strip():
        return [{"origin": origin, "reason": "the file holds no text"}]
    return [{**record, "origin": origin}]


def _read_json(text: str, origin: str) -> list[dict]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        return [{"origin": origin, "reason": f"not valid JSON: {error.msg} at line {error.lineno}, column {error.colno}"}]
    except RecursionError:
        return [{"origin": origin, "reason": "not readable JSON: nested too deeply"}]
    if isinstance(data, dict):
        inner = next((data[k] for k in _CONTAINER_KEYS if isinstance(data.get(k), list)), None)
        if inner is None:
            return _from_objects([data], origin, numbered=False)
        data = inner
    if not isinstance(data, list):
        return [{"origin": origin, "reason": "JSON holds neither an article object nor a list of them"}]
    if not data:
        return [{"origin": origin, "reason": "the JSON list is empty"}]
    return _from_objects(data, origin, numbered=True)


def _read_jsonl(text: str, origin: str) -> list[dict]:
    entries = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        where = f"{origin}#line {number}"
        try:
            obj = json.loads(line)
        except (json.JSONDecodeError, RecursionError) as error:
            entries.append({"origin": where, "reason": f"not valid JSON: {getattr(error, 'msg', 'nested too deeply')}"})
            continue
        entries += _from_objects([obj], where, numbered=False)
    return entries or [{"origin": origin, "reason": "the file holds no records"}]


def _read_csv(text: str, origin: str) -> list[dict]:
    if not text.strip():
        return [{"origin": origin, "reason": "the file holds no text"}]
    sample = text[:20_000]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",;\t|")
    except csv.Error:
        dialect = csv.excel
    csv.field_size_limit(1 << 30)
    reader = csv.DictReader(io.StringIO(text, newline=""), dialect=dialect)
    columns = [c for c in (reader.fieldnames or []) if c is not None]
    if _field_of(columns, "text") is None:
        looked = ", ".join(field_names()["text"][:6])
        return [{"origin": origin, "reason": f"no text column (columns: {', '.join(columns) or 'none'}; looked for {looked}, …)"}]
    entries = []
    try:
        for number, row in enumerate(reader, start=2):  # line 1 is the header
            entries += _from_objects([row], f"{origin}#row {number}", numbered=False)
    except csv.Error as error:
        entries.append({"origin": origin, "reason": f"the CSV is malformed after row {len(entries) + 1}: {error}"})
    return entries or [{"origin": origin, "reason": "the CSV has a header but no rows"}]


def _from_objects(objects: list, origin: str, numbered: bool) -> list[dict]:
    entries = []
    for number, obj in enumerate(objects, start=1):
        where = f"{origin}#record {number}" if numbered else origin
        if not isinstance(obj, dict):
            entries.append({"origin": where, "reason": f"a {type(obj).__name__}, not an article object"})
            continue
        record = _mapped(obj)
        if not record.get("text"):
            looked = ", ".join(field_names()["text"][:6])
            entries.append({"origin": where, "reason": f"no text (looked for the fields {looked}, …)"})
            continue
        entries.append({**record, "origin": where})
    return entries


def _mapped(obj: dict) -> dict:
    """Our record fields from an input object whose keys use any of the recognised names."""
    keys = [k for k in obj if isinstance(k, str)]
    record = {}
    for field in field_names():
        key = _field_of(keys, field, obj)
        if key is not None:
            value = obj[key]
            if isinstance(value, list):
                value = ", ".join(str(v) for v in value if v is not None)
            record[field] = str(value).strip()
    return record


def _field_of(keys: list[str], field: str, obj: dict | None = None) -> str | None:
    """The first key naming `field` (non-empty in `obj` when given)."""
    by_name = {k.strip().lower(): k for k in keys}
    for name in field_names()[field]:
        key = by_name.get(name)
        if key is not None and (obj is None or (obj[key] is not None and str(obj[key]).strip())):
            return key
    return None

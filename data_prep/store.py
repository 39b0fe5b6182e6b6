"""The corpus on disk: one Parquet file per frame and a manifest, in one folder.

Writing streams rows in batches (row groups), so memory does not grow with the corpus. A build
writes into a temporary sibling folder and moves it into place at the end: an interrupted build
leaves the previous corpus intact and never a half-written Parquet file.
"""
from __future__ import annotations

import json
import os
import shutil
import uuid
from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path
from typing import Iterator

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from data_prep.frames import COLUMNS, TYPES, make_frame

MANIFEST = "manifest.json"
# Rows buffered per frame before a row group is written; articles carry their whole text.
_BATCH_ROWS = {"articles": 2_000}
_DEFAULT_BATCH_ROWS = 50_000
_ARROW = {"str": pa.string(), "int": pa.int32(), "float": pa.float64(), "bool": pa.bool_(),
          "date": pa.date32(), "list": pa.list_(pa.string())}
_INT64 = {("entities", "mentions"), ("entities", "articles")}


def frame_file(folder: str | Path, name: str) -> Path:
    """Where a corpus folder keeps frame `name` (one Parquet file per frame)."""
    return Path(folder) / f"{name}.parquet"


@lru_cache(maxsize=None)
def schema(name: str) -> pa.Schema:
    """The Parquet schema of frame `name`."""
    fields = []
    for column in COLUMNS[name]:
        kind = TYPES[name].get(column, "str")
        fields.append(pa.field(column, pa.int64() if (name, column) in _INT64 else _ARROW[kind]))
    return pa.schema(fields)


def to_table(name: str, frame: pd.DataFrame) -> pa.Table:
    return pa.Table.from_pandas(frame[COLUMNS[name]], schema=schema(name), preserve_index=False)


class CorpusWriter:
    """Streams rows of every frame into Parquet files in a temporary folder, then publishes it."""

    def __init__(self, out: str | Path):
        self.out = Path(out)
        self.out.parent.mkdir(parents=True, exist_ok=True)
        _remove_abandoned(self.out)
        self.tmp = self.out.parent / f".{self.out.name}.building-{os.getpid()}-{uuid.uuid4().hex[:8]}"
        self.tmp.mkdir()
        self._buffers: dict[str, list[dict]] = {name: [] for name in COLUMNS}
        self._writers: dict[str, pq.ParquetWriter] = {}
        self._closed: set[str] = set()
        self.counts: dict[str, int] = {name: 0 for name in COLUMNS}

    def add(self, name: str, rows: list[dict]) -> None:
        buffer = self._buffers[name]
        buffer.extend(rows)
        self.counts[name] += len(rows)
        if len(buffer) >= _BATCH_ROWS.get(name, _DEFAULT_BATCH_ROWS):
            self._flush(name)

    def add_table(self, name: str, table: pa.Table) -> None:
        """Add rows already in Parquet form (copied from a previous corpus)."""
        self._flush(name)
        self._writer(name).write_table(table.select(COLUMNS[name]).cast(schema(name)))
        self.counts[name] += table.num_rows

    def finish(self, name: str) -> Path:
        """Write what is buffered for `name` and close its file, so it can be read back."""
        if name not in self._closed:
            self._flush(name)
            self._writers.pop(name).close()
            self._closed.add(name)
        return frame_file(self.tmp, name)

    def publish(self, manifest: dict) -> Path:
        """Write the manifest and move the finished corpus into place, replacing any old one."""
        for name in COLUMNS:
            self.finish(name)
        (self.tmp / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8")
        old = None
        if self.out.exists():
            old = self.out.parent / f".{self.out.name}.old-{uuid.uuid4().hex[:8]}"
            os.replace(self.out, old)
        os.replace(self.tmp, self.out)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
        return self.out

    def abandon(self) -> None:
        """Drop the temporary folder (after a failure); the previous corpus stays as it was."""
        for writer in self._writers.values():
            writer.close()
        shutil.rmtree(self.tmp, ignore_errors=True)

    def _writer(self, name: str) -> pq.ParquetWriter:
        if name not in self._writers:
            self._writers[name] = pq.ParquetWriter(frame_file(self.tmp, name), schema(name), compression="zstd")
        return self._writers[name]

    def _flush(self, name: str) -> None:
        buffer = self._buffers[name]
        if buffer or name not in self._writers:
            # Rows go straight to Arrow (missing keys null, extra keys dropped): a pandas frame
            # in between took most of the store step's time.
            self._writer(name).write_table(pa.Table.from_pylist(buffer, schema=schema(name)))
            buffer.clear()


def _remove_abandoned(out: Path) -> None:
    """Delete temporary folders left by builds of `out` that were killed (their process is gone)."""
    for folder in out.parent.glob(f".{out.name}.building-*"):
        pid = folder.name.rsplit(".building-", 1)[1].split("-", 1)[0]
        if pid.isdigit() and not _alive(int(pid)):
            shutil.rmtree(folder, ignore_errors=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


class Corpus(Mapping):
    """A built corpus: frame name -> pandas DataFrame, each read from its Parquet file on first use."""

    def __init__(self, path: str | Path):
        self.path = Path(path)
        manifest = self.path / MANIFEST
        if not manifest.is_file():
            raise FileNotFoundError(f"{self.path} is not a corpus folder (no {MANIFEST}); build one with `python -m data_prep build`")
        self.manifest = json.loads(manifest.read_text(encoding="utf-8"))
        self._frames: dict[str, pd.DataFrame] = {}

    def __getitem__(self, name: str) -> pd.DataFrame:
        if name not in COLUMNS:
            raise KeyError(name)
        if name not in self._frames:
            file = frame_file(self.path, name)
            self._frames[name] = pd.read_parquet(file) if file.exists() else make_frame(name)
        return self._frames[name]

    def __iter__(self) -> Iterator[str]:
        return iter(COLUMNS)

    def __len__(self) -> int:
        return len(COLUMNS)

    def __repr__(self) -> str:
        counts = ", ".join(f"{k}={v}" for k, v in self.manifest.get("counts", {}).items())
        return f"Corpus({str(self.path)!r}: {counts})"


def load(path: str | Path) -> Corpus:
    """The corpus built at `path` (frames load lazily, on first access)."""
    return Corpus(path)


def read_manifest(path: str | Path) -> dict | None:
    file = Path(path) / MANIFEST
    try:
        return json.loads(file.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None

"""Exports of the filtered frames, streamed: CSV for Excel, plain CSV, Parquet, and a ZIP of all.

Every writer takes the chunks of a filtered frame (`View.chunks`) and yields bytes as it goes, so an
export of millions of rows holds one chunk in memory, never the whole file. The server sends the
bytes as they come (`dashboard/download.py`).

CSV for Excel is UTF-8 with a BOM (so Excel reads Arabic) and text cells that Excel would run as a
formula (starting with = + - @, tab or carriage return) get a leading apostrophe.
"""
from __future__ import annotations

import json
import zipfile
from typing import Iterable, Iterator, Mapping

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from data_prep.store import schema

FORMULA_START = r"^[=+\-@\t\r]"
BOM = "\ufeff".encode("utf-8")
# format -> (file name ending, media type)
FORMATS = {
    "excel": ("_excel.csv", "text/csv; charset=utf-8"),
    "csv": (".csv", "text/csv; charset=utf-8"),
    "parquet": (".parquet", "application/vnd.apache.parquet"),
}
ZIP_NAME = "corpus_export.zip"


def file_name(frame: str, fmt: str) -> str:
    return frame + FORMATS[fmt][0]


def _is_listish(value) -> bool:
    return isinstance(value, (list, tuple, np.ndarray))


def flatten(frame: pd.DataFrame) -> pd.DataFrame:
    """List cells (tags, actors, aliases…) as '; '-joined text, so they survive CSV."""
    out = frame.copy()
    for column in out.columns:
        series = out[column]
        if series.dtype == object and series.map(_is_listish).any():
            out[column] = series.map(lambda v: "; ".join(map(str, v)) if _is_listish(v) else v)
    return out


def neutralise(frame: pd.DataFrame) -> pd.DataFrame:
    """Text cells starting like a formula get a leading apostrophe (vectorised per column)."""
    out = frame.copy()
    for column in out.columns:
        series = out[column]
        if series.dtype == object or pd.api.types.is_string_dtype(series.dtype):
            text = series.astype("string")
            risky = text.str.contains(FORMULA_START, regex=True).fillna(False).to_numpy(dtype=bool)
            if risky.any():
                out[column] = series.where(~risky, "'" + text)
    return out


def excel_csv(chunks: Iterable[pd.DataFrame]) -> Iterator[bytes]:
    """CSV for Excel: BOM, UTF-8, formulas neutralised; one header, then the chunks' rows."""
    yield BOM
    for i, chunk in enumerate(chunks):
        yield neutralise(flatten(chunk)).to_csv(index=False, header=i == 0).encode("utf-8")


def plain_csv(chunks: Iterable[pd.DataFrame]) -> Iterator[bytes]:
    """UTF-8 CSV without BOM; cells exactly as they are (lists '; '-joined)."""
    for i, chunk in enumerate(chunks):
        yield flatten(chunk).to_csv(index=False, header=i == 0).encode("utf-8")


def parquet(chunks: Iterable[pd.DataFrame], name: str) -> Iterator[bytes]:
    """Parquet with the corpus's own column types (`data_prep.store.schema`), one row group per chunk."""
    sink = _Pipe()
    writer = None
    for chunk in chunks:
        if writer is None:
            writer = pq.ParquetWriter(sink, _schema(name, chunk.columns), compression="zstd")
        writer.write_table(pa.Table.from_pandas(chunk, schema=writer.schema, preserve_index=False))
        yield from sink.drain()
    writer.close()
    yield from sink.drain()


def _schema(name: str, columns: Iterable[str]) -> pa.Schema:
    """The frame's schema; columns it does not know (the view's counts) are integers."""
    known = schema(name)
    return pa.schema([known.field(c) if c in known.names else pa.field(c, pa.int64()) for c in columns])


def write(fmt: str, chunks: Iterable[pd.DataFrame], name: str) -> Iterator[bytes]:
    """The bytes of frame `name` in format `fmt` ("excel", "csv" or "parquet")."""
    if fmt == "excel":
        return excel_csv(chunks)
    if fmt == "csv":
        return plain_csv(chunks)
    return parquet(chunks, name)


def zip_all(view, filters: Mapping | None = None) -> Iterator[bytes]:
    """Every frame of `view` in the three formats, plus the filters that produced them (filters.json).

    The archive is written to a stream (entries with data descriptors), so it is sent while written.
    """
    sink = _Pipe()
    with zipfile.ZipFile(sink, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name in view.prepared.frames:
            for fmt in FORMATS:
                entry_name = f"{fmt}/{name}.{'parquet' if fmt == 'parquet' else 'csv'}"
                with archive.open(entry_name, "w", force_zip64=True) as entry:
                    for data in write(fmt, view.chunks(name), name):
                        entry.write(data)
                        yield from sink.drain()
        archive.writestr("filters.json", json.dumps(dict(filters or {}), ensure_ascii=False, indent=2))
    yield from sink.drain()


class _Pipe:
    """A write-only file whose bytes are taken out as they come (no seek: writers stream)."""

    def __init__(self):
        self._parts: list[bytes] = []
        self.closed = False

    def write(self, data) -> int:
        self._parts.append(bytes(data))
        return len(data)

    def flush(self) -> None:
        pass

    def close(self) -> None:
        self.closed = True

    def drain(self) -> Iterator[bytes]:
        """The bytes written since the last drain, if any (as an iterable: `yield from pipe.drain()`)."""
        data, self._parts = b"".join(self._parts), []
        if data:
            yield data

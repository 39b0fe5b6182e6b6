"""Exports of the filtered frames, streamed: CSV for Excel, plain CSV, Parquet, and a ZIP of all.

Every writer takes the chunks of a filtered frame (`View.chunks`: Arrow tables with the corpus's
column types) and yields bytes as it goes, so an export of millions of rows holds one chunk in
memory, never the whole file. The server sends the bytes as they come (`dashboard/download.py`).
The conversion is Arrow's (lists joined, formulas neutralised and CSV written in C++), not a Python
loop over rows.

CSV for Excel is UTF-8 with a BOM (so Excel reads Arabic) and text cells that Excel would run as a
formula (starting with = + - @, tab or carriage return) get a leading apostrophe.
"""
from __future__ import annotations

import json
import zipfile
from typing import Iterable, Iterator, Mapping

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

FORMULA_START = r"^[=+\-@\t\r]"
LIST_SEPARATOR = "; "  # list cells (tags, actors, aliases…) in CSV
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


def neutralise(column: pa.ChunkedArray) -> pa.ChunkedArray:
    """Text cells starting like a formula get a leading apostrophe; other cells stay as they are."""
    risky = pc.fill_null(pc.match_substring_regex(column, FORMULA_START), False)
    return pc.if_else(risky, pc.binary_join_element_wise("'", column, ""), column)


def for_csv(table: pa.Table, formula_safe: bool) -> pa.Table:
    """List cells joined with '; ' (CSV has no lists); text cells neutralised when `formula_safe`."""
    columns = []
    for column in table.columns:
        if pa.types.is_list(column.type):
            column = pc.binary_join(column, LIST_SEPARATOR)
        if formula_safe and pa.types.is_string(column.type):
            column = neutralise(column)
        columns.append(column)
    return pa.table(columns, names=table.column_names)


def excel_csv(tables: Iterable[pa.Table]) -> Iterator[bytes]:
    """CSV for Excel: BOM, UTF-8, formulas neutralised; one header, then every table's rows."""
    yield BOM
    yield from _csv(tables, formula_safe=True)


def plain_csv(tables: Iterable[pa.Table]) -> Iterator[bytes]:
    """UTF-8 CSV without BOM; cells exactly as they are (lists '; '-joined)."""
    yield from _csv(tables, formula_safe=False)


def _csv(tables: Iterable[pa.Table], formula_safe: bool) -> Iterator[bytes]:
    options = pacsv.WriteOptions(quoting_style="needed")
    return _streamed((for_csv(table, formula_safe) for table in tables),
                     lambda sink, schema: pacsv.CSVWriter(sink, schema, write_options=options))


def parquet(tables: Iterable[pa.Table]) -> Iterator[bytes]:
    """Parquet with the corpus's own column types, one row group per table."""
    return _streamed(tables, lambda sink, schema: pq.ParquetWriter(sink, schema, compression="zstd"))


def _streamed(tables: Iterable[pa.Table], open_writer) -> Iterator[bytes]:
    """The bytes of `open_writer(sink, schema)` (an Arrow CSV or Parquet writer, opened on the first
    table's schema) fed every table, yielded as each table is written."""
    sink, writer = _Pipe(), None
    for table in tables:
        if writer is None:
            writer = open_writer(sink, table.schema)
        writer.write_table(table)
        yield from sink.drain()
    writer.close()
    yield from sink.drain()


WRITERS = {"excel": excel_csv, "csv": plain_csv, "parquet": parquet}


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
                    for data in WRITERS[fmt](view.chunks(name)):
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

"""Texts and list columns kept out of memory: read for the rows a page shows, searched inside DuckDB.

Article, sentence and quote texts and the events' list columns take most of the time of reading a
corpus, yet a page shows at most a page's worth of them (the events' lists none at all). The
dashboard therefore loads every frame without them (`DEFERRED`) and asks a `Texts` for the few it
shows. A sentence's or quote's text is its article's `text[start:end]` (frames contract), so only
article texts are ever read. Export, which needs whole columns, reads them from the Parquet files
a batch at a time (`deferred_chunks`).
"""
from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Iterator

import duckdb
import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from data_prep.store import frame_file

DEFERRED = {"articles": ("text",), "sentences": ("text",), "quotes": ("text",),  # frame -> columns read on demand
            "events": ("actors", "targets", "figures")}
OPENING_CHARS = 200  # read of an untitled article's text to make its headline
READ_BUFFER = 1 << 20  # export reads a Parquet file through a 1 MB buffer (a row group's text can be 100s of MB)
READ_THREADS = 4  # row groups read at once by `read_rows`
SENTENCES_KEPT = 100_000  # sentence texts kept once read (a few tens of MB)
BATCH_BYTES = 16 << 20  # export batches hold about this much of the deferred columns, decoded


class Texts:
    """The deferred columns of one corpus, from its Parquet files or from frames held in memory."""

    def __init__(self, folder: Path | None = None, columns: dict[str, pd.DataFrame] | None = None,
                 article_ids: pd.Series | None = None):
        self.folder = folder
        self._columns = columns or {}
        self._by_id = pd.Series(self._columns["articles"]["text"].to_numpy(), index=article_ids) if columns else None
        self._all_openings: pd.Series | None = None
        self._sentences: dict[int, str | None] = {}  # sentence texts read, oldest first
        self._lock = threading.Lock()

    @classmethod
    def from_frames(cls, frames: dict[str, pd.DataFrame]) -> "Texts":
        """For frames given in memory (tests, the bench): the deferred columns are taken out of them."""
        columns = {name: frames[name].reindex(columns=list(deferred)).reset_index(drop=True)
                   for name, deferred in DEFERRED.items()}
        return cls(columns=columns, article_ids=frames["articles"]["article_id"].reset_index(drop=True))

    def _file(self, name: str) -> str:
        return str(frame_file(self.folder, name))

    def articles(self, article_ids: Iterable[str]) -> pd.Series:
        """Text by article id, for the given articles only."""
        wanted = pd.Series(pd.unique(pd.Series(list(article_ids), dtype=object)), dtype=object)
        if self._by_id is not None:
            return self._by_id[self._by_id.index.isin(wanted)]
        if wanted.empty:
            return pd.Series(dtype=object)
        with duckdb.connect() as con:
            con.register("wanted", pd.DataFrame({"article_id": wanted}))
            found = con.execute("SELECT article_id, text FROM read_parquet($1) "
                                "WHERE article_id IN (SELECT article_id FROM wanted)", [self._file("articles")]).df()
        return pd.Series(found["text"].to_numpy(), index=found["article_id"])

    def spans(self, rows: pd.DataFrame) -> pd.Series:
        """Text of each row's span (`article_id`, `start`, `end`), aligned with `rows`."""
        texts = self.articles(rows["article_id"])
        spans = zip(rows["article_id"], rows["start"], rows["end"])
        return pd.Series([_slice(texts.get(a), s, e) for a, s, e in spans], index=rows.index, dtype="string")

    def sentences(self, rows: np.ndarray) -> list[str | None]:
        """The texts of the sentences at positions `rows` of the sentences frame, in that order.

        Read from the sentences file one row group at a time, only the groups that hold a wanted
        row: a page's sentences cost a few small reads, where their articles' texts cost a
        decompression of whole row groups of articles (about a second on 100k articles).
        Texts read are kept (up to `SENTENCES_KEPT`): the rows a page shows change little from one
        broad filter to the next (the latest events and figures).
        """
        rows = np.asarray(rows, dtype=np.int64)
        if self.folder is None:
            return self._columns["sentences"]["text"].take(rows).tolist()
        with self._lock:
            missing = np.unique(rows[[row not in self._sentences for row in rows.tolist()]])
            if len(missing):
                read = read_rows(Path(self._file("sentences")), ["text"], missing).column(0).to_pylist()
                self._sentences.update(zip(missing.tolist(), read))
                while len(self._sentences) > SENTENCES_KEPT:
                    self._sentences.pop(next(iter(self._sentences)))
            return [self._sentences.get(row) for row in rows.tolist()]

    def openings(self, article_ids: Iterable[str]) -> pd.Series:
        """The first characters of the given articles' texts, by article id (headlines of untitled articles).

        A page's worth is cut from the fetched texts; more (the reader's picker over a whole corpus)
        comes from one DuckDB pass over the file, made once.
        """
        ids = pd.Series(list(article_ids), dtype=object)
        if self.folder is None or len(ids) <= 1000:
            return self.articles(ids).str.slice(0, OPENING_CHARS)
        if self._all_openings is None:
            with duckdb.connect() as con:
                found = con.execute("SELECT article_id, substr(text, 1, $2) AS opening FROM read_parquet($1)",
                                    [self._file("articles"), OPENING_CHARS]).df()
            self._all_openings = pd.Series(found["opening"].to_numpy(), index=found["article_id"])
        return self._all_openings[self._all_openings.index.isin(ids)]

    def deferred_chunks(self, name: str, keep: np.ndarray, rows: int) -> Iterator[tuple[int, int, pa.Table]]:
        """(start, stop, the deferred columns of the rows `keep` marks among frame rows start..stop), in frame order.

        For export: the Parquet file is read `rows` rows at a time and row groups without a kept
        row are skipped, so memory stays that of one batch whatever the size of the frame.
        """
        if self.folder is None:
            for start in range(0, len(keep), rows):
                stop = min(start + rows, len(keep))
                yield start, stop, pa.Table.from_pandas(self._columns[name][start:stop][keep[start:stop]],
                                                        preserve_index=False)
            return
        file = Path(self._file(name))
        if not file.exists():
            return
        parquet = pq.ParquetFile(file, buffer_size=READ_BUFFER, pre_buffer=False)  # page by page, not whole column chunks
        rows = _rows_per_batch(parquet.metadata, set(DEFERRED[name]), rows)
        start = 0
        for group in range(parquet.num_row_groups):
            size = parquet.metadata.row_group(group).num_rows
            if not keep[start:start + size].any():
                start += size
                continue
            for batch in parquet.iter_batches(batch_size=rows, row_groups=[group], columns=list(DEFERRED[name])):
                stop = start + batch.num_rows
                local = keep[start:stop]
                if local.any():
                    yield start, stop, pa.Table.from_batches([batch.filter(pa.array(local))])
                start = stop

    def search(self, pattern: str) -> np.ndarray:
        """Ids of the articles whose title or text matches `pattern` (RE2 syntax; see `search.py`)."""
        if self.folder is None:
            text = self._columns["articles"]["text"].astype("string")
            return self._by_id.index[text.str.contains(pattern, regex=True).fillna(False).to_numpy(bool)].to_numpy()
        return _search(self._file("articles"), pattern)


def read_rows(file: Path, columns: list[str], rows: np.ndarray) -> pa.Table:
    """The rows at positions `rows` (in that order) of a Parquet file, reading only the row groups that hold them."""
    parquet = pq.ParquetFile(file)
    rows = np.asarray(rows, dtype=np.int64)
    ends = np.cumsum([parquet.metadata.row_group(g).num_rows for g in range(parquet.num_row_groups)])
    groups = np.searchsorted(ends, rows, side="right")
    order = np.argsort(groups, kind="stable")

    def part(group: int) -> pa.Table:  # each thread opens the file: a ParquetFile is not shared between threads
        local = rows[groups == group] - (ends[group - 1] if group else 0)
        return pq.ParquetFile(file).read_row_group(int(group), columns=columns).take(pa.array(local))

    with ThreadPoolExecutor(READ_THREADS) as pool:  # decompression releases the GIL: groups are read side by side
        parts = list(pool.map(part, np.unique(groups)))
    if not parts:
        return parquet.schema_arrow.empty_table().select(columns)
    return pa.concat_tables(parts).take(pa.array(np.argsort(order)))


def _rows_per_batch(metadata: pq.FileMetaData, columns: set[str], rows: int) -> int:
    """At most `rows`, fewer when the columns are large (a batch of whole articles), about `BATCH_BYTES` decoded."""
    size = sum(group.column(i).total_uncompressed_size
               for group in (metadata.row_group(g) for g in range(metadata.num_row_groups))
               for i in range(group.num_columns) if group.column(i).path_in_schema.split(".")[0] in columns)
    return max(1, min(rows, BATCH_BYTES * metadata.num_rows // max(size, 1)))


@lru_cache(maxsize=32)
def _search(file: str, pattern: str) -> np.ndarray:
    """Cached per file and pattern: a rebuilt corpus has a new manifest, hence new caches above."""
    with duckdb.connect() as con:
        found = con.execute("SELECT article_id FROM read_parquet($1) "
                            "WHERE regexp_matches(text, $2) OR regexp_matches(coalesce(title, ''), $2)",
                            [file, pattern]).df()
    return found["article_id"].to_numpy()


def _slice(text, start, end) -> str | None:
    return text[int(start):int(end)] if isinstance(text, str) else None

"""The corpus as the dashboard reads it: built when missing or stale, loaded, indexed once.

`load` reads nothing yet: `Frames` reads a column from Parquet the first time a page uses it, and
never the texts and list columns (`texts.DEFERRED`); pages fetch the texts they show through
`Prepared.texts`. `prepare` computes, once per corpus, what every filter change would otherwise
recompute: the distinct (article, entity) pairs and the publication days; the article code of each
frame's rows (so filtering a frame is one numpy lookup) and the events' days are computed on first
use. Repeated ids are read dictionary-encoded, so each distinct id is hashed once, not per row.
"""
from __future__ import annotations

import hashlib
import json
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterator, Mapping, Sequence

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

import data_prep
from data_prep.frames import COLUMNS
from data_prep.store import frame_file

from dashboard.logic.settings import Settings
from dashboard.logic.texts import DEFERRED, READ_THREADS, Texts, read_rows

Progress = Callable[[int, int, str], None]
# What the filters and the sidebar's counts read on opening (read side by side by `prepare`).
FILTER_COLUMNS = [("mentions", "entity_id"), ("mentions", "article_id"), ("events", "article_id"), ("events", "date"),
                  ("events", "type"), ("figures", "article_id"), ("figures", "category"), ("sentences", "article_id"),
                  ("quotes", "article_id")]
SENTENCE_SLOTS = 1 << 20  # sentence ids per article in the lookup key (code * SLOTS + sentence_id)
FEW_ROWS = 1000  # up to this many rows of an unread column are read from their row groups, not read whole


def manifest_key(corpus: str | Path) -> str:
    """A short digest of the manifest: changes whenever the corpus is rebuilt (cache key)."""
    path = Path(corpus) / "manifest.json"
    return hashlib.blake2b(path.read_bytes(), digest_size=8).hexdigest() if path.exists() else ""


def needs_build(settings: Settings) -> bool:
    """Missing corpus, or inputs / pipeline version changed since it was built."""
    if not (settings.corpus / "manifest.json").exists():
        return True
    if not settings.inputs:
        return False
    return not data_prep.is_current(settings.corpus, settings.build_inputs())


def build(settings: Settings, progress: Progress | None = None):
    """Build the corpus from its inputs and the uploads.

    A corpus opened without inputs (built elsewhere) is rebuilt from the paths its manifest records,
    so adding an upload never drops the articles it already had.
    """
    inputs = settings.build_inputs()
    if not settings.inputs:
        recorded = recorded_paths(settings)
        if not any(p.exists() for p in recorded):
            raise FileNotFoundError(
                f"the files {settings.corpus} was built from are not on this machine; start the dashboard "
                "with --input PATH... so that it can be rebuilt with the uploads")
        inputs = recorded + inputs
    return data_prep.build(inputs, settings.corpus, progress=progress)


def recorded_paths(settings: Settings) -> list[Path]:
    """The input paths the corpus's manifest records, other than the uploads folder."""
    path = settings.corpus / "manifest.json"
    manifest = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
    recorded = manifest.get("paths") or [item["origin"] for item in manifest.get("inputs", []) if "origin" in item]
    return [Path(p) for p in recorded if Path(p).resolve() != settings.uploads.resolve()]


def load(corpus: str | Path) -> tuple["Frames", Texts]:
    """The corpus's frames, read column by column when first used, and where to fetch its texts."""
    folder = Path(corpus)
    return Frames(folder=folder), Texts(folder=folder)


def open_corpus(corpus: str | Path) -> "Prepared":
    return prepare(*load(corpus))


def parse_days(values: pd.Series) -> np.ndarray:
    """ISO dates at any precision (YYYY, YYYY-MM, YYYY-MM-DD, date objects) as datetime64[D]; NaT when unknown."""
    as_text = values.astype("string").str.slice(0, 10)
    return pd.to_datetime(as_text, format="ISO8601", errors="coerce").to_numpy("datetime64[D]")


class Frames(Mapping):
    """Every frame but its deferred columns, read from Parquet one column at a time on first use, then kept.

    Opening a corpus thus reads only the columns the filters and the first page need (a few
    hundred MB less, and seconds less, on 100k articles); a page that needs another column reads
    it once. `frames[name]` is the whole frame (the reader, export). Thread-safe: sessions and the
    export route share one instance.
    """

    def __init__(self, folder: Path | None = None, frames: Mapping[str, pd.DataFrame] | None = None):
        self.folder = folder
        self._held = dict(frames or {})  # whole frames given in memory, or small ones read whole
        self._columns: dict[tuple[str, str], pd.Series] = {}
        self._factors: dict[tuple[str, str], tuple[np.ndarray, np.ndarray]] = {}
        self._lock = threading.RLock()  # guards the dictionaries; each read has its own lock (`_once`)
        self._reading: dict[tuple, threading.Lock] = {}

    def _once(self, store: dict, key: tuple, read: Callable[[], object]):
        """store[key], read once: threads reading different columns run side by side (Parquet
        decoding releases the GIL), threads wanting the same one wait for the first."""
        with self._lock:
            if key in store:
                return store[key]
            lock = self._reading.setdefault((id(store), *key), threading.Lock())
        with lock:
            if key not in store:
                value = read()
                with self._lock:
                    store[key] = value
        return store[key]

    def _file(self, name: str) -> Path:
        return frame_file(self.folder, name)

    def _in_memory(self, name: str) -> bool:
        """Frame `name` is held whole (given, small, or there is no folder to read from)."""
        return name in self._held or self.folder is None

    def names(self, name: str) -> list[str]:
        """The columns of frame `name` held by the dashboard (all but the deferred ones)."""
        if self._in_memory(name):
            return list(self._held[name].columns) if name in self._held else []
        if not self._file(name).exists():
            return []
        return [c for c in pq.read_schema(self._file(name)).names if c not in DEFERRED.get(name, ())]

    def hold(self, name: str, frame: pd.DataFrame) -> None:
        """Keep `frame` as the whole of frame `name` (small frames, or a cleaned copy)."""
        with self._lock:
            self._held[name] = frame

    def length(self, name: str) -> int:
        if self._in_memory(name):
            return len(self._held.get(name, ()))
        file = self._file(name)
        return pq.ParquetFile(file).metadata.num_rows if file.exists() else 0

    def column(self, name: str, column: str) -> pd.Series:
        if self._in_memory(name):
            return self._held[name][column]
        return self._once(self._columns, (name, column),
                          lambda: pq.read_table(self._file(name), columns=[column]).column(0).to_pandas())

    def columns(self, name: str, columns: Sequence[str], rows: np.ndarray | None = None) -> pd.DataFrame:
        """Some columns of frame `name`, at the row positions or boolean mask `rows` (default: all rows).

        A few rows (a page's worth, `FEW_ROWS`) of a column not read yet are read from their row groups
        only, so showing the latest events does not read every event id.
        """
        if rows is not None and rows.dtype != bool and len(rows) <= FEW_ROWS and not self._in_memory(name):
            unread = [c for c in columns if (name, c) not in self._columns]
            if unread:
                read = read_rows(self._file(name), unread, rows).to_pandas().set_index(pd.Index(rows))
                return pd.DataFrame({c: read[c] if c in unread else self.column(name, c).take(rows).set_axis(read.index)
                                     for c in columns}, copy=False)
        series = {column: self.column(name, column) for column in columns}
        frame = pd.DataFrame(series, copy=False) if series else pd.DataFrame(index=pd.RangeIndex(self.length(name)))
        if rows is None:
            return frame
        return frame[rows] if rows.dtype == bool else frame.iloc[rows]

    def factorized(self, name: str, column: str) -> tuple[np.ndarray, np.ndarray]:
        """(code of each row, distinct values): -1 for a missing value. Read dictionary-encoded from Parquet,
        so ids repeated millions of times are decoded once per distinct value."""
        def read() -> tuple[np.ndarray, np.ndarray]:
            if self._in_memory(name):
                codes, uniques = pd.factorize(self._held[name][column], use_na_sentinel=True)
                return codes.astype(np.int64), np.asarray(uniques, dtype=object)
            return _read_factorized(self._file(name), column)

        return self._once(self._factors, (name, column), read)

    def prefetch(self, factorized: Sequence[tuple[str, str]]) -> None:
        """Read these (frame, column) pairs dictionary-encoded now, several at a time in threads."""
        with ThreadPoolExecutor(READ_THREADS) as pool:
            list(pool.map(lambda pair: self.factorized(*pair), [p for p in factorized if p[0] in self]))

    def __getitem__(self, name: str) -> pd.DataFrame:
        if self._in_memory(name):
            return self._held[name]
        return self.columns(name, self.names(name))

    def __contains__(self, name) -> bool:
        return name in self._held or (self.folder is not None and name in COLUMNS and self._file(name).exists())

    def __iter__(self) -> Iterator[str]:
        return iter([name for name in COLUMNS if name in self])

    def __len__(self) -> int:
        return len(list(iter(self)))


def _read_factorized(file: Path, column: str) -> tuple[np.ndarray, np.ndarray]:
    table = pq.read_table(file, columns=[column], read_dictionary=[column]).unify_dictionaries()
    chunks = table.column(0).chunks
    if not chunks:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=object)
    uniques = chunks[0].dictionary.to_numpy(zero_copy_only=False).astype(object)
    codes = np.concatenate([c.indices.fill_null(-1).to_numpy(zero_copy_only=False).astype(np.int64) for c in chunks])
    return codes, uniques


def _recode(codes: np.ndarray, mapping: np.ndarray, missing=-1) -> np.ndarray:
    """mapping[codes], code -1 (missing value) giving `missing`."""
    return np.append(mapping, np.array([missing], dtype=mapping.dtype))[codes]


@dataclass
class Prepared:
    """A loaded corpus plus the indexes filters run on."""

    frames: Frames
    published: np.ndarray  # datetime64[D] per article
    entity_articles: pd.DataFrame  # distinct (code, entity) pairs: article position, entity position
    mention_entity: np.ndarray  # per mention, position of its entity in `entities` (-1: not listed)
    texts: Texts  # article and sentence texts, fetched for the rows a page shows
    _event_day: np.ndarray | None = None
    _sentence_keys: tuple[np.ndarray, np.ndarray] | None = None
    _codes: dict = field(default_factory=dict)

    @property
    def articles(self) -> pd.DataFrame:
        return self.frames["articles"]

    @property
    def codes(self) -> "Codes":
        return Codes(self)

    def article_codes(self, name: str) -> np.ndarray:
        """Per row of frame `name`, the position of its article in `articles` (-1: unknown); computed once."""
        if name not in self._codes:
            ids, uniques = self.frames.factorized(name, "article_id")
            self._codes[name] = _recode(ids, positions(pd.Series(uniques, dtype=object), self.articles["article_id"]))
        return self._codes[name]

    @property
    def event_day(self) -> np.ndarray:
        """datetime64[D] per event: its own date, else its article's (parsed once per distinct date)."""
        if self._event_day is None:
            dates, uniques = self.frames.factorized("events", "date")
            own = _recode(dates, parse_days(pd.Series(uniques, dtype=object)), np.datetime64("NaT"))
            article_day = _recode(self.article_codes("events"), self.published, np.datetime64("NaT"))
            self._event_day = np.where(np.isnat(own), article_day, own)
        return self._event_day

    def warm(self, columns: Mapping[str, Sequence[str]]) -> None:
        """Read `columns` (frame -> column names) and the article codes of those frames now, so pages
        opened later find them read (called in the background once the first page is shown)."""
        for name, names in columns.items():
            for column in names:
                self.frames.column(name, column)
            self.article_codes(name)
        if "sentences" in columns:
            self.sentence_positions(np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64))

    def sentence_positions(self, codes: np.ndarray, sentence_ids: np.ndarray) -> np.ndarray:
        """Position in the sentences frame of each (article code, sentence_id) (-1: no such sentence).

        Looked up in the sorted (article, sentence) keys of every sentence, sorted once per corpus.
        """
        if self._sentence_keys is None:
            numbers = self.frames.column("sentences", "sentence_id").to_numpy(dtype=np.int64, na_value=-1)
            keys = self.article_codes("sentences") * SENTENCE_SLOTS + numbers
            order = np.argsort(keys, kind="stable")
            self._sentence_keys = keys[order], order
        keys, order = self._sentence_keys
        wanted = np.asarray(codes, dtype=np.int64) * SENTENCE_SLOTS + np.asarray(sentence_ids, dtype=np.int64)
        if not len(keys):
            return np.full(len(wanted), -1)
        found = np.minimum(np.searchsorted(keys, wanted), len(keys) - 1)
        return np.where(keys[found] == wanted, order[found], -1)

    def values_in(self, name: str, column: str, wanted: Sequence[str]) -> np.ndarray:
        """Per row of frame `name`: is its `column` one of `wanted` (compared once per distinct value)."""
        codes, uniques = self.frames.factorized(name, column)
        hit = np.isin(uniques, np.asarray(list(wanted), dtype=object))
        return np.append(hit, False)[codes]  # code -1 (missing) reads the appended False


class Codes(Mapping):
    """`prepared.codes[name]`: the article position of each row of frame `name`, computed on first use."""

    def __init__(self, prepared: Prepared):
        self._prepared = prepared

    def __getitem__(self, name: str) -> np.ndarray:
        return self._prepared.article_codes(name)

    def __iter__(self) -> Iterator[str]:
        return iter([n for n in self._prepared.frames if "article_id" in COLUMNS[n]])

    def __len__(self) -> int:
        return len(list(iter(self)))


def prepare(frames: Mapping[str, pd.DataFrame] | Frames, texts: Texts | None = None) -> Prepared:
    """Indexes over `frames`. Without `texts`, the frames hold their texts (tests, bench): they are moved out."""
    if not isinstance(frames, Frames):
        frames = {name: frames.get(name, _empty(name)) for name in COLUMNS}
        if texts is None:
            texts = Texts.from_frames(frames)
            frames = {name: frame.drop(columns=list(DEFERRED[name]), errors="ignore") if name in DEFERRED else frame
                      for name, frame in frames.items()}
        frames = Frames(frames={name: frame.reset_index(drop=True) for name, frame in frames.items()})
    for name in COLUMNS:
        if name not in frames:
            frames.hold(name, _empty(name))
    for name in ("articles", "entities", "related", "errors"):  # small: read whole once
        frames.hold(name, frames[name])
    frames.hold("entities", frames["entities"].drop_duplicates("entity_id").reset_index(drop=True))
    frames.prefetch(FILTER_COLUMNS)
    published = parse_days(frames["articles"]["published"])
    entity_codes, entity_ids = frames.factorized("mentions", "entity_id")
    known = positions(pd.Series(entity_ids, dtype=object), frames["entities"]["entity_id"])
    mention_entity = _recode(entity_codes, known).astype(np.int64)
    prepared = Prepared(frames, published, pd.DataFrame(), mention_entity, texts)
    code = prepared.article_codes("mentions")
    valid = (mention_entity >= 0) & (code >= 0)
    size = max(len(frames["entities"]), 1)
    pairs = distinct(code[valid] * size + mention_entity[valid])
    prepared.entity_articles = pd.DataFrame({"code": pairs // size, "entity": pairs % size})
    return prepared


def distinct(values: np.ndarray) -> np.ndarray:
    """The distinct integers of `values`, sorted (a sort and a diff: quicker than `np.unique`'s hashing here)."""
    values = np.sort(values)
    return values[np.concatenate([[True], values[1:] != values[:-1]])] if len(values) else values


def positions(values: pd.Series, keys: pd.Series) -> np.ndarray:
    """Position of each value among `keys` (-1 when absent), hashed in Arrow: millions of ids in well under a second."""
    found = pc.index_in(pa.array(values, type=pa.string()), value_set=pa.array(keys, type=pa.string()))
    return found.fill_null(-1).to_numpy(zero_copy_only=False).astype(np.int64)


def _empty(name: str) -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype="object") for c in COLUMNS[name]})

"""The corpus as the dashboard reads it: built when missing or stale, loaded, indexed once.

`load` reads every frame but its texts and list columns (`texts.DEFERRED`, most of the reading
time); pages fetch the texts they show through `Prepared.texts`. `prepare` computes, once per corpus, what
every filter change would otherwise recompute: integer article codes for each frame (so filtering a
frame is one numpy lookup), parsed dates, and the distinct (article, entity) pairs.
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Mapping

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

import data_prep
from data_prep.frames import COLUMNS

from dashboard.logic.settings import Settings
from dashboard.logic.texts import DEFERRED, Texts

Progress = Callable[[int, int, str], None]


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


def load(corpus: str | Path) -> tuple[dict[str, pd.DataFrame], Texts]:
    """The frames without their deferred text columns, and where to fetch those texts."""
    folder = Path(corpus)
    frames = {}
    for name in COLUMNS:
        file = folder / f"{name}.parquet"
        if file.exists():
            columns = [c for c in pq.read_schema(file).names if c not in DEFERRED.get(name, ())]
            frames[name] = pd.read_parquet(file, columns=columns)
    return frames, Texts(folder=folder)


def open_corpus(corpus: str | Path) -> "Prepared":
    return prepare(*load(corpus))


def parse_days(values: pd.Series) -> np.ndarray:
    """ISO dates at any precision (YYYY, YYYY-MM, YYYY-MM-DD, date objects) as datetime64[D]; NaT when unknown."""
    as_text = values.astype("string").str.slice(0, 10)
    return pd.to_datetime(as_text, format="ISO8601", errors="coerce").to_numpy("datetime64[D]")


@dataclass
class Prepared:
    """A loaded corpus plus the indexes filters run on."""

    frames: Mapping[str, pd.DataFrame]
    codes: dict[str, np.ndarray]  # per frame with article_id: position of the row's article in `articles`
    published: np.ndarray  # datetime64[D] per article
    event_day: np.ndarray  # datetime64[D] per event: its own date, else its article's
    entity_articles: pd.DataFrame  # distinct (code, entity_id, entity) pairs; entity: position in entities
    mention_entity: np.ndarray  # per mention, position of its entity in `entities` (-1: not listed)
    texts: Texts  # article and sentence texts, fetched for the rows a page shows

    @property
    def articles(self) -> pd.DataFrame:
        return self.frames["articles"]


def prepare(frames: Mapping[str, pd.DataFrame], texts: Texts | None = None) -> Prepared:
    """Indexes over `frames`. Without `texts`, the frames hold their texts (tests, bench): they are moved out."""
    frames = {name: frames.get(name, _empty(name)) for name in COLUMNS}
    if texts is None:
        texts = Texts.from_frames(frames)
        frames = {name: frame.drop(columns=list(DEFERRED[name]), errors="ignore") if name in DEFERRED else frame
                  for name, frame in frames.items()}
    frames["entities"] = frames["entities"].drop_duplicates("entity_id").reset_index(drop=True)
    articles = frames["articles"].reset_index(drop=True)
    frames["articles"] = articles
    codes = {}
    for name, frame in frames.items():
        if "article_id" in frame.columns:
            frame = frames[name] = frame.reset_index(drop=True)
            codes[name] = positions(frame["article_id"], articles["article_id"])
    published = parse_days(articles["published"])
    events = frames["events"]
    event_day = parse_days(events["date"])
    own_missing = np.isnat(event_day)
    article_day = published[codes["events"]] if len(events) else event_day
    event_day = np.where(own_missing, article_day, event_day)
    mentions = frames["mentions"]
    mention_entity = positions(mentions["entity_id"], frames["entities"]["entity_id"])
    entity_articles = pd.DataFrame({"code": codes["mentions"], "entity_id": mentions["entity_id"],
                                    "entity": mention_entity})
    entity_articles = entity_articles[(entity_articles["entity"] >= 0) & (entity_articles["code"] >= 0)]
    entity_articles = entity_articles.drop_duplicates(["code", "entity"]).reset_index(drop=True)
    return Prepared(frames, codes, published, event_day, entity_articles, mention_entity, texts)


def positions(values: pd.Series, keys: pd.Series) -> np.ndarray:
    """Position of each value among `keys` (-1 when absent), hashed in Arrow: millions of ids in well under a second."""
    found = pc.index_in(pa.array(values, type=pa.string()), value_set=pa.array(keys, type=pa.string()))
    return found.fill_null(-1).to_numpy(zero_copy_only=False).astype(np.int64)


def _empty(name: str) -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype="object") for c in COLUMNS[name]})

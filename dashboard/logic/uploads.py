"""Uploaded files: checked, then kept next to the corpus so every later build includes them."""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

import pandas as pd

# What ingest reads (DESIGN.md): text, HTML, JSON / JSON lines, CSV, and zips of them.
ACCEPTED = ("txt", "html", "htm", "json", "jsonl", "csv", "zip")


@dataclass
class Saved:
    paths: list[Path] = field(default_factory=list)
    problems: list[tuple[str, str]] = field(default_factory=list)  # (file name, problem key)


def safe_name(name: str) -> str:
    """The file's own name without folders or characters that could escape the uploads folder."""
    base = Path(name.replace("\\", "/")).name
    return re.sub(r"[^\w.\-]+", "_", base).strip("._") or "upload"


def save_uploads(files: Iterable[tuple[str, bytes]], folder: Path, max_bytes: int) -> Saved:
    """Write accepted files under `folder`, named by content so re-uploads never clobber or duplicate."""
    result = Saved()
    folder.mkdir(parents=True, exist_ok=True)
    for name, data in files:
        suffix = Path(name).suffix.lower().lstrip(".")
        if suffix not in ACCEPTED:
            result.problems.append((name, "upload_bad_type"))
            continue
        if len(data) > max_bytes:
            result.problems.append((name, "upload_too_large"))
            continue
        if not data:
            result.problems.append((name, "upload_empty"))
            continue
        digest = hashlib.blake2b(data, digest_size=6).hexdigest()
        path = folder / f"{digest}_{safe_name(name)}"
        if not path.exists():
            path.write_bytes(data)
        result.paths.append(path)
    return result


def from_files(frame: pd.DataFrame, names: Iterable[str]) -> pd.DataFrame:
    """Rows (articles, errors) whose `origin` is one of the named files, or a record inside one."""
    names = [n for n in names if n]
    if not names or frame.empty:
        return frame.iloc[0:0]
    pattern = "|".join(re.escape(n) for n in names)
    return frame[frame["origin"].astype("string").str.contains(pattern, regex=True).fillna(False).to_numpy(bool)]

"""The pipeline's version: the release number plus a fingerprint of the code and data that make frames.

A corpus records the version it was built with; any change to an extractor, lexicon or model
changes the fingerprint, so a dashboard knows to rebuild instead of showing stale rows.
"""
from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path

from data_prep import native

RELEASE = "0.1.0"
_PACKAGE = Path(__file__).resolve().parent
_SUFFIXES = {".py", ".json", ".tsv", ".csv", ".txt", ".crfsuite", ".bin", ".pkl"}


@lru_cache(maxsize=1)
def pipeline_version() -> str:
    digest = hashlib.blake2b(digest_size=6)
    for path in sorted(p for p in _PACKAGE.rglob("*") if p.suffix in _SUFFIXES and "__pycache__" not in p.parts
                       and p != native.MANIFEST):  # compiled or not, the frames are the same
        digest.update(str(path.relative_to(_PACKAGE)).encode())
        digest.update(path.read_bytes())
    return f"{RELEASE}+{digest.hexdigest()}"

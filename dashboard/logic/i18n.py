"""Interface labels in English and Arabic, read from `dashboard/i18n/labels.json`."""
from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

import pandas as pd

LABELS_FILE = Path(__file__).resolve().parents[1] / "i18n" / "labels.json"
LANGUAGES = ("en", "ar")


@lru_cache(maxsize=1)
def _table() -> dict[str, dict[str, str]]:
    return json.loads(LABELS_FILE.read_text(encoding="utf-8"))["labels"]


class Labels:
    """`labels[name]` in one language; a missing key shows itself rather than failing the page."""

    def __init__(self, lang: str):
        self.lang = lang if lang in LANGUAGES else "en"

    def __getitem__(self, key: str) -> str:
        entry = _table().get(key)
        return entry.get(self.lang) or entry["en"] if entry else key

    def term(self, vocabulary: str, value) -> str:
        """A vocabulary value (event type, figure category…) in the interface language, else as it is."""
        entry = _table().get(f"{vocabulary}.{value}")
        return (entry.get(self.lang) or entry["en"]) if entry else str(value)

    def terms(self, vocabulary: str, values: pd.Series) -> pd.Series:
        return values.map(lambda value: self.term(vocabulary, value))

    def words(self, prefix: str) -> dict[str, str]:
        """All labels under `prefix.` as {suffix: label} (e.g. qualifier words, vocabulary names)."""
        cut = len(prefix) + 1
        return {k[cut:]: self[k] for k in _table() if k.startswith(prefix + ".")}

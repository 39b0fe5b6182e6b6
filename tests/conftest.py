"""Shared fixtures: paths of the repository's own data (never ../shared, absent on a user's clone)."""
from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SEED_FILE = ROOT / "seeds" / "000_c504af0abaec928b.txt"


@pytest.fixture(scope="session")
def seed_page() -> str:
    return SEED_FILE.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def seed_first_article(seed_page) -> str:
    """The seed's first article alone: the page up to its source line."""
    return seed_page[: seed_page.index("المصدر:")].strip()

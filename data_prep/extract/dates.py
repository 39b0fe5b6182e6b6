"""Time expressions (placeholder until the dates issue lands: finds nothing)."""
from __future__ import annotations


def extract_dates(text, published):
    return []

"""Events and quotes (placeholder until the events issue lands: finds nothing)."""
from __future__ import annotations


def extract_events(text, sentences, mentions, dates, figures, published):
    return [], []

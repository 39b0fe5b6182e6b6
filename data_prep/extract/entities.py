"""Entity mentions (placeholder until the entities issue lands: finds nothing)."""
from __future__ import annotations

from data_prep.frames import make_frame


def extract_mentions(text):
    return []


def entity_table(mentions):
    return make_frame("entities", [])

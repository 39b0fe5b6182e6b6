"""Figures (placeholder until the figures issue lands: finds nothing)."""
from __future__ import annotations


def extract_figures(text, dates):
    return []

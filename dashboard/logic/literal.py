"""Corpus and user text shown literally, whatever it contains.

Streamlit renders Markdown in `st.caption`, `st.error` and friends (links, emphasis, headings,
`$math$`, `:colour[...]` directives), and Plotly renders a subset of HTML in hover and point labels
(`<b>`, `<a href>`, `<br>`). Text from articles, file names and ingest messages goes through these
helpers first, so it shows as typed and never becomes markup.
"""
from __future__ import annotations

import html
import re

import pandas as pd

# Every ASCII punctuation character may be backslash-escaped in CommonMark; escaping them all is safe.
_MARKDOWN_PUNCTUATION = re.compile(r"([!-/:-@\[-`{-~])")


def markdown_literal(text) -> str:
    """`text` as Markdown source that renders to exactly `text` (no links, emphasis, math or HTML)."""
    return _MARKDOWN_PUNCTUATION.sub(r"\\\1", str(text))


def plotly_literal(values: pd.Series) -> pd.Series:
    """Labels for Plotly hover/point text: HTML-escaped, which Plotly decodes back to the literal text."""
    return values.astype("string").map(html.escape, na_action="ignore")

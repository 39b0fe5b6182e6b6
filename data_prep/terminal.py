"""Arabic for terminals, which neither join letters nor order right-to-left runs.

Only for text printed to an interactive terminal: reshaped and reordered for display. Text that
goes to files, pipes or browsers stays in logical order (browsers shape Arabic themselves).
"""
from __future__ import annotations

import os
import sys

import arabic_reshaper
from bidi.algorithm import get_display


def wants_shaping(stream=None) -> bool:
    stream = stream or sys.stdout
    return stream.isatty() and os.environ.get("ARABIC_NEWS_RAW_TERMINAL") != "1"


def for_terminal(text: str, stream=None) -> str:
    """`text` as an interactive terminal must receive it to show it readably."""
    if not text or not wants_shaping(stream):
        return text
    return get_display(arabic_reshaper.reshape(text))

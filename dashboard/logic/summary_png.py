"""A static PNG word cloud of the current view (for reports and e-mail).

PIL draws glyphs one by one without Arabic shaping or bidi, so each word goes through
arabic-reshaper and python-bidi here — and only here: text for the browser never does.
"""
from __future__ import annotations

import io
from pathlib import Path
from typing import Mapping

import arabic_reshaper
from bidi import get_display
from wordcloud import WordCloud

FONT = Path(__file__).resolve().parents[1] / "static" / "NotoNaskhArabic-Regular.ttf"


def visual_order(word: str) -> str:
    """Arabic shaped and in left-to-right drawing order, for renderers that do not shape."""
    return get_display(arabic_reshaper.reshape(word))


def word_cloud_png(weights: Mapping[str, float], width: int = 900, height: int = 450) -> bytes | None:
    """PNG bytes of a word cloud of `weights` (word -> weight); None when there is nothing to draw."""
    shaped = {visual_order(word): float(weight) for word, weight in weights.items() if word and weight > 0}
    if not shaped:
        return None
    cloud = WordCloud(font_path=str(FONT), width=width, height=height, background_color="white",
                      collocations=False, prefer_horizontal=1.0, random_state=7)
    image = cloud.generate_from_frequencies(shaped).to_image()
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()

"""Arabic normalisation for matching, with a map back to verbatim offsets.

Text is never rewritten in place: matchers search a folded *copy* and translate the offsets of a
match back into the original string. Folding is one-to-one or one-to-none per character
(alef/hamza forms, ya/alef maqsura, ta marbuta, Arabic-Indic digits are replaced; diacritics and
tatweel are dropped), so the map is a list of original indices.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import cached_property, lru_cache

# One character to one character.
_REPLACE = {
    "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ٲ": "ا", "ٳ": "ا",
    "ى": "ي", "ی": "ي", "ئ": "ي",
    "ؤ": "و",
    "ة": "ه",
    "ک": "ك",
    "\u00a0": " ", "\u202f": " ", "\u2009": " ",
}
_REPLACE.update({chr(0x0660 + d): str(d) for d in range(10)})  # Arabic-Indic digits
_REPLACE.update({chr(0x06F0 + d): str(d) for d in range(10)})  # Persian (Extended) digits
_REPLACE.update({"٫": ".", "٬": ","})

# Dropped: harakat, tanwin, shadda, sukun, dagger alef, Quranic marks, tatweel, zero-widths, bidi marks.
_DROP = set(chr(c) for c in range(0x064B, 0x0660)) | {"\u0670", "\u0640"}
_DROP |= set(chr(c) for c in range(0x06D6, 0x06EE)) - {"\u06E5", "\u06E6"}
_DROP |= {"\u200b", "\u200c", "\u200d", "\u200e", "\u200f", "\u061c", "\ufeff"}
_DROP |= set(chr(c) for c in range(0x202A, 0x202F)) | set(chr(c) for c in range(0x2066, 0x206A))

_REPLACE_PAIRS = tuple(_REPLACE.items())
_DROPPED = re.compile("([" + "".join(sorted(_DROP)) + "]+)")  # a group: `split` keeps the dropped runs
# Dropped characters that still belong to the letter before them (a final shadda, tanwin, the
# tatweel of هـ).
_MARKS = set(chr(c) for c in range(0x064B, 0x0660)) | {"\u0670", "\u0640"} | set(chr(c) for c in range(0x06D6, 0x06EE))


def _replaced(text: str) -> str:
    """`text` with the one-to-one replacements made (the same length)."""
    for variant, plain in _REPLACE_PAIRS:  # str.replace per pair beats str.translate on Arabic
        if variant in text:
            text = text.replace(variant, plain)
    return text


def fold(text: str) -> str:
    """The folded copy of `text` (for keys and lookups where offsets are not needed)."""
    return _DROPPED.sub("", _replaced(text))


@dataclass(frozen=True)
class Folded:
    """A folded copy of an original string and the way back to it."""

    original: str
    text: str
    _shift: tuple[int, ...] | None  # folded position of each dropped character; None = none dropped

    @property
    def same_offsets(self) -> bool:
        """Whether folding dropped nothing: then an offset is the same in both copies."""
        return self._shift is None

    def _original_index(self, j: int) -> int:
        return j + bisect.bisect_right(self._shift, j)  # type: ignore[arg-type]

    @cached_property
    def _drops(self) -> list[int]:
        """Original offsets of the dropped characters (only when some were dropped)."""
        return [d + k for k, d in enumerate(self._shift)]  # type: ignore[arg-type]

    def to_folded(self, pos: int) -> int:
        """The folded offset of the original offset `pos` (folding only drops characters)."""
        return pos if self._shift is None else pos - bisect.bisect_left(self._drops, pos)

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """Original [start, end) of the folded span [start, end)."""
        if self._shift is None:
            return start, end
        original_start = self._original_index(start) if start < len(self.text) else len(self.original)
        original_end = self._original_index(end - 1) + 1 if end > 0 else original_start
        while original_end < len(self.original) and self.original[original_end] in _MARKS:
            original_end += 1
        return original_start, original_end


def folded(text: str) -> Folded:
    """Fold `text` and keep the map back to its verbatim offsets."""
    copy = _replaced(text)
    parts = _DROPPED.split(copy)  # kept, dropped, kept, dropped, ... kept: one pass finds both
    if len(parts) == 1:
        return Folded(text, copy, None)
    shift: list[int] = []  # folded position of each dropped character
    at = 0
    for i in range(0, len(parts) - 1, 2):
        at += len(parts[i])
        shift += [at] * len(parts[i + 1])
    return Folded(text, "".join(parts[::2]), tuple(shift))


@lru_cache(maxsize=8)
def folded_once(text: str) -> Folded:
    """The folded copy of an article, made once and shared by every extractor that reads it."""
    return folded(text)

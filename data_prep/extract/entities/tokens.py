"""Tokens of the folded text, and the clitics a news word may carry in front of a name.

Every matcher of this package works on the same tokens: runs of letters/digits of the folded copy
(`data_prep.normalize.folded`), and single punctuation marks. A token keeps its folded offsets;
`Folded.to_original` maps a span back to the verbatim text.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass

TOKEN = re.compile(r"\w+|[^\w\s]")
SENTENCE_END = {".", "!", "?", "؟"}
# One-letter proclitics as news writes them: conjunction (و ف), then preposition (ب ل ك).
CONJUNCTIONS = ("و", "ف")
PREPOSITIONS = ("ب", "ل", "ك")


@dataclass(slots=True)
class Token:
    text: str  # folded
    start: int  # folded offsets
    end: int


def tokenize(folded_text: str) -> list[Token]:
    return [Token(m.group(), m.start(), m.end()) for m in TOKEN.finditer(folded_text)]


@functools.lru_cache(maxsize=200_000)
def stems(word: str) -> tuple[tuple[int, str], ...]:
    """(clitic length, rest) readings of a folded word, the bare word first.

    `وبالقاهره` -> (0, وبالقاهره), (1, بالقاهره), (2, القاهره); `للاحتلال` -> (1, الاحتلال) since
    ل + ال is written لل. A rest shorter than two letters is no reading.
    """
    out = [(0, word)]
    rest, cut = word, 0
    if rest[:1] in CONJUNCTIONS and len(rest) > 3:
        rest, cut = rest[1:], 1
        out.append((cut, rest))
    if rest[:1] in PREPOSITIONS and len(rest) > 3:
        if rest.startswith("لل"):
            out.append((cut + 1, "ا" + rest[1:]))  # لل+x is ل + ال+x
        else:
            out.append((cut + 1, rest[1:]))
    return tuple(out)


def with_clitics(word: str) -> set[str]:
    """The spellings of `word` behind the clitics `stems` takes off (ولحماس، للقاهره), itself included."""
    fronts = ["", *CONJUNCTIONS]
    forms = {front + p + word for front in fronts for p in ("", *PREPOSITIONS)}
    if word.startswith("ال"):
        forms.update(front + "ل" + word[1:] for front in fronts)  # ل + ال is written لل
    return forms


def strip_article(word: str) -> str:
    """The word without its definite article (for keys where ال is optional)."""
    return word[2:] if word.startswith("ال") and len(word) > 4 else word


def is_word(token: str) -> bool:
    return token[:1].isalpha()


@dataclass(slots=True)
class Span:
    """A candidate mention over tokens [first, last) whose first `cut` letters are a clitic."""

    first: int
    last: int
    cut: int
    type: str
    method: str  # gazetteer | rule | model
    entity_id: str | None = None

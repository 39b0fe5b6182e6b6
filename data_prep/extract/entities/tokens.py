"""Tokens of the folded text, and the clitics a news word may carry in front of a name.

Every matcher of this package works on the same tokens: runs of letters/digits of the folded copy
(`data_prep.normalize.folded`), and single punctuation marks. An article's tokens are kept as
parallel lists and arrays (`Tokens`), not one object per token: an article has ~650 of them.
`Folded.to_original` maps a span's folded offsets back to the verbatim text.
"""
from __future__ import annotations

import functools
import itertools
import re
from dataclasses import dataclass

import numpy as np

TOKEN = re.compile(r"\w+|\S")  # a run of letters and digits, or one other mark
# Splitting on the tokens keeps them: white space, token, white space, token, ..., white space.
_SPLIT = re.compile(rf"({TOKEN.pattern})")
SENTENCE_END = {".", "!", "?", "؟"}
# What the vocabulary knows of a word (`vocabulary.read`), as bits of `Tokens.flags`: it may start
# a gazetteer name, open a context rule, start a club name, make a sentence about sport, end a
# sentence; it is a word (not punctuation or a number).
NAME_START, CUE, CLUB_START, SPORT, BREAK, WORD = 1, 2, 4, 8, 16, 32
# One-letter proclitics as news writes them: conjunction (و ف), then preposition (ب ل ك).
CONJUNCTIONS = ("و", "ف")
PREPOSITIONS = ("ب", "ل", "ك")
_CLITIC_LETTERS = frozenset(CONJUNCTIONS + PREPOSITIONS)


@dataclass(slots=True)
class Tokens:
    """The tokens of one folded text: `words[i]` ends at folded offset `ends[i]`.

    `ids` and `flags` (numpy arrays, one entry per token) are the row of each word in the
    process's vocabulary and what the matchers need to know of it; `table` holds the vocabulary's
    CRF scores, row by row (`vocabulary.read`; None without a model).
    """

    words: list[str]
    ends: list[int]
    ids: np.ndarray | None = None
    flags: np.ndarray | None = None
    table: np.ndarray | None = None

    def __len__(self) -> int:
        return len(self.words)

    def start(self, i: int) -> int:
        return self.ends[i] - len(self.words[i])

    def marked(self, flag: int) -> list[int]:
        """Indices of the tokens whose flags hold `flag` (array methods: no Python layer of numpy)."""
        return (self.flags & flag).nonzero()[0].tolist()  # type: ignore[operator,union-attr]


def tokenize(folded_text: str) -> Tokens:
    """Words and end offsets, in C-level passes: a regex split, whose white space between tokens is
    mostly one space or nothing (no new string), and a running sum of the parts' lengths."""
    parts = _SPLIT.split(folded_text)
    return Tokens(parts[1::2], list(itertools.accumulate(map(len, parts)))[1::2])


def words_of(folded_text: str) -> list[str]:
    return TOKEN.findall(folded_text)


@functools.lru_cache(maxsize=200_000)
def stems(word: str) -> tuple[tuple[int, str], ...]:
    """(clitic length, rest) readings of a folded word, the bare word first.

    `وبالقاهره` -> (0, وبالقاهره), (1, بالقاهره), (2, القاهره); `للاحتلال` -> (1, الاحتلال) since
    ل + ال is written لل. A rest shorter than two letters is no reading.
    """
    if word[:1] not in _CLITIC_LETTERS or len(word) <= 3:
        return ((0, word),)  # most words: nothing to take off
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


@functools.lru_cache(maxsize=20_000)
def with_clitics(word: str) -> frozenset[str]:
    """The spellings of `word` behind the clitics `stems` takes off (ولحماس، للقاهره), itself included."""
    fronts = ["", *CONJUNCTIONS]
    forms = {front + p + word for front in fronts for p in ("", *PREPOSITIONS)}
    if word.startswith("ال"):
        forms.update(front + "ل" + word[1:] for front in fronts)  # ل + ال is written لل
    return frozenset(forms)


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

"""One lookup per token: every distinct folded word gets a row once per process.

A row holds what the matchers ask of a word (`tokens` flags: may it start a gazetteer name, open
a context rule, start a club name, make a sentence about sport, end a sentence, is it a word) and
its CRF label scores (`model.Scorer.word_rows`). News reuses its words, so an article
costs one dict lookup per token; the few words never met before are worked out then. Memory is
bounded: past CAPACITY words, the vocabulary keeps the half read in the most articles.

Threads may share it: lookups and learning hold a lock, and rows are never rewritten in place
(forgetting and growing make new arrays), so an article's tokens keep valid rows and table.
"""
from __future__ import annotations

import functools
import itertools
import threading

import numpy as np

from data_prep.extract.entities.lexicon import lexicon
from data_prep.extract.entities.model import Scorer, scorer
from data_prep.extract.entities.tokens import (BREAK, CLUB_START, CUE, NAME_START, SENTENCE_END, SPORT, WORD,
                                               Tokens, is_word, stems, tokenize)


@functools.cache
def _reading_flags() -> dict[str, int]:
    """Flags a word takes when one of its readings (`tokens.stems`) is in a list: the first word of
    a gazetteer name, of a title or head, of a club name; a word of sport."""
    lex = lexicon()
    flags: dict[str, int] = {}
    for flag, words in ((NAME_START, lex.longest), (CUE, lex.cues), (CLUB_START, lex.club_firsts), (SPORT, lex.sport)):
        for word in words:
            flags[word] = flags.get(word, 0) | flag
    return flags


def word_flags(word: str) -> int:
    by_reading = _reading_flags()
    flags = (BREAK if word in SENTENCE_END else 0) | (WORD if is_word(word) else 0)
    for _, reading in stems(word):
        flags |= by_reading.get(reading, 0)
    return flags


class Vocabulary:
    CAPACITY = 100_000

    def __init__(self, crf: Scorer | None) -> None:
        self.crf = crf
        self.rows: dict[str, int] = {}  # word -> row
        self.words = [""]  # row -> word; row 0 is padding
        self.number: str | None = None  # the number whose row all unknown numbers share
        self.flags = np.zeros(4096, dtype=np.uint8)
        self.seen = np.zeros(4096, dtype=np.int64)  # articles read with the word, since it was learnt
        self.table = np.zeros((4096, *crf.row_shape)) if crf is not None else None
        self._lock = threading.Lock()

    def read(self, folded_text: str) -> Tokens:
        """The tokens of a folded text with their rows, their flags and the table the rows index."""
        tokens = tokenize(folded_text)
        words = tokens.words
        with self._lock:
            ids = self._rows_of(words)
            missing = (ids < 0).nonzero()[0]
            if len(missing):
                self._fill(words, ids, missing.tolist())
            tokens.ids = ids
            self.seen[tokens.ids] += 1
            tokens.flags = self.flags[tokens.ids]
            tokens.table = self.table
        return tokens

    def _rows_of(self, words: list[str]) -> np.ndarray:
        """The row of each word, -1 for the words not known yet (one C-level pass, no list in between)."""
        return np.fromiter(map(self.rows.get, words, itertools.repeat(-1)), np.intp, len(words))

    def _fill(self, words: list[str], ids: np.ndarray, missing: list[int]) -> None:
        """Put the rows of the words at `missing`: learn the new words, but not every number.

        A number (a token that starts with a digit and begins no listed name) has no flag, and its
        only CRF feature is its kind (`model._word_parts`), so all numbers share the row of the
        first one learnt: news brings new numbers in every article (dates, counts, prices).
        """
        if len(self.words) + len(words) > self.CAPACITY:
            self._forget()  # every row moves
            ids[:] = self._rows_of(words)
            missing = (ids < 0).nonzero()[0].tolist()
        new: list[str] = []
        numbers: list[str] = []
        by_reading = _reading_flags()
        for word in dict.fromkeys(map(words.__getitem__, missing)):
            (numbers if word[:1].isdigit() and word not in by_reading else new).append(word)
        if numbers and self.number not in self.rows:  # none learnt yet, or forgotten
            self.number = numbers[0]
            new.append(self.number)
        if new:
            self._learn(new)
        rows, number = self.rows, self.rows.get(self.number)  # type: ignore[arg-type]
        ids[missing] = [rows.get(words[i], number) for i in missing]

    def _learn(self, new: list[str]) -> None:
        first = len(self.words)
        end = first + len(new)
        if end > len(self.flags):
            size = max(end, 2 * len(self.flags))
            self.flags, self.seen = np.resize(self.flags, size), np.resize(self.seen, size)
            if self.table is not None:
                self.table = np.concatenate((self.table, np.zeros((size - len(self.table), *self.table.shape[1:]))))
        self.flags[first:end] = list(map(word_flags, new))
        self.seen[first:end] = 0
        if self.table is not None:
            self.table[first:end] = self.crf.word_rows(new)  # type: ignore[union-attr]
        self.rows.update(zip(new, range(first, first + len(new))))
        self.words += new

    def _forget(self) -> None:
        """Keep the half of the words read in the most articles; their rows move to the front."""
        keep = np.sort(np.argsort(-self.seen[1:len(self.words)], kind="stable")[:self.CAPACITY // 2] + 1)
        kept = np.concatenate(([0], keep))  # row 0, padding, stays
        self.words = ["", *map(self.words.__getitem__, keep.tolist())]
        self.rows = dict(zip(self.words[1:], range(1, len(self.words))))
        self.flags, self.seen = _moved(self.flags, kept), _moved(self.seen, kept)
        if self.table is not None:
            self.table = _moved(self.table, kept)


def _moved(array: np.ndarray, rows: np.ndarray) -> np.ndarray:
    """A new array of the same size whose first rows are `array[rows]`."""
    out = np.zeros_like(array)
    out[:len(rows)] = array[rows]
    return out


@functools.cache
def vocabulary() -> Vocabulary:
    return Vocabulary(scorer())


def read(folded_text: str) -> Tokens:
    """`tokens.tokenize` plus each token's vocabulary row and flags: what every matcher reads."""
    return vocabulary().read(folded_text)

"""The statistical recogniser: a linear-chain CRF (python-crfsuite) over folded running-text tokens.

Features do not depend on a clitic segmenter: each word gives its bare form and its readings
without و ف ب ل ك / لل (`tokens.stems`), prefixes and suffixes, whether the gazetteer or the
title list knows it, whether it is a common word, and the same for its neighbours. The model file
ships in the package (`ner.crfsuite`), trained by scripts/train_ner.py on ../shared/data/ner.
"""
from __future__ import annotations

import functools
import re
from pathlib import Path

import numpy as np
import pycrfsuite

from data_prep.extract.entities.lexicon import Lexicon
from data_prep.extract.entities.tokens import SENTENCE_END, Span, is_word, stems, strip_article

MODEL = Path(__file__).resolve().parent / "ner.crfsuite"


def _word_features(word: str, lex: Lexicon) -> tuple[list[str], list[str]]:
    """(features of the word itself, shorter features it lends to its neighbours)."""
    if not is_word(word):
        kind = "digit" if word[:1].isdigit() else word
        return [f"p={kind}"], [f"p={kind}"]
    readings = stems(word)
    bare = readings[-1][1]
    core = strip_article(bare)
    own = [f"w={word}", f"b={bare}", f"s2={core[-2:]}", f"s3={core[-3:]}"]
    near = [f"b={bare}"]
    if bare.startswith("ال"):
        own.append("al")
        near.append("al")
    for _, stem in readings:
        types = lex.words.get(stem)
        if types:
            own += [f"g={t}" for t in types]
            near += [f"g={t}" for t in types]
        if stem in lex.common:
            own.append("common")
            near.append("common")
        if (stem,) in lex.titles or stem in lex.org_heads or stem in lex.loc_heads:
            cue = "title" if (stem,) in lex.titles else "org" if stem in lex.org_heads else "loc"
            own.append(f"cue={cue}")
            near.append(f"cue={cue}")
    return own, near


OFFSETS = (-2, -1, 1, 2)
LENT = re.compile(r"(-?[12]?)(.*)", re.S)  # "-1b=..." -> offset -1, feature "b=..."


@functools.lru_cache(maxsize=200_000)
def _cached(word: str) -> tuple[tuple[str, ...], ...]:
    """(own features, features lent at offset -2, -1, +1, +2) of a word, as training sees them."""
    from data_prep.extract.entities.lexicon import lexicon

    own, near = _word_features(word, lexicon())
    return (tuple(own), *(tuple(f"{offset}{f}" for f in near) for offset in OFFSETS))


def sentence_features(words: list[str]) -> list[tuple[str, ...]]:
    """CRF features of each folded word of one sentence (scripts/train_ner.py trains on them)."""
    cached = [_cached(w) for w in words]
    pad = ((),) * 5
    start, end = ("-1edge",), ("1edge",)
    padded = [pad, pad, *cached, pad, pad]
    out = []
    for i in range(2, len(cached) + 2):
        # the word two before lends its features marked -2 (index 1), the one before its -1 ...
        features = padded[i][0] + padded[i - 2][1] + padded[i - 1][2] + padded[i + 1][3] + padded[i + 2][4]
        if i == 2:
            features += start
        if i == len(cached) + 1:
            features += end
        out.append(features)
    return out


@functools.cache
def tagger() -> pycrfsuite.Tagger | None:
    if not MODEL.exists():
        return None
    t = pycrfsuite.Tagger()
    t.open(str(MODEL))
    return t


class Scorer:
    """The shipped CRF as arrays, decoded a whole article at a time.

    A word's features are the same wherever it stands, so so are its weights: each distinct word
    gets, once per process, its own score per label and the scores it lends to the words two and
    one before and after it. An article's emission scores are then five table lookups, and
    Viterbi (numpy, all sentences side by side) gives the labels `pycrfsuite.Tagger.tag` gives,
    without turning thousands of feature strings into crfsuite items per article.
    """

    CAPACITY = 100_000  # distinct words kept; the table starts afresh when full
    # A token where O beats every other label by more than this is taken as O and Viterbi runs on
    # the stretches between such tokens (with the O transition at their edges). Not exact in
    # principle; no label differed from crfsuite's on 910,000 tokens of 2,000 articles (5 gave 3).
    SETTLE = 6.0

    def __init__(self, crf: pycrfsuite.Tagger) -> None:
        info = crf.info()
        self.labels = sorted(info.labels, key=lambda label: int(info.labels[label]))  # crfsuite's order
        index = {label: k for k, label in enumerate(self.labels)}
        self.outside = index["O"]
        self.attributes: dict[str, int] = {}
        for attribute, _ in info.state_features:
            self.attributes.setdefault(attribute, len(self.attributes))
        self.none = len(self.attributes)  # a zero row for attributes the model has no weight for
        self.weights = np.zeros((self.none + 1, len(self.labels)))
        for (attribute, label), weight in info.state_features.items():
            self.weights[self.attributes[attribute], index[label]] = weight
        self.transitions = np.zeros((len(self.labels), len(self.labels)))
        for (a, b), weight in info.transitions.items():
            self.transitions[index[a], index[b]] = weight
        self.edges = (self.weights[self.attributes.get("-1edge", self.none)],
                      self.weights[self.attributes.get("1edge", self.none)])
        # what a neighbour's feature f lends, by offset: the weights of "-2f", "-1f", "1f", "2f"
        self.near: dict[str, int] = {}
        lent = []
        for attribute, row in self.attributes.items():
            offset, feature = LENT.match(attribute).groups()
            if offset and feature != "edge":
                if feature not in self.near:
                    self.near[feature] = len(lent)
                    lent.append(np.zeros((len(OFFSETS), len(self.labels))))
                lent[self.near[feature]][OFFSETS.index(int(offset))] = self.weights[row]
        self.near_none = len(lent)
        self.lent = np.array([*lent, np.zeros((len(OFFSETS), len(self.labels)))])
        self._reset(4096)

    def _reset(self, size: int) -> None:
        self.rows: dict[str, int] = {}
        self.table = np.zeros((size, 1 + len(OFFSETS), len(self.labels)))  # row 0: padding

    def _learn(self, words: list[str]) -> None:
        """Table rows for the words not seen yet, in two vectorised sums."""
        from data_prep.extract.entities.lexicon import lexicon

        new = {w for w in words if w not in self.rows}
        if len(self.rows) + len(new) + 1 > self.CAPACITY:
            self._reset(self.table.shape[0])
            new = set(words)
        needed = len(self.rows) + len(new) + 1
        if needed > self.table.shape[0]:
            grown = np.zeros((max(needed, 2 * self.table.shape[0]), *self.table.shape[1:]))
            grown[:self.table.shape[0]] = self.table
            self.table = grown
        lex, own_id, near_id, none, near_none = lexicon(), self.attributes.get, self.near.get, self.none, self.near_none
        own_flat, own_starts, near_flat, near_starts = [], [], [], []
        for word in new:
            own, near = _word_features(word, lex)
            own_starts.append(len(own_flat))
            own_flat += [own_id(f, none) for f in own]
            own_flat.append(none)  # no segment is empty
            near_starts.append(len(near_flat))
            near_flat += [near_id(f, near_none) for f in near]
            near_flat.append(near_none)
        first = len(self.rows) + 1
        self.table[first:first + len(new), 0] = np.add.reduceat(self.weights[own_flat], own_starts)
        self.table[first:first + len(new), 1:] = np.add.reduceat(self.lent[near_flat], near_starts)
        self.rows.update(zip(new, range(first, first + len(new))))

    def emissions(self, words: list[str], breaks: np.ndarray) -> np.ndarray:
        """Score of each label at each token; sentences end at `breaks` (tokens scored 0)."""
        ids = list(map(self.rows.get, words))
        if None in ids:
            self._learn(words)
            ids = list(map(self.rows.__getitem__, words))
        ids = np.array(ids, dtype=np.intp)
        ids[breaks] = 0
        padded = np.concatenate(([0, 0], ids, [0, 0]))
        cut = np.concatenate(([True, True], breaks, [True, True]))
        table = self.table
        scores = (table[ids, 0]
                  + table[np.where(cut[1:-3], 0, padded[:-4]), 1] + table[padded[1:-3], 2]
                  + table[padded[3:-1], 3] + table[np.where(cut[3:-1], 0, padded[4:]), 4])
        scores[~breaks & cut[1:-3]] += self.edges[0]
        scores[~breaks & cut[3:-1]] += self.edges[1]
        scores[breaks] = 0
        return scores

    def tag(self, words: list[str], free: list[bool]) -> list[str]:
        """The CRF's label of every token (O at sentence ends and in stretches with nothing free).

        Viterbi runs on all stretches at once, longest first: step k extends the stretches
        longer than k, a few numpy operations per step. Stretches are the runs of tokens between
        sentence ends and tokens settled as O (`SETTLE`), and only those with a free token.
        """
        breaks = np.fromiter(map(SENTENCE_END.__contains__, words), dtype=bool, count=len(words))
        scores = self.emissions(words, breaks)
        o = self.outside
        others = np.delete(scores, o, axis=1).max(axis=1)
        settled = breaks | (scores[:, o] - others > self.SETTLE)
        inner = ~breaks & settled
        starts = np.flatnonzero(~settled[1:] & inner[:-1]) + 1
        scores[starts] += self.transitions[o]  # a stretch after a settled O
        ends = np.flatnonzero(~settled[:-1] & inner[1:])
        scores[ends] += self.transitions[:, o]  # a stretch before a settled O
        runs = sorted(((a, b) for a, b in _runs(~settled) if any(free[a:b])), key=lambda r: r[0] - r[1])
        labels = ["O"] * len(words)
        if not runs:
            return labels
        first, last = np.array(runs).T
        length = last - first
        steps = np.arange(length[0])
        where = np.minimum(first[:, None] + steps[None, :], last[:, None] - 1)  # (sentence, step)
        emitted = scores[where]
        active = (length[None, :] > steps[:, None]).sum(axis=1).tolist()  # sentences still going at step k
        best = emitted[:, 0].copy()
        back = np.zeros((len(steps), len(runs), len(self.labels)), dtype=np.intp)
        for k in range(1, len(steps)):
            n = active[k]
            candidates = best[:n, :, None] + self.transitions  # (sentence, from, to)
            back[k, :n] = candidates.argmax(axis=1)  # the first of equals, as crfsuite
            best[:n] = candidates.max(axis=1) + emitted[:n, k]
        path = np.zeros((len(runs), len(steps)), dtype=np.intp)
        sentences = np.arange(len(runs))
        path[sentences, length - 1] = best.argmax(axis=1)
        for k in range(len(steps) - 1, 0, -1):
            n = active[k]
            path[:n, k - 1] = back[k, sentences[:n], path[:n, k]]
        names = self.labels
        for (a, b), row in zip(runs, path.tolist()):
            labels[a:b] = [names[y] for y in row[:b - a]]
        return labels


def _runs(mask: np.ndarray) -> list[tuple[int, int]]:
    """[first, last) of the runs of True in a boolean array."""
    edges = np.flatnonzero(np.diff(np.concatenate(([False], mask, [False])).astype(np.int8)))
    return list(zip(edges[::2].tolist(), edges[1::2].tolist()))


@functools.cache
def scorer() -> Scorer | None:
    crf = tagger()
    return Scorer(crf) if crf is not None else None


def model_spans(words: list[str], free: list[bool]) -> list[Span]:
    """Mentions the CRF finds on the words not yet claimed (free[i])."""
    crf = scorer()
    if crf is None or not words:
        return []
    return _decode(crf.tag(words, free), words, free)


def _decode(labels: list[str], words: list[str], free: list[bool]) -> list[Span]:
    """IOB labels to spans; a name never runs over punctuation."""
    spans, current = [], None
    for i, label in enumerate(labels + ["O"]):
        inside = i < len(free) and label != "O" and free[i] and is_word(words[i])
        if current and (not inside or label.startswith("B-") or label[2:] != current.type):
            spans.append(current)
            current = None
        if inside and current is None:
            current = Span(i, i + 1, 0, label[2:], "model")
        elif inside:
            current.last = i + 1
    return spans

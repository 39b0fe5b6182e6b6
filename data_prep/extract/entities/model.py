"""The statistical recogniser: a linear-chain CRF (python-crfsuite) over folded running-text tokens.

Features do not depend on a clitic segmenter: each word gives its bare form and its readings
without و ف ب ل ك / لل (`tokens.stems`), prefixes and suffixes, whether the gazetteer or the
title list knows it, whether it is a common word, and the same for its neighbours. The model file
ships in the package (`ner.crfsuite`), trained by scripts/train_ner.py on ../shared/data/ner.
"""
from __future__ import annotations

import functools
import hashlib
import itertools
import operator
import os
import re
import zipfile
from pathlib import Path
from typing import NamedTuple

import numpy as np
import pycrfsuite

from data_prep.extract.entities.decoder import compiled_decode
from data_prep.extract.entities.lexicon import lexicon
from data_prep.extract.entities.tokens import BREAK, WORD, Span, Tokens, is_word, stems, strip_article

MODEL = Path(__file__).resolve().parent / "ner.crfsuite"


def _word_parts(word: str) -> tuple[str | None, str | None, str | None, str | None, bool, tuple[str, ...]]:
    """What a word's features are made of: (kind, bare, s2, s3, al, cues).

    `kind` is "digit" or the mark itself for a token that is no word (its only feature; the other
    parts are None); else None, and the word has its reading without clitics (`bare`), the last
    two and three letters of that reading without its article, whether it has the article, and
    what the lists know of each of its readings. Training (`_word_features`) and `Scorer.fill`
    both read these.
    """
    if not is_word(word):
        return ("digit" if word[:1].isdigit() else word), None, None, None, False, ()
    readings = stems(word)
    bare = readings[-1][1]
    core = strip_article(bare)
    known, cues = _cues(), ()
    for _, stem in readings:
        if stem in known:
            cues += known[stem]
    return None, bare, core[-2:], core[-3:], bare.startswith("ال"), cues


def _word_features(word: str) -> tuple[list[str], list[str]]:
    """(features of the word itself, shorter features it lends to its neighbours)."""
    kind, bare, s2, s3, al, cues = _word_parts(word)
    if kind is not None:
        return [f"p={kind}"], [f"p={kind}"]
    article = ["al"] if al else []
    return [f"w={word}", f"b={bare}", f"s2={s2}", f"s3={s3}", *article, *cues], [f"b={bare}", *article, *cues]


@functools.cache
def _cues() -> dict[str, tuple[str, ...]]:
    """What the lists know of a reading of a word: gazetteer types, common word, role or head."""
    lex = lexicon()
    out = {}
    for stem in {*lex.words, *lex.common, *(t[0] for t in lex.titles if len(t) == 1), *lex.org_heads, *lex.loc_heads}:
        cues = [f"g={t}" for t in lex.words.get(stem, ())]
        if stem in lex.common:
            cues.append("common")
        if (stem,) in lex.titles or stem in lex.org_heads or stem in lex.loc_heads:
            cues.append("cue=" + ("title" if (stem,) in lex.titles else "org" if stem in lex.org_heads else "loc"))
        out[stem] = tuple(cues)
    return out


OFFSETS = (-2, -1, 1, 2)
LENT = re.compile(r"(-?[12]?)(.*)", re.S)  # "-1b=..." -> offset -1, feature "b=..."


@functools.lru_cache(maxsize=200_000)
def _cached(word: str) -> tuple[tuple[str, ...], ...]:
    """(own features, features lent at offset -2, -1, +1, +2) of a word, as training sees them."""
    own, near = _word_features(word)
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
    return _open(MODEL) if MODEL.exists() else None


def _open(path: Path) -> pycrfsuite.Tagger:
    crf = pycrfsuite.Tagger()
    crf.open(str(path))
    return crf


class Scorer:
    """The shipped CRF as arrays, decoded a whole article at a time.

    A word's features are the same wherever it stands, so so are its weights: each distinct word
    gets, once per process, a row of scores (`word_rows`, kept by `vocabulary.Vocabulary`): its own
    score per label and the scores it lends to the words two and one before and after it. An article's
    emission scores are then five table lookups, and Viterbi (`decoder.py`, compiled) gives the
    labels `pycrfsuite.Tagger.tag` gives, without turning thousands of feature strings into
    crfsuite items per article.
    """

    # A token where O beats every other label by more than this is taken as O and Viterbi runs on
    # the stretches between such tokens (with the O transition at their edges). Not exact in
    # principle; no label differed from crfsuite's on 910,000 tokens of 2,000 articles (5 gave 3).
    SETTLE = 6.0

    def __init__(self, weights: ModelWeights) -> None:
        self.labels = weights.labels
        self.outside = self.labels.index("O")
        self.kinds = [label[2:] for label in self.labels]
        self.begins = [label.startswith("B-") for label in self.labels]
        self.attributes = dict(zip(weights.attributes, range(len(weights.attributes))))
        self.none = len(self.attributes)  # a zero row for attributes the model has no weight for
        self.weights = weights.state
        self.transitions = weights.transitions
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
        # the rows of _word_features(word)'s strings, looked up from its parts without building them
        self.own_of = _families(self.attributes)
        self.near_of = _families(self.near)
        cues = {"al", *(cue for found in _cues().values() for cue in found)}
        self.cue_rows = {cue: (self.attributes.get(cue, self.none), self.near.get(cue, self.near_none)) for cue in cues}
        self.into = self.transitions.T.copy()  # (to, from)
        self.from_outside = self.transitions[self.outside].copy()
        self.to_outside = self.transitions[:, self.outside].copy()
        self.row_shape = (1 + len(OFFSETS), len(self.labels))

    def word_rows(self, words: list[str]) -> np.ndarray:
        """(word, own / lent at -2 -1 +1 +2, label) scores of `words`: rows of a vocabulary's table.

        The rows are the sums of the weights of the strings of `_word_features` (what training
        saw), looked up family by family from `_word_parts` without building the strings
        (tests/test_entities_model.py checks that they agree): C-level passes over the new words
        and a few numpy sums, not a Python loop over their features.
        """
        kinds, bares, s2s, s3s, articles, cues = zip(*map(_word_parts, words))
        own, near = [], []
        for family, keys in (("w", words), ("b", bares), ("s2", s2s), ("s3", s3s), ("p", kinds)):
            own += map(self.own_of.get(family, {}).get, keys, itertools.repeat(self.none))
        for family, keys in (("b", bares), ("p", kinds)):
            near += map(self.near_of.get(family, {}).get, keys, itertools.repeat(self.near_none))
        scores = self.weights[own].reshape(5, len(words), -1).sum(axis=0)
        lending = self.lent[near].reshape(2, len(words), *self.lent.shape[1:]).sum(axis=0)
        extra, extra_own, extra_near = [], [], []  # the article and what the lists know
        for i in itertools.compress(itertools.count(), map(operator.or_, articles, map(bool, cues))):
            for cue in cues[i] + ("al",) if articles[i] else cues[i]:
                extra.append(i)
                extra_own.append(self.cue_rows[cue][0])
                extra_near.append(self.cue_rows[cue][1])
        if extra:
            np.add.at(scores, extra, self.weights[extra_own])
            np.add.at(lending, extra, self.lent[extra_near])
        return np.concatenate((scores[:, None], lending), axis=1)

    def tag(self, table: np.ndarray, ids: np.ndarray, breaks: np.ndarray, free: np.ndarray,
            decode=None) -> np.ndarray:
        """The CRF's label (index into `labels`) of every token: O at sentence ends and in
        stretches with nothing free (`decode`: the decoder to run, the compiled one unless given)."""
        return (decode or compiled_decode())(table, ids, breaks, free, self.into, self.from_outside,
                                             self.to_outside, *self.edges, self.outside, self.SETTLE)


def _families(rows: dict[str, int]) -> dict[str, dict[str, int]]:
    """{"w": {word: row}, "b": {bare: row}, ..., "al": {"": row}} of feature strings "w=word" ..."""
    families: dict[str, dict[str, int]] = {}
    for feature, row in rows.items():
        family, _, value = feature.partition("=")
        families.setdefault(family, {})[value] = row
    return families


class ModelWeights(NamedTuple):
    """The CRF's weights as arrays: labels in crfsuite's order, attributes, state weights
    (attribute, label) with a last zero row, transitions (from, to)."""

    labels: list[str]
    attributes: list[str]
    state: np.ndarray
    transitions: np.ndarray


def read_weights(crf: pycrfsuite.Tagger) -> ModelWeights:
    """The weights of a crfsuite model, read from its text dump (`Tagger.info`, ~0.3 s)."""
    info = crf.info()
    labels = sorted(info.labels, key=lambda label: int(info.labels[label]))
    index = {label: k for k, label in enumerate(labels)}
    attributes: dict[str, int] = {}
    for attribute, _ in info.state_features:
        attributes.setdefault(attribute, len(attributes))
    state = np.zeros((len(attributes) + 1, len(labels)))
    for (attribute, label), weight in info.state_features.items():
        state[attributes[attribute], index[label]] = weight
    transitions = np.zeros((len(labels), len(labels)))
    for (a, b), weight in info.transitions.items():
        transitions[index[a], index[b]] = weight
    return ModelWeights(labels, list(attributes), state, transitions)


def model_weights(path: Path) -> ModelWeights:
    """The weights of the model at `path`, kept as .npz in __pycache__ beside it, named by the
    model's content hash: a process then loads them in milliseconds instead of reading the dump.
    Where that folder cannot be written, every process reads the model."""
    data = path.read_bytes()
    cache = path.parent / "__pycache__" / f"{path.stem}.{hashlib.blake2b(data, digest_size=8).hexdigest()}.npz"
    try:
        with np.load(cache) as saved:
            return ModelWeights(saved["labels"].tolist(), saved["attributes"].tolist(), saved["state"],
                                saved["transitions"])
    except (OSError, KeyError, ValueError, EOFError, zipfile.BadZipFile):
        pass  # absent, or damaged: read the model again and write it anew
    weights = read_weights(_open(path))
    partial = cache.with_suffix(f".{os.getpid()}.npz")
    try:
        cache.parent.mkdir(exist_ok=True)
        np.savez(partial, labels=weights.labels, attributes=weights.attributes, state=weights.state,
                 transitions=weights.transitions)
        os.replace(partial, cache)  # whole or absent: a process reading it never sees half a file
    except OSError:
        partial.unlink(missing_ok=True)
    return weights


@functools.cache
def scorer() -> Scorer | None:
    return Scorer(model_weights(MODEL)) if MODEL.exists() else None


def model_spans(tokens: Tokens, free: np.ndarray) -> list[Span]:
    """Mentions the CRF finds on the tokens not yet claimed (free[i]); `tokens` from `vocabulary.read`."""
    crf = scorer()
    if crf is None or not len(tokens):
        return []
    labels = crf.tag(tokens.table, tokens.ids, (tokens.flags & BREAK).astype(bool), free)
    return _decode(crf, labels, tokens, free)


def _decode(crf: Scorer, labels: np.ndarray, tokens: Tokens, free: np.ndarray) -> list[Span]:
    """Labels to spans over the free words labelled other than O; a name never runs over punctuation."""
    inside = ((labels != crf.outside) & free & (tokens.flags & WORD).astype(bool)).nonzero()[0]
    spans, current = [], None
    for i, label in zip(inside.tolist(), labels[inside].tolist()):
        kind = crf.kinds[label]
        if current and (i != current.last or crf.begins[label] or kind != current.type):
            spans.append(current)
            current = None
        if current is None:
            current = Span(i, i + 1, 0, kind, "model")
        else:
            current.last = i + 1
    return spans + [current] if current else spans

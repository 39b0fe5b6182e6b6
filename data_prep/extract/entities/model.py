"""The statistical recogniser: a linear-chain CRF (python-crfsuite) over folded running-text tokens.

Features do not depend on a clitic segmenter: each word gives its bare form and its readings
without و ف ب ل ك / لل (`tokens.stems`), prefixes and suffixes, whether the gazetteer or the
title list knows it, whether it is a common word, and the same for its neighbours. The model file
ships in the package (`ner.crfsuite`), trained by scripts/train_ner.py on ../shared/data/ner.
"""
from __future__ import annotations

import functools
from pathlib import Path

import pycrfsuite

from data_prep.extract.entities.lexicon import Lexicon
from data_prep.extract.entities.tokens import Span, is_word, stems, strip_article

MODEL = Path(__file__).resolve().parent / "ner.crfsuite"
SENTENCE_END = {".", "!", "?", "؟", "\n"}


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


@functools.lru_cache(maxsize=200_000)
def _cached(word: str, for_model: bool) -> tuple[tuple[str, ...], ...]:
    """(own features, features lent at offset -2, -1, +1, +2); `for_model` keeps only the
    attributes the shipped model has weights for (the others cost time and change nothing)."""
    from data_prep.extract.entities.lexicon import lexicon

    own, near = _word_features(word, lexicon())
    lent = [[f"{offset}{f}" for f in near] for offset in OFFSETS]
    if for_model:
        known = known_attributes()
        own = [f for f in own if f in known]
        lent = [[f for f in fs if f in known] for fs in lent]
    return (tuple(own), *(tuple(fs) for fs in lent))


def sentence_features(words: list[str], for_model: bool = False) -> list[tuple[str, ...]]:
    """CRF features of each folded word of one sentence (also used by scripts/train_ner.py)."""
    cached = [_cached(w, for_model) for w in words]
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


@functools.cache
def known_attributes() -> frozenset[str]:
    """The attributes the model has weights for."""
    return frozenset(attribute for attribute, _ in tagger().info().state_features)


def model_spans(words: list[str], free: list[bool]) -> list[Span]:
    """Mentions the CRF finds on the words not yet claimed (free[i]), sentence by sentence."""
    crf = tagger()
    if crf is None:
        return []
    spans: list[Span] = []
    start = 0
    for end in range(len(words) + 1):
        if end < len(words) and words[end] not in SENTENCE_END:
            continue
        if end > start and any(free[start:end]):
            labels = crf.tag(sentence_features(words[start:end], for_model=True))
            spans += _decode(labels, start, words, free)
        start = end + 1
    return spans


def _decode(labels: list[str], offset: int, words: list[str], free: list[bool]) -> list[Span]:
    """IOB labels to spans; a name never runs over punctuation."""
    spans, current = [], None
    for k, label in enumerate(labels + ["O"]):
        i = offset + k
        inside = i < len(free) and label != "O" and free[i] and is_word(words[i])
        if current and (not inside or label.startswith("B-") or label[2:] != current.type):
            spans.append(current)
            current = None
        if inside and current is None:
            current = Span(i, i + 1, 0, label[2:], "model")
        elif inside:
            current.last = i + 1
    return spans

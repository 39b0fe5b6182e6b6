"""The statistical recogniser: a linear-chain CRF (python-crfsuite) over folded running-text tokens.

Features do not depend on a clitic segmenter: each word gives its bare form and its readings
without و ف ب ل ك / لل (`tokens.stems`), prefixes and suffixes, whether the gazetteer or the
title list knows it, whether it is a common word, and the same for its neighbours. The model file
ships in the package (`ner.crfsuite`), trained by scripts/train_ner.py on ../shared/data/ner.
"""
from __future__ import annotations

import functools
import itertools
import operator
import re
from pathlib import Path

import numpy as np
import pycrfsuite

from data_prep.extract.entities.compiled import decoder
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
    if not MODEL.exists():
        return None
    t = pycrfsuite.Tagger()
    t.open(str(MODEL))
    return t


class Scorer:
    """The shipped CRF as arrays, decoded a whole article at a time.

    A word's features are the same wherever it stands, so so are its weights: each distinct word
    gets, once per process, a row of scores (`word_rows`, kept by `vocabulary.Vocabulary`): its own
    score per label and the scores it lends to the words two and one before and after it. An article's
    emission scores are then five table lookups, and Viterbi (compiled, `compiled.py`, or numpy,
    all stretches side by side) gives the labels `pycrfsuite.Tagger.tag` gives, without turning
    thousands of feature strings into crfsuite items per article.
    """

    # A token where O beats every other label by more than this is taken as O and Viterbi runs on
    # the stretches between such tokens (with the O transition at their edges). Not exact in
    # principle; no label differed from crfsuite's on 910,000 tokens of 2,000 articles (5 gave 3).
    # (A split that is exact by a margin alone, whatever the neighbours, needs 5 to 16 points
    # between labels given crfsuite's transitions: it shortened no stretch of 2,000 real articles.)
    SETTLE = 6.0
    MARGIN = 1e-6  # a bound this far below zero is no rounding artefact (scores are ~1e-13 exact)

    def __init__(self, crf: pycrfsuite.Tagger) -> None:
        info = crf.info()
        self.labels = sorted(info.labels, key=lambda label: int(info.labels[label]))  # crfsuite's order
        index = {label: k for k, label in enumerate(self.labels)}
        self.outside = index["O"]
        self.others = [k for k in range(len(self.labels)) if k != self.outside]
        self.kinds = [label[2:] for label in self.labels]
        self.begins = [label.startswith("B-") for label in self.labels]
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
        # the rows of _word_features(word)'s strings, looked up from its parts without building them
        self.own_of = _families(self.attributes)
        self.near_of = _families(self.near)
        cues = {"al", *(cue for found in _cues().values() for cue in found)}
        self.cue_rows = {cue: (self.attributes.get(cue, self.none), self.near.get(cue, self.near_none)) for cue in cues}
        self.into = self.transitions.T.copy()  # (to, from)
        self.from_outside = self.transitions[self.outside].copy()
        self.to_outside = self.transitions[:, self.outside].copy()
        self.directions = np.stack((self.into, self.transitions))  # Viterbi forward, backward
        # what a run of other labels gains over O at most, per transition (see _forced_outside)
        o, others = self.outside, self.others
        stay = self.transitions[o, o]
        self.entry = self.transitions[o, others].max() - stay
        self.exit = self.transitions[others, o].max() - stay
        self.inside_step = self.transitions[np.ix_(others, others)].max() - stay
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

    def emissions(self, table: np.ndarray, ids: np.ndarray, breaks: np.ndarray) -> np.ndarray:
        """Score of each label at each token (rows `ids` of `table`, whose row 0 is zeros);
        sentences end at `breaks` (tokens scored 0)."""
        ids = np.where(breaks, 0, ids)
        rows = table[np.concatenate(([0, 0], ids, [0, 0]))]  # (token + 2, own / lent at -2 -1 +1 +2, label)
        cut = np.concatenate(([True, True], breaks, [True, True]))
        before, after = cut[1:-3], cut[3:-1]  # the token before / after is a sentence end or outside
        scores = rows[2:-2, 0] + rows[1:-3, 2] + rows[3:-1, 3]
        scores += np.where(before[:, None], 0, rows[:-4, 1])  # two words back, within the sentence
        scores += np.where(after[:, None], 0, rows[4:, 4])
        scores[~breaks & before] += self.edges[0]
        scores[~breaks & after] += self.edges[1]
        scores[breaks] = 0
        return scores

    def _fix_outside(self, scores: np.ndarray, fixed: np.ndarray, breaks: np.ndarray) -> None:
        """Add the O transition to the tokens next to `fixed` ones (labelled O), except across
        sentence ends (`breaks`), where no transition is scored."""
        inner = ~breaks & fixed
        scores[np.flatnonzero(~fixed[1:] & inner[:-1]) + 1] += self.transitions[self.outside]  # after an O
        scores[np.flatnonzero(~fixed[:-1] & inner[1:])] += self.transitions[:, self.outside]  # before an O

    def _forced_outside(self, lead: np.ndarray, first: np.ndarray, last: np.ndarray, breaks: np.ndarray) -> np.ndarray:
        """Tokens of the stretches [first, last) that every best path labels O, by a margin.

        `lead` is each token's best other label's score minus O's. Take a path that labels token t
        other than O, and its run i..j of such labels around t (O or a stretch edge on both
        sides): labelling i..j O instead changes its score by exactly the emissions and
        transitions of i..j, so by at least -(the sum of `lead` over i..j + `inside_step` for each
        step inside the run + `entry` unless a sentence starts at i + `exit` unless one ends at
        j); crfsuite's transitions make those -0.3, -1.9 and -3.5 points. When that bound is
        positive (by MARGIN, far above rounding) for every run around t, no best path labels t
        other than O, and the stretch splits there with the O transition at the new edges, as at
        settled tokens: each part's best path is the whole stretch's. With prefix sums, the best
        run through t is (best start up to t) + (best end from t), two running maxima.
        """
        forced = np.zeros(len(lead), dtype=bool)
        if not len(first):
            return forced
        prefix = np.concatenate(([0.0], np.cumsum(lead + self.inside_step)))
        length = last - first
        at = first[:, None] + np.minimum(np.arange(length.max()), length[:, None] - 1)  # (stretch, k)
        after_break = np.concatenate(([True], breaks))[at]  # the token before is a sentence end, or none
        before_break = np.concatenate((breaks, [True]))[at + 1]
        starts = np.maximum.accumulate(np.where(after_break, 0.0, self.entry) - prefix[at], axis=1)
        ends = np.maximum.accumulate((prefix[at + 1] + np.where(before_break, 0.0, self.exit))[:, ::-1], axis=1)
        bound = starts + ends[:, ::-1] - self.inside_step
        forced[at] = bound < -self.MARGIN  # padding repeats a stretch's last token: the same answer
        return forced

    def tag(self, table: np.ndarray, ids: np.ndarray, breaks: np.ndarray, free: np.ndarray) -> np.ndarray:
        """The CRF's label (index into `labels`) of every token: O at sentence ends and in
        stretches with nothing free. The compiled decoder (`compiled.py`) when numba is
        installed, else `tag_arrays`; both give crfsuite's labels."""
        decode = decoder()
        if decode is None or not len(ids):
            return self.tag_arrays(table, ids, breaks, free)
        return decode(table, ids, breaks, free, self.into, self.from_outside, self.to_outside, *self.edges,
                      self.outside, self.SETTLE)

    def tag_arrays(self, table: np.ndarray, ids: np.ndarray, breaks: np.ndarray, free: np.ndarray) -> np.ndarray:
        """`tag` with numpy alone: the same labels, some hundred numpy calls per article.

        Stretches are the runs of tokens between sentence ends, tokens settled as O (`SETTLE`)
        and tokens that every best path between them labels O (`_forced_outside`: about half the
        tokens of a stretch, so the longest stretch is about half as long), and only those with a
        free token; the O transition is added at their edges. Viterbi meets in the middle: each
        stretch is decoded by two runs side by side, forward from its first token to its middle m
        (the usual max-sum recursion over `into`) and backward from its last token to m + 1 (the
        same recursion over `transitions`: score of the best path from a token's label to the
        end). The labels at m and m + 1 are the pair with the best forward score + transition +
        backward score, and each run's back pointers give the rest. That is the best path of the
        whole stretch, the one crfsuite's single forward pass finds: both pick the maximum of the
        same path scores (only the order of the additions differs, so a different path could
        win only on a tie to the last bits; none on ~11k real and 500 generated articles, and
        tests/test_entities_model.py compares with `Tagger.tag`). All runs step together, longest
        first, a few numpy operations per step, and a stretch of n tokens needs about n / 2 steps.
        """
        o = self.outside
        labels = np.full(len(ids), o, dtype=np.intp)
        if not len(ids):
            return labels
        scores = self.emissions(table, ids, breaks)
        lead = scores[:, self.others].max(axis=1) - scores[:, o]  # of the best other label over O
        settled = breaks | (lead < -self.SETTLE)
        fixed = settled | self._forced_outside(lead, *_runs(~settled), breaks)
        self._fix_outside(scores, fixed, breaks)
        first, last = _runs(~fixed)
        claimed = np.concatenate(([0], np.cumsum(free)))  # free tokens before each position
        first, last = first[claimed[last] > claimed[first]], last[claimed[last] > claimed[first]]
        if not len(first):
            return labels
        size = len(self.labels)
        length = last - first
        middle = (length - 1) // 2  # the forward run ends here, the backward run at middle + 1
        pairs = np.flatnonzero(length > 1)  # stretches with a backward run
        # runs: where they start, which way they go, how many steps they take after their first token
        start = np.concatenate((first, last[pairs] - 1))
        backward = np.concatenate((np.zeros(len(first), bool), np.ones(len(pairs), bool)))
        count = np.concatenate((middle, length[pairs] - 2 - middle[pairs]))
        order = np.argsort(-count, kind="stable")  # longest first: the runs still going are a prefix
        start, backward, count = start[order], backward[order], count[order]
        runs, steps = len(start), int(count[0]) + 1
        k = np.arange(steps)[:, None]
        where = np.where(k <= count, start + np.where(backward, -k, k), start)  # (step, run) -> token
        emitted = scores[where]
        going = np.searchsorted(-count, -np.arange(steps), side="right").tolist()  # runs with count >= step
        matrices = self.directions[backward.view(np.int8)]  # (run, to, from)
        best = emitted[0].copy()
        candidates = np.empty((runs, size, size))
        flat_candidates = candidates.reshape(-1)
        back = np.empty((steps, runs, size), dtype=np.intp)
        chosen_at = np.empty((runs, size), dtype=np.intp)
        row_of = np.arange(0, runs * size * size, size).reshape(runs, size)
        for step in range(1, steps):
            n = going[step]
            np.add(best[:n, None, :], matrices[:n], out=candidates[:n])
            candidates[:n].argmax(axis=2, out=back[step, :n])  # the first of equals, as crfsuite
            np.add(row_of[:n], back[step, :n], out=chosen_at[:n])
            flat_candidates.take(chosen_at[:n], out=best[:n])  # the max, cheaper than a reduction
            best[:n] += emitted[step, :n]
        run_of = np.empty(runs, dtype=np.intp)
        run_of[order] = np.arange(runs)
        forward, behind = run_of[:len(first)], run_of[len(first):]
        ends = np.empty(runs, dtype=np.intp)  # the label of each run's last token
        ends[forward] = best[forward].argmax(axis=1)
        joined = best[forward[pairs]][:, :, None] + self.transitions + best[behind][:, None, :]
        pair = joined.reshape(len(pairs), size * size).argmax(axis=1)
        ends[forward[pairs]], ends[behind] = pair // size, pair % size
        path = np.empty((steps, runs), dtype=np.intp)
        path[count, np.arange(runs)] = ends
        flat_back = back.reshape(steps, runs * size)
        offsets = np.arange(0, runs * size, size)
        for step in range(steps - 1, 0, -1):
            n = going[step]
            flat_back[step].take(offsets[:n] + path[step, :n], out=path[step - 1, :n])
        inside = k <= count
        labels[where[inside]] = path[inside]
        return labels


def _runs(inside: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(first, last) of the runs of True in `inside`, last exclusive."""
    edges = np.flatnonzero(np.diff(np.concatenate(([False], inside, [False])).astype(np.int8)))
    return edges[::2], edges[1::2]


def _families(rows: dict[str, int]) -> dict[str, dict[str, int]]:
    """{"w": {word: row}, "b": {bare: row}, ..., "al": {"": row}} of feature strings "w=word" ..."""
    families: dict[str, dict[str, int]] = {}
    for feature, row in rows.items():
        family, _, value = feature.partition("=")
        families.setdefault(family, {})[value] = row
    return families


@functools.cache
def scorer() -> Scorer | None:
    crf = tagger()
    return Scorer(crf) if crf is not None else None


def model_spans(tokens: Tokens, free: np.ndarray) -> list[Span]:
    """Mentions the CRF finds on the tokens not yet claimed (free[i]); `tokens` from `vocabulary.read`."""
    crf = scorer()
    if crf is None or not len(tokens):
        return []
    labels = crf.tag(tokens.table, tokens.ids, (tokens.flags & BREAK).astype(bool), free)
    return _decode(crf, labels, tokens, free)


def _decode(crf: Scorer, labels: np.ndarray, tokens: Tokens, free: np.ndarray) -> list[Span]:
    """Labels to spans over the free words labelled other than O; a name never runs over punctuation."""
    inside = np.flatnonzero((labels != crf.outside) & free & (tokens.flags & WORD).astype(bool))
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

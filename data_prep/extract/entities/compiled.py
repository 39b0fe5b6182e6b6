"""The CRF decoder compiled with numba, when numba is installed: `model.Scorer.tag` in one call.

The numpy decoder (`Scorer.tag_arrays`) pays about a microsecond per numpy call, and an article
needs a few hundred of them; a loop compiled to machine code does the same work in a tenth of the
time. It is the decoder `Scorer.tag_arrays` was written to imitate, step for step: emissions as
`Scorer.emissions` adds them up (same additions, same order), tokens settled as O (`SETTLE`), the O
transition added next to them, and a plain forward Viterbi with back pointers on each stretch
that holds a free token (the first of equal scores wins, as in crfsuite). So its labels are
those of crfsuite's `Tagger.tag` on each sentence, bit for bit as the arrays made them before
(tests/test_entities_model.py checks both decoders against `Tagger.tag`).

Without numba (`decoder()` is None) the numpy decoder runs; numba caches the machine code next to
this file, so a process compiles it once (~1.5 s) or loads it (~0.2 s).
"""
from __future__ import annotations

import functools
import warnings

import numpy as np


@functools.cache
def decoder():
    """The compiled `decode` function, or None without numba (or if it fails to compile here)."""
    try:
        import numba
    except ImportError:
        return None
    compiled = numba.njit(cache=True, nogil=True)(decode)
    try:  # compile (or load) now, on one token, rather than fail in the middle of a build
        size = 2
        compiled(np.zeros((1, 5, size)), np.zeros(1, np.intp), np.zeros(1, np.bool_), np.ones(1, np.bool_),
                 np.zeros((size, size)), np.zeros(size), np.zeros(size), np.zeros(size), np.zeros(size), 0, 6.0)
    except Exception as error:  # noqa: BLE001 - any failure leaves the numpy decoder, which gives the same labels
        warnings.warn(f"the compiled CRF decoder is not available ({error}); using numpy", RuntimeWarning)
        return None
    return compiled


def decode(table, ids, breaks, free, into, after_outside, before_outside, first_edge, last_edge, outside, settle):
    """Label index of every token (see the module docstring); plain Python, compiled by `decoder`.

    table: (rows, own / lent at -2 -1 +1 +2, label) scores of the vocabulary; ids: each token's
    row; breaks: sentence ends (labelled O, no transition across them); free: tokens not claimed
    yet (a stretch without one is not decoded); into: transitions (to, from); after_outside /
    before_outside: transitions from O / to O; first_edge / last_edge: the scores of a
    sentence's first / last word.
    """
    n, size = len(ids), into.shape[0]
    labels = np.full(n, outside, np.intp)
    scores = np.zeros((n, size))
    for i in range(n):
        if breaks[i]:
            continue  # a sentence end scores 0 and is O
        opens = i == 0 or breaks[i - 1]  # the token before is a sentence end or outside the text
        closes = i == n - 1 or breaks[i + 1]
        for y in range(size):
            score = table[ids[i], 0, y] + (0.0 if opens else table[ids[i - 1], 2, y])
            score = score + (0.0 if closes else table[ids[i + 1], 3, y])
            score = score + (0.0 if opens or i < 2 or breaks[i - 2] else table[ids[i - 2], 1, y])
            score = score + (0.0 if closes or i + 2 >= n or breaks[i + 2] else table[ids[i + 2], 4, y])
            scores[i, y] = score
        if opens:
            for y in range(size):
                scores[i, y] += first_edge[y]
        if closes:
            for y in range(size):
                scores[i, y] += last_edge[y]
    settled = np.empty(n, np.bool_)
    for i in range(n):
        other = -np.inf
        for y in range(size):
            if y != outside and scores[i, y] > other:
                other = scores[i, y]
        settled[i] = breaks[i] or scores[i, outside] - other > settle
    for i in range(1, n):  # a stretch after a settled O (within the sentence)
        if not settled[i] and settled[i - 1] and not breaks[i - 1]:
            for y in range(size):
                scores[i, y] += after_outside[y]
    for i in range(n - 1):  # a stretch before a settled O
        if not settled[i] and settled[i + 1] and not breaks[i + 1]:
            for y in range(size):
                scores[i, y] += before_outside[y]
    best = np.empty(size)
    step = np.empty(size)
    back = np.empty((n, size), np.intp)
    first = 0
    while first < n:
        if settled[first]:
            first += 1
            continue
        last = first
        claimed = True
        while last < n and not settled[last]:
            claimed = claimed and not free[last]
            last += 1
        if not claimed:
            best[:] = scores[first]
            for t in range(first + 1, last):
                for to in range(size):
                    top, chosen = best[0] + into[to, 0], 0
                    for source in range(1, size):
                        candidate = best[source] + into[to, source]
                        if candidate > top:
                            top, chosen = candidate, source
                    back[t, to] = chosen
                    step[to] = top + scores[t, to]
                best[:] = step
            label = 0
            for y in range(1, size):
                if best[y] > best[label]:
                    label = y
            labels[last - 1] = label
            for t in range(last - 1, first, -1):
                label = back[t, label]
                labels[t - 1] = label
        first = last
    return labels

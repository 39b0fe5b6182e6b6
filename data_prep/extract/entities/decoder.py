"""The CRF decoder: emissions, stretches and Viterbi of a whole article in one loop, compiled by numba.

numpy costs about a microsecond per call and a vectorised Viterbi needs a few hundred calls per
article; this loop, compiled to machine code, does the same work in a tenth of the time
(~0.06 ms per real article). What it computes: each token's label scores from the vocabulary
rows of the token and of its neighbours (`model.Scorer.word_rows`), tokens settled as O where O
beats every other label by more than `settle`, the O transition added next to them, and a plain
forward Viterbi with back pointers on each stretch between settled tokens that holds a free token
(the first of equal scores wins, as in crfsuite). tests/test_entities_model.py checks its labels
against crfsuite's own `Tagger.tag`.

numba caches the machine code beside this file: a process compiles it once (~1.5 s) or loads it
(~0.2 s). Where numba is missing or cannot compile, `decode` runs as plain Python: the same labels,
many times slower (a warning says so).
"""
from __future__ import annotations

import functools
import warnings

import numpy as np


@functools.cache
def compiled_decode():
    """`decode` compiled by numba, or `decode` itself (with a warning) where that is not possible."""
    try:
        import numba

        compiled = numba.njit(cache=True, nogil=True)(decode)
        size = 2  # compile (or load) now, on one token, rather than fail in the middle of a build
        compiled(np.zeros((1, 5, size)), np.zeros(1, np.intp), np.zeros(1, np.bool_), np.ones(1, np.bool_),
                 np.zeros((size, size)), np.zeros(size), np.zeros(size), np.zeros(size), np.zeros(size), 0, 6.0)
    except Exception as error:  # noqa: BLE001 - any failure leaves the same function, uncompiled
        warnings.warn(f"the CRF decoder runs uncompiled, many times slower ({error!r})", RuntimeWarning)
        return decode
    return compiled


def decode(table, ids, breaks, free, into, after_outside, before_outside, first_edge, last_edge, outside, settle):
    """Label index of every token (see the module docstring); plain Python, compiled by `compiled_decode`.

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

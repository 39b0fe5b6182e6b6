"""Gazetteer lookup: the longest known name starting at each token, through clitics."""
from __future__ import annotations

import functools

from data_prep.extract.entities.lexicon import Lexicon, lexicon
from data_prep.extract.entities.tokens import Span, Token, stems


@functools.lru_cache(maxsize=200_000)
def name_starts(word: str) -> tuple[tuple[int, str, int], ...]:
    """(clitic length, reading, longest name length) of the readings of `word` that begin a name.

    Empty for most words, so the scan below looks only at the few tokens where a name may start.
    """
    longest = lexicon().longest
    return tuple((cut, stem, longest[stem]) for cut, stem in stems(word) if stem in longest)


def gazetteer_spans(tokens: list[Token], lex: Lexicon) -> list[Span]:
    """Non-overlapping spans of gazetteer names, left to right, longest first (lex: `lexicon()`)."""
    spans: list[Span] = []
    n, free_from = len(tokens), 0
    starts = list(map(name_starts, [t.text for t in tokens]))
    for i in [i for i, s in enumerate(starts) if s]:
        if i < free_from:
            continue  # inside the name found before
        best = None  # (length, cut, entity_id)
        for cut, stem, longest in starts[i]:
            for length in range(min(longest, n - i), 0, -1):
                if best and length <= best[0]:
                    break
                entity_id = lex.names.get((stem, *(t.text for t in tokens[i + 1:i + length])))
                if entity_id:
                    best = (length, cut, entity_id)
                    break
        if best:
            length, cut, entity_id = best
            spans.append(Span(i, i + length, cut, lex.entries[entity_id].type, "gazetteer", entity_id))
            free_from = i + length
    return spans

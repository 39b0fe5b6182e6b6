"""Gazetteer lookup: the longest known name starting at each token, through clitics."""
from __future__ import annotations

import functools

from data_prep.extract.entities.lexicon import Lexicon, lexicon
from data_prep.extract.entities.tokens import NAME_START, Span, Tokens, stems


@functools.cache  # a plain dict: only flagged words come here, a set bounded by the lists
def name_starts(word: str) -> tuple[tuple[int, str, int], ...]:
    """(clitic length, reading, longest name length) of the readings of `word` that begin a name.

    Empty for most words: the vocabulary flags the others (NAME_START), and only they are looked at.
    """
    longest = lexicon().longest
    return tuple((cut, stem, longest[stem]) for cut, stem in stems(word) if stem in longest)


def gazetteer_spans(tokens: Tokens, lex: Lexicon) -> list[Span]:
    """Non-overlapping spans of gazetteer names, left to right, longest first (lex: `lexicon()`)."""
    spans: list[Span] = []
    words = tokens.words
    n, free_from = len(words), 0
    for i in tokens.marked(NAME_START):
        if i < free_from:
            continue  # inside the name found before
        best = None  # (length, cut, entity_id)
        for cut, stem, longest in name_starts(words[i]):
            if longest > 1:  # longer names only if the next word is the second word of one of them
                longest = lex.longest_after.get((stem, words[i + 1]), 1) if i + 1 < n else 1
            for length in range(min(longest, n - i), 0, -1):
                if best and length <= best[0]:
                    break
                entity_id = lex.names.get((stem, *words[i + 1:i + length]))
                if entity_id:
                    best = (length, cut, entity_id)
                    break
        if best:
            length, cut, entity_id = best
            spans.append(Span(i, i + length, cut, lex.entries[entity_id].type, "gazetteer", entity_id))
            free_from = i + length
    return spans

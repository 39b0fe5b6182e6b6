"""Free-text search in the Arabic text through spelling variants, without a folded copy of the corpus.

The query is folded (`data_prep.normalize.fold`) and turned into a regular expression over the
original text: each letter matches every letter that folds to it (ا matches أ إ آ…, ه matches ة),
and between letters any character that folding drops (diacritics, tatweel, zero-width marks) may
appear. The variant table is derived from `fold` itself, so search and folding never disagree.
"""
from __future__ import annotations

from collections import defaultdict
from functools import lru_cache
from itertools import chain

from data_prep.normalize import fold

# Where folding acts: Arabic blocks, Arabic presentation forms, spaces and invisible format marks.
_SCANNED = chain(range(0x0600, 0x0780), range(0x08A0, 0x0900), range(0x2000, 0x2070), (0x00A0, 0xFEFF))


_METACHARACTERS = set("\\.^$|?*+()[]{}-")


@lru_cache(maxsize=1)
def _variants() -> tuple[dict[str, str], str]:
    """(folded character -> regex class of all its spellings, regex class of dropped characters)."""
    spellings: dict[str, set[str]] = defaultdict(set)
    dropped = []
    for code in _SCANNED:
        char = chr(code)
        folded = fold(char)
        if folded == "":
            dropped.append(char)
        elif folded != char and len(folded) == 1:
            spellings[folded].add(char)
    classes = {target: "[" + _literal(target) + "".join(sorted(map(_literal, chars))) + "]"
               for target, chars in spellings.items()}
    return classes, "[" + "".join(map(_literal, dropped)) + "]*"


def variant_pattern(query: str) -> str:
    """A regular expression (case-insensitive when the query has Latin letters) matching `query` in any spelling variant."""
    classes, optional = _variants()
    folded = fold(query.strip())
    letters = [classes.get(char, _literal(char)) for char in folded]
    cased = folded.lower() != folded.upper()  # Arabic has no case: skip the slower case-insensitive scan
    return ("(?i)" if cased else "") + optional.join(letters)


def _literal(char: str) -> str:
    """`char` as a regex literal that Python's `re` and RE2 (DuckDB, Arrow) both accept."""
    return "\\" + char if char in _METACHARACTERS else char

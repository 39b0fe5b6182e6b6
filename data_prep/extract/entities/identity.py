"""Identity: one entity_id per entity, however it is spelled or shortened within a text.

Gazetteer mentions carry the gazetteer's id. Other names get a stable id from their type and
folded form. Within one text a short form takes the id of the full name it abbreviates: a person
named by one or two words of a longer name of the same text (هنية -> إسماعيل هنية), an
organisation or place named by the tail of a longer one. Words of such a full name found
unclaimed elsewhere in the text become mentions of it too.
"""
from __future__ import annotations

import functools
import itertools

from data_prep.extract.entities.lexicon import Lexicon
from data_prep.extract.entities.rules import is_common
from data_prep.extract.entities.tokens import Span, Tokens, stems, strip_article, with_clitics
from data_prep.frames import content_id


def name_key(tokens: Tokens, span: Span) -> tuple[str, ...]:
    """The folded words of a span, its clitic cut off."""
    words = tokens.words[span.first:span.last]
    words[0] = words[0][span.cut:]
    return tuple(words)


@functools.lru_cache(maxsize=100_000)
def new_id(kind: str, words: tuple[str, ...]) -> str:
    return f"{kind.lower()}:x{content_id(kind, ' '.join(words), length=12)}"


def assign_ids(tokens: Tokens, spans: list[Span], lex: Lexicon) -> list[Span]:
    """Give every span its entity_id; add the unclaimed repeats of known person names."""
    keys = [name_key(tokens, s) for s in spans]
    full = [(k, s) for k, s in zip(keys, spans) if len(k) > 1]
    longer = _LongerNames(full)
    for k, span in sorted(zip(keys, spans), key=lambda pair: -len(pair[0])):  # full names first
        if span.entity_id is None:
            parent = longer.parent(k, span.type)
            span.entity_id = parent.entity_id if parent else _known(k, span.type, lex) or new_id(span.type, k)
    return spans + _repeats(tokens, spans, full, lex)


def _known(key: tuple[str, ...], kind: str, lex: Lexicon) -> str | None:
    """The gazetteer id of a name found by a rule or the CRF (small towns are only linked here)."""
    entity_id = lex.names.get(key) or lex.weak.get(key)
    return entity_id if entity_id and lex.entries[entity_id].type == kind else None


class _LongerNames:
    """The names of several words of a text, indexed by the word a shorter form of them must share:
    any of a person's words (هنية of إسماعيل هنية), the last word of other names (the tail)."""

    def __init__(self, full: list[tuple[tuple[str, ...], Span]]) -> None:
        self.by_word: dict[tuple[str, str], list[tuple[tuple[str, ...], Span]]] = {}
        for long_key, span in full:
            words = set(long_key) if span.type == "PER" else {strip_article(long_key[-1])}
            for word in words:
                self.by_word.setdefault((span.type, word), []).append((long_key, span))

    def parent(self, key: tuple[str, ...], kind: str) -> Span | None:
        """The one longer name of the same type that `key` abbreviates, if exactly one.

        Entity ids are read when asked: callers give ids to longer names first."""
        word = key[0] if kind == "PER" else strip_article(key[-1])
        found = {}
        for long_key, span in self.by_word.get((kind, word), ()):
            if len(long_key) <= len(key):
                continue
            if kind == "PER":
                ok = set(key) <= set(long_key)
            else:
                tail = long_key[-len(key):]
                ok = tail == key or tuple(map(strip_article, tail)) == tuple(map(strip_article, key))
            if ok:
                found[span.entity_id] = span
        return next(iter(found.values())) if len(found) == 1 else None


def _repeats(tokens, spans, full, lex) -> list[Span]:
    """Unclaimed later words that repeat the family name of a person of this text."""
    surnames: dict[str, str | None] = {}
    for key, span in full:
        if span.type == "PER":
            last = key[-1]
            if len(last) > 2 and last not in lex.name_prefixes and not is_common(last, lex) \
                    and lex.words.get(last, {"PER"}) == {"PER"}:  # not الوطن of some ORG or LOC name
                surnames[last] = span.entity_id if surnames.get(last, span.entity_id) == span.entity_id else None
    out: list = []
    if not any(surnames.values()):
        return out
    forms = set().union(*(with_clitics(name) for name, entity_id in surnames.items() if entity_id))
    taken: set = set()
    for s in spans:
        taken.update(range(s.first, s.last))
    words = tokens.words
    for i in itertools.compress(itertools.count(), map(forms.__contains__, words)):
        if i in taken:
            continue
        for cut, stem in stems(words[i]):
            entity_id = surnames.get(stem)
            if entity_id:
                out.append(Span(i, i + 1, cut, "PER", "rule", entity_id))
                break
    return out

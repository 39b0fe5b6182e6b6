"""The data files of data_prep/gazetteer/, loaded once into lookup tables.

Files (see data_prep/gazetteer/README.md): domain.tsv (curated), clubs.tsv (curated sports clubs),
places.tsv (generated: countries, capitals, cities, governorates), context.tsv (titles, heads,
non-names, sport words), common_words.tsv (generated), translit.tsv. Keys are tuples of folded tokens, so one dict lookup per token finds a
name in any spelling that folds alike (hamza, alef, ta marbuta, ya, diacritics, tatweel).
"""
from __future__ import annotations

import csv
import functools
import re
from dataclasses import dataclass
from pathlib import Path

from data_prep.extract.entities.tokens import words_of
from data_prep.normalize import fold

DATA = Path(__file__).resolve().parents[2] / "gazetteer"
# One-word GeoNames towns smaller than this are matched only where a rule or the CRF sees a place
# (many are also common words: النصر، المجد، سلامة).
SMALL_TOWN = 100_000


@dataclass(frozen=True, slots=True)
class Entry:
    entity_id: str
    type: str
    name: str
    name_en: str
    country: str | None
    lat: float | None
    lon: float | None


def key(phrase: str) -> tuple[str, ...]:
    """The folded token tuple under which a phrase is looked up."""
    return tuple(words_of(fold(phrase)))


def _rows(name: str) -> list[dict]:
    lines = [line for line in (DATA / name).read_text(encoding="utf-8").splitlines() if line and not line.startswith("#")]
    return list(csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE))


def _float(value: str) -> float | None:
    return float(value) if value else None


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


@dataclass(frozen=True)
class Lexicon:
    entries: dict[str, Entry]  # entity_id -> entry
    names: dict[tuple[str, ...], str]  # folded token key -> entity_id
    weak: dict[tuple[str, ...], str]  # one-word small towns: linked only when context says place
    longest: dict[str, int]  # first token -> longest key length starting with it
    longest_after: dict[tuple[str, str], int]  # first two tokens -> longest key length starting with them
    words: dict[str, frozenset[str]]  # folded token -> types of the names it is part of
    titles: frozenset[tuple[str, ...]]  # roles before a person's name
    title_longest: dict[str, int]  # first word -> longest title starting with it
    org_heads: frozenset[str]
    operation_heads: frozenset[str]
    cues: frozenset[str]  # first words of titles and heads: where a context rule may start
    loc_heads: frozenset[str]
    not_entity: frozenset[tuple[str, ...]]
    stop: frozenset[str]
    name_prefixes: frozenset[str]
    common: frozenset[str]
    clubs: dict[tuple[str, ...], str]  # club names that are also common words or places: sport sentences only
    club_firsts: frozenset[str]
    sport: frozenset[str]
    place_prepositions: frozenset[str]


def _add(names: dict, entries: dict, entry: Entry, phrases: list[str], weak: dict | None = None) -> None:
    entries[entry.entity_id] = entry
    for phrase in phrases:
        k = key(phrase)
        table = weak if weak is not None and len(k) == 1 else names
        if k and k not in names and k not in table:  # earlier files win: curated before generated
            table[k] = entry.entity_id


def _gazetteer() -> tuple[dict, dict, dict, dict]:
    """(names, weak names, club names that need a sport context, entries) of the data files."""
    names: dict[tuple[str, ...], str] = {}
    weak: dict[tuple[str, ...], str] = {}
    clubs: dict[tuple[str, ...], str] = {}
    entries: dict[str, Entry] = {}
    for row in _rows("domain.tsv"):
        entity_id = f"{row['type'].lower()}:{_slug(row['name_en'])}"
        entry = Entry(entity_id, row["type"], row["name"], row["name_en"], row["country"] or None,
                      _float(row["lat"]), _float(row["lon"]))
        _add(names, entries, entry, [row["name"], *filter(None, row["aliases"].split("|"))])
    for row in _rows("clubs.tsv"):
        entry = Entry(f"org:club-{_slug(row['name_en'])}", "ORG", row["name"], row["name_en"], row["country"] or None,
                      None, None)
        phrases = [row["name"], *filter(None, row["aliases"].split("|"))]
        if row["context"] == "yes":
            entries[entry.entity_id] = entry
            for phrase in phrases:
                clubs.setdefault(key(phrase), entry.entity_id)
        else:
            _add(names, entries, entry, phrases)
    for row in _rows("places.tsv"):
        entry = Entry(f"loc:{row['id']}", "LOC", row["name"], row["name_en"], row["country"] or None,
                      _float(row["lat"]), _float(row["lon"]))
        small = row["source"] == "geonames city" and int(row["population"] or 0) < SMALL_TOWN
        _add(names, entries, entry, [row["name"], *filter(None, row["aliases"].split("|"))], weak if small else None)
    return names, weak, clubs, entries


@functools.cache
def lexicon() -> Lexicon:
    names, weak, clubs, entries = _gazetteer()
    by_kind: dict[str, list[tuple[str, ...]]] = {}
    for row in _rows("context.tsv"):
        by_kind.setdefault(row["kind"], []).append(key(row["phrase"]))
    not_entity = frozenset(by_kind["not_entity"])
    for k in by_kind["ambiguous"]:
        if k in names:
            weak[k] = names.pop(k)
    for k in not_entity:
        names.pop(k, None)
        weak.pop(k, None)
    longest: dict[str, int] = {}
    longest_after: dict[tuple[str, str], int] = {}
    for k in names:
        longest[k[0]] = max(longest.get(k[0], 0), len(k))
        if len(k) > 1:
            longest_after[k[:2]] = max(longest_after.get(k[:2], 0), len(k))
    words: dict[str, set[str]] = {}
    for k, entity_id in [*names.items(), *weak.items(), *clubs.items()]:  # weak names still inform the CRF
        for token in k:
            words.setdefault(token, set()).add(entries[entity_id].type)
    titles = by_kind["title"]
    return Lexicon(
        entries=entries,
        names=names,
        weak=weak,
        longest=longest,
        longest_after=longest_after,
        words={w: frozenset(t) for w, t in words.items()},
        titles=frozenset(titles),
        title_longest={t[0]: max(len(u) for u in titles if u[0] == t[0]) for t in titles},
        org_heads=frozenset(k[0] for k in by_kind["org_head"]),
        operation_heads=frozenset(k[0] for k in by_kind["operation_head"]),
        cues=frozenset(k[0] for kind in ("title", "org_head", "loc_head", "operation_head") for k in by_kind[kind]),
        loc_heads=frozenset(k[0] for k in by_kind["loc_head"]),
        not_entity=not_entity,
        stop=frozenset(k[0] for k in by_kind["stop"]),
        name_prefixes=frozenset(k[0] for k in by_kind["name_prefix"]),
        common=frozenset(row["word"] for row in _rows("common_words.tsv")),
        clubs=clubs,
        club_firsts=frozenset(k[0] for k in clubs),
        sport=frozenset(k[0] for k in by_kind["sport"]),
        place_prepositions=frozenset(k[0] for k in by_kind["place_preposition"]),
    )

"""entity_table: one row per entity_id of a mentions frame, named from the gazetteer where known."""
from __future__ import annotations

import collections
import functools

import pandas as pd

from data_prep.extract.entities.lexicon import DATA, lexicon
from data_prep.frames import make_frame
from data_prep.normalize import fold


@functools.cache
def _translit() -> dict[int, str]:
    """translit.tsv (one Arabic letter, its Latin spelling) as a str.translate table."""
    lines = (DATA / "translit.tsv").read_text(encoding="utf-8").splitlines()
    pairs = [line.split("\t") for line in lines if line and not line.startswith("#")][1:]
    return str.maketrans(dict(pairs))


def transliterate(name: str) -> str:
    """A readable Latin spelling for names the gazetteer lacks (سامر الخطيب -> Samr al-Khtib)."""
    table = _translit()
    words = []
    for word in fold(name).split():
        article = "al-" if word.startswith("ال") and len(word) > 3 else ""
        latin = word[len(article) and 2:].translate(table)
        words.append(article + latin[:1].upper() + latin[1:])
    return " ".join(words)


def entity_table(mentions: pd.DataFrame) -> pd.DataFrame:
    """Entities of `mentions` (any frame with entity_id, type, text; article_id optional)."""
    if mentions is None or len(mentions) == 0:
        return make_frame("entities", [])
    entries = lexicon().entries
    articles = mentions["article_id"].tolist() if "article_id" in mentions.columns else [None] * len(mentions)
    groups: dict[str, tuple[collections.Counter, collections.Counter, set]] = {}
    for entity_id, kind, text, article in zip(
        mentions["entity_id"].tolist(), mentions["type"].tolist(), mentions["text"].tolist(), articles
    ):
        group = groups.get(entity_id)
        if group is None:  # not setdefault: that builds three containers per mention
            group = groups[entity_id] = (collections.Counter(), collections.Counter(), set())
        surfaces, kinds, seen_in = group
        surfaces[text] += 1
        kinds[kind] += 1
        seen_in.add(article)
    rows = []
    for entity_id in sorted(groups):
        surfaces, kinds, seen_in = groups[entity_id]
        entry = entries.get(entity_id)
        if entry:
            name, name_en, kind = entry.name, entry.name_en, entry.type
            lat, lon, country = entry.lat, entry.lon, entry.country
        else:
            name = max(surfaces, key=lambda s: (len(s.split()), surfaces[s], s))
            name_en, kind = transliterate(name), kinds.most_common(1)[0][0]
            lat = lon = country = None
        rows.append({
            "entity_id": entity_id, "name": name, "name_en": name_en, "type": kind,
            "aliases": sorted(surfaces), "mentions": sum(surfaces.values()), "articles": len(seen_in),
            "lat": lat, "lon": lon, "country": country,
        })
    return make_frame("entities", rows)

"""The gazetteer part alone and through extract_mentions: spellings, clitics, verbatim offsets."""
from __future__ import annotations

import csv

import pytest

from data_prep.extract.entities import extract_mentions
from data_prep.extract.entities.gazetteer import gazetteer_spans
from data_prep.extract.entities.lexicon import DATA, key, lexicon
from data_prep.extract.entities.vocabulary import read
from data_prep.normalize import fold


def found(text: str) -> list[tuple[str, str, str]]:
    return [(m["text"], m["type"], m["entity_id"]) for m in extract_mentions(text)]


def ids_of(text: str, surface: str) -> set[str]:
    return {m["entity_id"] for m in extract_mentions(text) if m["text"] == surface}


def test_gazetteer_spans_alone_find_the_longest_name():
    tokens = read(fold("اجتمع مجلس الأمن الدولي بطلب من الجزائر"))
    spans = gazetteer_spans(tokens, lexicon())
    assert [(s.first, s.last, s.type) for s in spans] == [(1, 4, "ORG"), (6, 7, "LOC")]


@pytest.mark.parametrize("a, b", [
    ("هيرتسوغ", "هرتسوغ"),
    ("حماس", "حركة المقاومة الإسلامية"),
    ("حركة حماس", "حماس"),
    ("إسرائيل", "اسرائيل"),
    ("الأونروا", "وكالة الأمم المتحدة لإغاثة وتشغيل اللاجئين الفلسطينيين"),
    ("الولايات المتحدة", "أميركا"),
])
def test_spellings_and_long_forms_share_one_id(a, b):
    first = ids_of(f"وقال مصدر إن {a} رفضت الاقتراح.", a)
    second = ids_of(f"وقال مصدر إن {b} رفضت الاقتراح.", b)
    assert first and first == second


def test_clitics_stay_outside_the_mention_and_offsets_are_verbatim():
    text = "وصلت المساعدات لغزة وبالقدس، فالخليل وللأمم المتحدة دور كبير."
    rows = extract_mentions(text)
    assert [r["text"] for r in rows] == ["غزة", "القدس", "الخليل", "لأمم المتحدة"]
    for r in rows:
        assert text[r["start"]:r["end"]] == r["text"]


def test_diacritics_tatweel_and_hamza_forms_match_without_touching_the_text():
    text = "قَصَفَتْ الطائرات شمالي غـزّة واستهدفت مخيّم جباليا ومدينة أريحا واريحا"
    rows = extract_mentions(text)
    names = {lexicon().entries[r["entity_id"]].name for r in rows if r["entity_id"] in lexicon().entries}
    assert {"قطاع غزة", "مخيم جباليا", "أريحا"} <= names
    assert "غـزّة" in [r["text"] for r in rows]
    for r in rows:
        assert text[r["start"]:r["end"]] == r["text"]


def test_nationality_adjectives_are_not_places():
    text = "قالت الخارجية القطرية إن الوساطة المصرية والجهود الأمريكية مستمرة مع الجانب الإسرائيلي."
    rows = extract_mentions(text)
    assert not [r for r in rows if r["type"] == "LOC"]
    assert "org:qatari-ministry-of-foreign-affairs" in {r["entity_id"] for r in rows}


def test_the_occupation_is_not_israel():
    text = "اقتحمت قوات الاحتلال بلدة قباطية، وقال جيش الاحتلال إن الاحتلال لن يتراجع، بينما ردت إسرائيل."
    israel = {r["start"] for r in extract_mentions(text) if r["entity_id"] == "loc:ccIL"}
    assert israel == {text.index("إسرائيل")}


def test_every_country_has_an_arabic_name_from_cldr_and_a_position():
    with open(DATA / "places.tsv", encoding="utf-8") as f:
        rows = list(csv.DictReader((line for line in f if not line.startswith("#")), delimiter="\t",
                                   quoting=csv.QUOTE_NONE))
    countries = [r for r in rows if r["source"] == "cldr country"]
    capitals = [r for r in rows if r["source"] == "geonames capital"]
    assert len(countries) >= 240 and len(capitals) >= 190
    by_code = {r["country"]: r for r in countries}
    assert by_code["EG"]["name"] == "مصر" and by_code["JO"]["name"] == "الأردن"
    assert all(r["lat"] and r["lon"] for r in capitals)
    arab = [r for r in rows if r["source"] == "geonames city" and r["country"] in ("PS", "SY", "IQ", "YE", "LB")]
    assert len(arab) > 500


@pytest.mark.parametrize("place, country", [("دمشق", "SY"), ("صنعاء", "YE"), ("الخرطوم", "SD"),
                                            ("طرابلس", "LY"), ("بيروت", "LB"), ("بغداد", "IQ")])
def test_arab_capitals_are_places_with_coordinates(place, country):
    entity_id = lexicon().names[key(place)]
    entry = lexicon().entries[entity_id]
    assert entry.type == "LOC" and entry.country == country and entry.lat is not None


def test_curated_domain_list_is_several_hundred_entities_of_every_kind():
    with open(DATA / "domain.tsv", encoding="utf-8") as f:
        rows = list(csv.DictReader((line for line in f if not line.startswith("#")), delimiter="\t",
                                   quoting=csv.QUOTE_NONE))
    kinds = {t: sum(r["type"] == t for r in rows) for t in ("PER", "ORG", "LOC", "EVENT")}
    assert len(rows) >= 400 and min(kinds["PER"], kinds["ORG"], kinds["LOC"]) >= 100
    assert all(r["name_en"] for r in rows)


def test_named_operations_are_events():
    rows = extract_mentions("في الذكرى الأولى لعملية طوفان الأقصى، واصل الجيش عملية السيوف الحديدية.")
    assert [r["type"] for r in rows if "الأقصى" in r["text"] or "السيوف" in r["text"]] == ["EVENT", "EVENT"]

"""Context rules alone (rule_spans) and inside extract_mentions, on names no list contains."""
from __future__ import annotations

import pytest

from data_prep.extract.entities import extract_mentions
from data_prep.extract.entities.gazetteer import gazetteer_spans
from data_prep.extract.entities.lexicon import lexicon
from data_prep.extract.entities.rules import is_nisba, rule_spans
from data_prep.extract.entities.vocabulary import read
from data_prep.normalize import fold


def by_rule(text: str) -> list[tuple[str, str]]:
    """(surface, type) of the rule spans of `text`, computed without the CRF."""
    tokens = read(fold(text))
    lex = lexicon()
    spans = rule_spans(tokens, gazetteer_spans(tokens, lex), lex)
    return [(" ".join(tokens.words[s.first:s.last]), s.type) for s in spans]


def test_a_role_announces_a_person():
    # WAFA-style: role, body, name
    assert ("زكريا الاحمد", "PER") in by_rule("وقال المتحدث باسم وزارة الصحة زكريا الأحمد إن الوضع خطير")
    # Anadolu-style: role, nationality, name
    assert ("فوميو كيشيدا", "PER") in by_rule("التقى رئيس الوزراء الياباني فوميو كيشيدا نظيره")


def test_a_role_with_an_organisation_between_it_and_the_name():
    found = by_rule("وقال القيادي في حركة المقاومة الشعبية ناصر أبو شريف للجزيرة نت")
    assert ("ناصر ابو شريف", "PER") in found


def test_a_role_is_not_a_name_by_itself():
    assert by_rule("وأكد الرئيس الجديد أن الحكومة ستعمل على ذلك") == []


def test_organisation_heads_take_their_definite_complement():
    assert ("وزاره الزراعه", "ORG") in by_rule("وأعلنت وزارة الزراعة أمس خطة جديدة")
    assert ("هييه مكافحه الفساد", "ORG") in by_rule("وقالت هيئة مكافحة الفساد في بيان")


def test_place_heads_announce_unknown_places():
    found = by_rule("اقتحمت القوات قرية عزون العتمة وبلدة بيت أمر شمال الخليل")
    assert ("عزون", "LOC") in found or ("عزون العتمه", "LOC") in found
    assert ("بيت امر", "LOC") in found


def test_a_quoted_operation_name_is_an_event():
    assert ("فجر الحريه", "EVENT") in by_rule('أعلنت الفصائل بدء عملية "فجر الحرية" ضد المواقع')


def test_metonyms_and_generic_bodies_are_not_organisations():
    assert by_rule("وقال جيش الاحتلال إن قوات الاحتلال انسحبت") == []


def test_a_small_town_found_by_a_rule_links_to_the_gazetteer():
    rows = extract_mentions("وصل وفد إلى بلدة عناتا شمال شرق القدس")
    anata = [r for r in rows if r["text"] == "عناتا"]
    assert anata and anata[0]["type"] == "LOC" and anata[0]["entity_id"].startswith("loc:gn")


def test_nisba_shapes():
    assert all(is_nisba(fold(w)) for w in ("المصرية", "الإسرائيلي", "فلسطينيين", "أمريكية"))
    assert not any(is_nisba(fold(w)) for w in ("مصر", "دبي", "القاهرة"))


@pytest.mark.parametrize("text, club", [
    ("فاز الأهلي على ضيفه بهدفين في مباراة الدوري أمس", "الأهلي"),
    ("وتعادل برشلونة مع منافسه في الجولة الأخيرة من الدوري الإسباني", "برشلونة"),
    ("وقال مدرب العربي إن فريقه سيعود بقوة", "العربي"),
])
def test_a_club_named_like_a_common_word_or_a_city_is_an_organisation_in_a_sentence_about_sport(text, club):
    rows = [m for m in extract_mentions(text) if m["text"] == club]
    assert rows and rows[0]["type"] == "ORG" and rows[0]["entity_id"].startswith("org:club-")


@pytest.mark.parametrize("text, word, kind", [
    ("وصل الوفد التجاري إلى برشلونة أمس لحضور المعرض", "برشلونة", "LOC"),  # no sport: the city
    ("أقيمت المباراة في برشلونة أمام جمهور كبير", "برشلونة", "LOC"),  # a place preposition first
    ("قال الأهلي من السكان إن المياه مقطوعة", "الأهلي", None),  # no sport: not a club
])
def test_outside_sport_or_after_a_place_preposition_the_name_is_no_club(text, word, kind):
    kinds = {m["type"] for m in extract_mentions(text) if m["text"] == word}
    assert kinds == ({kind} if kind else set())


def test_after_a_definite_head_only_adjectives_belong_to_the_name():
    rows = extract_mentions("وقررت المحكمة العليا أمس رفض الطعن ، وقالت المحكمة جعفر الموسوي إن القرار نهائي")
    orgs = [m["text"] for m in rows if m["type"] == "ORG"]
    assert "المحكمة العليا" in orgs
    assert not any("جعفر" in name for name in orgs)

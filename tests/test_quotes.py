"""Quotes: who made each statement and what span of the text it said.

Upstream rows are hand-made (see test_events); the seed's statements are tested at the end through
`analyze_text` with the real extractors.
"""
from __future__ import annotations

import data_prep
from data_prep.segment import segment_page
from tests.test_events import only, run


def test_quotation_after_the_verb_and_a_person_named_after_the_office():
    text = ('وقال المتحدث باسم وزارة الخارجية الأمريكية ماثيو ميلر للصحفيين: "نحن نعمل على مدار الساعة '
            'لإطلاق سراح الرهائن".')
    events, quotes = run(text, "2023-11-02", entities={
        "وزارة الخارجية الأمريكية": ("ORG", "us_state"), "ماثيو ميلر": ("PER", "miller")})
    assert [(q["speaker"], q["text"]) for q in quotes] == [
        ("miller", "نحن نعمل على مدار الساعة لإطلاق سراح الرهائن")]
    assert quotes[0]["date"] == "2023-11-02" == only(events, type="statement")["date"]
    assert [e["type"] for e in events] == ["statement", "release"]  # what was said can hold events


def test_quotation_before_the_verb():
    text = "«لن نسمح بتكرار ما حدث في الجنوب»، قال رئيس الوزراء نفتالي بينيت للصحفيين."
    _, quotes = run(text, "2021-08-01", entities={"نفتالي بينيت": ("PER", "bennett")})
    assert [(q["speaker"], q["text"]) for q in quotes] == [("bennett", "لن نسمح بتكرار ما حدث في الجنوب")]


def test_reported_speech_after_the_complementiser_and_its_dates_are_not_the_statement_date():
    text = ("وأكد وزير الخارجية المصري سامح شكري، في اتصال هاتفي، أن القاهرة ترفض أي تهجير للفلسطينيين "
            "منذ 7 أكتوبر.")
    events, quotes = run(text, "2023-10-20", dates={"7 أكتوبر": "2023-10-07"},
                         entities={"سامح شكري": ("PER", "shoukry"), "القاهرة": ("LOC", "cairo")})
    assert [(q["speaker"], q["text"]) for q in quotes] == [
        ("shoukry", "القاهرة ترفض أي تهجير للفلسطينيين منذ 7 أكتوبر")]
    statement = only(events, type="statement")
    assert (statement["date"], statement["date_source"]) == ("2023-10-20", "published")


def test_unnamed_and_pointing_back_subjects_are_the_last_speaker_an_anonymous_one_is_nobody():
    text = ("وقالت وزارة الصحة في غزة إن المستشفيات خرجت عن الخدمة.\n"
            "وأضافت أن الوقود نفد من المولدات.\n"
            "وأوضح البيان أن الطواقم تعمل بلا توقف.\n"
            "في المقابل، قال مصدر عسكري إن العمليات مستمرة.")
    _, quotes = run(text, "2023-11-11", entities={"وزارة الصحة": ("ORG", "moh"), "غزة": ("LOC", "gaza")})
    assert [(q["speaker"], q["text"]) for q in quotes] == [
        ("moh", "المستشفيات خرجت عن الخدمة"),
        ("moh", "الوقود نفد من المولدات"),
        ("moh", "الطواقم تعمل بلا توقف"),
        (None, "العمليات مستمرة"),
    ]


def test_a_joint_statement_has_every_issuer_as_speaker():
    text = "وجاء في بيان مشترك صادر عن حركة فتح والجبهة الديمقراطية أن الوحدة الوطنية ضرورة لا غنى عنها."
    events, quotes = run(text, "2024-02-02", entities={
        "حركة فتح": ("ORG", "fatah"), "الجبهة الديمقراطية": ("ORG", "dflp")})
    assert only(events, type="statement")["actors"] == ["fatah", "dflp"]
    assert [q["speaker"] for q in quotes] == ["fatah", "dflp"]
    assert {q["text"] for q in quotes} == {"الوحدة الوطنية ضرورة لا غنى عنها"}


def test_a_statement_announcing_what_follows_says_the_next_sentence_and_is_not_quoted_twice():
    text = ("وأصدرت نقابة الصحفيين بيانا جاء فيه ما يلي:\n"
            "نؤكد رفضنا استهداف الصحفيين ونطالب بتحقيق دولي.\n"
            "وأكدت النقابة أن عدد الضحايا ارتفع.")
    events, quotes = run(text, "2023-12-01", entities={"نقابة الصحفيين": ("ORG", "union")})
    assert [(q["speaker"], q["text"]) for q in quotes] == [
        ("union", "نؤكد رفضنا استهداف الصحفيين ونطالب بتحقيق دولي."),
        ("union", "عدد الضحايا ارتفع"),
    ]
    assert [e["type"] for e in events].count("statement") == 2


def test_speech_inside_a_quotation_is_part_of_it():
    text = 'وقال الرئيس محمود عباس: "لقد أكدنا مرارا أن الحل هو إقامة الدولة".'
    events, quotes = run(text, "2024-01-05", entities={"محمود عباس": ("PER", "abbas")})
    assert [(e["type"], e["actors"]) for e in events] == [("statement", ["abbas"])]
    assert [q["text"] for q in quotes] == ["لقد أكدنا مرارا أن الحل هو إقامة الدولة"]


# -- the seed, through the real extractors ------------------------------------------------------------

def _names(frames) -> dict[str, set[str]]:
    """Each entity id with the surfaces of its mentions."""
    names: dict[str, set[str]] = {}
    for row in frames["mentions"].itertuples():
        names.setdefault(row.entity_id, set()).add(row.text)
    return names


def _speakers_named(frames, quote_rows) -> list[set[str]]:
    names = _names(frames)
    return [names.get(speaker, set()) for speaker in quote_rows["speaker"]]


def test_seed_statements_of_hamas_and_herzog(seed_first_article):
    frames = data_prep.analyze_text(seed_first_article, published="2023-12-20")
    quotes = frames["quotes"]
    said = dict(zip(quotes["text"], _speakers_named(frames, quotes)))
    arrival = next(t for t in said if t.startswith("وصل، صباح اليوم الأربعاء"))
    assert any("حماس" in n for n in said[arrival])
    truce = next(t for t in said if t.startswith("تل أبيب مستعدة"))
    assert any("هيرتسوغ" in n for n in said[truce])
    herzog = quotes[quotes["text"] == truce].iloc[0]
    assert herzog["date"] == "2023-12-19"


def test_seed_joint_statement_of_the_three_factions(seed_page):
    article = segment_page(seed_page)[1]
    frames = data_prep.analyze_text(article.text, published=article.published)
    quotes = frames["quotes"]
    joint = quotes[quotes["text"].str.startswith("نؤكد حرصنا")]
    speakers = {frozenset(n) for n in _speakers_named(frames, joint)}
    for faction in ("حماس", "الجبهة الشعبية", "الجهاد"):
        assert any(any(faction in name for name in names) for names in speakers), faction
    assert len(joint) == 3


def test_a_date_between_the_speech_verb_and_what_it_reports_dates_the_statement():
    text = "أكد مصدر أمني رفيع لوكالة «سبوتنيك»، أمس، أن مسلحين هاجموا دورية للجيش."
    events, quotes = run(text, "2015-07-22", dates={"أمس": "2015-07-21"},
                         entities={"سبوتنيك": ("ORG", "sputnik")})
    statement = only(events, type="statement")
    assert (statement["date"], statement["actors"]) == ("2015-07-21", [])  # told to the agency
    assert [(q["speaker"], q["text"]) for q in quotes] == [(None, "مسلحين هاجموا دورية للجيش")]

"""Events: types, dates, actors, places and figures, on articles of several shapes.

The event rules are tested on their own: the dates, mentions and figures an article would get from
the other extractors are written by hand below, located in the test's own sentences
with `str.find`, so a change in another extractor cannot hide or fake a change in the event rules.
The seed's timeline is tested at the end through `analyze_text`, with the real extractors.
"""
from __future__ import annotations

import datetime as dt
import re

from hypothesis import given, settings
from hypothesis import strategies as st

from data_prep.extract.events import extract_events
from data_prep.normalize import fold
from data_prep.sentences import sentence_spans


def _spans(text: str, surface: str) -> list[tuple[int, int]]:
    """Whole-word occurrences of `surface`, a one-letter clitic (و ب ل ف) or ال in front allowed."""
    pattern = rf"(?<![^\s\"«(،,.])(?:[وبلف]|ال)?({re.escape(surface)})(?!\w)"
    return [m.span(1) for m in re.finditer(pattern, text)]


def mention_rows(text: str, entities: dict[str, tuple[str, str]]) -> list[dict]:
    """Mention rows for every occurrence of each surface: {surface: (type, entity_id)}."""
    rows = []
    for surface, (kind, entity_id) in entities.items():
        for start, end in _spans(text, surface):
            rows.append({"start": start, "end": end, "text": surface, "type": kind, "entity_id": entity_id,
                         "method": "gazetteer"})
    rows.sort(key=lambda r: (r["start"], r["start"] - r["end"]))
    kept, end = [], -1
    for row in rows:  # a longer surface wins over a shorter one inside it
        if row["start"] >= end:
            kept.append(row)
            end = row["end"]
    return kept


def date_rows(text: str, dates: dict[str, str | None]) -> list[dict]:
    """Date rows for the first occurrence of each surface: {surface: ISO value or None}."""
    rows = []
    for surface, value in dates.items():
        start = text.find(surface)
        assert start >= 0, surface
        rows.append({"start": start, "end": start + len(surface), "text": surface, "value": value,
                     "kind": "date", "value_end": None, "calendar": "gregorian"})
    return sorted(rows, key=lambda r: r["start"])


def figure_rows(text: str, figures: list[tuple[str, str]]) -> list[dict]:
    """Figure rows, ids F0, F1 … in the order given: [(surface, category)]."""
    rows = []
    for i, (surface, category) in enumerate(figures):
        start = text.find(surface)
        assert start >= 0, surface
        rows.append({"start": start, "end": start + len(surface), "text": surface, "category": category,
                     "figure_id": f"F{i}"})
    return rows


def run(text: str, published: str | None = None, entities=None, dates=None, figures=None):
    """(events, quotes) of `text` with the hand-made upstream rows."""
    sentences = [
        {"sentence_id": i, "start": s, "end": e, "text": text[s:e]} for i, (s, e) in enumerate(sentence_spans(text))
    ]
    return extract_events(
        text, sentences, mention_rows(text, entities or {}), date_rows(text, dates or {}),
        figure_rows(text, figures or []), dt.date.fromisoformat(published) if published else None,
    )


def only(events: list[dict], **where) -> dict:
    """The one event whose fields equal `where` (fails when there is none or more than one)."""
    found = [e for e in events if all(e[k] == v for k, v in where.items())]
    assert len(found) == 1, (where, [(e["type"], e["trigger"], e["date"]) for e in events])
    return found[0]


# -- dates ----------------------------------------------------------------------------------------

def test_fronted_date_adverbial_dates_the_whole_sentence():
    text = ("وأمس الاثنين، صرح وزير الخارجية القطري محمد بن عبد الرحمن آل ثاني، خلال لقائه مع نظيره المصري، "
            "بأن الوساطة مستمرة.")
    events, _ = run(text, "2024-01-16", entities={"محمد بن عبد الرحمن آل ثاني": ("PER", "qatar_fm")},
                    dates={"أمس الاثنين": "2024-01-15"})
    statement = only(events, type="statement")
    assert (statement["date"], statement["date_source"]) == ("2024-01-15", "sentence")
    assert statement["actors"] == ["qatar_fm"]
    meeting = only(events, type="meeting")  # "خلال لقائه": the speaker's meeting, same day
    assert (meeting["date"], meeting["actors"]) == ("2024-01-15", ["qatar_fm"])


def test_time_clause_date_governs_the_verbs_inside_it():
    text = ("يواصل الجيش الروسي قصف المدن الأوكرانية منذ 24 فبراير 2022، عندما أعلن الرئيس فلاديمير بوتين "
            "بدء العملية العسكرية، وأطلقت قواته صواريخ على كييف.")
    events, _ = run(text, "2023-03-01", dates={"24 فبراير 2022": "2022-02-24"}, entities={
        "الجيش الروسي": ("ORG", "ru_army"), "فلاديمير بوتين": ("PER", "putin"), "كييف": ("LOC", "kyiv")})
    assert {e["date"] for e in events} == {"2022-02-24"}
    assert only(events, type="statement")["actors"] == ["putin"]
    shelling = only(events, type="attack", trigger="قصف")
    assert shelling["actors"] == ["ru_army"]
    launch = only(events, type="attack", trigger="العملية العسكرية")  # merged with "وأطلقت"
    assert (launch["actors"], launch["location"], launch["targets"]) == (["putin"], "kyiv", ["kyiv"])


def test_date_after_a_noun_trigger_in_its_clause_and_one_agreement_for_truce_and_exchange():
    text = "وكان الطرفان قد توصلا إلى هدنة إنسانية في مارس الماضي، تخللها تبادل للأسرى."
    events, _ = run(text, "2023-06-10", dates={"مارس الماضي": "2023-03"})
    agreement = only(events, type="agreement")
    assert (agreement["date"], agreement["date_source"]) == ("2023-03", "sentence")
    assert text[agreement["start"]:agreement["end"]].endswith("تبادل للأسرى")  # both clauses


def test_one_agreement_takes_the_date_that_comes_with_its_second_trigger():
    text = "وأسفرت الوساطة عن موافقة الطرفين المتحاربين بعد أسابيع طويلة على هدنة مؤقتة في مارس الماضي."
    events, _ = run(text, "2023-06-10", dates={"مارس الماضي": "2023-03"})
    agreement = only(events, type="agreement")
    assert (agreement["trigger"], agreement["date"]) == ("موافقة", "2023-03")


def test_publication_date_only_for_undated_news_of_the_day():
    text = ("قصفت الطائرات الحربية حي الشجاعية في مدينة غزة.\n"
            "وكانت الحكومة قد أعلنت حالة الطوارئ.\n"
            "المظاهرات في المدن الكبرى.\n"
            "وأسفرت الغارات عن دمار واسع.\n"
            "ويصل الوزير أيمن الصفدي إلى عمان.")
    entities = {"مدينة غزة": ("LOC", "gaza_city"), "عمان": ("LOC", "amman"), "أيمن الصفدي": ("PER", "safadi")}
    events, _ = run(text, "2024-02-01", entities=entities)
    dated = {e["trigger"]: (e["date"], e["date_source"]) for e in events}
    assert dated == {
        "قصفت": ("2024-02-01", "published"),   # past verb
        "أعلنت": (None, None),                  # pluperfect: an earlier day
        "المظاهرات": (None, None),              # a noun with no verb of the day
        "الغارات": ("2024-02-01", "published"),  # a noun after a light verb (أسفر)
        "ويصل": ("2024-02-01", "published"),     # present verb
    }
    assert only(events, trigger="قصفت")["location"] == "gaza_city"
    events, _ = run(text, None, entities=entities)
    assert {e["date"] for e in events} == {None}


def test_a_date_of_another_clause_does_not_date_an_undated_one():
    text = "قتل ثلاثة أشخاص في انفجار يوم 3 مايو، واعتقلت الشرطة مشتبها به."
    events, _ = run(text, "2023-05-04", dates={"يوم 3 مايو": "2023-05-03"})
    assert only(events, type="casualties")["date"] == "2023-05-03"
    assert only(events, type="arrest")["date"] is None


def test_a_date_in_a_relative_clause_after_the_trigger_does_not_date_it():
    text = 'قال السيناتور الذي خسر الانتخابات في عام 2004 "إن الدبلوماسية هي الحل".'
    events, _ = run(text, "2015-07-21", dates={"عام 2004": "2004"})
    assert only(events, type="statement")["date"] is None  # the sentence's date is the defeat's


def test_an_earlier_phrase_in_the_clause_keeps_the_publication_date_off():
    text = ("قصفت الطائرات الحربية حي الشجاعية في وقت سابق.\n"
            "قصفت الطائرات الحربية حي الزيتون، وكان الحي مكتظا.")
    events, _ = run(text, "2024-02-01")
    assert [(e["date"], e["date_source"]) for e in events if e["trigger"] == "قصفت"] == [
        (None, None),                   # "في وقت سابق" in its clause: an earlier day
        ("2024-02-01", "published"),    # a lone "كان" counts only before the trigger, in its clause
    ]


def test_until_now_is_the_publication_date():
    text = "وأسفرت الحرب، حتى الآن، عن سقوط 120 قتيلا."
    events, _ = run(text, "2024-03-05", figures=[("120 قتيلا", "killed")])
    casualties = only(events, type="casualties")
    assert (casualties["date"], casualties["date_source"]) == ("2024-03-05", "published")
    assert casualties["figures"] == ["F0"]


def test_dates_inside_a_quotation_date_only_what_is_quoted():
    text = 'وقالت وزارة الصحة في بيان: "زار الوزير مستشفى الشفاء في 5 مايو الماضي برفقة وفد أممي".'
    events, quotes = run(text, "2023-06-01", entities={"وزارة الصحة": ("ORG", "moh")},
                         dates={"5 مايو الماضي": "2023-05-05"})
    statement = only(events, type="statement")
    assert (statement["date"], statement["date_source"], statement["actors"]) == ("2023-06-01", "published", ["moh"])
    assert only(events, type="meeting")["date"] == "2023-05-05"
    assert [q["text"] for q in quotes] == ["زار الوزير مستشفى الشفاء في 5 مايو الماضي برفقة وفد أممي"]


# -- what happened and what did not ----------------------------------------------------------------

def test_negated_and_hypothetical_triggers_make_no_event():
    text = ("وحذرت الحكومة من أنها لن توافق على أي هدنة دون ضمانات، ولن تدخل في مفاوضات بشأن تبادل محتمل.\n"
            "وأبدت الحركة استعدادها لإبرام صفقة.")
    events, _ = run(text, "2024-01-02")
    assert [e["type"] for e in events] == ["statement"]


def test_types_come_from_the_trigger_lexicon():
    cases = {
        "أفرجت السلطات عن 30 معتقلا.": "release",
        "تظاهر آلاف في لندن دعما لغزة.": "protest",
        "دخلت مئة شاحنة مساعدات إلى القطاع.": "aid",
        "اعتقلت قوات الاحتلال 15 فلسطينيا في الضفة الغربية.": "arrest",
        "شنت الطائرات غارات على رفح.": "attack",
        "أصيب جنديان بجروح.": "casualties",
        "التقى الوزير نظيره الأردني.": "meeting",
        "أعلن الطرفان وقف إطلاق النار.": "statement",
    }
    for text, kind in cases.items():
        events, _ = run(text, "2024-01-01")
        assert kind in [e["type"] for e in events], (text, events)
    events, _ = run("أعلن الطرفان وقف إطلاق النار.", "2024-01-01")
    assert [e["type"] for e in events] == ["statement", "agreement"]  # not the attack "إطلاق النار"


def test_editorial_phrases_are_not_statements():
    text = "ويذكر أن المفاوضات متعثرة منذ أسابيع. وتجدر الإشارة إلى أن الوسطاء يواصلون جهودهم."
    events, quotes = run(text, "2024-01-01")
    assert [e["type"] for e in events] == ["meeting"]  # المفاوضات
    assert quotes == []


# -- who, where, how many ------------------------------------------------------------------------

def test_subject_after_the_verb_place_after_a_preposition_and_counterpart():
    text = ("وصل رئيس الوزراء البريطاني ريشي سوناك، اليوم، إلى تل أبيب، والتقى مع رئيس الوزراء الإسرائيلي "
            "بنيامين نتنياهو.")
    events, _ = run(text, "2023-10-19", dates={"اليوم": "2023-10-19"}, entities={
        "ريشي سوناك": ("PER", "sunak"), "تل أبيب": ("LOC", "tel_aviv"), "بنيامين نتنياهو": ("PER", "netanyahu")})
    meeting = only(events, type="meeting")  # arrival and meeting are one visit
    assert meeting["actors"] == ["sunak"]
    assert (meeting["location"], meeting["targets"]) == ("tel_aviv", ["netanyahu"])
    assert (meeting["date"], meeting["date_source"]) == ("2023-10-19", "sentence")


def test_a_subject_after_a_complementiser_still_acts():
    text = "وقال المتحدث إن إسرائيل قصفت مواقع في جنوب لبنان."
    events, _ = run(text, "2024-01-01",
                    entities={"إسرائيل": ("LOC", "israel"), "جنوب لبنان": ("LOC", "south_lebanon")})
    attack = only(events, type="attack")
    assert (attack["actors"], attack["location"]) == (["israel"], "south_lebanon")


def test_person_preferred_over_the_organisation_in_a_title():
    text = 'قال رئيس المكتب السياسي لحركة "حماس"، إسماعيل هنية، إن الحركة منفتحة على المبادرات.'
    events, _ = run(text, "2023-11-01", entities={"حماس": ("ORG", "hamas"), "إسماعيل هنية": ("PER", "haniyeh")})
    assert only(events, type="statement")["actors"] == ["haniyeh"]


def test_topic_before_the_verb_and_pro_drop_inherits_the_actor():
    text = "والجيش الإسرائيلي يعلن بدء عملية برية في خان يونس، حيث اقتحمت قواته أحياء المدينة."
    events, _ = run(text, "2023-12-03", entities={
        "الجيش الإسرائيلي": ("ORG", "idf"), "خان يونس": ("LOC", "khan_younis")})
    assert only(events, type="statement")["actors"] == ["idf"]
    attack = only(events, type="attack")  # عملية برية + اقتحمت
    assert (attack["actors"], attack["location"]) == (["idf"], "khan_younis")


def test_figures_link_to_the_event_of_their_clause_by_category():
    text = ("استشهد 5 فلسطينيين وأصيب 12 آخرون في غارة إسرائيلية على مخيم جباليا، "
            "فيما أطلقت الفصائل 20 صاروخا، واستمرت المفاوضات 7 ساعات.")
    figures = [("5 فلسطينيين", "killed"), ("12 آخرون", "injured"), ("20 صاروخا", "munitions"),
               ("7 ساعات", "duration")]
    events, _ = run(text, "2024-01-01", entities={"مخيم جباليا": ("LOC", "jabalia")}, figures=figures)
    casualties = only(events, type="casualties")
    assert (casualties["figures"], casualties["location"]) == (["F0", "F1"], "jabalia")
    assert only(events, type="attack", trigger="أطلقت الفصائل 20 صاروخا")["figures"] == ["F2"]
    assert only(events, type="attack", trigger="غارة")["figures"] == []
    assert only(events, type="meeting")["figures"] == []


def test_rows_point_into_the_verbatim_text():
    text = "وَقَصَفَتْ الطائرات مخيم النصيرات، وأُصيب ٣ أطفال.\nوقالت الأمم المتحدة إن الوضع كارثي."
    events, quotes = run(text, "2024-01-01")
    assert [e["type"] for e in events] == ["attack", "casualties", "statement"]
    for row in events + quotes:
        assert 0 <= row["start"] < row["end"] <= len(text)
    for event in events:
        assert event["trigger"] in text[event["start"]:event["end"]]
    assert events[0]["trigger"] == "وَقَصَفَتْ"
    for quote in quotes:
        assert quote["text"] == text[quote["start"]:quote["end"]]


def test_marks_and_a_lone_tatweel_change_no_event():
    plain = "وقالت وزارة الصحة أيضا إن القصف الإسرائيلي استهدف مخيم النصيرات في غزة.\nوأصيب 3 أطفال."
    marked = "وقالتْ وزارةُ الصحة أيضاً ـ إنّ القصفَ الإسرائيليّ استهدفَ مخيمَ النصيرات في غـزة.\nوأُصيب 3 أطفال."
    entities = {"plain": {"وزارة الصحة": ("ORG", "moh"), "غزة": ("LOC", "gaza")},
                "marked": {"وزارةُ الصحة": ("ORG", "moh"), "غـزة": ("LOC", "gaza")}}
    summary = {}
    for name, text in (("plain", plain), ("marked", marked)):
        events, quotes = run(text, "2024-01-01", entities=entities[name])
        for event in events:
            assert event["trigger"] in text[event["start"]:event["end"]]
        summary[name] = ([(e["type"], e["actors"], e["location"], e["date"]) for e in events],
                         [(q["speaker"], fold(q["text"])) for q in quotes])
    assert summary["marked"] == summary["plain"]
    events, quotes = summary["plain"]
    assert [e[0] for e in events] == ["statement", "attack", "casualties"] and events[0][1] == ["moh"]
    assert quotes == [("moh", "القصف الاسراييلي استهدف مخيم النصيرات في غزه")]  # what follows إن


def test_each_sentence_is_read_as_if_alone_even_where_its_edge_cuts_a_word():
    text = "مثلاوقالت الوزارة إن القصف استهدف مخيم النصيرات."
    cut = text.index("قالت")
    sentences = [{"sentence_id": 0, "start": 0, "end": cut, "text": text[:cut]},
                 {"sentence_id": 1, "start": cut, "end": len(text), "text": text[cut:]}]
    events, quotes = extract_events(text, sentences, [], [], [], dt.date(2024, 1, 1))
    alone, alone_quotes = run(text[cut:], "2024-01-01")
    assert [e["type"] for e in events] == [e["type"] for e in alone] == ["statement", "attack"]
    assert [(e["start"] - cut, e["end"] - cut, e["trigger"]) for e in events] == \
        [(e["start"], e["end"], e["trigger"]) for e in alone]
    assert [q["text"] for q in quotes] == [q["text"] for q in alone_quotes]
    whole, _ = run(text, "2024-01-01")  # read whole, "مثلاوقالت" is no word of "قال"
    assert "statement" not in [e["type"] for e in whole]


# -- the seed's timeline, through the real extractors ----------------------------------------------

def _events_by_date(frames):
    names: dict[str, set[str]] = {}
    for row in frames["mentions"].itertuples():
        names.setdefault(row.entity_id, set()).add(row.text)
    values = dict(zip(frames["figures"]["figure_id"], frames["figures"]["value"]))
    return [
        {"date": e.date, "type": e.type, "trigger": e.trigger,
         "actors": set().union(*[names.get(a, set()) for a in e.actors]) if len(e.actors) else set(),
         "location": names.get(e.location, set()), "figures": sorted(values[f] for f in e.figures)}
        for e in frames["events"].itertuples()
    ]


def test_seed_timeline(seed_first_article):
    import data_prep

    frames = data_prep.analyze_text(seed_first_article, published="2023-12-20")
    events = _events_by_date(frames)

    def has(date, kind, **check):
        found = [e for e in events if e["date"] == date and e["type"] == kind
                 and all(fn(e) for fn in check.values())]
        assert found, (date, kind, [(e["date"], e["type"], e["trigger"]) for e in events])

    has("2023-10-07", "attack", by_hamas=lambda e: any("حماس" in n for n in e["actors"]))
    has("2023-10-07", "casualties", figures=lambda e: e["figures"] == [250.0, 1200.0])
    has("2023-10-27", "attack", by_army=lambda e: "الجيش الإسرائيلي" in e["actors"])
    has("2023-11", "agreement")
    has("2023-12-01", "attack")
    has("2023-12-19", "statement", by_herzog=lambda e: any("هيرتسوغ" in n for n in e["actors"]))
    has("2023-12-20", "meeting", haniyeh=lambda e: any("هنية" in n for n in e["actors"]),
        in_cairo=lambda e: "القاهرة" in e["location"])
    has("2023-12-20", "casualties", figures=lambda e: e["figures"] == [19000.0, 52000.0])


def test_ambiguous_triggers_count_only_with_what_they_need():
    text = ("ووزعت الجمعية حصصا غذائية على الأسر النازحة.\n"  # families, not captives
            "ويصل سعر الشقة إلى مليون ريال.\n"              # a price reaching, not a visit
            "وسجلت الجامعة 300 طالبا وطالبة.\n"             # students, not a demand
            "وأسفرت العملية عن أسر 12 جنديا.\n"
            "وطالب الوزير أيمن الصفدي بوقف الحرب.\n"
            "وتشير البيانات إلى تراجع الأسعار.\n"           # data, not a statement
            "وافتتح الأمير فيصل بن سلمان المعرض.")          # a name, not "ف+يصل"
    events, _ = run(text, "2024-01-01", figures=[("12 جنديا", "captive")],
                    entities={"أيمن الصفدي": ("PER", "safadi"), "فيصل بن سلمان": ("PER", "faisal")})
    assert [(e["type"], e["figures"], e["actors"]) for e in events] == [
        ("casualties", ["F0"], []), ("statement", [], ["safadi"])]


# -- any text -----------------------------------------------------------------------------------------

_WORDS = ("قال", "وأكدت", "حماس", "غارة", "على", "غزة", "في", "أمس", "إن", "هدنة", "«", "»", '"', "،", ".",
          "\n", ":", "لن", "قتل", "5", "وصل", "إلى", "القاهرة", "حينما", "أعلنت", "بيان", "صادر", "عن", "ـ", "ً")


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(_WORDS), max_size=40), st.booleans())
def test_rows_are_well_formed_on_any_text(words, with_entities):
    text = " ".join(words)
    entities = {"حماس": ("ORG", "hamas"), "غزة": ("LOC", "gaza"), "القاهرة": ("LOC", "cairo")} if with_entities else {}
    events, quotes = run(text, "2024-01-01", entities=entities)
    for event in events:
        assert 0 <= event["start"] < event["end"] <= len(text)
        assert event["trigger"] in text[event["start"]:event["end"]]
        assert event["date"] in (None, "2024-01-01") and (event["date"] is None) == (event["date_source"] is None)
        assert set(event["actors"]) | set(event["targets"]) | {event["location"]} <= {"hamas", "gaza", "cairo", None}
    for quote in quotes:
        assert quote["text"] == text[quote["start"]:quote["end"]] and quote["text"].strip()

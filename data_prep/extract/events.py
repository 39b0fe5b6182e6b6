"""Events and reported statements: who did what, to whom, where and when, and who said what.

Each sentence is read once (events_sentence): its triggers (events_lexicon) are dated by the date
expression that governs them, given actors, a place and targets (events_roles), and consecutive
triggers of one type that tell one event ("هدنة ... تخللها تبادل للأسرى", "أطلقت ... واقتحمت")
become one event row. Statements also give quotes rows (quotes). The rules are documented in
docs/events.md.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from data_prep.extract.events_lexicon import figure_categories
from data_prep.extract.events_roles import explicit_actors, location_and_targets
from data_prep.extract.events_sentence import (
    Article,
    Found,
    RowsByStart,
    Sentence,
    read_sentence,
)
from data_prep.extract.quotes import said_span, speakers

_PRONOUNS = ("ه", "ها", "هم", "هما", "هن")
_DIACRITICS = re.compile("[\u064b-\u065f\u0670]")


@dataclass(slots=True)
class _Trigger:
    """A trigger with what its own words say: its date and the actors it names."""

    found: Found
    context: int
    date: str | None
    date_source: str | None
    own_date: bool  # dated by an expression in the sentence (not inherited or published)
    actors: list[str]
    subject_words: list[str]
    subject_end: int  # the said text of a statement starts after its subject


@dataclass
class _Speech:
    """What the article has reported so far: the last speakers, and the spans already said."""

    last_speakers: list[str] = field(default_factory=list)
    said: list[tuple[int, int]] = field(default_factory=list)

    def is_said(self, pos: int) -> bool:
        return any(s <= pos < e for s, e in self.said)

    def report(self, sentence: Sentence, group: list[_Trigger], event: dict, mentions: list[dict],
               next_sentence: tuple[int, int] | None) -> list[dict]:
        """Set the statement event's speakers; its quotes rows, one per speaker. `mentions`: the
        article's mentions before the statement (a definite noun names one of them again)."""
        first = group[0]
        event["actors"] = speakers(sentence, first.found, event["actors"], first.subject_words,
                                   self.last_speakers, mentions)
        self.last_speakers = event["actors"] or self.last_speakers
        span = said_span(sentence, first.found.start, group[-1].found.end, first.subject_end, next_sentence)
        if span is None:
            return []
        self.said.append(span)
        return [
            {"start": span[0], "end": span[1], "text": sentence.text[span[0]:span[1]],
             "speaker": speaker, "date": event["date"]}
            for speaker in (event["actors"] or [None])
        ]


def extract_events(text, sentences, mentions, dates, figures, published):
    """(event rows, quote rows) of one article; `figures` rows carry their `figure_id`."""
    events: list[dict] = []
    quotes: list[dict] = []
    speech = _Speech()
    article = Article(text)
    mentions, dates, figures = RowsByStart(mentions), RowsByStart(dates), RowsByStart(figures)
    for index, fold_start, fold_end, found in article.triggers_by_sentence(sentences):
        start, end = sentences[index]["start"], sentences[index]["end"]
        sentence = read_sentence(article, start, end, (fold_start, fold_end, found), dates, mentions, published)
        if sentence is None:
            continue
        sentence_figures = figures.between(start, end)
        triggers = [
            t for f in sentence.triggers
            if (t := _read_trigger(sentence, f, published, speech, sentence_figures)) is not None
        ]
        groups = _merge(sentence, triggers)
        following = sentences[index + 1] if index + 1 < len(sentences) else None
        sentence_events: list[tuple[dict, list[_Trigger]]] = []
        for group, region_end in zip(groups, _region_ends(groups, sentence.end)):
            event = _event(sentence, group, region_end, sentence_events)
            if event["type"] == "statement":
                quotes += speech.report(sentence, group, event, mentions.between(0, group[0].found.start),
                                        (following["start"], following["end"]) if following else None)
            sentence_events.append((event, group))
        _link_figures(sentence, sentence_events, sentence_figures)
        events += [event for event, _ in sentence_events]
    return events, quotes


def _read_trigger(sentence: Sentence, found: Found, published: dt.date | None, speech: _Speech,
                  figures: list[dict]) -> _Trigger | None:
    """The trigger with its date and named actors, or None when it reports no event of its own."""
    trigger = found.trigger
    context = found.context
    if trigger.type == "-" or sentence.is_modal(found):
        return None
    if trigger.type == "statement" and (context != -1 or speech.is_said(found.start)):
        return None  # speech inside reported speech is part of what was said
    if trigger.needs == "figure" and not sentence.counted_after(found, figures):
        return None  # "أسر نحو 250" are captives, "الأسر النازحة" displaced families
    actors, words, subject_end = explicit_actors(sentence, found)
    if trigger.needs == "agent" and not actors:
        return None  # "يصل ثمنها إلى مليون" is no visit
    anchor = sentence.governing_anchor(found)  # dated last: the tests above are cheaper and may say no
    if anchor is not None:
        date, source = anchor.value, anchor.source if anchor.value else None
    elif published is not None and _reports_today(sentence, found, published):
        date, source = published.isoformat(), "published"
    else:
        date, source = None, None
    return _Trigger(found, context, date, source, anchor is not None, actors, words, subject_end)


def _reports_today(sentence: Sentence, found: Found, published: dt.date | None) -> bool:
    """Undated news of the day: a past or present verb (or a noun after a light verb such as
    أسفر/شن) in a sentence with no date of its own, not told as earlier (كان ... قد)."""
    if published is None or sentence.dates_of(found) or sentence.reports_earlier(found):
        return False
    return found.trigger.is_verb or sentence.has_support_verb(found)


def _merge(sentence: Sentence, triggers: list[_Trigger]) -> list[list[_Trigger]]:
    """Consecutive triggers of one type that tell one event: same type and quotation, no
    contrasting clause ("فيما") between them, and the later one names no other date or actors
    than the first ("موافقة الطرفين على هدنة مؤقتة في نوفمبر": the date comes with the second)."""
    groups: list[list[_Trigger]] = []
    for trigger in triggers:
        if groups:
            head = groups[-1][0]
            if (trigger.found.trigger.type == head.found.trigger.type and trigger.context == head.context
                    and not sentence.contrast_between(groups[-1][-1].found.end, trigger.found.start)
                    and (not trigger.own_date or head.date is None or trigger.date == head.date)
                    and (not trigger.actors or trigger.actors == head.actors or not head.actors)):
                groups[-1].append(trigger)
                continue
        groups.append([trigger])
    return groups


def _region_ends(groups: list[list[_Trigger]], end: int) -> list[int]:
    """Where the words of each group end: at the next group in the same context, else at `end`."""
    ends: list[int] = []
    next_start: dict[int, int] = {}  # by context, the start of the nearest later group
    for group in reversed(groups):
        ends.append(next_start.get(group[0].context, end))
        next_start[group[0].context] = group[0].found.start
    return ends[::-1]


def _event(sentence: Sentence, group: list[_Trigger], region_end: int,
           earlier: list[tuple[dict, list[_Trigger]]]) -> dict:
    """The event row of a group of triggers. Actors a verb leaves out (pro-drop: "حيث أطلقت") or
    a pronoun stands for ("خلال لقائه") are those of the sentence's previous event in the same
    context, but not a speaker's when the trigger is part of what was said ("تؤكد القوى أن ...
    للاقتحامات")."""
    first = group[0]
    event_type = first.found.trigger.type
    if len(group) == 1:
        dated, actors = first, first.actors
    else:
        dated = next((t for t in group if t.date), first)
        actors = next((t.actors for t in group if t.actors), [])
    if not actors and event_type != "statement" and (first.found.trigger.is_verb or _has_pronoun(sentence, first)):
        actors = next((
            e["actors"] for e, g in earlier[::-1]  # not reversed(): mypyc 2.4.1 fails to compile that here
            if g[0].context == first.context and e["actors"]
            and not (e["type"] == "statement" and sentence.report_start(g[-1].found.end, first.found.start))
        ), [])
    clauses = [sentence.clauses[t.found.clause] for t in group]
    clauses_end = max(e for _, e in clauses)
    region_end = max(region_end, clauses_end)
    if event_type == "statement":  # where it was said, not a place it speaks of
        region_end = sentence.report_start(group[-1].found.end, region_end) or group[-1].subject_end
    location, targets = location_and_targets(sentence, first.found.start, region_end, event_type, actors)
    return {
        "start": min(clauses)[0], "end": clauses_end,
        "type": event_type, "trigger": sentence.text[first.found.start:first.found.end],
        "date": dated.date, "date_source": dated.date_source,
        "actors": list(actors), "targets": targets, "location": location, "figures": [],
    }


def _has_pronoun(sentence: Sentence, trigger: _Trigger) -> bool:
    """Whether a word of the trigger ends in a possessive pronoun (ه، ها، هم، هما، هن; not ة)."""
    bare = _DIACRITICS.sub("", sentence.text[trigger.found.start:trigger.found.end])
    return any(word.endswith(_PRONOUNS) for word in bare.split())


def _link_figures(sentence: Sentence, sentence_events: list[tuple[dict, list[_Trigger]]],
                  figures: list[dict]) -> None:
    """A figure of the sentence belongs to the first event of its clause whose type takes its category
    (event_figures.tsv): the killed and captives to the casualties, rockets to the attack."""
    for figure in figures:
        clause = sentence.clause(figure["start"])
        here = [e for e, g in sentence_events if any(t.found.clause == clause for t in g)]
        for event_type, categories in figure_categories():
            if figure.get("category") not in categories:
                continue
            owner = next((e for e in here if e["type"] == event_type), None)
            if owner is not None:
                owner["figures"].append(figure.get("figure_id"))
                break
